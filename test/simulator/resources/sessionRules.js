// @ts-check
'use strict';
/**
 * What the session endpoints accept: CreateSessionRequest's rules (the OpenAPI contract and its
 * README, checked in this order, each violation → 422 naming the field), phone numbers and OTP
 * delivery methods (also for …/auth/request-code).
 */

/** @typedef {import('../common').Rule} Rule */

const ROLES = ['receiving', 'sending'];
const ENGINES = ['WEBJS', 'NOWEB', 'GOWS'];
const AUTH_METHODS = ['qr', 'otp'];
const OTP_METHODS = ['', 'sms', 'voice'];
const CREATE_FIELDS = [
	'role',
	'engine',
	'auth_method',
	'waha_session_name',
	'phone_number',
	'otp_method',
	'label',
];
/** @param {unknown} phone @returns {string | null} */
function phoneProblem(phone) {
	if (phone === undefined || phone === null || phone === '') {
		return 'phone_number is required for a pairing code (auth_method "otp").';
	}
	if (typeof phone !== 'string') return 'phone_number must be a string.';
	if (!/^[0-9]+$/.test(phone)) return 'phone_number must be digits only (no "+", no spaces).';
	if (phone.startsWith('0')) return 'phone_number must start with the country code, not 0.';
	if (phone.length < 7 || phone.length > 15) return 'phone_number must have 7 to 15 digits.';
	return null;
}

/** @param {unknown} otp @param {unknown} engine @returns {string | null} */
function otpMethodProblem(otp, engine) {
	if (typeof otp !== 'string' || !OTP_METHODS.includes(otp)) {
		return 'otp_method must be omitted, "" (web pairing), "sms" or "voice".';
	}
	if (otp !== '' && engine === 'NOWEB') return 'otp_method must be empty for the NOWEB engine.';
	return null;
}

/** @param {unknown} value */
const isNonEmptyString = (value) => typeof value === 'string' && value.trim() !== '';

/** @type {Rule[]} every rule of CreateSessionRequest (contract README), checked in this order */
const CREATE_RULES = [
	['role', (b) => b.role === undefined && 'role is required: "receiving" or "sending".'],
	['role', (b) => !ROLES.includes(b.role) && 'role must be "receiving" or "sending".'],
	[
		'engine',
		(b) =>
			b.engine !== undefined &&
			!ENGINES.includes(b.engine) &&
			'engine must be WEBJS, NOWEB or GOWS.',
	],
	[
		'engine',
		(b) =>
			b.role === 'sending' &&
			b.engine !== 'NOWEB' &&
			'engine must be "NOWEB" for a sending session.',
	],
	[
		'engine',
		(b) =>
			b.role === 'receiving' &&
			b.engine === 'NOWEB' &&
			'engine NOWEB is only for sending sessions.',
	],
	[
		'waha_session_name',
		(b) =>
			b.waha_session_name !== undefined &&
			!isNonEmptyString(b.waha_session_name) &&
			'waha_session_name must be a non-empty string.',
	],
	[
		'auth_method',
		(b) =>
			b.auth_method !== undefined &&
			!AUTH_METHODS.includes(b.auth_method) &&
			'auth_method must be "qr" or "otp".',
	],
	[
		'auth_method',
		(b) =>
			b.auth_method === undefined &&
			b.waha_session_name === undefined &&
			'auth_method is required to create a new session (without waha_session_name).',
	],
	[
		'phone_number',
		(b) =>
			b.phone_number !== undefined &&
			b.auth_method !== 'otp' &&
			'phone_number is only allowed with auth_method "otp".',
	],
	['phone_number', (b) => b.auth_method === 'otp' && phoneProblem(b.phone_number)],
	[
		'otp_method',
		(b) =>
			b.otp_method !== undefined &&
			b.auth_method !== 'otp' &&
			'otp_method is only allowed with auth_method "otp".',
	],
	['otp_method', (b) => b.otp_method !== undefined && otpMethodProblem(b.otp_method, b.engine)],
	[
		'label',
		(b) => b.label !== undefined && typeof b.label !== 'string' && 'label must be a string.',
	],
];

module.exports = { ROLES, CREATE_FIELDS, CREATE_RULES, phoneProblem, otpMethodProblem };
