/**
 * A documented shape of ./contract.ts as a zod schema for the node's helpers/answer.ts, which
 * compares answers with zod contracts: objects strict (an extra field is a difference); a field
 * the documentation does not promise may be absent or `null`, as in the node's own contracts
 * (listed as an accepted null); `null` for a required field is a difference.
 */
import { z, type ZodTypeAny } from 'zod';

import type { Field, Spec } from './contract';

export function toZod(spec: Spec): ZodTypeAny {
	switch (spec.kind) {
		case 'any':
			return z.unknown();
		case 'string':
			return z.string();
		case 'uuid':
			return z.string().uuid();
		case 'integer':
			return z.number().int();
		case 'number':
			return z.number();
		case 'boolean':
			return z.boolean();
		case 'free-object':
			return z.record(z.unknown());
		case 'enum':
			return z.enum(spec.values as [string, ...string[]]);
		case 'array':
			return z.array(toZod(spec.of));
		case 'object':
			return z
				.object(
					Object.fromEntries(
						Object.entries(spec.fields).map(([name, field]) => [name, fieldToZod(field)]),
					),
				)
				.strict();
	}
}

function fieldToZod(field: Field): ZodTypeAny {
	const schema = toZod(field.spec);
	if (field.required) return field.nullable ? schema.nullable() : schema;
	// as the node's own contracts: a field not promised may be absent or null ("none")
	return schema.nullish();
}
