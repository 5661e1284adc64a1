import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { z } from 'zod';

import { isObjectAnswer } from '../../helpers/writeResult';
import { watchCollectApiRequest } from '../../transport';
import { readOptions } from '../../helpers/parameters';
import { optionsCollection, qrImageOptions, timeoutOption } from '../../descriptions/options';
import { itemWithQrImage, qrValueOf } from '../../helpers/qrImage';
import { readSessionId, sessionLocator, showFor } from './fields';

export const description: INodeProperties[] = [
	sessionLocator(['getQr']),
	optionsCollection(showFor(['getQr']), [...qrImageOptions, timeoutOption]),
];

/**
 * GET …/auth/qr ("a fresh QR value", shape undocumented). The node needs the QR value, wherever
 * it sits: `{ qr: { value } }`, `{ value }`, `{ qr: "…" }` or the bare text; the value may
 * already be an image (data URL or base64 PNG). Everything else is handed over as received.
 */
const qrAnswerSchema = z.unknown().superRefine((body, ctx) => {
	if (qrValueOf(body) === undefined)
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message:
				'the answer holds no QR value (looked for qr.value, value, and qr as a text); the session may already be paired or not waiting for a QR code',
		});
});

/** GET /v2/sessions/{id}/auth/qr: a fresh QR (each lives 20–60 s), as JSON and as a PNG. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const sessionId = readSessionId.call(this, i);
	const options = readOptions.call(this, i);
	const response = await watchCollectApiRequest.call(this, {
		method: 'GET',
		path: `/v2/sessions/${encodeURIComponent(sessionId)}/auth/qr`,
		responseSchema: qrAnswerSchema,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
	});
	const json: IDataObject = isObjectAnswer(response) ? response : { qr: { value: response } };
	return [await itemWithQrImage.call(this, i, json, options)];
}
