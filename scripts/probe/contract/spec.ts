/**
 * What WatchCollect's public documentation says each answer the probe reads looks like, as
 * plain data: the fields, their types, which are required, which may be `null`, the documented
 * values of enum-like fields. The probe compares real answers against it (../toZod.ts). Where the
 * documentation gives no shape, the spec says what the node assumes, and is marked `assumed`
 * (docs/api-assumptions.md lists the evidence per endpoint).
 */

export type Spec =
	| { kind: 'string' | 'uuid' | 'integer' | 'number' | 'boolean' | 'any' | 'free-object' }
	| { kind: 'enum'; values: readonly string[] }
	| { kind: 'array'; of: Spec }
	| { kind: 'object'; fields: Record<string, Field> };

export interface Field {
	spec: Spec;
	required: boolean;
	nullable: boolean;
}

export const t = (
	kind: 'string' | 'uuid' | 'integer' | 'number' | 'boolean' | 'any' | 'free-object',
) => ({ kind }) as Spec;
export const str = t('string');
export const uuid = t('uuid');
export const int = t('integer');
export const num = t('number');
export const bool = t('boolean');
export const freeObject = t('free-object');
export const oneOf = (...values: string[]): Spec => ({ kind: 'enum', values });
export const list = (of: Spec): Spec => ({ kind: 'array', of });
export const obj = (fields: Record<string, Field | Spec>): Spec => ({
	kind: 'object',
	fields: Object.fromEntries(
		Object.entries(fields).map(([name, f]) => [name, 'spec' in f ? f : opt(f)]),
	),
});
/** A field the documentation marks required. */
export const req = (spec: Spec): Field => ({ spec, required: true, nullable: false });
/** A documented field whose presence is not promised. */
export const opt = (spec: Spec): Field => ({ spec, required: false, nullable: false });
/** A documented field that may be `null`. */
export const nullable = (spec: Spec): Field => ({ spec, required: false, nullable: true });

// --- shared objects ----------------------------------------------------------------------------

export const sender = obj({
	contact_id: uuid,
	phone_number: str,
	lid: str,
	display_name: str,
	country_prefix: str,
});

export const money = obj({ amount_minor: req(int), currency: req(str) });

/** Cursor page of the messages and outbound lists [REF]. */
export const cursorPage = (item: Spec): Spec =>
	obj({ items: req(list(item)), has_more: req(bool), next_cursor: nullable(str) });

/** Cursor page of the market searches [REF on the references page, SIBLING elsewhere]. */
export const marketPage = (item: Spec): Spec =>
	obj({ items: req(list(item)), has_more: opt(bool), total: opt(int), next_cursor: nullable(str) });
