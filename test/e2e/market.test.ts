/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * The market and classification operations in a real n8n (`n8n execute`), with the packed package
 * installed as Community Nodes installs it and the API simulated: the fixtures in ./market, then
 * the example workflow examples/weekly-reference-price-sheet (its Manual Trigger). Each test checks
 * the node outputs in n8n's run data AND the requests the simulator saw; expected listings are
 * worked out here from the simulator's listings with the test's own predicates.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { startSimulator, type RecordedRequest, type Simulator } from '../simulator/simulator';
import {
	REPO_ROOT,
	cleanUpAfterAll,
	findExecution,
	freePort,
	importWorkflows,
	makeUserFolder,
	n8nEnv,
	runN8n,
	type RunResult,
	type ExecutionOf,
} from '../support/n8n';

const DIR = path.join(__dirname, 'market');
const TOKEN = `e2e-market-token-${randomBytes(6).toString('hex')}`;
const CREDENTIAL = { id: 'wcE2eMktCred0001', name: 'WatchCollect simulator (market)' };
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'weekly-reference-price-sheet.workflow.json');
/** EUR per unit (test/simulator/README.md › Market). */
const RATES: Record<string, number> = { EUR: 1, USD: 0.92, GBP: 1.17, CHF: 1.05, HKD: 0.118 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests pick the fields they check
type Json = Record<string, any>;
interface Item {
	json: Json;
	pairedItem?: { item: number } | Array<{ item: number }>;
}
type Execution = ExecutionOf<Item>;
interface Run {
	result: RunResult;
	execution?: Execution;
	requests: RecordedRequest[];
}

/** A listing's price in a currency's minor units, as the contract's filters compare it. */
const priceIn = (l: Json, currency: string) =>
	l.price?.currency === currency
		? l.price.amount_minor
		: Math.round(l.price_eur_minor / RATES[currency]);
const median = (values: number[]) => {
	const v = [...values].sort((a, b) => a - b);
	const mid = Math.floor(v.length / 2);
	return v.length % 2 ? v[mid] : Math.round((v[mid - 1] + v[mid]) / 2);
};

describe('Market and Classification operations in a real n8n (n8n execute)', () => {
	let sim: Simulator | undefined;
	let userFolder: string | undefined;
	/** The simulator's listings before any workflow ran (EUR display). */
	let listings: Json[] = [];
	const runs = new Map<string, Run>();

	beforeAll(async () => {
		const simulator = await startSimulator({ tokens: { valid: [TOKEN], otherTenant: [] } });
		sim = simulator;
		listings = simulator.market.listings() as Json[];
		userFolder = makeUserFolder();
		const env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		// The example as a user sets it up: their credential.
		const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
		for (const node of example.nodes) {
			if (node.credentials?.watchCollectApi) node.credentials.watchCollectApi = CREDENTIAL;
		}
		const ids = await importWorkflows(
			env,
			{ ...CREDENTIAL, accessToken: TOKEN, baseUrl: simulator.url },
			DIR,
			{ example },
		);
		for (const [name, id] of ids) {
			const before = simulator.requests.length;
			const result = await runN8n(['execute', `--id=${id}`, '--rawOutput'], env);
			runs.set(name, {
				result,
				execution: findExecution<Execution>(result.stdout),
				requests: simulator.requests.slice(before),
			});
		}
	}, 420_000);

	cleanUpAfterAll(() => ({ sim, userFolder }));

	function runOf(name: string, status: 'success' | 'error') {
		const run = [...runs.entries()].find(([file]) => file.startsWith(name))?.[1];
		if (!run) throw new Error(`${name} was not run`);
		const out = `exit ${run.result.code} (signal ${run.result.signal})\n${run.result.stdout.slice(-4000)}\n${run.result.stderr.slice(-4000)}`;
		if (!run.execution) throw new Error(`${name}: no execution printed\n${out}`);
		if (run.execution.status !== status)
			throw new Error(
				`${name}: status ${run.execution.status} ${JSON.stringify(run.execution.data.resultData.error)}\n${out}`,
			);
		return run as Run & { execution: Execution };
	}
	const items = (run: { execution: Execution }, node: string): Item[] =>
		run.execution.data.resultData.runData[node]?.[0]?.data?.main[0] ?? [];
	const posts = (run: Run, p: string) =>
		run.requests.filter((r) => r.method === 'POST' && r.path === p);
	const pairedTo = (item: Item) =>
		Array.isArray(item.pairedItem) ? item.pairedItem[0]?.item : item.pairedItem?.item;

	it('Market Listing › Search: filters from expressions, per item, sent as the contract spells them', () => {
		const run = runOf('41-', 'success');
		const searches = posts(run, '/v2/market/listings/search');
		expect(searches.map((r) => r.body.filters)).toEqual([
			{
				brand: ['Rolex'],
				reference: ['126610LN', '126710BLRO'],
				year: { gte: 2023 },
				price: { lte: 1300000, currency: 'EUR' },
				country_codes: { include: ['31', '852'] },
			},
			{
				brand: ['Patek Philippe'],
				reference: ['5711/1A'],
				year: { gte: 2020 },
				price: { lte: 110000000, currency: 'HKD' },
				country_codes: { include: ['852'] },
			},
		]);
		// no key the API would silently ignore
		expect(sim!.market.ignoredFilterKeys).toEqual([]);

		const out = items(run, 'Search Listings');
		const wanted = [
			{
				brands: ['Rolex'],
				refs: ['126610LN', '126710BLRO'],
				year: 2023,
				max: 1300000,
				cur: 'EUR',
				cc: ['31', '852'],
			},
			{
				brands: ['Patek Philippe'],
				refs: ['5711/1A'],
				year: 2020,
				max: 110000000,
				cur: 'HKD',
				cc: ['852'],
			},
		];
		wanted.forEach((w, i) => {
			const expected = listings.filter(
				(l) =>
					w.brands.includes(l.brand) &&
					w.refs.includes(l.reference) &&
					l.year !== null &&
					l.year >= w.year &&
					l.price_eur_minor !== null &&
					priceIn(l, w.cur) <= w.max &&
					w.cc.includes(l.sender.country_prefix),
			);
			expect(expected.length).toBeGreaterThan(0);
			const got = out.filter((o) => pairedTo(o) === i);
			expect(got.map((o) => o.json.id).sort()).toEqual(expected.map((l) => l.id).sort());
		});
		// readable twins next to the API's fields
		const eur = out.find(
			(o) => o.json.price?.currency === 'EUR' && o.json.price.amount_minor === 1295000,
		);
		expect(eur?.json.price_formatted).toBe('€12,950');
	});

	it('Market Listing › Search Cheap Listings (display currency) → Get', () => {
		const run = runOf('41-', 'success');
		const [feed] = posts(run, '/v2/market/live-feed/search');
		expect(feed.body).toMatchObject({ filters: { brand: ['Rolex'] }, display_currency: 'USD' });
		const cheap = items(run, 'Search Cheap Listings');
		// the simulator's live feed: for-sale Rolex listings 10 % or more under their median
		const expected = listings.filter(
			(l) =>
				l.brand === 'Rolex' &&
				l.extraction_context.intent === 'for_sale' &&
				l.price_indicator !== null &&
				l.price_indicator.delta_percent <= -10,
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(cheap.map((c) => c.json.id).sort()).toEqual(expected.map((l) => l.id).sort());
		for (const c of cheap) {
			expect(c.json.price_indicator.delta_eur_minor).toBeLessThan(0);
			expect(c.json.display_price.currency).toBe('USD');
			expect(c.json.price_vs_median).toMatch(/below the median/);
		}
		const got = items(run, 'Get Listing');
		expect(got.map((g) => g.json.id)).toEqual(cheap.map((c) => c.json.id));
		expect(run.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual(
			cheap.map((c) => `/v2/market/listings/${c.json.id}`),
		);
	});

	it('Market Reference › Search: counts and min / average / median / max per reference; Market Facet › Get', () => {
		const run = runOf('42-', 'success');
		const [search] = posts(run, '/v2/market/references/search');
		expect(search.body).toMatchObject({
			filters: { brand: ['Rolex'], reference: ['126610LN', '116500LN'] },
			display_currency: 'USD',
		});
		const rows = items(run, 'Reference Prices');
		expect(rows.map((r) => r.json.reference).sort()).toEqual(['116500LN', '126610LN']);
		for (const row of rows) {
			const of = listings.filter((l) => l.brand === 'Rolex' && l.reference === row.json.reference);
			// comparables: for sale, priced, source neither hidden, duplicate nor revoked
			const prices = of
				.filter(
					(l) =>
						l.extraction_context.intent === 'for_sale' &&
						l.price_eur_minor !== null &&
						!l.source.is_hidden &&
						!l.source.is_duplicate &&
						!l.source.is_revoked,
				)
				.map((l) => l.price_eur_minor as number);
			expect(row.json).toMatchObject({
				brand: 'Rolex',
				listing_count: of.length,
				min_price_eur_minor: Math.min(...prices),
				max_price_eur_minor: Math.max(...prices),
				median_price_eur_minor: median(prices),
				display_median_price: { amount_minor: Math.round(median(prices) / 0.92), currency: 'USD' },
			});
		}
		const [facets] = items(run, 'Facets');
		// brands ignore their own filter (cross-filtered); the others honour brand = Patek Philippe
		expect(facets.json.brands.map((b: Json) => b.value)).toEqual(
			expect.arrayContaining(['Rolex', 'Patek Philippe']),
		);
		const patek = listings.filter((l) => l.brand === 'Patek Philippe');
		const years = new Set(patek.map((l) => l.year).filter((y) => y !== null));
		expect(facets.json.years.map((y: Json) => y.value).sort()).toEqual([...years].sort());
	});

	it('Classification › Get Many → Get → Add Correction: one correction appended, a WriteAck out', () => {
		const run = runOf('43-', 'success');
		const list = run.requests.filter((r) => r.path === '/v2/classifications');
		expect(list.length).toBeGreaterThan(0);
		expect(items(run, 'Get Classifications')).toHaveLength(12);
		const [one] = items(run, 'Get Classification');
		const corrections = posts(run, `/v2/classifications/${one.json.id}/corrections`);
		expect(corrections).toHaveLength(1);
		expect(corrections[0].body).toEqual({
			output: {
				watches: [
					expect.objectContaining({
						brand: one.json.watches[0].brand,
						reference: one.json.watches[0].reference,
						model: 'Submariner Date',
						year: '2022',
						currency_code: 'EUR',
						dial_type: 'Black',
					}),
				],
			},
		});
		expect(sim!.classifications.corrections).toHaveLength(1);
		expect(items(run, 'Add Correction')[0].json).toMatchObject({
			status: 'accepted',
			request_id: corrections[0].requestId,
		});
	});

	it('example weekly-reference-price-sheet: Reference Search → flat rows → a CSV file', () => {
		const run = runOf('example', 'success');
		const [search] = posts(run, '/v2/market/references/search');
		expect(search.body.filters).toEqual({
			brand: ['Rolex', 'Patek Philippe', 'Audemars Piguet'],
			side: ['for_sale'],
		});
		const rows = items(run, 'Price Sheet Rows');
		const refs = new Set(
			listings
				.filter(
					(l) =>
						['Rolex', 'Patek Philippe', 'Audemars Piguet'].includes(l.brand) &&
						l.extraction_context.intent === 'for_sale',
				)
				.map((l) => l.reference),
		);
		expect(rows.map((r) => r.json.Reference).sort()).toEqual([...refs].sort());
		const sub = rows.find((r) => r.json.Reference === '126610LN')?.json;
		expect(Object.keys(sub ?? {})).toEqual([
			'Week',
			'Brand',
			'Reference',
			'Model',
			'Offers',
			'Min EUR',
			'Median EUR',
			'Average EUR',
			'Max EUR',
		]);
		for (const row of rows) {
			for (const v of Object.values(row.json))
				expect(v === null || ['string', 'number'].includes(typeof v)).toBe(true);
		}
		const file = items(run, 'CSV File')[0];
		expect(file).toBeDefined();
		expect(Object.keys((file as Item & { binary?: object }).binary ?? {})).toEqual(['data']);
	});
});
