#!/usr/bin/env bash
# The command-line tools the tests call besides Node/npm, from Debian's packages when missing:
#   sqlite3  the e2e tests read n8n's execution records from its SQLite database
#   tar      the e2e tests unpack the packed tarball as Community Nodes does
# (Chromium: install-chromium.sh; Redis and PostgreSQL: provision-queue.sh.)
# Idempotent: returns at once when every tool is there.
set -euo pipefail
# Debian downloads are retried a bounded number of times (RETRY_ATTEMPTS, default 3)
. "$(dirname "$0")/lib/retry.sh"
declare -A PACKAGE_OF=([sqlite3]=sqlite3 [tar]=tar)
missing=()
for tool in "${!PACKAGE_OF[@]}"; do
	command -v "$tool" >/dev/null 2>&1 || missing+=("${PACKAGE_OF[$tool]}")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
echo "[provision-tools] installing ${missing[*]} from Debian…" >&2
retry "apt-get update" $SUDO apt-get update -qq >&2
retry "apt-get install ${missing[*]}" \
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
for tool in "${!PACKAGE_OF[@]}"; do
	command -v "$tool" >/dev/null 2>&1 || { echo "[provision-tools] $tool still missing" >&2; exit 1; }
done
