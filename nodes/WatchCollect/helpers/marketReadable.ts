/**
 * Readable fields for people and AI agents, added next to the API's own (which stay as sent):
 *  - every Money `{ amount_minor, currency }` field `x` also as `x_amount` (a decimal number in
 *    major units) and `x_formatted` (e.g. "€12,950");
 *  - every `*_eur_minor` integer `x_eur_minor` also as `x_eur` and `x_eur_formatted`;
 *  - a listing's `price_indicator` also as the sentence `price_vs_median`.
 * A field that is absent, null or of another type gets no readable twin (never an error), and an
 * existing field is never overwritten.
 *
 * The sign of `delta_percent` is [UNKNOWN]; the node assumes negative = cheaper than the median
 * of comparable listings (agreed with the simulator; docs/api-assumptions.md).
 */
import type { IDataObject } from 'n8n-workflow';

import { minorDigits } from '../schemas/marketSearch';

const isObject = (v: unknown): v is IDataObject =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** Minor units as a decimal number in major units, or undefined when it cannot be read. */
export function toMajor(amountMinor: unknown, currency: unknown): number | undefined {
	if (typeof amountMinor !== 'number' || !Number.isFinite(amountMinor)) return undefined;
	if (typeof currency !== 'string') return undefined;
	const digits = minorDigits(currency.trim().toUpperCase());
	if (digits === undefined) return undefined;
	return Number((amountMinor / 10 ** digits).toFixed(digits));
}

/** "€12,950", "€12,950.50", "HK$98,000", "¥1,500,000" (en-US style, decimals only when there are any). */
export function formatMoney(amountMajor: number, currency: string): string {
	const code = currency.trim().toUpperCase();
	const whole = Number.isInteger(amountMajor);
	return new Intl.NumberFormat('en-US', {
		style: 'currency',
		currency: code,
		...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
	}).format(amountMajor);
}

function addMoney(target: IDataObject, name: string, money: unknown) {
	if (!isObject(money)) return;
	const major = toMajor(money.amount_minor, money.currency);
	if (major === undefined) return;
	if (!(`${name}_amount` in target)) target[`${name}_amount`] = major;
	if (!(`${name}_formatted` in target))
		target[`${name}_formatted`] = formatMoney(major, money.currency as string);
}

function addEur(target: IDataObject, key: string) {
	const name = key.slice(0, -'_minor'.length);
	const major = toMajor(target[key], 'EUR');
	if (major === undefined) return;
	if (!(name in target)) target[name] = major;
	if (!(`${name}_formatted` in target)) target[`${name}_formatted`] = formatMoney(major, 'EUR');
}

/** One object's Money and *_eur_minor fields, in place (a copy is made by the caller). */
function addReadableFields(target: IDataObject) {
	for (const [key, value] of Object.entries(target)) {
		if (key.endsWith('_eur_minor')) addEur(target, key);
		else if (isObject(value) && 'amount_minor' in value && 'currency' in value)
			addMoney(target, key, value);
	}
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * "8.2% below the median (€14,100) of 12 comparable listings" — from `delta_percent` (negative =
 * below, an assumption) and the median; undefined when the indicator cannot be read.
 */
export function describePriceIndicator(indicator: unknown): string | undefined {
	if (!isObject(indicator)) return undefined;
	const delta = indicator.delta_percent;
	if (typeof delta !== 'number' || !Number.isFinite(delta)) return undefined;
	const median = toMajor(indicator.median_price_eur_minor, 'EUR');
	const count = indicator.comparable_count;
	const of = `${median !== undefined ? ` (${formatMoney(median, 'EUR')})` : ''}${
		typeof count === 'number' ? ` of ${plural(count, 'comparable listing')}` : ''
	}`;
	const size = Math.abs(Math.round(delta * 10) / 10);
	if (size === 0) return `at the median${of}`;
	return `${size}% ${delta < 0 ? 'below' : 'above'} the median${of}`;
}

/** A listing with its readable fields (its price_indicator's too). The API's fields stay as sent. */
export function readableListing(listing: IDataObject): IDataObject {
	const out: IDataObject = { ...listing };
	addReadableFields(out);
	if (isObject(out.price_indicator)) {
		const indicator = { ...out.price_indicator };
		addReadableFields(indicator);
		out.price_indicator = indicator;
		const sentence = describePriceIndicator(indicator);
		if (sentence !== undefined && !('price_vs_median' in out)) out.price_vs_median = sentence;
	}
	return out;
}

/** A reference aggregate with its readable fields (min/avg/median/max in EUR and display currency). */
export function readableAggregate(aggregate: IDataObject): IDataObject {
	const out: IDataObject = { ...aggregate };
	addReadableFields(out);
	return out;
}

/** The facets answer with its `price_range` readable (min/max in major units and formatted). */
export function readableFacets(facets: IDataObject): IDataObject {
	const out: IDataObject = { ...facets };
	const range = out.price_range;
	if (isObject(range) && typeof range.currency === 'string') {
		const copy = { ...range };
		for (const bound of ['min', 'max'] as const) {
			const major = toMajor(copy[`${bound}_minor`], range.currency);
			if (major === undefined) continue;
			if (!(bound in copy)) copy[bound] = major;
			if (!(`${bound}_formatted` in copy))
				copy[`${bound}_formatted`] = formatMoney(major, range.currency);
		}
		out.price_range = copy;
	}
	return out;
}
