/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * Every Message, Saved View, Outbound Send and Outbound Schedule operation in a real n8n
 * (`n8n execute`), with the packed package installed as Community Nodes installs it and the API
 * simulated: the fixtures in ./resources, then the example workflow examples/scheduled-send (its
 * Manual Trigger; the sending session and credential set as a user would pick them). Each test
 * checks the node outputs in n8n's run data AND the requests the simulator saw.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { startSimulator, type RecordedRequest, type Simulator } from '../simulator/simulator';
import {
	REPO_ROOT,
	SIGSEGV_ON_EXIT_ALLOWED,
	countSigsegvOnExit,
	expectExecuteExit,
	cleanUpAfterAll,
	findExecution,
	freePort,
	importWorkflows,
	makeUserFolder,
	n8nEnv,
	runN8n,
	type RunResult,
	type ExecutionOf,
} from '../support/n8n';

const DIR = path.join(__dirname, 'resources');
const TOKEN = `e2e-resources-token-${randomBytes(6).toString('hex')}`;
const CREDENTIAL = { id: 'wcE2eResCred0001', name: 'WatchCollect simulator (resources)' };
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'scheduled-send.workflow.json');
const GROUP_A = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
const GROUP_FAILS = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e04';
const VIEW_PAGE_SIZE = 2;
const MARKET_LISTINGS_VIEW = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c03'; // as set in 31-message-and-view.json
const WEEKLY_OFFER_DEDUP = 'e2e-weekly-offer'; // as set in 32-outbound.json

interface Item {
	json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
	pairedItem?: unknown;
}
type Execution = ExecutionOf<Item>;
interface Run {
	result: RunResult;
	execution?: Execution;
	requests: RecordedRequest[];
}

describe('Message, Saved View and Outbound operations in a real n8n (n8n execute)', () => {
	let sim: Simulator | undefined;
	let userFolder: string | undefined;
	let sendingId: string;
	const runs = new Map<string, Run>();

	beforeAll(async () => {
		const simulator = await startSimulator({
			tokens: { valid: [TOKEN], otherTenant: [] },
			sendStepMs: 500,
		});
		sim = simulator;
		const sending = [...simulator.sessions.values()].find((s) => s.role === 'sending');
		if (!sending) throw new Error('no seeded sending session');
		sending.session_status = 'WORKING'; // paired
		sendingId = sending.session_id;

		userFolder = makeUserFolder();
		const env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		// The example as a user sets it up: their credential, their sending session picked.
		const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
		for (const node of example.nodes) {
			if (node.credentials?.watchCollectApi) node.credentials.watchCollectApi = CREDENTIAL;
			if (node.parameters?.operation === 'send') {
				node.parameters.sessionId = {
					__rl: true,
					mode: 'list',
					value: sendingId,
					cachedResultName: 'sending',
				};
			}
		}
		const ids = await importWorkflows(
			env,
			{ ...CREDENTIAL, accessToken: TOKEN, baseUrl: simulator.url },
			DIR,
			{ example },
		);
		for (const [name, id] of ids) {
			if (name.startsWith('33-')) simulator.queueFaults('pass', 'pass', 'lost-answer');
			// 35: the first answer of every send is lost (each send is stored, then the connection closed)
			simulator.loseFirstAnswers(name.startsWith('35-') ? 'keyed-writes' : null);
			// 31 reads a saved view's items over several pages: 2 items per page
			if (name.startsWith('31-')) simulator.paging.settings.maxPageSize = VIEW_PAGE_SIZE;
			const before = simulator.requests.length;
			const result = await runN8n(['execute', `--id=${id}`, '--rawOutput'], env);
			simulator.paging.reset();
			runs.set(name, {
				result,
				execution: findExecution<Execution>(result.stdout),
				requests: simulator.requests.slice(before),
			});
		}
	}, 420_000);

	cleanUpAfterAll(() => ({ sim, userFolder }));

	function runOf(name: string, status: 'success' | 'error') {
		const run = [...runs.entries()].find(([file]) => file.startsWith(name))?.[1];
		if (!run) throw new Error(`${name} was not run`);
		const out = `exit ${run.result.code} (signal ${run.result.signal})\n${run.result.stdout.slice(-4000)}\n${run.result.stderr.slice(-4000)}`;
		if (!run.execution) throw new Error(`${name}: no execution printed\n${out}`);
		if (run.execution.status !== status)
			throw new Error(`${name}: status ${run.execution.status}\n${out}`);
		expectExecuteExit(run.result, status);
		return run as Run & { execution: Execution };
	}
	const items = (run: { execution: Execution }, node: string): Item[] =>
		run.execution.data.resultData.runData[node]?.[0]?.data?.main[0] ?? [];
	const calls = (run: Run) => run.requests.map((r) => `${r.method} ${r.path}`);

	it(`every run ended by itself (exit 0, or 1 after a failed execution); n8n's SIGSEGV on its way out at most ${SIGSEGV_ON_EXIT_ALLOWED} times`, () => {
		const all = [...runs.values()];
		expect(all).toHaveLength(fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).length + 1);
		expect(countSigsegvOnExit(all.map((r) => r.result))).toBeLessThanOrEqual(
			SIGSEGV_ON_EXIT_ALLOWED,
		);
		for (const run of all) {
			if (run.result.signal === 'SIGSEGV') expect(run.execution?.status).toBe('error');
			else
				expect(run.result).toMatchObject({
					code: run.execution?.status === 'success' ? 0 : 1,
					signal: null,
				});
		}
	});

	it('Message › Get Many (filters, limit) → Get Occurrences for each; Saved View › Get Items (all pages)', async () => {
		const run = runOf('31-', 'success');
		const messages = items(run, 'Get Many Messages');
		expect(messages.length).toBeGreaterThan(0);
		expect(messages.length).toBeLessThanOrEqual(5);
		for (const m of messages) expect(String(m.json.message_text).toLowerCase()).toContain('rolex');
		const feed = run.requests.find((r) => r.path === '/v2/messages');
		expect(feed?.query).toEqual({ intent: 'selling', q: 'rolex', page_size: '5' });
		const occurrences = items(run, 'Get Occurrences');
		expect(occurrences.map((o) => o.json.canonical_message_id).sort()).toEqual(
			messages.map((m) => m.json.id).sort(),
		);
		const firstPages = run.requests.filter(
			(r) => r.path.endsWith('/occurrences') && !r.query.cursor,
		);
		expect(firstPages).toHaveLength(messages.length);
		// all pages: every item the view has (asked of the simulator in one page of 200), read over
		// as many pages of VIEW_PAGE_SIZE as that takes, each once
		const listings = items(run, 'Get View Items');
		const simulator = sim as Simulator;
		const whole = await fetch(`${simulator.url}/v2/views/${MARKET_LISTINGS_VIEW}/preview`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({ page_size: 200 }),
		});
		const all = ((await whole.json()) as { items: Array<{ id: string }> }).items;
		expect(all.length).toBeGreaterThan(VIEW_PAGE_SIZE);
		expect(listings.map((l) => l.json.id)).toEqual(all.map((l) => l.id));
		const pages = run.requests.filter(
			(r) => r.path === `/v2/views/${MARKET_LISTINGS_VIEW}/preview`,
		);
		expect(pages).toHaveLength(Math.ceil(all.length / VIEW_PAGE_SIZE));
		expect(listings[0].json).toMatchObject({ brand: expect.any(String) });
	});

	it('Outbound Send › Send now → Get (status moved on) → Get Many; Send on a schedule → Get → Cancel → Get Many', () => {
		const run = runOf('32-', 'success');
		const sent = items(run, 'Send Now')[0].json;
		expect(sent).toMatchObject({
			outcome: 'sent',
			duplicate: false,
			status: 'accepted',
			send: { status: 'queued' },
		});
		const post = run.requests.find((r) => r.method === 'POST' && r.path === '/v2/outbound/sends');
		expect(post?.body).toEqual({
			session_id: sendingId,
			group_ids: [GROUP_A, GROUP_FAILS],
			idempotency_key: expect.stringMatching(
				/^n8n:wcE2eR32Outbound:\d+:e2e32000-0000-4000-8000-000000000003:0$/,
			),
			text: 'WTS Rolex Submariner 126610LN, EUR 11.900',
			media: [{ url: 'https://media.watchcollect.test/offers/126610LN.jpg' }],
		});
		const detail = items(run, 'Get Send')[0].json;
		expect(detail).toMatchObject({
			id: sent.send.send_id,
			status: 'partial_failed',
			recipient_count: 2,
		});
		expect(items(run, 'Get Many Sends').map((i) => i.json.id)).toContain(sent.send.send_id);

		const weekly = items(run, 'Send Weekly')[0].json;
		expect(weekly.idempotency_key).toBe(WEEKLY_OFFER_DEDUP);
		expect(weekly.outcome).toBe('scheduled');
		const schedulePost = run.requests.filter(
			(r) => r.method === 'POST' && r.path === '/v2/outbound/sends',
		)[1];
		expect(schedulePost.body.schedule).toEqual({
			first_run_at_ms: expect.any(Number),
			max_occurrences: 4,
			interval_ms: 7 * 24 * 3600 * 1000,
		});
		expect(items(run, 'Get Schedule')[0].json).toMatchObject({
			id: weekly.schedule.schedule_id,
			status: 'scheduled',
		});
		expect(items(run, 'Cancel Schedule')[0].json).toMatchObject({
			outcome: 'canceled',
			status: 'accepted',
		});
		expect(items(run, 'Get Many Schedules').map((i) => i.json.id)).toEqual([
			weekly.schedule.schedule_id,
		]);
		expect(calls(run)).toContain(`DELETE /v2/outbound/schedules/${weekly.schedule.schedule_id}`);
	});

	it('a send whose first answer is lost posts once: repeated with the same key (the node itself repeats it before Retry On Fail would), WatchCollect says duplicate', () => {
		const run = runOf('33-', 'success');
		const posts = run.requests.filter(
			(r) => r.method === 'POST' && r.path === '/v2/outbound/sends',
		);
		expect(posts).toHaveLength(2);
		expect(posts[0].fault).toBe('lost-answer');
		expect(posts[1].body.idempotency_key).toBe(posts[0].body.idempotency_key);
		expect(items(run, 'Send')[0].json).toMatchObject({
			outcome: 'duplicate',
			duplicate: true,
			status: 'duplicate_accepted',
		});
		const stored = [...(sim as Simulator).outbound.sends.values()].filter(
			(s) => s.text === 'Retried offer',
		);
		expect(stored).toHaveLength(1);
	});

	it('a batch of 4 sends whose first answers are all lost succeeds without Retry On Fail: the node repeats each with its key, each is stored once', () => {
		const run = runOf('35-', 'success');
		const posts = run.requests.filter(
			(r) => r.method === 'POST' && r.path === '/v2/outbound/sends',
		);
		const keys = [...new Set(posts.map((p) => p.body.idempotency_key as string))];
		expect(keys).toHaveLength(4);
		for (const key of keys) {
			// per key: the first POST carried out and its answer lost, the repeat answered
			const mine = posts.filter((p) => p.body.idempotency_key === key);
			expect(mine.map((p) => [p.fault ?? null, p.status])).toEqual([
				['lost-answer', 0],
				[null, 200],
			]);
			expect(mine[1].body).toEqual(mine[0].body);
		}
		const sent = items(run, 'Send');
		expect(sent).toHaveLength(4);
		for (const item of sent) expect(item.json).toMatchObject({ duplicate: true });
		const stored = [...(sim as Simulator).outbound.sends.values()].filter((s) =>
			String(s.text).startsWith('Lost-answer batch offer'),
		);
		expect(stored.map((s) => s.text).sort()).toEqual(
			[1, 2, 3, 4].map((n) => `Lost-answer batch offer ${n}`),
		);
	});

	it('a send that breaks the contract stops with the field named, before any request', () => {
		const run = runOf('34-', 'error');
		expect(run.execution.data.resultData.error?.message).toMatch(
			/Invalid parameter: Text \(text\): has 4097 characters; at most 4096 are allowed/,
		);
		expect(run.requests).toEqual([]);
	});

	it('example scheduled-send: Offer → Send to Groups → Wait → Get Send Status → the failed group is reported', () => {
		const run = runOf('example', 'success');
		const sent = items(run, 'Send to Groups')[0].json;
		expect(sent).toMatchObject({
			outcome: 'sent',
			idempotency_key: expect.stringMatching(/^weekly-offer-126610LN-\d{4}-\d{2}$/),
		});
		expect(items(run, 'Get Send Status')[0].json).toMatchObject({ status: 'partial_failed' });
		const failed = items(run, 'Failed Groups')[0].json;
		expect(failed.send_status).toBe('partial_failed');
		expect(failed.failed_groups).toEqual([expect.stringContaining('Closed Group (sends fail)')]);
	});
});
