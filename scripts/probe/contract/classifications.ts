/**
 * GET /v2/classifications: a classification and its page.
 */
import { bool, freeObject, int, list, nullable, num, obj, opt, req, str, t, uuid } from './spec';

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
