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
