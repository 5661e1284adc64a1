/** Get / Get Many of sends and schedules: an ID field, list filters, and their readers. */
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import { invalidParameter, readOptions } from '../helpers/parameters';
import { describeZodError } from '../schemas/common';
import { OUTBOUND_LABELS, idParameterSchema, listFiltersSchema } from '../schemas/outbound';
import { watchCollectApiRequest } from '../transport';
import { getAllOrLimit } from '../transport/pagination';
import { readReturnAllLimit } from './returnAll';

const title = (value: string) =>
	value
		.split('_')
		.map((w) => w[0].toUpperCase() + w.slice(1))
		.join(' ');

export function idField(
	name: string,
	displayName: string,
	what: string,
	show: IDisplayOptions,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
		description: `The ${what} ID (a UUID), e.g. from the output of Send or Get Many`,
		displayOptions: show,
	};
}

export function listFiltersCollection(
	show: IDisplayOptions,
	statuses: readonly string[],
	what: string,
): INodeProperties {
	const firstStatus = statuses[0];
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Session ID',
				name: 'filterSessionId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
				description: `Only ${what} of this sending session (a UUID)`,
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: statuses.map((value) => ({ name: title(value), value })),
				default: firstStatus,
				description: `Only ${what} in this status`,
			},
		],
	};
}

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
