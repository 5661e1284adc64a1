import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

import { ROLES, sessionListResponseSchema, type SessionSummary } from '../schemas/session';
import { watchCollectApiRequest } from './index';

/** GET /v2/sessions for each role (the API lists one role at a time), as one list. */
export async function listSessions(
	this: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions,
	roles: readonly string[] = ROLES,
	request: { itemIndex?: number; timeout?: number } = {},
): Promise<SessionSummary[]> {
	const sessions: SessionSummary[] = [];
	for (const role of roles) {
		const list = await watchCollectApiRequest.call(this, {
			method: 'GET',
			path: '/v2/sessions',
			qs: { role },
			responseSchema: sessionListResponseSchema,
			...request,
		});
		sessions.push(...(list as SessionSummary[]));
	}
	return sessions;
}
