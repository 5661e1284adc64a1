import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { ROLES, sessionListResponseSchema } from '../../schemas';
import { watchCollectApiRequest } from '../../transport';
import { optionsCollection, readOptions, showFor, timeoutOption } from './common';

const show = showFor(['getMany']);

export const description: INodeProperties[] = [
	{
		displayName: 'Role',
		name: 'role',
		type: 'options',
		options: [
			{ name: 'All Roles', value: 'all', description: 'Receiving and sending sessions' },
			{ name: 'Receiving', value: 'receiving' },
			{ name: 'Sending', value: 'sending' },
		],
		default: 'all',
		description: 'Which sessions to list',
		displayOptions: show,
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: showFor(['getMany'], { returnAll: [false] }),
	},
	optionsCollection(['getMany'], [timeoutOption]),
];

/** GET /v2/sessions?role=…, once per role asked for; one output item per session. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const role = this.getNodeParameter('role', i, 'all') as string;
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const options = readOptions.call(this, i);
	const roles = role === 'all' ? [...ROLES] : [role];
	const sessions: IDataObject[] = [];
	for (const r of roles) {
		const list = await watchCollectApiRequest.call(this, {
			method: 'GET',
			path: '/v2/sessions',
			qs: { role: r },
			responseSchema: sessionListResponseSchema,
			itemIndex: i,
			timeout: options.timeout as number | undefined,
		});
		sessions.push(...(list as IDataObject[]));
	}
	const limited = returnAll
		? sessions
		: sessions.slice(0, this.getNodeParameter('limit', i, 50) as number);
	return limited.map((json) => ({ json, pairedItem: { item: i } }));
}
