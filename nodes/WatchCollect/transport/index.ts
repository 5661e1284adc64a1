/**
 * The one way this node talks to WatchCollect: every request goes through `watchCollectApiRequest`.
 * It authenticates through the credential the `authentication` parameter selects (`watchCollectApi`:
 * a static token; `watchCollectSignInApi`: session tokens renewed through Clerk), maps every failure
 * onto an error a user can act on, validates JSON responses, and makes sure no token ever reaches
 * an error.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	Failure,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import { describeZodError } from '../schemas/common';
import { SessionTokenExpiredError, WatchCollectSignInError, scrubSecrets } from './clerk';
import { describeLifetime, jwtLifetimeSeconds, readJwtClaims } from './jwt';

/** The credential type of each value of the nodes' `authentication` parameter. */
export const CREDENTIAL_TYPES: Record<string, string> = {
	accessToken: 'watchCollectApi',
	signIn: 'watchCollectSignInApi',
};
export const SIGN_IN_CREDENTIAL_TYPE = CREDENTIAL_TYPES.signIn;
export const DEFAULT_BASE_URL = 'https://api-v2.watchcollect.com';
export const DEFAULT_TIMEOUT_MS = 30_000;

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** The credential type the node's `authentication` parameter selects (accessToken by default). */
export function credentialType(ctx: Context, itemIndex = 0): string {
	// Execute functions read a parameter per item; load-options and poll functions have no items.
	const authentication = (
		'getInputData' in ctx
			? ctx.getNodeParameter('authentication', itemIndex, 'accessToken')
			: ctx.getNodeParameter('authentication', 'accessToken')
	) as unknown;
	if (authentication === undefined || authentication === null || authentication === '') {
		return CREDENTIAL_TYPES.accessToken;
	}
	const type = typeof authentication === 'string' ? CREDENTIAL_TYPES[authentication] : undefined;
	if (!type) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Authentication must be "accessToken" or "signIn", not ${JSON.stringify(authentication)}`,
			{ itemIndex, description: 'Check the expression of the Authentication parameter.' },
		);
	}
	return type;
}

export interface WatchCollectRequest<T> {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Validates a successful JSON response (a mismatch is an error for the item) and gives the result. */
	responseSchema: ZodType<T, ZodTypeDef, unknown>;
	itemIndex?: number;
	timeout?: number;
}

interface Credentials {
	accessToken?: string;
	baseUrl?: string;
	sessionToken?: string;
	clientToken?: string;
}

/**
 * What must never appear in an error: the static access token (a string), or, for the Sign-In
 * credential, its session and client tokens (an array; any JWT is scrubbed too).
 */
type Secret = string | undefined | Array<string | undefined>;

export function normaliseBaseUrl(baseUrl: string | undefined): string {
	return (baseUrl || DEFAULT_BASE_URL).trim().replace(/\/+$/, '');
}

/** Replaces every occurrence of the secret; an error text must never carry the token. */
export function redact(text: string, secret: Secret): string {
	if (Array.isArray(secret)) return scrubSecrets(text, secret);
	if (!secret || secret.length < 4) return text;
	return text.split(secret).join('[redacted]');
}

/** When a JWT's `exp` lies in the past, the moment it expired (the token itself is never shown). */
export function jwtExpiredAt(token: string | undefined, now: Date = new Date()): Date | undefined {
	const payload = token?.split('.')[1];
	if (!payload || token?.split('.').length !== 3) return undefined;
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
			exp?: unknown;
		};
		if (typeof claims.exp !== 'number') return undefined;
		const expiry = new Date(claims.exp * 1000);
		return expiry.getTime() <= now.getTime() ? expiry : undefined;
	} catch {
		return undefined;
	}
}

/** `Retry-After` as seconds, from either form the header may take. */
export function retryAfterSeconds(header: unknown, now: Date = new Date()): number | undefined {
	if (typeof header !== 'string' && typeof header !== 'number') return undefined;
	const text = String(header).trim();
	if (/^\d+$/.test(text)) return Number(text);
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function headerValue(headers: unknown, name: string): unknown {
	if (!headers || typeof headers !== 'object') return undefined;
	const entry = Object.entries(headers as Record<string, unknown>).find(
		([key]) => key.toLowerCase() === name,
	);
	return entry?.[1];
}

/** The API's own message and request id, from the error body shapes an API commonly uses. */
export function readErrorBody(body: unknown): { message?: string; requestId?: string } {
	if (!body || typeof body !== 'object') return {};
	const b = body as Record<string, unknown>;
	const nested = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>) : {};
	const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
	return {
		message: text(nested.message) ?? text(b.message) ?? text(b.detail) ?? text(b.error),
		requestId: text(b.request_id) ?? text(nested.request_id),
	};
}

const STATUS_MESSAGES: Record<
	number,
	(apiMessage: string | undefined) => { message: string; description: string }
> = {
	401: () => ({
		message: 'WatchCollect rejected the access token (401): it is missing, invalid or expired',
		description:
			'Open the WatchCollect credential and paste a current access token from your WatchCollect account.',
	}),
	403: (m) => ({
		message: `WatchCollect refused the operation (403)${m ? `: ${m}` : ''}`,
		description: 'The session belongs to another account, or your token is not allowed to do this.',
	}),
	404: (m) => ({
		message: `WatchCollect could not find it (404)${m ? `: ${m}` : ''}`,
		description: 'Check the WAHA session name or session ID, and the Base URL in the credential.',
	}),
	409: (m) => ({
		message: `WatchCollect reported a conflict (409)${m ? `: ${m}` : ''}`,
		description:
			'The session is in a state that does not allow this right now (for example it is already linked or busy).',
	}),
	422: (m) => ({
		message: `WatchCollect rejected the request (422)${m ? `: ${m}` : ''}`,
		description: 'Correct the field named in the message and run the node again.',
	}),
};

function apiError(
	ctx: Context,
	response: JsonObject,
	itemIndex: number | undefined,
	parts: { message: string; description?: string; httpCode?: number; requestId?: string },
	token: Secret,
): NodeApiError {
	const suffix = parts.requestId ? ` [request ID: ${parts.requestId}]` : '';
	return new NodeApiError(ctx.getNode(), response, {
		message: redact(parts.message + suffix, token),
		description: parts.description ? redact(parts.description, token) : undefined,
		httpCode: parts.httpCode !== undefined ? String(parts.httpCode) : undefined,
		itemIndex,
	});
}

function httpFailure(
	ctx: Context,
	status: number,
	headers: unknown,
	body: unknown,
	itemIndex: number | undefined,
	token: Secret,
): NodeApiError {
	const { message: apiMessage, requestId } = readErrorBody(body);
	const requestIdHeader = headerValue(headers, 'x-request-id');
	const id = requestId ?? (typeof requestIdHeader === 'string' ? requestIdHeader : undefined);
	let parts: { message: string; description: string };
	let failure: Failure | undefined;
	if (status === 401 && Array.isArray(token)) {
		// n8n has already renewed the token through Clerk and repeated the request once.
		parts = {
			message: `WatchCollect rejected the session token of the Sign-In credential (401)${apiMessage ? `: ${apiMessage}` : ''}`,
			description:
				'The credential renews expired tokens through Clerk, and once more after a 401, yet WatchCollect refused the token. Check that the Frontend API URL in the WatchCollect Sign-In credential is WatchCollect\'s (the "iss" claim of its session tokens) and that the Base URL is the WatchCollect API. If WatchCollect says the token expired, check the clock of the machine running n8n.',
		};
	} else if (status === 401) {
		parts = STATUS_MESSAGES[401](apiMessage);
		const staticToken = typeof token === 'string' ? token : undefined;
		const expiredAt = jwtExpiredAt(staticToken);
		if (expiredAt) {
			const lifetime = jwtLifetimeSeconds(readJwtClaims(staticToken));
			parts = {
				message: `WatchCollect rejected the access token (401): it expired at ${expiredAt.toISOString()}${lifetime ? `; it lived only ${describeLifetime(lifetime)}` : ''}`,
				description: `This is a session token that WatchCollect's sign-in renews about every minute, so a pasted one cannot serve later or scheduled runs. Set Authentication to "Sign-In (Renews Tokens)" and use the "WatchCollect Sign-In (Renews Tokens) API" credential: it renews the token by itself.`,
			};
		}
	} else if (status === 429) {
		const seconds = retryAfterSeconds(headerValue(headers, 'retry-after'));
		// read by helpers/rateLimit.ts, which retries the item after the wait the API asked for
		failure = {
			cause: 'rate-limited',
			retryAfterMs: seconds === undefined ? undefined : seconds * 1000,
		};
		parts = {
			message: `WatchCollect is rate limiting requests (429)${seconds !== undefined ? `: retry after ${seconds} seconds` : ''}`,
			description: `${seconds !== undefined ? `WatchCollect asked to wait ${seconds} seconds before the next request.` : 'Too many requests.'} Raise Options › Max Wait on Rate Limit, or send fewer items at once (Options › Batching), or retry later.`,
		};
	} else if (status >= 500) {
		parts = {
			message: `WatchCollect had a server error (${status})${apiMessage ? `: ${apiMessage}` : ''}`,
			description:
				'This is on WatchCollect\'s side. Retry later (the node\'s "Retry On Fail" setting can do this).',
		};
	} else if (STATUS_MESSAGES[status]) {
		parts = STATUS_MESSAGES[status](apiMessage);
	} else {
		parts = {
			message: `WatchCollect answered with HTTP ${status}${apiMessage ? `: ${apiMessage}` : ''}`,
			description: 'The request was not accepted.',
		};
	}
	const response: JsonObject = { httpCode: status };
	if (body && typeof body === 'object') response.body = body as JsonObject;
	const error = apiError(
		ctx,
		response,
		itemIndex,
		{ ...parts, httpCode: status, requestId: id },
		token,
	);
	if (failure) error.failure = failure;
	return error;
}

function transportFailure(
	ctx: Context,
	error: unknown,
	baseUrl: string,
	timeout: number,
	itemIndex: number | undefined,
	token: Secret,
): NodeApiError {
	const e = (error ?? {}) as { code?: string; message?: string; cause?: { code?: string } };
	const code = e.code ?? e.cause?.code ?? '';
	const text = String(e.message ?? '');
	let message: string;
	let description: string;
	if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) {
		message = `Could not connect to WatchCollect at ${baseUrl}: the connection was refused`;
		description =
			'Check the Base URL in the WatchCollect credential and that the server is running.';
	} else if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(text)) {
		message = `WatchCollect did not answer within ${timeout} ms`;
		description = 'The server may be busy. Retry later, or raise the Timeout under Options.';
	} else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		message = `Could not find the WatchCollect server at ${baseUrl}: the host name does not resolve`;
		description = 'Check the Base URL in the WatchCollect credential.';
	} else if (code === 'ECONNRESET' || /socket hang up/i.test(text)) {
		message = `The connection to WatchCollect at ${baseUrl} was closed before an answer arrived`;
		description =
			'Retry later; if it keeps happening, check the Base URL and any proxy in between.';
	} else {
		message = `The request to WatchCollect failed: ${text || 'unknown network error'}`;
		description = `Check the Base URL (${baseUrl}) in the WatchCollect credential.`;
	}
	// Only plain words go into the error: the original error carries the request config and headers.
	return apiError(ctx, { reason: 'transport' }, itemIndex, { message, description }, token);
}

/** The HTTP answer inside an error n8n threw for a status (a 401 of the Sign-In credential). */
function httpStatusOf(
	error: unknown,
): { statusCode: number; headers: unknown; body: unknown } | undefined {
	for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 4; depth++) {
		if (e instanceof SessionTokenExpiredError) return undefined;
		const response = e.response as
			| { status?: unknown; headers?: unknown; data?: unknown }
			| undefined;
		if (response && typeof response.status === 'number') {
			return { statusCode: response.status, headers: response.headers, body: response.data };
		}
		e = e.cause as Record<string, unknown> | undefined;
	}
	return undefined;
}

/** The error of a failed renewal (Clerk's answer in words), or undefined for any other error. */
function signInFailure(
	ctx: Context,
	error: unknown,
	itemIndex: number | undefined,
	token: Secret,
): NodeApiError | undefined {
	for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 4; depth++) {
		if (e instanceof WatchCollectSignInError || e.name === 'WatchCollectSignInError') {
			const failure = e as unknown as WatchCollectSignInError;
			return apiError(
				ctx,
				{ reason: 'sign-in', kind: String(failure.kind ?? '') },
				itemIndex,
				{ message: failure.message, description: failure.description },
				token,
			);
		}
		if (e instanceof SessionTokenExpiredError || e.name === 'SessionTokenExpiredError') {
			// Renewed, yet the new token counts as expired here: this machine's clock is off.
			const expiresAt = (e as unknown as SessionTokenExpiredError).expiresAt;
			return apiError(
				ctx,
				{ reason: 'clock' },
				itemIndex,
				{
					message: `The session token Clerk just issued already counts as expired on this n8n machine${expiresAt ? ` (it expires at ${expiresAt})` : ''}`,
					description: `Check the clock of the machine running n8n: it is now ${new Date().toISOString()} there, which seems later than Clerk's time by more than the token's lifetime.`,
				},
				token,
			);
		}
		e = e.cause as Record<string, unknown> | undefined;
	}
	return undefined;
}

export async function watchCollectApiRequest<T>(
	this: Context,
	request: WatchCollectRequest<T>,
): Promise<T> {
	const credentialName = credentialType(this, request.itemIndex);
	const credentials = (await this.getCredentials(credentialName, request.itemIndex)) as Credentials;
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	const signIn = credentialName === SIGN_IN_CREDENTIAL_TYPE;
	const token: Secret = signIn
		? [credentials.sessionToken, credentials.clientToken]
		: credentials.accessToken;
	const timeout = request.timeout ?? DEFAULT_TIMEOUT_MS;

	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${request.path}`,
		headers: { Accept: 'application/json' },
		qs: request.qs,
		body: request.body,
		json: true,
		timeout,
		returnFullResponse: true,
		// A 401 must throw for the Sign-In credential: only a thrown 401 makes n8n renew the
		// token (preAuthentication) and repeat the request. Every other status is read below.
		ignoreHttpStatusErrors: signIn ? { ignore: true, except: [401] } : true,
	};

	let response: { statusCode: number; headers: unknown; body: unknown };
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			credentialName,
			options,
		)) as typeof response;
	} catch (error) {
		const thrown = httpStatusOf(error);
		if (!thrown)
			throw (
				signInFailure(this, error, request.itemIndex, token) ??
				transportFailure(this, error, baseUrl, timeout, request.itemIndex, token)
			);
		response = thrown;
	}

	const { statusCode, headers } = response;
	let body = response.body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const text = body.toString();
		try {
			body = JSON.parse(text);
		} catch {
			if (statusCode >= 400)
				throw httpFailure(this, statusCode, headers, undefined, request.itemIndex, token);
			const type = headerValue(headers, 'content-type');
			throw apiError(
				this,
				{ httpCode: statusCode },
				request.itemIndex,
				{
					message: `WatchCollect answered with a body that is not JSON (HTTP ${statusCode}${type ? `, ${String(type)}` : ''})`,
					description:
						'Check that the Base URL in the credential points at the WatchCollect API, not a web page or proxy.',
					httpCode: statusCode,
				},
				token,
			);
		}
	}

	if (statusCode >= 400)
		throw httpFailure(this, statusCode, headers, body, request.itemIndex, token);

	const parsed = request.responseSchema.safeParse(body);
	if (!parsed.success) {
		const { requestId } = readErrorBody(body);
		throw apiError(
			this,
			{ httpCode: statusCode },
			request.itemIndex,
			{
				message: `WatchCollect's response does not match the API contract: ${describeZodError(parsed.error)}`,
				description:
					'The API may have changed. Update the node, or report this with the request ID.',
				httpCode: statusCode,
				requestId,
			},
			token,
		);
	}
	return parsed.data;
}
