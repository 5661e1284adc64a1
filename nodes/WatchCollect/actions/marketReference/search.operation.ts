import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { marketFiltersCollection, readMarketSearchBody } from '../../descriptions/marketFilters';
import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { readReturnAllLimit, returnAllLimitProperties } from '../../descriptions/returnAll';
import { readableAggregate } from '../../helpers/marketReadable';
import { readOptions } from '../../helpers/parameters';
import { referenceAggregateSchema } from '../../schemas/market';
import { getAllOrLimit } from '../../transport/pagination';
import { showFor } from '../../descriptions/showFor';
import { displayCurrencyOption } from '../marketListing/fields';

const show = showFor('marketReference', ['search']);

export const description: INodeProperties[] = [
	...returnAllLimitProperties(show),
	marketFiltersCollection(show),
	optionsCollection(show, [displayCurrencyOption, timeoutOption]),
];

/** POST /v2/market/references/search: one item per reference, with counts and prices. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const body = readMarketSearchBody.call(this, i, { displayCurrency: options.displayCurrency });
	const { returnAll, limit } = readReturnAllLimit.call(this, i);
	const aggregates = await getAllOrLimit.call(
		this,
		{
			method: 'POST',
			path: '/v2/market/references/search',
			params: body,
			itemSchema: referenceAggregateSchema,
			itemIndex: i,
			timeout: options.timeout as number | undefined,
			// a search only reads: safe to repeat when its answer is lost
			retryLostAnswer: true,
		},
		returnAll,
		limit,
	);
	return aggregates.map((json) => ({
		json: readableAggregate(json as IDataObject),
		pairedItem: { item: i },
	}));
}
