/**
 * What WatchCollect's public documentation says each answer the probe reads looks like, as
 * plain data: the fields, their types, which are required, which may be `null`, the documented
 * values of enum-like fields. The probe compares real answers against it (./compare.ts). Where the
 * documentation gives no shape, the spec says what the node assumes, and is marked `assumed`
 * (docs/api-assumptions.md lists the evidence per endpoint).
 */

export type Spec =
	| { kind: 'string' | 'uuid' | 'integer' | 'number' | 'boolean' | 'any' | 'free-object' }
	| { kind: 'enum'; values: readonly string[] }
	| { kind: 'array'; of: Spec }
	| { kind: 'object'; fields: Record<string, Field> };

export interface Field {
	spec: Spec;
	required: boolean;
	nullable: boolean;
}

const t = (kind: 'string' | 'uuid' | 'integer' | 'number' | 'boolean' | 'any' | 'free-object') =>
	({ kind }) as Spec;
export const str = t('string');
export const uuid = t('uuid');
export const int = t('integer');
export const num = t('number');
export const bool = t('boolean');
export const freeObject = t('free-object');
export const oneOf = (...values: string[]): Spec => ({ kind: 'enum', values });
export const list = (of: Spec): Spec => ({ kind: 'array', of });
export const obj = (fields: Record<string, Field | Spec>): Spec => ({
	kind: 'object',
	fields: Object.fromEntries(
		Object.entries(fields).map(([name, f]) => [name, 'spec' in f ? f : opt(f)]),
	),
});
/** A field the documentation marks required. */
export const req = (spec: Spec): Field => ({ spec, required: true, nullable: false });
/** A documented field whose presence is not promised. */
export const opt = (spec: Spec): Field => ({ spec, required: false, nullable: false });
/** A documented field that may be `null`. */
export const nullable = (spec: Spec): Field => ({ spec, required: false, nullable: true });

// --- shared objects ----------------------------------------------------------------------------

const sender = obj({
	contact_id: uuid,
	phone_number: str,
	lid: str,
	display_name: str,
	country_prefix: str,
});

const money = obj({ amount_minor: req(int), currency: req(str) });

/** Cursor page of the messages and outbound lists [REF]. */
const cursorPage = (item: Spec): Spec =>
	obj({ items: req(list(item)), has_more: req(bool), next_cursor: nullable(str) });

/** Cursor page of the market searches [REF on the references page, SIBLING elsewhere]. */
const marketPage = (item: Spec): Spec =>
	obj({ items: req(list(item)), has_more: opt(bool), total: opt(int), next_cursor: nullable(str) });

// --- sessions ----------------------------------------------------------------------------------

export const SESSION_STATUSES = ['STOPPED', 'STARTING', 'SCAN_QR_CODE', 'WORKING', 'FAILED'];

/** One session in GET /v2/sessions — assumed (the answer is not documented). */
export const session = obj({
	session_id: req(uuid),
	waha_session_name: str,
	role: oneOf('receiving', 'sending'),
	engine: oneOf('WEBJS', 'NOWEB', 'GOWS'),
	session_status: oneOf(...SESSION_STATUSES),
	label: str,
});

/** The node's assumption: `{ sessions: [...] }` (a bare array, `data`, `items`, `results` also read). */
export const sessionList = obj({ sessions: req(list(session)), request_id: str });

// --- messages ----------------------------------------------------------------------------------

export const messageCard = obj({
	id: req(uuid),
	primary_occurrence_id: uuid,
	message_timestamp_ms: int,
	first_seen_at_ms: int,
	last_seen_at_ms: int,
	sender,
	group_names: list(str),
	group_ids: list(uuid),
	group_count: int,
	occurrence_count: int,
	has_media: bool,
	is_edited: bool,
	is_revoked: bool,
	message_text: str,
	primary_media_asset_id: uuid,
	primary_media_url: str,
});

export const messagePage = cursorPage(messageCard);

// --- outbound ----------------------------------------------------------------------------------

const recipient = obj({
	id: uuid,
	group_id: uuid,
	recipient_id: str,
	recipient_label: str,
	waha_message_id: str,
	error_code: str,
	error_message: str,
	requested_at_ms: int,
	updated_at_ms: int,
	completed_at_ms: int,
	failed_at_ms: int,
});

export const send = obj({
	id: req(uuid),
	actor_user_id: str,
	session_id: uuid,
	session_name: str,
	session_label: str,
	text_sha256: str,
	text_length: int,
	media_count: int,
	media_urls: list(str),
	recipient_count: int,
	status: oneOf('queued', 'sending', 'sent', 'failed', 'partial_failed'),
	source_type: str,
	requested_at_ms: int,
	updated_at_ms: int,
	text: nullable(str),
	client_idempotency_key: nullable(str),
	completed_at_ms: nullable(int),
	recipients: list(recipient),
});

export const sendPage = cursorPage(send);

const scheduleRun = obj({
	occurrence_number: int,
	send_id: uuid,
	error_code: str,
	error_message: str,
	started_at_ms: int,
	failed_at_ms: int,
	updated_at_ms: int,
});

export const schedule = obj({
	id: req(uuid),
	session_id: uuid,
	session_name: str,
	session_label: str,
	group_ids: list(uuid),
	text_length: int,
	media_count: int,
	status: oneOf('scheduled', 'running', 'completed', 'completed_with_failures', 'canceled'),
	first_run_at_ms: int,
	interval_ms: int,
	next_run_at_ms: int,
	last_run_at_ms: int,
	max_occurrences: int,
	run_count: int,
	failed_run_count: int,
	updated_at_ms: int,
	canceled_at_ms: int,
	runs: list(scheduleRun),
});

export const schedulePage = cursorPage(schedule);

// --- market ------------------------------------------------------------------------------------

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

// --- classifications ---------------------------------------------------------------------------

const watch = obj({
	brand: str,
	model: str,
	reference: str,
	year: str,
	price_amount: num,
	currency_code: str,
	expected_price_usd: num,
	full_set_status: list(t('any')),
	variant: str,
	dial_type: str,
});

export const classification = obj({
	id: req(uuid),
	canonical_message_id: uuid,
	classification_job_id: uuid,
	watches: list(watch),
	legacy_output: obj({ watches: list(watch) }),
	normalized_output: obj({ watches: list(watch) }),
	completed_at_ms: int,
	created_at_ms: int,
	extraction_output: freeObject,
	raw_model_response: freeObject,
	model_profile_id: str,
	model_id: str,
	prompt_bundle_version: str,
	latency_ms: int,
	input_tokens: int,
	output_tokens: int,
	total_tokens: int,
});

/** GET /v2/classifications: `items` and `next_cursor`, no `has_more` in the example [REF]. */
export const classificationPage = obj({
	items: req(list(classification)),
	next_cursor: nullable(str),
	has_more: opt(bool),
});
