#!/usr/bin/env bash
# The whole test suite: type-check the tests, build, then every jest project (unit, e2e in a real n8n,
# browser, queue mode), then the e2e fixtures once more against the n8n 1.x line.
# Provisions what the real-n8n tests need (Node 24 + pinned n8n 2.x and 1.x, each cached outside the
# repo; from Debian: Chromium, Redis, PostgreSQL, and the sqlite3 and tar command-line tools).
# System tools the tests call (declared here, installed by the provisioning scripts below):
#   bash, tar, sqlite3 (provision-tools.sh), chromium (install-chromium.sh),
#   redis-server, initdb/postgres/psql (provision-queue.sh); Node 24 + n8n (provision-n8n.sh).
# Arguments go to the first jest run; with arguments the 1.x run is skipped (a filtered run).
# WATCHCOLLECT_N8N1_VERSION picks the 1.x version (empty: skip the 1.x run).
# Fails when a test fails, and also when a project runs zero tests or skips one. The last lines
# give each project's time and counts; the very last is `jest: N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
N8N1="${WATCHCOLLECT_N8N1_VERSION-1.123.81}"
if [ "$#" -gt 0 ]; then N8N1=; EXPECTED=; else EXPECTED=unit,e2e,browser,queue; fi
started=$SECONDS
npx tsc -p tsconfig.test.json
npm run build
bash scripts/provision-tools.sh
bash scripts/provision-n8n.sh >/dev/null
if [ -n "$N8N1" ]; then N8N_VERSION="$N8N1" bash scripts/provision-n8n.sh >/dev/null; fi
bash scripts/provision-queue.sh >/dev/null
bash scripts/install-chromium.sh
echo "[test-all] provisioned and built in $((SECONDS - started)) s" >&2
mkdir -p test-results
rm -f test-results/jest.json test-results/jest-n8n1.json test-results/projects*.json
# (after any positional arguments: --reporters takes every value that follows it)
REPORTERS=(--reporters=default --reporters=./test/support/project-summary-reporter.js)
status=0
WATCHCOLLECT_PROJECT_SUMMARY=test-results/projects.json \
	npx jest --ci --runInBand --json --outputFile=test-results/jest.json "$@" "${REPORTERS[@]}" || status=$?
summaries=("test-results/projects.json::$EXPECTED")
if [ -n "$N8N1" ]; then
	echo "[test-all] the e2e fixtures against n8n $N8N1" >&2
	WATCHCOLLECT_PROJECT_SUMMARY=test-results/projects-n8n1.json N8N_VERSION="$N8N1" \
		npx jest --ci --runInBand --selectProjects e2e --json \
		--testPathIgnorePatterns=/node_modules/ \
		--outputFile=test-results/jest-n8n1.json "${REPORTERS[@]}" || status=$?
	summaries+=("test-results/projects-n8n1.json:n8n $N8N1:e2e")
fi
echo "[test-all] done in $((SECONDS - started)) s" >&2
# per project: time and counts; then the one plain closing line with the counts of both runs
node scripts/lib/test-summary.mjs "${summaries[@]}" || status=1
exit "$status"
