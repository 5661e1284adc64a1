/**
 * Issue 13 §1–2 for the writes: a 2xx answer never fails the item because of its shape. The item
 * is the answer as received plus `warnings` naming each field that differs from the contract;
 * only `status: "rejected"` is an error. Every answer here is written by the test (scriptedApi).
 */
import { runWatchCollect, type RunOptions } from '../../../support/execute-workflow';
import { pagedSessions, startScriptedApi, type ScriptedApi } from './scriptedApi';

const SESSION = '6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f';
const GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
const SCHEDULE = '0b7c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4';

let api: ScriptedApi;
beforeAll(async () => {
	api = await startScriptedApi();
});
afterAll(async () => await api.close());
beforeEach(() => {
	api.requests.length = 0;
	api.script = () => undefined;
});

const run = (options: Omit<RunOptions, 'credentials'>) =>
	runWatchCollect({ ...options, credentials: { accessToken: 'test-token', baseUrl: api.url } });

const posts = (path: string) =>
	api.requests.filter((r) => r.method !== 'GET' && r.path === path).length;

const documentedCreate = {
	status: 'accepted',
	session_id: SESSION,
	waha_session_name: 'user-x-receiving',
	role: 'receiving',
	engine: 'WEBJS',
	session_status: 'SCAN_QR_CODE',
	created: true,
	started: true,
	auth_method: 'qr',
	webhook_configured: true,
	sync_requested: true,
	request_id: 'req_1',
};
const create = { operation: 'create', role: 'receiving', sessionMode: 'new', authMethod: 'qr' };

describe('Create Session: any 2xx answer is a created session', () => {
	it('label, qr, otp and sync_request_event_ids written as null: the item succeeds, no warnings, one POST', async () => {
		const answer = {
			...documentedCreate,
			label: null,
			qr: null,
			otp: null,
			sync_request_event_ids: null,
			event_ids: null,
		};
		api.script = (r) => (r.path === '/v2/sessions' ? { body: answer } : undefined);
		const { outputs, error } = await run({ parameters: create });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json).toEqual(answer);
		expect(outputs[0][0].binary).toBeUndefined();
		expect(posts('/v2/sessions')).toBe(1);
	});

	it('an unknown status, an unknown engine, a missing request_id, another type and an extra field: succeeds, each named in warnings', async () => {
		const rest: Record<string, unknown> = { ...documentedCreate };
		delete rest.request_id;
		const answer = {
			...rest,
			status: 'queued',
			engine: 'WEBJS2',
			created: 'yes',
			qr: { value: '2@abc,def', expires_in: 60 },
			tenant: 'acme',
		};
		api.script = (r) => (r.path === '/v2/sessions' ? { body: answer } : undefined);
		const { outputs, error } = await run({ parameters: create });
		expect(error).toBeUndefined();
		const json = outputs[0][0].json;
		expect(json).toMatchObject(answer);
		expect(json.warnings).toEqual([
			"`status` came as 'queued', a value the contract does not list (it lists 'accepted', 'rejected'); the node counts the session as created",
			"`engine` came as 'WEBJS2', a value the contract does not list (it lists 'WEBJS', 'NOWEB', 'GOWS')",
			"`created` came as 'yes'; the contract gives true or false",
			'`request_id` is missing; the contract gives a text',
			'`qr.expires_in` is not in the contract (came as 60); passed on as received',
			"`tenant` is not in the contract (came as 'acme'); passed on as received",
		]);
		// the QR is still drawn from qr.value
		expect(outputs[0][0].binary?.qr?.mimeType).toBe('image/png');
		expect(posts('/v2/sessions')).toBe(1);
	});

	it('an answer that is not an object: succeeds, kept under `answer`, with a warning', async () => {
		api.script = (r) => (r.path === '/v2/sessions' ? { body: 1 } : undefined);
		const { outputs, error } = await run({ parameters: create });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual({
			answer: 1,
			warnings: ['The answer came as 1; the contract gives an object'],
		});
	});

	it('status "rejected" is the one refusal: the item fails with the request ID', async () => {
		api.script = (r) =>
			r.path === '/v2/sessions'
				? { body: { ...documentedCreate, status: 'rejected', session_status: 'FAILED' } }
				: undefined;
		const { error } = await run({ parameters: create });
		expect(error?.message).toBe(
			'WatchCollect rejected the session (session_status: FAILED) [request ID: req_1]',
		);
	});
});

describe('Request Pairing Code, Start, Sync', () => {
	it('Request Pairing Code: a null phone_number and an extra field are warnings, the code is there', async () => {
		const answer = { phone_number: null, code: 'ABCD-EFGH', method: '', expires_at_ms: 1 };
		api.script = (r) => (r.path.endsWith('/auth/request-code') ? { body: answer } : undefined);
		const { outputs, error } = await run({
			parameters: {
				operation: 'requestCode',
				sessionId: { __rl: true, mode: 'id', value: SESSION },
				role: 'receiving',
				phoneNumber: '+31 (0)6 1234 5678',
			},
		});
		expect(error).toBeUndefined();
		expect(api.requests[0].body).toEqual({ phone_number: '31612345678' });
		expect(outputs[0][0].json).toEqual({
			...answer,
			warnings: [
				'`phone_number` came as null; the contract gives a text',
				'`expires_at_ms` is not in the contract (came as 1); passed on as received',
			],
		});
	});

	it.each(['start', 'sync'])(
		'%s: any answer object is handed over as received, without warnings (no shape is documented)',
		async (operation) => {
			const answer = { ok: true, session_status: 'SOMETHING_NEW', nested: { x: null } };
			api.script = (r) => (r.path.endsWith(`/${operation}`) ? { body: answer } : undefined);
			const { outputs, error } = await run({
				parameters: { operation, sessionId: { __rl: true, mode: 'id', value: SESSION } },
			});
			expect(error).toBeUndefined();
			expect(outputs[0][0].json).toEqual(answer);
			expect(posts(`/v2/sessions/${SESSION}/${operation}`)).toBe(1);
		},
	);

	it('Start answered with a list: succeeds, kept under `answer`, with a warning', async () => {
		api.script = (r) => (r.path.endsWith('/start') ? { body: [1, 2] } : undefined);
		const { outputs, error } = await run({
			parameters: { operation: 'start', sessionId: { __rl: true, mode: 'id', value: SESSION } },
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual({
			answer: [1, 2],
			warnings: ['The answer came as a list of 2; the contract gives an object'],
		});
	});
});

describe('Outbound Send › Send and Outbound Schedule › Cancel', () => {
	const send = (extra: object = {}) => ({
		resource: 'outboundSend',
		operation: 'send',
		sessionId: { __rl: true, mode: 'id', value: SESSION },
		groupIds: [GROUP],
		text: 'Rolex 126610LN, full set',
		...extra,
	});
	/** Sending sessions in pages of one, with `id` instead of `session_id` and no has_more. */
	const sessions = [
		{ id: '11111111-2222-4333-8444-555555555555', role: 'sending', session_status: 'WORKING' },
		{ id: SESSION, role: 'sending', session_status: 'WORKING', label: null },
	];

	it('an odd answer after a session list in one-item pages with `id`: sent, warnings name the answer', async () => {
		const answer = {
			status: 'accepted_later',
			request_id: null,
			send: { status: 'mystery', send_id: 'x', results: null, retry_at_ms: 5 },
			trace: 'abc',
		};
		api.script = (r) => {
			if (r.path === '/v2/sessions') return pagedSessions(sessions, r);
			if (r.path === '/v2/outbound/sends') return { status: 202, body: answer };
			return undefined;
		};
		const { outputs, error } = await run({ parameters: send() });
		expect(error).toBeUndefined();
		expect(api.requests.filter((r) => r.path === '/v2/sessions').map((r) => r.query)).toEqual([
			{ role: 'sending' },
			{ role: 'sending', cursor: 'c1' },
		]);
		const json = outputs[0][0].json;
		expect(json).toMatchObject({ outcome: 'sent', duplicate: false, ...answer });
		expect(json.warnings).toEqual([
			"`status` came as 'accepted_later', a value the contract does not list (it lists 'accepted', 'duplicate_accepted'); the node counts it as sent",
			'`request_id` came as null; the contract gives a text',
			'`send.retry_at_ms` is not in the contract (came as 5); passed on as received',
			"`trace` is not in the contract (came as 'abc'); passed on as received",
		]);
		expect(posts('/v2/outbound/sends')).toBe(1);
	});

	it('the session list cannot be read (500): the send goes ahead and says so', async () => {
		api.script = (r) => {
			if (r.path === '/v2/sessions') return { status: 500, body: { error: { message: 'boom' } } };
			if (r.path === '/v2/outbound/sends') return { body: { status: 'accepted', request_id: 'r' } };
			return undefined;
		};
		const { outputs, error } = await run({ parameters: send() });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.warnings).toEqual([
			expect.stringMatching(
				/^The sending sessions could not be listed \(WatchCollect had a server error \(500\): boom.*\); the send was tried/,
			),
		]);
		expect(posts('/v2/outbound/sends')).toBe(1);
	});

	it("a session the list does not hold: the send goes ahead and the API's refusal is the item's error", async () => {
		api.script = (r) => {
			if (r.path === '/v2/sessions') return { body: [] };
			if (r.path === '/v2/outbound/sends')
				return { status: 404, body: { error: { message: 'No session with that id' } } };
			return undefined;
		};
		const { error } = await run({ parameters: send() });
		expect(error?.message).toMatch(/could not find it \(404\): No session with that id/);
		expect(api.requests.filter((r) => r.path === '/v2/sessions').map((r) => r.query.role)).toEqual([
			'sending',
			'receiving',
		]);
		expect(posts('/v2/outbound/sends')).toBe(1);
	});

	it('a listed session without a status: the send goes ahead with a warning', async () => {
		api.script = (r) => {
			if (r.path === '/v2/sessions')
				return { body: { data: [{ session_id: SESSION, session_status: null }] } };
			if (r.path === '/v2/outbound/sends') return { body: { status: 'accepted', request_id: 'r' } };
			return undefined;
		};
		const { outputs, error } = await run({ parameters: send() });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.warnings).toEqual([
			`The session list gives no status for '${SESSION}' (session_status came as null); the send was tried, and WatchCollect's answer decided`,
		]);
	});

	it('a listed session with a status the node does not know: the send goes ahead with a warning', async () => {
		api.script = (r) => {
			if (r.path === '/v2/sessions')
				return { body: [{ session_id: SESSION, session_status: 'WORKING_V2', label: 'Shop' }] };
			if (r.path === '/v2/outbound/sends') return { body: { status: 'accepted', request_id: 'r' } };
			return undefined;
		};
		const { outputs, error } = await run({ parameters: send() });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.warnings).toEqual([
			"The session list gives 'Shop' the status 'WORKING_V2', which the node does not know (it knows STOPPED, STARTING, SCAN_QR_CODE, WORKING, FAILED); the send was tried, and WatchCollect's answer decided",
		]);
		expect(posts('/v2/outbound/sends')).toBe(1);
	});

	it('a listed session whose status is not WORKING is refused before posting', async () => {
		api.script = (r) =>
			r.path === '/v2/sessions'
				? { body: { sessions: [{ id: SESSION, session_status: 'STOPPED', label: 'Shop' }] } }
				: undefined;
		const { error } = await run({ parameters: send() });
		expect(error?.message).toMatch(/'Shop' is STOPPED, not WORKING: pair it first/);
		expect(posts('/v2/outbound/sends')).toBe(0);
	});

	it('status "rejected" is an error; nothing else is', async () => {
		api.script = (r) => {
			if (r.path === '/v2/sessions') return { body: [{ id: SESSION, session_status: 'WORKING' }] };
			if (r.path === '/v2/outbound/sends')
				return { body: { status: 'rejected', request_id: 'req_9' } };
			return undefined;
		};
		const { error } = await run({ parameters: send() });
		expect(error?.message).toBe('WatchCollect rejected the send [request ID: req_9]');
	});

	it('Cancel: nulls for optional fields pass, an extra field is a warning, duplicate says already canceled', async () => {
		const answer = {
			status: 'duplicate_accepted',
			schedule_id: null,
			request_id: 'r',
			event_ids: null,
			canceled_by: 'u1',
		};
		api.script = (r) => (r.method === 'DELETE' ? { body: answer } : undefined);
		const { outputs, error } = await run({
			parameters: { resource: 'outboundSchedule', operation: 'cancel', scheduleId: SCHEDULE },
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual({
			outcome: 'already canceled',
			duplicate: true,
			...answer,
			warnings: ["`canceled_by` is not in the contract (came as 'u1'); passed on as received"],
		});
	});
});

describe('Empty answers', () => {
	it.each(['start', 'sync'])(
		'%s answered 204 without a body: the item says what was done and the status code',
		async (operation) => {
			api.script = (r) => (r.path.endsWith(`/${operation}`) ? { status: 204 } : undefined);
			const { outputs, error } = await run({
				parameters: { operation, sessionId: { __rl: true, mode: 'id', value: SESSION } },
			});
			expect(error).toBeUndefined();
			expect(outputs[0][0].json).toEqual({
				session_id: SESSION,
				message: `WatchCollect accepted the ${operation} of the session (HTTP 204, an empty answer)`,
				statusCode: 204,
			});
			expect(posts(`/v2/sessions/${SESSION}/${operation}`)).toBe(1);
		},
	);

	it.each([200, 202])(
		'Send answered %i without a body: sent, with the status code and a warning that the documented answer is missing',
		async (status) => {
			api.script = (r) => {
				if (r.path === '/v2/sessions')
					return { body: [{ id: SESSION, session_status: 'WORKING' }] };
				if (r.path === '/v2/outbound/sends') return { status };
				return undefined;
			};
			const { outputs, error } = await run({
				parameters: {
					resource: 'outboundSend',
					operation: 'send',
					sessionId: { __rl: true, mode: 'id', value: SESSION },
					groupIds: [GROUP],
					text: 'WTS',
				},
			});
			expect(error).toBeUndefined();
			expect(outputs[0][0].json).toEqual({
				outcome: 'sent',
				duplicate: false,
				idempotency_key: expect.stringMatching(/^n8n:/),
				message: `WatchCollect accepted the send (HTTP ${status}, an empty answer)`,
				statusCode: status,
				warnings: ['The answer is missing; the contract gives an object'],
			});
			expect(posts('/v2/outbound/sends')).toBe(1);
		},
	);

	it('Cancel answered 204: canceled, with a warning that the documented answer is missing', async () => {
		api.script = (r) => (r.method === 'DELETE' ? { status: 204 } : undefined);
		const { outputs, error } = await run({
			parameters: { resource: 'outboundSchedule', operation: 'cancel', scheduleId: SCHEDULE },
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual({
			outcome: 'canceled',
			duplicate: false,
			message: 'WatchCollect accepted the cancellation of the schedule (HTTP 204, an empty answer)',
			statusCode: 204,
			warnings: ['The answer is missing; the contract gives an object'],
		});
	});
});
