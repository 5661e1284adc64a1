/** Saved View › Get Items executing for real against the simulator. */
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
const ROLEX_FOR_SALE = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01';
const LISTINGS = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c03';

describe('Saved View › Get Items', () => {
	it('pages through POST /v2/views/{id}/preview with cursor and page_size in the body', async () => {
		sim.paging.settings.maxPageSize = 1;
		const { outputs, error } = await run({
			parameters: {
				resource: 'savedView',
				operation: 'getItems',
				viewId: ROLEX_FOR_SALE,
				returnAll: true,
			},
		});
		expect(error).toBeUndefined();
		expect(outputs[0].length).toBeGreaterThan(1);
		for (const item of outputs[0]) expect(String(item.json.message_text)).toMatch(/rolex/i);
		expect(sim.requests).toHaveLength(outputs[0].length);
		expect(sim.requests[0]).toMatchObject({
			method: 'POST',
			path: `/v2/views/${ROLEX_FOR_SALE}/preview`,
			body: { page_size: 200 },
		});
		expect(sim.requests[1].body).toEqual({ page_size: 200, cursor: expect.any(String) });
	});

	it('hands over items of a shape the contract does not give (a listing view) as they come', async () => {
		const { outputs } = await run({
			parameters: { resource: 'savedView', operation: 'getItems', viewId: LISTINGS, limit: 2 },
		});
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0][0].json).toMatchObject({
			brand: expect.any(String),
			price: expect.anything(),
		});
		expect(sim.requests[0].body).toEqual({ page_size: 2 });
	});

	it('refuses a malformed view ID, or an expression that gives none, before any request', async () => {
		for (const viewId of ['rolex-view', '={{ $json.missing }}']) {
			const { error } = await run({
				parameters: { resource: 'savedView', operation: 'getItems', viewId },
			});
			expect(error?.message).toMatch(/^Invalid parameter: Saved View ID \(viewId\): /);
		}
		expect(sim.requests).toHaveLength(0);
	});
});
