/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * The market filter panel in the real n8n editor (headless Chromium), with a credential pointing
 * at the simulator: Market Listing › Search's Filters show Brand and Reference lists loaded from
 * WatchCollect (Market Facet / Market Reference), each option with its number of listings; the
 * Reference list follows the chosen brand. Expected options come from the simulator's own answers.
 */
import type { Page } from 'playwright-core';

import { DEFAULT_TOKENS, startSimulator, type Simulator } from '../simulator/simulator';
import path from 'node:path';

import { SCREENSHOTS, editor, launchEditorBrowser } from '../support/editor';
import { startN8nServer, type N8nServer } from '../support/n8n-server';

jest.setTimeout(90_000);

const CREDENTIAL_NAME = 'WatchCollect (simulator, market)';
const MANUAL = { id: '7a2c1b8e-8a51-4d7e-9d0e-2a4f0c1e0101', name: 'Manual' };
const NODE = { id: '7a2c1b8e-8a51-4d7e-9d0e-2a4f0c1e0102', name: 'Search Listings' };

let n8n: N8nServer | undefined;
let sim: Simulator | undefined;
let closeBrowser: (() => Promise<void>) | undefined;
let page: Page;
let ui: ReturnType<typeof editor>;
let workflowId: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests pick the fields they check
type Json = any;
async function api(path: string, body: unknown): Promise<Json> {
	const response = await fetch(`${(sim as Simulator).url}${path}`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${DEFAULT_TOKENS.valid[0]}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify(body),
	});
	return await response.json();
}

beforeAll(async () => {
	sim = await startSimulator();
	n8n = await startN8nServer();
	const launched = await launchEditorBrowser(n8n);
	closeBrowser = async () => await launched.browser.close();
	const created = await n8n.rest('POST', '/rest/credentials', {
		name: CREDENTIAL_NAME,
		type: 'watchCollectApi',
		data: { accessToken: DEFAULT_TOKENS.valid[0], baseUrl: sim.url },
	});
	expect(created.status).toBe(200);
	const credential = { id: created.data.id, name: CREDENTIAL_NAME };
	const workflow = await n8n.rest('POST', '/rest/workflows', {
		name: 'WatchCollect market filters (browser test)',
		nodes: [
			{
				...MANUAL,
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
				// Brand and Reference already added to Filters, still empty
				parameters: {
					resource: 'marketListing',
					operation: 'search',
					filters: { brand: [], reference: [] },
				},
				credentials: { watchCollectApi: credential },
			},
		],
		connections: { [MANUAL.name]: { main: [[{ node: NODE.name, type: 'main', index: 0 }]] } },
		settings: {},
		active: false,
	});
	expect(workflow.status).toBe(200);
	workflowId = workflow.data.id;
	page = await launched.newPage();
	ui = editor(page);
}, 180_000);

afterAll(async () => {
	await page?.close().catch(() => undefined);
	await closeBrowser?.().catch(() => undefined);
	await n8n?.stop();
	await sim?.close();
}, 30_000);

/**
 * The texts of a multi-options list's entries (name and whatever else the entry shows). n8n
 * reloads a list whose options depend on another parameter (Reference on Brand) and closes it
 * while doing so, as it would for a user: the list is opened again until its entries have been
 * read twice alike. Fails with a screenshot when they never settle.
 */
async function openList(name: string): Promise<string[]> {
	const list = page.locator('.el-select-dropdown:visible');
	const entries = list.locator('li[role="option"]');
	let texts: string[] = [];
	let opened = 0;
	for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
		if ((await list.count()) === 0) {
			expect(++opened).toBeLessThanOrEqual(6);
			await ui.param(name).locator('.el-select').first().click();
			await list.waitFor({ timeout: 5_000 }).catch(() => undefined);
			texts = [];
			continue;
		}
		const now = (await entries.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
		if (now.length > 0 && JSON.stringify(now) === JSON.stringify(texts)) return texts;
		texts = now;
		await page.waitForTimeout(500);
	}
	await ui.shot(`market-${name}-list-did-not-settle`);
	throw new Error(
		`The ${name} list did not show settled entries within 30 s (last read: ${texts.length})`,
	);
}

describe('Market Listing › Search › Filters in the n8n editor', () => {
	it('Brand lists the brands Market Facet returns, each with its number of listings', async () => {
		await ui.openPanel(n8n as N8nServer, workflowId, NODE.name);
		await ui.param('brand').waitFor({ timeout: 30_000 });
		const facets = await api('/v2/market/facets', {});
		expect(facets.brands.length).toBeGreaterThan(3);
		const texts = await openList('brand');
		expect(texts).toHaveLength(facets.brands.length);
		for (const bucket of facets.brands as Array<{ value: string; count: number }>) {
			const entry = texts.find((t) => t.startsWith(bucket.value));
			expect(entry).toBeDefined();
			expect(entry).toMatch(new RegExp(`\\b${bucket.count}\\b`));
		}
		expect(
			(sim as Simulator).requests.some(
				(r) => r.method === 'POST' && r.path === '/v2/market/facets',
			),
		).toBe(true);
		await page.screenshot({ path: path.join(SCREENSHOTS, '40-market-filters-brand.png') });
		await page
			.locator('.el-select-dropdown:visible li[role="option"]')
			.filter({ hasText: /^\s*Rolex\b/ })
			.first()
			.click();
		await page.keyboard.press('Escape');
	});

	it('Reference lists the chosen brand’s references with their number of listings', async () => {
		const refs = await api('/v2/market/references/search', {
			filters: { brand: ['Rolex'] },
			page_size: 200,
		});
		const expected = (refs.items as Array<{ reference: string; listing_count: number }>).filter(
			(a) => a.reference,
		);
		expect(expected.length).toBeGreaterThan(2);
		// choosing Rolex makes n8n reload the Reference options with that brand: read them after
		const askedForRolex = () =>
			(sim as Simulator).requests.some(
				(r) =>
					r.path === '/v2/market/references/search' &&
					JSON.stringify(r.body ?? {}).includes('"brand":["Rolex"]'),
			);
		for (const deadline = Date.now() + 15_000; !askedForRolex() && Date.now() < deadline; )
			await page.waitForTimeout(250);
		expect(askedForRolex()).toBe(true);
		const texts = await openList('reference');
		expect(texts).toHaveLength(expected.length);
		for (const a of expected) {
			const entry = texts.find((t) => t.includes(a.reference));
			expect(entry).toBeDefined();
			expect(entry).toMatch(new RegExp(`\\b${a.listing_count}\\b`));
		}
		// no Patek reference while only Rolex is chosen
		expect(texts.some((t) => t.includes('5711/1A'))).toBe(false);
		// the list as a user sees it, open
		await page.screenshot({ path: path.join(SCREENSHOTS, '41-market-filters-reference.png') });
		await page.keyboard.press('Escape');
	});
});
