/**
 * The trigger's market events through n8n-core's PollContext against the simulator's market:
 * New Market Listing (POST /v2/market/listings/search) and New Cheap Listing (POST
 * /v2/market/live-feed/search) with the shared market Filters. The same guarantees as the message
 * events: a baseline, each listing once, a failed poll caught up, re-posted offers never again.
 */
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../simulator/simulator';
import { createPollHarness } from '../../support/execute-workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const harness = (parameters: IDataObject) =>
	createPollHarness({
		parameters,
		credentials: { accessToken: 'sim-valid-token', baseUrl: sim.url },
	});
type Harness = ReturnType<typeof harness>;
const ids = (result: Awaited<ReturnType<Harness['poll']>>) =>
	(result?.[0] ?? []).map((item) => item.json.id as string);
const listingIds = (added: { listings: Array<Record<string, unknown>> }) =>
	added.listings.map((l) => String(l.id));
const requestsTo = (path: string) => sim.requests.filter((r) => r.path === path);

describe('New Market Listing', () => {
	it('sets a baseline, then emits every listing of a new message once (two watches in one message: two listings), with readable prices', async () => {
		const h = harness({ event: 'newMarketListing' });
		expect(await h.poll()).toBeNull();
		const two = sim.market.addListingMessage({
			text: 'WTS Rolex 126610LN full set 2024, EUR 12.950\nWTS Patek 5711/1A 2021, EUR 98.000',
			intent: 'selling',
		});
		expect(two.listings).toHaveLength(2);
		const result = await h.poll();
		expect(ids(result).sort()).toEqual(listingIds(two).sort());
		const rolex = result?.[0].find((i) => i.json.reference === '126610LN')?.json;
		expect(rolex).toMatchObject({ price_formatted: '€12,950' });
		expect(await h.poll()).toBeNull();
	});

	it('sends the shared Filters as the search body (only keys the contract shows) and emits only matches', async () => {
		const h = harness({
			event: 'newMarketListing',
			filters: { brand: ['Rolex'], priceTo: 20000, priceCurrency: 'EUR' },
		});
		await h.poll();
		const body = requestsTo('/v2/market/listings/search')[0].body as IDataObject;
		expect(body).toMatchObject({
			page_size: 100,
			filters: { brand: ['Rolex'], price: { lte: 2000000, currency: 'EUR' } },
		});
		const rolex = sim.market.addListingMessage({
			text: 'WTS Rolex 126610LN full set 2024, EUR 12.950',
			intent: 'selling',
		});
		sim.market.addListingMessage({ text: 'WTS Patek 5711/1A 2021, EUR 98.000', intent: 'selling' });
		expect(ids(await h.poll())).toEqual(listingIds(rolex));
		expect(sim.market.ignoredFilterKeys).toEqual([]);
	});

	it('refuses a bad filter before any request, naming the field', async () => {
		sim.requests.length = 0;
		await expect(
			harness({
				event: 'newMarketListing',
				filters: { priceFrom: 100, priceCurrency: 'EURO' },
			}).poll(),
		).rejects.toThrow(NodeOperationError);
		await expect(
			harness({
				event: 'newMarketListing',
				filters: { priceFrom: 100, priceCurrency: 'EURO' },
			}).poll(),
		).rejects.toThrow(/Price Currency \(priceCurrency\)/);
		expect(sim.requests).toHaveLength(0);
	});

	it('a failing poll throws and the next one emits what arrived meanwhile', async () => {
		const h = harness({ event: 'newMarketListing' });
		await h.poll();
		const a = sim.market.addListingMessage({
			text: 'WTS Rolex 124060 2023, EUR 9.100',
			intent: 'selling',
		});
		sim.queueFaults('500');
		await expect(h.poll()).rejects.toThrow(NodeApiError);
		const b = sim.market.addListingMessage({
			text: 'WTS Tudor 79030N 2024, EUR 3.300',
			intent: 'selling',
		});
		expect(ids(await h.poll()).sort()).toEqual([...listingIds(a), ...listingIds(b)].sort());
	});

	it('a re-posted offer brings no listing twice, even after the trigger forgot it', async () => {
		const h = harness({ event: 'newMarketListing' });
		await h.poll();
		const offer = sim.market.addListingMessage({
			text: 'WTS Rolex 126710BLRO 2024, EUR 17.500',
			intent: 'selling',
		});
		expect(ids(await h.poll())).toEqual(listingIds(offer));
		sim.messages.repost([offer.message.id]);
		sim.messages.repost([offer.message.id]);
		expect(await h.poll()).toBeNull();
		// as if the window had passed: the trigger no longer remembers the offer's listing, and
		// the listing's time (its creation) is below the horizon; the re-post bumps its activity
		const state = h.staticData().watchCollectPoll as IDataObject;
		state.seen = [];
		state.horizon = (state.watermark as number) + 1;
		sim.messages.repost([offer.message.id]);
		expect(await h.poll()).toBeNull();
	});
});

describe('New Cheap Listing', () => {
	it('emits a listing priced well under the market once; one just under it is not in the cheap feed', async () => {
		const h = harness({ event: 'newCheapListing' });
		expect(await h.poll()).toBeNull();
		const cheap = sim.market.addCheapListing({ reference: '126610LN', percent_below: 25 });
		sim.market.addCheapListing({ reference: '126610LN', percent_below: 2 });
		const result = await h.poll();
		expect(ids(result)).toEqual(listingIds(cheap));
		expect(requestsTo('/v2/market/live-feed/search').length).toBeGreaterThan(0);
		expect(result?.[0][0].json).toMatchObject({ price_vs_median: expect.any(String) });
		expect(await h.poll()).toBeNull();
	});

	it('skips listings whose source message is hidden, a duplicate or revoked (the default), and emits them with the option off', async () => {
		const on = harness({ event: 'newCheapListing' });
		const off = harness({ event: 'newCheapListing', options: { skipInactiveSources: false } });
		await on.poll();
		await off.poll();
		const hidden = sim.market.addCheapListing({
			reference: '126610LN',
			percent_below: 30,
			is_hidden: true,
		});
		const duplicate = sim.market.addCheapListing({
			reference: '126610LN',
			percent_below: 30,
			is_duplicate: true,
		});
		const plain = sim.market.addCheapListing({ reference: '126610LN', percent_below: 30 });
		expect(ids(await on.poll())).toEqual(listingIds(plain));
		expect(ids(await off.poll()).sort()).toEqual(
			[...listingIds(hidden), ...listingIds(duplicate), ...listingIds(plain)].sort(),
		);
		expect(await on.poll()).toBeNull();
	});
});

// n8n's Variables ($vars) are always text: "false" / "no" / "0" turn the option off as false does
describe('Skip Hidden, Duplicate or Revoked given by an expression as text', () => {
	it.each(['false', 'FALSE', ' no ', '0'])(
		'the text %j is off: the hidden listing is emitted',
		async (text) => {
			const h = harness({
				event: 'newCheapListing',
				options: { skipInactiveSources: `={{ ${JSON.stringify(text)} }}` },
			});
			expect(await h.poll()).toBeNull();
			const hidden = sim.market.addCheapListing({
				reference: '126610LN',
				percent_below: 30,
				is_hidden: true,
			});
			expect(ids(await h.poll())).toEqual(listingIds(hidden));
		},
	);

	it('the text "true" stays on: the hidden listing is skipped', async () => {
		const h = harness({
			event: 'newCheapListing',
			options: { skipInactiveSources: '={{ "true" }}' },
		});
		await h.poll();
		sim.market.addCheapListing({ reference: '126610LN', percent_below: 30, is_hidden: true });
		expect(await h.poll()).toBeNull();
	});
});
