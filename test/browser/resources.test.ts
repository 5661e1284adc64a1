/**
 * The new resources' panels (Message, Saved View, Outbound Send, Outbound Schedule) and the
 * WatchCollect Trigger's panel in the real n8n editor, in headless Chromium, with a credential
 * pointing at the simulator so list searches, the group list and "Fetch Test Event" call it.
 */
import type { Page } from 'playwright-core';

import { DEFAULT_TOKENS, startSimulator, type Simulator } from '../simulator/simulator';
import { editor, launchEditorBrowser } from '../support/editor';
import { startN8nServer, type N8nServer } from '../support/n8n-server';

jest.setTimeout(90_000);

const CREDENTIAL_NAME = 'WatchCollect (simulator)';
const MANUAL = { id: '7a2c1b8e-8a51-4d7e-9d0e-2a4f0c1e0001', name: 'Manual' };
const NODE = { id: '7a2c1b8e-8a51-4d7e-9d0e-2a4f0c1e0002', name: 'WatchCollect' };
const TRIGGER = { id: '7a2c1b8e-8a51-4d7e-9d0e-2a4f0c1e0003', name: 'WatchCollect Trigger' };
/** Added by n8n itself to the Resource and Operation lists of nodes whose credential authenticates. */
const CUSTOM_API_CALL = 'Custom API Call';

let n8n: N8nServer | undefined;
let sim: Simulator | undefined;
let closeBrowser: (() => Promise<void>) | undefined;
let newPage: () => Promise<Page>;
let credential: { id: string; name: string };

beforeAll(async () => {
	sim = await startSimulator();
	n8n = await startN8nServer();
	const launched = await launchEditorBrowser(n8n);
	closeBrowser = async () => await launched.browser.close();
	newPage = launched.newPage;
	const created = await n8n.rest('POST', '/rest/credentials', {
		name: CREDENTIAL_NAME,
		type: 'watchCollectApi',
		data: { accessToken: DEFAULT_TOKENS.valid[0], baseUrl: sim.url },
	});
	expect(created.status).toBe(200);
	credential = { id: created.data.id, name: CREDENTIAL_NAME };
}, 180_000);

afterAll(async () => {
	await closeBrowser?.().catch(() => undefined);
	await n8n?.stop();
	await sim?.close();
}, 30_000);

async function createWorkflow(name: string, nodes: unknown[], connections: unknown = {}) {
	const created = await (n8n as N8nServer).rest('POST', '/rest/workflows', {
		name,
		nodes,
		connections,
		settings: {},
		active: false,
	});
	expect(created.status).toBe(200);
	return created.data.id as string;
}

describe('WatchCollect › Message, Saved View, Outbound Send, Outbound Schedule in the n8n editor', () => {
	let page: Page;
	let ui: ReturnType<typeof editor>;
	let workflowId: string;

	beforeAll(async () => {
		workflowId = await createWorkflow(
			'WatchCollect resources (browser test)',
			[
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
					parameters: { resource: 'message', operation: 'getMany' },
					credentials: { watchCollectApi: credential },
				},
			],
			{ [MANUAL.name]: { main: [[{ node: NODE.name, type: 'main', index: 0 }]] } },
		);
		page = await newPage();
		ui = editor(page);
	}, 60_000);
	afterAll(async () => await page?.close().catch(() => undefined));

	it('Resource offers the nine resources; Message offers Get Many and Get Occurrences', async () => {
		await ui.openPanel(n8n as N8nServer, workflowId, NODE.name);
		await ui.param('resource').locator('input').waitFor();
		expect(await ui.optionsOf('resource')).toEqual([
			'Classification',
			'Market Facet',
			'Market Listing',
			'Market Reference',
			'Message',
			'Outbound Schedule',
			'Outbound Send',
			'Saved View',
			'Session',
			CUSTOM_API_CALL,
		]);
		expect(await ui.shownValue('resource')).toBe('Message');
		expect(await ui.optionsOf('operation')).toEqual([
			'Get Many',
			'Get Occurrences',
			CUSTOM_API_CALL,
		]);
	});

	it('Message › Get Many: Return All, Limit, and a Filters collection with the feed filters', async () => {
		expect(await ui.visibleParameters()).toEqual(['resource', 'operation', 'returnAll', 'limit']);
		const panel = page.getByTestId('node-parameters');
		// an empty collection shows its name and an "add" button (Filters comes before Options)
		expect(await panel.innerText()).toContain('Filters');
		await panel.getByTestId('collection-parameter-add').first().click();
		const entries = page.locator(
			'[role="menuitem"]:visible, .el-select-dropdown__item:visible, [role="option"]:visible',
		);
		await entries.first().waitFor();
		// the menu fills in as it opens: read it until the entries have their text
		let names: string[] = [];
		for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
			names = (await entries.allInnerTexts()).map((n) => n.trim()).filter(Boolean);
			if (names.includes('Search Text')) break;
			await page.waitForTimeout(200);
		}
		expect(names).toEqual(
			expect.arrayContaining([
				'Classification Status',
				'Group ID',
				'Intent',
				'Saved View ID',
				'Search Mode',
				'Search Text',
			]),
		);
		await entries
			.filter({ hasText: /^\s*Search Text\s*$/ })
			.first()
			.click();
		await ui.param('q').waitFor();
		await ui.param('q').locator('input, textarea').first().fill('rolex');
		await ui.shot('20-message-get-many-filters');
	});

	it('Message › Get Occurrences: the message ID', async () => {
		await ui.choose('operation', 'Get Occurrences');
		expect(await ui.visibleParameters()).toEqual([
			'resource',
			'operation',
			'messageId',
			'returnAll',
			'limit',
		]);
	});

	it('Saved View › Get Items: the view ID, Return All / Limit', async () => {
		await ui.choose('resource', 'Saved View');
		expect(await ui.shownValue('operation')).toBe('Get Items');
		expect(await ui.visibleParameters()).toEqual([
			'resource',
			'operation',
			'viewId',
			'returnAll',
			'limit',
		]);
		await ui.shot('21-saved-view-get-items');
	});

	it('Outbound Send › Send: sending sessions only in the session list; groups from earlier sends and messages; scheduling fields', async () => {
		const simulator = sim as Simulator;
		await ui.choose('resource', 'Outbound Send');
		expect(await ui.optionsOf('operation')).toEqual(['Get', 'Get Many', 'Send', CUSTOM_API_CALL]);
		expect(await ui.shownValue('operation')).toBe('Send');
		expect(await ui.visibleParameters()).toEqual([
			'resource',
			'operation',
			'sessionId',
			'groupIds',
			'text',
			'imageUrls',
			'when',
		]);

		simulator.requests.length = 0;
		const locator = page.getByTestId('node-parameters').getByTestId('resource-locator-sessionId');
		await locator.getByTestId('rlc-input').click();
		const items = page.getByTestId('rlc-item');
		await items.first().waitFor();
		const sending = [...simulator.sessions.values()].filter((s) => s.role === 'sending');
		expect(await items.allInnerTexts()).toEqual(
			sending.map((s) => [s.waha_session_name, s.session_status].join(' · ')),
		);
		expect(simulator.requests.map((r) => `${r.path}?role=${r.query.role}`)).toEqual([
			'/v2/sessions?role=sending',
		]);
		await items.first().click();
		await items.first().waitFor({ state: 'hidden' });

		// the group list: loaded from the feed (this session has sent nothing yet)
		const loaded = Date.now() + 15_000;
		while (!simulator.requests.some((r) => r.path === '/v2/messages') && Date.now() < loaded) {
			await page.waitForTimeout(200);
		}
		await page.waitForTimeout(500);
		await ui.param('groupIds').locator('.el-select').click();
		const groups = page.locator('.el-select-dropdown:visible');
		await groups.waitFor();
		const groupNames = await groups.locator('li[role="option"] .option-headline').allInnerTexts();
		expect(groupNames).toEqual(expect.arrayContaining(['Rolex Dealers NL', 'Patek & AP Trade']));
		expect(simulator.requests.some((r) => r.path === '/v2/messages')).toBe(true);
		await groups.locator('li[role="option"]').filter({ hasText: 'Rolex Dealers NL' }).click();
		await page.keyboard.press('Escape');
		await ui.shot('22-outbound-send');

		await ui.choose('when', 'On a Schedule');
		expect(await ui.visibleParameters()).toEqual([
			'resource',
			'operation',
			'sessionId',
			'groupIds',
			'text',
			'imageUrls',
			'when',
			'firstRunAt',
			'occurrences',
			'interval',
			'intervalUnit',
		]);
		expect(await ui.optionsOf('intervalUnit')).toEqual(['Minutes', 'Hours', 'Days', 'Weeks']);
		await ui.shot('23-outbound-send-schedule');
	});

	it('Outbound Send › Get / Get Many; Outbound Schedule › Get, Get Many, Cancel', async () => {
		await ui.choose('operation', 'Get');
		expect(await ui.visibleParameters()).toEqual(['resource', 'operation', 'sendId']);
		await ui.choose('operation', 'Get Many');
		expect(await ui.visibleParameters()).toEqual(['resource', 'operation', 'returnAll', 'limit']);
		await ui.choose('resource', 'Outbound Schedule');
		expect(await ui.optionsOf('operation')).toEqual(['Cancel', 'Get', 'Get Many', CUSTOM_API_CALL]);
		await ui.choose('operation', 'Cancel');
		expect(await ui.visibleParameters()).toEqual(['resource', 'operation', 'scheduleId']);
		await ui.shot('24-outbound-schedule-cancel');
	});
});

describe('WatchCollect Trigger in the n8n editor', () => {
	let page: Page;
	let ui: ReturnType<typeof editor>;
	let workflowId: string;

	beforeAll(async () => {
		workflowId = await createWorkflow('WatchCollect Trigger (browser test)', [
			{
				...TRIGGER,
				type: 'n8n-nodes-watchcollect.watchCollectTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
				credentials: { watchCollectApi: credential },
			},
		]);
		page = await newPage();
		ui = editor(page);
	}, 60_000);
	afterAll(async () => await page?.close().catch(() => undefined));

	it('offers the six events, each with its own fields', async () => {
		await ui.openPanel(n8n as N8nServer, workflowId, TRIGGER.name);
		await ui.param('event').locator('input').waitFor();
		expect(await ui.optionsOf('event')).toEqual([
			'New Cheap Listing',
			'New Market Listing',
			'New Message',
			'New Saved View Item',
			'Send Finished',
			'Session Status Changed',
		]);
		const params = await ui.visibleParameters();
		expect(params).toEqual(expect.arrayContaining(['event']));
		expect(await page.getByTestId('node-parameters').innerText()).toContain('Filters');
		expect(
			await page.getByTestId('node-parameters').getByTestId('collection-parameter-add').count(),
		).toBe(1);
		expect((await ui.notices()).join(' ')).toContain(
			'The first check only notes what is there already',
		);
		await ui.shot('25-trigger-new-message');

		await ui.choose('event', 'New Saved View Item');
		expect(await ui.visibleParameters()).toEqual(expect.arrayContaining(['event', 'viewId']));
		await ui.choose('event', 'Send Finished');
		expect(await ui.visibleParameters()).toEqual(
			expect.arrayContaining(['event', 'sendStatuses', 'sendSessionId']),
		);
		await ui.choose('event', 'Session Status Changed');
		expect(await ui.visibleParameters()).toEqual(
			expect.arrayContaining(['event', 'sessionRole', 'sessionStatuses']),
		);
		await ui.shot('26-trigger-session-status');
		await ui.choose('event', 'New Cheap Listing');
		expect(await page.getByTestId('node-parameters').innerText()).toContain('Filters');
		expect(await ui.visibleParameters()).not.toContain('sessionRole');
		await ui.choose('event', 'New Message');
	});

	it('"Fetch Test Event" shows the latest message from the simulator', async () => {
		const simulator = sim as Simulator;
		const latest = simulator.messages.addMessage({
			text: 'WTS Rolex GMT-Master II 126710BLRO, EUR 19.500',
		});
		await page.getByTestId('node-execute-button').click();
		const output = page.getByTestId('output-panel');
		await output
			.getByText(latest.id)
			.first()
			.waitFor({ timeout: 30_000 })
			.catch(async () => {
				// the table view may shorten long cells: look for the text instead
				await output.getByText('126710BLRO', { exact: false }).first().waitFor({ timeout: 10_000 });
			});
		expect(simulator.requests.some((r) => r.path === '/v2/messages' && r.status === 200)).toBe(
			true,
		);
		await ui.shot('27-trigger-fetch-test-event');
	});
});
