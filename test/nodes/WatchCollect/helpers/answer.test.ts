/** helpers/answer.ts: an answer against its documented contract, each difference one sentence. */
import { z } from 'zod';

import {
	describeDifferences,
	describeValue,
	readAnswer,
} from '../../../../nodes/WatchCollect/helpers/answer';
import { nextCursor } from '../../../../nodes/WatchCollect/transport/pagination';

const documented = z
	.object({
		status: z.enum(['accepted', 'rejected']),
		id: z.string().uuid(),
		count: z.number().int(),
		label: z.string().nullish(),
		nested: z.object({ ok: z.boolean() }).strict().nullish(),
	})
	.strict();
const good = { status: 'accepted', id: '6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f', count: 2 };

describe('describeDifferences', () => {
	it('an answer as documented has none', () => {
		expect(describeDifferences(good, documented)).toEqual([]);
	});

	it('names each kind in plain words: missing, null, other type, unknown value, extra', () => {
		const rest: Record<string, unknown> = { ...good };
		delete rest.count;
		const found = describeDifferences(
			{ ...rest, status: 'pending', id: null, nested: { ok: 'yes', why: 'x' }, extra: [1, 2] },
			documented,
		);
		expect(found.map((d) => [d.kind, d.message])).toEqual([
			[
				'value',
				"`status` came as 'pending', a value the contract does not list (it lists 'accepted', 'rejected')",
			],
			['null', '`id` came as null; the contract gives a text'],
			['missing', '`count` is missing; the contract gives a number'],
			['type', "`nested.ok` came as 'yes'; the contract gives true or false"],
			['extra', "`nested.why` is not in the contract (came as 'x'); passed on as received"],
			['extra', '`extra` is not in the contract (came as a list of 2); passed on as received'],
		]);
	});

	it('a null for a documented-optional field is accepted, and still listed for the probe', () => {
		expect(describeDifferences({ ...good, label: null }, documented)).toEqual([
			{
				path: 'label',
				kind: 'null',
				accepted: true,
				message: '`label` came as null; accepted as "none" (the contract has it optional)',
			},
		]);
	});

	it('never shows a value when asked not to (the probe: no message text, no tokens)', () => {
		const [difference] = describeDifferences({ ...good, secret: 'eyJhbGciOi.token' }, documented, {
			showValues: false,
		});
		expect(difference.message).toBe(
			'`secret` is not in the contract (came as a text of 16 characters); passed on as received',
		);
	});

	it('describes values briefly', () => {
		expect(describeValue('x'.repeat(50))).toBe(`'${'x'.repeat(37)}…'`);
		expect(describeValue({ a: 1 })).toBe('an object');
		expect(describeValue(undefined)).toBe('nothing');
	});
});

describe('readAnswer', () => {
	it('gives what the node needs, plus the warnings of the differences not accepted', () => {
		const reading = readAnswer(
			{ ...good, label: null, status: 'queued' },
			{ needs: z.object({ id: z.string() }).passthrough(), documented },
		);
		expect(reading).toMatchObject({ ok: true, value: { id: good.id } });
		expect(reading.warnings).toEqual([
			"`status` came as 'queued', a value the contract does not list (it lists 'accepted', 'rejected')",
		]);
		expect(reading.differences).toHaveLength(2);
	});

	it('refuses only when what the node needs is missing, saying which field', () => {
		const reading = readAnswer({ count: 1 }, { needs: z.object({ id: z.string() }), documented });
		expect(reading).toMatchObject({
			ok: false,
			problem: '`id` is missing; the contract gives a text',
		});
	});
});

describe('nextCursor: the stop rules of every list', () => {
	const none = new Set<string>();
	it.each([
		['has_more true and a cursor', { has_more: true, next_cursor: 'a' }, 'a'],
		['no has_more and a cursor', { next_cursor: 'a' }, 'a'],
		['has_more as text and a cursor', { has_more: 'yes', next_cursor: 'a' }, 'a'],
		['has_more false and a cursor', { has_more: false, next_cursor: 'a' }, undefined],
		['has_more true, no cursor', { has_more: true }, undefined],
		['has_more true, null cursor', { has_more: true, next_cursor: null }, undefined],
		['has_more true, empty cursor', { has_more: true, next_cursor: '' }, undefined],
		['a cursor that is a number', { next_cursor: 2 }, undefined],
	])('%s', (_what, page, expected) => {
		expect(nextCursor(page, none)).toBe(expected);
	});
	it('a cursor read before ends the list', () => {
		expect(nextCursor({ has_more: true, next_cursor: 'a' }, new Set(['a']))).toBeUndefined();
	});
});
