#!/usr/bin/env bash
# `npm run test:fast`: the loop to run while coding (about 3 minutes warm on a 2-core machine).
# The unit project but the package test (with the build alongside it), then ONE real-n8n smoke test: the packed package
# installed into the pinned n8n as Community Nodes installs it, running the "create a session"
# example exactly as `npm run dev` imports it (test/e2e/examples.test.ts).
# Run the full `npm test` before you land: the e2e, browser and queue projects and the 1.x run.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
bash scripts/provision-n8n.sh >/dev/null # instant when cached; the first time ~5 minutes
# the build runs while the unit tests do (they do not need dist/)
build_log=$(mktemp)
npm run build >"$build_log" 2>&1 &
build=$!
status=0
# not the package test (npm pack + n8n's scanner over tarball and source: a minute or two; npm test
# runs it, as does CI)
npx jest --selectProjects unit --testPathPattern '^(?!.*/test/package/)' || status=$?
unit=$((SECONDS - started))
if ! wait "$build"; then
	cat "$build_log" >&2
	echo "[test:fast] npm run build failed" >&2
	exit 1
fi
rm -f "$build_log"
smoke_started=$SECONDS
npx jest --ci --runInBand --selectProjects e2e --testPathPattern test/e2e/examples.test.ts \
	-t 'create-session.workflow.json runs green as imported' || status=$?
echo "[test:fast] unit + build ${unit} s, real-n8n smoke $((SECONDS - smoke_started)) s, total $((SECONDS - started)) s" >&2
exit "$status"
