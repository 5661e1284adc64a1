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
import { execFileSync } from 'node:child_process';
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
} from '../test/support/n8n';
import {
	BEARER_CREDENTIAL,
	IMPORT_TIMEOUT_MS,
	RATE_LIMITED_RUNS,
	REQUIRE_SAMPLES,
	TOKEN,
	WC_CREDENTIAL,
	parseArgs,
	parseArgsSafely,
	startSimulator,
	write,
	type First,
} from './bench/common';
import {
	describeRun,
	executeOnce,
	executeRateLimited,
	type ExecutionFigures,
	type RateLimitedFigures,
	type RunFigures,
} from './bench/measure';
import {
	EXPECTED_IN_TARBALL,
	measureRequire,
	tarballEntries,
	type RequireFigures,
} from './bench/package-figures';
import { writeReport } from './bench/report';
import { benchWorkflow, rateLimitedWorkflow } from './bench/workflows';

const ORDERS: First[] = ['watchCollect', 'httpRequest'];

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

	writeReport({
		started,
		n8nVersion,
		nodeVersion,
		items,
		batchSize,
		rateLimit,
		figures,
		rateLimited,
		requireFigures,
		tarball,
		tarballBytes,
		tarballFiles,
		unexpected,
		runtimeDeps,
	});
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
