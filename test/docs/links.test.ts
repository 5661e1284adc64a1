/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling runs on the test machine, never inside n8n */
/**
 * Every relative link and anchor in README.md and docs/*.md resolves: the file exists inside the
 * repository, and an anchor (`#…`) names a heading of that file as GitHub slugs it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { anchorsOf, githubSlug, headingText, isExternal, linksOf } from './markdown';

const ROOT = path.resolve(__dirname, '../..');

const DOCS = [
	'README.md',
	...fs
		.readdirSync(path.join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`),
];

/** Every broken link of one Markdown file, as `file:line target — why`. */
function brokenLinks(file: string): string[] {
	const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
	const broken: string[] = [];
	for (const { line, target } of linksOf(source)) {
		if (isExternal(target)) continue;
		const [rawPath, anchor] = target.split('#', 2) as [string, string | undefined];
		const resolved = rawPath
			? path.resolve(path.dirname(path.join(ROOT, file)), decodeURIComponent(rawPath))
			: path.join(ROOT, file);
		const where = `${file}:${line} ${target}`;
		if (path.relative(ROOT, resolved).startsWith('..') || path.isAbsolute(rawPath)) {
			broken.push(`${where} — points outside the repository`);
			continue;
		}
		if (!fs.existsSync(resolved)) {
			broken.push(`${where} — no such file`);
			continue;
		}
		if (anchor === undefined) continue;
		if (!resolved.endsWith('.md')) {
			broken.push(`${where} — an anchor into a file that is not Markdown`);
			continue;
		}
		if (!anchorsOf(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
			broken.push(`${where} — no heading with that anchor`);
		}
	}
	return broken;
}

describe('GitHub heading anchors', () => {
	// Anchors as github.com shows them for these headings (written down from GitHub's rules, not
	// from githubSlug's output).
	it.each([
		['Installation', 'installation'],
		['Scaling out (queue mode)', 'scaling-out-queue-mode'],
		['Create Session: which fields appear when', 'create-session-which-fields-appear-when'],
		[
			'Batching and rate limits (every operation, under Options)',
			'batching-and-rate-limits-every-operation-under-options',
		],
		['n8n 1.x in queue mode', 'n8n-1x-in-queue-mode'],
		['Foo — bar', 'foo--bar'],
		['`npm test` and CI', 'npm-test-and-ci'],
		['**Bold** and [a link](x.md)', 'bold-and-a-link'],
		['snake_case stays', 'snake_case-stays'],
		['Über › größer', 'über--größer'],
	])('%s → #%s', (heading, anchor) => {
		expect(githubSlug(headingText(heading))).toBe(anchor);
	});

	it('numbers a repeated heading as GitHub does', () => {
		expect([...anchorsOf('# A\n## Errors\n### Errors\n## Errors\n')]).toEqual([
			'a',
			'errors',
			'errors-1',
			'errors-2',
		]);
	});

	it('ignores headings and links inside code blocks and inline code', () => {
		const source =
			'## Real\n```sh\n# not a heading [x](nowhere.md)\n```\nsee `[y](nowhere.md)` and [z](here.md#real)\n';
		expect([...anchorsOf(source)]).toEqual(['real']);
		expect(linksOf(source)).toEqual([{ line: 5, target: 'here.md#real' }]);
	});
});

describe('links in README.md and docs/', () => {
	it('covers the README and every docs page', () => {
		expect(DOCS).toEqual(
			expect.arrayContaining([
				'README.md',
				'docs/credentials.md',
				'docs/api-assumptions.md',
				'docs/scaling-out.md',
				'docs/development.md',
			]),
		);
		// the checker finds links at all: the README links to each docs page
		const readmeTargets = linksOf(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).map(
			(link) => link.target.split('#')[0],
		);
		for (const page of DOCS.filter((file) => file !== 'README.md')) {
			expect(readmeTargets).toContain(page);
		}
	});

	it.each(DOCS)('%s: every relative link and anchor resolves', (file) => {
		expect(brokenLinks(file)).toEqual([]);
	});

	it('reports a missing file, a missing anchor and a link out of the repository', () => {
		const dir = fs.mkdtempSync(path.join(ROOT, 'test', 'docs', '.tmp-'));
		const file = path.relative(ROOT, path.join(dir, 'sample.md'));
		try {
			fs.writeFileSync(
				path.join(dir, 'sample.md'),
				'# Sample\n[ok](#sample) [gone](missing.md) [anchor](#nowhere) [out](../../../../outside.md)\n',
			);
			const broken = brokenLinks(file);
			expect(broken).toHaveLength(3);
			expect(broken[0]).toMatch(/missing\.md — no such file$/);
			expect(broken[1]).toMatch(/#nowhere — no heading with that anchor$/);
			expect(broken[2]).toMatch(/outside\.md — points outside the repository$/);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
