'use strict';
/**
 * The example workflows (examples/*.workflow.json) made ready to run against the simulator, as
 * `npm run dev` imports them — shared by scripts/dev.mjs and test/e2e/examples.test.ts, so the
 * e2e suite runs exactly what a newcomer gets. For every example, whoever wrote it:
 *  - the WatchCollect nodes use the simulator credentials dev imports (ids wcDevSimulator01 /
 *    wcDevSimSignIn01, the ids the examples carry);
 *  - a WatchCollect node of an outbound resource whose Sending Session is left empty (an example
 *    cannot know the user's session) gets the simulator's seeded sending session, set WORKING;
 *  - an HTTP Request to a Slack incoming webhook (https://hooks.slack.com/…) posts to the
 *    simulator's Slack-style webhook stand-in (POST /__sim/webhooks/slack/…, read back with
 *    GET /__sim/webhooks) instead, and says so in the node's notes, shown on the canvas.
 * Node's standard library only (Node 20 and 24).
 */
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
const PACKAGE_NAME = 'n8n-nodes-watchcollect';
const SLACK_WEBHOOK = /^https:\/\/hooks\.slack\.com(\/.*)?$/;
/** Where Slack posts go instead: the simulator's webhook stand-in (test/simulator/README.md). */
const SLACK_STAND_IN = '/__sim/webhooks/slack';
const CREDENTIALS = {
	watchCollectApi: { id: 'wcDevSimulator01', name: 'WatchCollect simulator' },
	watchCollectSignInApi: { id: 'wcDevSimSignIn01', name: 'WatchCollect simulator Sign-In' },
};

/**
 * @typedef {object} SimulatorInfo what the simulator's CLI prints (test/simulator/cli.js)
 * @property {string} url
 * @property {string} token a valid access token
 * @property {string} [clientToken] the Clerk stand-in's client token
 * @property {string} [frontendApiUrl] the Clerk stand-in's Frontend API URL
 */
/** @typedef {{ session_id: string, waha_session_name?: string }} SendingSession */
/**
 * @typedef {object} PrepareOptions
 * @property {SimulatorInfo} sim
 * @property {SendingSession} sendingSession from seedSendingSession()
 * @property {'package' | 'custom'} [nodeTypes] `custom`: n8n-node dev's link, loaded as CUSTOM.<node>
 */

/** The two credentials for the simulator, as `n8n import:credentials` takes them. @param {SimulatorInfo} sim */
function simulatorCredentials(sim) {
	return [
		{
			...CREDENTIALS.watchCollectApi,
			type: 'watchCollectApi',
			data: { accessToken: sim.token, baseUrl: sim.url },
		},
		{
			...CREDENTIALS.watchCollectSignInApi,
			type: 'watchCollectSignInApi',
			data: { clientToken: sim.clientToken, frontendApiUrl: sim.frontendApiUrl, baseUrl: sim.url },
		},
	];
}

/**
 * The simulator's seeded sending session, paired (WORKING) so Outbound › Send works at once.
 * @param {SimulatorInfo} sim @returns {Promise<SendingSession>}
 */
async function seedSendingSession(sim) {
	const list = await fetch(`${sim.url}/v2/sessions?role=sending`, {
		headers: { authorization: `Bearer ${sim.token}` },
	});
	if (!list.ok) throw new Error(`the simulator's session list answered ${list.status}`);
	/** @type {{ sessions?: Array<{ session_id?: string, id?: string, waha_session_name?: string }> }} */
	const body = await list.json();
	const seeded = body.sessions?.[0];
	const id = seeded?.session_id ?? seeded?.id;
	if (!id) throw new Error('the simulator has no seeded sending session');
	const put = await fetch(`${sim.url}/__sim/sessions/${id}`, {
		method: 'PUT',
		body: JSON.stringify({ session_status: 'WORKING' }),
	});
	if (!put.ok) throw new Error(`the simulator refused to pair the sending session (${put.status})`);
	return { session_id: id, waha_session_name: seeded?.waha_session_name };
}

/** Every example: its file name and its workflow as stored. @returns {Array<{ file: string, workflow: any }>} */
function loadExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.workflow.json'))
		.sort()
		.map((file) => ({
			file,
			workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')),
		}));
}

/** @param {string} type */
const isWatchCollect = (type) => /\.watchCollect(Trigger)?$/.test(type);

/**
 * One example made ready for the simulator (a copy; the stored example is not changed).
 * @param {any} stored @param {PrepareOptions} options
 */
function prepareExample(stored, options) {
	const workflow = structuredClone(stored);
	for (const node of workflow.nodes) {
		if (isWatchCollect(node.type)) {
			if (options.nodeTypes === 'custom')
				node.type = node.type.replace(`${PACKAGE_NAME}.`, 'CUSTOM.');
			for (const type of Object.keys(node.credentials ?? {})) {
				if (type in CREDENTIALS)
					node.credentials[type] = CREDENTIALS[/** @type {keyof CREDENTIALS} */ (type)];
			}
			const p = node.parameters ?? {};
			const session = p.sessionId;
			const emptySession =
				session === undefined || session === '' || (session?.__rl && !session.value);
			if (
				String(p.resource ?? '').startsWith('outbound') &&
				p.operation === 'send' &&
				emptySession
			) {
				p.sessionId = {
					__rl: true,
					mode: 'list',
					value: options.sendingSession.session_id,
					cachedResultName:
						options.sendingSession.waha_session_name ?? options.sendingSession.session_id,
				};
				addNote(
					node,
					"Sending Session: set by `npm run dev` to the simulator's seeded sending session. With your own account, pick yours from the list.",
				);
			}
		}
		if (node.type === 'n8n-nodes-base.httpRequest') {
			const match = SLACK_WEBHOOK.exec(String(node.parameters?.url ?? ''));
			if (match) {
				node.parameters.url = `${options.sim.url}${SLACK_STAND_IN}${match[1] ?? ''}`;
				addNote(
					node,
					'Posts to the simulator\'s Slack stand-in (`npm run dev`; see the posts at <simulator>/__sim/webhooks). For a real Slack: create an incoming webhook in your Slack app and paste its https://hooks.slack.com/services/… URL into "URL".',
				);
			}
		}
	}
	return workflow;
}

/** @param {any} node @param {string} note */
function addNote(node, note) {
	node.notes = node.notes ? `${node.notes}\n\n${note}` : note;
	node.notesInFlow = true;
}

/**
 * Every example, made ready for the simulator.
 * @param {PrepareOptions} options @returns {Array<{ file: string, workflow: any }>}
 */
function prepareExamples(options) {
	return loadExamples().map(({ file, workflow }) => ({
		file,
		workflow: prepareExample(workflow, options),
	}));
}

/**
 * The example to open first: the one that needs nothing but the simulator, "create a session".
 * @param {Array<{ file: string, workflow: any }>} examples
 */
function firstExample(examples) {
	return examples.find((e) => e.file === 'create-session.workflow.json') ?? examples[0];
}

module.exports = {
	CREDENTIALS,
	EXAMPLES_DIR,
	SLACK_STAND_IN,
	firstExample,
	loadExamples,
	prepareExample,
	prepareExamples,
	seedSendingSession,
	simulatorCredentials,
};
