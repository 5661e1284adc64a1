/**
 * The report as the probe prints it: plain text (to read and paste into an issue), or with --json
 * the report object itself.
 */
import type { Difference, ProbeReport } from './types';

const KIND_WORDS: Record<Difference['kind'], string> = {
	missing: 'missing',
	null: 'null',
	type: 'other type',
	value: 'unknown value',
	extra: 'extra',
	other: 'other',
};

/** The report as plain text, to read and to paste into an issue. */
export function formatReport(report: ProbeReport, version = ''): string {
	const lines: string[] = [];
	lines.push(
		`WatchCollect API probe (read-only)${version ? `, n8n-nodes-watchcollect ${version}` : ''}`,
	);
	lines.push(`Base URL: ${report.baseUrl}   Credential: ${report.credential}`);
	if (report.renewal) {
		lines.push('');
		lines.push(
			`Clerk token renewal: ${report.renewal.status} in ${report.renewal.ms} ms — ${report.renewal.note}`,
		);
	}
	for (const r of report.results) {
		lines.push('');
		const reads =
			r.nodeReads === true
				? 'node reads it'
				: r.nodeReads === false
					? 'NODE CANNOT READ IT'
					: 'not checked';
		lines.push(
			`${r.method} ${r.path}  →  ${r.status || 'no answer'} in ${r.ms} ms  ·  ${reads}  ·  ${r.note}`,
		);
		lines.push(`  evidence: ${r.evidence}`);
		if (r.status >= 200 && r.status <= 299) {
			if (r.differences.length === 0) lines.push('  no difference from the documentation');
			for (const d of r.differences) {
				const label = d.accepted ? `${KIND_WORDS[d.kind]} (ok)` : KIND_WORDS[d.kind];
				const times = d.count > 1 ? ` ×${d.count}` : '';
				const value = d.value === undefined ? '' : ` = ${JSON.stringify(d.value)}`;
				lines.push(`  ${label.padEnd(14)} ${d.path}${value}${times}: ${d.message}`);
			}
		}
	}
	const read = report.results.filter((r) => r.nodeReads === true).length;
	const failed = report.results.filter((r) => r.nodeReads === false).length;
	const differences = report.results.reduce(
		(n, r) => n + r.differences.filter((d) => !d.accepted).length,
		0,
	);
	const accepted = report.results.reduce(
		(n, r) => n + r.differences.filter((d) => d.accepted).length,
		0,
	);
	lines.push('');
	lines.push(
		report.renewal?.status === 'failed'
			? 'Summary: the token renewal failed, nothing else was read.'
			: `Summary: ${report.results.length} endpoints, the node reads ${read}, cannot read ${failed}; ${differences} differences from the documentation (and ${accepted} nulls for optional fields, marked ok).`,
	);
	lines.push(
		'This report holds no token and no message text. Please send all of it to the maintainers (a GitHub issue, or support@watchcollect.com).',
	);
	return lines.join('\n');
}

/** What the probe prints: the JSON report with --json, else the text. */
export function printReport(report: ProbeReport, json: boolean, version: string): string {
	return json ? JSON.stringify(report, null, 2) : formatReport(report, version);
}
