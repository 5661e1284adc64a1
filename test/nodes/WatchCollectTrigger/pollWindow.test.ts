/** The trigger's memory between polls, on its own: what is new, when to read on, what is kept. */
import { PollWindow, type PollState } from '../../../nodes/WatchCollectTrigger/pollWindow';

const OVERLAP = 1000;
const make = (stored?: unknown, key = 'k', maxSeen = 5) =>
	new PollWindow(key, stored, { overlapMs: OVERLAP, maxSeen });

describe('PollWindow', () => {
	it('starts a baseline without state, with a state of another key, or with garbage', () => {
		expect(make().baseline).toBe(true);
		const state = make().toState();
		expect(make(state).baseline).toBe(false);
		expect(make(state, 'other').baseline).toBe(true);
		expect(make({ v: 3, key: 'k', seen: [] }).baseline).toBe(true);
		// a state written before pending ids were kept (v1) goes on without a new baseline
		expect(make({ v: 1, key: 'k', watermark: 5, horizon: 1, seen: [['a', 5]] }).baseline).toBe(
			false,
		);
		expect(make('nonsense').baseline).toBe(true);
	});

	it('an id seen before is known; an unseen one within the window is new; one below the horizon is old', () => {
		const first = make();
		first.remember({ id: 'a', time: 10_000 });
		const next = make(first.toState());
		expect(next.classify({ id: 'a', time: 10_000 })).toBe('known');
		expect(next.classify({ id: 'late', time: 9_500 })).toBe('new'); // within the overlap
		expect(next.classify({ id: 'ancient', time: 8_000 })).toBe('old');
		expect(next.classify({ id: 'untimed' })).toBe('new');
	});

	it('reads on while a page brings new or pending items or stays inside the window', () => {
		const w = make(make().toState());
		w.remember({ id: 'n', time: 10_000 });
		const items = [{ id: 'x', time: 9_800 }];
		expect(w.shouldContinue({ newCount: 1, pendingCount: 0, items })).toBe(true);
		expect(w.shouldContinue({ newCount: 0, pendingCount: 1, items })).toBe(true);
		expect(w.shouldContinue({ newCount: 0, pendingCount: 0, items })).toBe(true); // 9800 ≥ 9000
		expect(
			w.shouldContinue({ newCount: 0, pendingCount: 0, items: [{ id: 'y', time: 8_000 }] }),
		).toBe(false);
		expect(w.shouldContinue({ newCount: 0, pendingCount: 0, items: [{ id: 'z' }] })).toBe(false);
		expect(w.shouldContinue({ newCount: 0, pendingCount: 0, items: [] })).toBe(false);
	});

	it('on the baseline, reads only the overlap window even though every item is "new"', () => {
		const w = make();
		w.remember({ id: 'a', time: 10_000 });
		expect(
			w.shouldContinue({ newCount: 3, pendingCount: 0, items: [{ id: 'b', time: 8_000 }] }),
		).toBe(false);
	});

	it('keeps at most maxSeen ids and raises the horizon over the ones it forgets', () => {
		const w = make();
		for (let t = 1; t <= 8; t++) w.remember({ id: `m${t}`, time: 100_000 + t });
		const state: PollState = w.toState();
		expect(state.seen.map(([id]) => id)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8']);
		expect(state.horizon).toBe(100_004); // the newest forgotten (m3) + 1
		const next = make(state);
		expect(next.classify({ id: 'm3', time: 100_003 })).toBe('old');
		expect(next.classify({ id: 'm9', time: 100_009 })).toBe('new');
	});

	it('forgets ids below the horizon; the state stays plain JSON', () => {
		const w = make(undefined, 'k', 100);
		w.remember({ id: 'old', time: 1_000 });
		w.remember({ id: 'new', time: 5_000 });
		const state = w.toState();
		expect(state.seen).toEqual([['new', 5_000]]);
		expect(JSON.parse(JSON.stringify(state))).toEqual(state);
	});

	it('an item with an old time but a new activity (a re-post) is not new, yet keeps the poll reading', () => {
		const w = make(make().toState());
		w.take({ id: 'a', time: 100_000, activity: 100_000 }, 'final');
		const next = make(w.toState());
		const repost = { id: 'offer', time: 10_000, activity: 100_500 };
		expect(next.take(repost, 'final')).toBe(false);
		expect(next.classify(repost)).toBe('old');
		// a whole page of re-posts: nothing new, but active inside the window: read on
		expect(next.shouldContinue({ newCount: 0, pendingCount: 0, items: [repost] })).toBe(true);
		// the same offer by its time alone would have ended the poll
		expect(
			next.shouldContinue({ newCount: 0, pendingCount: 0, items: [{ id: 'x', time: 10_000 }] }),
		).toBe(false);
	});

	it('every item read moves the watermark (and so the horizon), new or not', () => {
		const w = make(make().toState());
		w.take({ id: 'a', time: 10_000 }, 'final');
		w.take({ id: 'offer', time: 1_000, activity: 50_000 }, 'final'); // old, not remembered
		const state = w.toState();
		expect(state.watermark).toBe(50_000);
		expect(state.horizon).toBe(49_000);
		expect(state.seen).toEqual([]); // 'a' (10 000) is below the horizon now: forgotten
	});

	it('a pending item is looked for on the next polls until it is listed again, then emitted when final even below the horizon', () => {
		const w = make(make().toState());
		w.take({ id: 'send', time: 1_000 }, 'pending');
		const next = make(w.toState());
		expect(next.outstanding()).toBe(1);
		const oldPage = { newCount: 0, pendingCount: 0, items: [{ id: 'x', time: 0 }] };
		expect(next.shouldContinue(oldPage)).toBe(true); // still looking for it
		// finished long after: its time is below the horizon, and it is still new
		next.take({ id: 'y', time: 90_000 }, 'final');
		expect(next.take({ id: 'send', time: 2_000 }, 'final')).toBe(true);
		expect(next.outstanding()).toBe(0);
		expect(next.shouldContinue(oldPage)).toBe(false);
		expect(next.toState().pending).toEqual([]);
	});

	it('forgets a pending id the whole list no longer has, one older than a day, and keeps at most maxPending', () => {
		const w = new PollWindow('k', undefined, { maxPending: 3, pendingForMs: 10_000 });
		for (let i = 1; i <= 5; i++) w.take({ id: `p${i}`, time: 100_000 + i }, 'pending');
		expect(w.toState().pending.map(([id]) => id)).toEqual(['p3', 'p4', 'p5']);
		const next = new PollWindow('k', w.toState(), { maxPending: 3, pendingForMs: 10_000 });
		next.take({ id: 'p4', time: 100_004 }, 'pending');
		next.finish(true); // the list ended without p3 and p5
		expect(next.toState().pending.map(([id]) => id)).toEqual(['p4']);
		next.take({ id: 'late', time: 200_000 }, 'final'); // a day (here: 10 s) later
		expect(next.toState().pending).toEqual([]);
		// a poll that stopped early (page cap) keeps looking
		const capped = new PollWindow('k', w.toState(), { maxPending: 3 });
		capped.finish(false);
		expect(capped.toState().pending).toHaveLength(3);
	});

	it('by default the window is 10 minutes: an item first seen 9:59 before the newest activity is new, one 10:01 before is old', () => {
		const first = new PollWindow('k', undefined); // the defaults the trigger uses
		first.take({ id: 'newest', time: 100 * 60_000 }, 'final');
		const next = new PollWindow('k', first.toState());
		expect(next.classify({ id: 'late', time: 100 * 60_000 - 599_000 })).toBe('new');
		expect(next.classify({ id: 'too-late', time: 100 * 60_000 - 601_000 })).toBe('old');
		expect(first.toState().horizon).toBe(90 * 60_000);
	});
});
