/**
 * The per-item loop of the WatchCollect node: each item goes to its resource's operation; a
 * failure is the item's own (continueOnFail) or stops the run with the item named.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as message from './message';
import * as outboundSchedule from './outboundSchedule';
import * as outboundSend from './outboundSend';
import * as savedView from './savedView';
import * as session from './session';

export type OperationExecute = (
	this: IExecuteFunctions,
	i: number,
) => Promise<INodeExecutionData[]>;

export const resources: Record<string, Record<string, OperationExecute>> = {
	session: session.operations,
	message: message.operations,
	savedView: savedView.operations,
	outboundSend: outboundSend.operations,
	outboundSchedule: outboundSchedule.operations,
};

/** The editor offers this on every node whose credential can authenticate requests. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/** Errors keep their n8n class (and so their HTTP context); anything else is tied to its item. */
function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function operationOf(ctx: IExecuteFunctions, i: number): OperationExecute {
	const resource = ctx.getNodeParameter('resource', i) as string;
	const operation = ctx.getNodeParameter('operation', i) as string;
	const run = resources[resource]?.[operation];
	if (run) return run;
	throw new NodeOperationError(
		ctx.getNode(),
		`The operation "${operation}" of resource "${resource}" is not supported`,
		{
			itemIndex: i,
			description:
				operation === CUSTOM_API_CALL
					? 'For a call this node does not offer, use the HTTP Request node with "Predefined Credential Type" › WatchCollect API.'
					: 'Choose one of the operations the Resource offers.',
		},
	);
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];

	for (let i = 0; i < items.length; i++) {
		try {
			returnData.push(...(await operationOf(this, i).call(this, i)));
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			throw asNodeError(this, error, i);
		}
	}

	return [returnData];
}
