#!/usr/bin/env bash
# Where an ingest's floor is, in alternating rounds over the same generated rows:
#   statusbatch    `statusbatch run --ingest-only` (process start to exit: parsing, validation, hashing, storing)
#   sqlite alone   Benchmarks/ingest_floor.c storing the same values in the same job table through the same SQLite
#                  (open to close: inserts + the sendable index + the closing checkpoint; no parsing, one thread)
#   narrow table   the same program on a table of only the 13 stored input columns and next_attempt_at, with
#                  the same types, constraints and index: what the job table's other 27 columns cost
#   .import        `sqlite3 .import` of the same file into a plain table (process start to exit)
#
#   Benchmarks/ingest_floor.sh [ROWS] [ROUNDS]     (default 1000000 rows, 3 rounds)
#
# Needs gcc, the sqlite3 command and SQLite's header (Debian: build-essential sqlite3 libsqlite3-dev).
set -euo pipefail
export LC_ALL=C
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
cat >"$WORK/narrow.sql" <<'SQL'
CREATE TABLE rows(id INTEGER PRIMARY KEY, line INTEGER NOT NULL, state TEXT NOT NULL, customer_key TEXT,
  identifier_name TEXT NOT NULL, identifier_value TEXT NOT NULL, label TEXT NOT NULL, reason TEXT NOT NULL,
  source TEXT NOT NULL, account_id TEXT, created_on TEXT, raw TEXT NOT NULL, reject_reason TEXT,
  next_attempt_at REAL NOT NULL DEFAULT 0);
SQL
export CAPILLARY_USERNAME=bench CAPILLARY_PASSWORD=bench
seconds() { # COMMAND...: its wall time; its output is dropped unless it fails
  local start end; start="$(date +%s.%N)"
  "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  end="$(date +%s.%N)"; awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'; }
floor() { # SCHEMA INDEX: "inserts index total" of the C program on a fresh database
  rm -f "$WORK/floor.db"*
  "$WORK/floor" "$1" "$2" "$WORK/floor.db" "$ROWS"
}
echo "seconds for $ROWS rows; the C program's total with its inserts + index in brackets"
printf '%5s  %11s  %26s  %26s  %8s\n' round statusbatch "sqlite alone" "narrow table" .import
for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/job"
  ours="$(seconds "$BIN" run "$WORK/big.csv" --workdir "$WORK/job" --base-url http://127.0.0.1:9 --ingest-only --quiet)"
  if [ "$round" -eq 1 ]; then
    sqlite3 "$WORK/job/job.sqlite" "SELECT sql || ';' FROM sqlite_schema WHERE sql IS NOT NULL
      AND name NOT LIKE 'sqlite_%' AND name <> 'rows_sendable'" >"$WORK/schema.sql"
    sqlite3 "$WORK/job/job.sqlite" "SELECT sql || ';' FROM sqlite_schema WHERE name = 'rows_sendable'" >"$WORK/index.sql"
    [ -s "$WORK/index.sql" ] || { echo "ingest_floor.sh: the job has no rows_sendable index" >&2; exit 1; }
  fi
  read -r insert index total < <(floor "$WORK/schema.sql" "$WORK/index.sql")
  read -r ninsert nindex ntotal < <(floor "$WORK/narrow.sql" "$WORK/index.sql")
  rm -f "$WORK/import.db"
  import="$(cd "$WORK" && seconds sqlite3 import.db ".mode csv" ".import big.csv rows")"
  printf '%5d  %11.2f  %10.2f (%5.2f + %5.2f)  %10.2f (%5.2f + %5.2f)  %8.2f\n' \
    "$round" "$ours" "$total" "$insert" "$index" "$ntotal" "$ninsert" "$nindex" "$import"
done
