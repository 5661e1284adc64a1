/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * Issue 13 §5 in a real n8n (`n8n execute`, the packed package installed as Community Nodes
 * installs it): Create Session, Session › Get Many and Send against the simulator's loose answers
 * (test/simulator/README.md › Loose answers). No item fails, the odd fields show up in the
 * items' `warnings`, the sending session is found in a session list of one-item pages with `id`
 * instead of `session_id`, and each write reaches the API once. Fields of another type than the
 * contract shows (flags as 1/0, counts as texts, a Money `amount_minor` as a text, README › Loose
 * answers › Other types) stay in the items as received and are named in a write's `warnings`;
 * Message › Get Many and Market Listing › Search run against them too.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSimulator, type RecordedRequest, type Simulator } from '../simulator/simulator';
import {
	cleanUpAfterAll,
	findExecution,
	freePort,
	makeUserFolder,
	n8nEnv,
	runN8n,
	type RunResult,
	type ExecutionOf,
} from '../support/n8n';

const TOKEN = `e2e-loose-token-${randomBytes(6).toString('hex')}`;
const CREDENTIAL = { id: 'wcE2eLooseCred01', name: 'WatchCollect simulator (loose answers)' };
const WORKFLOW_ID = 'wcE2eLooseAnswer';
const GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';

interface Item {
	json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
	binary?: Record<string, { mimeType?: string }>;
}
type Execution = ExecutionOf<Item>;

const node = (name: string, x: number, parameters: Record<string, unknown>) => ({
	id: `e2e10000-0000-4000-8000-00000000000${x}`,
	name,
	type: 'n8n-nodes-watchcollect.watchCollect',
	typeVersion: 1,
	position: [x * 220, 0],
	parameters,
	credentials: { watchCollectApi: CREDENTIAL },
});

const workflow = {
	id: WORKFLOW_ID,
	name: 'WatchCollect e2e: loose answers (Create Session → Get Many sending → Send)',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'e2e10000-0000-4000-8000-000000000000',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		node('Create Session', 1, {
			resource: 'session',
			operation: 'create',
			role: 'receiving',
			sessionMode: 'new',
			authMethod: 'qr',
			additionalFields: { label: 'Loose answers' },
		}),
		node('Sending Session', 2, {
			resource: 'session',
			operation: 'getMany',
			role: 'sending',
			limit: 1,
		}),
		node('Send', 3, {
			resource: 'outboundSend',
			operation: 'send',
			sessionId: { __rl: true, mode: 'id', value: '={{ $json.session_id }}' },
			groupIds: [GROUP],
			text: 'WTS Rolex Submariner 126610LN, EUR 11.900',
		}),
		node('Messages', 4, { resource: 'message', operation: 'getMany', limit: 3 }),
		node('Listings', 5, { resource: 'marketListing', operation: 'search', limit: 20 }),
	],
	connections: {
		Start: {
			main: [
				[
					{ node: 'Create Session', type: 'main', index: 0 },
					{ node: 'Messages', type: 'main', index: 0 },
					{ node: 'Listings', type: 'main', index: 0 },
				],
			],
		},
		'Create Session': { main: [[{ node: 'Sending Session', type: 'main', index: 0 }]] },
		'Sending Session': { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
	},
};

describe('Loose answers in a real n8n (n8n execute)', () => {
	let sim: Simulator | undefined;
	let userFolder: string | undefined;
	let sendingId: string;
	let result: RunResult;
	let execution: Execution | undefined;
	let requests: RecordedRequest[] = [];

	beforeAll(async () => {
		const simulator = await startSimulator({
			tokens: { valid: [TOKEN], otherTenant: [] },
			answers: 'loose',
		});
		sim = simulator;
		const sending = [...simulator.sessions.values()].find((s) => s.role === 'sending');
		if (!sending) throw new Error('no seeded sending session');
		sending.session_status = 'WORKING'; // paired
		sendingId = sending.session_id;

		userFolder = makeUserFolder();
		const env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const input = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-loose-'));
		try {
			const credentials = path.join(input, 'credentials.json');
			fs.writeFileSync(
				credentials,
				JSON.stringify([
					{
						...CREDENTIAL,
						type: 'watchCollectApi',
						data: { accessToken: TOKEN, baseUrl: simulator.url },
					},
				]),
			);
			const workflowFile = path.join(input, 'workflow.json');
			fs.writeFileSync(workflowFile, JSON.stringify(workflow));
			for (const args of [
				['import:credentials', `--input=${credentials}`],
				['import:workflow', `--input=${workflowFile}`],
			]) {
				const r = await runN8n(args, env);
				if (r.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${r.stdout}\n${r.stderr}`);
			}
			result = await runN8n(['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], env);
			execution = findExecution<Execution>(result.stdout);
			requests = [...simulator.requests];
		} finally {
			fs.rmSync(input, { recursive: true, force: true });
		}
	}, 300_000);

	cleanUpAfterAll(() => ({ sim, userFolder }));

	const items = (name: string): Item[] =>
		execution?.data.resultData.runData[name]?.[0]?.data?.main[0] ?? [];
	const writes = (method: string, path: string) =>
		requests.filter((r) => r.method === method && r.path === path).length;

	it('the workflow succeeds and n8n exits cleanly', () => {
		const out = `exit ${result.code} (signal ${result.signal})\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`;
		expect({ status: execution?.status, error: execution?.data.resultData.error }).toEqual({
			status: 'success',
			error: undefined,
		});
		// a successful execution must end n8n by itself (exit 0, no signal)
		expect({ code: result.code, signal: result.signal, out: '' }).toEqual({
			code: 0,
			signal: null,
			out: result.code === 0 ? '' : out,
		});
	});

	it('Create Session: succeeds with the odd engine, auth_method and extra fields in warnings, the QR as a PNG, one POST', () => {
		const [created] = items('Create Session');
		expect(created.json).toMatchObject({ status: 'accepted', engine: 'GOWS_NEXT', otp: null });
		const warnings = created.json.warnings as string[];
		expect(warnings.filter((w) => w.startsWith('`engine` came as'))).toHaveLength(1);
		expect(warnings.filter((w) => w.startsWith('`auth_method` came as'))).toHaveLength(1);
		expect(
			warnings.filter((w) => /^`x_unknown_(field|object)` is not in the contract/.test(w)),
		).toHaveLength(2);
		expect(created.binary?.qr?.mimeType).toBe('image/png');
		expect(writes('POST', '/v2/sessions')).toBe(1);
		// flags of another type (1/0): kept as received, each named once
		expect(created.json).toMatchObject({ created: 1, started: 1, webhook_configured: 1 });
		for (const flag of ['created', 'started', 'webhook_configured', 'sync_requested'])
			expect(warnings.filter((w) => w.startsWith(`\`${flag}\` came as `))).toEqual([
				expect.stringMatching(/came as [01]; the contract gives true or false$/),
			]);
	});

	it('Get Many reads the sending session from a one-item page by `id`; Send posts to it once, warnings name the odd fields', () => {
		const [session] = items('Sending Session');
		expect(session.json).toMatchObject({ id: sendingId, session_id: sendingId });
		const [sent] = items('Send');
		expect(sent.json).toMatchObject({ outcome: 'sent', duplicate: false, schedule: null });
		expect(sent.json.warnings).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^`send\.x_unknown_field` is not in the contract/),
				"`send.results[0].ok` came as 'true'; the contract gives true or false",
			]),
		);
		const post = requests.find((r) => r.method === 'POST' && r.path === '/v2/outbound/sends');
		expect(post?.body).toMatchObject({ session_id: sendingId, group_ids: [GROUP] });
		expect(writes('POST', '/v2/outbound/sends')).toBe(1);
	});

	it('Message › Get Many and Market Listing › Search hand over fields of another type as received', () => {
		const messages = items('Messages');
		expect(messages).toHaveLength(3);
		for (const m of messages) {
			expect(m.json.occurrence_count).toMatch(/^\d+$/);
			expect(typeof m.json.group_names).toBe('string');
			expect(typeof m.json.first_seen_at_ms).toBe('number');
		}
		const listings = items('Listings');
		const priced = listings.find((l) => l.json.price !== null && l.json.price !== undefined);
		expect(priced?.json.price).toMatchObject({
			amount_minor: expect.stringMatching(/^\d+$/),
			currency: expect.any(String),
		});
		// a readable price is made from a number only, never guessed from a text
		expect(priced?.json).not.toHaveProperty('price_formatted');
		expect(priced?.json.watch_index).toMatch(/^\d+$/);
	});
});
