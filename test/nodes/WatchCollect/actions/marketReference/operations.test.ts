/* eslint-disable @typescript-eslint/no-explicit-any -- tests pick the fields they check */
/**
 * Market Reference › Search through n8n-core: the body (shared filters), paging, one readable item
 * per reference; odd answers against the contract stand-in; real aggregates from the simulator.
 */
import { aggregate, marketServers } from '../marketApi';

const { servers, run, runSim } = marketServers();
const PATH = '/v2/market/references/search';
const searchParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'marketReference',
	operation: 'search',
	...extra,
});

describe('Market Reference › Search', () => {
	it('one item per reference, every API field kept, prices readable in EUR and the display currency', async () => {
		servers.api.data.aggregates = [
			aggregate(1),
			aggregate(2, { model: null, display_median_price: null }),
		];
		const { outputs, error } = await run({ parameters: searchParameters({ returnAll: true }) });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0][0].json).toMatchObject({
			...(servers.api.data.aggregates[0] as object),
			median_price_eur: 12950,
			median_price_eur_formatted: '€12,950',
			avg_price_eur: 12950.5,
			avg_price_eur_formatted: '€12,950.50',
			min_price_eur_formatted: '€11,000',
			max_price_eur_formatted: '€15,000',
			display_median_price_amount: 14000,
			display_median_price_formatted: '$14,000',
		});
		expect(outputs[0][1].json.display_median_price).toBeNull();
		expect(outputs[0][1].json).not.toHaveProperty('display_median_price_formatted');
		expect(outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('sends the shared filters and Display Currency; Limit sets the page size; Return All pages', async () => {
		servers.api.maxPageSize = 2;
		await run({
			parameters: searchParameters({
				returnAll: true,
				filters: { reference: '={{ "126610LN" }}', side: ['for_sale'], priceFrom: '={{ 5000.5 }}' },
				options: { displayCurrency: 'chf' },
			}),
		});
		const sent = servers.api.requests.filter((r) => r.path === PATH).map((r) => r.body);
		expect(sent).toEqual([
			{
				page_size: 200,
				display_currency: 'CHF',
				filters: {
					side: ['for_sale'],
					reference: ['126610LN'],
					price: { gte: 500050, currency: 'EUR' },
				},
			},
			{
				page_size: 200,
				cursor: '2',
				display_currency: 'CHF',
				filters: {
					side: ['for_sale'],
					reference: ['126610LN'],
					price: { gte: 500050, currency: 'EUR' },
				},
			},
		]);
	});

	it('refuses a bad filter from an expression, naming it, before any request', async () => {
		const { error } = await run({
			parameters: searchParameters({ filters: { yearTo: '={{ "next year" }}' } }),
		});
		expect(error?.message).toMatch(/Filters › Year To \(yearTo\): "next year" is not a year/);
		expect(servers.api.requests).toHaveLength(0);
	});

	it('passes aggregates with nulls, other types and extra fields, and a page with total null', async () => {
		const odd = {
			brand: null,
			reference: 42,
			listing_count: '7',
			median_price_eur_minor: 'n/a',
			new_field: [],
		};
		servers.api.routes[`POST ${PATH}`] = () => ({
			status: 200,
			body: { items: [odd], has_more: false, total: null, next_cursor: null },
		});
		const { outputs, error } = await run({ parameters: searchParameters() });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual(odd);
	});

	it('against the simulator: what does 126610LN trade at (filtered by reference from an expression)', async () => {
		const { outputs, error } = await runSim({
			items: [{ ref: '126610LN' }],
			parameters: searchParameters({ filters: { reference: '={{ $json.ref }}' } }),
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		const a = outputs[0][0].json as any;
		expect(a.reference).toBe('126610LN');
		expect(a.listing_count).toBeGreaterThan(0);
		expect(a.median_price_eur).toBe(a.median_price_eur_minor / 100);
		expect(a.median_price_eur_formatted).toMatch(/^€[\d,]+(\.\d\d)?$/);
		expect(servers.sim.market.ignoredFilterKeys).toEqual([]);
	});

	it('against the simulator in the loose style: no item fails', async () => {
		servers.sim.setAnswers('loose');
		const { outputs, error } = await runSim({ parameters: searchParameters({ returnAll: true }) });
		expect(error).toBeUndefined();
		expect(outputs[0].length).toBeGreaterThan(0);
	});
});
