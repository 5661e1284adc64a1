/**
 * Cursor pages, as every WatchCollect list answers them [REF]: `items` (required), `has_more`
 * (boolean, required), `next_cursor` (string or null). Requests send `cursor` and `page_size`
 * (1–200, default 50).
 */
import { z, type ZodTypeAny } from 'zod';

export const MIN_PAGE_SIZE = 1;
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export function cursorPageSchema<Item extends ZodTypeAny>(item: Item) {
	return z
		.object({
			items: z.array(item),
			has_more: z.boolean(),
			next_cursor: z.string().nullable().optional(),
		})
		.passthrough();
}

export interface CursorPage<T> {
	items: T[];
	has_more: boolean;
	next_cursor?: string | null;
}

/** Return All / Limit as set in the panel or by an expression. */
export const returnAllLimitSchema = z.object({
	returnAll: z.boolean({ errorMap: () => ({ message: 'must be true or false' }) }),
	limit: z
		.number({ errorMap: () => ({ message: 'must be a whole number of at least 1' }) })
		.int('must be a whole number of at least 1')
		.min(1, 'must be a whole number of at least 1'),
});
