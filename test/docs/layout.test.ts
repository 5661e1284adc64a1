/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling runs on the test machine, never inside n8n */
/**
 * The layout in docs/development.md matches the tree: every path it names exists, and every
 * source file of the transport, helpers, descriptions, methods and the trigger is named.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const TOP = new Set(fs.readdirSync(ROOT));

/** The paths named in the first column of the layout block (placeholders like <resource> skipped). */
export function layoutPaths(markdown: string): string[] {
	const section = markdown.split(/(?:^|\n)## Layout\n/)[1] ?? '';
	const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
	const named: string[] = [];
	let parent = '';
	for (const line of block.split('\n')) {
		if (line.trim() === '') continue;
		const indented = line.startsWith('  ');
		const column = line.trim().split(/ {2,}/)[0];
		const tokens = column.split(/,\s*/);
		const prefix = indented ? parent : '';
		let base = '';
		tokens.forEach((token, index) => {
			const rootRelative = !indented && TOP.has(token.split('/')[0]) && index > 0;
			const full = index === 0 || rootRelative ? `${prefix}${token}` : `${prefix}${base}${token}`;
			if (index === 0) {
				const trimmed = token.endsWith('/') ? token.slice(0, -1) : token;
				base = trimmed.includes('/') ? `${trimmed.slice(0, trimmed.lastIndexOf('/'))}/` : '';
			}
			if (!full.includes('<')) named.push(full);
		});
		if (!indented && tokens.length === 1 && column.endsWith('/')) parent = column;
	}
	return named;
}

const layout = layoutPaths(fs.readFileSync(path.join(ROOT, 'docs', 'development.md'), 'utf8'));

describe('docs/development.md › Layout', () => {
	it('reads the layout block (a sample)', () => {
		expect(
			layoutPaths(
				'## Layout\n\n```\nnodes/X/\n  a/b.ts, c.ts      two files\n  d/                a folder\ntest/e2e/, browser/   real n8n\n```\n',
			),
		).toEqual([
			'nodes/X/',
			'nodes/X/a/b.ts',
			'nodes/X/a/c.ts',
			'nodes/X/d/',
			'test/e2e/',
			'test/browser/',
		]);
		expect(layout.length).toBeGreaterThan(40);
	});

	it('names only paths that exist', () => {
		expect(layout.filter((p) => !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
	});

	it('names every source file of the transport, helpers, descriptions, methods and the trigger', () => {
		const folders = [
			'nodes/WatchCollect/transport',
			'nodes/WatchCollect/helpers',
			'nodes/WatchCollect/descriptions',
			'nodes/WatchCollect/methods',
			'nodes/WatchCollectTrigger',
		];
		const files = folders.flatMap((folder) =>
			fs
				.readdirSync(path.join(ROOT, folder))
				.filter((name) => name.endsWith('.ts'))
				.map((name) => `${folder}/${name}`),
		);
		expect(files.length).toBeGreaterThan(30);
		expect(files.filter((file) => !layout.includes(file))).toEqual([]);
	});
});
