/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test tooling runs on the test machine, never inside n8n */
/**
 * The published tarball, as `npm pack` makes it from the built dist/:
 *  - passes the rules of n8n's community package scanner (scripts/scan-package.mjs runs
 *    `@n8n/scan-community-package`'s own `analyzePackage` over it and over the source);
 *  - ships only dist/, README.md, LICENSE and package.json;
 *  - has a package.json n8n can install on Cloud (no dependencies, n8n-workflow as the only peer)
 *    whose `n8n` entries exist in the tarball;
 *  - and, as a negative control, the same scan rejects a copy of it with forbidden code injected.
 *
 * dist/ is built by the test command before jest; it is built here only if it is missing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCAN_SCRIPT = path.join(ROOT, 'scripts', 'scan-package.mjs');
const SCAN_TIMEOUT_MS = 60_000;

interface PackageJson {
	name: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n: { nodes?: string[]; credentials?: string[] };
}

let tempDir: string;
/** The tarball unpacked (its `package/` folder). */
let packageDir: string;
/** Every file in the tarball, relative, with `/` separators. */
let tarballFiles: string[];

function run(command: string, args: string[], cwd: string, timeout = SCAN_TIMEOUT_MS) {
	const result = spawnSync(command, args, {
		cwd,
		encoding: 'utf8',
		timeout,
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.error) throw result.error;
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function runOrThrow(command: string, args: string[], cwd: string, timeout?: number) {
	const result = run(command, args, cwd, timeout);
	if (result.status !== 0)
		throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.output}`);
	return result.output;
}

function scan(...args: string[]) {
	return run(process.execPath, [SCAN_SCRIPT, ...args], ROOT);
}

/**
 * Checks the scan's exit status and output. Both are one string, so a failed expectation shows
 * everything the scan printed.
 */
function expectScan(
	result: { status: number | null; output: string },
	status: number,
	...parts: Array<string | RegExp>
) {
	const report = `exit ${result.status}\n${result.output}`;
	expect(report).toMatch(new RegExp(`^exit ${status}\\n`));
	for (const part of parts) {
		if (typeof part === 'string') expect(report).toContain(part);
		else expect(report).toMatch(part);
	}
}

function listFiles(dir: string, prefix = ''): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
		return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
	});
}

beforeAll(() => {
	if (!fs.existsSync(path.join(ROOT, 'dist'))) runOrThrow('npm', ['run', 'build'], ROOT, 180_000);
	tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'package-test-'));
	const [packed] = JSON.parse(
		runOrThrow('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tempDir], ROOT),
	) as Array<{ filename: string }>;
	packageDir = path.join(tempDir, 'package');
	fs.mkdirSync(packageDir);
	runOrThrow(
		'tar',
		['-xzf', path.join(tempDir, packed.filename), '-C', packageDir, '--strip-components=1'],
		tempDir,
	);
	tarballFiles = listFiles(packageDir).sort();
}, 240_000);

afterAll(() => {
	if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});

describe('packed package', () => {
	it(
		"passes n8n's community package scan (tarball and source)",
		() => {
			expectScan(
				scan(),
				0,
				"[tarball] ✅ n8n's scanner verdict: passed",
				"[source] ✅ n8n's scanner verdict: passed",
				'✅ scan passed: no findings',
			);
		},
		SCAN_TIMEOUT_MS,
	);

	it('contains only dist/, README.md, LICENSE and package.json', () => {
		const unexpected = tarballFiles.filter(
			(file) =>
				!file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file),
		);
		expect(unexpected).toEqual([]);
		expect(tarballFiles).toEqual(expect.arrayContaining(['LICENSE', 'package.json']));
		if (fs.existsSync(path.join(ROOT, 'README.md'))) expect(tarballFiles).toContain('README.md');
		// The build-time QR bundle is shipped, so the scan's tarball leg lints it.
		expect(tarballFiles).toContain('dist/nodes/WatchCollect/vendor/qrcode.js');
	});

	it('ships only dist/nodes and dist/credentials under dist/ (what gulpfile.js prunes it to)', () => {
		const distTopLevel = [
			...new Set(
				tarballFiles.filter((file) => file.startsWith('dist/')).map((file) => file.split('/')[1]),
			),
		];
		expect(distTopLevel.sort()).toEqual(['credentials', 'nodes']);
	});

	// What ships, per kind of file (issue 15): n8n loads the JavaScript, the icons and the
	// package.json; a user reads the README (npm's page). Type declarations serve nobody (nothing
	// imports a node package's types; tsconfig.json emits none) and source maps point at TypeScript
	// sources the tarball does not carry (`npm run dev` keeps them in dist/; package.json `files`
	// leaves them out). docs/ stays in the repository, linked from the README.
	it('ships JavaScript, icons, JSON and the README only: no type declarations, no source maps', () => {
		const kinds = [
			...new Set(
				tarballFiles.map((file) => /(\.d\.ts|\.js\.map|\.[a-z]+)$/.exec(file)?.[1] ?? file),
			),
		];
		expect(kinds.sort()).toEqual(['.js', '.json', '.md', '.svg', 'LICENSE'].sort());
		expect(tarballFiles.filter((f) => f.endsWith('.d.ts') || f.endsWith('.map'))).toEqual([]);
		expect(tarballFiles.filter((f) => f.startsWith('docs/'))).toEqual([]);
		// every node and credential module n8n loads is there
		expect(tarballFiles).toEqual(
			expect.arrayContaining([
				'dist/nodes/WatchCollect/WatchCollect.node.js',
				'dist/nodes/WatchCollectTrigger/WatchCollectTrigger.node.js',
				'dist/credentials/WatchCollectApi.credentials.js',
			]),
		);
	});

	it('has no dependencies, n8n-workflow as the only peer, and n8n entries that exist', () => {
		const pkg = JSON.parse(
			fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'),
		) as PackageJson;
		expect(pkg.name).toBe('n8n-nodes-watchcollect');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });

		const entries = [...(pkg.n8n.nodes ?? []), ...(pkg.n8n.credentials ?? [])];
		expect(pkg.n8n.nodes?.length).toBeGreaterThan(0);
		expect(pkg.n8n.credentials?.length).toBeGreaterThan(0);
		expect(entries.filter((entry) => !tarballFiles.includes(path.posix.normalize(entry)))).toEqual(
			[],
		);
	});

	it(
		'negative control: the scan rejects a copy of the tarball with forbidden code injected',
		() => {
			const tampered = path.join(tempDir, 'tampered');
			fs.cpSync(packageDir, tampered, { recursive: true });
			// Unchanged, the copy passes (so what fails below is the injected file).
			expectScan(scan('--dir', tampered), 0, '✅ scan passed: no findings');

			const injected = path.join(tampered, 'dist', 'nodes', 'WatchCollect', 'injected.js');
			fs.writeFileSync(
				injected,
				[
					'"use strict";',
					"const childProcess = require('child_process');",
					'module.exports = (code) => { childProcess.execSync(code); return eval(code); };',
					'',
				].join('\n'),
			);
			expectScan(
				scan('--dir', tampered),
				1,
				"[tarball] ❌ n8n's scanner rejects it: ESLint violations found",
				injected,
				/Require of 'child_process' is not allowed.*@n8n\/community-nodes\/no-restricted-imports/,
				/Use of `eval` is not allowed.*@n8n\/community-nodes\/no-dangerous-functions/,
				'❌ scan found problems',
			);
		},
		SCAN_TIMEOUT_MS,
	);
});
