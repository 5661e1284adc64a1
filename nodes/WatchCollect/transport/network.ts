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

/** Classifies a thrown network error by its code (or its message when the code is absent). */
export function networkFailure(error: unknown): NetworkFailure {
	const e = (error ?? {}) as { code?: string; message?: string; cause?: { code?: string } };
	const code = e.code ?? e.cause?.code ?? '';
	const text = String(e.message ?? '');
	let kind: NetworkFailureKind = 'other';
	if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) kind = 'refused';
	else if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(text))
		kind = 'timeout';
	else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(text))
		kind = 'unresolved';
	else if (code === 'ECONNRESET' || /socket hang up/i.test(text)) kind = 'closed';
	return { kind, text };
}
