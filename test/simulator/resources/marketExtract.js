// @ts-check
'use strict';
/**
 * Reading watches out of a message text (see ./market.js and ../README.md › Market): every
 * reference of the catalogue (./marketCatalogue.js) is one watch; price, year, dial, set and
 * condition come from the text around it.
 */
const { CATALOGUE, CURRENCY_SIGNS } = require('./marketCatalogue');

const REFERENCE_PATTERN = new RegExp(
	`(?<![\\w./])(${Object.keys(CATALOGUE)
		.sort((a, b) => b.length - a.length)
		.map((r) => r.replace(/[./]/g, (c) => `\\${c}`))
		.join('|')})(?![\\w/])`,
	'gi',
);
const DIALS = ['black', 'white', 'blue', 'green', 'grey', 'silver', 'wimbledon', 'meteorite'];

/**
 * A written amount in major units: "11.900" and "11,900" are eleven thousand nine hundred,
 * "1,080,000" a million and eighty thousand, "12.5k" twelve thousand five hundred.
 * @param {string} digits @param {string} [k]
 */
function readAmount(digits, k) {
	let n;
	if (/^\d{1,3}([.,]\d{3})+$/.test(digits)) n = Number(digits.replace(/[.,]/g, ''));
	else n = Number(digits.replace(',', '.'));
	return k ? n * 1000 : n;
}

const PRICE_BEFORE = /(EUR|USD|HKD|GBP|CHF|HK\$|€|\$|£)\s?(\d[\d.,]*\d|\d)(k)?\b/i;
const PRICE_AFTER = /\b(\d[\d.,]*\d|\d)(k)?\s?(EUR|USD|HKD|GBP|CHF|€)\b/i;

/** @param {string} text @returns {{ amount_minor: number, currency: string, match: string } | null} */
function readPrice(text) {
	const before = PRICE_BEFORE.exec(text);
	if (before) {
		const sign = before[1].toUpperCase();
		const currency = sign === 'HK$' ? 'HKD' : (CURRENCY_SIGNS[sign] ?? sign);
		const major = readAmount(before[2], before[3]);
		return { amount_minor: Math.round(major * 100), currency, match: before[0] };
	}
	const after = PRICE_AFTER.exec(text);
	if (after) {
		const sign = after[3].toUpperCase();
		const major = readAmount(after[1], after[2]);
		return {
			amount_minor: Math.round(major * 100),
			currency: CURRENCY_SIGNS[sign] ?? sign,
			match: after[0],
		};
	}
	return null;
}

/** @param {string} line @param {string | null} inherited */
function sideOf(line, inherited) {
	if (/^\s*(WTB|LF|looking for|wanted|buying|cerco)\b/i.test(line)) return 'want_to_buy';
	if (/^\s*(WTS|FS|for sale|selling|vendo|available)\b/i.test(line)) return 'for_sale';
	return inherited;
}

/**
 * @typedef {object} ExtractedWatch
 * @property {number} watch_index
 * @property {string} brand
 * @property {string} model
 * @property {string} reference
 * @property {number | null} year
 * @property {{ amount_minor: number, currency: string } | null} price
 * @property {string | null} dial_type
 * @property {string | null} variant
 * @property {string[]} full_set_status
 * @property {string | null} condition
 * @property {string} side
 * @property {string} raw_text
 * @property {number} line
 * @property {Record<string, string>} field_sources
 * @property {Record<string, string>} inherited_context
 */

/**
 * Reads the watches of a message text: every catalogue reference is one watch; its price, year,
 * dial, set and condition are read from the text between it and the next reference on its line.
 * A line's side comes from its own WTS/WTB prefix, else from a header line above, else from the
 * message's intent (buying → want to buy, anything else → for sale).
 * @param {string} text @param {string} intent @returns {ExtractedWatch[]}
 */
function extractWatches(text, intent) {
	/** @type {ExtractedWatch[]} */
	const watches = [];
	let side = intent === 'buying' ? 'want_to_buy' : 'for_sale';
	text.split('\n').forEach((line, lineIndex) => {
		const refs = [...line.matchAll(REFERENCE_PATTERN)];
		if (refs.length === 0) {
			side = sideOf(line, side) ?? side;
			return;
		}
		const lineSide = sideOf(line, side) ?? side;
		refs.forEach((m, i) => {
			const start = i === 0 ? 0 : /** @type {number} */ (m.index);
			const end = i + 1 < refs.length ? refs[i + 1].index : line.length;
			let segment = line.slice(start, end).replace(m[0], ' ');
			const key =
				Object.keys(CATALOGUE).find((r) => r.toLowerCase() === m[1].toLowerCase()) ?? m[1];
			const [brand, model, dial, variant] = CATALOGUE[/** @type {keyof typeof CATALOGUE} */ (key)];
			/** @type {Record<string, string>} */
			const sources = { reference: 'text', brand: 'catalogue', model: 'catalogue' };
			const price = readPrice(segment);
			if (price) {
				segment = segment.replace(price.match, ' ');
				sources.price = 'text';
			}
			const rest = segment;
			const year = /\b(19[5-9]\d|20[0-4]\d)\b/.exec(rest);
			const dialMatch = new RegExp(`\\b(${DIALS.join('|')})(\\s+dial)?\\b`, 'i').exec(rest);
			let dialType = dial;
			if (dialMatch && (dialMatch[2] || !dial)) {
				dialType = dialMatch[1][0].toUpperCase() + dialMatch[1].slice(1).toLowerCase();
				sources.dial_type = 'text';
			}
			let variantValue = variant;
			const bracelet = /\b(jubilee|oyster)\b/i.exec(rest);
			if (bracelet && !variant)
				variantValue = bracelet[1][0].toUpperCase() + bracelet[1].slice(1).toLowerCase();
			/** @type {string[]} */
			let fullSet = [];
			if (/full set|box and papers|box & papers|b&p/i.test(rest)) fullSet = ['FULL_SET'];
			else if (/watch only|naked/i.test(rest)) fullSet = ['WATCH_ONLY'];
			let condition = null;
			if (/like new|mint/i.test(rest)) condition = 'LIKE_NEW';
			else if (/\b(unworn|new|bnib)\b/i.test(rest)) condition = 'NEW';
			else if (/\b(used|worn|pre-owned)\b/i.test(rest)) condition = 'USED';
			/** @type {Record<string, string>} */
			const inherited = lineSide === sideOf(line, null) ? {} : { side: 'message' };
			watches.push({
				watch_index: watches.length,
				brand,
				model,
				reference: key,
				year: year ? Number(year[1]) : null,
				price: price ? { amount_minor: price.amount_minor, currency: price.currency } : null,
				dial_type: dialType,
				variant: variantValue,
				full_set_status: fullSet,
				condition,
				side: lineSide,
				raw_text: line.slice(start, end).trim(),
				line: lineIndex,
				field_sources: sources,
				inherited_context: inherited,
			});
		});
	});
	return watches;
}

module.exports = { extractWatches };
