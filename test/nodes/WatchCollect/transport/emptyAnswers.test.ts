/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test-only HTTP stand-in that answers each empty form */
/**
 * Issue 13 §1: an empty successful answer (204, or 200/202 with no body) is a success. Through
 * n8n-core (test/support/execute-workflow.ts): Session › Start against a stand-in that answers
 * each form, and against the simulator's loose answers (204 for start and sync). The transport
 * gives the status code; the item says what was done and that status.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSimulator, type Simulator } from '../../../simulator/simulator';
import { runWatchCollect } from '../../../support/execute-workflow';

jest.setTimeout(60_000);

const SESSION = '0b7f3c52-6a1e-4c1d-9f7e-2d3c4b5a6f01';

/** What the stand-in answers next: status, headers, body (written as is). */
let answer: { status: number; headers?: Record<string, string>; body?: string } = { status: 204 };
const seen: string[] = [];
let server: http.Server;
let url: string;
let sim: Simulator;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		seen.push(`${req.method} ${req.url}`);
		req.resume();
		req.on('end', () => {
			res.writeHead(answer.status, answer.headers ?? {});
			res.end(answer.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	sim = await startSimulator({ answers: 'loose' });
});
afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
	await sim.close();
});
beforeEach(() => {
	seen.length = 0;
	sim.reset();
});

const start = {
	resource: 'session',
	operation: 'start',
	sessionId: { __rl: true, mode: 'id', value: SESSION },
};

describe('an empty successful answer is a success with its status code', () => {
	it.each([
		['204 No Content', { status: 204 }],
		['200 with Content-Length: 0', { status: 200, headers: { 'Content-Length': '0' } }],
		[
			'200 JSON content type, empty body',
			{ status: 200, headers: { 'Content-Type': 'application/json' }, body: '' },
		],
		['202 with no body', { status: 202 }],
		['200 with only whitespace', { status: 200, body: ' \n' }],
	])('%s', async (_name, form) => {
		answer = form;
		const result = await runWatchCollect({
			parameters: start,
			credentials: { accessToken: 'sim-valid-token', baseUrl: url },
		});
		expect(result.error).toBeUndefined();
		expect(seen).toEqual([`POST /v2/sessions/${SESSION}/start`]);
		const [item] = result.outputs[0];
		expect(item.json.statusCode).toBe(form.status);
		expect(String(item.json.message)).toContain(`HTTP ${form.status}`);
		expect(String(item.json.message)).toMatch(/start/);
	});

	it('a write answered 200 with a body that is not JSON succeeds: the text under `answer`, a warning names the content type', async () => {
		answer = {
			status: 200,
			headers: { 'Content-Type': 'text/html' },
			body: '<html>sign in</html>',
		};
		const result = await runWatchCollect({
			parameters: start,
			credentials: { accessToken: 'sim-valid-token', baseUrl: url },
		});
		expect(result.error).toBeUndefined();
		expect(seen).toEqual([`POST /v2/sessions/${SESSION}/start`]);
		const [item] = result.outputs[0];
		expect(item.json.answer).toBe('<html>sign in</html>');
		expect(item.json.warnings).toEqual([
			expect.stringMatching(/^the answer was not JSON \(HTTP 200, text\/html\)/),
		]);
	});

	it('a write answered with a JSON text value ("started") succeeds, kept under `answer`, not called "not JSON"', async () => {
		answer = { status: 200, headers: { 'Content-Type': 'application/json' }, body: '"started"' };
		const result = await runWatchCollect({
			parameters: start,
			credentials: { accessToken: 'sim-valid-token', baseUrl: url },
		});
		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.json.answer).toBe('started');
		const warnings = (item.json.warnings ?? []) as string[];
		expect(warnings.some((w) => /not JSON/.test(w))).toBe(false);
	});

	it('negative control: a read (Session › Get Many) answered 200 with HTML is still an error', async () => {
		answer = {
			status: 200,
			headers: { 'Content-Type': 'text/html' },
			body: '<html>sign in</html>',
		};
		const result = await runWatchCollect({
			parameters: { resource: 'session', operation: 'getMany', role: 'receiving' },
			credentials: { accessToken: 'sim-valid-token', baseUrl: url },
		});
		expect(result.error?.message).toMatch(/not JSON \(HTTP 200, text\/html\)/);
	});

	it('a read that needs a body (Session › Get Many) fails clearly on an empty answer', async () => {
		answer = { status: 204 };
		const result = await runWatchCollect({
			parameters: { resource: 'session', operation: 'getMany', role: 'receiving' },
			credentials: { accessToken: 'sim-valid-token', baseUrl: url },
		});
		expect(result.error?.message).toMatch(/the answer was empty \(HTTP 204\)/);
	});

	it.each(['start', 'sync'])(
		"%s against the simulator's loose answers (204): the item names the status",
		async (operation) => {
			const receiving = [...sim.sessions.values()].find((s) => s.role === 'receiving');
			const result = await runWatchCollect({
				parameters: {
					...start,
					operation,
					sessionId: { __rl: true, mode: 'id', value: receiving?.session_id },
				},
				credentials: { accessToken: 'sim-valid-token', baseUrl: sim.url },
			});
			expect(result.error).toBeUndefined();
			const posts = sim.requests.filter((r) => r.method === 'POST');
			expect(posts.map((r) => [r.path, r.status])).toEqual([
				[`/v2/sessions/${receiving?.session_id}/${operation}`, 204],
			]);
			expect(result.outputs[0][0].json.statusCode).toBe(204);
		},
	);
});
