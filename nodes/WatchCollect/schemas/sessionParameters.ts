/**
 * What a user sets in the panel (or an expression computes) for the Session operations, mapped
 * onto the wire bodies of ./session.ts and piped through them, so no body the contract forbids
 * can ever leave the node. Every message names the panel field and its parameter name.
 */
import { z } from 'zod';

import { allowed, describeZodError, UUID_REGEX } from './common';
import {
	AUTH_METHODS,
	OTP_DELIVERY_METHODS,
	PHONE_FORM_HINT,
	RECEIVING_ENGINES,
	ROLES,
	createSessionRequestSchema,
	normalisePhoneNumber,
	otpMethodRule,
	phoneRule,
	requiredEngine,
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
/**
 * `keep` (shown as "Default"): no engine choice. A new receiving session gets WEBJS, a linked one
 * keeps its engine (no engine in the body). One value valid in both modes, so the default n8n
 * fills in never depends on which mode an item turns out to have.
 */
export const LINK_ENGINE_KEEP = 'keep';
/**
 * `auto`: the server decides. A new session always needs pairing, so it gets QR (auth_method
 * "qr"); a linked one is paired by QR only if it still needs pairing (no auth_method in the body).
 */
export const LINK_AUTH_AUTO = 'auto';
export const OTP_METHODS = ['web', ...OTP_DELIVERY_METHODS] as const;
export const CREATE_ENGINES = [LINK_ENGINE_KEEP, ...RECEIVING_ENGINES] as const;
export const CREATE_AUTH_METHODS = [LINK_AUTH_AUTO, ...AUTH_METHODS] as const;

type ParameterName = keyof typeof PARAMETER_LABELS;
type ParameterIssue = (path: ParameterName, message: string) => void;

/**
 * Reads one parameter of the item as the panel (or an expression) set it; `undefined` when empty.
 * The builders below ask only for the parameters that apply to the item, so a field of another
 * branch (say the engine of a receiving session, for a sending item) is never read, let alone
 * checked or sent, whatever n8n filled in for it.
 */
export type ParameterReader = (name: ParameterName) => unknown;

function readerOf(parameters: ParameterReader | Partial<Record<ParameterName, unknown>>) {
	return typeof parameters === 'function'
		? parameters
		: (name: ParameterName) => (parameters as Partial<Record<ParameterName, unknown>>)[name];
}

/** A text value as typed or computed: trimmed, numbers accepted, empty → undefined. */
function text(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const t = (typeof value === 'string' ? value : String(value)).trim();
	return t === '' ? undefined : t;
}

/**
 * A choice among `values`, or an issue naming the parameter (undefined when refused). Without a
 * `context` the message is "must be one of …"; with one it says what was wrong and for what.
 */
function choice<T extends string>(
	name: ParameterName,
	value: unknown,
	values: readonly T[],
	issue: ParameterIssue,
	context?: string,
): T | undefined {
	const v = text(value);
	if (v !== undefined && (values as readonly string[]).includes(v)) return v as T;
	if (context === undefined) issue(name, `must be one of ${allowed(values)}`);
	else
		issue(
			name,
			`${v === undefined ? 'is required' : `'${v}' is not allowed`}${context}; allowed: ${allowed(values)}`,
		);
	return undefined;
}

/**
 * The pairing-code fields Create Session (with OTP) and Request Pairing Code share: the phone
 * number, and the OTP method the session's role supports (the rules are session.ts's
 * `phoneRule` and `otpMethodRule`); a refused value is reported, never changed.
 */
function otpFields(
	role: Role,
	read: ParameterReader,
	issue: ParameterIssue,
): { phone_number?: string; otp_method?: 'sms' | 'voice' } {
	const body: { phone_number?: string; otp_method?: 'sms' | 'voice' } = {};
	const phoneNumber = text(read('phoneNumber'));
	const missing = phoneRule('otp', phoneNumber);
	if (missing !== undefined) {
		issue('phoneNumber', missing);
	} else if (phoneNumber !== undefined) {
		const phone = normalisePhoneNumber(phoneNumber);
		if (phone.ok) body.phone_number = phone.digits;
		else issue('phoneNumber', `'${phoneNumber}' is not valid: ${phone.reason}. ${PHONE_FORM_HINT}`);
	}
	const otpMethod = text(read('otpMethod')) ?? 'web';
	const refused = otpMethodRule(role, otpMethod);
	if (refused !== undefined) issue('otpMethod', refused);
	else if (otpMethod === 'sms' || otpMethod === 'voice') body.otp_method = otpMethod;
	return body;
}

type Built<T> = { ok: true; body: T } | { ok: false; message: string };

/** Collects issues in the order they are found; formats them like describeSessionError. */
function issues() {
	const found: Array<{ path: ParameterName; message: string }> = [];
	const issue: ParameterIssue = (path, message) => found.push({ path, message });
	const message = () =>
		found.map((i) => `${PARAMETER_LABELS[i.path]} (${i.path}): ${i.message}`).join('; ');
	return { found, issue, message };
}

/** Pipes a built body through its wire schema: no body the contract forbids leaves the node. */
function checked<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): Built<T> {
	const parsed = schema.safeParse(body);
	return parsed.success
		? { ok: true, body: parsed.data }
		: { ok: false, message: describeSessionError(parsed.error) };
}

/**
 * The parameters of Create Session, by name. Which of them apply to an item follows from its own
 * Role, Session Mode and Authentication Method, exactly as the panel shows them:
 *
 * | field             | applies when                      |
 * | ----------------- | --------------------------------- |
 * | wahaSessionName   | Session Mode is link              |
 * | engine            | Role is receiving (sending: NOWEB)|
 * | phoneNumber       | Authentication Method is otp      |
 * | otpMethod         | Authentication Method is otp      |
 * | label             | always                            |
 */
export type CreateSessionParameters = Partial<Record<ParameterName, unknown>>;

/** The body a Create Session request sends for this item's parameters, or why there is none. */
export function buildCreateSessionBody(
	parameters: ParameterReader | CreateSessionParameters,
): Built<CreateSessionRequest> {
	const read = readerOf(parameters);
	const { found, issue, message } = issues();

	// The three choices that decide which other fields apply come first; without them no other
	// field can be judged, so their problems are reported alone.
	const role = choice('role', read('role'), ROLES, issue);
	const mode = choice('sessionMode', read('sessionMode'), SESSION_MODES, issue);
	const auth = choice(
		'authMethod',
		read('authMethod'),
		CREATE_AUTH_METHODS,
		issue,
		mode ? ` for a ${mode === 'link' ? 'linked' : 'new'} session` : '',
	);
	if (!role || !mode || !auth) return { ok: false, message: message() };

	const body: CreateSessionRequest = { role };
	const required = requiredEngine(role);
	if (required !== undefined) {
		// the panel offers no engine where the role decides it
		body.engine = required;
	} else {
		const engine = text(read('engine')) ?? LINK_ENGINE_KEEP;
		if (!(CREATE_ENGINES as readonly string[]).includes(engine)) {
			issue(
				'engine',
				`'${engine}' is not allowed for a ${mode === 'link' ? 'linked' : 'new'} receiving session; allowed: ${allowed(CREATE_ENGINES)}`,
			);
		} else if (engine !== LINK_ENGINE_KEEP) {
			body.engine = engine as CreateSessionRequest['engine'];
		} else if (mode === 'new') {
			body.engine = 'WEBJS';
		}
	}
	if (auth !== LINK_AUTH_AUTO) body.auth_method = auth;
	else if (mode === 'new') body.auth_method = 'qr';
	if (mode === 'link') {
		const name = text(read('wahaSessionName'));
		if (name === undefined) {
			issue('wahaSessionName', 'is required to link an existing WAHA session');
		} else {
			body.waha_session_name = name;
		}
	}
	if (auth === 'otp') Object.assign(body, otpFields(role, read, issue));
	const label = text(read('label'));
	if (label !== undefined) body.label = label;

	if (found.length) return { ok: false, message: message() };
	return checked(createSessionRequestSchema, body);
}

/** One readable sentence per problem, naming the Session panel field and its parameter name. */
export function describeSessionError(error: z.ZodError): string {
	return describeZodError(error, PARAMETER_LABELS, BODY_FIELD_TO_PARAMETER);
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

export type RequestCodeParameters = Partial<Record<ParameterName, unknown>>;

/**
 * The body a Request Pairing Code request sends for this item's parameters, or why there is none.
 * The session's role decides the OTP methods it supports (sending: web pairing only).
 */
export function buildRequestCodeBody(
	parameters: ParameterReader | RequestCodeParameters,
): Built<RequestCodeRequest> {
	const read = readerOf(parameters);
	const { found, issue, message } = issues();
	const role = choice('role', read('role'), ROLES, issue);
	if (!role) return { ok: false, message: message() };
	const body = otpFields(role, read, issue);
	if (found.length) return { ok: false, message: message() };
	return checked(requestCodeRequestSchema, body);
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
