// @ts-check
'use strict';
/**
 * The session JWTs of the Clerk stand-in (./clerk.js): signed with the simulator's own key
 * (HS256), checked on every /v2 route (expired or badly signed → 401). See ./README.md ("Clerk").
 */
const crypto = require('node:crypto');

/**
 * @typedef {{ ok: true, sub: string, sid: string } | { ok: false, reason: 'expired' | 'bad-signature' | 'malformed' | 'not-yet-valid' }} JwtCheck
 */

const b64url = (/** @type {Buffer | string} */ data) => Buffer.from(data).toString('base64url');

/**
 * A session JWT.
 * @param {Buffer} key @param {{ issuer: string, ttlSeconds: number, sessionId: string, userId: string }} claims
 */
function signSessionJwt(key, { issuer, ttlSeconds, sessionId, userId }) {
	// Clerk uses whole seconds; with the few-second TTLs of the tests, a token minted at x.999 s
	// would live a millisecond, so the simulator keeps milliseconds (a JWT NumericDate may be
	// fractional, RFC 7519 §2): every token lives exactly its TTL.
	const now = Math.round(Date.now()) / 1000;
	const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'ins_simulator' }));
	const payload = b64url(
		JSON.stringify({
			azp: 'http://localhost',
			exp: now + ttlSeconds,
			iat: now,
			iss: issuer,
			nbf: now - 10,
			sid: sessionId,
			sub: userId,
		}),
	);
	const signature = crypto.createHmac('sha256', key).update(`${header}.${payload}`).digest();
	return `${header}.${payload}.${b64url(signature)}`;
}

/**
 * Checks a bearer token that looks like a JWT. Stateless, like a backend verifying Clerk
 * tokens with the instance's public key: a token of an ended session stays valid until `exp`.
 * @param {Buffer} key @param {string} token @returns {JwtCheck}
 */
function verifySessionJwt(key, token) {
	const parts = token.split('.');
	if (parts.length !== 3) return { ok: false, reason: 'malformed' };
	const expected = crypto.createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest();
	const given = Buffer.from(parts[2], 'base64url');
	if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
		return { ok: false, reason: 'bad-signature' };
	}
	/** @type {Record<string, unknown>} */
	let claims;
	try {
		claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	const now = Date.now() / 1000;
	if (typeof claims.exp !== 'number' || claims.exp <= now) return { ok: false, reason: 'expired' };
	if (typeof claims.nbf === 'number' && claims.nbf > now)
		return { ok: false, reason: 'not-yet-valid' };
	return { ok: true, sub: String(claims.sub), sid: String(claims.sid) };
}

module.exports = { signSessionJwt, verifySessionJwt };
