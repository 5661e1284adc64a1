/**
 * Sending a write and reading its answer without a contract check: a 2xx answer of any shape is
 * the item's success (see ./writeResult.ts). Only `status: "rejected"` proves a refusal.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import { watchCollectApiResponse } from '../transport';
import { answerText, isObjectAnswer, type WriteAnswer } from './writeResult';

/** Any answer at all: the write's answer is judged by writeResult, never refused for its shape. */
const anyAnswer = z.unknown();

export async function requestWrite(
	this: IExecuteFunctions,
	request: {
		method: IHttpRequestMethods;
		path: string;
		body?: IDataObject;
		itemIndex: number;
		timeout?: number;
		/** Repeat it when its answer is lost: only for writes that cannot happen twice (transport/retry.ts). */
		retryLostAnswer?: boolean;
		/** What a user should do when the answer of a write that is not repeated was lost. */
		lostAnswerAdvice?: string;
	},
): Promise<WriteAnswer> {
	// an empty answer (204, or no body) comes as empty: true with its status code
	const response = await watchCollectApiResponse.call(this, {
		...request,
		responseSchema: anyAnswer,
		acceptText: true,
	});
	const { body, statusCode } = response;
	return {
		body,
		statusCode,
		...(!response.empty && response.notJson ? { notJson: response.notJson } : {}),
	};
}

/** The error of a write the answer says was refused (`status: "rejected"`). */
export function refusedWrite(
	this: IExecuteFunctions,
	i: number,
	body: unknown,
	what: string,
	description = 'WatchCollect answered that it did not carry out the request. Nothing was changed.',
): NodeApiError {
	const requestId = answerText(body, 'request_id');
	return new NodeApiError(this.getNode(), (isObjectAnswer(body) ? body : {}) as JsonObject, {
		message: `WatchCollect rejected ${what}${requestId ? ` [request ID: ${requestId}]` : ''}`,
		description,
		itemIndex: i,
	});
}
