/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- benchmark tooling: runs n8n as a child process on the test machine, never inside n8n */
/**
 * `npx tsx scripts/bench.ts [--runs N] [--items N] [--batch-size N] [--rate-limit N]` (build first:
 * `npm run build`).
 *
 * Three figures (issue 8):
 *  1. WatchCollect › Session › Create with Options › Batching (`--batch-size` items per batch,
 *     default 50, no interval) and the QR image switched off, against n8n's HTTP Request node with
 *     its default batching (all items at once), same items, same POST: ratio of the medians.
 *  2. The QR image's cost per item: a third node, the same Create with the QR image on, runs in
 *     the same executions; (its time − figure 1's WatchCollect time) / items.
 *  3. The rate-limited run: the simulator allows `--rate-limit` requests per second (default 20);
 *     WatchCollect with Batching sends the items, 429s are retried after Retry-After; its time
 *     against the ideal the limit allows ((items − limit) / limit seconds: the first `limit`
 *     requests go at once, then `limit` per second). Every item must succeed.
 *
 * In the real n8n of the test suite (pinned n8n on Node 24, our packed tarball installed as a
 * community package) and against the WatchCollect simulator, one workflow feeds the same items to
 * WatchCollect › Session › Create and to n8n's HTTP Request node doing the same POST with a
 * generic bearer credential. Each execution is one `n8n execute --id=… --rawOutput`; the figures
 * are the `executionTime` n8n records in the run data for each of the two nodes (the process wall
 * time is mostly n8n's start-up). Every execution must succeed on every item: the simulator
 * must have seen 2 × (items + 1) valid POSTs answered 200, and each node must have output one
 * accepted session per input item.
 *
 * Warm-up and branch order: n8n runs the branches one after the other (v1 order: the upper
 * node on the canvas first), and in a fresh `n8n execute` process the first use of a node pays
 * one-off costs (lazy module loads, JIT, credential decryption, the first HTTP connection):
 * measured here, 100 ms to over 1 s extra for whichever node ran first, enough to swing the ratio
 * by ±0.2–0.5. A long-running n8n pays that once, so the figures are steady-state ones: a warm-up
 * branch on top first sends ONE item through each of the two nodes (reported separately as the
 * first-use cost), then the measured pair gets all the items. What order effect is left (about
 * 100–200 ms more for the node that gets the 200 items first: JIT, GC) is cancelled: each run
 * executes the workflow in both orders (two imported copies that differ only in
 * which node of each pair sits on top); a node's figure for the run is the mean of its two
 * executions, and the ratio is that of the medians over the runs. Note: HTTP Request sends its
 * items' requests concurrently, WatchCollect one after the other.
 *
 * Also measured: the packed tarball's size, the package's runtime dependencies, and the time to
 * `require` the installed node module in a fresh Node 24 that resolves n8n's own modules.
 *
 * Prints per-run figures, then exactly one summary line (the ratio last) and writes every figure
 * to test-results/bench.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	freePort,
	PACKAGE_NAME,
	REPO_ROOT,
	makeUserFolder,
	n8nEnv,
	packPackage,
	provisionN8n,
	runN8n,
	type RunResult,
	findExecution,
} from '../test/support/n8n';

interface SimRequest {
	method: string;
	path: string;
	authOk: string;
	body: unknown;
	status: number;
	headers: Record<string, unknown>;
	fault?: string;
}

interface Simulator {
	url: string;
	requests: SimRequest[];
	setRateLimit(perSecond: number | null): void;
	close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSimulator } = require('../test/simulator/simulator') as {
	startSimulator(options?: {
		tokens?: { valid?: string[]; otherTenant?: string[] };
	}): Promise<Simulator>;
};

const TOKEN = 'sim-valid-token';
const RATE_LIMITED_WORKFLOW_ID = 'wcBenchRateLimit';
const RATE_LIMITED_RUNS = 3;
type First = 'watchCollect' | 'httpRequest';
const WORKFLOW_IDS: Record<First, string> = {
	watchCollect: 'wcBenchWcFirst01',
	httpRequest: 'wcBenchHttpFirst',
};
const WC_CREDENTIAL = { id: 'wcBenchWcApi0001', name: 'WatchCollect simulator (bench)' };
const BEARER_CREDENTIAL = { id: 'wcBenchBearer001', name: 'Bearer simulator (bench)' };
const ITEMS_NODE = 'Items';
const WARMUP_ITEMS_NODE = 'First Item';
const MEASURED_NODES: Record<First, string> = {
	watchCollect: 'WatchCollect',
	httpRequest: 'HTTP Request',
};
/** The same Create with the QR image on; runs after the measured pair. */
const QR_IMAGE_NODE = 'WatchCollect (QR image)';
const WARMUP_NODES: Record<First, string> = {
	watchCollect: 'WatchCollect (warm-up)',
	httpRequest: 'HTTP Request (warm-up)',
};
const IMPORT_TIMEOUT_MS = 120_000;
const EXECUTE_TIMEOUT_MS = 180_000;
const REQUIRE_SAMPLES = 5;
const OUT_FILE = path.join(REPO_ROOT, 'test-results', 'bench.json');

function write(line = ''): void {
	process.stdout.write(`${line}\n`);
}

function fail(message: string): never {
	throw new Error(message);
}

interface Args {
	runs: number;
	items: number;
	batchSize: number;
	rateLimit: number;
}

function parseArgs(argv: string[]): Args {
	const options: Args = { runs: 5, items: 200, batchSize: 50, rateLimit: 20 };
	const flags: Record<string, keyof Args> = {
		'--runs': 'runs',
		'--items': 'items',
		'--batch-size': 'batchSize',
		'--rate-limit': 'rateLimit',
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		if (!flags[flag]) fail(`unknown argument ${argv[i]}`);
		const value = Number(inline ?? argv[++i]);
		if (!Number.isInteger(value) || value < 1) fail(`${flag} needs a positive whole number`);
		options[flags[flag]] = value;
	}
	return options;
}

function parseArgsSafely(): { runs: number } {
	try {
		return parseArgs(process.argv.slice(2));
	} catch {
		return { runs: 5 };
	}
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

// ---------------------------------------------------------------------------------------------
// The workflow

/**
 * Manual Trigger → Code (N items `{ label }`) → a warm-up branch (Limit → 1 item through both
 * nodes), then the measured WatchCollect and HTTP Request with all N items. n8n's v1 order runs
 * the branches one after the other, upper node first: the warm-up branch sits on top, and of each
 * pair the node `first` sits above the other.
 */
function benchWorkflow(simUrl: string, items: number, first: First, batchSize: number) {
	const id = (n: number) => `b3c00000-0000-4000-8000-00000000000${n}`;
	// the lower y of each pair runs first
	const y = (which: First, base: number) => base + (which === first ? 0 : 120);
	const watchCollect = (n: number, name: string, position: number[], qrImage = false) => ({
		id: id(n),
		name,
		type: 'n8n-nodes-watchcollect.watchCollect',
		typeVersion: 1,
		position,
		parameters: {
			resource: 'session',
			operation: 'create',
			role: 'receiving',
			sessionMode: 'new',
			engine: 'WEBJS',
			authMethod: 'qr',
			additionalFields: { label: '={{ $json.label }}' },
			options: { qrImage, batching: { batch: { batchSize, batchInterval: 0 } } },
		},
		credentials: { watchCollectApi: WC_CREDENTIAL },
	});
	const httpRequest = (n: number, name: string, position: number[]) => ({
		id: id(n),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url: `${simUrl}/v2/sessions`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBearerAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				'={"role":"receiving","engine":"WEBJS","auth_method":"qr","label": "{{ $json.label }}"}',
			options: {},
		},
		credentials: { httpBearerAuth: BEARER_CREDENTIAL },
	});
	const to = (...names: string[]) => ({
		main: [names.map((node) => ({ node, type: 'main', index: 0 }))],
	});
	return {
		id: WORKFLOW_IDS[first],
		name: `WatchCollect bench: ${items} items, ${first === 'watchCollect' ? 'WatchCollect' : 'HTTP Request'} first`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: id(1),
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: id(2),
				name: ITEMS_NODE,
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { label: 'bench-' + i } }));`,
				},
			},
			{
				id: id(3),
				name: WARMUP_ITEMS_NODE,
				type: 'n8n-nodes-base.limit',
				typeVersion: 1,
				position: [440, -400],
				parameters: { maxItems: 1 },
			},
			watchCollect(4, WARMUP_NODES.watchCollect, [660, y('watchCollect', -460)]),
			httpRequest(5, WARMUP_NODES.httpRequest, [660, y('httpRequest', -460)]),
			watchCollect(6, MEASURED_NODES.watchCollect, [440, y('watchCollect', 0)]),
			httpRequest(7, MEASURED_NODES.httpRequest, [440, y('httpRequest', 0)]),
			watchCollect(8, QR_IMAGE_NODE, [440, 400], true),
		],
		connections: {
			Start: to(ITEMS_NODE),
			[ITEMS_NODE]: to(
				WARMUP_ITEMS_NODE,
				MEASURED_NODES.watchCollect,
				MEASURED_NODES.httpRequest,
				QR_IMAGE_NODE,
			),
			[WARMUP_ITEMS_NODE]: to(WARMUP_NODES.watchCollect, WARMUP_NODES.httpRequest),
		},
	};
}

/** Manual Trigger → Code (N items) → WatchCollect › Create with Batching, QR image off. */
function rateLimitedWorkflow(items: number, batchSize: number) {
	const id = (n: number) => `b3c00000-0000-4000-8000-00000000010${n}`;
	return {
		id: RATE_LIMITED_WORKFLOW_ID,
		name: `WatchCollect bench: ${items} items against a rate limit`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: id(1),
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: id(2),
				name: ITEMS_NODE,
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { label: 'limited-' + i } }));`,
				},
			},
			{
				id: id(3),
				name: MEASURED_NODES.watchCollect,
				type: 'n8n-nodes-watchcollect.watchCollect',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'session',
					operation: 'create',
					role: 'receiving',
					sessionMode: 'new',
					authMethod: 'qr',
					additionalFields: { label: '={{ $json.label }}' },
					options: { qrImage: false, batching: { batch: { batchSize, batchInterval: 0 } } },
				},
				credentials: { watchCollectApi: WC_CREDENTIAL },
			},
		],
		connections: {
			Start: { main: [[{ node: ITEMS_NODE, type: 'main', index: 0 }]] },
			[ITEMS_NODE]: { main: [[{ node: MEASURED_NODES.watchCollect, type: 'main', index: 0 }]] },
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Reading n8n's output

interface TaskData {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message: string };
}

interface ExecutionData {
	status: string;
	data: {
		resultData: {
			runData: Record<string, TaskData[]>;
			error?: { message: string; description?: string };
		};
	};
}

/** n8n's log lines come before the (long) execution JSON: show the start of stdout. */
function describeRun(result: RunResult): string {
	const head = (text: string, chars = 4000) =>
		text.length > chars ? `${text.slice(0, chars)}…` : text;
	const tail = (text: string, chars = 3000) =>
		text.length > chars ? `…${text.slice(-chars)}` : text;
	return `exit code ${result.code}\n--- stdout\n${head(result.stdout)}\n--- stderr\n${tail(result.stderr)}`;
}

// ---------------------------------------------------------------------------------------------
// One benchmark run

interface ExecutionFigures {
	first: First;
	/** executionTime of the measured nodes (all items). */
	watchCollectMs: number;
	httpRequestMs: number;
	/** executionTime of the same Create with the QR image on (runs after the pair). */
	qrImageMs: number;
	/** executionTime of the warm-up nodes (1 item, the first use of each node in the process). */
	warmup: { watchCollectMs: number; httpRequestMs: number };
	/** The whole `n8n execute` process, start-up included. */
	wallMs: number;
}

interface RunFigures {
	run: number;
	/** Mean of the node's executionTime over the run's two executions (one per branch order). */
	watchCollectMs: number;
	httpRequestMs: number;
	qrImageMs: number;
	ratio: number;
	executions: ExecutionFigures[];
}

/** The node's single task, which must have succeeded with one output item per input item. */
function checkedTask(execution: ExecutionData, name: string, items: number, out: string): TaskData {
	const tasks = execution.data.resultData.runData[name];
	if (!tasks || tasks.length !== 1)
		fail(`${name}: expected 1 task in the run data, got ${tasks?.length ?? 0}\n${out}`);
	const [task] = tasks;
	if (task.executionStatus !== 'success' || task.error) {
		fail(`${name}: ${task.executionStatus ?? 'no status'} ${task.error?.message ?? ''}\n${out}`);
	}
	const output = task.data?.main?.[0] ?? [];
	if (output.length !== items)
		fail(`${name}: output ${output.length} items, expected ${items}\n${out}`);
	const bad = output.findIndex(
		(item) => item.json.status !== 'accepted' || typeof item.json.session_id !== 'string',
	);
	if (bad >= 0)
		fail(`${name}: item ${bad} is not an accepted session: ${JSON.stringify(output[bad].json)}`);
	if (typeof task.executionTime !== 'number') fail(`${name}: no executionTime in the run data`);
	return task;
}

/** The simulator must have answered 2 × items valid POST /v2/sessions, each label twice. */
/**
 * The simulator must have answered 2 × (items + 1) valid POST /v2/sessions: every label twice,
 * `bench-0` twice more (the warm-up).
 */
function checkRequests(requests: SimRequest[], items: number): void {
	// the measured pair and the QR image node (items each), the two warm-ups (1 each)
	if (requests.length !== 3 * items + 2) {
		fail(`the simulator saw ${requests.length} requests during the run, expected ${3 * items + 2}`);
	}
	const labels = new Map<string, number>();
	for (const r of requests) {
		if (
			r.method !== 'POST' ||
			r.path !== '/v2/sessions' ||
			r.authOk !== 'valid' ||
			r.status !== 200 ||
			r.fault
		) {
			fail(
				`unexpected request: ${r.method} ${r.path} auth ${r.authOk} → ${r.status} ${r.fault ?? ''}`,
			);
		}
		const label = (r.body as { label?: unknown } | null)?.label;
		labels.set(String(label), (labels.get(String(label)) ?? 0) + 1);
	}
	for (let i = 0; i < items; i++) {
		const expected = i === 0 ? 5 : 3;
		if (labels.get(`bench-${i}`) !== expected) {
			fail(
				`label bench-${i} was sent ${labels.get(`bench-${i}`) ?? 0} times, expected ${expected}`,
			);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Package figures

/** What a community node package should ship; anything else in the tarball is reported. */
const EXPECTED_IN_TARBALL = [
	/^package\/(package\.json|LICENSE(\.md)?|README\.md|CHANGELOG\.md)$/,
	/^package\/dist\/package\.json$/,
	/^package\/dist\/(nodes|credentials)\//,
];

interface TarEntry {
	path: string;
	bytes: number;
}

function tarballEntries(tarball: string): TarEntry[] {
	return execFileSync('tar', ['tzvf', tarball], { encoding: 'utf8' })
		.split('\n')
		.map((line) => line.trim().split(/\s+/))
		.filter((cols) => cols.length >= 6 && !cols[0].startsWith('d'))
		.map((cols) => ({ bytes: Number(cols[2]), path: cols.slice(5).join(' ') }));
}

interface RequireFigures {
	/** The node module alone, with n8n-workflow and zod already loaded (as inside n8n). */
	moduleMs: number;
	/** n8n-workflow and zod, loaded first in the same fresh process. */
	dependenciesMs: number;
	samples: Array<{ moduleMs: number; dependenciesMs: number }>;
}

/**
 * Fresh Node 24 processes that resolve bare imports from n8n's node_modules (NODE_PATH) and
 * require the installed node module; proves the packed node loads with n8n's own modules.
 */
function measureRequire(nodeModule: string): RequireFigures {
	const { node, dir } = provisionN8n();
	const n8nModules = path.join(dir, 'n8n', 'node_modules');
	const script = `
const path = require('node:path');
const ns = (a, b) => Number(b - a) / 1e6;
const t0 = process.hrtime.bigint();
require('n8n-workflow');
require('zod');
const t1 = process.hrtime.bigint();
const mod = require(process.argv[1]);
const t2 = process.hrtime.bigint();
if (typeof mod.WatchCollect !== 'function' || new mod.WatchCollect().description.name !== 'watchCollect') {
	throw new Error('the module does not export the WatchCollect node');
}
const foreign = Object.keys(require.cache).filter(
	(f) => !f.startsWith(process.argv[2] + path.sep) && !f.startsWith(path.dirname(path.dirname(process.argv[1]))),
);
if (foreign.length) throw new Error('modules loaded from outside n8n and the package: ' + foreign.slice(0, 5).join(', '));
process.stdout.write(JSON.stringify({ dependenciesMs: ns(t0, t1), moduleMs: ns(t1, t2) }));
`;
	const samples: RequireFigures['samples'] = [];
	for (let i = 0; i < REQUIRE_SAMPLES; i++) {
		const child = spawnSync(node, ['-e', script, nodeModule, n8nModules], {
			encoding: 'utf8',
			timeout: 60_000,
			// a neutral directory: nothing may resolve from this repository's node_modules
			cwd: os.tmpdir(),
			env: { PATH: process.env.PATH ?? '', NODE_PATH: n8nModules, NODE_OPTIONS: '' },
		});
		if (child.status !== 0) {
			fail(
				`require of the packed node failed (${child.status ?? child.signal}):\n${child.stderr}${child.error?.message ?? ''}`,
			);
		}
		samples.push(JSON.parse(child.stdout) as RequireFigures['samples'][number]);
	}
	return {
		moduleMs: median(samples.map((s) => s.moduleMs)),
		dependenciesMs: median(samples.map((s) => s.dependenciesMs)),
		samples,
	};
}

// ---------------------------------------------------------------------------------------------

const ORDERS: First[] = ['watchCollect', 'httpRequest'];

/** One `n8n execute` of the workflow copy where `first` runs first, checked end to end. */
async function executeOnce(
	env: NodeJS.ProcessEnv,
	sim: Simulator,
	items: number,
	first: First,
	what: string,
): Promise<ExecutionFigures> {
	const before = sim.requests.length;
	const t0 = Date.now();
	const result = await runN8n(
		['execute', `--id=${WORKFLOW_IDS[first]}`, '--rawOutput'],
		env,
		EXECUTE_TIMEOUT_MS,
	);
	const wallMs = Date.now() - t0;
	const out = describeRun(result);
	const execution = findExecution<ExecutionData>(result.stdout);
	if (!execution) fail(`${what}: no execution data in n8n's output\n${out}`);
	if (result.code !== 0 || execution.status !== 'success') {
		const error = execution.data.resultData.error;
		fail(
			`${what}: execution ${execution.status}: ${error?.message ?? ''} ${error?.description ?? ''}\n${out}`,
		);
	}
	const task = (nodes: Record<First, string>, n: number) => ({
		watchCollect: checkedTask(execution, nodes.watchCollect, n, out),
		httpRequest: checkedTask(execution, nodes.httpRequest, n, out),
	});
	const warm = task(WARMUP_NODES, 1);
	const measured = task(MEASURED_NODES, items);
	const qrImageTask = checkedTask(execution, QR_IMAGE_NODE, items, out);
	checkRequests(sim.requests.slice(before), items);
	// the order n8n actually ran them in: both warm-ups, then the measured pair, `first` first
	const second: First = first === 'watchCollect' ? 'httpRequest' : 'watchCollect';
	const expectedOrder = [warm[first], warm[second], measured[first], measured[second], qrImageTask];
	const startTimes = expectedOrder.map((t) => t.startTime ?? 0);
	if (startTimes.some((t, i) => i > 0 && t < startTimes[i - 1])) {
		fail(
			`${what}: the nodes did not run in the planned order (start times ${startTimes.join(', ')})`,
		);
	}
	return {
		first,
		watchCollectMs: measured.watchCollect.executionTime as number,
		httpRequestMs: measured.httpRequest.executionTime as number,
		qrImageMs: qrImageTask.executionTime as number,
		warmup: {
			watchCollectMs: warm.watchCollect.executionTime as number,
			httpRequestMs: warm.httpRequest.executionTime as number,
		},
		wallMs,
	};
}

interface RateLimitedFigures {
	watchCollectMs: number;
	rateLimitedRequests: number;
	wallMs: number;
}

/** One execution of the rate-limited workflow: every item must succeed, each created once. */
async function executeRateLimited(
	env: NodeJS.ProcessEnv,
	sim: Simulator,
	items: number,
	what: string,
): Promise<RateLimitedFigures> {
	const before = sim.requests.length;
	const t0 = Date.now();
	const result = await runN8n(
		['execute', `--id=${RATE_LIMITED_WORKFLOW_ID}`, '--rawOutput'],
		env,
		EXECUTE_TIMEOUT_MS,
	);
	const wallMs = Date.now() - t0;
	const out = describeRun(result);
	const execution = findExecution<ExecutionData>(result.stdout);
	if (!execution) fail(`${what}: no execution data in n8n's output\n${out}`);
	if (result.code !== 0 || execution.status !== 'success') {
		fail(`${what}: execution ${execution.status}\n${out}`);
	}
	const task = checkedTask(execution, MEASURED_NODES.watchCollect, items, out);
	const requests = sim.requests.slice(before);
	const accepted = requests.filter((r) => r.status === 200);
	const limited = requests.filter((r) => r.status === 429);
	if (accepted.length !== items || accepted.length + limited.length !== requests.length) {
		fail(
			`${what}: ${accepted.length} requests answered 200 and ${limited.length} 429 of ${requests.length}, expected ${items} answered 200`,
		);
	}
	return {
		watchCollectMs: task.executionTime as number,
		rateLimitedRequests: limited.length,
		wallMs,
	};
}

async function main(): Promise<void> {
	const started = Date.now();
	const { runs, items, batchSize, rateLimit } = parseArgs(process.argv.slice(2));

	const builtNode = path.join(REPO_ROOT, 'dist', 'nodes', 'WatchCollect', 'WatchCollect.node.js');
	if (!fs.existsSync(builtNode)) fail('dist/ is missing: run `npm run build` first');

	const install = provisionN8n();
	const n8nVersion = (
		JSON.parse(
			fs.readFileSync(path.join(install.dir, 'n8n', 'node_modules', 'n8n', 'package.json'), 'utf8'),
		) as { version: string }
	).version;
	const nodeVersion = execFileSync(install.node, ['--version'], { encoding: 'utf8' }).trim();

	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	const runtimeDeps = Object.keys(pkg.dependencies ?? {});
	const tarball = packPackage();
	const tarballBytes = fs.statSync(tarball).size;
	const entries = tarballEntries(tarball);
	const tarballFiles = entries.length;
	const unexpected = entries.filter((e) => !EXPECTED_IN_TARBALL.some((re) => re.test(e.path)));
	write(
		`tarball ${path.basename(tarball)}: ${(tarballBytes / 1024).toFixed(1)} KB, ${tarballFiles} files; runtime dependencies: ${runtimeDeps.length}${runtimeDeps.length ? ` (${runtimeDeps.join(', ')})` : ''}`,
	);
	if (unexpected.length) {
		const kb = unexpected.reduce((sum, e) => sum + e.bytes, 0) / 1024;
		write(
			`WARNING: the tarball ships ${unexpected.length} files (${kb.toFixed(0)} KB unpacked) that are not the node, its credential or package metadata:`,
		);
		for (const e of unexpected) write(`  ${e.path} (${(e.bytes / 1024).toFixed(1)} KB)`);
	}

	const userFolder = makeUserFolder();
	const installedNode = path.join(
		userFolder,
		'.n8n',
		'nodes',
		'node_modules',
		PACKAGE_NAME,
		'dist',
		'nodes',
		'WatchCollect',
		'WatchCollect.node.js',
	);
	if (!fs.existsSync(installedNode)) fail(`the packed package has no ${installedNode}`);

	const sim = await startSimulator({ tokens: { valid: [TOKEN], otherTenant: [] } });
	const figures: RunFigures[] = [];
	const rateLimited: RateLimitedFigures[] = [];
	let requireFigures: RequireFigures;
	try {
		requireFigures = measureRequire(installedNode);
		write(
			`require: node module ${requireFigures.moduleMs.toFixed(1)} ms with n8n-workflow and zod loaded (those take ${requireFigures.dependenciesMs.toFixed(0)} ms in a cold process); median of ${REQUIRE_SAMPLES} fresh Node ${nodeVersion} processes`,
		);

		const env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const inputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-bench-input-'));
		try {
			const credentialsFile = path.join(inputDir, 'credentials.json');
			fs.writeFileSync(
				credentialsFile,
				JSON.stringify([
					{
						...WC_CREDENTIAL,
						type: 'watchCollectApi',
						data: { accessToken: TOKEN, baseUrl: sim.url },
					},
					{ ...BEARER_CREDENTIAL, type: 'httpBearerAuth', data: { token: TOKEN } },
				]),
			);
			const creds = await runN8n(
				['import:credentials', `--input=${credentialsFile}`],
				env,
				IMPORT_TIMEOUT_MS,
			);
			if (creds.code !== 0 || !/Successfully imported 2 credentials/.test(creds.stdout)) {
				fail(`n8n import:credentials failed\n${describeRun(creds)}`);
			}
			const workflowsDir = path.join(inputDir, 'workflows');
			fs.mkdirSync(workflowsDir);
			for (const first of ORDERS) {
				fs.writeFileSync(
					path.join(workflowsDir, `${first}-first.json`),
					JSON.stringify(benchWorkflow(sim.url, items, first, batchSize), null, 2),
				);
			}
			fs.writeFileSync(
				path.join(workflowsDir, 'rate-limited.json'),
				JSON.stringify(rateLimitedWorkflow(items, batchSize), null, 2),
			);
			const wf = await runN8n(
				['import:workflow', '--separate', `--input=${workflowsDir}`],
				env,
				IMPORT_TIMEOUT_MS,
			);
			if (wf.code !== 0 || !/Successfully imported 3 workflows/.test(wf.stdout)) {
				fail(`n8n import:workflow failed\n${describeRun(wf)}`);
			}
		} finally {
			fs.rmSync(inputDir, { recursive: true, force: true });
		}

		write(
			`n8n ${n8nVersion} on Node ${nodeVersion}: ${runs} runs of ${items} items through both nodes (WatchCollect: Batching ${batchSize} per batch, no interval, QR image off; HTTP Request: default batching), each run in both branch orders; then the same Create with the QR image on`,
		);
		for (let run = 1; run <= runs; run++) {
			// alternate which order goes first, so neither order always meets a colder machine
			const orders: First[] = run % 2 ? [...ORDERS] : [...ORDERS].reverse();
			const executions: ExecutionFigures[] = [];
			for (const first of orders) {
				executions.push(await executeOnce(env, sim, items, first, `run ${run}`));
			}
			const mean = (key: 'watchCollectMs' | 'httpRequestMs' | 'qrImageMs') =>
				executions.reduce((sum, e) => sum + e[key], 0) / executions.length;
			const f: RunFigures = {
				run,
				watchCollectMs: mean('watchCollectMs'),
				httpRequestMs: mean('httpRequestMs'),
				qrImageMs: mean('qrImageMs'),
				ratio: mean('watchCollectMs') / mean('httpRequestMs'),
				executions,
			};
			figures.push(f);
			const detail = executions
				.map(
					(e) =>
						`${e.first === 'watchCollect' ? 'WatchCollect' : 'HTTP Request'} first: ${e.watchCollectMs} / ${e.httpRequestMs} ms, warm-up ${e.warmup.watchCollectMs} / ${e.warmup.httpRequestMs} ms, process ${(e.wallMs / 1000).toFixed(1)} s`,
				)
				.join('; ');
			write(
				`run ${run}: WatchCollect ${f.watchCollectMs.toFixed(0)} ms, HTTP Request ${f.httpRequestMs.toFixed(0)} ms, ratio ${f.ratio.toFixed(2)}; with QR image ${f.qrImageMs.toFixed(0)} ms (${detail}; ${3 * items + 2} POSTs answered 200 each)`,
			);
		}

		write(
			`rate-limited: ${RATE_LIMITED_RUNS} executions of ${items} items, Batching ${batchSize} per batch, the simulator allowing ${rateLimit} requests per second`,
		);
		for (let run = 1; run <= RATE_LIMITED_RUNS; run++) {
			sim.setRateLimit(rateLimit);
			try {
				const f = await executeRateLimited(env, sim, items, `rate-limited run ${run}`);
				rateLimited.push(f);
				write(
					`rate-limited run ${run}: ${f.watchCollectMs} ms for ${items} items, ${f.rateLimitedRequests} requests answered 429 and retried, 0 failed items`,
				);
			} finally {
				sim.setRateLimit(null);
			}
		}
	} finally {
		await sim.close();
		if (!process.env.WATCHCOLLECT_KEEP_BENCH) {
			fs.rmSync(userFolder, { recursive: true, force: true });
			fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
		}
	}

	const wcMedian = median(figures.map((f) => f.watchCollectMs));
	const httpMedian = median(figures.map((f) => f.httpRequestMs));
	const ratio = wcMedian / httpMedian;
	const qrImageMedian = median(figures.map((f) => f.qrImageMs));
	/** What the QR image adds per item: same executions, same items, image on minus off. */
	const qrImagePerItemMs = (qrImageMedian - wcMedian) / items;
	const rateLimitedMedian = median(rateLimited.map((f) => f.watchCollectMs));
	/** The first `rateLimit` requests go at once, then `rateLimit` per second. */
	const idealMs = (Math.max(0, items - rateLimit) / rateLimit) * 1000;
	write(
		`QR image: ${round(qrImageMedian)} ms with it vs ${round(wcMedian)} ms without for ${items} items: ${qrImagePerItemMs.toFixed(2)} ms per item (medians)`,
	);
	write(
		`rate-limited: ${items} items at ${rateLimit}/s in ${round(rateLimitedMedian)} ms (median of ${rateLimited.length}), ideal ${round(idealMs)} ms, ratio ${(rateLimitedMedian / idealMs).toFixed(2)}, 0 failed items`,
	);
	// first use in a process: each node's 1-item warm-up when it was the very first of the two
	const firstUse = (which: First) =>
		median(
			figures.flatMap((f) =>
				f.executions
					.filter((e) => e.first === which)
					.map((e) => e.warmup[which === 'watchCollect' ? 'watchCollectMs' : 'httpRequestMs']),
			),
		);
	const firstUseWc = firstUse('watchCollect');
	const firstUseHttp = firstUse('httpRequest');
	write(
		`first use in a fresh n8n process (warm-up, 1 item, node ran first): WatchCollect ${round(firstUseWc)} ms, HTTP Request ${round(firstUseHttp)} ms (medians)`,
	);
	const tarballKb = (tarballBytes / 1024).toFixed(1);
	const requireMs =
		requireFigures.moduleMs < 10
			? requireFigures.moduleMs.toFixed(1)
			: requireFigures.moduleMs.toFixed(0);

	fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
	fs.writeFileSync(
		OUT_FILE,
		`${JSON.stringify(
			{
				date: new Date().toISOString(),
				n8n: n8nVersion,
				node: nodeVersion,
				machine: {
					cpus: os.cpus().length,
					cpu: os.cpus()[0]?.model,
					platform: `${os.platform()} ${os.arch()}`,
				},
				items,
				runs: figures.map((f) => ({
					...f,
					watchCollectMs: round(f.watchCollectMs, 1),
					httpRequestMs: round(f.httpRequestMs, 1),
					ratio: round(f.ratio, 3),
				})),
				batchSize,
				qrImage: {
					withImageMs: round(qrImageMedian, 1),
					withoutImageMs: round(wcMedian, 1),
					perItemMs: round(qrImagePerItemMs, 2),
				},
				rateLimited: {
					perSecond: rateLimit,
					runs: rateLimited,
					medianMs: round(rateLimitedMedian, 1),
					idealMs: round(idealMs, 1),
					ratio: round(rateLimitedMedian / idealMs, 3),
				},
				median: {
					watchCollectMs: round(wcMedian, 1),
					httpRequestMs: round(httpMedian, 1),
					ratio: round(ratio, 3),
					ratioOfRuns: round(median(figures.map((f) => f.ratio)), 3),
				},
				firstUse: { watchCollectMs: firstUseWc, httpRequestMs: firstUseHttp, items: 1 },
				tarball: {
					file: path.basename(tarball),
					bytes: tarballBytes,
					kb: Number(tarballKb),
					files: tarballFiles,
					unexpectedFiles: unexpected,
				},
				runtimeDependencies: runtimeDeps,
				require: {
					moduleMs: round(requireFigures.moduleMs, 1),
					dependenciesMs: round(requireFigures.dependenciesMs, 1),
					samples: requireFigures.samples.map((s) => ({
						moduleMs: round(s.moduleMs, 1),
						dependenciesMs: round(s.dependenciesMs, 1),
					})),
				},
				benchSeconds: round((Date.now() - started) / 1000, 1),
			},
			null,
			2,
		)}\n`,
	);

	write(
		`bench: tarball ${tarballKb} KB, runtime deps ${runtimeDeps.length}, require ${requireMs} ms, ${items} items, QR image off: WatchCollect (Batching ${batchSize}) ${round(wcMedian)} ms vs HTTP Request ${round(httpMedian)} ms (median of ${figures.length} runs × both branch orders), QR image +${qrImagePerItemMs.toFixed(2)} ms/item, rate-limited ${round(rateLimitedMedian)} ms vs ideal ${round(idealMs)} ms, ratio ${ratio.toFixed(2)}`,
	);
}

// Never hang: every n8n call has its own time-out; this is the backstop for everything else.
const watchdogMinutes = 15 + 8 * parseArgsSafely().runs;
const watchdog = setTimeout(() => {
	process.stderr.write(`bench: gave up after ${watchdogMinutes} minutes\n`);
	process.exit(2);
}, watchdogMinutes * 60_000);
watchdog.unref();

main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`bench failed: ${error.message}\n`);
		process.exit(1);
	},
);
