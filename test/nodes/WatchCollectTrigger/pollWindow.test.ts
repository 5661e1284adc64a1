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
		expect(make({ v: 2, key: 'k', seen: [] }).baseline).toBe(true);
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
});
