/**
 * The output of a write (Create Session, Request Pairing Code, Start, Sync, Send, Cancel Schedule).
 * A 2xx answer never fails the item because of its shape: the item is the answer as received,
 * plus `warnings` (one plain sentence per field that differs from the contract, see ./answer.ts).
 * An empty answer (204, or no body) says what was done and the HTTP status. Only an answer that
 * proves the write was refused (`status: "rejected"`) is an error — the operation decides that.
 */
import type { IDataObject } from 'n8n-workflow';
import type { ZodTypeAny } from 'zod';

import { describeDifferences } from './answer';

/** The output field for the warnings (another name when the answer has a field of that name). */
export const WARNINGS_FIELD = 'warnings';
const FALLBACK_WARNINGS_FIELD = 'nodeWarnings';

export interface WriteAnswer {
	/** The parsed JSON answer; undefined, null or '' when there was none. */
	body: unknown;
	/** The HTTP status, when the transport tells it. */
	statusCode?: number;
	/** The content type of a 2xx answer that was not JSON (its text is the body). */
	notJson?: string;
}

export interface WriteResultOptions {
	/** What was done, in words, for an empty answer: "WatchCollect accepted the start of the session". */
	done: string;
	/** The answer the contract documents (compared only, never enforced). */
	documented: ZodTypeAny;
	/**
	 * Fields the node branches on: when one came with a value the contract does not list, the
	 * sentence says which branch the node took (e.g. status → "the node counts the write as done").
	 */
	branches?: Record<string, string>;
	/** Fields to add before the answer's own (e.g. Send's `outcome`). */
	prefix?: IDataObject;
	/** Warnings found before the answer came (e.g. Send's look at the session list). */
	warnings?: string[];
}

export const isEmptyAnswer = (body: unknown) =>
	body === undefined ||
	body === null ||
	(typeof body === 'string' && body.trim() === '') ||
	(Buffer.isBuffer(body) && body.length === 0);

export const isObjectAnswer = (body: unknown): body is IDataObject =>
	typeof body === 'object' && body !== null && !Array.isArray(body) && !Buffer.isBuffer(body);

/** The warnings of a write's answer, in plain sentences (none for an answer as documented). */
export function writeWarnings(answer: WriteAnswer, options: WriteResultOptions): string[] {
	const body = isEmptyAnswer(answer.body) ? undefined : answer.body;
	// a text that is not JSON: one sentence says so (comparing it field by field says nothing more)
	if (answer.notJson !== undefined)
		return [
			`the answer was not JSON (HTTP ${answer.statusCode ?? '2xx'}, ${answer.notJson}): its text is kept under \`answer\`; check that the Base URL points at the WatchCollect API`,
		];
	return describeDifferences(body, options.documented)
		.filter((d) => !d.accepted)
		.map((d) => {
			const branch = options.branches?.[d.path];
			return branch && (d.kind === 'value' || d.kind === 'type' || d.kind === 'missing')
				? `${d.message}; ${branch}`
				: d.message;
		});
}

/** The output JSON of a successful write: the answer as received, plus `warnings` when any. */
export function writeResult(answer: WriteAnswer, options: WriteResultOptions): IDataObject {
	const warnings = [...(options.warnings ?? []), ...writeWarnings(answer, options)];
	const status = answer.statusCode;
	let json: IDataObject;
	if (isEmptyAnswer(answer.body)) {
		json = {
			...options.prefix,
			message: `${options.done} (HTTP ${status ?? '2xx'}, an empty answer)`,
			...(status !== undefined ? { statusCode: status } : {}),
		};
	} else if (isObjectAnswer(answer.body)) {
		json = { ...options.prefix, ...answer.body };
	} else {
		json = { ...options.prefix, answer: answer.body as IDataObject['answer'] };
	}
	if (warnings.length > 0) {
		const field = WARNINGS_FIELD in json ? FALLBACK_WARNINGS_FIELD : WARNINGS_FIELD;
		json[field] = warnings;
	}
	return json;
}

/** A text field of an answer, or undefined when absent or not a text. */
export function answerText(body: unknown, field: string): string | undefined {
	if (!isObjectAnswer(body)) return undefined;
	const value = body[field];
	return typeof value === 'string' ? value : undefined;
}
