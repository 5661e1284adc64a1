/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * The WatchCollect node's panel in the real n8n editor, in headless Chromium (Debian's, installed
 * by scripts/install-chromium.sh before jest runs; nothing is downloaded here). A workflow with a
 * Manual Trigger and a WatchCollect node is created through REST, opened on the canvas, and the
 * node's panel is opened by double-clicking the node. Values are changed the way a user does it:
 * open a parameter's dropdown and click the option by its visible name. Each state is saved as a
 * PNG under test-results/screenshots/ (set UPDATE_DOCS_IMAGES=1 to refresh
 * docs/images/create-session-panel.png from the OTP state).
 *
 * One n8n server, one Chromium and one WatchCollect simulator serve the whole file. The second
 * describe covers the other Session operations with a watchCollectApi credential (created by REST)
 * pointing at the simulator, so the Session locator's "From list" calls the node's searchSessions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

import {
	DEFAULT_TOKENS,
	SEEDED_SESSION_NAMES,
	startSimulator,
	type SessionRecord,
	type Simulator,
} from '../simulator/simulator';
import { editor, launchEditorBrowser, SCREENSHOTS } from '../support/editor';
import { REPO_ROOT } from '../support/n8n';
import { startN8nServer, type N8nServer } from '../support/n8n-server';

type SimSession = SessionRecord;

const DOCS_IMAGE = path.join(REPO_ROOT, 'docs', 'images', 'create-session-panel.png');

const TRIGGER = {
	id: '6f1c1b8e-8a51-4d7e-9d0e-2a4f0c1e0001',
	name: 'When clicking ‘Execute workflow’',
};
const NODE = { id: '6f1c1b8e-8a51-4d7e-9d0e-2a4f0c1e0002', name: 'WatchCollect' };
const PHONE = '+31 6 1234 5678';
const WAHA_SESSION = 'user-user_35eh25qkkIVwab803vgofO1uSsl-sending';

jest.setTimeout(60_000);

let n8n: N8nServer | undefined;
let sim: Simulator | undefined;
let browser: Browser | undefined;
/** A fresh tab for a describe (closing the last one skips its "unsaved changes" prompt). */
let newPage: () => Promise<Page>;
/** The page of the running describe (each opens its own) and its panel helpers. */
let page: Page;
let ui: ReturnType<typeof editor>;

beforeAll(async () => {
	sim = await startSimulator();
	n8n = await startN8nServer();
	({ browser, newPage } = await launchEditorBrowser(n8n));
}, 150_000);

afterAll(async () => {
	await browser?.close().catch(() => undefined);
	await n8n?.stop();
	await sim?.close();
}, 30_000);

/** Creates a workflow "Manual Trigger → WatchCollect" by REST; returns its ID. */
async function createWorkflow(
	name: string,
	node: { parameters: Record<string, unknown>; credentials?: Record<string, unknown> },
): Promise<string> {
	const created = await (n8n as N8nServer).rest('POST', '/rest/workflows', {
		name,
		nodes: [
			{
				...TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				...NODE,
				type: 'n8n-nodes-watchcollect.watchCollect',
				typeVersion: 1,
				position: [260, 0],
				...node,
			},
		],
		connections: { [TRIGGER.name]: { main: [[{ node: NODE.name, type: 'main', index: 0 }]] } },
		settings: {},
		active: false,
	});
	expect(created.status).toBe(200);
	return created.data.id;
}

/** Opens the workflow on the canvas and the WatchCollect panel by double-clicking the node. */
async function openPanel(workflowId: string) {
	await ui.openPanel(n8n as N8nServer, workflowId, NODE.name);
}

/**
 * The WatchCollect node's stored parameters once `done(parameters)` holds (the editor saves
 * asynchronously after Ctrl+S), or the last ones read after 20 s.
 */
async function storedParameters(
	workflowId: string,
	done: (parameters: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
	let stored: Record<string, unknown> = {};
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		const workflow = await (n8n as N8nServer).rest('GET', `/rest/workflows/${workflowId}`);
		stored = workflow.data.nodes.find((n: { id: string }) => n.id === NODE.id).parameters;
		if (done(stored)) break;
		await page.waitForTimeout(500);
	}
	return stored;
}

// ---------------------------------------------------------------- helpers

// (test/support/editor.ts, bound to the page of the running describe)
const param = (name: string): Locator => ui.param(name);
const visibleParameters = () => ui.visibleParameters();
const shownValue = (name: string) => ui.shownValue(name);
const openDropdown = (name: string) => ui.openDropdown(name);
const optionNames = (list: Locator) => ui.optionNames(list);
const shot = (name: string) => ui.shot(name);
const notices = () => ui.notices();

/** Opens the dropdown, picks the option by its name and checks the field now shows it. */
async function choose(name: string, option: string) {
	await ui.choose(name, option);
	expect(await shownValue(name)).toBe(option);
}

/** Reads a dropdown's option names, then closes it by clicking the current value again. */
async function optionsOf(name: string, screenshot?: string): Promise<string[]> {
	const current = await shownValue(name);
	const list = await openDropdown(name);
	const names = await optionNames(list);
	if (screenshot) {
		await page.waitForTimeout(400); // let the list finish fading in
		await page.screenshot({ path: path.join(SCREENSHOTS, `${screenshot}.png`) });
	}
	await ui.pick(list, current);
	return names;
}

describe('WatchCollect › Session › Create in the n8n editor', () => {
	let workflowId: string;

	beforeAll(async () => {
		workflowId = await createWorkflow('WatchCollect panel (browser test)', {
			parameters: { resource: 'session', operation: 'create' },
		});
		page = await newPage();
		ui = editor(page);
	}, 60_000);

	afterAll(async () => {
		await page?.close().catch(() => undefined);
	});

	// ---------------------------------------------------------------- the states

	it('opens the WatchCollect panel by double-clicking the node on the canvas', async () => {
		await openPanel(workflowId);
		await param('role').locator('input').waitFor();
		expect(page.url()).toContain(`/workflow/${workflowId}/${NODE.id}`);
	});

	it('receiving + new session: role, session mode, engine (Default) and auth method (Automatic); no phone', async () => {
		expect(await visibleParameters()).toEqual([
			'resource',
			'operation',
			'role',
			'sessionMode',
			'engine',
			'authMethod',
		]);
		expect(await shownValue('role')).toBe('Receiving');
		expect(await shownValue('sessionMode')).toBe('Create New Session');
		expect(await shownValue('engine')).toBe('Default');
		expect(await shownValue('authMethod')).toBe('Automatic');
		expect(await notices()).toEqual([]);
		await shot('01-receiving-new-qr');

		expect(await optionsOf('role')).toEqual(['Receiving', 'Sending']);
		expect(await optionsOf('sessionMode')).toEqual([
			'Create New Session',
			'Link Existing WAHA Session',
		]);
		expect(await optionsOf('engine', '01b-receiving-engine-options')).toEqual([
			'Default',
			'WEBJS',
			'GOWS',
		]);
		expect(await optionsOf('authMethod')).toEqual(['Automatic', 'QR Code', 'Pairing Code (OTP)']);
		expect(await visibleParameters()).not.toContain('phoneNumber');
	});

	it('auth method → Pairing Code (OTP): phone number and OTP method appear; the empty phone blocks nothing', async () => {
		await choose('authMethod', 'Pairing Code (OTP)');

		expect(await visibleParameters()).toEqual([
			'resource',
			'operation',
			'role',
			'sessionMode',
			'engine',
			'authMethod',
			'phoneNumber',
			'otpMethod',
		]);
		expect(await shownValue('otpMethod')).toBe('Web Pairing Code');
		expect(await optionsOf('otpMethod', '02b-receiving-otp-method-options')).toEqual([
			'Web Pairing Code',
			'SMS',
			'Voice Call',
		]);

		// not `required` (an expression upstream would make n8n refuse the workflow): no issue
		// while empty; the node checks it per item when it runs
		const phone = param('phoneNumber');
		await phone.locator('input').waitFor();
		expect(await phone.getByTestId('parameter-issues').count()).toBe(0);
		await phone.locator('input').fill(PHONE);
		expect(await phone.locator('input').inputValue()).toBe(PHONE);
		await shot('02-receiving-new-otp');
		// the parameters column alone, for the README
		const column = page
			.getByTestId('ndv')
			.locator('.node-settings')
			.filter({ has: page.getByTestId('node-parameters') });
		await column.screenshot({ path: path.join(SCREENSHOTS, '02-receiving-new-otp-panel.png') });
		if (process.env.UPDATE_DOCS_IMAGES === '1') {
			fs.mkdirSync(path.dirname(DOCS_IMAGE), { recursive: true });
			fs.copyFileSync(path.join(SCREENSHOTS, '02-receiving-new-otp-panel.png'), DOCS_IMAGE);
		}
	});

	it('SMS, then Role → Sending: no engine, no OTP method (a notice says NOWEB, web pairing only)', async () => {
		await choose('otpMethod', 'SMS');
		await choose('engine', 'GOWS');
		await choose('role', 'Sending');

		expect(await visibleParameters()).toEqual([
			'resource',
			'operation',
			'role',
			'sessionMode',
			'authMethod',
			'phoneNumber',
		]);
		const shown = await notices();
		expect(shown).toHaveLength(1);
		expect(shown[0]).toContain('NOWEB');
		expect(shown[0]).toContain('web pairing only');
		expect(await param('phoneNumber').locator('input').inputValue()).toBe(PHONE);
		await shot('03-sending-new-otp');
	});

	it('→ Receiving again: no stale value survives (OTP Method back to Web Pairing Code, Engine to Default)', async () => {
		await choose('role', 'Receiving');
		expect(await shownValue('otpMethod')).toBe('Web Pairing Code');
		expect(await shownValue('engine')).toBe('Default');
		expect(await param('otpMethod').getByTestId('parameter-issues').count()).toBe(0);

		// and back and forth once more, with Voice Call this time
		await choose('otpMethod', 'Voice Call');
		await choose('role', 'Sending');
		expect(await visibleParameters()).not.toContain('otpMethod');
		await choose('role', 'Receiving');
		expect(await shownValue('otpMethod')).toBe('Web Pairing Code');
		await choose('role', 'Sending');
	});

	it('mode → link: WAHA session name appears (not flagged while empty), same auth choices', async () => {
		await choose('sessionMode', 'Link Existing WAHA Session');

		expect(await visibleParameters()).toEqual(
			expect.arrayContaining(['role', 'sessionMode', 'wahaSessionName', 'authMethod']),
		);
		expect(await visibleParameters()).not.toContain('engine');
		expect(await param('wahaSessionName').getByTestId('parameter-issues').count()).toBe(0);
		expect(await optionsOf('authMethod', '04b-link-auth-method-options')).toEqual([
			'Automatic',
			'QR Code',
			'Pairing Code (OTP)',
		]);
		await choose('authMethod', 'Automatic');
		await param('wahaSessionName').locator('input').fill(WAHA_SESSION);

		expect(await visibleParameters()).toEqual([
			'resource',
			'operation',
			'role',
			'sessionMode',
			'wahaSessionName',
			'authMethod',
		]);
		expect((await notices())[0]).toContain('NOWEB');
		await shot('04-sending-link-automatic');
	});

	it('link + receiving: the engine returns on Default (keep the current engine), and the notice goes', async () => {
		await choose('role', 'Receiving');

		expect(await visibleParameters()).toEqual([
			'resource',
			'operation',
			'role',
			'sessionMode',
			'wahaSessionName',
			'engine',
			'authMethod',
		]);
		expect(await notices()).toEqual([]);
		expect(await shownValue('engine')).toBe('Default');
		expect(await optionsOf('engine')).toEqual(['Default', 'WEBJS', 'GOWS']);
		// a choice made in link mode stays valid back in new mode
		await choose('engine', 'GOWS');
		await choose('sessionMode', 'Create New Session');
		expect(await shownValue('engine')).toBe('GOWS');
		await choose('sessionMode', 'Link Existing WAHA Session');
		await choose('engine', 'Default');
		await param('wahaSessionName').locator('input').fill(WAHA_SESSION);
		await shot('05-receiving-link-automatic');
	});

	it('what the user set is what the workflow stores', async () => {
		await page.keyboard.press('Control+s');
		const expected = {
			role: 'receiving',
			sessionMode: 'link',
			wahaSessionName: WAHA_SESSION,
			authMethod: 'auto',
		};
		// n8n leaves out parameters whose value is their default (here role and authMethod)
		const defaults = { role: 'receiving', sessionMode: 'new', authMethod: 'auto' };
		const stored = await storedParameters(workflowId, (parameters) =>
			Object.entries(expected).every(([k, v]) => ({ ...defaults, ...parameters })[k] === v),
		);
		expect({ ...defaults, ...stored }).toMatchObject(expected);
		// hidden parameters are not kept: the phone and OTP method of the earlier OTP state are gone
		expect(stored).not.toHaveProperty('phoneNumber');
		expect(stored).not.toHaveProperty('otpMethod');
		expect(stored).not.toHaveProperty('engine'); // "Default" is the default
	});
});

describe('WatchCollect › Session › Get QR Code, Request Pairing Code, Get Many in the n8n editor', () => {
	const CREDENTIAL_NAME = 'WatchCollect (simulator)';
	/** The Session operations the node defines, in the order it lists them. */
	const OPERATIONS = ['Create', 'Get Many', 'Get QR Code', 'Request Pairing Code', 'Start', 'Sync'];
	/**
	 * n8n itself appends this to the Resource and Operation options of every node whose credential
	 * has `authenticate` (LoadNodesAndCredentials.injectCustomApiCallOptions); it is not the node's.
	 */
	const CUSTOM_API_CALL = 'Custom API Call';
	const NOT_A_UUID = 'not-a-session-id';
	const INVALID_ID_MESSAGE = 'Not a session ID: expected a UUID';
	let workflowId: string;
	/** The seeded sessions as the simulator knows them, receiving first (the order of the search). */
	let seeded: SimSession[];
	/** The one picked from the list (found by searching "paired"). */
	let paired: SimSession;

	beforeAll(async () => {
		const server = n8n as N8nServer;
		const simulator = sim as Simulator;
		seeded = ['receiving', 'sending'].flatMap((role) =>
			[...simulator.sessions.values()].filter((s) => s.role === role),
		);
		expect(seeded.map((s) => s.waha_session_name).sort()).toEqual([...SEEDED_SESSION_NAMES].sort());
		paired = seeded.find((s) => s.waha_session_name.endsWith('-receiving-paired')) as SimSession;

		const credential = await server.rest('POST', '/rest/credentials', {
			name: CREDENTIAL_NAME,
			type: 'watchCollectApi',
			data: { accessToken: DEFAULT_TOKENS.valid[0], baseUrl: simulator.url },
		});
		expect(credential.status).toBe(200);
		workflowId = await createWorkflow('WatchCollect operations (browser test)', {
			parameters: { resource: 'session', operation: 'create' },
			credentials: { watchCollectApi: { id: credential.data.id, name: CREDENTIAL_NAME } },
		});
		page = await newPage();
		ui = editor(page);
	}, 60_000);

	afterAll(async () => {
		await page?.close().catch(() => undefined);
	});

	/** The Session resource locator and its parts. */
	const locator = () =>
		page.getByTestId('node-parameters').getByTestId('resource-locator-sessionId');
	const locatorMode = () =>
		locator().getByTestId('rlc-mode-selector').locator('input').inputValue();
	const locatorInput = () => locator().getByTestId('rlc-input');

	/** A seeded session as "From list" names it: `label · role · waha_session_name`. */
	const entryName = (s: SimSession) =>
		[s.label, s.role, s.waha_session_name].filter(Boolean).join(' · ');

	it('opens the panel with the simulator credential; Operation offers the six Session operations', async () => {
		await openPanel(workflowId);
		await param('operation').locator('input').waitFor();
		expect(await page.getByTestId('node-credentials-select').locator('input').inputValue()).toBe(
			CREDENTIAL_NAME,
		);

		expect(await optionsOf('operation', '06-operation-options')).toEqual([
			...OPERATIONS,
			CUSTOM_API_CALL,
		]);
		// opening the panel calls nothing yet
		expect((sim as Simulator).requests).toEqual([]);
	});

	it('Get QR Code: the Session locator lists the seeded sessions from the simulator; one is picked', async () => {
		const simulator = sim as Simulator;
		await choose('operation', 'Get QR Code');
		await locator().waitFor();
		expect(await visibleParameters()).toEqual(['resource', 'operation', 'sessionId']);
		expect(await locatorMode()).toBe('From list');
		expect(await locatorInput().inputValue()).toBe('');
		await shot('07-get-qr-session-locator');

		await locatorInput().click();
		const items = page.getByTestId('rlc-item');
		await items.first().waitFor();
		const entries = await items.allInnerTexts();
		expect(entries).toEqual(seeded.map(entryName));
		// every seeded WAHA session name is there, each as "<role> · <name>" (no labels seeded)
		expect(entries.map((e) => e.split(' · ').pop()).sort()).toEqual(
			[...SEEDED_SESSION_NAMES].sort(),
		);
		await page.waitForTimeout(400);
		await page.screenshot({ path: path.join(SCREENSHOTS, '08-get-qr-session-list.png') });

		// the list came from searchSessions: one GET per role, with the credential's token
		expect(
			simulator.requests.map((r) => ({
				call: `${r.method} ${r.path}`,
				query: r.query,
				authorization: r.headers.authorization,
				authOk: r.authOk,
				status: r.status,
			})),
		).toEqual(
			['receiving', 'sending'].map((role) => ({
				call: 'GET /v2/sessions',
				query: { role },
				authorization: 'Bearer <redacted>',
				authOk: 'valid',
				status: 200,
			})),
		);

		// search narrows the list (the filter goes to searchSessions), then a click picks
		await page.getByTestId('rlc-search').fill('paired');
		const filtered = async () => {
			const deadline = Date.now() + 10_000;
			let texts = await items.allInnerTexts();
			while (texts.length !== 1 && Date.now() < deadline) {
				await page.waitForTimeout(200);
				texts = await items.allInnerTexts();
			}
			return texts;
		};
		expect(await filtered()).toEqual([entryName(paired)]);
		await items.first().click();
		await items.first().waitFor({ state: 'hidden' });
		expect(await locatorInput().inputValue()).toBe(entryName(paired));
		expect(await locator().getByTestId('parameter-issues').count()).toBe(0);
		await shot('09-get-qr-session-picked');

		// what is stored is the session's ID
		await page.keyboard.press('Control+s');
		const stored = await storedParameters(
			workflowId,
			(p) => (p.sessionId as { value?: string } | undefined)?.value === paired.session_id,
		);
		expect(stored).toMatchObject({
			operation: 'getQr',
			sessionId: { __rl: true, mode: 'list', value: paired.session_id },
		});
	});

	it('Get QR Code › By ID: a non-UUID shows "Not a session ID: expected a UUID"; a UUID clears it', async () => {
		await locator().getByTestId('rlc-mode-selector').locator('input').click();
		const list = page.locator('.el-select-dropdown:visible');
		await list.waitFor();
		expect(await list.locator('li[role="option"]').allInnerTexts()).toEqual(['From list', 'By ID']);
		await list.getByRole('option', { name: 'By ID', exact: true }).click();
		await list.waitFor({ state: 'hidden' });
		expect(await locatorMode()).toBe('By ID');
		// the picked session's ID carries over into the By ID field
		expect(await locatorInput().inputValue()).toBe(paired.session_id);

		await locatorInput().fill(NOT_A_UUID);
		const issues = locator().getByTestId('parameter-issues');
		await issues.waitFor();
		await issues.locator('svg').hover();
		const tooltip = page.getByTestId('tooltip-content').filter({ hasText: INVALID_ID_MESSAGE });
		await tooltip.waitFor();
		expect(await tooltip.locator('li').allInnerTexts()).toEqual([INVALID_ID_MESSAGE]);
		await page.waitForTimeout(400);
		await page.screenshot({ path: path.join(SCREENSHOTS, '10-get-qr-by-id-invalid.png') });

		const sending = seeded.find((s) => s.role === 'sending') as SimSession;
		await locatorInput().fill(sending.session_id.toUpperCase());
		await issues.waitFor({ state: 'detached' });
		await page.mouse.move(250, 750);
		await tooltip.waitFor({ state: 'hidden' });
		expect(await locatorInput().inputValue()).toBe(sending.session_id.toUpperCase());
		await shot('11-get-qr-by-id-valid');
	});

	it('Request Pairing Code: phone number and OTP method; Session Role = Sending has no OTP Method, SMS does not survive', async () => {
		await choose('operation', 'Request Pairing Code');
		expect(await visibleParameters()).toEqual([
			'resource',
			'operation',
			'sessionId',
			'role',
			'phoneNumber',
			'otpMethod',
		]);
		// the same Session parameter: what was entered for Get QR Code is still there
		expect(await locatorMode()).toBe('By ID');
		expect(await locatorInput().inputValue()).toBe(
			(seeded.find((s) => s.role === 'sending') as SimSession).session_id.toUpperCase(),
		);
		expect(await shownValue('role')).toBe('Receiving');
		expect(await optionsOf('role')).toEqual(['Receiving', 'Sending']);
		expect(await shownValue('otpMethod')).toBe('Web Pairing Code');
		expect(await optionsOf('otpMethod', '12b-request-code-receiving-otp-options')).toEqual([
			'Web Pairing Code',
			'SMS',
			'Voice Call',
		]);
		const phone = param('phoneNumber');
		await phone.getByTestId('parameter-issues').waitFor();
		await phone.locator('input').fill(PHONE);
		await phone.getByTestId('parameter-issues').waitFor({ state: 'detached' });
		await choose('otpMethod', 'SMS');
		await shot('12-request-code-receiving');

		// a sending session has web pairing only: no OTP Method to choose, and SMS does not stay
		await choose('role', 'Sending');
		expect(await visibleParameters()).toEqual([
			'resource',
			'operation',
			'sessionId',
			'role',
			'phoneNumber',
		]);
		expect(await phone.locator('input').inputValue()).toBe(PHONE);
		await choose('role', 'Receiving');
		expect(await shownValue('otpMethod')).toBe('Web Pairing Code');
		await choose('role', 'Sending');
		await shot('13-request-code-sending');
	});

	it('Get Many: Role, Return All and Limit; Return All on hides Limit', async () => {
		await choose('operation', 'Get Many');
		// Role's shown value is left alone: the "Sending" chosen for Request Pairing Code carries
		// over (the operations share the parameter name `role`), so it is not Get Many's default.
		expect(await visibleParameters()).toEqual([
			'resource',
			'operation',
			'role',
			'returnAll',
			'limit',
		]);
		expect(await optionsOf('role')).toEqual(['All Roles', 'Receiving', 'Sending']);
		const returnAll = param('returnAll').locator('.el-switch');
		expect(await returnAll.getAttribute('class')).not.toContain('is-checked');
		expect(await param('limit').locator('input').inputValue()).toBe('50');
		await shot('14-get-many');

		await returnAll.click();
		await param('limit').waitFor({ state: 'detached' });
		expect(await returnAll.getAttribute('class')).toContain('is-checked');
		expect(await visibleParameters()).toEqual(['resource', 'operation', 'role', 'returnAll']);
		await shot('15-get-many-return-all');
	});
});
