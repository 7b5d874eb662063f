#!/usr/bin/env bash
# Runs a statusbatch binary against its own simulator holding a fixed-window quota (not part of the test
# suite): 300 requests per 60 s window, 429 without Retry-After, `--rate 20/s`, 1,100 rows (issue 14's
# figure). Prints the requests accepted in each window, the refusals after the first window, and the share
# of the quota used by the full windows after the first.
#
#   Benchmarks/window_quota.sh BINARY [PORT] [LIMIT] [WINDOW_SECONDS] [ROWS] [extra simulator flags...]
#   RUN_FLAGS="--quota 300/m" Benchmarks/window_quota.sh BINARY    # extra flags for `run`
set -euo pipefail
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
PORT="${2:-18095}"
LIMIT="${3:-300}"
WINDOW="${4:-60}"
ROWS="${5:-1100}"
shift $(( $# < 5 ? $# : 5 ))
WORK="$(mktemp -d)"
export CAPILLARY_USERNAME=till.user CAPILLARY_PASSWORD=pw
{ echo "mobile,label,reason"; for i in $(seq 1 "$ROWS"); do printf '91%09d7,VIP,Quarterly review\n' "$i"; done; } > "$WORK/rows.csv"
origin=$(date +%s.%N)
"$BIN" simulator --port "$PORT" --sim-window-limit "$LIMIT" --sim-window-seconds "$WINDOW" --sim-no-retry-after \
  --sim-log "$WORK/sim.jsonl" "$@" > "$WORK/sim.out" 2>&1 &
SIM=$!
trap 'kill $SIM 2>/dev/null || true; rm -rf "$WORK"' EXIT
sleep 0.3
start=$(date +%s.%N)
"$BIN" run "$WORK/rows.csv" --base-url "http://127.0.0.1:$PORT" --rate 20/s ${RUN_FLAGS:-} --quiet > /dev/null 2> "$WORK/run.err" || true
end=$(date +%s.%N)
python3 - "$WORK/sim.jsonl" "$origin" "$WINDOW" "$LIMIT" "$start" "$end" "$WORK/rows.csv.statusbatch/summary.json" <<'PY'
import json, sys
log, origin, window, limit, start, end, summary_path = sys.argv[1:]
origin, window, limit = float(origin), float(window), int(limit)
accepted, refused, times = {}, {}, []
for line in open(log):
    entry = json.loads(line)
    if entry.get("method") != "PUT":
        continue
    seconds = entry["t"] / 1000 - origin
    times.append(seconds)
    index = int(seconds // window)
    bucket = refused if entry["status"] == 429 else accepted
    bucket[index] = bucket.get(index, 0) + 1
last = max(list(accepted) + list(refused))
windows = [(i, accepted.get(i, 0), refused.get(i, 0)) for i in range(last + 1)]
summary = json.load(open(summary_path))
# A full window ended before 99 % of the requests had been sent (the job was still sending through it).
times.sort()
end_of_sending = times[int(len(times) * 0.99) - 1]
full = [a for i, a, r in windows[1:] if (i + 1) * window <= end_of_sending]
share = sum(full) / (len(full) * limit) if full else float("nan")
print(f"window {limit}/{window:g}s: wall {float(end) - float(start):.1f} s; outcomes {summary['outcomes']}; "
      f"accepted per window {[a for _, a, _ in windows]}; refused per window {[r for _, _, r in windows]}; "
      f"refusals after the first window {sum(r for _, _, r in windows[1:])}; "
      f"share of the quota in full windows after the first {share:.1%}; "
      f"final rate {summary.get('rate_audit', {}).get('final_rate_per_second')}")
PY
