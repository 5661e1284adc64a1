// @ts-check
'use strict';
/**
 * Authentication of /v2 requests: `Authorization: Bearer <token>` with a static token (valid, or
 * of another tenant → 403) or a session JWT minted by the Clerk stand-in (./clerk.js), valid
 * until its `exp`. Requests to the Clerk Frontend API (`/clerk/…`) are authenticated by clerk.js.
 */
const { errorReply } = require('./common');
const { FAPI_PREFIX } = require('./clerk');

/** @typedef {import('./recording').AuthOutcome} AuthOutcome */
/** @typedef {import('./recording').AuthReason} AuthReason */
/** @typedef {import('./common').Reply} Reply */

const DEFAULT_TOKENS = { valid: ['sim-valid-token'], otherTenant: ['sim-other-tenant-token'] };

/**
 * @param {{ tokens?: { valid?: string[], otherTenant?: string[] },
 *   clerk: ReturnType<typeof import('./clerk').createClerk> }} options
 */
function createAuth(options) {
	const validTokens = options.tokens?.valid ?? DEFAULT_TOKENS.valid;
	const otherTenantTokens = options.tokens?.otherTenant ?? DEFAULT_TOKENS.otherTenant;
	const knownTokens = [...validTokens, ...otherTenantTokens].filter((t) => t.length > 0);
	const { clerk } = options;

	return {
		/**
		 * Who is asking: the outcome, why a JWT was refused, and the presented token.
		 * @param {string} pathname @param {string | undefined} authHeader
		 * @returns {{ authOk: AuthOutcome, authReason?: AuthReason, token?: string, fapi: boolean }}
		 */
		identify(pathname, authHeader) {
			const bearer = /^Bearer +(\S+) *$/i.exec(authHeader ?? '');
			const token = bearer ? bearer[1] : undefined;
			const fapi = pathname.startsWith(`${FAPI_PREFIX}/`);
			if (fapi) return { authOk: 'clerk', token, fapi };
			if (!authHeader) return { authOk: 'missing', token, fapi };
			if (token && validTokens.includes(token)) return { authOk: 'valid', token, fapi };
			if (token && otherTenantTokens.includes(token)) {
				return { authOk: 'other-tenant', token, fapi };
			}
			if (token && token.split('.').length === 3) {
				// A session JWT, as Clerk mints them (./clerk.js): valid until its exp, if signed by us.
				const check = clerk.verifySessionJwt(token);
				if (check.ok) return { authOk: 'valid', token, fapi };
				return { authOk: 'invalid', authReason: check.reason, token, fapi };
			}
			return { authOk: 'invalid', token, fapi };
		},
		/**
		 * The 401/403 for a /v2 request that did not pass auth, or undefined.
		 * @param {AuthOutcome} authOk @param {AuthReason} [authReason] @returns {Reply | undefined}
		 */
		refusal(authOk, authReason) {
			if (authOk === 'missing' || authOk === 'invalid') {
				const message =
					authReason === 'expired'
						? 'The session token (authorization) has expired.'
						: authReason
							? 'The session token (authorization) is not one WatchCollect issued.'
							: 'The authorization header must be "Bearer <token>" with a valid token.';
				return errorReply(401, 'UNAUTHORIZED', message, 'authorization');
			}
			if (authOk === 'other-tenant') {
				const message = 'The token (authorization) belongs to another tenant.';
				return errorReply(403, 'FORBIDDEN', message, 'authorization');
			}
			return undefined;
		},
		/** Every secret a record must not hold. @param {string} [presented] the token of this request */
		secrets(presented) {
			return [...knownTokens, ...clerk.secrets(), ...(presented ? [presented] : [])];
		},
	};
}

module.exports = { createAuth, DEFAULT_TOKENS };
