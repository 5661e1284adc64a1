/* eslint-disable @typescript-eslint/no-explicit-any -- tests pick the fields they check */
/**
 * Rows as a Google Sheet or a database hands them to the WatchCollect node, every parameter set
 * by an expression per item (n8n-core's WorkflowExecute against the contract stand-in
 * ./marketApi.ts): numbers and booleans as text ("TRUE", " 25 ", "12,950.50"), words where the
 * panel has values ("For Sale"), blank cells. Each row is read on its own; a bad row fails alone.
 */
import { marketFilterOptions } from '../../../../nodes/WatchCollect/descriptions/marketFilters';
import { marketServers } from './marketApi';

const { servers, run } = marketServers();
const bodies = (path: string) =>
	servers.api.requests.filter((r) => r.path === path).map((r) => r.body);
const CLASSIFICATION = 'cc000001-1a2b-4c3d-8e4f-000000000001';

describe('Return All and Limit from a sheet', () => {
	it('reads "TRUE", "yes", "FALSE" and a Limit given as text, row by row; a row with neither fails alone', async () => {
		servers.api.maxPageSize = 3;
		const { outputs, error } = await run({
			items: [
				{ all: 'TRUE', limit: '' },
				{ all: 'FALSE', limit: ' 2 ' },
				{ all: 'maybe', limit: 'two' },
				{ all: 'yes', limit: '1' },
			],
			onError: 'continueRegularOutput',
			parameters: {
				resource: 'marketListing',
				operation: 'search',
				returnAll: '={{ $json.all }}',
				limit: '={{ $json.limit }}',
			},
		});
		expect(error).toBeUndefined();
		const byItem = (i: number) => outputs[0].filter((o) => (o.pairedItem as any).item === i);
		expect(byItem(0)).toHaveLength(7); // every listing of the stand-in (7), over three pages
		expect(byItem(1)).toHaveLength(2);
		expect(byItem(2)).toHaveLength(1);
		expect(byItem(2)[0].json.error).toMatch(
			/Return All \(returnAll\): must be true or false; Limit \(limit\): must be a whole number/,
		);
		expect(byItem(3)).toHaveLength(7);
	});

	it('Classification › Get Many takes Return All as text too', async () => {
		const { outputs, error } = await run({
			items: [{ all: 'true' }],
			parameters: {
				resource: 'classification',
				operation: 'getMany',
				returnAll: '={{ $json.all }}',
			},
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(5);
	});
});

describe('market filters from a sheet', () => {
	it('a price written with thousands commas and a decimal dot is read (12,950.50 EUR → 1295050 cents)', async () => {
		const { error } = await run({
			items: [{ from: '12,950.50', to: '1,250,000.00', currency: 'eur' }],
			parameters: {
				resource: 'marketListing',
				operation: 'search',
				limit: 1,
				filters: {
					priceFrom: '={{ $json.from }}',
					priceTo: '={{ $json.to }}',
					priceCurrency: '={{ $json.currency }}',
				},
			},
		});
		expect(error).toBeUndefined();
		expect(bodies('/v2/market/listings/search')[0].filters.price).toEqual({
			gte: 1295050,
			lte: 125000000,
			currency: 'EUR',
		});
	});

	it("the price fields' hint says the minor unit is the currency's own (no cents for JPY)", async () => {
		for (const name of ['priceFrom', 'priceTo']) {
			const hint = marketFilterOptions.find((o) => o.name === name)?.hint;
			expect(hint).toMatch(/minor units of Price Currency/);
			expect(hint).toMatch(/JPY/);
		}
		const { error } = await run({
			parameters: {
				resource: 'marketListing',
				operation: 'search',
				limit: 1,
				filters: { priceTo: '={{ "1500000" }}', priceCurrency: '={{ "jpy" }}' },
			},
		});
		expect(error).toBeUndefined();
		expect(bodies('/v2/market/listings/search')[0].filters.price).toEqual({
			lte: 1500000,
			currency: 'JPY',
		});
	});

	it.each(['12.950,50', '12,95', '12,950'])(
		'a price whose comma may be a decimal comma (%s) is still refused, naming the field',
		async (price) => {
			const { error } = await run({
				items: [{ price }],
				parameters: {
					resource: 'marketListing',
					operation: 'search',
					filters: { priceFrom: '={{ $json.price }}' },
				},
			});
			expect(error?.message).toMatch(/Filters › Price From \(priceFrom\): '.*' is not a number/);
			expect(servers.api.requests).toHaveLength(0);
		},
	);

	it('Side written as words or in capitals ("For Sale", "WANT_TO_BUY", "want to buy") is read as its value', async () => {
		const { error } = await run({
			items: [{ side: 'For Sale' }, { side: 'WANT_TO_BUY' }, { side: 'for sale, want to buy' }],
			parameters: {
				resource: 'marketListing',
				operation: 'searchCheap',
				limit: 1,
				filters: { side: '={{ $json.side }}' },
			},
		});
		expect(error).toBeUndefined();
		expect(bodies('/v2/market/live-feed/search').map((b) => b.filters.side)).toEqual([
			['for_sale'],
			['want_to_buy'],
			['for_sale', 'want_to_buy'],
		]);
	});
});

describe('Add Correction from a sheet', () => {
	it('a row whose cells are all blank is refused (it would append an empty watch); the other rows are sent', async () => {
		const { outputs, error } = await run({
			items: [
				{ brand: 'Rolex', ref: '126610LN', year: 2023 },
				{ brand: '', ref: null, year: '' },
			],
			onError: 'continueRegularOutput',
			parameters: {
				resource: 'classification',
				operation: 'addCorrection',
				classificationId: CLASSIFICATION,
				correctionMode: 'fields',
				watches: {
					watch: [
						{
							brand: '={{ $json.brand }}',
							reference: '={{ $json.ref }}',
							year: '={{ $json.year }}',
						},
					],
				},
			},
		});
		expect(error).toBeUndefined();
		expect(bodies(`/v2/classifications/${CLASSIFICATION}/corrections`)).toEqual([
			{ output: { watches: [{ brand: 'Rolex', reference: '126610LN', year: '2023' }] } },
		]);
		expect(outputs[0][1].json.error).toMatch(/Watches › Watch 1: no field is set/);
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
	});
});

describe('an ID WatchCollect does not know', () => {
	it('fails its own row with a 404 whose advice fits a listing (not a WAHA session); the other rows go on', async () => {
		const known = (servers.api.data.listings[0] as any).id as string;
		const unknown = '7c1e0099-1a2b-4c3d-8e4f-000000000099';
		const { outputs, error } = await run({
			items: [{ id: known }, { id: unknown }, { id: ` ${known} ` }],
			onError: 'continueErrorOutput',
			parameters: { resource: 'marketListing', operation: 'get', listingId: '={{ $json.id }}' },
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((o) => [o.json.id, o.pairedItem])).toEqual([
			[known, { item: 0 }],
			[known, { item: 2 }],
		]);
		expect(outputs[1]).toHaveLength(1);
		expect(outputs[1][0].pairedItem).toEqual({ item: 1 });

		const stopped = await run({
			items: [{ id: unknown }],
			parameters: { resource: 'marketListing', operation: 'get', listingId: '={{ $json.id }}' },
		});
		expect(stopped.error?.message).toMatch(/could not find it \(404\)/);
		expect(stopped.error?.description).toMatch(/listing/);
		expect(stopped.error?.description).not.toMatch(/WAHA/);
	});
});

describe('Options › Timeout from a sheet', () => {
	it('reads " 60000 " and a blank cell (the default); text that is no number fails its row before any request', async () => {
		const id = (servers.api.data.listings[0] as any).id as string;
		const { outputs, error } = await run({
			items: [{ t: ' 60000 ' }, { t: 'abc' }, { t: '' }],
			onError: 'continueRegularOutput',
			parameters: {
				resource: 'marketListing',
				operation: 'get',
				listingId: id,
				options: { timeout: '={{ $json.t }}' },
			},
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((o) => o.json.id ?? o.json.error)).toEqual([
			id,
			'Invalid parameter: Options › Timeout (timeout): "abc" is not a number of milliseconds, e.g. 30000',
			id,
		]);
		expect(servers.api.requests).toHaveLength(2);
	});
});
