/**
 * The WatchCollect API's Base URL, as both credentials ask for it and as every request (and each
 * credential's test request) uses it: one definition, imported by `watchCollectApi` and
 * `watchCollectSignInApi` and by the node's transport.
 */
import type { ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://api-v2.watchcollect.com';

/** The Base URL a request goes to: the credential's, or production; no trailing slash. */
export function normaliseBaseUrl(baseUrl: string | undefined): string {
	return (baseUrl || DEFAULT_BASE_URL).trim().replace(/\/+$/, '');
}

/** The Base URL field of both credentials. */
export const baseUrlProperty: INodeProperties = {
	displayName: 'Base URL',
	name: 'baseUrl',
	type: 'string',
	default: DEFAULT_BASE_URL,
	description: 'Change only to use a staging server or a local WatchCollect simulator',
};

/** The credential test's base URL: the same rule as normaliseBaseUrl, as an n8n expression. */
const TEST_BASE_URL = `={{ ($credentials.baseUrl || "${DEFAULT_BASE_URL}").replace(/\\/+$/, "") }}`;

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
			baseURL: TEST_BASE_URL,
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
