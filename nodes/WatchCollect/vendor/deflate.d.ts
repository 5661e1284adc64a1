/**
 * Types of the deflate compressor bundled at build time: `gulpfile.js` bundles `zlibSync` of the
 * `fflate` package (MIT) into dist/nodes/WatchCollect/vendor/deflate.js, so the package ships no
 * runtime dependency (Node's zlib is not among the modules a community node may import).
 */
export function zlibSync(
	data: Uint8Array,
	options?: { level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 },
): Uint8Array;
