/**
 * The WatchCollect Trigger polled through n8n-core's PollContext against the simulator: the
 * baseline, paging through everything new, de-duplication, out-of-order arrivals, a failing poll
 * that the next one catches up on, the manual test run, bounded state, and every event.
 */
import { NodeApiError, NodeOperationError, sleep, type IDataObject } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../simulator/simulator';
import { createPollHarness } from '../../support/execute-workflow';
import type { PollState } from '../../../nodes/WatchCollectTrigger/pollWindow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const harness = (parameters: IDataObject) =>
	createPollHarness({
		parameters,
		credentials: { accessToken: 'sim-valid-token', baseUrl: sim.url },
	});
const ids = (result: Awaited<ReturnType<ReturnType<typeof harness>['poll']>>) =>
	(result?.[0] ?? []).map((item) => item.json.id as string);
const add = (count: number, spec: IDataObject = {}) => {
	const added = [];
	for (let i = 0; i < count; i++) added.push(sim.messages.addMessage(spec));
	return added.map((m) => m.id);
};
const feedRequests = () => sim.requests.filter((r) => r.path === '/v2/messages');
const state = (h: ReturnType<typeof harness>) =>
	h.staticData().watchCollectPoll as unknown as PollState;

describe('New Message', () => {
	it('sets a baseline on the first poll and emits nothing, even with 30 messages in the feed', async () => {
		const h = harness({ event: 'newMessage' });
		expect(await h.poll()).toBeNull();
		expect(state(h).seen.length).toBeGreaterThan(0);
		expect(await h.poll()).toBeNull();
	});

	it('pages through every new message (more than a page), oldest first, and never emits one twice', async () => {
		sim.paging.settings.maxPageSize = 3;
		const h = harness({ event: 'newMessage' });
		expect(await h.poll()).toBeNull();
		const added = add(7);
		sim.requests.length = 0;
		const first = await h.poll();
		expect(ids(first)).toEqual(added); // added in order, emitted oldest first
		// 7 new over pages of 3, then one page that is all known and older than the window
		expect(feedRequests().length).toBeGreaterThanOrEqual(3);
		expect(feedRequests()[0].query.page_size).toBe('100');
		expect(feedRequests()[1].query.cursor).toEqual(expect.any(String));
		expect(await h.poll()).toBeNull();
		const more = add(2);
		expect(ids(await h.poll())).toEqual(more);
	});

	it('emits a message that arrives out of order (listed below messages already seen)', async () => {
		sim.paging.settings.maxPageSize = 3;
		const h = harness({ event: 'newMessage' });
		await h.poll();
		const before = add(4);
		expect(ids(await h.poll())).toEqual(before);
		// first seen 30 s before the newest one: the feed lists it on the second page
		const [late] = add(1, { late_by_ms: 30_000 });
		const position = sim.messages.sorted().findIndex((m) => m.card.id === late);
		expect(position).toBeGreaterThanOrEqual(3);
		expect(ids(await h.poll())).toEqual([late]);
		expect(await h.poll()).toBeNull();
	});

	it('a failing poll throws (n8n records it) and the next poll emits what arrived meanwhile', async () => {
		const h = harness({ event: 'newMessage' });
		await h.poll();
		const added = add(3);
		sim.queueFaults('500');
		await expect(h.poll()).rejects.toThrow(NodeApiError);
		await expect(
			(async () => {
				sim.queueFaults('500');
				await h.poll();
			})(),
		).rejects.toThrow(/server error \(500\)/);
		const later = add(2);
		expect(ids(await h.poll())).toEqual([...added, ...later]);
	});

	it('a fault on the second page loses nothing: the poll fails as a whole and is repeated', async () => {
		sim.paging.settings.maxPageSize = 2;
		const h = harness({ event: 'newMessage' });
		await h.poll();
		const added = add(5);
		// the second page of the next poll answers 500
		const route = sim.messages.route;
		let calls = 0;
		sim.messages.route = (...args: Parameters<typeof route>) => {
			if (args[1].pathname === '/v2/messages' && ++calls === 2) {
				return { status: 500, body: { error: { message: 'second page failed' } } };
			}
			return route(...args);
		};
		try {
			await expect(h.poll()).rejects.toThrow(/server error \(500\): second page failed/);
		} finally {
			sim.messages.route = route;
		}
		expect(calls).toBe(2);
		expect(ids(await h.poll())).toEqual(added);
	});

	it('a manual test run returns the latest message and leaves the state alone', async () => {
		const h = harness({ event: 'newMessage' });
		await h.poll();
		const before = JSON.stringify(h.staticData());
		const [newest] = add(1).slice(-1);
		const result = await h.poll('manual');
		expect(ids(result)).toEqual([newest]);
		expect(JSON.stringify(h.staticData())).toBe(before);
		// the trigger still emits it on the next real poll
		expect(ids(await h.poll())).toEqual([newest]);
	});

	it('a manual test run with nothing to show returns null (no baseline needed)', async () => {
		const h = harness({ event: 'newMessage', filters: { q: 'nothing matches this' } });
		expect(await h.poll('manual')).toBeNull();
	});

	it('passes the filters to the feed and starts a new baseline when they change', async () => {
		const h = harness({ event: 'newMessage', filters: { intent: ['selling'], q: 'rolex' } });
		await h.poll();
		expect(feedRequests()[0].query).toMatchObject({ intent: 'selling', q: 'rolex' });
		const [selling] = add(1, { text: 'WTS Rolex GMT 126710BLRO', intent: 'selling' });
		add(1, { text: 'WTB Rolex GMT', intent: 'buying' });
		expect(ids(await h.poll())).toEqual([selling]);

		const other = createPollHarness({
			parameters: { event: 'newMessage', filters: { intent: ['buying'] } },
			credentials: { accessToken: 'sim-valid-token', baseUrl: sim.url },
		});
		Object.assign(other.staticData(), h.staticData()); // the state of other filters
		expect(await other.poll()).toBeNull(); // a new baseline, not a flood
	});

	it('refuses bad filters before any request, naming the field', async () => {
		const h = harness({ event: 'newMessage', filters: { q: 'ab' } });
		sim.requests.length = 0;
		await expect(h.poll()).rejects.toThrow(NodeOperationError);
		await expect(h.poll()).rejects.toThrow(/Filters › Search Text \(q\): 'ab' is too short/);
		expect(sim.requests).toHaveLength(0);
	});

	it('keeps its state bounded (1000 ids) and still never emits twice', async () => {
		sim.paging.settings.maxPageSize = 200;
		const h = harness({ event: 'newMessage' });
		await h.poll();
		const added = add(1200);
		const emitted = ids(await h.poll());
		expect(emitted).toHaveLength(1200);
		expect(new Set(emitted).size).toBe(1200);
		expect(emitted).toEqual(added);
		expect(state(h).seen.length).toBeLessThanOrEqual(1000);
		expect(JSON.stringify(h.staticData()).length).toBeLessThan(100_000);
		expect(await h.poll()).toBeNull();
		const more = add(3);
		expect(ids(await h.poll())).toEqual(more);
	});

	it('works with the feed growing on its own over time', async () => {
		const h = harness({ event: 'newMessage' });
		await h.poll();
		sim.messages.addMessage();
		const result = await h.poll();
		expect(result?.[0]).toHaveLength(1);
		expect(result?.[0][0].json).toMatchObject({
			id: expect.any(String),
			message_text: expect.any(String),
		});
	});
});

describe('New Saved View Item', () => {
	const VIEW = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01'; // Rolex for sale
	const LISTINGS = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c03';

	it('emits only new items the view matches, through POST …/preview with the cursor in the body', async () => {
		sim.paging.settings.maxPageSize = 2;
		const h = harness({ event: 'newViewItem', viewId: VIEW });
		expect(await h.poll()).toBeNull();
		const [match] = add(1, { text: 'WTS Rolex Explorer 124270', intent: 'selling' });
		add(1, { text: 'WTS Omega Seamaster', intent: 'selling' });
		sim.requests.length = 0;
		expect(ids(await h.poll())).toEqual([match]);
		const previews = sim.requests.filter((r) => r.path === `/v2/views/${VIEW}/preview`);
		expect(previews[0]).toMatchObject({ method: 'POST', body: { page_size: 100 } });
		expect(previews[1].body).toMatchObject({ cursor: expect.any(String) });
	});

	it('works for a listing view whose item shape the contract does not give', async () => {
		const h = harness({ event: 'newViewItem', viewId: LISTINGS });
		await h.poll();
		// the simulator's listing view shows selling messages that name a watch
		const added = add(8, { intent: 'selling' }).filter(
			(id) => sim.messages.messages.get(id)?.listing.brand !== undefined,
		);
		expect(added.length).toBeGreaterThan(0);
		const result = await h.poll();
		expect(ids(result).sort()).toEqual([...added].sort());
		expect(result?.[0][0].json).toMatchObject({
			brand: expect.any(String),
			message_id: expect.any(String),
		});
	});

	it('refuses a view ID that is not a UUID', async () => {
		await expect(harness({ event: 'newViewItem', viewId: 'rolex' }).poll()).rejects.toThrow(
			/Saved View ID \(viewId\): must be a saved view ID/,
		);
	});

	it('a view that does not exist is an API error (404)', async () => {
		await expect(
			harness({ event: 'newViewItem', viewId: '9b2d7c4e-1a3f-4e5d-8c6b-000000000000' }).poll(),
		).rejects.toThrow(/could not find it \(404\)/);
	});
});

describe('Send Finished', () => {
	const GROUP_OK = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
	const GROUP_FAILS = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e04';
	let sending: string;
	const post = async (groups: string[], key: string) => {
		const response = await fetch(`${sim.url}/v2/outbound/sends`, {
			method: 'POST',
			headers: { authorization: 'Bearer sim-valid-token', 'content-type': 'application/json' },
			body: JSON.stringify({
				session_id: sending,
				group_ids: groups,
				idempotency_key: key,
				text: 'hi',
			}),
		});
		return ((await response.json()) as { send: { send_id: string } }).send.send_id;
	};
	beforeEach(() => {
		const session = [...sim.sessions.values()].find((s) => s.role === 'sending');
		if (!session) throw new Error('no sending session');
		session.session_status = 'WORKING';
		sending = session.session_id;
		sim.outbound.settings.stepMs = 1000; // long enough for a poll under load
	});
	const wait = async (ms: number) => await sleep(ms);

	it('emits each send once when it reaches sent, failed or partial_failed; one queued at the baseline too', async () => {
		const already = await post([GROUP_OK], 'a');
		await wait(2100);
		const inFlight = await post([GROUP_OK, GROUP_FAILS], 'b');
		const h = harness({ event: 'sendFinished' });
		expect(await h.poll()).toBeNull(); // `a` is finished already: baseline; `b` is queued
		const failing = await post([GROUP_FAILS], 'c');
		expect(await h.poll()).toBeNull(); // nothing finished yet
		await wait(2100);
		const result = await h.poll();
		expect(ids(result).sort()).toEqual([inFlight, failing].sort());
		expect(ids(result)).not.toContain(already);
		const statuses = Object.fromEntries((result?.[0] ?? []).map((i) => [i.json.id, i.json.status]));
		expect(statuses).toEqual({ [inFlight]: 'partial_failed', [failing]: 'failed' });
		expect(await h.poll()).toBeNull();
	});

	it('emits only the statuses chosen', async () => {
		const h = harness({ event: 'sendFinished', sendStatuses: ['failed'] });
		await h.poll();
		await post([GROUP_OK], 'ok');
		const failing = await post([GROUP_FAILS], 'bad');
		await wait(2100);
		expect(ids(await h.poll())).toEqual([failing]);
	});

	it('refuses a session ID that is not a UUID, and statuses that are not end states, before any request', async () => {
		sim.requests.length = 0;
		await expect(
			harness({ event: 'sendFinished', sendSessionId: 'my phone' }).poll(),
		).rejects.toThrow(/Session ID \(sendSessionId\): 'my phone' is not a session ID/);
		await expect(
			harness({ event: 'sendFinished', sendStatuses: ['queued'] }).poll(),
		).rejects.toThrow(/Statuses \(sendStatuses\): 'queued' is not allowed/);
		expect(sim.requests).toHaveLength(0);
	});

	it('filters by session (session_id in the query)', async () => {
		const h = harness({ event: 'sendFinished', sendSessionId: sending });
		await h.poll();
		expect(sim.requests.at(-1)?.query).toMatchObject({ session_id: sending });
	});
});

describe('Session Status Changed', () => {
	it('emits a session whose status changed, with the previous status, after a baseline', async () => {
		const h = harness({ event: 'sessionStatusChanged' });
		expect(await h.poll()).toBeNull();
		const session = [...sim.sessions.values()].find((s) => s.session_status === 'SCAN_QR_CODE');
		if (!session) throw new Error('no session to pair');
		session.session_status = 'WORKING';
		const result = await h.poll();
		expect(result?.[0].map((i) => i.json)).toEqual([
			expect.objectContaining({
				session_id: session.session_id,
				session_status: 'WORKING',
				previous_session_status: 'SCAN_QR_CODE',
			}),
		]);
		expect(await h.poll()).toBeNull();
	});

	it('watches only the statuses chosen', async () => {
		const h = harness({ event: 'sessionStatusChanged', sessionStatuses: ['FAILED'] });
		await h.poll();
		const [a, b] = [...sim.sessions.values()];
		a.session_status = 'WORKING';
		b.session_status = 'FAILED';
		expect(result(await h.poll())).toEqual([b.session_id]);
	});

	it('reads a session list in loose answers (one-item cursor pages, `id` instead of `session_id`)', async () => {
		sim.setAnswers('loose');
		try {
			const h = harness({ event: 'sessionStatusChanged' });
			expect(await h.poll()).toBeNull();
			const session = [...sim.sessions.values()].find((s) => s.session_status === 'SCAN_QR_CODE');
			if (!session) throw new Error('no session to pair');
			session.session_status = 'WORKING';
			sim.requests.length = 0;
			const changed = await h.poll();
			expect(changed?.[0].map((i) => [i.json.session_id, i.json.previous_session_status])).toEqual([
				[session.session_id, 'SCAN_QR_CODE'],
			]);
			// every session was read, one page each
			const pages = sim.requests.filter((r) => r.path === '/v2/sessions');
			expect(pages.length).toBeGreaterThanOrEqual(sim.sessions.size);
			expect(await h.poll()).toBeNull();
		} finally {
			sim.setAnswers('examples');
		}
	});

	const result = (r: Awaited<ReturnType<ReturnType<typeof harness>['poll']>>) =>
		(r?.[0] ?? []).map((i) => i.json.session_id);
});
