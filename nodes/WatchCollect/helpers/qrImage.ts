import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { qrImage } from '../qr/png';

/**
 * The JSON field that says why an item carries no QR image although it has a QR value (too long
 * for a QR code, or an image that is not a valid PNG). The item still succeeds: the session
 * exists, and `qr.value` is there to use some other way.
 */
export const QR_IMAGE_ERROR_FIELD = 'qrImageError';

/**
 * The QR value of an answer, wherever it sits: `qr.value` (POST /v2/sessions), `value`, or `qr`
 * as a text (GET …/auth/qr is only "a fresh QR value" in the guide). The value may be WAHA's raw
 * QR text (drawn here) or already an image: a `data:image/png;base64,…` URL or bare base64 of a
 * PNG (handed over as it is). Undefined when the answer carries none.
 */
export function qrValueOf(json: unknown): string | undefined {
	if (typeof json === 'string') return json.trim() === '' ? undefined : json;
	if (!json || typeof json !== 'object') return undefined;
	const { qr, value } = json as { qr?: unknown; value?: unknown };
	const candidates = [
		qr && typeof qr === 'object' ? (qr as { value?: unknown }).value : undefined,
		qr,
		value,
	];
	return candidates.find((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/**
 * The output item for a response that may carry a QR value: JSON as the API sent it (the value
 * stays, for AI agents that cannot take binaries) plus, unless switched off, the QR as a PNG —
 * or, when none can be made, `qrImageError` saying why.
 */
export async function itemWithQrImage(
	this: IExecuteFunctions,
	i: number,
	json: IDataObject,
	options: IDataObject,
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json, pairedItem: { item: i } };
	const value = qrValueOf(json);
	if (options.qrImage === false || value === undefined) return item;
	const image = qrImage(value);
	if (!image.ok) {
		item.json = { ...json, [QR_IMAGE_ERROR_FIELD]: `No QR code image: ${image.reason}` };
		return item;
	}
	const { png } = image;
	const property = String(options.binaryPropertyName ?? 'qr').trim() || 'qr';
	const baseName = String(
		json.waha_session_name || json.session_id || 'watchcollect-session',
	).replace(/[^\w.-]+/g, '_');
	item.binary = {
		[property]: await this.helpers.prepareBinaryData(png, `${baseName}.png`, 'image/png'),
	};
	return item;
}
