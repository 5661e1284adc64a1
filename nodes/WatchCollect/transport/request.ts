/**
 * The one way this node talks to WatchCollect: every request goes through `watchCollectApiRequest`.
 * It authenticates through the credential the `authentication` parameter selects (`watchCollectApi`:
 * a static token; `watchCollectSignInApi`: session tokens renewed through Clerk), maps every failure
 * onto an error a user can act on (errors.ts), validates JSON responses, and makes sure no token
 * ever reaches an error (redact.ts).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

import { describeZodError } from '../schemas/common';
import { normaliseBaseUrl, normaliseToken } from './credentials';
import {
	contractFailure,
	headerValue,
	httpFailure,
	notJsonFailure,
	signInFailure,
	transportFailure,
} from './errors';
import type { Secret } from './redact';
import {
	isLostAnswer,
	lostAnswerNote,
	sendRepeatingLostAnswers,
	withLostAnswerNote,
	type RawResponse,
} from './retry';
import { SessionTokenExpiredError } from './signInErrors';

/** The credential type of each value of the nodes' `authentication` parameter. */
export const CREDENTIAL_TYPES: Record<string, string> = {
	accessToken: 'watchCollectApi',
	signIn: 'watchCollectSignInApi',
};
export const SIGN_IN_CREDENTIAL_TYPE = CREDENTIAL_TYPES.signIn;
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
	/**
	 * Repeat the request when its answer is lost (retry.ts): true for a request that cannot do
	 * anything twice (Send with its idempotency key, Cancel Schedule). Default: GET only.
	 */
	retryLostAnswer?: boolean;
	/** For a write that is not repeated: what a user should do when its answer was lost. */
	lostAnswerAdvice?: string;
	/**
	 * A write: a 2xx answer whose body is not JSON is kept as text (`notJson` says so) instead
	 * of failing the item — the server accepted the write, the item must not invite a repeat.
	 */
	acceptText?: boolean;
}

interface Credentials {
	accessToken?: string;
	baseUrl?: string;
	sessionToken?: string;
	clientToken?: string;
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

/** A successful answer: its status and the validated body, or no body at all (`empty`). */
export type WatchCollectResponse<T> =
	| { empty: false; statusCode: number; body: T; notJson?: string }
	| { empty: true; statusCode: number; body: undefined };

/**
 * The body as n8n sends it: n8n leaves out an empty object, so a POST whose filters are all
 * empty (Market Facet with no filter, a saved-view preview) goes as the JSON text `{}`.
 */
function jsonBody(body: IDataObject | undefined): IDataObject | string | undefined {
	return body !== undefined && Object.keys(body).length === 0 ? '{}' : body;
}

/** 204/205, or a 2xx answer without a body (none, an empty string, only whitespace). */
function isEmptyBody(statusCode: number, body: unknown): boolean {
	if (statusCode === 204 || statusCode === 205) return true;
	if (body === undefined) return true;
	if (typeof body === 'string') return body.trim() === '';
	return Buffer.isBuffer(body) && body.toString().trim() === '';
}

/**
 * Options › Timeout as the panel or an expression sets it (a sheet's cell gives text: "60000");
 * empty is the default; anything else that is not a number fails the item before any request.
 */
function checkedTimeout(ctx: Context, value: unknown, itemIndex: number | undefined): number {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
		return DEFAULT_TIMEOUT_MS;
	const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n) || n < 1)
		throw new NodeOperationError(
			ctx.getNode(),
			`Invalid parameter: Options › Timeout (timeout): ${JSON.stringify(value)} is not a number of milliseconds, e.g. 30000`,
			{ itemIndex, description: 'No request was sent for this item.' },
		);
	return n;
}

/**
 * Sends a request and reads its answer: an error status, no answer or a body that is not JSON
 * becomes the item's error; a successful answer comes with its status code, its body validated
 * by `responseSchema` — or, for an empty answer (204, or 200/202 with no body), `empty: true` and
 * no body: the request was carried out, there is just nothing to read.
 */
export async function watchCollectApiResponse<T>(
	this: Context,
	request: WatchCollectRequest<T>,
): Promise<WatchCollectResponse<T>> {
	const timeout = checkedTimeout(this, request.timeout, request.itemIndex);
	const credentialName = credentialType(this, request.itemIndex);
	const credentials = (await this.getCredentials(credentialName, request.itemIndex)) as Credentials;
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	const signIn = credentialName === SIGN_IN_CREDENTIAL_TYPE;
	// what must never reach an error: the tokens as stored and as sent
	const token: Secret = signIn
		? [credentials.sessionToken, credentials.clientToken, normaliseToken(credentials.clientToken)]
		: normaliseToken(credentials.accessToken);

	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${request.path}`,
		headers: {
			Accept: 'application/json',
			...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
		},
		qs: request.qs,
		body: jsonBody(request.body),
		json: true,
		timeout,
		returnFullResponse: true,
		// A 401 must throw for the Sign-In credential: only a thrown 401 makes n8n renew the
		// token (preAuthentication) and repeat the request. Every other status is read below.
		ignoreHttpStatusErrors: signIn ? { ignore: true, except: [401] } : true,
	};

	const repeat = request.retryLostAnswer ?? request.method === 'GET';
	const { outcome, attempts } = await sendRepeatingLostAnswers(
		this,
		repeat,
		async () =>
			(await this.helpers.httpRequestWithAuthentication.call(
				this,
				credentialName,
				options,
			)) as RawResponse,
	);
	// an answer that stayed lost: the error says what the node did and what a user should do
	const lost = isLostAnswer(outcome)
		? lostAnswerNote(repeat, attempts, request.lostAnswerAdvice)
		: undefined;
	const fail = (error: NodeApiError) => (lost ? withLostAnswerNote(error, lost) : error);

	let response: RawResponse;
	if (outcome.ok) {
		response = outcome.response;
	} else {
		const thrown = httpStatusOf(outcome.error);
		if (!thrown)
			throw fail(
				signInFailure(this, outcome.error, request.itemIndex, token) ??
					transportFailure(this, outcome.error, baseUrl, timeout, request.itemIndex, token),
			);
		response = thrown;
	}

	const { statusCode, headers } = response;
	let body = response.body;
	if (statusCode < 400 && isEmptyBody(statusCode, body)) {
		return { empty: true, statusCode, body: undefined };
	}
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const text = body.toString();
		try {
			body = JSON.parse(text);
		} catch {
			if (statusCode >= 400)
				throw fail(httpFailure(this, statusCode, headers, undefined, request.itemIndex, token));
			if (!request.acceptText)
				throw notJsonFailure(this, statusCode, headers, request.itemIndex, token);
			// n8n already parsed a JSON text value (`"created"`): only other text is "not JSON"
			const type = String(headerValue(headers, 'content-type') ?? '');
			const parsed = request.responseSchema.safeParse(text);
			if (parsed.success) {
				const notJson = /json/i.test(type) ? undefined : type || 'no content type';
				return { empty: false, statusCode, body: parsed.data, notJson };
			}
			throw notJsonFailure(this, statusCode, headers, request.itemIndex, token);
		}
	}

	if (statusCode >= 400)
		throw fail(httpFailure(this, statusCode, headers, body, request.itemIndex, token));

	const parsed = request.responseSchema.safeParse(body);
	if (!parsed.success) {
		const described = describeZodError(parsed.error);
		throw contractFailure(this, statusCode, body, described, request.itemIndex, token);
	}
	return { empty: false, statusCode, body: parsed.data };
}

/**
 * The validated body of a successful answer (see watchCollectApiResponse). An empty answer is
 * given to `responseSchema` as `undefined`: a schema that accepts that (e.g. `z.unknown()`)
 * gets it, any other makes the empty answer the item's error, as it cannot give the result.
 */
export async function watchCollectApiRequest<T>(
	this: Context,
	request: WatchCollectRequest<T>,
): Promise<T> {
	const response = await watchCollectApiResponse.call<
		Context,
		[WatchCollectRequest<T>],
		Promise<WatchCollectResponse<T>>
	>(this, request);
	if (!response.empty) return response.body;
	const parsed = request.responseSchema.safeParse(undefined);
	if (parsed.success) return parsed.data;
	throw contractFailure(
		this,
		response.statusCode,
		undefined,
		`the answer was empty (HTTP ${response.statusCode}), but this operation reads a body`,
		request.itemIndex,
		undefined,
	);
}
