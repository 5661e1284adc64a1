import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { idField } from '../../descriptions/outboundLists';
import { getOne } from '../../helpers/outboundLists';
import { scheduleSchema } from '../../schemas/outbound';
import { showFor } from './fields';

const show = showFor(['get']);

export const description: INodeProperties[] = [
	idField('scheduleId', 'Schedule ID', 'schedule', show),
	optionsCollection(show, [timeoutOption]),
];

/** GET /v2/outbound/schedules/{schedule_id}: status, next run and every run so far. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await getOne(this, i, 'scheduleId', 'schedule', '/v2/outbound/schedules', scheduleSchema);
}
