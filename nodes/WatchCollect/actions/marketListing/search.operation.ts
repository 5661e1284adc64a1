import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { marketFiltersCollection } from '../../descriptions/marketFilters';
import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { returnAllLimitProperties } from '../../descriptions/returnAll';
import { displayCurrencyOption, searchListings, showFor, sortOption } from './fields';

const show = showFor(['search']);

export const description: INodeProperties[] = [
	...returnAllLimitProperties(show),
	marketFiltersCollection(show),
	optionsCollection(show, [displayCurrencyOption, sortOption, timeoutOption]),
];

/** POST /v2/market/listings/search: one item per listing (watch offered or wanted). */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await searchListings.call(this, i, '/v2/market/listings/search', true);
}
