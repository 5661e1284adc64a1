/* eslint-disable @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any -- test code reading JSON answers; tokens are the simulator's */
/**
 * The simulator's Clerk stand-in: session JWTs with exp checked on every /v2 route, the Frontend
 * API (client, tokens, rotation, revocation), and no token in its records.
 */
import { startSimulator, type Simulator } from './simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ jwtTtlSeconds: 1 });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ID = '00000000-0000-4000-8000-000000000000';
const ROUTES: Array<[string, string]> = [
	['GET', '/v2/sessions?role=receiving'],
	['POST', '/v2/sessions'],
	['GET', `/v2/sessions/${ID}/auth/qr`],
	['POST', `/v2/sessions/${ID}/auth/request-code`],
	['POST', `/v2/sessions/${ID}/start`],
	['POST', `/v2/sessions/${ID}/sync`],
];

async function call(method: string, path: string, token: string) {
	const r = await fetch(`${sim.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: method === 'POST' ? '{}' : undefined,
	});
	return { status: r.status, body: (await r.json()) as Record<string, any> };
}

async function fapi(method: string, path: string, clientToken: string, native = true) {
	const r = await fetch(`${sim.clerk.frontendApiUrl}${path}${native ? '?_is_native=true' : ''}`, {
		method,
		headers: native ? { authorization: clientToken } : { cookie: `__client=${clientToken}` },
	});
	return {
		status: r.status,
		body: (await r.json()) as Record<string, any>,
		auth: r.headers.get('authorization'),
	};
}

it('accepts a fresh session JWT, and refuses it on every /v2 route once expired or badly signed', async () => {
	const jwt = sim.clerk.mint();
	for (const [method, path] of ROUTES) {
		expect((await call(method, path, jwt)).status).not.toBe(401);
	}
	const [h, p, s] = jwt.split('.');
	const forged = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
	await sleep(1100);
	for (const [method, path] of ROUTES) {
		const expired = await call(method, path, jwt);
		expect(expired.status).toBe(401);
		expect(expired.body.error.message).toBe('The session token (authorization) has expired.');
		expect((await call(method, path, forged)).status).toBe(401);
	}
	expect(sim.requests.filter((r) => r.authReason === 'expired')).toHaveLength(ROUTES.length);
	expect(sim.requests.filter((r) => r.authReason === 'bad-signature')).toHaveLength(ROUTES.length);
	// the static token keeps working as a long-lived token
	expect((await call('GET', '/v2/sessions?role=receiving', 'sim-valid-token')).status).toBe(200);
});

it('Frontend API: client, tokens, rotation, revocation, ended session', async () => {
	const { clientToken, sessionId } = sim.clerk.state();
	const client = await fapi('GET', '/v1/client', clientToken);
	expect(client.status).toBe(200);
	expect(client.body.response).toMatchObject({
		object: 'client',
		last_active_session_id: sessionId,
		sessions: [{ id: sessionId, status: 'active' }],
	});
	expect(client.auth).toBe(clientToken);
	const minted = await fapi('POST', `/v1/client/sessions/${sessionId}/tokens`, clientToken);
	expect(minted.body).toMatchObject({ object: 'token', jwt: expect.stringMatching(/^eyJ/) });
	const claims = JSON.parse(Buffer.from(minted.body.jwt.split('.')[1], 'base64url').toString());
	expect(claims).toMatchObject({ iss: sim.clerk.frontendApiUrl, sid: sessionId });
	expect(claims.exp - claims.iat).toBeCloseTo(1, 3);
	// browser style: the __client cookie, no _is_native, no Authorization answer header
	const cookie = await fapi('POST', `/v1/client/sessions/${sessionId}/tokens`, clientToken, false);
	expect(cookie.status).toBe(200);
	expect(cookie.auth).toBeNull();

	const rotated = sim.clerk.rotate();
	const announced = await fapi('GET', '/v1/client', clientToken);
	expect(announced.auth).toBe(rotated); // the old token still works and learns the new one
	sim.clerk.revoke('previous');
	expect((await fapi('GET', '/v1/client', clientToken)).body.errors[0].code).toBe('signed_out');
	expect((await fapi('GET', '/v1/client', rotated)).status).toBe(200);
	expect((await fapi('GET', '/v1/client', 'sim_client_unknown')).body.errors[0].code).toBe(
		'authentication_invalid',
	);
	sim.clerk.endSession();
	const ended = await fapi('POST', `/v1/client/sessions/${sessionId}/tokens`, rotated);
	expect(ended.status).toBe(404);
	expect(
		(await fapi('GET', '/v1/client', rotated)).body.response.last_active_session_id,
	).toBeNull();

	const records = JSON.stringify(sim.requests);
	for (const token of sim.clerk.clientTokens()) expect(records).not.toContain(token);
	expect(records).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
});

it('control endpoints over HTTP', async () => {
	const state = (await (await fetch(`${sim.url}/__sim/clerk`)).json()) as Record<string, unknown>;
	expect(state).toMatchObject({ frontendApiUrl: sim.clerk.frontendApiUrl, ttlSeconds: 1 });
	const ttl = await fetch(`${sim.url}/__sim/clerk/ttl`, { method: 'POST', body: '{"seconds":5}' });
	expect(((await ttl.json()) as { ttlSeconds: number }).ttlSeconds).toBe(5);
	sim.clerk.setTtl(1);
	const rotate = await fetch(`${sim.url}/__sim/clerk/rotate`, { method: 'POST' });
	expect(((await rotate.json()) as { clientToken: string }).clientToken).toBe(
		sim.clerk.state().clientToken,
	);
});
