/**
 * Runs a workflow through n8n-core's own engine (WorkflowExecute), in the test process: the node
 * gets a real IExecuteFunctions, real parameter resolution (expressions included), real
 * `httpRequestWithAuthentication` over the network, and n8n's own continueOnFail / error-output
 * routing. The credentials helper resolves the credential's generic `authenticate` block with
 * n8n's expression engine, calls a function `authenticate`, and runs `preAuthentication` the way
 * n8n 2.40's CredentialsHelper does (when the expirable property is empty, or when n8n-core asks
 * after a 401), storing what it returns, as n8n does.
 */
import {
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { WatchCollectApi } from '../../credentials/WatchCollectApi.credentials';
import { WatchCollectSignInApi } from '../../credentials/WatchCollectSignInApi.credentials';
import { WatchCollect } from '../../nodes/WatchCollect/WatchCollect.node';
import { WatchCollectTrigger } from '../../nodes/WatchCollectTrigger/WatchCollectTrigger.node';

/** A start node that emits the items a test gives it (like a trigger with pinned data). */
class TestItems implements INodeType {
	description = {
		displayName: 'Test Items',
		name: 'testItems',
		group: ['input'],
		version: 1,
		description: 'Emits the items given in its parameters',
		defaults: { name: 'Test Items' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json, i) => ({ json, pairedItem: { item: i } }))];
	}
}

const nodeTypes: INodeTypes = {
	getByName: (name) => byName(name),
	getByNameAndVersion: (name) => byName(name) as INodeType,
	getKnownTypes: () => ({}),
};
function byName(type: string): INodeType | IVersionedNodeType {
	if (type === 'test.items') return new TestItems();
	if (type === 'n8n-nodes-watchcollect.watchCollect') return new WatchCollect();
	if (type === 'n8n-nodes-watchcollect.watchCollectTrigger') return new WatchCollectTrigger();
	throw new Error(`Unknown node type ${type}`);
}

const credentialTypes: Record<string, ICredentialType> = {
	watchCollectApi: new WatchCollectApi(),
	watchCollectSignInApi: new WatchCollectSignInApi(),
};

/** What the test credentials helper did: how often n8n-core asked it to renew, and stored. */
export interface CredentialLog {
	preAuthentications: number;
	updates: number;
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
		readonly log: CredentialLog = { preAuthentications: 0, updates: 0 },
	) {
		super();
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		const auth = type.authenticate;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		if (!auth) throw new Error('expected an authenticate block');
		const headers = { ...(requestOptions.headers as IDataObject) };
		for (const [name, value] of Object.entries(auth.properties.headers ?? {})) {
			headers[name] = workflow.expression.getSimpleParameterValue(
				node,
				value as string,
				'internal',
				{ $credentials: credentials } as never,
				undefined,
				'',
			) as string;
		}
		return { ...requestOptions, headers };
	}
	/** n8n 2.40's CredentialsHelper.preAuthentication, minus the database (see the file header). */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	) {
		const type = credentialTypes[typeName];
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.log.preAuthentications++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.data[typeName] = { ...this.data[typeName], ...output } as ICredentialDataDecryptedObject;
		this.log.updates++;
		return Object.assign(credentials, output);
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}
	async getDecrypted(
		_a: unknown,
		_n: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credential for ${type}`);
		// n8n applies the credential type's defaults to what the user saved
		return NodeHelpers.getNodeParameters(
			credentialTypes[type].properties,
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type: string) {
		return credentialTypes[type].properties;
	}
}

/** Both credential slots filled, as a node that switched Authentication at some point keeps them. */
const NODE_CREDENTIALS: INode['credentials'] = {
	watchCollectApi: { id: '1', name: 'WatchCollect' },
	watchCollectSignInApi: { id: '2', name: 'WatchCollect Sign-In' },
};

export interface RunOptions {
	/** The WatchCollect node's parameters, as a workflow stores them. */
	parameters: IDataObject;
	/** Items fed into the node. */
	items?: IDataObject[];
	credentials?: { accessToken: string; baseUrl?: string };
	/**
	 * Stored credentials shared across runs, like n8n's database (see credentialStore()); when
	 * given, `credentials` is ignored.
	 */
	store?: CredentialStore;
	/** The node's "On Error" setting. */
	onError?: INode['onError'];
}

/** Credentials as n8n stores them (by type), and what its credentials helper did with them. */
export interface CredentialStore {
	data: Record<string, ICredentialDataDecryptedObject>;
	log: CredentialLog;
}

export function credentialStore(
	data: Record<string, ICredentialDataDecryptedObject>,
): CredentialStore {
	return { data, log: { preAuthentications: 0, updates: 0 } };
}

export interface RunResult {
	run: IRun;
	/** The WatchCollect node's outputs: [main] or [main, error]. */
	outputs: INodeExecutionData[][];
	/** The error that stopped the workflow, if any. */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string };
}

function baseAdditionalData(credentials: RunOptions['credentials'], store?: CredentialStore) {
	return {
		credentialsHelper: store
			? new TestCredentialsHelper(store.data, store.log)
			: new TestCredentialsHelper({
					watchCollectApi: (credentials ?? {
						accessToken: 'sim-valid-token',
					}) as ICredentialDataDecryptedObject,
				}),
		executionId: '1',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'test',
		variables: {},
	};
}

/** Calls the node's list search (the Session locator's "From List") as the editor does. */
export async function searchSessions(
	filter: string | undefined,
	credentials: RunOptions['credentials'],
	store?: CredentialStore,
	authentication = 'accessToken',
) {
	const node: INode = {
		id: 'wc',
		name: 'WatchCollect',
		type: 'n8n-nodes-watchcollect.watchCollect',
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource: 'session', operation: 'getQr', authentication },
		credentials: NODE_CREDENTIALS,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new LoadOptionsContext(
		workflow,
		node,
		baseAdditionalData(credentials, store) as unknown as IWorkflowExecuteAdditionalData,
		'parameters.sessionId',
	);
	return await new WatchCollect().methods.listSearch.searchSessions.call(context, filter);
}

export async function runWatchCollect(options: RunOptions): Promise<RunResult> {
	const nodes: INode[] = [
		{
			id: 'items',
			name: 'Items',
			type: 'test.items',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		{
			id: 'wc',
			name: 'WatchCollect',
			type: 'n8n-nodes-watchcollect.watchCollect',
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters as INode['parameters'],
			credentials: NODE_CREDENTIALS,
			...(options.onError ? { onError: options.onError } : {}),
		},
	];
	// Like the editor, store the parameters with the node type's defaults resolved.
	const type = new WatchCollect();
	nodes[1].parameters =
		NodeHelpers.getNodeParameters(
			type.description.properties,
			nodes[1].parameters,
			true,
			false,
			nodes[1],
			type.description,
		) ?? {};

	const workflow = new Workflow({
		id: 'wf',
		nodes,
		connections: { Items: { main: [[{ node: 'WatchCollect', type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' } as IWorkflowSettings,
	});

	const hooks = new ExecutionLifecycleHooks('manual', '1', {
		id: 'wf',
		name: 'test',
		nodes,
		connections: {},
		active: false,
	} as never);
	let finished: (run: IRun) => void = () => undefined;
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));

	const additionalData = {
		...baseAdditionalData(options.credentials, options.store),
		hooks,
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData: IRunExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [
				{
					node: workflow.getNode('Items') as INode,
					data: { main: [[{ json: {} }]] },
					source: null,
				},
			],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;

	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
	const run = await done;
	const task = run.data.resultData.runData.WatchCollect?.[0];
	return {
		run,
		outputs: (task?.data?.main ?? []).map((o) => o ?? []),
		error: (task?.error ?? run.data.resultData.error) as RunResult['error'],
	};
}

export interface PollHarness {
	/** One poll as n8n runs it: 'trigger' for an active workflow, 'manual' for a test run. */
	poll(mode?: 'trigger' | 'manual'): Promise<INodeExecutionData[][] | null>;
	/** The trigger node's static data, kept across polls as n8n keeps it for an active workflow. */
	staticData(): IDataObject;
	workflow: Workflow;
}

/**
 * The WatchCollect Trigger in one workflow whose static data lives as long as the harness (like
 * an active workflow's), polled through n8n-core's own PollContext.
 */
export function createPollHarness(options: {
	parameters: IDataObject;
	credentials?: RunOptions['credentials'];
}): PollHarness {
	const type = new WatchCollectTrigger();
	const node: INode = {
		id: 'trigger',
		name: 'WatchCollect Trigger',
		type: 'n8n-nodes-watchcollect.watchCollectTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { watchCollectApi: { id: '1', name: 'WatchCollect' } },
	};
	node.parameters =
		NodeHelpers.getNodeParameters(
			type.description.properties,
			options.parameters as INodeParameters,
			true,
			false,
			node,
			type.description,
		) ?? {};
	const workflow = new Workflow({
		id: 'wf-poll',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1' } as IWorkflowSettings,
	});
	const additionalData = baseAdditionalData(
		options.credentials,
	) as unknown as IWorkflowExecuteAdditionalData;
	return {
		workflow,
		staticData: () => workflow.getStaticData('node', node),
		async poll(mode = 'trigger') {
			const context = new PollContext(
				workflow,
				node,
				additionalData,
				mode,
				mode === 'manual' ? 'manual' : 'activate',
				() => undefined,
				() => undefined,
			);
			return await type.poll.call(context);
		},
	};
}
