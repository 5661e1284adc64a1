/**
 * The QR image round trip: the PNG the node writes is decoded with independent libraries (pngjs
 * reads the PNG, jsQR reads the QR code) and must give back exactly the value WatchCollect sent.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

import { QR_MAX_BYTES, qrImage, qrPng, qrValueToPng } from '../../../../nodes/WatchCollect/qr/png';

function decode(png: Buffer): string | undefined {
	const image = PNG.sync.read(png);
	return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

/** A value shaped like WAHA's raw QR: ref, public key, identity key, advertising secret (~240 chars). */
const WAHA_QR =
	'2@Z3v9f0S1m8Vn2qK7xR4tYb6Hc1Lp5Jw9Ue3Dk8Ga0Ns2Mo7Qi4Fr6Tz1Xy5Wv9Bh3Ce8Ag2Dj7Ek0Fl4Gm9Hn3Io8Jp2Kq6Lr1Ms5Nt0Ou4Pv8Qw3Rx7Sy2Tz6Ua1Vb5Wc9Xd,' +
	'kXGp0nQ9v5yJ3bR2mZ8wT1cF6hL4sD7aE0uN9iO3qP5=,' +
	'Vb7Hn2Kc9Lm4Qw1Ze8Rt5Yu0Io3Pa6Sd9Fg2Hj5Kl8=,' +
	'Qm9Xc2Vb5Nn8Aa1Ss4Dd7w==';

describe('qrPng', () => {
	it('a WAHA-sized value (about 240 characters) decodes back to the same text', () => {
		expect(WAHA_QR.length).toBeGreaterThan(230);
		expect(decode(qrPng(WAHA_QR))).toBe(WAHA_QR);
	});

	it.each(['2@abc,def,ghi,jkl', 'https://wa.me/31612345678', 'x'])(
		'a short value %j decodes back',
		(value) => {
			expect(decode(qrPng(value))).toBe(value);
		},
	);

	it('writes a valid greyscale PNG with a quiet zone, sized by scale and margin', () => {
		const png = qrPng('hello', { scale: 4, margin: 4 });
		const image = PNG.sync.read(png);
		// 'hello' fits QR version 1 (21 modules); 21 + 2 × 4 quiet modules, 4 px each
		expect([image.width, image.height]).toEqual([116, 116]);
		// the top-left pixel is in the quiet zone (white), the finder pattern starts at 16 px
		expect([...image.data.subarray(0, 3)]).toEqual([255, 255, 255]);
		const at = (x: number, y: number) => image.data[(y * image.width + x) * 4];
		expect(at(16, 16)).toBe(0);
	});

	it('is compressed: a WAHA-sized QR code is a few kB, not the 38.7 kB of stored deflate blocks', () => {
		const png = qrPng(WAHA_QR);
		expect(png.length).toBeLessThan(3 * 1024);
		// the IDAT holds a zlib stream (CMF 0x78) whose deflate blocks are compressed, not stored
		const idat = png.indexOf('IDAT');
		expect(png[idat + 4]).toBe(0x78);
		expect(png[idat + 6] & 0b110).not.toBe(0);
	});

	it('a value too long for error correction M is drawn with L', () => {
		const value = 'A1'.repeat(1200); // 2400 bytes: over M's 2331, within L's 2953
		expect(decode(qrPng(value))).toBe(value);
	});

	it('different values give different images', () => {
		expect(qrPng('2@a,b,c,d').equals(qrPng('2@a,b,c,e'))).toBe(false);
	});
});

describe('qrValueToPng', () => {
	const png = qrPng('2@already,an,image,value');

	it('decodes a data URL PNG instead of encoding the URL', () => {
		const result = qrValueToPng(`data:image/png;base64,${png.toString('base64')}`);
		expect(result.source).toBe('decoded');
		expect(result.png.equals(png)).toBe(true);
		expect(decode(result.png)).toBe('2@already,an,image,value');
	});

	it('decodes a bare base64 PNG', () => {
		const result = qrValueToPng(png.toString('base64'));
		expect(result).toEqual({ png, source: 'decoded' });
	});

	it('encodes raw QR text', () => {
		const result = qrValueToPng(WAHA_QR);
		expect(result.source).toBe('encoded');
		expect(decode(result.png)).toBe(WAHA_QR);
	});
});

describe('qrImage: when no image can be made, the reason in plain words', () => {
	it('a value longer than any QR code holds', () => {
		const value = 'x'.repeat(QR_MAX_BYTES + 1);
		expect(qrImage(value)).toEqual({
			ok: false,
			reason: `the QR value has ${QR_MAX_BYTES + 1} bytes, more than a QR code can hold (${QR_MAX_BYTES})`,
		});
		expect(JSON.stringify(qrImage(value))).not.toMatch(/amount of data is too big/);
	});

	it('a data URL whose bytes are not a PNG', () => {
		expect(qrImage('data:image/png;base64,AAAAAAAA')).toEqual({
			ok: false,
			reason: 'the QR value is a data URL (image/png), but its bytes are not a valid PNG',
		});
	});

	it('a data URL of another image type', () => {
		expect(qrImage('data:image/jpeg;base64,/9j/4AAQ')).toEqual({
			ok: false,
			reason: 'the QR value is a data URL (image/jpeg), not a PNG image this node can pass on',
		});
	});

	it('base64 that starts like a PNG but is cut short', () => {
		expect(qrImage('iVBORw0KGgoAAAANSUhEUg==')).toEqual({
			ok: false,
			reason: 'the QR value is base64 of a PNG, but its bytes are not a valid PNG',
		});
	});

	it('a drawable value gives the PNG', () => {
		const image = qrImage(WAHA_QR);
		expect(image.ok).toBe(true);
		expect(image.ok && decode(image.png)).toBe(WAHA_QR);
	});
});
