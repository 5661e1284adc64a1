import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as getItems from './getItems.operation';

export const operations: ResourceOperations = { getItems: getItems.execute };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['savedView'] } },
		options: [
			{
				name: 'Get Items',
				value: 'getItems',
				description:
					'List what a saved view matches now (messages, or listings/contacts for other views)',
				action: 'Get the items of a saved view',
			},
		],
		default: 'getItems',
	},
	...getItems.description,
];
