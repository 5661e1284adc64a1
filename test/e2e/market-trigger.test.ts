/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * The example "cheap-listing alert" (WatchCollect Trigger › New Cheap Listing → a Slack-style
 * webhook) as an ACTIVE (published) workflow in `n8n start`, polling the simulator once a minute
 * (n8n's shortest interval). Counted from n8n's own execution records and from what the
 * simulator's webhook stand-in received: the activation poll is the baseline (no execution, no
 * post for the cheap listings that were there before); the cheap listings added while the
 * workflow is active are emitted and posted exactly once; a hidden one is skipped (the trigger's
 * default); one more poll with nothing new starts no execution.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
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

const TOKEN = `e2e-cheap-token-${randomBytes(6).toString('hex')}`;
const CREDENTIAL = { id: 'wcE2eCheapCred01', name: 'WatchCollect simulator (cheap alert)' };
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'cheap-listing-alert.workflow.json');
const TRIGGER = 'New Cheap Listing';
const FEED = '/v2/market/live-feed/search';

interface ExecutionSummary {
	id: string;
	status: string;
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

describe('Example cheap-listing alert: an active New Cheap Listing trigger in n8n start', () => {
	let sim: Simulator | undefined;
	let server: N8nServer | undefined;
	let userFolder: string | undefined;
	let workflowId: string;
	let hookPath: string;

	async function executions(): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const response = await server!.rest('GET', `/rest/executions?filter=${filter}&limit=100`);
		if (response.status !== 200) throw new Error(`GET /rest/executions: ${response.status}`);
		return (response.data.results as ExecutionSummary[]).sort(
			(a, b) => Number(a.id) - Number(b.id),
		);
	}

	async function waitForExecutions(count: number, timeoutMs: number) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = await executions();
			if (list.length >= count && list.every((e) => e.status !== 'running' && e.status !== 'new'))
				return list;
			if (Date.now() > deadline)
				throw new Error(
					`expected ${count} executions, have ${JSON.stringify(list)}\n${server!.logs().slice(-4000)}`,
				);
			await sleep(1000);
		}
	}

	/** The listing ids the trigger emitted in one execution. */
	async function emitted(id: string): Promise<string[]> {
		const response = await server!.rest('GET', `/rest/executions/${id}`);
		const data = parseFlatted(response.data.data as string) as {
			resultData: {
				runData: Record<string, Array<{ data?: { main: Array<Array<{ json: { id: string } }>> } }>>;
			};
		};
		return (data.resultData.runData[TRIGGER]?.[0]?.data?.main[0] ?? []).map((i) => i.json.id);
	}

	const feedPolls = () => sim!.requests.filter((r) => r.path === FEED && r.status === 200);

	async function waitForPolls(count: number, timeoutMs: number) {
		const deadline = Date.now() + timeoutMs;
		while (feedPolls().length < count) {
			if (Date.now() > deadline)
				throw new Error(
					`expected ${count} polls of ${FEED}, saw ${feedPolls().length}; n8n's log:\n${server!.logs().slice(-6000)}`,
				);
			await sleep(500);
		}
	}

	beforeAll(async () => {
		sim = await startSimulator({ tokens: { valid: [TOKEN], otherTenant: [] } });
		hookPath = '/__sim/webhooks/slack/services/T000/B000/e2e';
		userFolder = makeUserFolder();
		const env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const inputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-cheap-input-'));
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
			// The example as a user sets it up: their credential, their webhook (here: the stand-in,
			// as npm run dev does).
			const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
			workflowId = example.id;
			example.settings = {
				...example.settings,
				saveDataSuccessExecution: 'all',
				saveDataErrorExecution: 'all',
			};
			for (const node of example.nodes) {
				if (node.credentials?.watchCollectApi) node.credentials.watchCollectApi = CREDENTIAL;
				if (node.type === 'n8n-nodes-base.httpRequest')
					node.parameters.url = `${sim.url}${hookPath}`;
			}
			const workflowFile = path.join(inputDir, 'workflow.json');
			fs.writeFileSync(workflowFile, JSON.stringify(example));
			for (const args of [
				['import:credentials', `--input=${credentialsFile}`],
				['import:workflow', `--input=${workflowFile}`],
				activateWorkflowArgs(workflowId),
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
		if (userFolder && !process.env.WATCHCOLLECT_KEEP_E2E)
			fs.rmSync(userFolder, { recursive: true, force: true });
	}, 60_000);

	it('emits and posts each cheap listing added while active exactly once; a poll with nothing new starts nothing', async () => {
		const simulator = sim!;
		const before = new Set(simulator.market.cheapListings().map((l) => l.id as string));
		expect(before.size).toBeGreaterThan(0); // the seed has cheap listings: none may be posted

		// Activation ran the first poll: the baseline.
		await waitForPolls(1, 120_000);
		expect(await executions()).toHaveLength(0);

		// While active: two cheap listings (EUR and HKD), one cheap but hidden, one at market price.
		// Only prices under the medians are added, so no older listing becomes cheap meanwhile.
		const rolex = simulator.market.addCheapListing({ reference: '126610LN', percent_below: 20 });
		const patek = simulator.market.addCheapListing({
			reference: '5711/1A',
			percent_below: 25,
			currency: 'HKD',
			phone: '85291234567',
		});
		const hidden = simulator.market.addCheapListing({ reference: '116500LN', is_hidden: true });
		const fair = simulator.market.addListingMessage({
			text: 'WTS 15500ST 2023 full set EUR 38.000',
		});
		const fresh = [rolex, patek].map((a) => a.listings[0].id as string);
		const cheapNow = new Set(simulator.market.cheapListings().map((l) => l.id as string));
		for (const id of fresh) expect(cheapNow.has(id)).toBe(true);
		expect(cheapNow.has(hidden.listings[0].id)).toBe(true); // in the feed, flagged hidden
		expect(cheapNow.has(fair.listings[0].id)).toBe(false);

		const polls = feedPolls().length;
		const list = await waitForExecutions(1, 130_000);
		if (list[0].status !== 'success') {
			const response = await server!.rest('GET', `/rest/executions/${list[0].id}`);
			const data = parseFlatted(response.data.data as string) as {
				resultData: { error?: { message?: string; node?: { name?: string } } };
			};
			throw new Error(
				`execution ${list[0].status}: ${JSON.stringify(data.resultData.error)}\n${server!.logs().slice(-3000)}`,
			);
		}
		expect([...(await emitted(list[0].id))].sort()).toEqual([...fresh].sort());

		// The Slack-style webhook got one post per new cheap listing, naming it.
		const deadline = Date.now() + 30_000;
		while (simulator.market.webhooks.length < fresh.length && Date.now() < deadline)
			await sleep(500);
		const posted = simulator.market.webhooks.map((w) => {
			expect(w.path).toBe(hookPath);
			return /\(listing ([0-9a-f-]{36})\)/.exec(String(w.body?.text))?.[1];
		});
		expect([...posted].sort()).toEqual([...fresh].sort());
		const rolexPost = simulator.market.webhooks.find((w) => String(w.body.text).includes(fresh[0]));
		expect(rolexPost?.body.text).toMatch(
			/^Cheap Rolex Submariner Date 126610LN \(2024\): €[\d,]+, 20(\.0)?% below the median/,
		);
		for (const id of before) expect(posted).not.toContain(id);

		// One more poll with nothing new: no execution.
		await waitForPolls(polls + 2, 130_000);
		await sleep(3000);
		expect(await executions()).toHaveLength(1);
		expect(simulator.market.webhooks).toHaveLength(fresh.length);
	}, 420_000);
});
