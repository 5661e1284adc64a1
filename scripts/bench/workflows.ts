/** The benchmark's workflows (see ../bench.ts for what they measure and why they look so). */
import {
	BEARER_CREDENTIAL,
	ITEMS_NODE,
	MEASURED_NODES,
	QR_IMAGE_NODE,
	RATE_LIMITED_WORKFLOW_ID,
	WARMUP_ITEMS_NODE,
	WARMUP_NODES,
	WC_CREDENTIAL,
	WORKFLOW_IDS,
	type First,
} from './common';

/**
 * Manual Trigger → Code (N items `{ label }`) → a warm-up branch (Limit → 1 item through both
 * nodes), then the measured WatchCollect and HTTP Request with all N items. n8n's v1 order runs
 * the branches one after the other, upper node first: the warm-up branch sits on top, and of each
 * pair the node `first` sits above the other.
 */
export function benchWorkflow(simUrl: string, items: number, first: First, batchSize: number) {
	const id = (n: number) => `b3c00000-0000-4000-8000-00000000000${n}`;
	// the lower y of each pair runs first
	const y = (which: First, base: number) => base + (which === first ? 0 : 120);
	const watchCollect = (n: number, name: string, position: number[], qrImage = false) => ({
		id: id(n),
		name,
		type: 'n8n-nodes-watchcollect.watchCollect',
		typeVersion: 1,
		position,
		parameters: {
			resource: 'session',
			operation: 'create',
			role: 'receiving',
			sessionMode: 'new',
			engine: 'WEBJS',
			authMethod: 'qr',
			additionalFields: { label: '={{ $json.label }}' },
			options: { qrImage, batching: { batch: { batchSize, batchInterval: 0 } } },
		},
		credentials: { watchCollectApi: WC_CREDENTIAL },
	});
	const httpRequest = (n: number, name: string, position: number[]) => ({
		id: id(n),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url: `${simUrl}/v2/sessions`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBearerAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				'={"role":"receiving","engine":"WEBJS","auth_method":"qr","label": "{{ $json.label }}"}',
			options: {},
		},
		credentials: { httpBearerAuth: BEARER_CREDENTIAL },
	});
	const to = (...names: string[]) => ({
		main: [names.map((node) => ({ node, type: 'main', index: 0 }))],
	});
	return {
		id: WORKFLOW_IDS[first],
		name: `WatchCollect bench: ${items} items, ${first === 'watchCollect' ? 'WatchCollect' : 'HTTP Request'} first`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: id(1),
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: id(2),
				name: ITEMS_NODE,
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { label: 'bench-' + i } }));`,
				},
			},
			{
				id: id(3),
				name: WARMUP_ITEMS_NODE,
				type: 'n8n-nodes-base.limit',
				typeVersion: 1,
				position: [440, -400],
				parameters: { maxItems: 1 },
			},
			watchCollect(4, WARMUP_NODES.watchCollect, [660, y('watchCollect', -460)]),
			httpRequest(5, WARMUP_NODES.httpRequest, [660, y('httpRequest', -460)]),
			watchCollect(6, MEASURED_NODES.watchCollect, [440, y('watchCollect', 0)]),
			httpRequest(7, MEASURED_NODES.httpRequest, [440, y('httpRequest', 0)]),
			watchCollect(8, QR_IMAGE_NODE, [440, 400], true),
		],
		connections: {
			Start: to(ITEMS_NODE),
			[ITEMS_NODE]: to(
				WARMUP_ITEMS_NODE,
				MEASURED_NODES.watchCollect,
				MEASURED_NODES.httpRequest,
				QR_IMAGE_NODE,
			),
			[WARMUP_ITEMS_NODE]: to(WARMUP_NODES.watchCollect, WARMUP_NODES.httpRequest),
		},
	};
}

/** Manual Trigger → Code (N items) → WatchCollect › Create with Batching, QR image off. */
export function rateLimitedWorkflow(items: number, batchSize: number) {
	const id = (n: number) => `b3c00000-0000-4000-8000-00000000010${n}`;
	return {
		id: RATE_LIMITED_WORKFLOW_ID,
		name: `WatchCollect bench: ${items} items against a rate limit`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: id(1),
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: id(2),
				name: ITEMS_NODE,
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { label: 'limited-' + i } }));`,
				},
			},
			{
				id: id(3),
				name: MEASURED_NODES.watchCollect,
				type: 'n8n-nodes-watchcollect.watchCollect',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'session',
					operation: 'create',
					role: 'receiving',
					sessionMode: 'new',
					authMethod: 'qr',
					additionalFields: { label: '={{ $json.label }}' },
					options: { qrImage: false, batching: { batch: { batchSize, batchInterval: 0 } } },
				},
				credentials: { watchCollectApi: WC_CREDENTIAL },
			},
		],
		connections: {
			Start: { main: [[{ node: ITEMS_NODE, type: 'main', index: 0 }]] },
			[ITEMS_NODE]: { main: [[{ node: MEASURED_NODES.watchCollect, type: 'main', index: 0 }]] },
		},
	};
}
