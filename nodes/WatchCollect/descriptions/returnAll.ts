/** Return All / Limit for list operations, and their reader. */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameter } from '../helpers/parameters';
import { describeZodError } from '../schemas/common';
import { returnAllLimitSchema } from '../schemas/page';

export function returnAllLimitProperties(show: IDisplayOptions): INodeProperties[] {
	const shown = show.show ?? {};
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: show,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...shown, returnAll: [false] } },
		},
	];
}

/** The item's Return All and Limit, checked (an expression may set them). */
export function readReturnAllLimit(
	this: IExecuteFunctions,
	i: number,
): { returnAll: boolean; limit: number } {
	const returnAll = returnAllLimitSchema.shape.returnAll.safeParse(
		this.getNodeParameter('returnAll', i, false),
	);
	const parsed = returnAllLimitSchema.safeParse({
		returnAll: this.getNodeParameter('returnAll', i, false),
		// with Return All the Limit is hidden and unused (a blank cell there is fine)
		limit: returnAll.success && returnAll.data ? 50 : this.getNodeParameter('limit', i, 50),
	});
	if (!parsed.success) {
		throw invalidParameter.call(
			this,
			i,
			describeZodError(parsed.error, { returnAll: 'Return All', limit: 'Limit' }),
		);
	}
	return parsed.data;
}
