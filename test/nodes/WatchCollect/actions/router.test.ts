/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- fake tokens known only to the local simulator */
/**
 * The per-item loop executing for real (n8n-core's WorkflowExecute against the simulator):
 * items whose role, mode and auth method come from expressions in one execution, each checked on
 * its own; Options › Batching (concurrent within a batch, output in input order, pairedItem,
 * continueOnFail per item); 429 retried after Retry-After within Max Wait on Rate Limit.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SEEDED_SESSION_NAMES, startSimulator } from '../../../simulator/simulator';
import { runWatchCollect, type RunOptions } from '../../../support/execute-workflow';

const TOKEN = 'wc_test_router_8d2f4a6c1e3b5d7f';
const [LINK_RECEIVING, LINK_RECEIVING_PAIRED, LINK_SENDING] = SEEDED_SESSION_NAMES;
const HINT =
	'Use the country code and number, digits only, e.g. 31612345678 (a leading + and spaces, dashes, dots or brackets are fine; no leading 0 or 00)';

let sim: Awaited<ReturnType<typeof startSimulator>>;

beforeAll(async () => {
	sim = await startSimulator({ tokens: { valid: [TOKEN], otherTenant: [] }, slowMs: 400 });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.reset();
	sim.setRateLimit(null);
});

async function run(options: Omit<RunOptions, 'credentials'>) {
	return await runWatchCollect({
		...options,
		credentials: { accessToken: TOKEN, baseUrl: sim.url },
	});
}

/** Create with every choice from the item's JSON; Engine left as n8n fills it in. */
const fromItems = {
	resource: 'session',
	operation: 'create',
	role: '={{ $json.role }}',
	sessionMode: '={{ $json.mode }}',
	authMethod: '={{ $json.auth }}',
	wahaSessionName: '={{ $json.name }}',
	phoneNumber: '={{ $json.phone }}',
	otpMethod: '={{ $json.otp }}',
	additionalFields: { label: '={{ $json.label }}' },
};

/** The mixed batch: each item, and the body it must send or the error it must fail with. */
const MIXED: Array<{ item: IDataObject; body?: IDataObject; error?: string }> = [
	{
		item: { role: 'receiving', mode: 'new', auth: 'qr' },
		body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' },
	},
	{
		item: { role: 'sending', mode: 'new', auth: 'qr' },
		body: { role: 'sending', engine: 'NOWEB', auth_method: 'qr' },
	},
	{
		item: { role: 'receiving', mode: 'new', auth: 'otp', phone: '+31 6 1234 5678', otp: 'sms' },
		body: {
			role: 'receiving',
			engine: 'WEBJS',
			auth_method: 'otp',
			phone_number: '31612345678',
			otp_method: 'sms',
		},
	},
	{
		item: { role: 'sending', mode: 'new', auth: 'otp', phone: '(44) 7911-123.456' },
		body: { role: 'sending', engine: 'NOWEB', auth_method: 'otp', phone_number: '447911123456' },
	},
	{
		item: { role: 'receiving', mode: 'link', auth: 'auto', name: LINK_RECEIVING },
		body: { role: 'receiving', waha_session_name: LINK_RECEIVING },
	},
	{
		item: { role: 'sending', mode: 'link', auth: 'qr', name: LINK_SENDING },
		body: { role: 'sending', engine: 'NOWEB', auth_method: 'qr', waha_session_name: LINK_SENDING },
	},
	{
		item: {
			role: 'receiving',
			mode: 'link',
			auth: 'otp',
			name: LINK_RECEIVING_PAIRED,
			phone: '+1-415-555-0100',
			otp: 'voice',
		},
		body: {
			role: 'receiving',
			auth_method: 'otp',
			waha_session_name: LINK_RECEIVING_PAIRED,
			phone_number: '14155550100',
			otp_method: 'voice',
		},
	},
	{
		item: { role: 'sending', mode: 'new', auth: 'otp', phone: '06 1234 5678' },
		error: `Invalid parameter: Phone Number (phoneNumber): '06 1234 5678' is not valid: it starts with 0 (a national number) instead of the country code. ${HINT}`,
	},
	{
		item: { role: 'sending', mode: 'new', auth: 'otp', phone: '31612345670', otp: 'sms' },
		error:
			"Invalid parameter: OTP Method (otpMethod): 'sms' is not allowed for a sending session; allowed: 'web' (the NOWEB engine only supports web pairing)",
	},
	{
		item: { role: 'receiving', mode: 'new', auth: 'auto', phone: 'not a phone', name: 'x' },
		body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' },
	},
	{
		item: { role: 'receiving', mode: 'new' },
		error:
			"Invalid parameter: Authentication Method (authMethod): is required for a new session; allowed: 'auto', 'qr', 'otp'",
	},
];

const labelled = MIXED.map((m, i) => ({ ...m.item, label: `mixed ${i}` }));

/** The request the simulator saw for the item labelled `label`. */
const requestOf = (label: string) =>
	sim.requests.filter((r) => (r.body as IDataObject | null)?.label === label);

function expectMixedOutcome(items: INodeExecutionData[]) {
	expect(items.map((item) => item.pairedItem)).toEqual(MIXED.map((_, i) => ({ item: i })));
	MIXED.forEach((m, i) => {
		const label = `mixed ${i}`;
		const requests = requestOf(label);
		if (m.body) {
			expect(requests).toHaveLength(1);
			expect(requests[0].body).toEqual({ ...m.body, label });
			expect(requests[0].status).toBe(200);
			expect(items[i].json).toMatchObject({ status: 'accepted', label });
		} else {
			expect(requests).toHaveLength(0);
			expect(items[i].json).toEqual({ error: m.error });
		}
	});
	// nothing but these requests
	expect(sim.requests).toHaveLength(MIXED.filter((m) => m.body).length);
}

describe('one execution, items that differ in role, mode and auth method (all from expressions)', () => {
	it('item after item: each sends exactly its own body or fails alone naming the field', async () => {
		const { outputs, error } = await run({
			parameters: fromItems,
			items: labelled,
			onError: 'continueRegularOutput',
		});
		expect(error).toBeUndefined();
		expectMixedOutcome(outputs[0]);
	});

	it('the same with Options › Batching (4 per batch, concurrent): same bodies, same order', async () => {
		const { outputs, error } = await run({
			parameters: {
				...fromItems,
				options: { batching: { batch: { batchSize: 4, batchInterval: 0 } } },
			},
			items: labelled,
			onError: 'continueRegularOutput',
		});
		expect(error).toBeUndefined();
		expectMixedOutcome(outputs[0]);
	});

	it('the failed items go to the error output, the others to the success output', async () => {
		const { outputs, error } = await run({
			parameters: {
				...fromItems,
				options: { batching: { batch: { batchSize: 3, batchInterval: 0 } } },
			},
			items: labelled,
			onError: 'continueErrorOutput',
		});
		expect(error).toBeUndefined();
		const failed = MIXED.flatMap((m, i) => (m.error ? [i] : []));
		expect(outputs[1].map((item) => item.pairedItem)).toEqual(failed.map((i) => ({ item: i })));
		expect(outputs[0].map((item) => item.pairedItem)).toEqual(
			MIXED.flatMap((m, i) => (m.body ? [{ item: i }] : [])),
		);
	});

	it('without continueOnFail the run stops at the first failed item, naming it', async () => {
		const { error } = await run({
			parameters: {
				...fromItems,
				options: { batching: { batch: { batchSize: 20, batchInterval: 0 } } },
			},
			items: labelled,
		});
		expect(error?.message).toBe(MIXED[7].error);
		expect(error?.context?.itemIndex).toBe(7);
	});

	it('Engine from an expression applies to the receiving items only', async () => {
		const { outputs, error } = await run({
			parameters: { ...fromItems, engine: '={{ $json.engine }}' },
			items: [
				{ role: 'receiving', mode: 'new', auth: 'qr', engine: 'GOWS', label: 'e0' },
				{ role: 'sending', mode: 'new', auth: 'qr', engine: 'GOWS', label: 'e1' },
				{ role: 'receiving', mode: 'link', auth: 'auto', name: LINK_RECEIVING, label: 'e2' },
				{ role: 'receiving', mode: 'new', auth: 'qr', engine: 'NOWEB', label: 'e3' },
			],
			onError: 'continueRegularOutput',
		});
		expect(error).toBeUndefined();
		expect(requestOf('e0')[0].body).toEqual({
			role: 'receiving',
			engine: 'GOWS',
			auth_method: 'qr',
			label: 'e0',
		});
		expect(requestOf('e1')[0].body).toEqual({
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'qr',
			label: 'e1',
		});
		expect(requestOf('e2')[0].body).toEqual({
			role: 'receiving',
			waha_session_name: LINK_RECEIVING,
			label: 'e2',
		});
		expect(outputs[0][3].json.error).toBe(
			"Invalid parameter: Engine (engine): 'NOWEB' is not allowed for a new receiving session; allowed: 'keep', 'WEBJS', 'GOWS'",
		);
	});

	it('Request Pairing Code with the role from an expression: SMS for receiving, refused for sending', async () => {
		const created = await run({
			parameters: { resource: 'session', operation: 'create', role: 'receiving', authMethod: 'qr' },
		});
		const sessionId = created.outputs[0][0].json.session_id as string;
		sim.reset();
		const { outputs } = await run({
			parameters: {
				resource: 'session',
				operation: 'requestCode',
				sessionId: { __rl: true, mode: 'id', value: sessionId },
				role: '={{ $json.role }}',
				phoneNumber: '={{ $json.phone }}',
				otpMethod: '={{ $json.otp }}',
			},
			items: [
				{ role: 'receiving', phone: '+31 6 1234 5678', otp: 'sms' },
				{ role: 'sending', phone: '+31 6 1234 5678', otp: 'sms' },
				{ role: 'sending', phone: '+31 6 1234 5678' },
			],
			onError: 'continueRegularOutput',
		});
		expect(sim.requests.map((r) => r.body)).toEqual([
			{ phone_number: '31612345678', otp_method: 'sms' },
			{ phone_number: '31612345678' },
		]);
		expect(outputs[0][1].json.error).toMatch(
			/OTP Method \(otpMethod\): 'sms' is not allowed for a sending session/,
		);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});
});

describe('Options › Batching', () => {
	const slowItems = (n: number) =>
		Array.from({ length: n }, (_, i) => ({ label: `sim-fault:slow ${i}` }));
	const create = { resource: 'session', operation: 'create', role: 'receiving', authMethod: 'qr' };

	it('sends the items of a batch concurrently, output in input order with pairedItem', async () => {
		const started = Date.now();
		const { outputs, error } = await run({
			parameters: {
				...create,
				additionalFields: { label: '={{ $json.label }}' },
				options: { qrImage: false, batching: { batch: { batchSize: 6, batchInterval: 0 } } },
			},
			items: slowItems(6),
		});
		const elapsed = Date.now() - started;
		expect(error).toBeUndefined();
		// six answers that each take 400 ms: together well under the 2.4 s one after the other
		expect(elapsed).toBeLessThan(1800);
		expect(outputs[0].map((item) => [item.json.label, item.pairedItem])).toEqual(
			slowItems(6).map((item, i) => [item.label, { item: i }]),
		);
	});

	it('never more than Items per Batch at once: 6 slow items, 3 at a time, take two rounds', async () => {
		const started = Date.now();
		const { outputs, error } = await run({
			parameters: {
				...create,
				additionalFields: { label: '={{ $json.label }}' },
				options: { qrImage: false, batching: { batch: { batchSize: 3, batchInterval: 0 } } },
			},
			items: slowItems(6),
		});
		const elapsed = Date.now() - started;
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(6);
		expect(elapsed).toBeGreaterThanOrEqual(2 * 400 - 50);
		expect(elapsed).toBeLessThan(6 * 400);
	});

	it('without continueOnFail no new item starts after a failure', async () => {
		const { error } = await run({
			parameters: {
				...create,
				additionalFields: { label: '={{ $json.label }}' },
				options: { qrImage: false, batching: { batch: { batchSize: 2, batchInterval: 0 } } },
			},
			items: [
				{ label: 'a' },
				{ label: 'sim-fault:500' },
				{ label: 'c' },
				{ label: 'd' },
				{ label: 'e' },
			],
		});
		expect(error?.message).toMatch(/^WatchCollect had a server error \(500\)/);
		expect(error?.context?.itemIndex).toBe(1);
		// items 0 and 1 ran at once; item 2 may have taken 0's place before 1 failed; no later one
		const labels = sim.requests.map((r) => (r.body as IDataObject).label);
		expect(labels.slice(0, 2).sort()).toEqual(['a', 'sim-fault:500']);
		expect(['c', undefined]).toContain(labels[2]);
		expect(labels).toHaveLength(labels[2] ? 3 : 2);
	});

	it('without Batching the items go one after the other, as before', async () => {
		const started = Date.now();
		const { error } = await run({
			parameters: {
				...create,
				additionalFields: { label: '={{ $json.label }}' },
				options: { qrImage: false },
			},
			items: slowItems(3),
		});
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 400 - 50);
	});

	it('waits the batch interval between batches', async () => {
		const started = Date.now();
		const { outputs } = await run({
			parameters: {
				...create,
				options: { qrImage: false, batching: { batch: { batchSize: 2, batchInterval: 300 } } },
			},
			items: [{}, {}, {}, {}, {}],
		});
		expect(outputs[0]).toHaveLength(5);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 300);
	});
});

describe('429: retried after Retry-After within Max Wait on Rate Limit', () => {
	const create = {
		resource: 'session',
		operation: 'create',
		role: 'receiving',
		authMethod: 'qr',
		additionalFields: { label: '={{ "item " + $itemIndex }}' },
	};
	const items = (n: number) => Array.from({ length: n }, () => ({}));

	it('a batch that meets the rate limit slows down instead of failing', async () => {
		sim.setRateLimit(3);
		const started = Date.now();
		const { outputs, error } = await run({
			parameters: {
				...create,
				options: { qrImage: false, batching: { batch: { batchSize: 8, batchInterval: 0 } } },
			},
			items: items(8),
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => [item.json.status, item.json.label, item.pairedItem])).toEqual(
			items(8).map((_, i) => ['accepted', `item ${i}`, { item: i }]),
		);
		const limited = sim.requests.filter((r) => r.rateLimited);
		expect(limited.length).toBeGreaterThanOrEqual(5);
		expect(limited.every((r) => r.status === 429)).toBe(true);
		// every item created exactly once
		expect(sim.requests.filter((r) => r.status === 200)).toHaveLength(8);
		// 8 items at 3 per second: at least two more windows of one second
		expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
	});

	it('past Max Wait on Rate Limit the item fails with the 429 message', async () => {
		sim.setRateLimit(2);
		const { outputs, error } = await run({
			parameters: {
				...create,
				options: {
					qrImage: false,
					maxRateLimitWait: 0,
					batching: { batch: { batchSize: 4, batchInterval: 0 } },
				},
			},
			items: items(4),
			onError: 'continueRegularOutput',
		});
		expect(error).toBeUndefined();
		const errors = outputs[0].filter((item) => item.json.error).map((item) => item.json.error);
		expect(errors).toEqual(
			[
				'WatchCollect is rate limiting requests (429): retry after 1 seconds',
				'WatchCollect is rate limiting requests (429): retry after 1 seconds',
			].map((m) => expect.stringMatching(new RegExp(`^${m.replace(/[()]/g, '\\$&')}`))),
		);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual(
			items(4).map((_, i) => ({ item: i })),
		);
	});
});
