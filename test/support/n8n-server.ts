/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test tooling: runs n8n as a child process on the test machine, never inside n8n */
/**
 * A running `n8n start` for tests: the provisioned n8n on Node 24 (see ./n8n.ts) with this package
 * installed as a community package, listening on loopback only, with an owner account and its
 * session cookie. `stop()` always ends the whole process group (n8n and its task runner).
 */
import { spawn, type ChildProcess } from 'node:child_process';

import { freePort, makeUserFolder, n8nEnv, n8nMajorVersion, provisionN8n } from './n8n';

export const OWNER = {
	email: 'owner@watchcollect.test',
	firstName: 'Test',
	lastName: 'Owner',
	password: 'Dummy-Owner-Pass-1',
};

export interface N8nServerOptions {
	/** An existing user folder (default: a fresh one from makeUserFolder()). */
	userFolder?: string;
	/** Extra environment for n8n (wins over the defaults). */
	env?: Record<string, string>;
	/** How long to wait for n8n to become ready, default 150 s. */
	startTimeoutMs?: number;
	/** Create the owner account and keep its cookie (default true; never for a worker). */
	setupOwner?: boolean;
	/**
	 * `start` (default): the main process with the editor and REST API. `worker`: a queue-mode
	 * worker (`n8n worker`); it serves only its health endpoints, on `port`.
	 */
	command?: 'start' | 'worker';
	/** Extra arguments for the command, e.g. `--concurrency=5` for a worker. */
	args?: string[];
}

/** A JSON value from n8n's REST API, untyped on purpose (tests pick what they check). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface RestResponse<T = Json> {
	status: number;
	/** The parsed JSON body (n8n's `{ data }` envelope included), or the text when it is not JSON. */
	body: T;
	/** `body.data` when the body has n8n's envelope, else the body. */
	data: Json;
	headers: Headers;
}

/**
 * Activates or deactivates a workflow in a running n8n through its REST API: 2.x publishes a
 * version (`POST /rest/workflows/:id/activate` with the version) or unpublishes it
 * (`…/deactivate`); 1.x sets `active` with `PATCH /rest/workflows/:id`.
 */
export async function setWorkflowActive(
	server: N8nServer,
	id: string,
	active: boolean,
): Promise<RestResponse> {
	const { versionId } = (await server.rest('GET', `/rest/workflows/${id}`)).data as {
		versionId: string;
	};
	if (n8nMajorVersion() >= 2) {
		return await server.rest(
			'POST',
			`/rest/workflows/${id}/${active ? 'activate' : 'deactivate'}`,
			active ? { versionId } : {},
		);
	}
	return await server.rest('PATCH', `/rest/workflows/${id}`, { active, versionId });
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
	rest<T = Json>(
		method: string,
		path: string,
		body?: unknown,
		timeoutMs?: number,
	): Promise<RestResponse<T>>;
	/** Everything n8n wrote to stdout and stderr so far. */
	logs(): string;
	stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
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

/**
 * A tiny guard process holding a pipe from the test process: when that pipe closes (stop(), or
 * the test process ending in any way, even SIGKILL or a Ctrl-C that n8n's own process group does
 * not receive) it kills n8n's whole process group. Process 'exit' hooks cannot do this under jest,
 * whose sandboxed `process` never emits them.
 */
const WATCHDOG = `
const pgid = Number(process.argv[1]);
const end = () => { try { process.kill(-pgid, 'SIGKILL'); } catch {} process.exit(0); };
process.stdin.on('end', end); process.stdin.on('close', end); process.stdin.on('error', end);
process.stdin.resume();
`;
export function startWatchdog(pgid: number): ChildProcess {
	const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(pgid)], {
		detached: true,
		stdio: ['pipe', 'ignore', 'ignore'],
	});
	watchdog.unref();
	(watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
	watchdog.on('error', () => undefined);
	return watchdog;
}

async function tryFetch(
	url: string,
	init: RequestInit = {},
	timeoutMs = 5000,
): Promise<Response | undefined> {
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
	const worker = opts.command === 'worker';
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
		// A worker has no REST API; its health endpoints tell when it takes jobs.
		...(worker
			? {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}
			: {}),
		...(opts.env ?? {}),
	});

	const child = spawn(node, [n8nBin, opts.command ?? 'start', ...(opts.args ?? [])], {
		env,
		cwd: userFolder,
		detached: true, // its own process group, so stop() can end the task runner too
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid);
	// A forgotten stop() must not keep the test process alive (the watchdog ends n8n then).
	child.unref();
	let output = '';
	for (const stream of [child.stdout, child.stderr]) {
		stream?.on('data', (d: Buffer) => (output += d.toString()));
		(stream as unknown as { unref?: () => void } | null)?.unref?.();
	}
	let exited = false;
	let exitInfo = '';
	const exitPromise = new Promise<void>((resolve) => {
		child.once('exit', (code, signal) => {
			exited = true;
			exitInfo = `code ${code}, signal ${signal}`;
			resolve();
		});
	});
	child.once('error', (error) => {
		output += `\n[spawn error] ${error.message}\n`;
	});

	/** Resolves when n8n has exited or after `ms`, leaving no timer behind. */
	const exitedWithin = async (ms: number) => {
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([exitPromise, new Promise((r) => (timer = setTimeout(r, ms)))]);
		clearTimeout(timer);
	};
	let stopped: Promise<void> | undefined;
	const stop = () => {
		stopped ??= (async () => {
			if (!exited) {
				killGroup(child, 'SIGTERM');
				await exitedWithin(10_000);
			}
			// Whatever is left of the group (n8n itself if it did not stop, or an orphaned task runner).
			killGroup(child, 'SIGKILL');
			await exitedWithin(3_000);
			child.stdout?.destroy();
			child.stderr?.destroy();
			watchdog?.stdin?.destroy(); // the guard exits
		})();
		return stopped;
	};

	let cookie = '';
	let authToken = '';
	const rest = async <T = Json>(
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
		let parsed: Json = text;
		try {
			parsed = text === '' ? null : JSON.parse(text);
		} catch {
			/* not JSON */
		}
		const data = parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed;
		return { status: response.status, body: parsed, data, headers: response.headers };
	};

	/** Waits for n8n to serve its REST API, then creates the owner and keeps the session cookie. */
	const becomeReady = async () => {
		const deadline = Date.now() + (opts.startTimeoutMs ?? 150_000);
		const waitFor = async (what: string, check: () => Promise<boolean>) => {
			while (!(await check())) {
				if (exited) throw new Error(`n8n exited (${exitInfo}) while waiting for ${what}`);
				if (Date.now() > deadline) throw new Error(`n8n not ready in time: ${what}`);
				await sleep(250);
			}
		};
		await waitFor('/healthz', async () => (await tryFetch(`${url}/healthz`))?.status === 200);
		await waitFor(
			'/healthz/readiness',
			async () => (await tryFetch(`${url}/healthz/readiness`))?.status === 200,
		);
		if (worker) return;
		await waitFor('the REST API (/rest/settings)', async () => {
			const response = await tryFetch(`${url}/rest/settings`);
			if (response?.status !== 200) return false;
			return (await response.text()).startsWith('{');
		});

		if (opts.setupOwner ?? true) {
			let path = '/rest/owner/setup';
			let response = await fetch(`${url}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(OWNER),
				signal: AbortSignal.timeout(30_000),
			});
			let text = await response.text();
			if (response.status === 400 && /already setup/i.test(text)) {
				// a user folder an earlier `n8n start` set up (e.g. a second active example): sign in
				path = '/rest/login';
				response = await fetch(`${url}${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', accept: 'application/json' },
					body: JSON.stringify({
						emailOrLdapLoginId: OWNER.email,
						email: OWNER.email,
						password: OWNER.password,
					}),
					signal: AbortSignal.timeout(30_000),
				});
				text = await response.text();
			}
			if (response.status !== 200) {
				throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 500)}`);
			}
			const auth = response.headers
				.getSetCookie()
				.map((c) => c.split(';')[0])
				.find((c) => c.startsWith('n8n-auth='));
			if (!auth) throw new Error(`POST ${path} set no n8n-auth cookie`);
			cookie = auth;
			authToken = auth.slice('n8n-auth='.length);
		}
	};
	const failure = await becomeReady().then(
		() => undefined,
		(error: unknown) => (error instanceof Error ? error : new Error(String(error))),
	);
	if (failure) {
		await stop(); // never leave a half-started n8n behind
		throw new Error(`${failure.message}\n--- n8n output (end) ---\n${output.slice(-8000)}`, {
			cause: failure,
		});
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
