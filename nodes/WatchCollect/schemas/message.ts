/**
 * The message feed: GET /v2/messages and GET /v2/messages/{id}/occurrences [REF]; assumptions
 * in docs/api-assumptions.md. `…Contract`: the item as documented, only compared (the probe
 * reports differences); `…Schema`: what the node requires of an item — a JSON object, every
 * field passed through as received (absent, null, another type, extra).
 */
import { z } from 'zod';

import { allowed } from './common';

export const SEARCH_MODES = ['broad', 'exact', 'exact_light'] as const;
export const CLASSIFICATION_STATUSES = ['pending', 'completed', 'skipped', 'failed'] as const;
export const INTENTS = ['selling', 'buying', 'personal', 'unknown'] as const;
/** `q` must have at least this many characters [REF]. */
export const MIN_QUERY_LENGTH = 3;

/** A field the contract documents without saying it is always there: null and absence accepted. */
const opt = <S extends z.ZodTypeAny>(schema: S) => schema.nullish();
const ms = opt(z.number().int());
const text = opt(z.string());

export const senderContract = z
	.object({
		contact_id: text,
		phone_number: text,
		lid: text,
		display_name: text,
		country_prefix: text,
	})
	.strict();

/** MessageCard as documented: one canonical (de-duplicated) message of the feed. */
export const messageCardContract = z
	.object({
		id: z.string(),
		primary_occurrence_id: text,
		message_timestamp_ms: ms,
		first_seen_at_ms: ms,
		last_seen_at_ms: ms,
		sender: opt(senderContract),
		group_names: opt(z.array(z.string().nullable())),
		group_ids: opt(z.array(z.string().nullable())),
		group_count: ms,
		occurrence_count: ms,
		has_media: opt(z.boolean()),
		is_edited: opt(z.boolean()),
		is_revoked: opt(z.boolean()),
		message_text: text,
		primary_media_asset_id: text,
		primary_media_url: text,
	})
	.strict();

/** One occurrence as documented: where and when a canonical message was seen. */
export const occurrenceContract = z
	.object({
		id: z.string(),
		canonical_message_id: text,
		waha_message_id: text,
		session_id: text,
		waha_session_name: text,
		session_label: text,
		group_id: text,
		waha_group_id: text,
		group_name: text,
		sender: z.unknown(),
		sender_raw_id: text,
		message_timestamp_ms: ms,
		has_media: opt(z.boolean()),
		media_asset_ids: opt(z.array(z.string())),
		is_edited: opt(z.boolean()),
		is_revoked: opt(z.boolean()),
		source_event_id: text,
		created_at_ms: ms,
		updated_at_ms: ms,
		message_text: text,
	})
	.strict();

/**
 * A message or an occurrence as the node reads it: any JSON object, handed over as received.
 * The trigger identifies a message by `id` (or a hash of its content) and times it by its
 * `_ms` fields when they are numbers; the Send group list reads `group_ids`/`group_names` when
 * they are lists.
 */
export const messageCardSchema = z.record(z.unknown());
export const occurrenceSchema = z.record(z.unknown());

export type MessageCard = z.infer<typeof messageCardSchema>;
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
