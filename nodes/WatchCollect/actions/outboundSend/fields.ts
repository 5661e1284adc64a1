/** Fields the Outbound Send operations share, and the check that a session may send. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForResource } from '../../descriptions/showFor';
import { invalidParameter } from '../../helpers/parameters';
import { UUID_REGEX } from '../../schemas/common';
import { WORKING } from '../../schemas/outbound';
import type { SessionSummary } from '../../schemas/session';
import { listSessions } from '../../transport/sessions';

export const showFor = showForResource('outboundSend');

/** The sending session of a send: picked from the sending sessions, or given by ID. */
export const sendingSessionLocator: INodeProperties = {
	displayName: 'Sending Session',
	name: 'sessionId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description:
		'The sending session (role "sending", status WORKING) that posts to the groups. Receiving sessions cannot send.',
	displayOptions: showFor(['send']),
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a sending session…',
			typeOptions: { searchListMethod: 'searchSendingSessions', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
			validation: [
				{
					type: 'regex',
					properties: { regex: UUID_REGEX, errorMessage: 'Not a session ID: expected a UUID' },
				},
			],
		},
	],
};

/** The sending sessions, read once per execution of the node (not once per item). */
const sendingSessions = new WeakMap<object, Promise<SessionSummary[]>>();

/**
 * Checks, before the send, that the session is one of the account's sending sessions and is
 * WORKING (contract: "a WORKING sending session; receiving sessions are refused"). Costs one
 * GET /v2/sessions?role=sending per execution of the node.
 */
export async function checkSendingSession(
	this: IExecuteFunctions,
	i: number,
	sessionId: string,
	timeout: number | undefined,
): Promise<void> {
	let list = sendingSessions.get(this);
	if (!list) {
		list = listSessions.call(this, ['sending'], { itemIndex: i, timeout });
		sendingSessions.set(this, list);
		list.catch(() => sendingSessions.delete(this));
	}
	const sessions = await list;
	const session = sessions.find((s) => s.session_id.toLowerCase() === sessionId.toLowerCase());
	if (!session) {
		throw invalidParameter.call(
			this,
			i,
			`Sending Session (sessionId): '${sessionId}' is not one of your sending sessions (WatchCollect lists ${sessions.length}); receiving sessions cannot send`,
		);
	}
	const status = session.session_status;
	if (typeof status === 'string' && status !== WORKING) {
		throw invalidParameter.call(
			this,
			i,
			`Sending Session (sessionId): '${session.label ?? session.waha_session_name ?? sessionId}' is ${status}, not ${WORKING}: pair it first (Session › Get QR Code or Request Pairing Code)`,
		);
	}
}
