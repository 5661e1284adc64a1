/**
 * The panels of Message, Saved View, Outbound Send, Outbound Schedule and the WatchCollect
 * Trigger, computed with n8n-workflow's own display logic (NodeHelpers), and the descriptions an
 * AI Agent reads when it uses the node as a tool.
 */
import type { INode, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { WatchCollect } from '../../../nodes/WatchCollect/WatchCollect.node';
import { WatchCollectTrigger } from '../../../nodes/WatchCollectTrigger/WatchCollectTrigger.node';

function panel(description: INodeTypeDescription, type: string) {
	const node: INode = {
		id: '1',
		name: 'n',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const resolve = (values: INodeParameters) =>
		NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ??
		{};
	const visible = (values: INodeParameters): INodeProperties[] => {
		const resolved = resolve(values);
		return description.properties.filter((p) =>
			NodeHelpers.displayParameter(resolved, p, node, description),
		);
	};
	return {
		resolve,
		names: (values: INodeParameters) => visible(values).map((p) => p.name),
		field: (values: INodeParameters, name: string) => visible(values).find((p) => p.name === name),
	};
}

const node = new WatchCollect().description;
const trigger = new WatchCollectTrigger().description;
const actions = panel(node, 'n8n-nodes-watchcollect.watchCollect');
const base = ['authentication', 'resource', 'operation'];

describe('WatchCollect: the new resources', () => {
	it.each([
		['message', 'getMany', {}, [...base, 'returnAll', 'limit', 'filters', 'options']],
		['message', 'getMany', { returnAll: true }, [...base, 'returnAll', 'filters', 'options']],
		['message', 'getOccurrences', {}, [...base, 'messageId', 'returnAll', 'limit', 'options']],
		['savedView', 'getItems', {}, [...base, 'viewId', 'returnAll', 'limit', 'options']],
		[
			'outboundSend',
			'send',
			{},
			[...base, 'sessionId', 'groupIds', 'text', 'imageUrls', 'when', 'options'],
		],
		[
			'outboundSend',
			'send',
			{ when: 'schedule' },
			[
				...base,
				'sessionId',
				'groupIds',
				'text',
				'imageUrls',
				'when',
				'firstRunAt',
				'occurrences',
				'interval',
				'intervalUnit',
				'options',
			],
		],
		['outboundSend', 'get', {}, [...base, 'sendId', 'options']],
		['outboundSend', 'getMany', {}, [...base, 'returnAll', 'limit', 'filters', 'options']],
		['outboundSchedule', 'get', {}, [...base, 'scheduleId', 'options']],
		['outboundSchedule', 'getMany', {}, [...base, 'returnAll', 'limit', 'filters', 'options']],
		['outboundSchedule', 'cancel', {}, [...base, 'scheduleId', 'options']],
	])('%s › %s %j shows %j', (resource, operation, extra, shown) => {
		expect(actions.names({ resource, operation, ...extra })).toEqual(shown);
	});

	it('the default operation of each resource is the first one a user needs', () => {
		expect(actions.resolve({ resource: 'message' })).toMatchObject({ operation: 'getMany' });
		expect(actions.resolve({ resource: 'savedView' })).toMatchObject({ operation: 'getItems' });
		expect(actions.resolve({ resource: 'outboundSend' })).toMatchObject({
			operation: 'send',
			when: 'now',
		});
		expect(actions.resolve({ resource: 'outboundSchedule' })).toMatchObject({
			operation: 'getMany',
		});
	});

	it('Send takes the session from a list of sending sessions and the groups from a list that says its source', () => {
		const session = actions.field({ resource: 'outboundSend', operation: 'send' }, 'sessionId');
		expect(session?.modes?.find((m) => m.name === 'list')?.typeOptions?.searchListMethod).toBe(
			'searchSendingSessions',
		);
		const groups = actions.field({ resource: 'outboundSend', operation: 'send' }, 'groupIds');
		expect(groups?.typeOptions?.loadOptionsMethod).toBe('getGroups');
		expect(groups?.description).toMatch(/earlier sends and from recent messages/);
		expect(Object.keys(new WatchCollect().methods.loadOptions)).toContain('getGroups');
	});

	it('every operation has an action and a description an AI Agent can act on', () => {
		expect(node.usableAsTool).toBe(true);
		const operations = node.properties.filter((p) => p.name === 'operation');
		const options = operations.flatMap(
			(p) => (p.options ?? []) as Array<{ name: string; action?: string; description?: string }>,
		);
		// session, message, savedView, outboundSend, outboundSchedule; marketListing, marketReference,
		// marketFacet, classification
		expect(options.length).toBe(6 + 2 + 1 + 3 + 3 + (3 + 1 + 1 + 3));
		for (const o of options) {
			expect(o.action).toMatch(/^[A-Z][a-z]/);
			expect((o.description ?? '').length).toBeGreaterThan(10);
		}
		for (const p of node.properties.filter(
			(x) => x.type !== 'notice' && x.name !== 'operation' && x.name !== 'resource',
		)) {
			expect(`${p.name}: ${p.description ?? p.displayName}`.length).toBeGreaterThan(
				p.name.length + 5,
			);
		}
	});
});

describe('WatchCollect Trigger panel', () => {
	const ui = panel(trigger, 'n8n-nodes-watchcollect.watchCollectTrigger');
	it.each([
		['newMessage', ['event', 'baselineNotice', 'filters']],
		['newViewItem', ['event', 'baselineNotice', 'viewId']],
		['sendFinished', ['event', 'baselineNotice', 'sendStatuses', 'sendSessionId']],
		['sessionStatusChanged', ['event', 'baselineNotice', 'sessionRole', 'sessionStatuses']],
	])('%s shows %j', (event, shown) => {
		expect(ui.names({ event }).filter((n) => n !== 'authentication')).toEqual(shown);
	});

	it('is a polling trigger with the WatchCollect credential, defaulting to New Message and all end states', () => {
		expect(trigger.polling).toBe(true);
		expect(trigger.group).toEqual(['trigger']);
		expect(trigger.credentials).toEqual(node.credentials);
		expect(ui.resolve({})).toMatchObject({ event: 'newMessage' });
		expect(ui.resolve({ event: 'sendFinished' })).toMatchObject({
			sendStatuses: ['sent', 'failed', 'partial_failed'],
		});
	});
});
