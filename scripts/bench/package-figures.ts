/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- benchmark tooling: runs n8n as a child process on the test machine, never inside n8n */
/** The package's figures: what the tarball ships, and how long the node takes to `require`. */
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import { provisionN8n } from '../../test/support/n8n';
import { REQUIRE_SAMPLES, fail, median } from './common';

// ---------------------------------------------------------------------------------------------
// Package figures

/** What a community node package should ship; anything else in the tarball is reported. */
export const EXPECTED_IN_TARBALL = [
	/^package\/(package\.json|LICENSE(\.md)?|README\.md|CHANGELOG\.md)$/,
	/^package\/dist\/package\.json$/,
	/^package\/dist\/(nodes|credentials)\//,
];

export interface TarEntry {
	path: string;
	bytes: number;
}

export function tarballEntries(tarball: string): TarEntry[] {
	return execFileSync('tar', ['tzvf', tarball], { encoding: 'utf8' })
		.split('\n')
		.map((line) => line.trim().split(/\s+/))
		.filter((cols) => cols.length >= 6 && !cols[0].startsWith('d'))
		.map((cols) => ({ bytes: Number(cols[2]), path: cols.slice(5).join(' ') }));
}

export interface RequireFigures {
	/** The node module alone, with n8n-workflow and zod already loaded (as inside n8n). */
	moduleMs: number;
	/** n8n-workflow and zod, loaded first in the same fresh process. */
	dependenciesMs: number;
	samples: Array<{ moduleMs: number; dependenciesMs: number }>;
}

/**
 * Fresh Node 24 processes that resolve bare imports from n8n's node_modules (NODE_PATH) and
 * require the installed node module; proves the packed node loads with n8n's own modules.
 */
export function measureRequire(nodeModule: string): RequireFigures {
	const { node, dir } = provisionN8n();
	const n8nModules = path.join(dir, 'n8n', 'node_modules');
	const script = `
const path = require('node:path');
const ns = (a, b) => Number(b - a) / 1e6;
const t0 = process.hrtime.bigint();
require('n8n-workflow');
require('zod');
const t1 = process.hrtime.bigint();
const mod = require(process.argv[1]);
const t2 = process.hrtime.bigint();
if (typeof mod.WatchCollect !== 'function' || new mod.WatchCollect().description.name !== 'watchCollect') {
	throw new Error('the module does not export the WatchCollect node');
}
const foreign = Object.keys(require.cache).filter(
	(f) => !f.startsWith(process.argv[2] + path.sep) && !f.startsWith(path.dirname(path.dirname(process.argv[1]))),
);
if (foreign.length) throw new Error('modules loaded from outside n8n and the package: ' + foreign.slice(0, 5).join(', '));
process.stdout.write(JSON.stringify({ dependenciesMs: ns(t0, t1), moduleMs: ns(t1, t2) }));
`;
	const samples: RequireFigures['samples'] = [];
	for (let i = 0; i < REQUIRE_SAMPLES; i++) {
		const child = spawnSync(node, ['-e', script, nodeModule, n8nModules], {
			encoding: 'utf8',
			timeout: 60_000,
			// a neutral directory: nothing may resolve from this repository's node_modules
			cwd: os.tmpdir(),
			env: { PATH: process.env.PATH ?? '', NODE_PATH: n8nModules, NODE_OPTIONS: '' },
		});
		if (child.status !== 0) {
			fail(
				`require of the packed node failed (${child.status ?? child.signal}):\n${child.stderr}${child.error?.message ?? ''}`,
			);
		}
		samples.push(JSON.parse(child.stdout) as RequireFigures['samples'][number]);
	}
	return {
		moduleMs: median(samples.map((s) => s.moduleMs)),
		dependenciesMs: median(samples.map((s) => s.dependenciesMs)),
		samples,
	};
}
