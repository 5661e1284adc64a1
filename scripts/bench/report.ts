/* eslint-disable @n8n/community-nodes/no-restricted-imports -- benchmark tooling: runs n8n as a child process on the test machine, never inside n8n */
/** The benchmark's report: the summary lines and test-results/bench.json. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { OUT_FILE, median, round, write, type First } from './common';
import type { RateLimitedFigures, RunFigures } from './measure';
import type { RequireFigures, TarEntry } from './package-figures';

export interface ReportInput {
	started: number;
	n8nVersion: string;
	nodeVersion: string;
	items: number;
	batchSize: number;
	rateLimit: number;
	figures: RunFigures[];
	rateLimited: RateLimitedFigures[];
	requireFigures: RequireFigures;
	tarball: string;
	tarballBytes: number;
	tarballFiles: number;
	unexpected: TarEntry[];
	runtimeDeps: string[];
}

export function writeReport(r: ReportInput): void {
	const wcMedian = median(r.figures.map((f) => f.watchCollectMs));
	const httpMedian = median(r.figures.map((f) => f.httpRequestMs));
	const ratio = wcMedian / httpMedian;
	const qrImageMedian = median(r.figures.map((f) => f.qrImageMs));
	/** What the QR image adds per item: same executions, same items, image on minus off. */
	const qrImagePerItemMs = (qrImageMedian - wcMedian) / r.items;
	const rateLimitedMedian = median(r.rateLimited.map((f) => f.watchCollectMs));
	/** The first `rateLimit` requests go at once, then `rateLimit` per second. */
	const idealMs = (Math.max(0, r.items - r.rateLimit) / r.rateLimit) * 1000;
	write(
		`QR image: ${round(qrImageMedian)} ms with it vs ${round(wcMedian)} ms without for ${r.items} items: ${qrImagePerItemMs.toFixed(2)} ms per item (medians)`,
	);
	write(
		`rate-limited: ${r.items} items at ${r.rateLimit}/s in ${round(rateLimitedMedian)} ms (median of ${r.rateLimited.length}), ideal ${round(idealMs)} ms, ratio ${(rateLimitedMedian / idealMs).toFixed(2)}, 0 failed items`,
	);
	// first use in a process: each node's 1-item warm-up when it was the very first of the two
	const firstUse = (which: First) =>
		median(
			r.figures.flatMap((f) =>
				f.executions
					.filter((e) => e.first === which)
					.map((e) => e.warmup[which === 'watchCollect' ? 'watchCollectMs' : 'httpRequestMs']),
			),
		);
	const firstUseWc = firstUse('watchCollect');
	const firstUseHttp = firstUse('httpRequest');
	write(
		`first use in a fresh n8n process (warm-up, 1 item, node ran first): WatchCollect ${round(firstUseWc)} ms, HTTP Request ${round(firstUseHttp)} ms (medians)`,
	);
	const tarballKb = (r.tarballBytes / 1024).toFixed(1);
	const requireMs =
		r.requireFigures.moduleMs < 10
			? r.requireFigures.moduleMs.toFixed(1)
			: r.requireFigures.moduleMs.toFixed(0);

	fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
	fs.writeFileSync(
		OUT_FILE,
		`${JSON.stringify(
			{
				date: new Date().toISOString(),
				n8n: r.n8nVersion,
				node: r.nodeVersion,
				machine: {
					cpus: os.cpus().length,
					cpu: os.cpus()[0]?.model,
					platform: `${os.platform()} ${os.arch()}`,
				},
				items: r.items,
				runs: r.figures.map((f) => ({
					...f,
					watchCollectMs: round(f.watchCollectMs, 1),
					httpRequestMs: round(f.httpRequestMs, 1),
					ratio: round(f.ratio, 3),
				})),
				batchSize: r.batchSize,
				qrImage: {
					withImageMs: round(qrImageMedian, 1),
					withoutImageMs: round(wcMedian, 1),
					perItemMs: round(qrImagePerItemMs, 2),
				},
				rateLimited: {
					perSecond: r.rateLimit,
					runs: r.rateLimited,
					medianMs: round(rateLimitedMedian, 1),
					idealMs: round(idealMs, 1),
					ratio: round(rateLimitedMedian / idealMs, 3),
				},
				median: {
					watchCollectMs: round(wcMedian, 1),
					httpRequestMs: round(httpMedian, 1),
					ratio: round(ratio, 3),
					ratioOfRuns: round(median(r.figures.map((f) => f.ratio)), 3),
				},
				firstUse: { watchCollectMs: firstUseWc, httpRequestMs: firstUseHttp, items: 1 },
				tarball: {
					file: path.basename(r.tarball),
					bytes: r.tarballBytes,
					kb: Number(tarballKb),
					files: r.tarballFiles,
					unexpectedFiles: r.unexpected,
				},
				runtimeDependencies: r.runtimeDeps,
				require: {
					moduleMs: round(r.requireFigures.moduleMs, 1),
					dependenciesMs: round(r.requireFigures.dependenciesMs, 1),
					samples: r.requireFigures.samples.map((s) => ({
						moduleMs: round(s.moduleMs, 1),
						dependenciesMs: round(s.dependenciesMs, 1),
					})),
				},
				benchSeconds: round((Date.now() - r.started) / 1000, 1),
			},
			null,
			2,
		)}\n`,
	);

	write(
		`bench: tarball ${tarballKb} KB, runtime deps ${r.runtimeDeps.length}, require ${requireMs} ms, ${r.items} items, QR image off: WatchCollect (Batching ${r.batchSize}) ${round(wcMedian)} ms vs HTTP Request ${round(httpMedian)} ms (median of ${r.figures.length} runs × both branch orders), QR image +${qrImagePerItemMs.toFixed(2)} ms/item, rate-limited ${round(rateLimitedMedian)} ms vs ideal ${round(idealMs)} ms, ratio ${ratio.toFixed(2)}`,
	);
}
