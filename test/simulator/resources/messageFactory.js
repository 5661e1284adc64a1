// @ts-check
'use strict';
/**
 * Making a message and re-posting one. A new message gets one occurrence per group it was posted
 * in, collected by a receiving session; a re-post (README "List orders") adds an occurrence to the
 * same canonical message and bumps its `last_seen_at_ms` and `occurrence_count`.
 */
const crypto = require('node:crypto');

const { GROUPS, SENDERS, TEMPLATES } = require('./messageData');

/** @typedef {import('./messageData').MessageCard} MessageCard */
/** @typedef {import('./messageData').StoredMessage} StoredMessage */
/** @typedef {import('./messageData').NewMessage} NewMessage */
/** @typedef {import('./sessions').SessionRecord} SessionRecord */

/**
 * The group rows for group ids: a seeded group, or one named after its id.
 * @param {string[]} groupIds @returns {string[][]}
 */
function groupsFor(groupIds) {
	return groupIds.map(
		(id) =>
			GROUPS.find(([gid]) => gid === id) ?? [
				id,
				`Group ${id.slice(0, 8)}`,
				`${id.slice(0, 8)}@g.us`,
			],
	);
}

/**
 * A message's card and its occurrences (one per group), as the feed stores them. `ids` gives the
 * occurrence, WAHA-suffix and source-event ids (random for the feed, derived for the market).
 * @param {{ id: string, sender: string[], groups: string[][], timestamp: number, firstSeen: number,
 *   text: string, mediaAsset: string | null, isRevoked: boolean, session: SessionRecord | undefined,
 *   ids: { occurrence: (i: number) => string, waha: (i: number) => string, event: (i: number) => string } }} input
 * @returns {{ card: MessageCard, occurrences: any[] }}
 */
function messageShapes({
	id,
	sender,
	groups,
	timestamp,
	firstSeen,
	text,
	mediaAsset,
	isRevoked,
	session,
	ids,
}) {
	const hasMedia = mediaAsset !== null;
	const occurrences = groups.map(([groupId, groupName, wahaGroupId], i) => ({
		id: ids.occurrence(i),
		canonical_message_id: id,
		waha_message_id: `false_${wahaGroupId}_3EB0${ids.waha(i)}`,
		session_id: session?.session_id ?? null,
		waha_session_name: session?.waha_session_name ?? null,
		session_label: session?.label ?? null,
		group_id: groupId,
		waha_group_id: wahaGroupId,
		group_name: groupName,
		sender: { phone_number: sender[1], display_name: sender[0] },
		sender_raw_id: `${sender[1]}@c.us`,
		message_timestamp_ms: timestamp,
		has_media: hasMedia,
		media_asset_ids: mediaAsset ? [mediaAsset] : [],
		is_edited: false,
		is_revoked: isRevoked,
		source_event_id: ids.event(i),
		created_at_ms: firstSeen + i,
		updated_at_ms: firstSeen + i,
		message_text: text,
	}));
	/** @type {MessageCard} */
	const card = {
		id,
		primary_occurrence_id: occurrences[0].id,
		message_timestamp_ms: timestamp,
		first_seen_at_ms: firstSeen,
		last_seen_at_ms: firstSeen + groups.length - 1,
		sender: {
			contact_id: `contact_${sender[1]}`,
			phone_number: sender[1],
			lid: null,
			display_name: sender[0],
			country_prefix: sender[2],
		},
		group_names: groups.map(([, name]) => name),
		group_ids: groups.map(([gid]) => gid),
		group_count: groups.length,
		occurrence_count: occurrences.length,
		has_media: hasMedia,
		is_edited: false,
		is_revoked: isRevoked,
		message_text: text,
		primary_media_asset_id: mediaAsset,
		primary_media_url: mediaAsset ? `https://media.watchcollect.test/${mediaAsset}.jpg` : null,
	};
	return { card, occurrences };
}

/**
 * A new message (not stored). `counter`, how many messages were made with this one (1 for the
 * first), picks the template, sender, seeded group and defaults.
 * @param {{ spec: NewMessage, counter: number, firstSeen: number, session: SessionRecord | undefined }} input
 * @returns {StoredMessage}
 */
function buildMessage({ spec, counter, firstSeen, session }) {
	const template = TEMPLATES[(counter - 1) % TEMPLATES.length];
	const sender = SENDERS[(counter - 1) % SENDERS.length];
	const timestamp = firstSeen - (spec.message_age_ms ?? 2000);
	const groupIds = (spec.group_ids ?? [GROUPS[counter % 3][0]]).map((g) => g.toLowerCase());
	const groups = groupsFor(groupIds);
	const id = crypto.randomUUID();
	const hasMedia = spec.has_media ?? counter % 5 === 0;
	const { card, occurrences } = messageShapes({
		id,
		sender,
		groups,
		timestamp,
		firstSeen,
		text: spec.text ?? template.text,
		mediaAsset: hasMedia ? crypto.randomUUID() : null,
		isRevoked: false,
		session,
		ids: {
			occurrence: () => crypto.randomUUID(),
			waha: () => crypto.randomBytes(8).toString('hex').toUpperCase(),
			event: () => crypto.randomUUID(),
		},
	});
	const intent = spec.intent ?? (spec.text !== undefined ? 'unknown' : template.intent);
	return {
		card,
		intent,
		classification_status:
			spec.classification_status ?? (counter % 7 === 0 ? 'pending' : 'completed'),
		listing:
			spec.text === undefined
				? {
						brand: template.brand,
						reference: template.reference,
						price_minor: template.price_minor,
						currency: template.currency,
					}
				: {},
		occurrences,
	};
}

/**
 * Re-posts a stored message at `at` (mutates it): a new occurrence in the next seeded group it is
 * not in yet (its group lists grow), else again in its first group.
 * @param {StoredMessage} m @param {number} at @returns {MessageCard}
 */
function repostMessage(m, at) {
	const { card } = m;
	const nextGroup = GROUPS.slice(0, 3).find(([gid]) => !card.group_ids.includes(gid));
	const [groupId, groupName, wahaGroupId] = nextGroup ?? [
		card.group_ids[0],
		card.group_names[0],
		m.occurrences[0].waha_group_id,
	];
	if (nextGroup) {
		card.group_ids.push(groupId);
		card.group_names.push(groupName);
		card.group_count = card.group_ids.length;
	}
	m.occurrences.push({
		...m.occurrences[0],
		id: crypto.randomUUID(),
		waha_message_id: `false_${wahaGroupId}_3EB0${crypto.randomBytes(8).toString('hex').toUpperCase()}`,
		group_id: groupId,
		waha_group_id: wahaGroupId,
		group_name: groupName,
		source_event_id: crypto.randomUUID(),
		created_at_ms: at,
		updated_at_ms: at,
	});
	card.occurrence_count = m.occurrences.length;
	card.last_seen_at_ms = at;
	return card;
}

module.exports = { buildMessage, repostMessage, groupsFor, messageShapes };
