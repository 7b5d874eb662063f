#!/usr/bin/env bash
# Renders report.html of the sample job in headless Chromium (from Debian's packages) and checks
# the screenshot (not blank), the console (no messages) and the DOM (the outcome totals, every chart).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "ci: installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  for i in $(seq 1 10); do
    if apt-get update -qq && apt-get install -y -qq chromium >/dev/null; then break; fi
    echo "ci: apt busy or failed; retry $i/10 in 10 s" >&2; sleep 10
  done
fi

out="${1:-$(mktemp -d)}"
mkdir -p "$out"
job="$out/job"
rm -rf "$job"
status=0
swift run statusbatch run samples/customers.csv --simulate --workdir "$job" --quiet 2>"$out/run.log" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  cat "$out/run.log" >&2; echo "ci: the sample job failed with exit $status" >&2; exit 1
fi

browser=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run
         --disable-extensions --enable-logging=stderr --v=0 --user-data-dir="$out/profile")
page="file://$(cd "$job" && pwd)/report.html"
timeout 120 "${browser[@]}" --window-size=1100,3200 --screenshot="$out/report.png" "$page" 2>"$out/chromium.log" >/dev/null
timeout 120 "${browser[@]}" --dump-dom "$page" >"$out/dom.html" 2>>"$out/chromium.log"
python3 .ci/check_report_page.py "$out/report.png" "$out/dom.html" "$out/chromium.log" "$job/summary.json"
echo "ci: report.html renders in Chromium ($(wc -c <"$job/report.html") bytes); screenshot $out/report.png"
