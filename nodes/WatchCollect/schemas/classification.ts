/**
 * Classifications (shared contract "market-and-classifications"): the AI extraction behind the
 * market listings. Following "Meet the real API", the answers are read tolerantly: a
 * classification is any JSON object (the node decides nothing on its fields; `id` and the rest
 * pass as sent), the list pages on `next_cursor` alone (its example has no `has_more` and no
 * `total`; transport/pagination.ts), and a correction's WriteAck is compared, never enforced: a
 * write WatchCollect accepted never fails.
 * What the user sets for a correction (fields or JSON) becomes the body `{ output: { watches } }`.
 */
import { z } from 'zod';

import { checkUuidParameter } from './common';

export const classificationSchema = z.object({}).passthrough();

export type Classification = z.infer<typeof classificationSchema>;

/** The WriteAck statuses [REF]; `rejected` proves the write was refused, others are a success. */
export const WRITE_ACK_STATUSES = [
	'accepted',
	'duplicate_accepted',
	'rejected',
	'conflict',
	'noop',
] as const;

/**
 * The WriteAck the contract documents for a correction [REF]: compared with the answer for its
 * `warnings`, never enforced (helpers/writeResult.ts).
 */
export const correctionAnswerContract = z
	.object({
		status: z.enum(WRITE_ACK_STATUSES),
		event_ids: z.array(z.string()),
		request_id: z.string(),
		resource_id: z.string().nullable().optional(),
	})
	.strict();

/** The Classification ID parameter: a UUID [REF]. */
export const checkClassificationId = (value: unknown) =>
	checkUuidParameter(
		value,
		'Classification ID (classificationId)',
		'classification ID',
		"a classification's id, or a listing's classification_id",
	);

const CURRENCY = /^[A-Za-z]{3}$/;

/** One watch of Add Correction › Watches (the panel's names), as the contract's Watch object. */
export function buildWatch(
	fields: Record<string, unknown>,
	n: number,
): { ok: true; watch: Record<string, unknown> } | { ok: false; message: string } {
	const where = (label: string, name: string) => `Watches › Watch ${n} › ${label} (${name})`;
	const watch: Record<string, unknown> = {};
	const empty = (v: unknown) =>
		v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
	for (const [name, key, label] of [
		['brand', 'brand', 'Brand'],
		['model', 'model', 'Model'],
		['reference', 'reference', 'Reference'],
		['variant', 'variant', 'Variant'],
		['dialType', 'dial_type', 'Dial'],
		['year', 'year', 'Year'],
	] as const) {
		const v = fields[name];
		if (empty(v)) continue;
		if (typeof v !== 'string' && typeof v !== 'number')
			return { ok: false, message: `${where(label, name)}: ${JSON.stringify(v)} is not text` };
		watch[key] = String(v).trim(); // a classification's year is a string [REF]
	}
	if (!empty(fields.priceAmount)) {
		const v = fields.priceAmount;
		const amount = typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
		if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)
			return {
				ok: false,
				message: `${where('Price Amount', 'priceAmount')}: ${JSON.stringify(v)} is not a price`,
			};
		watch.price_amount = amount;
	}
	if (!empty(fields.currencyCode)) {
		const v = String(fields.currencyCode).trim();
		if (!CURRENCY.test(v))
			return {
				ok: false,
				message: `${where('Currency Code', 'currencyCode')}: '${v}' is not a currency code of 3 letters such as EUR`,
			};
		watch.currency_code = v.toUpperCase();
	}
	if (!empty(fields.fullSetStatus)) {
		const v = fields.fullSetStatus;
		const list = Array.isArray(v) ? v.map(String) : String(v).split(',');
		watch.full_set_status = list.map((s) => s.trim()).filter((s) => s !== '');
	}
	// an empty row (every cell blank) would append a watch without anything to say
	if (Object.keys(watch).length === 0)
		return {
			ok: false,
			message: `Watches › Watch ${n}: no field is set; fill in at least one field or remove the watch (no watches at all: the message has none)`,
		};
	return { ok: true, watch };
}

/** Add Correction › Output (JSON): an object, whose `watches` (when given) is a list of objects. */
export function checkOutputJson(
	value: unknown,
): { ok: true; output: Record<string, unknown> } | { ok: false; message: string } {
	let output = value;
	if (typeof value === 'string') {
		try {
			output = JSON.parse(value);
		} catch {
			return { ok: false, message: 'Output (outputJson): is not valid JSON' };
		}
	}
	if (typeof output !== 'object' || output === null || Array.isArray(output))
		return {
			ok: false,
			message:
				'Output (outputJson): must be a JSON object such as {"watches": [{"brand": "Rolex", "reference": "126610LN"}]}',
		};
	const watches = (output as Record<string, unknown>).watches;
	if (
		watches !== undefined &&
		(!Array.isArray(watches) ||
			watches.some((w) => typeof w !== 'object' || w === null || Array.isArray(w)))
	)
		return { ok: false, message: 'Output (outputJson): "watches" must be a list of watch objects' };
	return { ok: true, output: output as Record<string, unknown> };
}
