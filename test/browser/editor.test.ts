/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * The WatchCollect node's panel in the real n8n editor, in headless Chromium (Debian's, installed
 * by scripts/install-chromium.sh before jest runs; nothing is downloaded here). A workflow with a
 * Manual Trigger and a WatchCollect node is created through REST, opened on the canvas, and the
 * node's panel is opened by double-clicking the node. Values are changed the way a user does it:
 * open a parameter's dropdown and click the option by its visible name. Each state is saved as a
 * PNG under test-results/screenshots/ (set UPDATE_DOCS_IMAGES=1 to refresh
 * docs/images/create-session-panel.png from the OTP state).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, selectors, type Browser, type Locator, type Page } from 'playwright-core';

import { REPO_ROOT } from '../support/n8n';
import { startN8nServer, type N8nServer } from '../support/n8n-server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run',
];
const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
const DOCS_IMAGE = path.join(REPO_ROOT, 'docs', 'images', 'create-session-panel.png');

const TRIGGER = {
	id: '6f1c1b8e-8a51-4d7e-9d0e-2a4f0c1e0001',
	name: 'When clicking ‘Execute workflow’',
};
const NODE = { id: '6f1c1b8e-8a51-4d7e-9d0e-2a4f0c1e0002', name: 'WatchCollect' };
const PHONE = '+31 6 1234 5678';
const WAHA_SESSION = 'user-user_35eh25qkkIVwab803vgofO1uSsl-sending';

jest.setTimeout(60_000);

describe('WatchCollect › Session › Create in the n8n editor', () => {
	let n8n: N8nServer | undefined;
	let browser: Browser | undefined;
	let page: Page;
	let workflowId: string;

	beforeAll(async () => {
		if (!fs.existsSync(CHROMIUM)) {
			throw new Error(
				`${CHROMIUM} is missing: run scripts/install-chromium.sh (npm test does) first`,
			);
		}
		fs.mkdirSync(SCREENSHOTS, { recursive: true });
		selectors.setTestIdAttribute('data-test-id');

		n8n = await startN8nServer();
		const created = await n8n.rest('POST', '/rest/workflows', {
			name: 'WatchCollect panel (browser test)',
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
					parameters: { resource: 'session', operation: 'create' },
				},
			],
			connections: { [TRIGGER.name]: { main: [[{ node: NODE.name, type: 'main', index: 0 }]] } },
			settings: {},
			active: false,
		});
		expect(created.status).toBe(200);
		workflowId = created.data.id;

		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: CHROMIUM_ARGS,
			timeout: 30_000,
		});
		const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
		await context.addCookies([{ name: 'n8n-auth', value: n8n.authToken, url: n8n.url }]);
		page = await context.newPage();
		page.setDefaultTimeout(15_000);
		page.setDefaultNavigationTimeout(60_000);
	}, 150_000);

	afterAll(async () => {
		await browser?.close().catch(() => undefined);
		await n8n?.stop();
	}, 30_000);

	// ---------------------------------------------------------------- helpers

	const param = (name: string): Locator =>
		page.getByTestId('node-parameters').getByTestId(`parameter-input-${name}`);

	/** The parameters the panel shows, top to bottom (by their `parameter-input-<name>` ids). */
	async function visibleParameters(): Promise<string[]> {
		const ids = await page
			.getByTestId('node-parameters')
			.locator('[data-test-id^="parameter-input-"]:visible')
			.evaluateAll((els) => els.map((e) => e.getAttribute('data-test-id') ?? ''));
		return ids
			.map((id) => id.replace('parameter-input-', ''))
			.filter((name) => name !== 'field' && name !== 'item'); // inner parts of an input
	}

	/** What the closed dropdown of an options parameter shows. */
	const shownValue = (name: string) => param(name).locator('input').inputValue();

	/** Opens a parameter's dropdown; returns the open list. */
	async function openDropdown(name: string): Promise<Locator> {
		await param(name).locator('input').click(); // waits until the input is enabled (editable)
		const list = page.locator('.el-select-dropdown:visible');
		await list.waitFor();
		return list;
	}

	/** The visible names of a dropdown's options (left open). */
	const optionNames = (list: Locator) =>
		list.locator('li[role="option"] .option-headline').allInnerTexts();

	/** Clicks an option of an open dropdown by its visible name and waits for the list to close. */
	async function pick(list: Locator, option: string) {
		await list
			.locator('li[role="option"]')
			.filter({ has: page.locator('.option-headline').getByText(option, { exact: true }) })
			.click();
		await list.waitFor({ state: 'hidden' });
	}

	/** Opens the dropdown, picks the option by its name and checks the field now shows it. */
	async function choose(name: string, option: string) {
		await pick(await openDropdown(name), option);
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
		await pick(list, current);
		return names;
	}

	/** A screenshot of the settled panel: nothing focused, the mouse away, transitions over. */
	async function shot(name: string) {
		await page.evaluate('document.activeElement && document.activeElement.blur()');
		await page.mouse.move(250, 750); // the empty input pane
		await page.waitForTimeout(400);
		await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
	}

	/** The panel's notices (type "notice" parameters). */
	const notices = () =>
		page.getByTestId('node-parameters').locator('.notice[role="alert"]:visible').allInnerTexts();

	// ---------------------------------------------------------------- the states

	it('opens the WatchCollect panel by double-clicking the node on the canvas', async () => {
		await page.goto(`${(n8n as N8nServer).url}/workflow/${workflowId}`, {
			waitUntil: 'domcontentloaded',
		});
		const node = page.getByTestId('canvas-node').filter({ hasText: NODE.name });
		await node.waitFor({ timeout: 60_000 });
		await node.dblclick();
		await page.getByTestId('ndv').waitFor();
		await param('role').locator('input').waitFor();
		expect(page.url()).toContain(`/workflow/${workflowId}/${NODE.id}`);
	});

	it('receiving + new session + QR: role, session mode, engine (WEBJS/GOWS) and auth method; no phone', async () => {
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
		expect(await shownValue('engine')).toBe('WEBJS');
		expect(await shownValue('authMethod')).toBe('QR Code');
		expect(await notices()).toEqual([]);
		await shot('01-receiving-new-qr');

		expect(await optionsOf('role')).toEqual(['Receiving', 'Sending']);
		expect(await optionsOf('sessionMode')).toEqual([
			'Create New Session',
			'Link Existing WAHA Session',
		]);
		expect(await optionsOf('engine', '01b-receiving-engine-options')).toEqual(['WEBJS', 'GOWS']);
		expect(await optionsOf('authMethod')).toEqual(['QR Code', 'Pairing Code (OTP)']);
		expect(await visibleParameters()).not.toContain('phoneNumber');
	});

	it('auth method → Pairing Code (OTP): phone number and OTP method appear', async () => {
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

		// the phone is required: flagged while empty, accepted once typed
		const phone = param('phoneNumber');
		await phone.getByTestId('parameter-issues').waitFor();
		await phone.locator('input').fill(PHONE);
		await phone.getByTestId('parameter-issues').waitFor({ state: 'detached' });
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

	it('role → sending: no engine choice (a notice says NOWEB), OTP method offers web pairing only', async () => {
		await choose('role', 'Sending');

		expect(await visibleParameters()).toEqual([
			'resource',
			'operation',
			'role',
			'sessionMode',
			'authMethod',
			'phoneNumber',
			'otpMethod',
		]);
		const shown = await notices();
		expect(shown).toHaveLength(1);
		expect(shown[0]).toContain('NOWEB');
		expect(await shownValue('otpMethod')).toBe('Web Pairing Code');
		expect(await optionsOf('otpMethod', '03b-sending-otp-method-options')).toEqual([
			'Web Pairing Code',
		]);
		expect(await param('phoneNumber').locator('input').inputValue()).toBe(PHONE);
		await shot('03-sending-new-otp');
	});

	it('mode → link: WAHA session name appears, auth method offers Automatic', async () => {
		await choose('sessionMode', 'Link Existing WAHA Session');

		expect(await visibleParameters()).toEqual(
			expect.arrayContaining(['role', 'sessionMode', 'wahaSessionName', 'authMethod']),
		);
		expect(await visibleParameters()).not.toContain('engine');
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

	it('link + receiving: the engine returns with "Keep Current Engine" first, and the notice goes', async () => {
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
		expect(await shownValue('engine')).toBe('Keep Current Engine');
		expect(await optionsOf('engine')).toEqual(['Keep Current Engine', 'WEBJS', 'GOWS']);
		await shot('05-receiving-link-automatic');
	});

	it('what the user set is what the workflow stores', async () => {
		const server = n8n as N8nServer;
		await page.keyboard.press('Control+s');
		const expected = {
			role: 'receiving',
			sessionMode: 'link',
			wahaSessionName: WAHA_SESSION,
			authMethod: 'auto',
		};
		// n8n leaves out parameters whose value is their default (here role and authMethod)
		const defaults = { role: 'receiving', sessionMode: 'new', authMethod: 'auto' };
		let stored: Record<string, unknown> = {};
		let effective: Record<string, unknown> = {};
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			const workflow = await server.rest('GET', `/rest/workflows/${workflowId}`);
			stored = workflow.data.nodes.find((n: { id: string }) => n.id === NODE.id).parameters;
			effective = { ...defaults, ...stored };
			if (Object.entries(expected).every(([k, v]) => effective[k] === v)) break;
			await page.waitForTimeout(500);
		}
		expect(effective).toMatchObject(expected);
		// hidden parameters are not kept: the phone and OTP method of the earlier OTP state are gone
		expect(stored).not.toHaveProperty('phoneNumber');
		expect(stored).not.toHaveProperty('otpMethod');
		expect(stored).not.toHaveProperty('engine'); // "Keep Current Engine" is the default
	});
});
