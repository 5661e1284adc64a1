/**
 * Retrying an item that WatchCollect rate limited (HTTP 429): wait what its `Retry-After` asks
 * for, then run the item again — as long as the item's total wait stays within Options › Max
 * Wait on Rate Limit. Past that bound the 429 error stands, with its message unchanged.
 *
 * A 429 means the request was not carried out, so running the item's operation again is safe.
 * The wait is n8n-workflow's `sleep` (timers are not for community nodes), cut short when the
 * execution is cancelled.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** Default of Options › Max Wait on Rate Limit, in seconds. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_S = 60;
/** The wait when a 429 names none: 1 s, then doubled on each retry of the item. */
const FALLBACK_WAIT_MS = 1000;

/** The wait a rate-limit error asks for, in ms (0 when it names none), or undefined if it is not one. */
export function rateLimitWaitMs(error: unknown): number | undefined {
	if (!error || typeof error !== 'object') return undefined;
	const e = error as { httpCode?: unknown; failure?: { cause?: unknown; retryAfterMs?: unknown } };
	if (e.failure?.cause !== 'rate-limited' && String(e.httpCode) !== '429') return undefined;
	const ms = e.failure?.retryAfterMs;
	return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : 0;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `attempt`; on a rate-limit error waits and runs it again while the item's waits add up to
 * at most `maxWaitSeconds`. Gives the value, or the error as it came: any other error at once, a
 * rate-limit error when the next wait would go past the bound.
 */
export async function withRateLimitRetry<T>(
	this: IExecuteFunctions,
	maxWaitSeconds: number,
	attempt: () => Promise<T>,
): Promise<Attempt<T>> {
	const budgetMs = Math.max(0, maxWaitSeconds) * 1000;
	let waitedMs = 0;
	for (let retry = 0; ; retry++) {
		const outcome = await attempt().then(
			(value): Attempt<T> => ({ ok: true, value }),
			(error: unknown): Attempt<T> => ({ ok: false, error }),
		);
		if (outcome.ok) return outcome;
		const askedMs = rateLimitWaitMs(outcome.error);
		if (askedMs === undefined) return outcome;
		// Retry-After: 0 or none: a short growing pause, never a tight loop
		const waitMs = askedMs > 0 ? askedMs : FALLBACK_WAIT_MS * 2 ** Math.min(retry, 6);
		if (waitedMs + waitMs > budgetMs) return outcome;
		await sleep(waitMs, this.getExecutionCancelSignal?.());
		waitedMs += waitMs;
	}
}
