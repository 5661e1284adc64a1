import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { readReturnAllLimit, returnAllLimitProperties } from '../../descriptions/returnAll';
import { invalidParameter, readOptions } from '../../helpers/parameters';
import { describeZodError } from '../../schemas/common';
import {
	MESSAGE_FILTER_LABELS,
	messageCardSchema,
	messageFiltersSchema,
} from '../../schemas/message';
import { getAllOrLimit } from '../../transport/pagination';
import { messageFiltersCollection, showFor } from './fields';

const show = showFor(['getMany']);

export const description: INodeProperties[] = [
	...returnAllLimitProperties(show),
	messageFiltersCollection(show),
	optionsCollection(show, [timeoutOption]),
];

/** The filters of an item as query parameters, or a NodeOperationError before any request. */
export function readMessageFilters(this: IExecuteFunctions, i: number): Record<string, string> {
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const parsed = messageFiltersSchema.safeParse(filters);
	if (!parsed.success) {
		throw invalidParameter.call(this, i, describeZodError(parsed.error, MESSAGE_FILTER_LABELS));
	}
	return parsed.data;
}

/** GET /v2/messages over its cursor pages; one output item per message. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = readReturnAllLimit.call(this, i);
	const params = readMessageFilters.call(this, i);
	const options = readOptions.call(this, i);
	const messages = await getAllOrLimit.call(
		this,
		{
			method: 'GET',
			path: '/v2/messages',
			params,
			itemSchema: messageCardSchema,
			itemIndex: i,
			timeout: options.timeout as number | undefined,
		},
		returnAll,
		limit,
	);
	return messages.map((json) => ({ json: json as IDataObject, pairedItem: { item: i } }));
}
