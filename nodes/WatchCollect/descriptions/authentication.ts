/**
 * How a WatchCollect node authenticates: the `authentication` parameter and the credential slot
 * that goes with each choice. Shared by every WatchCollect node.
 *
 * - accessToken (default, so every stored workflow keeps working): `watchCollectApi`, a static
 *   token: a long-lived API token, or the simulator's.
 * - signIn: `watchCollectSignInApi`, which renews WatchCollect's one-minute session tokens through
 *   Clerk by itself: the choice for schedules and any run more than a minute after sign-in.
 */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

export const credentials: INodeCredentialDescription[] = [
	{
		name: 'watchCollectApi',
		required: true,
		displayOptions: { show: { authentication: ['accessToken'] } },
	},
	{
		name: 'watchCollectSignInApi',
		required: true,
		displayOptions: { show: { authentication: ['signIn'] } },
	},
];

export const authenticationProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Access Token',
				value: 'accessToken',
				description: 'A static token: a long-lived WatchCollect API token, or the simulator’s',
			},
			{
				name: 'Sign-In (Renews Tokens)',
				value: 'signIn',
				description:
					'A signed-in device’s client token; WatchCollect’s one-minute session tokens are renewed automatically. Use this for schedules.',
			},
		],
		default: 'accessToken',
	},
];
