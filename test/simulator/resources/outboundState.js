// @ts-check
'use strict';
/**
 * Outbound state over time, read lazily on every request (no timers): a send is `queued` for one
 * step, `sending` for the next, then `sent`, `failed` or `partial_failed` (a recipient fails when
 * its group is FAILING_GROUP_ID, or unknown). A schedule runs at first_run_at_ms + k ×
 * interval_ms, each run a send (source_type "schedule"); its status follows its runs.
 */
const crypto = require('node:crypto');

const { GROUPS, FAILING_GROUP_ID } = require('./messageData');

/** @typedef {import('./sessions').SessionRecord} SessionRecord */

const ACTOR = 'user_35eh25qkkIVwab803vgofO1uSsl';

/**
 * The sends and schedules and how they move with the clock.
 * @param {{ sessions: Map<string, SessionRecord>, now?: () => number, sendStepMs?: number }} options
 */
function createOutboundState(options) {
	const now = options.now ?? Date.now;
	const { sessions } = options;
	const settings = { stepMs: options.sendStepMs ?? 1000 };
	/** @type {Map<string, Record<string, any>>} */
	const sends = new Map();
	/** @type {Map<string, Record<string, any>>} */
	const schedules = new Map();

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

	/**
	 * A new schedule (stored); its runs follow the clock.
	 * @param {SessionRecord} session @param {Record<string, any>} body a valid send body with `schedule`
	 */
	function createSchedule(session, body) {
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
		return schedule;
	}

	function advanceAll() {
		for (const schedule of schedules.values()) advanceSchedule(schedule);
		for (const send of sends.values()) advanceSend(send);
	}

	function reset() {
		sends.clear();
		schedules.clear();
		settings.stepMs = options.sendStepMs ?? 1000;
	}

	return {
		sends,
		schedules,
		settings,
		createSend,
		createSchedule,
		advanceSend,
		advanceAll,
		publicSchedule,
		reset,
	};
}

module.exports = { createOutboundState };
