#!/usr/bin/env bash
# Cost of the durability setting: rows/s of `statusbatch run` with SQLite synchronous=FULL
# (--durability power-loss, the default) against NORMAL (--durability process-crash), measured in
# the same run against the built-in simulator (release build, loopback, no limits, no faults).
#
#   Benchmarks/durability.sh [ROWS] [REPEATS]      defaults: 20000 rows, 3 repeats; prints medians
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-20000}"
REPEATS="${2:-3}"
swift build -c release --product statusbatch >/dev/null
BIN="$(swift build -c release --show-bin-path)/statusbatch"
WORK="$(mktemp -d)"
trap 'kill "$SIM_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$BIN" simulator --port 0 >"$WORK/sim.out" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/sim.out" && break; sleep 0.1; done
URL="$(sed -n 's/^listening on //p' "$WORK/sim.out")"
awk -v n="$ROWS" 'BEGIN { print "mobile,label,reason"; for (i = 0; i < n; i++) printf "91%010d7,Gold,benchmark\n", i }' >"$WORK/in.csv"
export CAPILLARY_USERNAME=bench CAPILLARY_PASSWORD=bench

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -A RESULT
for mode in power-loss process-crash; do
  : >"$WORK/$mode.rates"
  for r in $(seq 1 "$REPEATS"); do
    rm -rf "$WORK/job"
    "$BIN" run "$WORK/in.csv" --workdir "$WORK/job" --base-url "$URL" --rate 1000000/s --concurrency 32 \
      --durability "$mode" --quiet 2>/dev/null || true
    sed -n 's/.*"achieved_rate_per_second" : \([0-9.]*\).*/\1/p' "$WORK/job/summary.json" >>"$WORK/$mode.rates"
  done
  RESULT[$mode]="$(median <"$WORK/$mode.rates")"
done
printf '%-34s %12s\n' "setting" "rows/s (median of $REPEATS, $ROWS rows)"
printf '%-34s %12s\n' "power-loss (synchronous=FULL)" "${RESULT[power-loss]}"
printf '%-34s %12s\n' "process-crash (synchronous=NORMAL)" "${RESULT[process-crash]}"
awk -v a="${RESULT[power-loss]}" -v b="${RESULT[process-crash]}" 'BEGIN { printf "ratio FULL/NORMAL: %.2f\n", a / b }'
