import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as getMany from './getMany.operation';
import * as getOccurrences from './getOccurrences.operation';

export const operations: ResourceOperations = {
	getMany: getMany.execute,
	getOccurrences: getOccurrences.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'List the collected WhatsApp group messages, filtered by saved view, search text, intent, classification or group',
				action: 'Get many messages',
			},
			{
				name: 'Get Occurrences',
				value: 'getOccurrences',
				description: 'List where and when one message was seen (group, session, time)',
				action: 'Get the occurrences of a message',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...getOccurrences.description,
];
