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
const { GROUPS, FAILING_GROUP_ID } = require('./messages');

/** @typedef {import('../common').Reply} Reply */
/** @typedef {import('../common').Rule} Rule */
/** @typedef {import('./sessions').SessionRecord} SessionRecord */

const SEND_FIELDS = ['session_id', 'group_ids', 'idempotency_key', 'text', 'media', 'schedule'];
const SCHEDULE_FIELDS = ['first_run_at_ms', 'interval_ms', 'max_occurrences'];
const SEND_STATUSES = ['queued', 'sending', 'sent', 'failed', 'partial_failed'];
const SCHEDULE_STATUSES = [
	'scheduled',
	'running',
	'completed',
	'completed_with_failures',
	'canceled',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEND_PATH = /^\/v2\/outbound\/sends\/([^/]+)$/;
const SCHEDULE_PATH = /^\/v2\/outbound\/schedules\/([^/]+)$/;
const ACTOR = 'user_35eh25qkkIVwab803vgofO1uSsl';

/** @param {unknown} v */
const isInt = (v) => typeof v === 'number' && Number.isInteger(v);

/** @type {Rule[]} */
const SEND_RULES = [
	[
		'session_id',
		(b) =>
			(typeof b.session_id !== 'string' || !UUID.test(b.session_id)) &&
			'session_id is required and must be a UUID.',
	],
	[
		'group_ids',
		(b) =>
			(!Array.isArray(b.group_ids) || b.group_ids.length < 1 || b.group_ids.length > 100) &&
			'group_ids is required: an array of 1 to 100 group ids.',
	],
	[
		'group_ids',
		(b) =>
			b.group_ids.some((/** @type {unknown} */ g) => typeof g !== 'string' || !UUID.test(g)) &&
			'group_ids must hold UUIDs.',
	],
	[
		'idempotency_key',
		(b) =>
			(typeof b.idempotency_key !== 'string' ||
				b.idempotency_key.length < 1 ||
				b.idempotency_key.length > 200) &&
			'idempotency_key is required: a string of 1 to 200 characters.',
	],
	['text', (b) => b.text !== undefined && typeof b.text !== 'string' && 'text must be a string.'],
	[
		'text',
		(b) =>
			typeof b.text === 'string' &&
			[...b.text].length > 4096 &&
			'text must be at most 4096 characters.',
	],
	[
		'media',
		(b) =>
			b.media !== undefined &&
			(!Array.isArray(b.media) || b.media.length > 10) &&
			'media must be an array of at most 10 images.',
	],
	[
		'media',
		(b) =>
			Array.isArray(b.media) &&
			b.media.some(
				(/** @type {any} */ m) => !isObject(m) || typeof m.url !== 'string' || m.url === '',
			) &&
			'media items must be objects with a url.',
	],
	[
		'text',
		(b) =>
			!(typeof b.text === 'string' && b.text !== '') &&
			!(b.media?.length > 0) &&
			'text is required when there is no media.',
	],
	[
		'schedule',
		(b) => b.schedule !== undefined && !isObject(b.schedule) && 'schedule must be an object.',
	],
	[
		'schedule',
		(b) =>
			isObject(b.schedule) &&
			Object.keys(b.schedule).find((k) => !SCHEDULE_FIELDS.includes(k)) &&
			`Unknown field schedule.${Object.keys(b.schedule).find((k) => !SCHEDULE_FIELDS.includes(k))} is not allowed.`,
	],
	[
		'schedule.first_run_at_ms',
		(b) =>
			isObject(b.schedule) &&
			!isInt(b.schedule.first_run_at_ms) &&
			'schedule.first_run_at_ms is required: epoch milliseconds.',
	],
	[
		'schedule.interval_ms',
		(b) =>
			isObject(b.schedule) &&
			b.schedule.interval_ms !== undefined &&
			(!isInt(b.schedule.interval_ms) || b.schedule.interval_ms < 1000) &&
			'schedule.interval_ms must be a whole number of milliseconds, at least 1000.',
	],
	[
		'schedule.max_occurrences',
		(b) =>
			isObject(b.schedule) &&
			b.schedule.max_occurrences !== undefined &&
			(!isInt(b.schedule.max_occurrences) || b.schedule.max_occurrences < 1) &&
			'schedule.max_occurrences must be a whole number of at least 1.',
	],
	[
		'schedule.interval_ms',
		(b) =>
			isObject(b.schedule) &&
			(b.schedule.max_occurrences ?? 1) > 1 &&
			b.schedule.interval_ms === undefined &&
			'schedule.interval_ms is required when max_occurrences is more than 1.',
	],
];

/**
 * @param {{ paging: ReturnType<typeof import('../paging').createPaging>, sessions: Map<string, SessionRecord>, now?: () => number, sendStepMs?: number }} options
 */
function createOutboundResource(options) {
	const now = options.now ?? Date.now;
	const { paging, sessions } = options;
	const settings = { stepMs: options.sendStepMs ?? 1000 };
	/** @type {Map<string, Record<string, any>>} */
	const sends = new Map();
	/** @type {Map<string, Record<string, any>>} */
	const schedules = new Map();
	/** @type {Map<string, { kind: 'send' | 'schedule', answer: Record<string, any> }>} idempotency_key → first answer */
	const keys = new Map();

	function reset() {
		sends.clear();
		schedules.clear();
		keys.clear();
		settings.stepMs = options.sendStepMs ?? 1000;
	}

	/**
	 * A new send (status follows the clock from requestedAt).
	 * @param {SessionRecord} session @param {Record<string, any>} body @param {number} requestedAt
	 * @param {string} sourceType
	 */
	function createSend(session, body, requestedAt, sourceType) {
		const id = crypto.randomUUID();
		const text = typeof body.text === 'string' ? body.text : null;
		const send = {
			id,
			actor_user_id: ACTOR,
			session_id: session.session_id,
			session_name: session.waha_session_name,
			session_label: session.label ?? null,
			text,
			text_sha256: text === null ? null : crypto.createHash('sha256').update(text).digest('hex'),
			text_length: text === null ? 0 : [...text].length,
			media_count: body.media?.length ?? 0,
			media_urls: (body.media ?? []).map((/** @type {any} */ m) => m.url),
			recipient_count: body.group_ids.length,
			status: 'queued',
			source_type: sourceType,
			client_idempotency_key: sourceType === 'api' ? body.idempotency_key : null,
			requested_at_ms: requestedAt,
			updated_at_ms: requestedAt,
			completed_at_ms: null,
			recipients: body.group_ids.map((/** @type {string} */ groupId) => {
				const group = GROUPS.find(([gid]) => gid === groupId.toLowerCase());
				return {
					id: crypto.randomUUID(),
					group_id: groupId.toLowerCase(),
					recipient_id: group?.[2] ?? null,
					recipient_label: group?.[1] ?? null,
					waha_message_id: null,
					error_code: null,
					error_message: null,
					requested_at_ms: requestedAt,
					updated_at_ms: requestedAt,
					completed_at_ms: null,
					failed_at_ms: null,
				};
			}),
		};
		sends.set(id, send);
		return send;
	}

	/** Moves a send along the clock: queued → sending → sent / failed / partial_failed. */
	function advanceSend(/** @type {Record<string, any>} */ send) {
		const age = now() - send.requested_at_ms;
		const step = settings.stepMs;
		if (age < step || ['sent', 'failed', 'partial_failed'].includes(send.status)) return send;
		if (age < 2 * step) {
			if (send.status === 'queued') {
				send.status = 'sending';
				send.updated_at_ms = send.requested_at_ms + step;
				for (const r of send.recipients) r.updated_at_ms = send.updated_at_ms;
			}
			return send;
		}
		const doneAt = send.requested_at_ms + 2 * step;
		for (const r of send.recipients) {
			r.updated_at_ms = doneAt;
			if (r.group_id === FAILING_GROUP_ID || r.recipient_id === null) {
				r.error_code = 'NOT_A_PARTICIPANT';
				r.error_message = 'The sending session is not a participant of this group (simulated).';
				r.failed_at_ms = doneAt;
			} else {
				r.waha_message_id = `true_${r.recipient_id}_3EB0${crypto.randomBytes(8).toString('hex').toUpperCase()}`;
				r.completed_at_ms = doneAt;
			}
		}
		const failed = send.recipients.filter((/** @type {any} */ r) => r.failed_at_ms !== null).length;
		send.status =
			failed === 0 ? 'sent' : failed === send.recipients.length ? 'failed' : 'partial_failed';
		send.updated_at_ms = doneAt;
		send.completed_at_ms = doneAt;
		return send;
	}

	/** Creates the runs that are due and moves the schedule's status along. */
	function advanceSchedule(/** @type {Record<string, any>} */ schedule) {
		if (schedule.status !== 'canceled') {
			const max = schedule.max_occurrences ?? 1;
			while (schedule.run_count < max) {
				const at = schedule.first_run_at_ms + schedule.run_count * (schedule.interval_ms ?? 0);
				if (at > now()) break;
				const session = sessions.get(schedule.session_id);
				const send = createSend(
					/** @type {SessionRecord} */ (
						session ?? { session_id: schedule.session_id, waha_session_name: schedule.session_name }
					),
					schedule.body,
					at,
					'schedule',
				);
				schedule.run_count++;
				schedule.last_run_at_ms = at;
				schedule.updated_at_ms = at;
				schedule.runs.push({
					occurrence_number: schedule.run_count,
					send_id: send.id,
					error_code: null,
					error_message: null,
					started_at_ms: at,
					failed_at_ms: null,
					updated_at_ms: at,
				});
			}
			schedule.next_run_at_ms =
				schedule.run_count < max
					? schedule.first_run_at_ms + schedule.run_count * (schedule.interval_ms ?? 0)
					: null;
		}
		let failedRuns = 0;
		let pending = false;
		for (const run of schedule.runs) {
			const send = advanceSend(/** @type {Record<string, any>} */ (sends.get(run.send_id)));
			if (send.status === 'failed' || send.status === 'partial_failed') {
				failedRuns++;
				if (run.failed_at_ms === null) {
					run.failed_at_ms = send.completed_at_ms;
					run.updated_at_ms = send.completed_at_ms;
					run.error_code = send.status === 'failed' ? 'SEND_FAILED' : 'SEND_PARTIALLY_FAILED';
					run.error_message = `The send of run ${run.occurrence_number} ended ${send.status} (simulated).`;
				}
			} else if (send.status !== 'sent') pending = true;
		}
		schedule.failed_run_count = failedRuns;
		if (schedule.status === 'canceled') return schedule;
		if (schedule.run_count === 0) schedule.status = 'scheduled';
		else if (schedule.run_count < (schedule.max_occurrences ?? 1) || pending)
			schedule.status = 'running';
		else schedule.status = failedRuns > 0 ? 'completed_with_failures' : 'completed';
		return schedule;
	}

	/** @param {Record<string, any>} schedule */
	const publicSchedule = ({ body, ...rest }) => rest;

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
			const id = crypto.randomUUID();
			const s = body.schedule;
			const schedule = {
				id,
				session_id: session.session_id,
				session_name: session.waha_session_name,
				session_label: session.label ?? null,
				group_ids: body.group_ids.map((/** @type {string} */ g) => g.toLowerCase()),
				text_length: typeof body.text === 'string' ? [...body.text].length : 0,
				media_count: body.media?.length ?? 0,
				status: 'scheduled',
				first_run_at_ms: s.first_run_at_ms,
				interval_ms: s.interval_ms ?? null,
				next_run_at_ms: s.first_run_at_ms,
				last_run_at_ms: null,
				max_occurrences: s.max_occurrences ?? 1,
				run_count: 0,
				failed_run_count: 0,
				updated_at_ms: now(),
				canceled_at_ms: null,
				runs: [],
				workflow_id: `outbound-schedule-${id}`,
				body,
			};
			schedules.set(id, schedule);
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

	function advanceAll() {
		for (const schedule of schedules.values()) advanceSchedule(schedule);
		for (const send of sends.values()) advanceSend(send);
	}

	return {
		sends,
		schedules,
		settings,
		reset,
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
		 * PUT /__sim/sessions/{session_id} {session_status} → a session's status (e.g. WORKING).
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
			const m = /^\/__sim\/sessions\/([^/]+)$/.exec(path);
			if (m && method === 'PUT') {
				const session =
					sessions.get(m[1].toLowerCase()) ??
					[...sessions.values()].find((s) => s.waha_session_name === m[1]);
				if (!session)
					return errorReply(404, 'SESSION_NOT_FOUND', `No session ${m[1]}.`, 'session_id');
				const status = isObject(body) ? body.session_status : undefined;
				if (typeof status !== 'string' || status === '')
					return invalid('session_status', 'session_status must be a non-empty string.');
				session.session_status = status;
				const { seeded, ...item } = session;
				return { status: 200, body: item };
			}
			return undefined;
		},
	};
}

module.exports = { createOutboundResource, SEND_STATUSES, SCHEDULE_STATUSES };
