/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a command-line tool for people with a WatchCollect account, never inside n8n */
/**
 * `npm run probe` — a read-only check of the real WatchCollect API against what the node assumes.
 *
 * Configuration from the environment (or, when stdin is a terminal, asked for):
 *   WATCHCOLLECT_BASE_URL            default https://api-v2.watchcollect.com
 *   WATCHCOLLECT_TOKEN               an access (session) token — or, to renew one like the
 *   WATCHCOLLECT_CLIENT_TOKEN        Sign-In credential: the client token
 *   WATCHCOLLECT_FRONTEND_API_URL    and the Clerk Frontend API URL
 *   WATCHCOLLECT_CLERK_SESSION_ID    (optional) the Clerk session to renew
 *   WATCHCOLLECT_SEND_CLIENT_AS      (optional) header (default) | cookie
 * Options: --json (the report as JSON), --timeout MS (per request, default 30000).
 *
 * Exit code 0 when the node reads every answer, 1 when it cannot read one (or the renewal
 * failed), 2 when the configuration is missing. It writes nothing, here or at WatchCollect.
 */
import * as fs from 'fs';
import * as path from 'path';

import { readConfig } from './probe/input';
import { printReport } from './probe/report';
import { runProbe } from './probe/run';

function readVersion(): string {
	try {
		const file = path.join(__dirname, '..', 'package.json');
		return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? '';
	} catch {
		return '';
	}
}

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	const json = args.includes('--json');
	const timeoutAt = args.indexOf('--timeout');
	const timeoutMs = timeoutAt >= 0 ? Number(args[timeoutAt + 1]) : undefined;
	const config = await readConfig(process.env);
	if (!config) {
		process.stderr.write(
			'npm run probe: set WATCHCOLLECT_TOKEN (an access token), or WATCHCOLLECT_CLIENT_TOKEN and\n' +
				'WATCHCOLLECT_FRONTEND_API_URL (as in the Sign-In credential); WATCHCOLLECT_BASE_URL is optional.\n' +
				'Run it in a terminal to be asked instead.\n',
		);
		return 2;
	}
	if (timeoutMs !== undefined && Number.isFinite(timeoutMs) && timeoutMs > 0)
		config.timeoutMs = timeoutMs;
	const report = await runProbe(config);
	const version = readVersion();
	process.stdout.write(`${printReport(report, json, version)}\n`);
	return report.ok ? 0 : 1;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: Error) => {
		process.stderr.write(`npm run probe failed: ${error.message}\n`);
		process.exitCode = 1;
	},
);
