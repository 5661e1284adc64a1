/** Fields the Session operations share, with the readers that check them per item. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForResource } from '../../descriptions/showFor';
import { invalidParameter } from '../../helpers/parameters';
import { UUID_REGEX } from '../../schemas/common';
import { SENDING_ENGINE } from '../../schemas/session';
import { describeSessionError, sessionIdParameterSchema } from '../../schemas/sessionParameters';

/** displayOptions for the Session resource and these operations, plus more conditions. */
export const showFor = showForResource('session');

/** The session an operation acts on: picked from the list or given by ID. */
export function sessionLocator(operations: string[]): INodeProperties {
	return {
		displayName: 'Session',
		name: 'sessionId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The WatchCollect session',
		displayOptions: showFor(operations),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a session…',
				typeOptions: { searchListMethod: 'searchSessions', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: UUID_REGEX,
							errorMessage: 'Not a session ID: expected a UUID',
						},
					},
				],
			},
		],
	};
}

/** The checked session ID of the item, or a NodeOperationError before any request. */
export function readSessionId(this: IExecuteFunctions, i: number): string {
	const value = this.getNodeParameter('sessionId', i, '', { extractValue: true });
	const parsed = sessionIdParameterSchema.safeParse({ sessionId: value });
	if (!parsed.success) {
		throw invalidParameter.call(this, i, describeSessionError(parsed.error));
	}
	return parsed.data.sessionId;
}

/**
 * Phone number and OTP method. One field per name, so the value n8n fills in for a field never
 * depends on which variant it picked (several same-named fields each bring their own default).
 * OTP Method is shown for receiving sessions only: a sending session (NOWEB) has web pairing
 * only, so the panel offers it nothing to choose; an SMS or voice value reaching a sending item
 * through an expression is refused at execution (see schemas/sessionParameters.ts).
 *
 * `phoneRequired`: only where the phone field shows whatever the other parameters hold (Request
 * Pairing Code). Where it depends on another parameter (Create: Authentication Method), it is
 * checked per item at execution instead: n8n counts a field as shown whenever a parameter it
 * depends on holds an expression, so `required` there would block the whole workflow before any
 * item ran.
 */
export function pairingCodeProperties(
	operations: string[],
	extra: Record<string, string[]> = {},
	{ phoneRequired = false }: { phoneRequired?: boolean } = {},
): INodeProperties[] {
	return [
		{
			displayName: 'Phone Number',
			name: 'phoneNumber',
			type: 'string',
			required: phoneRequired,
			default: '',
			placeholder: 'e.g. +31 6 1234 5678',
			description: `${phoneRequired ? '' : 'Required for a pairing code. '}The phone to pair: country code and number (e.g. 31612345678). A leading +, spaces, dashes, dots and brackets are removed.`,
			displayOptions: showFor(operations, extra),
		},
		{
			displayName: 'OTP Method',
			name: 'otpMethod',
			type: 'options',
			options: [
				{
					name: 'Web Pairing Code',
					value: 'web',
					description: 'A code typed into WhatsApp › Linked devices',
				},
				{ name: 'SMS', value: 'sms', description: 'Registration code delivered by SMS' },
				{
					name: 'Voice Call',
					value: 'voice',
					description: 'Registration code delivered by a voice call',
				},
			],
			default: 'web',
			description: `How the one-time code reaches the user. Receiving sessions only: sending sessions (${SENDING_ENGINE} engine) always use a web pairing code.`,
			displayOptions: showFor(operations, { ...extra, role: ['receiving'] }),
		},
	];
}
