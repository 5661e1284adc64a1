/** Fields that several resources' operations put under Options. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RATE_LIMIT_WAIT_S } from '../helpers/rateLimit';
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

/**
 * Options › Batching, as in n8n's HTTP Request node (same names and defaults once added): up to
 * Items per Batch requests at once, and with a Batch Interval batch by batch with that pause in
 * between. Without it the node sends one item after the other. Read from the first item (see
 * actions/router.ts).
 */
export const batchingOption: INodeProperties = {
	displayName: 'Batching',
	name: 'batching',
	placeholder: 'Add Batching',
	type: 'fixedCollection',
	typeOptions: { multipleValues: false },
	default: { batch: {} },
	options: [
		{
			displayName: 'Batching',
			name: 'batch',
			values: [
				{
					displayName: 'Items per Batch',
					name: 'batchSize',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 50,
					description:
						'How many items are sent at once (concurrently). Without an interval each next item starts as soon as one is done. The output keeps the input order.',
				},
				{
					displayName: 'Batch Interval',
					name: 'batchInterval',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 1000,
					description:
						'Time in milliseconds between the start of one batch and the next. 0 for none.',
				},
			],
		},
	],
};

export const maxRateLimitWaitOption: INodeProperties = {
	displayName: 'Max Wait on Rate Limit',
	name: 'maxRateLimitWait',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: DEFAULT_MAX_RATE_LIMIT_WAIT_S,
	description:
		'When WatchCollect answers 429 (too many requests), the item waits the Retry-After it names and is sent again, up to this many seconds in total per item; then it fails with the 429 message. 0 to fail at once.',
};

/**
 * The Options collection of an operation: its own options, plus Batching and Max Wait on Rate
 * Limit, which every operation has (the router applies them).
 */
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
		options: [...options, batchingOption, maxRateLimitWaitOption],
	};
}
