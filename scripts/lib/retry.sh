# shellcheck shell=bash
# retry LABEL COMMAND...: run a registry download up to RETRY_ATTEMPTS times (default 3), pausing
# RETRY_PAUSE_SECONDS (default 20, doubled after each failure) in between. Each failed attempt is
# reported on stderr with its exit code and the last lines it printed, so a flaky registry (an idle
# timeout, a reset connection) reads differently from a real failure, which fails every attempt.
# Source it: . "$(dirname "$0")/lib/retry.sh"
retry() {
	local label="$1"
	shift
	local attempts="${RETRY_ATTEMPTS:-3}" pause="${RETRY_PAUSE_SECONDS:-20}" attempt=1 code log
	local -
	set -o pipefail
	log=$(mktemp)
	while true; do
		# stdout stays where it was; stderr goes to the terminal and to $log
		if { "$@" 2>&1 1>&3 3>&- | tee "$log" >&2; } 3>&1; then code=0; else code=$?; fi
		if [ "$code" -eq 0 ]; then
			rm -f "$log"
			return 0
		fi
		echo "[retry] $label: attempt $attempt of $attempts failed (exit $code):" >&2
		tail -n 5 "$log" | sed 's/^/[retry]   /' >&2
		if [ "$attempt" -ge "$attempts" ]; then
			echo "[retry] $label: giving up after $attempts attempts" >&2
			rm -f "$log"
			return "$code"
		fi
		echo "[retry] $label: trying again in ${pause}s" >&2
		sleep "$pause"
		pause=$((pause * 2))
		attempt=$((attempt + 1))
	done
}
