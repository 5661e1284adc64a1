/** Get / Get Many of sends and schedules: read the item's parameters, request, hand over. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import { readReturnAllLimit } from '../descriptions/returnAll';
import { describeZodError } from '../schemas/common';
import {
	OUTBOUND_LABELS,
	idParameterSchema,
	listFiltersSchema,
} from '../schemas/outboundParameters';
import { watchCollectApiRequest } from '../transport';
import { getAllOrLimit } from '../transport/pagination';
import { invalidParameter, readOptions } from './parameters';

/** GET {path}/{id}: one output item, the object as WatchCollect sent it. */
export async function getOne<T>(
	ctx: IExecuteFunctions,
	i: number,
	parameter: string,
	what: string,
	path: string,
	schema: ZodType<T, ZodTypeDef, unknown>,
): Promise<INodeExecutionData[]> {
	const parsed = idParameterSchema(parameter, what).safeParse({
		[parameter]: ctx.getNodeParameter(parameter, i, ''),
	});
	if (!parsed.success) {
		throw invalidParameter.call(ctx, i, describeZodError(parsed.error, OUTBOUND_LABELS));
	}
	const id = String(parsed.data[parameter]);
	const options = readOptions.call(ctx, i);
	const json = await watchCollectApiRequest.call(ctx, {
		method: 'GET',
		path: `${path}/${encodeURIComponent(id)}`,
		responseSchema: schema,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
	});
	return [{ json: json as IDataObject, pairedItem: { item: i } }];
}

/** GET {path}?session_id&status over its cursor pages, Return All / Limit. */
export async function getList<T>(
	ctx: IExecuteFunctions,
	i: number,
	path: string,
	statuses: readonly string[],
	schema: ZodType<T, ZodTypeDef, unknown>,
): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = readReturnAllLimit.call(ctx, i);
	const parsed = listFiltersSchema(statuses).safeParse(
		ctx.getNodeParameter('filters', i, {}) as IDataObject,
	);
	if (!parsed.success) {
		throw invalidParameter.call(ctx, i, describeZodError(parsed.error, OUTBOUND_LABELS));
	}
	const options = readOptions.call(ctx, i);
	const list = await getAllOrLimit.call(
		ctx,
		{
			method: 'GET',
			path,
			params: parsed.data,
			itemSchema: schema,
			itemIndex: i,
			timeout: options.timeout as number | undefined,
		},
		returnAll,
		limit,
	);
	return list.map((json) => ({ json: json as IDataObject, pairedItem: { item: i } }));
}
