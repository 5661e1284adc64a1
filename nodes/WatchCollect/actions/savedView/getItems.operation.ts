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
import { VIEW_LABELS, viewIdParameterSchema, viewItemSchema } from '../../schemas/savedView';
import { getAllOrLimit } from '../../transport/pagination';

const show = { show: { resource: ['savedView'], operation: ['getItems'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Saved View ID',
		name: 'viewId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
		description:
			"The saved view (its filters are defined in WatchCollect's web app): the UUID of the view",
		displayOptions: show,
	},
	...returnAllLimitProperties(show),
	optionsCollection(show, [timeoutOption]),
];

/** The checked view ID of the item, or a NodeOperationError before any request. */
export function readViewId(this: IExecuteFunctions, i: number): string {
	const parsed = viewIdParameterSchema.safeParse({
		viewId: this.getNodeParameter('viewId', i, ''),
	});
	if (!parsed.success) {
		throw invalidParameter.call(this, i, describeZodError(parsed.error, VIEW_LABELS));
	}
	return parsed.data.viewId;
}

/** POST /v2/views/{id}/preview over its cursor pages; one output item per matched item. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const viewId = readViewId.call(this, i);
	const { returnAll, limit } = readReturnAllLimit.call(this, i);
	const options = readOptions.call(this, i);
	const items = await getAllOrLimit.call(
		this,
		{
			method: 'POST',
			path: `/v2/views/${encodeURIComponent(viewId)}/preview`,
			itemSchema: viewItemSchema,
			itemIndex: i,
			timeout: options.timeout as number | undefined,
		},
		returnAll,
		limit,
	);
	return items.map((json) => ({ json: json as IDataObject, pairedItem: { item: i } }));
}
