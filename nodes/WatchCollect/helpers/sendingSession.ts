/**
 * Send's look at the sending session before it posts. The contract wants "a WORKING sending
 * session; receiving sessions are refused", and GET /v2/sessions (shape undocumented) tells
 * which sessions exist. The node refuses a session only when that list positively shows it is a
 * receiving session or in another WAHA status than WORKING (STOPPED, STARTING, SCAN_QR_CODE,
 * FAILED); when the list cannot be read, does not contain the session, or gives no status or one
 * the node does not know, the send goes ahead (with a warning) and the API's own answer decides.
 *
 * Costs one GET /v2/sessions?role=sending per execution of the node (all its pages), plus one
 * ?role=receiving when the session is not among the sending ones; read once, not per item.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { WORKING } from '../schemas/outbound';
import { SESSION_STATUSES, type Role, type SessionSummary } from '../schemas/session';
import { listSessions, textOf } from '../transport/sessions';
import { invalidParameter } from './parameters';

type Listing = { ok: true; sessions: SessionSummary[] } | { ok: false; reason: string };

/** The sessions of a role, read once per execution of the node. */
const listings = new WeakMap<object, Map<Role, Promise<Listing>>>();

function listingOf(
	ctx: IExecuteFunctions,
	role: Role,
	i: number,
	timeout: number | undefined,
): Promise<Listing> {
	const byRole = listings.get(ctx) ?? new Map<Role, Promise<Listing>>();
	listings.set(ctx, byRole);
	let listing = byRole.get(role);
	if (!listing) {
		listing = listSessions.call(ctx, [role], { itemIndex: i, timeout }).then(
			(sessions): Listing => ({ ok: true, sessions }),
			(error: unknown): Listing => ({
				ok: false,
				reason: error instanceof Error ? error.message : String(error),
			}),
		);
		byRole.set(role, listing);
	}
	return listing;
}

const same = (a: string | undefined, b: string) =>
	a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * Checks the session of a send. Throws (no request sent) only when the list shows the session is
 * receiving or not WORKING; otherwise gives the warnings to put on the item (none when the list
 * shows a WORKING sending session).
 */
export async function checkSendingSession(
	this: IExecuteFunctions,
	i: number,
	sessionId: string,
	timeout: number | undefined,
): Promise<string[]> {
	const sending = await listingOf(this, 'sending', i, timeout);
	if (!sending.ok) {
		return [
			`The sending sessions could not be listed (${sending.reason}); the send was tried, and WatchCollect's answer decided`,
		];
	}
	let session = sending.sessions.find((s) => same(s.session_id, sessionId));
	let listedRole: Role = 'sending';
	if (!session) {
		const receiving = await listingOf(this, 'receiving', i, timeout);
		session = receiving.ok
			? receiving.sessions.find((s) => same(s.session_id, sessionId))
			: undefined;
		listedRole = 'receiving';
	}
	if (!session) {
		return [
			`Session '${sessionId}' is not in WatchCollect's session list; the send was tried, and WatchCollect's answer decided`,
		];
	}
	const name = textOf(session, 'label') ?? textOf(session, 'waha_session_name') ?? sessionId;
	// the list's own `role`, when it gives one, wins over the role the list was asked for
	const role = textOf(session, 'role') ?? listedRole;
	if (role === 'receiving') {
		throw invalidParameter.call(
			this,
			i,
			`Sending Session (sessionId): '${name}' is a receiving session; receiving sessions cannot send. Choose a sending session`,
		);
	}
	const status = session.session_status;
	if (typeof status !== 'string' || status === '') {
		return [
			`The session list gives no status for '${name}' (session_status came as ${status === undefined ? 'nothing' : JSON.stringify(status)}); the send was tried, and WatchCollect's answer decided`,
		];
	}
	if (!(SESSION_STATUSES as readonly string[]).includes(status)) {
		// a status the node does not know: not proof that the session cannot send
		return [
			`The session list gives '${name}' the status '${status}', which the node does not know (it knows ${SESSION_STATUSES.join(', ')}); the send was tried, and WatchCollect's answer decided`,
		];
	}
	if (status !== WORKING) {
		throw invalidParameter.call(
			this,
			i,
			`Sending Session (sessionId): '${name}' is ${status}, not ${WORKING}: pair it first (Session › Get QR Code or Request Pairing Code)`,
		);
	}
	return [];
}
