/** Fields that several resources' operations put under Options. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../transport';

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1000 },
	default: DEFAULT_TIMEOUT_MS,
	description: 'How long to wait for WatchCollect to answer, in milliseconds',
};

export const qrImageOptions: INodeProperties[] = [
	{
		displayName: 'Put QR Code Image in Binary',
		name: 'qrImage',
		type: 'boolean',
		default: true,
		description:
			'Whether to add the QR code as a PNG image, ready to e-mail or post, when the response carries one',
	},
	{
		displayName: 'QR Code Binary Property',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'qr',
		description:
			'Name of the binary property that holds the QR code image (when it is put in binary)',
	},
];

/** The Options collection of an operation. */
export function optionsCollection(
	displayOptions: IDisplayOptions,
	options: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options,
	};
}
