import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { idField } from '../../descriptions/outboundLists';
import { getOne } from '../../helpers/outboundLists';
import { sendSchema } from '../../schemas/outbound';
import { showFor } from './fields';

const show = showFor(['get']);

export const description: INodeProperties[] = [
	idField('sendId', 'Send ID', 'send', show),
	optionsCollection(show, [timeoutOption]),
];

/** GET /v2/outbound/sends/{send_id}: status and one line per recipient group. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await getOne(this, i, 'sendId', 'send', '/v2/outbound/sends', sendSchema);
}
