/**
 * The probe's requests, over fetch: one request with a timeout and no redirects, the
 * `httpRequest` the node's Clerk client expects, the base URL and token as the node cleans them,
 * and the words of an API error answer (its code and message, never more than 200 characters).
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

export interface RawResponse {
	status: number;
	headers: Record<string, string>;
	text: string;
}

export async function send(
	method: string,
	url: string,
	headers: Record<string, string>,
	body: string | undefined,
	timeoutMs: number,
): Promise<RawResponse> {
	const response = await fetch(url, {
		method,
		headers,
		body,
		signal: AbortSignal.timeout(timeoutMs),
		redirect: 'manual',
	});
	const out: Record<string, string> = {};
	response.headers.forEach((value, key) => {
		out[key.toLowerCase()] = value;
	});
	return { status: response.status, headers: out, text: await response.text() };
}

/** The `httpRequest` the node's Clerk client expects, over fetch (only what clerk.ts uses). */
export function clerkHttpRequest(timeoutMs: number) {
	return async (options: IHttpRequestOptions): Promise<unknown> => {
		const url = new URL(options.url);
		for (const [key, value] of Object.entries(options.qs ?? {})) {
			url.searchParams.set(key, String(value));
		}
		const raw = await send(
			options.method ?? 'GET',
			url.toString(),
			(options.headers ?? {}) as Record<string, string>,
			options.method === 'POST' ? String(options.body ?? '') : undefined,
			options.timeout ?? timeoutMs,
		);
		return { statusCode: raw.status, headers: raw.headers, body: raw.text };
	};
}

/** Base URL as the node treats it: trimmed, without trailing slashes or a trailing /v2. */
export function normaliseBaseUrl(value: string): string {
	return value.trim().replace(/\/+$/, '').replace(/\/v2$/, '');
}

/** A token as pasted: without surrounding spaces or a leading "Bearer ". */
export function cleanToken(value: string): string {
	return value.trim().replace(/^bearer\s+/i, '');
}

export function errorWords(text: string): string {
	try {
		const body = JSON.parse(text) as Record<string, unknown>;
		const error = body.error as Record<string, unknown> | string | undefined;
		const code = typeof error === 'object' && error ? error.code : undefined;
		const message =
			(typeof error === 'object' && error ? error.message : undefined) ??
			body.message ??
			body.detail ??
			(typeof error === 'string' ? error : undefined);
		return [code, message]
			.filter((v) => typeof v === 'string' && v !== '')
			.join(': ')
			.slice(0, 200);
	} catch {
		return '';
	}
}
