// @ts-check
'use strict';
/**
 * Outbound: POST/GET /v2/outbound/sends, GET /v2/outbound/sends/{send_id},
 * GET /v2/outbound/schedules, GET/DELETE /v2/outbound/schedules/{schedule_id} [REF].
 *
 * Time moves the state, read lazily on every request (no timers): a send is `queued` for one
 * step, `sending` for the next, then `sent`, `failed` or `partial_failed` (a recipient fails when
 * its group is FAILING_GROUP_ID). A schedule runs at first_run_at_ms + k × interval_ms, each run
 * a send (source_type "schedule"). The same idempotency_key again answers `duplicate_accepted`
 * with the first answer's send/schedule and stores nothing.
 *
 * Assumptions (see ../README.md): a session must exist (404), be a sending session (422) and be
 * WORKING (409); group ids must be groups the simulator knows (422); `interval_ms` ≥ 1000;
 * `max_occurrences` > 1 needs `interval_ms`; cancelling a finished schedule is a 409.
 */
const crypto = require('node:crypto');

const { errorReply, invalid, isObject, validate } = require('../common');
const { readPaging, sortDescending } = require('../paging');
const { GROUPS } = require('./messageData');
const {
	SEND_FIELDS,
	SEND_RULES,
	SEND_STATUSES,
	SCHEDULE_STATUSES,
	isInt,
} = require('./outboundRules');
const { createOutboundState } = require('./outboundState');

/** @typedef {import('../common').Reply} Reply */
/** @typedef {import('./sessions').SessionRecord} SessionRecord */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEND_PATH = /^\/v2\/outbound\/sends\/([^/]+)$/;
const SCHEDULE_PATH = /^\/v2\/outbound\/schedules\/([^/]+)$/;

/**
 * @param {{ paging: ReturnType<typeof import('../paging').createPaging>, sessions: Map<string, SessionRecord>, now?: () => number, sendStepMs?: number }} options
 */
function createOutboundResource(options) {
	const now = options.now ?? Date.now;
	const { paging, sessions } = options;
	const state = createOutboundState(options);
	const { sends, schedules, settings, createSend, createSchedule, advanceSend, advanceAll } = state;
	const { publicSchedule } = state;
	/** @type {Map<string, { kind: 'send' | 'schedule', answer: Record<string, any> }>} idempotency_key → first answer */
	const keys = new Map();

	/** @param {any} body @param {string} requestId @param {boolean} dryRun @returns {Reply} */
	function postSend(body, requestId, dryRun) {
		const bad = validate(body, SEND_FIELDS, SEND_RULES);
		if (bad) return bad;
		const session = sessions.get(body.session_id.toLowerCase());
		if (!session)
			return errorReply(
				404,
				'SESSION_NOT_FOUND',
				`No session has the session_id ${body.session_id}.`,
				'session_id',
			);
		const previous = keys.get(body.idempotency_key);
		if (previous) {
			if (previous.kind === 'send') {
				const send = advanceSend(
					/** @type {Record<string, any>} */ (sends.get(previous.answer.send.send_id)),
				);
				return {
					status: 200,
					body: {
						status: 'duplicate_accepted',
						request_id: requestId,
						send: { ...previous.answer.send, status: send.status },
					},
				};
			}
			return {
				status: 200,
				body: {
					status: 'duplicate_accepted',
					request_id: requestId,
					schedule: previous.answer.schedule,
				},
			};
		}
		if (session.role !== 'sending') {
			return invalid(
				'session_id',
				'session_id must be a sending session; receiving sessions cannot send.',
			);
		}
		if (session.session_status !== 'WORKING') {
			return errorReply(
				409,
				'SESSION_NOT_WORKING',
				`The sending session is ${session.session_status}, not WORKING: pair it first.`,
				'session_id',
			);
		}
		const unknown = body.group_ids.find(
			(/** @type {string} */ g) => !GROUPS.some(([gid]) => gid === g.toLowerCase()),
		);
		if (unknown !== undefined)
			return invalid('group_ids', `group_ids: ${unknown} is not a group of this session.`);
		if (dryRun) return { status: 200, body: { status: 'accepted', request_id: requestId } };

		if (body.schedule !== undefined) {
			const schedule = createSchedule(session, body);
			const id = schedule.id;
			const answer = {
				status: 'accepted',
				request_id: requestId,
				schedule: {
					status: 'scheduled',
					schedule_id: id,
					workflow_id: schedule.workflow_id,
					next_run_at_ms: schedule.next_run_at_ms,
					interval_ms: schedule.interval_ms,
					max_occurrences: schedule.max_occurrences,
				},
			};
			keys.set(body.idempotency_key, { kind: 'schedule', answer });
			return { status: 200, body: answer };
		}
		const send = createSend(session, body, now(), 'api');
		const answer = {
			status: 'accepted',
			request_id: requestId,
			send: {
				status: 'queued',
				send_id: send.id,
				event_ids: [crypto.randomUUID()],
				results: send.recipients.map((/** @type {any} */ r) => ({
					recipient_send_id: r.id,
					group_id: r.group_id,
					ok: true,
					status: 'queued',
				})),
			},
		};
		keys.set(body.idempotency_key, { kind: 'send', answer });
		return { status: 200, body: answer };
	}

	/**
	 * session_id and status filters, then a page.
	 * @param {URLSearchParams} params @param {Record<string, any>[]} list @param {string[]} statuses
	 * @param {(item: any) => any[]} key
	 * @returns {Reply}
	 */
	function listOf(params, list, statuses, key) {
		for (const name of new Set(params.keys())) {
			if (!['session_id', 'status', 'cursor', 'page_size'].includes(name))
				return invalid(name, `Unknown query parameter ${name}.`);
		}
		const sessionId = params.get('session_id');
		if (sessionId !== null && !UUID.test(sessionId))
			return invalid('session_id', 'session_id must be a UUID.');
		const status = params.get('status');
		if (status !== null && !statuses.includes(status))
			return invalid('status', `status must be one of ${statuses.join(', ')}.`);
		const p = readPaging(params.get('page_size') ?? undefined, params.get('cursor') ?? undefined);
		if (!p.ok) return p.reply;
		const filtered = list.filter(
			(x) =>
				(sessionId === null || x.session_id === sessionId.toLowerCase()) &&
				(status === null || x.status === status),
		);
		return { status: 200, body: paging.page(sortDescending(filtered, key), key, p) };
	}

	/**
	 * A send's sort key in the list order in force: `collected` requested_at_ms, `activity`
	 * updated_at_ms (a send moves up as its status changes), `whatsapp` completed_at_ms (when
	 * WhatsApp took it), requested_at_ms while it is not finished.
	 * @param {Record<string, any>} s
	 */
	const sendKey = (s) => {
		const order = paging.settings.order;
		const time =
			order === 'activity'
				? s.updated_at_ms
				: order === 'whatsapp'
					? (s.completed_at_ms ?? s.requested_at_ms)
					: s.requested_at_ms;
		return [time, s.id];
	};
	/** @param {Record<string, any>} s */
	const scheduleKey = (s) => [s.first_run_at_ms, s.id];

	return {
		sends,
		schedules,
		settings,
		reset() {
			state.reset();
			keys.clear();
		},
		/**
		 * @param {string} method @param {URL} url @param {any} body @param {string} requestId
		 * @param {boolean} dryRun @returns {Reply | undefined}
		 */
		route(method, url, body, requestId, dryRun) {
			const path = url.pathname;
			if (path === '/v2/outbound/sends' && method === 'POST')
				return postSend(body, requestId, dryRun);
			if (path === '/v2/outbound/sends' && method === 'GET') {
				advanceAll();
				return listOf(url.searchParams, [...sends.values()], SEND_STATUSES, sendKey);
			}
			if (path === '/v2/outbound/schedules' && method === 'GET') {
				advanceAll();
				const list = [...schedules.values()].map(publicSchedule);
				return listOf(url.searchParams, list, SCHEDULE_STATUSES, scheduleKey);
			}
			const sendMatch = SEND_PATH.exec(path);
			if (sendMatch && method === 'GET') {
				advanceAll();
				if (!UUID.test(sendMatch[1]))
					return invalid('send_id', 'The path parameter send_id must be a UUID.');
				const send = sends.get(sendMatch[1].toLowerCase());
				if (!send)
					return errorReply(
						404,
						'SEND_NOT_FOUND',
						`No send has the id ${sendMatch[1]}.`,
						'send_id',
					);
				return { status: 200, body: send };
			}
			const scheduleMatch = SCHEDULE_PATH.exec(path);
			if (scheduleMatch && (method === 'GET' || method === 'DELETE')) {
				advanceAll();
				const id = scheduleMatch[1];
				if (!UUID.test(id))
					return invalid('schedule_id', 'The path parameter schedule_id must be a UUID.');
				const schedule = schedules.get(id.toLowerCase());
				if (!schedule)
					return errorReply(
						404,
						'SCHEDULE_NOT_FOUND',
						`No schedule has the id ${id}.`,
						'schedule_id',
					);
				if (method === 'GET') return { status: 200, body: publicSchedule(schedule) };
				const answer = {
					schedule_id: schedule.id,
					request_id: requestId,
					event_ids: [crypto.randomUUID()],
				};
				if (schedule.status === 'canceled')
					return { status: 200, body: { status: 'duplicate_accepted', ...answer } };
				if (schedule.status === 'completed' || schedule.status === 'completed_with_failures') {
					return errorReply(
						409,
						'SCHEDULE_FINISHED',
						`The schedule is ${schedule.status}; there is nothing left to cancel.`,
						'schedule_id',
					);
				}
				if (!dryRun) {
					schedule.status = 'canceled';
					schedule.canceled_at_ms = now();
					schedule.updated_at_ms = schedule.canceled_at_ms;
					schedule.next_run_at_ms = null;
				}
				return { status: 200, body: { status: 'accepted', ...answer } };
			}
			return undefined;
		},
		/**
		 * PUT /__sim/outbound {step_ms} → how long a send stays queued, then sending.
		 * GET /__sim/outbound → { sends, schedules } as stored (clock applied).
		 * @param {string} method @param {string} path @param {any} body @returns {Reply | undefined}
		 */
		control(method, path, body) {
			if (path === '/__sim/outbound' && method === 'GET') {
				advanceAll();
				return {
					status: 200,
					body: {
						sends: [...sends.values()],
						schedules: [...schedules.values()].map(publicSchedule),
					},
				};
			}
			if (path === '/__sim/outbound' && method === 'PUT') {
				const step = isObject(body) ? body.step_ms : undefined;
				if (!isInt(step) || step < 0)
					return invalid('step_ms', 'step_ms must be a whole number ≥ 0.');
				settings.stepMs = step;
				return { status: 200, body: { step_ms: step } };
			}
			return undefined;
		},
	};
}

module.exports = { createOutboundResource, SEND_STATUSES, SCHEDULE_STATUSES };
