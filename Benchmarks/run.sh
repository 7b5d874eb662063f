#!/usr/bin/env bash
# StatusBatch benchmark suite: one table, each figure the median of several runs, each ratio against a
# baseline measured in the same run on the same machine. See Benchmarks/README.md.
#
#   Benchmarks/run.sh [--full] [--limits] [--send-rows N] [--big-rows N] [--repeats N] [--keep DIR]
#
#   --limits       also the limits learnt from 429s (about 11 minutes; part of --full): a quota of 300 per
#                  60 s window (Benchmarks/window_quota.sh) and a leaky bucket of 20/s, burst 5
#                  (Benchmarks/bucket_limit.sh, against ../shared/capillary-stub when present), each against
#                  the same limit given with --quota in the same run
#   --send-rows N  rows for the end-to-end comparison with curl       (default 5000; --full 20000)
#   --big-rows N   rows for ingest, RSS, resume, report and validate  (default 50000; --full 1000000)
#   --repeats N    runs per figure (the median is shown)               (default 3)
#   --keep DIR     keep the generated files and jobs in DIR
#
# Needs only the project's own binaries and Debian tools: curl, sqlite3, /usr/bin/time (package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."

SEND_ROWS=5000 BIG_ROWS=50000 REPEATS=3 KEEP="" LIMITS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --full) SEND_ROWS=20000 BIG_ROWS=1000000 LIMITS=1 ;;
    --limits) LIMITS=1 ;;
    --send-rows) SEND_ROWS="$2"; shift ;;
    --big-rows) BIG_ROWS="$2"; shift ;;
    --repeats) REPEATS="$2"; shift ;;
    --keep) KEEP="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for tool in curl sqlite3 /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "run.sh: needs $tool (apt-get install -y curl sqlite3 time python3)" >&2; exit 2; }
done

echo "building the release binary ..." >&2
swift build -c release --scratch-path .build-release --product statusbatch >/dev/null
swift build -c release --scratch-path .build-release --product ahc-ceiling >/dev/null
swift build -c release --scratch-path .build-release --product nio-ceiling >/dev/null
BIN="$PWD/.build-release/release/statusbatch"
AHC="$PWD/.build-release/release/ahc-ceiling"
NIO="$PWD/.build-release/release/nio-ceiling"
WORK="${KEEP:-$(mktemp -d)}"
mkdir -p "$WORK"
SIM_PID=""
cleanup() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; [ -z "$KEEP" ] && rm -rf "$WORK"; true; }
trap cleanup EXIT
export CAPILLARY_USERNAME=bench CAPILLARY_PASSWORD=bench

# The simulator (release build) on a free loopback port: no limits, no faults, no request log.
start_simulator() { # [--same-port] SIMULATOR_FLAGS...: a resumed job must find its target at the same URL
  local port=0
  if [ "${1:-}" = "--same-port" ]; then port="${URL##*:}"; shift; fi
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null || true
  "$BIN" simulator --port "$port" "$@" >"$WORK/sim.out" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 1 100); do grep -q "listening on" "$WORK/sim.out" && break; sleep 0.1; done
  URL="$(sed -n 's/^listening on //p' "$WORK/sim.out")"
  [ -n "$URL" ] || { cat "$WORK/sim.out" >&2; echo "run.sh: the simulator did not start" >&2; exit 1; }
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# Runs a command under /usr/bin/time; prints "seconds max_rss_kb" on fd 3's target; keeps its exit status in RC.
timed() { local out="$1"; shift; RC=0; /usr/bin/time -f "%e %M" -o "$out" "$@" || RC=$?; }
make_csv() { # ROWS FILE: valid rows for the simulator's default labels (values avoid its fault-hook suffixes)
  awk -v n="$1" 'BEGIN { print "mobile,label,reason"; for (i = 0; i < n; i++) printf "91%010d7,Gold,benchmark run\n", i }' >"$2"
}

make_csv "$SEND_ROWS" "$WORK/send.csv"
make_csv "$BIG_ROWS" "$WORK/big.csv"
start_simulator

# 1. End to end: statusbatch run (durable job, default settings but rate and concurrency) vs one curl --parallel,
# both against ../shared/capillary-stub's `ok` profile (nginx: the server costs least there, so the ratio is the
# tool's) when it is present and set up, else against the simulator.
STUB="$(cd .. && pwd)/shared/capillary-stub"
E2E_URL="$URL" E2E_TARGET="simulator" STUB_PORT=""
if [ -x "$STUB/start.sh" ] && command -v nginx >/dev/null 2>&1; then
  # The stub listens on 18080-18099 only: the first of them that is free.
  STUB_PORT="$(python3 -c '
import socket
for port in range(18080, 18100):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass
    finally:
        s.close()')"
  if STUB_ENV="$("$STUB/start.sh" ok "$STUB_PORT" 2>"$WORK/stub.err")"; then
    eval "$STUB_ENV"
    E2E_URL="$BASE_URL" E2E_TARGET="nginx stub"
    trap 'cleanup; "$STUB/stop.sh" "$STUB_PORT" >/dev/null 2>&1 || true' EXIT
  else
    echo "run.sh: the stub did not start ($(head -1 "$WORK/stub.err")); end to end against the simulator" >&2
  fi
fi
awk -v url="$E2E_URL" 'NR > 2 { print "next" } NR > 1 { split($0, f, ",");
  printf "url = \"%s/v2/customers/lookup/status?source=INSTORE&identifierName=mobile&identifierValue=%s\"\n", url, f[1];
  print "request = \"PUT\""; print "header = \"Content-Type: application/json\"";
  printf "data = \"{\\\"reason\\\":\\\"%s\\\",\\\"label\\\":\\\"%s\\\"}\"\n", f[3], f[2];
  print "output = \"/dev/null\""; print "write-out = \"%{http_code} %{errormsg}\\n\"" }' "$WORK/send.csv" >"$WORK/curl.cfg"
: >"$WORK/e2e.ours" ; : >"$WORK/e2e.curl"; : >"$WORK/e2e.ahc"; : >"$WORK/e2e.nio"
for r in $(seq 1 "$REPEATS"); do
  rm -rf "$WORK/send.job"
  timed "$WORK/t" "$BIN" run "$WORK/send.csv" --workdir "$WORK/send.job" --base-url "$E2E_URL" --rate 1000000/s \
    --concurrency 32 --quiet 2>"$WORK/run.err"
  ok="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["outcomes"]["succeeded"])' "$WORK/send.job/summary.json")"
  [ "$RC" -eq 0 ] && [ "$ok" -eq "$SEND_ROWS" ] || { cat "$WORK/run.err" >&2; echo "run.sh: statusbatch run failed (exit $RC, $ok succeeded)" >&2; exit 1; }
  awk -v n="$SEND_ROWS" '{ print n / $1 }' "$WORK/t" >>"$WORK/e2e.ours"
  timed "$WORK/t" curl --parallel --parallel-max 32 --silent --config "$WORK/curl.cfg" >"$WORK/curl.codes" 2>"$WORK/curl.err"
  good="$(grep -c '^200 ' "$WORK/curl.codes" || true)"
  if [ "$good" -ne "$SEND_ROWS" ]; then
    sort "$WORK/curl.codes" | uniq -c | sort -rn | head -5 >&2
    echo "run.sh: curl got $good answers 200 of $SEND_ROWS" >&2; exit 1
  fi
  awk -v n="$SEND_ROWS" '{ print n / $1 }' "$WORK/t" >>"$WORK/e2e.curl"
  # async-http-client alone (the client StatusBatch uses), 32 in flight, same rows and server.
  "$AHC" "$E2E_URL" "$SEND_ROWS" 32 | sed -n 's/.* s, \([0-9]*\) rows\/s, 0 not 200.*/\1/p' >>"$WORK/e2e.ahc"
  # A bare HTTP/1.1 client on swift-nio (what StatusBatch's own transport is built on), 32 connections, 2 event loops.
  "$NIO" "$E2E_URL" "$SEND_ROWS" 32 2 | sed -n 's/.* s, \([0-9]*\) rows\/s, 0 not 200.*/\1/p' >>"$WORK/e2e.nio"
done
E2E_OURS="$(median <"$WORK/e2e.ours")"; E2E_CURL="$(median <"$WORK/e2e.curl")"; E2E_AHC="$(median <"$WORK/e2e.ahc")"
E2E_NIO="$(median <"$WORK/e2e.nio")"

# 2. Ingest + validation of BIG rows into the job table (run --ingest-only, durable) vs sqlite3 .import.
: >"$WORK/ingest.ours"; : >"$WORK/ingest.sqlite"; : >"$WORK/validate"
for r in $(seq 1 "$REPEATS"); do
  rm -rf "$WORK/ingest.job"
  timed "$WORK/t" "$BIN" run "$WORK/big.csv" --workdir "$WORK/ingest.job" --base-url "$URL" --ingest-only --quiet 2>/dev/null
  [ "$RC" -eq 0 ] || { echo "run.sh: ingest failed (exit $RC)" >&2; exit 1; }
  cut -d' ' -f1 "$WORK/t" >>"$WORK/ingest.ours"
  rm -f "$WORK/import.db"
  timed "$WORK/t" sqlite3 "$WORK/import.db" ".mode csv" ".import '$WORK/big.csv' rows"
  cut -d' ' -f1 "$WORK/t" >>"$WORK/ingest.sqlite"
  timed "$WORK/t" "$BIN" validate "$WORK/big.csv" >/dev/null
  [ "$RC" -eq 0 ] || { echo "run.sh: validate failed (exit $RC)" >&2; exit 1; }
  cut -d' ' -f1 "$WORK/t" >>"$WORK/validate"
done
INGEST_OURS="$(median <"$WORK/ingest.ours")"; INGEST_SQLITE="$(median <"$WORK/ingest.sqlite")"; VALIDATE="$(median <"$WORK/validate")"

# 3. One whole BIG job (ingest, send, report): wall time and peak RSS of the statusbatch process.
rm -rf "$WORK/big.job"
timed "$WORK/t" "$BIN" run "$WORK/big.csv" --workdir "$WORK/big.job" --base-url "$URL" --rate 1000000/s --concurrency 32 --quiet 2>/dev/null
[ "$RC" -eq 0 ] || { echo "run.sh: the big job failed (exit $RC)" >&2; exit 1; }
read -r BIG_SECONDS BIG_RSS_KB <"$WORK/t"

# 4. Resume with all but 1,000 rows done: time from start to the first request (simulator request log).
: >"$WORK/resume"
LEFT=$(( BIG_ROWS < 1000 ? BIG_ROWS : 1000 ))
for r in $(seq 1 "$REPEATS"); do
  sqlite3 "$WORK/big.job/job.sqlite" "UPDATE rows SET state = 'pending', attempts = 0, next_attempt_at = 0 WHERE id > $(( BIG_ROWS - LEFT ));"
  rm -f "$WORK/sim.log"
  start_simulator --same-port --sim-log "$WORK/sim.log"
  start_ms="$(date +%s%3N)"
  "$BIN" run "$WORK/big.csv" --workdir "$WORK/big.job" --base-url "$URL" --rate 1000000/s --concurrency 32 --quiet 2>/dev/null || true
  [ -s "$WORK/sim.log" ] || { echo "run.sh: the resumed run sent nothing" >&2; exit 1; }
  first_ms="$(head -1 "$WORK/sim.log" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["t"])')"
  echo "$(( first_ms - start_ms ))" | awk '{ print $1 / 1000 }' >>"$WORK/resume"
done
RESUME="$(median <"$WORK/resume")"

# 5. Rebuilding every report of the BIG job; sizes of the reports.
: >"$WORK/report"; : >"$WORK/report.rss"
for r in $(seq 1 "$REPEATS"); do
  timed "$WORK/t" "$BIN" report "$WORK/big.job" >/dev/null
  cut -d' ' -f1 "$WORK/t" >>"$WORK/report"
  cut -d' ' -f2 "$WORK/t" >>"$WORK/report.rss"
done
REPORT="$(median <"$WORK/report")"; REPORT_RSS_KB="$(median <"$WORK/report.rss")"
size() { du -k "$1" | cut -f1; }

# 6. Limits learnt from 429s (one run each: a minute-long figure is its own average), against the limit given.
if [ "$LIMITS" = 1 ]; then
  share() { sed -n "s/.*$1 \([0-9.]*\)%.*/\1/p"; }
  Benchmarks/window_quota.sh "$BIN" 18095 >"$WORK/window.learnt"
  RUN_FLAGS="--quota 300/m" Benchmarks/window_quota.sh "$BIN" 18095 >"$WORK/window.known"
  WINDOW_LEARNT="$(share 'after the first' <"$WORK/window.learnt")"; WINDOW_KNOWN="$(share 'after the first' <"$WORK/window.known")"
  WINDOW_REFUSED="$(sed -n 's/.*refusals after the first window \([0-9]*\).*/\1/p' "$WORK/window.learnt")"
  Benchmarks/bucket_limit.sh "$BIN" 18091 >"$WORK/bucket.learnt"
  RUN_FLAGS="--quota 1200/m" Benchmarks/bucket_limit.sh "$BIN" 18091 >"$WORK/bucket.known"
  BUCKET_LEARNT="$(share 'after the first minute' <"$WORK/bucket.learnt")"; BUCKET_KNOWN="$(share 'after the first minute' <"$WORK/bucket.known")"
  BUCKET_REFUSED="$(sed -n 's/.*refusals \([0-9]*\), after the first minute \([0-9]*\).*/\1 (\2)/p' "$WORK/bucket.learnt")"
  BUCKET_KIND="$(sed -n 's/^bucket [0-9.]*\/s (\([a-z]*\)).*/\1/p' "$WORK/bucket.learnt")"
fi

CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
printf '\nStatusBatch benchmarks, %s, %s cores (%s), %s\n' "$(date -u +%Y-%m-%d)" "$(nproc)" "$CPU" "$(git rev-parse --short HEAD)"
printf 'each figure the median of %s runs; end to end over %s rows, the rest over %s rows\n\n' "$REPEATS" "$SEND_ROWS" "$BIG_ROWS"
printf '| %-58s | %16s | %16s | %7s | %-12s |\n' "figure" "statusbatch" "baseline" "ratio" "target"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "$(printf -- '-%.0s' {1..18})" "$(printf -- '-%.0s' {1..18})" "$(printf -- '-%.0s' {1..9})" "$(printf -- '-%.0s' {1..14})"
row() { printf '| %-58s | %16s | %16s | %7s | %-12s |\n' "$@"; }
row "end to end ($E2E_TARGET), rows/s (vs curl --parallel-max 32)" "$(printf '%.0f' "$E2E_OURS")" "$(printf '%.0f' "$E2E_CURL")" \
    "$(awk -v a="$E2E_OURS" -v b="$E2E_CURL" 'BEGIN { printf "%.2f", a / b }')" "≥ 1.0"
row "  the same, vs async-http-client alone (ahc-ceiling)" "$(printf '%.0f' "$E2E_OURS")" "$(printf '%.0f' "$E2E_AHC")" \
    "$(awk -v a="$E2E_OURS" -v b="$E2E_AHC" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" ""
row "  async-http-client alone vs curl" "$(printf '%.0f' "$E2E_AHC")" "$(printf '%.0f' "$E2E_CURL")" \
    "$(awk -v a="$E2E_AHC" -v b="$E2E_CURL" 'BEGIN { printf "%.2f", a / b }')" ""
row "  a bare NIO HTTP/1.1 client alone (nio-ceiling) vs curl" "$(printf '%.0f' "$E2E_NIO")" "$(printf '%.0f' "$E2E_CURL")" \
    "$(awk -v a="$E2E_NIO" -v b="$E2E_CURL" 'BEGIN { printf "%.2f", a / b }')" ""
row "ingest + validation, s (vs sqlite3 .import)" "$INGEST_OURS" "$INGEST_SQLITE" \
    "$(awk -v a="$INGEST_OURS" -v b="$INGEST_SQLITE" 'BEGIN { printf "%.2f", a / b }')" "≤ 1.5"
row "whole job (ingest, send, report): peak RSS, MB" "$(awk -v k="$BIG_RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')" "" "" "≤ 64"
row "whole job: wall time, s" "$BIG_SECONDS" "" "" ""
row "resume with $LEFT rows left: start to first request, s" "$RESUME" "" "" "≤ 1"
row "report (rebuild every report), s" "$REPORT" "" "" "≤ 5"
row "report: peak RSS, MB" "$(awk -v k="$REPORT_RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')" "" "" "≤ 64"
row "validate, s" "$VALIDATE" "" "" ""
if [ "$LIMITS" = 1 ]; then
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
  row "window 300/60 s, no Retry-After: % of quota per window (vs --quota)" "$WINDOW_LEARNT %" "$WINDOW_KNOWN %" \
      "$(ratio "$WINDOW_LEARNT" "$WINDOW_KNOWN")" "≥ 95 %"
  row "window 300/60 s: refusals after the first window" "$WINDOW_REFUSED" "" "" "≤ 5"
  row "bucket 20/s burst 5 ($BUCKET_KIND): % of 20/s after minute 1 (vs --quota)" "$BUCKET_LEARNT %" "$BUCKET_KNOWN %" \
      "$(ratio "$BUCKET_LEARNT" "$BUCKET_KNOWN")" "≥ 97 %"
  row "bucket 20/s burst 5: refusals in all (after the first minute)" "$BUCKET_REFUSED" "" "" "≤ 10"
fi
row "report.html / results.csv / results.jsonl, KB" \
    "$(size "$WORK/big.job/report.html") / $(size "$WORK/big.job/results.csv") / $(size "$WORK/big.job/results.jsonl")" "" "" ""
