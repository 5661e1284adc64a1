#!/usr/bin/env node
/**
 * Runs the rules of n8n's community package scanner (`@n8n/scan-community-package`, the gate n8n
 * runs before a community package can be verified) over OUR packed tarball, locally.
 *
 * The real scanner (`npx @n8n/scan-community-package <name>`) downloads a published version from
 * the npm registry, checks its npm provenance, downloads the source commit the provenance names,
 * and then calls its exported `analyzePackage(dir, patterns)` twice:
 *   - source leg:  the source checkout, patterns `SOURCE_FILE_PATTERNS` (package.json, nodes/, credentials/);
 *   - tarball leg: the unpacked tarball, patterns `['**\/*.js', 'package.json']`.
 * Both legs must pass. `analyzePackage` lints with ESLint and the scanner's own flat config
 * (`buildScanConfig`: @n8n/eslint-plugin-community-nodes recommended + eslint-plugin-n8n-nodes-base,
 * no-console), inline `eslint-disable` comments ignored, and fails on any ESLint error.
 *
 * This script skips the registry parts (download, provenance, source download) and calls the same
 * `analyzePackage` on the same two legs: `npm pack` of this repository unpacked into a temp dir, and
 * this repository's working tree as the source. The scanner resolves its own pinned ESLint, plugins
 * and parser, so the rules and their versions are exactly the scanner's. Warnings do not fail n8n's
 * scan; here they do too (any finding fails), unless --allow-warnings is given.
 *
 * `npm run build` is the caller's job: the tarball is packed from the current dist/.
 *
 * Usage:
 *   node scripts/scan-package.mjs                  pack + scan the tarball and the source
 *   node scripts/scan-package.mjs --dir <path>     scan an already unpacked package dir (tarball leg only)
 *   node scripts/scan-package.mjs --no-source      skip the source leg
 *   node scripts/scan-package.mjs --allow-warnings fail on errors only (n8n's own verdict)
 *
 * Exit codes: 0 no findings, 1 findings, 2 the scan could not run.
 *
 * The scanner is resolved from this repository's node_modules (devDependency
 * `@n8n/scan-community-package`); NODE_PATH is honoured as a fallback.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCANNER = '@n8n/scan-community-package';
/** The tarball leg of `analyzePackageByName` in the scanner (not exported there). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
/** The ignore list `analyzePackage` globs with. */
const GLOB_IGNORE = ['node_modules/**', '**/package-lock.json'];

class UsageError extends Error {}

function parseArgs(argv) {
	const options = { dir: undefined, source: true, allowWarnings: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--dir') {
			options.dir = argv[++i];
			if (!options.dir) throw new UsageError('--dir needs a path');
			options.source = false;
		} else if (arg === '--no-source') options.source = false;
		else if (arg === '--allow-warnings') options.allowWarnings = true;
		else throw new UsageError(`unknown argument ${arg}`);
	}
	return options;
}

/** Directory of an installed package, found the way Node looks up node_modules from `fromDir`. */
function findPackageDir(name, fromDir) {
	for (let dir = fromDir; ; dir = path.dirname(dir)) {
		const candidate = path.join(dir, 'node_modules', name);
		if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
		if (path.dirname(dir) === dir) return undefined;
	}
}

function versionOf(packageDir) {
	return packageDir
		? JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version
		: 'not found';
}

/**
 * Imports the scanner. Its module creates a temp dir on import (`tmp.dirSync`) that it never
 * removes (tmp 0.2 only cleans up after `setGracefulCleanup()`), so TMPDIR points into our own temp
 * dir while it loads, and that dir is removed at the end.
 */
async function loadScanner(tempDir) {
	const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
	let scannerFile;
	try {
		scannerFile = requireFromRoot.resolve(`${SCANNER}/scanner/scanner.mjs`);
	} catch {
		throw new Error(
			`${SCANNER} is not installed: add it as a devDependency (or point NODE_PATH at a node_modules that has it)`,
		);
	}
	const savedTmpDir = process.env.TMPDIR;
	process.env.TMPDIR = tempDir;
	let scanner;
	try {
		scanner = await import(pathToFileURL(scannerFile).href);
	} finally {
		if (savedTmpDir === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = savedTmpDir;
	}
	for (const name of ['analyzePackage', 'buildScanConfig', 'SOURCE_FILE_PATTERNS']) {
		if (!(name in scanner))
			throw new Error(
				`${scannerFile} does not export ${name}; this script needs updating for its version`,
			);
	}
	// ESLint and fast-glob exactly as the scanner resolves them (its own pinned versions).
	const scannerDir = path.dirname(scannerFile);
	const requireFromScanner = createRequire(scannerFile);
	const { ESLint } = await import(pathToFileURL(requireFromScanner.resolve('eslint')).href);
	const glob = (await import(pathToFileURL(requireFromScanner.resolve('fast-glob')).href)).default;
	const versions = Object.fromEntries(
		[
			SCANNER,
			'@n8n/eslint-plugin-community-nodes',
			'eslint-plugin-n8n-nodes-base',
			'eslint',
			'@typescript-eslint/parser',
		].map((name) => [name, versionOf(findPackageDir(name, scannerDir))]),
	);
	versions[SCANNER] = versionOf(path.dirname(scannerDir));
	return { scanner, ESLint, glob, versions };
}

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (result.error) throw result.error;
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
	return result.stdout;
}

/** `npm pack` this repository into `tempDir` and unpack it the way the scanner does. */
function packAndUnpack(tempDir) {
	const [packed] = JSON.parse(
		run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tempDir], ROOT),
	);
	const packageDir = path.join(tempDir, 'package');
	fs.mkdirSync(packageDir);
	run(
		'tar',
		['-xzf', path.join(tempDir, packed.filename), '-C', packageDir, '--strip-components=1'],
		tempDir,
	);
	return { packageDir, filename: packed.filename, fileCount: packed.files.length };
}

/**
 * One leg of the scan: the scanner's own `analyzePackage` gives n8n's verdict (errors). When it
 * passes, the same lint is run once more with the scanner's config to surface warnings, which
 * `analyzePackage` only prints alongside errors.
 */
async function scanLeg(tools, label, dir, patterns, allowWarnings) {
	const { scanner, ESLint, glob } = tools;
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: GLOB_IGNORE });
	console.log(`[${label}] ${dir}: ${files.length} files (${patterns.join(', ')})`);
	const verdict = await scanner.analyzePackage(dir, patterns);
	if (!verdict.passed) {
		console.log(`[${label}] ❌ n8n's scanner rejects it: ${verdict.message}`);
		if (verdict.details) console.log(verdict.details);
		return { findings: true, broken: !verdict.details };
	}
	console.log(`[${label}] ✅ n8n's scanner verdict: passed`);
	if (allowWarnings || files.length === 0) return { findings: false };

	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
	const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
	if (errors + warnings === 0) return { findings: false };
	console.log(
		`[${label}] ⚠️  ${errors} error(s), ${warnings} warning(s) (n8n accepts warnings; this check does not):`,
	);
	console.log(await (await eslint.loadFormatter('stylish')).format(results));
	return { findings: true };
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	// eslint-plugin-n8n-nodes-base switches rules into its own unit-test mode when NODE_ENV=test
	// (read on load; every node file is then "Test.node.ts"), which jest sets for its children.
	// The real scan does not run in that mode.
	if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
	const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-package-'));
	try {
		const tools = await loadScanner(tempDir);
		console.log(
			`Scanning with ${Object.entries(tools.versions)
				.map(([name, version]) => `${name}@${version}`)
				.join(', ')}`,
		);

		let packageDir;
		if (options.dir) {
			packageDir = path.resolve(options.dir);
			if (!fs.existsSync(path.join(packageDir, 'package.json')))
				throw new UsageError(`${packageDir} has no package.json`);
		} else {
			if (!fs.existsSync(path.join(ROOT, 'dist')))
				throw new Error('dist/ does not exist: run `npm run build` first');
			const packed = packAndUnpack(tempDir);
			packageDir = packed.packageDir;
			console.log(`Packed ${packed.filename} (${packed.fileCount} files)`);
		}

		const legs = [
			await scanLeg(tools, 'tarball', packageDir, TARBALL_FILE_PATTERNS, options.allowWarnings),
		];
		if (options.source) {
			legs.push(
				await scanLeg(
					tools,
					'source',
					ROOT,
					tools.scanner.SOURCE_FILE_PATTERNS,
					options.allowWarnings,
				),
			);
		}

		if (legs.some((leg) => leg.broken)) return 2;
		if (legs.some((leg) => leg.findings)) {
			console.log('❌ scan found problems');
			return 1;
		}
		console.log('✅ scan passed: no findings');
		return 0;
	} finally {
		fs.rmSync(tempDir, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(`scan-package: ${error instanceof UsageError ? 'usage: ' : ''}${error.message}`);
		process.exit(2);
	},
);
