/**
 * Both credentials accept a token and a Base URL in the forms users paste (issue 13 §7): a token
 * with a leading "Bearer " (any case) or surrounding spaces, a Base URL ending in "/", "/v2" or
 * "/v2/". The credential test request (its baseURL is an n8n expression, resolved here by n8n's
 * own expression engine, then authenticated by the credential as n8n does) and an execution
 * through n8n-core reach the same URL of the simulator, and both are accepted.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeTypes,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { WatchCollectApi } from '../../credentials/WatchCollectApi.credentials';
import { WatchCollectSignInApi } from '../../credentials/WatchCollectSignInApi.credentials';
import { normaliseBaseUrl, normaliseToken } from '../../nodes/WatchCollect/transport/credentials';
import { startSimulator, type Simulator } from '../simulator/simulator';
import { credentialStore, runWatchCollect } from '../support/execute-workflow';

jest.setTimeout(60_000);

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const node: INode = {
	id: 'n',
	name: 'Credential Test',
	type: 'n8n-nodes-watchcollect.watchCollect',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const workflow = new Workflow({
	nodes: [node],
	connections: {},
	active: false,
	nodeTypes: {
		getByName: () => undefined,
		getByNameAndVersion: () => undefined,
	} as unknown as INodeTypes,
});

/** An expression of a credential, resolved by n8n's engine with $credentials (as n8n does). */
function resolve(expression: string, credentials: IDataObject): string {
	return workflow.expression.getSimpleParameterValue(
		node,
		expression,
		'internal',
		{ $credentials: credentials } as never,
		undefined,
		'',
	) as string;
}

const BASE_FORMS: Array<[string, string]> = [
	['https://api.example.test', 'https://api.example.test'],
	['https://api.example.test/', 'https://api.example.test'],
	['https://api.example.test//', 'https://api.example.test'],
	['https://api.example.test/v2', 'https://api.example.test'],
	['https://api.example.test/v2/', 'https://api.example.test'],
	['https://api.example.test/V2', 'https://api.example.test'],
	['  https://api.example.test/v2/  ', 'https://api.example.test'],
	['https://gw.example.test/watchcollect/v2', 'https://gw.example.test/watchcollect'],
	['https://api.example.test/v20', 'https://api.example.test/v20'],
	['', 'https://api-v2.watchcollect.com'],
	['   ', 'https://api-v2.watchcollect.com'],
];

const TOKEN_FORMS: Array<[string, string]> = [
	['sim-valid-token', 'sim-valid-token'],
	['Bearer sim-valid-token', 'sim-valid-token'],
	['bearer sim-valid-token', 'sim-valid-token'],
	['BEARER   sim-valid-token', 'sim-valid-token'],
	['  sim-valid-token \n', 'sim-valid-token'],
	[' Bearer sim-valid-token ', 'sim-valid-token'],
	['Bearertoken', 'Bearertoken'],
];

describe('Base URL forms', () => {
	it.each(BASE_FORMS)('execution reads %j as %j', (form, expected) => {
		expect(normaliseBaseUrl(form)).toBe(expected);
	});

	it.each(BASE_FORMS)('both credential tests read %j as %j', (form, expected) => {
		for (const type of [new WatchCollectApi(), new WatchCollectSignInApi()]) {
			const { request } = type.test as ICredentialTestRequest;
			expect(resolve(request.baseURL as string, { baseUrl: form })).toBe(expected);
		}
	});
});

describe('token forms', () => {
	it.each(TOKEN_FORMS)('%j is sent as %j', (form, expected) => {
		expect(normaliseToken(form)).toBe(expected);
		const { headers } = (
			new WatchCollectApi().authenticate as { properties: { headers: IDataObject } }
		).properties;
		expect(resolve(headers.Authorization as string, { accessToken: form })).toBe(
			`Bearer ${expected}`,
		);
	});
});

/** Runs a credential's test request the way n8n's credential tester does, against the simulator. */
async function runCredentialTest(
	type: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
): Promise<number> {
	const { request } = type.test as ICredentialTestRequest;
	let data = { ...credentials };
	// a credential test always runs preAuthentication (n8n 2.40's credentials helper)
	if (typeof type.preAuthentication === 'function') {
		const helpers = {
			helpers: {
				httpRequest: async (o: IHttpRequestOptions) => await plainRequest(o),
			},
		};
		const renewed = await type.preAuthentication.call(helpers as never, data);
		data = { ...data, ...renewed } as ICredentialDataDecryptedObject;
	}
	let options: IHttpRequestOptions = {
		method: request.method,
		url: `${resolve(request.baseURL as string, data)}${request.url}`,
		qs: request.qs,
		headers: {},
	};
	const auth = type.authenticate;
	if (typeof auth === 'function') options = await auth(data, options);
	else if (auth) {
		for (const [name, value] of Object.entries(auth.properties.headers ?? {}))
			(options.headers as IDataObject)[name] = resolve(value as string, data);
	}
	const response = await plainRequest({ ...options, returnFullResponse: true });
	return (response as { statusCode: number }).statusCode;
}

/** A minimal HTTP client for the credential tester stand-in (fetch, JSON bodies). */
async function plainRequest(o: IHttpRequestOptions): Promise<unknown> {
	const url = new URL(o.url);
	for (const [k, v] of Object.entries(o.qs ?? {})) url.searchParams.set(k, String(v));
	const response = await fetch(url, {
		method: o.method ?? 'GET',
		headers: o.headers as Record<string, string>,
		body: o.method === 'POST' ? (typeof o.body === 'string' ? o.body : '') : undefined,
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON
	}
	const headers = Object.fromEntries(response.headers.entries());
	return o.returnFullResponse ? { statusCode: response.status, headers, body } : body;
}

const getMany = { resource: 'session', operation: 'getMany', role: 'receiving' };

describe('against the simulator: the credential test and an execution agree', () => {
	const host = () => sim.url.replace(/\/+$/, '');
	const forms = () => [`${host()}/`, `${host()}/v2`, ` ${host()}/v2/ `];

	it('Access Token: "Bearer " + spaces around the token, Base URL with /, /v2, /v2/', async () => {
		for (const baseUrl of forms()) {
			const credentials = { accessToken: '  Bearer sim-valid-token ', baseUrl };
			sim.reset();
			expect(await runCredentialTest(new WatchCollectApi(), credentials)).toBe(200);
			const result = await runWatchCollect({ parameters: getMany, credentials });
			expect(result.error).toBeUndefined();
			// both asked for the same URL and were let in with the token as it should be sent
			expect(sim.requests.map((r) => [r.method, r.path, r.authOk, r.status])).toEqual([
				['GET', '/v2/sessions', 'valid', 200],
				['GET', '/v2/sessions', 'valid', 200],
			]);
		}
	});

	it('Sign-In: Base URL with /, /v2, /v2/; the client token pasted with "Bearer " and spaces', async () => {
		for (const baseUrl of forms()) {
			sim.reset();
			const data = {
				clientToken: `  Bearer ${sim.clerk.state().clientToken} `,
				frontendApiUrl: sim.clerk.frontendApiUrl,
				baseUrl,
			};
			expect(await runCredentialTest(new WatchCollectSignInApi(), data)).toBe(200);
			const store = credentialStore({ watchCollectSignInApi: data });
			const result = await runWatchCollect({
				parameters: { ...getMany, authentication: 'signIn' },
				store,
			});
			expect(result.error).toBeUndefined();
			const api = sim.requests.filter((r) => r.path.startsWith('/v2'));
			expect(api.map((r) => [r.method, r.path, r.authOk, r.status])).toEqual([
				['GET', '/v2/sessions', 'valid', 200],
				['GET', '/v2/sessions', 'valid', 200],
			]);
		}
	});

	it('negative control: a token that differs in more than its form is refused by both', async () => {
		const credentials = { accessToken: 'Bearer sim-valid-token-x', baseUrl: `${host()}/v2` };
		expect(await runCredentialTest(new WatchCollectApi(), credentials)).toBe(401);
		const result = await runWatchCollect({ parameters: getMany, credentials });
		expect(result.error?.message).toMatch(/401/);
	});
});
