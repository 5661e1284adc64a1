// @ts-check
'use strict';
/**
 * The market's listings (see ./market.js and ../README.md › Market): the message a market spec
 * puts into the feed, the classification and listings derived from a completed message, the
 * price indicator from the comparables, and a listing's answer in a display currency.
 */
const crypto = require('node:crypto');

const { GROUPS } = require('./messages');
const { groupsFor, messageShapes } = require('./messageFactory');
const { RATES, fromEur, median, toEur, uuidFrom } = require('./marketCatalogue');
const { extractWatches } = require('./marketExtract');

/** @typedef {import('./marketExtract').ExtractedWatch} ExtractedWatch */

/**
 * @typedef {object} Listing internal: the public answer plus what it is filtered on
 * @property {Record<string, any>} data the MarketListing (in EUR display; see present())
 * @property {string} side
 * @property {string | null} condition
 * @property {boolean} flagged the source is hidden, duplicate or revoked
 */

/**
 * What a market message is made of (POST /__sim/market/messages).
 * @typedef {{ text: string, intent?: string, phone?: string, group_ids?: string[], first_seen_at_ms?: number, has_media?: boolean, is_hidden?: boolean, is_duplicate?: boolean, is_revoked?: boolean, id?: string }} MessageSpec
 */

const [G_ROLEX] = GROUPS.map((g) => g[0]);

/**
 * A market message as the feed stores it (the same card and occurrence shapes as ./messages.js)
 * with the market's own sender.
 * @param {MessageSpec} spec @param {string[]} dealer [name, phone, country prefix]
 * @param {number} firstSeen
 */
function storedMessage(spec, dealer, firstSeen) {
	const id = spec.id ?? crypto.randomUUID();
	const groupIds = (spec.group_ids ?? [G_ROLEX]).map((g) => g.toLowerCase());
	const media = spec.has_media ? uuidFrom(`media:${id}`) : null;
	const { card, occurrences } = messageShapes({
		id,
		sender: dealer,
		groups: groupsFor(groupIds),
		timestamp: firstSeen - 2000,
		firstSeen,
		text: spec.text,
		mediaAsset: media,
		isRevoked: Boolean(spec.is_revoked),
		session: undefined,
		ids: {
			occurrence: (i) => uuidFrom(`occurrence:${id}:${i}`),
			waha: (i) => uuidFrom(`waha:${id}:${i}`).replace(/-/g, '').slice(0, 16).toUpperCase(),
			event: (i) => uuidFrom(`event:${id}:${i}`),
		},
	});
	return {
		card,
		intent: spec.intent ?? 'selling',
		classification_status: 'completed',
		listing: {},
		occurrences,
	};
}

/**
 * The classification and listings of a completed message.
 * @param {import('./messages').StoredMessage} m
 * @param {{ is_hidden: boolean, is_duplicate: boolean }} f the message's market flags
 * @returns {{ classification: Record<string, any>, listings: Listing[] }}
 */
function deriveMessage(m, f) {
	const card = m.card;
	const watches = extractWatches(card.message_text, m.intent);
	const classificationId = uuidFrom(`classification:${card.id}`);
	const completedAt = card.first_seen_at_ms + 800;
	/** @param {ExtractedWatch} w */
	const watchOut = (w) => ({
		brand: w.brand,
		model: w.model,
		reference: w.reference,
		year: w.year === null ? null : String(w.year),
		price_amount: w.price ? w.price.amount_minor / 100 : null,
		currency_code: w.price?.currency ?? null,
		expected_price_usd: w.price ? Math.round(toEur(w.price) / RATES.USD) / 100 : null,
		full_set_status: w.full_set_status,
		variant: w.variant,
		dial_type: w.dial_type,
	});
	const out = watches.map(watchOut);
	const inputTokens = 350 + card.message_text.length;
	const outputTokens = 40 + 90 * watches.length;
	const classification = {
		id: classificationId,
		canonical_message_id: card.id,
		classification_job_id: uuidFrom(`job:${card.id}`),
		watches: out,
		legacy_output: { watches: out.map((w) => ({ ...w })) },
		normalized_output: { watches: out.map((w) => ({ ...w })) },
		completed_at_ms: completedAt,
		created_at_ms: card.first_seen_at_ms + 100,
		extraction_output: {
			candidates: watches.map((w) => ({ raw_text: w.raw_text, line: w.line })),
		},
		raw_model_response: { finish_reason: 'stop' },
		model_profile_id: 'default',
		model_id: 'sim-extractor-1',
		prompt_bundle_version: '2026-11-01',
		latency_ms: 700,
		input_tokens: inputTokens,
		output_tokens: outputTokens,
		total_tokens: inputTokens + outputTokens,
	};
	const listings = watches.map((w) => {
		const listingId = uuidFrom(`listing:${card.id}:${w.watch_index}`);
		const lines = card.message_text.split('\n');
		/** @type {Listing} */
		const listing = {
			side: w.side,
			condition: w.condition,
			flagged: f.is_hidden || f.is_duplicate || card.is_revoked,
			data: {
				id: listingId,
				classified_watch_id: uuidFrom(`watch:${card.id}:${w.watch_index}`),
				classification_id: classificationId,
				watch_index: w.watch_index,
				full_set_status: w.full_set_status,
				sender: { ...card.sender },
				source: {
					canonical_message_id: card.id,
					message_timestamp_ms: card.message_timestamp_ms,
					group_ids: [...card.group_ids],
					group_names: [...card.group_names],
					occurrence_count: card.occurrence_count,
					first_seen_at_ms: card.first_seen_at_ms,
					last_seen_at_ms: card.last_seen_at_ms,
					has_media: card.has_media,
					is_duplicate: f.is_duplicate,
					is_hidden: f.is_hidden,
					is_revoked: card.is_revoked,
					message_text: card.message_text,
					media_asset_id: card.primary_media_asset_id,
					media_url: card.primary_media_url,
				},
				created_at_ms: completedAt + w.watch_index,
				updated_at_ms: completedAt + w.watch_index,
				brand: w.brand,
				model: w.model,
				reference: w.reference,
				year: w.year,
				price: w.price,
				display_price: w.price,
				price_eur_minor: w.price ? toEur(w.price) : null,
				dial_type: w.dial_type,
				variant: w.variant,
				price_indicator: null,
				extraction_context: {
					candidate_id: `cand_${w.watch_index + 1}`,
					raw_text: w.raw_text,
					source_lines: [w.line],
					source_line_start: w.line,
					source_line_end: w.line,
					intent: w.side,
					confidence: w.price ? 0.93 : 0.81,
					field_sources: w.field_sources,
					inherited_context: w.inherited_context,
					global_context: { line_count: lines.length, watch_count: watches.length },
				},
			},
		};
		return listing;
	});
	return { classification, listings };
}

/**
 * Sets every listing's price indicator against its comparables. @param {Listing[]} list
 * @returns {Listing[]}
 */
function withPriceIndicators(list) {
	/** @type {Map<string, Listing[]>} */
	const byReference = new Map();
	for (const l of list) {
		if (l.side !== 'for_sale' || l.data.price_eur_minor === null || l.flagged) continue;
		const key = `${l.data.brand}|${l.data.reference}`.toUpperCase();
		byReference.set(key, [...(byReference.get(key) ?? []), l]);
	}
	for (const l of list) {
		if (l.data.price_eur_minor === null) {
			l.data.price_indicator = null;
			continue;
		}
		const key = `${l.data.brand}|${l.data.reference}`.toUpperCase();
		const others = (byReference.get(key) ?? [])
			.filter((o) => o !== l)
			.map((o) => /** @type {number} */ (o.data.price_eur_minor))
			.sort((a, b) => a - b);
		if (others.length === 0) {
			l.data.price_indicator = null;
			continue;
		}
		const med = median(others);
		const delta = l.data.price_eur_minor - med;
		l.data.price_indicator = {
			comparable_count: others.length,
			median_price_eur_minor: med,
			delta_eur_minor: delta,
			delta_percent: Math.round((delta / med) * 1000) / 10,
		};
	}
	return list;
}

/**
 * Whether a listing is in the live (cheap) feed. @param {Listing} l @param {number} thresholdPct
 */
const isCheap = (l, thresholdPct) =>
	l.side === 'for_sale' &&
	l.data.price_indicator !== null &&
	l.data.price_indicator.delta_percent <= -thresholdPct;

/** The answer object of a listing in a display currency. @param {Listing} l @param {string} currency */
function present(l, currency) {
	const d = l.data;
	/** @type {Record<string, any>} */
	const out = JSON.parse(JSON.stringify(d));
	out.display_price =
		d.price === null
			? null
			: d.price.currency === currency
				? { ...d.price }
				: { amount_minor: fromEur(d.price_eur_minor, currency), currency };
	return out;
}

module.exports = { storedMessage, deriveMessage, withPriceIndicators, isCheap, present };
