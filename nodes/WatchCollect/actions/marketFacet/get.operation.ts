import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { marketFiltersCollection, readMarketSearchBody } from '../../descriptions/marketFilters';
import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { readableFacets } from '../../helpers/marketReadable';
import { readOptions } from '../../helpers/parameters';
import { facetsSchema } from '../../schemas/market';
import { watchCollectApiRequest } from '../../transport';
import { showFor } from '../../descriptions/showFor';
import { displayCurrencyOption } from '../marketListing/fields';

const show = showFor('marketFacet', ['get']);

export const description: INodeProperties[] = [
	marketFiltersCollection(show),
	optionsCollection(show, [displayCurrencyOption, timeoutOption]),
];

/** POST /v2/market/facets: one item with every dimension's values and counts, and the price range. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const body = readMarketSearchBody.call(this, i, { displayCurrency: options.displayCurrency });
	const facets = await watchCollectApiRequest.call(this, {
		method: 'POST',
		path: '/v2/market/facets',
		body,
		responseSchema: facetsSchema,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
		// it only reads: safe to repeat when its answer is lost
		retryLostAnswer: true,
	});
	return [{ json: readableFacets(facets as IDataObject), pairedItem: { item: i } }];
}
