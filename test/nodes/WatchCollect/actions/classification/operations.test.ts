/* eslint-disable @typescript-eslint/no-explicit-any -- tests pick the fields they check */
/**
 * Classification › Get Many, Get, Add Correction through n8n-core: paging on next_cursor alone,
 * the correction body from fields or JSON, sent once, odd answers to a write that stay a success;
 * against the contract stand-in and the simulator.
 */
import { classification, marketServers } from '../marketApi';

const { servers, run, runSim } = marketServers();
const LIST = '/v2/classifications';
const ID = classification(2).id;
const correction = (extra: Record<string, unknown> = {}) => ({
	resource: 'classification',
	operation: 'addCorrection',
	classificationId: ID,
	...extra,
});

describe('Classification › Get Many', () => {
	it('pages on next_cursor alone (no has_more in the answer) until it is null', async () => {
		servers.api.maxPageSize = 2;
		const { outputs, error } = await run({
			parameters: { resource: 'classification', operation: 'getMany', returnAll: true },
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((i) => i.json.id)).toEqual(
			servers.api.data.classifications.map((c: any) => c.id),
		);
		expect(servers.api.requests.map((r) => r.query)).toEqual([
			{ page_size: '200' },
			{ page_size: '200', cursor: '2' },
			{ page_size: '200', cursor: '4' },
		]);
	});

	it('Limit stops reading at the limit', async () => {
		servers.api.maxPageSize = 2;
		const { outputs } = await run({
			parameters: { resource: 'classification', operation: 'getMany', limit: 3 },
		});
		expect(outputs[0]).toHaveLength(3);
		expect(servers.api.requests).toHaveLength(2);
		expect(servers.api.requests[0].query.page_size).toBe('3');
	});

	it.each([
		['absent', (page: any) => ({ items: page.items })],
		['empty', (page: any) => ({ items: page.items, next_cursor: '' })],
		['not a string', (page: any) => ({ items: page.items, next_cursor: 7 })],
		['the same as before', (page: any) => ({ items: page.items, next_cursor: 'again' })],
	])('stops when next_cursor is %s (no endless loop, no failure)', async (_, shape) => {
		servers.api.routes[`GET ${LIST}`] = () => ({
			status: 200,
			body: shape({ items: [classification(1, { watches: null, extra: 1 })] }),
		});
		const { outputs, error } = await run({
			parameters: { resource: 'classification', operation: 'getMany', returnAll: true },
		});
		expect(error).toBeUndefined();
		expect(servers.api.requests.length).toBeLessThanOrEqual(2);
		expect(outputs[0][0].json).toMatchObject({ watches: null, extra: 1 });
	});

	it('against the simulator (and its loose style, whose last page has no next_cursor)', async () => {
		servers.sim.paging.settings.maxPageSize = 3;
		const strict = await runSim({
			parameters: { resource: 'classification', operation: 'getMany', returnAll: true },
		});
		expect(strict.error).toBeUndefined();
		const ids = strict.outputs[0].map((i) => i.json.id);
		expect(ids.length).toBeGreaterThan(3);
		expect(new Set(ids).size).toBe(ids.length);
		servers.sim.setAnswers('loose');
		const loose = await runSim({
			parameters: { resource: 'classification', operation: 'getMany', returnAll: true },
		});
		expect(loose.error).toBeUndefined();
		expect(loose.outputs[0].map((i) => i.json.id)).toEqual(ids);
	});
});

describe('Classification › Get', () => {
	it('GETs one classification as sent', async () => {
		const { outputs, error } = await run({
			parameters: { resource: 'classification', operation: 'get', classificationId: ID },
		});
		expect(error).toBeUndefined();
		expect(servers.api.requests.map((r) => r.path)).toEqual([`${LIST}/${ID}`]);
		expect(outputs[0][0].json).toEqual(servers.api.data.classifications[1]);
	});

	it('refuses an ID that is not a UUID before any request', async () => {
		const { error } = await run({
			parameters: {
				resource: 'classification',
				operation: 'get',
				classificationId: '={{ "abc" }}',
			},
		});
		expect(error?.message).toMatch(
			/Classification ID \(classificationId\): 'abc' is not a classification ID/,
		);
		expect(servers.api.requests).toHaveLength(0);
	});
});

describe('Classification › Add Correction', () => {
	it('builds output.watches from the fields (year as text, price as a number, currency upper-case)', async () => {
		const { outputs, error } = await run({
			parameters: correction({
				watches: {
					watch: [
						{
							brand: 'Rolex',
							model: 'Submariner Date',
							reference: '126610LN',
							year: 2023,
							priceAmount: '={{ "12950" }}',
							currencyCode: 'eur',
							fullSetStatus: 'box, papers',
						},
						{ brand: 'Tudor', reference: '79030N', dialType: 'Black', variant: '' },
					],
				},
			}),
		});
		expect(error).toBeUndefined();
		expect(servers.api.requests).toHaveLength(1);
		expect(servers.api.requests[0]).toMatchObject({
			method: 'POST',
			path: `${LIST}/${ID}/corrections`,
		});
		expect(servers.api.requests[0].body).toEqual({
			output: {
				watches: [
					{
						brand: 'Rolex',
						model: 'Submariner Date',
						reference: '126610LN',
						year: '2023',
						price_amount: 12950,
						currency_code: 'EUR',
						full_set_status: ['box', 'papers'],
					},
					{ brand: 'Tudor', reference: '79030N', dial_type: 'Black' },
				],
			},
		});
		expect(outputs[0][0].json).toMatchObject({
			outcome: 'accepted',
			classification_id: ID,
			status: 'accepted',
			request_id: 'req_correction_1',
		});
		expect(outputs[0][0].json).not.toHaveProperty('warnings');
	});

	it('takes the output as JSON from an expression', async () => {
		const output = {
			watches: [{ brand: 'Patek Philippe', reference: '5711/1A', year: '2021' }],
			note: 'x',
		};
		const { error } = await run({
			items: [{ output }],
			parameters: correction({ correctionMode: 'json', outputJson: '={{ $json.output }}' }),
		});
		expect(error).toBeUndefined();
		expect(servers.api.requests[0].body).toEqual({ output });
	});

	it.each([
		[
			{ correctionMode: 'json', outputJson: '{"watches": [' },
			/Output \(outputJson\): is not valid JSON/,
		],
		[
			{ correctionMode: 'json', outputJson: '={{ [1, 2] }}' },
			/Output \(outputJson\): must be a JSON object/,
		],
		[
			{ correctionMode: 'json', outputJson: '{"watches": "Rolex"}' },
			/"watches" must be a list of watch objects/,
		],
		[
			{ watches: { watch: [{ brand: 'Rolex' }, { currencyCode: 'euro' }] } },
			/Watches › Watch 2 › Currency Code \(currencyCode\): 'euro' is not a currency code/,
		],
		[
			{ watches: { watch: [{ priceAmount: '12,950' }] } },
			/Watches › Watch 1 › Price Amount \(priceAmount\): "12,950" is not a price/,
		],
	])('refuses %j before any request', async (extra, message) => {
		const { error } = await run({ parameters: correction(extra) });
		expect(error?.message).toMatch(message);
		expect(servers.api.requests).toHaveLength(0);
	});

	it.each([
		['no body (204)', { status: 204 }, 'sent', /is missing/],
		['a null body', { status: 200, body: null }, 'sent', /is missing/],
		[
			'an unknown status',
			{ status: 200, body: { status: 'queued', event_ids: [], request_id: 'r1' } },
			'sent',
			/`status` came as 'queued', a value the contract does not list.*; the node counts the correction as sent/,
		],
		[
			'no status',
			{ status: 200, body: { request_id: 'r2', event_ids: [] } },
			'sent',
			/`status` is missing/,
		],
		[
			'an extra field',
			{ status: 200, body: { status: 'accepted', event_ids: [], request_id: 'r4', shard: 3 } },
			'accepted',
			/`shard` is not in the contract/,
		],
		[
			'a duplicate',
			{
				status: 200,
				body: { status: 'duplicate_accepted', event_ids: [], request_id: 'r3', resource_id: null },
			},
			'duplicate',
			undefined,
		],
	])(
		'a 2xx answer with %s is a success, with warnings naming the oddity',
		async (_, reply, outcome, warning) => {
			servers.api.routes['POST /v2/classifications/:id/corrections'] = () => reply;
			const { outputs, error } = await run({
				parameters: correction({ watches: { watch: [{ brand: 'Rolex' }] } }),
			});
			expect(error).toBeUndefined();
			expect(outputs[0][0].json.outcome).toBe(outcome);
			expect(outputs[0][0].json.classification_id).toBe(ID);
			if (warning) expect((outputs[0][0].json.warnings as string[]).join('\n')).toMatch(warning);
			else expect(outputs[0][0].json).not.toHaveProperty('warnings');
			expect(servers.api.requests).toHaveLength(1);
		},
	);

	it('status "rejected" is an error for the item; a 500 is not repeated by the node', async () => {
		servers.api.routes['POST /v2/classifications/:id/corrections'] = () => ({
			status: 200,
			body: { status: 'rejected', event_ids: [], request_id: 'req_r', resource_id: null },
		});
		const rejected = await run({
			parameters: correction({ watches: { watch: [{ brand: 'Rolex' }] } }),
		});
		expect(rejected.error?.message).toMatch(
			/WatchCollect rejected the correction \[request ID: req_r\]/,
		);
		servers.api.reset();
		servers.api.routes['POST /v2/classifications/:id/corrections'] = () => ({
			status: 500,
			body: { error: { message: 'boom' } },
		});
		const failed = await run({
			parameters: correction({ watches: { watch: [{ brand: 'Rolex' }] } }),
		});
		expect(failed.error?.message).toMatch(/server error \(500\)/);
		expect(servers.api.requests).toHaveLength(1);
	});

	it('a correction whose answer is lost is not sent again; the error says what to check', async () => {
		servers.api.routes['POST /v2/classifications/:id/corrections'] = () => ({ status: 0 });
		const { error } = await run({
			parameters: correction({ watches: { watch: [{ brand: 'Rolex' }] } }),
		});
		expect(servers.api.requests).toHaveLength(1);
		expect(`${error?.message} ${error?.description}`).toMatch(
			/may have appended the correction before its answer was lost/,
		);
	});

	it('the description warns that Retry On Fail may append the same correction twice', async () => {
		const { WatchCollect } = await import('../../../../../nodes/WatchCollect/WatchCollect.node');
		const texts = new WatchCollect().description.properties
			.filter((p) => p.displayOptions?.show?.resource?.includes('classification'))
			.flatMap((p) => [
				p.displayName,
				...((p.options ?? []) as any[]).map((o) => o.description ?? ''),
			]);
		expect(texts.join('\n')).toMatch(/Retry On Fail may append the same correction twice/);
	});

	it('against the simulator: appended once per item, answered accepted', async () => {
		const found = await runSim({
			parameters: { resource: 'classification', operation: 'getMany', limit: 1 },
		});
		const id = found.outputs[0][0].json.id as string;
		const { outputs, error } = await runSim({
			items: [{ id }],
			parameters: correction({
				classificationId: '={{ $json.id }}',
				watches: { watch: [{ brand: 'Rolex', reference: '126610LN', year: '2022' }] },
			}),
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ outcome: 'accepted', resource_id: id });
		expect(servers.sim.classifications.corrections).toHaveLength(1);
		expect(servers.sim.classifications.corrections[0]).toMatchObject({
			classification_id: id,
			output: { watches: [{ brand: 'Rolex', reference: '126610LN', year: '2022' }] },
		});
	});

	it('against the simulator in the loose style: Get and Add Correction fail no item', async () => {
		servers.sim.setAnswers('loose');
		const found = await runSim({
			parameters: { resource: 'classification', operation: 'getMany', limit: 1 },
		});
		const id = found.outputs[0][0].json.id as string;
		const one = await runSim({
			parameters: { resource: 'classification', operation: 'get', classificationId: id },
		});
		expect(one.error).toBeUndefined();
		expect(one.outputs[0][0].json.id).toBe(id);
		const corrected = await runSim({
			parameters: correction({ classificationId: id, watches: { watch: [{ brand: 'Rolex' }] } }),
		});
		expect(corrected.error).toBeUndefined();
		expect(corrected.outputs[0][0].json).toMatchObject({ outcome: 'accepted', resource_id: null });
		expect(servers.sim.classifications.corrections).toHaveLength(1);
	});
});
