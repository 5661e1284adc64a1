/**
 * Issue 13 §5: every operation of the node once against the simulator's loose answers
 * (test/simulator/README.md › Loose answers): documented-optional fields as null, extra fields
 * everywhere, enum values the contract does not list, `id` for `session_id` in a session list of
 * one-item pages, `{ value }` for the QR, 204 for start and sync, and fields the node does not
 * need of another type (a count as a text, a flag as 0/1, a list as one text, a time as an ISO
 * text, a name as an object, a Money amount as a text). No item fails, every odd field of a
 * write's answer is named in its `warnings`, a field of another type stays as received, and
 * nothing is written twice. The trigger's events too (README › Loose answers › Other types).
 */
import { sleep, type IDataObject } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../../simulator/simulator';
import {
	createPollHarness,
	runWatchCollect,
	type RunOptions,
} from '../../../support/execute-workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ answers: 'loose', sendStepMs: 30 });
});
afterAll(async () => await sim.close());

const GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
const VIEW = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01';
const LISTING_VIEW = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c03';
const CONTACT_VIEW = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c04';
const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
let sending: string;
let receiving: string;
beforeEach(() => {
	sim.reset();
	const sessions = [...sim.sessions.values()];
	const s = sessions.find((x) => x.role === 'sending');
	const r = sessions.find((x) => x.role === 'receiving' && x.session_status === 'WORKING');
	if (!s || !r) throw new Error('seeded sessions missing');
	s.session_status = 'WORKING';
	sending = s.session_id;
	receiving = r.session_id;
});

async function run(options: Omit<RunOptions, 'credentials'>) {
	const result = await runWatchCollect({
		...options,
		credentials: { accessToken: 'sim-valid-token', baseUrl: sim.url },
	});
	expect(result.error).toBeUndefined();
	return result.outputs[0];
}

/** How often the node sent this write (method and path). */
const written = (method: string, path: string | RegExp) =>
	sim.requests.filter(
		(r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
	).length;

/** The simulator's extra fields, as the warnings must name them (README: every object gains one). */
const extra = (path: string) => `\`${path}\` is not in the contract`;
const unlisted = (path: string, value: string) =>
	`\`${path}\` came as '${value}', a value the contract does not list`;
/** A field of another type, as the warnings must name it (`came as …; the contract gives …`). */
const otherType = (path: string, came: string, expected: string) =>
	`\`${path}\` came as ${came}; the contract gives ${expected}`;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const DIGITS = /^\d+$/;

function expectWarnings(json: Record<string, unknown>, expected: string[]) {
	const warnings = json.warnings as string[];
	expect(warnings).toHaveLength(expected.length);
	expected.forEach((start, k) => expect(warnings[k].startsWith(start)).toBe(true));
}

describe('Session operations against loose answers', () => {
	it('Create: odd engine and auth_method, extra fields named; null label/otp/event_ids accepted; the QR drawn; one POST', async () => {
		const [item] = await run({
			parameters: { operation: 'create', role: 'receiving', sessionMode: 'new', authMethod: 'qr' },
		});
		// in the contract's field order; the flags came as 0/1 (README › Other types)
		expectWarnings(item.json, [
			unlisted('engine', 'GOWS_NEXT'),
			otherType('created', '1', 'true or false'),
			otherType('started', '1', 'true or false'),
			unlisted('auth_method', 'passkey'),
			otherType('webhook_configured', '1', 'true or false'),
			otherType('sync_requested', '1', 'true or false'),
			extra('qr.x_unknown_field'),
			extra('x_unknown_field'),
			extra('x_unknown_object'),
		]);
		expect(item.json).toMatchObject({ label: null, otp: null, event_ids: null });
		// kept as received
		expect(item.json).toMatchObject({ created: 1, started: 1, webhook_configured: 1 });
		expect(item.binary?.qr?.mimeType).toBe('image/png');
		expect(written('POST', '/v2/sessions')).toBe(1);
	});

	it('Get Many: the one-item pages of both roles, session_id read from id', async () => {
		const items = await run({ parameters: { operation: 'getMany', role: 'all', returnAll: true } });
		const ids = items.map((i) => i.json.session_id);
		expect(new Set(ids)).toEqual(new Set([...sim.sessions.keys()]));
		expect(items.every((i) => i.json.id === i.json.session_id)).toBe(true);
		// one request per session (pages of one) — plus none for an empty last page
		expect(written('GET', '/v2/sessions')).toBe(sim.sessions.size);
	});

	it('Get QR Code: `{ value }` is drawn', async () => {
		const created = await run({
			parameters: { operation: 'create', role: 'receiving', sessionMode: 'new', authMethod: 'qr' },
		});
		const [item] = await run({
			parameters: { operation: 'getQr', sessionId: byId(String(created[0].json.session_id)) },
		});
		expect(typeof item.json.value).toBe('string');
		expect(item.binary?.qr?.mimeType).toBe('image/png');
	});

	it('Request Pairing Code: a null method is accepted, extra fields named', async () => {
		const [item] = await run({
			parameters: {
				operation: 'requestCode',
				sessionId: byId(receiving),
				role: 'receiving',
				phoneNumber: '+31 (0)6 1234 5678',
			},
		});
		const [post] = sim.requests.filter((r) => r.method === 'POST' && /request-code$/.test(r.path));
		expect(post.body).toMatchObject({ phone_number: '31612345678' });
		// the answer's phone came as a number: kept as received, named in the warnings
		expect(item.json).toMatchObject({ phone_number: 31612345678, method: null });
		expectWarnings(item.json, [
			otherType('phone_number', '31612345678', 'a text'),
			extra('x_unknown_field'),
			extra('x_unknown_object'),
		]);
		expect(written('POST', /\/auth\/request-code$/)).toBe(1);
	});
});

describe('Start and Sync against loose answers (204, no body)', () => {
	it.each(['start', 'sync'])('%s: done, with the HTTP status; one POST', async (operation) => {
		const [item] = await run({ parameters: { operation, sessionId: byId(receiving) } });
		expect(item.json).toEqual({
			session_id: receiving,
			message: `WatchCollect accepted the ${operation} of the session (HTTP 204, an empty answer)`,
			statusCode: 204,
		});
		expect(written('POST', `/v2/sessions/${receiving}/${operation}`)).toBe(1);
	});
});

describe('Messages and saved views against loose answers', () => {
	it('Get Many, Get Occurrences and Get Saved View Items hand over every item as received', async () => {
		const messages = await run({
			parameters: { resource: 'message', operation: 'getMany', limit: 3 },
		});
		expect(messages).toHaveLength(3);
		expect(messages[0].json.x_unknown_field).toBeDefined();
		// other types, kept as received
		for (const m of messages) {
			expect(m.json.occurrence_count).toMatch(DIGITS);
			expect(m.json.group_count).toMatch(DIGITS);
			expect(typeof m.json.group_names).toBe('string');
			expect([0, 1]).toContain(m.json.has_media);
			expect(['true', 'false']).toContain(m.json.is_edited);
		}
		const occurrences = await run({
			parameters: {
				resource: 'message',
				operation: 'getOccurrences',
				messageId: String(messages[0].json.id),
				returnAll: true,
			},
		});
		expect(occurrences.length).toBeGreaterThan(0);
		expect(occurrences[0].json).toHaveProperty('session_label', null);
		expect(occurrences[0].json.group_name).toEqual({
			id: occurrences[0].json.group_id,
			name: expect.any(String),
			x_unknown_field: expect.any(String),
		});
		expect(typeof occurrences[0].json.media_asset_ids).toBe('string');
		const view = await run({
			parameters: { resource: 'savedView', operation: 'getItems', viewId: VIEW, limit: 2 },
		});
		expect(view).toHaveLength(2);
		expect(view[0].json.occurrence_count).toMatch(DIGITS);
		const listings = await run({
			parameters: { resource: 'savedView', operation: 'getItems', viewId: LISTING_VIEW, limit: 2 },
		});
		expect(listings.length).toBeGreaterThan(0);
		expect(typeof listings[0].json.group_names).toBe('string');
		const contacts = await run({
			parameters: { resource: 'savedView', operation: 'getItems', viewId: CONTACT_VIEW, limit: 2 },
		});
		expect(contacts.length).toBeGreaterThan(0);
		expect(contacts[0].json.message_count).toMatch(DIGITS);
	});
});

describe('Outbound against loose answers', () => {
	const send = (extraParameters: object = {}) => ({
		resource: 'outboundSend',
		operation: 'send',
		sessionId: byId(sending),
		groupIds: [GROUP],
		text: 'WTS Rolex Submariner 126610LN',
		...extraParameters,
	});

	it('Send: the session found in one-item pages by id; odd send status and extras named; one POST', async () => {
		const [item] = await run({ parameters: send() });
		expect(item.json).toMatchObject({ outcome: 'sent', duplicate: false, schedule: null });
		const warnings = item.json.warnings as string[];
		expect(warnings).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^`send\.x_unknown_field` is not in the contract/),
				expect.stringMatching(/^`x_unknown_field` is not in the contract/),
				otherType('send.results[0].ok', "'true'", 'true or false'),
				expect.stringMatching(/^`x_unknown_object` is not in the contract/),
			]),
		);
		// `send.status` is a text in the contract (no list of values): 'enqueued' passes silently
		expect(warnings.some((w) => w.startsWith('`send.status`'))).toBe(false);
		expect(written('POST', '/v2/outbound/sends')).toBe(1);
		const sendId = String((item.json.send as { send_id: string }).send_id);

		const [detail] = await run({
			parameters: { resource: 'outboundSend', operation: 'get', sendId },
		});
		expect(detail.json).toMatchObject({
			id: sendId,
			source_type: 'api_v2',
			text: null,
			text_length: String([...'WTS Rolex Submariner 126610LN'].length),
			recipient_count: '1',
			media_urls: '',
		});
		const list = await run({
			parameters: { resource: 'outboundSend', operation: 'getMany', returnAll: true },
		});
		expect(list.map((i) => i.json.id)).toContain(sendId);
		expect(written('POST', '/v2/outbound/sends')).toBe(1);
	});

	it('a scheduled send, Get/Get Many of the schedule with an unlisted status, and Cancel: each written once', async () => {
		const [scheduled] = await run({
			parameters: send({
				when: 'schedule',
				firstRunAt: new Date(Date.now() + 3_600_000).toISOString(),
			}),
		});
		expect(scheduled.json).toMatchObject({ outcome: 'scheduled', send: null });
		expect(scheduled.json.warnings).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^`schedule\.x_unknown_field` is not in the contract/),
				otherType('schedule.max_occurrences', "'1'", 'a number'),
				expect.stringMatching(/^`schedule\.next_run_at_ms` came as '\d{4}-\d\d-\d\dT/),
			]),
		);
		expect((scheduled.json.schedule as { next_run_at_ms: unknown }).next_run_at_ms).toMatch(
			ISO_TIME,
		);
		const scheduleId = String((scheduled.json.schedule as { schedule_id: string }).schedule_id);

		const [detail] = await run({
			parameters: { resource: 'outboundSchedule', operation: 'get', scheduleId },
		});
		expect(detail.json).toMatchObject({
			id: scheduleId,
			status: 'waiting',
			max_occurrences: '1',
			run_count: '0',
			next_run_at_ms: expect.stringMatching(ISO_TIME),
			group_ids: GROUP,
		});
		const list = await run({
			parameters: { resource: 'outboundSchedule', operation: 'getMany', returnAll: true },
		});
		expect(list.map((i) => i.json.id)).toContain(scheduleId);

		const [canceled] = await run({
			parameters: { resource: 'outboundSchedule', operation: 'cancel', scheduleId },
		});
		expect(canceled.json).toMatchObject({ outcome: 'canceled', event_ids: null });
		expectWarnings(canceled.json, [extra('x_unknown_field'), extra('x_unknown_object')]);
		expect(written('POST', '/v2/outbound/sends')).toBe(1);
		expect(written('DELETE', `/v2/outbound/schedules/${scheduleId}`)).toBe(1);
	});
});

describe('Market and classifications against loose answers (other types)', () => {
	it('Market Listing › Search and Get: a Money amount as a text stays as received, no readable twin invented', async () => {
		const found = await run({
			parameters: { resource: 'marketListing', operation: 'search', returnAll: true },
		});
		const priced = found.find(
			(i) => typeof (i.json.price as { amount_minor?: unknown } | null)?.amount_minor === 'string',
		);
		expect(priced).toBeDefined();
		const price = priced?.json.price as { amount_minor: string; currency: string };
		expect(price.amount_minor).toMatch(DIGITS);
		// the node reads amounts only from numbers: nothing made up from a text
		expect(priced?.json).not.toHaveProperty('price_amount');
		expect(priced?.json).not.toHaveProperty('price_formatted');
		expect(priced?.json.watch_index).toMatch(DIGITS);
		expect(typeof priced?.json.full_set_status).toBe('string');
		expect((priced?.json.source as { occurrence_count: unknown }).occurrence_count).toMatch(DIGITS);
		// the times the trigger orders on stay numbers
		expect(typeof priced?.json.created_at_ms).toBe('number');
		const [one] = await run({
			parameters: { resource: 'marketListing', operation: 'get', listingId: priced?.json.id },
		});
		expect(one.json.price).toEqual(priced?.json.price);
	});

	it('Market Reference › Search and Market Facet › Get hand over counts, amounts and times as texts', async () => {
		const references = await run({
			parameters: { resource: 'marketReference', operation: 'search', limit: 3 },
		});
		expect(references.length).toBeGreaterThan(0);
		for (const r of references) {
			expect(r.json.listing_count).toMatch(DIGITS);
			expect(r.json.last_seen_at_ms).toMatch(ISO_TIME);
			expect(typeof r.json.conditions).toBe('string');
		}
		const withMin = references.find((r) => r.json.display_min_price);
		expect((withMin?.json.display_min_price as { amount_minor: unknown }).amount_minor).toMatch(
			DIGITS,
		);
		const [facets] = await run({ parameters: { resource: 'marketFacet', operation: 'get' } });
		const brands = facets.json.brands as Array<{ value: string; count: unknown }>;
		expect(brands.length).toBeGreaterThan(0);
		for (const b of brands) expect(b.count).toMatch(DIGITS);
	});

	it('Classification › Get Many, Get, Add Correction: times as texts; the correction answer names `event_ids`', async () => {
		const all = await run({
			parameters: { resource: 'classification', operation: 'getMany', returnAll: true },
		});
		expect(all.length).toBeGreaterThan(0);
		for (const c of all) expect(c.json.created_at_ms).toMatch(ISO_TIME);
		const id = String(all[0].json.id);
		const [one] = await run({
			parameters: { resource: 'classification', operation: 'get', classificationId: id },
		});
		expect(one.json).toMatchObject({ id, created_at_ms: expect.stringMatching(ISO_TIME) });
		const [corrected] = await run({
			parameters: {
				resource: 'classification',
				operation: 'addCorrection',
				classificationId: id,
				watches: { watch: [{ brand: 'Rolex' }] },
			},
		});
		expect(corrected.json).toMatchObject({ outcome: 'accepted', resource_id: null });
		expect(typeof corrected.json.event_ids).toBe('string');
		expect(corrected.json.warnings).toEqual(
			expect.arrayContaining([expect.stringMatching(/^`event_ids` came as '/)]),
		);
		expect(sim.classifications.corrections).toHaveLength(1);
	});
});

describe('The trigger against loose answers (other types)', () => {
	const harness = (parameters: IDataObject) =>
		createPollHarness({
			parameters,
			credentials: { accessToken: 'sim-valid-token', baseUrl: sim.url },
		});
	type Poll = Awaited<ReturnType<ReturnType<typeof harness>['poll']>>;
	const emitted = (result: Poll) => (result?.[0] ?? []).map((i) => String(i.json.id));

	it('New Message: emits each new message once, its counts as received', async () => {
		const h = harness({ event: 'newMessage' });
		expect(await h.poll()).toBeNull();
		const added = [sim.messages.addMessage({}), sim.messages.addMessage({})].map((m) => m.id);
		const result = await h.poll();
		expect(emitted(result)).toEqual(added);
		expect(result?.[0][0].json.occurrence_count).toMatch(DIGITS);
		expect(await h.poll()).toBeNull();
	});

	it('New Saved View Item (a listing view): new items emitted once, a list as a text', async () => {
		const listings = harness({ event: 'newViewItem', viewId: LISTING_VIEW });
		await listings.poll();
		const added = [];
		for (let i = 0; i < 8; i++) added.push(sim.messages.addMessage({ intent: 'selling' }).id);
		const named = added.filter((id) => sim.messages.messages.get(id)?.listing.brand !== undefined);
		expect(named.length).toBeGreaterThan(0);
		const result = await listings.poll();
		expect(emitted(result).sort()).toEqual([...named].sort());
		expect(typeof result?.[0][0].json.group_names).toBe('string');
		expect(await listings.poll()).toBeNull();
	});

	it('New Market Listing: the listings of a new message emitted once, the price as received', async () => {
		const h = harness({ event: 'newMarketListing' });
		expect(await h.poll()).toBeNull();
		const added = sim.market.addListingMessage({
			text: 'WTS Rolex 126610LN full set 2024, EUR 12.950',
			intent: 'selling',
		});
		const result = await h.poll();
		expect(emitted(result)).toEqual(added.listings.map((l) => String(l.id)));
		expect(result?.[0][0].json.price).toMatchObject({ amount_minor: '1295000', currency: 'EUR' });
		expect(await h.poll()).toBeNull();
	});

	it('Send Finished: a finished send emitted once, its counts as texts', async () => {
		const h = harness({ event: 'sendFinished' });
		expect(await h.poll()).toBeNull();
		const [item] = await run({
			parameters: {
				resource: 'outboundSend',
				operation: 'send',
				sessionId: byId(sending),
				groupIds: [GROUP],
				text: 'WTS Rolex Submariner 126610LN',
			},
		});
		const sendId = String((item.json.send as { send_id: string }).send_id);
		await sleep(300); // sendStepMs 30: finished
		const result = await h.poll();
		expect(emitted(result)).toEqual([sendId]);
		expect(result?.[0][0].json).toMatchObject({ status: 'sent', recipient_count: '1' });
		expect(await h.poll()).toBeNull();
	});
});
