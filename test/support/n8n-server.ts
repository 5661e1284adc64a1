/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * A running `n8n start` for tests: the provisioned n8n on Node 24 (see ./n8n.ts) with this package
 * installed as a community package, listening on loopback only, with an owner account and its
 * session cookie. `stop()` always ends the whole process group (n8n and its task runner).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

import { makeUserFolder, n8nEnv, provisionN8n } from './n8n';

export const OWNER = {
	email: 'owner@watchcollect.test',
	firstName: 'Test',
	lastName: 'Owner',
	password: 'WatchCollect-Test-1',
};

export interface N8nServerOptions {
	/** An existing user folder (default: a fresh one from makeUserFolder()). */
	userFolder?: string;
	/** Extra environment for n8n (wins over the defaults). */
	env?: Record<string, string>;
	/** How long to wait for n8n to become ready, default 150 s. */
	startTimeoutMs?: number;
	/** Create the owner account and keep its cookie (default true). */
	setupOwner?: boolean;
}

export interface RestResponse<T = any> {
	status: number;
	/** The parsed JSON body (n8n's `{ data }` envelope included), or the text when it is not JSON. */
	body: T;
	/** `body.data` when the body has n8n's envelope, else the body. */
	data: any;
	headers: Headers;
}

export interface N8nServer {
	url: string;
	port: number;
	userFolder: string;
	/** `n8n-auth=<jwt>`, ready for a Cookie header (empty when setupOwner is false). */
	cookie: string;
	/** The raw JWT of the owner's session cookie. */
	authToken: string;
	pid: number;
	rest<T = any>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<RestResponse<T>>;
	/** Everything n8n wrote to stdout and stderr so far. */
	logs(): string;
	stop(): Promise<void>;
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every n8n started here and not stopped yet: killed when the test process exits, whatever happens. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal); // the whole group: n8n and its task runner(s)
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}
function installExitHook() {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const child of running) killGroup(child, 'SIGKILL');
	});
}

async function tryFetch(url: string, init: RequestInit = {}, timeoutMs = 5000): Promise<Response | undefined> {
	try {
		return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
	} catch {
		return undefined;
	}
}

export async function startN8nServer(opts: N8nServerOptions = {}): Promise<N8nServer> {
	const { node, n8nBin } = provisionN8n();
	const userFolder = opts.userFolder ?? makeUserFolder();
	const port = await freePort();
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const env = n8nEnv(userFolder, {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		WEBHOOK_URL: `${url}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HIDE_USAGE_PAGE: 'true',
		N8N_ONBOARDING_FLOW_DISABLED: 'true',
		...(opts.env ?? {}),
	});

	installExitHook();
	const child = spawn(node, [n8nBin, 'start'], {
		env,
		cwd: userFolder,
		detached: true, // its own process group, so stop() can end the task runner too
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.add(child);
	let output = '';
	child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
	let exited = false;
	let exitInfo = '';
	const exitPromise = new Promise<void>((resolve) => {
		child.once('exit', (code, signal) => {
			exited = true;
			exitInfo = `code ${code}, signal ${signal}`;
			running.delete(child);
			resolve();
		});
	});
	child.once('error', (error) => {
		output += `\n[spawn error] ${error.message}\n`;
	});

	let stopped: Promise<void> | undefined;
	const stop = () => {
		stopped ??= (async () => {
			if (!exited) {
				killGroup(child, 'SIGTERM');
				await Promise.race([exitPromise, sleep(10_000)]);
			}
			// Whatever is left of the group (n8n itself, or an orphaned task runner).
			killGroup(child, 'SIGKILL');
			await Promise.race([exitPromise, sleep(3_000)]);
			child.stdout?.destroy();
			child.stderr?.destroy();
			running.delete(child);
		})();
		return stopped;
	};

	let cookie = '';
	let authToken = '';
	const rest = async <T = any>(
		method: string,
		path: string,
		body?: unknown,
		timeoutMs = 30_000,
	): Promise<RestResponse<T>> => {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (cookie) headers.cookie = cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${url}${path.startsWith('/') ? path : `/${path}`}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		let parsed: any = text;
		try {
			parsed = text === '' ? null : JSON.parse(text);
		} catch {
			/* not JSON */
		}
		const data = parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed;
		return { status: response.status, body: parsed, data, headers: response.headers };
	};

	try {
		const deadline = Date.now() + (opts.startTimeoutMs ?? 150_000);
		const waitFor = async (what: string, check: () => Promise<boolean>) => {
			while (!(await check())) {
				if (exited) throw new Error(`n8n exited (${exitInfo}) while waiting for ${what}`);
				if (Date.now() > deadline) throw new Error(`n8n not ready in time: ${what}`);
				await sleep(250);
			}
		};
		await waitFor('/healthz', async () => (await tryFetch(`${url}/healthz`))?.status === 200);
		await waitFor('/healthz/readiness', async () => (await tryFetch(`${url}/healthz/readiness`))?.status === 200);
		await waitFor('the REST API (/rest/settings)', async () => {
			const response = await tryFetch(`${url}/rest/settings`);
			if (response?.status !== 200) return false;
			return (await response.text()).startsWith('{');
		});

		if (opts.setupOwner ?? true) {
			const response = await fetch(`${url}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(OWNER),
				signal: AbortSignal.timeout(30_000),
			});
			const text = await response.text();
			if (response.status !== 200) {
				throw new Error(`POST /rest/owner/setup answered ${response.status}: ${text.slice(0, 500)}`);
			}
			const auth = response.headers
				.getSetCookie()
				.map((c) => c.split(';')[0])
				.find((c) => c.startsWith('n8n-auth='));
			if (!auth) throw new Error('POST /rest/owner/setup set no n8n-auth cookie');
			cookie = auth;
			authToken = auth.slice('n8n-auth='.length);
		}
	} catch (error) {
		await stop();
		(error as Error).message += `\n--- n8n logs ---\n${output.slice(-8000)}`;
		throw error;
	}

	return {
		url,
		port,
		userFolder,
		get cookie() {
			return cookie;
		},
		get authToken() {
			return authToken;
		},
		pid: child.pid as number,
		rest,
		logs: () => output,
		stop,
	};
}
