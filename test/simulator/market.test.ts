/**
 * The simulator's market and classification modules over HTTP, against numbers worked out by hand
 * (the comments show the arithmetic). The tests use references the seed does not hold (126500LN,
 * 126334, 124060, 5726/1A), so their listings are exactly the ones a test adds.
 *
 * Rates (EUR per unit, README › Market): USD 0.92, GBP 1.17, CHF 1.05, HKD 0.118.
 */
import { startSimulator, type Simulator } from './simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests pick the fields they check
type Json = any;
const auth = { authorization: 'Bearer sim-valid-token', 'content-type': 'application/json' };
async function call(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: auth,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json().catch(() => null)) as Json };
}
const NL = '31612345678';
const HK = '85291234567';
const UK = '447700900123';
const CH = '41791234567';
const ROLEX_GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01';
const PATEK_GROUP = '3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e02';

/**
 * Six 126500LN listings:
 *   EUR  24,000 (NL, 2024)        → 2,400,000 EUR minor
 *   USD  27,000 (HK, 2023)        → 2,700,000 × 0.92 = 2,484,000
 *   GBP  20,000 (UK, 2023)        → 2,000,000 × 1.17 = 2,340,000
 *   CHF  20,000 (CH, 2022)        → 2,000,000 × 1.05 = 2,100,000
 *   WTB  EUR 22,000 (NL)          → 2,200,000, want to buy (not a comparable)
 *   EUR  15,000 (CH, 2024) hidden → 1,500,000, hidden (not a comparable)
 */
function addDaytonas() {
	const add = (text: string, phone: string, extra: Record<string, unknown> = {}) =>
		sim.market.addListingMessage({ text, phone, group_ids: [ROLEX_GROUP], ...extra }).listings;
	return {
		eur: add('WTS Rolex 126500LN 2024 full set EUR 24.000', NL)[0],
		usd: add('WTS 126500LN 2023 full set USD 27,000', HK, { group_ids: [PATEK_GROUP] })[0],
		gbp: add('FS 126500LN 2023 full set GBP 20,000', UK)[0],
		chf: add('WTS 126500LN 2022 watch only CHF 20,000', CH)[0],
		wtb: add('WTB 126500LN, budget EUR 22.000', NL, { intent: 'buying' })[0],
		hidden: add('WTS 126500LN 2024 full set EUR 15.000', CH, { is_hidden: true })[0],
	};
}
const DAYTONA = { filters: { reference: ['126500LN'] } };

describe('listings from messages', () => {
	it('reads several watches, their prices, currencies and sides from one message', () => {
		const { message, listings } = sim.market.addListingMessage({
			text: 'WTS\n126334 Wimbledon dial 2023 full set EUR 13.500\n124060 2022 watch only GBP 8,900\nWTB 5726/1A',
			phone: HK,
		});
		expect(listings.map((l: Json) => [l.watch_index, l.brand, l.reference])).toEqual([
			[0, 'Rolex', '126334'],
			[1, 'Rolex', '124060'],
			[2, 'Patek Philippe', '5726/1A'],
		]);
		expect(listings[0]).toMatchObject({
			model: 'Datejust 41',
			year: 2023,
			dial_type: 'Wimbledon',
			price: { amount_minor: 1350000, currency: 'EUR' },
			price_eur_minor: 1350000,
			full_set_status: ['FULL_SET'],
			sender: { phone_number: HK, country_prefix: '852' },
			source: { canonical_message_id: message.id, is_hidden: false, is_revoked: false },
		});
		// GBP 8,900 → 890,000 × 1.17 = 1,041,300
		expect(listings[1]).toMatchObject({
			price: { amount_minor: 890000, currency: 'GBP' },
			price_eur_minor: 1041300,
			full_set_status: ['WATCH_ONLY'],
		});
		expect(listings[2]).toMatchObject({
			price: null,
			price_eur_minor: null,
			price_indicator: null,
		});
		expect(listings.map((l: Json) => l.extraction_context.intent)).toEqual([
			'for_sale',
			'for_sale',
			'want_to_buy',
		]);
		expect(new Set(listings.map((l: Json) => l.id)).size).toBe(3);
	});

	it.each([
		['WTS 126334 EUR 11.900', 1190000, 'EUR'],
		['WTS 126334 HKD 1,080,000', 108000000, 'HKD'],
		['WTS 126334 USD 12.5k', 1250000, 'USD'],
		['WTS 126334 £9,250', 925000, 'GBP'],
		['WTS 126334 14500 CHF', 1450000, 'CHF'],
	])('reads the price of %j', (text, amount, currency) => {
		const [listing] = sim.market.addListingMessage({ text }).listings;
		expect(listing.price).toEqual({ amount_minor: amount, currency });
	});
});

describe('price indicator (negative = cheaper than the median)', () => {
	it('compares each listing with the median of the other for-sale listings of its reference', async () => {
		const d = addDaytonas();
		const got = await call('POST', '/v2/market/listings/search', DAYTONA);
		expect(got.status).toBe(200);
		const byId = new Map(got.body.items.map((l: Json) => [l.id, l.price_indicator]));
		// EUR: others 2,100,000 2,340,000 2,484,000 → median 2,340,000; +60,000 = +2.564 % → 2.6
		expect(byId.get(d.eur.id)).toEqual({
			comparable_count: 3,
			median_price_eur_minor: 2340000,
			delta_eur_minor: 60000,
			delta_percent: 2.6,
		});
		// USD: others 2,100,000 2,340,000 2,400,000 → 2,340,000; +144,000 = +6.154 % → 6.2
		expect(byId.get(d.usd.id)).toMatchObject({ delta_eur_minor: 144000, delta_percent: 6.2 });
		// CHF: others 2,340,000 2,400,000 2,484,000 → 2,400,000; −300,000 = −12.5 %
		expect(byId.get(d.chf.id)).toEqual({
			comparable_count: 3,
			median_price_eur_minor: 2400000,
			delta_eur_minor: -300000,
			delta_percent: -12.5,
		});
		// WTB: all four for-sale → (2,340,000 + 2,400,000) / 2 = 2,370,000; −170,000 = −7.17 % → −7.2
		expect(byId.get(d.wtb.id)).toEqual({
			comparable_count: 4,
			median_price_eur_minor: 2370000,
			delta_eur_minor: -170000,
			delta_percent: -7.2,
		});
		// hidden: 1,500,000 − 2,370,000 = −870,000 = −36.71 % → −36.7
		expect(byId.get(d.hidden.id)).toMatchObject({ comparable_count: 4, delta_percent: -36.7 });
	});

	it('the live feed holds the for-sale listings at least 10 % under their median', async () => {
		const d = addDaytonas();
		const feed = await call('POST', '/v2/market/live-feed/search', DAYTONA);
		expect(feed.status).toBe(200);
		// CHF (−12.5 %) and the hidden one (−36.7 %); the WTB (−7.2 %) is not for sale
		expect(feed.body.items.map((l: Json) => l.id).sort()).toEqual([d.chf.id, d.hidden.id].sort());
		expect(feed.body.total).toBe(2);
		// a threshold of 15 % leaves only the hidden one
		await fetch(`${sim.url}/__sim/market`, {
			method: 'PUT',
			body: JSON.stringify({ cheap_threshold_pct: 15 }),
		});
		const stricter = await call('POST', '/v2/market/live-feed/search', DAYTONA);
		expect(stricter.body.items.map((l: Json) => l.id)).toEqual([d.hidden.id]);
	});

	it('a cheap listing added at runtime (POST /__sim/market/cheap-listing) lands in the live feed', async () => {
		addDaytonas();
		const added = await fetch(`${sim.url}/__sim/market/cheap-listing`, {
			method: 'POST',
			body: JSON.stringify({ reference: '126500LN', percent_below: 20, currency: 'EUR' }),
		});
		expect(added.status).toBe(200);
		const { listings } = (await added.json()) as Json;
		// median of the four comparables 2,370,000 × 0.8 = 1,896,000 → "EUR 18960"
		expect(listings[0].price).toEqual({ amount_minor: 1896000, currency: 'EUR' });
		expect(listings[0].price_indicator).toMatchObject({ comparable_count: 4, delta_percent: -20 });
		const feed = await call('POST', '/v2/market/live-feed/search', DAYTONA);
		expect(feed.body.items[0].id).toBe(listings[0].id); // newest first
	});
});

describe('references search', () => {
	it('aggregates counts and min / avg / median / max of the comparables per reference', async () => {
		addDaytonas();
		const got = await call('POST', '/v2/market/references/search', {
			...DAYTONA,
			display_currency: 'USD',
		});
		expect(got.status).toBe(200);
		expect(got.body).toMatchObject({ total: 1, has_more: false, next_cursor: null });
		expect(got.body.items[0]).toMatchObject({
			brand: 'Rolex',
			reference: '126500LN',
			model: 'Cosmograph Daytona',
			listing_count: 6,
			for_sale_count: 5,
			want_to_buy_count: 1,
			// for sale, priced, not hidden: 2,100,000 2,340,000 2,400,000 2,484,000
			min_price_eur_minor: 2100000,
			max_price_eur_minor: 2484000,
			avg_price_eur_minor: 2331000, // 9,324,000 / 4
			median_price_eur_minor: 2370000,
			display_median_price: { amount_minor: 2576087, currency: 'USD' }, // 2,370,000 / 0.92
			display_min_price: { amount_minor: 2282609, currency: 'USD' }, // 2,100,000 / 0.92
		});
	});

	it('pages the seeded references with a cursor', async () => {
		const seen: string[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const got: Json = await call('POST', '/v2/market/references/search', {
				page_size: 2,
				...(cursor ? { cursor } : {}),
			});
			expect(got.status).toBe(200);
			seen.push(...got.body.items.map((a: Json) => `${a.brand} ${a.reference}`));
			cursor = got.body.next_cursor;
			expect(got.body.has_more).toBe(cursor !== null);
			pages++;
		} while (cursor && pages < 20);
		expect(new Set(seen).size).toBe(seen.length);
		// the seed offers these (and more)
		for (const ref of [
			'Rolex 126610LN',
			'Rolex 126710BLRO',
			'Rolex 116500LN',
			'Patek Philippe 5711/1A',
			'Patek Philippe 5167A',
			'Audemars Piguet 15500ST',
		]) {
			expect(seen).toContain(ref);
		}
		expect(pages).toBe(Math.ceil(seen.length / 2));
	});
});

describe('filters', () => {
	it('combines keys with AND and ignores (but records) unknown keys', async () => {
		const d = addDaytonas();
		const got = await call('POST', '/v2/market/listings/search', {
			filters: { reference: ['126500LN'], country_codes: { include: ['41'] }, colour: ['red'] },
		});
		expect(got.body.items.map((l: Json) => l.id).sort()).toEqual([d.chf.id, d.hidden.id].sort());
		expect(sim.market.ignoredFilterKeys).toEqual([
			{ path: '/v2/market/listings/search', keys: ['colour'] },
		]);
		const side = await call('POST', '/v2/market/listings/search', {
			filters: { reference: ['126500lN'], side: ['want_to_buy'] },
		});
		expect(side.body.items.map((l: Json) => l.id)).toEqual([d.wtb.id]);
	});

	it('compares a price range in its currency (minor units)', async () => {
		const d = addDaytonas();
		const eur = await call('POST', '/v2/market/listings/search', {
			filters: { reference: ['126500LN'], price: { gte: 2300000, lte: 2450000, currency: 'EUR' } },
		});
		// 2,340,000 (GBP listing) and 2,400,000 (EUR listing)
		expect(eur.body.items.map((l: Json) => l.id).sort()).toEqual([d.gbp.id, d.eur.id].sort());
		const usd = await call('POST', '/v2/market/listings/search', {
			filters: { reference: ['126500LN'], price: { lte: 2600000, currency: 'USD' } },
		});
		// in USD: EUR 2,400,000/0.92 = 2,608,696 ✗, the USD one 2,700,000 ✗; GBP 2,543,478 ✓,
		// CHF 2,282,609 ✓, WTB 2,391,304 ✓, hidden 1,630,435 ✓
		expect(usd.body.items.map((l: Json) => l.id).sort()).toEqual(
			[d.gbp.id, d.chf.id, d.wtb.id, d.hidden.id].sort(),
		);
	});

	it('filters on years, groups and phone numbers', async () => {
		const d = addDaytonas();
		const year = await call('POST', '/v2/market/listings/search', {
			filters: { reference: ['126500LN'], year: { gte: 2023, lte: 2023 } },
		});
		expect(year.body.items.map((l: Json) => l.id).sort()).toEqual([d.usd.id, d.gbp.id].sort());
		const group = await call('POST', '/v2/market/listings/search', {
			filters: { reference: ['126500LN'], group_ids: [PATEK_GROUP] },
		});
		expect(group.body.items.map((l: Json) => l.id)).toEqual([d.usd.id]);
		const phones = await call('POST', '/v2/market/listings/search', {
			filters: { reference: ['126500LN'], phone_numbers: { exclude: [NL, CH] } },
		});
		expect(phones.body.items.map((l: Json) => l.id).sort()).toEqual([d.usd.id, d.gbp.id].sort());
	});

	it('pages listings with a cursor and converts display prices', async () => {
		const d = addDaytonas();
		const ids: string[] = [];
		let cursor: string | null = null;
		for (let i = 0; i < 3; i++) {
			const got: Json = await call('POST', '/v2/market/listings/search', {
				...DAYTONA,
				page_size: 2,
				display_currency: 'CHF',
				...(cursor ? { cursor } : {}),
			});
			expect(got.body.total).toBe(6);
			ids.push(...got.body.items.map((l: Json) => l.id));
			cursor = got.body.next_cursor;
			if (i === 0) {
				// newest first: the hidden one was added last; 1,500,000 / 1.05 = 1,428,571
				expect(got.body.items[0].display_price).toEqual({ amount_minor: 1428571, currency: 'CHF' });
			}
		}
		expect(cursor).toBeNull();
		expect(new Set(ids)).toEqual(new Set(Object.values(d).map((l: Json) => l.id)));
		// a listing in CHF keeps its own amount
		const chf = await call('POST', '/v2/market/listings/search', {
			filters: {
				reference: ['126500LN'],
				country_codes: { include: ['41'] },
				year: { values: [2022] },
			},
			display_currency: 'CHF',
		});
		expect(chf.body.items[0].display_price).toEqual({ amount_minor: 2000000, currency: 'CHF' });
	});

	it.each([
		[{ filters: { brand: 'Rolex' } }, 'filters.brand'],
		[{ filters: { price: { lte: '12000' } } }, 'filters.price'],
		[{ display_currency: 'EURO' }, 'display_currency'],
		[{ filter: {} }, 'filter'],
		[{ page_size: 500 }, 'page_size'],
		[{ sort: [{ field: 'year', direction: 'up' }] }, 'sort'],
	])('refuses %j with 422 naming %s', async (body, field) => {
		const got = await call('POST', '/v2/market/listings/search', body);
		expect(got.status).toBe(422);
		expect(got.body.error.field).toBe(field);
	});

	it('sorts by the first sort item (price ascending)', async () => {
		const d = addDaytonas();
		const got = await call('POST', '/v2/market/listings/search', {
			...DAYTONA,
			sort: [{ field: 'price_eur_minor', direction: 'asc' }],
		});
		expect(got.body.items.map((l: Json) => l.id)).toEqual(
			[d.hidden, d.chf, d.wtb, d.gbp, d.eur, d.usd].map((l: Json) => l.id),
		);
	});
});

describe('facets', () => {
	it('counts each dimension under every filter except its own', async () => {
		addDaytonas();
		const got = await call('POST', '/v2/market/facets', {
			filters: { reference: ['126500LN'], years: [2024], brand: ['Omega'] },
		});
		expect(got.status).toBe(200);
		// brands ignore brand=Omega but keep 126500LN + 2024: the EUR and the hidden listing
		expect(got.body.brands).toEqual([{ value: 'Rolex', count: 2 }]);
		// years ignore years=[2024] but keep brand=Omega: nothing is both Omega and 126500LN
		expect(got.body.years).toEqual([]);
		const years = await call('POST', '/v2/market/facets', {
			filters: { reference: ['126500LN'], years: [2024] },
		});
		expect(years.body.years).toEqual([
			{ value: 2023, count: 2 },
			{ value: 2024, count: 2 },
			{ value: 2022, count: 1 },
		]);
		// 2024: NL (EUR) and CH (hidden)
		expect(years.body.country_codes).toEqual([
			{ value: '31', count: 1 },
			{ value: '41', count: 1 },
		]);
		expect(years.body.groups).toEqual([
			{ value: ROLEX_GROUP, count: 2, label: 'Rolex Dealers NL' },
		]);
		// price range of the 2024 listings: 1,500,000 .. 2,400,000 EUR
		expect(years.body.price_range).toEqual({
			currency: 'EUR',
			min_minor: 1500000,
			max_minor: 2400000,
		});
	});

	it('lists the seeded brands with counts', async () => {
		const got = await call('POST', '/v2/market/facets', {});
		const brands = got.body.brands.map((b: Json) => b.value);
		expect(brands).toEqual(
			expect.arrayContaining(['Rolex', 'Patek Philippe', 'Audemars Piguet', 'Omega', 'Tudor']),
		);
		expect(got.body.brands[0].value).toBe('Rolex');
		expect(got.body.brands.every((b: Json) => b.count > 0)).toBe(true);
	});
});

describe('one listing', () => {
	it('GET /v2/market/listings/{id}, in a display currency; 404 and 422', async () => {
		const d = addDaytonas();
		const got = await call('GET', `/v2/market/listings/${d.eur.id}?display_currency=USD`);
		expect(got.status).toBe(200);
		expect(got.body).toMatchObject({
			id: d.eur.id,
			price: { amount_minor: 2400000, currency: 'EUR' },
			display_price: { amount_minor: 2608696, currency: 'USD' }, // 2,400,000 / 0.92
		});
		expect(
			(await call('GET', '/v2/market/listings/0b8c1f1e-0000-4000-8000-000000000000')).status,
		).toBe(404);
		expect((await call('GET', '/v2/market/listings/nope')).status).toBe(422);
	});
});

describe('classifications', () => {
	it('lists one classification per completed message, paged on next_cursor alone', async () => {
		const completed = sim.messages.sorted().filter((m) => m.classification_status === 'completed');
		const ids: string[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const got: Json = await call(
				'GET',
				`/v2/classifications?page_size=10${cursor ? `&cursor=${cursor}` : ''}`,
			);
			expect(got.status).toBe(200);
			expect(Object.keys(got.body).sort()).toEqual(['items', 'next_cursor']);
			ids.push(...got.body.items.map((c: Json) => c.canonical_message_id));
			cursor = got.body.next_cursor;
			pages++;
		} while (cursor && pages < 50);
		expect(ids.sort()).toEqual(completed.map((m) => m.card.id).sort());
		expect(pages).toBe(Math.ceil(completed.length / 10));
	});

	it('GET one shows its watches; corrections are appended as WriteAcks', async () => {
		const { listings } = sim.market.addListingMessage({
			text: 'WTS 126334 2023 full set EUR 13.500\n124060 GBP 8,900',
		});
		const id = listings[0].classification_id;
		const one = await call('GET', `/v2/classifications/${id}`);
		expect(one.status).toBe(200);
		expect(one.body.watches).toHaveLength(2);
		expect(one.body.watches[0]).toMatchObject({
			brand: 'Rolex',
			reference: '126334',
			year: '2023',
			price_amount: 13500,
			currency_code: 'EUR',
			expected_price_usd: 14673.91, // 1,350,000 / 0.92 = 1,467,391 cents
		});
		const output = { watches: [{ brand: 'Rolex', reference: '126334', year: '2022' }] };
		for (let i = 0; i < 2; i++) {
			const ack = await call('POST', `/v2/classifications/${id}/corrections`, { output });
			expect(ack.status).toBe(200);
			expect(ack.body).toMatchObject({
				status: 'accepted',
				event_ids: [expect.any(String)],
				request_id: expect.stringMatching(/^req_/),
				resource_id: id,
			});
		}
		expect(sim.classifications.corrections.map((c) => c.output)).toEqual([output, output]);
		const missing = await call('POST', `/v2/classifications/${id}/corrections`, {});
		expect([missing.status, missing.body.error.field]).toEqual([422, 'output']);
		const unknown = await call(
			'POST',
			'/v2/classifications/0b8c1f1e-0000-4000-8000-000000000000/corrections',
			{ output },
		);
		expect(unknown.status).toBe(404);
		expect(sim.classifications.corrections).toHaveLength(2);
	});
});

describe('loose answers', () => {
	it('writes nulls and extra fields into market and classification answers', async () => {
		sim.setAnswers('loose');
		const d = addDaytonas();
		const got = await call('POST', '/v2/market/listings/search', { ...DAYTONA, page_size: 2 });
		expect(got.status).toBe(200);
		expect(got.body).toMatchObject({
			total: null,
			has_more: true,
			x_unknown_field: expect.any(String),
		});
		expect(got.body.items[0]).toMatchObject({
			id: d.hidden.id,
			model: null,
			year: null,
			display_price: null,
			price_eur_minor: 1500000,
			extraction_context: { intent: 'trade' },
			x_unknown_field: expect.any(String),
		});
		const refs = await call('POST', '/v2/market/references/search', DAYTONA);
		expect(refs.body.items[0]).toMatchObject({ model: null, median_price_eur_minor: 2370000 });
		const facets = await call('POST', '/v2/market/facets', DAYTONA);
		expect(facets.body.price_range).toBeNull();
		const all = await call('GET', '/v2/classifications?page_size=200');
		expect(all.body).not.toHaveProperty('next_cursor');
		const ack = await call('POST', `/v2/classifications/${d.eur.classification_id}/corrections`, {
			output: { watches: [] },
		});
		expect(ack.body).toMatchObject({ status: 'accepted', resource_id: null });
	});
});

describe('Slack-style webhook stand-in', () => {
	it('records what is posted to /__sim/webhooks/… and answers 200 "ok"', async () => {
		const response = await fetch(`${sim.url}/__sim/webhooks/slack/services/T000/B000/XXX`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ text: 'Cheap Rolex 126610LN' }),
		});
		expect([response.status, await response.text()]).toEqual([200, 'ok']);
		const list = (await (await fetch(`${sim.url}/__sim/webhooks`)).json()) as Json[];
		expect(list).toEqual([
			{
				path: '/__sim/webhooks/slack/services/T000/B000/XXX',
				body: { text: 'Cheap Rolex 126610LN' },
				received_at_ms: expect.any(Number),
			},
		]);
		expect(sim.requests).toHaveLength(0); // control endpoints are not recorded
	});
});
