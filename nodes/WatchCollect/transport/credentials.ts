/**
 * What both WatchCollect credentials share, in one place: the Base URL field, how a Base URL and a
 * pasted token are read, and the credential test. Imported by `watchCollectApi`,
 * `watchCollectSignInApi` and the node's transport, so the credential test and every execution
 * treat the Base URL the same.
 */
import type { ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://api-v2.watchcollect.com';

/**
 * The endings a pasted Base URL may have that the request paths (`/v2/…`) already carry: trailing
 * slashes and the API version, so `…/`, `…/v2` and `…/v2/` all mean the API's root. Applied in
 * this order, by normaliseBaseUrl and (as an n8n expression) by the credential test.
 */
const BASE_URL_ENDINGS: RegExp[] = [/\/+$/, /\/v2$/i, /\/+$/];

/** The Base URL a request goes to: the credential's (production when empty), without the endings above. */
export function normaliseBaseUrl(baseUrl: string | undefined): string {
	const text = (baseUrl ?? '').trim() || DEFAULT_BASE_URL;
	return BASE_URL_ENDINGS.reduce((url, ending) => url.replace(ending, ''), text);
}

/** normaliseBaseUrl as an n8n expression over `$credentials.baseUrl` (for the credential test). */
export const BASE_URL_EXPRESSION = `={{ (($credentials.baseUrl || "").trim() || "${DEFAULT_BASE_URL}")${BASE_URL_ENDINGS.map(
	(ending) => `.replace(/${ending.source}/${ending.flags}, "")`,
).join('')} }}`;

/** A leading `Bearer ` (any case) that users often paste with a token. */
const BEARER_PREFIX = /^bearer\s+/i;

/** A pasted token as it is to be sent: without surrounding spaces and without a `Bearer ` prefix. */
export function normaliseToken(token: unknown): string {
	return typeof token === 'string' ? token.trim().replace(BEARER_PREFIX, '').trim() : '';
}

/** normaliseToken as an n8n expression over `$credentials.accessToken` (the generic authenticate). */
export const ACCESS_TOKEN_HEADER_EXPRESSION = `={{ "Bearer " + ($credentials.accessToken || "").trim().replace(/${BEARER_PREFIX.source}/${BEARER_PREFIX.flags}, "").trim() }}`;

/** The Base URL field of both credentials. */
export const baseUrlProperty: INodeProperties = {
	displayName: 'Base URL',
	name: 'baseUrl',
	type: 'string',
	default: DEFAULT_BASE_URL,
	description:
		'Change only to use a staging server or a local WatchCollect simulator. With or without a trailing / or /v2.',
};

/**
 * Both credentials' test: the read-only session list, which every token that may use the node
 * may call. Each credential names its own fix for a 401 and a 403.
 */
export function credentialTestRequest(messages: {
	unauthorized: string;
	forbidden: string;
}): ICredentialTestRequest {
	return {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/v2/sessions',
			method: 'GET',
			qs: { role: 'receiving' },
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: messages.unauthorized } },
			{ type: 'responseCode', properties: { value: 403, message: messages.forbidden } },
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: `No WatchCollect API at this Base URL (404). Check the Base URL, e.g. ${DEFAULT_BASE_URL}`,
				},
			},
		],
	};
}
