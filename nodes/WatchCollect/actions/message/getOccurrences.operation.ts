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
	messageIdParameterSchema,
	occurrenceSchema,
} from '../../schemas/message';
import { getAllOrLimit } from '../../transport/pagination';
import { showFor } from './fields';

const show = showFor(['getOccurrences']);

export const description: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
		description:
			'The canonical message: the ID (UUID) of a message from Get Many, Get Saved View Items or the trigger',
		displayOptions: show,
	},
	...returnAllLimitProperties(show),
	optionsCollection(show, [timeoutOption]),
];

/** GET /v2/messages/{id}/occurrences: where and when the message was seen, one item each. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const parsed = messageIdParameterSchema.safeParse({
		messageId: this.getNodeParameter('messageId', i, ''),
	});
	if (!parsed.success) {
		throw invalidParameter.call(this, i, describeZodError(parsed.error, MESSAGE_FILTER_LABELS));
	}
	const { returnAll, limit } = readReturnAllLimit.call(this, i);
	const options = readOptions.call(this, i);
	const occurrences = await getAllOrLimit.call(
		this,
		{
			method: 'GET',
			path: `/v2/messages/${encodeURIComponent(parsed.data.messageId)}/occurrences`,
			itemSchema: occurrenceSchema,
			itemIndex: i,
			timeout: options.timeout as number | undefined,
		},
		returnAll,
		limit,
	);
	return occurrences.map((json) => ({ json: json as IDataObject, pairedItem: { item: i } }));
}
