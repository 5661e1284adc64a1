/** Panel pieces and helpers the Session operations share. */
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeProperties,
	IDisplayOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { qrValueToPng } from '../../qr/png';
import {
	ROLES,
	SENDING_ENGINE,
	sessionListResponseSchema,
	type SessionSummary,
	SESSION_ID_REGEX,
	describeZodError,
	sessionIdParameterSchema,
} from '../../schemas';
import { DEFAULT_TIMEOUT_MS, watchCollectApiRequest } from '../../transport';

export type OperationExecute = (
	this: IExecuteFunctions,
	i: number,
) => Promise<INodeExecutionData[]>;

/** displayOptions for the Session resource and these operations, plus more conditions. */
export function showFor(
	operations: string[],
	extra: Record<string, Array<string | boolean>> = {},
): IDisplayOptions {
	return { show: { resource: ['session'], operation: operations, ...extra } };
}

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
							regex: SESSION_ID_REGEX,
							errorMessage: 'Not a session ID: expected a UUID',
						},
					},
				],
			},
		],
	};
}

/** A parameter value the rules refuse: an error for the item, raised before any request. */
export function invalidParameter(
	this: IExecuteFunctions,
	i: number,
	message: string,
): NodeOperationError {
	return new NodeOperationError(this.getNode(), `Invalid parameter: ${message}`, {
		itemIndex: i,
		description: 'No request was sent for this item.',
	});
}

/** A string parameter as set in the panel or by an expression; hidden or empty is undefined. */
export function readText(this: IExecuteFunctions, name: string, i: number): string | undefined {
	const value = this.getNodeParameter(name, i, '') as string;
	return value === '' ? undefined : value;
}

/** The checked session ID of the item, or a NodeOperationError before any request. */
export function readSessionId(this: IExecuteFunctions, i: number): string {
	const value = this.getNodeParameter('sessionId', i, '', { extractValue: true });
	const parsed = sessionIdParameterSchema.safeParse({ sessionId: value });
	if (!parsed.success) {
		throw invalidParameter.call(this, i, describeZodError(parsed.error));
	}
	return parsed.data.sessionId;
}

/** Phone number and OTP method, whose OTP choices follow the role (NOWEB: web pairing only). */
export function pairingCodeProperties(
	operations: string[],
	extra: Record<string, string[]> = {},
): INodeProperties[] {
	return [
		{
			displayName: 'Phone Number',
			name: 'phoneNumber',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +31 6 1234 5678',
			description:
				'The phone to pair: country code and number (e.g. 31612345678). A leading +, spaces, dashes, dots and brackets are removed.',
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
			description: 'How the one-time code reaches the user',
			displayOptions: showFor(operations, { ...extra, role: ['receiving'] }),
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
			],
			default: 'web',
			description: `How the one-time code reaches the user (the ${SENDING_ENGINE} engine of sending sessions supports web pairing only)`,
			displayOptions: showFor(operations, { ...extra, role: ['sending'] }),
		},
	];
}

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1000 },
	default: DEFAULT_TIMEOUT_MS,
	description: 'How long to wait for WatchCollect to answer, in milliseconds',
};

export const qrImageOptions: INodeProperties[] = [
	{
		displayName: 'Put QR Code Image in Binary',
		name: 'qrImage',
		type: 'boolean',
		default: true,
		description:
			'Whether to add the QR code as a PNG image, ready to e-mail or post, when the response carries one',
	},
	{
		displayName: 'QR Code Binary Property',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'qr',
		description:
			'Name of the binary property that holds the QR code image (when it is put in binary)',
	},
];

/** The Options collection of an operation. */
export function optionsCollection(
	operations: string[],
	options: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(operations),
		options,
	};
}

export function readOptions(this: IExecuteFunctions, i: number): IDataObject {
	return this.getNodeParameter('options', i, {}) as IDataObject;
}

/**
 * The output item for a response that may carry a QR value: JSON as the API sent it (qr.value
 * stays, for AI agents that cannot take binaries) plus, unless switched off, the QR as a PNG.
 */
export async function itemWithQrImage(
	this: IExecuteFunctions,
	i: number,
	json: IDataObject,
	options: IDataObject,
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json, pairedItem: { item: i } };
	const value = (json.qr as IDataObject | undefined)?.value;
	if (options.qrImage === false || typeof value !== 'string' || value === '') return item;
	const { png } = qrValueToPng(value);
	const property = String(options.binaryPropertyName ?? 'qr').trim() || 'qr';
	const baseName = String(
		json.waha_session_name || json.session_id || 'watchcollect-session',
	).replace(/[^\w.-]+/g, '_');
	item.binary = {
		[property]: await this.helpers.prepareBinaryData(png, `${baseName}.png`, 'image/png'),
	};
	return item;
}

/** GET /v2/sessions for each role (the API lists one role at a time), as one list. */
export async function listSessions(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	roles: readonly string[] = ROLES,
	request: { itemIndex?: number; timeout?: number } = {},
): Promise<SessionSummary[]> {
	const sessions: SessionSummary[] = [];
	for (const role of roles) {
		const list = await watchCollectApiRequest.call(this, {
			method: 'GET',
			path: '/v2/sessions',
			qs: { role },
			responseSchema: sessionListResponseSchema,
			...request,
		});
		sessions.push(...(list as SessionSummary[]));
	}
	return sessions;
}
