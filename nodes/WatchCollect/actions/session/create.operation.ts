import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { SENDING_ENGINE, createSessionContract } from '../../schemas/session';
import {
	LINK_AUTH_AUTO,
	LINK_ENGINE_KEEP,
	buildCreateSessionBody,
	type ParameterReader,
} from '../../schemas/sessionParameters';
import { refusedWrite, requestWrite } from '../../helpers/writeRequest';
import { answerText, writeResult } from '../../helpers/writeResult';
import { invalidParameter, readOptions } from '../../helpers/parameters';
import { optionsCollection, qrImageOptions, timeoutOption } from '../../descriptions/options';
import { itemWithQrImage } from '../../helpers/qrImage';
import { pairingCodeProperties, showFor } from './fields';

const show = (extra: Record<string, string[]> = {}) => showFor(['create'], extra);

/*
 * Every parameter that decides which other fields apply (Role, Session Mode, Authentication
 * Method) may be an expression that differs per item. Hence:
 *  - one field per name, whose options and default are valid in every case where it shows (see
 *    `keep` and `auto` in schemas/sessionParameters.ts): n8n fills in a field's default whenever a
 *    parameter it depends on is an expression, and with two same-named fields it would be the
 *    default of either; and switching a choice in the panel never leaves a value the new choice
 *    forbids (a hidden field's value is dropped by the editor, a shown one stays valid);
 *  - no `required` on a field that depends on another: n8n counts it as shown when the other holds
 *    an expression and would refuse to run the workflow while it is empty. The node checks it per
 *    item instead, and the description says when it is required.
 */
export const description: INodeProperties[] = [
	{
		displayName: 'Role',
		name: 'role',
		type: 'options',
		required: true,
		options: [
			{
				name: 'Receiving',
				value: 'receiving',
				description: 'A session that receives and collects messages',
			},
			{
				name: 'Sending',
				value: 'sending',
				description: 'A session that sends messages (NOWEB engine)',
			},
		],
		default: 'receiving',
		description: 'What the WhatsApp session is used for',
		displayOptions: show(),
	},
	{
		displayName: 'Session Mode',
		name: 'sessionMode',
		type: 'options',
		options: [
			{
				name: 'Create New Session',
				value: 'new',
				description: 'WatchCollect creates a new session and names it',
			},
			{
				name: 'Link Existing WAHA Session',
				value: 'link',
				description: 'Link a WAHA session that already exists, by its name',
			},
		],
		default: 'new',
		displayOptions: show(),
	},
	{
		displayName: 'WAHA Session Name',
		name: 'wahaSessionName',
		type: 'string',
		default: '',
		placeholder: 'e.g. user-user_35eh25qkkIVwab803vgofO1uSsl-receiving',
		description:
			'Name of the existing WAHA session to link. Required for Link Existing WAHA Session.',
		displayOptions: show({ sessionMode: ['link'] }),
	},
	{
		displayName: 'Engine',
		name: 'engine',
		type: 'options',
		options: [
			{
				name: 'Default',
				value: LINK_ENGINE_KEEP,
				description: 'A new session gets WEBJS; a linked session keeps its current engine',
			},
			{ name: 'WEBJS', value: 'WEBJS', description: 'WhatsApp Web in a browser (recommended)' },
			{ name: 'GOWS', value: 'GOWS', description: 'No-browser engine, for receiving tests only' },
		],
		default: LINK_ENGINE_KEEP,
		description: `The WAHA engine of a receiving session (sending sessions always use ${SENDING_ENGINE})`,
		displayOptions: show({ role: ['receiving'] }),
	},
	{
		displayName: `Sending sessions always use the ${SENDING_ENGINE} engine, which supports web pairing only`,
		name: 'sendingEngineNotice',
		type: 'notice',
		default: '',
		displayOptions: show({ role: ['sending'] }),
	},
	{
		displayName: 'Authentication Method',
		name: 'authMethod',
		type: 'options',
		options: [
			{
				name: 'Automatic',
				value: LINK_AUTH_AUTO,
				description:
					'QR code when the session needs pairing: always for a new session, for a linked one only if it is not paired yet',
			},
			{
				name: 'QR Code',
				value: 'qr',
				description:
					'Scan a QR code with WhatsApp › Linked devices (the response carries the QR value)',
			},
			{
				name: 'Pairing Code (OTP)',
				value: 'otp',
				description:
					'Type an 8-character code into WhatsApp › Linked devices › Link with phone number',
			},
		],
		default: LINK_AUTH_AUTO,
		description: 'How the session is paired with a phone',
		displayOptions: show(),
	},
	...pairingCodeProperties(['create'], { authMethod: ['otp'] }),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(),
		options: [
			{
				displayName: 'Label',
				name: 'label',
				type: 'string',
				default: '',
				placeholder: 'e.g. Main receiving session',
				description: 'Free text to recognise the session by',
			},
		],
	},
	optionsCollection(show(), [...qrImageOptions, timeoutOption]),
];

/**
 * The item's parameters, read when the rules ask for them: only the fields that apply to this
 * item's own Role, Session Mode and Authentication Method are ever evaluated.
 */
function parameterReader(this: IExecuteFunctions, i: number): ParameterReader {
	return (name) => {
		if (name === 'label') {
			const additionalFields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
			return additionalFields.label;
		}
		return this.getNodeParameter(name, i, '');
	};
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const built = buildCreateSessionBody(parameterReader.call(this, i));
	if (!built.ok) {
		throw invalidParameter.call(this, i, built.message);
	}
	const options = readOptions.call(this, i);

	const answer = await requestWrite.call(this, {
		method: 'POST',
		path: '/v2/sessions',
		body: built.body as IDataObject,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
		lostAnswerAdvice:
			'WatchCollect may have created the session before its answer was lost, so the node did not send it again (that could create a second session). Run Session › Get Many (or look in WatchCollect): if the session is there, continue with Get QR Code or Request Pairing Code for it; only if it is not, run Create again.',
	});

	// The one refusal: `status: "rejected"`. Any other answer means the session may exist: the
	// item succeeds (a failed item would make the user retry and create a second session).
	if (answerText(answer.body, 'status') === 'rejected') {
		const sessionStatus = answerText(answer.body, 'session_status');
		const wahaName = answerText(answer.body, 'waha_session_name');
		const name = wahaName ? `WAHA session ${wahaName}` : 'The WAHA session';
		throw refusedWrite.call(
			this,
			i,
			answer.body,
			`the session${sessionStatus ? ` (session_status: ${sessionStatus})` : ''}`,
			`${name} could not be ${built.body.waha_session_name ? 'linked' : 'created'} or its authentication did not start.`,
		);
	}
	const json = writeResult(answer, {
		done: `WatchCollect accepted the ${built.body.waha_session_name ? 'link' : 'creation'} of the session`,
		documented: createSessionContract,
		branches: { status: 'the node counts the session as created' },
	});
	return [await itemWithQrImage.call(this, i, json, options)];
}
