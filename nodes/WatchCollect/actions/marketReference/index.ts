import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as search from './search.operation';

export const operations: ResourceOperations = {
	search: search.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['marketReference'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description:
					'What does a watch reference trade at: per reference (e.g. Rolex 126610LN) the number of offers and wanted posts and the min, average, median and max asking price, filtered like a listing search. One item per reference.',
				action: 'Search market prices per reference',
			},
		],
		default: 'search',
	},
	...search.description,
];
