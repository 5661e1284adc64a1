/**
 * How a WatchCollect node authenticates: the `authentication` parameter and the credential slot
 * that goes with each choice. Shared by every WatchCollect node.
 */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

export const credentials: INodeCredentialDescription[] = [
	{ name: 'watchCollectApi', required: true },
];

export const authenticationProperties: INodeProperties[] = [];
