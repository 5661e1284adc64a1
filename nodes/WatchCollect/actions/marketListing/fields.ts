/** What the Market Listing operations share: display, options, and the listing search itself. */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { readMarketSearchBody } from '../../descriptions/marketFilters';
import { readReturnAllLimit } from '../../descriptions/returnAll';
import { showForResource } from '../../descriptions/showFor';
import { readableListing } from '../../helpers/marketReadable';
import { readOptions } from '../../helpers/parameters';
import { marketListingSchema } from '../../schemas/market';
import { getAllOrLimit } from '../../transport/pagination';

export const showFor = showForResource('marketListing');

/** Options › Display Currency of the market searches. */
export const displayCurrencyOption: INodeProperties = {
	displayName: 'Display Currency',
	name: 'displayCurrency',
	type: 'string',
	default: '',
	placeholder: 'e.g. USD',
	description:
		"Currency (3 letters) in which WatchCollect also gives the prices (the display_* fields). Empty: WatchCollect's default. Fields ending in _eur_minor stay in euro.",
};

/** Options › Sort of Market Listing › Search: only the field and direction WatchCollect documents. */
export const sortOption: INodeProperties = {
	displayName: 'Sort',
	name: 'sort',
	type: 'fixedCollection',
	placeholder: 'Add Sort',
	default: {},
	description:
		"Order of the listings. Without it WatchCollect's own order applies (newest listing activity first).",
	options: [
		{
			displayName: 'Sort',
			name: 'sortBy',
			values: [
				{
					displayName: 'Field',
					name: 'field',
					type: 'options',
					options: [
						{
							name: 'Message Time',
							value: 'message_timestamp_ms',
							description: 'When the dealer posted the message the listing comes from',
						},
					],
					default: 'message_timestamp_ms',
					description: 'The field to sort by (the only one WatchCollect documents)',
				},
				{
					displayName: 'Direction',
					name: 'direction',
					type: 'options',
					options: [{ name: 'Descending (Newest First)', value: 'desc' }],
					default: 'desc',
					description: 'The order (the only one WatchCollect documents)',
				},
			],
		},
	],
};

/** The sort an item's Options give, as the builder takes it. */
export function readSort(options: IDataObject): { field?: unknown; direction?: unknown } | null {
	const sort = options.sort as IDataObject | undefined;
	const by = sort?.sortBy as IDataObject | undefined;
	return by ? { field: by.field, direction: by.direction } : null;
}

/** POST {path} (a listing search) over its cursor pages; one readable item per listing. */
export async function searchListings(
	this: IExecuteFunctions,
	i: number,
	path: string,
	sortable: boolean,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const body = readMarketSearchBody.call(this, i, {
		displayCurrency: options.displayCurrency,
		sort: sortable ? readSort(options) : null,
	});
	const { returnAll, limit } = readReturnAllLimit.call(this, i);
	const listings = await getAllOrLimit.call(
		this,
		{
			method: 'POST',
			path,
			params: body,
			itemSchema: marketListingSchema,
			itemIndex: i,
			timeout: options.timeout as number | undefined,
			// a search only reads: safe to repeat when its answer is lost
			retryLostAnswer: true,
		},
		returnAll,
		limit,
	);
	return listings.map((json) => ({
		json: readableListing(json as IDataObject),
		pairedItem: { item: i },
	}));
}
