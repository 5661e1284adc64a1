/**
 * The node's transport, by job: request.ts (the one request function and the credential choice),
 * errors.ts (status → message catalogue, API and transport failures), redact.ts (secret
 * scrubbing), jwt.ts (reading a token's claims), credentials.ts (the credentials' shared Base URL,
 * token form and test request), clerk.ts (the Sign-In credential's token renewal). This barrel keeps the names
 * the operations import from '../../transport'.
 */
export { DEFAULT_BASE_URL, normaliseBaseUrl, normaliseToken } from './credentials';
export { readErrorBody, retryAfterSeconds } from './errors';
export { jwtExpiredAt } from './jwt';
export { redact } from './redact';
export {
	CREDENTIAL_TYPES,
	DEFAULT_TIMEOUT_MS,
	SIGN_IN_CREDENTIAL_TYPE,
	credentialType,
	watchCollectApiRequest,
	watchCollectApiResponse,
	type WatchCollectRequest,
	type WatchCollectResponse,
} from './request';
