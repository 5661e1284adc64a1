/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets -- test tooling runs on the test machine, never inside n8n */
/**
 * `npm run probe` (scripts/probe.ts) against the simulator, in both answer styles: it lists every
 * endpoint it reads, reports the loose answers' differences (the odd values the simulator README
 * lists under "Loose answers"), only reads, never prints a token or message text, and its exit
 * code says whether the node could read every answer.
 */
import { spawn } from 'child_process';
import * as path from 'path';

import {
	ENDPOINTS,
	formatReport,
	runProbe,
	summarise,
	type ProbeReport,
} from '../../scripts/probe/run';
import { startSimulator, type Simulator } from '../simulator/simulator';

const ROOT = path.resolve(__dirname, '../..');
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./;

/** What the probe must read: the read endpoints of issues 13 and 14. */
const EXPECTED_ENDPOINTS = [
	'GET /v2/sessions?role=receiving',
	'GET /v2/sessions?role=sending',
	'GET /v2/messages',
	'GET /v2/outbound/sends',
	'GET /v2/outbound/schedules',
	'POST /v2/market/listings/search',
	'POST /v2/market/live-feed/search',
	'POST /v2/market/references/search',
	'POST /v2/market/facets',
	'GET /v2/classifications',
];

/** Sessions, messages and outbound: the answers whose documented shape the simulator's examples follow. */
const CORE = EXPECTED_ENDPOINTS.slice(0, 5);

const result = (report: ProbeReport, endpoint: string) => {
	const found = report.results.find((r) => `${r.method} ${r.path}` === endpoint);
	if (!found) throw new Error(`the report has no ${endpoint}`);
	return found;
};

const has = (report: ProbeReport, endpoint: string, kind: string, pathName: string) =>
	result(report, endpoint).differences.some((d) => d.kind === kind && d.path === pathName);

async function messageTexts(sim: Simulator): Promise<string[]> {
	const response = await fetch(`${sim.url}/__sim/messages`);
	const body = (await response.json()) as unknown;
	const texts: string[] = [];
	JSON.stringify(body, (key, value: unknown) => {
		if ((key === 'message_text' || key === 'text') && typeof value === 'string') texts.push(value);
		return value;
	});
	return texts;
}

function expectNoSecrets(output: string, secrets: string[], texts: string[]) {
	for (const secret of secrets) expect(output).not.toContain(secret);
	expect(output).not.toMatch(JWT);
	for (const text of texts) if (text.length >= 8) expect(output).not.toContain(text);
}

describe('summary of the differences the node finds', () => {
	it('folds array positions, counts them, and shows only enum-like values', () => {
		const body = {
			items: [
				{ engine: 'GOWS_NEXT', contact: 'contact_31612345678' },
				{ engine: 'GOWS_NEXT', contact: 'contact_31687654321' },
			],
		};
		const summary = summarise(
			[
				{
					path: 'items[0].engine',
					kind: 'value',
					message:
						"`items[0].engine` came as a text of 9 characters, a value the contract does not list (it lists 'WEBJS')",
				},
				{
					path: 'items[1].engine',
					kind: 'value',
					message:
						"`items[1].engine` came as a text of 9 characters, a value the contract does not list (it lists 'WEBJS')",
				},
				{
					path: 'items[0].contact',
					kind: 'value',
					message: '`items[0].contact` came as a text of 19 characters; the contract gives a UUID',
				},
				{
					path: 'items[1].label',
					kind: 'null',
					accepted: true,
					message: '`items[1].label` came as null; accepted',
				},
			],
			body,
		);
		expect(summary).toEqual([
			{
				kind: 'value',
				path: 'items[].contact',
				accepted: false,
				count: 1,
				message: 'came as a text of 19 characters; the contract gives a UUID',
			},
			{
				kind: 'value',
				path: 'items[].engine',
				accepted: false,
				count: 2,
				value: 'GOWS_NEXT',
				message:
					"came as a text of 9 characters, a value the contract does not list (it lists 'WEBJS')",
			},
			{
				kind: 'null',
				path: 'items[].label',
				accepted: true,
				count: 1,
				message: 'came as null; accepted',
			},
		]);
	});
});

describe('npm run probe, in-process against the simulator', () => {
	let sim: Simulator;
	const MESSAGE = 'Probe test offer: Rolex 126610LN full set, asking 12950 EUR, DM me';

	beforeAll(async () => {
		sim = await startSimulator({ clientToken: 'sim_client_probe_test_0123456789' });
		await fetch(`${sim.url}/__sim/messages`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ count: 1, text: MESSAGE }),
		});
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => {
		sim.requests.length = 0;
	});

	it('lists every read endpoint of issues 13 and 14, in order', () => {
		expect(
			ENDPOINTS.map((e) => `${e.method} ${e.path}${e.qs ? `?${new URLSearchParams(e.qs)}` : ''}`),
		).toEqual(EXPECTED_ENDPOINTS);
	});

	it('examples style: the node reads every answer the simulator serves; no odd value is reported', async () => {
		await fetch(`${sim.url}/__sim/answers`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ style: 'examples' }),
		});
		const report = await runProbe({ baseUrl: sim.url, token: 'sim-valid-token' });
		expect(report.results.map((r) => `${r.method} ${r.path}`)).toEqual(EXPECTED_ENDPOINTS);
		for (const endpoint of EXPECTED_ENDPOINTS) {
			const r = result(report, endpoint);
			expect({ endpoint, status: r.status, nodeReads: r.nodeReads }).toEqual({
				endpoint,
				status: 200,
				nodeReads: true,
			});
			expect(r.ms).toBeGreaterThanOrEqual(0);
		}
		expect(report.ok).toBe(true);
		for (const endpoint of CORE) {
			const r = result(report, endpoint);
			expect(r.differences.filter((d) => d.kind === 'value' || d.kind === 'extra')).toEqual([]);
		}
		expect(result(report, 'GET /v2/messages').note).toMatch(/^\d+ items read$/);
	});

	it('loose style: reports the loose answers differences, field by field', async () => {
		await fetch(`${sim.url}/__sim/answers`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ style: 'loose' }),
		});
		const report = await runProbe({ baseUrl: `${sim.url}/v2/`, token: ' Bearer sim-valid-token ' });
		const sessions = 'GET /v2/sessions?role=receiving';
		// the simulator README's loose choices: `id` instead of `session_id`, `label: null`,
		// engine GOWS_NEXT, an extra field on every object, items instead of sessions
		expect(has(report, sessions, 'missing', 'items[].session_id')).toBe(true);
		expect(has(report, sessions, 'extra', 'items[].id')).toBe(true);
		expect(has(report, sessions, 'extra', 'items[].x_unknown_field')).toBe(true);
		expect(has(report, sessions, 'extra', 'x_unknown_object')).toBe(true);
		expect(has(report, 'GET /v2/sessions?role=sending', 'value', 'items[].engine')).toBe(true);
		const engine = result(report, 'GET /v2/sessions?role=sending').differences.find(
			(d) => d.kind === 'value' && d.path === 'items[].engine',
		);
		expect(engine?.value).toBe('GOWS_NEXT');
		const messages = 'GET /v2/messages';
		expect(has(report, messages, 'null', 'items[].sender.lid')).toBe(true);
		expect(has(report, messages, 'extra', 'items[].intent')).toBe(true);
		expect(has(report, messages, 'extra', 'items[].classification_status')).toBe(true);
		// the market's loose choices (simulator README, Market): nulls, `total: null`, no cursor at the end
		const listings = 'POST /v2/market/listings/search';
		expect(has(report, listings, 'null', 'items[].model')).toBe(true);
		expect(has(report, listings, 'null', 'total')).toBe(true);
		expect(has(report, 'POST /v2/market/facets', 'null', 'price_range')).toBe(true);
		expect(has(report, 'GET /v2/classifications', 'null', 'items[].latency_ms')).toBe(true);
		expect(report.ok).toBe(true);
		for (const endpoint of EXPECTED_ENDPOINTS) {
			// issues 13 and 14: the node reads every loose answer
			expect({
				endpoint,
				status: result(report, endpoint).status,
				reads: result(report, endpoint).nodeReads,
			}).toEqual({
				endpoint,
				status: 200,
				reads: true,
			});
			expect(has(report, endpoint, 'extra', 'x_unknown_field')).toBe(true);
		}
		const text = formatReport(report);
		// values of fields that are not enum-like never show (the listings' contact ids hold phone numbers)
		expect(text).not.toMatch(/contact_\d/);
		expect(text).not.toMatch(/\d{9,}/);
		expect(text).toMatch(/^ {2}unknown value {2}items\[\]\.engine = "GOWS_NEXT"/m);
		expect(text).toMatch(/^ {2}null \(ok\) +items\[\]\.sender\.lid ×\d+: came as null/m);
		expect(text).toMatch(/^ {2}missing +items\[\]\.session_id: is missing/m);
		expectNoSecrets(text, ['sim-valid-token'], [MESSAGE, ...(await messageTexts(sim))]);
	});

	it('only reads: GETs, and POSTs only to the market searches', async () => {
		await runProbe({ baseUrl: sim.url, token: 'sim-valid-token' });
		const requests = sim.requests.map((r) => `${r.method} ${r.path}`);
		expect(requests).toHaveLength(EXPECTED_ENDPOINTS.length);
		for (const request of requests) {
			expect(request).toMatch(
				/^(GET \/v2\/|POST \/v2\/market\/(listings\/search|live-feed\/search|references\/search|facets)$)/,
			);
		}
	});

	it("Sign-In: renews a session token through the node's Clerk client and prints neither token", async () => {
		const clientToken = sim.clerk.state().clientToken;
		const report = await runProbe({
			baseUrl: sim.url,
			signIn: { clientToken, frontendApiUrl: sim.clerk.frontendApiUrl },
		});
		expect(report.credential).toBe('Sign-In');
		expect(report.renewal?.status).toBe('renewed');
		const clerk = sim.requests.filter((r) => r.path.startsWith('/clerk/'));
		expect(clerk.map((r) => `${r.method} ${r.path.replace(/sess_\w+/, 'sess_…')}`)).toEqual([
			'GET /clerk/v1/client',
			'POST /clerk/v1/client/sessions/sess_…/tokens',
		]);
		for (const endpoint of CORE) expect(result(report, endpoint).status).toBe(200);
		const text = formatReport(report);
		expect(text).toMatch(/^Clerk token renewal: renewed in \d+ ms/m);
		expectNoSecrets(text, [clientToken], [MESSAGE]);
		expectNoSecrets(JSON.stringify(report), [clientToken], [MESSAGE]);
	});

	it('Sign-In with a client token Clerk does not know: the renewal fails, nothing else is read', async () => {
		const report = await runProbe({
			baseUrl: sim.url,
			signIn: {
				clientToken: 'sim_client_not_known_here',
				frontendApiUrl: sim.clerk.frontendApiUrl,
			},
		});
		expect(report.ok).toBe(false);
		expect(report.renewal?.status).toBe('failed');
		expect(report.results).toEqual([]);
		expect(formatReport(report)).not.toContain('sim_client_not_known_here');
	});

	it('an answer the node cannot read makes the report fail, with the status and why', async () => {
		sim.queueFaults('500', 'non-json');
		const report = await runProbe({ baseUrl: sim.url, token: 'sim-valid-token' });
		expect(report.ok).toBe(false);
		const first = result(report, 'GET /v2/sessions?role=receiving');
		expect(first).toMatchObject({ status: 500, nodeReads: false });
		expect(first.note).toMatch(/^HTTP 500 \(INTERNAL_ERROR/);
		const second = result(report, 'GET /v2/sessions?role=sending');
		expect(second).toMatchObject({ status: 200, nodeReads: false });
		expect(second.note).toMatch(/not JSON \(content-type: text\/html/);
		expect(formatReport(report)).toContain('NODE CANNOT READ IT');
	});
});

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

describe('npm run probe, the command against `node test/simulator/cli.js --answers loose`', () => {
	let cli: ReturnType<typeof spawn>;
	let url = '';
	let clientToken = '';
	const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
	const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

	beforeAll(async () => {
		cli = spawn(process.execPath, ['test/simulator/cli.js', '--answers', 'loose', '--ttl', '300'], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const first = await new Promise<string>((resolve, reject) => {
			let buffer = '';
			cli.stdout!.on('data', (d: Buffer) => {
				buffer += d.toString();
				const newline = buffer.indexOf('\n');
				if (newline >= 0) resolve(buffer.slice(0, newline));
			});
			cli.on('error', reject);
		});
		const info = JSON.parse(first) as { url: string; clientToken: string };
		url = info.url;
		clientToken = info.clientToken;
	});
	afterAll(() => {
		cli.kill('SIGTERM');
	});

	it('prints each endpoint with status, timing and the differences; and the node reads every loose answer it has a schema for (exit code 0)', async () => {
		const out = await run(TSX, ['scripts/probe.ts'], {
			...baseEnv,
			WATCHCOLLECT_BASE_URL: url,
			WATCHCOLLECT_TOKEN: 'sim-valid-token',
		});
		for (const endpoint of EXPECTED_ENDPOINTS) {
			expect(out.stdout).toMatch(
				new RegExp(`^${endpoint.replace(/[?/.]/g, '\\$&')}  →  (\\d{3}|no answer) in \\d+ ms`, 'm'),
			);
		}
		expect(out.stdout).toContain('items[].engine = "GOWS_NEXT"');
		expect(out.stdout).toMatch(/extra +items\[\]\.x_unknown_field( ×\d+)?: is not in the contract/);
		// issue 13: the node reads every loose answer it has a schema for
		expect(out.stdout).not.toContain('NODE CANNOT READ IT');
		expect(out.stdout).toMatch(/^Summary: 10 endpoints, the node reads \d+, cannot read \d+;/m);
		expect(out.code).toBe(0);
		expectNoSecrets(out.stdout + out.stderr, ['sim-valid-token', clientToken], []);
	}, 120_000);

	it('Sign-In from the environment: renews, and prints no token', async () => {
		const out = await run(TSX, ['scripts/probe.ts', '--json'], {
			...baseEnv,
			WATCHCOLLECT_BASE_URL: url,
			WATCHCOLLECT_CLIENT_TOKEN: clientToken,
			WATCHCOLLECT_FRONTEND_API_URL: `${url}/clerk`,
		});
		const report = JSON.parse(out.stdout) as ProbeReport;
		expect(report.renewal?.status).toBe('renewed');
		expect(report.results).toHaveLength(EXPECTED_ENDPOINTS.length);
		expect(out.code).toBe(report.ok ? 0 : 1);
		expectNoSecrets(out.stdout + out.stderr, [clientToken], []);
	}, 120_000);

	it('exits 1 when no answer comes, 2 without a token (stdin is not a terminal)', async () => {
		const closed = await run(TSX, ['scripts/probe.ts', '--timeout', '5000'], {
			...baseEnv,
			WATCHCOLLECT_BASE_URL: 'http://127.0.0.1:9',
			WATCHCOLLECT_TOKEN: 'sim-valid-token',
		});
		expect(closed.code).toBe(1);
		expect(closed.stdout).toMatch(/GET \/v2\/messages {2}→ {2}no answer in \d+ ms/);
		const missing = await run(TSX, ['scripts/probe.ts'], { ...baseEnv });
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain('WATCHCOLLECT_TOKEN');
	}, 120_000);
});
