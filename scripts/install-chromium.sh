#!/usr/bin/env bash
# Debian's Chromium for the browser test (never a browser download of a test tool's own).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
echo "[install-chromium] installing Debian chromium…" >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >&2
