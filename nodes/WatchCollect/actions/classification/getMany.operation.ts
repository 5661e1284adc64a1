import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { readReturnAllLimit, returnAllLimitProperties } from '../../descriptions/returnAll';
import { readOptions } from '../../helpers/parameters';
import { classificationSchema } from '../../schemas/classification';
import { getAllOrLimit } from '../../transport/pagination';
import { showFor } from './fields';

const show = showFor(['getMany']);

export const description: INodeProperties[] = [
	...returnAllLimitProperties(show),
	optionsCollection(show, [timeoutOption]),
];

/**
 * GET /v2/classifications over its pages. Its example answer has `items` and `next_cursor` only:
 * the shared pagination reads on while `next_cursor` is a non-empty text not seen before, and
 * stops on an absent, null or empty one, on `has_more: false`, or at the limit.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = readReturnAllLimit.call(this, i);
	const options = readOptions.call(this, i);
	const items = await getAllOrLimit.call(
		this,
		{
			method: 'GET',
			path: '/v2/classifications',
			itemSchema: classificationSchema,
			itemIndex: i,
			timeout: options.timeout as number | undefined,
		},
		returnAll,
		limit,
	);
	return items.map((json) => ({ json: json as IDataObject, pairedItem: { item: i } }));
}
