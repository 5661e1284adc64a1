/**
 * Scrubbing secrets from every text that may reach a user or a log: the node's errors (see
 * errors.ts) and the Sign-In credential's Clerk client (clerk.ts) both go through here.
 */
import { JWT_IN_TEXT } from './jwt';

/**
 * What must never appear in an error: the static access token (a string), or, for the Sign-In
 * credential, its session and client tokens (an array; any JWT is scrubbed too).
 */
export type Secret = string | undefined | Array<string | undefined>;

/** Replaces every given token (and any JWT at all) in a text that may reach a user or a log. */
export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out.replace(JWT_IN_TEXT, '[redacted JWT]');
}

/** Replaces every occurrence of the secret; an error text must never carry the token. */
export function redact(text: string, secret: Secret): string {
	if (Array.isArray(secret)) return scrubSecrets(text, secret);
	if (!secret || secret.length < 4) return text;
	return text.split(secret).join('[redacted]');
}
