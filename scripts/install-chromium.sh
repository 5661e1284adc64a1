#!/usr/bin/env bash
# Debian's Chromium for the browser test (never a browser download of a test tool's own).
set -euo pipefail
# Debian downloads are retried a bounded number of times (RETRY_ATTEMPTS, default 3)
. "$(dirname "$0")/lib/retry.sh"
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
echo "[install-chromium] installing Debian chromium…" >&2
retry "apt-get update" $SUDO apt-get update -qq >&2
retry "apt-get install chromium" \
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >&2
