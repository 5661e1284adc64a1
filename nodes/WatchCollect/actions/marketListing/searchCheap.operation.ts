import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { marketFiltersCollection } from '../../descriptions/marketFilters';
import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { returnAllLimitProperties } from '../../descriptions/returnAll';
import { displayCurrencyOption, searchListings, showFor } from './fields';

const show = showFor(['searchCheap']);

export const description: INodeProperties[] = [
	...returnAllLimitProperties(show),
	marketFiltersCollection(show),
	optionsCollection(show, [displayCurrencyOption, timeoutOption]),
];

/** POST /v2/market/live-feed/search: listings priced below the market, one item each. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await searchListings.call(this, i, '/v2/market/live-feed/search', false);
}
