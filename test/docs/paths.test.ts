/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- test tooling runs on the test machine, never inside n8n */
/**
 * No file of the repository names a path of one particular machine (a user's home, the folders
 * this project was built in) or a folder outside the repository: users and CI have none of them.
 * `/tmp` is not on the list: code may name a temporary folder; tests use os.tmpdir().
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

/** Machine paths and references out of the repository (written so this file does not match). */
const FORBIDDEN: Array<[RegExp, string]> = [
	[/(^|[^\w.~-])\/work\//, 'a path of the build machine'],
	[/(^|[^\w.~-])\/root\//, "root's home folder"],
	[/(^|[^\w.~-])\/home\/[\w.-]+/, 'a home folder'],
	[/(^|[^\w.~-])\/Users\/[\w.-]+/, 'a macOS home folder'],
	[/\b[A-Z]:\\Users\\/, 'a Windows home folder'],
	[/\.\.\/shared\b/, 'a folder next to the repository'],
	[/\bshared\/contract\b/, 'the contract folder outside the repository'],
	[/file:\/\/\//, 'a file URL'],
];

function offences(text: string): string[] {
	const found: string[] = [];
	text.split('\n').forEach((line, index) => {
		for (const [pattern, what] of FORBIDDEN) {
			if (pattern.test(line)) found.push(`${index + 1}: ${what}: ${line.trim().slice(0, 120)}`);
		}
	});
	return found;
}

/** Tracked files plus new files not ignored by .gitignore, without package-lock.json. */
function repositoryFiles(): string[] {
	const list = (args: string[]) =>
		execFileSync('git', ['ls-files', '-z', ...args], { cwd: ROOT, encoding: 'utf8' })
			.split('\0')
			.filter(Boolean);
	const files = new Set([...list([]), ...list(['--others', '--exclude-standard'])]);
	return [...files].filter(
		(file) => file !== 'package-lock.json' && fs.existsSync(path.join(ROOT, file)),
	);
}

describe('no machine paths and no folders outside the repository', () => {
	it('recognises each kind of offending path, and leaves ordinary paths alone', () => {
		const bad = [
			'see ' + '/wo' + 'rk/shared/x.md',
			'cd /ro' + 'ot/.cache',
			'/ho' + 'me/alice/n8n',
			'open /Use' + 'rs/alice/n8n',
			'C:' + '\\Users\\alice',
			'read ../sha' + 'red/notes.md',
			'the sha' + 'red/contract folder',
			'file:' + '///etc/hosts',
		];
		for (const line of bad) expect(offences(line)).toHaveLength(1);
		const fine = [
			'POST /rest/workflows/1/activate',
			'~/.cache/n8n-nodes-watchcollect',
			'.github/workflows/ci.yml',
			'os.tmpdir() or /tmp/n8n-test',
			'https://example.com/home/page',
			'path.join(__dirname, "../..")',
		];
		for (const line of fine) expect(offences(line)).toEqual([]);
	});

	it('lists the repository files (git ls-files)', () => {
		const files = repositoryFiles();
		expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json']));
		expect(files).not.toContain('package-lock.json');
	});

	it('no repository file contains one', () => {
		const found: string[] = [];
		for (const file of repositoryFiles()) {
			const buffer = fs.readFileSync(path.join(ROOT, file));
			if (buffer.includes(0)) continue; // binary (images)
			for (const offence of offences(buffer.toString('utf8'))) found.push(`${file}:${offence}`);
		}
		expect(found).toEqual([]);
	});
});
