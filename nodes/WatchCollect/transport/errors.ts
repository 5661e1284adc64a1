/**
 * Every failure of a WatchCollect request in words a user can act on: the status → message
 * catalogue for API answers, the transport failures (no answer), a failed Sign-In renewal, and an
 * answer that is not what the API promised. Every text goes through redact() first.
 */
import type {
	Failure,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeLifetime, jwtExpiredAt, jwtLifetimeSeconds, readJwtClaims } from './jwt';
import { networkFailure } from './network';
import { redact, type Secret } from './redact';
import { SessionTokenExpiredError, WatchCollectSignInError } from './signInErrors';

export type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** `Retry-After` as seconds, from either form the header may take. */
export function retryAfterSeconds(header: unknown, now: Date = new Date()): number | undefined {
	if (typeof header !== 'string' && typeof header !== 'number') return undefined;
	const text = String(header).trim();
	if (/^\d+$/.test(text)) return Number(text);
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

export function headerValue(headers: unknown, name: string): unknown {
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
		description:
			'What the item asks for (a session, listing, classification…) belongs to another account, or your token is not allowed to do this.',
	}),
	404: (m) => ({
		message: `WatchCollect could not find it (404)${m ? `: ${m}` : ''}`,
		description:
			'Check the ID the item gives (a session, message, saved view, send, schedule, listing or classification: an expression may read the wrong column) and the Base URL in the credential.',
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

export function apiError(
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

/** The words for a 401: the Sign-In credential's, an expired pasted session token's, or plain. */
function unauthorized(apiMessage: string | undefined, token: Secret) {
	if (Array.isArray(token)) {
		// n8n has already renewed the token through Clerk and repeated the request once.
		return {
			message: `WatchCollect rejected the session token of the Sign-In credential (401)${apiMessage ? `: ${apiMessage}` : ''}`,
			description:
				'The credential renews expired tokens through Clerk, and once more after a 401, yet WatchCollect refused the token. Check that the Frontend API URL in the WatchCollect Sign-In credential is WatchCollect\'s (the "iss" claim of its session tokens) and that the Base URL is the WatchCollect API. If WatchCollect says the token expired, check the clock of the machine running n8n.',
		};
	}
	const expiredAt = jwtExpiredAt(token);
	if (!expiredAt) return STATUS_MESSAGES[401](apiMessage);
	const lifetime = jwtLifetimeSeconds(readJwtClaims(token));
	return {
		message: `WatchCollect rejected the access token (401): it expired at ${expiredAt.toISOString()}${lifetime ? `; it lived only ${describeLifetime(lifetime)}` : ''}`,
		description: `This is a session token that WatchCollect's sign-in renews about every minute, so a pasted one cannot serve later or scheduled runs. Set Authentication to "Sign-In (Renews Tokens)" and use the "WatchCollect Sign-In (Renews Tokens) API" credential: it renews the token by itself.`,
	};
}

/** An HTTP answer with an error status, as the error for the item. */
export function httpFailure(
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
	if (status === 401) {
		parts = unauthorized(apiMessage, token);
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

/** No HTTP answer arrived (refused, timed out, unresolved, closed): the error for the item. */
export function transportFailure(
	ctx: Context,
	error: unknown,
	baseUrl: string,
	timeout: number,
	itemIndex: number | undefined,
	token: Secret,
): NodeApiError {
	const { kind, text } = networkFailure(error);
	let message: string;
	let description: string;
	if (kind === 'refused') {
		message = `Could not connect to WatchCollect at ${baseUrl}: the connection was refused`;
		description =
			'Check the Base URL in the WatchCollect credential and that the server is running.';
	} else if (kind === 'timeout') {
		message = `WatchCollect did not answer within ${timeout} ms`;
		description = 'The server may be busy. Retry later, or raise the Timeout under Options.';
	} else if (kind === 'unresolved') {
		message = `Could not find the WatchCollect server at ${baseUrl}: the host name does not resolve`;
		description = 'Check the Base URL in the WatchCollect credential.';
	} else if (kind === 'closed') {
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

/** The error of a failed renewal (Clerk's answer in words), or undefined for any other error. */
export function signInFailure(
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

/** A 2xx answer whose body is not JSON: most likely the Base URL points at a web page. */
export function notJsonFailure(
	ctx: Context,
	statusCode: number,
	headers: unknown,
	itemIndex: number | undefined,
	token: Secret,
): NodeApiError {
	const type = headerValue(headers, 'content-type');
	return apiError(
		ctx,
		{ httpCode: statusCode },
		itemIndex,
		{
			message: `WatchCollect answered with a body that is not JSON (HTTP ${statusCode}${type ? `, ${String(type)}` : ''})`,
			description:
				'Check that the Base URL in the credential points at the WatchCollect API, not a web page or proxy.',
			httpCode: statusCode,
		},
		token,
	);
}

/** A 2xx answer the operation's response schema refuses (`described`: what did not match). */
export function contractFailure(
	ctx: Context,
	statusCode: number,
	body: unknown,
	described: string,
	itemIndex: number | undefined,
	token: Secret,
): NodeApiError {
	const { requestId } = readErrorBody(body);
	return apiError(
		ctx,
		{ httpCode: statusCode },
		itemIndex,
		{
			message: `WatchCollect's response does not match the API contract: ${described}`,
			description: 'The API may have changed. Update the node, or report this with the request ID.',
			httpCode: statusCode,
			requestId,
		},
		token,
	);
}
