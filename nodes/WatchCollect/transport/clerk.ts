/**
 * Renewing WatchCollect's session tokens the way Clerk's own native SDKs do: the signed-in
 * device's client token goes to Clerk's Frontend API (FAPI), which mints a fresh session JWT.
 *
 *   GET  {FAPI}/v1/client?_is_native=true                      → { response: { sessions, last_active_session_id } }
 *   POST {FAPI}/v1/client/sessions/{sid}/tokens?_is_native=true → { object: 'token', jwt }
 *
 * with the client token as the `Authorization` header (or, for a browser's token, the `__client`
 * cookie); a rotated client token comes back in the `Authorization` response header. Where each
 * detail was read (clerk/clerk-android, clerk/javascript) is in docs/credentials.md (Assumptions about Clerk).
 *
 * Used by the `watchCollectSignInApi` credential's `preAuthentication` and by its tests; it
 * never puts either token into an error, and errors carry no `code`/`httpCode`/`response`
 * property, so n8n shows their words instead of a generic status text.
 */
import { createHash } from 'crypto';

import {
	COPY_NEW_CLIENT_TOKEN,
	firstClerkError,
	FrontendApi,
	type HttpRequest,
	type SignInCredentialData,
} from './frontendApi';
import {
	jwtLifetimeSeconds,
	looksLikeJwt,
	readJwtClaims,
	renewalMarginSeconds,
	sessionTokenNeedsRenewal,
} from './jwt';
import { WatchCollectSignInError } from './signInErrors';

export {
	frontendApiBaseUrl,
	type ClientTokenTransport,
	type HttpRequest,
	type SignInCredentialData,
} from './frontendApi';
/** Kept here too for scripts that import it from the Clerk client (it lives in redact.ts). */
export { scrubSecrets } from './redact';
export {
	SessionTokenExpiredError,
	WatchCollectSignInError,
	type SignInFailureKind,
} from './signInErrors';

export const SIGN_IN_CREDENTIAL_DISPLAY_NAME = 'WatchCollect Sign-In (Renews Tokens) API';

export interface RenewedTokens {
	sessionToken: string;
	/** Only when Clerk rotated the client token: the new one, to be stored instead. */
	clientToken?: string;
}

/** The session to renew: the one the user named, else the device's last active session. */
async function findSessionId(fapi: FrontendApi, data: SignInCredentialData): Promise<string> {
	const configured = typeof data.clerkSessionId === 'string' ? data.clerkSessionId.trim() : '';
	if (configured) return configured;
	const response = await fapi.request('GET', '/client');
	if (response.statusCode < 200 || response.statusCode > 299) fapi.failFor(response, 'client');
	const body = response.body as Record<string, unknown> | undefined;
	if (!body || typeof body !== 'object') fapi.unexpected('a client object');
	// FAPI wraps resources as { response, client }; accept a bare client object too.
	const client = ('response' in body ? body.response : body) as Record<string, unknown> | null;
	if (client === null || client === undefined) {
		throw new WatchCollectSignInError(
			'signed-out',
			'The device behind the client token is signed out of WatchCollect (Clerk knows no signed-in client for it)',
			COPY_NEW_CLIENT_TOKEN,
		);
	}
	if (typeof client !== 'object' || !Array.isArray(client.sessions)) {
		fapi.unexpected('a client object with sessions');
	}
	const sessions = (client.sessions as Array<Record<string, unknown>>).filter(
		(s) => s && typeof s.id === 'string' && (s.status === undefined || s.status === 'active'),
	);
	const last = client.last_active_session_id;
	const chosen = sessions.find((s) => s.id === last) ?? sessions[0];
	if (!chosen) {
		throw new WatchCollectSignInError(
			'signed-out',
			'The device behind the client token has no active WatchCollect session: it was signed out',
			COPY_NEW_CLIENT_TOKEN,
		);
	}
	return chosen.id as string;
}

async function mint(fapi: FrontendApi, data: SignInCredentialData): Promise<RenewedTokens> {
	const sessionId = await findSessionId(fapi, data);
	const path = `/client/sessions/${encodeURIComponent(sessionId)}/tokens`;
	let response = await fapi.request('POST', path);
	// Like clerk-js: when FAPI asks for the expired token, send the last one once more.
	const previous = typeof data.sessionToken === 'string' ? data.sessionToken : '';
	if (
		response.statusCode === 422 &&
		firstClerkError(response.body)?.code === 'missing_expired_token' &&
		looksLikeJwt(previous)
	) {
		response = await fapi.request('POST', path, { expired_token: previous });
	}
	if (response.statusCode < 200 || response.statusCode > 299) {
		fapi.failFor(response, 'token', sessionId);
	}
	const body = response.body as Record<string, unknown> | undefined;
	const jwt = body && typeof body === 'object' ? body.jwt : undefined;
	if (!looksLikeJwt(jwt)) fapi.unexpected('a session token ({ "object": "token", "jwt": … })');
	const renewed: RenewedTokens = { sessionToken: jwt.trim() };
	rememberMinted(renewed.sessionToken);
	if (fapi.rotatedClientToken) renewed.clientToken = fapi.rotatedClientToken;
	return renewed;
}

/**
 * Renewals in flight in this process, by credential: several items or executions that find the
 * token expired at the same moment share one Frontend API round trip instead of minting one
 * token each (Clerk's Android SDK deduplicates the same way).
 */
const inFlight = new Map<string, Promise<RenewedTokens>>();

function flightKey(data: SignInCredentialData): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				data.clientToken,
				data.frontendApiUrl,
				data.clerkSessionId,
				data.sendClientAs,
			]),
		)
		.digest('hex');
}

/** Obtains a fresh session JWT (and a rotated client token, if Clerk handed one out). */
export async function renewSessionToken(
	httpRequest: HttpRequest,
	data: SignInCredentialData,
): Promise<RenewedTokens> {
	const key = flightKey(data);
	const pending = inFlight.get(key);
	if (pending) return await pending;
	const run = (async () => mint(new FrontendApi(httpRequest, data), data))();
	inFlight.set(key, run);
	try {
		return await run;
	} finally {
		inFlight.delete(key);
	}
}

/**
 * Session tokens this n8n process has obtained itself (by hash), timed on this machine's clock:
 * when it received the token and how long it may be used (its lifetime minus the renewal
 * margin). For these the local clock decides, not `exp` against the local clock, so a clock that
 * is off does not make n8n renew on every request; and the first use right after a renewal always
 * goes out, so a short-lived token on a busy machine cannot make a renewal fail (WatchCollect
 * decides, and a 401 gets the usual message).
 */
interface MintedHere {
	usableUntil: number;
	firstUse: boolean;
}
const mintedHere = new Map<string, MintedHere>();

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function rememberMinted(token: string) {
	const now = Date.now();
	for (const [hash, entry] of mintedHere) {
		if (entry.usableUntil < now - 120_000) mintedHere.delete(hash);
	}
	const lifetime = jwtLifetimeSeconds(readJwtClaims(token)) ?? 60;
	const usable = lifetime - renewalMarginSeconds(lifetime);
	mintedHere.set(tokenHash(token), { usableUntil: now + usable * 1000, firstUse: true });
}

/**
 * Whether the stored session token must be renewed before it is sent: see
 * sessionTokenNeedsRenewal for a token from elsewhere (another n8n process, or the database after
 * a restart), and MintedHere for one this process obtained.
 */
export function tokenNeedsRenewal(token: string, nowMs: number = Date.now()): boolean {
	if (token === '') return true;
	const entry = mintedHere.get(tokenHash(token));
	if (!entry) return sessionTokenNeedsRenewal(token, nowMs);
	if (entry.firstUse) {
		entry.firstUse = false;
		return false;
	}
	return nowMs >= entry.usableUntil;
}
