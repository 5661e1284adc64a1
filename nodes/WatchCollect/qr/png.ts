/**
 * The QR code as a PNG a person can scan: a 1-bit greyscale PNG written here from the matrix of
 * the bundled encoder, compressed with the bundled deflate (fflate's zlibSync): a WAHA-sized QR
 * is about 1 kB instead of 38.7 kB with stored blocks.
 */
import { create } from '../vendor/qrcode';
import { zlibSync } from '../vendor/deflate';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(bytes: Buffer): number {
	let c = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

export interface QrPngOptions {
	/** Pixels per module. */
	scale?: number;
	/** Quiet zone in modules (the QR standard asks for 4). */
	margin?: number;
}

/** Error correction M (15 % of the code may be damaged); L when M cannot hold the value. */
const ERROR_CORRECTION_LEVELS = ['M', 'L'] as const;

/** Encodes text as a QR code PNG (error correction M, or L for long values; black on white). */
export function qrPng(text: string, { scale = 8, margin = 4 }: QrPngOptions = {}): Buffer {
	let symbol: ReturnType<typeof create> | undefined;
	let lastError: unknown;
	for (const errorCorrectionLevel of ERROR_CORRECTION_LEVELS) {
		try {
			symbol = create(text, { errorCorrectionLevel });
			break;
		} catch (error) {
			lastError = error;
		}
	}
	if (!symbol) throw lastError;
	const { modules } = symbol;
	const size = (modules.size + 2 * margin) * scale;
	const rowBytes = Math.ceil(size / 8);
	const stride = rowBytes + 1; // filter byte, then the row's bits (1 = white)
	const raw = Buffer.alloc(stride * size, 0);
	// one pixel row per module row (filter 0: none); the `scale - 1` rows below repeat it, which
	// filter 2 (up: the difference to the row above) writes as zeros, all alike for the deflate
	const row = Buffer.alloc(stride);
	for (let moduleRow = -margin; moduleRow < modules.size + margin; moduleRow++) {
		row.fill(0);
		for (let x = 0; x < size; x++) {
			const moduleCol = Math.floor(x / scale) - margin;
			const dark =
				moduleRow >= 0 &&
				moduleRow < modules.size &&
				moduleCol >= 0 &&
				moduleCol < modules.size &&
				Boolean(modules.get(moduleRow, moduleCol));
			if (!dark) row[1 + (x >> 3)] |= 0x80 >> (x & 7);
		}
		const firstY = (moduleRow + margin) * scale;
		row.copy(raw, firstY * stride);
		for (let y = firstY + 1; y < firstY + scale; y++) raw[y * stride] = 2;
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 1; // bit depth
	header[9] = 0; // greyscale
	return Buffer.concat([
		PNG_SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', Buffer.from(zlibSync(raw, { level: 6 }))),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** The most a QR code holds (version 40, error correction L, byte mode), in bytes. */
export const QR_MAX_BYTES = 2953;

const DATA_URL = /^data:([^;,]*)(;base64)?,(.*)$/is;
const BASE64_PNG = /^iVBORw0KGgo[A-Za-z0-9+/=\s]*$/;

export type QrImage =
	| { ok: true; png: Buffer; source: 'encoded' | 'decoded' }
	| { ok: false; reason: string };

/**
 * The PNG for a QR value as the API gives it: WAHA's raw QR text is encoded; a value that already
 * is an image (a data URL, or base64 of a PNG) is decoded, not re-encoded. When no image can be
 * made, the reason in plain words (never the encoder's own error).
 */
export function qrImage(value: string): QrImage {
	const trimmed = value.trim();
	const dataUrl = DATA_URL.exec(trimmed);
	if (dataUrl || BASE64_PNG.test(trimmed)) {
		const [, mediaType = 'image/png', base64 = ';base64', data = trimmed] = dataUrl ?? [];
		const what = dataUrl ? `a data URL (${mediaType || 'no media type'})` : 'base64 of a PNG';
		if (!/^image\/png$/i.test(mediaType) || !base64) {
			return {
				ok: false,
				reason: `the QR value is ${what}${base64 ? '' : ' not in base64'}, not a PNG image this node can pass on`,
			};
		}
		const png = Buffer.from(data.replace(/\s/g, ''), 'base64');
		if (png.length < 45 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) {
			return { ok: false, reason: `the QR value is ${what}, but its bytes are not a valid PNG` };
		}
		return { ok: true, png, source: 'decoded' };
	}
	const bytes = Buffer.byteLength(value, 'utf8');
	if (bytes > QR_MAX_BYTES) {
		return {
			ok: false,
			reason: `the QR value has ${bytes} bytes, more than a QR code can hold (${QR_MAX_BYTES})`,
		};
	}
	try {
		return { ok: true, png: qrPng(value), source: 'encoded' };
	} catch {
		return {
			ok: false,
			reason: `the QR value (${value.length} characters) cannot be drawn as a QR code`,
		};
	}
}

/** Like qrImage, but throws a plain error when no image can be made. */
export function qrValueToPng(value: string): { png: Buffer; source: 'encoded' | 'decoded' } {
	const image = qrImage(value);
	if (!image.ok) throw new Error(`No QR code image: ${image.reason}`);
	return { png: image.png, source: image.source };
}
