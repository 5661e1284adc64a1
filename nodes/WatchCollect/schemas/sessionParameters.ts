/**
 * What a user sets in the panel (or an expression computes) for the Session operations, mapped
 * onto the wire bodies of ./session.ts and piped through them, so no body the contract forbids
 * can ever leave the node. Every message names the panel field and its parameter name.
 */
import { z } from 'zod';

import { allowed, describeZodError, optionalText, UUID_REGEX } from './common';
import {
	AUTH_METHODS,
	OTP_DELIVERY_METHODS,
	PHONE_FORM_HINT,
	RECEIVING_ENGINES,
	ROLES,
	SENDING_ENGINE,
	createSessionRequestSchema,
	normalisePhoneNumber,
	requestCodeRequestSchema,
	type CreateSessionRequest,
	type RequestCodeRequest,
	type Role,
} from './session';

/** Parameter names (public API: workflows store them) and how the panel labels them. */
export const PARAMETER_LABELS = {
	sessionId: 'Session',
	returnAll: 'Return All',
	limit: 'Limit',
	role: 'Role',
	sessionMode: 'Session Mode',
	wahaSessionName: 'WAHA Session Name',
	engine: 'Engine',
	authMethod: 'Authentication Method',
	phoneNumber: 'Phone Number',
	otpMethod: 'OTP Method',
	label: 'Label',
} as const;

/** Which parameter a body field comes from, so a contract error names what the user can change. */
const BODY_FIELD_TO_PARAMETER: Record<string, keyof typeof PARAMETER_LABELS> = {
	role: 'role',
	engine: 'engine',
	auth_method: 'authMethod',
	waha_session_name: 'wahaSessionName',
	phone_number: 'phoneNumber',
	otp_method: 'otpMethod',
	label: 'label',
};

export const SESSION_MODES = ['new', 'link'] as const;
/** `keep`: link mode leaves the engine of the existing session as it is (no engine in the body). */
export const LINK_ENGINE_KEEP = 'keep';
/** `auto`: link mode lets the server decide (no auth_method in the body). */
export const LINK_AUTH_AUTO = 'auto';
export const OTP_METHODS = ['web', ...OTP_DELIVERY_METHODS] as const;

type ParameterIssue = (path: keyof typeof PARAMETER_LABELS, message: string) => void;

/** The pairing-code rules Create Session (with OTP) and Request Pairing Code share. */
function checkOtpParameters(
	p: { role: Role; phoneNumber?: string; otpMethod?: string },
	issue: ParameterIssue,
): void {
	if (!p.phoneNumber) {
		issue('phoneNumber', `is required for OTP authentication. ${PHONE_FORM_HINT}`);
	} else {
		const phone = normalisePhoneNumber(p.phoneNumber);
		if (!phone.ok) {
			issue('phoneNumber', `'${p.phoneNumber}' is not valid: ${phone.reason}. ${PHONE_FORM_HINT}`);
		}
	}
	const otpMethods: readonly string[] = p.role === 'sending' ? ['web'] : OTP_METHODS;
	const otpMethod = p.otpMethod ?? 'web';
	if (!otpMethods.includes(otpMethod)) {
		issue(
			'otpMethod',
			`'${otpMethod}' is not allowed for a ${p.role} session; allowed: ${allowed(otpMethods)}${p.role === 'sending' ? ` (the ${SENDING_ENGINE} engine only supports web pairing)` : ''}`,
		);
	}
}

/** The body fields of a pairing-code request, from checked parameters. */
function otpBody(p: { phoneNumber?: string; otpMethod?: string }): {
	phone_number?: string;
	otp_method?: 'sms' | 'voice';
} {
	const body: { phone_number?: string; otp_method?: 'sms' | 'voice' } = {};
	const phone = normalisePhoneNumber(p.phoneNumber ?? '');
	if (phone.ok) body.phone_number = phone.digits;
	if (p.otpMethod === 'sms' || p.otpMethod === 'voice') body.otp_method = p.otpMethod;
	return body;
}

const roleSchema = z.enum(ROLES, {
	errorMap: () => ({ message: `must be one of ${allowed(ROLES)}` }),
});

export const createSessionParametersSchema = z
	.object({
		role: roleSchema,
		sessionMode: z.enum(SESSION_MODES, {
			errorMap: () => ({ message: `must be one of ${allowed(SESSION_MODES)}` }),
		}),
		wahaSessionName: optionalText,
		engine: z.string().optional(),
		authMethod: z.string().optional(),
		phoneNumber: optionalText,
		otpMethod: z.string().optional(),
		label: optionalText,
	})
	.superRefine((p, ctx) => {
		const issue: ParameterIssue = (path, message) =>
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
		const link = p.sessionMode === 'link';

		if (link && !p.wahaSessionName) {
			issue('wahaSessionName', 'is required to link an existing WAHA session');
		}

		if (p.role === 'receiving') {
			const engines: readonly string[] = link
				? [LINK_ENGINE_KEEP, ...RECEIVING_ENGINES]
				: RECEIVING_ENGINES;
			if (p.engine !== undefined && !engines.includes(p.engine)) {
				issue(
					'engine',
					`'${p.engine}' is not allowed for a ${link ? 'linked' : 'new'} receiving session; allowed: ${allowed(engines)}`,
				);
			}
		} else if (p.engine !== undefined && p.engine !== SENDING_ENGINE) {
			issue(
				'engine',
				`'${p.engine}' is not allowed: sending sessions always use ${SENDING_ENGINE}`,
			);
		}

		const authMethods: readonly string[] = link ? [LINK_AUTH_AUTO, ...AUTH_METHODS] : AUTH_METHODS;
		if (p.authMethod === undefined || !authMethods.includes(p.authMethod)) {
			issue(
				'authMethod',
				`${p.authMethod === undefined ? 'is required' : `'${p.authMethod}' is not allowed`} for a ${link ? 'linked' : 'new'} session; allowed: ${allowed(authMethods)}`,
			);
		}

		if (p.authMethod === 'otp') checkOtpParameters(p, issue);
	})
	.transform((p): CreateSessionRequest => {
		const body: CreateSessionRequest = { role: p.role };
		if (p.role === 'sending') body.engine = SENDING_ENGINE;
		else if (p.engine && p.engine !== LINK_ENGINE_KEEP)
			body.engine = p.engine as CreateSessionRequest['engine'];
		else if (p.sessionMode === 'new') body.engine = 'WEBJS';
		if (p.authMethod === 'qr' || p.authMethod === 'otp') body.auth_method = p.authMethod;
		if (p.sessionMode === 'link') body.waha_session_name = p.wahaSessionName;
		if (p.authMethod === 'otp') Object.assign(body, otpBody(p));
		if (p.label) body.label = p.label;
		return body;
	})
	.pipe(createSessionRequestSchema);

export type CreateSessionParameters = z.input<typeof createSessionParametersSchema>;

/** One readable sentence per problem, naming the Session panel field and its parameter name. */
export function describeSessionError(error: z.ZodError): string {
	return describeZodError(error, PARAMETER_LABELS, BODY_FIELD_TO_PARAMETER);
}

/** The body a Create Session request sends for these parameters, or why there is none. */
export function buildCreateSessionBody(
	parameters: CreateSessionParameters,
): { ok: true; body: CreateSessionRequest } | { ok: false; message: string } {
	const parsed = createSessionParametersSchema.safeParse(parameters);
	return parsed.success
		? { ok: true, body: parsed.data }
		: { ok: false, message: describeSessionError(parsed.error) };
}

// ---------------------------------------------------------------------------------------------
// The other Session operations
// ---------------------------------------------------------------------------------------------

const SESSION_ID_REQUIRED = 'is required: choose a session from the list or enter its ID';

/** The session of an operation, as the parameter `sessionId`: required, then a UUID. */
export const sessionIdParameterSchema = z.object({
	sessionId: z
		.string({ errorMap: () => ({ message: SESSION_ID_REQUIRED }) })
		.trim()
		.min(1, SESSION_ID_REQUIRED)
		.pipe(
			z
				.string()
				.regex(
					new RegExp(UUID_REGEX),
					'must be a session ID (a UUID such as 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f)',
				),
		),
});

export const requestCodeParametersSchema = z
	.object({ role: roleSchema, phoneNumber: optionalText, otpMethod: z.string().optional() })
	.superRefine((p, ctx) =>
		checkOtpParameters(p, (path, message) =>
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message }),
		),
	)
	.transform((p) => otpBody(p))
	.pipe(requestCodeRequestSchema);

export type RequestCodeParameters = z.input<typeof requestCodeParametersSchema>;

/** The body a Request Pairing Code request sends for these parameters, or why there is none. */
export function buildRequestCodeBody(
	parameters: RequestCodeParameters,
): { ok: true; body: RequestCodeRequest } | { ok: false; message: string } {
	const parsed = requestCodeParametersSchema.safeParse(parameters);
	return parsed.success
		? { ok: true, body: parsed.data }
		: { ok: false, message: describeSessionError(parsed.error) };
}

/** Get Many: which roles to list and how many sessions to return. */
export const getManyParametersSchema = z.object({
	role: z.enum(['all', ...ROLES], {
		errorMap: () => ({ message: `must be one of ${allowed(['all', ...ROLES])}` }),
	}),
	returnAll: z.boolean({ errorMap: () => ({ message: 'must be true or false' }) }),
	limit: z
		.number({ errorMap: () => ({ message: 'must be a whole number of at least 1' }) })
		.int('must be a whole number of at least 1')
		.min(1, 'must be a whole number of at least 1'),
});
