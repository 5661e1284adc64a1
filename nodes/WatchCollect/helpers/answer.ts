/**
 * Reading an API answer tolerantly, and saying in plain words how it differs from the contract.
 *
 * Every answer has two schemas (see schemas/*.ts):
 *  - what the node **needs** from it to build its output or decide something: the answer fails
 *    only when that is missing;
 *  - what the contract **documents**: never enforced, only compared, so every difference
 *    (missing, null where the contract has no null, another type, an unknown value, an extra
 *    field) becomes one sentence — the `warnings` of a write's output item, and what the probe
 *    prints per endpoint.
 *
 * A `null` where the contract documents an optional field is accepted (it means "none"); it is
 * still listed as a difference, marked `accepted`, for the probe. Pure: imports only zod.
 */
import type { ZodIssue, ZodType, ZodTypeAny, ZodTypeDef } from 'zod';

export type DifferenceKind = 'missing' | 'null' | 'type' | 'value' | 'extra' | 'other';

export interface Difference {
	/** The field, as `qr.value` or `send.results[0].ok` ('' for the answer itself). */
	path: string;
	kind: DifferenceKind;
	/** One plain sentence: which field, what came, what the contract expects. */
	message: string;
	/** True for what the node and the contract both accept (a null for an optional field). */
	accepted?: boolean;
}

export interface DescribeOptions {
	/**
	 * Show the values that came (shortened), not only their kind. Off for the probe, which must
	 * never print message text or tokens.
	 */
	showValues?: boolean;
}

export type AnswerReading<T> =
	| { ok: true; value: T; warnings: string[]; differences: Difference[] }
	| { ok: false; problem: string; warnings: string[]; differences: Difference[] };

type Path = Array<string | number>;

export function pathText(path: Path): string {
	return path.reduce<string>(
		(text, part) =>
			typeof part === 'number' ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`,
		'',
	);
}

function valueAt(root: unknown, path: Path): unknown {
	let value = root;
	for (const part of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string | number, unknown>)[part];
	}
	return value;
}

/** What came, in words: `'abc'`, `42`, `true`, `null`, `a list of 3`, `an object`. */
export function describeValue(value: unknown, { showValues = true }: DescribeOptions = {}): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') {
		if (!showValues) return `a text of ${value.length} characters`;
		return value.length > 40 ? `'${value.slice(0, 37)}…'` : `'${value}'`;
	}
	if (typeof value === 'number') return showValues ? String(value) : 'a number';
	if (typeof value === 'boolean') return showValues ? String(value) : 'true or false';
	return `a ${typeof value}`;
}

const EXPECTED_WORDS: Record<string, string> = {
	string: 'a text',
	number: 'a number',
	integer: 'a whole number',
	boolean: 'true or false',
	array: 'a list',
	object: 'an object',
	null: 'null',
};

function expectedWords(expected: string): string {
	return EXPECTED_WORDS[expected] ?? expected;
}

const quoted = (values: readonly unknown[]) => values.map((v) => `'${String(v)}'`).join(', ');

/** One issue of the documented schema → its differences (an unknown-keys issue gives one per key). */
function differencesOf(issue: ZodIssue, body: unknown, options: DescribeOptions): Difference[] {
	const path = pathText(issue.path);
	const field = path === '' ? 'The answer' : `\`${path}\``;
	const came = describeValue(valueAt(body, issue.path), options);
	switch (issue.code) {
		case 'invalid_type':
			if (issue.received === 'undefined')
				return [
					{
						path,
						kind: 'missing',
						message: `${field} is missing; the contract gives ${expectedWords(issue.expected)}`,
					},
				];
			return [
				{
					path,
					kind: issue.received === 'null' ? 'null' : 'type',
					message: `${field} came as ${came}; the contract gives ${expectedWords(issue.expected)}`,
				},
			];
		case 'invalid_enum_value':
			return [
				{
					path,
					kind: 'value',
					message: `${field} came as ${came}, a value the contract does not list (it lists ${quoted(issue.options)})`,
				},
			];
		case 'invalid_literal':
			return [
				{
					path,
					kind: 'value',
					message: `${field} came as ${came}; the contract gives ${describeValue(issue.expected)}`,
				},
			];
		case 'unrecognized_keys':
			return issue.keys.map((key) => {
				const keyPath = pathText([...issue.path, key]);
				const value = valueAt(body, [...issue.path, key]);
				return {
					path: keyPath,
					kind: 'extra' as const,
					message: `\`${keyPath}\` is not in the contract (came as ${describeValue(value, options)}); passed on as received`,
				};
			});
		case 'invalid_string':
			return [
				{
					path,
					kind: 'value',
					message: `${field} came as ${came}; the contract gives ${typeof issue.validation === 'string' ? `a ${issue.validation.toUpperCase() === 'UUID' ? 'UUID' : issue.validation}` : 'another text'}`,
				},
			];
		default:
			return [{ path, kind: 'other', message: `${field} came as ${came}: ${issue.message}` }];
	}
}

/** Every `null` in the answer, by path (objects and lists followed, at most 6 levels deep). */
function nullPaths(value: unknown, path: Path = [], depth = 0, found: Path[] = []): Path[] {
	if (depth > 6 || value === null || typeof value !== 'object') return found;
	for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
		const childPath = [...path, Array.isArray(value) ? Number(key) : key];
		if (child === null) found.push(childPath);
		else nullPaths(child, childPath, depth + 1, found);
	}
	return found;
}

/** How `body` differs from the documented contract, one sentence each (refused ones first). */
export function describeDifferences(
	body: unknown,
	documented: ZodTypeAny,
	options: DescribeOptions = {},
): Difference[] {
	const parsed = documented.safeParse(body);
	const refused = parsed.success
		? []
		: parsed.error.issues.flatMap((issue) => differencesOf(issue, body, options));
	const named = new Set(refused.map((d) => d.path));
	const acceptedNulls = nullPaths(body)
		.map(pathText)
		.filter((path) => !named.has(path))
		.map(
			(path): Difference => ({
				path,
				kind: 'null',
				accepted: true,
				message: `\`${path}\` came as null; accepted as "none" (the contract has it optional)`,
			}),
		);
	return [...refused, ...acceptedNulls];
}

/**
 * Reads an answer: the value the node needs (or why it cannot), plus every difference from the
 * contract. `warnings` holds the sentences of the differences the contract does not accept.
 */
export function readAnswer<T>(
	body: unknown,
	schemas: { needs: ZodType<T, ZodTypeDef, unknown>; documented: ZodTypeAny },
	options: DescribeOptions = {},
): AnswerReading<T> {
	const differences = describeDifferences(body, schemas.documented, options);
	const warnings = differences.filter((d) => !d.accepted).map((d) => d.message);
	const needed = schemas.needs.safeParse(body);
	if (needed.success) return { ok: true, value: needed.data, warnings, differences };
	const problem = needed.error.issues
		.flatMap((issue) => differencesOf(issue, body, options))
		.map((d) => d.message)
		.join('; ');
	return { ok: false, problem, warnings, differences };
}
