#!/usr/bin/env bash
# Redis and PostgreSQL from Debian's packages for the queue-mode test (test/queue).
# Installs the packages when missing and nothing else: no system service is started or left
# running (the test starts its own servers on loopback, with their data in a temp dir, and stops
# them). Idempotent: returns at once when both are there.
# Prints, on stdout only, two lines the test reads:
#   redis-server=<path of redis-server>
#   pg-bin=<directory of initdb, postgres, psql>
set -euo pipefail
# Debian downloads are retried a bounded number of times (RETRY_ATTEMPTS, default 3)
. "$(dirname "$0")/lib/retry.sh"
log() { echo "[provision-queue] $*" >&2; }
pg_bin() {
	local dir
	dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && [ -x "$dir/psql" ]; then
		echo "$dir"
	fi
}

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -n "$(pg_bin)" ] || missing+=(postgresql postgresql-client)

if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
	# Debian's maintainer scripts start a service unless policy-rc.d says no (exit 101). Where
	# there is no such policy (a plain Debian/Ubuntu host), put one in place for the install only.
	policy=/usr/sbin/policy-rc.d
	added_policy=
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\n# added by provision-queue.sh for the duration of an install\nexit 101\n' | $SUDO tee "$policy" >/dev/null
		$SUDO chmod 755 "$policy"
		added_policy=1
	fi
	cleanup() { if [ -n "$added_policy" ]; then $SUDO rm -f "$policy"; fi; }
	trap cleanup EXIT
	log "installing ${missing[*]} from Debian…"
	retry "apt-get update" $SUDO apt-get update -qq >&2
	retry "apt-get install ${missing[*]}" \
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
	# Belt and braces: where a service manager started them anyway, stop them again.
	if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		for unit in redis-server postgresql; do
			if systemctl is-active --quiet "$unit" 2>/dev/null; then
				log "stopping the system service $unit the install started"
				$SUDO systemctl stop "$unit" >&2 || true
			fi
		done
	fi
fi

redis=$(command -v redis-server || true)
pg=$(pg_bin)
if [ -z "$redis" ] || [ -z "$pg" ]; then
	log "redis-server or PostgreSQL (initdb, postgres, psql) still missing after the install"
	exit 1
fi
echo "redis-server=$redis"
echo "pg-bin=$pg"
