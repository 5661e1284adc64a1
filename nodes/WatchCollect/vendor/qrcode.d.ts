/**
 * Types of the QR encoder bundled at build time: `gulpfile.js` bundles the core of the `qrcode`
 * package (MIT) into dist/nodes/WatchCollect/vendor/qrcode.js, so the package ships no runtime
 * dependency. Only the matrix encoder is used; the PNG is written by ../qr/png.ts.
 */
export interface QrBitMatrix {
	size: number;
	get(row: number, col: number): boolean | number;
}

export interface QrSymbol {
	modules: QrBitMatrix;
	version: number;
}

export function create(
	text: string,
	options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' },
): QrSymbol;
