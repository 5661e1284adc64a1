/**
 * The loose answer style and the "lose the first answer" switch, over HTTP. The expected values
 * are written out here from the README's "Loose answers" table, not read from answers.js.
 */
import { startSimulator, type Simulator } from './simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ sendStepMs: 30, answers: 'loose' });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests pick the fields they check
type Json = any;
const auth = { authorization: 'Bearer sim-valid-token', 'content-type': 'application/json' };
async function call(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: auth,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, text, body: (text === '' ? null : JSON.parse(text)) as Json };
}
const GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
const EXTRA = 'x_unknown_field';
const seededId = (suffix: string) =>
	[...sim.sessions.values()].find((s) => s.waha_session_name.endsWith(suffix))!.session_id;
async function pairSending() {
	const id = seededId('-sending');
	await fetch(`${sim.url}/__sim/sessions/${id}`, {
		method: 'PUT',
		body: JSON.stringify({ session_status: 'WORKING' }),
	});
	return id;
}

describe('loose answers', () => {
	it('Create Session: absent optional fields are null, odd engine and auth_method, extra fields', async () => {
		const r = await call('POST', '/v2/sessions', {
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'qr',
		});
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({
			label: null,
			otp: null,
			sync_request_event_ids: null,
			event_ids: null,
			engine: 'GOWS_NEXT',
			auth_method: 'passkey',
			status: 'accepted',
			session_status: 'SCAN_QR_CODE',
			[EXTRA]: expect.any(String),
			x_unknown_object: expect.any(Object),
		});
		expect(r.body.qr).toMatchObject({
			value: expect.stringMatching(/^2@/),
			[EXTRA]: expect.any(String),
		});
		expect(Object.keys(r.body)).toEqual(expect.arrayContaining(['label', 'otp']));
	});

	it('session list: cursor pages of ONE item under items, id for session_id, has_more on every other page', async () => {
		const pages: Json[] = [];
		let cursor: string | null = null;
		do {
			const query: string = cursor ? `&cursor=${cursor}` : '';
			const r = await call('GET', `/v2/sessions?role=receiving${query}`);
			expect(r.status).toBe(200);
			pages.push(r.body);
			cursor = r.body.next_cursor;
		} while (cursor && pages.length < 10);
		expect(pages).toHaveLength(2); // two seeded receiving sessions
		for (const page of pages) {
			expect(page.items).toHaveLength(1);
			expect(page.sessions).toBeUndefined();
			expect(page.items[0].session_id).toBeUndefined();
			expect(page.items[0].id).toMatch(/^[0-9a-f-]{36}$/);
			expect(page.items[0]).toMatchObject({ role: 'receiving', label: null, engine: 'GOWS_NEXT' });
		}
		expect(pages[0]).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
		expect('has_more' in pages[1]).toBe(false);
		expect(pages[1].next_cursor).toBeNull();
		const ids = pages.map((p) => p.items[0].id).sort();
		const expected = [...sim.sessions.values()]
			.filter((s) => s.role === 'receiving')
			.map((s) => s.session_id)
			.sort();
		expect(ids).toEqual(expected);
		expect((await call('GET', '/v2/sessions?role=receiving&cursor=bogus')).status).toBe(422);
	});

	it('QR is {value}; request-code method is null; start and sync are 204 without a body but act', async () => {
		const id = seededId('-receiving');
		const qr = await call('GET', `/v2/sessions/${id}/auth/qr`);
		expect(qr.body.qr).toBeUndefined();
		expect(qr.body.value).toMatch(/^2@/);
		const code = await call('POST', `/v2/sessions/${id}/auth/request-code`, {
			phone_number: '31612345678',
		});
		expect(code.body).toMatchObject({
			method: null,
			code: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/),
		});
		const start = await call('POST', `/v2/sessions/${id}/start`);
		expect(start).toMatchObject({ status: 204, text: '' });
		expect(sim.sessions.get(id)?.session_status).toBe('STARTING');
		expect(await call('POST', `/v2/sessions/${id}/sync`)).toMatchObject({ status: 204, text: '' });
	});

	it('messages and previews: nulls, odd intent and classification, extra fields on items and envelope', async () => {
		const r = await call('GET', '/v2/messages?page_size=5');
		expect(r.body).toMatchObject({ has_more: true, [EXTRA]: expect.any(String) });
		for (const card of r.body.items) {
			expect(card).toMatchObject({
				intent: 'swap',
				classification_status: 'reprocessing',
				[EXTRA]: expect.any(String),
			});
			expect(card.sender).toMatchObject({
				lid: null,
				country_prefix: null,
				[EXTRA]: expect.any(String),
			});
		}
		const listings = await call(
			'POST',
			'/v2/views/9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c03/preview',
			{},
		);
		expect(listings.body.items.length).toBeGreaterThan(0);
		for (const item of listings.body.items) {
			expect(item).toMatchObject({
				reference: null,
				price: null,
				price_eur_minor: null,
				id: expect.any(String),
			});
		}
	});

	it('outbound: the other of send/schedule is null, odd statuses where no client branches, nullable fields null', async () => {
		const session_id = await pairSending();
		const sent = await call('POST', '/v2/outbound/sends', {
			session_id,
			group_ids: [GROUP],
			idempotency_key: 'k1',
			text: 'hi',
		});
		expect(sent.body).toMatchObject({ status: 'accepted', schedule: null });
		expect(sent.body.send).toMatchObject({ status: 'enqueued', event_ids: null });
		expect(sent.body.send.results[0].status).toBe('enqueued');
		const list = await call('GET', '/v2/outbound/sends');
		expect(list.body.items[0]).toMatchObject({
			text: null,
			client_idempotency_key: null,
			session_label: null,
			source_type: 'api_v2',
			status: expect.stringMatching(/^(queued|sending|sent)$/), // kept: a poller branches on it
		});
		const scheduled = await call('POST', '/v2/outbound/sends', {
			session_id,
			group_ids: [GROUP],
			idempotency_key: 'k2',
			text: 'later',
			schedule: { first_run_at_ms: Date.now() + 3_600_000 },
		});
		expect(scheduled.body).toMatchObject({ send: null, schedule: { status: 'waiting' } });
		const detail = await call(
			'GET',
			`/v2/outbound/schedules/${scheduled.body.schedule.schedule_id}`,
		);
		expect(detail.body).toMatchObject({ status: 'waiting', session_label: null });
		const cancel = await call(
			'DELETE',
			`/v2/outbound/schedules/${scheduled.body.schedule.schedule_id}`,
		);
		expect(cancel.body).toMatchObject({ status: 'accepted', event_ids: null });
	});

	it('other types: flags as 0/1, counts as texts, lists as one text, times as ISO texts; ids, statuses and trigger times as documented', async () => {
		const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
		const created = await call('POST', '/v2/sessions', { role: 'receiving', auth_method: 'qr' });
		expect(created.body).toMatchObject({
			created: 1,
			started: 1,
			webhook_configured: 1,
			sync_requested: expect.any(Number),
			session_id: expect.any(String),
			status: 'accepted',
		});
		const code = await call(
			'POST',
			`/v2/sessions/${seededId('-receiving-paired')}/auth/request-code`,
			{
				phone_number: '31612345678',
			},
		);
		expect(code.body).toMatchObject({ phone_number: 31612345678, code: expect.any(String) });

		const feed = await call('GET', '/v2/messages?page_size=2');
		const [card] = feed.body.items;
		expect(card).toMatchObject({
			id: expect.any(String),
			occurrence_count: expect.stringMatching(/^\d+$/),
			group_count: expect.stringMatching(/^\d+$/),
			group_names: expect.any(String),
			has_media: expect.any(Number),
			is_edited: 'false',
			first_seen_at_ms: expect.any(Number),
			last_seen_at_ms: expect.any(Number),
		});
		expect(feed.body.next_cursor).toEqual(expect.any(String));
		const occurrences = await call('GET', `/v2/messages/${card.id}/occurrences`);
		const [occurrence] = occurrences.body.items;
		expect(occurrence.group_name).toMatchObject({
			id: occurrence.group_id,
			name: expect.any(String),
		});
		expect(typeof occurrence.media_asset_ids).toBe('string');

		const session_id = await pairSending();
		const sent = await call('POST', '/v2/outbound/sends', {
			session_id,
			group_ids: [GROUP],
			text: 'hi',
			idempotency_key: 'other-types',
		});
		expect(sent.body.send.results[0].ok).toBe('true');
		const detail = await call('GET', `/v2/outbound/sends/${sent.body.send.send_id}`);
		expect(detail.body).toMatchObject({
			recipient_count: '1',
			text_length: '2',
			media_count: '0',
			media_urls: '',
			status: expect.any(String),
			requested_at_ms: expect.any(Number),
			updated_at_ms: expect.any(Number),
		});
		const first = Date.now() + 3_600_000;
		const scheduled = await call('POST', '/v2/outbound/sends', {
			session_id,
			group_ids: [GROUP],
			text: 'later',
			idempotency_key: 'other-types-schedule',
			schedule: { first_run_at_ms: first, interval_ms: 86_400_000, max_occurrences: 3 },
		});
		expect(scheduled.body.schedule).toMatchObject({
			interval_ms: '86400000',
			max_occurrences: '3',
			next_run_at_ms: new Date(first).toISOString(),
		});

		const listings = await call('POST', '/v2/market/listings/search', { page_size: 50 });
		const priced = listings.body.items.find((l: Json) => l.price !== null);
		expect(priced.price).toMatchObject({ amount_minor: expect.stringMatching(/^\d+$/) });
		expect(priced).toMatchObject({
			watch_index: expect.stringMatching(/^\d+$/),
			full_set_status: expect.any(String),
			created_at_ms: expect.any(Number),
			updated_at_ms: expect.any(Number),
			source: expect.objectContaining({
				occurrence_count: expect.stringMatching(/^\d+$/),
				first_seen_at_ms: expect.any(Number),
				last_seen_at_ms: expect.any(Number),
				is_hidden: false,
			}),
		});
		const references = await call('POST', '/v2/market/references/search', { page_size: 1 });
		expect(references.body.items[0]).toMatchObject({
			listing_count: expect.stringMatching(/^\d+$/),
			last_seen_at_ms: expect.stringMatching(ISO),
			display_min_price: { amount_minor: expect.stringMatching(/^\d+$/), currency: 'EUR' },
		});
		const facets = await call('POST', '/v2/market/facets', {});
		expect(facets.body.brands[0].count).toMatch(/^\d+$/);
		const classifications = await call('GET', '/v2/classifications?page_size=1');
		expect(classifications.body.items[0].created_at_ms).toMatch(ISO);
	});

	it('examples answers keep the documented types', async () => {
		sim.setAnswers('examples');
		const feed = await call('GET', '/v2/messages?page_size=1');
		expect(typeof feed.body.items[0].occurrence_count).toBe('number');
		expect(Array.isArray(feed.body.items[0].group_names)).toBe(true);
		const listings = await call('POST', '/v2/market/listings/search', { page_size: 50 });
		const priced = listings.body.items.find((l: Json) => l.price !== null);
		expect(typeof priced.price.amount_minor).toBe('number');
	});

	it('errors keep their shape; the style flips at runtime (POST /__sim/answers, setAnswers) and reset restores it', async () => {
		const bad = await call('POST', '/v2/sessions', { role: 'nope' });
		expect(bad.status).toBe(422);
		expect(bad.body[EXTRA]).toBeUndefined();
		const flip = await fetch(`${sim.url}/__sim/answers`, {
			method: 'POST',
			body: JSON.stringify({ style: 'examples' }),
		});
		expect(await flip.json()).toEqual({ style: 'examples' });
		const examples = await call('GET', '/v2/sessions?role=receiving');
		expect(examples.body.sessions).toHaveLength(2);
		expect(examples.body[EXTRA]).toBeUndefined();
		const refused = await fetch(`${sim.url}/__sim/answers`, {
			method: 'POST',
			body: JSON.stringify({ style: 'odd' }),
		});
		expect(refused.status).toBe(400);
		sim.reset();
		expect(sim.answers()).toBe('loose');
		sim.setAnswers('examples');
		const start = await call('POST', `/v2/sessions/${seededId('-receiving')}/start`);
		expect(start.status).toBe(200);
		expect(start.body.started).toBe(true);
		expect(() => sim.setAnswers('strange' as 'loose')).toThrow(/answer style/);
	});
});

describe('losing the first answer of each key', () => {
	const sendBody = (session_id: string, key: string) => ({
		session_id,
		group_ids: [GROUP],
		idempotency_key: key,
		text: 'x',
	});

	it('keyed-writes: every first POST /v2/outbound/sends per idempotency key is stored, its answer lost; a retry gets duplicate_accepted', async () => {
		const session_id = await pairSending();
		sim.loseFirstAnswers('keyed-writes');
		for (const key of ['a', 'b', 'c']) {
			await expect(call('POST', '/v2/outbound/sends', sendBody(session_id, key))).rejects.toThrow();
		}
		expect(sim.outbound.sends.size).toBe(3);
		for (const key of ['a', 'b', 'c']) {
			const retry = await call('POST', '/v2/outbound/sends', sendBody(session_id, key));
			expect(retry.body.status).toBe('duplicate_accepted');
		}
		expect(sim.outbound.sends.size).toBe(3);
		expect(sim.requests.map((r) => r.fault ?? null)).toEqual([
			'lost-answer',
			'lost-answer',
			'lost-answer',
			null,
			null,
			null,
		]);
		// a GET is not a keyed write
		expect((await call('GET', '/v2/outbound/sends')).status).toBe(200);
	});

	it('keyed-writes: the first DELETE of a schedule cancels it and loses the answer; the retry is duplicate_accepted', async () => {
		const session_id = await pairSending();
		const made = await call('POST', '/v2/outbound/sends', {
			...sendBody(session_id, 's1'),
			schedule: { first_run_at_ms: Date.now() + 3_600_000 },
		});
		await fetch(`${sim.url}/__sim/lose-first-answers`, {
			method: 'POST',
			body: JSON.stringify({ scope: 'keyed-writes' }),
		});
		const path = `/v2/outbound/schedules/${made.body.schedule.schedule_id}`;
		await expect(call('DELETE', path)).rejects.toThrow();
		expect(sim.outbound.schedules.get(made.body.schedule.schedule_id)?.status).toBe('canceled');
		expect((await call('DELETE', path)).body.status).toBe('duplicate_accepted');
	});

	it('every-request loses the first answer of each distinct request (GETs too); off with null; the plain lost-answer fault works on DELETE', async () => {
		sim.loseFirstAnswers('every-request');
		await expect(call('GET', '/v2/messages?page_size=2')).rejects.toThrow();
		expect((await call('GET', '/v2/messages?page_size=2')).status).toBe(200);
		await expect(call('GET', '/v2/messages?page_size=3')).rejects.toThrow();
		sim.loseFirstAnswers(null);
		expect((await call('GET', '/v2/messages?page_size=4')).status).toBe(200);
		expect(() => sim.loseFirstAnswers('some' as 'every-request')).toThrow(/scope/);

		const session_id = await pairSending();
		const made = await call('POST', '/v2/outbound/sends', {
			...sendBody(session_id, 's2'),
			schedule: { first_run_at_ms: Date.now() + 3_600_000 },
		});
		sim.queueFaults('lost-answer');
		await expect(
			call('DELETE', `/v2/outbound/schedules/${made.body.schedule.schedule_id}`),
		).rejects.toThrow();
		expect(sim.outbound.schedules.get(made.body.schedule.schedule_id)?.status).toBe('canceled');
	});
});
