/* eslint-disable @typescript-eslint/no-explicit-any -- tests pick the fields they check */
/**
 * Market Listing › Search, Search Cheap Listings and Get executing for real (n8n-core's
 * WorkflowExecute) against a contract stand-in (../marketApi.ts): the bodies sent (filters from
 * the panel and from expressions, prices in minor units, only the contract's keys), paging,
 * readable output, odd answers that must pass, and bad input refused before any request.
 */
import { listing, marketServers } from '../marketApi';

const { servers, run } = marketServers();
const searches = (path = '/v2/market/listings/search') =>
	servers.api.requests.filter((r) => r.path === path);
const search = (extra: Record<string, unknown> = {}) => ({
	resource: 'marketListing',
	operation: 'search',
	...extra,
});
const GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
const VIEW = '9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c01';

/** Every filter key and body key the contract's market pages show. */
const CONTRACT_BODY_KEYS = [
	'view_id',
	'filters',
	'sort',
	'page_size',
	'cursor',
	'display_currency',
	'include',
];
const CONTRACT_FILTER_KEYS = [
	'q',
	'text_search',
	'side',
	'message_type',
	'brand',
	'model',
	'reference',
	'year',
	'years',
	'price',
	'condition',
	'conditions',
	'full_set_status',
	'full_set_options',
	'dial_type',
	'dial_types',
	'variant',
	'variants',
	'country_codes',
	'phone_numbers_include',
	'phone_numbers_exclude',
	'phone_numbers',
	'group_ids',
	'message_timestamp_ms',
];

describe('Market Listing › Search', () => {
	it('Return All walks every cursor page (same body, only the cursor changes); one item per listing, paired', async () => {
		servers.api.maxPageSize = 3;
		const { outputs, error } = await run({ parameters: search({ returnAll: true }) });
		expect(error).toBeUndefined();
		expect(outputs[0].map((i) => i.json.id)).toEqual(
			servers.api.data.listings.map((l: any) => l.id),
		);
		expect(outputs[0].every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(true);
		expect(searches().map((r) => r.body)).toEqual([
			{ page_size: 200 },
			{ page_size: 200, cursor: '3' },
			{ page_size: 200, cursor: '6' },
		]);
	});

	it('Limit asks for no more than needed and stops at the limit', async () => {
		const { outputs } = await run({ parameters: search({ returnAll: false, limit: 4 }) });
		expect(outputs[0]).toHaveLength(4);
		expect(searches()).toHaveLength(1);
		expect(searches()[0].body).toEqual({ page_size: 4 });
	});

	it('sends every filter of the panel under the keys of the contract; prices in minor units', async () => {
		const { error } = await run({
			parameters: search({
				filters: {
					viewId: VIEW,
					text: ' Rolex 126610LN ',
					side: ['for_sale'],
					brand: ['Rolex'],
					model: 'Submariner, Daytona',
					reference: ['126610LN', '116500LN'],
					yearFrom: 2018,
					yearTo: 2024,
					priceFrom: 9500,
					priceTo: 12950,
					priceCurrency: 'EUR',
					condition: ['NEW'],
					dialType: ['Wimbledon'],
					variant: ['Jubilee'],
					fullSetStatus: ['full_set'],
					countryCodesInclude: '31, +852',
					countryCodesExclude: '86',
					phoneNumbersInclude: '+31 6 1234 5678',
					phoneNumbersExclude: '85212345678',
					groupIds: [GROUP],
				},
			}),
		});
		expect(error).toBeUndefined();
		expect(searches()[0].body).toEqual({
			page_size: 50,
			view_id: VIEW,
			filters: {
				q: 'Rolex 126610LN',
				side: ['for_sale'],
				brand: ['Rolex'],
				model: ['Submariner', 'Daytona'],
				reference: ['126610LN', '116500LN'],
				year: { gte: 2018, lte: 2024 },
				price: { gte: 950000, lte: 1295000, currency: 'EUR' },
				condition: ['NEW'],
				dial_type: ['Wimbledon'],
				variant: ['Jubilee'],
				full_set_status: ['full_set'],
				country_codes: { include: ['31', '852'], exclude: ['86'] },
				phone_numbers: { include: ['31612345678'], exclude: ['85212345678'] },
				group_ids: [GROUP],
			},
		});
		const body = searches()[0].body;
		for (const key of Object.keys(body)) expect(CONTRACT_BODY_KEYS).toContain(key);
		for (const key of Object.keys(body.filters)) expect(CONTRACT_FILTER_KEYS).toContain(key);
	});

	it('an empty Filters collection sends no filters (the API order, no sort)', async () => {
		await run({ parameters: search() });
		expect(searches()[0].body).toEqual({ page_size: 50 });
	});

	it('takes every filter from expressions, per item: arrays, comma-separated text, prices as text', async () => {
		const { outputs, error } = await run({
			items: [
				{ refs: ['126610LN'], max: '12 950', currency: 'usd', year: '2020' },
				{ refs: '5711/1A, 5712R', max: 98000.5, currency: 'HKD', year: 2021 },
			],
			parameters: search({
				limit: 1,
				filters: {
					reference: '={{ $json.refs }}',
					priceTo: '={{ $json.max }}',
					priceCurrency: '={{ $json.currency }}',
					yearFrom: '={{ $json.year }}',
					side: '={{ "want_to_buy" }}',
					brand: '={{ "Rolex,Patek Philippe" }}',
				},
			}),
		});
		expect(error).toBeUndefined();
		expect(searches().map((r) => r.body.filters)).toEqual([
			{
				side: ['want_to_buy'],
				brand: ['Rolex', 'Patek Philippe'],
				reference: ['126610LN'],
				year: { gte: 2020 },
				price: { lte: 1295000, currency: 'USD' },
			},
			{
				side: ['want_to_buy'],
				brand: ['Rolex', 'Patek Philippe'],
				reference: ['5711/1A', '5712R'],
				year: { gte: 2021 },
				price: { lte: 9800050, currency: 'HKD' },
			},
		]);
		expect(outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a currency without minor units is sent as it is (JPY: 1 500 000 → 1500000)', async () => {
		await run({ parameters: search({ filters: { priceFrom: 1500000, priceCurrency: 'JPY' } }) });
		expect(searches()[0].body.filters.price).toEqual({ gte: 1500000, currency: 'JPY' });
	});

	it.each([
		[{ priceTo: '={{ "12,950" }}' }, /Filters › Price To \(priceTo\): '12,950' is not a number/],
		[{ priceFrom: '={{ -5 }}' }, /Filters › Price From \(priceFrom\): -5 is negative/],
		[{ priceFrom: 20000, priceTo: 10000 }, /Filters › Price To \(priceTo\): is below Price From/],
		[
			{ priceTo: 100, priceCurrency: 'EURO' },
			/Filters › Price Currency \(priceCurrency\): "EURO" is not a currency code/,
		],
		[
			{ priceTo: '={{ 12.345 }}' },
			/Filters › Price To \(priceTo\): 12.345 has more decimals than EUR has \(2\)/,
		],
		[
			{ side: '={{ "sold" }}' },
			/Filters › Side \(side\): 'sold' is not allowed; allowed: 'for_sale', 'want_to_buy'/,
		],
		[{ yearFrom: '={{ "2020s" }}' }, /Filters › Year From \(yearFrom\): "2020s" is not a year/],
		[
			{ yearFrom: 2024, yearTo: 2020 },
			/Filters › Year To \(yearTo\): 2020 is before Year From \(2024\)/,
		],
		[
			{ countryCodesInclude: '31, NL' },
			/Filters › Country Codes \(countryCodesInclude\): 'NL' is not a country calling code/,
		],
		[
			{ phoneNumbersExclude: '0612345678' },
			/Filters › Exclude Phone Numbers \(phoneNumbersExclude\): '0612345678' is not a phone number/,
		],
		[
			{ groupIds: '={{ ["Rolex Dealers NL"] }}' },
			/Filters › Group Names or IDs \(groupIds\): 'Rolex Dealers NL' is not a group ID/,
		],
		[{ viewId: '123' }, /Filters › Saved View ID \(viewId\): "123" is not a saved view ID/],
		[
			{ brand: '={{ [{ "name": "Rolex" }] }}' },
			/Filters › Brand Names or IDs \(brand\): \{"name":"Rolex"\} is not text/,
		],
	])('refuses %j before any request, naming the field', async (filters, message) => {
		const { error } = await run({ parameters: search({ filters }) });
		expect(error?.message).toMatch(/^Invalid parameter: /);
		expect(error?.message).toMatch(message);
		expect(servers.api.requests).toHaveLength(0);
	});

	it('names every bad filter of the item at once, and the item it belongs to', async () => {
		const { outputs, error } = await run({
			items: [{ side: 'for_sale' }, { side: 'selling' }],
			onError: 'continueRegularOutput',
			parameters: search({
				limit: 1,
				filters: {
					side: '={{ $json.side }}',
					yearFrom: '={{ $json.side === "selling" ? "x" : 2020 }}',
				},
			}),
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0][0].json.id).toBeDefined();
		expect(outputs[0][1].json.error).toMatch(
			/Side \(side\): 'selling' is not allowed.*Year From \(yearFrom\): "x" is not a year/,
		);
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
		expect(searches()).toHaveLength(1);
	});

	it('Sort and Display Currency go into the body as the contract shows them', async () => {
		await run({
			parameters: search({
				options: {
					displayCurrency: 'usd',
					sort: { sortBy: { field: 'message_timestamp_ms', direction: 'desc' } },
				},
			}),
		});
		expect(searches()[0].body).toEqual({
			page_size: 50,
			display_currency: 'USD',
			sort: [{ field: 'message_timestamp_ms', direction: 'desc' }],
		});
	});

	it.each([
		[
			{ displayCurrency: 'US$' },
			/Options › Display Currency \(displayCurrency\): "US\$" is not a currency code/,
		],
		[
			{ sort: { sortBy: { field: '={{ "price" }}', direction: 'desc' } } },
			/Options › Sort \(sort\): field 'price' is not one WatchCollect documents/,
		],
		[
			{ sort: { sortBy: { field: 'message_timestamp_ms', direction: '={{ "asc" }}' } } },
			/Options › Sort \(sort\): direction 'asc' is not one WatchCollect documents/,
		],
	])('refuses the option %j before any request', async (options, message) => {
		const { error } = await run({ parameters: search({ options }) });
		expect(error?.message).toMatch(message);
		expect(servers.api.requests).toHaveLength(0);
	});

	it('keeps every API field and adds readable prices and the comparison with the median', async () => {
		servers.api.data.listings = [
			listing(1, {
				price: { amount_minor: 1295000, currency: 'EUR' },
				display_price: { amount_minor: 1400050, currency: 'USD' },
				price_eur_minor: 1295000,
				price_indicator: {
					comparable_count: 12,
					median_price_eur_minor: 1410000,
					delta_eur_minor: -115000,
					delta_percent: -8.16,
				},
			}),
			listing(2, {
				price: { amount_minor: 9800000, currency: 'HKD' },
				price_indicator: { comparable_count: 1, median_price_eur_minor: 1000000, delta_percent: 4 },
			}),
		];
		const { outputs } = await run({ parameters: search() });
		const [first, second] = outputs[0].map((i) => i.json);
		expect(first).toMatchObject({
			...(servers.api.data.listings[0] as object),
			price_amount: 12950,
			price_formatted: '€12,950',
			display_price_amount: 14000.5,
			display_price_formatted: '$14,000.50',
			price_eur: 12950,
			price_eur_formatted: '€12,950',
			price_vs_median: '8.2% below the median (€14,100) of 12 comparable listings',
		});
		expect(first.price_indicator).toMatchObject({
			delta_percent: -8.16,
			delta_eur: -1150,
			delta_eur_formatted: '-€1,150',
			median_price_eur_formatted: '€14,100',
		});
		expect(second).toMatchObject({
			price_formatted: 'HK$98,000',
			price_vs_median: '4% above the median (€10,000) of 1 comparable listing',
		});
	});

	it('passes odd answers: nulls, other types, extra fields, unknown values, no has_more/total', async () => {
		const odd = {
			id: '7c1e9999-1a2b-4c3d-8e4f-000000009999',
			brand: null,
			price: null,
			display_price: { amount_minor: '12950', currency: 'EUR' },
			price_eur_minor: null,
			price_indicator: { delta_percent: null, comparable_count: null },
			sender: null,
			source: { is_hidden: 'maybe' },
			full_set_status: 'full_set',
			side: 'for_trade',
			condition: 'MINT',
			something_new: { nested: [1, 2] },
		};
		servers.api.routes['POST /v2/market/listings/search'] = () => ({
			status: 200,
			body: { items: [odd], has_more: false, total: null, next_cursor: null, extra: true },
		});
		const { outputs, error } = await run({ parameters: search() });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json).toEqual(odd);
	});

	it('pages on next_cursor when has_more is absent, and stops on a cursor it has already read', async () => {
		let calls = 0;
		servers.api.routes['POST /v2/market/listings/search'] = () => {
			calls++;
			const cursor = calls >= 3 ? 'c2' : `c${calls}`; // the third page repeats c2
			return { status: 200, body: { items: [listing(calls)], next_cursor: cursor } };
		};
		const { outputs, error } = await run({ parameters: search({ returnAll: true }) });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(3);
		expect(searches().map((r) => r.body.cursor)).toEqual([undefined, 'c1', 'c2']);
	});

	it('a search whose answer is lost is repeated by the node (it only reads), with the same body', async () => {
		const answer = servers.api.routes['POST /v2/market/listings/search'];
		let calls = 0;
		servers.api.routes['POST /v2/market/listings/search'] = (r) =>
			++calls === 1 ? { status: 0 } : answer(r);
		const { outputs, error } = await run({
			parameters: search({ limit: 2, filters: { brand: ['Rolex'] } }),
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		expect(searches().map((r) => r.body)).toEqual([
			{ page_size: 2, filters: { brand: ['Rolex'] } },
			{ page_size: 2, filters: { brand: ['Rolex'] } },
		]);
	});

	it('a listing without an id is the one thing refused (the node hands ids to Get and the trigger)', async () => {
		servers.api.routes['POST /v2/market/listings/search'] = () => ({
			status: 200,
			body: { items: [{ brand: 'Rolex' }], has_more: false, next_cursor: null },
		});
		const { error } = await run({ parameters: search() });
		expect(error?.message).toMatch(/does not match the API contract: items\.0\.id/);
	});
});

describe('Market Listing › Search Cheap Listings', () => {
	it('POSTs the same filters to the live feed and outputs its listings, readable', async () => {
		const { outputs, error } = await run({
			parameters: {
				resource: 'marketListing',
				operation: 'searchCheap',
				returnAll: true,
				filters: { brand: ['Rolex'], priceTo: '={{ "12 000" }}', countryCodesExclude: '86' },
				options: { displayCurrency: 'EUR' },
			},
		});
		expect(error).toBeUndefined();
		const [request] = searches('/v2/market/live-feed/search');
		expect(request.body).toEqual({
			page_size: 200,
			display_currency: 'EUR',
			filters: {
				brand: ['Rolex'],
				price: { lte: 1200000, currency: 'EUR' },
				country_codes: { exclude: ['86'] },
			},
		});
		expect(outputs[0].length).toBeGreaterThan(0);
		for (const item of outputs[0]) expect(item.json.price_vs_median).toMatch(/% below the median/);
	});
});

describe('Market Listing › Get', () => {
	it('GETs one listing by its id and outputs it readable', async () => {
		const wanted = servers.api.data.listings[2] as any;
		const { outputs, error } = await run({
			parameters: {
				resource: 'marketListing',
				operation: 'get',
				listingId: `={{ " ${wanted.id} " }}`,
			},
		});
		expect(error).toBeUndefined();
		expect(servers.api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /v2/market/listings/${wanted.id}`,
		]);
		expect(outputs[0][0].json).toMatchObject({ ...wanted, price_formatted: '€10,300' });
	});

	it("refuses an ID that is not a UUID before any request, and an unknown one is the API's 404", async () => {
		const bad = await run({
			parameters: { resource: 'marketListing', operation: 'get', listingId: '126610LN' },
		});
		expect(bad.error?.message).toMatch(/Listing ID \(listingId\): '126610LN' is not a listing ID/);
		expect(servers.api.requests).toHaveLength(0);
		const missing = await run({
			parameters: {
				resource: 'marketListing',
				operation: 'get',
				listingId: '7c1e0000-1a2b-4c3d-8e4f-000000000000',
			},
		});
		expect(missing.error?.message).toMatch(/could not find it \(404\): No listing has this id/);
	});
});
