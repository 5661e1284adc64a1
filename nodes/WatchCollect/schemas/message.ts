/**
 * The message feed: GET /v2/messages and GET /v2/messages/{id}/occurrences [REF]; assumptions
 * in docs/api-assumptions.md. Items are checked for the fields the node relies on
 * (`id`); every other documented field is checked for its type when present and passed through
 * as WatchCollect sent it (the reference page does not say which ones are always there).
 */
import { z } from 'zod';

import { allowed } from './common';

export const SEARCH_MODES = ['broad', 'exact', 'exact_light'] as const;
export const CLASSIFICATION_STATUSES = ['pending', 'completed', 'skipped', 'failed'] as const;
export const INTENTS = ['selling', 'buying', 'personal', 'unknown'] as const;
/** `q` must have at least this many characters [REF]. */
export const MIN_QUERY_LENGTH = 3;

const ms = z.number().int().nullable().optional();
const text = z.string().nullable().optional();

export const senderSchema = z
	.object({
		contact_id: text,
		phone_number: text,
		lid: text,
		display_name: text,
		country_prefix: text,
	})
	.passthrough();

/** MessageCard: one canonical (de-duplicated) message of the feed. */
export const messageCardSchema = z
	.object({
		id: z.string().min(1),
		primary_occurrence_id: text,
		message_timestamp_ms: ms,
		first_seen_at_ms: ms,
		last_seen_at_ms: ms,
		sender: senderSchema.nullable().optional(),
		group_names: z.array(z.string().nullable()).nullable().optional(),
		group_ids: z.array(z.string().nullable()).nullable().optional(),
		group_count: z.number().int().nullable().optional(),
		occurrence_count: z.number().int().nullable().optional(),
		has_media: z.boolean().nullable().optional(),
		is_edited: z.boolean().nullable().optional(),
		is_revoked: z.boolean().nullable().optional(),
		message_text: text,
		primary_media_asset_id: text,
		primary_media_url: text,
	})
	.passthrough();

export type MessageCard = z.infer<typeof messageCardSchema>;

/** One occurrence: where and when a canonical message was seen (group, session). */
export const occurrenceSchema = z
	.object({
		id: z.string().min(1),
		canonical_message_id: text,
		waha_message_id: text,
		session_id: text,
		waha_session_name: text,
		session_label: text,
		group_id: text,
		waha_group_id: text,
		group_name: text,
		sender: z.unknown().optional(),
		sender_raw_id: text,
		message_timestamp_ms: ms,
		has_media: z.boolean().nullable().optional(),
		media_asset_ids: z.array(z.string()).nullable().optional(),
		is_edited: z.boolean().nullable().optional(),
		is_revoked: z.boolean().nullable().optional(),
		source_event_id: text,
		created_at_ms: ms,
		updated_at_ms: ms,
		message_text: text,
	})
	.passthrough();

export type Occurrence = z.infer<typeof occurrenceSchema>;

// ---------------------------------------------------------------------------------------------
// The feed's filters: panel values (or expressions) → query parameters
// ---------------------------------------------------------------------------------------------

export const MESSAGE_FILTER_LABELS: Record<string, string> = {
	viewId: 'Filters › Saved View ID',
	q: 'Filters › Search Text',
	searchMode: 'Filters › Search Mode',
	classificationStatus: 'Filters › Classification Status',
	intent: 'Filters › Intent',
	groupId: 'Filters › Group ID',
	messageId: 'Message ID',
};

const uuidText = (what: string) =>
	z
		.union([z.string(), z.number()])
		.transform((v) => String(v).trim())
		.pipe(z.string().uuid(`must be ${what} (a UUID such as 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f)`));

/**
 * A list of choices from a multi-select, a comma-separated text or an array an expression gave;
 * each must be one of `values`.
 */
function choiceList<T extends string>(values: readonly T[]) {
	return z
		.union([z.array(z.unknown()), z.string()])
		.transform((v) =>
			(Array.isArray(v) ? v.map(String) : v.split(','))
				.map((s) => s.trim())
				.filter((s) => s !== ''),
		)
		.superRefine((list, ctx) => {
			for (const value of list) {
				if (!(values as readonly string[]).includes(value)) {
					ctx.addIssue({
						code: z.ZodIssueCode.custom,
						message: `'${value}' is not allowed; allowed: ${allowed(values)}`,
					});
				}
			}
		});
}

const empty = (v: unknown) =>
	v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const optional = <S extends z.ZodTypeAny>(schema: S) =>
	z.preprocess((v) => (empty(v) ? undefined : v), schema.optional());

/** GET /v2/messages query (without cursor/page_size), from the node's Filters collection. */
export const messageFiltersSchema = z
	.object({
		viewId: optional(uuidText('a saved view ID')),
		q: optional(z.union([z.string(), z.number()]).transform((v) => String(v).trim())),
		searchMode: optional(
			z.enum(SEARCH_MODES, {
				errorMap: () => ({ message: `must be one of ${allowed(SEARCH_MODES)}` }),
			}),
		),
		classificationStatus: optional(choiceList(CLASSIFICATION_STATUSES)),
		intent: optional(choiceList(INTENTS)),
		groupId: optional(uuidText('a group ID')),
	})
	.superRefine((f, ctx) => {
		if (f.q !== undefined && f.q.length > 0 && f.q.length < MIN_QUERY_LENGTH) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['q'],
				message: `'${f.q}' is too short: WatchCollect searches for at least ${MIN_QUERY_LENGTH} characters`,
			});
		}
	})
	.transform((f) => {
		const qs: Record<string, string> = {};
		if (f.viewId) qs.view_id = f.viewId;
		// The search mode only means something with a search text: without one it is not sent.
		if (f.q) {
			qs.q = f.q;
			if (f.searchMode) qs.search_mode = f.searchMode;
		}
		if (f.classificationStatus?.length) qs.classification_status = f.classificationStatus.join(',');
		if (f.intent?.length) qs.intent = f.intent.join(',');
		if (f.groupId) qs.group_id = f.groupId;
		return qs;
	});

export type MessageFilters = z.input<typeof messageFiltersSchema>;

export const messageIdParameterSchema = z.object({
	messageId: z
		.union([z.string(), z.number()], {
			errorMap: () => ({
				message: 'is required: the id of a message from Get Many or the trigger',
			}),
		})
		.transform((v) => String(v).trim())
		.pipe(
			z
				.string()
				.min(1, 'is required: the id of a message from Get Many or the trigger')
				.uuid('must be a message ID (a UUID such as 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f)'),
		),
});
