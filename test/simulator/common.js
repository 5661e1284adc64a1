// @ts-check
'use strict';
/** Helpers the simulator's core and its resource modules share: error replies, validation, random values. */
const crypto = require('node:crypto');

/** @typedef {{ status: number, body: any, headers?: Record<string, string> }} Reply */
/**
 * What the core asks of a resource module (./resources, ./paging.js): its /v2 routes, its reset,
 * and optionally its /__sim control endpoints. Each answers undefined for a path it does not know.
 * @typedef {object} Resource
 * @property {(method: string, url: URL, body: any, requestId: string, dryRun: boolean) => Reply | undefined} route
 *   dryRun: answer as usual but store nothing (the `rejected` fault)
 * @property {() => void} reset
 * @property {(method: string, path: string, body: any) => Reply | undefined} [control]
 */
/**
 * A validation rule: the field it is about and a check returning the message of its violation
 * (a sentence naming the field), or a falsy value when the body keeps the rule.
 * @typedef {[string, (body: Record<string, any>) => string | false | null | undefined]} Rule
 */

/** @param {number} length @param {string} alphabet */
function randomString(length, alphabet) {
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)];
	return out;
}
const newRequestId = () => `req_${crypto.randomBytes(12).toString('hex')}`;

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The one error body shape (README.md); send() adds the request_id.
 * @param {number} status @param {string} code @param {string} message @param {string} [field]
 * @returns {Reply}
 */
function errorReply(status, code, message, field) {
	return { status, body: { error: { code, message, status, ...(field ? { field } : {}) } } };
}
/** @param {string} field @param {string} message */
const invalid = (field, message) => errorReply(422, 'VALIDATION_ERROR', message, field);
/** @param {string} method @param {string} path */
const routeNotFound = (method, path) =>
	errorReply(404, 'ROUTE_NOT_FOUND', `No route for ${method} ${path}.`);

/**
 * Checks a JSON body: an object, no unknown field, then the rules in order.
 * @param {unknown} body @param {string[]} allowed @param {Rule[]} rules
 * @returns {Reply | null} the 422 reply for the first violation
 */
function validate(body, allowed, rules) {
	if (!isObject(body)) return invalid('body', 'The request body must be a JSON object.');
	const unknown = Object.keys(body).find((key) => !allowed.includes(key));
	if (unknown !== undefined) return invalid(unknown, `Unknown field ${unknown} is not allowed.`);
	for (const [field, check] of rules) {
		const message = check(body);
		if (message) return invalid(field, message);
	}
	return null;
}

/**
 * Loose answers: a field of another type than the contract shows, as real JSON frameworks send
 * it (answers.js, resources/marketLoose.js; README "Loose answers" › Other types). Each converter
 * changes only a value of the documented type and leaves anything else (null, absent) alone.
 */
const otherType = {
	/** 3 → "3", true → "true" (a number or flag serialised as a text) */
	text: (/** @type {any} */ v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
	/** true → 1, false → 0 (a database flag) */
	flag: (/** @type {any} */ v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v),
	/** ["a", "b"] → "a, b" (a list sent as one text) */
	joined: (/** @type {any} */ v) => (Array.isArray(v) ? v.join(', ') : v),
	/** epoch ms → "2026-12-01T10:00:00.000Z" (a time as an ISO text) */
	isoTime: (/** @type {any} */ v) =>
		typeof v === 'number' && Number.isFinite(v) ? new Date(v).toISOString() : v,
	/** 31612345678 from "31612345678" (a digit text sent as a number) */
	number: (/** @type {any} */ v) => (typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v),
};

/**
 * A copy of `obj` with each named field (when present and not null) passed through its converter.
 * @param {any} obj @param {Record<string, (v: any) => any>} rules
 * @returns {any}
 */
function retyped(obj, rules) {
	if (!isObject(obj)) return obj;
	/** @type {Record<string, any>} */
	const out = { ...obj };
	for (const [field, convert] of Object.entries(rules))
		if (out[field] !== undefined && out[field] !== null) out[field] = convert(out[field]);
	return out;
}

module.exports = {
	otherType,
	retyped,
	randomString,
	newRequestId,
	isObject,
	errorReply,
	invalid,
	routeNotFound,
	validate,
};
