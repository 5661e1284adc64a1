/** The shapes the router and the resources agree on (kept here so neither imports the other). */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** One operation on one item: the items it outputs, each with its pairedItem. */
export type OperationExecute = (
	this: IExecuteFunctions,
	i: number,
) => Promise<INodeExecutionData[]>;

/** A resource's operations, by operation value. */
export type ResourceOperations = Record<string, OperationExecute>;

/** Every resource's operations, by resource value. */
export type ResourceMap = Record<string, ResourceOperations>;
