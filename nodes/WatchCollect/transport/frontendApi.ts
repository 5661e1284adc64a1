/**
 * Clerk's Frontend API (FAPI) as the Sign-In credential's token renewal calls it (see clerk.ts):
 * where it lives (frontendApiBaseUrl), one request with the client token as a native app or a
 * browser sends it, and every non-2xx answer mapped onto one error a user can act on. Neither
 * token ever reaches an error (redact.ts).
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { normaliseToken } from './credentials';
import { looksLikeJwt, readJwtClaims } from './jwt';
import { networkFailure } from './network';
import { scrubSecrets } from './redact';
import { WatchCollectSignInError, type SignInFailureKind } from './signInErrors';

export type ClientTokenTransport = 'header' | 'cookie';

export interface SignInCredentialData {
	clientToken?: unknown;
	frontendApiUrl?: unknown;
	clerkSessionId?: unknown;
	sessionToken?: unknown;
	sendClientAs?: unknown;
	fapiTimeout?: unknown;
}

export type HttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

const DEFAULT_FAPI_TIMEOUT_MS = 15_000;

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

export interface FapiResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

interface ClerkApiError {
	code?: string;
	message?: string;
	longMessage?: string;
}

export function firstClerkError(body: unknown): ClerkApiError | undefined {
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

export const COPY_NEW_CLIENT_TOKEN =
	'Sign in to WatchCollect in a browser, copy the client token again (README: "Sign-In credential") into the WatchCollect Sign-In credential, and save it.';

export class FrontendApi {
	private clientToken: string;

	private rotated?: string;

	private readonly base: string;

	private readonly transport: ClientTokenTransport;

	private readonly timeout: number;

	constructor(
		private readonly httpRequest: HttpRequest,
		data: SignInCredentialData,
	) {
		const clientToken = normaliseToken(data.clientToken);
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
		const { kind, text } = networkFailure(error);
		const why = {
			refused: 'the connection was refused',
			unresolved: 'the host name does not resolve',
			timeout: `no answer within ${this.timeout} ms`,
			closed: 'the connection was closed before an answer arrived',
			other: text || 'unknown network error',
		}[kind];
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
