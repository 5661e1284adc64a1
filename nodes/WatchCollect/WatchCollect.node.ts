import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import * as session from './actions/session';
import { searchSessions } from './methods/listSearch';

const resources = { session: session.operations };
/** The editor offers this on every node whose credential can authenticate requests. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/** Errors keep their n8n class (and so their HTTP context); anything else is tied to its item. */
function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

export class WatchCollect implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WatchCollect',
		name: 'watchCollect',
		icon: { light: 'file:watchCollect.svg', dark: 'file:watchCollect.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Create, link, start and pair WhatsApp (WAHA) sessions in WatchCollect by QR code or pairing code',
		defaults: { name: 'WatchCollect' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'watchCollectApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Session', value: 'session' }],
				default: 'session',
			},
			...session.description,
		],
	};

	methods = { listSearch: { searchSessions } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];

		for (let i = 0; i < items.length; i++) {
			try {
				const resource = this.getNodeParameter('resource', i) as keyof typeof resources;
				const operation = this.getNodeParameter('operation', i) as string;
				const run = resources[resource]?.[operation];
				if (!run) {
					throw new NodeOperationError(
						this.getNode(),
						`The operation "${operation}" of resource "${resource}" is not supported`,
						{
							itemIndex: i,
							description:
								operation === CUSTOM_API_CALL
									? 'For a call this node does not offer, use the HTTP Request node with "Predefined Credential Type" › WatchCollect API.'
									: 'Choose one of the Session operations.',
						},
					);
				}
				returnData.push(...(await run.call(this, i)));
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
}
