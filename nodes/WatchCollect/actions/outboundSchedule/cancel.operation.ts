import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { idField } from '../../descriptions/outboundLists';
import { invalidParameter, readOptions } from '../../helpers/parameters';
import { describeZodError } from '../../schemas/common';
import {
	OUTBOUND_LABELS,
	cancelScheduleAnswerSchema,
	idParameterSchema,
} from '../../schemas/outbound';
import { watchCollectApiRequest } from '../../transport';
import type { z } from 'zod';
import { showFor } from './fields';

const show = showFor(['cancel']);
const request = watchCollectApiRequest<z.infer<typeof cancelScheduleAnswerSchema>>;

export const description: INodeProperties[] = [
	idField('scheduleId', 'Schedule ID', 'schedule', show),
	optionsCollection(show, [timeoutOption]),
];

/** DELETE /v2/outbound/schedules/{schedule_id}: no further runs; says whether it was already canceled. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const parsed = idParameterSchema('scheduleId', 'schedule').safeParse({
		scheduleId: this.getNodeParameter('scheduleId', i, ''),
	});
	if (!parsed.success) {
		throw invalidParameter.call(this, i, describeZodError(parsed.error, OUTBOUND_LABELS));
	}
	const options = readOptions.call(this, i);
	const answer = await request.call(this, {
		method: 'DELETE',
		path: `/v2/outbound/schedules/${encodeURIComponent(String(parsed.data.scheduleId))}`,
		responseSchema: cancelScheduleAnswerSchema,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
	});
	const duplicate = answer.status === 'duplicate_accepted';
	return [
		{
			json: {
				outcome: duplicate ? 'already canceled' : 'canceled',
				duplicate,
				...answer,
			} as IDataObject,
			pairedItem: { item: i },
		},
	];
}
