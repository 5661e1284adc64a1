import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../types';
import * as create from './create.operation';
import * as getMany from './getMany.operation';
import * as getQr from './getQr.operation';
import * as requestCode from './requestCode.operation';
import * as start from './start.operation';
import * as sync from './sync.operation';

/** Every Session operation's per-item execute function, by operation value. */
export const operations: ResourceOperations = {
	create: create.execute,
	getMany: getMany.execute,
	getQr: getQr.execute,
	requestCode: requestCode.execute,
	start: start.execute,
	sync: sync.execute,
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
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List sessions, optionally of one role',
				action: 'Get many sessions',
			},
			{
				name: 'Get QR Code',
				value: 'getQr',
				description: 'Get a fresh QR code for a session, as text and as an image',
				action: 'Get a QR code for a session',
			},
			{
				name: 'Request Pairing Code',
				value: 'requestCode',
				description: 'Request a pairing code to type into WhatsApp › Linked devices',
				action: 'Request a pairing code for a session',
			},
			{
				name: 'Start',
				value: 'start',
				description: 'Start a session',
				action: 'Start a session',
			},
			{
				name: 'Sync',
				value: 'sync',
				description: 'Ask a receiving session to sync its messages now',
				action: 'Sync a session',
			},
		],
		default: 'create',
	},
	...create.description,
	...getMany.description,
	...getQr.description,
	...requestCode.description,
	...start.description,
	...sync.description,
];
