/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark tooling: runs n8n as a child process on the test machine, never inside n8n */
/** What the benchmark's parts share: the simulator's shape, names and ids, small helpers. */
import path from 'node:path';

import { REPO_ROOT } from '../../test/support/n8n';

export interface SimRequest {
	method: string;
	path: string;
	authOk: string;
	body: unknown;
	status: number;
	headers: Record<string, unknown>;
	fault?: string;
}

export interface Simulator {
	url: string;
	requests: SimRequest[];
	setRateLimit(perSecond: number | null): void;
	close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { startSimulator } = require('../../test/simulator/simulator') as {
	startSimulator(options?: {
		tokens?: { valid?: string[]; otherTenant?: string[] };
	}): Promise<Simulator>;
};

export const TOKEN = 'sim-valid-token';
export const RATE_LIMITED_WORKFLOW_ID = 'wcBenchRateLimit';
export const RATE_LIMITED_RUNS = 3;
export type First = 'watchCollect' | 'httpRequest';
export const WORKFLOW_IDS: Record<First, string> = {
	watchCollect: 'wcBenchWcFirst01',
	httpRequest: 'wcBenchHttpFirst',
};
export const WC_CREDENTIAL = { id: 'wcBenchWcApi0001', name: 'WatchCollect simulator (bench)' };
export const BEARER_CREDENTIAL = { id: 'wcBenchBearer001', name: 'Bearer simulator (bench)' };
export const ITEMS_NODE = 'Items';
export const WARMUP_ITEMS_NODE = 'First Item';
export const MEASURED_NODES: Record<First, string> = {
	watchCollect: 'WatchCollect',
	httpRequest: 'HTTP Request',
};
/** The same Create with the QR image on; runs after the measured pair. */
export const QR_IMAGE_NODE = 'WatchCollect (QR image)';
export const WARMUP_NODES: Record<First, string> = {
	watchCollect: 'WatchCollect (warm-up)',
	httpRequest: 'HTTP Request (warm-up)',
};
export const IMPORT_TIMEOUT_MS = 120_000;
export const EXECUTE_TIMEOUT_MS = 180_000;
export const REQUIRE_SAMPLES = 5;
export const OUT_FILE = path.join(REPO_ROOT, 'test-results', 'bench.json');

export function write(line = ''): void {
	process.stdout.write(`${line}\n`);
}

export function fail(message: string): never {
	throw new Error(message);
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value: number, digits = 0) => Number(value.toFixed(digits));

export interface Args {
	runs: number;
	items: number;
	batchSize: number;
	rateLimit: number;
}

export function parseArgs(argv: string[]): Args {
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

export function parseArgsSafely(): { runs: number } {
	try {
		return parseArgs(process.argv.slice(2));
	} catch {
		return { runs: 5 };
	}
}
