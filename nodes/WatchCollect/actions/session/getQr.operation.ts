import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { qrResponseSchema } from '../../schemas';
import { watchCollectApiRequest } from '../../transport';
import {
	itemWithQrImage,
	optionsCollection,
	qrImageOptions,
	readOptions,
	readSessionId,
	sessionLocator,
	timeoutOption,
} from './common';

export const description: INodeProperties[] = [
	sessionLocator(['getQr']),
	optionsCollection(['getQr'], [...qrImageOptions, timeoutOption]),
];

/** GET /v2/sessions/{id}/auth/qr: a fresh QR (each lives 20–60 s), as JSON and as a PNG. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const sessionId = readSessionId.call(this, i);
	const options = readOptions.call(this, i);
	const response = await watchCollectApiRequest.call(this, {
		method: 'GET',
		path: `/v2/sessions/${encodeURIComponent(sessionId)}/auth/qr`,
		responseSchema: qrResponseSchema,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
	});
	return [await itemWithQrImage.call(this, i, response as IDataObject, options)];
}
