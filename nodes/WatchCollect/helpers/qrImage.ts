import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { qrImage } from '../qr/png';

/**
 * The JSON field that says why an item carries no QR image although it has a QR value (too long
 * for a QR code, or an image that is not a valid PNG). The item still succeeds: the session
 * exists, and `qr.value` is there to use some other way.
 */
export const QR_IMAGE_ERROR_FIELD = 'qrImageError';

/**
 * The output item for a response that may carry a QR value: JSON as the API sent it (qr.value
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
	const value = (json.qr as IDataObject | undefined)?.value;
	if (options.qrImage === false || typeof value !== 'string' || value === '') return item;
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
