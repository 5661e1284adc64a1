/**
 * What the n8n panel shows for each role × session mode × auth method, computed with n8n-workflow's
 * own display logic (NodeHelpers), the same code the editor runs.
 */
import type { INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { WatchCollect } from '../../../nodes/WatchCollect/WatchCollect.node';

const description = new WatchCollect().description;
const node: INode = {
	id: '1',
	name: 'WatchCollect',
	type: 'n8n-nodes-watchcollect.watchCollect',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The parameters as the editor holds them: defaults filled in for what the user set. */
function resolve(values: INodeParameters): INodeParameters {
	return (
		NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ??
		{}
	);
}

/** The visible properties, in panel order. */
function visible(values: INodeParameters): INodeProperties[] {
	const resolved = resolve(values);
	return description.properties.filter((p) =>
		NodeHelpers.displayParameter(resolved, p, node, description),
	);
}

const names = (values: INodeParameters) => visible(values).map((p) => p.name);
function optionsOf(values: INodeParameters, name: string): unknown[] | undefined {
	const p = visible(values).find((v) => v.name === name);
	return p?.options?.map((o) => ('value' in o ? o.value : undefined));
}

type Row = {
	role: 'receiving' | 'sending';
	sessionMode: 'new' | 'link';
	authMethod: string;
	shown: string[];
	engine?: string[];
	authMethods: string[];
	otpMethods?: string[];
};

const always = ['authentication', 'resource', 'operation', 'role', 'sessionMode'];
const tail = ['additionalFields', 'options'];
const rows: Row[] = [
	{
		role: 'receiving',
		sessionMode: 'new',
		authMethod: 'qr',
		shown: [...always, 'engine', 'authMethod', ...tail],
		engine: ['WEBJS', 'GOWS'],
		authMethods: ['qr', 'otp'],
	},
	{
		role: 'receiving',
		sessionMode: 'new',
		authMethod: 'otp',
		shown: [...always, 'engine', 'authMethod', 'phoneNumber', 'otpMethod', ...tail],
		engine: ['WEBJS', 'GOWS'],
		authMethods: ['qr', 'otp'],
		otpMethods: ['web', 'sms', 'voice'],
	},
	{
		role: 'sending',
		sessionMode: 'new',
		authMethod: 'qr',
		shown: [...always, 'sendingEngineNotice', 'authMethod', ...tail],
		authMethods: ['qr', 'otp'],
	},
	{
		role: 'sending',
		sessionMode: 'new',
		authMethod: 'otp',
		shown: [...always, 'sendingEngineNotice', 'authMethod', 'phoneNumber', 'otpMethod', ...tail],
		authMethods: ['qr', 'otp'],
		otpMethods: ['web'],
	},
	{
		role: 'receiving',
		sessionMode: 'link',
		authMethod: 'auto',
		shown: [...always, 'wahaSessionName', 'engine', 'authMethod', ...tail],
		engine: ['keep', 'WEBJS', 'GOWS'],
		authMethods: ['auto', 'qr', 'otp'],
	},
	{
		role: 'receiving',
		sessionMode: 'link',
		authMethod: 'qr',
		shown: [...always, 'wahaSessionName', 'engine', 'authMethod', ...tail],
		engine: ['keep', 'WEBJS', 'GOWS'],
		authMethods: ['auto', 'qr', 'otp'],
	},
	{
		role: 'receiving',
		sessionMode: 'link',
		authMethod: 'otp',
		shown: [
			...always,
			'wahaSessionName',
			'engine',
			'authMethod',
			'phoneNumber',
			'otpMethod',
			...tail,
		],
		engine: ['keep', 'WEBJS', 'GOWS'],
		authMethods: ['auto', 'qr', 'otp'],
		otpMethods: ['web', 'sms', 'voice'],
	},
	{
		role: 'sending',
		sessionMode: 'link',
		authMethod: 'auto',
		shown: [...always, 'wahaSessionName', 'sendingEngineNotice', 'authMethod', ...tail],
		authMethods: ['auto', 'qr', 'otp'],
	},
	{
		role: 'sending',
		sessionMode: 'link',
		authMethod: 'qr',
		shown: [...always, 'wahaSessionName', 'sendingEngineNotice', 'authMethod', ...tail],
		authMethods: ['auto', 'qr', 'otp'],
	},
	{
		role: 'sending',
		sessionMode: 'link',
		authMethod: 'otp',
		shown: [
			...always,
			'wahaSessionName',
			'sendingEngineNotice',
			'authMethod',
			'phoneNumber',
			'otpMethod',
			...tail,
		],
		authMethods: ['auto', 'qr', 'otp'],
		otpMethods: ['web'],
	},
];

describe('Create Session panel (NodeHelpers.displayParameter)', () => {
	it.each(rows)('$role + $sessionMode + $authMethod', (row) => {
		const values = { role: row.role, sessionMode: row.sessionMode, authMethod: row.authMethod };
		expect(names(values)).toEqual(row.shown);
		expect(optionsOf(values, 'engine')).toEqual(row.engine);
		expect(optionsOf(values, 'authMethod')).toEqual(row.authMethods);
		expect(optionsOf(values, 'otpMethod')).toEqual(row.otpMethods);
	});

	it('opens on receiving + new + QR with WEBJS for a freshly dropped node', () => {
		expect(resolve({})).toMatchObject({
			resource: 'session',
			operation: 'create',
			role: 'receiving',
			sessionMode: 'new',
			engine: 'WEBJS',
			authMethod: 'qr',
		});
	});

	it('defaults link mode to automatic auth and keeping the engine', () => {
		expect(resolve({ sessionMode: 'link' })).toMatchObject({ authMethod: 'auto', engine: 'keep' });
	});

	it('defaults the OTP method to web pairing', () => {
		expect(resolve({ authMethod: 'otp' })).toMatchObject({ otpMethod: 'web' });
		expect(resolve({ role: 'sending', authMethod: 'otp' })).toMatchObject({ otpMethod: 'web' });
	});

	it('stores nothing for hidden fields, so a hidden value can never reach the body', () => {
		const stored =
			NodeHelpers.getNodeParameters(
				description.properties,
				{
					role: 'sending',
					sessionMode: 'new',
					authMethod: 'qr',
					engine: 'GOWS',
					phoneNumber: '316',
					wahaSessionName: 'x',
				},
				false,
				false,
				node,
				description,
			) ?? {};
		expect(stored).not.toHaveProperty('engine');
		expect(stored).not.toHaveProperty('phoneNumber');
		expect(stored).not.toHaveProperty('wahaSessionName');
	});

	it('marks the fields a user must fill as required where they are shown', () => {
		const required = (values: INodeParameters) =>
			visible(values)
				.filter((p) => p.required)
				.map((p) => p.name);
		expect(required({ sessionMode: 'link', authMethod: 'otp' })).toEqual([
			'role',
			'wahaSessionName',
			'phoneNumber',
		]);
		expect(required({ sessionMode: 'new' })).toEqual(['role', 'authMethod']);
	});

	it('offers the Session operations, and is usable as an AI tool', () => {
		expect(optionsOf({}, 'resource')).toEqual(['session']);
		expect(optionsOf({}, 'operation')).toEqual([
			'create',
			'getMany',
			'getQr',
			'requestCode',
			'start',
			'sync',
		]);
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials?.map((c) => c.name)).toEqual([
			'watchCollectApi',
			'watchCollectSignInApi',
		]);
	});

	it('shows the credential slot that matches Authentication (Access Token by default)', () => {
		const slots = (values: INodeParameters) =>
			(description.credentials ?? [])
				.filter((c) => NodeHelpers.displayParameter(resolve(values), c, node, description))
				.map((c) => c.name);
		expect(resolve({}).authentication).toBe('accessToken');
		expect(slots({})).toEqual(['watchCollectApi']);
		expect(slots({ authentication: 'signIn' })).toEqual(['watchCollectSignInApi']);
		expect(optionsOf({}, 'authentication')).toEqual(['accessToken', 'signIn']);
	});
});

describe('the other Session operations (NodeHelpers.displayParameter)', () => {
	const base = ['authentication', 'resource', 'operation'];
	it.each([
		['getMany', {}, [...base, 'role', 'returnAll', 'limit', 'options']],
		['getMany', { returnAll: true }, [...base, 'role', 'returnAll', 'options']],
		['getQr', {}, [...base, 'sessionId', 'options']],
		['requestCode', {}, [...base, 'sessionId', 'role', 'phoneNumber', 'otpMethod', 'options']],
		['start', {}, [...base, 'sessionId', 'options']],
		['sync', {}, [...base, 'sessionId', 'options']],
	])('%s %j shows %j', (operation, extra, shown) => {
		expect(names({ operation, ...extra })).toEqual(shown);
	});

	it('Get Many filters by role, all by default', () => {
		expect(optionsOf({ operation: 'getMany' }, 'role')).toEqual(['all', 'receiving', 'sending']);
		expect(resolve({ operation: 'getMany' })).toMatchObject({
			role: 'all',
			returnAll: false,
			limit: 50,
		});
	});

	it('Request Pairing Code offers web pairing only for sending sessions', () => {
		expect(optionsOf({ operation: 'requestCode' }, 'otpMethod')).toEqual(['web', 'sms', 'voice']);
		expect(optionsOf({ operation: 'requestCode', role: 'sending' }, 'otpMethod')).toEqual(['web']);
	});

	it('picks the session from a searchable list or by a checked UUID', () => {
		const locator = visible({ operation: 'getQr' }).find((p) => p.name === 'sessionId');
		expect(locator?.type).toBe('resourceLocator');
		expect(locator?.modes?.map((m) => m.name)).toEqual(['list', 'id']);
		expect(locator?.modes?.[0].typeOptions?.searchListMethod).toBe('searchSessions');
		expect(new WatchCollect().methods.listSearch.searchSessions).toBeInstanceOf(Function);
		const regex = new RegExp(
			(
				locator?.modes?.[1].validation?.[0] as unknown as { properties: { regex: string } }
			).properties.regex,
		);
		expect(regex.test('6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f')).toBe(true);
		expect(regex.test('user-user_35eh25qkkIVwab803vgofO1uSsl-receiving')).toBe(false);
	});

	it('Create and Get QR Code put the QR image in binary property "qr" unless switched off', () => {
		for (const operation of ['create', 'getQr']) {
			const options = visible({ operation }).find((p) => p.name === 'options')
				?.options as INodeProperties[];
			expect(options.map((o) => [o.name, o.default])).toEqual([
				['qrImage', true],
				['binaryPropertyName', 'qr'],
				['timeout', 30000],
			]);
		}
	});
});
