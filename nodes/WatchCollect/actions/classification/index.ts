import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as addCorrection from './addCorrection.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations: ResourceOperations = {
	getMany: getMany.execute,
	get: get.execute,
	addCorrection: addCorrection.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['classification'] } },
		options: [
			{
				name: 'Add Correction',
				value: 'addCorrection',
				description:
					'Correct what the AI read from a message (the watches: brand, model, reference, year, price…). WatchCollect appends the correction; it is sent once, but Retry On Fail may append the same correction twice.',
				action: 'Add a correction to a classification',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					"Get one classification: the watches the AI read from a message, with model and token details (a listing's classification_id)",
				action: 'Get a classification',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List completed classifications (the AI extraction of each message)',
				action: 'Get many classifications',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...get.description,
	...addCorrection.description,
];
