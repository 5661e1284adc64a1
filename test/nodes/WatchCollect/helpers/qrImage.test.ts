/**
 * The QR image of an output item is an extra: when it cannot be drawn, the item keeps its JSON
 * (the session exists) and says why in `qrImageError`, instead of failing with the encoder's error.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { itemWithQrImage } from '../../../../nodes/WatchCollect/helpers/qrImage';

const context = {
	helpers: {
		prepareBinaryData: async (data: Buffer, fileName: string, mimeType: string) => ({
			data: data.toString('base64'),
			fileName,
			mimeType,
		}),
	},
} as unknown as IExecuteFunctions;

const response = (value: string): IDataObject => ({
	status: 'accepted',
	session_id: '6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
	waha_session_name: 'user-x-receiving',
	qr: { value },
});

describe('itemWithQrImage', () => {
	it('a QR value too long for any QR code: JSON unchanged plus qrImageError, no binary', async () => {
		const json = response('2@'.padEnd(4000, 'A'));
		const item = await itemWithQrImage.call(context, 3, json, {});
		expect(item.binary).toBeUndefined();
		expect(item.pairedItem).toEqual({ item: 3 });
		expect(item.json).toEqual({
			...json,
			qrImageError:
				'No QR code image: the QR value has 4000 bytes, more than a QR code can hold (2953)',
		});
	});

	it('a malformed image: qrImageError says so', async () => {
		const item = await itemWithQrImage.call(context, 0, response('data:image/png;base64,QUJD'), {});
		expect(item.binary).toBeUndefined();
		expect(item.json.qrImageError).toBe(
			'No QR code image: the QR value is a data URL (image/png), but its bytes are not a valid PNG',
		);
	});

	it('a drawable value: the PNG in binary, no qrImageError', async () => {
		const item = await itemWithQrImage.call(context, 0, response('2@abc,def,ghi,jkl'), {});
		expect(item.binary?.qr).toMatchObject({
			fileName: 'user-x-receiving.png',
			mimeType: 'image/png',
		});
		expect(item.json).not.toHaveProperty('qrImageError');
	});

	it('the image switched off: nothing is drawn, nothing is said', async () => {
		const json = response('2@'.padEnd(4000, 'A'));
		const item = await itemWithQrImage.call(context, 0, json, { qrImage: false });
		expect(item).toEqual({ json, pairedItem: { item: 0 } });
	});
});
