/**
 * The Sign-In renewal: a session token renewed through the node's own Clerk client before the
 * endpoints are read. Every token it sees is added to the secrets the report must not show.
 */
import { renewSessionToken, scrubSecrets } from '../../nodes/WatchCollect/transport/clerk';
import { clerkHttpRequest } from './http';
import type { ProbeConfig, ProbeReport } from './types';

export interface Renewal {
	/** the renewed session token; absent when the renewal failed */
	token?: string;
	renewal: NonNullable<ProbeReport['renewal']>;
}

export async function renewToken(
	signIn: NonNullable<ProbeConfig['signIn']>,
	timeoutMs: number,
	secrets: string[],
): Promise<Renewal> {
	secrets.push(signIn.clientToken);
	const started = Date.now();
	try {
		const renewed = await renewSessionToken(clerkHttpRequest(timeoutMs), {
			clientToken: signIn.clientToken,
			frontendApiUrl: signIn.frontendApiUrl,
			clerkSessionId: signIn.clerkSessionId,
			sendClientAs: signIn.sendClientAs,
		});
		secrets.push(renewed.sessionToken);
		if (renewed.clientToken) secrets.push(renewed.clientToken);
		return {
			token: renewed.sessionToken,
			renewal: {
				status: 'renewed',
				ms: Date.now() - started,
				note: renewed.clientToken
					? 'Clerk rotated the client token (not stored: the probe writes nothing)'
					: 'a session token was renewed',
			},
		};
	} catch (error) {
		return {
			renewal: {
				status: 'failed',
				ms: Date.now() - started,
				note: scrubSecrets((error as Error).message, secrets),
			},
		};
	}
}
