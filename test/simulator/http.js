// @ts-check
'use strict';
/**
 * The HTTP layer: reading a request body, writing a reply (every answer carries x-request-id),
 * and a server that keeps track of its sockets so close() never hangs.
 */
const http = require('node:http');

const { isObject } = require('./common');

/** @typedef {import('./common').Reply} Reply */

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Writes a reply: a string body as is, anything else as JSON; an error body gets the request_id
 * that the x-request-id header carries.
 * @param {http.ServerResponse} res @param {Reply} reply @param {string} requestId
 */
function send(res, reply, requestId) {
	if (res.destroyed || res.writableEnded) return;
	/** @type {Record<string, string>} */
	const headers = { ...reply.headers, 'x-request-id': requestId };
	let payload = '';
	if (typeof reply.body === 'string') {
		payload = reply.body;
	} else if (reply.body !== null) {
		const isError = isObject(reply.body) && 'error' in reply.body;
		payload = JSON.stringify(isError ? { ...reply.body, request_id: requestId } : reply.body);
		headers['content-type'] = 'application/json; charset=utf-8';
	}
	res.writeHead(reply.status, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
	res.end(payload);
}

/**
 * Reads the whole body as UTF-8 text, keeping at most MAX_BODY_BYTES.
 * @param {http.IncomingMessage} req @returns {Promise<{ raw: string, tooLarge: boolean }>}
 */
function readBody(req) {
	return new Promise((resolve) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		const done = () => {
			const tooLarge = size > MAX_BODY_BYTES;
			resolve({ raw: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge });
		};
		req.on('end', done);
		req.on('error', done);
		req.on('close', done);
	});
}

/**
 * Parses a JSON body: the value, or the raw string with notJson when it is not JSON; null when empty.
 * @param {string} raw @returns {{ body: any, notJson: boolean }}
 */
function parseBody(raw) {
	if (raw.length === 0) return { body: null, notJson: false };
	try {
		return { body: JSON.parse(raw), notJson: false };
	} catch {
		return { body: raw, notJson: true };
	}
}

/** @param {URLSearchParams} params @returns {Record<string, string | string[]>} */
function queryObject(params) {
	/** @type {Record<string, string | string[]>} */
	const query = {};
	for (const [k, v] of params) {
		const prev = query[k];
		query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
	}
	return query;
}

/**
 * Starts an HTTP server on host:port (0: a free port). close() destroys the open sockets.
 * @param {string} host @param {number} port
 * @param {(req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>} handle
 * @param {(res: http.ServerResponse, error: unknown) => void} onError a handler that threw
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
async function listen(host, port, handle, onError) {
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();
	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => onError(res, error));
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = server.address();
	const bound = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
		port: bound,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			}),
	};
}

module.exports = { send, readBody, parseBody, queryObject, listen, MAX_BODY_BYTES };
