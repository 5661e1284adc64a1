/**
 * What a polling trigger remembers between polls, and how it decides which items are new and how
 * far to read. Pure: no n8n, no requests, so the rules are unit-tested on their own.
 *
 * The API does not document the order of its lists ([UNKNOWN]): newest collected first, newest
 * activity first (a re-posted offer jumps to the top), WhatsApp time, or pages whose items shift
 * while new ones arrive. Nothing here relies on one of them:
 *  - Each item has a **time** (when it became what the event reports: a message first collected,
 *    a send finished) and an **activity** (the newest server time on it, e.g. the `last_seen_at_ms`
 *    a re-post bumps; at least its time).
 *  - An item is **new** when its id was not seen before and its *time* is not below the horizon
 *    (the newest activity seen, minus an overlap window). A re-posted old offer has a new activity
 *    but an old time: it is never new, whether its id is still remembered or not.
 *  - A poll reads on while a page brings anything new or still pending, while an item remembered
 *    as pending has not been listed again, or while every item of the page is active inside the
 *    window; it stops at the first page that reaches below the horizon *by activity* (untimed
 *    items: at the first page that brings nothing new), or at the page cap. In any order by one
 *    of the item's times, every item listed after that page is older than the horizon.
 * The state is bounded: ids whose time is below the horizon are forgotten, at most `maxSeen` ids
 * and `maxPending` pending ids are kept (when more must go, the horizon rises above the forgotten).
 */

/** One item as the window sees it. */
export interface WindowItem {
	id: string;
	/** When it became what the event reports (epoch ms), if known. */
	time?: number;
	/** Its newest server time (epoch ms); defaults to `time`. */
	activity?: number;
}

/** The JSON kept in the workflow's static data (must stay plain JSON). */
export interface PollState {
	v: 2;
	/** What was polled (event and filters): another key starts a new baseline. */
	key: string;
	/** Newest activity seen, epoch ms; null until an item with a time was seen. */
	watermark: number | null;
	/** Items whose time is below this are never new (null: no lower bound yet). */
	horizon: number | null;
	/** Seen ids with their time (null: untimed), oldest first. */
	seen: Array<[string, number | null]>;
	/** Ids listed as still pending (e.g. a send being sent), with the activity they had then. */
	pending: Array<[string, number | null]>;
}

export interface WindowOptions {
	/** How far below the newest activity an item may still arrive late, default 10 minutes. */
	overlapMs?: number;
	/** How many ids to remember at most, default 1000. */
	maxSeen?: number;
	/** How many pending ids to remember at most, default 100. */
	maxPending?: number;
	/** How long a pending id is looked for, default 24 hours (of activity seen). */
	pendingForMs?: number;
}

export const DEFAULT_OVERLAP_MS = 10 * 60_000;
export const DEFAULT_MAX_SEEN = 1000;
export const DEFAULT_MAX_PENDING = 100;
export const DEFAULT_PENDING_FOR_MS = 24 * 60 * 60_000;

/** What one page brought, for the decision to read the next one. */
export interface PageSummary {
	/** Items not seen before whose time is inside the window (emitted or not). */
	newCount: number;
	/** Items still pending (not yet in a state the event reports). */
	pendingCount: number;
	items: WindowItem[];
}

export function isPollState(value: unknown): value is PollState {
	if (!value || typeof value !== 'object') return false;
	const s = value as Partial<Omit<PollState, 'v'>> & { v?: unknown };
	// v1 (before pending ids were kept) reads as v2 without pending ids.
	return (s.v === 1 || s.v === 2) && typeof s.key === 'string' && Array.isArray(s.seen);
}

const activityOf = (item: WindowItem) => item.activity ?? item.time;

export class PollWindow {
	readonly baseline: boolean;
	private readonly seen = new Map<string, number | null>();
	private readonly pending = new Map<string, number | null>();
	/** Pending ids listed again in this poll (pending still, or finished). */
	private readonly relisted = new Set<string>();
	private watermark: number | null;
	private horizon: number | null;
	private readonly overlapMs: number;
	private readonly maxSeen: number;
	private readonly maxPending: number;
	private readonly pendingForMs: number;

	constructor(
		readonly key: string,
		stored: unknown,
		options: WindowOptions = {},
	) {
		this.overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
		this.maxSeen = options.maxSeen ?? DEFAULT_MAX_SEEN;
		this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
		this.pendingForMs = options.pendingForMs ?? DEFAULT_PENDING_FOR_MS;
		const state = isPollState(stored) && stored.key === key ? stored : undefined;
		this.baseline = state === undefined;
		this.watermark = typeof state?.watermark === 'number' ? state.watermark : null;
		this.horizon = typeof state?.horizon === 'number' ? state.horizon : null;
		for (const [id, time] of state?.seen ?? []) this.seen.set(id, time);
		for (const [id, since] of Array.isArray(state?.pending) ? state.pending : []) {
			this.pending.set(id, since);
		}
	}

	/** Every item read moves the watermark up to its activity, new or not. */
	observe(item: WindowItem): void {
		const activity = activityOf(item);
		if (activity !== undefined && (this.watermark === null || activity > this.watermark)) {
			this.watermark = activity;
		}
	}

	/**
	 * new: not seen, and its time not below the horizon (or it was waiting as pending); known:
	 * seen before; old: below the horizon.
	 */
	classify(item: WindowItem): 'new' | 'known' | 'old' {
		if (this.seen.has(item.id)) return 'known';
		if (this.pending.has(item.id)) return 'new';
		if (item.time !== undefined && this.horizon !== null && item.time < this.horizon) return 'old';
		return 'new';
	}

	/** Remember an item as seen (emitted now, or part of the baseline). */
	remember(item: WindowItem): void {
		this.seen.set(item.id, item.time ?? null);
		this.observe(item);
	}

	/**
	 * Takes one listed item: `final` (in a state the event reports) or `pending` (it may still
	 * change: looked for again on the next polls until it settles). Returns true when the item is
	 * new; it is then remembered.
	 */
	take(item: WindowItem, state: 'final' | 'pending'): boolean {
		this.observe(item);
		if (state === 'pending') {
			this.relisted.add(item.id);
			if (!this.pending.has(item.id) && !this.seen.has(item.id)) {
				this.pending.set(item.id, activityOf(item) ?? null);
			}
			return false;
		}
		const verdict = this.classify(item);
		if (this.pending.delete(item.id)) this.relisted.add(item.id);
		if (verdict !== 'new') return false;
		this.remember(item);
		return true;
	}

	/** Pending ids remembered from earlier polls that this poll has not listed yet. */
	outstanding(): number {
		let count = 0;
		for (const id of this.pending.keys()) if (!this.relisted.has(id)) count++;
		return count;
	}

	/** The lowest time that still counts, once the items read so far are taken into account. */
	currentHorizon(): number | null {
		if (this.watermark === null) return this.horizon;
		const fromWatermark = this.watermark - this.overlapMs;
		return this.horizon === null ? fromWatermark : Math.max(this.horizon, fromWatermark);
	}

	/**
	 * Whether to read the next page after this one: on while a page brings anything new or
	 * pending, while a remembered pending id is still to be listed, or while every item of the
	 * page is active inside the window (untimed items: until a page brings nothing new).
	 */
	shouldContinue(page: PageSummary): boolean {
		// On the baseline every item is "new": read just the window, so later polls know the ids
		// that may be listed again.
		if ((!this.baseline && page.newCount > 0) || page.pendingCount > 0) return true;
		if (this.outstanding() > 0 && page.items.length > 0) return true;
		if (page.items.length === 0) return false;
		const horizon = this.currentHorizon();
		if (horizon === null) return false;
		const activities = page.items.map(activityOf);
		if (activities.some((t) => t === undefined)) return false;
		return Math.min(...(activities as number[])) >= horizon;
	}

	/**
	 * Ends the poll. `listEnded`: the whole list was read (its last page said no more), so a
	 * pending id that was not listed is gone (deleted or filtered out) and is no longer looked for.
	 */
	finish(listEnded: boolean): void {
		if (!listEnded) return;
		for (const id of [...this.pending.keys()]) if (!this.relisted.has(id)) this.pending.delete(id);
	}

	/** The bounded state to store: ids below the horizon dropped, at most maxSeen / maxPending kept. */
	toState(): PollState {
		let horizon = this.currentHorizon();
		let entries = [...this.seen.entries()].filter(
			([, time]) => time === null || horizon === null || time >= horizon,
		);
		// Oldest first (a stable sort: untimed ids keep the order they were seen in), so the
		// ones to forget first are at the front.
		entries.sort((a, b) => (a[1] ?? -Infinity) - (b[1] ?? -Infinity));
		if (entries.length > this.maxSeen) {
			const dropped = entries.slice(0, entries.length - this.maxSeen);
			entries = entries.slice(entries.length - this.maxSeen);
			const droppedTimes = dropped.map(([, t]) => t).filter((t): t is number => t !== null);
			if (droppedTimes.length > 0) {
				const raise = Math.max(...droppedTimes) + 1;
				horizon = horizon === null ? raise : Math.max(horizon, raise);
			}
		}
		const expiry = this.watermark === null ? null : this.watermark - this.pendingForMs;
		const pending = [...this.pending.entries()]
			.filter(([, since]) => since === null || expiry === null || since >= expiry)
			.sort((a, b) => (a[1] ?? -Infinity) - (b[1] ?? -Infinity))
			.slice(-this.maxPending);
		return { v: 2, key: this.key, watermark: this.watermark, horizon, seen: entries, pending };
	}
}
