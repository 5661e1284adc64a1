import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { listFiltersCollection } from '../../descriptions/outboundLists';
import { getList } from '../../helpers/outboundLists';
import { returnAllLimitProperties } from '../../descriptions/returnAll';
import { SCHEDULE_STATUSES, scheduleSchema } from '../../schemas/outbound';
import { showFor } from './fields';

const show = showFor(['getMany']);

export const description: INodeProperties[] = [
	...returnAllLimitProperties(show),
	listFiltersCollection(show, SCHEDULE_STATUSES, 'schedules'),
	optionsCollection(show, [timeoutOption]),
];

/** GET /v2/outbound/schedules, filtered by session and status. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await getList(this, i, '/v2/outbound/schedules', SCHEDULE_STATUSES, scheduleSchema);
}
