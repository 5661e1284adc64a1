/** Fields the Outbound Send operations share (the session check is helpers/sendingSession.ts). */
import type { INodeProperties } from 'n8n-workflow';

import { showForResource } from '../../descriptions/showFor';
import { UUID_REGEX } from '../../schemas/common';

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
