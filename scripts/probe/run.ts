/**
 * The probe itself: reads one answer of each read endpoint the node uses, checks with the node's
 * own response schemas whether the node can read it, compares it with the documentation
 * (./contract/, ./toZod.ts), and writes a report that holds no token and no message text.
 * It only reads: GET requests, the POST searches of the market (reads by their documentation),
 * and — with a Sign-In credential — the token renewal at Clerk's Frontend API.
 */
import { ENDPOINTS } from './endpoints';
import { cleanToken, normaliseBaseUrl } from './http';
import { probeEndpoint } from './probeEndpoint';
import { renewToken } from './signIn';
import type { ProbeConfig, ProbeReport } from './types';

export { ENDPOINTS } from './endpoints';
export { cleanToken, normaliseBaseUrl } from './http';
export { summarise } from './differences';
export { formatReport, printReport } from './report';
export type { Difference, DifferenceKind, EndpointResult, ProbeConfig, ProbeReport } from './types';

export async function runProbe(config: ProbeConfig): Promise<ProbeReport> {
	const timeoutMs = config.timeoutMs ?? 30_000;
	const baseUrl = normaliseBaseUrl(config.baseUrl);
	const secrets: string[] = [];
	let token = config.token ? cleanToken(config.token) : '';
	if (token) secrets.push(token);
	const report: ProbeReport = {
		baseUrl,
		credential: config.signIn ? 'Sign-In' : 'Access Token',
		results: [],
		ok: true,
	};
	if (config.signIn) {
		const renewed = await renewToken(config.signIn, timeoutMs, secrets);
		report.renewal = renewed.renewal;
		if (renewed.token === undefined) {
			report.ok = false;
			return report;
		}
		token = renewed.token;
	}
	for (const endpoint of ENDPOINTS) {
		report.results.push(await probeEndpoint(endpoint, baseUrl, token, timeoutMs, secrets));
	}
	report.ok = report.results.every((r) => r.nodeReads !== false);
	return report;
}
