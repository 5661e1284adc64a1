#!/usr/bin/env bash
# The whole test suite: type-check the tests, build, then every jest project (unit, e2e in a real n8n, browser).
# Provisions what the real-n8n tests need (Node 24 + pinned n8n, cached outside the repo; Chromium from Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.test.json
npm run build
bash scripts/provision-n8n.sh >/dev/null
bash scripts/install-chromium.sh
mkdir -p test-results
status=0
npx jest --ci --runInBand --json --outputFile=test-results/jest.json "$@" || status=$?
# one plain closing line with the counts
node -e "const r=require('./test-results/jest.json');console.log('jest: '+r.numPassedTests+' passed, '+r.numFailedTests+' failed'+(r.numPendingTests?', '+r.numPendingTests+' skipped':''))" || true
exit "$status"
