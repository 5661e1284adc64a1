/**
 * What the Outbound Send and Outbound Schedule panels (or expressions) set, mapped onto the wire
 * bodies and queries of ./outbound.ts: a send is piped through `sendRequestSchema`, so no body
 * the contract forbids ever leaves the node. Every message names the panel field.
 */
import { z } from 'zod';

import { allowed } from './common';
import {
	MAX_GROUPS,
	MAX_IDEMPOTENCY_KEY_LENGTH,
	MAX_MEDIA,
	MAX_TEXT_LENGTH,
	MIN_GROUPS,
	type SendRequest,
	sendRequestSchema,
	textLength,
} from './outbound';

export const OUTBOUND_LABELS: Record<string, string> = {
	sessionId: 'Sending Session',
	groupIds: 'Group IDs',
	text: 'Text',
	imageUrls: 'Image URLs',
	when: 'When',
	firstRunAt: 'First Run At',
	occurrences: 'Number of Runs',
	interval: 'Repeat Every',
	intervalUnit: 'Repeat Unit',
	idempotencyKey: 'Options › Idempotency Key',
	sendId: 'Send ID',
	scheduleId: 'Schedule ID',
	status: 'Filters › Status',
	filterSessionId: 'Filters › Session ID',
};

/** Which parameter a body field comes from, so a contract error names what the user can change. */
export const SEND_FIELD_TO_PARAMETER: Record<string, string> = {
	session_id: 'sessionId',
	group_ids: 'groupIds',
	text: 'text',
	media: 'imageUrls',
	idempotency_key: 'idempotencyKey',
	schedule: 'firstRunAt',
};

export const INTERVAL_UNITS = {
	minutes: 60_000,
	hours: 3_600_000,
	days: 86_400_000,
	weeks: 604_800_000,
} as const;

/**
 * A list from a multi-select, an array an expression returned, a JSON array as text, or text
 * with one value per line or separated by commas.
 */
export function toList(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value.flatMap((v) => toList(v));
	if (typeof value === 'object') {
		const o = value as Record<string, unknown>;
		// An item such as { id } or { url } as other nodes output them.
		if (typeof o.url === 'string') return [o.url.trim()];
		if (typeof o.id === 'string') return [o.id.trim()];
		if (typeof o.group_id === 'string') return [o.group_id.trim()];
		return [];
	}
	const textValue = String(value).trim();
	if (textValue.startsWith('[')) {
		try {
			return toList(JSON.parse(textValue));
		} catch {
			/* not JSON: split it below */
		}
	}
	return textValue
		.split(/[\n,]+/)
		.map((s) => s.trim())
		.filter((s) => s !== '');
}

/** A moment as a date-time picker, an ISO text, epoch milliseconds or a Luxon DateTime gives it. */
export function toEpochMs(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value) : undefined;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
	if (
		typeof value === 'object' &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function'
	) {
		const millis = (value as { toMillis: () => number }).toMillis();
		return Number.isFinite(millis) ? millis : undefined;
	}
	const textValue = String(value).trim();
	if (/^\d{10,}$/.test(textValue)) return Number(textValue);
	const parsed = Date.parse(textValue);
	return Number.isNaN(parsed) ? undefined : parsed;
}

const isHttpUrl = (value: string) => {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const sendParametersSchema = z
	.object({
		sessionId: z.unknown(),
		groupIds: z.unknown(),
		text: z.unknown(),
		imageUrls: z.unknown(),
		when: z.unknown(),
		firstRunAt: z.unknown(),
		occurrences: z.unknown(),
		interval: z.unknown(),
		intervalUnit: z.unknown(),
		idempotencyKey: z.unknown(),
	})
	.superRefine((p, ctx) => {
		const issue = (path: string, message: string) =>
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });

		const sessionId = String(p.sessionId ?? '').trim();
		if (sessionId === '')
			issue('sessionId', 'is required: choose a sending session from the list or enter its ID');
		else if (!UUID.test(sessionId))
			issue(
				'sessionId',
				`'${sessionId}' is not a session ID (a UUID such as 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f)`,
			);

		const groups = toList(p.groupIds);
		const badGroup = groups.find((g) => !UUID.test(g));
		const distinct = new Set(groups.map((g) => g.toLowerCase()));
		if (groups.length < MIN_GROUPS) issue('groupIds', `needs at least ${MIN_GROUPS} group ID`);
		else if (badGroup !== undefined)
			issue(
				'groupIds',
				`'${badGroup}' is not a group ID (a UUID); use the internal group IDs WatchCollect lists (group_ids of a message)`,
			);
		else if (distinct.size > MAX_GROUPS)
			issue('groupIds', `has ${distinct.size} groups; at most ${MAX_GROUPS} are allowed per send`);

		const message = typeof p.text === 'string' || typeof p.text === 'number' ? String(p.text) : '';
		if (
			p.text !== undefined &&
			p.text !== null &&
			typeof p.text !== 'string' &&
			typeof p.text !== 'number'
		)
			issue('text', 'must be text');
		else if (textLength(message) > MAX_TEXT_LENGTH)
			issue(
				'text',
				`has ${textLength(message)} characters; at most ${MAX_TEXT_LENGTH} are allowed`,
			);

		const urls = toList(p.imageUrls);
		const badUrl = urls.find((u) => !isHttpUrl(u));
		if (badUrl !== undefined) issue('imageUrls', `'${badUrl}' is not an http(s) URL`);
		else if (urls.length > MAX_MEDIA)
			issue('imageUrls', `has ${urls.length} images; at most ${MAX_MEDIA} are allowed per send`);

		if (message.trim() === '' && urls.length === 0)
			issue('text', 'is required when no image is sent (set Text, Image URLs or both)');

		const when = p.when ?? 'now';
		if (when !== 'now' && when !== 'schedule')
			issue('when', `must be one of ${allowed(['now', 'schedule'])}`);
		if (when === 'schedule') {
			if (toEpochMs(p.firstRunAt) === undefined)
				issue(
					'firstRunAt',
					`${p.firstRunAt === undefined || p.firstRunAt === '' ? 'is required for a scheduled send' : `'${String(p.firstRunAt)}' is not a date and time`}: e.g. 2026-12-01T09:00:00+01:00`,
				);
			const runs = Number(p.occurrences ?? 1);
			if (!Number.isInteger(runs) || runs < 1)
				issue('occurrences', 'must be a whole number of at least 1');
			else if (runs > 1) {
				const interval = Number(p.interval);
				if (!Number.isFinite(interval) || interval <= 0)
					issue('interval', 'must be a number above 0 when the send runs more than once');
				if (!Object.keys(INTERVAL_UNITS).includes(String(p.intervalUnit ?? 'days')))
					issue('intervalUnit', `must be one of ${allowed(Object.keys(INTERVAL_UNITS))}`);
			}
		}

		const key = String(p.idempotencyKey ?? '').trim();
		if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
			issue(
				'idempotencyKey',
				`has ${key.length} characters; at most ${MAX_IDEMPOTENCY_KEY_LENGTH} are allowed`,
			);
		if (p.idempotencyKey !== undefined && key === '')
			issue(
				'idempotencyKey',
				'is empty: leave the option out to derive the key from the execution, or set a value',
			);
	})
	.transform((p): SendRequest => {
		const groups: string[] = [];
		for (const g of toList(p.groupIds))
			if (!groups.some((x) => x.toLowerCase() === g.toLowerCase())) groups.push(g);
		const body: SendRequest = {
			session_id: String(p.sessionId).trim(),
			group_ids: groups,
			idempotency_key: String(p.idempotencyKey).trim(),
		};
		const message = p.text === undefined || p.text === null ? '' : String(p.text);
		if (message.trim() !== '') body.text = message;
		const urls = toList(p.imageUrls);
		if (urls.length > 0) body.media = urls.map((url) => ({ url }));
		if ((p.when ?? 'now') === 'schedule') {
			const runs = Number(p.occurrences ?? 1);
			body.schedule = { first_run_at_ms: toEpochMs(p.firstRunAt) as number, max_occurrences: runs };
			if (runs > 1) {
				const unit =
					INTERVAL_UNITS[String(p.intervalUnit ?? 'days') as keyof typeof INTERVAL_UNITS];
				body.schedule.interval_ms = Math.round(Number(p.interval) * unit);
			}
		}
		return body;
	})
	.pipe(sendRequestSchema);

export type SendParameters = z.input<typeof sendParametersSchema>;

/** GET /v2/outbound/sends and /schedules filters. */
export function listFiltersSchema(statuses: readonly string[]) {
	return z
		.object({
			filterSessionId: z.unknown(),
			status: z.unknown(),
		})
		.superRefine((f, ctx) => {
			const session = String(f.filterSessionId ?? '').trim();
			if (session !== '' && !UUID.test(session))
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['filterSessionId'],
					message: `'${session}' is not a session ID (a UUID)`,
				});
			const status = String(f.status ?? '').trim();
			if (status !== '' && !statuses.includes(status))
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['status'],
					message: `'${status}' is not allowed; allowed: ${allowed(statuses)}`,
				});
		})
		.transform((f) => {
			const qs: Record<string, string> = {};
			const session = String(f.filterSessionId ?? '').trim();
			if (session !== '') qs.session_id = session;
			const status = String(f.status ?? '').trim();
			if (status !== '') qs.status = status;
			return qs;
		});
}

export function idParameterSchema(name: string, what: string) {
	const required = `is required: the ${what} ID`;
	return z.object({
		[name]: z
			.union([z.string(), z.number()], { errorMap: () => ({ message: required }) })
			.transform((v) => String(v).trim())
			.pipe(
				z
					.string()
					.min(1, required)
					.uuid(`must be a ${what} ID (a UUID such as 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f)`),
			),
	});
}
