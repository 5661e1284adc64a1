// @ts-check
'use strict';
/**
 * WatchCollect API v2 simulator for tests: a local HTTP server that follows the WatchCollect API
 * v2 contract and injects faults on demand. This file assembles it; each concern is a module:
 * ./http.js (server, bodies, replies), ./routing.js (a request's way through), ./auth.js
 * (tokens, session JWTs), ./clerk.js (the Clerk Frontend API stand-in), ./faults.js (+
 * ./lostAnswers.js), ./rateLimit.js, ./clock.js, ./recording.js, ./control.js (/__sim),
 * ./answers.js (answer styles), ./paging.js (cursor pages, list orders) and one module per
 * resource in ./resources. Node's standard library only; runs on Node 20 and 24. Public types:
 * ./types.js. What it assumes where the contract is silent is in ./README.md.
 */
const { newRequestId, errorReply } = require('./common');
const { createSessionsResource, SEEDED_SESSION_NAMES } = require('./resources/sessions');
const { createClerk, FAPI_PREFIX } = require('./clerk');
const { createPaging } = require('./paging');
const { createMessagesResource } = require('./resources/messages');
const { createViewsResource } = require('./resources/views');
const { createOutboundResource } = require('./resources/outbound');
const { createMarketResource } = require('./resources/market');
const { createClassificationsResource } = require('./resources/classifications');
const { createAnswerStyle, ANSWER_STYLES } = require('./answers');
const { createAuth, DEFAULT_TOKENS } = require('./auth');
const { createClock } = require('./clock');
const { createControl } = require('./control');
const { createFaults, FAULTS } = require('./faults');
const { send, listen } = require('./http');
const { createRateLimit } = require('./rateLimit');
const { createRecorder } = require('./recording');
const { createRouter } = require('./routing');

/** @typedef {import('./types').SimulatorOptions} SimulatorOptions */
/** @typedef {import('./types').Simulator} Simulator */
/** @typedef {import('./types').SimulatorClerk} SimulatorClerk */
/** @typedef {import('./recording').RecordedRequest} RecordedRequest */
/** @typedef {import('./recording').AuthOutcome} AuthOutcome */
/** @typedef {import('./common').Reply} Reply */
/** @typedef {import('./resources/sessions').SessionRecord} SessionRecord */

/**
 * Starts the simulator on 127.0.0.1 (a free port unless `port` is given).
 * @param {SimulatorOptions} [options]
 * @returns {Promise<Simulator>}
 */
async function startSimulator(options = {}) {
	const clock = createClock(options.now);
	const clerk = createClerk({
		ttlSeconds: options.jwtTtlSeconds,
		clientToken: options.clientToken,
	});
	const auth = createAuth({ tokens: options.tokens, clerk });
	const recorder = createRecorder({ onRequest: options.onRequest });
	const rateLimit = createRateLimit(options.rateLimit);
	const answers = createAnswerStyle(options.answers);

	// One module per resource (./resources); each answers the routes it knows.
	const sessions = createSessionsResource({ listShape: options.listShape });
	const paging = createPaging({
		pageSize: options.pageSize,
		listOrder: options.listOrder,
		listCursor: options.listCursor,
	});
	const shared = { paging, sessions: sessions.sessions, now: clock.now };
	const messages = createMessagesResource({
		...shared,
		feedEveryMs: options.feedEveryMs,
		seedMessages: options.seedMessages,
	});
	const views = createViewsResource({ paging, messages });
	const outbound = createOutboundResource({ ...shared, sendStepMs: options.sendStepMs });
	const market = createMarketResource({
		...shared,
		messages,
		views,
		cheapThresholdPct: options.cheapThresholdPct,
	});
	const classifications = createClassificationsResource({ ...shared, market });
	/** @type {import('./common').Resource[]} */
	const resources = [
		sessions,
		paging,
		messages,
		views,
		outbound,
		market, // after messages: its reset re-adds the market's messages to the feed
		classifications,
	];

	const faults = createFaults({
		slowMs: options.slowMs ?? 15000,
		clock,
		loseFirstAnswers: options.loseFirstAnswers,
		badSchema(body, requestId) {
			// a create answer as if the session was made, without session_id and with created "yes"
			let made = sessions.createSession(body, requestId, true);
			if (made.status !== 200) {
				const fallback = { role: 'receiving', auth_method: 'qr' };
				made = sessions.createSession(fallback, requestId, true);
			}
			const { session_id, ...rest } = made.body;
			return { status: 200, body: { ...rest, created: 'yes' } };
		},
	});

	let closed = false;
	const reset = () => {
		recorder.clear();
		faults.reset();
		rateLimit.reset();
		answers.reset();
		for (const resource of resources) resource.reset();
		clerk.reset();
	};
	const url = () => server.url;
	const control = createControl({
		url,
		clerk,
		faults,
		rateLimit,
		answers,
		recorder,
		paging,
		resources,
		reset,
	});
	const handle = createRouter({
		url,
		auth,
		clerk,
		recorder,
		rateLimit,
		faults,
		answers,
		resources,
		control,
	});
	const server = await listen(options.host ?? '127.0.0.1', options.port ?? 0, handle, (res, e) => {
		const requestId = String(res.getHeader('x-request-id') ?? newRequestId());
		send(res, errorReply(500, 'INTERNAL_ERROR', `Simulator error: ${e}`), requestId);
	});

	/** @type {Simulator} */
	const simulator = {
		url: server.url,
		port: server.port,
		requests: recorder.requests,
		sessions: sessions.sessions,
		messages,
		views,
		outbound,
		paging,
		market,
		classifications,
		reset,
		queueFaults: (...names) => faults.enqueue(...names),
		setRateLimit: (perSecond) => rateLimit.set(perSecond),
		rateLimit: () => rateLimit.get(),
		setAnswers: (style) => answers.set(style),
		answers: () => answers.get(),
		loseFirstAnswers: (scope) => faults.firstAnswerLoss.setScope(scope),
		setListOrder: (order) => paging.setOrder(order),
		setListCursor: (kind) => paging.setCursor(kind),
		clerk: {
			frontendApiUrl: `${server.url}${FAPI_PREFIX}`,
			state: clerk.state,
			rotate: clerk.rotate,
			revoke: clerk.revoke,
			endSession: clerk.endSession,
			setTtl: clerk.setTtl,
			mint: () => clerk.mint(`${server.url}${FAPI_PREFIX}`),
			clientTokens: clerk.secrets,
		},
		close() {
			if (closed) return Promise.resolve();
			closed = true;
			clock.cancelAll();
			return server.close();
		},
	};
	return simulator;
}

module.exports = { startSimulator, FAULTS, DEFAULT_TOKENS, SEEDED_SESSION_NAMES, ANSWER_STYLES };
