import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as send from './send.operation';

export const operations: ResourceOperations = {
	send: send.execute,
	get: get.execute,
	getMany: getMany.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['outboundSend'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get a send: its status (queued, sending, sent, failed, partial_failed) and recipients',
				action: 'Get an outbound send',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List earlier sends, optionally of one session or status',
				action: 'Get many outbound sends',
			},
			{
				name: 'Send',
				value: 'send',
				description:
					'Post text and/or images to 1–100 WhatsApp groups through a sending session, now or on a schedule; never twice for the same idempotency key',
				action: 'Send to groups',
			},
		],
		default: 'send',
	},
	...send.description,
	...get.description,
	...getMany.description,
];
