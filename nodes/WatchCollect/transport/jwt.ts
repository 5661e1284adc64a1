/**
 * Reading (never verifying) the claims of a JWT: WatchCollect's session tokens are Clerk session
 * JWTs, and the node only needs their times (`exp`, `iat`) and issuer (`iss`). The signature is
 * WatchCollect's business; nothing here trusts a claim for anything but timing and hints.
 */

export interface JwtClaims {
	iss?: string;
	sid?: string;
	sub?: string;
	exp?: number;
	iat?: number;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Any JWT inside a text (used to scrub error texts, whatever token they might carry). */
export const JWT_IN_TEXT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

export function looksLikeJwt(value: unknown): value is string {
	return typeof value === 'string' && JWT_SHAPE.test(value.trim());
}

/** The payload of a JWT, or undefined when the value is not a JWT with a JSON payload. */
export function readJwtClaims(token: unknown): JwtClaims | undefined {
	if (!looksLikeJwt(token)) return undefined;
	try {
		const payload = JSON.parse(
			Buffer.from(token.trim().split('.')[1], 'base64url').toString('utf8'),
		) as unknown;
		if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
		const p = payload as Record<string, unknown>;
		const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
		const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
		return { iss: str(p.iss), sid: str(p.sid), sub: str(p.sub), exp: num(p.exp), iat: num(p.iat) };
	} catch {
		return undefined;
	}
}

/** When a JWT's `exp` lies in the past, the moment it expired (the token itself is never shown). */
export function jwtExpiredAt(token: unknown, now: Date = new Date()): Date | undefined {
	const exp = readJwtClaims(token)?.exp;
	if (exp === undefined) return undefined;
	const expiry = new Date(exp * 1000);
	return expiry.getTime() <= now.getTime() ? expiry : undefined;
}

/** How long the token was meant to live (`exp - iat`), in seconds. */
export function jwtLifetimeSeconds(claims: JwtClaims | undefined): number | undefined {
	if (claims?.exp === undefined || claims.iat === undefined) return undefined;
	const lifetime = claims.exp - claims.iat;
	return lifetime > 0 ? lifetime : undefined;
}

/** "1 minute", "5 minutes", "3 seconds": a lifetime in words. */
export function describeLifetime(seconds: number): string {
	if (seconds < 120) {
		const s = Math.round(seconds);
		return s === 60 ? '1 minute' : `${s} second${s === 1 ? '' : 's'}`;
	}
	const m = Math.round(seconds / 60);
	return `${m} minutes`;
}

/**
 * Whether a session token must be renewed before it is sent: it is empty, not a JWT with `exp`,
 * or expires within the safety margin (10 s, like Clerk's Android SDK, but at most half the
 * token's lifetime so a freshly minted short-lived token is never renewed at once).
 */
export function sessionTokenNeedsRenewal(token: unknown, nowMs: number = Date.now()): boolean {
	const claims = readJwtClaims(token);
	if (claims?.exp === undefined) return true;
	const lifetime = jwtLifetimeSeconds(claims) ?? 60;
	return claims.exp - renewalMarginSeconds(lifetime) <= nowMs / 1000;
}

/** How long before its end a token counts as expired: 10 s, at most half its lifetime. */
export function renewalMarginSeconds(lifetimeSeconds: number): number {
	return Math.min(10, lifetimeSeconds / 2);
}
