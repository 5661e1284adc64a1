import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { qrResponseSchema } from '../../schemas/session';
import { watchCollectApiRequest } from '../../transport';
import { readOptions } from '../../helpers/parameters';
import { optionsCollection, qrImageOptions, timeoutOption } from '../../descriptions/options';
import { itemWithQrImage } from '../../helpers/qrImage';
import { readSessionId, sessionLocator, showFor } from './fields';

export const description: INodeProperties[] = [
	sessionLocator(['getQr']),
	optionsCollection(showFor(['getQr']), [...qrImageOptions, timeoutOption]),
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
