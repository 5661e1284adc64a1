// @ts-check
'use strict';
/**
 * A stand-in for Clerk, WatchCollect's sign-in provider, as far as the node meets it:
 *   - session JWTs with `exp` (TTL configurable, 60 s by default like Clerk), signed with the
 *     simulator's own key; the core verifies them on every /v2 route (expired or badly signed → 401);
 *   - a Frontend API under `/clerk` (so the Frontend API URL is `<simulator url>/clerk`):
 *       GET  /clerk/v1/client                          → { response: client, client: null }
 *       POST /clerk/v1/client/sessions/{sid}/tokens    → { object: 'token', jwt }
 *     with the client token as `Authorization` (+ `?_is_native=true`, like Clerk's native SDKs) or
 *     as a `__client` cookie (like a browser), and the current client token echoed in the
 *     `Authorization` response header of native answers (how a rotated token reaches the device);
 *   - control endpoints /__sim/clerk…: read the state, rotate or revoke client tokens, end the
 *     session, change the TTL.
 * What it assumes where Clerk's behaviour is not published is in ./README.md ("Clerk").
 */
const crypto = require('node:crypto');

const { randomString, isObject } = require('./common');
const { signSessionJwt, verifySessionJwt: verifyJwt } = require('./clerkJwt');

const FAPI_PREFIX = '/clerk';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const USER_ID = 'user_35eh25qkkIVwab803vgofO1uSsl';
const TOKENS_PATH = /^\/v1\/client\/sessions\/([^/]+)\/tokens$/;

/** @typedef {import('./common').Reply} Reply */
/** @typedef {'current' | 'previous' | 'revoked'} ClientTokenState */
/**
 * @typedef {object} ClerkOptions
 * @property {number} [ttlSeconds] lifetime of minted session JWTs, default 60
 * @property {string} [clientToken] the initial client token (default: random)
 */
/**
 * @typedef {object} ClerkState
 * @property {string} clientToken the current client token
 * @property {string} sessionId
 * @property {string} sessionStatus 'active' | 'ended'
 * @property {string} userId
 * @property {number} ttlSeconds
 * @property {number} minted session JWTs minted so far
 * @property {number} fapiRequests Frontend API requests answered so far
 */
/** @typedef {import('./clerkJwt').JwtCheck} JwtCheck */

const newClientToken = () => `sim_client_${randomString(40, ALNUM)}`;

/** @param {ClerkOptions} [options] */
function createClerk(options = {}) {
	const key = crypto.randomBytes(32);
	const initialToken = options.clientToken ?? newClientToken();
	let ttlSeconds = options.ttlSeconds ?? 60;
	/** @type {Map<string, ClientTokenState>} */
	let tokens;
	let current = '';
	let sessionId = '';
	let sessionStatus = 'active';
	const clientId = `client_${randomString(27, ALNUM)}`;
	let minted = 0;
	let fapiRequests = 0;
	/** every client token ever handed out, for redaction */
	const allTokens = new Set([initialToken]);

	function reset() {
		tokens = new Map([[initialToken, 'current']]);
		current = initialToken;
		sessionId = `sess_${randomString(27, ALNUM)}`;
		sessionStatus = 'active';
		minted = 0;
		fapiRequests = 0;
	}
	reset();

	/** @param {string} issuer */
	function mint(issuer) {
		const jwt = signSessionJwt(key, { issuer, ttlSeconds, sessionId, userId: USER_ID });
		minted++;
		return jwt;
	}

	/** @param {string} token @returns {JwtCheck} */
	const verifySessionJwt = (token) => verifyJwt(key, token);

	/** @param {string} code @param {string} message @param {string} longMessage @param {number} status @returns {Reply} */
	const clerkError = (status, code, message, longMessage) => ({
		status,
		body: {
			errors: [{ code, message, long_message: longMessage, meta: {} }],
			clerk_trace_id: randomString(16, ALNUM),
		},
	});

	function clientJson() {
		return {
			object: 'client',
			id: clientId,
			sessions: [
				{
					object: 'session',
					id: sessionId,
					status: sessionStatus,
					user: { id: USER_ID },
					last_active_organization_id: null,
				},
			].filter((s) => s.status === 'active'),
			last_active_session_id: sessionStatus === 'active' ? sessionId : null,
		};
	}

	/**
	 * Answers a Frontend API request (path without the /clerk prefix), or undefined when the
	 * path is not one of Clerk's.
	 * @param {string} method @param {string} path @param {URLSearchParams} query
	 * @param {import('node:http').IncomingHttpHeaders} headers @param {string} simulatorUrl
	 * @returns {Reply}
	 */
	function handleFapi(method, path, query, headers, simulatorUrl) {
		fapiRequests++;
		const native = ['true', '1'].includes(query.get('_is_native') ?? '');
		let presented;
		if (native) {
			presented = typeof headers.authorization === 'string' ? headers.authorization.trim() : '';
		} else {
			const cookie = typeof headers.cookie === 'string' ? headers.cookie : '';
			presented = /(?:^|;\s*)__client=([^;]+)/.exec(cookie)?.[1] ?? '';
		}
		const state = presented ? tokens.get(presented) : undefined;
		/** @param {Reply} reply @returns {Reply} */
		const withToken = (reply) =>
			native && state && state !== 'revoked'
				? { ...reply, headers: { ...(reply.headers ?? {}), authorization: current } }
				: reply;
		const tokensMatch = TOKENS_PATH.exec(path);
		const known = (method === 'GET' && path === '/v1/client') || (method === 'POST' && tokensMatch);
		if (!known) {
			return clerkError(
				404,
				'resource_not_found',
				'not found',
				`No Frontend API route ${method} ${path}.`,
			);
		}
		if (!presented) {
			if (method === 'GET') return { status: 200, body: { response: null, client: null } };
			return clerkError(401, 'signed_out', 'Signed out', 'You are signed out.');
		}
		if (!state) {
			return clerkError(
				401,
				'authentication_invalid',
				'Invalid authentication',
				'The client token is not valid.',
			);
		}
		if (state === 'revoked') {
			return clerkError(401, 'signed_out', 'Signed out', 'This device was signed out.');
		}
		if (method === 'GET')
			return withToken({ status: 200, body: { response: clientJson(), client: null } });
		const sid = decodeURIComponent(/** @type {RegExpExecArray} */ (tokensMatch)[1]);
		if (sid !== sessionId || sessionStatus !== 'active') {
			return withToken(
				clerkError(
					404,
					'resource_not_found',
					'not found',
					`No active session ${sid} on this client.`,
				),
			);
		}
		return withToken({
			status: 200,
			body: { object: 'token', jwt: mint(`${simulatorUrl}${FAPI_PREFIX}`) },
		});
	}

	/** A new current client token; the old one stays valid (as "previous") until revoked. */
	function rotate() {
		const next = newClientToken();
		allTokens.add(next);
		for (const [token, s] of tokens) if (s === 'current') tokens.set(token, 'previous');
		tokens.set(next, 'current');
		current = next;
		return next;
	}

	/** Revokes the previous client tokens, or all of them (the device was signed out). @param {'previous' | 'all'} which */
	function revoke(which) {
		for (const [token, s] of tokens) {
			if (which === 'all' || s === 'previous') tokens.set(token, 'revoked');
		}
	}

	function endSession() {
		sessionStatus = 'ended';
	}

	/** @returns {ClerkState} */
	function state() {
		return {
			clientToken: current,
			sessionId,
			sessionStatus,
			userId: USER_ID,
			ttlSeconds,
			minted,
			fapiRequests,
		};
	}

	/**
	 * The /__sim/clerk control endpoints, or undefined for another path.
	 * @param {string} method @param {string} path @param {string} raw @param {string} simulatorUrl
	 * @returns {Reply | undefined}
	 */
	function control(method, path, raw, simulatorUrl) {
		/** @type {Record<string, any>} */
		let body = {};
		try {
			body = raw ? JSON.parse(raw) : {};
		} catch {
			/* ignored: every control body is optional */
		}
		if (!isObject(body)) body = {};
		switch (`${method} ${path}`) {
			case 'GET /__sim/clerk':
				return {
					status: 200,
					body: { ...state(), frontendApiUrl: `${simulatorUrl}${FAPI_PREFIX}` },
				};
			case 'POST /__sim/clerk/rotate':
				return { status: 200, body: { clientToken: rotate() } };
			case 'POST /__sim/clerk/revoke':
				revoke(body.which === 'previous' ? 'previous' : 'all');
				return { status: 200, body: state() };
			case 'POST /__sim/clerk/end-session':
				endSession();
				return { status: 200, body: state() };
			case 'POST /__sim/clerk/ttl': {
				const seconds = Number(body.seconds);
				if (!(seconds > 0))
					return { status: 400, body: { error: 'body must be {"seconds": N > 0}' } };
				ttlSeconds = seconds;
				return { status: 200, body: state() };
			}
			case 'POST /__sim/clerk/reset':
				reset();
				return { status: 200, body: state() };
			default:
				return undefined;
		}
	}

	return {
		FAPI_PREFIX,
		handleFapi,
		verifySessionJwt,
		control,
		state,
		reset,
		mint,
		rotate,
		revoke,
		endSession,
		/** Every client token handed out so far (recorded requests must never show one). */
		secrets: () => [...allTokens],
		setTtl: (/** @type {number} */ seconds) => {
			ttlSeconds = seconds;
		},
	};
}

module.exports = { createClerk, FAPI_PREFIX, CLERK_USER_ID: USER_ID };
