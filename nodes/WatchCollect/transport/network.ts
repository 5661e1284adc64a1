/**
 * What went wrong when no HTTP answer arrived: the words for the node's transport errors
 * (errors.ts) and for the Sign-In credential's Clerk client (clerk.ts), read from the error the
 * HTTP client threw.
 */

export type NetworkFailureKind = 'refused' | 'timeout' | 'unresolved' | 'closed' | 'other';

export interface NetworkFailure {
	kind: NetworkFailureKind;
	/** The error's own message ('' when it has none). */
	text: string;
}

/**
 * n8n's own words for these codes: n8n 1.x throws a NodeApiError that carries only them (read in
 * n8n-workflow's errors/abstract/node.error.js).
 */
const N8N_MESSAGES: Array<[RegExp, NetworkFailureKind]> = [
	[/refused the connection/i, 'refused'],
	[/timed out|connection was aborted/i, 'timeout'],
	[/incorrect host|DNS server returned an error/i, 'unresolved'],
	[/closed unexpectedly/i, 'closed'],
];

/** The first `code` along the error's `cause` chain ('' when there is none). */
function errorCode(error: unknown): string {
	let e = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; e && depth < 4; depth++, e = e.cause as typeof e) {
		if (typeof e.code === 'string' && e.code) return e.code;
	}
	return '';
}

/** Classifies a thrown network error by its code (or its message when the code is absent). */
export function networkFailure(error: unknown): NetworkFailure {
	const e = (error ?? {}) as { message?: string };
	const code = errorCode(error);
	const text = String(e.message ?? '');
	let kind: NetworkFailureKind = 'other';
	if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) kind = 'refused';
	else if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(text))
		kind = 'timeout';
	else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(text))
		kind = 'unresolved';
	else if (code === 'ECONNRESET' || /socket hang up/i.test(text)) kind = 'closed';
	else kind = N8N_MESSAGES.find(([pattern]) => pattern.test(text))?.[1] ?? 'other';
	return { kind, text };
}
