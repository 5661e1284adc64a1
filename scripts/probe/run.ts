/**
 * The probe itself: reads one answer of each read endpoint the node uses, checks with the node's
 * own response schemas whether the node can read it, compares it with the documentation
 * (./contract.ts, ./compare.ts), and writes a report that holds no token and no message text.
 * It only reads: GET requests, the POST searches of the market (reads by their documentation),
 * and — with a Sign-In credential — the token renewal at Clerk's Frontend API.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import type { ZodTypeAny } from 'zod';

import { renewSessionToken, scrubSecrets } from '../../nodes/WatchCollect/transport/clerk';
import { messageCardSchema } from '../../nodes/WatchCollect/schemas/message';
import { scheduleSchema, sendSchema } from '../../nodes/WatchCollect/schemas/outbound';
import { cursorPageSchema } from '../../nodes/WatchCollect/schemas/page';
import { sessionListResponseSchema } from '../../nodes/WatchCollect/schemas/session';
import { compareWithContract, type Difference } from './compare';
import * as contract from './contract';
import type { Spec } from './contract';

export interface ProbeConfig {
	baseUrl: string;
	/** Access Token credential: the token as WatchCollect takes it. */
	token?: string;
	/** Sign-In credential: renew a session token through Clerk's Frontend API first. */
	signIn?: {
		clientToken: string;
		frontendApiUrl: string;
		clerkSessionId?: string;
		sendClientAs?: 'header' | 'cookie';
	};
	timeoutMs?: number;
}

export interface EndpointResult {
	method: 'GET' | 'POST';
	path: string;
	evidence: string;
	/** HTTP status; 0 when no answer came (network error, timeout) */
	status: number;
	ms: number;
	/** whether the node reads the answer; undefined when the node has no schema for it */
	nodeReads: boolean | undefined;
	/** what the node made of it (items read) or why it could not read it */
	note: string;
	differences: Difference[];
}

export interface ProbeReport {
	baseUrl: string;
	credential: 'Access Token' | 'Sign-In';
	renewal?: { status: 'renewed' | 'failed'; ms: number; note: string };
	results: EndpointResult[];
	/** true when every answer was read by the node */
	ok: boolean;
}

interface Endpoint {
	method: 'GET' | 'POST';
	path: string;
	qs?: Record<string, string>;
	body?: Record<string, unknown>;
	evidence: string;
	/** the documented (or, for undocumented answers, assumed) shape */
	contract: (body: unknown) => Spec;
	/** the node's own schema for the answer, and how to count what it read */
	schema?: ZodTypeAny;
	count?: (parsed: unknown) => string;
}

const items = (parsed: unknown) => {
	const list = Array.isArray(parsed)
		? parsed
		: ((parsed as { items?: unknown[] } | undefined)?.items ?? []);
	return `${list.length} item${list.length === 1 ? '' : 's'}`;
};

/**
 * GET /v2/sessions has no documented answer: compare the envelope the API chose with the one the
 * node assumes (`sessions`), and each session with the assumed session.
 */
function sessionListContract(body: unknown): Spec {
	if (Array.isArray(body)) return contract.list(contract.session);
	const record = (body ?? {}) as Record<string, unknown>;
	const key = ['sessions', 'data', 'items', 'results'].find((k) => Array.isArray(record[k]));
	if (!key) return contract.sessionList;
	return contract.obj({
		[key]: contract.req(contract.list(contract.session)),
		request_id: contract.str,
		has_more: contract.opt(contract.bool),
		next_cursor: contract.nullable(contract.str),
	});
}

export const ENDPOINTS: Endpoint[] = [
	...(['receiving', 'sending'] as const).map(
		(role): Endpoint => ({
			method: 'GET',
			path: '/v2/sessions',
			qs: { role },
			evidence: 'GUIDE, answer undocumented (assumed shape)',
			contract: sessionListContract,
			schema: sessionListResponseSchema,
			count: (parsed) => `${(parsed as { items: unknown[] }).items.length} ${role} session(s)`,
		}),
	),
	{
		method: 'GET',
		path: '/v2/messages',
		evidence: 'REF',
		contract: () => contract.messagePage,
		schema: cursorPageSchema(messageCardSchema),
		count: items,
	},
	{
		method: 'GET',
		path: '/v2/outbound/sends',
		evidence: 'REF',
		contract: () => contract.sendPage,
		schema: cursorPageSchema(sendSchema),
		count: items,
	},
	{
		method: 'GET',
		path: '/v2/outbound/schedules',
		evidence: 'REF',
		contract: () => contract.schedulePage,
		schema: cursorPageSchema(scheduleSchema),
		count: items,
	},
	{
		method: 'POST',
		path: '/v2/market/listings/search',
		body: {},
		evidence: 'REF (answer example only), request SIBLING',
		contract: () => contract.listingPage,
	},
	{
		method: 'POST',
		path: '/v2/market/live-feed/search',
		body: {},
		evidence: 'REF (answer example only), request SIBLING',
		contract: () => contract.listingPage,
	},
	{
		method: 'POST',
		path: '/v2/market/references/search',
		body: {},
		evidence: 'REF',
		contract: () => contract.referencePage,
	},
	{
		method: 'POST',
		path: '/v2/market/facets',
		body: {},
		evidence: 'REF',
		contract: () => contract.facets,
	},
	{
		method: 'GET',
		path: '/v2/classifications',
		evidence: 'REF (answer example only)',
		contract: () => contract.classificationPage,
	},
];

interface RawResponse {
	status: number;
	headers: Record<string, string>;
	text: string;
}

async function send(
	method: string,
	url: string,
	headers: Record<string, string>,
	body: string | undefined,
	timeoutMs: number,
): Promise<RawResponse> {
	const response = await fetch(url, {
		method,
		headers,
		body,
		signal: AbortSignal.timeout(timeoutMs),
		redirect: 'manual',
	});
	const out: Record<string, string> = {};
	response.headers.forEach((value, key) => {
		out[key.toLowerCase()] = value;
	});
	return { status: response.status, headers: out, text: await response.text() };
}

/** The `httpRequest` the node's Clerk client expects, over fetch (only what clerk.ts uses). */
function clerkHttpRequest(timeoutMs: number) {
	return async (options: IHttpRequestOptions): Promise<unknown> => {
		const url = new URL(options.url);
		for (const [key, value] of Object.entries(options.qs ?? {})) {
			url.searchParams.set(key, String(value));
		}
		const raw = await send(
			options.method ?? 'GET',
			url.toString(),
			(options.headers ?? {}) as Record<string, string>,
			options.method === 'POST' ? String(options.body ?? '') : undefined,
			options.timeout ?? timeoutMs,
		);
		return { statusCode: raw.status, headers: raw.headers, body: raw.text };
	};
}

/** Base URL as the node treats it: trimmed, without trailing slashes or a trailing /v2. */
export function normaliseBaseUrl(value: string): string {
	return value.trim().replace(/\/+$/, '').replace(/\/v2$/, '');
}

/** A token as pasted: without surrounding spaces or a leading "Bearer ". */
export function cleanToken(value: string): string {
	return value.trim().replace(/^bearer\s+/i, '');
}

function errorWords(text: string): string {
	try {
		const body = JSON.parse(text) as Record<string, unknown>;
		const error = body.error as Record<string, unknown> | string | undefined;
		const code = typeof error === 'object' && error ? error.code : undefined;
		const message =
			(typeof error === 'object' && error ? error.message : undefined) ??
			body.message ??
			body.detail ??
			(typeof error === 'string' ? error : undefined);
		return [code, message]
			.filter((v) => typeof v === 'string' && v !== '')
			.join(': ')
			.slice(0, 200);
	} catch {
		return '';
	}
}

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
		secrets.push(config.signIn.clientToken);
		const started = Date.now();
		try {
			const renewed = await renewSessionToken(clerkHttpRequest(timeoutMs), {
				clientToken: config.signIn.clientToken,
				frontendApiUrl: config.signIn.frontendApiUrl,
				clerkSessionId: config.signIn.clerkSessionId,
				sendClientAs: config.signIn.sendClientAs,
			});
			token = renewed.sessionToken;
			secrets.push(token);
			if (renewed.clientToken) secrets.push(renewed.clientToken);
			report.renewal = {
				status: 'renewed',
				ms: Date.now() - started,
				note: renewed.clientToken
					? 'Clerk rotated the client token (not stored: the probe writes nothing)'
					: 'a session token was renewed',
			};
		} catch (error) {
			report.renewal = {
				status: 'failed',
				ms: Date.now() - started,
				note: scrubSecrets((error as Error).message, secrets),
			};
			report.ok = false;
			return report;
		}
	}
	for (const endpoint of ENDPOINTS) {
		report.results.push(await probeEndpoint(endpoint, baseUrl, token, timeoutMs, secrets));
	}
	report.ok = report.results.every((r) => r.nodeReads !== false);
	return report;
}

async function probeEndpoint(
	endpoint: Endpoint,
	baseUrl: string,
	token: string,
	timeoutMs: number,
	secrets: string[],
): Promise<EndpointResult> {
	const query = endpoint.qs ? `?${new URLSearchParams(endpoint.qs).toString()}` : '';
	const result: EndpointResult = {
		method: endpoint.method,
		path: `${endpoint.path}${query}`,
		evidence: endpoint.evidence,
		status: 0,
		ms: 0,
		nodeReads: false,
		note: '',
		differences: [],
	};
	const headers: Record<string, string> = {
		Accept: 'application/json',
		Authorization: `Bearer ${token}`,
	};
	if (endpoint.body) headers['Content-Type'] = 'application/json';
	const started = Date.now();
	let raw: RawResponse;
	try {
		raw = await send(
			endpoint.method,
			`${baseUrl}${endpoint.path}${query}`,
			headers,
			endpoint.body ? JSON.stringify(endpoint.body) : undefined,
			timeoutMs,
		);
	} catch (error) {
		result.ms = Date.now() - started;
		const e = error as Error & { cause?: { code?: string } };
		result.note = scrubSecrets(
			`no answer: ${e.name === 'TimeoutError' ? `none within ${timeoutMs} ms` : (e.cause?.code ?? e.message)}`,
			secrets,
		);
		return result;
	}
	result.ms = Date.now() - started;
	result.status = raw.status;
	if (raw.status < 200 || raw.status > 299) {
		const words = errorWords(raw.text);
		const requestId = raw.headers['x-request-id'];
		result.note = scrubSecrets(
			`HTTP ${raw.status}${words ? ` (${words})` : ''}${requestId ? ` [request ID: ${requestId}]` : ''}`,
			secrets,
		);
		return result;
	}
	let body: unknown;
	try {
		body = JSON.parse(raw.text);
	} catch {
		result.note = `the answer is not JSON (content-type: ${raw.headers['content-type'] ?? 'none'}, ${raw.text.length} characters)`;
		return result;
	}
	result.differences = compareWithContract(body, endpoint.contract(body));
	if (!endpoint.schema) {
		result.nodeReads = undefined;
		result.note = 'this version of the node has no schema for this answer';
		return result;
	}
	const parsed = endpoint.schema.safeParse(body);
	if (parsed.success) {
		result.nodeReads = true;
		result.note = endpoint.count ? endpoint.count(parsed.data) : 'read';
	} else {
		result.nodeReads = false;
		result.note = `the node's schema refuses it: ${parsed.error.issues
			.slice(0, 5)
			.map((i) => `${i.path.join('.') || '(the answer)'}: ${i.message}`)
			.join('; ')}`;
	}
	return result;
}

const KIND_WORDS: Record<Difference['kind'], string> = {
	missing: 'missing',
	null: 'null',
	type: 'other type',
	value: 'unknown value',
	extra: 'extra',
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
				const share = d.of > 1 ? ` (${d.count} of ${d.of})` : '';
				const what =
					d.kind === 'extra'
						? `${d.path} (${d.got})`
						: d.kind === 'missing' || d.kind === 'null'
							? `${d.path} (documented: ${d.expected})`
							: `${d.path}: ${d.got} (documented: ${d.expected})`;
				lines.push(`  ${KIND_WORDS[d.kind].padEnd(13)} ${what}${share}`);
			}
		}
	}
	const read = report.results.filter((r) => r.nodeReads === true).length;
	const failed = report.results.filter((r) => r.nodeReads === false).length;
	const differences = report.results.reduce((n, r) => n + r.differences.length, 0);
	lines.push('');
	lines.push(
		report.renewal?.status === 'failed'
			? 'Summary: the token renewal failed, nothing else was read.'
			: `Summary: ${report.results.length} endpoints, the node reads ${read}, cannot read ${failed}; ${differences} differences from the documentation.`,
	);
	lines.push(
		'This report holds no token and no message text. Please send all of it to the maintainers (a GitHub issue, or support@watchcollect.com).',
	);
	return lines.join('\n');
}
