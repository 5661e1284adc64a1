/**
 * The session endpoints' wire contract (POST /v2/sessions from WatchCollect's OpenAPI document,
 * the neighbouring endpoints from the public guide): the JSON that goes over the wire.
 * What a user sets in the panel is mapped onto these bodies in ./sessionParameters.ts.
 */
import { z } from 'zod';

import { uuid } from './common';

export const ROLES = ['receiving', 'sending'] as const;
export const ENGINES = ['WEBJS', 'NOWEB', 'GOWS'] as const;
export const RECEIVING_ENGINES = ['WEBJS', 'GOWS'] as const;
export const SENDING_ENGINE = 'NOWEB';
export const AUTH_METHODS = ['qr', 'otp'] as const;
export const OTP_DELIVERY_METHODS = ['sms', 'voice'] as const;

export type Role = (typeof ROLES)[number];

/** What a user may type as a phone number: digits plus these separators. */
const PHONE_SEPARATORS = /[+\s\-.()[\]]/g;
export const PHONE_FORM_HINT =
	'Use the country code and number, digits only, e.g. 31612345678 (a leading + and spaces, dashes, dots or brackets are fine; no leading 0 or 00)';

/**
 * Normalises a phone number as typed by a person to digits only, or returns why it cannot be one.
 * WhatsApp wants the country code without + or 00; 7 to 15 digits (E.164 allows 15 at most, and
 * WhatsApp's libraries reject 6 or fewer).
 */
export function normalisePhoneNumber(
	input: string,
): { ok: true; digits: string } | { ok: false; reason: string } {
	const digits = input.replace(PHONE_SEPARATORS, '');
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
		const issue = (path: string, message: string) =>
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
		if (body.role === 'sending' && body.engine !== SENDING_ENGINE) {
			issue('engine', `sending sessions must use the ${SENDING_ENGINE} engine`);
		}
		if (body.role === 'receiving' && body.engine === SENDING_ENGINE) {
			issue(
				'engine',
				`${SENDING_ENGINE} is for sending sessions; receiving sessions use ${RECEIVING_ENGINES.join(' or ')}`,
			);
		}
		if (body.waha_session_name === undefined && body.auth_method === undefined) {
			issue('auth_method', 'is required when creating a new session (qr or otp)');
		}
		if (body.auth_method === 'otp' && body.phone_number === undefined) {
			issue('phone_number', 'is required for OTP (pairing code) authentication');
		}
		if (body.auth_method !== 'otp' && body.phone_number !== undefined) {
			issue('phone_number', 'is only sent with OTP authentication');
		}
		if (body.auth_method !== 'otp' && body.otp_method !== undefined) {
			issue('otp_method', 'is only sent with OTP authentication');
		}
		if (body.engine === SENDING_ENGINE && body.otp_method !== undefined && body.otp_method !== '') {
			issue(
				'otp_method',
				`the ${SENDING_ENGINE} engine only supports web pairing (a code typed into WhatsApp), not ${body.otp_method}`,
			);
		}
	});

export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;

export const createSessionResponseSchema = z
	.object({
		status: z.enum(['accepted', 'rejected']),
		session_id: uuid,
		waha_session_name: z.string(),
		role: z.enum(ROLES),
		engine: z.enum(ENGINES),
		session_status: z.string(),
		created: z.boolean(),
		started: z.boolean(),
		auth_method: z.enum(AUTH_METHODS),
		webhook_configured: z.boolean(),
		sync_requested: z.boolean(),
		request_id: z.string(),
		event_ids: z.array(uuid).optional(),
		label: z.string().optional(),
		qr: z
			.object({ value: z.string().optional(), request_id: z.string().optional() })
			.passthrough()
			.optional(),
		otp: z
			.object({
				phone_number: z.string().optional(),
				method: z.string().optional(),
				code: z.string().optional(),
				request_id: z.string().optional(),
			})
			.passthrough()
			.optional(),
		sync_request_event_ids: z.array(uuid).optional(),
	})
	.passthrough();

export type CreateSessionResponse = z.infer<typeof createSessionResponseSchema>;

// ---------------------------------------------------------------------------------------------
// The session endpoints of the public guide (request shapes given there, responses mostly not)
// ---------------------------------------------------------------------------------------------

/** POST /v2/sessions/{id}/auth/request-code: the wire body. */
export const requestCodeRequestSchema = z
	.object({
		phone_number: phoneNumberDigits,
		otp_method: z.union([z.literal(''), z.enum(OTP_DELIVERY_METHODS)]).optional(),
	})
	.strict();

export type RequestCodeRequest = z.infer<typeof requestCodeRequestSchema>;

/** Response of request-code: `phone_number` required, the rest optional (public guide). */
export const requestCodeResponseSchema = z
	.object({
		phone_number: z.string(),
		method: z.string().optional(),
		code: z.string().optional(),
		request_id: z.string().optional(),
	})
	.passthrough();

/** GET …/auth/qr: the guide says only "a fresh QR value"; read where Create puts it (qr.value). */
export const qrResponseSchema = z
	.object({ qr: z.object({ value: z.string().min(1) }).passthrough() })
	.passthrough();

/** One session in GET /v2/sessions: only what the node itself needs is required. */
export const sessionSummarySchema = z
	.object({
		session_id: z.string(),
		waha_session_name: z.string().optional(),
		role: z.string().optional(),
		label: z.string().optional(),
	})
	.passthrough();

export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/**
 * GET /v2/sessions: the shape is not documented. Accepted: a bare array of sessions, or an object
 * holding the array under `sessions`, `data`, `items` or `results`.
 */
export const sessionListResponseSchema = z
	.union([
		z.array(sessionSummarySchema),
		z.object({ sessions: z.array(sessionSummarySchema) }).passthrough(),
		z.object({ data: z.array(sessionSummarySchema) }).passthrough(),
		z.object({ items: z.array(sessionSummarySchema) }).passthrough(),
		z.object({ results: z.array(sessionSummarySchema) }).passthrough(),
	])
	.transform((body): SessionSummary[] => {
		if (Array.isArray(body)) return body;
		const b = body as Record<string, unknown>;
		return (b.sessions ?? b.data ?? b.items ?? b.results) as SessionSummary[];
	});
