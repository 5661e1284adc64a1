/* eslint-disable @typescript-eslint/no-explicit-any -- tests pick the fields they check */
/**
 * Market Facet › Get through n8n-core: one item with the facets and a readable price range; the
 * shared filters in the body; odd answers; the simulator's cross-filtered facets.
 */
import { FACETS, marketServers } from '../marketApi';

const { servers, run, runSim } = marketServers();
const facetParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'marketFacet',
	operation: 'get',
	...extra,
});

describe('Market Facet › Get', () => {
	it('one item: every facet as sent, the price range also in major units and formatted', async () => {
		const { outputs, error } = await run({ parameters: facetParameters() });
		expect(error).toBeUndefined();
		// no filter: the body is still the JSON object {} the contract asks for on every POST
		expect(servers.api.requests.map((r) => [r.method, r.path, r.body, r.contentType])).toEqual([
			['POST', '/v2/market/facets', {}, 'application/json'],
		]);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json).toEqual({
			...FACETS,
			price_range: {
				...FACETS.price_range,
				min: 4500,
				min_formatted: '€4,500',
				max: 250000.5,
				max_formatted: '€250,000.50',
			},
		});
	});

	it('sends the shared filters (the facets are cross-filtered by them)', async () => {
		await run({
			parameters: facetParameters({
				filters: { brand: '={{ ["Rolex"] }}', countryCodesInclude: '={{ ["+852", "31"] }}' },
			}),
		});
		expect(servers.api.requests[0].body).toEqual({
			filters: { brand: ['Rolex'], country_codes: { include: ['852', '31'] } },
		});
	});

	it('passes facets that are null, missing or of another shape', async () => {
		const odd = { brands: null, conditions: 'n/a', price_range: null, something: { new: true } };
		servers.api.routes['POST /v2/market/facets'] = () => ({ status: 200, body: odd });
		const { outputs, error } = await run({ parameters: facetParameters() });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual(odd);
	});

	it('against the simulator: the brand filter narrows the other dimensions', async () => {
		const all = await runSim({ parameters: facetParameters() });
		const patek = await runSim({
			parameters: facetParameters({ filters: { brand: ['Patek Philippe'] } }),
		});
		expect(all.error).toBeUndefined();
		expect(patek.error).toBeUndefined();
		const total = (f: any) => f.years.reduce((n: number, b: any) => n + b.count, 0);
		expect(total(patek.outputs[0][0].json)).toBeLessThan(total(all.outputs[0][0].json));
		expect((patek.outputs[0][0].json as any).price_range.min_formatted).toMatch(/^€[\d,]+/);
	});

	it('against the simulator in the loose style (price_range null): one item, no failure', async () => {
		servers.sim.setAnswers('loose');
		const { outputs, error } = await runSim({ parameters: facetParameters() });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json.price_range).toBeNull();
	});
});
