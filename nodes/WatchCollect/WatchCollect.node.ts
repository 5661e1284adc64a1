import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import * as classification from './actions/classification';
import * as marketFacet from './actions/marketFacet';
import * as marketListing from './actions/marketListing';
import * as marketReference from './actions/marketReference';
import * as message from './actions/message';
import * as outboundSchedule from './actions/outboundSchedule';
import * as outboundSend from './actions/outboundSend';
import * as savedView from './actions/savedView';
import * as session from './actions/session';
import { authenticationProperties, credentials } from './descriptions/authentication';
import { searchSendingSessions, searchSessions } from './methods/listSearch';
import { getGroups } from './methods/loadOptions';
import { marketLoadOptions } from './methods/marketOptions';

export class WatchCollect implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WatchCollect',
		name: 'watchCollect',
		icon: { light: 'file:watchCollect.svg', dark: 'file:watchCollect.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Read the WhatsApp group messages WatchCollect collects (feed, saved views) and the watch market extracted from them (listings, cheap listings, prices per reference, facets, classifications), post to groups through a sending session (now or scheduled, never twice), and create, pair, start and sync sessions',
		defaults: { name: 'WatchCollect' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials,
		properties: [
			...authenticationProperties,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Classification',
						value: 'classification',
						description: 'The AI extraction of the watches in a message, and corrections to it',
					},
					{
						name: 'Market Facet',
						value: 'marketFacet',
						description:
							'Which brands, conditions, groups, years… exist in the market, with counts',
					},
					{
						name: 'Market Listing',
						value: 'marketListing',
						description: 'Individual watches offered or wanted in the dealer groups, with prices',
					},
					{
						name: 'Market Reference',
						value: 'marketReference',
						description: 'Prices per watch reference: min, average, median, max, number of offers',
					},
					{ name: 'Message', value: 'message' },
					{ name: 'Outbound Schedule', value: 'outboundSchedule' },
					{ name: 'Outbound Send', value: 'outboundSend' },
					{ name: 'Saved View', value: 'savedView' },
					{ name: 'Session', value: 'session' },
				],
				default: 'session',
			},
			...session.description,
			...message.description,
			...savedView.description,
			...outboundSend.description,
			...outboundSchedule.description,
			...marketListing.description,
			...marketReference.description,
			...marketFacet.description,
			...classification.description,
		],
	};

	methods = {
		listSearch: { searchSessions, searchSendingSessions },
		loadOptions: { getGroups, ...marketLoadOptions },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
