/**
 * GET /v2/outbound/sends and /v2/outbound/schedules: a send, a schedule, their pages [REF].
 */
import { cursorPage, int, list, nullable, obj, oneOf, req, str, uuid } from './spec';

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
