/**
 * Repeating a request whose answer was lost, where that is safe (issue 13 §3): every GET, and the
 * writes a caller marks `retryLostAnswer` because repeating them cannot do anything twice (Send,
 * keyed by its idempotency key; Cancel Schedule). The request goes out again unchanged — same
 * body, same key — at most LOST_ANSWER_ATTEMPTS times in all, after a short pause.
 *
 * A lost answer: the connection was reset or closed, or no answer came within the timeout, or a
 * gateway answered 502/503/504 for WatchCollect. A refused connection, an unresolved host, a 429
 * (helpers/rateLimit.ts repeats the whole item after the wait the API asks for) or any other
 * status is not repeated here. The pause is n8n-workflow's `sleep`, cut short when the execution
 * is cancelled.
 */
import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	NodeApiError,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { networkFailure } from './network';
import { SessionTokenExpiredError, WatchCollectSignInError } from './signInErrors';

/** How often a safe request is sent at most when its answers are lost (the first try included). */
export const LOST_ANSWER_ATTEMPTS = 3;
/** The pause before the second try; it doubles before each further one. */
export const LOST_ANSWER_BACKOFF_MS = 250;

const GATEWAY_STATUSES = new Set([502, 503, 504]);

export interface RawResponse {
	statusCode: number;
	headers: unknown;
	body: unknown;
}

/** One try: the answer, or the error the HTTP client threw. */
export type RawOutcome = { ok: true; response: RawResponse } | { ok: false; error: unknown };

/** Whether a try's answer was lost on the way (see the file header). */
export function isLostAnswer(outcome: RawOutcome): boolean {
	if (outcome.ok) return GATEWAY_STATUSES.has(outcome.response.statusCode);
	for (
		let e = outcome.error as Record<string, unknown> | undefined, depth = 0;
		e && depth < 4;
		depth++
	) {
		// a failed token renewal or an answer n8n threw for its status is no lost answer
		if (e instanceof WatchCollectSignInError || e instanceof SessionTokenExpiredError) return false;
		if (e.name === 'WatchCollectSignInError' || e.name === 'SessionTokenExpiredError') return false;
		const response = e.response as { status?: unknown } | undefined;
		if (response && typeof response.status === 'number')
			return GATEWAY_STATUSES.has(response.status);
		e = e.cause as Record<string, unknown> | undefined;
	}
	const { kind } = networkFailure(outcome.error);
	return kind === 'closed' || kind === 'timeout';
}

/**
 * Runs `send` once, or — when `repeat` is set — again after each lost answer, up to
 * LOST_ANSWER_ATTEMPTS tries. Gives the last outcome and how many tries it took.
 */
export async function sendRepeatingLostAnswers(
	ctx: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions,
	repeat: boolean,
	send: () => Promise<RawResponse>,
): Promise<{ outcome: RawOutcome; attempts: number }> {
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
	for (let attempt = 1; ; attempt++) {
		const outcome = await send().then(
			(response): RawOutcome => ({ ok: true, response }),
			(error: unknown): RawOutcome => ({ ok: false, error }),
		);
		if (!repeat || attempt >= LOST_ANSWER_ATTEMPTS || !isLostAnswer(outcome) || signal?.aborted) {
			return { outcome, attempts: attempt };
		}
		await sleep(LOST_ANSWER_BACKOFF_MS * 2 ** (attempt - 1), signal);
	}
}

/** What a user should know when a request's answer stayed lost. */
export function lostAnswerNote(
	repeated: boolean,
	attempts: number,
	advice: string | undefined,
): { messageSuffix: string; descriptionPrefix: string } {
	if (repeated) {
		return {
			messageSuffix: ` (sent ${attempts} times: no answer came back)`,
			descriptionPrefix: `The node repeated the request itself, as repeating it is safe (same body and, for a send, the same idempotency key).`,
		};
	}
	return {
		messageSuffix: '',
		descriptionPrefix:
			advice ??
			'WatchCollect may have carried out the request before its answer was lost, so the node did not repeat it. Check in WatchCollect before running the item again.',
	};
}

/** The error of a request whose answer stayed lost, with the note in its message and description. */
export function withLostAnswerNote(
	error: NodeApiError,
	note: { messageSuffix: string; descriptionPrefix: string },
): NodeApiError {
	error.message = `${error.message}${note.messageSuffix}`;
	error.description = [note.descriptionPrefix, error.description].filter(Boolean).join(' ');
	return error;
}
