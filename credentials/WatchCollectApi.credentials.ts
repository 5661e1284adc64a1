import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import {
	ACCESS_TOKEN_HEADER_EXPRESSION,
	baseUrlProperty,
	credentialTestRequest,
} from '../nodes/WatchCollect/transport/credentials';

export class WatchCollectApi implements ICredentialType {
	name = 'watchCollectApi';

	displayName = 'WatchCollect API';

	icon: Icon = {
		light: 'file:../nodes/WatchCollect/watchCollect.svg',
		dark: 'file:../nodes/WatchCollect/watchCollect.dark.svg',
	};

	documentationUrl = 'https://docs.watchcollect.com';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: 'A long-lived WatchCollect API token, or the simulator\'s. A session token copied from a browser expires within a minute: for schedules use the "WatchCollect Sign-In (Renews Tokens) API" credential.',
			description:
				'Sent as "Authorization: Bearer <token>" (a pasted "Bearer " prefix and surrounding spaces are dropped)',
		},
		baseUrlProperty,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				// the token as pasted, without surrounding spaces or a leading "Bearer "
				Authorization: ACCESS_TOKEN_HEADER_EXPRESSION,
			},
		},
	};

	test: ICredentialTestRequest = credentialTestRequest({
		unauthorized:
			'WatchCollect rejected the access token (401): it is missing, invalid or expired. Paste a current token from your WatchCollect account.',
		forbidden:
			'WatchCollect refused the token (403): it may not list sessions. Check that it belongs to the right account.',
	});
}
