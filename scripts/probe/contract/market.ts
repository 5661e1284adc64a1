/**
 * The market searches and facets: listings, reference aggregates, facet buckets.
 */
import {
	bool,
	freeObject,
	int,
	list,
	marketPage,
	money,
	num,
	obj,
	req,
	sender,
	str,
	t,
	uuid,
} from './spec';

const listingSource = obj({
	canonical_message_id: uuid,
	message_timestamp_ms: int,
	group_ids: list(uuid),
	group_names: list(str),
	occurrence_count: int,
	first_seen_at_ms: int,
	last_seen_at_ms: int,
	has_media: bool,
	is_duplicate: bool,
	is_hidden: bool,
	is_revoked: bool,
	message_text: str,
	media_asset_id: uuid,
	media_url: str,
});

const priceIndicator = obj({
	comparable_count: int,
	median_price_eur_minor: int,
	delta_eur_minor: int,
	delta_percent: num,
});

const extractionContext = obj({
	candidate_id: str,
	raw_text: str,
	source_lines: list(int),
	source_line_start: int,
	source_line_end: int,
	intent: str,
	confidence: num,
	field_sources: freeObject,
	inherited_context: freeObject,
	global_context: freeObject,
});

/** MarketListing [REF for these fields; the documented list is cut after extraction_context]. */
export const marketListing = obj({
	id: req(uuid),
	classified_watch_id: uuid,
	classification_id: uuid,
	watch_index: int,
	full_set_status: list(t('any')),
	sender,
	source: listingSource,
	created_at_ms: int,
	updated_at_ms: int,
	brand: str,
	model: str,
	reference: str,
	year: int,
	price: money,
	display_price: money,
	price_eur_minor: int,
	dial_type: str,
	variant: str,
	price_indicator: priceIndicator,
	extraction_context: extractionContext,
});

export const listingPage = marketPage(marketListing);

export const referenceAggregate = obj({
	brand: str,
	reference: str,
	listing_count: int,
	for_sale_count: int,
	want_to_buy_count: int,
	conditions: list(t('any')),
	dial_types: list(str),
	variants: list(str),
	model: str,
	min_price_eur_minor: int,
	max_price_eur_minor: int,
	avg_price_eur_minor: int,
	median_price_eur_minor: int,
	display_min_price: money,
	display_max_price: money,
	display_avg_price: money,
	display_median_price: money,
	sample_media_asset_id: uuid,
	first_seen_at_ms: int,
	last_seen_at_ms: int,
});

export const referencePage = marketPage(referenceAggregate);

const bucket = obj({ value: req(str), count: req(int) });
const yearBucket = obj({ value: req(int), count: req(int) });

export const facets = obj({
	brands: req(list(bucket)),
	conditions: req(list(bucket)),
	dial_types: req(list(bucket)),
	variants: req(list(bucket)),
	full_set_status: req(list(bucket)),
	country_codes: req(list(bucket)),
	groups: list(bucket),
	years: list(yearBucket),
	price_range: obj({ currency: str, min_minor: int, max_minor: int }),
});
