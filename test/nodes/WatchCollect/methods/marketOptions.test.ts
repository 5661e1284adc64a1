/**
 * The market Filters' option lists (methods/marketOptions.ts) against the simulator: values from
 * Market Facet with their counts, groups by id with their name, references from Market Reference
 * Search narrowed by the chosen brands. The load-options context is a stand-in whose HTTP helper
 * does what n8n's does with the node's request (method, URL, qs, JSON body, full response).
 */
import type { IDataObject, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { WatchCollect } from '../../../../nodes/WatchCollect/WatchCollect.node';
import { startSimulator, type Simulator } from '../../../simulator/simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

function context(filters: IDataObject = {}, server: Simulator = sim): ILoadOptionsFunctions {
	return {
		getNode: () => ({ name: 'WatchCollect', type: 'watchCollect', typeVersion: 1, parameters: {} }),
		getNodeParameter: (name: string, fallback: unknown) =>
			name === 'authentication' ? 'accessToken' : fallback,
		getCurrentNodeParameter: (name: string) => (name === 'filters' ? filters : undefined),
		getCredentials: async () => ({ accessToken: 'sim-valid-token', baseUrl: server.url }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				const url = new URL(options.url);
				for (const [k, v] of Object.entries(options.qs ?? {})) url.searchParams.set(k, String(v));
				// as n8n sends a body: a text as it is, an object as JSON, an empty object not at all
				const body =
					typeof options.body === 'string'
						? options.body
						: options.body !== undefined && Object.keys(options.body as object).length > 0
							? JSON.stringify(options.body)
							: undefined;
				const response = await fetch(url, {
					method: options.method,
					headers: {
						authorization: 'Bearer sim-valid-token',
						...(body !== undefined ? { 'content-type': 'application/json' } : {}),
					},
					body,
				});
				const text = await response.text();
				return {
					statusCode: response.status,
					headers: Object.fromEntries(response.headers),
					body: text ? JSON.parse(text) : undefined,
				};
			},
		},
	} as unknown as ILoadOptionsFunctions;
}

const methods = new WatchCollect().methods.loadOptions as Record<
	string,
	(
		this: ILoadOptionsFunctions,
	) => Promise<Array<{ name: string; value: string; description?: string }>>
>;

describe('market filter options', () => {
	it('brands come from Market Facet, each with its number of listings', async () => {
		const brands = await methods.getMarketBrands.call(context());
		expect(brands.map((b) => b.value)).toEqual(expect.arrayContaining(['Rolex', 'Patek Philippe']));
		for (const b of brands) expect(b.name).toMatch(new RegExp(`^${b.value} \\(\\d+ listings?\\)$`));
		const facets = sim.requests.filter((r) => r.path === '/v2/market/facets');
		expect(facets).toHaveLength(1);
	});

	it.each([
		['getMarketConditions', 'NEW'],
		['getMarketFullSetStatus', 'FULL_SET'],
		['getMarketDialTypes', 'Black'],
	])('%s offers the facet values (e.g. %s)', async (method, example) => {
		const options = await methods[method].call(context());
		expect(options.map((o) => o.value)).toContain(example);
	});

	it('groups are offered by id, named by the label the facet bucket carries', async () => {
		const groups = await methods.getMarketGroups.call(context());
		expect(groups.length).toBeGreaterThan(0);
		for (const g of groups) {
			expect(g.value).toMatch(/^[0-9a-f-]{36}$/);
			expect(g.name).not.toContain(g.value);
			expect(g.description).toContain(g.value);
		}
	});

	it('references come from Market Reference Search, most listed first, narrowed by Filters › Brand', async () => {
		const all = await methods.getMarketReferences.call(context());
		const counts = all.map((o) => Number(/\((\d+) listings?\)$/.exec(o.name)?.[1]));
		expect(counts).toEqual([...counts].sort((a, b) => b - a));
		expect(all.map((o) => o.value)).toContain('126610LN');
		const patek = await methods.getMarketReferences.call(context({ brand: ['Patek Philippe'] }));
		expect(patek.length).toBeGreaterThan(0);
		expect(patek.length).toBeLessThan(all.length);
		for (const o of patek) expect(o.name).toMatch(/^Patek Philippe /);
		const last = sim.requests[sim.requests.length - 1];
		expect(last.body).toEqual({ filters: { brand: ['Patek Philippe'] }, page_size: 200 });
	});
});

describe('market filter options against loose answers (counts as text, e.g. "21")', () => {
	let loose: Simulator;
	beforeAll(async () => {
		loose = await startSimulator({ answers: 'loose' });
	});
	afterAll(async () => await loose.close());

	it('every facet bucket is still offered, with its count read from the text', async () => {
		const answer = await fetch(`${loose.url}/v2/market/facets`, {
			method: 'POST',
			headers: { authorization: 'Bearer sim-valid-token', 'content-type': 'application/json' },
			body: '{}',
		});
		const buckets = ((await answer.json()) as { brands: Array<{ value: string; count: unknown }> })
			.brands;
		expect(buckets.length).toBeGreaterThan(3);
		expect(typeof buckets[0].count).toBe('string'); // the loose style this test is about
		const brands = await methods.getMarketBrands.call(context({}, loose));
		expect(brands).toEqual(
			buckets.map((b) => ({
				name: `${b.value} (${b.count} listing${b.count === '1' ? '' : 's'})`,
				value: b.value,
			})),
		);
	});

	it('references show their listing count read from the text', async () => {
		const references = await methods.getMarketReferences.call(context({}, loose));
		expect(references.length).toBeGreaterThan(3);
		for (const o of references) expect(o.name).toMatch(/ \([1-9]\d* listings?\)$/);
	});
});
