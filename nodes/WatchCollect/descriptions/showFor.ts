/** The one way an operation's fields say when the panel shows them. */
import type { IDisplayOptions } from 'n8n-workflow';

/** displayOptions for these operations of a resource, plus any further conditions. */
export function showFor(
	resource: string,
	operations: string[],
	extra: Record<string, Array<string | boolean>> = {},
): IDisplayOptions {
	return { show: { resource: [resource], operation: operations, ...extra } };
}

/** showFor with the resource filled in, for a resource's fields and operations. */
export function showForResource(resource: string) {
	return (operations: string[], extra: Record<string, Array<string | boolean>> = {}) =>
		showFor(resource, operations, extra);
}
