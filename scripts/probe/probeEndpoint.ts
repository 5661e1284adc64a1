/**
 * Running one endpoint: the request, timed, then whether the node reads the answer (its own
 * schema) and how it differs from the documentation. A failure becomes a note without a token.
 */
import { z } from 'zod';

import { readAnswer } from '../../nodes/WatchCollect/helpers/answer';
import { scrubSecrets } from '../../nodes/WatchCollect/transport/clerk';
import { summarise } from './differences';
import type { Endpoint } from './endpoints';
import { errorWords, send, type RawResponse } from './http';
import type { EndpointResult } from './types';

export async function probeEndpoint(
	endpoint: Endpoint,
	baseUrl: string,
	token: string,
	timeoutMs: number,
	secrets: string[],
): Promise<EndpointResult> {
	const query = endpoint.qs ? `?${new URLSearchParams(endpoint.qs).toString()}` : '';
	const result: EndpointResult = {
		method: endpoint.method,
		path: `${endpoint.path}${query}`,
		evidence: endpoint.evidence,
		status: 0,
		ms: 0,
		nodeReads: false,
		note: '',
		differences: [],
	};
	const headers: Record<string, string> = {
		Accept: 'application/json',
		Authorization: `Bearer ${token}`,
	};
	if (endpoint.body) headers['Content-Type'] = 'application/json';
	const started = Date.now();
	let raw: RawResponse;
	try {
		raw = await send(
			endpoint.method,
			`${baseUrl}${endpoint.path}${query}`,
			headers,
			endpoint.body ? JSON.stringify(endpoint.body) : undefined,
			timeoutMs,
		);
	} catch (error) {
		result.ms = Date.now() - started;
		const e = error as Error & { cause?: { code?: string } };
		result.note = scrubSecrets(
			`no answer: ${e.name === 'TimeoutError' ? `none within ${timeoutMs} ms` : (e.cause?.code ?? e.message)}`,
			secrets,
		);
		return result;
	}
	result.ms = Date.now() - started;
	result.status = raw.status;
	if (raw.status < 200 || raw.status > 299) {
		const words = errorWords(raw.text);
		const requestId = raw.headers['x-request-id'];
		result.note = scrubSecrets(
			`HTTP ${raw.status}${words ? ` (${words})` : ''}${requestId ? ` [request ID: ${requestId}]` : ''}`,
			secrets,
		);
		return result;
	}
	let body: unknown;
	try {
		body = JSON.parse(raw.text);
	} catch {
		result.note = `the answer is not JSON (content-type: ${raw.headers['content-type'] ?? 'none'}, ${raw.text.length} characters)`;
		return result;
	}
	const reading = readAnswer(
		body,
		{ needs: endpoint.needs ?? z.unknown(), documented: endpoint.documented(body) },
		{ showValues: false },
	);
	result.differences = summarise(reading.differences, body);
	if (!endpoint.needs) {
		result.nodeReads = undefined;
		result.note = 'this version of the node has no schema for this answer';
	} else if (reading.ok) {
		result.nodeReads = true;
		result.note = endpoint.count ? endpoint.count(reading.value) : 'read';
	} else {
		result.nodeReads = false;
		result.note = `the node cannot read it: ${scrubSecrets(reading.problem, secrets).slice(0, 300)}`;
	}
	return result;
}
