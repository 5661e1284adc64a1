import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { anyObjectResponseSchema } from '../../schemas/common';
import { watchCollectApiRequest } from '../../transport';
import { readOptions } from '../../helpers/parameters';
import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { readSessionId, sessionLocator, showFor } from './fields';
import type { OperationExecute } from '../types';

/**
 * Start and Sync have the same shape: POST /v2/sessions/{id}/<action> with no body; the guide
 * gives no response shape, so any JSON object is handed over as it came.
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
			const response = await watchCollectApiRequest.call(this, {
				method: 'POST',
				path: `/v2/sessions/${encodeURIComponent(sessionId)}/${action}`,
				responseSchema: anyObjectResponseSchema,
				itemIndex: i,
				timeout: options.timeout as number | undefined,
			});
			return [{ json: response as IDataObject, pairedItem: { item: i } }];
		},
	};
}
