/**
 * Option lists of the market Filters (descriptions/marketFilters.ts), for the WatchCollect node
 * and the trigger: the values WatchCollect has seen, with their number of listings.
 *  - Brand, Condition, Dial, Variant, Full Set, Groups: one bucket list each of
 *    POST /v2/market/facets (asked with an empty body: every value, not only those the other
 *    filters leave).
 *  - Reference: the facets answer has no reference dimension [REF: brands … groups, years], so
 *    the references come from POST /v2/market/references/search (one page of up to 200, of the
 *    brands chosen in Filters › Brand), with their `listing_count`.
 * Buckets without a value are left out; any value can still be given by an expression.
 */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	FACET_OF_FILTER,
	type ReferenceAggregate,
	facetsSchema,
	readBuckets,
	readCount,
	referenceAggregateSchema,
} from '../schemas/market';
import { watchCollectApiRequest } from '../transport';
import { forEachPage } from '../transport/pagination';

const count = (n: number | undefined, word = 'listing') =>
	n === undefined ? '' : ` (${n} ${word}${n === 1 ? '' : 's'})`;

async function facetOptions(
	ctx: ILoadOptionsFunctions,
	dimension: string,
): Promise<INodePropertyOptions[]> {
	const facets = await watchCollectApiRequest.call(ctx, {
		method: 'POST',
		path: '/v2/market/facets',
		body: {},
		responseSchema: facetsSchema,
		retryLostAnswer: true,
	});
	return readBuckets(facets, dimension).map(({ value, count: n, label }) => ({
		name: `${label ?? value}${count(n)}`,
		value,
	}));
}

export async function getMarketBrands(this: ILoadOptionsFunctions) {
	return await facetOptions(this, FACET_OF_FILTER.brand);
}
export async function getMarketConditions(this: ILoadOptionsFunctions) {
	return await facetOptions(this, FACET_OF_FILTER.condition);
}
export async function getMarketDialTypes(this: ILoadOptionsFunctions) {
	return await facetOptions(this, FACET_OF_FILTER.dialType);
}
export async function getMarketVariants(this: ILoadOptionsFunctions) {
	return await facetOptions(this, FACET_OF_FILTER.variant);
}
export async function getMarketFullSetStatus(this: ILoadOptionsFunctions) {
	return await facetOptions(this, FACET_OF_FILTER.fullSetStatus);
}
/**
 * Groups of Market Facet: whether a value is a group id or a name is [UNKNOWN]; the node assumes
 * ids (only UUIDs can filter `group_ids`) and shows a bucket's `label` as the name when there is one.
 */
export async function getMarketGroups(this: ILoadOptionsFunctions) {
	const options = await facetOptions(this, FACET_OF_FILTER.groupIds);
	return options.map((o) => ({ ...o, description: `Group ID ${o.value}` }));
}

/** References of the chosen brands (or of all), most listed first, from Market Reference › Search. */
export async function getMarketReferences(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const filters = (this.getCurrentNodeParameter('filters') ?? {}) as IDataObject;
	const brands = Array.isArray(filters.brand)
		? filters.brand.filter((b): b is string => typeof b === 'string' && b !== '')
		: [];
	const seen = new Map<string, { name: string; listings: number }>();
	const walk = forEachPage<ReferenceAggregate>;
	await walk.call(
		this,
		{
			method: 'POST',
			path: '/v2/market/references/search',
			params: brands.length ? { filters: { brand: brands } } : {},
			itemSchema: referenceAggregateSchema,
			pageSize: 200,
			retryLostAnswer: true,
		},
		(page) => {
			for (const item of page.items as IDataObject[]) {
				const reference = typeof item.reference === 'string' ? item.reference.trim() : '';
				if (!reference) continue;
				const listings = readCount(item.listing_count) ?? 0;
				const label = [item.brand, reference, item.model ? `(${String(item.model)})` : '']
					.filter((s) => typeof s === 'string' && s !== '')
					.join(' ');
				const before = seen.get(reference);
				seen.set(reference, {
					name: before?.name ?? label,
					listings: (before?.listings ?? 0) + listings,
				});
			}
			return true;
		},
		1,
	);
	return [...seen.entries()]
		.sort((a, b) => b[1].listings - a[1].listings || a[0].localeCompare(b[0]))
		.map(([value, { name, listings }]) => ({ name: `${name}${count(listings)}`, value }));
}

export const marketLoadOptions = {
	getMarketBrands,
	getMarketConditions,
	getMarketDialTypes,
	getMarketVariants,
	getMarketFullSetStatus,
	getMarketGroups,
	getMarketReferences,
};
