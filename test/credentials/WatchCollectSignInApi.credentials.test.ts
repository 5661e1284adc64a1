/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals -- fake tokens known only to the local simulator; the test waits for tokens to expire */
/**
 * The Sign-In credential renewing WatchCollect's session tokens, executed for real: n8n-core's
 * WorkflowExecute and httpRequestWithAuthentication (which call the credential's
 * preAuthentication and authenticate as n8n does, see test/support/execute-workflow.ts) against
 * the simulator's Clerk stand-in, whose session JWTs live 2 seconds here.
 */
import { createHmac } from 'node:crypto';

import { WatchCollectSignInApi } from '../../credentials/WatchCollectSignInApi.credentials';
import {
	frontendApiBaseUrl,
	renewSessionToken,
	tokenNeedsRenewal,
	WatchCollectSignInError,
} from '../../nodes/WatchCollect/transport/clerk';
import { sessionTokenNeedsRenewal } from '../../nodes/WatchCollect/transport/jwt';
import { startSimulator } from '../simulator/simulator';
import {
	credentialStore,
	runWatchCollect,
	searchSessions,
	type CredentialStore,
} from '../support/execute-workflow';
import { freePort } from '../support/n8n';

const TTL = 2;
// several tests wait for tokens to expire (2.3 s each) and run n8n-core on a busy machine
jest.setTimeout(30_000);
let sim: Awaited<ReturnType<typeof startSimulator>>;
const everythingSeen: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
	sim = await startSimulator({ jwtTtlSeconds: TTL });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => sim.reset());

function signInStore(extra: Record<string, string> = {}): CredentialStore {
	return credentialStore({
		watchCollectSignInApi: {
			clientToken: sim.clerk.state().clientToken,
			frontendApiUrl: sim.clerk.frontendApiUrl,
			baseUrl: sim.url,
			...extra,
		},
	});
}

const getMany = {
	authentication: 'signIn',
	resource: 'session',
	operation: 'getMany',
	role: 'receiving',
};

async function run(store: CredentialStore, items?: object[]) {
	const result = await runWatchCollect({ parameters: getMany, store, items: items as never });
	everythingSeen.push(JSON.stringify(result.run), JSON.stringify(result.outputs));
	if (result.error) {
		const e = result.error as unknown as Record<string, unknown>;
		everythingSeen.push(
			String(e.message),
			String(e.description),
			JSON.stringify(e),
			String(e.stack),
		);
	}
	return result;
}

/** What the last run cost, from the simulator's records. */
function counts() {
	const r = sim.requests;
	return {
		fapiClient: r.filter((x) => x.path === '/clerk/v1/client').length,
		fapiTokens: r.filter((x) => x.path.endsWith('/tokens')).length,
		wc401: r.filter((x) => x.path.startsWith('/v2/') && x.status === 401).length,
		wcOk: r.filter((x) => x.path.startsWith('/v2/') && x.status === 200).length,
	};
}

describe('Sign-In credential: renewal through n8n-core', () => {
	it('obtains a session token on first use, then reuses it while it is valid', async () => {
		const store = signInStore();
		const first = await run(store);
		expect(first.error).toBeUndefined();
		expect(first.outputs[0].length).toBeGreaterThan(0);
		expect(counts()).toEqual({ fapiClient: 1, fapiTokens: 1, wc401: 0, wcOk: 1 });
		expect(store.data.watchCollectSignInApi.sessionToken).toMatch(/^eyJ/);
		// the session JWT came from the Clerk stand-in and the simulator accepted it
		expect(sim.requests.find((x) => x.path === '/v2/sessions')?.authOk).toBe('valid');

		sim.requests.length = 0;
		const second = await run(store);
		expect(second.error).toBeUndefined();
		expect(counts()).toEqual({ fapiClient: 0, fapiTokens: 0, wc401: 0, wcOk: 1 });
	});

	it('after an idle period longer than the token lifetime, renews before use: no 401 reaches WatchCollect', async () => {
		const store = signInStore();
		expect((await run(store)).error).toBeUndefined();
		await sleep(TTL * 1000 + 300);
		sim.requests.length = 0;
		const again = await run(store);
		expect(again.error).toBeUndefined();
		// cost of the idle period: one FAPI call to find the session, one to mint; no 401
		expect(counts()).toEqual({ fapiClient: 1, fapiTokens: 1, wc401: 0, wcOk: 1 });

		// with the Clerk Session ID set, one FAPI call
		const pinned = signInStore({ clerkSessionId: sim.clerk.state().sessionId });
		expect((await run(pinned)).error).toBeUndefined();
		await sleep(TTL * 1000 + 300);
		sim.requests.length = 0;
		expect((await run(pinned)).error).toBeUndefined();
		expect(counts()).toEqual({ fapiClient: 0, fapiTokens: 1, wc401: 0, wcOk: 1 });
	});

	it('a token WatchCollect rejects although it has not expired: renewed after one 401, request repeated once', async () => {
		// a JWT valid for an hour but signed with another key
		const h = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
		const now = Math.floor(Date.now() / 1000);
		const p = Buffer.from(JSON.stringify({ iat: now, exp: now + 3600, sid: 'sess_x' })).toString(
			'base64url',
		);
		const sig = createHmac('sha256', 'not-the-simulator-key')
			.update(`${h}.${p}`)
			.digest('base64url');
		const store = signInStore({ sessionToken: `${h}.${p}.${sig}` });
		const result = await run(store);
		expect(result.error).toBeUndefined();
		expect(counts()).toEqual({ fapiClient: 1, fapiTokens: 1, wc401: 1, wcOk: 1 });
		expect(sim.requests.find((x) => x.status === 401)?.authReason).toBe('bad-signature');
	});

	it('the Session locator search (load options) renews too', async () => {
		const store = signInStore();
		const found = await searchSessions(undefined, undefined, store, 'signIn');
		expect(found.results.length).toBeGreaterThan(0);
		expect(counts().fapiTokens).toBe(1);
		expect(store.data.watchCollectSignInApi.sessionToken).toMatch(/^eyJ/);
	});

	it('many items after expiry: one renewal, every item succeeds', async () => {
		const store = signInStore();
		await run(store);
		await sleep(TTL * 1000 + 300);
		sim.requests.length = 0;
		const result = await run(store, [{}, {}, {}, {}, {}]);
		expect(result.error).toBeUndefined();
		expect(result.outputs[0].length).toBeGreaterThanOrEqual(5);
		expect(counts()).toMatchObject({ fapiTokens: 1, wc401: 0, wcOk: 5 });
	});

	it('parallel executions renewing at the same moment all succeed (one shared renewal)', async () => {
		const store = signInStore();
		await run(store);
		await sleep(TTL * 1000 + 300);
		sim.requests.length = 0;
		const results = await Promise.all([1, 2, 3, 4, 5, 6].map(async () => await run(store)));
		expect(results.map((r) => r.error?.message)).toEqual(Array(6).fill(undefined));
		expect(counts()).toMatchObject({ wc401: 0, wcOk: 6 });
		// they overlap in time, so the renewal in flight is shared (measured: 1 mint for 6; a run
		// that reads the credential just as the shared renewal ends may mint once more)
		expect(counts().fapiTokens).toBeLessThanOrEqual(2);
	});

	it('stores a rotated client token and keeps working after the old one is revoked', async () => {
		const store = signInStore();
		const original = store.data.watchCollectSignInApi.clientToken;
		await run(store);
		const rotated = sim.clerk.rotate();
		await sleep(TTL * 1000 + 300);
		expect((await run(store)).error).toBeUndefined();
		expect(store.data.watchCollectSignInApi.clientToken).toBe(rotated);
		expect(store.data.watchCollectSignInApi.clientToken).not.toBe(original);
		sim.clerk.revoke('previous');
		await sleep(TTL * 1000 + 300);
		expect((await run(store)).error).toBeUndefined();
	});

	it('a revoked client token (device signed out): one clear error naming the credential and the fix', async () => {
		const store = signInStore();
		await run(store);
		sim.clerk.revoke('all');
		await sleep(TTL * 1000 + 300);
		const { error } = await run(store);
		expect(error?.message).toMatch(
			/^Clerk rejected the client token of the WatchCollect Sign-In credential \(HTTP 401 \(signed_out/,
		);
		expect(error?.description).toMatch(/copy the client token again/);
		expect(counts().wc401).toBe(0);
	});

	it('an ended session: its own message', async () => {
		const store = signInStore({ clerkSessionId: sim.clerk.state().sessionId });
		sim.clerk.endSession();
		const { error } = await run(store);
		expect(error?.message).toMatch(/^The WatchCollect sign-in session sess_\w+ has ended/);
		// without a pinned session id, the device has no active session left
		const { error: unpinned } = await run(signInStore());
		expect(unpinned?.message).toMatch(/has no active WatchCollect session: it was signed out/);
	});

	it('a wrong Frontend API URL (the WatchCollect API itself), an unreachable one, and a garbage client token', async () => {
		const wrong = await run(signInStore({ frontendApiUrl: sim.url }));
		expect(wrong.error?.message).toBe(
			`No Clerk Frontend API answered at ${sim.url} (HTTP 404 without a Clerk error)`,
		);
		const port = await freePort();
		const unreachable = await run(signInStore({ frontendApiUrl: `http://127.0.0.1:${port}` }));
		expect(unreachable.error?.message).toBe(
			`Could not reach Clerk's Frontend API at http://127.0.0.1:${port} to renew the WatchCollect session token: the connection was refused`,
		);
		const garbage = await run(signInStore({ clientToken: 'not-a-client-token-123' }));
		expect(garbage.error?.message).toMatch(
			/^Clerk rejected the client token .*authentication_invalid/,
		);
		const notUrl = await run(signInStore({ frontendApiUrl: 'clerk dot example' }));
		expect(notUrl.error?.message).toBe('The Frontend API URL is not a URL');
	});

	it('accepts a pasted session token as the Frontend API URL (its iss) and the cookie transport', async () => {
		const fromToken = await run(signInStore({ frontendApiUrl: sim.clerk.mint() }));
		expect(fromToken.error).toBeUndefined();
		sim.requests.length = 0;
		const cookie = await run(signInStore({ sendClientAs: 'cookie' }));
		expect(cookie.error).toBeUndefined();
		const fapi = sim.requests.filter((x) => x.path.startsWith('/clerk/'));
		expect(fapi.length).toBe(2);
		for (const r of fapi) {
			expect(r.query).not.toHaveProperty('_is_native');
			expect(r.headers.cookie).toBe('<redacted>');
		}
	});

	it('the static credential: an expired short-lived JWT says how long it lived and points to Sign-In', async () => {
		const jwt = sim.clerk.mint();
		await sleep(TTL * 1000 + 300);
		const result = await runWatchCollect({
			parameters: { resource: 'session', operation: 'getMany' },
			credentials: { accessToken: jwt, baseUrl: sim.url },
		});
		expect(result.error?.message).toMatch(
			/^WatchCollect rejected the access token \(401\): it expired at \S+; it lived only 2 seconds( \[request ID: req_\w+\])?$/,
		);
		expect(result.error?.description).toMatch(
			/"WatchCollect Sign-In \(Renews Tokens\) API" credential/,
		);
		everythingSeen.push(JSON.stringify(result.run), String(result.error?.description));
	});

	it('a freshly issued token that already counts as expired here (tiny TTL, busy machine or clock skew) is still sent: no renewal loop', async () => {
		sim.clerk.setTtl(0.001);
		try {
			const { error } = await run(signInStore());
			// sent once, renewed once after the 401 and sent again; WatchCollect has the last word
			expect(counts()).toMatchObject({ fapiTokens: 2, wc401: 2, wcOk: 0 });
			expect(error?.message).toMatch(
				/^WatchCollect rejected the session token of the Sign-In credential \(401\): The session token \(authorization\) has expired\./,
			);
			expect(error?.description).toMatch(/check the clock of the machine running n8n/);
		} finally {
			sim.clerk.setTtl(TTL);
		}
	});

	it('no token ever appears in outputs, errors or the simulator records', () => {
		const text = everythingSeen.join('\n') + JSON.stringify(sim.requests);
		expect(text).not.toMatch(/eyJ[\w-]{5,}\.[\w-]{5,}\./);
		for (const token of [sim.clerk.state().clientToken, 'sim_client_']) {
			expect(text).not.toContain(token);
		}
	});
});

describe('Sign-In credential: pieces', () => {
	it('reads the Frontend API URL from a URL or a token, and refuses what is neither', () => {
		expect(frontendApiBaseUrl('https://clerk.example.com/')).toBe('https://clerk.example.com');
		expect(frontendApiBaseUrl(' https://example.com/__clerk/v1 ')).toBe(
			'https://example.com/__clerk',
		);
		// the whole URL of the request the README points to
		expect(
			frontendApiBaseUrl('https://clerk.example.com/v1/client?__clerk_api_version=2026-05-12'),
		).toBe('https://clerk.example.com');
		const token = [
			Buffer.from('{"alg":"RS256"}').toString('base64url'),
			Buffer.from('{"iss":"https://clerk.watchcollect.example","exp":1}').toString('base64url'),
			'sig',
		].join('.');
		expect(frontendApiBaseUrl(token)).toBe('https://clerk.watchcollect.example');
		expect(() => frontendApiBaseUrl('')).toThrow('The Frontend API URL is empty');
		expect(() => frontendApiBaseUrl('ftp://x')).toThrow(/must start with https/);
	});

	it('renews ahead of expiry by a margin of 10 s, at most half the lifetime', () => {
		const jwt = (iat: number, exp: number) =>
			`eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ iat, exp })).toString('base64url')}.c2ln`;
		const now = 1_800_000_000;
		expect(sessionTokenNeedsRenewal(jwt(now, now + 60), now * 1000)).toBe(false);
		expect(sessionTokenNeedsRenewal(jwt(now - 55, now + 5), now * 1000)).toBe(true);
		expect(sessionTokenNeedsRenewal(jwt(now, now + 2), now * 1000)).toBe(false);
		expect(sessionTokenNeedsRenewal(jwt(now - 2, now), now * 1000)).toBe(true);
		expect(sessionTokenNeedsRenewal('', now * 1000)).toBe(true);
	});

	it('a token this process obtained is timed on the local clock: a clock an hour ahead does not make it renew on every request', async () => {
		const clerkNow = Math.floor(Date.now() / 1000) - 3600; // Clerk's clock, an hour behind ours
		const skewed = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ iat: clerkNow, exp: clerkNow + 60 })).toString('base64url')}.c2ln`;
		expect(sessionTokenNeedsRenewal(skewed)).toBe(true); // judged by exp, it looks long expired
		const { sessionToken } = await renewSessionToken(
			async () => ({ statusCode: 200, headers: {}, body: { object: 'token', jwt: skewed } }),
			{ clientToken: 'ct', frontendApiUrl: 'https://clerk.x.test', clerkSessionId: 'sess_3' },
		);
		const now = Date.now();
		expect(tokenNeedsRenewal(sessionToken, now)).toBe(false); // first use after the renewal
		expect(tokenNeedsRenewal(sessionToken, now + 49_000)).toBe(false); // within 60 s - 10 s
		expect(tokenNeedsRenewal(sessionToken, now + 51_000)).toBe(true);
		expect(tokenNeedsRenewal('')).toBe(true);
	});

	it('repeats the mint once with expired_token when Clerk asks for it (missing_expired_token), like clerk-js', async () => {
		const calls: Array<{ url: string; qs: unknown }> = [];
		const previous = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln';
		const fresh = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjJ9.c2ln';
		const result = await renewSessionToken(
			async (o) => {
				calls.push({ url: o.url, qs: o.qs });
				const qs = o.qs as Record<string, string>;
				if (!qs.expired_token) {
					return {
						statusCode: 422,
						headers: {},
						body: { errors: [{ code: 'missing_expired_token', message: 'Missing' }] },
					};
				}
				return { statusCode: 200, headers: {}, body: { object: 'token', jwt: fresh } };
			},
			{
				clientToken: 'ct',
				frontendApiUrl: 'https://clerk.x.test',
				clerkSessionId: 'sess_1',
				sessionToken: previous,
			},
		);
		expect(result).toEqual({ sessionToken: fresh });
		expect(calls.map((c) => c.qs)).toEqual([
			{ _is_native: 'true' },
			{ _is_native: 'true', expired_token: previous },
		]);
	});

	it('native_api_disabled and an HTML answer get their own messages', async () => {
		const answer = (statusCode: number, body: unknown) => async () => ({
			statusCode,
			headers: {},
			body,
		});
		const data = {
			clientToken: 'ct',
			frontendApiUrl: 'https://clerk.x.test',
			clerkSessionId: 'sess_2',
		};
		await expect(
			renewSessionToken(answer(403, { errors: [{ code: 'native_api_disabled' }] }), data),
		).rejects.toMatchObject({ kind: 'native-api-disabled' });
		await expect(renewSessionToken(answer(200, '<html>hi</html>'), data)).rejects.toMatchObject({
			kind: 'unexpected-answer',
		});
		const error = await renewSessionToken(answer(500, '<html>oops</html>'), data).catch((e) => e);
		expect(error).toBeInstanceOf(WatchCollectSignInError);
		// n8n shows an error's own words only when it has no status-like property
		expect(error).not.toHaveProperty('code');
		expect(error).not.toHaveProperty('httpCode');
		expect(error).not.toHaveProperty('response');
	});

	it('the credential: hidden expirable session token, password client token, function authenticate', async () => {
		const credential = new WatchCollectSignInApi();
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(byName.sessionToken).toMatchObject({ type: 'hidden', typeOptions: { expirable: true } });
		expect(byName.clientToken.typeOptions?.password).toBe(true);
		expect(byName.frontendApiUrl.required).toBe(true);
		expect(byName.frontendApiUrl.default).toBe('');
		const auth = credential.authenticate as (c: object, o: object) => Promise<unknown>;
		await expect(auth({ sessionToken: '' }, { url: 'x' })).rejects.toMatchObject({
			response: { status: 401 },
		});
		const token = sim.clerk.mint();
		await expect(auth({ sessionToken: token }, { url: 'x', headers: { a: 'b' } })).resolves.toEqual(
			{
				url: 'x',
				headers: { a: 'b', Authorization: `Bearer ${token}` },
			},
		);
	});
});
