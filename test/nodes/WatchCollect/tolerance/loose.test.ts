/**
 * Issue 13 §5: every operation of the node once against the simulator's loose answers
 * (test/simulator/README.md › Loose answers): documented-optional fields as null, extra fields
 * everywhere, enum values the contract does not list, `id` for `session_id` in a session list of
 * one-item pages, `{ value }` for the QR, 204 for start and sync. No item fails, every odd field of
 * a write's answer is named in its `warnings`, and nothing is written twice.
 */
import { startSimulator, type Simulator } from '../../../simulator/simulator';
import { runWatchCollect, type RunOptions } from '../../../support/execute-workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ answers: 'loose', sendStepMs: 30 });
});
afterAll(async () => await sim.close());

const GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
const VIEW = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01';
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
		expectWarnings(item.json, [
			unlisted('engine', 'GOWS_NEXT'),
			unlisted('auth_method', 'passkey'),
			extra('qr.x_unknown_field'),
			extra('x_unknown_field'),
			extra('x_unknown_object'),
		]);
		expect(item.json).toMatchObject({ label: null, otp: null, event_ids: null });
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
		expect(item.json).toMatchObject({ phone_number: '31612345678', method: null });
		expectWarnings(item.json, [extra('x_unknown_field'), extra('x_unknown_object')]);
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
		const view = await run({
			parameters: { resource: 'savedView', operation: 'getItems', viewId: VIEW, limit: 2 },
		});
		expect(view).toHaveLength(2);
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
		expect(detail.json).toMatchObject({ id: sendId, source_type: 'api_v2', text: null });
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
			]),
		);
		const scheduleId = String((scheduled.json.schedule as { schedule_id: string }).schedule_id);

		const [detail] = await run({
			parameters: { resource: 'outboundSchedule', operation: 'get', scheduleId },
		});
		expect(detail.json).toMatchObject({ id: scheduleId, status: 'waiting' });
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
