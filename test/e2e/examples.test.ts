/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * Every example workflow (examples/*.workflow.json, whoever added it) in a real n8n, exactly as
 * `npm run dev` imports it: the same preparation code (test/support/examples.js — the simulator
 * credentials, the seeded sending session filled in, Slack posts to the simulator's stand-in), the
 * packed package installed as Community Nodes installs it, and nothing set by hand afterwards.
 *  - An example with a Manual Trigger runs with `n8n execute`, as "Execute workflow" does.
 *  - An example started only by the WatchCollect Trigger runs active in `n8n start`: the feed gains
 *    a message its saved view matches, and the next poll must run the workflow to its end.
 * Green means: n8n exited 0 without a signal, the execution is `success`, and no node ran into an
 * error. The example "create a session" is also the real-n8n smoke test of `npm run test:fast`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSimulator, type Simulator } from '../simulator/simulator';
import {
	activateWorkflowArgs,
	cleanUpAfterAll,
	findExecution,
	freePort,
	makeUserFolder,
	n8nEnv,
	runN8n,
	type RunResult,
} from '../support/n8n';
import { startN8nServer, type N8nServer } from '../support/n8n-server';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- shared with scripts/dev.mjs (plain JS)
const examplesSupport = require('../support/examples.js') as {
	prepareExamples(options: {
		sim: { url: string; token: string; clientToken?: string; frontendApiUrl?: string };
		sendingSession: { session_id: string; waha_session_name?: string };
		nodeTypes?: 'package' | 'custom';
	}): Example[];
	seedSendingSession(sim: { url: string; token: string }): Promise<{ session_id: string }>;
	simulatorCredentials(sim: { url: string; token: string }): unknown[];
	SLACK_STAND_IN: string;
};

interface Node {
	name: string;
	type: string;
	parameters?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
	notes?: string;
}
interface Example {
	file: string;
	workflow: { id: string; name: string; nodes: Node[] };
}
interface Execution {
	status: string;
	data: {
		resultData: {
			runData: Record<string, Array<{ error?: { message: string } }>>;
			error?: { message: string };
		};
	};
}

const TOKEN = `e2e-examples-token-${randomBytes(6).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const startsManually = (e: Example) =>
	e.workflow.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger');
const watchCollectTrigger = (e: Example) =>
	e.workflow.nodes.find((n) => n.type.endsWith('.watchCollectTrigger'));

/** What went wrong, for a failure message: exit, signal, output tails. */
function describeRun(result: RunResult) {
	return `exit ${result.code} (signal ${result.signal})\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`;
}
/** Names of the nodes that ran into an error. */
function failedNodes(execution: Execution) {
	return Object.entries(execution.data.resultData.runData)
		.filter(([, runs]) => runs.some((r) => r.error))
		.map(([name, runs]) => `${name}: ${runs.find((r) => r.error)?.error?.message}`);
}

let sim: Simulator;
let userFolder: string;
let env: NodeJS.ProcessEnv;
let examples: Example[];
let sendingSessionId: string;
const simInfo = () => ({
	url: sim.url,
	token: TOKEN,
	clientToken: sim.clerk.state().clientToken,
	frontendApiUrl: sim.clerk.frontendApiUrl,
});

beforeAll(async () => {
	sim = await startSimulator({ tokens: { valid: [TOKEN], otherTenant: [] } });
	sendingSessionId = (await examplesSupport.seedSendingSession(simInfo())).session_id;
	examples = examplesSupport.prepareExamples({
		sim: simInfo(),
		sendingSession: { session_id: sendingSessionId },
	});
	userFolder = makeUserFolder();
	env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
	const input = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-examples-'));
	try {
		fs.writeFileSync(
			path.join(input, 'credentials.json'),
			JSON.stringify(examplesSupport.simulatorCredentials(simInfo())),
		);
		const workflows = path.join(input, 'workflows');
		fs.mkdirSync(workflows);
		for (const { file, workflow } of examples)
			fs.writeFileSync(path.join(workflows, file), JSON.stringify(workflow));
		for (const args of [
			['import:credentials', `--input=${path.join(input, 'credentials.json')}`],
			['import:workflow', '--separate', `--input=${workflows}`],
		]) {
			const r = await runN8n(args, env);
			if (r.code !== 0) throw new Error(`n8n ${args[0]} failed: ${describeRun(r)}`);
		}
	} finally {
		fs.rmSync(input, { recursive: true, force: true });
	}
}, 300_000);

cleanUpAfterAll(() => ({ sim, userFolder }));

describe('the example workflows as `npm run dev` imports them, in a real n8n', () => {
	it('there are examples of both kinds, and every one starts with a Manual Trigger or the WatchCollect Trigger', () => {
		const files = fs.readdirSync(path.join(__dirname, '..', '..', 'examples'));
		expect(examples.map((e) => e.file)).toEqual(
			files.filter((f) => f.endsWith('.workflow.json')).sort(),
		);
		expect(examples.filter(startsManually).length).toBeGreaterThan(0);
		expect(
			examples.filter((e) => !startsManually(e) && watchCollectTrigger(e)).length,
		).toBeGreaterThan(0);
		for (const e of examples) expect(startsManually(e) || !!watchCollectTrigger(e)).toBe(true);
	});

	it('what dev fills in is visible on the node: the sending session, the Slack stand-in', () => {
		const nodes = examples.flatMap((e) => e.workflow.nodes);
		const sends = nodes.filter(
			(n) => n.parameters?.operation === 'send' && n.type.endsWith('.watchCollect'),
		);
		expect(sends.length).toBeGreaterThan(0);
		for (const n of sends) {
			expect(n.parameters?.sessionId?.value).toBe(sendingSessionId);
			expect(n.notes).toMatch(/seeded sending session/);
		}
		const http = nodes.filter((n) => n.type === 'n8n-nodes-base.httpRequest');
		for (const n of http) {
			expect(String(n.parameters?.url)).not.toMatch(/hooks\.slack\.com/);
			if (String(n.parameters?.url).startsWith(`${sim.url}${examplesSupport.SLACK_STAND_IN}`))
				expect(n.notes).toMatch(/Slack stand-in.*For a real Slack/s);
		}
	});

	const manual = () => examples.filter(startsManually);
	it.each(
		fs
			.readdirSync(path.join(__dirname, '..', '..', 'examples'))
			.filter((f) => f.endsWith('.workflow.json'))
			.sort(),
	)(
		'%s runs green as imported',
		async (file) => {
			const example = examples.find((e) => e.file === file);
			if (!example) throw new Error(`${file} was not prepared`);
			if (!manual().includes(example)) return runActive(example);
			const before = sim.requests.length;
			const result = await runN8n(['execute', `--id=${example.workflow.id}`, '--rawOutput'], env);
			const execution = findExecution<Execution>(result.stdout);
			if (!execution || execution.status !== 'success' || result.code !== 0 || result.signal)
				throw new Error(
					`${file}: ${execution?.status ?? 'no execution printed'}\n${describeRun(result)}`,
				);
			expect(failedNodes(execution)).toEqual([]);
			// every WatchCollect node of the example ran, and only the simulator answered
			const ours = example.workflow.nodes.filter((n) => n.type.endsWith('.watchCollect'));
			for (const n of ours)
				expect(Object.keys(execution.data.resultData.runData)).toContain(n.name);
			const answered = sim.requests.slice(before);
			expect(answered.length).toBeGreaterThanOrEqual(ours.length);
			expect(answered.filter((r) => r.status >= 400)).toEqual([]);
		},
		240_000,
	);
});

/**
 * How to make a WatchCollect Trigger event fire for an example it starts: the simulator gains what
 * the event lists, and the id returned must show up in the execution (and in every Slack post).
 * An example with another event needs one line here.
 */
const FIRE: Record<string, (trigger: Node) => Promise<string>> = {
	// a for-sale listing 20 % under its reference's median (the live cheap-listing feed shows it)
	newCheapListing: async () =>
		sim.market.addCheapListing({ reference: '126610LN', percent_below: 20 }).listings[0].id,
	// a new priced message (that the watched saved view matches, for newViewItem)
	newMessage: async () =>
		sim.messages.addMessage({
			text: 'WTS Omega Speedmaster 310.30.42, EUR 7.400',
			intent: 'selling',
		}).id,
	newViewItem: async (trigger) => {
		const view = sim.views.find(String(trigger.parameters?.viewId));
		const filters = view?.filters ?? {};
		return sim.messages.addMessage({
			text: `WTS ${filters.q ?? 'Omega'} Speedmaster 310.30.42, full set, EUR 7.400`,
			intent: Array.isArray(filters.intent) ? filters.intent[0] : filters.intent,
		}).id;
	},
};

/**
 * An example started by the WatchCollect Trigger, active in `n8n start`: activation polls once
 * (the baseline), then the feed gains one priced message its saved view matches; the next poll
 * (once a minute) must run the workflow to its end, Slack steps included (to the stand-in).
 */
async function runActive(example: Example) {
	const trigger = watchCollectTrigger(example);
	if (!trigger) throw new Error(`${example.file} has neither a Manual nor a WatchCollect Trigger`);
	const result = await runN8n(activateWorkflowArgs(example.workflow.id), env);
	if (result.code !== 0) throw new Error(`activation failed: ${describeRun(result)}`);
	let server: N8nServer | undefined;
	try {
		// only this trigger's own polls (another active example in the same n8n polls too)
		const event = String(trigger.parameters?.event);
		const own = (p: string) =>
			event === 'newViewItem'
				? p === `/v2/views/${String(trigger.parameters?.viewId)}/preview`
				: event === 'newCheapListing'
					? p === '/v2/market/live-feed/search'
					: event === 'newMessage'
						? p === '/v2/messages'
						: true;
		const feedPolls = () =>
			sim.requests.filter((r) => r.status === 200 && r.method !== 'PUT' && own(r.path));
		const polledBefore = feedPolls().length;
		server = await startN8nServer({
			userFolder,
			env: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
		});
		const baselineDeadline = Date.now() + 120_000;
		while (feedPolls().length === polledBefore && Date.now() < baselineDeadline) await sleep(250);
		if (feedPolls().length === polledBefore) throw new Error('no baseline poll');
		const fire = FIRE[String(trigger.parameters?.event)];
		if (!fire)
			throw new Error(
				`${example.file}: its trigger event "${trigger.parameters?.event}" has no way to fire here: add one to FIRE in test/e2e/examples.test.ts`,
			);
		const added = await fire(trigger);
		const slackBefore = sim.market.webhooks.length;
		const filter = encodeURIComponent(JSON.stringify({ workflowId: example.workflow.id }));
		let list: Array<{ id: string; status: string }> = [];
		const deadline = Date.now() + 150_000;
		while (Date.now() < deadline) {
			list = (await server.rest('GET', `/rest/executions?filter=${filter}&limit=10`)).data?.results;
			if (list?.some((e) => e.status !== 'running' && e.status !== 'new')) break;
			await sleep(1000);
		}
		expect(list.map((e) => e.status)).toEqual(['success']);
		const details = await server.rest('GET', `/rest/executions/${list[0].id}`);
		const stored = JSON.stringify(details.data);
		expect(stored).toContain(added);
		// every node of the example ran (the message has a price), Slack steps to the stand-in
		const slackSteps = example.workflow.nodes.filter((n) =>
			String(n.parameters?.url ?? '').startsWith(`${sim.url}${examplesSupport.SLACK_STAND_IN}`),
		);
		expect(sim.market.webhooks.length - slackBefore).toBe(slackSteps.length);
		for (const post of sim.market.webhooks.slice(slackBefore))
			expect(JSON.stringify(post.body)).toContain(added);
	} finally {
		await server?.stop();
	}
}
