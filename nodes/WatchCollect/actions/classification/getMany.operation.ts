import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { readReturnAllLimit, returnAllLimitProperties } from '../../descriptions/returnAll';
import { readOptions } from '../../helpers/parameters';
import { type ClassificationPage, classificationPageSchema } from '../../schemas/classification';
import { MAX_PAGE_SIZE } from '../../schemas/page';
import { watchCollectApiRequest } from '../../transport';
import { showFor } from './fields';

const show = showFor(['getMany']);
const request = watchCollectApiRequest<ClassificationPage>;

export const description: INodeProperties[] = [
	...returnAllLimitProperties(show),
	optionsCollection(show, [timeoutOption]),
];

/**
 * GET /v2/classifications over its pages. Its example answer has `items` and `next_cursor` only,
 * so the walk follows `next_cursor` while it is a non-empty string never seen before, and stops
 * on an absent, null or empty cursor, on `has_more: false`, or at the limit.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = readReturnAllLimit.call(this, i);
	const options = readOptions.call(this, i);
	const pageSize = returnAll ? MAX_PAGE_SIZE : Math.min(limit, MAX_PAGE_SIZE);
	const items: IDataObject[] = [];
	const used = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const page = await request.call(this, {
			method: 'GET',
			path: '/v2/classifications',
			qs: { page_size: pageSize, ...(cursor !== undefined ? { cursor } : {}) },
			responseSchema: classificationPageSchema,
			itemIndex: i,
			timeout: options.timeout as number | undefined,
		});
		items.push(...(page.items as IDataObject[]));
		if (!returnAll && items.length >= limit) break;
		const next = page.next_cursor;
		if (page.has_more === false || typeof next !== 'string' || next === '' || used.has(next)) break;
		used.add(next);
		cursor = next;
	}
	return (returnAll ? items : items.slice(0, limit)).map((json) => ({
		json,
		pairedItem: { item: i },
	}));
}
