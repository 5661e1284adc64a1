/**
 * Build step after `n8n-node build` (tsc + icon copy):
 *
 *  - Bundles the deflate compressor of the QR PNG (`zlibSync` of the MIT `fflate` package) into
 *    dist/nodes/WatchCollect/vendor/deflate.js the same way (typed by vendor/deflate.d.ts).
 *
 *  - Bundles the QR encoder (the core of the MIT `qrcode` package, with `dijkstrajs`) into
 *    dist/nodes/WatchCollect/vendor/qrcode.js with esbuild, so the node can draw QR images while
 *    `dependencies` stays empty (n8n installs community packages without their dependencies on
 *    Cloud). The source imports it as ./vendor/qrcode, typed by nodes/WatchCollect/vendor/qrcode.d.ts.
 *
 *  - Prunes dist/ to what n8n loads: dist/nodes and dist/credentials. `n8n-node build` copies every
 *    .png/.svg of the repository (docs images, test screenshots) into dist/, and tsc leaves its
 *    incremental build info and a copy of package.json there; none of it belongs in the tarball.
 *
 * Then checks the built `dist/` the way n8n will load it, so a package that would break inside n8n
 * never gets packed:
 *
 *  - Every `require()` in dist must be something n8n provides at run time (n8n-workflow, zod and the
 *    few modules n8n allows) or a file inside dist. ESLint's no-restricted-imports lets imports of
 *    devDependencies through (they are meant to be bundled); if one is left unbundled, n8n fails to
 *    load the node. This is the check that catches it.
 *  - Every `n8n.nodes` / `n8n.credentials` path in package.json exists, and every `file:` icon the
 *    built node and credential classes name exists next to them.
 */
const { series } = require('gulp');
const fs = require('node:fs');
const path = require('node:path');

const DIST = path.join(__dirname, 'dist');
const QR_BUNDLE = path.join(DIST, 'nodes', 'WatchCollect', 'vendor', 'qrcode.js');
const DEFLATE_BUNDLE = path.join(DIST, 'nodes', 'WatchCollect', 'vendor', 'deflate.js');
/** What n8n resolves for a community node at run time (its own node_modules on NODE_PATH). */
const PROVIDED_AT_RUNTIME = new Set([
	'n8n-workflow',
	'zod',
	'lodash',
	'luxon',
	'moment',
	'p-limit',
	'crypto',
	'node:crypto',
]);

function listJs(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return listJs(full);
		return entry.name.endsWith('.js') ? [full] : [];
	});
}

function checkRuntimeImports(done) {
	if (!fs.existsSync(DIST))
		return done(new Error('dist/ does not exist: run `n8n-node build` first'));
	const problems = [];
	for (const file of listJs(DIST)) {
		const source = fs.readFileSync(file, 'utf8');
		for (const match of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
			const request = match[1];
			if (request.startsWith('.')) {
				const target = path.resolve(path.dirname(file), request);
				const exists = [
					target,
					`${target}.js`,
					`${target}.json`,
					path.join(target, 'index.js'),
				].some((p) => fs.existsSync(p) && fs.statSync(p).isFile());
				if (!exists)
					problems.push(
						`${path.relative(__dirname, file)}: require('${request}') points at no file in dist`,
					);
				continue;
			}
			const name = request.startsWith('@')
				? request.split('/').slice(0, 2).join('/')
				: request.split('/')[0];
			if (!PROVIDED_AT_RUNTIME.has(name)) {
				problems.push(
					`${path.relative(__dirname, file)}: require('${request}') is not provided by n8n at run time (bundle it or drop it)`,
				);
			}
		}
	}
	if (problems.length)
		return done(new Error(`dist/ has imports n8n cannot resolve:\n  ${problems.join('\n  ')}`));
	done();
}

async function bundleQrEncoder() {
	const esbuild = require('esbuild');
	const licence = (file) => fs.readFileSync(require.resolve(file), 'utf8').trim();
	await esbuild.build({
		entryPoints: [require.resolve('qrcode/lib/core/qrcode.js')],
		outfile: QR_BUNDLE,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'es2019',
		minify: true,
		legalComments: 'none',
		banner: {
			js: `/*! Bundled from qrcode@${require('qrcode/package.json').version} and dijkstrajs@${require('dijkstrajs/package.json').version} by gulpfile.js.\n\n${licence('qrcode/license')}\n\n${licence('dijkstrajs/LICENSE.md')}\n*/`,
		},
		logLevel: 'warning',
	});
}

/**
 * The deflate of the QR PNG: `zlibSync` of fflate (MIT), from its browser ES module build so that
 * esbuild keeps only that function and none of fflate's Node worker code (`worker_threads`).
 */
async function bundleDeflate() {
	const esbuild = require('esbuild');
	const root = path.dirname(require.resolve('fflate/package.json'));
	const version = require('fflate/package.json').version;
	await esbuild.build({
		stdin: {
			contents: `export { zlibSync } from ${JSON.stringify(path.join(root, 'esm', 'browser.js'))};`,
			resolveDir: root,
			loader: 'js',
		},
		outfile: DEFLATE_BUNDLE,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'es2019',
		minify: true,
		legalComments: 'none',
		banner: {
			js: `/*! Bundled from fflate@${version} (zlibSync only) by gulpfile.js.\n\n${fs.readFileSync(path.join(root, 'LICENSE'), 'utf8').trim()}\n*/`,
		},
		logLevel: 'warning',
	});
}

/** What the published package needs under dist/; everything else there is removed. */
const SHIPPED = new Set(['nodes', 'credentials']);

function pruneDist(done) {
	for (const entry of fs.readdirSync(DIST)) {
		if (!SHIPPED.has(entry)) fs.rmSync(path.join(DIST, entry), { recursive: true, force: true });
	}
	done();
}

function checkN8nEntries(done) {
	const pkg = require('./package.json');
	const entries = [...(pkg.n8n.nodes || []), ...(pkg.n8n.credentials || [])];
	const problems = [];
	for (const entry of entries) {
		const file = path.join(__dirname, entry);
		if (!fs.existsSync(file)) {
			problems.push(`package.json n8n entry ${entry} does not exist`);
			continue;
		}
		const source = fs.readFileSync(file, 'utf8');
		for (const match of source.matchAll(/["']file:([^"']+)["']/g)) {
			const icon = path.resolve(path.dirname(file), match[1]);
			if (!fs.existsSync(icon))
				problems.push(`${entry} names icon file:${match[1]}, missing in dist`);
		}
	}
	if (entries.length === 0) problems.push('package.json lists no n8n nodes or credentials');
	if (problems.length) return done(new Error(problems.join('\n')));
	done();
}

exports.build = series(
	pruneDist,
	bundleQrEncoder,
	bundleDeflate,
	checkRuntimeImports,
	checkN8nEntries,
);
exports.default = exports.build;
