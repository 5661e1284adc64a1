import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	SENDING_ENGINE,
	createSessionResponseSchema,
	type CreateSessionResponse,
} from '../../schemas/session';
import {
	LINK_AUTH_AUTO,
	LINK_ENGINE_KEEP,
	buildCreateSessionBody,
	type CreateSessionParameters,
} from '../../schemas/sessionParameters';
import { watchCollectApiRequest } from '../../transport';
import { invalidParameter, readOptions, readText } from '../../helpers/parameters';
import { optionsCollection, qrImageOptions, timeoutOption } from '../../descriptions/options';
import { itemWithQrImage } from '../../helpers/qrImage';
import { pairingCodeProperties, showFor } from './fields';

const show = (extra: Record<string, string[]> = {}) => showFor(['create'], extra);

const authMethodOptions = [
	{
		name: 'QR Code',
		value: 'qr',
		description:
			'Scan a QR code with WhatsApp › Linked devices (the response carries the QR value)',
	},
	{
		name: 'Pairing Code (OTP)',
		value: 'otp',
		description: 'Type an 8-character code into WhatsApp › Linked devices › Link with phone number',
	},
];

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
		required: true,
		default: '',
		placeholder: 'e.g. user-user_35eh25qkkIVwab803vgofO1uSsl-receiving',
		description: 'Name of the existing WAHA session to link',
		displayOptions: show({ sessionMode: ['link'] }),
	},
	{
		displayName: 'Engine',
		name: 'engine',
		type: 'options',
		options: [
			{ name: 'WEBJS', value: 'WEBJS', description: 'WhatsApp Web in a browser (recommended)' },
			{ name: 'GOWS', value: 'GOWS', description: 'No-browser engine, for receiving tests only' },
		],
		default: 'WEBJS',
		description: 'The WAHA engine of the receiving session',
		displayOptions: show({ role: ['receiving'], sessionMode: ['new'] }),
	},
	{
		displayName: 'Engine',
		name: 'engine',
		type: 'options',
		options: [
			{
				name: 'Keep Current Engine',
				value: LINK_ENGINE_KEEP,
				description: 'Send no engine: the linked session keeps its engine',
			},
			{ name: 'WEBJS', value: 'WEBJS', description: 'WhatsApp Web in a browser (recommended)' },
			{ name: 'GOWS', value: 'GOWS', description: 'No-browser engine, for receiving tests only' },
		],
		default: LINK_ENGINE_KEEP,
		description: 'The WAHA engine of the linked receiving session',
		displayOptions: show({ role: ['receiving'], sessionMode: ['link'] }),
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
		required: true,
		options: authMethodOptions,
		default: 'qr',
		description: 'How the new session is paired with a phone',
		displayOptions: show({ sessionMode: ['new'] }),
	},
	{
		displayName: 'Authentication Method',
		name: 'authMethod',
		type: 'options',
		options: [
			{
				name: 'Automatic',
				value: LINK_AUTH_AUTO,
				description: 'Let WatchCollect decide: QR only if the session still needs pairing',
			},
			...authMethodOptions,
		],
		default: LINK_AUTH_AUTO,
		description: 'How the linked session is paired, if it still needs pairing',
		displayOptions: show({ sessionMode: ['link'] }),
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

/** Reads the item's parameters as the panel (or an expression) set them; hidden ones are undefined. */
function readParameters(this: IExecuteFunctions, i: number): CreateSessionParameters {
	const read = (name: string) => readText.call(this, name, i);
	const additionalFields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	return {
		role: read('role') as CreateSessionParameters['role'],
		sessionMode: read('sessionMode') as CreateSessionParameters['sessionMode'],
		wahaSessionName: read('wahaSessionName'),
		engine: read('engine'),
		authMethod: read('authMethod'),
		phoneNumber: read('phoneNumber'),
		otpMethod: read('otpMethod'),
		label: additionalFields.label as string | undefined,
	};
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const built = buildCreateSessionBody(readParameters.call(this, i));
	if (!built.ok) {
		throw invalidParameter.call(this, i, built.message);
	}
	const options = readOptions.call(this, i);

	const response = (await watchCollectApiRequest.call(this, {
		method: 'POST',
		path: '/v2/sessions',
		body: built.body as IDataObject,
		responseSchema: createSessionResponseSchema,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
	})) as CreateSessionResponse;

	if (response.status === 'rejected') {
		throw new NodeApiError(this.getNode(), response as unknown as JsonObject, {
			message: `WatchCollect rejected the session (session_status: ${response.session_status}) [request ID: ${response.request_id}]`,
			description: `WAHA session ${response.waha_session_name} could not be ${response.created ? 'created' : 'linked'} or its authentication did not start.`,
			itemIndex: i,
		});
	}

	return [await itemWithQrImage.call(this, i, response as unknown as IDataObject, options)];
}
