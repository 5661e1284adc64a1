/**
 * The per-item loop of the WatchCollect node: each item goes to its resource's operation, in
 * batches (Options › Batching) and retried after a rate limit (Options › Max Wait on Rate Limit);
 * a failure is the item's own (continueOnFail) or stops the run with the item named.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import {
	DEFAULT_MAX_RATE_LIMIT_WAIT_S,
	withRateLimitRetry,
	type Attempt,
} from '../helpers/rateLimit';

import * as classification from './classification';
import * as marketFacet from './marketFacet';
import * as marketListing from './marketListing';
import * as marketReference from './marketReference';
import * as message from './message';
import * as outboundSchedule from './outboundSchedule';
import * as outboundSend from './outboundSend';
import * as savedView from './savedView';
import * as session from './session';
import type { OperationExecute, ResourceMap } from './types';

export const resources: ResourceMap = {
	session: session.operations,
	message: message.operations,
	savedView: savedView.operations,
	outboundSend: outboundSend.operations,
	outboundSchedule: outboundSchedule.operations,
	marketListing: marketListing.operations,
	marketReference: marketReference.operations,
	marketFacet: marketFacet.operations,
	classification: classification.operations,
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

/** Options › Batching of the run (read from the first item, like HTTP Request's). */
export function readBatching(ctx: IExecuteFunctions): { batchSize: number; batchInterval: number } {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const batch = ((options.batching as IDataObject | undefined)?.batch ?? undefined) as
		| IDataObject
		| undefined;
	// no Batching: one item after the other, as the node always did
	if (!batch) return { batchSize: 1, batchInterval: 0 };
	const size = Number(batch.batchSize ?? 50);
	const interval = Number(batch.batchInterval ?? 1000);
	return {
		batchSize: Number.isFinite(size) && size >= 1 ? Math.floor(size) : 1,
		batchInterval: Number.isFinite(interval) && interval > 0 ? interval : 0,
	};
}

/** Options › Max Wait on Rate Limit of an item, in seconds. */
function maxRateLimitWait(ctx: IExecuteFunctions, i: number): number {
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const value = Number(options.maxRateLimitWait ?? DEFAULT_MAX_RATE_LIMIT_WAIT_S);
	return Number.isFinite(value) && value >= 0 ? value : DEFAULT_MAX_RATE_LIMIT_WAIT_S;
}

/** One item: its operation, retried after a rate limit; never rejects. */
async function runItem(ctx: IExecuteFunctions, i: number): Promise<Attempt<INodeExecutionData[]>> {
	let run: OperationExecute;
	let maxWait: number;
	try {
		run = operationOf(ctx, i);
		maxWait = maxRateLimitWait(ctx, i);
	} catch (error) {
		return { ok: false, error };
	}
	return await withRateLimitRetry.call<
		IExecuteFunctions,
		[number, () => Promise<INodeExecutionData[]>],
		Promise<Attempt<INodeExecutionData[]>>
	>(ctx, maxWait, async () => await run.call(ctx, i));
}

/**
 * Runs every item, at most `concurrency` at a time, each next item as soon as one is done;
 * stops taking new items once one failed and continueOnFail is off. Outcomes by item index.
 */
async function runPool(
	ctx: IExecuteFunctions,
	count: number,
	concurrency: number,
	stopOnFailure: boolean,
): Promise<Array<Attempt<INodeExecutionData[]> | undefined>> {
	const outcomes: Array<Attempt<INodeExecutionData[]> | undefined> = new Array(count);
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (next < count && !(stopOnFailure && failed)) {
			const i = next++;
			outcomes[i] = await runItem(ctx, i);
			if (!outcomes[i]?.ok) failed = true;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return outcomes;
}

/**
 * The items, as Options › Batching says (without it: one after the other). Items per Batch is how
 * many run at once: with no Batch Interval each next item starts as soon as one is done; with an
 * interval the items go batch by batch, the next batch when the batch is done and the interval
 * has passed. Output in input order, each item with its pairedItem. A failed item becomes an
 * error item (continueOnFail) or, once the items in flight have settled, stops the run naming
 * the first failed item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	const { batchSize, batchInterval } = readBatching(this);
	const continueOnFail = this.continueOnFail();

	const outcomes: Array<Attempt<INodeExecutionData[]> | undefined> = [];
	if (batchInterval === 0) {
		outcomes.push(...(await runPool(this, items.length, batchSize, !continueOnFail)));
	} else {
		for (let start = 0; start < items.length; start += batchSize) {
			if (start > 0) await sleep(batchInterval, this.getExecutionCancelSignal?.());
			const indices = Array.from(
				{ length: Math.min(batchSize, items.length - start) },
				(_, k) => start + k,
			);
			outcomes.push(...(await Promise.all(indices.map(async (i) => await runItem(this, i)))));
			if (!continueOnFail && outcomes.some((o) => !o?.ok)) break;
		}
	}

	for (const [i, outcome] of outcomes.entries()) {
		if (!outcome) continue; // not started: an earlier item failed
		if (outcome.ok) {
			returnData.push(...outcome.value);
		} else if (continueOnFail) {
			returnData.push({
				json: { error: (outcome.error as Error).message },
				pairedItem: { item: i },
			});
		} else {
			throw asNodeError(this, outcome.error, i);
		}
	}

	return [returnData];
}
