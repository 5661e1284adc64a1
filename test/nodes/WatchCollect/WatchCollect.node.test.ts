/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- fake tokens known only to the local simulator */
/**
 * The node executing for real: n8n-core's WorkflowExecute runs Test Items → WatchCollect, the
 * node's requests go over HTTP to the WatchCollect simulator on 127.0.0.1, which checks the bearer
 * token and every contract rule and injects faults on demand.
 */
import { startSimulator } from '../../simulator/simulator';
import { runWatchCollect, type RunOptions } from '../../support/execute-workflow';

const TOKEN = 'wc_test_5f2b8c1e9d7a4f3b8e6c2a1d0f9e8b7c';
const OTHER_TENANT_TOKEN = 'wc_test_other_tenant_3a9d7c2e1b';
const LINK_NAME = 'user-user_35eh25qkkIVwab803vgofO1uSsl-receiving';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A JWT whose exp lies in the past (2024-01-01T00:00:00Z); the simulator does not know it. */
const EXPIRED_JWT = [
	Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url'),
	Buffer.from(JSON.stringify({ sub: 'user_1', exp: 1704067200 })).toString('base64url'),
	'c2lnbmF0dXJl',
].join('.');

let sim: Awaited<ReturnType<typeof startSimulator>>;
const everythingSeen: string[] = [];

beforeAll(async () => {
	sim = await startSimulator({
		tokens: { valid: [TOKEN], otherTenant: [OTHER_TENANT_TOKEN] },
		slowMs: 5000,
	});
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => sim.reset());

async function run(
	options: Omit<RunOptions, 'credentials'> & { token?: string; baseUrl?: string },
) {
	const result = await runWatchCollect({
		...options,
		credentials: { accessToken: options.token ?? TOKEN, baseUrl: options.baseUrl ?? sim.url },
	});
	everythingSeen.push(JSON.stringify(result.run), JSON.stringify(result.outputs));
	if (result.error) {
		const e = result.error as unknown as Record<string, unknown>;
		everythingSeen.push(
			String(e.message),
			String(e.description),
			JSON.stringify(e),
			JSON.stringify(e.cause ?? null),
			JSON.stringify(e.errorResponse ?? null),
			String(e.stack),
		);
	}
	return result;
}

const receivingQr = { role: 'receiving', sessionMode: 'new', authMethod: 'qr' };

describe('Create Session against the simulator', () => {
	it('creates a receiving QR session: exact body, bearer token, the API response as output', async () => {
		const { outputs, error } = await run({ parameters: receivingQr });
		expect(error).toBeUndefined();
		expect(sim.requests).toHaveLength(1);
		const [request] = sim.requests;
		expect(request).toMatchObject({
			method: 'POST',
			path: '/v2/sessions',
			authOk: 'valid',
			status: 200,
		});
		expect(request.body).toEqual({ role: 'receiving', engine: 'WEBJS', auth_method: 'qr' });
		expect(outputs).toHaveLength(1);
		expect(outputs[0]).toHaveLength(1);
		const item = outputs[0][0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			status: 'accepted',
			role: 'receiving',
			engine: 'WEBJS',
			auth_method: 'qr',
			created: true,
			session_status: 'SCAN_QR_CODE',
		});
		expect(item.json.session_id).toMatch(UUID);
		expect((item.json.qr as { value: string }).value).toMatch(/^2@[^,]+,[^,]+,[^,]+,[^,]+$/);
		// the node hands over the API's answer as it came: the stored session matches it
		expect(sim.sessions.get(item.json.session_id as string)?.waha_session_name).toBe(
			item.json.waha_session_name,
		);
	});

	it('creates a sending OTP session from a phone typed with spaces; the pairing code comes back', async () => {
		const { outputs, error } = await run({
			parameters: {
				role: 'sending',
				sessionMode: 'new',
				authMethod: 'otp',
				phoneNumber: '+31 6 1234 5678',
				otpMethod: 'web',
			},
		});
		expect(error).toBeUndefined();
		expect(sim.requests[0].body).toEqual({
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'otp',
			phone_number: '31612345678',
		});
		expect(outputs[0][0].json).toMatchObject({
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'otp',
		});
		expect((outputs[0][0].json.otp as { code: string }).code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
	});

	it('links an existing session with automatic auth and the engine kept: neither is sent', async () => {
		const { outputs, error } = await run({
			parameters: {
				role: 'receiving',
				sessionMode: 'link',
				wahaSessionName: LINK_NAME,
				label: 'ignored-not-in-collection',
				additionalFields: { label: 'Main receiving session' },
			},
		});
		expect(error).toBeUndefined();
		expect(sim.requests[0].body).toEqual({
			role: 'receiving',
			waha_session_name: LINK_NAME,
			label: 'Main receiving session',
		});
		expect(outputs[0][0].json).toMatchObject({
			created: false,
			waha_session_name: LINK_NAME,
			label: 'Main receiving session',
		});
	});

	it('evaluates expressions per item and sends one request per item, in order', async () => {
		const { outputs, error } = await run({
			items: [{ phone: '+31 6 1111 1111' }, { phone: '(44) 7911 123456' }],
			parameters: {
				...receivingQr,
				authMethod: 'otp',
				phoneNumber: '={{ $json.phone }}',
				otpMethod: 'sms',
			},
		});
		expect(error).toBeUndefined();
		expect(sim.requests.map((r) => (r.body as { phone_number: string }).phone_number)).toEqual([
			'31611111111',
			'447911123456',
		]);
		expect(outputs[0].map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('bad input is refused before any request', () => {
	it.each([
		[
			'a national phone number',
			{ ...receivingQr, authMethod: 'otp', phoneNumber: '={{ "0612345678" }}' },
			/Phone Number \(phoneNumber\): '0612345678' is not valid: it starts with 0/,
		],
		[
			// the OTP Method field shows for receiving sessions only; with the role from an
			// expression it shows, and a value a sending session cannot honour is refused
			'sms on a sending session (role from an expression)',
			{
				role: '={{ "sending" }}',
				sessionMode: 'new',
				authMethod: 'otp',
				phoneNumber: '31612345678',
				otpMethod: '={{ "sms" }}',
			},
			/OTP Method \(otpMethod\): 'sms' is not allowed for a sending session; allowed: 'web'/,
		],
		[
			'an unknown role',
			{ ...receivingQr, role: '={{ "admin" }}' },
			/Role \(role\): must be one of 'receiving', 'sending'/,
		],
		[
			'a NOWEB receiving session',
			{ ...receivingQr, engine: '={{ "NOWEB" }}' },
			/Engine \(engine\): 'NOWEB' is not allowed for a new receiving session/,
		],
	])('%s', async (_name, parameters, message) => {
		const { error } = await run({ parameters });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(error?.context?.itemIndex).toBe(0);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('API failures become errors a user can act on', () => {
	const fault = (name: string) => ({
		parameters: { ...receivingQr, additionalFields: { label: `sim-fault:${name}` } },
	});
	const requestIdOf = () =>
		(sim.requests[0] as { requestId?: string } | undefined)?.requestId ?? '';

	it('401: a token the API does not know', async () => {
		const { error } = await run({ parameters: receivingQr, token: 'wc_test_wrong_token_7c1e' });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toMatch(
			/^WatchCollect rejected the access token \(401\): it is missing, invalid or expired \[request ID: req_[0-9a-f]+\]$/,
		);
		expect(error?.description).toMatch(/paste a current access token/);
		expect(sim.requests[0].authOk).toBe('invalid');
	});

	it('401: an expired JWT says when it expired', async () => {
		const { error } = await run({ parameters: receivingQr, token: EXPIRED_JWT });
		expect(error?.message).toMatch(
			/^WatchCollect rejected the access token \(401\): it expired at 2024-01-01T00:00:00\.000Z/,
		);
	});

	it('403: a token of another tenant', async () => {
		const { error } = await run({ parameters: receivingQr, token: OTHER_TENANT_TOKEN });
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toMatch(
			/^WatchCollect refused the operation \(403\): .+ \[request ID: req_[0-9a-f]+\]$/,
		);
	});

	it('404: linking a WAHA session that does not exist shows the API message', async () => {
		const { error } = await run({
			parameters: {
				role: 'receiving',
				sessionMode: 'link',
				wahaSessionName: 'no-such-session',
				authMethod: 'auto',
			},
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toMatch(
			/^WatchCollect could not find it \(404\): .*no-such-session.* \[request ID: req_/,
		);
	});

	it.each([
		['409', '409', /^WatchCollect reported a conflict \(409\): .+ \[request ID: req_/],
		['422', '422', /^WatchCollect rejected the request \(422\): .+ \[request ID: req_/],
		['500', '500', /^WatchCollect had a server error \(500\)/],
		['502', '502', /^WatchCollect had a server error \(502\)/],
	])('%s', async (name, httpCode, message) => {
		const { error } = await run(fault(name));
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe(httpCode);
		expect(error?.message).toMatch(message);
		expect(error?.context?.itemIndex).toBe(0);
	});

	it('the request ID of an error is the one the API sent', async () => {
		const { error } = await run(fault('409'));
		expect(requestIdOf()).not.toBe('');
		expect(error?.message).toContain(`[request ID: ${requestIdOf()}]`);
	});

	it('429 past Max Wait on Rate Limit: says when to retry from Retry-After', async () => {
		// every attempt is refused (the label asks for 429, Retry-After 30); 20 s allows no retry
		const { error } = await run({
			parameters: {
				...receivingQr,
				additionalFields: { label: 'sim-fault:429' },
				options: { maxRateLimitWait: 20 },
			},
		});
		expect(error?.httpCode).toBe('429');
		expect(error?.message).toMatch(
			/^WatchCollect is rate limiting requests \(429\): retry after 30 seconds/,
		);
		expect(sim.requests).toHaveLength(1);
	});

	it('status "rejected" in a 200 answer is an error with session_status and request ID', async () => {
		const { error } = await run(fault('rejected'));
		expect(error?.message).toMatch(
			/^WatchCollect rejected the session \(session_status: FAILED\) \[request ID: req_[0-9a-f]+\]$/,
		);
	});

	it('a 200 create answer that is not JSON succeeds (the session may exist), its text kept and the content type named in warnings', async () => {
		const { outputs, error } = await run(fault('non-json'));
		expect(error).toBeUndefined();
		expect(typeof outputs[0][0].json.answer).toBe('string');
		expect(outputs[0][0].json.warnings).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^the answer was not JSON \(HTTP 200, text\/html; charset=utf-8\)/),
			]),
		);
	});

	it('a 200 create answer that breaks the contract still succeeds (the session may exist), naming the fields in warnings', async () => {
		const { outputs, error } = await run(fault('bad-schema'));
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.warnings).toEqual([
			'`session_id` is missing; the contract gives a text',
			"`created` came as 'yes'; the contract gives true or false",
		]);
	});

	it('a dropped connection', async () => {
		const { error } = await run(fault('drop'));
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(
			/^The connection to WatchCollect at http:\/\/127\.0\.0\.1:\d+ was closed before an answer arrived/,
		);
	});

	it('a timeout, with the timeout the user set', async () => {
		const started = Date.now();
		const { error } = await run({
			parameters: {
				...receivingQr,
				additionalFields: { label: 'sim-fault:slow' },
				options: { timeout: 1000 },
			},
		});
		expect(error?.message).toBe('WatchCollect did not answer within 1000 ms');
		expect(Date.now() - started).toBeLessThan(4500);
	});

	it('connection refused names the Base URL', async () => {
		const { error } = await run({ parameters: receivingQr, baseUrl: 'http://127.0.0.1:9/' });
		expect(error?.message).toBe(
			'Could not connect to WatchCollect at http://127.0.0.1:9: the connection was refused',
		);
	});
});

describe('continueOnFail and the error output', () => {
	const batch = [
		{ label: 'first', phone: '31611111111' },
		{ label: 'sim-fault:500', phone: '31622222222' },
		{ label: 'third', phone: '31633333333' },
		{ label: 'bad phone', phone: '0644444444' },
		{ label: 'fifth', phone: '31655555555' },
	];
	const parameters = {
		...receivingQr,
		authMethod: 'otp',
		phoneNumber: '={{ $json.phone }}',
		additionalFields: { label: '={{ $json.label }}' },
	};

	it('Continue (regular output): one output per input, in order, errors in place, no request for bad input', async () => {
		const { outputs, error } = await run({
			items: batch,
			parameters,
			onError: 'continueRegularOutput',
		});
		expect(error).toBeUndefined();
		const out = outputs[0];
		expect(out).toHaveLength(5);
		expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(out.map((o) => ('error' in o.json ? 'error' : o.json.label))).toEqual([
			'first',
			'error',
			'third',
			'error',
			'fifth',
		]);
		expect(out[1].json.error).toMatch(/server error \(500\)/);
		expect(out[3].json.error).toMatch(/Phone Number \(phoneNumber\): '0644444444' is not valid/);
		expect(sim.requests.map((r) => (r.body as { label: string }).label)).toEqual([
			'first',
			'sim-fault:500',
			'third',
			'fifth',
		]);
	});

	it('Continue (error output): failures go to the second output with their pairing', async () => {
		const { outputs, error } = await run({
			items: batch,
			parameters,
			onError: 'continueErrorOutput',
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((o) => o.json.label)).toEqual(['first', 'third', 'fifth']);
		expect(outputs[1].map((o) => o.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
	});

	it('Stop Workflow (default): the first failure stops the run with its item index', async () => {
		const { error } = await run({ items: batch, parameters });
		expect(error?.context?.itemIndex).toBe(1);
		expect(sim.requests).toHaveLength(2);
	});
});

describe('the token never leaks', () => {
	it('appears in no output, error, error description or recorded request of this suite', () => {
		expect(everythingSeen.length).toBeGreaterThan(20);
		for (const text of everythingSeen) {
			expect(text).not.toContain(TOKEN);
			expect(text).not.toContain(OTHER_TENANT_TOKEN);
			expect(text).not.toContain(EXPIRED_JWT);
		}
		expect(JSON.stringify(sim.requests)).not.toContain(TOKEN);
	});
});

describe("the editor's Custom API Call entry", () => {
	it('explains to use the HTTP Request node with the WatchCollect credential, and sends nothing', async () => {
		const { error } = await run({ parameters: { operation: '__CUSTOM_API_CALL__' } });
		expect(error?.message).toBe(
			'The operation "__CUSTOM_API_CALL__" of resource "session" is not supported',
		);
		expect(error?.description).toMatch(/HTTP Request node .*WatchCollect API/);
		expect(sim.requests).toHaveLength(0);
	});
});
