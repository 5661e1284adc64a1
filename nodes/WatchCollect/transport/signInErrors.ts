/**
 * The errors of the Sign-In credential's token renewal: thrown by the Clerk client (clerk.ts,
 * frontendApi.ts) and by the credential's `authenticate`, read by the node's transport (errors.ts),
 * which shows their words. They carry no `code`/`httpCode`/`response` property (except the one
 * n8n needs to renew), so n8n shows their words instead of a generic status text.
 */

/**
 * A failure of the sign-in step, in words a user can act on. `kind` lets the node's transport and
 * the tests tell the cases apart without parsing the message.
 */
export class WatchCollectSignInError extends Error {
	readonly kind: SignInFailureKind;

	readonly description: string;

	constructor(kind: SignInFailureKind, message: string, description: string) {
		super(message);
		this.name = 'WatchCollectSignInError';
		this.kind = kind;
		this.description = description;
	}
}

export type SignInFailureKind =
	| 'bad-frontend-api-url'
	| 'not-a-frontend-api'
	| 'unreachable'
	| 'client-token-rejected'
	| 'signed-out'
	| 'session-ended'
	| 'native-api-disabled'
	| 'unexpected-answer'
	| 'missing-client-token';

/**
 * Thrown by the credential's `authenticate` when the stored session token is expired (or about
 * to): shaped like an HTTP 401 so n8n's `httpRequestWithAuthentication` renews the credential
 * through `preAuthentication` and repeats the request, before anything reaches WatchCollect.
 */
export class SessionTokenExpiredError extends Error {
	readonly response = { status: 401 };

	readonly expiresAt?: string;

	constructor(expiresAt?: number) {
		super('The WatchCollect session token expired and must be renewed');
		this.name = 'SessionTokenExpiredError';
		if (expiresAt !== undefined) this.expiresAt = new Date(expiresAt * 1000).toISOString();
	}
}
