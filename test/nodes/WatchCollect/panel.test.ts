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
/**
 * Every role × mode × auth method. One field per name: Engine (receiving) and Authentication
 * Method offer the same choices in both modes, OTP Method shows for receiving sessions only.
 */
const rows: Row[] = [
	{
		role: 'receiving',
		sessionMode: 'new',
		authMethod: 'auto',
		shown: [...always, 'engine', 'authMethod', ...tail],
		engine: ['keep', 'WEBJS', 'GOWS'],
		authMethods: ['auto', 'qr', 'otp'],
	},
	{
		role: 'receiving',
		sessionMode: 'new',
		authMethod: 'qr',
		shown: [...always, 'engine', 'authMethod', ...tail],
		engine: ['keep', 'WEBJS', 'GOWS'],
		authMethods: ['auto', 'qr', 'otp'],
	},
	{
		role: 'receiving',
		sessionMode: 'new',
		authMethod: 'otp',
		shown: [...always, 'engine', 'authMethod', 'phoneNumber', 'otpMethod', ...tail],
		engine: ['keep', 'WEBJS', 'GOWS'],
		authMethods: ['auto', 'qr', 'otp'],
		otpMethods: ['web', 'sms', 'voice'],
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
		sessionMode: 'new',
		authMethod: 'auto',
		shown: [...always, 'sendingEngineNotice', 'authMethod', ...tail],
		authMethods: ['auto', 'qr', 'otp'],
	},
	{
		role: 'sending',
		sessionMode: 'new',
		authMethod: 'qr',
		shown: [...always, 'sendingEngineNotice', 'authMethod', ...tail],
		authMethods: ['auto', 'qr', 'otp'],
	},
	{
		role: 'sending',
		sessionMode: 'new',
		authMethod: 'otp',
		shown: [...always, 'sendingEngineNotice', 'authMethod', 'phoneNumber', ...tail],
		authMethods: ['auto', 'qr', 'otp'],
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
			...tail,
		],
		authMethods: ['auto', 'qr', 'otp'],
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

	it('opens on receiving + new + automatic auth + default engine (QR, WEBJS) for a freshly dropped node', () => {
		expect(resolve({})).toMatchObject({
			resource: 'session',
			operation: 'create',
			role: 'receiving',
			sessionMode: 'new',
			engine: 'keep',
			authMethod: 'auto',
		});
	});

	it('has the same defaults in link mode: automatic auth, keep the engine', () => {
		expect(resolve({ sessionMode: 'link' })).toMatchObject({ authMethod: 'auto', engine: 'keep' });
	});

	it('defaults the OTP method to web pairing; a sending session has no OTP Method field', () => {
		expect(resolve({ authMethod: 'otp' })).toMatchObject({ otpMethod: 'web' });
		expect(resolve({ role: 'sending', authMethod: 'otp' })).not.toHaveProperty('otpMethod');
	});

	it('has one property per parameter name, so a default never depends on a variant', () => {
		// the properties that can show on Session › Create (other resources and operations aside)
		const create = description.properties.filter((p) => {
			const show = p.displayOptions?.show;
			return (
				(!show?.resource || show.resource.includes('session')) &&
				(!show?.operation || show.operation.includes('create'))
			);
		});
		const names = create.map((p) => p.name);
		expect(names).toContain('engine');
		expect(names.length).toBe(new Set(names).size);
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

	it('marks no field required that depends on a parameter a user may set by expression', () => {
		// n8n counts a field as shown when a parameter it depends on holds an expression: a
		// required field there would block every run while it is empty. Only resource and
		// operation (noDataExpression) may decide whether a required field shows.
		const expressionFree = new Set(
			description.properties.filter((p) => p.noDataExpression).map((p) => p.name),
		);
		const offenders = description.properties
			.filter((p) => p.required)
			.filter((p) =>
				Object.keys({ ...p.displayOptions?.show, ...p.displayOptions?.hide }).some(
					(dependency) => !expressionFree.has(dependency),
				),
			)
			.map((p) => p.name);
		expect(offenders).toEqual([]);
		const required = (values: INodeParameters) =>
			visible(values)
				.filter((p) => p.required)
				.map((p) => p.name);
		expect(required({ sessionMode: 'link', authMethod: 'otp' })).toEqual(['role']);
		expect(required({ operation: 'requestCode' })).toEqual(['sessionId', 'phoneNumber']);
	});

	it('says in the description which fields are required when', () => {
		const describe = (name: string) =>
			description.properties.find(
				(p) => p.name === name && p.displayOptions?.show?.operation?.includes('create'),
			)?.description;
		expect(describe('wahaSessionName')).toMatch(/Required for Link Existing WAHA Session/);
		expect(describe('phoneNumber')).toMatch(/Required for a pairing code/);
	});

	it('offers the Session operations, and is usable as an AI tool', () => {
		expect(optionsOf({}, 'resource')).toEqual([
			'classification',
			'marketFacet',
			'marketListing',
			'marketReference',
			'message',
			'outboundSchedule',
			'outboundSend',
			'savedView',
			'session',
		]);
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

	it('Request Pairing Code offers SMS and voice for receiving sessions only', () => {
		expect(optionsOf({ operation: 'requestCode' }, 'otpMethod')).toEqual(['web', 'sms', 'voice']);
		expect(names({ operation: 'requestCode', role: 'sending' })).not.toContain('otpMethod');
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
				['batching', { batch: {} }],
				['maxRateLimitWait', 60],
			]);
		}
	});

	it('every operation has Options › Batching (like HTTP Request) and Max Wait on Rate Limit', () => {
		for (const operation of ['create', 'getMany', 'getQr', 'requestCode', 'start', 'sync']) {
			const options = visible({ operation }).find((p) => p.name === 'options')
				?.options as INodeProperties[];
			const batching = options.find((o) => o.name === 'batching');
			expect(batching?.type).toBe('fixedCollection');
			const values = (batching?.options?.[0] as { values: INodeProperties[] }).values;
			expect(values.map((v) => [v.name, v.default])).toEqual([
				['batchSize', 50],
				['batchInterval', 1000],
			]);
			expect(options.find((o) => o.name === 'maxRateLimitWait')?.default).toBe(60);
		}
	});
});

describe('parameters from expressions: n8n never refuses the workflow (getNodeParametersIssues)', () => {
	/** n8n's check before a run: null means the node has no issue that blocks the workflow. */
	const issues = (parameters: INodeParameters) =>
		NodeHelpers.getNodeParametersIssues(
			description.properties,
			{ ...node, parameters: resolve(parameters) },
			description,
		);
	const EXPRESSIONS = {
		role: '={{ $json.role }}',
		sessionMode: '={{ $json.mode }}',
		authMethod: '={{ $json.auth }}',
	};
	const combinations: Array<Array<keyof typeof EXPRESSIONS>> = [
		['role'],
		['sessionMode'],
		['authMethod'],
		['role', 'sessionMode'],
		['role', 'authMethod'],
		['sessionMode', 'authMethod'],
		['role', 'sessionMode', 'authMethod'],
	];

	it.each(combinations.map((names) => [names.join(' + '), names] as const))(
		'Create with %s from expressions and every other field empty',
		(_title, names) => {
			const parameters: INodeParameters = { operation: 'create' };
			for (const name of names) parameters[name] = EXPRESSIONS[name];
			expect(issues(parameters)).toBeNull();
		},
	);

	it.each([
		[
			'link mode and OTP typed in the panel, name and phone empty',
			{ sessionMode: 'link', authMethod: 'otp' },
		],
		[
			'Request Pairing Code with the role from an expression',
			{
				operation: 'requestCode',
				role: '={{ $json.role }}',
				sessionId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				phoneNumber: '={{ $json.phone }}',
			},
		],
		[
			'Get Many with Return All from an expression',
			{ operation: 'getMany', role: '={{ $json.role }}', returnAll: '={{ $json.all }}' },
		],
	])('%s', (_name, parameters) => {
		expect(issues(parameters as INodeParameters)).toBeNull();
	});

	it('still reports what is required whatever the expressions: the session of Request Pairing Code', () => {
		expect(issues({ operation: 'requestCode', role: '={{ $json.role }}' })).toMatchObject({
			parameters: { sessionId: expect.any(Array), phoneNumber: expect.any(Array) },
		});
	});

	it("fills in each dependent field's own default, valid for every item (no other branch's value)", () => {
		const filled = resolve({
			role: EXPRESSIONS.role,
			sessionMode: EXPRESSIONS.sessionMode,
			authMethod: EXPRESSIONS.authMethod,
		});
		expect(filled).toMatchObject({
			engine: 'keep',
			wahaSessionName: '',
			phoneNumber: '',
			otpMethod: 'web',
		});
	});
});

describe('switching choices in the panel never leaves a value the new choice forbids', () => {
	/**
	 * What the editor does when one parameter changes (n8n 2.40's NodeSettings): the stored
	 * parameters without defaults and hidden fields, the new value set, then the defaults of what
	 * is shown filled in.
	 */
	function change(current: INodeParameters, name: string, value: string): INodeParameters {
		const stored =
			NodeHelpers.getNodeParameters(
				description.properties,
				current,
				false,
				false,
				node,
				description,
			) ?? {};
		return resolve({ ...stored, [name]: value });
	}
	const sequence = (steps: Array<[string, string]>, from: INodeParameters = resolve({})) =>
		steps.reduce((params, [name, value]) => change(params, name, value), from);

	it('SMS, then Role → Sending → Receiving: OTP Method is back to Web Pairing Code', () => {
		let params = sequence([
			['authMethod', 'otp'],
			['otpMethod', 'sms'],
		]);
		expect(params.otpMethod).toBe('sms');
		params = change(params, 'role', 'sending');
		expect(params).not.toHaveProperty('otpMethod');
		params = change(params, 'role', 'receiving');
		expect(params.otpMethod).toBe('web');
	});

	it('GOWS, then Role → Sending → Receiving: Engine is back to Default', () => {
		const params = sequence([
			['engine', 'GOWS'],
			['role', 'sending'],
			['role', 'receiving'],
		]);
		expect(params.engine).toBe('keep');
	});

	it('every value a field holds after any switch is one of the options it shows', () => {
		const choices: Array<[string, string[]]> = [
			['role', ['receiving', 'sending']],
			['sessionMode', ['new', 'link']],
			['authMethod', ['auto', 'qr', 'otp']],
			['engine', ['keep', 'WEBJS', 'GOWS']],
			['otpMethod', ['web', 'sms', 'voice']],
		];
		let params = resolve({});
		// a fixed pseudo-random walk of 300 clicks over every choice
		let seed = 7;
		for (let step = 0; step < 300; step++) {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			const shown = visible(params);
			const [name, values] = choices[seed % choices.length];
			if (!shown.some((p) => p.name === name)) continue;
			params = change(params, name, values[(seed >> 8) % values.length]);
			for (const p of visible(params)) {
				if (p.type !== 'options') continue;
				expect(optionsOf(params, p.name)).toContain(params[p.name]);
			}
		}
	});
});
