/**
 * The watchCollectApi credential tested by n8n itself, the way the editor does it: the credential
 * is saved (POST /rest/credentials) and then tested with POST /rest/credentials/test
 * `{ credentials: { id, name, type, data } }` (n8n 2.40: CredentialsController.testCredentials →
 * CredentialsService.testWithCredentials → CredentialsTester, which runs the credential's own
 * `test.request`). The WatchCollect API is the local simulator.
 */
import { startSimulator, type RecordedRequest, type Simulator } from '../simulator/simulator';
import { n8nMajorVersion } from '../support/n8n';
import { startN8nServer, type N8nServer } from '../support/n8n-server';

const VALID_TOKEN = 'sim-valid-token';
const WRONG_TOKEN = 'wc-dummy-wrong-token-5f1d2c9a7b3e';

interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

describe('watchCollectApi credential test in a real n8n', () => {
	let n8n: N8nServer | undefined;
	let sim: Simulator;

	beforeAll(async () => {
		sim = await startSimulator();
		// debug logging: the strictest setting for "the token never reaches n8n's logs"
		n8n = await startN8nServer({ env: { N8N_LOG_LEVEL: 'debug' } });
	}, 200_000);

	afterAll(async () => {
		await n8n?.stop();
		await sim?.close();
	}, 30_000);

	/** Every request the simulator saw during this file (reset() clears its own list per test). */
	const seen: RecordedRequest[] = [];
	beforeEach(() => sim.reset());
	afterEach(() => seen.push(...sim.requests));

	/** Saves a credential as the editor's Save button does, then runs the editor's Test call. */
	async function saveAndTest(
		name: string,
		data: Record<string, string>,
	): Promise<CredentialTestResult> {
		const server = n8n as N8nServer;
		const created = await server.rest('POST', '/rest/credentials', {
			name,
			type: 'watchCollectApi',
			data,
		});
		expect(created.status).toBe(200);
		const id = created.data?.id as string;
		expect(typeof id).toBe('string');
		// creating a credential calls nothing
		expect(sim.requests).toHaveLength(0);

		const tested = await server.rest('POST', '/rest/credentials/test', {
			credentials: { id, name, type: 'watchCollectApi', data },
		});
		expect(tested.status).toBe(200);
		return tested.data as CredentialTestResult;
	}

	it('a valid token: status OK after exactly one GET /v2/sessions?role=receiving with the bearer token', async () => {
		const result = await saveAndTest('WatchCollect (valid)', {
			accessToken: VALID_TOKEN,
			baseUrl: sim.url,
		});

		expect(result.status).toBe('OK');
		expect(sim.requests).toHaveLength(1);
		const [request] = sim.requests;
		expect(request).toMatchObject({
			method: 'GET',
			path: '/v2/sessions',
			query: { role: 'receiving' },
			authOk: 'valid',
			status: 200,
		});
		expect(request.headers.authorization).toBe('Bearer <redacted>');
		expect(request.body).toBeNull();
		expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('a base URL with a trailing slash still calls /v2/sessions exactly', async () => {
		const result = await saveAndTest('WatchCollect (slash)', {
			accessToken: VALID_TOKEN,
			baseUrl: `${sim.url}/`,
		});

		expect(result.status).toBe('OK');
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/sessions']);
		expect(sim.requests[0].query).toEqual({ role: 'receiving' });
	});

	it('a token pasted as " Bearer <token> " and a Base URL ending in /v2/ pass, calling /v2/sessions exactly', async () => {
		const result = await saveAndTest('WatchCollect (pasted forms)', {
			accessToken: ` Bearer ${VALID_TOKEN} `,
			baseUrl: `${sim.url}/v2/`,
		});

		expect(result).toMatchObject({ status: 'OK' });
		expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.authOk} ${r.status}`)).toEqual([
			'GET /v2/sessions valid 200',
		]);
	});

	it('a wrong token: status Error with a readable message, and nothing but the read-only GET', async () => {
		const result = await saveAndTest('WatchCollect (wrong)', {
			accessToken: WRONG_TOKEN,
			baseUrl: sim.url,
		});

		expect(result.status).toBe('Error');
		expect(typeof result.message).toBe('string');
		expect(result.message.trim().length).toBeGreaterThan(10);
		expect(result.message).not.toMatch(/\[object Object\]|undefined/);
		// n8n 1.x shows its own text for a 401 in a credential test; 2.x the credential's rule message.
		expect(result.message).toBe(
			n8nMajorVersion() >= 2
				? 'WatchCollect rejected the access token (401): it is missing, invalid or expired. Paste a current token from your WatchCollect account.'
				: 'Authorization failed - please check your credentials',
		);
		expect(result.message).not.toContain(WRONG_TOKEN);

		// n8n-core re-sends a request once after a 401 (its pre-authentication retry, a no-op for this
		// credential), so n8n itself makes one or two identical GETs here.
		expect(sim.requests.length).toBeGreaterThanOrEqual(1);
		expect(sim.requests.length).toBeLessThanOrEqual(2);
		for (const request of sim.requests) {
			expect(request).toMatchObject({
				method: 'GET',
				path: '/v2/sessions',
				query: { role: 'receiving' },
				authOk: 'invalid',
				status: 401,
			});
		}
	});

	it('only the read-only GET /v2/sessions?role=receiving was ever called (never a POST)', () => {
		expect(seen.length).toBeGreaterThanOrEqual(3);
		expect(seen.filter((r) => r.method !== 'GET' || r.path !== '/v2/sessions')).toEqual([]);
	});

	it('neither token ever appears in n8n logs', () => {
		const logs = (n8n as N8nServer).logs();
		expect(logs.length).toBeGreaterThan(0);
		expect(logs).not.toContain(VALID_TOKEN);
		expect(logs).not.toContain(WRONG_TOKEN);
	});
});
