import { describeDifferences } from '../../../../nodes/WatchCollect/helpers/answer';
import {
	createSessionContract,
	createSessionRequestSchema,
	normalisePhoneNumber,
} from '../../../../nodes/WatchCollect/schemas/session';
import {
	buildCreateSessionBody,
	type CreateSessionParameters,
} from '../../../../nodes/WatchCollect/schemas/sessionParameters';

const HINT =
	'Use the country code and number, digits only, e.g. 31612345678 (a leading + and spaces, dashes, dots or brackets are fine; no leading 0 or 00)';
const LINK_NAME = 'user-user_35eh25qkkIVwab803vgofO1uSsl-receiving';

const newReceiving: CreateSessionParameters = {
	role: 'receiving',
	sessionMode: 'new',
	authMethod: 'qr',
};
const newSending: CreateSessionParameters = {
	role: 'sending',
	sessionMode: 'new',
	authMethod: 'qr',
};
const linkReceiving: CreateSessionParameters = {
	role: 'receiving',
	sessionMode: 'link',
	wahaSessionName: LINK_NAME,
	authMethod: 'auto',
};
const linkSending: CreateSessionParameters = {
	role: 'sending',
	sessionMode: 'link',
	wahaSessionName: 'user-x-sending',
	authMethod: 'auto',
};

type Case = [
	name: string,
	parameters: CreateSessionParameters,
	expected: { body: object } | { error: string },
];

const cases: Case[] = [
	// ── valid: new sessions ─────────────────────────────────────────────────────────────────
	[
		'receiving, new, QR, engine left to its default',
		newReceiving,
		{ body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' } },
	],
	[
		'receiving, new, QR, WEBJS',
		{ ...newReceiving, engine: 'WEBJS' },
		{ body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' } },
	],
	[
		'receiving, new, QR, GOWS',
		{ ...newReceiving, engine: 'GOWS' },
		{ body: { role: 'receiving', engine: 'GOWS', auth_method: 'qr' } },
	],
	[
		'receiving, new, OTP web with a spaced +phone',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '+31 6 1234 5678', otpMethod: 'web' },
		{
			body: { role: 'receiving', engine: 'WEBJS', auth_method: 'otp', phone_number: '31612345678' },
		},
	],
	[
		'receiving, new, OTP sms with dashes and dots',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '+31-6-12.34.56.78', otpMethod: 'sms' },
		{
			body: {
				role: 'receiving',
				engine: 'WEBJS',
				auth_method: 'otp',
				phone_number: '31612345678',
				otp_method: 'sms',
			},
		},
	],
	[
		'receiving, new, OTP voice with brackets',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '(31) 612345678', otpMethod: 'voice' },
		{
			body: {
				role: 'receiving',
				engine: 'WEBJS',
				auth_method: 'otp',
				phone_number: '31612345678',
				otp_method: 'voice',
			},
		},
	],
	[
		'receiving, new, OTP, GOWS, OTP method unset (web)',
		{ ...newReceiving, engine: 'GOWS', authMethod: 'otp', phoneNumber: '447911123456' },
		{
			body: { role: 'receiving', engine: 'GOWS', auth_method: 'otp', phone_number: '447911123456' },
		},
	],
	[
		'sending, new, QR always NOWEB',
		newSending,
		{ body: { role: 'sending', engine: 'NOWEB', auth_method: 'qr' } },
	],
	[
		'sending, new, OTP web',
		{ ...newSending, authMethod: 'otp', phoneNumber: '31612345678', otpMethod: 'web' },
		{ body: { role: 'sending', engine: 'NOWEB', auth_method: 'otp', phone_number: '31612345678' } },
	],
	[
		'sending, new, OTP, OTP method unset',
		{ ...newSending, authMethod: 'otp', phoneNumber: '+1 (415) 555-0100' },
		{ body: { role: 'sending', engine: 'NOWEB', auth_method: 'otp', phone_number: '14155550100' } },
	],
	[
		'sending, engine NOWEB arriving by expression is accepted',
		{ ...newSending, engine: 'NOWEB' },
		{ body: { role: 'sending', engine: 'NOWEB', auth_method: 'qr' } },
	],
	[
		'7 digits is the shortest phone',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '1234567' },
		{ body: { role: 'receiving', engine: 'WEBJS', auth_method: 'otp', phone_number: '1234567' } },
	],
	[
		'15 digits is the longest phone',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '123456789012345' },
		{
			body: {
				role: 'receiving',
				engine: 'WEBJS',
				auth_method: 'otp',
				phone_number: '123456789012345',
			},
		},
	],
	[
		'a phone number arriving as a number from an expression',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: 31612345678 as unknown as string },
		{
			body: { role: 'receiving', engine: 'WEBJS', auth_method: 'otp', phone_number: '31612345678' },
		},
	],
	[
		'a label is sent',
		{ ...newReceiving, label: 'Main receiving session' },
		{
			body: {
				role: 'receiving',
				engine: 'WEBJS',
				auth_method: 'qr',
				label: 'Main receiving session',
			},
		},
	],
	[
		'a blank label is not sent',
		{ ...newReceiving, label: '   ' },
		{ body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' } },
	],
	[
		'phone and OTP method are ignored with QR (hidden fields)',
		{ ...newReceiving, phoneNumber: '31612345678', otpMethod: 'sms' },
		{ body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' } },
	],
	// ── valid: linking ──────────────────────────────────────────────────────────────────────
	[
		'link receiving, automatic auth, keep engine',
		{ ...linkReceiving, engine: 'keep' },
		{ body: { role: 'receiving', waha_session_name: LINK_NAME } },
	],
	[
		'link receiving, automatic auth, engine unset',
		linkReceiving,
		{ body: { role: 'receiving', waha_session_name: LINK_NAME } },
	],
	[
		'link receiving, WEBJS',
		{ ...linkReceiving, engine: 'WEBJS' },
		{ body: { role: 'receiving', engine: 'WEBJS', waha_session_name: LINK_NAME } },
	],
	[
		'link receiving, QR, GOWS',
		{ ...linkReceiving, engine: 'GOWS', authMethod: 'qr' },
		{
			body: { role: 'receiving', engine: 'GOWS', auth_method: 'qr', waha_session_name: LINK_NAME },
		},
	],
	[
		'link receiving, OTP',
		{ ...linkReceiving, authMethod: 'otp', phoneNumber: '+31 6 1234 5678', otpMethod: 'sms' },
		{
			body: {
				role: 'receiving',
				auth_method: 'otp',
				waha_session_name: LINK_NAME,
				phone_number: '31612345678',
				otp_method: 'sms',
			},
		},
	],
	[
		'link: the session name is trimmed',
		{ ...linkReceiving, wahaSessionName: `  ${LINK_NAME} ` },
		{ body: { role: 'receiving', waha_session_name: LINK_NAME } },
	],
	[
		'link sending, automatic auth',
		linkSending,
		{ body: { role: 'sending', engine: 'NOWEB', waha_session_name: 'user-x-sending' } },
	],
	[
		'link sending, OTP web',
		{ ...linkSending, authMethod: 'otp', phoneNumber: '31612345678', otpMethod: 'web' },
		{
			body: {
				role: 'sending',
				engine: 'NOWEB',
				auth_method: 'otp',
				waha_session_name: 'user-x-sending',
				phone_number: '31612345678',
			},
		},
	],
	[
		'link sending, QR, with a label',
		{ ...linkSending, authMethod: 'qr', label: 'Outbox' },
		{
			body: {
				role: 'sending',
				engine: 'NOWEB',
				auth_method: 'qr',
				waha_session_name: 'user-x-sending',
				label: 'Outbox',
			},
		},
	],
	// ── invalid (values arriving through expressions) ───────────────────────────────────────
	[
		'unknown role',
		{ ...newReceiving, role: 'admin' as never },
		{ error: "Role (role): must be one of 'receiving', 'sending'" },
	],
	[
		'unknown session mode',
		{ ...newReceiving, sessionMode: 'replace' as never },
		{ error: "Session Mode (sessionMode): must be one of 'new', 'link'" },
	],
	[
		'new session without an auth method',
		{ ...newReceiving, authMethod: undefined },
		{
			error:
				"Authentication Method (authMethod): is required for a new session; allowed: 'auto', 'qr', 'otp'",
		},
	],
	[
		'new session with automatic auth (the default): a new session always needs pairing → QR',
		{ ...newReceiving, authMethod: 'auto' },
		{ body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' } },
	],
	[
		'new sending session with automatic auth → QR',
		{ ...newSending, authMethod: 'auto' },
		{ body: { role: 'sending', engine: 'NOWEB', auth_method: 'qr' } },
	],
	[
		'link with an unknown auth method',
		{ ...linkReceiving, authMethod: 'magic' },
		{
			error:
				"Authentication Method (authMethod): 'magic' is not allowed for a linked session; allowed: 'auto', 'qr', 'otp'",
		},
	],
	[
		'link without a WAHA session name',
		{ ...linkReceiving, wahaSessionName: '' },
		{ error: 'WAHA Session Name (wahaSessionName): is required to link an existing WAHA session' },
	],
	[
		'receiving with NOWEB',
		{ ...newReceiving, engine: 'NOWEB' },
		{
			error:
				"Engine (engine): 'NOWEB' is not allowed for a new receiving session; allowed: 'keep', 'WEBJS', 'GOWS'",
		},
	],
	[
		'new receiving with keep (Default): WEBJS',
		{ ...newReceiving, engine: 'keep' },
		{ body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' } },
	],
	[
		'linked receiving with an unknown engine',
		{ ...linkReceiving, engine: 'webjs' },
		{
			error:
				"Engine (engine): 'webjs' is not allowed for a linked receiving session; allowed: 'keep', 'WEBJS', 'GOWS'",
		},
	],
	[
		// Engine applies to receiving sessions only (the panel shows it for them only): whatever
		// it holds for a sending item — n8n's default 'keep' when Role is an expression, or a
		// value meant for the receiving items — is neither checked nor sent
		'sending: an Engine value (meant for receiving items) does not apply',
		{ ...newSending, engine: 'WEBJS' },
		{ body: { role: 'sending', engine: 'NOWEB', auth_method: 'qr' } },
	],
	[
		"sending: the Engine default 'keep' does not leak",
		{ ...newSending, engine: 'keep' },
		{ body: { role: 'sending', engine: 'NOWEB', auth_method: 'qr' } },
	],
	[
		'sending: even an Engine value no session may have is not checked',
		{ ...linkSending, engine: 'webjs' },
		{ body: { role: 'sending', engine: 'NOWEB', waha_session_name: 'user-x-sending' } },
	],
	[
		'new session: a WAHA session name (link only) does not apply',
		{ ...newReceiving, wahaSessionName: 'user-x' },
		{ body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' } },
	],
	[
		'an empty role',
		{ ...newReceiving, role: '' },
		{ error: "Role (role): must be one of 'receiving', 'sending'" },
	],
	[
		'role and mode both unknown: only the choices are reported, nothing else is judged',
		{ role: 'admin', sessionMode: 'both', authMethod: 'otp', phoneNumber: '0' },
		{
			error:
				"Role (role): must be one of 'receiving', 'sending'; Session Mode (sessionMode): must be one of 'new', 'link'",
		},
	],
	[
		'OTP without a phone number',
		{ ...newReceiving, authMethod: 'otp' },
		{ error: `Phone Number (phoneNumber): is required for OTP authentication. ${HINT}` },
	],
	[
		'phone with a leading 0 (national number)',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '06 1234 5678' },
		{
			error: `Phone Number (phoneNumber): '06 1234 5678' is not valid: it starts with 0 (a national number) instead of the country code. ${HINT}`,
		},
	],
	[
		'phone with a 00 prefix',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '0031612345678' },
		{
			error: `Phone Number (phoneNumber): '0031612345678' is not valid: it starts with the 00 prefix instead of the country code. ${HINT}`,
		},
	],
	[
		'phone with letters',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '+31 6 CALL ME' },
		{
			error: `Phone Number (phoneNumber): '+31 6 CALL ME' is not valid: it contains letters or other characters. ${HINT}`,
		},
	],
	[
		'phone with 6 digits',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '123456' },
		{
			error: `Phone Number (phoneNumber): '123456' is not valid: it has 6 digits, at least 7 are needed. ${HINT}`,
		},
	],
	[
		'phone with 16 digits',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '1234567890123456' },
		{
			error: `Phone Number (phoneNumber): '1234567890123456' is not valid: it has 16 digits, at most 15 are allowed. ${HINT}`,
		},
	],
	[
		'sending with SMS OTP',
		{ ...newSending, authMethod: 'otp', phoneNumber: '31612345678', otpMethod: 'sms' },
		{
			error:
				"OTP Method (otpMethod): 'sms' is not allowed for a sending session; allowed: 'web' (the NOWEB engine only supports web pairing)",
		},
	],
	[
		'linked sending with voice OTP',
		{ ...linkSending, authMethod: 'otp', phoneNumber: '31612345678', otpMethod: 'voice' },
		{
			error:
				"OTP Method (otpMethod): 'voice' is not allowed for a sending session; allowed: 'web' (the NOWEB engine only supports web pairing)",
		},
	],
	[
		'receiving with an unknown OTP method',
		{ ...newReceiving, authMethod: 'otp', phoneNumber: '31612345678', otpMethod: 'whatsapp' },
		{
			error:
				"OTP Method (otpMethod): 'whatsapp' is not allowed for a receiving session; allowed: 'web', 'sms', 'voice'",
		},
	],
	[
		'several problems are all named',
		{
			role: 'sending',
			sessionMode: 'link',
			engine: 'GOWS',
			authMethod: 'otp',
			phoneNumber: '0612',
			otpMethod: 'sms',
		},
		{
			error: `WAHA Session Name (wahaSessionName): is required to link an existing WAHA session; Phone Number (phoneNumber): '0612' is not valid: it starts with 0 (a national number) instead of the country code. ${HINT}; OTP Method (otpMethod): 'sms' is not allowed for a sending session; allowed: 'web' (the NOWEB engine only supports web pairing)`,
		},
	],
];

/** The parameters each combination reads: only the fields that apply to it. */
const READ: Array<[role: string, sessionMode: string, authMethod: string, read: string[]]> = [
	['receiving', 'new', 'qr', ['engine', 'label']],
	['receiving', 'new', 'auto', ['engine', 'label']],
	['receiving', 'new', 'otp', ['engine', 'phoneNumber', 'otpMethod', 'label']],
	['receiving', 'link', 'auto', ['engine', 'wahaSessionName', 'label']],
	['receiving', 'link', 'otp', ['engine', 'wahaSessionName', 'phoneNumber', 'otpMethod', 'label']],
	['sending', 'new', 'qr', ['label']],
	['sending', 'new', 'otp', ['phoneNumber', 'otpMethod', 'label']],
	['sending', 'link', 'qr', ['wahaSessionName', 'label']],
	['sending', 'link', 'otp', ['wahaSessionName', 'phoneNumber', 'otpMethod', 'label']],
];

describe('buildCreateSessionBody reads only the fields that apply to the item', () => {
	it.each(READ)('%s + %s + %s', (role, sessionMode, authMethod, expected) => {
		const read: string[] = [];
		const values: Record<string, string> = {
			role,
			sessionMode,
			authMethod,
			wahaSessionName: LINK_NAME,
			phoneNumber: '+31 6 1234 5678',
		};
		const result = buildCreateSessionBody((name) => {
			read.push(name);
			return values[name] ?? '';
		});
		expect(result.ok).toBe(true);
		expect(read).toEqual(['role', 'sessionMode', 'authMethod', ...expected]);
	});

	it('a field of another branch that would fail to evaluate is never read', () => {
		const result = buildCreateSessionBody((name) => {
			if (name === 'phoneNumber' || name === 'engine' || name === 'otpMethod') {
				throw new Error(`${name} must not be read`);
			}
			return { role: 'sending', sessionMode: 'new', authMethod: 'qr' }[name as string] ?? '';
		});
		expect(result).toEqual({
			ok: true,
			body: { role: 'sending', engine: 'NOWEB', auth_method: 'qr' },
		});
	});
});

describe('buildCreateSessionBody: Create Session parameters → POST /v2/sessions body', () => {
	it('has at least 30 combinations', () => expect(cases.length).toBeGreaterThanOrEqual(30));

	it.each(cases)('%s', (_name, parameters, expected) => {
		const result = buildCreateSessionBody(parameters);
		if ('body' in expected) {
			expect(result).toEqual({ ok: true, body: expected.body });
			// every body the node builds satisfies the wire contract on its own
			expect(createSessionRequestSchema.safeParse((result as { body: object }).body).success).toBe(
				true,
			);
		} else {
			expect(result).toEqual({ ok: false, message: expected.error });
		}
	});
});

describe('createSessionRequestSchema: the contract for the wire body', () => {
	const rejects: Array<[string, object, string]> = [
		['role missing', { auth_method: 'qr' }, 'role'],
		['sending without NOWEB', { role: 'sending', engine: 'WEBJS', auth_method: 'qr' }, 'engine'],
		['sending with engine omitted', { role: 'sending', auth_method: 'qr' }, 'engine'],
		['receiving with NOWEB', { role: 'receiving', engine: 'NOWEB', auth_method: 'qr' }, 'engine'],
		['new session without auth_method', { role: 'receiving', engine: 'WEBJS' }, 'auth_method'],
		['otp without phone', { role: 'receiving', auth_method: 'otp' }, 'phone_number'],
		[
			'phone not digits only',
			{ role: 'receiving', auth_method: 'otp', phone_number: '+31612345678' },
			'phone_number',
		],
		[
			'NOWEB with sms',
			{
				role: 'sending',
				engine: 'NOWEB',
				auth_method: 'otp',
				phone_number: '31612345678',
				otp_method: 'sms',
			},
			'otp_method',
		],
		[
			'unknown otp_method',
			{ role: 'receiving', auth_method: 'otp', phone_number: '31612345678', otp_method: 'fax' },
			'otp_method',
		],
		['unknown field', { role: 'receiving', auth_method: 'qr', token: 'x' }, ''],
	];
	it.each(rejects)('rejects %s', (_name, body, field) => {
		const result = createSessionRequestSchema.safeParse(body);
		expect(result.success).toBe(false);
		if (!result.success && field)
			expect(result.error.issues.map((i) => i.path[0])).toContain(field);
	});

	it.each([
		{ role: 'receiving', auth_method: 'qr', label: 'Main receiving session' },
		{
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'otp',
			phone_number: '31612345678',
			otp_method: '',
		},
		{ role: 'receiving', waha_session_name: LINK_NAME },
	])('accepts the contract example %j', (body) => {
		expect(createSessionRequestSchema.safeParse(body).success).toBe(true);
	});
});

describe('createSessionContract: the documented answer, compared (never enforced)', () => {
	const valid = {
		status: 'accepted',
		session_id: '6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
		waha_session_name: LINK_NAME,
		role: 'receiving',
		engine: 'WEBJS',
		session_status: 'SCAN_QR_CODE',
		created: true,
		started: true,
		auth_method: 'qr',
		webhook_configured: true,
		sync_requested: true,
		request_id: 'req_1',
	};
	it('the documented example has no differences', () => {
		expect(
			describeDifferences({ ...valid, qr: { value: '2@abc' } }, createSessionContract),
		).toEqual([]);
	});
	it('null for the documented-optional label, qr, otp and sync_request_event_ids is accepted', () => {
		const body = { ...valid, label: null, qr: null, otp: null, sync_request_event_ids: null };
		const differences = describeDifferences(body, createSessionContract);
		expect(differences.map((d) => [d.path, d.accepted])).toEqual([
			['label', true],
			['qr', true],
			['otp', true],
			['sync_request_event_ids', true],
		]);
	});
	it.each(Object.keys(valid))('names %s when it is missing', (field) => {
		const body: Record<string, unknown> = { ...valid };
		delete body[field];
		expect(describeDifferences(body, createSessionContract)).toEqual([
			expect.objectContaining({ path: field, kind: 'missing' }),
		]);
	});
	it('names a session_id that is not a uuid and a created that is not a boolean', () => {
		const found = describeDifferences(
			{ ...valid, session_id: '42', created: 'yes' },
			createSessionContract,
		);
		expect(found.map((d) => d.message)).toEqual([
			"`session_id` came as '42'; the contract gives a UUID",
			"`created` came as 'yes'; the contract gives true or false",
		]);
	});
});

describe('normalisePhoneNumber', () => {
	it.each([
		['+31 6 1234 5678', '31612345678'],
		['+31-6-12.34.56.78', '31612345678'],
		['(31) 612345678', '31612345678'],
		['[44] 7911 123456', '447911123456'],
		['+31000000000', '31000000000'],
		// the trunk prefix in brackets right after the country code is dropped
		['+31 (0)6 1234 5678', '31612345678'],
		['+31(0)612345678', '31612345678'],
		['+44 (0) 20 7946 0958', '442079460958'],
		['31 (0)6-1234-5678', '31612345678'],
		['+49 [0]30 1234567', '49301234567'],
	])('%s → %s', (input, digits) =>
		expect(normalisePhoneNumber(input)).toEqual({ ok: true, digits }),
	);
	it.each([
		'',
		'  ',
		'+',
		'0612345678',
		'00316',
		'31 6 12 ab',
		'31/612345678',
		'123456',
		'1234567890123456',
		// a (0) anywhere else is a digit of the number: here a national number, refused
		'(0)6 1234 5678',
	])('rejects %j', (input) => {
		expect(normalisePhoneNumber(input).ok).toBe(false);
	});
});
