/**
 * GET /v2/sessions?role=… (the credential test, Session › Get Many, the session pickers, Send's
 * session check, the trigger's session-status event). Its answer is undocumented: any list
 * envelope of schemas/page.ts, followed over its cursor pages when it has them (no `page_size`
 * is sent: none is documented). A session is identified by `session_id`, or by `id` where that
 * is absent; every other field is handed over as received.
 */
import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import { ROLES, sessionSummarySchema, type SessionSummary } from '../schemas/session';
import { forEachPage } from './pagination';

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** The id of a listed session: `session_id`, else `id` (a text or a number), else undefined. */
export function sessionIdOf(session: Record<string, unknown>): string | undefined {
	for (const value of [session.session_id, session.id]) {
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	}
	return undefined;
}

/** A listed session as received, with `session_id` filled in from `id` when the API sent none. */
export function readSessionSummary(session: Record<string, unknown>): SessionSummary {
	const id = sessionIdOf(session);
	if (id === undefined || session.session_id === id) return session as SessionSummary;
	return { ...session, session_id: id };
}

/** A text field of a listed session, or undefined when it is absent, null or not a text. */
export function textOf(session: SessionSummary, field: string): string | undefined {
	const value = session[field];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** GET /v2/sessions for each role (the API lists one role at a time), every page, as one list. */
export async function listSessions(
	this: Context,
	roles: readonly string[] = ROLES,
	request: { itemIndex?: number; timeout?: number } = {},
): Promise<SessionSummary[]> {
	const sessions: SessionSummary[] = [];
	for (const role of roles) {
		await forEachPage.call<
			Context,
			Parameters<typeof forEachPage<Record<string, unknown>>>,
			Promise<void>
		>(
			this,
			{
				method: 'GET',
				path: '/v2/sessions',
				params: { role },
				itemSchema: sessionSummarySchema,
				pageSize: null,
				...request,
			},
			(page) => {
				sessions.push(...page.items.map(readSessionSummary));
				return true;
			},
		);
	}
	return sessions;
}
