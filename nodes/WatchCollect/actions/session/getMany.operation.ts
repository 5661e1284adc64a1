import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { ROLES } from '../../schemas/session';
import { describeSessionError, getManyParametersSchema } from '../../schemas/sessionParameters';
import { invalidParameter, readOptions } from '../../helpers/parameters';
import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { returnAllLimitProperties } from '../../descriptions/returnAll';
import { showFor } from './fields';
import { listSessions } from '../../transport/sessions';

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
	...returnAllLimitProperties(show),
	optionsCollection(show, [timeoutOption]),
];

/** GET /v2/sessions?role=…, once per role asked for; one output item per session. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const parsed = getManyParametersSchema.safeParse({
		role: this.getNodeParameter('role', i, 'all'),
		returnAll: this.getNodeParameter('returnAll', i, false),
		limit: this.getNodeParameter('limit', i, 50),
	});
	if (!parsed.success) {
		throw invalidParameter.call(this, i, describeSessionError(parsed.error));
	}
	const { role, returnAll, limit } = parsed.data;
	const options = readOptions.call(this, i);
	const sessions = await listSessions.call(this, role === 'all' ? ROLES : [role], {
		itemIndex: i,
		timeout: options.timeout as number | undefined,
	});
	return (returnAll ? sessions : sessions.slice(0, limit)).map((json) => ({
		json: json as IDataObject,
		pairedItem: { item: i },
	}));
}
