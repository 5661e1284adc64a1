/**
 * The session endpoints' wire contract (POST /v2/sessions from WatchCollect's OpenAPI document,
 * the neighbouring endpoints from the public guide): the JSON that goes over the wire.
 * What a user sets in the panel is mapped onto these bodies in ./sessionParameters.ts.
 */
import { z } from 'zod';

import { cursorPageSchema } from './page';

export const ROLES = ['receiving', 'sending'] as const;
export const ENGINES = ['WEBJS', 'NOWEB', 'GOWS'] as const;
export const RECEIVING_ENGINES = ['WEBJS', 'GOWS'] as const;
export const SENDING_ENGINE = 'NOWEB';
export const AUTH_METHODS = ['qr', 'otp'] as const;
export const OTP_DELIVERY_METHODS = ['sms', 'voice'] as const;

export type Role = (typeof ROLES)[number];
/** WAHA's session statuses (the contract: "values unspecified"; these are WAHA's own). */
export const SESSION_STATUSES = [
	'STOPPED',
	'STARTING',
	'SCAN_QR_CODE',
	'WORKING',
	'FAILED',
] as const;

/** What a user may type as a phone number: digits plus these separators. */
const PHONE_SEPARATORS = /[+\s\-.()[\]]/g;
/**
 * The trunk prefix written in brackets right after the country code, the common European way:
 * `+31 (0)6 1234 5678`. WhatsApp wants it left out (31612345678), never kept as a digit.
 */
const BRACKETED_TRUNK_ZERO = /^(\s*(?:\+|00)?\s*\d{1,3})\s*[([]\s*0\s*[)\]]/;
export const PHONE_FORM_HINT =
	'Use the country code and number, digits only, e.g. 31612345678 (a leading + and spaces, dashes, dots or brackets are fine; no leading 0 or 00)';

/**
 * Normalises a phone number as typed by a person to digits only, or returns why it cannot be one.
 * WhatsApp wants the country code without + or 00; 7 to 15 digits (E.164 allows 15 at most, and
 * WhatsApp's libraries reject 6 or fewer). A bracketed `(0)` right after the country code is the
 * national trunk prefix and is dropped. Every phone the node reads goes through here.
 */
export function normalisePhoneNumber(
	input: string,
): { ok: true; digits: string } | { ok: false; reason: string } {
	const digits = input.replace(BRACKETED_TRUNK_ZERO, '$1').replace(PHONE_SEPARATORS, '');
	if (digits === '') return { ok: false, reason: 'it is empty' };
	if (!/^\d+$/.test(digits))
		return { ok: false, reason: 'it contains letters or other characters' };
	if (digits.startsWith('0')) {
		return {
			ok: false,
			reason: digits.startsWith('00')
				? 'it starts with the 00 prefix instead of the country code'
				: 'it starts with 0 (a national number) instead of the country code',
		};
	}
	if (digits.length < 7)
		return { ok: false, reason: `it has ${digits.length} digits, at least 7 are needed` };
	if (digits.length > 15)
		return { ok: false, reason: `it has ${digits.length} digits, at most 15 are allowed` };
	return { ok: true, digits };
}

const phoneNumberDigits = z.string().superRefine((value, ctx) => {
	const result = normalisePhoneNumber(value);
	if (!result.ok) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: `'${value}' is not valid: ${result.reason}. ${PHONE_FORM_HINT}`,
		});
	} else if (result.digits !== value) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be digits only' });
	}
});

// ---------------------------------------------------------------------------------------------
// The cross-field rules of a session, each stated once: the wire schemas below and the panel
// mapping (./sessionParameters.ts) both apply these functions.
// ---------------------------------------------------------------------------------------------

/** Sending means NOWEB: the engine a role must use, or undefined when it may choose. */
export function requiredEngine(role: Role): typeof SENDING_ENGINE | undefined {
	return role === 'sending' ? SENDING_ENGINE : undefined;
}

/** Why `engine` is not allowed for `role` (undefined: it is). */
export function engineRule(role: Role, engine: string | undefined): string | undefined {
	const required = requiredEngine(role);
	if (required !== undefined && engine !== required)
		return `sending sessions must use the ${SENDING_ENGINE} engine`;
	if (required === undefined && engine === SENDING_ENGINE)
		return `${SENDING_ENGINE} is for sending sessions; receiving sessions use ${RECEIVING_ENGINES.join(' or ')}`;
	return undefined;
}

/** OTP needs a phone: why the phone is missing for `authMethod` (undefined: it is not needed or there). */
export function phoneRule(authMethod: string | undefined, phone: string | undefined) {
	return authMethod === 'otp' && phone === undefined
		? `is required for OTP authentication. ${PHONE_FORM_HINT}`
		: undefined;
}

/**
 * The code delivery a role supports: a receiving session web pairing (`web`: no otp_method, or
 * ""), SMS or voice; a sending session (NOWEB) web pairing only. Why `method` is refused, or
 * undefined when it is allowed.
 */
export function otpMethodRule(role: Role, method: string): string | undefined {
	const allowedMethods: readonly string[] =
		requiredEngine(role) === SENDING_ENGINE ? ['web'] : ['web', ...OTP_DELIVERY_METHODS];
	const value = method === '' ? 'web' : method;
	if (allowedMethods.includes(value)) return undefined;
	return `'${value}' is not allowed for a ${role} session; allowed: ${allowedMethods.map((m) => `'${m}'`).join(', ')}${role === 'sending' ? ` (the ${SENDING_ENGINE} engine only supports web pairing)` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// POST /v2/sessions — the wire contract
// ---------------------------------------------------------------------------------------------

export const createSessionRequestSchema = z
	.object({
		role: z.enum(ROLES),
		engine: z.enum(ENGINES).optional(),
		auth_method: z.enum(AUTH_METHODS).optional(),
		waha_session_name: z.string().min(1).optional(),
		phone_number: phoneNumberDigits.optional(),
		otp_method: z.union([z.literal(''), z.enum(OTP_DELIVERY_METHODS)]).optional(),
		label: z.string().optional(),
	})
	.strict()
	.superRefine((body, ctx) => {
		const issue = (path: string, message: string | undefined) => {
			if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
		};
		issue('engine', engineRule(body.role, body.engine));
		if (body.waha_session_name === undefined && body.auth_method === undefined) {
			issue('auth_method', 'is required when creating a new session (qr or otp)');
		}
		issue('phone_number', phoneRule(body.auth_method, body.phone_number));
		if (body.auth_method !== 'otp' && body.phone_number !== undefined) {
			issue('phone_number', 'is only sent with OTP authentication');
		}
		if (body.auth_method !== 'otp' && body.otp_method !== undefined) {
			issue('otp_method', 'is only sent with OTP authentication');
		} else if (body.otp_method !== undefined) {
			issue('otp_method', otpMethodRule(body.role, body.otp_method));
		}
	});

export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;

/** POST /v2/sessions/{id}/auth/request-code: the wire body. */
export const requestCodeRequestSchema = z
	.object({
		phone_number: phoneNumberDigits,
		otp_method: z.union([z.literal(''), z.enum(OTP_DELIVERY_METHODS)]).optional(),
	})
	.strict();

export type RequestCodeRequest = z.infer<typeof requestCodeRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Answers. `…Contract`: the shape the contract documents, only compared (helpers/answer.ts turns
// each difference into a warning); the node itself requires what it says next to each.
// ---------------------------------------------------------------------------------------------

/** A field the contract marks optional: null and absence both mean "none". */
const optional = <S extends z.ZodTypeAny>(schema: S) => schema.nullish();
const text = z.string();

/**
 * POST /v2/sessions (OpenAPI CreateSessionResponse). The node requires nothing of it: it branches
 * on `status` (only `rejected` is a refusal; any other value counts as done) and draws `qr` when
 * there is one (see ./qr.ts).
 */
export const createSessionContract = z
	.object({
		status: z.enum(['accepted', 'rejected']),
		session_id: z.string().uuid(),
		waha_session_name: text,
		role: z.enum(ROLES),
		engine: z.enum(ENGINES),
		session_status: text,
		created: z.boolean(),
		started: z.boolean(),
		auth_method: z.enum(AUTH_METHODS),
		webhook_configured: z.boolean(),
		sync_requested: z.boolean(),
		request_id: text,
		event_ids: optional(z.array(z.string().uuid())),
		label: optional(text),
		qr: optional(z.object({ value: optional(text), request_id: optional(text) }).strict()),
		otp: optional(
			z
				.object({
					phone_number: optional(text),
					method: optional(text),
					code: optional(text),
					request_id: optional(text),
				})
				.strict(),
		),
		sync_request_event_ids: optional(z.array(z.string().uuid())),
	})
	.strict();

/** POST …/auth/request-code (public guide): `phone_number` required, the rest optional. */
export const requestCodeContract = z
	.object({
		phone_number: text,
		method: optional(text),
		code: optional(text),
		request_id: optional(text),
	})
	.strict();

/** POST …/start and …/sync: the guide gives no answer shape; any JSON object (or none) is fine. */
export const sessionActionContract = z.record(z.unknown());

/**
 * One session in GET /v2/sessions (shape undocumented). The node needs an id to pick, check or
 * watch a session: `session_id`, or `id` when that is absent (see transport/sessions.ts); it
 * shows `label`, `role`, `waha_session_name` and `session_status` when they are texts.
 */
export const sessionSummarySchema = z.record(z.unknown());

export interface SessionSummary {
	[key: string]: unknown;
	/** The API's `session_id`, or its `id` when it sent none; absent when it sent neither. */
	session_id?: string;
}

/** One page of GET /v2/sessions as the node reads it (any envelope of ./page.ts). */
export const sessionListResponseSchema = cursorPageSchema(sessionSummarySchema);
