'use strict';
/**
 * Cursor pages as the contract gives them: request `cursor` (opaque) and `page_size` (1–200,
 * default 50); answer `items`, `has_more`, `next_cursor` (string or null). The simulator's cursor
 * is a keyset position (the sort key of the last item), base64url JSON, so items added at the top
 * while a client pages never shift the pages it has not read yet.
 */
const { invalid } = require('./common');

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

/**
 * Reads `page_size` and `cursor` from a query (GET) or a body (POST).
 * @param {unknown} pageSize @param {unknown} cursor
 * @returns {{ ok: true, size: number, after: any[] | null } | { ok: false, reply: import('./common').Reply }}
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
	let after = null;
	if (cursor !== undefined && cursor !== null && cursor !== '') {
		try {
			if (typeof cursor !== 'string') throw new Error('not a string');
			after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
			if (!Array.isArray(after)) throw new Error('not a position');
		} catch {
			return { ok: false, reply: invalid('cursor', 'cursor is not a cursor this API gave out.') };
		}
	}
	return { ok: true, size, after };
}

/**
 * One page of a list already in its sort order. `key(item)` is the item's sort key (an array
 * compared element by element); the list is sorted descending by it.
 * @template T
 * @param {T[]} sorted @param {(item: T) => any[]} key @param {{ size: number, after: any[] | null }} paging
 * @param {number} [maxPageSize] the simulator's page size cap (configurable, to force many pages)
 * @returns {{ items: T[], has_more: boolean, next_cursor: string | null }}
 */
function page(sorted, key, paging, maxPageSize) {
	const size = Math.min(paging.size, maxPageSize ?? MAX_PAGE_SIZE);
	const start =
		paging.after === null
			? 0
			: (() => {
					const i = sorted.findIndex((item) => compare(key(item), paging.after) < 0);
					return i === -1 ? sorted.length : i;
				})();
	const items = sorted.slice(start, start + size);
	const hasMore = start + size < sorted.length;
	const last = items[items.length - 1];
	return {
		items,
		has_more: hasMore,
		next_cursor:
			hasMore && last !== undefined
				? Buffer.from(JSON.stringify(key(last))).toString('base64url')
				: null,
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
 * The simulator's page-size cap, shared by every list: a client may ask for up to 200 items,
 * the simulator then answers at most `maxPageSize` per page (default 200), so a test can force a
 * list over many pages. Set it with the `pageSize` option or `PUT /__sim/paging {"page_size": 3}`.
 * Looks like a resource (route/reset/control) so the core treats it like one.
 * @param {{ pageSize?: number }} [options]
 */
function createPaging(options = {}) {
	const initial = options.pageSize ?? MAX_PAGE_SIZE;
	const settings = { maxPageSize: initial };
	return {
		settings,
		/** @template T @param {T[]} sorted @param {(item: T) => any[]} key @param {{ size: number, after: any[] | null }} paging */
		page: (sorted, key, paging) => page(sorted, key, paging, settings.maxPageSize),
		route: () => undefined,
		reset() {
			settings.maxPageSize = initial;
		},
		/** @param {string} method @param {string} path @param {any} body @returns {import('./common').Reply | undefined} */
		control(method, path, body) {
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
	DEFAULT_PAGE_SIZE,
	MAX_PAGE_SIZE,
};
