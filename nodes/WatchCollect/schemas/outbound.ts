/**
 * Outbound: POST/GET /v2/outbound/sends, GET/DELETE /v2/outbound/schedules [REF] — the wire
 * contract only; assumptions in docs/api-assumptions.md. The wire rules of a send are in
 * `sendRequestSchema`; what the panel (or an expression) sets is mapped onto that body in
 * ./outboundParameters.ts.
 */
import { z } from 'zod';

export const SEND_STATUSES = ['queued', 'sending', 'sent', 'failed', 'partial_failed'] as const;
export const FINISHED_SEND_STATUSES = ['sent', 'failed', 'partial_failed'] as const;
export const SCHEDULE_STATUSES = [
	'scheduled',
	'running',
	'completed',
	'completed_with_failures',
	'canceled',
] as const;
export const WRITE_STATUSES = ['accepted', 'duplicate_accepted'] as const;

export const MAX_TEXT_LENGTH = 4096;
export const MIN_GROUPS = 1;
export const MAX_GROUPS = 100;
export const MAX_MEDIA = 10;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
/** The engine state a session must be in to send [REF: "a WORKING sending session"]. */
export const WORKING = 'WORKING';

/** Characters as a person counts them (an emoji is one), not UTF-16 units. */
export const textLength = (text: string) => [...text].length;

// ---------------------------------------------------------------------------------------------
// POST /v2/outbound/sends — the wire contract
// ---------------------------------------------------------------------------------------------

export const scheduleRequestSchema = z
	.object({
		first_run_at_ms: z.number().int(),
		interval_ms: z.number().int().positive().optional(),
		max_occurrences: z.number().int().min(1).optional(),
	})
	.strict();

export const mediaSchema = z
	.object({
		url: z.string().min(1),
		mimetype: z.string().optional(),
		filename: z.string().optional(),
	})
	.strict();

export const sendRequestSchema = z
	.object({
		session_id: z.string().uuid(),
		group_ids: z.array(z.string().uuid()).min(MIN_GROUPS).max(MAX_GROUPS),
		idempotency_key: z.string().min(1).max(MAX_IDEMPOTENCY_KEY_LENGTH),
		text: z
			.string()
			.refine(
				(t) => textLength(t) <= MAX_TEXT_LENGTH,
				`must be at most ${MAX_TEXT_LENGTH} characters`,
			)
			.optional(),
		media: z.array(mediaSchema).max(MAX_MEDIA).optional(),
		schedule: scheduleRequestSchema.optional(),
	})
	.strict()
	.superRefine((body, ctx) => {
		if (!body.text && !body.media?.length) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['text'],
				message: 'is required when no image is sent',
			});
		}
	});

export type SendRequest = z.infer<typeof sendRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Answers. `…Contract`: the shape the contract documents, only compared (helpers/answer.ts turns
// each difference into a warning or a probe line); `…Schema`: what the node requires.
// ---------------------------------------------------------------------------------------------

/** A field the contract marks optional or nullable: null and absence both mean "none". */
const opt = <S extends z.ZodTypeAny>(schema: S) => schema.nullish();
const ms = opt(z.number().int());
const text = opt(z.string());

/**
 * POST /v2/outbound/sends. The node requires nothing of it: it branches on `status` (only
 * `rejected` is a refusal; `duplicate_accepted` says "duplicate"; any other value counts as done).
 */
export const sendAnswerContract = z
	.object({
		status: z.enum(WRITE_STATUSES),
		request_id: z.string(),
		send: opt(
			z
				.object({
					status: text,
					send_id: text,
					event_ids: opt(z.array(z.string())),
					results: opt(
						z.array(
							z
								.object({
									recipient_send_id: text,
									group_id: text,
									ok: opt(z.boolean()),
									status: text,
								})
								.strict(),
						),
					),
				})
				.strict(),
		),
		schedule: opt(
			z
				.object({
					status: text,
					schedule_id: text,
					workflow_id: text,
					next_run_at_ms: ms,
					interval_ms: ms,
					max_occurrences: ms,
				})
				.strict(),
		),
	})
	.strict();

/** DELETE /v2/outbound/schedules/{id}; the node branches on `status` as for a send. */
export const cancelScheduleAnswerContract = z
	.object({
		status: z.enum(WRITE_STATUSES),
		schedule_id: text,
		request_id: z.string(),
		event_ids: opt(z.array(z.string())),
	})
	.strict();

export const sendRecipientContract = z
	.object({
		id: text,
		group_id: text,
		recipient_id: text,
		recipient_label: text,
		waha_message_id: text,
		error_code: text,
		error_message: text,
		requested_at_ms: ms,
		updated_at_ms: ms,
		completed_at_ms: ms,
		failed_at_ms: ms,
	})
	.strict();

/** A send as GET /v2/outbound/sends and …/{send_id} document it. */
export const sendContract = z
	.object({
		id: z.string(),
		actor_user_id: text,
		session_id: text,
		session_name: text,
		session_label: text,
		text_sha256: text,
		text_length: ms,
		media_count: ms,
		media_urls: opt(z.array(z.string())),
		recipient_count: ms,
		status: z.enum(SEND_STATUSES),
		source_type: text,
		requested_at_ms: ms,
		updated_at_ms: ms,
		text,
		client_idempotency_key: text,
		completed_at_ms: ms,
		recipients: opt(z.array(sendRecipientContract)),
	})
	.strict();

export const scheduleRunContract = z
	.object({
		occurrence_number: ms,
		send_id: text,
		error_code: text,
		error_message: text,
		started_at_ms: ms,
		failed_at_ms: ms,
		updated_at_ms: ms,
	})
	.strict();

/** A schedule as GET /v2/outbound/schedules and …/{schedule_id} document it. */
export const scheduleContract = z
	.object({
		id: z.string(),
		session_id: text,
		session_name: text,
		session_label: text,
		group_ids: opt(z.array(z.string())),
		text_length: ms,
		media_count: ms,
		status: z.enum(SCHEDULE_STATUSES),
		first_run_at_ms: ms,
		interval_ms: ms,
		next_run_at_ms: ms,
		last_run_at_ms: ms,
		max_occurrences: ms,
		run_count: ms,
		failed_run_count: ms,
		updated_at_ms: ms,
		canceled_at_ms: ms,
		runs: opt(z.array(scheduleRunContract)),
	})
	.strict();

/**
 * A send or a schedule as the node reads it (Get, Get Many, the group list, the trigger): any
 * JSON object, handed over as received. The trigger identifies it by `id` (or a hash of its
 * content) and branches on `status` (an unknown status is "not finished yet": it waits).
 */
export const sendSchema = z.record(z.unknown());
export const scheduleSchema = z.record(z.unknown());

export type Send = z.infer<typeof sendSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;
