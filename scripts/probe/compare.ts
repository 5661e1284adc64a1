/**
 * Compares one answer with its documented shape (./contract.ts) and lists every difference:
 * a required or documented field that is absent, `null` where the documentation gives a type,
 * another type, a field the documentation does not name, a value an enum-like field does not
 * document. Paths name array elements `[]`, so one line stands for all items of a page.
 *
 * Never carries a value of the answer, except the value of an enum-like field (short words such
 * as `GOWS_NEXT`): no id, no text, no token can reach the report through a difference.
 */
import type { Field, Spec } from './contract';

export type DifferenceKind = 'missing' | 'null' | 'type' | 'extra' | 'value';

export interface Difference {
	kind: DifferenceKind;
	path: string;
	/** what the documentation says (a type, "required", the documented values) */
	expected: string;
	/** what came: a type name, or an unknown enum value */
	got: string;
	/** how many of the places this path stands for showed it, e.g. 3 of 20 items */
	count: number;
	of: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

export function describeSpec(spec: Spec): string {
	switch (spec.kind) {
		case 'enum':
			return spec.values.join(' | ');
		case 'array':
			return `array of ${describeSpec(spec.of)}`;
		case 'object':
			return 'object';
		case 'free-object':
			return 'object';
		case 'uuid':
			return 'UUID string';
		default:
			return spec.kind;
	}
}

/** An enum value as it may be shown: a short word, else only its length. */
function safeWord(value: unknown): string {
	if (typeof value === 'string' && /^[\w .:-]{1,40}$/.test(value)) return JSON.stringify(value);
	if (typeof value === 'string') return `a string of ${value.length} characters`;
	return typeName(value);
}

interface Raw {
	kind: DifferenceKind;
	path: string;
	expected: string;
	got: string;
	/** the path whose visits count as the places this one could occur (extras: the object's) */
	ofPath?: string;
}

/** Walks `value` against `spec`; `seen` counts how often each path was visited. */
function walk(value: unknown, spec: Spec, path: string, out: Raw[], seen: Map<string, number>) {
	seen.set(path, (seen.get(path) ?? 0) + 1);
	const expected = describeSpec(spec);
	const got = typeName(value);
	switch (spec.kind) {
		case 'any':
			return;
		case 'string':
			if (got !== 'string') out.push({ kind: 'type', path, expected, got });
			return;
		case 'uuid':
			if (got !== 'string') out.push({ kind: 'type', path, expected, got });
			else if (!UUID.test(value as string))
				out.push({ kind: 'type', path, expected, got: 'a string that is not a UUID' });
			return;
		case 'integer':
			if (got !== 'integer') out.push({ kind: 'type', path, expected, got });
			return;
		case 'number':
			if (got !== 'integer' && got !== 'number') out.push({ kind: 'type', path, expected, got });
			return;
		case 'boolean':
			if (got !== 'boolean') out.push({ kind: 'type', path, expected, got });
			return;
		case 'free-object':
			if (got !== 'object') out.push({ kind: 'type', path, expected, got });
			return;
		case 'enum':
			if (got !== 'string') out.push({ kind: 'type', path, expected: 'string', got });
			else if (!spec.values.includes(value as string))
				out.push({ kind: 'value', path, expected, got: safeWord(value) });
			return;
		case 'array':
			if (got !== 'array') {
				out.push({ kind: 'type', path, expected, got });
				return;
			}
			for (const element of value as unknown[]) {
				if (element === null && spec.of.kind !== 'any') {
					seen.set(`${path}[]`, (seen.get(`${path}[]`) ?? 0) + 1);
					out.push({ kind: 'null', path: `${path}[]`, expected: describeSpec(spec.of), got });
					continue;
				}
				walk(element, spec.of, `${path}[]`, out, seen);
			}
			return;
		case 'object': {
			if (got !== 'object') {
				out.push({ kind: 'type', path, expected, got });
				return;
			}
			const record = value as Record<string, unknown>;
			const prefix = path === '' ? '' : `${path}.`;
			for (const [name, field] of Object.entries(spec.fields)) {
				walkField(record, name, field, `${prefix}${name}`, out, seen);
			}
			for (const name of Object.keys(record)) {
				if (!(name in spec.fields)) {
					out.push({
						kind: 'extra',
						path: `${prefix}${name}`,
						expected: 'not documented',
						got: typeName(record[name]),
						ofPath: path,
					});
				}
			}
			return;
		}
	}
}

function walkField(
	record: Record<string, unknown>,
	name: string,
	field: Field,
	path: string,
	out: Raw[],
	seen: Map<string, number>,
) {
	if (!(name in record) || record[name] === undefined) {
		seen.set(path, (seen.get(path) ?? 0) + 1);
		out.push({
			kind: 'missing',
			path,
			expected: field.required
				? `${describeSpec(field.spec)}, required`
				: describeSpec(field.spec),
			got: 'absent',
		});
		return;
	}
	if (record[name] === null) {
		seen.set(path, (seen.get(path) ?? 0) + 1);
		if (!field.nullable) {
			out.push({ kind: 'null', path, expected: describeSpec(field.spec), got: 'null' });
		}
		return;
	}
	walk(record[name], field.spec, path, out, seen);
}

const ORDER: DifferenceKind[] = ['missing', 'null', 'type', 'value', 'extra'];

/** Every difference between `answer` and `spec`, one per kind, path and value, with counts. */
export function compareWithContract(answer: unknown, spec: Spec): Difference[] {
	const raw: Raw[] = [];
	const seen = new Map<string, number>();
	walk(answer, spec, '', raw, seen);
	const grouped = new Map<string, Difference>();
	for (const r of raw) {
		const key = `${r.kind}\u0000${r.path}\u0000${r.got}`;
		const existing = grouped.get(key);
		if (existing) existing.count++;
		else
			grouped.set(key, {
				kind: r.kind,
				path: r.path || '(the answer)',
				expected: r.expected,
				got: r.got,
				count: 1,
				of: seen.get(r.ofPath ?? r.path) ?? 1,
			});
	}
	return [...grouped.values()].sort(
		(a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.path.localeCompare(b.path),
	);
}
