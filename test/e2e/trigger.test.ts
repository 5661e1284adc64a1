/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * The WatchCollect Trigger as an ACTIVE (published) workflow in `n8n start`, polling the simulator
 * once a minute (n8n's shortest polling interval) while the feed gains messages over several pages
 * (the simulator answers at most 3 per page). Everything is counted from n8n's own execution
 * records (REST /rest/executions): every new message is emitted exactly once, none from before the
 * baseline; a failing poll is an error execution, and the next poll catches up.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { createRequire } from 'node:module';

import { startSimulator, type Simulator } from '../simulator/simulator';
import {
	REPO_ROOT,
	activateWorkflowArgs,
	freePort,
	makeUserFolder,
	n8nEnv,
	provisionN8n,
	runN8n,
} from '../support/n8n';
import { startN8nServer, type N8nServer } from '../support/n8n-server';

const TOKEN = `e2e-trigger-token-${randomBytes(6).toString('hex')}`;
const CREDENTIAL = { id: 'wcE2eTrigCred001', name: 'WatchCollect simulator (trigger)' };
const WORKFLOW_ID = 'wcE2eTriggerNewM';
const TRIGGER = 'New Message';
const ALERT_EXAMPLE = path.join(REPO_ROOT, 'examples', 'saved-view-alert.workflow.json');
const ROLEX_FOR_SALE = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01';

/** Stands in for Slack's incoming webhook: records every POST body. */
async function startWebhookCatcher() {
	const received: Array<{ text: string }> = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (d: Buffer) => (body += d.toString()));
		req.on('end', () => {
			try {
				received.push(JSON.parse(body) as { text: string });
			} catch {
				received.push({ text: `not JSON: ${body}` });
			}
			res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const address = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${address.port}/services/T000/B000/XXXX`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const workflow = {
	id: WORKFLOW_ID,
	name: 'WatchCollect e2e: New Message trigger (active)',
	active: false,
	settings: {
		executionOrder: 'v1',
		saveDataSuccessExecution: 'all',
		saveDataErrorExecution: 'all',
	},
	nodes: [
		{
			id: 'e2e10000-0000-4000-8000-000000000001',
			name: TRIGGER,
			type: 'n8n-nodes-watchcollect.watchCollectTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				event: 'newMessage',
				filters: {},
			},
			credentials: { watchCollectApi: CREDENTIAL },
		},
		{
			id: 'e2e10000-0000-4000-8000-000000000002',
			name: 'Handle',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [220, 0],
			parameters: {},
		},
	],
	connections: { [TRIGGER]: { main: [[{ node: 'Handle', type: 'main', index: 0 }]] } },
};

interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
}

/** n8n stores execution data with `flatted`; read it with n8n's own copy. */
function parseFlatted(text: string): unknown {
	const load = createRequire(__filename);
	const flatted = load(path.join(provisionN8n().dir, 'n8n', 'node_modules', 'flatted')) as {
		parse: (t: string) => unknown;
	};
	return flatted.parse(text);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WatchCollect Trigger: an active workflow in n8n start', () => {
	let sim: Simulator | undefined;
	let server: N8nServer | undefined;
	let userFolder: string | undefined;
	let catcher: Awaited<ReturnType<typeof startWebhookCatcher>> | undefined;
	let alertWorkflowId: string;

	async function executions(): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
		const response = await server!.rest('GET', `/rest/executions?filter=${filter}&limit=100`);
		if (response.status !== 200) throw new Error(`GET /rest/executions: ${response.status}`);
		return (response.data.results as ExecutionSummary[]).sort(
			(a, b) => Number(a.id) - Number(b.id),
		);
	}

	async function waitForExecutions(count: number, timeoutMs: number): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = await executions();
			if (list.length >= count && list.every((e) => e.status !== 'running' && e.status !== 'new'))
				return list;
			if (Date.now() > deadline) {
				throw new Error(
					`expected ${count} executions, have ${JSON.stringify(list)}\n${server!.logs().slice(-4000)}`,
				);
			}
			await sleep(1000);
		}
	}

	/** The message ids the trigger emitted in one execution, and the error if it failed. */
	async function emitted(id: string): Promise<{ ids: string[]; error?: string }> {
		const response = await server!.rest('GET', `/rest/executions/${id}`);
		const data = parseFlatted(response.data.data as string) as {
			resultData: {
				runData: Record<string, Array<{ data?: { main: Array<Array<{ json: { id: string } }>> } }>>;
				error?: { message: string };
			};
		};
		const task = data.resultData.runData[TRIGGER]?.[0];
		const handled = data.resultData.runData.Handle?.[0]?.data?.main[0] ?? [];
		const items = task?.data?.main[0] ?? [];
		expect(handled.length).toBe(items.length); // the workflow ran on with them
		return { ids: items.map((i) => i.json.id), error: data.resultData.error?.message };
	}

	beforeAll(async () => {
		sim = await startSimulator({ tokens: { valid: [TOKEN], otherTenant: [] }, pageSize: 3 });
		catcher = await startWebhookCatcher();
		userFolder = makeUserFolder();
		const env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const inputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-trigger-input-'));
		try {
			const credentialsFile = path.join(inputDir, 'credentials.json');
			fs.writeFileSync(
				credentialsFile,
				JSON.stringify([
					{
						...CREDENTIAL,
						type: 'watchCollectApi',
						data: { accessToken: TOKEN, baseUrl: sim.url },
					},
				]),
			);
			const workflowFile = path.join(inputDir, 'workflow.json');
			fs.writeFileSync(workflowFile, JSON.stringify(workflow));
			// The saved-view alert example as a user sets it up: their credential, their webhook.
			const alert = JSON.parse(fs.readFileSync(ALERT_EXAMPLE, 'utf8'));
			alertWorkflowId = alert.id;
			for (const node of alert.nodes) {
				if (node.credentials?.watchCollectApi) node.credentials.watchCollectApi = CREDENTIAL;
				if (node.type === 'n8n-nodes-base.httpRequest') node.parameters.url = catcher.url;
			}
			const alertFile = path.join(inputDir, 'alert.json');
			fs.writeFileSync(alertFile, JSON.stringify(alert));
			for (const args of [
				['import:credentials', `--input=${credentialsFile}`],
				['import:workflow', `--input=${workflowFile}`],
				['import:workflow', `--input=${alertFile}`],
				activateWorkflowArgs(WORKFLOW_ID),
				activateWorkflowArgs(alertWorkflowId),
			]) {
				const result = await runN8n(args, env);
				if (result.code !== 0)
					throw new Error(`n8n ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
			}
		} finally {
			fs.rmSync(inputDir, { recursive: true, force: true });
		}
		server = await startN8nServer({
			userFolder,
			env: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
		});
	}, 300_000);

	afterAll(async () => {
		await server?.stop();
		await sim?.close();
		await catcher?.close();
		if (userFolder && !process.env.WATCHCOLLECT_KEEP_E2E)
			fs.rmSync(userFolder, { recursive: true, force: true });
	}, 60_000);

	it('emits every new message exactly once over several polls and pages, none before the baseline; a failed poll is caught up', async () => {
		const simulator = sim!;
		const seeded = new Set(simulator.messages.sorted().map((m) => m.card.id));
		const feedPolls = () =>
			simulator.requests.filter((r) => r.path === '/v2/messages' && r.status === 200);

		// Activation ran the first poll: the baseline (no execution).
		const baselineDeadline = Date.now() + 120_000;
		while (feedPolls().length === 0 && Date.now() < baselineDeadline) await sleep(250);
		if (feedPolls().length === 0) {
			throw new Error(`no baseline poll; n8n's log:\n${server!.logs().slice(-6000)}`);
		}
		expect(await executions()).toHaveLength(0);

		// Poll 2: seven new messages, three per page; two of them are Rolex offers (one priced).
		const first: string[] = [];
		for (let i = 0; i < 5; i++) first.push(simulator.messages.addMessage().id);
		first.push(
			simulator.messages.addMessage({
				text: 'WTS Rolex Submariner 126610LN full set, EUR 11.900',
				intent: 'selling',
			}).id,
		);
		first.push(
			simulator.messages.addMessage({
				text: 'WTS Rolex Datejust 126334, price on request',
				intent: 'selling',
			}).id,
		);
		const afterFirst = await waitForExecutions(1, 90_000);
		expect(afterFirst.map((e) => e.status)).toEqual(['success']);
		expect((await emitted(afterFirst[0].id)).ids).toEqual(first);

		// Poll 3 fails (500 on the feed); meanwhile two messages arrive, one of them out of order.
		const second = [simulator.messages.addMessage().id];
		second.push(simulator.messages.addMessage({ late_by_ms: 20_000 }).id);
		// only the feed fails (the alert workflow polls its saved view in the same minute)
		const route = simulator.messages.route;
		simulator.messages.route = (...args: Parameters<typeof route>) => {
			if (args[1].pathname !== '/v2/messages') return route(...args);
			simulator.messages.route = route;
			return {
				status: 500,
				body: { error: { code: 'INTERNAL_ERROR', message: 'feed down (simulated)' } },
			};
		};
		const afterError = await waitForExecutions(2, 90_000);
		expect(afterError[1].status).toBe('error');
		expect((await emitted(afterError[1].id)).error ?? '').toMatch(
			/server error \(500\): feed down/,
		);

		// Poll 4 catches up: the two from before the failure plus one more.
		second.push(simulator.messages.addMessage().id);
		const all = await waitForExecutions(3, 90_000);
		expect(all.map((e) => e.status)).toEqual(['success', 'error', 'success']);
		const caughtUp = (await emitted(all[2].id)).ids;
		expect([...caughtUp].sort()).toEqual([...second].sort());

		// Across n8n's execution records: each new message exactly once, none from before.
		const everything = [...(await emitted(all[0].id)).ids, ...caughtUp];
		expect(everything).toHaveLength(first.length + second.length);
		expect(new Set(everything).size).toBe(everything.length);
		expect(everything.filter((id) => seeded.has(id))).toEqual([]);
		// Several pages per poll were read (page cap 3).
		expect(feedPolls().some((r) => typeof r.query.cursor === 'string')).toBe(true);

		// The saved-view alert example ran alongside: one Slack post per new "Rolex for sale" match
		// with a price, none for the one without a price, none from before its baseline.
		const view = simulator.views.find(ROLEX_FOR_SALE);
		if (!view) throw new Error('the simulator has no Rolex for sale view');
		const expected = [...first, ...second].filter((id) => {
			const m = simulator.messages.messages.get(id);
			return (
				m &&
				simulator.messages.matches(m, view.filters) &&
				/(EUR|€|USD|\$|CHF|GBP|£)\s?[0-9]/i.test(m.card.message_text)
			);
		});
		expect(expected.length).toBeGreaterThan(0);
		const received = catcher!.received;
		const alertDeadline = Date.now() + 60_000;
		while (received.length < expected.length && Date.now() < alertDeadline) await sleep(500);
		const posted = received.map((r) => /\(message ([0-9a-f-]{36})\)/.exec(r.text)?.[1]);
		if (posted.length !== expected.length) {
			const filter = encodeURIComponent(JSON.stringify({ workflowId: alertWorkflowId }));
			const list = await server!.rest('GET', `/rest/executions?filter=${filter}&limit=100`);
			throw new Error(
				`Slack posts ${JSON.stringify(received)} for expected ${JSON.stringify(expected)}; alert executions: ${JSON.stringify(list.data?.results)}`,
			);
		}
		expect([...posted].sort()).toEqual([...expected].sort());
		expect(received[0].text).toMatch(/^New match: /);
		expect(posted).not.toContain(first[6]); // "price on request"
	}, 420_000);
});
