/**
 * Message operations executing for real (n8n-core's WorkflowExecute) against the simulator:
 * Get Many over cursor pages with Return All / Limit and every filter, Get Occurrences, and input
 * refused before any request.
 */
import { startSimulator, type Simulator } from '../../../../simulator/simulator';
import { runWatchCollect, type RunOptions } from '../../../../support/execute-workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const run = (options: Omit<RunOptions, 'credentials'>) =>
	runWatchCollect({
		...options,
		credentials: { accessToken: 'sim-valid-token', baseUrl: sim.url },
	});
const feed = () => sim.requests.filter((r) => r.path === '/v2/messages');
const GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
const VIEW = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01';

describe('Message › Get Many', () => {
	it('Return All walks every cursor page and outputs one item per message, paired with its input', async () => {
		sim.paging.settings.maxPageSize = 7;
		const { outputs, error } = await run({
			parameters: { resource: 'message', operation: 'getMany', returnAll: true },
		});
		expect(error).toBeUndefined();
		const all = sim.messages.sorted().map((m) => m.card.id);
		expect(outputs[0].map((i) => i.json.id)).toEqual(all);
		expect(outputs[0].every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(true);
		expect(feed()).toHaveLength(Math.ceil(all.length / 7));
		expect(feed()[0].query).toEqual({ page_size: '200' });
		expect(feed()[1].query).toEqual({ page_size: '200', cursor: expect.any(String) });
	});

	it('Limit asks for no more than needed and stops paging at the limit', async () => {
		sim.paging.settings.maxPageSize = 4;
		const { outputs } = await run({
			parameters: { resource: 'message', operation: 'getMany', returnAll: false, limit: 10 },
		});
		expect(outputs[0]).toHaveLength(10);
		expect(feed()).toHaveLength(3); // 4 + 4 + 4, cut to 10
		expect(feed()[0].query.page_size).toBe('10');
	});

	it('sends every filter as the query parameters of the contract', async () => {
		const { outputs, error } = await run({
			parameters: {
				resource: 'message',
				operation: 'getMany',
				returnAll: true,
				filters: {
					viewId: VIEW,
					q: ' rolex ',
					searchMode: 'exact_light',
					classificationStatus: ['completed', 'pending'],
					intent: ['selling'],
					groupId: GROUP,
				},
			},
		});
		expect(error).toBeUndefined();
		expect(feed()[0].query).toEqual({
			view_id: VIEW,
			q: 'rolex',
			search_mode: 'exact_light',
			classification_status: 'completed,pending',
			intent: 'selling',
			group_id: GROUP,
			page_size: '200',
		});
		for (const item of outputs[0]) {
			expect(String(item.json.message_text).toLowerCase()).toContain('rolex');
			expect(item.json.group_ids).toContain(GROUP);
		}
	});

	it('accepts filters from expressions: comma-separated text, or an array', async () => {
		await run({
			parameters: {
				resource: 'message',
				operation: 'getMany',
				filters: { intent: '={{ "selling, buying" }}', classificationStatus: '={{ ["failed"] }}' },
			},
		});
		expect(feed()[0].query).toMatchObject({
			intent: 'selling,buying',
			classification_status: 'failed',
		});
	});

	it.each([
		[
			{ q: 'ab' },
			/Filters › Search Text \(q\): 'ab' is too short: WatchCollect searches for at least 3 characters/,
		],
		[
			{ intent: '={{ "selling,lunch" }}' },
			/Filters › Intent \(intent\): 'lunch' is not allowed; allowed: 'selling', 'buying', 'personal', 'unknown'/,
		],
		[{ groupId: 'Rolex Dealers NL' }, /Filters › Group ID \(groupId\): must be a group ID/],
		[{ viewId: '123' }, /Filters › Saved View ID \(viewId\): must be a saved view ID/],
		[
			{ searchMode: '={{ "fuzzy" }}', q: 'rolex' },
			/Filters › Search Mode \(searchMode\): must be one of 'broad', 'exact', 'exact_light'/,
		],
	])('refuses %j before any request, naming the field', async (filters, message) => {
		const { error } = await run({
			parameters: { resource: 'message', operation: 'getMany', filters },
		});
		expect(error?.message).toMatch(/^Invalid parameter: /);
		expect(error?.message).toMatch(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('refuses a Limit of 0 set by an expression', async () => {
		const { error } = await run({
			parameters: {
				resource: 'message',
				operation: 'getMany',
				returnAll: false,
				limit: '={{ 0 }}',
			},
		});
		expect(error?.message).toMatch(/Limit \(limit\): must be a whole number of at least 1/);
		expect(sim.requests).toHaveLength(0);
	});

	it("an unknown saved view is the API's 404, with its message", async () => {
		const { error } = await run({
			parameters: {
				resource: 'message',
				operation: 'getMany',
				filters: { viewId: '9b2d7c4e-1a3f-4e5d-8c6b-000000000000' },
			},
		});
		expect(error?.message).toMatch(/could not find it \(404\): No saved view has the id/);
	});

	it('a page that says has_more but gives no next_cursor ends the list there (no endless loop)', async () => {
		const route = sim.messages.route;
		sim.messages.route = (...args: Parameters<typeof route>) => {
			const reply = route(...args);
			if (reply?.status === 200) reply.body.next_cursor = null;
			return reply;
		};
		sim.paging.settings.maxPageSize = 5;
		try {
			const { outputs, error } = await run({
				parameters: { resource: 'message', operation: 'getMany', returnAll: true },
			});
			expect(error).toBeUndefined();
			expect(outputs[0]).toHaveLength(5);
			expect(sim.requests.filter((r) => r.path === '/v2/messages')).toHaveLength(1);
		} finally {
			sim.messages.route = route;
		}
	});

	it('pages on next_cursor when has_more is absent, and reads every message once', async () => {
		const route = sim.messages.route;
		sim.messages.route = (...args: Parameters<typeof route>) => {
			const reply = route(...args);
			if (reply?.status === 200) delete reply.body.has_more;
			return reply;
		};
		sim.paging.settings.maxPageSize = 7;
		try {
			const { outputs, error } = await run({
				parameters: { resource: 'message', operation: 'getMany', returnAll: true },
			});
			expect(error).toBeUndefined();
			const ids = outputs[0].map((o) => o.json.id);
			// every message the simulator holds, each once, in pages of 7 (the last one has no
			// next_cursor)
			const held = sim.messages.messages.size;
			expect(held).toBeGreaterThan(7);
			expect(new Set(ids).size).toBe(held);
			expect(ids).toHaveLength(held);
			expect(sim.requests.filter((r) => r.path === '/v2/messages')).toHaveLength(
				Math.ceil(held / 7),
			);
		} finally {
			sim.messages.route = route;
		}
	});

	it('with continueOnFail, a bad item gives an error item and the others still run', async () => {
		const { outputs } = await run({
			items: [{ q: 'rolex' }, { q: 'x' }],
			parameters: {
				resource: 'message',
				operation: 'getMany',
				limit: 1,
				filters: { q: '={{ $json.q }}' },
			},
			onError: 'continueRegularOutput',
		});
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0][0].json.id).toEqual(expect.any(String));
		expect(outputs[0][1].json.error).toMatch(/Search Text \(q\)/);
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Message › Get Occurrences', () => {
	it('lists where the message was seen', async () => {
		const message = sim.messages.addMessage({
			group_ids: [GROUP, '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e02'],
		});
		const { outputs, error } = await run({
			parameters: {
				resource: 'message',
				operation: 'getOccurrences',
				messageId: message.id,
				returnAll: true,
			},
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((i) => i.json.group_id).sort()).toEqual([...message.group_ids].sort());
		expect(outputs[0][0].json).toMatchObject({
			canonical_message_id: message.id,
			group_name: expect.any(String),
		});
		expect(sim.requests[0].path).toBe(`/v2/messages/${message.id}/occurrences`);
	});

	it('takes the message ID from an expression and refuses one that is not a UUID', async () => {
		const { error } = await run({
			items: [{ id: 'not-an-id' }],
			parameters: {
				resource: 'message',
				operation: 'getOccurrences',
				messageId: '={{ $json.id }}',
			},
		});
		expect(error?.message).toMatch(/Message ID \(messageId\): must be a message ID/);
		expect(sim.requests).toHaveLength(0);
	});
});
