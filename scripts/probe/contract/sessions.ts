/**
 * GET /v2/sessions as the node assumes it (the answer is not documented).
 */
import { list, obj, oneOf, req, str, uuid } from './spec';

export const SESSION_STATUSES = ['STOPPED', 'STARTING', 'SCAN_QR_CODE', 'WORKING', 'FAILED'];

/** One session in GET /v2/sessions — assumed (the answer is not documented). */
export const session = obj({
	session_id: req(uuid),
	waha_session_name: str,
	role: oneOf('receiving', 'sending'),
	engine: oneOf('WEBJS', 'NOWEB', 'GOWS'),
	session_status: oneOf(...SESSION_STATUSES),
	label: str,
});

/** The node's assumption: `{ sessions: [...] }` (a bare array, `data`, `items`, `results` also read). */
export const sessionList = obj({ sessions: req(list(session)), request_id: str });
