/**
 * Renewing WatchCollect's session tokens the way Clerk's own native SDKs do: the signed-in
 * device's client token goes to Clerk's Frontend API (FAPI), which mints a fresh session JWT.
 *
 *   GET  {FAPI}/v1/client?_is_native=true                      → { response: { sessions, last_active_session_id } }
 *   POST {FAPI}/v1/client/sessions/{sid}/tokens?_is_native=true → { object: 'token', jwt }
 *
 * with the client token as the `Authorization` header (or, for a browser's token, the `__client`
 * cookie); a rotated client token comes back in the `Authorization` response header. Where each
 * detail was read (clerk/clerk-android, clerk/javascript) is in the README's Credentials section.
 *
 * Used by the `watchCollectSignInApi` credential's `preAuthentication` and by its tests; it
 * never puts either token into an error, and errors carry no `code`/`httpCode`/`response`
 * property, so n8n shows their words instead of a generic status text.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { createHash } from 'crypto';

import {
	JWT_IN_TEXT,
	jwtLifetimeSeconds,
	looksLikeJwt,
	readJwtClaims,
	renewalMarginSeconds,
	sessionTokenNeedsRenewal,
} from './jwt';

export const SIGN_IN_CREDENTIAL_DISPLAY_NAME = 'WatchCollect Sign-In (Renews Tokens) API';

export type ClientTokenTransport = 'header' | 'cookie';

export interface SignInCredentialData {
	clientToken?: unknown;
	frontendApiUrl?: unknown;
	clerkSessionId?: unknown;
	sessionToken?: unknown;
	sendClientAs?: unknown;
	fapiTimeout?: unknown;
}

export interface RenewedTokens {
	sessionToken: string;
	/** Only when Clerk rotated the client token: the new one, to be stored instead. */
	clientToken?: string;
}

export type HttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

const DEFAULT_FAPI_TIMEOUT_MS = 15_000;

/**
 * A failure of the sign-in step, in words a user can act on. `kind` lets the node's transport and
 * the tests tell the cases apart without parsing the message.
 */
export class WatchCollectSignInError extends Error {
	readonly kind: SignInFailureKind;

	readonly description: string;

	constructor(kind: SignInFailureKind, message: string, description: string) {
		super(message);
		this.name = 'WatchCollectSignInError';
		this.kind = kind;
		this.description = description;
	}
}

export type SignInFailureKind =
	| 'bad-frontend-api-url'
	| 'not-a-frontend-api'
	| 'unreachable'
	| 'client-token-rejected'
	| 'signed-out'
	| 'session-ended'
	| 'native-api-disabled'
	| 'unexpected-answer'
	| 'missing-client-token';

/**
 * The Frontend API base URL from what the user entered: a URL, or a WatchCollect session token
 * whose `iss` claim is that URL. Trailing slashes and a trailing `/v1` are dropped.
 */
export function frontendApiBaseUrl(value: unknown): string {
	let text = typeof value === 'string' ? value.trim() : '';
	let fromToken = false;
	if (looksLikeJwt(text)) {
		const iss = readJwtClaims(text)?.iss;
		if (!iss) {
			throw new WatchCollectSignInError(
				'bad-frontend-api-url',
				'The Frontend API URL field holds a token without an "iss" claim',
				'Enter the Frontend API URL (https://clerk.<WatchCollect domain>), or paste a WatchCollect session token: its "iss" claim is that URL.',
			);
		}
		text = iss;
		fromToken = true;
	}
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url) {
		throw new WatchCollectSignInError(
			'bad-frontend-api-url',
			text === '' ? 'The Frontend API URL is empty' : 'The Frontend API URL is not a URL',
			'Enter the Frontend API URL of WatchCollect, e.g. https://clerk.<WatchCollect domain> (the "iss" claim of any WatchCollect session token; you may paste such a token instead).',
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new WatchCollectSignInError(
			'bad-frontend-api-url',
			`The Frontend API URL must start with https:// (it starts with ${url.protocol})`,
			'Enter the Frontend API URL of WatchCollect, e.g. https://clerk.<WatchCollect domain>.',
		);
	}
	const path = url.pathname.replace(/\/+$/, '').replace(/\/v1(\/.*)?$/, '');
	const base = `${url.protocol}//${url.host}${path}`;
	return fromToken ? base.replace(/\/+$/, '') : base;
}

/** Replaces both tokens (and any JWT at all) in a text that may reach a user or a log. */
export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out.replace(JWT_IN_TEXT, '[redacted JWT]');
}

interface FapiResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

interface ClerkApiError {
	code?: string;
	message?: string;
	longMessage?: string;
}

function firstClerkError(body: unknown): ClerkApiError | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const errors = (body as { errors?: unknown }).errors;
	if (!Array.isArray(errors) || errors.length === 0) return undefined;
	const e = errors[0] as Record<string, unknown>;
	if (!e || typeof e !== 'object') return undefined;
	const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
	return { code: text(e.code), message: text(e.message), longMessage: text(e.long_message) };
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() !== name) continue;
		if (Array.isArray(value)) return value.map(String).join('\n');
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}

/** Codes Clerk's Android SDK treats as "this session can no longer issue tokens". */
const SESSION_ENDED_CODES = new Set([
	'session_revoked',
	'session_expired',
	'session_ended',
	'session_removed',
	'session_replaced',
	'session_not_found',
	'session_invalid',
	'resource_not_found',
]);

/** Codes that mean the client (device) token itself is not accepted. */
const CLIENT_REJECTED_CODES = new Set([
	'signed_out',
	'authentication_invalid',
	'client_not_found',
	'client_invalid',
	'unauthorized',
]);

const COPY_NEW_CLIENT_TOKEN =
	'Sign in to WatchCollect in a browser, copy the client token again (README: "Sign-In credential") into the WatchCollect Sign-In credential, and save it.';

class FrontendApi {
	private clientToken: string;

	private rotated?: string;

	private readonly base: string;

	private readonly transport: ClientTokenTransport;

	private readonly timeout: number;

	constructor(
		private readonly httpRequest: HttpRequest,
		data: SignInCredentialData,
	) {
		const clientToken = typeof data.clientToken === 'string' ? data.clientToken.trim() : '';
		if (!clientToken) {
			throw new WatchCollectSignInError(
				'missing-client-token',
				'The WatchCollect Sign-In credential has no client token',
				COPY_NEW_CLIENT_TOKEN,
			);
		}
		this.clientToken = clientToken;
		this.base = frontendApiBaseUrl(data.frontendApiUrl);
		this.transport = data.sendClientAs === 'cookie' ? 'cookie' : 'header';
		const timeout = Number(data.fapiTimeout);
		this.timeout = Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_FAPI_TIMEOUT_MS;
	}

	get rotatedClientToken(): string | undefined {
		return this.rotated;
	}

	get secrets(): string[] {
		return [this.clientToken, this.rotated ?? ''];
	}

	private fail(kind: SignInFailureKind, message: string, description: string): never {
		throw new WatchCollectSignInError(
			kind,
			scrubSecrets(message, this.secrets),
			scrubSecrets(description, this.secrets),
		);
	}

	async request(method: 'GET' | 'POST', path: string, qs: IDataObject = {}): Promise<FapiResponse> {
		const headers: IDataObject = { Accept: 'application/json' };
		const query: IDataObject = { ...qs };
		if (this.transport === 'header') {
			headers.Authorization = this.clientToken;
			query._is_native = 'true';
		} else {
			headers.Cookie = `__client=${this.clientToken}`;
		}
		if (method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded';
		const url = `${this.base}/v1${path}`;
		let response: FapiResponse;
		try {
			response = (await this.httpRequest({
				method,
				url,
				qs: query,
				headers,
				body: method === 'POST' ? '' : undefined,
				json: true,
				timeout: this.timeout,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as FapiResponse;
		} catch (error) {
			this.unreachable(error);
		}
		let body = response.body;
		if (typeof body === 'string' || Buffer.isBuffer(body)) {
			try {
				body = JSON.parse(body.toString());
			} catch {
				body = undefined;
			}
		}
		response = { statusCode: response.statusCode, headers: response.headers ?? {}, body };
		this.noteRotation(response.headers);
		return response;
	}

	/** A new client token in the answer (native: `Authorization`; browser: a `__client` cookie). */
	private noteRotation(headers: Record<string, unknown>) {
		let next: string | undefined;
		if (this.transport === 'header') {
			next = header(headers, 'authorization')?.trim();
		} else {
			const cookies = header(headers, 'set-cookie') ?? '';
			next = /(?:^|\n|,\s*)__client=([^;\s]+)/.exec(cookies)?.[1];
		}
		if (next && next !== this.clientToken && !/^bearer\s*$/i.test(next)) {
			this.clientToken = next;
			this.rotated = next;
		}
	}

	private unreachable(error: unknown): never {
		const e = (error ?? {}) as { code?: string; message?: string; cause?: { code?: string } };
		const code = e.code ?? e.cause?.code ?? '';
		const text = String(e.message ?? '');
		let why = text || 'unknown network error';
		if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) why = 'the connection was refused';
		else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(text))
			why = 'the host name does not resolve';
		else if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(text))
			why = `no answer within ${this.timeout} ms`;
		else if (code === 'ECONNRESET' || /socket hang up/i.test(text))
			why = 'the connection was closed before an answer arrived';
		this.fail(
			'unreachable',
			`Could not reach Clerk's Frontend API at ${this.base} to renew the WatchCollect session token: ${why}`,
			'Check the Frontend API URL in the WatchCollect Sign-In credential (it is the "iss" claim of a WatchCollect session token), your network, and any "Allowed HTTP Request Domains" setting of the credential (it must allow this host).',
		);
	}

	/** Maps a non-2xx FAPI answer onto the one error a user can act on. */
	failFor(response: FapiResponse, step: 'client' | 'token', sessionId?: string): never {
		const status = response.statusCode;
		const clerkError = firstClerkError(response.body);
		const code = clerkError?.code?.toLowerCase();
		const clerkWords = clerkError
			? ` (${[clerkError.code, clerkError.longMessage ?? clerkError.message].filter(Boolean).join(': ')})`
			: '';
		if (!clerkError) {
			this.fail(
				'not-a-frontend-api',
				`No Clerk Frontend API answered at ${this.base} (HTTP ${status} without a Clerk error)`,
				'The Frontend API URL in the WatchCollect Sign-In credential looks wrong: it must be the "iss" claim of a WatchCollect session token, e.g. https://clerk.<WatchCollect domain>, not the WatchCollect API Base URL.',
			);
		}
		if (code === 'native_api_disabled') {
			this.fail(
				'native-api-disabled',
				`Clerk does not accept native-app sign-ins for WatchCollect (HTTP ${status}${clerkWords})`,
				'Set "Send Client Token As" to "Cookie (__client, like a browser)" in the WatchCollect Sign-In credential, with the __client cookie value as the client token.',
			);
		}
		if (step === 'token' && code && SESSION_ENDED_CODES.has(code)) {
			this.fail(
				'session-ended',
				`The WatchCollect sign-in session${sessionId ? ` ${sessionId}` : ''} has ended: Clerk will not renew its token (HTTP ${status}${clerkWords})`,
				`Sign in to WatchCollect again and copy a new client token into the WatchCollect Sign-In credential; clear its Clerk Session ID field unless you need a specific session. ${COPY_NEW_CLIENT_TOKEN}`,
			);
		}
		if (status === 401 || status === 403 || (code && CLIENT_REJECTED_CODES.has(code))) {
			this.fail(
				'client-token-rejected',
				`Clerk rejected the client token of the WatchCollect Sign-In credential (HTTP ${status}${clerkWords}): the device was signed out, or the token is not a client token`,
				COPY_NEW_CLIENT_TOKEN,
			);
		}
		this.fail(
			'unexpected-answer',
			`Clerk's Frontend API refused to ${step === 'client' ? 'list the sessions of the signed-in device' : 'renew the WatchCollect session token'} (HTTP ${status}${clerkWords})`,
			'Retry later. If it persists, check the Frontend API URL and the client token in the WatchCollect Sign-In credential.',
		);
	}

	unexpected(what: string): never {
		this.fail(
			'unexpected-answer',
			`Clerk's Frontend API at ${this.base} answered, but not with ${what}`,
			'Check that the Frontend API URL in the WatchCollect Sign-In credential is the "iss" claim of a WatchCollect session token.',
		);
	}
}

/** The session to renew: the one the user named, else the device's last active session. */
async function findSessionId(fapi: FrontendApi, data: SignInCredentialData): Promise<string> {
	const configured = typeof data.clerkSessionId === 'string' ? data.clerkSessionId.trim() : '';
	if (configured) return configured;
	const response = await fapi.request('GET', '/client');
	if (response.statusCode < 200 || response.statusCode > 299) fapi.failFor(response, 'client');
	const body = response.body as Record<string, unknown> | undefined;
	if (!body || typeof body !== 'object') fapi.unexpected('a client object');
	// FAPI wraps resources as { response, client }; accept a bare client object too.
	const client = ('response' in body ? body.response : body) as Record<string, unknown> | null;
	if (client === null || client === undefined) {
		throw new WatchCollectSignInError(
			'signed-out',
			'The device behind the client token is signed out of WatchCollect (Clerk knows no signed-in client for it)',
			COPY_NEW_CLIENT_TOKEN,
		);
	}
	if (typeof client !== 'object' || !Array.isArray(client.sessions)) {
		fapi.unexpected('a client object with sessions');
	}
	const sessions = (client.sessions as Array<Record<string, unknown>>).filter(
		(s) => s && typeof s.id === 'string' && (s.status === undefined || s.status === 'active'),
	);
	const last = client.last_active_session_id;
	const chosen = sessions.find((s) => s.id === last) ?? sessions[0];
	if (!chosen) {
		throw new WatchCollectSignInError(
			'signed-out',
			'The device behind the client token has no active WatchCollect session: it was signed out',
			COPY_NEW_CLIENT_TOKEN,
		);
	}
	return chosen.id as string;
}

async function mint(fapi: FrontendApi, data: SignInCredentialData): Promise<RenewedTokens> {
	const sessionId = await findSessionId(fapi, data);
	const path = `/client/sessions/${encodeURIComponent(sessionId)}/tokens`;
	let response = await fapi.request('POST', path);
	// Like clerk-js: when FAPI asks for the expired token, send the last one once more.
	const previous = typeof data.sessionToken === 'string' ? data.sessionToken : '';
	if (
		response.statusCode === 422 &&
		firstClerkError(response.body)?.code === 'missing_expired_token' &&
		looksLikeJwt(previous)
	) {
		response = await fapi.request('POST', path, { expired_token: previous });
	}
	if (response.statusCode < 200 || response.statusCode > 299) {
		fapi.failFor(response, 'token', sessionId);
	}
	const body = response.body as Record<string, unknown> | undefined;
	const jwt = body && typeof body === 'object' ? body.jwt : undefined;
	if (!looksLikeJwt(jwt)) fapi.unexpected('a session token ({ "object": "token", "jwt": … })');
	const renewed: RenewedTokens = { sessionToken: jwt.trim() };
	rememberMinted(renewed.sessionToken);
	if (fapi.rotatedClientToken) renewed.clientToken = fapi.rotatedClientToken;
	return renewed;
}

/**
 * Renewals in flight in this process, by credential: several items or executions that find the
 * token expired at the same moment share one Frontend API round trip instead of minting one
 * token each (Clerk's Android SDK deduplicates the same way).
 */
const inFlight = new Map<string, Promise<RenewedTokens>>();

function flightKey(data: SignInCredentialData): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				data.clientToken,
				data.frontendApiUrl,
				data.clerkSessionId,
				data.sendClientAs,
			]),
		)
		.digest('hex');
}

/** Obtains a fresh session JWT (and a rotated client token, if Clerk handed one out). */
export async function renewSessionToken(
	httpRequest: HttpRequest,
	data: SignInCredentialData,
): Promise<RenewedTokens> {
	const key = flightKey(data);
	const pending = inFlight.get(key);
	if (pending) return await pending;
	const run = (async () => mint(new FrontendApi(httpRequest, data), data))();
	inFlight.set(key, run);
	try {
		return await run;
	} finally {
		inFlight.delete(key);
	}
}

/**
 * Session tokens this n8n process has obtained itself (by hash), timed on this machine's clock:
 * when it received the token and how long it may be used (its lifetime minus the renewal
 * margin). For these the local clock decides, not `exp` against the local clock, so a clock that
 * is off does not make n8n renew on every request; and the first use right after a renewal always
 * goes out, so a short-lived token on a busy machine cannot make a renewal fail (WatchCollect
 * decides, and a 401 gets the usual message).
 */
interface MintedHere {
	usableUntil: number;
	firstUse: boolean;
}
const mintedHere = new Map<string, MintedHere>();

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function rememberMinted(token: string) {
	const now = Date.now();
	for (const [hash, entry] of mintedHere) {
		if (entry.usableUntil < now - 120_000) mintedHere.delete(hash);
	}
	const lifetime = jwtLifetimeSeconds(readJwtClaims(token)) ?? 60;
	const usable = lifetime - renewalMarginSeconds(lifetime);
	mintedHere.set(tokenHash(token), { usableUntil: now + usable * 1000, firstUse: true });
}

/**
 * Whether the stored session token must be renewed before it is sent: see
 * sessionTokenNeedsRenewal for a token from elsewhere (another n8n process, or the database after
 * a restart), and MintedHere for one this process obtained.
 */
export function tokenNeedsRenewal(token: string, nowMs: number = Date.now()): boolean {
	if (token === '') return true;
	const entry = mintedHere.get(tokenHash(token));
	if (!entry) return sessionTokenNeedsRenewal(token, nowMs);
	if (entry.firstUse) {
		entry.firstUse = false;
		return false;
	}
	return nowMs >= entry.usableUntil;
}

/**
 * Thrown by the credential's `authenticate` when the stored session token is expired (or about
 * to): shaped like an HTTP 401 so n8n's `httpRequestWithAuthentication` renews the credential
 * through `preAuthentication` and repeats the request, before anything reaches WatchCollect.
 */
export class SessionTokenExpiredError extends Error {
	readonly response = { status: 401 };

	readonly expiresAt?: string;

	constructor(expiresAt?: number) {
		super('The WatchCollect session token expired and must be renewed');
		this.name = 'SessionTokenExpiredError';
		if (expiresAt !== undefined) this.expiresAt = new Date(expiresAt * 1000).toISOString();
	}
}
