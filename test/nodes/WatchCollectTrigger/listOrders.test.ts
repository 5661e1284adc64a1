/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n: a hand-made API on loopback */
/**
 * The trigger against hand-made lists in each order the API may use ([UNKNOWN] in the contract):
 * newest collected first, newest activity first (a re-posted offer jumps to the top), WhatsApp
 * time, and pages whose items shift while new ones arrive (offset cursors). A tiny HTTP server
 * plays the API; the trigger runs through n8n-core's PollContext and the node's own transport.
 * Dealers re-post the same offer all day: WatchCollect keeps one canonical message and bumps its
 * `last_seen_at_ms` and `occurrence_count`; such a message is not new.
 */
import http from 'node:http';

import type { IDataObject } from 'n8n-workflow';

import { createPollHarness } from '../../support/execute-workflow';
import { MAX_PAGES_PER_POLL, TRIGGER_PAGE_SIZE } from '../../../nodes/WatchCollectTrigger/poll';
import type { PollState } from '../../../nodes/WatchCollectTrigger/pollWindow';

type Order = 'collected' | 'activity' | 'whatsapp' | 'requested' | 'updated' | 'listingActivity';

interface Item extends IDataObject {
	id: string;
}

/** Which time an order sorts by (descending), for cards and for sends. */
const SORT_KEY: Record<Order, (i: Item) => number> = {
	collected: (i) => i.first_seen_at_ms as number,
	activity: (i) => i.last_seen_at_ms as number,
	whatsapp: (i) => i.message_timestamp_ms as number,
	requested: (i) => i.requested_at_ms as number,
	updated: (i) => i.updated_at_ms as number,
	// market listings: the newest activity of the listing or of its message (the API's default)
	listingActivity: (i) =>
		Math.max(i.updated_at_ms as number, (i.source as IDataObject).last_seen_at_ms as number),
};

/**
 * One list of the API. `paging`: keyset cursors (items added above never shift the pages not read
 * yet) or offset cursors (they do: an item can be listed twice, or move above the reader).
 */
class FakeList {
	items: Item[] = [];
	order: Order = 'collected';
	paging: 'keyset' | 'offset' = 'keyset';
	/** The server's page-size cap (the trigger asks for 100). */
	maxPageSize = 100;
	/** Called before each page after the first of a poll: lets a test change the list mid-poll. */
	betweenPages?: (pageNumber: number) => void;
	requests = 0;

	sorted(): Item[] {
		const key = SORT_KEY[this.order];
		return [...this.items].sort((a, b) => key(b) - key(a) || (a.id < b.id ? 1 : -1));
	}

	page(query: URLSearchParams): IDataObject {
		this.requests++;
		const size = Math.min(Number(query.get('page_size') ?? 50), this.maxPageSize);
		const cursor = query.get('cursor');
		const pageNumber = cursor === null ? 1 : Number(JSON.parse(cursor).n);
		if (cursor !== null) this.betweenPages?.(pageNumber);
		const list = this.sorted();
		let start = 0;
		if (cursor !== null) {
			const at = JSON.parse(cursor) as { n: number; offset?: number; key?: number; id?: string };
			if (this.paging === 'offset') start = at.offset ?? 0;
			else {
				const key = SORT_KEY[this.order];
				start = list.findIndex(
					(i) => key(i) < (at.key as number) || (key(i) === at.key && i.id < (at.id as string)),
				);
				if (start === -1) start = list.length;
			}
		}
		const items = list.slice(start, start + size);
		const last = items.at(-1);
		const hasMore = start + size < list.length;
		const next = hasMore
			? JSON.stringify({
					n: pageNumber + 1,
					offset: start + size,
					key: last ? SORT_KEY[this.order](last) : undefined,
					id: last?.id,
				})
			: null;
		return { items, has_more: hasMore, next_cursor: next };
	}
}

let server: http.Server;
let baseUrl: string;
const lists: Record<string, FakeList> = {};

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://x');
		const list = lists[url.pathname];
		res.setHeader('content-type', 'application/json');
		if (!list) {
			res.writeHead(404).end(JSON.stringify({ error: { message: 'no such list' } }));
			return;
		}
		if (req.method === 'GET') {
			res.writeHead(200).end(JSON.stringify(list.page(url.searchParams)));
			return;
		}
		// a POST search: page_size and cursor in the JSON body
		let body = '';
		req.on('data', (d: Buffer) => (body += d.toString()));
		req.on('end', () => {
			const parsed = JSON.parse(body || '{}') as IDataObject;
			const query = new URLSearchParams();
			if (parsed.page_size !== undefined) query.set('page_size', String(parsed.page_size));
			if (typeof parsed.cursor === 'string') query.set('cursor', parsed.cursor);
			res.writeHead(200).end(JSON.stringify(list.page(query)));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** "Now" of the hand-made lists; every test moves it forward as time passes. */
let now = 0;
let counter = 0;

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A canonical message collected at `at` (WhatsApp time a few seconds earlier unless given). */
function card(at: number, whatsappAt = at - 3000): Item {
	counter++;
	return {
		id: uuid(counter),
		primary_occurrence_id: uuid(1_000_000 + counter),
		message_timestamp_ms: whatsappAt,
		first_seen_at_ms: at,
		last_seen_at_ms: at,
		occurrence_count: 1,
		group_count: 1,
		message_text: `WTS watch no. ${counter}`,
	};
}

/** The same offer posted again (to another group, or later): one canonical message, bumped. */
function repost(item: Item, at: number) {
	item.last_seen_at_ms = at;
	item.occurrence_count = (item.occurrence_count as number) + 1;
	item.group_count = (item.group_count as number) + 1;
}

function messageFeed(order: Order, paging: FakeList['paging'] = 'keyset'): FakeList {
	const feed = new FakeList();
	feed.order = order;
	feed.paging = paging;
	lists['/v2/messages'] = feed;
	return feed;
}

/** 400 messages collected one a minute over the last ~6.7 hours (the baseline's world). */
function seedOld(feed: FakeList, count = 400) {
	now = 10 * 24 * HOUR;
	for (let i = count; i >= 1; i--) feed.items.push(card(now - i * MINUTE));
	return feed.items.map((i) => i.id);
}

/** New messages, collected one a second (or every `stepMs`) from now on. */
function arrive(feed: FakeList, count: number, stepMs = 1000): string[] {
	const added: Item[] = [];
	for (let i = 0; i < count; i++) {
		now += stepMs;
		added.push(card(now));
	}
	feed.items.push(...added);
	return added.map((i) => i.id);
}

/** `count` re-posts of old offers (the oldest first, so they come from deep in the list). */
function flood(feed: FakeList, offers: Item[]) {
	for (const offer of offers) {
		now += 10;
		repost(offer, now);
	}
}

const harness = (parameters: IDataObject = { event: 'newMessage' }) =>
	createPollHarness({ parameters, credentials: { accessToken: 'hand-made', baseUrl } });
type Harness = ReturnType<typeof harness>;
const emittedIds = (result: Awaited<ReturnType<Harness['poll']>>) =>
	(result?.[0] ?? []).map((item) => item.json.id as string);

/** Counts, over several polls: each expected id emitted once, missed, repeated; unexpected ones. */
function tally(expected: string[], emitted: string[]) {
	const counts = new Map<string, number>();
	for (const id of emitted) counts.set(id, (counts.get(id) ?? 0) + 1);
	return {
		once: expected.filter((id) => counts.get(id) === 1).length,
		missed: expected.filter((id) => !counts.has(id)),
		repeated: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
		unexpected: [...counts.keys()].filter((id) => !expected.includes(id)),
	};
}

/**
 * The same day in each order: a baseline over 400 messages; 5 new ones, then a flood of 250
 * re-posted old offers (more than two pages) on top; a quiet poll; 3 new ones and the same
 * offers re-posted again plus one offer the trigger emitted earlier.
 */
async function dayOfReposts(feed: FakeList) {
	const h = harness();
	expect(await h.poll()).toBeNull(); // baseline
	const emitted: string[] = [];
	const expected: string[] = [];

	expected.push(...arrive(feed, 5));
	const offers = feed.items.slice(0, 250); // the oldest 250, collected 2.5 to 6.7 hours ago
	flood(feed, offers);
	feed.requests = 0;
	const first = emittedIds(await h.poll());
	emitted.push(...first);
	const pagesRead = feed.requests;

	emitted.push(...emittedIds(await h.poll())); // nothing happened: nothing to emit

	now += MINUTE;
	expected.push(...arrive(feed, 3));
	flood(feed, offers);
	repost(feed.items.find((i) => i.id === first[0]) as Item, (now += 10)); // an emitted one, again
	emitted.push(...emittedIds(await h.poll()));
	return { h, emitted, expected, pagesRead, first };
}

describe('New Message in each list order, with a flood of re-posted offers larger than two pages', () => {
	it('newest collected first: each new message once, no re-post emitted, one page read past the new ones', async () => {
		const feed = messageFeed('collected');
		seedOld(feed);
		const { emitted, expected, pagesRead, first } = await dayOfReposts(feed);
		expect(tally(expected, emitted)).toEqual({
			once: 8,
			missed: [],
			repeated: [],
			unexpected: [],
		});
		expect(first).toEqual(expected.slice(0, 5)); // oldest first
		// the new ones are on page 1 (so page 2 is read too), and page 2 reaches below the window
		expect(pagesRead).toBe(2);
	});

	it('newest activity first: reads through the 250 re-posts on top to the new messages below them (page 3) and one page further, emits each new one once and no re-post', async () => {
		const feed = messageFeed('activity');
		seedOld(feed);
		const { emitted, expected, pagesRead } = await dayOfReposts(feed);
		expect(tally(expected, emitted)).toEqual({
			once: 8,
			missed: [],
			repeated: [],
			unexpected: [],
		});
		// 250 re-posts + 5 new on top: pages 1-3 (the new ones on page 3), then page 4, below the window
		expect(pagesRead).toBe(4);
	});

	it('WhatsApp time first: each new message once and no re-post (re-posts stay where their WhatsApp time is)', async () => {
		const feed = messageFeed('whatsapp');
		seedOld(feed);
		const { emitted, expected } = await dayOfReposts(feed);
		expect(tally(expected, emitted)).toEqual({
			once: 8,
			missed: [],
			repeated: [],
			unexpected: [],
		});
	});

	it('a re-posted offer the trigger forgot long ago is still not new (its first_seen_at_ms is old)', async () => {
		const feed = messageFeed('activity');
		seedOld(feed, 50);
		const h = harness();
		await h.poll();
		const [fresh] = arrive(feed, 1);
		expect(emittedIds(await h.poll())).toEqual([fresh]);
		now += 3 * HOUR; // long past the window: the trigger forgets the id
		const later = arrive(feed, 1);
		expect(emittedIds(await h.poll())).toEqual(later);
		const state = h.staticData().watchCollectPoll as unknown as PollState;
		expect(state.seen.map(([id]) => id)).not.toContain(fresh);
		repost(feed.items.find((i) => i.id === fresh) as Item, (now += 1000));
		expect(await h.poll()).toBeNull();
	});
});

describe('pages whose items shift while the poll reads them (offset cursors)', () => {
	it('newest collected first: messages arriving between pages push items down (listed twice): each new one still once', async () => {
		const feed = messageFeed('collected', 'offset');
		feed.maxPageSize = 10;
		seedOld(feed, 100);
		const h = harness();
		await h.poll();
		const expected = arrive(feed, 25);
		// before every later page, two more arrive on top: the items of the next page shift down
		feed.betweenPages = () => expected.push(...arrive(feed, 2));
		const emitted = emittedIds(await h.poll());
		feed.betweenPages = undefined;
		emitted.push(...emittedIds(await h.poll())); // those that arrived during the first
		expect(tally(expected, emitted)).toMatchObject({ missed: [], repeated: [], unexpected: [] });
		expect(expected.length).toBeGreaterThan(25);
	});

	it('newest activity first: offers re-posted between pages jump above the reader; new messages are still emitted once, re-posts never', async () => {
		const feed = messageFeed('activity', 'offset');
		feed.maxPageSize = 10;
		seedOld(feed, 200);
		const h = harness();
		await h.poll();
		const expected = arrive(feed, 30);
		let next = 0;
		const offers = feed.items.slice(0, 100);
		// before every later page: three old offers re-posted and one new message
		feed.betweenPages = () => {
			flood(feed, offers.slice(next, next + 3));
			next += 3;
			expected.push(...arrive(feed, 1));
		};
		const emitted = emittedIds(await h.poll());
		feed.betweenPages = undefined;
		emitted.push(...emittedIds(await h.poll()));
		emitted.push(...emittedIds(await h.poll()));
		expect(tally(expected, emitted)).toMatchObject({ missed: [], repeated: [], unexpected: [] });
	});
});

describe('the limits, as stated in the docs', () => {
	it('WhatsApp time first: a message synced hours late is emitted when it sits on a page the poll reads, missed when it sits deeper', async () => {
		const feed = messageFeed('whatsapp');
		seedOld(feed); // one a minute: 100 per page cover 100 minutes of WhatsApp time
		const h = harness();
		await h.poll();
		const [fresh] = arrive(feed, 1);
		now += 1000;
		const near = card(now, now - 90 * MINUTE); // on page 1 (WhatsApp time 90 min ago)
		now += 1000;
		const deep = card(now, now - 5 * HOUR); // on page 4: the poll stops after page 2
		feed.items.push(near, deep);
		const result = tally([fresh, near.id, deep.id], emittedIds(await h.poll()));
		expect(result).toEqual({ once: 2, missed: [deep.id], repeated: [], unexpected: [] });
	});

	it(`one poll reads at most ${MAX_PAGES_PER_POLL} pages of ${TRIGGER_PAGE_SIZE}: a re-post flood larger than that in one window hides the new messages below it from that poll`, async () => {
		const feed = messageFeed('activity');
		feed.maxPageSize = 2; // 50 pages of 2: 100 items
		seedOld(feed, 150);
		const h = harness();
		await h.poll();
		const [fresh] = arrive(feed, 1);
		flood(feed, feed.items.slice(0, 120));
		feed.requests = 0;
		expect(await h.poll()).toBeNull();
		expect(feed.requests).toBe(MAX_PAGES_PER_POLL);
		// once the flood has passed, the next poll finds it (it is still inside the window)
		now += 5 * MINUTE;
		const later = arrive(feed, 1);
		feed.maxPageSize = 100;
		expect(emittedIds(await h.poll())).toEqual([fresh, ...later]);
	});

	it('keeps at most 1000 ids: the state of a poll that emitted 1500 stays under 100 kB, and none is emitted twice', async () => {
		const feed = messageFeed('activity');
		feed.maxPageSize = 200;
		seedOld(feed, 100);
		const h = harness();
		await h.poll();
		const added = arrive(feed, 1500, 100); // 2.5 minutes: all inside the window
		flood(feed, feed.items.slice(0, 100));
		const emitted = emittedIds(await h.poll());
		expect(tally(added, emitted)).toEqual({ once: 1500, missed: [], repeated: [], unexpected: [] });
		const state = h.staticData().watchCollectPoll as unknown as PollState;
		expect(state.seen.length).toBe(1000);
		expect(JSON.stringify(state).length).toBeLessThan(100_000);
		expect(await h.poll()).toBeNull();
	});
});

describe('Send Finished in each list order', () => {
	let sendCounter = 0;
	function send(at: number, status = 'sent'): Item {
		sendCounter++;
		const finished = status === 'sent' || status === 'failed' || status === 'partial_failed';
		return {
			id: uuid(5_000_000 + sendCounter),
			session_id: uuid(9),
			status,
			recipient_count: 1,
			requested_at_ms: at,
			updated_at_ms: at + 1000,
			completed_at_ms: finished ? at + 1000 : null,
		};
	}
	function finish(item: Item, at: number, status = 'sent') {
		item.status = status;
		item.updated_at_ms = at;
		item.completed_at_ms = at;
	}
	function sendList(order: Order): FakeList {
		const list = new FakeList();
		list.order = order;
		lists['/v2/outbound/sends'] = list;
		now = 20 * 24 * HOUR;
		for (let i = 300; i >= 1; i--) list.items.push(send(now - i * MINUTE));
		return list;
	}

	for (const order of ['requested', 'updated'] as const) {
		it(`newest ${order} first: a long send, overtaken by 240 later sends while it runs, is emitted once when it finishes`, async () => {
			const list = sendList(order);
			const h = harness({ event: 'sendFinished' });
			await h.poll(); // baseline
			const long = send((now += 1000), 'sending'); // a big send to many groups
			list.items.push(long);
			expect(await h.poll()).toBeNull(); // listed on top, still sending
			const expected: string[] = [];
			const emitted: string[] = [];
			// three polls 5 minutes apart, 80 sends each: the 240 span more than the 10-minute window
			for (let poll = 0; poll < 3; poll++) {
				now += 5 * MINUTE;
				for (let i = 0; i < 80; i++) {
					const quick = send((now += 1000));
					list.items.push(quick);
					expected.push(quick.id);
				}
				emitted.push(...emittedIds(await h.poll()));
			}
			finish(long, (now += MINUTE));
			expected.push(long.id);
			emitted.push(...emittedIds(await h.poll()));
			emitted.push(...emittedIds(await h.poll()));
			expect(tally(expected, emitted)).toEqual({
				once: 241,
				missed: [],
				repeated: [],
				unexpected: [],
			});
		});
	}
});

describe('New Market Listing / New Cheap Listing in the order of newest listing activity', () => {
	let listingCounter = 0;
	function listing(at: number): Item {
		listingCounter++;
		return {
			id: uuid(7_000_000 + listingCounter),
			created_at_ms: at + 500,
			updated_at_ms: at + 500,
			brand: 'Rolex',
			reference: '126610LN',
			price: { amount_minor: 1_190_000, currency: 'EUR' },
			source: {
				canonical_message_id: uuid(8_000_000 + listingCounter),
				first_seen_at_ms: at,
				last_seen_at_ms: at,
				message_timestamp_ms: at - 3000,
				occurrence_count: 1,
				is_hidden: false,
				is_duplicate: false,
				is_revoked: false,
			},
		};
	}

	for (const [event, path] of [
		['newMarketListing', '/v2/market/listings/search'],
		['newCheapListing', '/v2/market/live-feed/search'],
	] as const) {
		it(`${event}: 250 listings of re-posted offers on top of 4 new ones: each new one once, no re-posted one, the hidden one skipped`, async () => {
			const list = new FakeList();
			list.order = 'listingActivity';
			lists[path] = list;
			now = 30 * 24 * HOUR;
			for (let i = 400; i >= 1; i--) list.items.push(listing(now - i * MINUTE));
			const h = harness({ event });
			expect(await h.poll()).toBeNull();
			const fresh: Item[] = [];
			for (let i = 0; i < 5; i++) fresh.push(listing((now += 1000)));
			(fresh[4].source as IDataObject).is_hidden = true;
			list.items.push(...fresh);
			for (const old of list.items.slice(0, 250)) {
				const source = old.source as IDataObject;
				source.last_seen_at_ms = now += 10;
				source.occurrence_count = (source.occurrence_count as number) + 1;
			}
			list.requests = 0;
			const emitted = emittedIds(await h.poll());
			expect(
				tally(
					fresh.slice(0, 4).map((l) => l.id),
					emitted,
				),
			).toEqual({
				once: 4,
				missed: [],
				repeated: [],
				unexpected: [],
			});
			expect(list.requests).toBe(4); // through the 250 re-posts to the new ones, one page on
			expect(await h.poll()).toBeNull();
		});
	}
});
