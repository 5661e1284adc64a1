import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { requestWrite } from '../../helpers/writeRequest';
import { writeResult } from '../../helpers/writeResult';
import { requestCodeContract } from '../../schemas/session';
import { buildRequestCodeBody } from '../../schemas/sessionParameters';
import { invalidParameter, readOptions } from '../../helpers/parameters';
import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { pairingCodeProperties, readSessionId, sessionLocator, showFor } from './fields';

export const description: INodeProperties[] = [
	sessionLocator(['requestCode']),
	{
		displayName: 'Session Role',
		name: 'role',
		type: 'options',
		options: [
			{ name: 'Receiving', value: 'receiving' },
			{ name: 'Sending', value: 'sending', description: 'NOWEB engine: web pairing codes only' },
		],
		default: 'receiving',
		description: 'The role of the session, which decides the OTP methods it supports',
		displayOptions: showFor(['requestCode']),
	},
	...pairingCodeProperties(['requestCode'], {}, { phoneRequired: true }),
	optionsCollection(showFor(['requestCode']), [timeoutOption]),
];

/** POST /v2/sessions/{id}/auth/request-code: a pairing code to type into WhatsApp. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const sessionId = readSessionId.call(this, i);
	// only the fields that apply to the item's role are read (OTP Method: receiving sessions)
	const built = buildRequestCodeBody((name) => this.getNodeParameter(name, i, ''));
	if (!built.ok) {
		throw invalidParameter.call(this, i, built.message);
	}
	const options = readOptions.call(this, i);
	const answer = await requestWrite.call(this, {
		method: 'POST',
		path: `/v2/sessions/${encodeURIComponent(sessionId)}/auth/request-code`,
		body: built.body as IDataObject,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
		lostAnswerAdvice:
			'WatchCollect may have issued a pairing code before its answer was lost, so the node did not ask again by itself. Check the phone (WhatsApp › Linked devices) or Session › Get Many for the session status; if no code arrived, run Request Pairing Code again (the newest code is the one to type).',
	});
	const json = writeResult(answer, {
		done: 'WatchCollect accepted the request for a pairing code',
		documented: requestCodeContract,
	});
	return [{ json, pairedItem: { item: i } }];
}
