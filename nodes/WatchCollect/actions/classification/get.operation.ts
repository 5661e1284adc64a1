import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { readOptions } from '../../helpers/parameters';
import { classificationSchema } from '../../schemas/classification';
import { watchCollectApiRequest } from '../../transport';
import { classificationIdField, readClassificationId, showFor } from './fields';

const show = showFor(['get']);

export const description: INodeProperties[] = [
	classificationIdField(show),
	optionsCollection(show, [timeoutOption]),
];

/** GET /v2/classifications/{classification_id}: one item, as WatchCollect sent it. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = readClassificationId.call(this, i);
	const options = readOptions.call(this, i);
	const classification = await watchCollectApiRequest.call(this, {
		method: 'GET',
		path: `/v2/classifications/${encodeURIComponent(id)}`,
		responseSchema: classificationSchema,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
	});
	return [{ json: classification as IDataObject, pairedItem: { item: i } }];
}
