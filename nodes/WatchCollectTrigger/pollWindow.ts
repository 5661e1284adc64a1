/**
 * What a polling trigger remembers between polls, and how it decides which items are new. Pure:
 * no n8n, no requests, so the rules are unit-tested on their own.
 *
 * The API does not document the order of its lists, so nothing here relies on it:
 *  - an item is **new** when its id was not seen before and its time is not older than the
 *    horizon (the newest time seen, minus an overlap window). Ids seen within the window are kept,
 *    so an item listed again (on a later page, or in another order) is never emitted twice.
 *  - a poll pages on until a page brings nothing new, nothing still pending, and reaches below the
 *    horizon (items without a time: until a page brings nothing new), or until the page cap.
 * The state is bounded: ids older than the horizon are forgotten, and at most `maxSeen` are kept.
 */

/** One item as the window sees it: its id, its time (epoch ms) if it has one. */
export interface WindowItem {
	id: string;
	time?: number;
}

/** The JSON kept in the workflow's static data (must stay plain JSON). */
export interface PollState {
	v: 1;
	/** What was polled (event and filters): another key starts a new baseline. */
	key: string;
	/** Newest time seen, epoch ms; null until an item with a time was seen. */
	watermark: number | null;
	/** Items older than this are never new (null: no lower bound yet). */
	horizon: number | null;
	/** Seen ids with their time (null: untimed), oldest first. */
	seen: Array<[string, number | null]>;
}

export interface WindowOptions {
	/** How far below the newest time an item may still arrive late, default 10 minutes. */
	overlapMs?: number;
	/** How many ids to remember at most, default 1000. */
	maxSeen?: number;
}

export const DEFAULT_OVERLAP_MS = 10 * 60_000;
export const DEFAULT_MAX_SEEN = 1000;

export function isPollState(value: unknown): value is PollState {
	if (!value || typeof value !== 'object') return false;
	const s = value as Partial<PollState>;
	return s.v === 1 && typeof s.key === 'string' && Array.isArray(s.seen);
}

export class PollWindow {
	readonly baseline: boolean;
	private readonly seen = new Map<string, number | null>();
	private watermark: number | null;
	private horizon: number | null;
	private readonly overlapMs: number;
	private readonly maxSeen: number;

	constructor(
		readonly key: string,
		stored: unknown,
		options: WindowOptions = {},
	) {
		this.overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
		this.maxSeen = options.maxSeen ?? DEFAULT_MAX_SEEN;
		const state = isPollState(stored) && stored.key === key ? stored : undefined;
		this.baseline = state === undefined;
		this.watermark = state?.watermark ?? null;
		this.horizon = state?.horizon ?? null;
		for (const [id, time] of state?.seen ?? []) this.seen.set(id, time);
	}

	/** new: emit it; known: seen before; old: from before the horizon (or the baseline). */
	classify(item: WindowItem): 'new' | 'known' | 'old' {
		if (this.seen.has(item.id)) return 'known';
		if (item.time !== undefined && this.horizon !== null && item.time < this.horizon) return 'old';
		return 'new';
	}

	/** Remember an item (emitted now, or part of the baseline). */
	remember(item: WindowItem): void {
		this.seen.set(item.id, item.time ?? null);
		if (item.time !== undefined && (this.watermark === null || item.time > this.watermark)) {
			this.watermark = item.time;
		}
	}

	/** The lowest time that still counts, once the items remembered so far are taken into account. */
	currentHorizon(): number | null {
		if (this.watermark === null) return this.horizon;
		const fromWatermark = this.watermark - this.overlapMs;
		return this.horizon === null ? fromWatermark : Math.max(this.horizon, fromWatermark);
	}

	/**
	 * Whether to read the next page after one with these counts: go on while a page brings
	 * anything new or pending, or while its items are all still inside the overlap window
	 * (untimed items: until a page brings nothing new).
	 */
	shouldContinue(page: { newCount: number; pendingCount: number; items: WindowItem[] }): boolean {
		// On the baseline every item is "new": read just the overlap window, so later polls know
		// the ids that may be listed again.
		if ((!this.baseline && page.newCount > 0) || page.pendingCount > 0) return true;
		if (page.items.length === 0) return false;
		const horizon = this.currentHorizon();
		if (horizon === null) return false;
		const times = page.items.map((i) => i.time);
		if (times.some((t) => t === undefined)) return false;
		return Math.min(...(times as number[])) >= horizon;
	}

	/** The bounded state to store: ids below the horizon dropped, at most maxSeen kept. */
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
		return { v: 1, key: this.key, watermark: this.watermark, horizon, seen: entries };
	}
}
