#!/usr/bin/env bash
# Where an ingest's floor is: `statusbatch run --ingest-only` of ROWS generated rows, a C program storing the same
# values in the same job table through the same SQLite (Benchmarks/ingest_floor.c: no parsing, no validation,
# one thread), and `sqlite3 .import` of the same file into a plain 3-column table, in alternating rounds.
#
#   Benchmarks/ingest_floor.sh [ROWS] [ROUNDS]     (default 1000000 rows, 3 rounds)
#
# Needs gcc, sqlite3 and SQLite's header (Debian: build-essential sqlite3 libsqlite3-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}" ROUNDS="${2:-3}"
for tool in gcc sqlite3; do
  command -v "$tool" >/dev/null || { echo "ingest_floor.sh: needs $tool (apt-get install -y build-essential sqlite3 libsqlite3-dev)" >&2; exit 2; }
done
swift build -c release --scratch-path .build-release --product statusbatch >/dev/null
BIN="$PWD/.build-release/release/statusbatch"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
gcc -O2 -o "$WORK/floor" Benchmarks/ingest_floor.c -lsqlite3
awk -v n="$ROWS" 'BEGIN { print "mobile,label,reason"; for (i = 0; i < n; i++) printf "91%010d7,Gold,benchmark run\n", i }' >"$WORK/big.csv"
export CAPILLARY_USERNAME=bench CAPILLARY_PASSWORD=bench
seconds() { # COMMAND...: its wall time; its output is dropped unless it fails
  local start end; start="$(date +%s.%N)"
  "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  end="$(date +%s.%N)"; awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'; }
echo "round  statusbatch  sqlite-alone(insert+index)  sqlite3-.import   (seconds, $ROWS rows)"
for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/job"
  ours="$(seconds "$BIN" run "$WORK/big.csv" --workdir "$WORK/job" --base-url http://127.0.0.1:9 --ingest-only --quiet)"
  if [ "$round" -eq 1 ]; then
    sqlite3 "$WORK/job/job.sqlite" .schema | grep -v "^CREATE INDEX rows_sendable" >"$WORK/schema.sql"
    sqlite3 "$WORK/job/job.sqlite" .schema | grep "^CREATE INDEX rows_sendable" >"$WORK/index.sql"
  fi
  rm -f "$WORK/floor.db"*
  read -r insert index < <("$WORK/floor" "$WORK/schema.sql" "$WORK/index.sql" "$WORK/floor.db" "$ROWS")
  rm -f "$WORK/import.db"
  import="$(seconds sqlite3 "$WORK/import.db" ".mode csv" ".import '$WORK/big.csv' rows")"
  printf '%5d  %11.2f  %12.2f (%.2f + %.2f)  %15.2f\n' "$round" "$ours" "$(awk -v a="$insert" -v b="$index" 'BEGIN { print a + b }')" "$insert" "$index" "$import"
done
