/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- test tooling: runs Redis, PostgreSQL and n8n as child processes on the test machine, never inside n8n (no node context for n8n errors) */
/**
 * n8n in queue mode for tests, with real parts only, all on loopback and stopped by stop():
 * Redis and PostgreSQL from Debian's packages (scripts/provision-queue.sh installs them when
 * missing; data in a temp dir, free ports), the provisioned n8n as one main (`n8n start`) and N
 * workers (`n8n worker`), each with its own user folder holding the packed package (as each host
 * of a real deployment installs it), one encryption key, one database.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import {
	activateWorkflowArgs,
	freePort,
	makeUserFolder,
	n8nEnv,
	n8nMajorVersion,
	provisionN8n,
	REPO_ROOT,
	runN8n,
} from '../support/n8n';
import { killGroup, startN8nServer, startWatchdog, type N8nServer } from '../support/n8n-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface QueueBinaries {
	redisServer: string;
	pgBin: string;
}

let binaries: QueueBinaries | undefined;

/** Runs scripts/provision-queue.sh (instant when installed) and returns where the servers are. */
export function provisionQueue(): QueueBinaries {
	if (binaries) return binaries;
	const out = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'provision-queue.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		timeout: 10 * 60 * 1000,
	});
	const value = (key: string) => {
		const line = out.split('\n').find((l) => l.startsWith(`${key}=`));
		if (!line) throw new Error(`provision-queue.sh printed no ${key}=…:\n${out}`);
		return line.slice(key.length + 1).trim();
	};
	binaries = { redisServer: value('redis-server'), pgBin: value('pg-bin') };
	return binaries;
}

/** A server process of ours: its own process group, guarded so it cannot outlive the tests. */
interface Guarded {
	child: ChildProcess;
	output(): string;
	exited(): boolean;
	stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
}

function spawnGuarded(
	command: string,
	args: string[],
	options: { uid?: number; gid?: number; cwd?: string } = {},
): Guarded {
	const child = spawn(command, args, {
		...options,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const watchdog = child.pid === undefined ? undefined : startWatchdog(child.pid);
	child.unref();
	let output = '';
	for (const stream of [child.stdout, child.stderr]) {
		stream?.on('data', (d: Buffer) => (output += d.toString()));
		(stream as unknown as { unref?: () => void } | null)?.unref?.();
	}
	let exited = false;
	const exitPromise = new Promise<void>((resolve) =>
		child.once('exit', () => {
			exited = true;
			resolve();
		}),
	);
	child.once('error', (error) => (output += `\n[spawn error] ${error.message}\n`));
	const exitedWithin = async (ms: number) => {
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([exitPromise, new Promise((r) => (timer = setTimeout(r, ms)))]);
		clearTimeout(timer);
	};
	let stopped: Promise<void> | undefined;
	return {
		child,
		output: () => output,
		exited: () => exited,
		stop(signal, graceMs) {
			stopped ??= (async () => {
				if (!exited) {
					killGroup(child, signal);
					await exitedWithin(graceMs);
				}
				killGroup(child, 'SIGKILL');
				await exitedWithin(3000);
				child.stdout?.destroy();
				child.stderr?.destroy();
				watchdog?.stdin?.destroy();
			})();
			return stopped;
		},
	};
}

/** One line of the Redis protocol to 127.0.0.1:port; resolves with the first reply line. */
function redisCommand(port: number, ...words: string[]): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		socket.setTimeout(2000, () => socket.destroy(new Error('redis: no answer')));
		socket.on('connect', () =>
			socket.write(
				`*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`,
			),
		);
		socket.on('data', (d) => {
			reply += d.toString();
			if (reply.includes('\r\n')) {
				socket.end();
				resolve(reply.split('\r\n')[0]);
			}
		});
		socket.on('error', reject);
	});
}

export interface RedisServer {
	port: number;
	pid: number;
	command(...words: string[]): Promise<string>;
	stop(): Promise<void>;
}

/** A throw-away Redis on 127.0.0.1 (no persistence), ready when it answers PING. */
export async function startRedis(): Promise<RedisServer> {
	const { redisServer } = provisionQueue();
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-redis-'));
	const server = spawnGuarded(
		redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
		],
		{ cwd: dir },
	);
	const stop = async () => {
		await server.stop('SIGTERM', 5000);
		fs.rmSync(dir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 20_000;
	for (;;) {
		if ((await redisCommand(port, 'PING').catch(() => '')) === '+PONG') break;
		if (server.exited() || Date.now() > deadline) {
			await stop();
			throw new Error(`redis-server did not start:\n${server.output()}`);
		}
		await sleep(100);
	}
	return {
		port,
		pid: server.child.pid as number,
		command: (...words) => redisCommand(port, ...words),
		stop,
	};
}

export interface PostgresServer {
	port: number;
	pid: number;
	database: string;
	user: string;
	/** Rows of a SELECT, through psql's JSON aggregation. */
	query<T = Record<string, unknown>>(sql: string): T[];
	stop(): Promise<void>;
}

/** The uid and gid PostgreSQL runs as: it refuses root, so as root it runs as `postgres`. */
function postgresIdentity(): { uid?: number; gid?: number } {
	if (process.getuid?.() !== 0) return {};
	const id = (flag: string) =>
		Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

/**
 * A throw-away PostgreSQL cluster: initdb into a temp dir (trust auth on loopback only, fsync off:
 * the data is thrown away), `postgres` in the foreground on a free port, one database `n8n`.
 */
export async function startPostgres(): Promise<PostgresServer> {
	const { pgBin } = provisionQueue();
	const identity = postgresIdentity();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-pg-'));
	if (identity.uid !== undefined) fs.chownSync(root, identity.uid, identity.gid as number);
	const data = path.join(root, 'data');
	const user = 'n8n';
	const database = 'n8n';
	execFileSync(
		path.join(pgBin, 'initdb'),
		['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
		{ ...identity, stdio: ['ignore', 'pipe', 'pipe'], cwd: root },
	);
	const port = await freePort();
	const server = spawnGuarded(
		path.join(pgBin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${root}`,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200',
		],
		{ ...identity, cwd: root },
	);
	const psql = (db: string, sql: string) =>
		execFileSync(
			path.join(pgBin, 'psql'),
			[
				'-X',
				'-q',
				'-A',
				'-t',
				'-v',
				'ON_ERROR_STOP=1',
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				user,
				'-d',
				db,
				'-c',
				sql,
			],
			{
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
				env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
			},
		);
	// SIGINT is PostgreSQL's fast shutdown.
	const stop = async () => {
		await server.stop('SIGINT', 15_000);
		fs.rmSync(root, { recursive: true, force: true });
	};
	const deadline = Date.now() + 30_000;
	for (;;) {
		try {
			psql('postgres', 'SELECT 1');
			break;
		} catch (error) {
			if (server.exited() || Date.now() > deadline) {
				await stop();
				throw new Error(`postgres did not start: ${String(error)}\n${server.output()}`);
			}
			await sleep(200);
		}
	}
	psql('postgres', `CREATE DATABASE ${database}`);
	return {
		port,
		pid: server.child.pid as number,
		database,
		user,
		query<T>(sql: string): T[] {
			const out = psql(database, `SELECT coalesce(json_agg(q), '[]'::json) FROM (${sql}) q`);
			return JSON.parse(out.trim()) as T[];
		},
		stop,
	};
}

export interface QueueModeOptions {
	/** Credentials as `n8n import:credentials` takes them. */
	credentials: object[];
	/** Workflow files to import and activate (published). */
	workflowFiles: string[];
	/** How many workers (default 2). */
	workers?: number;
	/** `--concurrency` of each worker (default n8n's 10). */
	concurrency?: number;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
}

export interface QueueMode {
	redis: RedisServer;
	postgres: PostgresServer;
	main: N8nServer;
	workers: N8nServer[];
	/** The environment every n8n process shares (database, queue, binary data, key). */
	sharedEnv: Record<string, string>;
	/** Starts one more worker (joins the queue at once). */
	addWorker(): Promise<N8nServer>;
	/** Execution ids each worker's log says it finished, by worker index. */
	finishedByWorker(): Array<Set<string>>;
	stop(): Promise<void>;
}

/**
 * The settings queue mode needs, all of them for every process (main and workers alike):
 * one database (PostgreSQL: SQLite cannot be shared), one Redis, one encryption key (n8nEnv gives
 * every process the same), and binary data in a store every process reads — `database` (n8n 2.x's
 * default in queue mode, also in 1.x when listed in N8N_AVAILABLE_BINARY_DATA_MODES);
 * `filesystem` keeps files on the host that wrote them.
 */
export function queueEnv(redis: RedisServer, postgres: PostgresServer): Record<string, string> {
	const env: Record<string, string> = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
	};
	if (n8nMajorVersion() < 2) env.N8N_AVAILABLE_BINARY_DATA_MODES = 'filesystem,database';
	return env;
}

/** Starts Redis, PostgreSQL, imports and activates the workflows, then the main and the workers. */
export async function startQueueMode(opts: QueueModeOptions): Promise<QueueMode> {
	provisionN8n();
	provisionQueue();
	const cleanups: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
		cleanups.length = 0;
	};
	try {
		const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
		cleanups.push(redis.stop, postgres.stop);
		const sharedEnv = { ...queueEnv(redis, postgres), ...(opts.env ?? {}) };

		const mainFolder = makeUserFolder();
		const folders = [mainFolder];
		cleanups.push(async () => {
			if (process.env.WATCHCOLLECT_KEEP_E2E) return;
			for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
		});
		// CLI commands get a broker port of their own: a running n8n may hold the default.
		const cliEnv = n8nEnv(mainFolder, {
			...sharedEnv,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		const cli = async (args: string[], expect: RegExp) => {
			const result = await runN8n(args, cliEnv, 300_000);
			if (result.code !== 0 || !expect.test(result.stdout)) {
				throw new Error(
					`n8n ${args.join(' ')} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
				);
			}
		};
		const input = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-queue-input-'));
		try {
			const credentialsFile = path.join(input, 'credentials.json');
			fs.writeFileSync(credentialsFile, JSON.stringify(opts.credentials));
			// The first command on the empty database runs n8n's migrations.
			await cli(['import:credentials', `--input=${credentialsFile}`], /Successfully imported/);
		} finally {
			fs.rmSync(input, { recursive: true, force: true });
		}
		for (const file of opts.workflowFiles) {
			await cli(['import:workflow', `--input=${file}`], /Successfully imported 1 workflow/);
			const { id } = JSON.parse(fs.readFileSync(file, 'utf8')) as { id: string };
			await cli(activateWorkflowArgs(id), /(Publishing|Activating) workflow/);
		}

		const main = await startN8nServer({
			userFolder: mainFolder,
			env: sharedEnv,
			setupOwner: false,
		});
		cleanups.push(main.stop);
		const workers: N8nServer[] = [];
		const addWorker = async () => {
			const userFolder = makeUserFolder();
			folders.push(userFolder);
			const worker = await startN8nServer({
				command: 'worker',
				userFolder,
				env: sharedEnv,
				args: opts.concurrency ? [`--concurrency=${opts.concurrency}`] : [],
			});
			workers.push(worker);
			cleanups.push(worker.stop);
			return worker;
		};
		await Promise.all(Array.from({ length: opts.workers ?? 2 }, () => addWorker()));

		return {
			redis,
			postgres,
			main,
			workers,
			sharedEnv,
			addWorker,
			finishedByWorker: () =>
				workers.map(
					(w) =>
						new Set(
							[...w.logs().matchAll(/Worker finished execution (\d+) \(job/g)].map((m) => m[1]),
						),
				),
			stop: async () => {
				// n8n's own logs, for when a check failed: test-results/queue/<process>.log
				const dir = path.join(REPO_ROOT, 'test-results', 'queue');
				fs.mkdirSync(dir, { recursive: true });
				fs.writeFileSync(path.join(dir, 'main.log'), main.logs());
				workers.forEach((w, i) =>
					fs.writeFileSync(path.join(dir, `worker-${i + 1}.log`), w.logs()),
				);
				await stopAll();
			},
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

/**
 * CPU time (user + system, ms) used so far by a process and all its descendants (Linux /proc):
 * a server and what it started (n8n's task runner, PostgreSQL's backends).
 */
export function treeCpuMs(rootPid: number): number {
	const tick = 10; // USER_HZ is 100 on Linux
	const procs = new Map<number, { ppid: number; ms: number }>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		// pid (comm) state ppid … utime(14) stime(15); fields counted after the ')' of comm
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		procs.set(Number(entry), {
			ppid: Number(fields[1]),
			ms: (Number(fields[11]) + Number(fields[12])) * tick,
		});
	}
	const inTree = (pid: number): boolean => {
		for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
			if (p === rootPid) return true;
			p = procs.get(p)?.ppid ?? 0;
		}
		return false;
	};
	let total = 0;
	for (const [pid, { ms }] of procs) if (inTree(pid)) total += ms;
	return total;
}
