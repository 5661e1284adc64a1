/**
 * Get / Get Many of sends and schedules: the ID field and the list filters. Their requests are
 * in helpers/outboundLists.ts (descriptions send none).
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

const title = (value: string) =>
	value
		.split('_')
		.map((w) => w[0].toUpperCase() + w.slice(1))
		.join(' ');

export function idField(
	name: string,
	displayName: string,
	what: string,
	show: IDisplayOptions,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
		description: `The ${what} ID (a UUID), e.g. from the output of Send or Get Many`,
		displayOptions: show,
	};
}

export function listFiltersCollection(
	show: IDisplayOptions,
	statuses: readonly string[],
	what: string,
): INodeProperties {
	const firstStatus = statuses[0];
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Session ID',
				name: 'filterSessionId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
				description: `Only ${what} of this sending session (a UUID)`,
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: statuses.map((value) => ({ name: title(value), value })),
				default: firstStatus,
				description: `Only ${what} in this status`,
			},
		],
	};
}
