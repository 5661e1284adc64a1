// @ts-check
'use strict';
/**
 * Recording: every request except the /__sim control ones is kept in `requests` (oldest first)
 * with its secrets redacted — no token, client token or JWT ever appears in a record.
 */
const { isObject } = require('./common');
const { queryObject } = require('./http');

/** @typedef {'valid' | 'other-tenant' | 'invalid' | 'missing' | 'clerk'} AuthOutcome 'clerk': a Frontend API request */
/** @typedef {'expired' | 'bad-signature' | 'malformed' | 'not-yet-valid'} AuthReason why a session JWT was refused */
/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | string[]>} query
 * @property {Record<string, string | string[] | undefined>} headers lower-cased; authorization is "Bearer <redacted>"
 * @property {AuthOutcome} authOk
 * @property {AuthReason} [authReason] why a session JWT was refused
 * @property {any} body parsed JSON, the raw string when it is not JSON, or null when empty
 * @property {string} [fault] the fault applied to this request
 * @property {number} status HTTP status sent; 0 while pending and for a dropped connection
 * @property {string} requestId the request_id (and x-request-id) of the answer
 * @property {boolean} [rateLimited] answered 429 by the rate limit (setRateLimit), not by a fault
 */

/**
 * Replaces every secret in the strings of a value by "<redacted>" (recorded requests never hold
 * a token, even one copied into a label or a query parameter).
 * @param {any} value @param {string[]} secrets @returns {any}
 */
function redact(value, secrets) {
	if (typeof value === 'string') {
		return secrets.reduce((v, s) => v.split(s).join('<redacted>'), value);
	}
	if (Array.isArray(value)) return value.map((v) => redact(v, secrets));
	if (!isObject(value)) return value;
	return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, secrets)]));
}

/**
 * @param {{ onRequest?: (record: RecordedRequest) => void }} options
 */
function createRecorder(options) {
	/** @type {RecordedRequest[]} */
	const requests = [];
	return {
		requests,
		/**
		 * Records a request (status 0: pending) and returns its record.
		 * @param {{ method: string, url: URL, headers: import('node:http').IncomingHttpHeaders,
		 *   authOk: AuthOutcome, authReason?: AuthReason, body: any, fapi: boolean,
		 *   secrets: string[], requestId: string }} request
		 * @returns {RecordedRequest}
		 */
		record(request) {
			const headers = { ...request.headers };
			if (headers.authorization !== undefined) {
				headers.authorization = request.fapi ? '<redacted>' : 'Bearer <redacted>';
			}
			if (headers.cookie !== undefined) headers.cookie = '<redacted>';
			/** @type {RecordedRequest} */
			const record = redact(
				{
					method: request.method,
					path: request.url.pathname,
					query: queryObject(request.url.searchParams),
					headers,
					authOk: request.authOk,
					body: request.body,
				},
				request.secrets,
			);
			if (request.authReason) record.authReason = request.authReason;
			record.status = 0;
			record.requestId = request.requestId;
			requests.push(record);
			return record;
		},
		/** Tells onRequest that a record is complete (answered, dropped or lost). @param {RecordedRequest} record */
		done(record) {
			options.onRequest?.(record);
		},
		clear() {
			requests.length = 0;
		},
	};
}

module.exports = { createRecorder, redact };
