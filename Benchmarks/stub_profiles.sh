#!/usr/bin/env bash
# Runs a statusbatch binary against ../shared/capillary-stub (not part of the test suite): the
# ratelimit profile at 50/s and at 20/s with --rate 50/s (2,000 rows each) and the flaky profile
# (1,000 rows, --rate 50/s). Prints one line per run: wall time, outcomes, requests by status,
# most requests in any 1 s, final adaptive rate and decreases.
#
#   Benchmarks/stub_profiles.sh BINARY [PORT] [which: all|rate50|rate20|flaky]
set -euo pipefail
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
PORT="${2:-18090}"
WHICH="${3:-all}"
STUB="$(cd "$(dirname "$0")/../../shared/capillary-stub" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"; "$STUB/stop.sh" "$PORT" >/dev/null 2>&1 || true' EXIT
export CAPILLARY_USERNAME=stub-till CAPILLARY_PASSWORD=stub-pass

make_input() {  # rows file
  { echo "mobile,label,reason"; for i in $(seq 1 "$1"); do printf '91%010d,VIP,Quarterly review\n' "$i"; done; } > "$2"
}

run() {  # name profile rows [env...]
  local name="$1" profile="$2" rows="$3"; shift 3
  "$STUB/stop.sh" "$PORT" >/dev/null 2>&1 || true
  eval "$(env "$@" "$STUB/start.sh" "$profile" "$PORT")"
  make_input "$rows" "$WORK/$name.csv"
  local start end
  start=$(date +%s.%N)
  "$BIN" run "$WORK/$name.csv" --base-url "$BASE_URL" --rate 50/s --quiet >/dev/null 2>"$WORK/$name.err" || true
  end=$(date +%s.%N)
  python3 - "$name" "$start" "$end" "$WORK/$name.csv.statusbatch/summary.json" "$ACCESS_LOG" "$STUB" <<'PY'
import json, subprocess, sys
name, start, end, summary_path, log, stub = sys.argv[1:]
summary = json.load(open(summary_path))
counts = json.loads(subprocess.check_output([sys.executable, stub + "/count_requests.py", "--json", log]))
audit = summary.get("rate_audit", {})
status = counts.get("status", {})
print(f"{name}: wall {float(end) - float(start):.1f} s; outcomes {summary['outcomes']}; "
      f"requests {summary['requests']}; by status {status}; "
      f"max in any 1 s {counts['max_requests_in_any_1s']}; "
      f"final rate {audit.get('final_rate_per_second')}; decreases {audit.get('rate_decreases')}; "
      f"429s {audit.get('responses429')}; duplicate 2xx {counts['identifierValues_with_more_than_one_2xx']} "
      f"(not counting slow {counts['identifierValues_with_more_than_one_2xx_not_counting_slow']}); "
      f"paused {audit.get('paused_seconds')}")
PY
}

[[ "$WHICH" == all || "$WHICH" == rate50 ]] && run rate50 ratelimit 2000 RATE=50 BURST=5
[[ "$WHICH" == all || "$WHICH" == rate20 ]] && run rate20 ratelimit 2000 RATE=20 BURST=5
[[ "$WHICH" == all || "$WHICH" == flaky ]] && run flaky flaky 1000
exit 0
