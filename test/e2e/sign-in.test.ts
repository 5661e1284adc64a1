/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-dangerous-functions -- test code runs in Node, not inside n8n; tokens are the simulator's; sqlite3 reads n8n's database */
/**
 * The Sign-In credential (watchCollectSignInApi) in a real n8n, against the simulator whose Clerk
 * stand-in mints session JWTs that live 3 seconds:
 *   1. `n8n execute`: one workflow run three times, each run long after the previous token
 *      expired, succeeds with Sign-In; with a pasted (static) session JWT the run after expiry
 *      fails with the "lived only N seconds" message.
 *   2. `n8n start`: the credential test (POST /rest/credentials/test) for both credential types and
 *      for a revoked client token, a wrong and an unreachable Frontend API URL; then a published
 *      workflow with n8n's Schedule Trigger every 2 seconds across several token lifetimes with
 *      zero failed executions in n8n's execution_entity table; six webhook executions renewing at
 *      the same moment; a rotated client token stored by n8n; a revoked one failing clearly.
 * Neither token appears in n8n's output, its database file, or the simulator's records.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { startSimulator, type RecordedRequest, type Simulator } from '../simulator/simulator';
import {
	activateWorkflowArgs,
	expectExecuteExit,
	findExecution,
	freePort,
	makeUserFolder,
	n8nEnv,
	n8nMajorVersion,
	runN8n,
	type RunResult,
} from '../support/n8n';
import { setWorkflowActive, startN8nServer, type N8nServer } from '../support/n8n-server';

const TTL = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SIGN_IN = { id: 'wcE2eSignIn00001', name: 'WatchCollect Sign-In (simulator)' };
const STATIC = { id: 'wcE2eStaticJwt01', name: 'WatchCollect pasted session token' };
/** The header of every session JWT the simulator mints (its kid is unique to it). */
const SIM_JWT_HEADER = Buffer.from(
	JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'ins_simulator' }),
).toString('base64url');

function signInData(sim: Simulator, extra: Record<string, string> = {}) {
	return {
		clientToken: sim.clerk.state().clientToken,
		frontendApiUrl: sim.clerk.frontendApiUrl,
		baseUrl: sim.url,
		...extra,
	};
}

function getManyWorkflow(
	id: string,
	trigger: Record<string, unknown>,
	credential: { type: string; id: string; name: string },
	authentication: 'signIn' | 'accessToken',
) {
	return {
		id,
		name: `WatchCollect e2e sign-in ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-t`, name: 'Trigger', position: [0, 0], ...trigger },
			{
				id: `${id}-w`,
				name: 'WatchCollect',
				type: 'n8n-nodes-watchcollect.watchCollect',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					authentication,
					resource: 'session',
					operation: 'getMany',
					role: 'receiving',
					options: {},
				},
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
			},
		],
		connections: { Trigger: { main: [[{ node: 'WatchCollect', type: 'main', index: 0 }]] } },
	};
}

const manualTrigger = { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };

/** n8n's own records of a workflow's executions (read from its SQLite file). */
function executions(userFolder: string, workflowId: string): Array<{ id: string; status: string }> {
	const db = path.join(userFolder, '.n8n', 'database.sqlite');
	const out = execFileSync(
		'sqlite3',
		[
			'-json',
			db,
			`SELECT id, status FROM execution_entity WHERE workflowId = '${workflowId}' ORDER BY id`,
		],
		{ encoding: 'utf8' },
	);
	return out.trim() ? (JSON.parse(out) as Array<{ id: string; status: string }>) : [];
}

/** The first error message n8n stored for an execution (its run data is "flatted" JSON). */
function storedError(userFolder: string, executionId: string): string {
	const data = execFileSync(
		'sqlite3',
		[
			path.join(userFolder, '.n8n', 'database.sqlite'),
			`SELECT data FROM execution_data WHERE executionId = '${executionId}'`,
		],
		{ encoding: 'utf8' },
	);
	const words = /"((?:WatchCollect|Clerk|Could not|The |No |Node )[^"]{10,300})"/.exec(data);
	return words?.[1] ?? data.slice(0, 600);
}

/** Every file of n8n's database (with its WAL), as text, for the leak check. */
function databaseText(userFolder: string): string {
	const dir = path.join(userFolder, '.n8n');
	return fs
		.readdirSync(dir)
		.filter((f) => f.startsWith('database.sqlite'))
		.map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1'))
		.join('\n');
}

function expectNoTokens(text: string, sim: Simulator) {
	expect(sim.clerk.mint().startsWith(`${SIM_JWT_HEADER}.`)).toBe(true); // the check can see one
	expect(text).not.toContain(SIM_JWT_HEADER);
	for (const token of sim.clerk.clientTokens()) expect(text).not.toContain(token);
}

const fapiCalls = (requests: RecordedRequest[]) =>
	requests.filter((r) => r.path.startsWith('/clerk/')).length;

describe('Sign-In credential in a real n8n: n8n execute, three runs across token lifetimes', () => {
	let sim: Simulator;
	let userFolder: string;
	let env: NodeJS.ProcessEnv;
	const outputs: string[] = [];

	const n8n = async (args: string[]): Promise<RunResult> => {
		const result = await runN8n(args, env);
		outputs.push(result.stdout, result.stderr);
		return result;
	};

	beforeAll(async () => {
		sim = await startSimulator({ jwtTtlSeconds: TTL });
		userFolder = makeUserFolder();
		env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const staticJwt = sim.clerk.mint(); // lives 3 s: expired long before n8n has started
		fs.writeFileSync(
			path.join(userFolder, 'credentials.json'),
			JSON.stringify([
				{ ...SIGN_IN, type: 'watchCollectSignInApi', data: signInData(sim) },
				{ ...STATIC, type: 'watchCollectApi', data: { accessToken: staticJwt, baseUrl: sim.url } },
			]),
		);
		fs.writeFileSync(
			path.join(userFolder, 'workflows.json'),
			JSON.stringify([
				getManyWorkflow(
					'wcE2eSignInRun01',
					manualTrigger,
					{ type: 'watchCollectSignInApi', ...SIGN_IN },
					'signIn',
				),
				getManyWorkflow(
					'wcE2eStaticRun01',
					manualTrigger,
					{ type: 'watchCollectApi', ...STATIC },
					'accessToken',
				),
			]),
		);
		for (const kind of ['credentials', 'workflow']) {
			const file = kind === 'workflow' ? 'workflows.json' : 'credentials.json';
			const r = await n8n([`import:${kind}`, `--input=${path.join(userFolder, file)}`]);
			if (r.code !== 0) throw new Error(`import:${kind} failed:\n${r.stdout}\n${r.stderr}`);
		}
	}, 300_000);

	afterAll(async () => {
		await sim?.close();
		if (userFolder && !process.env.WATCHCOLLECT_KEEP_E2E) {
			fs.rmSync(userFolder, { recursive: true, force: true });
		}
	});

	it('Sign-In: three runs, each after the previous token expired, all succeed; each renews once before use', async () => {
		const perRun: Array<{
			status?: string;
			exit: unknown;
			fapi: number;
			wc401: number;
			ok: number;
		}> = [];
		for (let run = 0; run < 3; run++) {
			if (run > 0) await sleep(TTL * 1000 + 500);
			sim.requests.length = 0;
			const result = await n8n(['execute', '--id=wcE2eSignInRun01', '--rawOutput']);
			const execution = findExecution(result.stdout + result.stderr);
			perRun.push({
				status: execution?.status,
				exit: { code: result.code, signal: result.signal },
				fapi: fapiCalls(sim.requests),
				wc401: sim.requests.filter((r) => r.path.startsWith('/v2/') && r.status === 401).length,
				ok: sim.requests.filter((r) => r.path.startsWith('/v2/') && r.status === 200).length,
			});
		}
		// every run starts with an expired (or no) token: GET /v1/client + POST …/tokens, no 401
		expect(perRun).toEqual(
			Array(3).fill({
				status: 'success',
				exit: { code: 0, signal: null },
				fapi: 2,
				wc401: 0,
				ok: 1,
			}),
		);
	}, 300_000);

	it('a pasted session JWT: the run after its expiry fails with how long it lived and where to go', async () => {
		const result = await n8n(['execute', '--id=wcE2eStaticRun01', '--rawOutput']);
		const text = result.stdout + result.stderr;
		// a failed execution: exit 1, or n8n's SIGSEGV on its way out (see SIGSEGV_ON_EXIT_ALLOWED)
		expectExecuteExit(result, 'error');
		expect(text).toMatch(
			/WatchCollect rejected the access token \(401\): it expired at \S+Z; it lived only 3 seconds/,
		);
		expect(text).toContain('WatchCollect Sign-In (Renews Tokens) API');
	}, 180_000);

	it('no token in n8n output, its database or the simulator records', () => {
		expectNoTokens(outputs.join('\n'), sim);
		expectNoTokens(databaseText(userFolder), sim);
		expectNoTokens(JSON.stringify(sim.requests), sim);
	});
});

describe('Sign-In credential in a running n8n (n8n start): credential test, schedule, parallel, rotation', () => {
	let sim: Simulator;
	let server: N8nServer | undefined;
	let userFolder: string;
	const seen: RecordedRequest[] = [];
	const cliOutput: string[] = [];

	beforeAll(async () => {
		sim = await startSimulator({ jwtTtlSeconds: TTL });
		sim.requests.length = 0;
		userFolder = makeUserFolder();
		const env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const credential = { type: 'watchCollectSignInApi', ...SIGN_IN };
		fs.writeFileSync(
			path.join(userFolder, 'credentials.json'),
			JSON.stringify([{ ...SIGN_IN, type: 'watchCollectSignInApi', data: signInData(sim) }]),
		);
		const schedule = {
			type: 'n8n-nodes-base.scheduleTrigger',
			typeVersion: 1.2,
			parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 2 }] } },
		};
		const webhook = {
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: '6f1c2a9e-6b1d-4c3e-9a55-0e2f1d3c4b5a',
			parameters: { httpMethod: 'POST', path: 'wc-sign-in', responseMode: 'lastNode', options: {} },
		};
		fs.writeFileSync(
			path.join(userFolder, 'workflows.json'),
			JSON.stringify([
				getManyWorkflow('wcE2eSignInSched', schedule, credential, 'signIn'),
				getManyWorkflow('wcE2eSignInHook1', webhook, credential, 'signIn'),
			]),
		);
		for (const args of [
			['import:credentials', `--input=${path.join(userFolder, 'credentials.json')}`],
			['import:workflow', `--input=${path.join(userFolder, 'workflows.json')}`],
			activateWorkflowArgs('wcE2eSignInHook1'),
		]) {
			const r = await runN8n(args, env);
			cliOutput.push(r.stdout, r.stderr);
			if (r.code !== 0) throw new Error(`${args[0]} failed:\n${r.stdout}\n${r.stderr}`);
		}
		server = await startN8nServer({ userFolder });
	}, 300_000);

	afterAll(async () => {
		await server?.stop();
		await sim?.close();
		if (userFolder && !process.env.WATCHCOLLECT_KEEP_E2E) {
			fs.rmSync(userFolder, { recursive: true, force: true });
		}
	}, 60_000);

	beforeEach(() => {
		seen.push(...sim.requests);
		sim.requests.length = 0;
	});

	async function credentialTest(type: string, data: Record<string, string>) {
		const s = server as N8nServer;
		const name = `test ${type} ${Math.random()}`;
		const created = await s.rest('POST', '/rest/credentials', { name, type, data });
		expect(created.status).toBe(200);
		const tested = await s.rest('POST', '/rest/credentials/test', {
			credentials: { id: created.data.id, name, type, data },
		});
		expect(tested.status).toBe(200);
		return tested.data as { status: string; message: string };
	}

	it('credential test, Sign-In: renews through Clerk every time (n8n runs preAuthentication for tests), then lists sessions', async () => {
		const first = await credentialTest('watchCollectSignInApi', signInData(sim));
		expect(first).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'GET /clerk/v1/client 200',
			expect.stringMatching(/^POST \/clerk\/v1\/client\/sessions\/sess_\w+\/tokens 200$/),
			'GET /v2/sessions 200',
		]);
		expect(sim.requests[2].query).toEqual({ role: 'receiving' });
		// a second test within the token's lifetime renews again: the test is honest
		sim.requests.length = 0;
		const second = await credentialTest('watchCollectSignInApi', signInData(sim));
		expect(second.status).toBe('OK');
		expect(fapiCalls(sim.requests)).toBe(2);
	});

	it('credential test, static token: OK with a long-lived token', async () => {
		const result = await credentialTest('watchCollectApi', {
			accessToken: 'sim-valid-token',
			baseUrl: sim.url,
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('credential test: a wrong, an unreachable Frontend API URL and a rejected client token each say so', async () => {
		const wrong = await credentialTest(
			'watchCollectSignInApi',
			signInData(sim, { frontendApiUrl: sim.url }),
		);
		expect(wrong).toEqual({
			status: 'Error',
			message: `No Clerk Frontend API answered at ${sim.url} (HTTP 404 without a Clerk error)`,
		});
		const port = await freePort();
		const unreachable = await credentialTest(
			'watchCollectSignInApi',
			signInData(sim, { frontendApiUrl: `http://127.0.0.1:${port}` }),
		);
		expect(unreachable.status).toBe('Error');
		expect(unreachable.message).toBe(
			`Could not reach Clerk's Frontend API at http://127.0.0.1:${port} to renew the WatchCollect session token: the connection was refused`,
		);
		const rejected = await credentialTest(
			'watchCollectSignInApi',
			signInData(sim, { clientToken: 'sim_client_not_issued_0123456789' }),
		);
		expect(rejected.status).toBe('Error');
		expect(rejected.message).toMatch(
			/^Clerk rejected the client token of the WatchCollect Sign-In credential \(HTTP 401 \(authentication_invalid/,
		);
	});

	it('a published Schedule Trigger every 2 s across several 3-second token lifetimes: zero failed executions', async () => {
		const s = server as N8nServer;
		const activated = await setWorkflowActive(s, 'wcE2eSignInSched', true);
		expect(activated.status).toBe(200);
		const started = Date.now();
		await sleep(20_000); // > 6 token lifetimes
		const finished = executions(userFolder, 'wcE2eSignInSched').filter(
			(e) => !['running', 'new', 'waiting'].includes(e.status),
		);
		const seconds = (Date.now() - started) / 1000;
		expect(finished.length).toBeGreaterThanOrEqual(6);
		// a failed one is shown with the error n8n stored for it
		expect(
			finished
				.filter((e) => e.status !== 'success')
				.map((e) => ({ ...e, error: storedError(userFolder, e.id) })),
		).toEqual([]);
		// renewals only happened through Clerk, never after a 401 from WatchCollect
		expect(sim.requests.filter((r) => r.path.startsWith('/v2/') && r.status === 401)).toEqual([]);
		const tokens = sim.requests.filter((r) => r.path.endsWith('/tokens')).length;
		expect(tokens).toBeGreaterThanOrEqual(Math.floor(seconds / TTL) - 1);
		// eslint-disable-next-line no-console -- the measured numbers, for the README and reports
		console.log(
			`schedule: ${finished.length} executions in ${seconds.toFixed(1)} s, all success; ` +
				`${tokens} tokens minted, ${fapiCalls(sim.requests)} Frontend API calls, ` +
				`${sim.requests.filter((r) => r.path.startsWith('/v2/')).length} WatchCollect requests, 0 401s`,
		);
		await setWorkflowActive(s, 'wcE2eSignInSched', false);
	}, 120_000);

	it('six webhook executions renewing at the same moment all succeed', async () => {
		const s = server as N8nServer;
		await sleep(TTL * 1000 + 500);
		sim.requests.length = 0;
		const answers = await Promise.all(
			[1, 2, 3, 4, 5, 6].map(async () => {
				const r = await fetch(`${s.url}/webhook/wc-sign-in`, {
					method: 'POST',
					signal: AbortSignal.timeout(60_000),
				});
				return { status: r.status, body: await r.text() };
			}),
		);
		expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
		for (const a of answers) expect(a.body).toContain('waha_session_name');
		expect(sim.requests.filter((r) => r.path.startsWith('/v2/') && r.status === 401)).toEqual([]);
		expect(sim.requests.filter((r) => r.path.startsWith('/v2/') && r.status === 200)).toHaveLength(
			6,
		);
		const minted = sim.requests.filter((r) => r.path.endsWith('/tokens')).length;
		expect(minted).toBeGreaterThanOrEqual(1);
		expect(minted).toBeLessThanOrEqual(6);
		// eslint-disable-next-line no-console -- the measured numbers, for the README and reports
		console.log(`6 parallel webhook executions after expiry: ${minted} token(s) minted, 0 401s`);
	}, 120_000);

	it('a client token Clerk rotates is stored by n8n: it keeps working after the old one is revoked', async () => {
		const s = server as N8nServer;
		sim.clerk.rotate();
		await sleep(TTL * 1000 + 500);
		const first = await fetch(`${s.url}/webhook/wc-sign-in`, { method: 'POST' });
		expect(first.status).toBe(200);
		sim.clerk.revoke('previous');
		await sleep(TTL * 1000 + 500);
		const second = await fetch(`${s.url}/webhook/wc-sign-in`, { method: 'POST' });
		expect(second.status).toBe(200);
		expect(await second.text()).toContain('waha_session_name');
	}, 60_000);

	it('a revoked client token (device signed out): the execution fails with the clear message', async () => {
		const s = server as N8nServer;
		sim.clerk.revoke('all');
		await sleep(TTL * 1000 + 500);
		const before = executions(userFolder, 'wcE2eSignInHook1').length;
		const r = await fetch(`${s.url}/webhook/wc-sign-in`, { method: 'POST' });
		expect(r.status).toBeGreaterThanOrEqual(400);
		await sleep(1000);
		const list = executions(userFolder, 'wcE2eSignInHook1');
		expect(list.length).toBe(before + 1);
		expect(list[list.length - 1].status).toBe('error');
		const data = execFileSync(
			'sqlite3',
			[
				path.join(userFolder, '.n8n', 'database.sqlite'),
				`SELECT data FROM execution_data WHERE executionId = '${list[list.length - 1].id}'`,
			],
			{ encoding: 'utf8' },
		);
		expect(data).toContain(
			'Clerk rejected the client token of the WatchCollect Sign-In credential',
		);
		// n8n 1.x hands the node the renewal's failure without its description (the hint below); the
		// message above is the same on both lines.
		if (n8nMajorVersion() >= 2) expect(data).toContain('copy the client token again');
	}, 60_000);

	it('no token in n8n output, its database or the simulator records', () => {
		seen.push(...sim.requests);
		expectNoTokens((server as N8nServer).logs() + cliOutput.join('\n'), sim);
		expectNoTokens(databaseText(userFolder), sim);
		expectNoTokens(JSON.stringify(seen), sim);
	});
});
