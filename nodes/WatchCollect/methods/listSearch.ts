import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { SessionSummary } from '../schemas/session';
import { listSessions, textOf } from '../transport/sessions';

/** The sessions a picker can offer (those with an id), matched against the search text. */
function pick(
	sessions: SessionSummary[],
	filter: string | undefined,
	searched: string[],
	shown: string[],
): INodeListSearchResult {
	const query = filter?.trim().toLowerCase();
	const results = [];
	for (const s of sessions) {
		const id = s.session_id;
		if (id === undefined) continue;
		const texts = [...searched.map((field) => textOf(s, field)), id];
		if (query && !texts.some((v) => v?.toLowerCase().includes(query))) continue;
		const name = shown.map((field) => (field === 'id' ? id : textOf(s, field)));
		results.push({ name: name.filter(Boolean).join(' · ') || id, value: id });
	}
	return { results };
}

/** "From List" of the Session locator: every session of both roles, searchable by label, name, role or ID. */
export async function searchSessions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const sessions = await listSessions.call(this);
	return pick(
		sessions,
		filter,
		['label', 'waha_session_name', 'role'],
		['label', 'role', 'waha_session_name'],
	);
}

/**
 * "From List" of the Sending Session locator (outbound sends): only sending sessions, with their
 * status, so a session that is not WORKING yet is recognisable before a send is tried.
 */
export async function searchSendingSessions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const sessions = await listSessions.call(this, ['sending']);
	return pick(
		sessions,
		filter,
		['label', 'waha_session_name'],
		['label', 'waha_session_name', 'session_status'],
	);
}
