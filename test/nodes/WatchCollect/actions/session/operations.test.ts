/**
 * The pairing-journey operations executing for real (n8n-core's WorkflowExecute) against the
 * simulator: request paths and bodies, outputs, the QR image, and input refused before a request.
 */
import jsQR from 'jsqr';
import type { IBinaryData } from 'n8n-workflow';
import { PNG } from 'pngjs';

import { startSimulator } from '../../../../simulator/simulator';
import {
	runWatchCollect,
	searchSessions,
	type RunOptions,
} from '../../../../support/execute-workflow';

let sim: Awaited<ReturnType<typeof startSimulator>>;
let arraySim: Awaited<ReturnType<typeof startSimulator>>;
beforeAll(async () => {
	sim = await startSimulator();
	arraySim = await startSimulator({ listShape: 'array' });
});
afterAll(async () => {
	await sim.close();
	await arraySim.close();
});
beforeEach(() => {
	sim.reset();
	arraySim.reset();
});

const run = (options: Omit<RunOptions, 'credentials'>, url = sim.url) =>
	runWatchCollect({ ...options, credentials: { accessToken: 'sim-valid-token', baseUrl: url } });

/** A session the simulator knows, created through the node itself. */
async function createSession(role = 'receiving') {
	const { outputs } = await run({
		parameters: {
			operation: 'create',
			role,
			sessionMode: 'new',
			authMethod: 'qr',
			additionalFields: { label: `My ${role} session` },
		},
	});
	return outputs[0][0].json as {
		session_id: string;
		waha_session_name: string;
		qr: { value: string };
	};
}

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

function decodeQr(binary: IBinaryData): string | undefined {
	const image = PNG.sync.read(Buffer.from(binary.data, 'base64'));
	return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

describe('Create Session: the QR as an image', () => {
	it('adds a scannable PNG named after the WAHA session in binary "qr", and keeps qr.value in the JSON', async () => {
		const { outputs, error } = await run({
			parameters: { operation: 'create', role: 'receiving', sessionMode: 'new', authMethod: 'qr' },
		});
		expect(error).toBeUndefined();
		const item = outputs[0][0];
		const json = item.json as { waha_session_name: string; qr: { value: string } };
		expect(json.qr.value).toMatch(/^2@/);
		expect(item.binary?.qr).toMatchObject({
			mimeType: 'image/png',
			fileName: `${json.waha_session_name}.png`,
			fileExtension: 'png',
		});
		expect(decodeQr(item.binary?.qr as IBinaryData)).toBe(json.qr.value);
	});

	it('renames the binary property, or leaves the image out when switched off', async () => {
		const renamed = await run({
			parameters: {
				operation: 'create',
				role: 'receiving',
				sessionMode: 'new',
				authMethod: 'qr',
				options: { binaryPropertyName: 'qrImage' },
			},
		});
		expect(Object.keys(renamed.outputs[0][0].binary ?? {})).toEqual(['qrImage']);
		const off = await run({
			parameters: {
				operation: 'create',
				role: 'receiving',
				sessionMode: 'new',
				authMethod: 'qr',
				options: { qrImage: false },
			},
		});
		expect(off.outputs[0][0].binary).toBeUndefined();
		expect((off.outputs[0][0].json.qr as { value: string }).value).toMatch(/^2@/);
	});

	it('adds no image for pairing-code auth', async () => {
		const { outputs } = await run({
			parameters: {
				operation: 'create',
				role: 'sending',
				sessionMode: 'new',
				authMethod: 'otp',
				phoneNumber: '31612345678',
			},
		});
		expect(outputs[0][0].binary).toBeUndefined();
	});
});

describe('Get QR Code', () => {
	it('GETs /v2/sessions/{id}/auth/qr and hands over a fresh QR as JSON and PNG', async () => {
		const session = await createSession();
		sim.requests.length = 0;
		const { outputs, error } = await run({
			parameters: { operation: 'getQr', sessionId: byId(session.session_id) },
		});
		expect(error).toBeUndefined();
		expect(sim.requests.map((r) => [r.method, r.path, r.authOk])).toEqual([
			['GET', `/v2/sessions/${session.session_id}/auth/qr`, 'valid'],
		]);
		const item = outputs[0][0];
		const value = (item.json.qr as { value: string }).value;
		expect(value).toMatch(/^2@/);
		expect(value).not.toBe(session.qr.value);
		expect(decodeQr(item.binary?.qr as IBinaryData)).toBe(value);
		expect(item.binary?.qr.fileName).toBe(`${session.session_id}.png`);
	});

	it('n8n itself flags a typed ID that is not a UUID (the locator validation)', async () => {
		await expect(
			run({ parameters: { operation: 'getQr', sessionId: byId('not-a-uuid') } }),
		).rejects.toThrow(/Not a session ID: expected a UUID/);
		expect(sim.requests).toHaveLength(0);
	});

	it.each([
		[
			'not a UUID',
			byId('={{ "user-user_35eh25qkkIVwab803vgofO1uSsl-receiving" }}'),
			'Session (sessionId): must be a session ID (a UUID such as 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f)',
		],
		[
			'empty',
			byId('={{ "" }}'),
			'Session (sessionId): is required: choose a session from the list or enter its ID',
		],
	])(
		'a session ID from an expression that is %s is refused before any request',
		async (_name, sessionId, message) => {
			const { error } = await run({ parameters: { operation: 'getQr', sessionId } });
			expect(error?.message).toBe(`Invalid parameter: ${message}`);
			expect(sim.requests).toHaveLength(0);
		},
	);

	it('an unknown session is a 404 with the API message', async () => {
		const { error } = await run({
			parameters: { operation: 'getQr', sessionId: byId('00000000-0000-4000-8000-000000000000') },
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toMatch(/^WatchCollect could not find it \(404\)/);
	});
});

describe('Request Pairing Code', () => {
	it('POSTs the normalised phone and OTP method, and outputs the code', async () => {
		const session = await createSession();
		sim.requests.length = 0;
		const { outputs, error } = await run({
			parameters: {
				operation: 'requestCode',
				sessionId: byId(session.session_id),
				role: 'receiving',
				phoneNumber: '+31 6 1234 5678',
				otpMethod: 'sms',
			},
		});
		expect(error).toBeUndefined();
		expect(sim.requests[0]).toMatchObject({
			method: 'POST',
			path: `/v2/sessions/${session.session_id}/auth/request-code`,
			body: { phone_number: '31612345678', otp_method: 'sms' },
		});
		expect(outputs[0][0].json).toMatchObject({ phone_number: '31612345678', method: 'sms' });
		expect(outputs[0][0].json.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
	});

	it.each([
		[
			{ role: '={{ "sending" }}', phoneNumber: '31612345678', otpMethod: 'voice' },
			"OTP Method (otpMethod): 'voice' is not allowed for a sending session; allowed: 'web' (the NOWEB engine only supports web pairing)",
		],
		[
			{ role: 'receiving', phoneNumber: '00316 1234 5678' },
			"Phone Number (phoneNumber): '00316 1234 5678' is not valid: it starts with the 00 prefix instead of the country code. Use the country code and number, digits only, e.g. 31612345678 (a leading + and spaces, dashes, dots or brackets are fine; no leading 0 or 00)",
		],
	])('refuses %j before any request', async (parameters, message) => {
		const { error } = await run({
			parameters: {
				operation: 'requestCode',
				sessionId: byId('6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f'),
				...parameters,
			},
		});
		expect(error?.message).toBe(`Invalid parameter: ${message}`);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Start and Sync', () => {
	it.each([
		['start', 'start', { session_status: 'STARTING', started: true }],
		['sync', 'sync', { sync_requested: true }],
	])(
		'%s POSTs /v2/sessions/{id}/%s without a body and outputs the answer',
		async (operation, action, expected) => {
			const session = await createSession();
			sim.requests.length = 0;
			const { outputs, error } = await run({
				parameters: { operation, sessionId: byId(session.session_id) },
			});
			expect(error).toBeUndefined();
			expect(sim.requests[0]).toMatchObject({
				method: 'POST',
				path: `/v2/sessions/${session.session_id}/${action}`,
			});
			expect(outputs[0][0].json).toMatchObject({ session_id: session.session_id, ...expected });
		},
	);

	it('Sync of a sending session shows the API refusal (422)', async () => {
		const session = await createSession('sending');
		sim.requests.length = 0;
		const { error } = await run({
			parameters: { operation: 'sync', sessionId: byId(session.session_id) },
		});
		expect(error?.httpCode).toBe('422');
		expect(error?.message).toMatch(/^WatchCollect rejected the request \(422\): .+/);
	});
});

describe('Get Many', () => {
	it.each([
		['an object holding "sessions"', () => sim],
		['a bare array', () => arraySim],
	])(
		'lists both roles, one item per session, when the API answers with %s',
		async (_name, server) => {
			const { outputs, error } = await run(
				{ parameters: { operation: 'getMany', returnAll: true } },
				server().url,
			);
			expect(error).toBeUndefined();
			expect(server().requests.map((r) => [r.method, r.path, r.query])).toEqual([
				['GET', '/v2/sessions', { role: 'receiving' }],
				['GET', '/v2/sessions', { role: 'sending' }],
			]);
			const seeded = [...server().sessions.values()];
			expect(outputs[0].map((o) => o.json.session_id).sort()).toEqual(
				seeded.map((s) => s.session_id).sort(),
			);
			expect(
				outputs[0].every((o) => o.pairedItem && (o.pairedItem as { item: number }).item === 0),
			).toBe(true);
		},
	);

	it('filters by role and applies the limit', async () => {
		await createSession('sending');
		sim.requests.length = 0;
		const { outputs } = await run({
			parameters: { operation: 'getMany', role: 'sending', returnAll: false, limit: 1 },
		});
		expect(sim.requests.map((r) => r.query)).toEqual([{ role: 'sending' }]);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json.role).toBe('sending');
	});
});

describe('the Session locator list search', () => {
	it('lists sessions of both roles with label, role and WAHA name, and filters', async () => {
		const created = await createSession('receiving');
		const all = await searchSessions(undefined, {
			accessToken: 'sim-valid-token',
			baseUrl: sim.url,
		});
		expect(all.results.length).toBe(sim.sessions.size);
		expect(all.results).toContainEqual({
			name: `My receiving session · receiving · ${created.waha_session_name}`,
			value: created.session_id,
		});
		const filtered = await searchSessions('my receiving', {
			accessToken: 'sim-valid-token',
			baseUrl: sim.url,
		});
		expect(filtered.results).toEqual([
			{
				name: `My receiving session · receiving · ${created.waha_session_name}`,
				value: created.session_id,
			},
		]);
	});

	it('a wrong token is the same actionable 401 error', async () => {
		await expect(
			searchSessions(undefined, { accessToken: 'wrong', baseUrl: sim.url }),
		).rejects.toThrow(/^WatchCollect rejected the access token \(401\)/);
	});
});

describe('Get Many: values from expressions are checked before any request', () => {
	it.each([
		[{ role: '={{ "admins" }}' }, "Role (role): must be one of 'all', 'receiving', 'sending'"],
		[
			{ returnAll: false, limit: '={{ 0 }}' },
			'Limit (limit): must be a whole number of at least 1',
		],
	])('%j', async (parameters, message) => {
		const { error } = await run({ parameters: { operation: 'getMany', ...parameters } });
		expect(error?.message).toBe(`Invalid parameter: ${message}`);
		expect(sim.requests).toHaveLength(0);
	});
});
