/** Reading an item's parameters as the panel or an expression set them, and refusing bad ones. */
import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * A parameter value the rules refuse: an error for the item, raised before any request. The
 * trigger (poll functions, no items) passes no item index: its error says it did not poll.
 */
export function invalidParameter(
	this: IExecuteFunctions | IPollFunctions,
	i: number | undefined,
	message: string,
): NodeOperationError {
	if (i === undefined) {
		return new NodeOperationError(this.getNode(), `Invalid parameter: ${message}`, {
			description:
				'The trigger did not poll WatchCollect. Correct the parameter and save the workflow.',
		});
	}
	return new NodeOperationError(this.getNode(), `Invalid parameter: ${message}`, {
		itemIndex: i,
		description: 'No request was sent for this item.',
	});
}

/** A string parameter as set in the panel or by an expression; hidden or empty is undefined. */
export function readText(this: IExecuteFunctions, name: string, i: number): string | undefined {
	const value = this.getNodeParameter(name, i, '') as string;
	return value === '' ? undefined : value;
}

export function readOptions(this: IExecuteFunctions, i: number): IDataObject {
	return this.getNodeParameter('options', i, {}) as IDataObject;
}
