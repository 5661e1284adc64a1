/**
 * Lists. The contract's cursor page [REF]: `items` (required), `has_more` (boolean, required),
 * `next_cursor` (string or null); requests send `cursor` and `page_size` (1–200, default 50).
 * Read tolerantly: the items may also come as a bare list or under `data`, `results` or
 * `sessions` (GET /v2/sessions, shape undocumented); `has_more` and `next_cursor` may be absent,
 * null or of another type. The node needs only the list itself, each item of it as its item
 * schema requires, and a cursor to read on (transport/pagination.ts: when to stop).
 */
import { z, type ZodType, type ZodTypeDef } from 'zod';

export const MIN_PAGE_SIZE = 1;
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** Where a list answer may hold its items, in the order they are looked for. */
export const LIST_FIELDS = ['items', 'data', 'results', 'sessions'] as const;

export interface CursorPage<T> {
	items: T[];
	/** As the API sent it: the node only stops on `false`. */
	has_more?: unknown;
	/** As the API sent it: the node reads on only with a non-empty text. */
	next_cursor?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list answer in any of the accepted envelopes, each item checked by `item`. */
export function cursorPageSchema<T>(
	item: ZodType<T, ZodTypeDef, unknown>,
): ZodType<CursorPage<T>, ZodTypeDef, unknown> {
	return z.unknown().transform((body, ctx): CursorPage<T> => {
		const field = isObject(body) ? LIST_FIELDS.find((f) => Array.isArray(body[f])) : undefined;
		const list = Array.isArray(body) ? body : field && isObject(body) ? body[field] : undefined;
		if (!Array.isArray(list)) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `the list answer holds no list of items (looked for a bare list, or one under ${LIST_FIELDS.map((f) => `"${f}"`).join(', ')}; came ${Array.isArray(body) ? 'a list' : body === null ? 'null' : typeof body})`,
			});
			return z.NEVER;
		}
		const items: T[] = [];
		list.forEach((value: unknown, index) => {
			const parsed = item.safeParse(value);
			if (parsed.success) items.push(parsed.data);
			else
				for (const issue of parsed.error.issues)
					ctx.addIssue({ ...issue, path: [...(field ? [field] : []), index, ...issue.path] });
		});
		if (!isObject(body)) return { items };
		return { items, has_more: body.has_more, next_cursor: body.next_cursor };
	});
}

/** Text a spreadsheet cell or an expression gives for a boolean: TRUE/FALSE, yes/no, 1/0. */
const BOOLEAN_TEXT: Record<string, boolean> = {
	true: true,
	yes: true,
	'1': true,
	false: false,
	no: false,
	'0': false,
};

/**
 * Return All / Limit as set in the panel or by an expression; from data (a sheet's cells) they
 * may come as text: "TRUE", "yes", "false", " 25 ".
 */
export const returnAllLimitSchema = z.object({
	returnAll: z.preprocess(
		(v) => (typeof v === 'string' ? (BOOLEAN_TEXT[v.trim().toLowerCase()] ?? v) : v),
		z.boolean({ errorMap: () => ({ message: 'must be true or false' }) }),
	),
	limit: z.preprocess(
		(v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
		z
			.number({ errorMap: () => ({ message: 'must be a whole number of at least 1' }) })
			.int('must be a whole number of at least 1')
			.min(1, 'must be a whole number of at least 1'),
	),
});
