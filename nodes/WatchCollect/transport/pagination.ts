/**
 * Cursor pagination over WatchCollect lists, for operations (Return All / Limit) and the trigger
 * (page until nothing new). One request per page through `watchCollectApiRequest`, so every page
 * gets the same authentication, error mapping and contract check.
 *
 * Where the cursor goes: query parameters on GET, body fields on POST searches [REF].
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import {
	type CursorPage,
	DEFAULT_PAGE_SIZE,
	MAX_PAGE_SIZE,
	cursorPageSchema,
} from '../schemas/page';
import { type WatchCollectRequest, watchCollectApiRequest } from './index';

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface PagedRequest<T> {
	method: IHttpRequestMethods;
	path: string;
	/** Filters: query parameters (GET) or body fields (POST), without cursor and page_size. */
	params?: IDataObject;
	/** Schema of one item; the page around it is checked as the contract gives it. */
	itemSchema: ZodType<T, ZodTypeDef, unknown>;
	/**
	 * Items per page asked for, 1–200 (default 50). The server may send fewer. `null`: send no
	 * `page_size` (a list that documents none, GET /v2/sessions).
	 */
	pageSize?: number | null;
	itemIndex?: number;
	timeout?: number;
	/**
	 * Repeat a page whose answer was lost (transport/retry.ts). GET pages are repeated anyway; a
	 * POST search that only reads (the market searches) sets it.
	 */
	retryLostAnswer?: boolean;
}

/** A page with the cursor it was read from (null for the first). */
export interface ReadPage<T> extends CursorPage<T> {
	cursor: string | null;
	number: number;
}

/**
 * The cursor to read the next page with, or undefined when the list ends here: the page says
 * `has_more: false`, gives no non-empty `next_cursor` (absent, null, empty, not a text), or hands
 * back a cursor already read (a loop). `has_more` itself is not required.
 */
export function nextCursor(
	page: Pick<CursorPage<unknown>, 'has_more' | 'next_cursor'>,
	used: ReadonlySet<string>,
): string | undefined {
	if (page.has_more === false) return undefined;
	const next = page.next_cursor;
	if (typeof next !== 'string' || next === '' || used.has(next)) return undefined;
	return next;
}

/**
 * The pages of a list, one request each, until the list ends (see `nextCursor`), `onPage`
 * returns false, or `maxPages` were read.
 */
export async function forEachPage<T>(
	this: Context,
	request: PagedRequest<T>,
	onPage: (page: ReadPage<T>) => boolean | Promise<boolean>,
	maxPages = Number.POSITIVE_INFINITY,
): Promise<void> {
	const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, request.pageSize ?? DEFAULT_PAGE_SIZE));
	const schema = cursorPageSchema(request.itemSchema);
	const used = new Set<string>();
	let cursor: string | null = null;
	for (let number = 1; number <= maxPages; number++) {
		const paging: IDataObject = request.pageSize === null ? {} : { page_size: pageSize };
		if (cursor !== null) paging.cursor = cursor;
		const params = { ...(request.params ?? {}), ...paging };
		const page: CursorPage<T> = await watchCollectApiRequest.call<
			Context,
			[WatchCollectRequest<CursorPage<T>>],
			Promise<CursorPage<T>>
		>(this, {
			method: request.method,
			path: request.path,
			...(request.method === 'GET' ? { qs: params } : { body: params }),
			responseSchema: schema,
			itemIndex: request.itemIndex,
			timeout: request.timeout,
			...(request.retryLostAnswer !== undefined
				? { retryLostAnswer: request.retryLostAnswer }
				: {}),
		});
		const more = await onPage({ ...page, cursor, number });
		const next = nextCursor(page, used);
		if (!more || next === undefined) return;
		used.add(next);
		cursor = next;
	}
}

/**
 * Return All / Limit: every item, or the first `limit`. Pages are as large as allowed (Return
 * All) or just large enough for the limit, so no more is read than needed.
 */
export async function getAllOrLimit<T>(
	this: Context,
	request: PagedRequest<T>,
	returnAll: boolean,
	limit: number,
): Promise<T[]> {
	const items: T[] = [];
	const pageSize = request.pageSize ?? (returnAll ? MAX_PAGE_SIZE : Math.min(limit, MAX_PAGE_SIZE));
	const walk = forEachPage<T>;
	await walk.call(this, { ...request, pageSize }, (page) => {
		items.push(...page.items);
		return returnAll || items.length < limit;
	});
	return returnAll ? items : items.slice(0, limit);
}
