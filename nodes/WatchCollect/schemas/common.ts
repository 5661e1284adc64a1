/** Rules and readers every resource's schemas share. */
import { z } from 'zod';

/** 'a', 'b', 'c' — for messages that list the allowed values. */
export const allowed = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** A text parameter as typed or computed by an expression: trimmed, numbers accepted. */
export const optionalText = z
	.union([z.string(), z.number()])
	.optional()
	.transform((v) => (v === undefined ? undefined : String(v).trim()));

export const UUID_REGEX =
	'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const uuid = z.string().uuid();

const UUID = new RegExp(UUID_REGEX);

/**
 * An ID parameter that must be a UUID, as typed or computed by an expression (trimmed, numbers
 * accepted). `field`: 'Label (parameterName)'; `what`: the kind of ID; `whenEmpty`: where to get one.
 */
export function checkUuidParameter(
	value: unknown,
	field: string,
	what: string,
	whenEmpty: string,
): { ok: true; id: string } | { ok: false; message: string } {
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (id === '') return { ok: false, message: `${field}: is required: ${whenEmpty}` };
	if (!UUID.test(id))
		return {
			ok: false,
			message: `${field}: '${id}' is not a ${what} (a UUID such as 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f)`,
		};
	return { ok: true, id };
}

/**
 * One readable sentence per problem, naming the panel field and its parameter name.
 * `labels`: parameter name → panel label; `fieldToParameter`: body field → parameter name, so a
 * contract error names what the user can change.
 */
export function describeZodError(
	error: z.ZodError,
	labels: Record<string, string> = {},
	fieldToParameter: Record<string, string> = {},
): string {
	return error.issues
		.map((i) => {
			const key = String(i.path[0] ?? '');
			const parameter = fieldToParameter[key] ?? key;
			const label = labels[parameter];
			const where = label ? `${label} (${parameter})` : i.path.join('.') || 'Value';
			return `${where}: ${i.message}`;
		})
		.join('; ');
}
