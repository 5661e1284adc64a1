// @ts-check
'use strict';
/**
 * Cursor pages as the contract gives them: request `cursor` (opaque) and `page_size` (1–200,
 * default 50); answer `items`, `has_more`, `next_cursor` (string or null). The cursor is
 * base64url JSON, one of two kinds (the list setting `cursor`, README "List orders"):
 *  - `keyset` (default): the sort key of the last item given out; the next page starts after
 *    it, so items added at the top never shift the pages still to read — but an unread item
 *    whose sort key grows (a re-posted offer in the `activity` order) jumps above the cursor
 *    and is not in this walk;
 *  - `offset`: the number of items given out so far; items added at the top (or moving up)
 *    shift the rest down, so the next page repeats items, and an unread item that moves up
 *    above the offset is skipped — as an OFFSET/LIMIT API behaves.
 * The order of the feed, the view previews and the sends is the list setting `order`:
 * `collected`, `activity` or `whatsapp` (see the resources).
 */
const { invalid } = require('./common');

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;
/** @typedef {'collected' | 'activity' | 'whatsapp'} ListOrder */
/** @typedef {'keyset' | 'offset'} CursorKind */
/** @type {ListOrder[]} */
const LIST_ORDERS = ['collected', 'activity', 'whatsapp'];
/** @type {CursorKind[]} */
const CURSOR_KINDS = ['keyset', 'offset'];
/** @typedef {any[] | { offset: number }} Position a keyset position or an offset */
/** @typedef {{ size: number, after: Position | null }} PageRequest */

/** @param {unknown} order @returns {ListOrder} */
function readListOrder(order) {
	const found = LIST_ORDERS.find((o) => o === order);
	if (found) return found;
	throw new Error(
		`The list order must be one of ${LIST_ORDERS.join(', ')} (got ${JSON.stringify(order)}).`,
	);
}
/** @param {unknown} kind @returns {CursorKind} */
function readCursorKind(kind) {
	const found = CURSOR_KINDS.find((k) => k === kind);
	if (found) return found;
	throw new Error(
		`The cursor kind must be one of ${CURSOR_KINDS.join(', ')} (got ${JSON.stringify(kind)}).`,
	);
}
/** @param {unknown} p @returns {p is { offset: number }} */
const isOffset = (p) =>
	typeof p === 'object' &&
	p !== null &&
	!Array.isArray(p) &&
	Number.isInteger(/** @type {any} */ (p).offset) &&
	/** @type {any} */ (p).offset >= 0;

/**
 * Reads `page_size` and `cursor` from a query (GET) or a body (POST).
 * @param {unknown} pageSize @param {unknown} cursor
 * @returns {{ ok: true, size: number, after: Position | null } | { ok: false, reply: import('./common').Reply }}
 */
function readPaging(pageSize, cursor) {
	let size = DEFAULT_PAGE_SIZE;
	if (pageSize !== undefined && pageSize !== null && pageSize !== '') {
		const n = typeof pageSize === 'string' && /^\d+$/.test(pageSize) ? Number(pageSize) : pageSize;
		if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
			return {
				ok: false,
				reply: invalid('page_size', `page_size must be a whole number from 1 to ${MAX_PAGE_SIZE}.`),
			};
		}
		size = n;
	}
	/** @type {Position | null} */
	let after = null;
	if (cursor !== undefined && cursor !== null && cursor !== '') {
		try {
			if (typeof cursor !== 'string') throw new Error('not a string');
			after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
			if (!Array.isArray(after) && !isOffset(after)) throw new Error('not a position');
		} catch {
			return { ok: false, reply: invalid('cursor', 'cursor is not a cursor this API gave out.') };
		}
	}
	return { ok: true, size, after };
}

/**
 * Where a page starts in a sorted list.
 * @template T @param {T[]} sorted @param {(item: T) => any[]} key @param {Position | null} after
 */
function startOf(sorted, key, after) {
	if (after === null) return 0;
	if (isOffset(after)) return Math.min(after.offset, sorted.length);
	const position = after;
	const i = sorted.findIndex((item) => compare(key(item), position) < 0);
	return i === -1 ? sorted.length : i;
}

/**
 * One page of a list already in its sort order. `key(item)` is the item's sort key (an array
 * compared element by element); the list is sorted descending by it. A cursor of either kind is
 * read; the next one is of the kind `cursorKind`.
 * @template T
 * @param {T[]} sorted @param {(item: T) => any[]} key @param {PageRequest} paging
 * @param {number} [maxPageSize] the simulator's page size cap (configurable, to force many pages)
 * @param {CursorKind} [cursorKind] default keyset
 * @returns {{ items: T[], has_more: boolean, next_cursor: string | null }}
 */
function page(sorted, key, paging, maxPageSize, cursorKind = 'keyset') {
	const size = Math.min(paging.size, maxPageSize ?? MAX_PAGE_SIZE);
	const start = startOf(sorted, key, paging.after);
	const items = sorted.slice(start, start + size);
	const hasMore = start + size < sorted.length;
	const last = items[items.length - 1];
	/** @type {Position | undefined} */
	const next =
		!hasMore || last === undefined
			? undefined
			: cursorKind === 'offset'
				? { offset: start + items.length }
				: key(last);
	return {
		items,
		has_more: hasMore,
		next_cursor:
			next === undefined ? null : Buffer.from(JSON.stringify(next)).toString('base64url'),
	};
}

/** Element-wise comparison of two sort keys. @param {any[]} a @param {any[]} b */
function compare(a, b) {
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		if (a[i] === b[i]) continue;
		return a[i] < b[i] ? -1 : 1;
	}
	return 0;
}

/** Sorts descending by key. @template T @param {T[]} list @param {(item: T) => any[]} key */
const sortDescending = (list, key) => [...list].sort((x, y) => compare(key(y), key(x)));

/**
 * The list settings every list shares: the page-size cap (a client may ask for up to 200 items,
 * the simulator then answers at most `maxPageSize` per page, default 200, so a test can force a
 * list over many pages), the order of the feed, view previews and sends, and the cursor kind.
 * Set them with the options `pageSize`, `listOrder`, `listCursor`, or `PUT /__sim/paging
 * {"page_size": 3}` and `PUT /__sim/list-order {"order": "activity", "cursor": "offset"}`.
 * Looks like a resource (route/reset/control) so the core treats it like one.
 * @param {{ pageSize?: number, listOrder?: ListOrder, listCursor?: CursorKind }} [options]
 */
function createPaging(options = {}) {
	const initial = {
		maxPageSize: options.pageSize ?? MAX_PAGE_SIZE,
		order: readListOrder(options.listOrder ?? 'collected'),
		cursor: readCursorKind(options.listCursor ?? 'keyset'),
	};
	/** @type {{ maxPageSize: number, order: ListOrder, cursor: CursorKind }} */
	const settings = { ...initial };
	return {
		settings,
		/** @template T @param {T[]} sorted @param {(item: T) => any[]} key @param {PageRequest} paging */
		page: (sorted, key, paging) => page(sorted, key, paging, settings.maxPageSize, settings.cursor),
		/** @param {ListOrder} order */
		setOrder(order) {
			settings.order = readListOrder(order);
		},
		/** @param {CursorKind} kind */
		setCursor(kind) {
			settings.cursor = readCursorKind(kind);
		},
		route: () => undefined,
		reset() {
			Object.assign(settings, initial);
		},
		/** @param {string} method @param {string} path @param {any} body @returns {import('./common').Reply | undefined} */
		control(method, path, body) {
			if (path === '/__sim/list-order') {
				if (method === 'PUT' || method === 'POST') {
					const order =
						body?.order === undefined ? settings.order : LIST_ORDERS.find((o) => o === body.order);
					if (!order) return invalid('order', `order must be one of ${LIST_ORDERS.join(', ')}.`);
					const cursor =
						body?.cursor === undefined
							? settings.cursor
							: CURSOR_KINDS.find((k) => k === body.cursor);
					if (!cursor)
						return invalid('cursor', `cursor must be one of ${CURSOR_KINDS.join(', ')}.`);
					Object.assign(settings, { order, cursor });
				} else if (method !== 'GET') return undefined;
				return { status: 200, body: { order: settings.order, cursor: settings.cursor } };
			}
			if (path !== '/__sim/paging') return undefined;
			if (method === 'GET') return { status: 200, body: { page_size: settings.maxPageSize } };
			if (method !== 'PUT') return undefined;
			const size = body?.page_size;
			if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
				return invalid('page_size', `page_size must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
			}
			settings.maxPageSize = size;
			return { status: 200, body: { page_size: size } };
		},
	};
}

module.exports = {
	readPaging,
	page,
	sortDescending,
	createPaging,
	readListOrder,
	readCursorKind,
	LIST_ORDERS,
	CURSOR_KINDS,
	DEFAULT_PAGE_SIZE,
	MAX_PAGE_SIZE,
};
