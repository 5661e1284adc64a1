/**
 * The probe's configuration and report: what `npm run probe` takes, and what it writes (as text
 * by ./report.ts, or as JSON with --json).
 */
import type { Difference as AnswerDifference } from '../../nodes/WatchCollect/helpers/answer';

export interface ProbeConfig {
	baseUrl: string;
	/** Access Token credential: the token as WatchCollect takes it. */
	token?: string;
	/** Sign-In credential: renew a session token through Clerk's Frontend API first. */
	signIn?: {
		clientToken: string;
		frontendApiUrl: string;
		clerkSessionId?: string;
		sendClientAs?: 'header' | 'cookie';
	};
	timeoutMs?: number;
}

export type DifferenceKind = AnswerDifference['kind'];

/** One difference from the documentation, for all places it occurs (`items[]` = every item). */
export interface Difference {
	kind: DifferenceKind;
	/** the field, array positions written `[]` */
	path: string;
	/** true when the node and the documentation both accept it (a null for an optional field) */
	accepted: boolean;
	/** how many places of the answer showed it */
	count: number;
	/** the node's own sentence for the first place (helpers/answer.ts, values never shown) */
	message: string;
	/** for an unknown value of an enum-like field: that value, when it is a short word */
	value?: string;
}

export interface EndpointResult {
	method: 'GET' | 'POST';
	path: string;
	evidence: string;
	/** HTTP status; 0 when no answer came (network error, timeout) */
	status: number;
	ms: number;
	/** whether the node reads the answer; undefined when the node has no schema for it */
	nodeReads: boolean | undefined;
	/** what the node made of it (items read) or why it could not read it */
	note: string;
	differences: Difference[];
}

export interface ProbeReport {
	baseUrl: string;
	credential: 'Access Token' | 'Sign-In';
	renewal?: { status: 'renewed' | 'failed'; ms: number; note: string };
	results: EndpointResult[];
	/** true when every answer was read by the node */
	ok: boolean;
}
