/* eslint-disable @typescript-eslint/no-explicit-any -- tests pick the fields they check */
/**
 * Market Listing against the simulator's market module (written from the contract by another
 * engineer, independently of the node): filters from expressions narrow what comes back, no key
 * the node sends is one the API would ignore, the cheap feed, Get, and the loose answer style.
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
const ROLEX_GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';

describe('Market Listing against the simulator', () => {
	it('filters from expressions narrow the listings: brand, price in major units, country, side', async () => {
		const { outputs, error } = await run({
			items: [{ brand: 'Rolex', max: '25 000', country: '31' }],
			parameters: {
				resource: 'marketListing',
				operation: 'search',
				returnAll: true,
				filters: {
					brand: '={{ [$json.brand] }}',
					priceTo: '={{ $json.max }}',
					priceCurrency: 'EUR',
					countryCodesInclude: '={{ $json.country }}',
					side: ['for_sale'],
				},
			},
		});
		expect(error).toBeUndefined();
		const listings = outputs[0].map((i) => i.json as any);
		expect(listings.length).toBeGreaterThan(0);
		for (const l of listings) {
			expect(l.brand).toBe('Rolex');
			expect(l.sender.phone_number.startsWith('31')).toBe(true);
			// the simulator compares price in the filter's currency: EUR 25,000 = 2,500,000 minor
			if (l.price?.currency === 'EUR') expect(l.price.amount_minor).toBeLessThanOrEqual(2_500_000);
			expect(l.price_formatted).toMatch(/^[^\d-]*[\d,]+(\.\d\d)?$/);
		}
		expect(sim.market.ignoredFilterKeys).toEqual([]);
	});

	it('every filter at once: the simulator ignores none of the keys the node sends', async () => {
		const { error } = await run({
			parameters: {
				resource: 'marketListing',
				operation: 'search',
				filters: {
					text: 'rolex',
					side: ['for_sale', 'want_to_buy'],
					brand: ['Rolex'],
					model: 'Submariner Date',
					reference: ['126610LN'],
					yearFrom: 2015,
					yearTo: 2026,
					priceFrom: 1000,
					priceTo: 50000,
					priceCurrency: 'EUR',
					condition: ['NEW', 'USED'],
					dialType: ['Black'],
					variant: ['Starbucks'],
					fullSetStatus: ['FULL_SET'],
					countryCodesInclude: '31, 852',
					countryCodesExclude: '86',
					phoneNumbersInclude: '+31 6 12345678',
					phoneNumbersExclude: '85212345678',
					groupIds: [ROLEX_GROUP],
				},
				options: {
					displayCurrency: 'USD',
					sort: { sortBy: { field: 'message_timestamp_ms', direction: 'desc' } },
				},
			},
		});
		expect(error).toBeUndefined();
		expect(sim.requests.map((r) => r.status)).toEqual([200]);
		expect(sim.market.ignoredFilterKeys).toEqual([]);
	});

	it('Search Cheap Listings: every listing is below the median, and its sentence says so', async () => {
		const { outputs, error } = await run({
			parameters: { resource: 'marketListing', operation: 'searchCheap', returnAll: true },
		});
		expect(error).toBeUndefined();
		expect(outputs[0].length).toBeGreaterThan(0);
		for (const { json } of outputs[0]) {
			const l = json as any;
			expect(l.price_indicator.delta_percent).toBeLessThanOrEqual(-10);
			expect(l.price_vs_median).toMatch(
				/^\d+(\.\d)?% below the median \(€[\d,]+(\.\d\d)?\) of \d+ comparable listings?$/,
			);
		}
	});

	it('Get returns the listing a search found, and Display Currency shows prices in USD', async () => {
		const found = await run({
			parameters: {
				resource: 'marketListing',
				operation: 'search',
				limit: 20,
				options: { displayCurrency: 'USD' },
			},
		});
		const first = found.outputs[0].map((i) => i.json as any).find((l) => l.display_price);
		expect(first.display_price.currency).toBe('USD');
		expect(first.display_price_formatted).toMatch(/^\$[\d,]+(\.\d\d)?$/);
		const { outputs, error } = await run({
			items: [{ id: first.id }],
			parameters: { resource: 'marketListing', operation: 'get', listingId: '={{ $json.id }}' },
		});
		expect(error).toBeUndefined();
		expect((outputs[0][0].json as any).id).toBe(first.id);
	});

	it('the loose answer style (nulls, extra fields, unknown values) fails no item', async () => {
		sim.setAnswers('loose');
		for (const operation of ['search', 'searchCheap']) {
			const { outputs, error } = await run({
				parameters: { resource: 'marketListing', operation, returnAll: true },
			});
			expect(error).toBeUndefined();
			expect(outputs[0].length).toBeGreaterThan(0);
		}
		const id = (
			await run({ parameters: { resource: 'marketListing', operation: 'search', limit: 1 } })
		).outputs[0][0].json.id;
		const one = await run({
			parameters: { resource: 'marketListing', operation: 'get', listingId: id },
		});
		expect(one.error).toBeUndefined();
		expect(one.outputs[0][0].json).toMatchObject({ id, model: null });
	});
});
