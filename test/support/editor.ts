/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * Driving the n8n editor in headless Chromium (playwright-core with Debian's chromium): the parts
 * every browser test needs, bound to one page. Values are changed the way a user does it: open a
 * parameter's dropdown and click the option by its visible name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, selectors, type Browser, type Locator, type Page } from 'playwright-core';

import { REPO_ROOT } from './n8n';
import type { N8nServer } from './n8n-server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** Debian's Chromium, headless, with the n8n owner's session cookie in a fresh context. */
export async function launchEditorBrowser(
	n8n: N8nServer,
): Promise<{ browser: Browser; newPage: () => Promise<Page> }> {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(
			`${CHROMIUM} is missing: run scripts/install-chromium.sh (npm test does) first`,
		);
	}
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS,
		timeout: 30_000,
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
	await context.addCookies([{ name: 'n8n-auth', value: n8n.authToken, url: n8n.url }]);
	return {
		browser,
		newPage: async () => {
			const tab = await context.newPage();
			tab.setDefaultTimeout(15_000);
			tab.setDefaultNavigationTimeout(60_000);
			return tab;
		},
	};
}

/** The panel helpers for one page. */
export function editor(page: Page) {
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
			.filter((name) => name !== 'field' && name !== 'item');
	}

	const shownValue = (name: string) => param(name).locator('input').first().inputValue();

	async function openDropdown(name: string): Promise<Locator> {
		await param(name).locator('input').first().click();
		const list = page.locator('.el-select-dropdown:visible');
		await list.waitFor();
		return list;
	}

	const optionNames = (list: Locator) =>
		list.locator('li[role="option"] .option-headline').allInnerTexts();

	async function pick(list: Locator, option: string) {
		await list
			.locator('li[role="option"]')
			.filter({ has: page.locator('.option-headline').getByText(option, { exact: true }) })
			.click();
		await list.waitFor({ state: 'hidden' });
	}

	async function choose(name: string, option: string) {
		await pick(await openDropdown(name), option);
	}

	async function optionsOf(name: string): Promise<string[]> {
		const current = await shownValue(name);
		const list = await openDropdown(name);
		const names = await optionNames(list);
		await pick(list, current);
		return names;
	}

	async function shot(name: string) {
		await page.evaluate('document.activeElement && document.activeElement.blur()');
		await page.mouse.move(250, 750);
		await page.waitForTimeout(400);
		await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
	}

	const notices = () =>
		page.getByTestId('node-parameters').locator('.notice[role="alert"]:visible').allInnerTexts();

	/** Opens a workflow on the canvas and a node's panel by double-clicking it. */
	async function openPanel(n8n: N8nServer, workflowId: string, nodeName: string) {
		await page.goto(`${n8n.url}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
		const node = page.getByTestId('canvas-node').filter({ hasText: nodeName });
		await node.waitFor({ timeout: 60_000 });
		await node.dblclick();
		await page.getByTestId('ndv').waitFor();
	}

	return {
		param,
		visibleParameters,
		shownValue,
		openDropdown,
		optionNames,
		pick,
		choose,
		optionsOf,
		shot,
		notices,
		openPanel,
	};
}
