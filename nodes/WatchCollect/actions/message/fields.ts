/** Fields the Message operations (and the trigger's New Message event) share. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { showForResource } from '../../descriptions/showFor';
import { CLASSIFICATION_STATUSES, INTENTS, MIN_QUERY_LENGTH } from '../../schemas/message';

export const showFor = showForResource('message');

const title = (value: string) =>
	value
		.split('_')
		.map((w) => w[0].toUpperCase() + w.slice(1))
		.join(' ');

/** The feed's filters, as a Filters collection (names are the parameter names of the node). */
export const messageFilterOptions: INodeProperties[] = [
	{
		displayName: 'Classification Status',
		name: 'classificationStatus',
		type: 'multiOptions',
		options: CLASSIFICATION_STATUSES.map((value) => ({ name: title(value), value })),
		default: [],
		description: 'Only messages whose classification is in one of these states',
	},
	{
		displayName: 'Group ID',
		name: 'groupId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
		description:
			"Only messages seen in this group: an internal group ID (UUID) as in a message's group_ids",
	},
	{
		displayName: 'Intent',
		name: 'intent',
		type: 'multiOptions',
		options: INTENTS.map((value) => ({ name: title(value), value })),
		default: [],
		description: 'Only messages classified with one of these intents (selling, buying, …)',
	},
	{
		displayName: 'Saved View ID',
		name: 'viewId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
		description:
			"Only messages that match this saved view's filters (defined in WatchCollect's web app), together with the other filters here",
	},
	{
		displayName: 'Search Mode',
		name: 'searchMode',
		type: 'options',
		options: [
			{ name: 'Broad', value: 'broad', description: "WatchCollect's default search" },
			{ name: 'Exact', value: 'exact' },
			{ name: 'Exact Light', value: 'exact_light' },
		],
		default: 'broad',
		description: 'How Search Text is matched (sent only with a search text)',
	},
	{
		displayName: 'Search Text',
		name: 'q',
		type: 'string',
		default: '',
		placeholder: 'e.g. submariner 126610',
		description: `Text to search for in the messages, at least ${MIN_QUERY_LENGTH} characters`,
	},
];

export function messageFiltersCollection(show: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show,
		options: messageFilterOptions,
	};
}
