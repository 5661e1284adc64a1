#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Starts the WatchCollect API v2 simulator from the command line.
 *   node test/simulator/cli.js [--port N] [--token T] [--ttl SECONDS] [--jwt-ttl SECONDS] [--client-token T]
 *     [--answers examples|loose] [--lose-first-answers keyed-writes|every-request]
 *     [--list-order collected|activity|whatsapp] [--list-cursor keyset|offset]
 * Prints one JSON line {"url","port","token","otherTenantToken","clientToken","frontendApiUrl",
 * "jwtTtlSeconds"} on stdout, then human lines.
 * Stops on SIGINT/SIGTERM, or by itself after --ttl seconds.
 */
const { startSimulator, DEFAULT_TOKENS } = require('./simulator');
const { readAnswerStyle } = require('./answers');
const { readScope } = require('./lostAnswers');
const { readListOrder, readCursorKind } = require('./paging');

const USAGE =
	'usage: node test/simulator/cli.js [--port N] [--token T] [--ttl SECONDS] [--jwt-ttl SECONDS] [--client-token T]\n' +
	'         [--answers examples|loose] [--lose-first-answers keyed-writes|every-request]\n' +
	'         [--list-order collected|activity|whatsapp] [--list-cursor keyset|offset]\n' +
	'  --ttl: stop after SECONDS; --jwt-ttl: lifetime of the session JWTs of the Clerk stand-in (default 60)\n' +
	'  --answers: the answer style (default examples); --lose-first-answers: lose the first answer per key';

/**
 * @typedef {{ port: number, token: string, ttl?: number, jwtTtl?: number, clientToken?: string,
 *   answers?: import('./answers').AnswerStyle, loseFirstAnswers?: import('./lostAnswers').LoseFirstScope,
 *   listOrder?: import('./paging').ListOrder, listCursor?: import('./paging').CursorKind }} Args
 */
/** @param {string[]} argv @returns {Args} */
function parseArgs(argv) {
	/** @type {Args} */
	const args = { port: 0, token: DEFAULT_TOKENS.valid[0] };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		}
		const value = argv[++i];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		if (flag === '--port') {
			args.port = Number(value);
			if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
				throw new Error('--port must be 0-65535');
			}
		} else if (flag === '--token') {
			if (!/^\S+$/.test(value)) {
				throw new Error('--token must be a non-empty string without spaces');
			}
			args.token = value;
		} else if (flag === '--jwt-ttl') {
			args.jwtTtl = Number(value);
			if (!(args.jwtTtl > 0)) throw new Error('--jwt-ttl must be a positive number of seconds');
		} else if (flag === '--client-token') {
			if (!/^\S+$/.test(value)) throw new Error('--client-token must not contain spaces');
			args.clientToken = value;
		} else if (flag === '--answers') {
			args.answers = readAnswerStyle(value);
		} else if (flag === '--list-order') {
			args.listOrder = readListOrder(value);
		} else if (flag === '--list-cursor') {
			args.listCursor = readCursorKind(value);
		} else if (flag === '--lose-first-answers') {
			args.loseFirstAnswers = readScope(value);
		} else if (flag === '--ttl') {
			args.ttl = Number(value);
			if (!(args.ttl > 0)) throw new Error('--ttl must be a positive number of seconds');
		} else {
			throw new Error(`unknown option ${flag}`);
		}
	}
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const otherTenantToken = DEFAULT_TOKENS.otherTenant[0];
	const sim = await startSimulator({
		port: args.port,
		tokens: { valid: [args.token], otherTenant: [otherTenantToken] },
		jwtTtlSeconds: args.jwtTtl,
		clientToken: args.clientToken,
		answers: args.answers,
		loseFirstAnswers: args.loseFirstAnswers,
		listOrder: args.listOrder,
		listCursor: args.listCursor,
		onRequest: (r) =>
			console.log(
				`${r.method} ${r.path} -> ${r.status || 'dropped'} (auth ${r.authOk}${r.fault ? `, fault ${r.fault}` : ''})`,
			),
	});
	const clerk = sim.clerk.state();
	console.log(
		JSON.stringify({
			url: sim.url,
			port: sim.port,
			token: args.token,
			otherTenantToken,
			clientToken: clerk.clientToken,
			frontendApiUrl: sim.clerk.frontendApiUrl,
			jwtTtlSeconds: clerk.ttlSeconds,
			answers: sim.answers(),
			listOrder: sim.paging.settings.order,
			listCursor: sim.paging.settings.cursor,
		}),
	);
	console.log(`WatchCollect API v2 simulator listening on ${sim.url}`);
	console.log(
		`Clerk stand-in: Frontend API ${sim.clerk.frontendApiUrl}, session tokens live ${clerk.ttlSeconds} s`,
	);
	console.log(
		`control: GET ${sim.url}/__sim/health | GET/DELETE /__sim/requests | POST /__sim/faults | POST /__sim/reset`,
	);
	console.log(
		`         GET /__sim/clerk | POST /__sim/clerk/rotate | /revoke {"which":"previous"|"all"} | /end-session | /ttl {"seconds":N} | /reset`,
	);
	console.log(
		`answers: ${sim.answers()} (POST /__sim/answers {"style":"examples"|"loose"}); lose first answers: ${args.loseFirstAnswers ?? 'off'}`,
	);
	console.log(args.ttl ? `stops after ${args.ttl} s, or on Ctrl-C` : 'stop with Ctrl-C');

	let stopping = false;
	/** @param {string} why */
	const stop = async (why) => {
		if (stopping) return;
		stopping = true;
		console.log(`stopping (${why})`);
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
	if (args.ttl) setTimeout(() => void stop(`ttl ${args.ttl} s`), args.ttl * 1000);
}

main().catch((error) => {
	console.error(`simulator: ${error instanceof Error ? error.message : error}\n${USAGE}`);
	process.exit(2);
});
