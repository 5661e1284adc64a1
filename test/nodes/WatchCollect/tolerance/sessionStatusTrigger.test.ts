/**
 * The trigger's session-status event reads GET /v2/sessions through transport/sessions.ts: a list
 * in cursor pages of one, with `id` instead of `session_id`, is followed to its end and each
 * session is tracked by its id (answers written by the test, see scriptedApi).
 */
import { createPollHarness } from '../../../support/execute-workflow';
import { pagedSessions, startScriptedApi, type ScriptedApi } from './scriptedApi';

let api: ScriptedApi;
beforeAll(async () => {
	api = await startScriptedApi();
});
afterAll(async () => await api.close());

it('a status change of a session listed on a later one-item page, by id, is emitted once', async () => {
	const sessions = [
		{ id: 'a1111111-2222-4333-8444-555555555555', role: 'receiving', session_status: 'WORKING' },
		{
			id: 'b1111111-2222-4333-8444-555555555555',
			role: 'receiving',
			session_status: 'SCAN_QR_CODE',
		},
		{ id: 'c1111111-2222-4333-8444-555555555555', role: 'sending', session_status: 'STARTING' },
	];
	api.script = (r) => (r.path === '/v2/sessions' ? pagedSessions(sessions, r) : undefined);
	const h = createPollHarness({
		parameters: { event: 'sessionStatusChanged' },
		credentials: { accessToken: 'test-token', baseUrl: api.url },
	});
	expect(await h.poll()).toBeNull(); // the baseline
	sessions[1].session_status = 'WORKING';
	const emitted = await h.poll();
	expect(emitted?.[0].map((i) => i.json)).toEqual([
		{
			...sessions[1],
			session_id: sessions[1].id,
			previous_session_status: 'SCAN_QR_CODE',
		},
	]);
	expect(await h.poll()).toBeNull();
	// every poll read all pages of both roles: receiving 2 pages, sending 1
	expect(api.requests.filter((r) => r.query.role === 'receiving')).toHaveLength(6);
	expect(api.requests.filter((r) => r.query.role === 'sending')).toHaveLength(3);
});
