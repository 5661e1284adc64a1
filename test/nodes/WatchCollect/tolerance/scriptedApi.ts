/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * A tiny stand-in API whose every answer the test writes itself: for answers the simulator does
 * not give (nulls, other types, extra fields, unknown values, other list envelopes, cursor loops).
 * Records every request. Independent of the node's code.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
}

export interface ScriptedAnswer {
	status?: number;
	/** JSON to send; `undefined` sends no body at all. */
	body?: unknown;
	/** A raw body (e.g. '' or text), sent as is. */
	raw?: string;
}

export type Script = (request: ScriptedRequest) => ScriptedAnswer | undefined;

export interface ScriptedApi {
	url: string;
	requests: ScriptedRequest[];
	script: Script;
	close(): Promise<void>;
}

export async function startScriptedApi(script: Script = () => undefined): Promise<ScriptedApi> {
	const api: ScriptedApi = {
		url: '',
		requests: [],
		script,
		close: async () => undefined,
	};
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://localhost');
			const text = Buffer.concat(chunks).toString('utf8');
			let body: unknown = text === '' ? undefined : text;
			try {
				body = text === '' ? undefined : JSON.parse(text);
			} catch {
				/* kept as text */
			}
			const request: ScriptedRequest = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams.entries()),
				body,
			};
			api.requests.push(request);
			const answer = api.script(request) ?? {
				status: 404,
				body: { error: { message: `no scripted answer for ${request.method} ${request.path}` } },
			};
			const status = answer.status ?? 200;
			if (answer.raw !== undefined) {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(answer.raw);
			} else if (answer.body === undefined) {
				res.writeHead(status);
				res.end();
			} else {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(answer.body));
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	api.close = async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return api;
}

/** A list of sessions in cursor pages of `size`, as `?cursor=` asks for them. */
export function pagedSessions(
	sessions: Array<Record<string, unknown>>,
	request: ScriptedRequest,
	size = 1,
): ScriptedAnswer {
	const role = request.query.role;
	const listed = sessions.filter(
		(s) => role === undefined || s.role === undefined || s.role === role,
	);
	const start = request.query.cursor ? Number(request.query.cursor.replace('c', '')) : 0;
	const items = listed.slice(start, start + size);
	const next = start + size < listed.length ? `c${start + size}` : null;
	return { body: { items, next_cursor: next } };
}
