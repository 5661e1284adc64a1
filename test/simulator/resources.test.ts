/**
 * The simulator's feed, saved views and outbound modules over HTTP (independent of the node's
 * code): cursor pages, filters, validation, sends moving over time, idempotency, schedules.
 */
import { sleep } from 'n8n-workflow';

import { startSimulator, type Simulator } from './simulator';

let sim: Simulator;
/** Set by a test to move the simulator's clock by hand (no timing races under load). */
let fakeNow: number | undefined;
beforeAll(async () => {
	sim = await startSimulator({ sendStepMs: 30, now: () => fakeNow ?? Date.now() });
});
afterAll(async () => await sim.close());
beforeEach(() => {
	fakeNow = undefined;
	sim.reset();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests pick the fields they check
type Json = any;
const auth = { authorization: 'Bearer sim-valid-token', 'content-type': 'application/json' };
async function call(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: auth,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json().catch(() => null)) as Json };
}
const GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
const FAILING = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e04';

describe('feed', () => {
	it('pages with an opaque keyset cursor; items added meanwhile do not shift the pages still to read', async () => {
		const first = await call('GET', '/v2/messages?page_size=10');
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
		sim.messages.addMessage();
		const second = await call('GET', `/v2/messages?page_size=10&cursor=${first.body.next_cursor}`);
		const ids = [...first.body.items, ...second.body.items].map((m: { id: string }) => m.id);
		expect(new Set(ids).size).toBe(20);
		const times = [...first.body.items, ...second.body.items].map(
			(m: { first_seen_at_ms: number }) => m.first_seen_at_ms,
		);
		expect([...times].sort((a, b) => b - a)).toEqual(times);
	});

	it('caps pages at the configured size (PUT /__sim/paging)', async () => {
		await fetch(`${sim.url}/__sim/paging`, {
			method: 'PUT',
			body: JSON.stringify({ page_size: 3 }),
		});
		const page = await call('GET', '/v2/messages?page_size=50');
		expect(page.body.items).toHaveLength(3);
	});

	it.each([
		['/v2/messages?page_size=0', 'page_size'],
		['/v2/messages?page_size=201', 'page_size'],
		['/v2/messages?cursor=bogus', 'cursor'],
		['/v2/messages?q=ab', 'q'],
		['/v2/messages?intent=selling,lunch', 'intent'],
		['/v2/messages?search_mode=fuzzy', 'search_mode'],
		['/v2/messages?group_id=abc', 'group_id'],
		['/v2/messages?unknown=1', 'unknown'],
	])('%s → 422 naming %s', async (path, field) => {
		const r = await call('GET', path);
		expect(r.status).toBe(422);
		expect(r.body.error.field).toBe(field);
	});

	it('gains messages on demand (POST /__sim/messages) and over time (PUT /__sim/messages/auto)', async () => {
		const before = sim.messages.messages.size;
		const added = await fetch(`${sim.url}/__sim/messages`, {
			method: 'POST',
			body: JSON.stringify({ count: 2 }),
		});
		expect(((await added.json()) as { added: unknown[] }).added).toHaveLength(2);
		await fetch(`${sim.url}/__sim/messages/auto`, {
			method: 'PUT',
			body: JSON.stringify({ every_ms: 20 }),
		});
		await sleep(70);
		await call('GET', '/v2/messages');
		expect(sim.messages.messages.size).toBeGreaterThanOrEqual(before + 4);
	});

	it('filters by text, intent, group and saved view; occurrences of a message', async () => {
		const m = sim.messages.addMessage({
			text: 'WTS Rolex Explorer II',
			intent: 'selling',
			group_ids: [GROUP],
		});
		const r = await call(
			'GET',
			`/v2/messages?q=explorer%20rolex&intent=selling&group_id=${GROUP}&page_size=200`,
		);
		expect(r.body.items.map((i: { id: string }) => i.id)).toContain(m.id);
		const exact = await call(
			'GET',
			'/v2/messages?q=explorer%20rolex&search_mode=exact&page_size=200',
		);
		expect(exact.body.items.map((i: { id: string }) => i.id)).not.toContain(m.id);
		const viewed = await call(
			'GET',
			'/v2/messages?view_id=9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c02&page_size=200',
		);
		expect(viewed.body.items.map((i: { id: string }) => i.id)).not.toContain(m.id); // the Buyers view
		const occ = await call('GET', `/v2/messages/${m.id}/occurrences`);
		expect(occ.body.items).toEqual([
			expect.objectContaining({ canonical_message_id: m.id, group_id: GROUP }),
		]);
	});
});

describe('saved views', () => {
	it('previews with cursor and page_size in the body; unknown fields → 422; unknown view → 404', async () => {
		const r = await call('POST', '/v2/views/9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01/preview', {
			page_size: 2,
		});
		expect(r.body.items).toHaveLength(2);
		const next = await call('POST', '/v2/views/9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01/preview', {
			page_size: 2,
			cursor: r.body.next_cursor,
		});
		expect(next.status).toBe(200);
		expect(
			(await call('POST', '/v2/views/9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01/preview', { limit: 2 }))
				.status,
		).toBe(422);
		expect(
			(await call('POST', '/v2/views/9b2d7c4e-1a3f-4e5d-8c6b-000000000000/preview', {})).status,
		).toBe(404);
	});
});

describe('outbound', () => {
	let sending: string;
	beforeEach(() => {
		const s = [...sim.sessions.values()].find((x) => x.role === 'sending');
		if (!s) throw new Error('no sending session');
		s.session_status = 'WORKING';
		sending = s.session_id;
		sim.outbound.settings.stepMs = 30;
	});
	const body = (extra: Record<string, unknown> = {}) => ({
		session_id: sending,
		group_ids: [GROUP],
		idempotency_key: 'k',
		text: 'hi',
		...extra,
	});

	it.each([
		[{ group_ids: [] }, 'group_ids'],
		[{ idempotency_key: '' }, 'idempotency_key'],
		[{ text: 'x'.repeat(4097) }, 'text'],
		[{ text: undefined }, 'text'],
		[{ media: Array.from({ length: 11 }, () => ({ url: 'https://x/y.jpg' })) }, 'media'],
		[{ schedule: { first_run_at_ms: 1, max_occurrences: 2 } }, 'schedule.interval_ms'],
		[{ extra: 1 }, 'extra'],
	])('refuses %j (422 on %s)', async (extra, field) => {
		const r = await call('POST', '/v2/outbound/sends', body(extra));
		expect(r.status).toBe(422);
		expect(r.body.error.field).toBe(field);
	});

	it('refuses a receiving session (422) and a sending one that is not WORKING (409)', async () => {
		const receiving = [...sim.sessions.values()].find((x) => x.role === 'receiving');
		expect(
			(await call('POST', '/v2/outbound/sends', body({ session_id: receiving?.session_id })))
				.status,
		).toBe(422);
		const s = sim.sessions.get(sending);
		if (s) s.session_status = 'SCAN_QR_CODE';
		expect((await call('POST', '/v2/outbound/sends', body())).status).toBe(409);
	});

	it('moves a send queued → sending → partial_failed over time; the same key again is duplicate_accepted', async () => {
		fakeNow = Date.now();
		const r = await call('POST', '/v2/outbound/sends', body({ group_ids: [GROUP, FAILING] }));
		expect(r.body).toMatchObject({ status: 'accepted', send: { status: 'queued' } });
		const id = r.body.send.send_id;
		expect((await call('GET', `/v2/outbound/sends/${id}`)).body.status).toBe('queued');
		fakeNow += 40;
		expect((await call('GET', `/v2/outbound/sends/${id}`)).body.status).toBe('sending');
		fakeNow += 40;
		const done = (await call('GET', `/v2/outbound/sends/${id}`)).body;
		expect(done.status).toBe('partial_failed');
		expect(done.completed_at_ms).toEqual(expect.any(Number));
		const again = await call('POST', '/v2/outbound/sends', body({ group_ids: [GROUP, FAILING] }));
		expect(again.body).toMatchObject({ status: 'duplicate_accepted', send: { send_id: id } });
		expect(sim.outbound.sends.size).toBe(1);
	});

	it('runs a schedule at its times, lists it, and cancels it (then duplicate_accepted)', async () => {
		const r = await call(
			'POST',
			'/v2/outbound/sends',
			body({ schedule: { first_run_at_ms: Date.now(), interval_ms: 1000, max_occurrences: 3 } }),
		);
		const id = r.body.schedule.schedule_id;
		const s = (await call('GET', `/v2/outbound/schedules/${id}`)).body;
		expect(s).toMatchObject({
			status: 'running',
			run_count: 1,
			runs: [expect.objectContaining({ occurrence_number: 1 })],
		});
		expect(s).not.toHaveProperty('body');
		const list = await call('GET', `/v2/outbound/schedules?session_id=${sending}&status=running`);
		expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
		expect((await call('DELETE', `/v2/outbound/schedules/${id}`)).body.status).toBe('accepted');
		expect((await call('DELETE', `/v2/outbound/schedules/${id}`)).body.status).toBe(
			'duplicate_accepted',
		);
	});

	it('the lost-answer fault stores the send but drops the connection', async () => {
		sim.queueFaults('lost-answer');
		await expect(call('POST', '/v2/outbound/sends', body())).rejects.toThrow();
		expect(sim.outbound.sends.size).toBe(1);
	});
});
