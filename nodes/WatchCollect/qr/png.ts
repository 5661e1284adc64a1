/**
 * The QR code as a PNG a person can scan: a 1-bit greyscale PNG written here (stored deflate
 * blocks, so no compression library is needed at run time) from the matrix of the bundled encoder.
 */
import { create } from '../vendor/qrcode';

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

function adler32(bytes: Buffer): number {
	let a = 1;
	let b = 0;
	for (let i = 0; i < bytes.length; i++) {
		a = (a + bytes[i]) % 65521;
		b = (b + a) % 65521;
	}
	return ((b << 16) | a) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** A zlib stream of stored (uncompressed) deflate blocks. */
function zlibStored(raw: Buffer): Buffer {
	const blocks: Buffer[] = [Buffer.from([0x78, 0x01])];
	for (let offset = 0; offset < raw.length || offset === 0; offset += 0xffff) {
		const part = raw.subarray(offset, offset + 0xffff);
		const last = offset + 0xffff >= raw.length;
		const header = Buffer.alloc(5);
		header[0] = last ? 1 : 0;
		header.writeUInt16LE(part.length, 1);
		header.writeUInt16LE(~part.length & 0xffff, 3);
		blocks.push(header, part);
		if (last) break;
	}
	const checksum = Buffer.alloc(4);
	checksum.writeUInt32BE(adler32(raw), 0);
	blocks.push(checksum);
	return Buffer.concat(blocks);
}

export interface QrPngOptions {
	/** Pixels per module. */
	scale?: number;
	/** Quiet zone in modules (the QR standard asks for 4). */
	margin?: number;
}

/** Encodes text as a QR code PNG (error correction M, black on white). */
export function qrPng(text: string, { scale = 8, margin = 4 }: QrPngOptions = {}): Buffer {
	const { modules } = create(text, { errorCorrectionLevel: 'M' });
	const size = (modules.size + 2 * margin) * scale;
	const rowBytes = Math.ceil(size / 8);
	const stride = rowBytes + 1; // filter byte 0 (none), then the row's bits (1 = white)
	const raw = Buffer.alloc(stride * size, 0);
	// one pixel row per module row, then copied `scale` times
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
		for (let y = firstY; y < firstY + scale; y++) row.copy(raw, y * stride);
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 1; // bit depth
	header[9] = 0; // greyscale
	return Buffer.concat([
		PNG_SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', zlibStored(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * The PNG for a QR value as the API gives it: WAHA's raw QR text is encoded; a value that already
 * is an image (a data URL or base64 of a PNG) is decoded, not re-encoded.
 */
export function qrValueToPng(value: string): { png: Buffer; source: 'encoded' | 'decoded' } {
	const dataUrl = /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/.exec(value.trim());
	const base64 = dataUrl
		? dataUrl[1]
		: /^iVBORw0KGgo[A-Za-z0-9+/=\s]*$/.test(value.trim())
			? value.trim()
			: undefined;
	if (base64 !== undefined) {
		const png = Buffer.from(base64.replace(/\s/g, ''), 'base64');
		if (png.subarray(0, 8).equals(PNG_SIGNATURE)) return { png, source: 'decoded' };
	}
	return { png: qrPng(value), source: 'encoded' };
}
