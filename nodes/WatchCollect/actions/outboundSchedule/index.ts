import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations: ResourceOperations = {
	get: get.execute,
	getMany: getMany.execute,
	cancel: cancel.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['outboundSchedule'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel a scheduled send: no further runs',
				action: 'Cancel a schedule',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a scheduled send: status, next run, and each run with its send',
				action: 'Get a schedule',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List scheduled sends, optionally of one session or status',
				action: 'Get many schedules',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
	...cancel.description,
];
