import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as get from './get.operation';

export const operations: ResourceOperations = {
	get: get.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['marketFacet'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Which values exist in the market and how often: brands, conditions, dial types, variants, full-set states, sender country codes, groups and years, each with its number of listings, plus the price range. One item.',
				action: 'Get market facets',
			},
		],
		default: 'get',
	},
	...get.description,
];
