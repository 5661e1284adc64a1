/**
 * Issue 13 §1 for the reads: the QR in every shape an API may give it, lists in every accepted
 * envelope and their stop rules (a cursor loop included), the session list in pages of one with
 * `id` instead of `session_id`, and fields passed through as received. Answers are written by
 * the test (scriptedApi).
 */
import jsQR from 'jsqr';
import type { IBinaryData } from 'n8n-workflow';
import { PNG } from 'pngjs';

import { qrPng } from '../../../../nodes/WatchCollect/qr/png';
import {
	runWatchCollect,
	searchSessions,
	type RunOptions,
} from '../../../support/execute-workflow';
import { pagedSessions, startScriptedApi, type ScriptedApi } from './scriptedApi';

const SESSION = '6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f';
const RAW_QR = '2@Zm9vYmFy,aGVsbG8=,d29ybGQ=,YWJj';

let api: ScriptedApi;
beforeAll(async () => {
	api = await startScriptedApi();
});
afterAll(async () => await api.close());
beforeEach(() => {
	api.requests.length = 0;
	api.script = () => undefined;
});

const credentials = () => ({ accessToken: 'test-token', baseUrl: api.url });
const run = (options: Omit<RunOptions, 'credentials'>) =>
	runWatchCollect({ ...options, credentials: credentials() });

function decodeQr(binary: IBinaryData | undefined): string | undefined {
	if (!binary) return undefined;
	const image = PNG.sync.read(Buffer.from(binary.data, 'base64'));
	return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

describe('Session › Get QR Code: every shape of the answer', () => {
	const getQr = {
		operation: 'getQr',
		sessionId: { __rl: true, mode: 'id', value: SESSION },
	};
	const pngBase64 = qrPng(RAW_QR).toString('base64');

	it.each([
		['{ qr: { value } }', { qr: { value: RAW_QR, request_id: 'r' } }],
		['{ value }', { value: RAW_QR }],
		['{ qr: "…" }', { qr: RAW_QR, session_id: SESSION }],
		['a data:image/png URL', { qr: { value: `data:image/png;base64,${pngBase64}` } }],
		['bare base64 of a PNG', { value: pngBase64 }],
	])('%s: the JSON as received, and a PNG that scans to the QR value', async (_shape, answer) => {
		api.script = (r) => (r.path.endsWith('/auth/qr') ? { body: answer } : undefined);
		const { outputs, error } = await run({ parameters: getQr });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual(answer);
		expect(outputs[0][0].binary?.qr?.mimeType).toBe('image/png');
		expect(decodeQr(outputs[0][0].binary?.qr as IBinaryData)).toBe(RAW_QR);
	});

	it('an answer without any QR value is a clear error', async () => {
		api.script = (r) =>
			r.path.endsWith('/auth/qr') ? { body: { qr: null, session_status: 'WORKING' } } : undefined;
		const { error } = await run({ parameters: getQr });
		expect(error?.message).toMatch(
			/the answer holds no QR value \(looked for qr\.value, value, and qr as a text\)/,
		);
	});
});

describe('GET /v2/sessions: pages, `id`, envelopes', () => {
	const sessions = [
		{ id: 'a1111111-2222-4333-8444-555555555555', role: 'receiving', label: 'One' },
		{ id: 'b1111111-2222-4333-8444-555555555555', role: 'receiving', label: null },
		{ id: 'c1111111-2222-4333-8444-555555555555', role: 'sending', session_status: 'WORKING' },
	];

	it('Get Many reads every one-item page of each role, and fills session_id from id', async () => {
		api.script = (r) => (r.path === '/v2/sessions' ? pagedSessions(sessions, r) : undefined);
		const { outputs, error } = await run({
			parameters: { operation: 'getMany', role: 'all', returnAll: true },
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((o) => o.json)).toEqual(
			sessions.map((s) => ({ ...s, session_id: s.id })),
		);
		// receiving: 2 pages; sending: 1 page; no page_size is sent (none is documented)
		expect(api.requests.map((r) => r.query)).toEqual([
			{ role: 'receiving' },
			{ role: 'receiving', cursor: 'c1' },
			{ role: 'sending' },
		]);
	});

	it('the session picker offers the sessions of every page, by id', async () => {
		api.script = (r) => (r.path === '/v2/sessions' ? pagedSessions(sessions, r) : undefined);
		const { results } = await searchSessions(undefined, credentials());
		expect(results.map((r) => r.value)).toEqual(sessions.map((s) => s.id));
		expect(results[0].name).toBe('One · receiving');
	});

	it.each([
		['a bare list', (items: object[]) => items],
		['{ sessions }', (items: object[]) => ({ sessions: items })],
		['{ data }', (items: object[]) => ({ data: items, has_more: false })],
		['{ results }', (items: object[]) => ({ results: items, next_cursor: null })],
		['{ items }', (items: object[]) => ({ items, next_cursor: '' })],
	])('accepts %s', async (_shape, envelope) => {
		const items = [{ session_id: SESSION, role: 'receiving', extra: { deep: [1] } }];
		api.script = (r) => (r.path === '/v2/sessions' ? { body: envelope(items) } : undefined);
		const { outputs, error } = await run({
			parameters: { operation: 'getMany', role: 'receiving', returnAll: true },
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((o) => o.json)).toEqual(items);
		expect(api.requests).toHaveLength(1);
	});

	it('an answer with no list in it is a clear error', async () => {
		api.script = (r) => (r.path === '/v2/sessions' ? { body: { total: 3 } } : undefined);
		const { error } = await run({
			parameters: { operation: 'getMany', role: 'receiving', returnAll: true },
		});
		expect(error?.message).toMatch(/the list answer holds no list of items/);
	});
});

describe('Cursor lists: when to stop', () => {
	const message = (n: number) => ({ id: `m${n}`, message_text: null, first_seen_at_ms: 'soon' });
	const getMany = { resource: 'message', operation: 'getMany', returnAll: true };

	it('a cursor handed back again ends the list: every message once, no endless loop', async () => {
		// page 1 → cursor A, page A → cursor B, page B → cursor A again
		const pages: Record<string, { items: object[]; next: string }> = {
			'': { items: [message(1), message(2)], next: 'A' },
			A: { items: [message(3)], next: 'B' },
			B: { items: [message(4)], next: 'A' },
		};
		api.script = (r) => {
			const page = pages[r.query.cursor ?? ''];
			return { body: { items: page.items, has_more: true, next_cursor: page.next } };
		};
		const { outputs, error } = await run({ parameters: getMany });
		expect(error).toBeUndefined();
		expect(outputs[0].map((o) => o.json.id)).toEqual(['m1', 'm2', 'm3', 'm4']);
		expect(api.requests.map((r) => r.query.cursor ?? '')).toEqual(['', 'A', 'B']);
	});

	it('has_more false ends the list even with a cursor', async () => {
		api.script = () => ({ body: { items: [message(1)], has_more: false, next_cursor: 'X' } });
		const { outputs } = await run({ parameters: getMany });
		expect(outputs[0]).toHaveLength(1);
		expect(api.requests).toHaveLength(1);
	});

	it('pages on next_cursor without has_more, until an empty cursor', async () => {
		api.script = (r) =>
			r.query.cursor === 'p2'
				? { body: { data: [message(2)], next_cursor: '' } }
				: { body: { data: [message(1)], next_cursor: 'p2' } };
		const { outputs } = await run({ parameters: getMany });
		expect(outputs[0].map((o) => o.json)).toEqual([message(1), message(2)]);
		expect(api.requests).toHaveLength(2);
	});

	it('items keep every field as received: null, another type, extra', async () => {
		const odd = {
			id: 'm1',
			sender: null,
			group_ids: 'not-a-list',
			first_seen_at_ms: '2026-12-01',
			score: 0.93,
		};
		api.script = () => ({ body: { items: [odd], has_more: false, next_cursor: null } });
		const { outputs, error } = await run({ parameters: getMany });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual(odd);
	});

	it('a send with an unknown status passes through (Get)', async () => {
		const send = { id: SESSION, status: 'archived', recipients: null, requested_at_ms: 'x' };
		api.script = () => ({ body: send });
		const { outputs, error } = await run({
			parameters: { resource: 'outboundSend', operation: 'get', sendId: SESSION },
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual(send);
	});
});
