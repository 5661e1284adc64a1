// @ts-check
'use strict';
/**
 * What POST /v2/outbound/sends accepts [REF], each rule → 422 naming its field (the contract's
 * rules, plus assumptions: `interval_ms` ≥ 1000, `max_occurrences` > 1 needs `interval_ms`).
 */
const { isObject } = require('../common');

/** @typedef {import('../common').Rule} Rule */

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

module.exports = { SEND_FIELDS, SEND_RULES, SEND_STATUSES, SCHEDULE_STATUSES, isInt };
