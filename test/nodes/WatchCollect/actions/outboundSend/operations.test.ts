/**
 * Outbound Send › Send, Get, Get Many executing for real (n8n-core) against the simulator: the
 * body on the wire, every contract rule checked before any request, the sending-session check,
 * idempotency (a retry posts once), schedules, and the list filters.
 */
import { sleep } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../../../simulator/simulator';
import { runWatchCollect, type RunOptions } from '../../../../support/execute-workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ sendStepMs: 30 });
});
afterAll(async () => await sim.close());

const GROUP_A = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
const GROUP_B = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e02';
const GROUP_FAILS = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e04';
let sending: string;
let receiving: string;
beforeEach(() => {
	sim.reset();
	sim.outbound.settings.stepMs = 300;
	const sessions = [...sim.sessions.values()];
	const s = sessions.find((x) => x.role === 'sending');
	const r = sessions.find((x) => x.role === 'receiving' && x.session_status === 'WORKING');
	if (!s || !r) throw new Error('seeded sessions missing');
	s.session_status = 'WORKING';
	sending = s.session_id;
	receiving = r.session_id;
});

const run = (options: Omit<RunOptions, 'credentials'>) =>
	runWatchCollect({
		...options,
		credentials: { accessToken: 'sim-valid-token', baseUrl: sim.url },
	});
const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const sendParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'outboundSend',
	operation: 'send',
	sessionId: byId(sending),
	groupIds: [GROUP_A, GROUP_B],
	text: 'WTS Rolex Submariner 126610LN, EUR 11.900',
	...extra,
});
const posts = () =>
	sim.requests.filter((r) => r.method === 'POST' && r.path === '/v2/outbound/sends');

describe('Outbound Send › Send', () => {
	it('posts the contract body with a derived idempotency key and says it was sent', async () => {
		const { outputs, error } = await run({
			parameters: sendParameters({
				imageUrls: 'https://img.example/a.jpg\nhttps://img.example/b.jpg',
			}),
		});
		expect(error).toBeUndefined();
		expect(posts()).toHaveLength(1);
		expect(posts()[0].body).toEqual({
			session_id: sending,
			group_ids: [GROUP_A, GROUP_B],
			idempotency_key: 'n8n:wf:1:wc:0',
			text: 'WTS Rolex Submariner 126610LN, EUR 11.900',
			media: [{ url: 'https://img.example/a.jpg' }, { url: 'https://img.example/b.jpg' }],
		});
		expect(outputs[0][0].json).toMatchObject({
			outcome: 'sent',
			duplicate: false,
			idempotency_key: 'n8n:wf:1:wc:0',
			status: 'accepted',
			send: { status: 'queued', send_id: expect.any(String) },
		});
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('each item gets its own key; the same execution run again is recognised as a duplicate', async () => {
		const items = [{ t: 'one' }, { t: 'two' }];
		const parameters = sendParameters({ text: '={{ $json.t }}' });
		const first = await run({ items, parameters });
		expect(first.outputs[0].map((i) => i.json.outcome)).toEqual(['sent', 'sent']);
		expect(posts().map((p) => p.body.idempotency_key)).toEqual(['n8n:wf:1:wc:0', 'n8n:wf:1:wc:1']);
		const again = await run({ items, parameters }); // same workflow, execution, node, items
		expect(again.outputs[0].map((i) => i.json)).toEqual([
			expect.objectContaining({
				outcome: 'duplicate',
				duplicate: true,
				status: 'duplicate_accepted',
			}),
			expect.objectContaining({ outcome: 'duplicate', duplicate: true }),
		]);
		expect(sim.outbound.sends.size).toBe(2); // posted once each
	});

	it('a retry after lost answers posts once (Retry On Fail sends the same key)', async () => {
		// the session check passes; the POST's answer is lost on each of the node's own 3 tries
		sim.queueFaults('pass', 'lost-answer', 'lost-answer', 'lost-answer');
		const { error } = await run({ parameters: sendParameters() });
		expect(error?.message).toMatch(/closed before an answer arrived|connection/i);
		expect(posts()).toHaveLength(3);
		expect(sim.outbound.sends.size).toBe(1); // stored although the answers were lost
		const retry = await run({ parameters: sendParameters() });
		expect(retry.outputs[0][0].json).toMatchObject({ outcome: 'duplicate', duplicate: true });
		expect(sim.outbound.sends.size).toBe(1);
	});

	it('the Idempotency Key option sets the key from the data', async () => {
		const parameters = sendParameters({ options: { idempotencyKey: '=offer-{{ $json.offer }}' } });
		const a = await run({ items: [{ offer: 42 }], parameters });
		expect(posts()[0].body.idempotency_key).toBe('offer-42');
		expect(a.outputs[0][0].json.outcome).toBe('sent');
		const b = await run({ items: [{ offer: 42 }], parameters });
		expect(b.outputs[0][0].json.outcome).toBe('duplicate');
	});

	it('takes group IDs and image URLs from expressions (arrays, JSON, comma lists) and sends each group once', async () => {
		await run({
			items: [{ groups: [GROUP_A, GROUP_B, GROUP_A], images: ['https://img.example/x.png'] }],
			parameters: sendParameters({
				groupIds: '={{ $json.groups }}',
				imageUrls: '={{ $json.images }}',
				text: '',
			}),
		});
		expect(posts()[0].body).toEqual(
			expect.objectContaining({
				group_ids: [GROUP_A, GROUP_B],
				media: [{ url: 'https://img.example/x.png' }],
			}),
		);
		expect(posts()[0].body).not.toHaveProperty('text');
	});

	it('schedules: first run, interval and count as the contract fields', async () => {
		const { outputs, error } = await run({
			parameters: sendParameters({
				when: 'schedule',
				firstRunAt: '2030-01-07T09:00:00.000Z',
				occurrences: 4,
				interval: 1,
				intervalUnit: 'weeks',
			}),
		});
		expect(error).toBeUndefined();
		expect(posts()[0].body.schedule).toEqual({
			first_run_at_ms: Date.parse('2030-01-07T09:00:00.000Z'),
			max_occurrences: 4,
			interval_ms: 7 * 24 * 3600 * 1000,
		});
		expect(outputs[0][0].json).toMatchObject({
			outcome: 'scheduled',
			schedule: { schedule_id: expect.any(String), max_occurrences: 4 },
		});
	});

	it('a single scheduled run sends no interval', async () => {
		await run({
			parameters: sendParameters({ when: 'schedule', firstRunAt: '2030-01-07T09:00:00Z' }),
		});
		expect(posts()[0].body.schedule).toEqual({
			first_run_at_ms: Date.parse('2030-01-07T09:00:00Z'),
			max_occurrences: 1,
		});
	});

	const longText = 'x'.repeat(4097);
	const manyGroups = Array.from(
		{ length: 101 },
		(_, i) => `3f6c2a10-8d4e-4b7a-9f1e-${String(i).padStart(12, '0')}`,
	);
	const manyImages = Array.from({ length: 11 }, (_, i) => `https://img.example/${i}.jpg`).join(
		'\n',
	);
	it.each([
		[
			'text over 4096 characters',
			{ text: longText },
			/Text \(text\): has 4097 characters; at most 4096 are allowed/,
		],
		['no text and no image', { text: '  ' }, /Text \(text\): is required when no image is sent/],
		['no group', { groupIds: '={{ [] }}' }, /Group IDs \(groupIds\): needs at least 1 group ID/],
		[
			'101 groups',
			{ groupIds: '={{ ' + JSON.stringify(manyGroups) + ' }}' },
			/Group IDs \(groupIds\): has 101 groups; at most 100/,
		],
		[
			'a group that is not a UUID',
			{ groupIds: '={{ ["Rolex Dealers NL"] }}' },
			/Group IDs \(groupIds\): 'Rolex Dealers NL' is not a group ID/,
		],
		['11 images', { imageUrls: manyImages }, /Image URLs \(imageUrls\): has 11 images; at most 10/],
		[
			'an image that is not a URL',
			{ imageUrls: 'submariner.jpg' },
			/Image URLs \(imageUrls\): 'submariner.jpg' is not an http\(s\) URL/,
		],
		[
			'a key of 201 characters',
			{ options: { idempotencyKey: 'k'.repeat(201) } },
			/Options › Idempotency Key \(idempotencyKey\): has 201 characters; at most 200/,
		],
		[
			'an empty key',
			{ options: { idempotencyKey: '={{ "" }}' } },
			/Idempotency Key \(idempotencyKey\): is empty/,
		],
		[
			'a schedule without a first run',
			{ when: 'schedule' },
			/First Run At \(firstRunAt\): is required for a scheduled send/,
		],
		[
			'a schedule with a bad date',
			{ when: 'schedule', firstRunAt: '={{ "next monday" }}' },
			/First Run At \(firstRunAt\): 'next monday' is not a date and time/,
		],
		[
			'a session ID that is not a UUID',
			{ sessionId: byId('={{ "my-phone" }}') },
			/Sending Session \(sessionId\): 'my-phone' is not a session ID/,
		],
	])('refuses %s before any request, naming the field', async (_what, extra, message) => {
		const { error } = await run({ parameters: sendParameters(extra) });
		expect(error?.message).toMatch(/^Invalid parameter: /);
		expect(error?.message).toMatch(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('refuses a session the list shows as receiving, before posting', async () => {
		const { error } = await run({ parameters: sendParameters({ sessionId: byId(receiving) }) });
		expect(error?.message).toMatch(
			/Sending Session \(sessionId\): '.*' is a receiving session; receiving sessions cannot send/,
		);
		expect(sim.requests.map((r) => `${r.method} ${r.path}?role=${r.query.role}`)).toEqual([
			'GET /v2/sessions?role=sending',
			'GET /v2/sessions?role=receiving',
		]);
	});

	it('refuses a sending session that is not WORKING yet', async () => {
		const session = sim.sessions.get(sending);
		if (session) session.session_status = 'SCAN_QR_CODE';
		const { error } = await run({ parameters: sendParameters() });
		expect(error?.message).toMatch(/is SCAN_QR_CODE, not WORKING: pair it first/);
		expect(posts()).toHaveLength(0);
	});

	it('looks at the sending sessions once per execution, not once per item', async () => {
		await run({ items: [{}, {}, {}], parameters: sendParameters() });
		expect(sim.requests.filter((r) => r.path === '/v2/sessions')).toHaveLength(1);
		expect(posts()).toHaveLength(3);
	});

	it("the API's own refusal (a group not in the session) comes back as its 422", async () => {
		const { error } = await run({
			parameters: sendParameters({ groupIds: ['3f6c2a10-8d4e-4b7a-9f1e-999999999999'] }),
		});
		expect(error?.message).toMatch(/rejected the request \(422\): group_ids/);
	});
});

describe('Outbound Send › Get and Get Many', () => {
	async function send(groups: string[]) {
		const { outputs } = await run({
			parameters: sendParameters({
				groupIds: groups,
				options: { idempotencyKey: `k-${groups.join()}` },
			}),
		});
		return (outputs[0][0].json.send as { send_id: string }).send_id;
	}

	it('Get follows a send from queued to its end state, with its recipients', async () => {
		const id = await send([GROUP_A, GROUP_FAILS]);
		const early = await run({
			parameters: { resource: 'outboundSend', operation: 'get', sendId: id },
		});
		expect(['queued', 'sending']).toContain(early.outputs[0][0].json.status);
		await sleep(700);
		const late = await run({
			parameters: { resource: 'outboundSend', operation: 'get', sendId: id },
		});
		expect(late.outputs[0][0].json).toMatchObject({
			id,
			status: 'partial_failed',
			recipients: expect.arrayContaining([
				expect.objectContaining({ group_id: GROUP_FAILS, error_code: 'NOT_A_PARTICIPANT' }),
			]),
		});
	});

	it('Get refuses a send ID that is not a UUID; an unknown one is a 404', async () => {
		const bad = await run({
			parameters: { resource: 'outboundSend', operation: 'get', sendId: 'last' },
		});
		expect(bad.error?.message).toMatch(/Send ID \(sendId\): must be a send ID/);
		const unknown = await run({
			parameters: {
				resource: 'outboundSend',
				operation: 'get',
				sendId: '3f6c2a10-8d4e-4b7a-9f1e-999999999999',
			},
		});
		expect(unknown.error?.message).toMatch(/could not find it \(404\)/);
	});

	it('Get Many filters by session and status over cursor pages', async () => {
		await send([GROUP_A]);
		await send([GROUP_FAILS]);
		await send([GROUP_B]);
		await sleep(700);
		sim.paging.settings.maxPageSize = 1;
		sim.requests.length = 0;
		const { outputs } = await run({
			parameters: {
				resource: 'outboundSend',
				operation: 'getMany',
				returnAll: true,
				filters: { filterSessionId: sending, status: 'sent' },
			},
		});
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0].every((i) => i.json.status === 'sent')).toBe(true);
		expect(sim.requests[0].query).toEqual({
			session_id: sending,
			status: 'sent',
			page_size: '200',
		});
		expect(sim.requests).toHaveLength(2);
	});

	it('Get Many refuses a status an expression made up', async () => {
		const { error } = await run({
			parameters: {
				resource: 'outboundSend',
				operation: 'getMany',
				filters: { status: '={{ "done" }}' },
			},
		});
		expect(error?.message).toMatch(
			/Filters › Status \(status\): 'done' is not allowed; allowed: 'queued', 'sending', 'sent', 'failed', 'partial_failed'/,
		);
	});
});
