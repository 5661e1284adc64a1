import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

/** Every Session operation: its panel properties and its per-item execute function. */
export const operations: Record<
	string,
	(this: IExecuteFunctions, i: number) => Promise<INodeExecutionData[]>
> = {
	create: create.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create or link a WhatsApp session and start its authentication',
				action: 'Create a session',
			},
		],
		default: 'create',
	},
	...create.description,
];
