/**
 * The trigger's events: what each one lists, how an item is identified and timed, and which
 * items it emits. The transport, the pagination helper and the contract schemas are the
 * WatchCollect node's own.
 */
import { createHash } from 'crypto';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invalidParameter } from '../WatchCollect/helpers/parameters';
import { describeZodError } from '../WatchCollect/schemas/common';
import {
	MESSAGE_FILTER_LABELS,
	messageCardSchema,
	messageFiltersSchema,
} from '../WatchCollect/schemas/message';
import { FINISHED_SEND_STATUSES, sendSchema } from '../WatchCollect/schemas/outbound';
import {
	VIEW_LABELS,
	viewIdParameterSchema,
	viewItemSchema,
} from '../WatchCollect/schemas/savedView';
import type { PagedRequest } from '../WatchCollect/transport/pagination';
import { MARKET_EVENTS, type MarketEvent, marketSource } from './marketEvents';

export const EVENTS = [
	'newMessage',
	'newViewItem',
	'sendFinished',
	'sessionStatusChanged',
	...MARKET_EVENTS,
] as const;
export type Event = (typeof EVENTS)[number];

/** What an item means to a poll: emit it, wait for it (it may still change), or pass it by. */
export type Verdict = 'emit' | 'pending' | 'skip';

/** A paged list the poller walks, and how it reads the items of that list. */
export interface ListSource {
	/** Identifies what is polled: other filters start a new baseline. */
	key: string;
	request: PagedRequest<IDataObject>;
	id(item: IDataObject): string;
	/** When the item became what the event reports (decides whether it is new). */
	time(item: IDataObject): number | undefined;
	/** The newest server time on the item (decides how far a poll reads). */
	activity(item: IDataObject): number | undefined;
	verdict(item: IDataObject): Verdict;
	/** The item as the workflow gets it (default: as listed). */
	output?(item: IDataObject): IDataObject;
}

/** Items are handed over as JSON objects, whatever their schema adds. */
const items = (schema: unknown) => schema as PagedRequest<IDataObject>['itemSchema'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The newest of the numbers given, or undefined when none is one. */
function newest(...values: unknown[]): number | undefined {
	const times = values.map(num).filter((t): t is number => t !== undefined);
	return times.length > 0 ? Math.max(...times) : undefined;
}

/**
 * A message card (and a saved view's item, whatever its projection): new when first collected
 * (`first_seen_at_ms`; the WhatsApp time only when that is missing); its activity is the newest
 * server time, so a re-posted offer (a new `last_seen_at_ms`) keeps a poll reading but is not new.
 * The WhatsApp time is not an activity: a phone's wrong clock must not move the window.
 */
const cardTime = (m: IDataObject) =>
	num(m.first_seen_at_ms) ??
	num(m.created_at_ms) ??
	num(m.message_timestamp_ms) ??
	num(m.last_seen_at_ms);
const cardActivity = (m: IDataObject) =>
	newest(m.first_seen_at_ms, m.last_seen_at_ms, m.created_at_ms, m.updated_at_ms) ?? cardTime(m);

/** The item's `id`, or (for item shapes without one) a hash of its content. */
function idOf(item: IDataObject): string {
	if (typeof item.id === 'string' && item.id !== '') return item.id;
	if (typeof item.id === 'number') return String(item.id);
	return `sha256:${createHash('sha256').update(JSON.stringify(item)).digest('hex').slice(0, 32)}`;
}

/** The list an event polls (every event but sessionStatusChanged). */
export function listSource(ctx: IPollFunctions, event: Event): ListSource {
	if (event === 'newMessage') {
		const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
		const parsed = messageFiltersSchema.safeParse(filters);
		if (!parsed.success)
			throw invalidParameter.call(
				ctx,
				undefined,
				describeZodError(parsed.error, MESSAGE_FILTER_LABELS),
			);
		return {
			key: JSON.stringify({ event, params: parsed.data }),
			request: {
				method: 'GET',
				path: '/v2/messages',
				params: parsed.data,
				itemSchema: items(messageCardSchema),
			},
			id: idOf,
			time: cardTime,
			activity: cardActivity,
			verdict: () => 'emit',
		};
	}
	if (event === 'newViewItem') {
		const parsed = viewIdParameterSchema.safeParse({ viewId: ctx.getNodeParameter('viewId', '') });
		if (!parsed.success)
			throw invalidParameter.call(ctx, undefined, describeZodError(parsed.error, VIEW_LABELS));
		const { viewId } = parsed.data;
		return {
			key: JSON.stringify({ event, viewId }),
			request: {
				method: 'POST',
				path: `/v2/views/${encodeURIComponent(viewId)}/preview`,
				itemSchema: items(viewItemSchema),
			},
			id: idOf,
			time: cardTime,
			activity: cardActivity,
			verdict: () => 'emit',
		};
	}
	if (event === 'sendFinished') {
		const statuses = ctx.getNodeParameter('sendStatuses', [...FINISHED_SEND_STATUSES]) as unknown;
		const chosen = (Array.isArray(statuses) ? statuses : String(statuses).split(','))
			.map((s) => String(s).trim())
			.filter((s) => s !== '');
		const bad = chosen.find((s) => !(FINISHED_SEND_STATUSES as readonly string[]).includes(s));
		if (bad !== undefined || chosen.length === 0) {
			throw invalidParameter.call(
				ctx,
				undefined,
				`Statuses (sendStatuses): ${bad !== undefined ? `'${bad}' is not allowed` : 'choose at least one'}; allowed: 'sent', 'failed', 'partial_failed'`,
			);
		}
		const sessionId = String(ctx.getNodeParameter('sendSessionId', '') ?? '').trim();
		if (sessionId !== '' && !UUID.test(sessionId)) {
			throw invalidParameter.call(
				ctx,
				undefined,
				`Session ID (sendSessionId): '${sessionId}' is not a session ID (a UUID)`,
			);
		}
		const params: IDataObject = sessionId === '' ? {} : { session_id: sessionId };
		return {
			key: JSON.stringify({ event, params, chosen: [...chosen].sort() }),
			request: {
				method: 'GET',
				path: '/v2/outbound/sends',
				params,
				itemSchema: items(sendSchema),
			},
			id: idOf,
			time: (s) => num(s.completed_at_ms) ?? num(s.updated_at_ms) ?? num(s.requested_at_ms),
			activity: (s) => newest(s.completed_at_ms, s.updated_at_ms, s.requested_at_ms),
			verdict: (s) => {
				const status = String(s.status);
				if (!(FINISHED_SEND_STATUSES as readonly string[]).includes(status)) return 'pending';
				return chosen.includes(status) ? 'emit' : 'skip';
			},
		};
	}
	if ((MARKET_EVENTS as readonly string[]).includes(event)) {
		const market = marketSource(ctx, event as MarketEvent);
		return { ...market, id: idOf };
	}
	throw new NodeOperationError(ctx.getNode(), `The event "${event}" has no list to poll`);
}
