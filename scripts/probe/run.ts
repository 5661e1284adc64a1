/**
 * The probe itself: reads one answer of each read endpoint the node uses, checks with the node's
 * own response schemas whether the node can read it, compares it with the documentation
 * (./contract.ts, ./compare.ts), and writes a report that holds no token and no message text.
 * It only reads: GET requests, the POST searches of the market (reads by their documentation),
 * and — with a Sign-In credential — the token renewal at Clerk's Frontend API.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { z, type ZodType, type ZodTypeAny, type ZodTypeDef } from 'zod';

import {
	readAnswer,
	type Difference as AnswerDifference,
} from '../../nodes/WatchCollect/helpers/answer';
import { messageCardContract, messageCardSchema } from '../../nodes/WatchCollect/schemas/message';
import {
	scheduleContract,
	scheduleSchema,
	sendContract,
	sendSchema,
} from '../../nodes/WatchCollect/schemas/outbound';
import { classificationSchema } from '../../nodes/WatchCollect/schemas/classification';
import {
	facetsSchema,
	marketListingSchema,
	referenceAggregateSchema,
} from '../../nodes/WatchCollect/schemas/market';
import { cursorPageSchema, type CursorPage } from '../../nodes/WatchCollect/schemas/page';
import { sessionSummarySchema } from '../../nodes/WatchCollect/schemas/session';
import { renewSessionToken, scrubSecrets } from '../../nodes/WatchCollect/transport/clerk';
import { sessionIdOf } from '../../nodes/WatchCollect/transport/sessions';
import * as contract from './contract';
import { toZod } from './toZod';

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

export type DifferenceKind = AnswerDifference['kind'];

/** One difference from the documentation, for all places it occurs (`items[]` = every item). */
export interface Difference {
	kind: DifferenceKind;
	/** the field, array positions written `[]` */
	path: string;
	/** true when the node and the documentation both accept it (a null for an optional field) */
	accepted: boolean;
	/** how many places of the answer showed it */
	count: number;
	/** the node's own sentence for the first place (helpers/answer.ts, values never shown) */
	message: string;
	/** for an unknown value of an enum-like field: that value, when it is a short word */
	value?: string;
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

type Reader = ZodType<unknown, ZodTypeDef, unknown>;

interface Endpoint {
	method: 'GET' | 'POST';
	path: string;
	qs?: Record<string, string>;
	body?: Record<string, unknown>;
	evidence: string;
	/** the documented (or, for undocumented answers, assumed) shape, as a zod contract */
	documented: (body: unknown) => ZodTypeAny;
	/** what the node requires to read the answer (its own schema); absent: not yet in the node */
	needs?: Reader;
	/** what the node read, in words */
	count?: (parsed: unknown) => string;
}

/** A cursor page as the contract documents it [REF], around the node's documented item. */
const documentedPage = (item: ZodTypeAny) =>
	z
		.object({ items: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullish() })
		.strict();

const items = (parsed: unknown) => {
	const n = (parsed as CursorPage<unknown>).items.length;
	return `${n} item${n === 1 ? '' : 's'} read`;
};

/**
 * GET /v2/sessions has no documented answer: compare the envelope the API chose with the one the
 * node assumes (`sessions`, or a list under `items`, `data`, `results`, or a bare list), and each
 * session with the assumed session.
 */
function sessionListContract(body: unknown): ZodTypeAny {
	if (Array.isArray(body)) return toZod(contract.list(contract.session));
	const record = (body ?? {}) as Record<string, unknown>;
	const key = ['sessions', 'items', 'data', 'results'].find((k) => Array.isArray(record[k]));
	if (!key) return toZod(contract.sessionList);
	return toZod(
		contract.obj({
			[key]: contract.req(contract.list(contract.session)),
			request_id: contract.str,
			has_more: contract.opt(contract.bool),
			next_cursor: contract.nullable(contract.str),
		}),
	);
}

export const ENDPOINTS: Endpoint[] = [
	...(['receiving', 'sending'] as const).map(
		(role): Endpoint => ({
			method: 'GET',
			path: '/v2/sessions',
			qs: { role },
			evidence: 'GUIDE, answer undocumented (compared with the shape the node assumes)',
			documented: sessionListContract,
			needs: cursorPageSchema(sessionSummarySchema),
			count: (parsed) => {
				const list = (parsed as CursorPage<Record<string, unknown>>).items;
				const withId = list.filter((s) => sessionIdOf(s) !== undefined).length;
				return `${list.length} ${role} session(s) read, ${withId} with an id${
					(parsed as CursorPage<unknown>).next_cursor ? ' (first page; more follow)' : ''
				}`;
			},
		}),
	),
	{
		method: 'GET',
		path: '/v2/messages',
		evidence: 'REF',
		documented: () => documentedPage(messageCardContract),
		needs: cursorPageSchema(messageCardSchema),
		count: items,
	},
	{
		method: 'GET',
		path: '/v2/outbound/sends',
		evidence: 'REF',
		documented: () => documentedPage(sendContract),
		needs: cursorPageSchema(sendSchema),
		count: items,
	},
	{
		method: 'GET',
		path: '/v2/outbound/schedules',
		evidence: 'REF',
		documented: () => documentedPage(scheduleContract),
		needs: cursorPageSchema(scheduleSchema),
		count: items,
	},
	{
		method: 'POST',
		path: '/v2/market/listings/search',
		body: {},
		evidence: 'REF (answer example only), request SIBLING',
		documented: () => toZod(contract.listingPage),
		needs: cursorPageSchema(marketListingSchema),
		count: items,
	},
	{
		method: 'POST',
		path: '/v2/market/live-feed/search',
		body: {},
		evidence: 'REF (answer example only), request SIBLING',
		documented: () => toZod(contract.listingPage),
		needs: cursorPageSchema(marketListingSchema),
		count: items,
	},
	{
		method: 'POST',
		path: '/v2/market/references/search',
		body: {},
		evidence: 'REF',
		documented: () => toZod(contract.referencePage),
		needs: cursorPageSchema(referenceAggregateSchema),
		count: items,
	},
	{
		method: 'POST',
		path: '/v2/market/facets',
		body: {},
		evidence: 'REF',
		documented: () => toZod(contract.facets),
		needs: facetsSchema,
	},
	{
		method: 'GET',
		path: '/v2/classifications',
		evidence: 'REF (answer example only)',
		documented: () => toZod(contract.classificationPage),
		needs: cursorPageSchema(classificationSchema),
		count: items,
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
	const reading = readAnswer(
		body,
		{ needs: endpoint.needs ?? z.unknown(), documented: endpoint.documented(body) },
		{ showValues: false },
	);
	result.differences = summarise(reading.differences, body);
	if (!endpoint.needs) {
		result.nodeReads = undefined;
		result.note = 'this version of the node has no schema for this answer';
	} else if (reading.ok) {
		result.nodeReads = true;
		result.note = endpoint.count ? endpoint.count(reading.value) : 'read';
	} else {
		result.nodeReads = false;
		result.note = `the node cannot read it: ${scrubSecrets(reading.problem, secrets).slice(0, 300)}`;
	}
	return result;
}

const POSITION = /\[\d+\]/g;
const ENUM_WORD = /^[A-Za-z][\w.-]{0,39}$/;

function valueAt(root: unknown, path: string): unknown {
	let value = root;
	for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

/** The node's differences, one per kind and field for all array positions, with counts. */
export function summarise(differences: AnswerDifference[], body: unknown): Difference[] {
	const grouped = new Map<string, Difference>();
	for (const d of differences) {
		const path = d.path.replace(POSITION, '[]') || '(the answer)';
		const accepted = d.accepted === true;
		const key = `${d.kind} ${accepted} ${path}`;
		const existing = grouped.get(key);
		if (existing) {
			existing.count++;
			continue;
		}
		const entry: Difference = {
			kind: d.kind,
			path,
			accepted,
			count: 1,
			// the node's sentence without its leading field name (the report prints it before)
			message: d.message.replace(POSITION, '[]').replace(/^`[^`]*` /, ''),
		};
		// only the value of an enum-like field (a word such as GOWS_NEXT), never an id or a number
		if (d.kind === 'value' && /does not list/.test(d.message)) {
			const value = valueAt(body, d.path);
			if (typeof value === 'string' && ENUM_WORD.test(value) && !/\d{4}/.test(value)) {
				entry.value = value;
			}
		}
		grouped.set(key, entry);
	}
	const order: DifferenceKind[] = ['missing', 'type', 'value', 'null', 'extra', 'other'];
	return [...grouped.values()].sort(
		(a, b) =>
			Number(a.accepted) - Number(b.accepted) ||
			order.indexOf(a.kind) - order.indexOf(b.kind) ||
			a.path.localeCompare(b.path),
	);
}

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
