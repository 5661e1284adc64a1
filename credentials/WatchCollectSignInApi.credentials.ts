import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	renewSessionToken,
	SessionTokenExpiredError,
	tokenNeedsRenewal,
} from '../nodes/WatchCollect/transport/clerk';
import {
	baseUrlProperty,
	credentialTestRequest,
} from '../nodes/WatchCollect/transport/credentials';
import { readJwtClaims } from '../nodes/WatchCollect/transport/jwt';

/**
 * WatchCollect signs users in with Clerk, whose session tokens live one minute. This credential
 * keeps a signed-in device's client token and renews the session token through Clerk's Frontend
 * API whenever it is missing, expired or refused (n8n's `preAuthentication` + expirable property).
 */
export class WatchCollectSignInApi implements ICredentialType {
	name = 'watchCollectSignInApi';

	displayName = 'WatchCollect Sign-In (Renews Tokens) API';

	icon: Icon = {
		light: 'file:../nodes/WatchCollect/watchCollect.svg',
		dark: 'file:../nodes/WatchCollect/watchCollect.dark.svg',
	};

	documentationUrl = 'https://github.com/watchcollect/n8n-nodes-watchcollect#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Client Token',
			name: 'clientToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: 'The __client cookie of a browser signed in to WatchCollect: DevTools → Network → a request to …/v1/client → Cookie header, the value after "__client=". Signing that browser out revokes it.',
			description:
				"The Clerk client token of a device signed in to WatchCollect. It never leaves n8n except towards WatchCollect's Frontend API.",
		},
		{
			displayName: 'Frontend API URL',
			name: 'frontendApiUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://clerk.<WatchCollect domain>',
			hint: 'The URL of that same …/v1/client request (the part before /v1 is kept, e.g. https://clerk.example.com). Or paste one WatchCollect session token here: its "iss" claim is this URL.',
			description:
				'WatchCollect\'s Clerk Frontend API, which renews the session tokens. It is the "iss" claim of any WatchCollect session token.',
		},
		{
			displayName: 'Clerk Session ID',
			name: 'clerkSessionId',
			type: 'string',
			default: '',
			placeholder: 'sess_…',
			description:
				'Leave empty to use the signed-in device\'s last active session. Set it (the "sid" claim of a session token) when the device has several.',
		},
		baseUrlProperty,
		{
			displayName: 'Send Client Token As',
			name: 'sendClientAs',
			type: 'options',
			default: 'header',
			options: [
				{
					name: 'Authorization Header (Like Clerk Mobile SDKs)',
					value: 'header',
					description: 'Authorization: <client token>, with ?_is_native=true',
				},
				{
					name: 'Cookie (Like a Browser)',
					value: 'cookie',
					description: 'Cookie: __client=<client token>',
				},
			],
			description:
				'How the client token goes to Clerk. Keep the default unless Clerk answers "native_api_disabled".',
		},
	];

	/**
	 * Called by n8n when the session token is empty, when a request failed with 401 (or the
	 * stored token is expired, see authenticate), and for every credential test.
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const renewed = await renewSessionToken(
			async (options: IHttpRequestOptions) => await this.helpers.httpRequest(options),
			credentials,
		);
		return { ...renewed };
	}

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const token = typeof credentials.sessionToken === 'string' ? credentials.sessionToken : '';
		// An expired token is renewed before WatchCollect sees it (n8n handles this like a 401).
		if (tokenNeedsRenewal(token)) throw new SessionTokenExpiredError(readJwtClaims(token)?.exp);
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token}` },
		};
	};

	test: ICredentialTestRequest = credentialTestRequest({
		unauthorized:
			'Clerk renewed the session token, but WatchCollect rejected it (401). Check that the Frontend API URL is the "iss" of a WatchCollect session token and that the Base URL is WatchCollect\'s.',
		forbidden:
			'WatchCollect refused the renewed token (403): it may not list sessions. Check that the client token belongs to the right account.',
	});
}
