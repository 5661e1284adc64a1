import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { qrValueToPng } from '../qr/png';

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
