import {
	jwtExpiredAt,
	normaliseBaseUrl,
	readErrorBody,
	redact,
	retryAfterSeconds,
} from '../../../../nodes/WatchCollect/transport';

const jwt = (claims: object) =>
	['{"alg":"HS256"}', JSON.stringify(claims)]
		.map((p) => Buffer.from(p).toString('base64url'))
		.join('.') + '.sig';

describe('jwtExpiredAt', () => {
	const now = new Date('2026-06-01T12:00:00Z');
	it('gives the expiry of a JWT whose exp has passed', () => {
		expect(jwtExpiredAt(jwt({ exp: 1780000000 }), now)?.toISOString()).toBe(
			'2026-05-28T20:26:40.000Z',
		);
	});
	it('is undefined for a JWT still valid, without exp, or a token that is no JWT', () => {
		expect(jwtExpiredAt(jwt({ exp: 1900000000 }), now)).toBeUndefined();
		expect(jwtExpiredAt(jwt({ sub: 'x' }), now)).toBeUndefined();
		expect(jwtExpiredAt('plain-api-token', now)).toBeUndefined();
		expect(jwtExpiredAt('a.%%%.c', now)).toBeUndefined();
		expect(jwtExpiredAt(undefined, now)).toBeUndefined();
	});
});

describe('retryAfterSeconds', () => {
	const now = new Date('2026-06-01T12:00:00Z');
	it.each([
		['30', 30],
		[120, 120],
		['Mon, 01 Jun 2026 12:01:30 GMT', 90],
		['Mon, 01 Jun 2026 11:00:00 GMT', 0],
	])('%j → %d s', (header, seconds) => expect(retryAfterSeconds(header, now)).toBe(seconds));
	it.each([undefined, '', 'soon', ['30']])('%j → undefined', (header) =>
		expect(retryAfterSeconds(header, now)).toBeUndefined(),
	);
});

describe('readErrorBody', () => {
	it.each([
		[
			{ error: { message: 'phone_number must be digits' }, request_id: 'req_1' },
			{ message: 'phone_number must be digits', requestId: 'req_1' },
		],
		[
			{ message: 'Conflict', request_id: 'req_2' },
			{ message: 'Conflict', requestId: 'req_2' },
		],
		[{ detail: 'Not found' }, { message: 'Not found', requestId: undefined }],
		[
			{ error: 'Forbidden', request_id: '' },
			{ message: 'Forbidden', requestId: undefined },
		],
		[{ error: { message: 'x', request_id: 'req_3' } }, { message: 'x', requestId: 'req_3' }],
		['<html>', {}],
		[null, {}],
	])('%j', (body, expected) => expect(readErrorBody(body)).toEqual(expected));
});

describe('redact and normaliseBaseUrl', () => {
	it('removes every occurrence of the secret', () => {
		expect(redact('Bearer s3cr3t-token and s3cr3t-token', 's3cr3t-token')).toBe(
			'Bearer [redacted] and [redacted]',
		);
		expect(redact('nothing here', undefined)).toBe('nothing here');
	});
	it('strips trailing slashes and falls back to the production URL', () => {
		expect(normaliseBaseUrl('http://127.0.0.1:8080//')).toBe('http://127.0.0.1:8080');
		expect(normaliseBaseUrl('')).toBe('https://api-v2.watchcollect.com');
		expect(normaliseBaseUrl(undefined)).toBe('https://api-v2.watchcollect.com');
	});
});
