/**
 * The single source of the WatchCollect request and response rules.
 *
 * Two layers:
 *  - `createSessionRequestSchema` / `createSessionResponseSchema` encode the API contract
 *    (shared/contract) for the JSON that goes over the wire;
 *  - `createSessionParametersSchema` maps what a user set in the n8n panel (or sent through an
 *    expression) onto that body, and pipes the result through the request schema, so no body the
 *    contract forbids can ever leave the node.
 */
import { z } from 'zod';

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

const uuid = z.string().uuid();

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
// The node's Create Session parameters → request body
// ---------------------------------------------------------------------------------------------

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

const allowed = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

const optionalText = z
	.union([z.string(), z.number()])
	.optional()
	.transform((v) => (v === undefined ? undefined : String(v).trim()));

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

/** One readable sentence per problem, naming the panel field and its parameter name. */
export function describeZodError(
	error: z.ZodError,
	labels: Record<string, string> = PARAMETER_LABELS,
): string {
	return error.issues
		.map((i) => {
			const key = String(i.path[0] ?? '');
			const parameter = BODY_FIELD_TO_PARAMETER[key] ?? key;
			const label = labels[parameter];
			const where = label ? `${label} (${parameter})` : i.path.join('.') || 'Value';
			return `${where}: ${i.message}`;
		})
		.join('; ');
}

/** The body a Create Session request sends for these parameters, or why there is none. */
export function buildCreateSessionBody(
	parameters: CreateSessionParameters,
): { ok: true; body: CreateSessionRequest } | { ok: false; message: string } {
	const parsed = createSessionParametersSchema.safeParse(parameters);
	return parsed.success
		? { ok: true, body: parsed.data }
		: { ok: false, message: describeZodError(parsed.error) };
}

// ---------------------------------------------------------------------------------------------
// The session endpoints of the public guide (request shapes given there, responses mostly not)
// ---------------------------------------------------------------------------------------------

export const SESSION_ID_REGEX =
	'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

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
					new RegExp(SESSION_ID_REGEX),
					'must be a session ID (a UUID such as 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f)',
				),
		),
});

/** POST /v2/sessions/{id}/auth/request-code: the wire body. */
export const requestCodeRequestSchema = z
	.object({
		phone_number: phoneNumberDigits,
		otp_method: z.union([z.literal(''), z.enum(OTP_DELIVERY_METHODS)]).optional(),
	})
	.strict();

export type RequestCodeRequest = z.infer<typeof requestCodeRequestSchema>;

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
		: { ok: false, message: describeZodError(parsed.error) };
}

/** Response of request-code: `phone_number` required, the rest optional (public guide). */
export const requestCodeResponseSchema = z
	.object({
		phone_number: z.string(),
		method: z.string().optional(),
		code: z.string().optional(),
		request_id: z.string().optional(),
	})
	.passthrough();

/** Responses the guide does not describe: a JSON object, kept as it is. */
export const anyObjectResponseSchema = z.record(z.unknown());

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
