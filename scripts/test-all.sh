#!/usr/bin/env bash
# The whole test suite: type-check the tests, build, then every jest project (unit, e2e in a real n8n,
# browser, queue mode), then the e2e fixtures once more against the n8n 1.x line.
# Provisions what the real-n8n tests need (Node 24 + pinned n8n 2.x and 1.x, each cached outside the
# repo; Chromium, Redis and PostgreSQL from Debian).
# Arguments go to the first jest run; with arguments the 1.x run is skipped (a filtered run).
# WATCHCOLLECT_N8N1_VERSION picks the 1.x version (empty: skip the 1.x run).
set -euo pipefail
cd "$(dirname "$0")/.."
N8N1="${WATCHCOLLECT_N8N1_VERSION-1.123.81}"
if [ "$#" -gt 0 ]; then N8N1=; fi
npx tsc -p tsconfig.test.json
npm run build
bash scripts/provision-n8n.sh >/dev/null
if [ -n "$N8N1" ]; then N8N_VERSION="$N8N1" bash scripts/provision-n8n.sh >/dev/null; fi
bash scripts/provision-queue.sh >/dev/null
bash scripts/install-chromium.sh
mkdir -p test-results
rm -f test-results/jest.json test-results/jest-n8n1.json
status=0
npx jest --ci --runInBand --json --outputFile=test-results/jest.json "$@" || status=$?
if [ -n "$N8N1" ]; then
	echo "[test-all] the e2e fixtures against n8n $N8N1" >&2
	# Not the trigger test: on 1.x the poll after a failed one does not emit the messages that
	# arrived before the failure (README › Compatibility) — a known difference, not a flake.
	N8N_VERSION="$N8N1" npx jest --ci --runInBand --selectProjects e2e --json \
		--testPathIgnorePatterns=/node_modules/ --testPathIgnorePatterns=test/e2e/trigger.test.ts \
		--outputFile=test-results/jest-n8n1.json || status=$?
fi
# one plain closing line with the counts of both runs
node -e "
const fs = require('fs');
const runs = ['test-results/jest.json', 'test-results/jest-n8n1.json'].filter((f) => fs.existsSync(f)).map((f) => require('./' + f));
const sum = (k) => runs.reduce((t, r) => t + r[k], 0);
console.log('jest: ' + sum('numPassedTests') + ' passed, ' + sum('numFailedTests') + ' failed' + (sum('numPendingTests') ? ', ' + sum('numPendingTests') + ' skipped' : ''));
" || true
exit "$status"
