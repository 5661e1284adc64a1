import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
			description: 'Sent as "Authorization: Bearer <token>"',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api-v2.watchcollect.com',
			description: 'Change only to use a staging server or a local WatchCollect simulator',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.baseUrl || "https://api-v2.watchcollect.com").replace(/\\/+$/, "") }}',
			url: '/v2/sessions',
			method: 'GET',
			qs: { role: 'receiving' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'WatchCollect rejected the access token (401): it is missing, invalid or expired. Paste a current token from your WatchCollect account.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'WatchCollect refused the token (403): it may not list sessions. Check that it belongs to the right account.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No WatchCollect API at this Base URL (404). Check the Base URL, e.g. https://api-v2.watchcollect.com',
				},
			},
		],
	};
}
