/**
 * One poll of the WatchCollect Trigger, following n8n's polling conventions (Gmail Trigger,
 * Airtable Trigger): the first poll sets a baseline and emits nothing; a manual test run returns
 * the latest item and changes nothing; every later poll pages through all that is new since.
 * State lives in the workflow's static data and is bounded (pollWindow.ts). A poll that fails
 * throws before the state is written, so n8n records the failure and the next poll catches up.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { ROLES } from '../WatchCollect/schemas/session';
import { forEachPage, type ReadPage } from '../WatchCollect/transport/pagination';
import { listSessions, sessionIdOf } from '../WatchCollect/transport/sessions';
import { type Event, type ListSource, listSource } from './events';
import { PollWindow, type WindowItem } from './pollWindow';

/** Page size the trigger asks for, and how many pages one poll reads at most. */
export const TRIGGER_PAGE_SIZE = 100;
export const MAX_PAGES_PER_POLL = 50;
/** Sessions whose last status is remembered, at most. */
export const MAX_SESSIONS = 1000;
const STATE_KEY = 'watchCollectPoll';

type Result = INodeExecutionData[][] | null;
const walk = forEachPage<IDataObject>;

/** The latest (newest time) item worth emitting on the first pages, for a manual test run. */
async function latest(ctx: IPollFunctions, source: ListSource): Promise<Result> {
	let best: { item: IDataObject; time: number } | undefined;
	await walk.call(
		ctx,
		{ ...source.request, pageSize: TRIGGER_PAGE_SIZE },
		(page: ReadPage<IDataObject>) => {
			for (const item of page.items) {
				if (source.verdict(item) !== 'emit') continue;
				const time = source.time(item) ?? Number.NEGATIVE_INFINITY;
				if (!best || time > best.time) best = { item, time };
			}
			return best === undefined; // keep looking only while nothing was found
		},
		3,
	);
	return best ? [ctx.helpers.returnJsonArray([source.output?.(best.item) ?? best.item])] : null;
}

async function pollList(ctx: IPollFunctions, event: Event): Promise<Result> {
	const source = listSource(ctx, event);
	if (ctx.getMode() === 'manual') return await latest(ctx, source);

	const staticData = ctx.getWorkflowStaticData('node');
	const stored: unknown = staticData[STATE_KEY];
	const window = new PollWindow(source.key, stored);
	const found: Array<{ item: IDataObject; time: number | undefined }> = [];
	let pages = 0;
	let itemsRead = 0;
	let wantedMore = false;
	let listEnded = false;

	await walk.call(
		ctx,
		{ ...source.request, pageSize: TRIGGER_PAGE_SIZE },
		(page: ReadPage<IDataObject>) => {
			pages++;
			itemsRead += page.items.length;
			let newCount = 0;
			let pendingCount = 0;
			const listed: WindowItem[] = [];
			for (const item of page.items) {
				const entry: WindowItem = {
					id: source.id(item),
					time: source.time(item),
					activity: source.activity(item),
				};
				listed.push(entry);
				const verdict = source.verdict(item);
				if (verdict === 'pending') {
					pendingCount++;
					window.take(entry, 'pending');
					continue;
				}
				if (!window.take(entry, 'final')) continue;
				newCount++;
				if (verdict === 'emit' && !window.baseline) found.push({ item, time: entry.time });
			}
			listEnded = !page.has_more || typeof page.next_cursor !== 'string' || page.next_cursor === '';
			wantedMore = window.shouldContinue({ newCount, pendingCount, items: listed });
			return wantedMore;
		},
		MAX_PAGES_PER_POLL,
	);
	window.finish(listEnded);
	if (wantedMore && !listEnded && pages >= MAX_PAGES_PER_POLL) {
		ctx.logger.warn(
			`WatchCollect Trigger: stopped after ${pages} pages (${itemsRead} items) in one poll, the most one poll reads; items listed further down were not read in this poll`,
			{ event },
		);
	}

	const state = window.toState();
	staticData[STATE_KEY] = state as unknown as IDataObject;
	ctx.logger.debug(
		`WatchCollect Trigger polled ${source.request.path}: ${window.baseline ? 'baseline' : `${found.length} new`}, ${pages} page(s), ${itemsRead} item(s); remembers ${state.seen.length} id(s), ${state.pending.length} pending`,
		{ event, stored: stored !== undefined },
	);
	if (window.baseline || found.length === 0) return null;
	// Oldest first, so the workflow handles them in the order they arrived.
	found.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
	return [ctx.helpers.returnJsonArray(found.map((f) => source.output?.(f.item) ?? f.item))];
}

interface SessionState {
	v: 1;
	key: string;
	statuses: Record<string, string | null>;
}

async function pollSessions(ctx: IPollFunctions): Promise<Result> {
	const role = ctx.getNodeParameter('sessionRole', 'all') as string;
	const watched = ctx.getNodeParameter('sessionStatuses', []) as string[];
	const roles = role === 'receiving' || role === 'sending' ? [role] : ROLES;
	const sessions = (await listSessions.call(ctx, roles)) as IDataObject[];
	const statusOf = (s: IDataObject) =>
		typeof s.session_status === 'string' ? s.session_status : null;

	if (ctx.getMode() === 'manual') {
		const first = sessions[0];
		return first
			? [ctx.helpers.returnJsonArray([{ ...first, previous_session_status: null }])]
			: null;
	}

	const staticData = ctx.getWorkflowStaticData('node');
	const key = JSON.stringify({ event: 'sessionStatusChanged', roles });
	const stored = staticData[STATE_KEY] as SessionState | undefined;
	const baseline = !stored || stored.v !== 1 || stored.key !== key;
	const previous = baseline ? {} : stored.statuses;
	const changed: IDataObject[] = [];
	const statuses: Record<string, string | null> = {};
	for (const session of sessions) {
		const id = sessionIdOf(session);
		if (id === undefined) continue; // a listed session without any id cannot be followed
		const now = statusOf(session);
		statuses[id] = now;
		if (baseline) continue;
		const before = id in previous ? previous[id] : undefined;
		if (before === now) continue;
		if (watched.length > 0 && (now === null || !watched.includes(now))) continue;
		changed.push({ ...session, previous_session_status: before ?? null });
	}
	// Bounded: the sessions listed now, at most MAX_SESSIONS of them.
	const kept = Object.fromEntries(Object.entries(statuses).slice(0, MAX_SESSIONS));
	staticData[STATE_KEY] = { v: 1, key, statuses: kept } as unknown as IDataObject;
	return changed.length > 0 ? [ctx.helpers.returnJsonArray(changed)] : null;
}

export async function poll(this: IPollFunctions): Promise<Result> {
	const event = this.getNodeParameter('event', 'newMessage') as Event;
	if (event === 'sessionStatusChanged') return await pollSessions(this);
	return await pollList(this, event);
}
