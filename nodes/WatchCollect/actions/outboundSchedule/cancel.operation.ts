import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { idField } from '../../descriptions/outboundLists';
import { invalidParameter, readOptions } from '../../helpers/parameters';
import { refusedWrite, requestWrite } from '../../helpers/writeRequest';
import { answerText, writeResult } from '../../helpers/writeResult';
import { describeZodError } from '../../schemas/common';
import { cancelScheduleAnswerContract } from '../../schemas/outbound';
import { OUTBOUND_LABELS, idParameterSchema } from '../../schemas/outboundParameters';
import { showFor } from './fields';

const show = showFor(['cancel']);

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
	const answer = await requestWrite.call(this, {
		method: 'DELETE',
		path: `/v2/outbound/schedules/${encodeURIComponent(String(parsed.data.scheduleId))}`,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
		// safe to repeat: a schedule canceled twice stays canceled
		retryLostAnswer: true,
	});
	const status = answerText(answer.body, 'status');
	if (status === 'rejected') throw refusedWrite.call(this, i, answer.body, 'the cancellation');
	const duplicate = status === 'duplicate_accepted';
	const outcome = duplicate ? 'already canceled' : 'canceled';
	const json = writeResult(answer, {
		done: 'WatchCollect accepted the cancellation of the schedule',
		documented: cancelScheduleAnswerContract,
		branches: { status: `the node counts it as ${outcome}` },
		prefix: { outcome, duplicate },
	});
	return [{ json, pairedItem: { item: i } }];
}
