import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import * as message from './actions/message';
import * as outboundSchedule from './actions/outboundSchedule';
import * as outboundSend from './actions/outboundSend';
import * as savedView from './actions/savedView';
import * as session from './actions/session';
import { authenticationProperties, credentials } from './descriptions/authentication';
import { searchSendingSessions, searchSessions } from './methods/listSearch';
import { getGroups } from './methods/loadOptions';

export class WatchCollect implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WatchCollect',
		name: 'watchCollect',
		icon: { light: 'file:watchCollect.svg', dark: 'file:watchCollect.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Read the WhatsApp group messages WatchCollect collects (feed, saved views), post to groups through a sending session (now or scheduled, never twice), and create, pair, start and sync sessions',
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
		],
	};

	methods = {
		listSearch: { searchSessions, searchSendingSessions },
		loadOptions: { getGroups },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
