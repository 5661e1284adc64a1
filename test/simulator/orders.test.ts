/**
 * List orders (collected, activity, whatsapp), cursor kinds (keyset, offset) and re-posted
 * offers, over HTTP. Expected orders are computed here from the items' own times.
 */
import { startSimulator, type Simulator } from './simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ sendStepMs: 30 });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests pick the fields they check
type Json = any;
interface Card {
	id: string;
	first_seen_at_ms: number;
	last_seen_at_ms: number;
	message_timestamp_ms: number;
	occurrence_count: number;
	group_ids: string[];
}
const auth = { authorization: 'Bearer sim-valid-token', 'content-type': 'application/json' };
async function call(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: auth,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json().catch(() => null)) as Json };
}
async function control(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sim.url}${path}`, { method, body: JSON.stringify(body) });
	return { status: response.status, body: (await response.json()) as Json };
}
/** Every item of the feed, walking the cursor pages. */
async function walk(path = '/v2/messages?page_size=200', between?: (page: number) => void) {
	const items: Card[] = [];
	let cursor: string | null = null;
	for (let page = 0; page < 100; page++) {
		const sep = path.includes('?') ? '&' : '?';
		const r = await call('GET', cursor ? `${path}${sep}cursor=${cursor}` : path);
		expect(r.status).toBe(200);
		items.push(...(r.body.items as Card[]));
		cursor = r.body.next_cursor;
		if (!cursor) break;
		between?.(page);
	}
	return items;
}
const descending = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1] >= v);

describe('list orders', () => {
	it('collected (default): newest first_seen_at_ms first; a re-post does not move the offer', async () => {
		const before = await walk();
		expect(descending(before.map((c) => c.first_seen_at_ms))).toBe(true);
		const oldest = before[before.length - 1];
		sim.messages.repost([oldest.id]);
		const after = await walk();
		expect(after[after.length - 1].id).toBe(oldest.id);
		expect(after[after.length - 1].last_seen_at_ms).toBeGreaterThan(after[0].first_seen_at_ms);
	});

	it('activity: newest last_seen_at_ms first; re-posted offers jump to the top, last re-posted first', async () => {
		await control('PUT', '/__sim/list-order', { order: 'activity' });
		const before = await walk();
		const oldest = before.slice(-3).map((c) => c.id); // newest … oldest
		const reposted = await control('POST', '/__sim/messages/repost', { ids: oldest });
		expect(reposted.status).toBe(200);
		const after = await walk();
		expect(after.slice(0, 3).map((c) => c.id)).toEqual([...oldest].reverse());
		expect(descending(after.map((c) => c.last_seen_at_ms))).toBe(true);
		const card = after.find((c) => c.id === oldest[0])!;
		const was = before.find((c) => c.id === oldest[0])!;
		expect(card.occurrence_count).toBe(was.occurrence_count + 1);
		expect(card.first_seen_at_ms).toBe(was.first_seen_at_ms);
		expect(card.message_timestamp_ms).toBe(was.message_timestamp_ms);
		expect(card.group_ids.length).toBe(was.group_ids.length + 1);
		const occurrences = await call('GET', `/v2/messages/${card.id}/occurrences`);
		expect(occurrences.body.items).toHaveLength(card.occurrence_count);
	});

	it('whatsapp: by message_timestamp_ms; a message a phone syncs hours late sits deep though collected now', async () => {
		sim.setListOrder('whatsapp');
		const [late] = (await control('POST', '/__sim/messages', { message_age_ms: 3 * 3_600_000 }))
			.body.added;
		const items = await walk();
		expect(descending(items.map((c) => c.message_timestamp_ms))).toBe(true);
		const position = items.findIndex((c) => c.id === late.id);
		expect(position).toBeGreaterThan(20); // seeded messages are 4 minutes apart, over 2 hours
		sim.setListOrder('collected');
		expect((await walk())[0].id).toBe(late.id);
	});

	it('a flood of re-posted offers larger than two pages on top of new messages (activity, page size 3)', async () => {
		sim.setListOrder('activity');
		await control('PUT', '/__sim/paging', { page_size: 3 });
		const fresh = sim.messages.addMessages(4).map((c) => c.id);
		const flood = sim.messages.repost(8).map((c) => c.id); // the 8 oldest, oldest re-posted first
		expect(new Set(flood).size).toBe(8);
		const first = await call('GET', '/v2/messages');
		const second = await call('GET', `/v2/messages?cursor=${first.body.next_cursor}`);
		const third = await call('GET', `/v2/messages?cursor=${second.body.next_cursor}`);
		const twoPages = [...first.body.items, ...second.body.items].map((c: Card) => c.id);
		expect(twoPages.every((id) => flood.includes(id))).toBe(true);
		const rest = [
			...third.body.items.map((c: Card) => c.id),
			...(await walk('/v2/messages', undefined)).map((c) => c.id),
		];
		expect(fresh.every((id) => rest.includes(id))).toBe(true);
		// the same feed in the collected order: the new messages first, the flood deep
		sim.setListOrder('collected');
		const collected = await call('GET', '/v2/messages');
		expect(collected.body.items.map((c: Card) => c.id)).toEqual(fresh.slice(-3).reverse());
	});

	it('view previews follow the order too', async () => {
		sim.setListOrder('activity');
		const buyers = '/v2/views/9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c02/preview';
		const before = await call('POST', buyers, {});
		const last = before.body.items[before.body.items.length - 1];
		sim.messages.repost([last.id]);
		const after = await call('POST', buyers, {});
		expect(after.body.items[0].id).toBe(last.id);
		const listings = await call(
			'POST',
			'/v2/views/9b2d7c4e-1a3f-4e5d-8c6b-7a8f9e0d1c03/preview',
			{},
		);
		expect(descending(listings.body.items.map((i: Card) => i.last_seen_at_ms))).toBe(true);
	});

	it('sends: collected by requested_at_ms, activity by updated_at_ms, whatsapp by completed_at_ms', async () => {
		const session = [...sim.sessions.values()].find((s) => s.role === 'sending')!;
		session.session_status = 'WORKING';
		const ids: string[] = [];
		for (const key of ['a', 'b', 'c']) {
			const r = await call('POST', '/v2/outbound/sends', {
				session_id: session.session_id,
				group_ids: ['3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01'],
				idempotency_key: key,
				text: key,
			});
			ids.push(r.body.send.send_id);
		}
		const [a, b, c] = ids.map((id) => sim.outbound.sends.get(id)!);
		Object.assign(a, {
			requested_at_ms: 1000,
			updated_at_ms: 9000,
			completed_at_ms: 5000,
			status: 'sent',
		});
		Object.assign(b, {
			requested_at_ms: 2000,
			updated_at_ms: 8000,
			completed_at_ms: 7000,
			status: 'sent',
		});
		Object.assign(c, {
			requested_at_ms: 3000,
			updated_at_ms: 7000,
			completed_at_ms: 6000,
			status: 'sent',
		});
		const order = async () =>
			(await call('GET', '/v2/outbound/sends')).body.items.map((s: { id: string }) => s.id);
		expect(await order()).toEqual([c.id, b.id, a.id]);
		sim.setListOrder('activity');
		expect(await order()).toEqual([a.id, b.id, c.id]);
		sim.setListOrder('whatsapp');
		expect(await order()).toEqual([b.id, c.id, a.id]);
	});

	it('the order and cursor are settings: GET/PUT /__sim/list-order, bad values 422, reset restores the start values', async () => {
		expect((await control('GET', '/__sim/list-order')).body).toEqual({
			order: 'collected',
			cursor: 'keyset',
		});
		expect((await control('PUT', '/__sim/list-order', { order: 'newest' })).status).toBe(422);
		expect((await control('PUT', '/__sim/list-order', { cursor: 'page' })).status).toBe(422);
		expect(
			(await control('PUT', '/__sim/list-order', { order: 'whatsapp', cursor: 'offset' })).body,
		).toEqual({
			order: 'whatsapp',
			cursor: 'offset',
		});
		expect((await control('GET', '/__sim/health')).body).toMatchObject({
			listOrder: 'whatsapp',
			listCursor: 'offset',
		});
		sim.reset();
		expect(sim.paging.settings).toMatchObject({ order: 'collected', cursor: 'keyset' });
		expect(() => sim.setListOrder('x' as 'activity')).toThrow(/list order/);
		expect(
			(
				await control('POST', '/__sim/messages/repost', {
					ids: ['00000000-0000-4000-8000-000000000000'],
				})
			).status,
		).toBe(404);
		expect((await control('POST', '/__sim/messages/repost', {})).status).toBe(422);
	});
});

describe('cursor kinds', () => {
	it('keyset: new messages between pages shift nothing (no repeats); an unread offer re-posted meanwhile jumps above the cursor (activity) and is not in this walk', async () => {
		sim.setListOrder('activity');
		const all = (await walk()).map((c) => c.id);
		const target = all[all.length - 1];
		const seen = (
			await walk('/v2/messages?page_size=5', (page) => {
				if (page === 0) {
					sim.messages.addMessages(3);
					sim.messages.repost([target]);
				}
			})
		).map((c) => c.id);
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen).not.toContain(target);
		expect(seen).toHaveLength(all.length - 1);
	});

	it('offset: new messages between pages shift the rest down, so the next page repeats items; an unread offer that moves up is skipped and repeats one', async () => {
		sim.setListCursor('offset');
		const first = await call('GET', '/v2/messages?page_size=5');
		sim.messages.addMessages(2);
		const second = await call('GET', `/v2/messages?page_size=5&cursor=${first.body.next_cursor}`);
		const firstIds = first.body.items.map((c: Card) => c.id);
		expect(second.body.items.slice(0, 2).map((c: Card) => c.id)).toEqual(firstIds.slice(3));

		sim.reset();
		sim.setListCursor('offset');
		sim.setListOrder('activity');
		const all = (await walk()).map((c) => c.id);
		const target = all[all.length - 1];
		const seen = (
			await walk('/v2/messages?page_size=5', (page) => {
				if (page === 0) sim.messages.repost([target]);
			})
		).map((c) => c.id);
		// the re-posted offer left its place below the offset: every item above it moved down one,
		// so page 2 starts with page 1's last item again, and the offer itself is not read
		expect(seen).not.toContain(target);
		expect(seen).toHaveLength(all.length);
		expect(seen[5]).toBe(seen[4]);
		expect(new Set(seen).size).toBe(all.length - 1);
	});
});
