import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as get from './get.operation';
import * as search from './search.operation';
import * as searchCheap from './searchCheap.operation';

export const operations: ResourceOperations = {
	search: search.execute,
	searchCheap: searchCheap.execute,
	get: get.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['marketListing'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get one market listing by its ID: the watch, its price, the sender and the message it came from',
				action: 'Get a market listing',
			},
			{
				name: 'Search',
				value: 'search',
				description:
					'Find individual watches offered or wanted in the dealer groups (brand, reference, year, price, condition, sender country…): one item per listing with its price and how it compares with the median of comparable listings',
				action: 'Search market listings',
			},
			{
				name: 'Search Cheap Listings',
				value: 'searchCheap',
				description:
					"Find listings priced below the market (WatchCollect's cheap-listing feed), with the same filters as Search: one item per listing, with how far below the median it is",
				action: 'Search cheap market listings',
			},
		],
		default: 'search',
	},
	...search.description,
	...searchCheap.description,
	...get.description,
];
