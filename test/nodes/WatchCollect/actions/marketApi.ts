/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- test code runs in Node, not inside n8n: a hand-made API on loopback, reading JSON it made */
/**
 * A stand-in for WatchCollect's market and classification endpoints, written from the contract's
 * examples (not from the node): it records every request and answers with cursor pages of
 * listings, reference aggregates, facets and classifications, and WriteAcks for corrections.
 * Each route can be replaced per test (odd answers: nulls, extra fields, unknown values, other
 * envelopes). It does not filter: the tests check the bodies the node sends. The filtering
 * itself is the simulator's market module's job.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSimulator, type Simulator } from '../../../simulator/simulator';
import { runWatchCollect, type RunOptions } from '../../../support/execute-workflow';

export interface Recorded {
	method: string;
	path: string;
	query: Record<string, string>;
	body: any;
	authorization?: string;
	contentType?: string;
}

export interface Reply {
	/** 0: no answer at all (the connection is closed) */
	status: number;
	body?: unknown;
}

export type Route = (request: Recorded) => Reply;

export const TOKEN = 'market-test-token';
const uuid = (n: number, prefix = '7c1e') =>
	`${prefix}${String(n).padStart(4, '0')}-1a2b-4c3d-8e4f-${String(n).padStart(12, '0')}`;

/** A listing shaped like the contract's MarketListing example. */
export function listing(n: number, overrides: Record<string, unknown> = {}) {
	const priceMinor = 1_000_000 + n * 10_000;
	return {
		id: uuid(n),
		classified_watch_id: uuid(n, 'aa00'),
		classification_id: uuid(n, 'cc00'),
		watch_index: 0,
		full_set_status: ['box', 'papers'],
		sender: {
			contact_id: uuid(n, 'bb00'),
			phone_number: '31612345678',
			lid: '',
			display_name: 'Dealer',
			country_prefix: '31',
		},
		source: {
			canonical_message_id: uuid(n, 'dd00'),
			message_timestamp_ms: 1_777_800_000_000 - n * 60_000,
			group_ids: [uuid(1, 'ee00')],
			group_names: ['Rolex Dealers NL'],
			occurrence_count: 1,
			first_seen_at_ms: 1_777_800_000_000 - n * 60_000,
			last_seen_at_ms: 1_777_800_000_000 - n * 60_000,
			has_media: false,
			is_duplicate: false,
			is_hidden: false,
			is_revoked: false,
			message_text: 'Rolex 126610LN full set',
		},
		created_at_ms: 1_777_800_000_000 - n * 60_000,
		updated_at_ms: 1_777_800_000_000 - n * 60_000,
		brand: 'Rolex',
		model: 'Submariner',
		reference: '126610LN',
		year: 2023,
		price: { amount_minor: priceMinor, currency: 'EUR' },
		display_price: { amount_minor: priceMinor, currency: 'EUR' },
		price_eur_minor: priceMinor,
		dial_type: 'Black',
		variant: 'Date',
		price_indicator: {
			comparable_count: 12,
			median_price_eur_minor: 1_200_000,
			delta_eur_minor: priceMinor - 1_200_000,
			delta_percent: Math.round(((priceMinor - 1_200_000) / 1_200_000) * 1000) / 10,
		},
		...overrides,
	};
}

/** A reference aggregate shaped like the contract's ReferenceAggregate. */
export function aggregate(n: number, overrides: Record<string, unknown> = {}) {
	return {
		brand: 'Rolex',
		reference: `12661${n}LN`,
		listing_count: 10 + n,
		for_sale_count: 8 + n,
		want_to_buy_count: 2,
		conditions: ['NEW'],
		dial_types: ['Black'],
		variants: [],
		model: 'Submariner',
		min_price_eur_minor: 1_100_000,
		max_price_eur_minor: 1_500_000,
		avg_price_eur_minor: 1_295_050,
		median_price_eur_minor: 1_295_000,
		display_median_price: { amount_minor: 1_400_000, currency: 'USD' },
		...overrides,
	};
}

export const FACETS = {
	brands: [
		{ value: 'Rolex', count: 120 },
		{ value: 'Patek Philippe', count: 30 },
	],
	conditions: [{ value: 'NEW', count: 80 }],
	dial_types: [{ value: 'Wimbledon', count: 4 }],
	variants: [{ value: 'Jubilee', count: 9 }],
	full_set_status: [{ value: 'full_set', count: 50 }],
	country_codes: [{ value: '31', count: 70 }],
	groups: [{ value: uuid(1, 'ee00'), count: 60 }],
	years: [{ value: 2023, count: 40 }],
	price_range: { currency: 'EUR', min_minor: 450_000, max_minor: 25_000_050 },
};

export function classification(n: number, overrides: Record<string, unknown> = {}) {
	const watches = [{ brand: 'Rolex', model: 'Submariner', reference: '126610LN', year: '2023' }];
	return {
		id: uuid(n, 'cc00'),
		canonical_message_id: uuid(n, 'dd00'),
		classification_job_id: uuid(n, 'ff00'),
		watches,
		legacy_output: { watches },
		normalized_output: { watches },
		completed_at_ms: 1_777_800_000_000,
		created_at_ms: 1_777_800_000_000,
		...overrides,
	};
}

/** Cursor pages over `all`: the cursor is the next index, `page_size` as asked (default 50). */
export function pageOf<T>(
	all: T[],
	request: Recorded,
	envelope: 'market' | 'classifications' = 'market',
	maxPageSize = 200,
) {
	const source = request.method === 'GET' ? request.query : (request.body ?? {});
	const size = Math.min(maxPageSize, Number(source.page_size ?? 50));
	const start = source.cursor === undefined ? 0 : Number(source.cursor);
	const items = all.slice(start, start + size);
	const more = start + size < all.length;
	const next = more ? String(start + size) : null;
	if (envelope === 'classifications') return { items, next_cursor: next };
	return { items, has_more: more, total: all.length, next_cursor: next };
}

export interface MarketApi {
	url: string;
	requests: Recorded[];
	routes: Record<string, Route>;
	/** Most items a page holds, whatever page_size asks (to force several pages). */
	maxPageSize: number;
	data: { listings: unknown[]; aggregates: unknown[]; classifications: unknown[] };
	reset(): void;
	close(): Promise<void>;
}

function defaultRoutes(api: MarketApi): Record<string, Route> {
	return {
		'POST /v2/market/listings/search': (r) => ({
			status: 200,
			body: pageOf(api.data.listings, r, 'market', api.maxPageSize),
		}),
		'POST /v2/market/live-feed/search': (r) => ({
			status: 200,
			body: pageOf(
				api.data.listings.filter((l: any) => (l.price_indicator?.delta_percent ?? 0) < 0),
				r,
				'market',
				api.maxPageSize,
			),
		}),
		'POST /v2/market/references/search': (r) => ({
			status: 200,
			body: pageOf(api.data.aggregates, r, 'market', api.maxPageSize),
		}),
		'POST /v2/market/facets': () => ({ status: 200, body: FACETS }),
		'GET /v2/market/listings/:id': (r) => {
			const found = api.data.listings.find((l: any) => r.path.endsWith(`/${l.id}`));
			return found
				? { status: 200, body: found }
				: {
						status: 404,
						body: { error: { code: 'NOT_FOUND', message: 'No listing has this id.' } },
					};
		},
		'GET /v2/classifications': (r) => ({
			status: 200,
			body: pageOf(api.data.classifications, r, 'classifications', api.maxPageSize),
		}),
		'GET /v2/classifications/:id': (r) => {
			const found = api.data.classifications.find((c: any) => r.path.endsWith(`/${c.id}`));
			return found
				? { status: 200, body: found }
				: {
						status: 404,
						body: { error: { code: 'NOT_FOUND', message: 'No classification has this id.' } },
					};
		},
		'POST /v2/classifications/:id/corrections': () => ({
			status: 200,
			body: {
				status: 'accepted',
				event_ids: ['0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3'],
				request_id: 'req_correction_1',
				resource_id: null,
			},
		}),
	};
}

function routeKey(method: string, path: string): string {
	const p = path
		.replace(/^\/v2\/market\/listings\/(?!search$)[^/]+$/, '/v2/market/listings/:id')
		.replace(/^\/v2\/classifications\/[^/]+\/corrections$/, '/v2/classifications/:id/corrections')
		.replace(/^\/v2\/classifications\/[^/]+$/, '/v2/classifications/:id');
	return `${method} ${p}`;
}

export async function startMarketApi(): Promise<MarketApi> {
	const api = {
		url: '',
		requests: [] as Recorded[],
		routes: {} as Record<string, Route>,
		data: { listings: [], aggregates: [], classifications: [] },
	} as unknown as MarketApi;
	api.reset = () => {
		api.requests.length = 0;
		api.maxPageSize = 200;
		api.data = {
			listings: Array.from({ length: 7 }, (_, n) => listing(n + 1)),
			aggregates: Array.from({ length: 3 }, (_, n) => aggregate(n + 1)),
			classifications: Array.from({ length: 5 }, (_, n) => classification(n + 1)),
		};
		api.routes = defaultRoutes(api);
	};
	api.reset();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://localhost');
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: unknown = null;
			try {
				body = raw ? JSON.parse(raw) : null;
			} catch {
				body = raw;
			}
			const record: Recorded = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				body,
				authorization: req.headers.authorization,
				contentType: req.headers['content-type'],
			};
			api.requests.push(record);
			let reply: Reply;
			if (req.headers.authorization !== `Bearer ${TOKEN}`) {
				reply = { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'Bad token.' } } };
			} else {
				const route = api.routes[routeKey(record.method, record.path)];
				reply = route
					? route(record)
					: { status: 404, body: { error: { code: 'NOT_FOUND', message: 'No such route.' } } };
			}
			if (reply.status === 0) {
				// the answer is lost: the connection closes without one
				res.socket?.destroy();
				return;
			}
			const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
			res.writeHead(reply.status, {
				...(payload ? { 'content-type': 'application/json' } : {}),
				'content-length': String(Buffer.byteLength(payload)),
			});
			res.end(payload);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	api.close = async () => {
		server.closeAllConnections?.();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return api;
}

/**
 * A market test file's servers: this stand-in and the simulator, started once for the file and
 * reset before each test. `run` goes to the stand-in (or to `baseUrl` with `accessToken`),
 * `runSim` to the simulator with its valid token.
 */
export function marketServers() {
	const servers = {} as { api: MarketApi; sim: Simulator };
	beforeAll(async () => {
		servers.api = await startMarketApi();
		servers.sim = await startSimulator();
	});
	afterAll(async () => {
		await servers.api.close();
		await servers.sim.close();
	});
	beforeEach(() => {
		servers.api.reset();
		servers.sim.reset();
	});
	const run = (
		options: Omit<RunOptions, 'credentials'>,
		baseUrl = servers.api.url,
		accessToken = TOKEN,
	) => runWatchCollect({ ...options, credentials: { accessToken, baseUrl } });
	const runSim = (options: Omit<RunOptions, 'credentials'>) =>
		run(options, servers.sim.url, 'sim-valid-token');
	return { servers, run, runSim };
}
