/** What the Classification operations share. */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForResource } from '../../descriptions/showFor';
import { invalidParameter } from '../../helpers/parameters';
import { checkClassificationId } from '../../schemas/classification';

export const showFor = showForResource('classification');

export function classificationIdField(show: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Classification ID',
		name: 'classificationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
		description:
			"The classification (UUID): a market listing's classification_id, or an ID from Get Many",
		displayOptions: show,
	};
}

/** The item's checked Classification ID, or a NodeOperationError before any request. */
export function readClassificationId(this: IExecuteFunctions, i: number): string {
	const checked = checkClassificationId(this.getNodeParameter('classificationId', i, ''));
	if (!checked.ok) throw invalidParameter.call(this, i, checked.message);
	return checked.id;
}
