/**
 * The read endpoints the probe reads, in order: for each, the request, the evidence tag, the
 * documented (or assumed) shape of the answer and the node's own schema that must read it.
 */
import { z, type ZodType, type ZodTypeAny, type ZodTypeDef } from 'zod';

import { messageCardContract, messageCardSchema } from '../../nodes/WatchCollect/schemas/message';
import {
	scheduleContract,
	scheduleSchema,
	sendContract,
	sendSchema,
} from '../../nodes/WatchCollect/schemas/outbound';
import { classificationSchema } from '../../nodes/WatchCollect/schemas/classification';
import {
	facetsSchema,
	marketListingSchema,
	referenceAggregateSchema,
} from '../../nodes/WatchCollect/schemas/market';
import { cursorPageSchema, type CursorPage } from '../../nodes/WatchCollect/schemas/page';
import { sessionSummarySchema } from '../../nodes/WatchCollect/schemas/session';
import { sessionIdOf } from '../../nodes/WatchCollect/transport/sessions';
import * as contract from './contract';
import { toZod } from './toZod';

type Reader = ZodType<unknown, ZodTypeDef, unknown>;

export interface Endpoint {
	method: 'GET' | 'POST';
	path: string;
	qs?: Record<string, string>;
	body?: Record<string, unknown>;
	evidence: string;
	/** the documented (or, for undocumented answers, assumed) shape, as a zod contract */
	documented: (body: unknown) => ZodTypeAny;
	/** what the node requires to read the answer (its own schema); absent: not yet in the node */
	needs?: Reader;
	/** what the node read, in words */
	count?: (parsed: unknown) => string;
}

/** A cursor page as the contract documents it [REF], around the node's documented item. */
const documentedPage = (item: ZodTypeAny) =>
	z
		.object({ items: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullish() })
		.strict();

const items = (parsed: unknown) => {
	const n = (parsed as CursorPage<unknown>).items.length;
	return `${n} item${n === 1 ? '' : 's'} read`;
};

/**
 * GET /v2/sessions has no documented answer: compare the envelope the API chose with the one the
 * node assumes (`sessions`, or a list under `items`, `data`, `results`, or a bare list), and each
 * session with the assumed session.
 */
function sessionListContract(body: unknown): ZodTypeAny {
	if (Array.isArray(body)) return toZod(contract.list(contract.session));
	const record = (body ?? {}) as Record<string, unknown>;
	const key = ['sessions', 'items', 'data', 'results'].find((k) => Array.isArray(record[k]));
	if (!key) return toZod(contract.sessionList);
	return toZod(
		contract.obj({
			[key]: contract.req(contract.list(contract.session)),
			request_id: contract.str,
			has_more: contract.opt(contract.bool),
			next_cursor: contract.nullable(contract.str),
		}),
	);
}

export const ENDPOINTS: Endpoint[] = [
	...(['receiving', 'sending'] as const).map(
		(role): Endpoint => ({
			method: 'GET',
			path: '/v2/sessions',
			qs: { role },
			evidence: 'GUIDE, answer undocumented (compared with the shape the node assumes)',
			documented: sessionListContract,
			needs: cursorPageSchema(sessionSummarySchema),
			count: (parsed) => {
				const list = (parsed as CursorPage<Record<string, unknown>>).items;
				const withId = list.filter((s) => sessionIdOf(s) !== undefined).length;
				return `${list.length} ${role} session(s) read, ${withId} with an id${
					(parsed as CursorPage<unknown>).next_cursor ? ' (first page; more follow)' : ''
				}`;
			},
		}),
	),
	{
		method: 'GET',
		path: '/v2/messages',
		evidence: 'REF',
		documented: () => documentedPage(messageCardContract),
		needs: cursorPageSchema(messageCardSchema),
		count: items,
	},
	{
		method: 'GET',
		path: '/v2/outbound/sends',
		evidence: 'REF',
		documented: () => documentedPage(sendContract),
		needs: cursorPageSchema(sendSchema),
		count: items,
	},
	{
		method: 'GET',
		path: '/v2/outbound/schedules',
		evidence: 'REF',
		documented: () => documentedPage(scheduleContract),
		needs: cursorPageSchema(scheduleSchema),
		count: items,
	},
	{
		method: 'POST',
		path: '/v2/market/listings/search',
		body: {},
		evidence: 'REF (answer example only), request SIBLING',
		documented: () => toZod(contract.listingPage),
		needs: cursorPageSchema(marketListingSchema),
		count: items,
	},
	{
		method: 'POST',
		path: '/v2/market/live-feed/search',
		body: {},
		evidence: 'REF (answer example only), request SIBLING',
		documented: () => toZod(contract.listingPage),
		needs: cursorPageSchema(marketListingSchema),
		count: items,
	},
	{
		method: 'POST',
		path: '/v2/market/references/search',
		body: {},
		evidence: 'REF',
		documented: () => toZod(contract.referencePage),
		needs: cursorPageSchema(referenceAggregateSchema),
		count: items,
	},
	{
		method: 'POST',
		path: '/v2/market/facets',
		body: {},
		evidence: 'REF',
		documented: () => toZod(contract.facets),
		needs: facetsSchema,
	},
	{
		method: 'GET',
		path: '/v2/classifications',
		evidence: 'REF (answer example only)',
		documented: () => toZod(contract.classificationPage),
		needs: cursorPageSchema(classificationSchema),
		count: items,
	},
];
