/**
 * The trigger's market events: New Market Listing (POST /v2/market/listings/search) and New Cheap
 * Listing (POST /v2/market/live-feed/search), with the WatchCollect node's shared market Filters
 * and its one request-body builder (schemas/marketSearch.ts). The same guarantees as the message
 * events (poll.ts, pollWindow.ts): a baseline, each listing once, bounded state, a failed poll
 * caught up, whatever the order (the API's own is "newest listing activity" [SIBLING], where a
 * re-posted offer brings its old listings back on top).
 */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { marketFiltersCollection } from '../WatchCollect/descriptions/marketFilters';
import { invalidParameter } from '../WatchCollect/helpers/parameters';
import { readableListing } from '../WatchCollect/helpers/marketReadable';
import { marketListingSchema } from '../WatchCollect/schemas/market';
import { buildMarketSearchBody } from '../WatchCollect/schemas/marketSearch';
import type { PagedRequest } from '../WatchCollect/transport/pagination';
import type { ListSource } from './events';

export const MARKET_EVENTS = ['newMarketListing', 'newCheapListing'] as const;
export type MarketEvent = (typeof MARKET_EVENTS)[number];

const PATHS: Record<MarketEvent, string> = {
	newMarketListing: '/v2/market/listings/search',
	newCheapListing: '/v2/market/live-feed/search',
};

const show = { show: { event: [...MARKET_EVENTS] } };

/** The panel of the market events: the shared Filters, and Options. */
export const marketEventProperties: INodeProperties[] = [
	marketFiltersCollection(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Display Currency',
				name: 'displayCurrency',
				type: 'string',
				default: '',
				placeholder: 'e.g. USD',
				description:
					"Currency (3 letters) in which WatchCollect also gives the prices (the display_* fields). Empty: WatchCollect's default.",
			},
			{
				displayName: 'Skip Hidden, Duplicate or Revoked',
				name: 'skipInactiveSources',
				type: 'boolean',
				default: true,
				description:
					'Whether to leave out listings whose source message is hidden, marked as a duplicate or revoked (deleted by its sender) in WatchCollect',
			},
		],
	},
];

const isObject = (v: unknown): v is IDataObject =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function newest(...values: unknown[]): number | undefined {
	const times = values.map(num).filter((t): t is number => t !== undefined);
	return times.length > 0 ? Math.max(...times) : undefined;
}

const sourceOf = (listing: IDataObject): IDataObject =>
	isObject(listing.source) ? listing.source : {};

/**
 * A listing is new when it was created (`created_at_ms`; its message's first-seen time when that
 * is missing); its activity is the newest server time on it or its message, so a re-posted offer
 * (the message's `last_seen_at_ms`) keeps a poll reading but brings no listing twice.
 */
export const listingTime = (l: IDataObject) =>
	num(l.created_at_ms) ??
	num(sourceOf(l).first_seen_at_ms) ??
	num(sourceOf(l).message_timestamp_ms);
export const listingActivity = (l: IDataObject) =>
	newest(
		l.created_at_ms,
		l.updated_at_ms,
		sourceOf(l).first_seen_at_ms,
		sourceOf(l).last_seen_at_ms,
	) ?? listingTime(l);

/** Whether the listing's source message is hidden, a duplicate or revoked (true flags only). */
export function inactiveSource(listing: IDataObject): boolean {
	const s = sourceOf(listing);
	return s.is_hidden === true || s.is_duplicate === true || s.is_revoked === true;
}

/** What a market event polls, and how it reads a listing (see ListSource in events.ts). */
export function marketSource(ctx: IPollFunctions, event: MarketEvent): Omit<ListSource, 'id'> {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const built = buildMarketSearchBody({
		filters: ctx.getNodeParameter('filters', {}) as IDataObject,
		displayCurrency: options.displayCurrency,
	});
	if (!built.ok) throw invalidParameter.call(ctx, undefined, built.message);
	// off with false, or the text an expression may give ($vars are text): "false", "no", "0"
	const skipOption = options.skipInactiveSources;
	const skip = !(
		skipOption === false ||
		(typeof skipOption === 'string' && /^(false|no|0)$/i.test(skipOption.trim()))
	);
	const request: PagedRequest<IDataObject> = {
		method: 'POST',
		path: PATHS[event],
		params: built.body,
		itemSchema: marketListingSchema as unknown as PagedRequest<IDataObject>['itemSchema'],
	};
	return {
		key: JSON.stringify({ event, body: built.body, skip }),
		request,
		time: listingTime,
		activity: listingActivity,
		verdict: (l) => (skip && inactiveSource(l) ? 'skip' : 'emit'),
		output: (l) => readableListing(l),
	};
}
