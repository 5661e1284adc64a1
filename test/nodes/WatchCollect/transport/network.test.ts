/**
 * How a thrown network error is read: by its code anywhere along its cause chain, or — as n8n 1.x
 * throws it, a NodeApiError carrying only n8n's own words — by those words. A lost answer on
 * 1.123.81 was not repeated before (the e2e batch of lost sends failed there).
 */
import { NodeApiError } from 'n8n-workflow';

import { networkFailure } from '../../../../nodes/WatchCollect/transport/network';
import { isLostAnswer } from '../../../../nodes/WatchCollect/transport/retry';

const node = {
	id: '1',
	name: 'WatchCollect',
	type: 'n8n-nodes-watchcollect.watchCollect',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

describe('networkFailure', () => {
	it.each([
		['ECONNRESET', 'closed'],
		['ECONNREFUSED', 'refused'],
		['ETIMEDOUT', 'timeout'],
		['ENOTFOUND', 'unresolved'],
	])('%s as the code of a cause two levels down: %s', (code, kind) => {
		const error = new Error('request failed', { cause: new Error('inner', { cause: { code } }) });
		expect(networkFailure(error).kind).toBe(kind);
	});

	it.each([
		['ECONNRESET', 'closed'],
		['ECONNREFUSED', 'refused'],
		['ETIMEDOUT', 'timeout'],
		['ECONNABORTED', 'timeout'],
		['ENOTFOUND', 'unresolved'],
		['EAI_AGAIN', 'unresolved'],
	])("n8n's NodeApiError for %s, which carries only n8n's words: %s", (code, kind) => {
		// n8n-workflow maps the code to its own message (errors/abstract/node.error.js)
		const mapped = new NodeApiError(node, { message: 'x', code } as never);
		const wordsOnly = { message: mapped.message };
		expect(mapped.message).not.toBe('x');
		expect(networkFailure(wordsOnly).kind).toBe(kind);
	});

	it('an error that is no network failure stays "other"', () => {
		expect(networkFailure(new Error('Unexpected token < in JSON')).kind).toBe('other');
	});
});

describe('isLostAnswer', () => {
	it("n8n 1.x's words for a closed connection are a lost answer; a refused connection is not", () => {
		const closed = new NodeApiError(node, { message: 'x', code: 'ECONNRESET' } as never);
		const refused = new NodeApiError(node, { message: 'x', code: 'ECONNREFUSED' } as never);
		expect(isLostAnswer({ ok: false, error: { message: closed.message } })).toBe(true);
		expect(isLostAnswer({ ok: false, error: { message: refused.message } })).toBe(false);
	});
});
