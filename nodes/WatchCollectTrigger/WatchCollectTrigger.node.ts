import type {
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { messageFilterOptions } from '../WatchCollect/actions/message/fields';
import { authenticationProperties, credentials } from '../WatchCollect/descriptions/authentication';
import { marketLoadOptions } from '../WatchCollect/methods/marketOptions';
import { marketEventProperties } from './marketEvents';
import { poll } from './poll';

const SESSION_STATUSES = ['STOPPED', 'STARTING', 'SCAN_QR_CODE', 'WORKING', 'FAILED'];

export class WatchCollectTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WatchCollect Trigger',
		name: 'watchCollectTrigger',
		icon: { light: 'file:watchCollect.svg', dark: 'file:watchCollect.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description:
			'Starts the workflow when WatchCollect collects a new message, finds a new market listing or a new cheap listing, a saved view matches a new item, an outbound send finishes or a session changes status (polling)',
		defaults: { name: 'WatchCollect Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials,
		properties: [
			...authenticationProperties,
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New Cheap Listing',
						value: 'newCheapListing',
						description:
							'A new listing in the live cheap-listing feed (priced under comparable listings), optionally filtered',
					},
					{
						name: 'New Market Listing',
						value: 'newMarketListing',
						description:
							'A new market listing (a watch offered or wanted, extracted from a group message), optionally filtered',
					},
					{
						name: 'New Message',
						value: 'newMessage',
						description: 'A message WatchCollect collected from your groups, optionally filtered',
					},
					{
						name: 'New Saved View Item',
						value: 'newViewItem',
						description: "A new item matches a saved view (defined in WatchCollect's web app)",
					},
					{
						name: 'Send Finished',
						value: 'sendFinished',
						description: 'An outbound send reached sent, failed or partial_failed',
					},
					{
						name: 'Session Status Changed',
						value: 'sessionStatusChanged',
						description: "A session's status changed, e.g. pairing done (WORKING) or FAILED",
					},
				],
				default: 'newMessage',
			},
			{
				displayName:
					'The first check only notes what is there already; from then on, each check emits what is new. A test run ("Fetch Test Event") returns the latest item.',
				name: 'baselineNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: { show: { event: ['newMessage'] } },
				options: messageFilterOptions,
			},
			...marketEventProperties,
			{
				displayName: 'Saved View ID',
				name: 'viewId',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
				description:
					"The saved view to watch (its filters are defined in WatchCollect's web app): the UUID of the view",
				displayOptions: { show: { event: ['newViewItem'] } },
			},
			{
				displayName: 'Statuses',
				name: 'sendStatuses',
				type: 'multiOptions',
				options: [
					{ name: 'Sent', value: 'sent' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'Partially Failed', value: 'partial_failed' },
				],
				default: ['sent', 'failed', 'partial_failed'],
				description: 'Which end states of a send start the workflow',
				displayOptions: { show: { event: ['sendFinished'] } },
			},
			{
				displayName: 'Session ID',
				name: 'sendSessionId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
				description: 'Only sends through this sending session (leave empty for all)',
				displayOptions: { show: { event: ['sendFinished'] } },
			},
			{
				displayName: 'Role',
				name: 'sessionRole',
				type: 'options',
				options: [
					{ name: 'All Roles', value: 'all' },
					{ name: 'Receiving', value: 'receiving' },
					{ name: 'Sending', value: 'sending' },
				],
				default: 'all',
				description: 'Which sessions to watch',
				displayOptions: { show: { event: ['sessionStatusChanged'] } },
			},
			{
				displayName: 'New Statuses',
				name: 'sessionStatuses',
				type: 'multiOptions',
				options: SESSION_STATUSES.map((s) => ({ name: s, value: s })),
				default: [],
				description:
					'Only changes to one of these statuses (leave empty for every change, including a session that appears)',
				displayOptions: { show: { event: ['sessionStatusChanged'] } },
			},
		],
	};

	methods = {
		loadOptions: { ...marketLoadOptions },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll.call(this);
	}
}
