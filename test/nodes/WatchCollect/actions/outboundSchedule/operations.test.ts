/** Outbound Schedule › Get, Get Many, Cancel executing for real against the simulator. */
import { sleep } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../../../simulator/simulator';
import { runWatchCollect, type RunOptions } from '../../../../support/execute-workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ sendStepMs: 20 });
});
afterAll(async () => await sim.close());

const GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
let sending: string;
beforeEach(() => {
	sim.reset();
	sim.outbound.settings.stepMs = 20;
	const s = [...sim.sessions.values()].find((x) => x.role === 'sending');
	if (!s) throw new Error('no sending session');
	s.session_status = 'WORKING';
	sending = s.session_id;
});

const run = (options: Omit<RunOptions, 'credentials'>) =>
	runWatchCollect({
		...options,
		credentials: { accessToken: 'sim-valid-token', baseUrl: sim.url },
	});

async function schedule(firstRunAt: string, runs: number, key: string) {
	const { outputs, error } = await run({
		parameters: {
			resource: 'outboundSend',
			operation: 'send',
			sessionId: { __rl: true, mode: 'id', value: sending },
			groupIds: [GROUP],
			text: 'Weekly offer',
			when: 'schedule',
			firstRunAt,
			occurrences: runs,
			interval: 1,
			intervalUnit: 'minutes',
			options: { idempotencyKey: key },
		},
	});
	if (error) throw error;
	return (outputs[0][0].json.schedule as { schedule_id: string }).schedule_id;
}

describe('Outbound Schedule', () => {
	it('Get shows the runs so far and the next run', async () => {
		const id = await schedule(new Date(Date.now() - 500).toISOString(), 3, 'a');
		await sleep(80);
		const { outputs, error } = await run({
			parameters: { resource: 'outboundSchedule', operation: 'get', scheduleId: id },
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({
			id,
			status: 'running',
			run_count: 1,
			max_occurrences: 3,
			runs: [expect.objectContaining({ occurrence_number: 1, send_id: expect.any(String) })],
			next_run_at_ms: expect.any(Number),
		});
		expect(sim.requests.at(-1)?.path).toBe(`/v2/outbound/schedules/${id}`);
	});

	it('Get Many lists schedules, filtered by status', async () => {
		await schedule('2030-01-01T00:00:00Z', 2, 'future');
		await schedule(new Date(Date.now() - 100).toISOString(), 1, 'now');
		await sleep(80);
		const { outputs } = await run({
			parameters: {
				resource: 'outboundSchedule',
				operation: 'getMany',
				returnAll: true,
				filters: { status: 'scheduled' },
			},
		});
		expect(outputs[0].map((i) => i.json.status)).toEqual(['scheduled']);
		expect(sim.requests.at(-1)?.query).toMatchObject({ status: 'scheduled' });
	});

	it('Cancel says canceled, then already canceled (duplicate) when repeated', async () => {
		const id = await schedule('2030-01-01T00:00:00Z', 2, 'to-cancel');
		const first = await run({
			parameters: { resource: 'outboundSchedule', operation: 'cancel', scheduleId: id },
		});
		expect(first.outputs[0][0].json).toMatchObject({
			outcome: 'canceled',
			duplicate: false,
			status: 'accepted',
			schedule_id: id,
		});
		expect(sim.requests.at(-1)).toMatchObject({
			method: 'DELETE',
			path: `/v2/outbound/schedules/${id}`,
		});
		const again = await run({
			parameters: { resource: 'outboundSchedule', operation: 'cancel', scheduleId: id },
		});
		expect(again.outputs[0][0].json).toMatchObject({
			outcome: 'already canceled',
			duplicate: true,
		});
		const { outputs } = await run({
			parameters: { resource: 'outboundSchedule', operation: 'get', scheduleId: id },
		});
		expect(outputs[0][0].json).toMatchObject({
			status: 'canceled',
			canceled_at_ms: expect.any(Number),
		});
	});

	it('refuses a schedule ID that is not a UUID, for every operation, before any request', async () => {
		for (const operation of ['get', 'cancel']) {
			const { error } = await run({
				parameters: { resource: 'outboundSchedule', operation, scheduleId: 'weekly' },
			});
			expect(error?.message).toMatch(/Schedule ID \(scheduleId\): must be a schedule ID/);
		}
		expect(sim.requests).toHaveLength(0);
	});
});
