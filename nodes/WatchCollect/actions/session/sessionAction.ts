import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { requestWrite } from '../../helpers/writeRequest';
import { isEmptyAnswer, writeResult } from '../../helpers/writeResult';
import { sessionActionContract } from '../../schemas/session';
import { readOptions } from '../../helpers/parameters';
import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { readSessionId, sessionLocator, showFor } from './fields';
import type { OperationExecute } from '../types';

/**
 * Start and Sync have the same shape: POST /v2/sessions/{id}/<action> with no body; the guide
 * gives no response shape, so any answer is handed over as it came (an empty one, e.g. 204,
 * says what was done and the HTTP status).
 */
export function sessionAction(
	operation: string,
	action: 'start' | 'sync',
): { description: INodeProperties[]; execute: OperationExecute } {
	return {
		description: [
			sessionLocator([operation]),
			optionsCollection(showFor([operation]), [timeoutOption]),
		],
		async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
			const sessionId = readSessionId.call(this, i);
			const options = readOptions.call(this, i);
			const answer = await requestWrite.call(this, {
				method: 'POST',
				path: `/v2/sessions/${encodeURIComponent(sessionId)}/${action}`,
				itemIndex: i,
				timeout: options.timeout as number | undefined,
				lostAnswerAdvice: `WatchCollect may have carried out the ${action} before its answer was lost, so the node did not send it again. Check the session with Session › Get Many (its status) before running ${action === 'start' ? 'Start' : 'Sync'} again.`,
			});
			const json = writeResult(answer, {
				done: `WatchCollect accepted the ${action === 'start' ? 'start' : 'sync'} of the session`,
				documented: sessionActionContract.optional(),
				prefix: isEmptyAnswer(answer.body) ? { session_id: sessionId } : {},
			});
			return [{ json, pairedItem: { item: i } }];
		},
	};
}
