/**
 * The Group IDs list of Send. WatchCollect documents no endpoint that lists groups [UNKNOWN:
 * "/v2/groups" is only named], so the list is gathered from what the API does return:
 *  - the recipients of the sending session's earlier sends (`group_id`, `recipient_label`);
 *  - the newest messages of the feed (`group_ids` with `group_names` at the same index).
 * Each option says which source it came from. Any group ID can still be given by an expression.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { type MessageCard, messageCardSchema } from '../schemas/message';
import { type Send, sendSchema } from '../schemas/outbound';
import { forEachPage } from '../transport/pagination';

/** How many pages of each source the list reads (200 items a page). */
const PAGES = 2;

export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const groups = new Map<string, { name: string; sources: Set<string> }>();
	const note = (id: unknown, name: unknown, source: string) => {
		if (typeof id !== 'string' || id === '') return;
		const entry = groups.get(id) ?? { name: '', sources: new Set<string>() };
		if (!entry.name && typeof name === 'string') entry.name = name;
		entry.sources.add(source);
		groups.set(id, entry);
	};

	const session = this.getCurrentNodeParameter('sessionId', { extractValue: true }) as
		| string
		| undefined;
	const sendSources: Array<Record<string, unknown>> = [];
	if (typeof session === 'string' && /^[0-9a-f-]{36}$/i.test(session)) {
		const walkSends = forEachPage<Send>;
		await walkSends.call(
			this,
			{
				method: 'GET',
				path: '/v2/outbound/sends',
				params: { session_id: session },
				itemSchema: sendSchema,
				pageSize: 200,
			},
			(page) => {
				for (const send of page.items)
					if (Array.isArray(send.recipients))
						for (const r of send.recipients as unknown[])
							if (r && typeof r === 'object') sendSources.push(r as Record<string, unknown>);
				return true;
			},
			PAGES,
		);
	}
	for (const r of sendSources) note(r.group_id, r.recipient_label, 'earlier sends');

	const walkMessages = forEachPage<MessageCard>;
	await walkMessages.call(
		this,
		{ method: 'GET', path: '/v2/messages', itemSchema: messageCardSchema, pageSize: 200 },
		(page) => {
			for (const m of page.items) {
				const names = Array.isArray(m.group_names) ? (m.group_names as unknown[]) : [];
				if (Array.isArray(m.group_ids))
					(m.group_ids as unknown[]).forEach((id, i) => note(id, names[i], 'messages'));
			}
			return true;
		},
		PAGES,
	);

	return [...groups.entries()]
		.map(([value, { name, sources }]) => ({
			name: name || value,
			value,
			description: `Seen in ${[...sources].join(' and ')}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
