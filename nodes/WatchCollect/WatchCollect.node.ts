import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import * as message from './actions/message';
import * as savedView from './actions/savedView';
import * as session from './actions/session';
import { authenticationProperties, credentials } from './descriptions/authentication';
import { searchSessions } from './methods/listSearch';

export class WatchCollect implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WatchCollect',
		name: 'watchCollect',
		icon: { light: 'file:watchCollect.svg', dark: 'file:watchCollect.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Create, link, start and pair WhatsApp (WAHA) sessions in WatchCollect by QR code or pairing code',
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
					{ name: 'Saved View', value: 'savedView' },
					{ name: 'Session', value: 'session' },
				],
				default: 'session',
			},
			...session.description,
			...message.description,
			...savedView.description,
		],
	};

	methods = { listSearch: { searchSessions } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
