import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listSessions } from '../transport/sessions';

/** "From List" of the Session locator: every session of both roles, searchable by label, name, role or ID. */
export async function searchSessions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const sessions = await listSessions.call(this);
	const query = filter?.trim().toLowerCase();
	return {
		results: sessions
			.filter(
				(s) =>
					!query ||
					[s.label, s.waha_session_name, s.role, s.session_id].some((v) =>
						v?.toLowerCase().includes(query),
					),
			)
			.map((s) => ({
				name: [s.label, s.role, s.waha_session_name ?? s.session_id].filter(Boolean).join(' · '),
				value: s.session_id,
			})),
	};
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
	const query = filter?.trim().toLowerCase();
	return {
		results: sessions
			.filter(
				(s) =>
					!query ||
					[s.label, s.waha_session_name, s.session_id].some((v) =>
						v?.toLowerCase().includes(query),
					),
			)
			.map((s) => {
				const status = typeof s.session_status === 'string' ? s.session_status : undefined;
				return {
					name: [s.label, s.waha_session_name ?? s.session_id, status].filter(Boolean).join(' · '),
					value: s.session_id,
				};
			}),
	};
}
