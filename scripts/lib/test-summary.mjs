#!/usr/bin/env node
/**
 * The closing lines of `npm test` (scripts/test-all.sh): per jest project its time, test files and
 * test counts, from the files test/support/project-summary-reporter.js wrote; then the problems
 * (a project expected to run that ran zero tests, a skipped test, a file that failed to run); the
 * last line is always `jest: N passed, N failed`. Exits 1 when there is a problem.
 *
 *   node scripts/lib/test-summary.mjs <summary.json>:<label suffix>:<expected projects, comma-separated> …
 *   (an empty expected list: no project is required, e.g. a filtered run)
 */
import fs from 'node:fs';

const rows = [];
const problems = [];
for (const arg of process.argv.slice(2)) {
	const [file, suffix, expected = ''] = arg.split(':');
	const projects = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
	const names = new Set([...Object.keys(projects), ...expected.split(',').filter(Boolean)]);
	for (const name of names) {
		const label = suffix ? `${name} (${suffix})` : name;
		const p = projects[name] ?? {
			files: 0,
			passed: 0,
			failed: 0,
			skipped: 0,
			failedFiles: 0,
			ms: 0,
		};
		rows.push({ label, ...p });
		const ran = p.passed + p.failed;
		if (ran === 0) problems.push(`${label}: ran zero tests`);
		if (p.skipped > 0)
			problems.push(`${label}: ${p.skipped} skipped (a skipped test proves nothing)`);
		if (p.failedFiles > 0) problems.push(`${label}: ${p.failedFiles} test file(s) failed to run`);
	}
}
const width = Math.max(0, ...rows.map((r) => r.label.length));
for (const r of rows) {
	const time = `${Math.round(r.ms / 1000)} s`.padStart(6);
	console.log(
		`[test-all] ${r.label.padEnd(width)} ${time}  ${String(r.files).padStart(3)} files  ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`,
	);
}
for (const p of problems) console.log(`[test-all] FAIL ${p}`);
const sum = (k) => rows.reduce((t, r) => t + r[k], 0);
console.log(
	`jest: ${sum('passed')} passed, ${sum('failed')} failed` +
		(sum('skipped') ? `, ${sum('skipped')} skipped` : ''),
);
process.exit(problems.length ? 1 : 0);
