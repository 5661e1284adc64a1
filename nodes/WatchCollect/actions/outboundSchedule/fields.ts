import type { IDisplayOptions } from 'n8n-workflow';

export function showFor(operations: string[]): IDisplayOptions {
	return { show: { resource: ['outboundSchedule'], operation: operations } };
}
