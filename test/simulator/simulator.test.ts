/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

import { startSimulator } from './simulator';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

interface ErrorBody {
	error: { code: string; message: string; status: number; field?: string };
	request_id: string;
}
interface CreateResponse {
	status: string;
	session_id: string;
	waha_session_name: string;
	role: string;
	engine: string;
	session_status: string;
	created: boolean;
	started: boolean;
	auth_method: string;
	webhook_configured: boolean;
	sync_requested: boolean;
	request_id: string;
	event_ids?: string[];
	label?: string;
	qr?: { value: string; request_id: string };
	otp?: { phone_number: string; method: string; code: string; request_id: string };
	sync_request_event_ids?: string[];
}
interface ListItem {
	session_id: string;
	waha_session_name: string;
	role: string;
	engine: string;
	session_status: string;
	label?: string;
}
interface Reply {
	status: number;
	headers: Headers;
	text: string;
	json: <T>() => T;
}

const TOKEN = 'sim-valid-token';
const OTHER_TENANT = 'sim-other-tenant-token';
const SEED = 'user-user_35eh25qkkIVwab803vgofO1uSsl';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REQUEST_ID_RE = /^req_[0-9a-f]{16,}$/;
const QR_RE = /^2@[A-Za-z0-9+/=]{100,},[A-Za-z0-9+/=]{44},[A-Za-z0-9+/=]{44},[A-Za-z0-9+/=]{24}$/;
const CODE_RE = /^[A-Z0-9]{4}-[A-Z0-9]{4}$/;
const REQUIRED_FIELDS = [
	'status',
	'session_id',
	'waha_session_name',
	'role',
	'engine',
	'session_status',
	'created',
	'started',
	'auth_method',
	'webhook_configured',
	'sync_requested',
	'request_id',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sim: Sim;

interface CallOptions {
	body?: unknown;
	rawBody?: string;
	token?: string | null;
	authorization?: string;
	headers?: Record<string, string>;
}

async function call(
	method: string,
	urlPath: string,
	options: CallOptions = {},
	target: Sim = sim,
): Promise<Reply> {
	const headers: Record<string, string> = { ...options.headers };
	const token = options.token === undefined ? TOKEN : options.token;
	if (options.authorization !== undefined) headers.authorization = options.authorization;
	else if (token !== null) headers.authorization = `Bearer ${token}`;
	let body: string | undefined = options.rawBody;
	if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['content-type'] = 'application/json';
	}
	const res = await fetch(`${target.url}${urlPath}`, { method, headers, body });
	const text = await res.text();
	return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

const create = (body: unknown, extra: CallOptions = {}) =>
	call('POST', '/v2/sessions', { ...extra, body });

function seededId(name: string): string {
	const found = [...sim.sessions.values()].find((s) => s.waha_session_name === name);
	if (!found) throw new Error(`seeded session ${name} missing`);
	return found.session_id;
}

function expectError(reply: Reply, status: number, code: string): ErrorBody {
	expect(reply.status).toBe(status);
	expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
	const body = reply.json<ErrorBody>();
	expect(body.error.code).toBe(code);
	expect(body.error.status).toBe(status);
	expect(typeof body.error.message).toBe('string');
	expect(body.error.message.length).toBeGreaterThan(5);
	expect(body.request_id).toMatch(REQUEST_ID_RE);
	expect(reply.headers.get('x-request-id')).toBe(body.request_id);
	return body;
}

function expectCreateShape(body: CreateResponse): void {
	for (const field of REQUIRED_FIELDS) expect(body).toHaveProperty(field);
	expect(body.session_id).toMatch(UUID_RE);
	expect(body.request_id).toMatch(REQUEST_ID_RE);
	expect(body.started).toBe(true);
	expect(body.webhook_configured).toBe(true);
	expect(body.event_ids?.length).toBeGreaterThanOrEqual(1);
	expect(body.event_ids?.length).toBeLessThanOrEqual(2);
	for (const id of body.event_ids ?? []) expect(id).toMatch(UUID_RE);
}

beforeAll(async () => {
	sim = await startSimulator({ slowMs: 300 });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => sim.reset());

describe('authentication', () => {
	it('answers 401 without an Authorization header', async () => {
		const reply = await call('GET', '/v2/sessions?role=receiving', { token: null });
		expectError(reply, 401, 'UNAUTHORIZED');
		expect(sim.requests[0].authOk).toBe('missing');
	});

	it('answers 401 for an unknown token and for a malformed header', async () => {
		expectError(
			await call('GET', '/v2/sessions?role=receiving', { token: 'my-secret-guess' }),
			401,
			'UNAUTHORIZED',
		);
		expectError(
			await call('GET', '/v2/sessions?role=receiving', { authorization: TOKEN }),
			401,
			'UNAUTHORIZED',
		);
		expectError(
			await call('GET', '/v2/sessions?role=receiving', { authorization: `Basic ${TOKEN}` }),
			401,
			'UNAUTHORIZED',
		);
		expect(sim.requests.map((r) => r.authOk)).toEqual(['invalid', 'invalid', 'invalid']);
	});

	it('answers 403 for a token of another tenant', async () => {
		const reply = await create({ role: 'receiving', auth_method: 'qr' }, { token: OTHER_TENANT });
		expectError(reply, 403, 'FORBIDDEN');
		expect(sim.requests[0].authOk).toBe('other-tenant');
		expect(sim.sessions.size).toBe(3);
	});

	it('checks auth before any fault and keeps the queued fault', async () => {
		sim.queueFaults('500');
		expectError(
			await create(
				{ role: 'receiving', auth_method: 'qr' },
				{ token: null, headers: { 'x-sim-fault': '429' } },
			),
			401,
			'UNAUTHORIZED',
		);
		expect(sim.requests[0].fault).toBeUndefined();
		expectError(await call('GET', '/v2/sessions?role=receiving'), 500, 'INTERNAL_ERROR');
	});

	it('accepts a custom token list', async () => {
		const custom = await startSimulator({ tokens: { valid: ['custom-token'] } });
		try {
			expect(
				(await call('GET', '/v2/sessions?role=sending', { token: 'custom-token' }, custom)).status,
			).toBe(200);
			expect(
				(await call('GET', '/v2/sessions?role=sending', { token: TOKEN }, custom)).status,
			).toBe(401);
		} finally {
			await custom.close();
		}
	});
});

describe('POST /v2/sessions: create', () => {
	it('creates a receiving session with QR auth and every required field', async () => {
		const reply = await create({
			role: 'receiving',
			auth_method: 'qr',
			label: 'Main receiving session',
		});
		expect(reply.status).toBe(200);
		const body = reply.json<CreateResponse>();
		expectCreateShape(body);
		expect(body).toMatchObject({
			status: 'accepted',
			role: 'receiving',
			engine: 'WEBJS',
			session_status: 'SCAN_QR_CODE',
			created: true,
			auth_method: 'qr',
			sync_requested: true,
			label: 'Main receiving session',
		});
		expect(body.waha_session_name).toMatch(/^user-user_[A-Za-z0-9]{27}-receiving$/);
		expect(body.qr?.value).toMatch(QR_RE);
		expect(body.qr?.value.length).toBeGreaterThan(200);
		expect(body.qr?.value.length).toBeLessThan(280);
		expect(body.qr?.request_id).toMatch(REQUEST_ID_RE);
		expect(body.otp).toBeUndefined();
		expect(body.sync_request_event_ids).toHaveLength(1);
		expect(body.sync_request_event_ids?.[0]).toMatch(UUID_RE);
		expect(reply.headers.get('x-request-id')).toBe(body.request_id);
		expect(sim.sessions.get(body.session_id)).toMatchObject({
			waha_session_name: body.waha_session_name,
			role: 'receiving',
			label: 'Main receiving session',
		});
	});

	it('creates a sending NOWEB session with a pairing code', async () => {
		const reply = await create({
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'otp',
			phone_number: '31612345678',
			otp_method: '',
		});
		expect(reply.status).toBe(200);
		const body = reply.json<CreateResponse>();
		expectCreateShape(body);
		expect(body).toMatchObject({
			role: 'sending',
			engine: 'NOWEB',
			created: true,
			auth_method: 'otp',
			sync_requested: false,
		});
		expect(body.waha_session_name).toMatch(/^user-user_[A-Za-z0-9]{27}-sending$/);
		expect(body.otp).toMatchObject({ phone_number: '31612345678', method: '' });
		expect(body.otp?.code).toMatch(CODE_RE);
		expect(body.qr).toBeUndefined();
		expect(body.label).toBeUndefined();
		expect(body.sync_request_event_ids).toBeUndefined();
	});

	it('accepts GOWS receiving and sms/voice pairing for receiving sessions at the phone length limits', async () => {
		const gows = await create({ role: 'receiving', engine: 'GOWS', auth_method: 'qr' });
		expect(gows.json<CreateResponse>().engine).toBe('GOWS');
		const sms = await create({
			role: 'receiving',
			auth_method: 'otp',
			phone_number: '3161234',
			otp_method: 'sms',
		});
		expect(sms.status).toBe(200);
		expect(sms.json<CreateResponse>().otp?.method).toBe('sms');
		const voice = await create({
			role: 'receiving',
			auth_method: 'otp',
			phone_number: '316123456789012',
			otp_method: 'voice',
		});
		expect(voice.json<CreateResponse>().otp?.method).toBe('voice');
	});
});

describe('POST /v2/sessions: link', () => {
	it('links a session that needs pairing without auth_method and starts QR', async () => {
		const name = `${SEED}-receiving`;
		const reply = await create({ role: 'receiving', waha_session_name: name });
		expect(reply.status).toBe(200);
		const body = reply.json<CreateResponse>();
		expectCreateShape(body);
		expect(body).toMatchObject({
			waha_session_name: name,
			created: false,
			auth_method: 'qr',
			engine: 'WEBJS',
			session_status: 'SCAN_QR_CODE',
		});
		expect(body.session_id).toBe(seededId(name));
		expect(body.qr?.value).toMatch(QR_RE);
	});

	it('links with an explicit auth_method otp', async () => {
		const name = `${SEED}-sending`;
		const reply = await create({
			role: 'sending',
			engine: 'NOWEB',
			waha_session_name: name,
			auth_method: 'otp',
			phone_number: '31612345678',
		});
		const body = reply.json<CreateResponse>();
		expect(body).toMatchObject({
			created: false,
			auth_method: 'otp',
			waha_session_name: name,
			engine: 'NOWEB',
		});
		expect(body.otp?.code).toMatch(CODE_RE);
		expect(body.otp?.method).toBe('');
		expect(body.qr).toBeUndefined();
	});

	it('links an already paired session without auth: no QR, no OTP, WORKING', async () => {
		const reply = await create({
			role: 'receiving',
			waha_session_name: `${SEED}-receiving-paired`,
			label: 'Paired',
		});
		const body = reply.json<CreateResponse>();
		expectCreateShape(body);
		expect(body.session_status).toBe('WORKING');
		expect(body.created).toBe(false);
		expect(body.qr).toBeUndefined();
		expect(body.otp).toBeUndefined();
		expect(body.label).toBe('Paired');
	});

	it('keeps the stored engine on a link without engine', async () => {
		const first = (
			await create({ role: 'receiving', engine: 'GOWS', auth_method: 'qr' })
		).json<CreateResponse>();
		const linked = (
			await create({ role: 'receiving', waha_session_name: first.waha_session_name })
		).json<CreateResponse>();
		expect(linked.engine).toBe('GOWS');
		expect(linked.session_id).toBe(first.session_id);
	});

	it('answers 404 for an unknown name and for a name of the other role', async () => {
		const unknown = expectError(
			await create({ role: 'receiving', waha_session_name: 'user-user_nope-receiving' }),
			404,
			'SESSION_NOT_FOUND',
		);
		expect(unknown.error.message).toContain('waha_session_name');
		expectError(
			await create({ role: 'sending', engine: 'NOWEB', waha_session_name: `${SEED}-receiving` }),
			404,
			'SESSION_NOT_FOUND',
		);
	});
});

describe('POST /v2/sessions: contract violations → 422', () => {
	const qr = { role: 'receiving', auth_method: 'qr' };
	const otp = { role: 'receiving', auth_method: 'otp', phone_number: '31612345678' };
	const cases: Array<[string, unknown, string]> = [
		['body is an array', [qr], 'body'],
		['body is a JSON string', 'receiving', 'body'],
		['body is JSON null', null, 'body'],
		['role missing', { auth_method: 'qr' }, 'role'],
		['role unknown', { role: 'admin', auth_method: 'qr' }, 'role'],
		['engine unknown', { ...qr, engine: 'CHROME' }, 'engine'],
		['sending without engine', { role: 'sending', auth_method: 'qr' }, 'engine'],
		['sending with WEBJS', { role: 'sending', engine: 'WEBJS', auth_method: 'qr' }, 'engine'],
		['receiving with NOWEB', { ...qr, engine: 'NOWEB' }, 'engine'],
		['new session without auth_method', { role: 'receiving' }, 'auth_method'],
		['auth_method unknown', { role: 'receiving', auth_method: 'sms' }, 'auth_method'],
		['otp without phone_number', { role: 'receiving', auth_method: 'otp' }, 'phone_number'],
		['phone_number with +', { ...otp, phone_number: '+31612345678' }, 'phone_number'],
		['phone_number with spaces', { ...otp, phone_number: '31 612 345 678' }, 'phone_number'],
		['phone_number with leading 0', { ...otp, phone_number: '0612345678' }, 'phone_number'],
		['phone_number of 6 digits', { ...otp, phone_number: '316123' }, 'phone_number'],
		['phone_number of 16 digits', { ...otp, phone_number: '3161234567890123' }, 'phone_number'],
		['phone_number as a number', { ...otp, phone_number: 31612345678 }, 'phone_number'],
		['phone_number with qr', { ...qr, phone_number: '31612345678' }, 'phone_number'],
		['otp_method unknown', { ...otp, otp_method: 'email' }, 'otp_method'],
		['otp_method with qr', { ...qr, otp_method: '' }, 'otp_method'],
		[
			'NOWEB with otp_method sms',
			{
				role: 'sending',
				engine: 'NOWEB',
				auth_method: 'otp',
				phone_number: '31612345678',
				otp_method: 'sms',
			},
			'otp_method',
		],
		[
			'NOWEB with otp_method voice',
			{
				role: 'sending',
				engine: 'NOWEB',
				auth_method: 'otp',
				phone_number: '31612345678',
				otp_method: 'voice',
			},
			'otp_method',
		],
		['label not a string', { ...qr, label: 42 }, 'label'],
		['waha_session_name empty', { role: 'receiving', waha_session_name: '' }, 'waha_session_name'],
		[
			'waha_session_name not a string',
			{ role: 'receiving', waha_session_name: 7 },
			'waha_session_name',
		],
		['unknown field', { ...qr, webhook_url: 'https://example.com' }, 'webhook_url'],
	];

	it.each(cases)('%s', async (_name, body, field) => {
		const reply = await create(body);
		const error = expectError(reply, 422, 'VALIDATION_ERROR');
		expect(error.error.field).toBe(field);
		expect(error.error.message).toContain(field);
		expect(sim.sessions.size).toBe(3);
	});

	it('answers 422 for an empty body and 400 for a body that is not JSON', async () => {
		expectError(await call('POST', '/v2/sessions'), 422, 'VALIDATION_ERROR');
		const reply = await call('POST', '/v2/sessions', {
			rawBody: 'role=receiving',
			headers: { 'content-type': 'application/json' },
		});
		expectError(reply, 400, 'INVALID_JSON');
		expect(sim.requests[1].body).toBe('role=receiving');
	});
});

describe('GET /v2/sessions', () => {
	it('lists the sessions of a role as { sessions, request_id }, ignoring unknown query params', async () => {
		const created = (
			await create({ role: 'receiving', auth_method: 'qr', label: 'Mine' })
		).json<CreateResponse>();
		const reply = await call('GET', '/v2/sessions?role=receiving&limit=1');
		expect(reply.status).toBe(200);
		const body = reply.json<{ sessions: ListItem[]; request_id: string }>();
		expect(body.request_id).toBe(reply.headers.get('x-request-id'));
		expect(body.sessions.map((s) => s.waha_session_name)).toEqual([
			`${SEED}-receiving`,
			`${SEED}-receiving-paired`,
			created.waha_session_name,
		]);
		expect(body.sessions[2]).toEqual({
			session_id: created.session_id,
			waha_session_name: created.waha_session_name,
			role: 'receiving',
			engine: 'WEBJS',
			session_status: 'SCAN_QR_CODE',
			label: 'Mine',
		});
		const sending = (await call('GET', '/v2/sessions?role=sending')).json<{
			sessions: ListItem[];
		}>();
		expect(sending.sessions.map((s) => s.waha_session_name)).toEqual([`${SEED}-sending`]);
	});

	it('answers 422 for a missing or invalid role', async () => {
		expect(
			expectError(await call('GET', '/v2/sessions'), 422, 'VALIDATION_ERROR').error.field,
		).toBe('role');
		expectError(await call('GET', '/v2/sessions?role=admin'), 422, 'VALIDATION_ERROR');
	});

	it("returns a bare array with listShape 'array'", async () => {
		const arraySim = await startSimulator({ listShape: 'array' });
		try {
			const reply = await call('GET', '/v2/sessions?role=sending', {}, arraySim);
			const body = reply.json<ListItem[]>();
			expect(Array.isArray(body)).toBe(true);
			expect(body).toHaveLength(1);
			expect(body[0]).toMatchObject({
				waha_session_name: `${SEED}-sending`,
				engine: 'NOWEB',
				session_status: 'SCAN_QR_CODE',
			});
		} finally {
			await arraySim.close();
		}
	});
});

describe('session endpoints', () => {
	const receiving = () => seededId(`${SEED}-receiving`);
	const sending = () => seededId(`${SEED}-sending`);

	it('GET /auth/qr returns a fresh QR', async () => {
		const reply = await call('GET', `/v2/sessions/${receiving()}/auth/qr`);
		expect(reply.status).toBe(200);
		const body = reply.json<{
			qr: { value: string; request_id: string };
			session_id: string;
			request_id: string;
		}>();
		expect(body.qr.value).toMatch(QR_RE);
		expect(body.session_id).toBe(receiving());
		expect(body.request_id).toMatch(REQUEST_ID_RE);
		expectError(
			await call('GET', `/v2/sessions/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/auth/qr`),
			404,
			'SESSION_NOT_FOUND',
		);
		expectError(await call('GET', '/v2/sessions/not-a-uuid/auth/qr'), 422, 'VALIDATION_ERROR');
	});

	it('POST /auth/request-code returns a pairing code and validates its body', async () => {
		const ok = await call('POST', `/v2/sessions/${sending()}/auth/request-code`, {
			body: { phone_number: '31612345678', otp_method: '' },
		});
		expect(ok.status).toBe(200);
		const body = ok.json<{
			phone_number: string;
			method: string;
			code: string;
			request_id: string;
		}>();
		expect(body).toMatchObject({ phone_number: '31612345678', method: '' });
		expect(body.code).toMatch(CODE_RE);
		const voice = await call('POST', `/v2/sessions/${receiving()}/auth/request-code`, {
			body: { phone_number: '31612345678', otp_method: 'voice' },
		});
		expect(voice.json<{ method: string }>().method).toBe('voice');
		const nowebSms = await call('POST', `/v2/sessions/${sending()}/auth/request-code`, {
			body: { phone_number: '31612345678', otp_method: 'sms' },
		});
		expect(expectError(nowebSms, 422, 'VALIDATION_ERROR').error.field).toBe('otp_method');
		const noPhone = await call('POST', `/v2/sessions/${receiving()}/auth/request-code`, {
			body: {},
		});
		expect(expectError(noPhone, 422, 'VALIDATION_ERROR').error.field).toBe('phone_number');
		const plus = await call('POST', `/v2/sessions/${receiving()}/auth/request-code`, {
			body: { phone_number: '+31612345678' },
		});
		expect(expectError(plus, 422, 'VALIDATION_ERROR').error.field).toBe('phone_number');
	});

	it('POST /start starts the session', async () => {
		const reply = await call('POST', `/v2/sessions/${sending()}/start`);
		expect(reply.json<Record<string, unknown>>()).toEqual({
			session_id: sending(),
			session_status: 'STARTING',
			started: true,
			request_id: reply.headers.get('x-request-id'),
		});
		expect(sim.sessions.get(sending())?.session_status).toBe('STARTING');
	});

	it('POST /sync syncs a receiving session and refuses a sending one', async () => {
		const reply = await call('POST', `/v2/sessions/${receiving()}/sync`, { body: {} });
		const body = reply.json<{
			session_id: string;
			sync_requested: boolean;
			sync_request_event_ids: string[];
		}>();
		expect(body).toMatchObject({ session_id: receiving(), sync_requested: true });
		expect(body.sync_request_event_ids[0]).toMatch(UUID_RE);
		expectError(await call('POST', `/v2/sessions/${sending()}/sync`), 422, 'VALIDATION_ERROR');
	});

	it('answers 404 for unknown routes and wrong methods', async () => {
		expectError(await call('GET', '/v2/unknown'), 404, 'ROUTE_NOT_FOUND');
		expectError(await call('DELETE', '/v2/sessions'), 404, 'ROUTE_NOT_FOUND');
		expectError(await call('POST', `/v2/sessions/${receiving()}/auth/qr`), 404, 'ROUTE_NOT_FOUND');
		expectError(await call('GET', '/', { token: null }), 404, 'ROUTE_NOT_FOUND');
	});
});

describe('faults', () => {
	const valid = { role: 'receiving', auth_method: 'qr' };
	const viaHeader = (fault: string, body: unknown = valid) =>
		create(body, { headers: { 'x-sim-fault': fault } });

	it.each([
		['401', 401, 'UNAUTHORIZED'],
		['403', 403, 'FORBIDDEN'],
		['404', 404, 'NOT_FOUND'],
		['409', 409, 'CONFLICT'],
		['422', 422, 'VALIDATION_ERROR'],
		['429', 429, 'RATE_LIMITED'],
		['500', 500, 'INTERNAL_ERROR'],
	])('%s answers with the error shape', async (fault, status, code) => {
		const reply = await viaHeader(fault);
		expectError(reply, status, code);
		expect(reply.headers.get('retry-after')).toBe(fault === '429' ? '30' : null);
		expect(sim.requests[0]).toMatchObject({ fault, status });
		expect(sim.sessions.size).toBe(3);
	});

	it('rejected answers 200 with status rejected and stores nothing', async () => {
		const reply = await viaHeader('rejected');
		expect(reply.status).toBe(200);
		const body = reply.json<CreateResponse>();
		expectCreateShape(body);
		expect(body.status).toBe('rejected');
		expect(body.session_status).toBe('FAILED');
		expect(sim.sessions.size).toBe(3);
	});

	it('502 answers with a proxy HTML page', async () => {
		const reply = await viaHeader('502');
		expect(reply.status).toBe(502);
		expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
		expect(reply.text).toContain('502 Bad Gateway');
		expect(() => JSON.parse(reply.text)).toThrow();
	});

	it('non-json answers 200 with an HTML page', async () => {
		const reply = await viaHeader('non-json');
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
		expect(reply.text.startsWith('<html')).toBe(true);
	});

	it('bad-schema answers 200 JSON without session_id and with created "yes"', async () => {
		const reply = await viaHeader('bad-schema');
		expect(reply.status).toBe(200);
		const body = reply.json<Record<string, unknown>>();
		expect(body).not.toHaveProperty('session_id');
		expect(body.created).toBe('yes');
	});

	it('slow answers a valid 200 after slowMs', async () => {
		const started = Date.now();
		const reply = await viaHeader('slow');
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
		expect(reply.status).toBe(200);
		expectCreateShape(reply.json<CreateResponse>());
		expect(sim.requests[0]).toMatchObject({ fault: 'slow', status: 200 });
	});

	it('drop destroys the connection without a response', async () => {
		await expect(viaHeader('drop')).rejects.toThrow();
		expect(sim.requests[0]).toMatchObject({ fault: 'drop', status: 0 });
		expect((await call('GET', '/__sim/health', { token: null })).status).toBe(200);
	});

	it('takes the fault from a label that starts with sim-fault:', async () => {
		const reply = await create({ ...valid, label: 'sim-fault:409 item 3' });
		expectError(reply, 409, 'CONFLICT');
		expect(sim.requests[0].fault).toBe('409');
	});

	it('takes faults from the queue in order, then answers normally', async () => {
		sim.queueFaults('500', '429');
		expect((await create(valid)).status).toBe(500);
		expect((await call('GET', '/v2/sessions?role=receiving')).status).toBe(429);
		expect((await create(valid)).status).toBe(200);
		expect(sim.requests.map((r) => r.fault)).toEqual(['500', '429', undefined]);
	});

	it('queues faults through POST /__sim/faults and rejects unknown names', async () => {
		const queued = await call('POST', '/__sim/faults', {
			token: null,
			body: { faults: ['non-json'] },
		});
		expect(queued.json<{ queued: string[] }>().queued).toEqual(['non-json']);
		expect((await create(valid)).headers.get('content-type')).toMatch(/^text\/html/);
		expect(
			(await call('POST', '/__sim/faults', { token: null, body: { faults: ['boom'] } })).status,
		).toBe(400);
		expect(() => sim.queueFaults('boom')).toThrow(/Unknown simulator fault/);
	});

	it('prefers the header over the label over the queue', async () => {
		sim.queueFaults('500');
		expect((await viaHeader('404', { ...valid, label: 'sim-fault:409' })).status).toBe(404);
		expect((await create({ ...valid, label: 'sim-fault:409' })).status).toBe(409);
		expect((await create(valid)).status).toBe(500);
		expect(sim.requests.map((r) => r.fault)).toEqual(['404', '409', '500']);
	});

	it('answers 400 for an unknown fault name in the header or the label', async () => {
		const header = expectError(await viaHeader('explode'), 400, 'UNKNOWN_SIM_FAULT');
		expect(header.error.field).toBe('x-sim-fault');
		const label = expectError(
			await create({ ...valid, label: 'sim-fault:explode' }),
			400,
			'UNKNOWN_SIM_FAULT',
		);
		expect(label.error.field).toBe('label');
	});

	it('sends x-request-id on non-JSON fault answers too', async () => {
		for (const fault of ['502', 'non-json']) {
			expect((await viaHeader(fault)).headers.get('x-request-id')).toMatch(REQUEST_ID_RE);
		}
	});
});

describe('recording and control endpoints', () => {
	it('records every request with redacted authorization and never stores a token', async () => {
		await create({ role: 'receiving', auth_method: 'qr', label: `copied ${OTHER_TENANT}` });
		expect(sim.requests[0].body.label).toBe('copied <redacted>');
		await call('GET', '/v2/sessions?role=sending&limit=5', { token: OTHER_TENANT });
		await call('GET', '/v2/sessions?role=sending', { token: 'my-secret-guess' });
		await call('GET', `/v2/sessions?role=receiving&token=${TOKEN}`);
		await call('GET', '/v2/sessions?role=receiving', { authorization: 'Token malformed-secret' });
		expect(sim.requests).toHaveLength(5);
		expect(sim.requests[3].query).toEqual({ role: 'receiving', token: '<redacted>' });
		expect(sim.requests[4]).toMatchObject({ authOk: 'invalid', status: 401 });
		expect(sim.requests[4].headers.authorization).toBe('Bearer <redacted>');
		expect(sim.requests[0]).toMatchObject({
			method: 'POST',
			path: '/v2/sessions',
			query: {},
			authOk: 'valid',
			status: 200,
			body: { role: 'receiving', auth_method: 'qr' },
		});
		expect(sim.requests[0].headers.authorization).toBe('Bearer <redacted>');
		expect(sim.requests[0].headers['content-type']).toBe('application/json');
		expect(sim.requests[1]).toMatchObject({
			method: 'GET',
			query: { role: 'sending', limit: '5' },
			authOk: 'other-tenant',
			status: 403,
			body: null,
		});
		expect(sim.requests[2]).toMatchObject({ authOk: 'invalid', status: 401 });
		const json = JSON.stringify(sim.requests);
		for (const secret of [TOKEN, OTHER_TENANT, 'my-secret-guess', 'malformed-secret']) {
			expect(json).not.toContain(secret);
		}
	});

	it('serves the control endpoints without auth and without recording them', async () => {
		await create({ role: 'receiving', auth_method: 'qr' });
		const health = await call('GET', '/__sim/health', { token: null });
		expect(health.json<{ ok: boolean }>().ok).toBe(true);
		expect(health.headers.get('x-request-id')).toMatch(REQUEST_ID_RE);
		const listed = (await call('GET', '/__sim/requests', { token: null })).json<
			Array<{ path: string }>
		>();
		expect(listed.map((r) => r.path)).toEqual(['/v2/sessions']);
		expect((await call('DELETE', '/__sim/requests', { token: null })).status).toBe(204);
		expect(sim.requests).toHaveLength(0);
		await create({ role: 'receiving', auth_method: 'qr' });
		expect(sim.sessions.size).toBe(5);
		expect((await call('POST', '/__sim/reset', { token: null })).status).toBe(204);
		expect(sim.requests).toHaveLength(0);
		expect(sim.sessions.size).toBe(3);
	});

	it('reset() keeps the seeded sessions with their ids and clears the queue', async () => {
		const id = seededId(`${SEED}-sending`);
		await call('POST', `/v2/sessions/${id}/start`);
		sim.queueFaults('500');
		sim.reset();
		expect(seededId(`${SEED}-sending`)).toBe(id);
		expect(sim.sessions.get(id)?.session_status).toBe('SCAN_QR_CODE');
		expect((await call('GET', '/v2/sessions?role=sending')).status).toBe(200);
	});
});

describe('lifecycle', () => {
	it('close() returns quickly while a slow request is in flight', async () => {
		const slowSim = await startSimulator({ slowMs: 60_000 });
		const pending = call(
			'POST',
			'/v2/sessions',
			{ body: { role: 'receiving', auth_method: 'qr' }, headers: { 'x-sim-fault': 'slow' } },
			slowSim,
		);
		const settled = pending.then(
			() => 'answered',
			() => 'failed',
		);
		for (let i = 0; i < 100 && slowSim.requests.length === 0; i++) await sleep(10);
		expect(slowSim.requests).toHaveLength(1);
		const started = Date.now();
		await slowSim.close();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await settled).toBe('failed');
		await expect(fetch(`${slowSim.url}/__sim/health`)).rejects.toThrow();
	});

	it('the CLI prints one JSON line and stops by itself after --ttl', async () => {
		const cli = path.join(__dirname, 'cli.js');
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- runs the simulator CLI under test
		const child = spawn(process.execPath, [cli, '--ttl', '1', '--token', 'cli-token'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
		expect(code).toBe(0);
		const info = JSON.parse(stdout.split('\n')[0]) as {
			url: string;
			port: number;
			token: string;
			otherTenantToken: string;
		};
		expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(info.port).toBeGreaterThan(0);
		expect(info).toMatchObject({
			token: 'cli-token',
			otherTenantToken: 'sim-other-tenant-token',
			answers: 'examples',
			listOrder: 'collected',
			listCursor: 'keyset',
		});
	});

	it('the CLI takes the answer style, list order, cursor kind and first-answer loss', async () => {
		const cli = path.join(__dirname, 'cli.js');
		const args = ['--ttl', '1', '--answers', 'loose', '--list-order', 'whatsapp'];
		args.push('--list-cursor', 'offset', '--lose-first-answers', 'keyed-writes');
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- runs the simulator CLI under test
		const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
		expect(code).toBe(0);
		expect(JSON.parse(stdout.split('\n')[0])).toMatchObject({
			answers: 'loose',
			listOrder: 'whatsapp',
			listCursor: 'offset',
		});
		expect(stdout).toContain('lose first answers: keyed-writes');
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- runs the simulator CLI under test
		const bad = spawn(process.execPath, [cli, '--answers', 'odd'], { stdio: 'ignore' });
		expect(await new Promise<number | null>((resolve) => bad.on('exit', resolve))).toBe(2);
	});
});

describe('rate limit on demand', () => {
	afterEach(() => sim.setRateLimit(null));

	it('lets N requests per second through, answers the rest 429 with Retry-After, then recovers', async () => {
		sim.setRateLimit(3);
		const replies = await Promise.all(
			Array.from({ length: 5 }, () => call('GET', '/v2/sessions?role=receiving')),
		);
		expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429]);
		const limited = replies.find((r) => r.status === 429) as Reply;
		expectError(limited, 429, 'RATE_LIMITED');
		expect(limited.headers.get('retry-after')).toBe('1');
		const records = sim.requests.slice(-5);
		expect(records.filter((r) => r.rateLimited)).toHaveLength(2);
		await sleep(1050);
		expect((await call('GET', '/v2/sessions?role=receiving')).status).toBe(200);
	});

	it('is set and cleared through the control endpoint; a refused request does not count', async () => {
		const set = await call('POST', '/__sim/rate-limit', { body: { perSecond: 1 }, token: null });
		expect(set.status).toBe(200);
		expect(sim.rateLimit()).toBe(1);
		expect((await call('GET', '/v2/sessions?role=receiving')).status).toBe(200);
		expect((await call('GET', '/v2/sessions?role=receiving')).status).toBe(429);
		expect((await call('GET', '/v2/sessions?role=receiving')).status).toBe(429);
		await sleep(1050);
		expect((await call('GET', '/v2/sessions?role=receiving')).status).toBe(200);
		const off = await call('POST', '/__sim/rate-limit', { body: { perSecond: null }, token: null });
		expect(off.status).toBe(200);
		expect(sim.rateLimit()).toBeNull();
		const bad = await call('POST', '/__sim/rate-limit', { body: { perSecond: -2 }, token: null });
		expectError(bad, 400, 'INVALID_RATE_LIMIT');
	});

	it('applies after auth: a request without a valid token is 401, not 429', async () => {
		sim.setRateLimit(1);
		await call('GET', '/v2/sessions?role=receiving');
		expect((await call('GET', '/v2/sessions?role=receiving', { token: 'wrong' })).status).toBe(401);
	});
});
