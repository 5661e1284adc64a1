/**
 * The node's differences of one answer from the documentation, grouped for the report: one per
 * kind and field for all array positions, with counts, and the value only of an enum-like field.
 */
import type { Difference as AnswerDifference } from '../../nodes/WatchCollect/helpers/answer';
import type { Difference, DifferenceKind } from './types';

const POSITION = /\[\d+\]/g;
const ENUM_WORD = /^[A-Za-z][\w.-]{0,39}$/;

function valueAt(root: unknown, path: string): unknown {
	let value = root;
	for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

/** The node's differences, one per kind and field for all array positions, with counts. */
export function summarise(differences: AnswerDifference[], body: unknown): Difference[] {
	const grouped = new Map<string, Difference>();
	for (const d of differences) {
		const path = d.path.replace(POSITION, '[]') || '(the answer)';
		const accepted = d.accepted === true;
		const key = `${d.kind} ${accepted} ${path}`;
		const existing = grouped.get(key);
		if (existing) {
			existing.count++;
			continue;
		}
		const entry: Difference = {
			kind: d.kind,
			path,
			accepted,
			count: 1,
			// the node's sentence without its leading field name (the report prints it before)
			message: d.message.replace(POSITION, '[]').replace(/^`[^`]*` /, ''),
		};
		// only the value of an enum-like field (a word such as GOWS_NEXT), never an id or a number
		if (d.kind === 'value' && /does not list/.test(d.message)) {
			const value = valueAt(body, d.path);
			if (typeof value === 'string' && ENUM_WORD.test(value) && !/\d{4}/.test(value)) {
				entry.value = value;
			}
		}
		grouped.set(key, entry);
	}
	const order: DifferenceKind[] = ['missing', 'type', 'value', 'null', 'extra', 'other'];
	return [...grouped.values()].sort(
		(a, b) =>
			Number(a.accepted) - Number(b.accepted) ||
			order.indexOf(a.kind) - order.indexOf(b.kind) ||
			a.path.localeCompare(b.path),
	);
}
