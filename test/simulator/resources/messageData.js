// @ts-check
'use strict';
/**
 * The feed's data: the shapes of a message (the contract's MessageCard, and what the simulator
 * keeps beside it), the seeded groups, senders and message texts.
 */

/**
 * @typedef {object} MessageCard
 * @property {string} id
 * @property {string} primary_occurrence_id
 * @property {number} message_timestamp_ms
 * @property {number} first_seen_at_ms
 * @property {number} last_seen_at_ms
 * @property {{ contact_id: string, phone_number: string, lid: string | null, display_name: string, country_prefix: string }} sender
 * @property {string[]} group_names
 * @property {string[]} group_ids
 * @property {number} group_count
 * @property {number} occurrence_count
 * @property {boolean} has_media
 * @property {boolean} is_edited
 * @property {boolean} is_revoked
 * @property {string} message_text
 * @property {string | null} primary_media_asset_id
 * @property {string | null} primary_media_url
 */
/**
 * @typedef {object} StoredMessage
 * @property {MessageCard} card
 * @property {string} intent selling | buying | personal | unknown
 * @property {string} classification_status pending | completed | skipped | failed
 * @property {{ brand?: string, reference?: string, price_minor?: number, currency?: string }} listing
 * @property {Record<string, any>[]} occurrences
 */
/**
 * What `POST /__sim/messages` (and addMessages) accept; every field optional.
 * @typedef {object} NewMessage
 * @property {string} [text]
 * @property {string} [intent]
 * @property {string} [classification_status]
 * @property {string[]} [group_ids] internal group ids (default: one seeded group)
 * @property {number} [first_seen_at_ms] default: now (always after the newest message)
 * @property {number} [late_by_ms] first seen this long before the newest message (arrives out of order)
 * @property {number} [message_age_ms] how much older the WhatsApp timestamp is than first_seen
 * @property {boolean} [has_media]
 */

/** Groups the seeded sessions are in: [internal id, name, WAHA group id]. Fixed ids, so example workflows can name them. */
const GROUPS = [
	['3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e01', 'Rolex Dealers NL', '120363025246125001@g.us'],
	['3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e02', 'Patek & AP Trade', '120363025246125002@g.us'],
	['3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e03', 'Vintage Watches EU', '120363025246125003@g.us'],
	['3f6c2a10-8d4e-4b7a-9f1e-0a1b2c3d4e04', 'Closed Group (sends fail)', '120363025246125004@g.us'],
];
/** A group every send to fails (the sending session is not a participant any more). */
const FAILING_GROUP_ID = GROUPS[3][0];

const SENDERS = [
	['Jan de Vries', '31612345678', '31'],
	['Marco Rossi', '393471234567', '39'],
	['Lena Schmidt', '4915112345678', '49'],
	['Ahmed Al Mansouri', '971501234567', '971'],
];

/** @type {Array<{ intent: string, text: string, brand?: string, reference?: string, price_minor?: number, currency?: string }>} */
const TEMPLATES = [
	{
		intent: 'selling',
		text: 'WTS Rolex Submariner 126610LN full set 2023, EUR 11.900',
		brand: 'Rolex',
		reference: '126610LN',
		price_minor: 1190000,
		currency: 'EUR',
	},
	{
		intent: 'buying',
		text: 'WTB Patek Philippe 5711/1A, cash ready',
		brand: 'Patek Philippe',
		reference: '5711/1A',
	},
	{
		intent: 'selling',
		text: 'FS Audemars Piguet Royal Oak 15500ST blue, EUR 38.500',
		brand: 'Audemars Piguet',
		reference: '15500ST',
		price_minor: 3850000,
		currency: 'EUR',
	},
	{ intent: 'personal', text: 'Good morning everyone, have a great day' },
	{
		intent: 'selling',
		text: 'Rolex Daytona 116500LN white dial, box and papers, EUR 26.000',
		brand: 'Rolex',
		reference: '116500LN',
		price_minor: 2600000,
		currency: 'EUR',
	},
	{
		intent: 'buying',
		text: 'Looking for Omega Speedmaster 310.30.42.50.01.001',
		brand: 'Omega',
		reference: '310.30.42.50.01.001',
	},
	{ intent: 'unknown', text: 'Who is at the Geneva fair next week?' },
	{
		intent: 'selling',
		text: 'Tudor Black Bay 58 79030N, like new, EUR 3.200',
		brand: 'Tudor',
		reference: '79030N',
		price_minor: 320000,
		currency: 'EUR',
	},
];
/** The intents and classification statuses a message has (the feed filters on them). */
const INTENTS = ['selling', 'buying', 'personal', 'unknown'];
const CLASSIFICATION_STATUSES = ['pending', 'completed', 'skipped', 'failed'];

module.exports = {
	GROUPS,
	FAILING_GROUP_ID,
	SENDERS,
	TEMPLATES,
	INTENTS,
	CLASSIFICATION_STATUSES,
};
