/**
 * Market answers (shared contract "market-and-classifications": MarketListing, ReferenceAggregate,
 * facets, the market cursor page). The stored reference pages are cut off early, so most flags
 * are unknown: following the rules of "Meet the real API", a schema requires only what the node
 * itself uses, and every other field passes as WatchCollect sent it — absent, `null`, of another
 * type, or extra. Each `.passthrough()` keeps the fields the contract does not list.
 */
import { z } from 'zod';

import { checkUuidParameter } from './common';

/** Any value: the node only reads it where it has the expected type (see helpers/marketReadable.ts). */
const loose = z.unknown().optional();

/**
 * MarketListing: the node needs its `id` (the output of Get, the key the trigger de-duplicates on,
 * the ID an agent hands to Get). Every other field passes through.
 */
export const marketListingSchema = z
	.object({
		id: z.union([z.string().min(1), z.number()]).transform(String),
	})
	.passthrough();

export type MarketListing = z.infer<typeof marketListingSchema>;

/**
 * ReferenceAggregate: no id of its own [REF]; one output item each, passed through whole. Any
 * JSON object is accepted (brand and reference included, they are not required to page).
 */
export const referenceAggregateSchema = z.object({}).passthrough();

export type ReferenceAggregate = z.infer<typeof referenceAggregateSchema>;

/**
 * One bucket of a facet: `value` (buckets without one are dropped by the option lists) and
 * `count`, of any type: only a number or numeric text is shown as a count.
 */
export const facetBucketSchema = z
	.object({
		value: z.union([z.string(), z.number()]).nullable().optional(),
		count: z.unknown().optional(),
	})
	.passthrough();

/** A count as a number, from a number or numeric text ("3"); anything else gives undefined. */
export function readCount(value: unknown): number | undefined {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

export type FacetBucket = z.infer<typeof facetBucketSchema>;

/** A list of buckets, or whatever came instead (absent, null, another shape: passed through). */
const buckets = z.unknown().optional();

/**
 * POST /v2/market/facets: one JSON object. The contract marks `brands` … `country_codes` required,
 * but the node uses none of them to decide anything, so each may be absent or null here.
 */
export const facetsSchema = z
	.object({
		brands: buckets,
		conditions: buckets,
		dial_types: buckets,
		variants: buckets,
		full_set_status: buckets,
		country_codes: buckets,
		groups: buckets,
		years: buckets,
		price_range: loose,
	})
	.passthrough();

export type Facets = z.infer<typeof facetsSchema>;

/** The facet dimensions the Filters' option lists are loaded from, by parameter name. */
export const FACET_OF_FILTER = {
	brand: 'brands',
	condition: 'conditions',
	dialType: 'dial_types',
	variant: 'variants',
	fullSetStatus: 'full_set_status',
	countryCodesInclude: 'country_codes',
	groupIds: 'groups',
} as const;

/** The buckets of one facet that the option lists can show: a value and, if sent, a count. */
export function readBuckets(
	facets: unknown,
	dimension: string,
): Array<{ value: string; count?: number; label?: string }> {
	const list = (facets as Record<string, unknown> | null)?.[dimension];
	if (!Array.isArray(list)) return [];
	const out: Array<{ value: string; count?: number; label?: string }> = [];
	for (const bucket of list) {
		const parsed = facetBucketSchema.safeParse(bucket);
		if (!parsed.success) continue;
		const { value, count, label } = parsed.data;
		if (value === null || value === undefined || String(value).trim() === '') continue;
		out.push({
			value: String(value),
			count: readCount(count),
			// a name next to the value (e.g. a group's), when the answer has one [UNKNOWN]
			label: typeof label === 'string' && label.trim() !== '' ? label : undefined,
		});
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Parameters of the market operations (besides the shared filters)
// ---------------------------------------------------------------------------------------------

/** The Listing ID of Market Listing › Get: a UUID (the contract's examples are UUIDs). */
export const checkListingId = (value: unknown) =>
	checkUuidParameter(
		value,
		'Listing ID (listingId)',
		'listing ID',
		'the id of a listing from Search or the trigger',
	);
