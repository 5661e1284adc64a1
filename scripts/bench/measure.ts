/**
 * The benchmark's measuring: one `n8n execute` of a workflow, its figures read from n8n's run
 * data, and the checks that every item succeeded and every request was answered as expected.
 */
import { findExecution, runN8n, type RunResult } from '../../test/support/n8n';
import {
	EXECUTE_TIMEOUT_MS,
	MEASURED_NODES,
	QR_IMAGE_NODE,
	RATE_LIMITED_WORKFLOW_ID,
	WARMUP_NODES,
	WORKFLOW_IDS,
	fail,
	type First,
	type SimRequest,
	type Simulator,
} from './common';

// ---------------------------------------------------------------------------------------------
// Reading n8n's output

export interface TaskData {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message: string };
}

export interface ExecutionData {
	status: string;
	data: {
		resultData: {
			runData: Record<string, TaskData[]>;
			error?: { message: string; description?: string };
		};
	};
}

/** n8n's log lines come before the (long) execution JSON: show the start of stdout. */
export function describeRun(result: RunResult): string {
	const head = (text: string, chars = 4000) =>
		text.length > chars ? `${text.slice(0, chars)}…` : text;
	const tail = (text: string, chars = 3000) =>
		text.length > chars ? `…${text.slice(-chars)}` : text;
	return `exit code ${result.code}\n--- stdout\n${head(result.stdout)}\n--- stderr\n${tail(result.stderr)}`;
}

// ---------------------------------------------------------------------------------------------
// One benchmark run

export interface ExecutionFigures {
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

export interface RunFigures {
	run: number;
	/** Mean of the node's executionTime over the run's two executions (one per branch order). */
	watchCollectMs: number;
	httpRequestMs: number;
	qrImageMs: number;
	ratio: number;
	executions: ExecutionFigures[];
}

/** The node's single task, which must have succeeded with one output item per input item. */
export function checkedTask(
	execution: ExecutionData,
	name: string,
	items: number,
	out: string,
): TaskData {
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
export function checkRequests(requests: SimRequest[], items: number): void {
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

/** One `n8n execute` of the workflow copy where `first` runs first, checked end to end. */
export async function executeOnce(
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

export interface RateLimitedFigures {
	watchCollectMs: number;
	rateLimitedRequests: number;
	wallMs: number;
}

/** One execution of the rate-limited workflow: every item must succeed, each created once. */
export async function executeRateLimited(
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
