// @ts-check
'use strict';
/**
 * The market's data (see ./market.js and ../README.md › Market): exchange rates, the catalogue of
 * known references (brand, model, default dial and variant), the dealers and the seeded messages,
 * and the money helpers (EUR conversions, median) and stable ids the other market modules share.
 */
const crypto = require('node:crypto');

const { GROUPS } = require('./messages');

/** EUR per unit of each currency the simulator knows (all have two decimals). */
const RATES = { EUR: 1, USD: 0.92, GBP: 1.17, CHF: 1.05, HKD: 0.118 };
/** @type {Record<string, string>} */
const CURRENCY_SIGNS = { '€': 'EUR', $: 'USD', '£': 'GBP' };

/**
 * Known references: [brand, model, default dial, default variant].
 * @type {Record<string, [string, string, string | null, string | null]>}
 */
const CATALOGUE = {
	'126610LN': ['Rolex', 'Submariner Date', 'Black', null],
	'126610LV': ['Rolex', 'Submariner Date', 'Black', 'Starbucks'],
	124060: ['Rolex', 'Submariner', 'Black', null],
	'126710BLRO': ['Rolex', 'GMT-Master II', 'Black', 'Pepsi'],
	'126710BLNR': ['Rolex', 'GMT-Master II', 'Black', 'Batman'],
	'116500LN': ['Rolex', 'Cosmograph Daytona', null, null],
	'126500LN': ['Rolex', 'Cosmograph Daytona', null, null],
	126334: ['Rolex', 'Datejust 41', null, null],
	'5711/1A': ['Patek Philippe', 'Nautilus', 'Blue', null],
	'5726/1A': ['Patek Philippe', 'Nautilus Annual Calendar', 'Blue', null],
	'5167A': ['Patek Philippe', 'Aquanaut', 'Black', null],
	'15500ST': ['Audemars Piguet', 'Royal Oak', null, null],
	'15510ST': ['Audemars Piguet', 'Royal Oak', null, null],
	'26240ST': ['Audemars Piguet', 'Royal Oak Chronograph', null, null],
	'310.30.42.50.01.001': ['Omega', 'Speedmaster Moonwatch Professional', 'Black', null],
	'210.30.42.20.03.001': ['Omega', 'Seamaster Diver 300M', 'Blue', null],
	'79030N': ['Tudor', 'Black Bay 58', 'Black', null],
};

/** Dealers of the market's seeded messages: [name, phone, country prefix]. */
const DEALERS = [
	['Jan de Vries', '31612345678', '31'],
	['Wong Ka Ho', '85291234567', '852'],
	['James Carter', '447700900123', '44'],
	['Luca Bernasconi', '41791234567', '41'],
	['Mike Johnson', '12125550123', '1'],
	['Li Wei', '8613812345678', '86'],
	['Marco Rossi', '393471234567', '39'],
];
const [NL, HK, UK, CH, US, CN, IT] = DEALERS.map((d) => d[1]);
const [G_ROLEX, G_PATEK, G_VINTAGE] = GROUPS.map((g) => g[0]);
const HOUR = 3_600_000;

/**
 * The market's seeded messages, oldest first: `hours` before start (always older than the feed's
 * seeded messages, which span two hours), sender phone, groups, text, message intent, flags.
 * @type {Array<{ hours: number, phone: string, groups: string[], text: string, intent: string, is_hidden?: boolean, is_duplicate?: boolean, is_revoked?: boolean, has_media?: boolean }>}
 */
const SEED = [
	{
		hours: 240,
		phone: HK,
		groups: [G_PATEK],
		intent: 'selling',
		has_media: true,
		text: 'WTS\n5711/1A 2021 full set HKD 1,080,000\n5167A 2022 full set HKD 420,000\n15500ST blue dial 2021 watch only HKD 330,000',
	},
	{
		hours: 220,
		phone: NL,
		groups: [G_ROLEX],
		intent: 'selling',
		text: 'WTS Rolex Submariner 126610LN 2024 full set, unworn, EUR 12.950',
	},
	{
		hours: 200,
		phone: UK,
		groups: [G_ROLEX],
		intent: 'selling',
		text: 'FS 126710BLRO Pepsi jubilee 2023 full set GBP 16,500',
	},
	{
		hours: 190,
		phone: CH,
		groups: [G_ROLEX, G_VINTAGE],
		intent: 'selling',
		text: 'WTS 116500LN white dial 2019 box and papers, like new, CHF 27,500',
	},
	{
		hours: 170,
		phone: US,
		groups: [G_ROLEX],
		intent: 'selling',
		has_media: true,
		text: 'Available today:\n126610LN 2023 watch only USD 12,800\n126710BLRO 2022 full set USD 21,900',
	},
	{
		hours: 150,
		phone: CN,
		groups: [G_ROLEX],
		intent: 'selling',
		text: 'WTS 126610LN new 2024 full set HKD 98,000',
	},
	{
		hours: 140,
		phone: NL,
		groups: [G_PATEK],
		intent: 'buying',
		text: 'WTB Patek 5711/1A, budget EUR 115.000',
	},
	{
		hours: 130,
		phone: CH,
		groups: [G_PATEK],
		intent: 'selling',
		text: 'WTS Patek Aquanaut 5167A 2020 full set CHF 41,000',
	},
	{
		hours: 120,
		phone: UK,
		groups: [G_PATEK],
		intent: 'selling',
		text: 'FS AP 15500ST black dial 2020 watch only GBP 30,500',
	},
	{
		hours: 110,
		phone: US,
		groups: [G_VINTAGE],
		intent: 'selling',
		text: 'Omega Speedmaster 310.30.42.50.01.001 2023 full set USD 6,900',
	},
	{
		hours: 100,
		phone: HK,
		groups: [G_ROLEX],
		intent: 'selling',
		has_media: true,
		text: 'WTS\n126610LN 2023 full set HKD 105,000\n116500LN black dial 2022 full set HKD 268,000',
	},
	{
		hours: 90,
		phone: IT,
		groups: [G_ROLEX, G_VINTAGE],
		intent: 'selling',
		text: 'Vendo Rolex 126610LN 2022 full set EUR 11.600',
	},
	{
		hours: 80,
		phone: UK,
		groups: [G_ROLEX],
		intent: 'buying',
		text: 'WTB 116500LN white dial, up to GBP 24,000',
	},
	{
		hours: 70,
		phone: CH,
		groups: [G_ROLEX],
		intent: 'selling',
		is_hidden: true,
		text: 'WTS 126710BLRO 2023 full set CHF 17,000',
	},
	{
		hours: 60,
		phone: NL,
		groups: [G_ROLEX],
		intent: 'selling',
		is_duplicate: true,
		text: 'WTS Rolex Submariner 126610LN 2024 full set, unworn, EUR 12.950',
	},
	{
		hours: 50,
		phone: US,
		groups: [G_PATEK],
		intent: 'selling',
		text: 'WTS 15500ST blue dial 2022 full set USD 36,500',
	},
	{
		hours: 40,
		phone: IT,
		groups: [G_VINTAGE],
		intent: 'selling',
		text: 'Vendo Omega Seamaster 210.30.42.20.03.001 2022 full set EUR 4.600\nTudor 79030N 2021 watch only EUR 2.950',
	},
	{
		hours: 30,
		phone: CH,
		groups: [G_ROLEX],
		intent: 'selling',
		is_revoked: true,
		text: 'WTS 116500LN white dial 2023 full set EUR 21.500',
	},
	{
		hours: 20,
		phone: HK,
		groups: [G_PATEK],
		intent: 'selling',
		text: 'WTS 5711/1A 2020 full set HKD 860,000',
	},
	{
		hours: 10,
		phone: NL,
		groups: [G_ROLEX],
		intent: 'selling',
		has_media: true,
		text: 'WTS 126610LN 2024 full set EUR 10.400, first come first served',
	},
];

// ---------------------------------------------------------------- extraction

/** A UUID derived from a name, so ids stay the same for the same message (seeded ones: always). */
function uuidFrom(/** @type {string} */ name) {
	const h = crypto.createHash('sha1').update(name).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** @param {number} eurMinor @param {string} currency */
const fromEur = (eurMinor, currency) =>
	Math.round(eurMinor / RATES[/** @type {keyof typeof RATES} */ (currency)]);
/** @param {{ amount_minor: number, currency: string }} money */
const toEur = (money) =>
	Math.round(money.amount_minor * RATES[/** @type {keyof typeof RATES} */ (money.currency)]);

/** @param {number[]} values sorted ascending, at least one */
function median(values) {
	const mid = Math.floor(values.length / 2);
	return values.length % 2 ? values[mid] : Math.round((values[mid - 1] + values[mid]) / 2);
}

module.exports = {
	RATES,
	CURRENCY_SIGNS,
	CATALOGUE,
	DEALERS,
	SEED,
	HOUR,
	uuidFrom,
	fromEur,
	toEur,
	median,
};
