#!/usr/bin/env bash
# Runs a statusbatch binary against ../shared/capillary-stub's `ratelimit` profile (nginx limit_req, a leaky
# bucket: RATE requests a second, burst BURST, 429 with Retry-After: 1) at `--rate 50/s` with 2,000 rows
# (issue 14's figure; not part of the test suite); without ../shared, against the simulator's model of it
# (`--sim-limit-rate`, `--sim-limit-burst`). Prints the requests accepted in each minute from the first
# request, the refusals in all and after the first minute, and the share of the limit used after the first
# minute (accepted ÷ RATE × the time from the first minute's end to the last request).
#
#   Benchmarks/bucket_limit.sh BINARY [PORT] [RATE] [BURST] [ROWS]
#   RUN_FLAGS="--quota 1200/m" Benchmarks/bucket_limit.sh BINARY    # extra flags for `run`
set -euo pipefail
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
PORT="${2:-18091}"
RATE="${3:-20}"
BURST="${4:-5}"
ROWS="${5:-2000}"
STUB="$(cd "$(dirname "$0")/.." && pwd)/../shared/capillary-stub"
WORK="$(mktemp -d)"
SIM=""
trap 'rm -rf "$WORK"; [ -n "$SIM" ] && kill "$SIM" 2>/dev/null; [ -d "$STUB" ] && "$STUB/stop.sh" "$PORT" >/dev/null 2>&1; true' EXIT
{ echo "mobile,label,reason"; for i in $(seq 1 "$ROWS"); do printf '91%010d7,VIP,Quarterly review\n' "$i"; done; } > "$WORK/rows.csv"
if [ -d "$STUB" ]; then
  export CAPILLARY_USERNAME=stub-till CAPILLARY_PASSWORD=stub-pass
  "$STUB/stop.sh" "$PORT" >/dev/null 2>&1 || true
  eval "$(env RATE="$RATE" BURST="$BURST" "$STUB/start.sh" ratelimit "$PORT")"
  LOG="$ACCESS_LOG" KIND=nginx
else
  export CAPILLARY_USERNAME=till.user CAPILLARY_PASSWORD=pw
  "$BIN" simulator --port "$PORT" --sim-limit-rate "$RATE" --sim-limit-burst "$BURST" --sim-log "$WORK/sim.jsonl" > "$WORK/sim.out" 2>&1 &
  SIM=$!
  sleep 0.3
  BASE_URL="http://127.0.0.1:$PORT" LOG="$WORK/sim.jsonl" KIND=simulator
fi
start=$(date +%s.%N)
"$BIN" run "$WORK/rows.csv" --base-url "$BASE_URL" --rate 50/s ${RUN_FLAGS:-} --quiet > /dev/null 2> "$WORK/run.err" || true
end=$(date +%s.%N)
python3 - "$LOG" "$KIND" "$RATE" "$start" "$end" "$WORK/rows.csv.statusbatch/summary.json" <<'PY'
import json, sys
log, kind, rate, start, end, summary_path = sys.argv[1:]
rate = float(rate)
arrivals = []
for line in open(log):
    entry = json.loads(line)
    if kind == "nginx":
        if "/v2/customers/lookup/status" not in entry.get("uri", ""):
            continue
        arrivals.append((float(entry["ts"]) - float(entry.get("request_time", 0)), int(entry["status"])))
    elif entry.get("method") == "PUT":
        arrivals.append((entry["t"] / 1000, int(entry["status"])))
arrivals.sort()
first, last = arrivals[0][0], arrivals[-1][0]
minutes = {}
for t, status in arrivals:
    if 200 <= status < 300:
        minutes[int((t - first) // 60)] = minutes.get(int((t - first) // 60), 0) + 1
refused = [t for t, status in arrivals if status == 429]
after = [t for t, status in arrivals if t >= first + 60 and 200 <= status < 300]
span = last - (first + 60)
summary = json.load(open(summary_path))
limit = summary.get("rate_audit", {}).get("learnt_limit")
print(f"bucket {rate:g}/s ({kind}): accepted per minute {[minutes[m] for m in sorted(minutes)]}; refusals {len(refused)}, "
      f"after the first minute {len([t for t in refused if t >= first + 60])}; "
      f"share of the limit after the first minute "
      + (f"{100 * len(after) / (rate * span):.1f}% ({len(after)} in {span:.1f} s)" if span > 0 else "n/a")
      + f"; wall {float(end) - float(start):.1f} s; outcomes {summary['outcomes']}; learnt {limit}")
PY
