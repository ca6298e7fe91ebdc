#!/usr/bin/env bash
# Every performance figure of plantrack with its ceiling, in one run on this
# machine: pages under wrk beside a bare Go server sending the same bytes,
# the uncached dataset read, PDFs with a warm browser, a cold first load in
# Chromium, and imports beside sqlite3's .import (cmd/benchimport). The
# plans measured are synthetic benchmark data, labelled so.
#   cmd/bench/run.sh         the full run (about 3 minutes)
#   cmd/bench/run.sh quick   a short run that checks the script works (CI)
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in wrk sqlite3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y $tool)" >&2; exit 1; }
done
mode=${1:-full}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/plantrack" ./cmd/plantrack
if [ "$mode" = quick ]; then
  go run ./cmd/bench -plantrack "$dir/plantrack" -dir "$dir" -duration 1s -prints 1
  echo
  echo "imports (quick: 10,000 rows)"
  go run ./cmd/benchimport -plans 20 -indicators 100 -years 5 -plantrack "$dir/plantrack" -dir "$dir/import"
  exit 0
fi
go run ./cmd/bench -plantrack "$dir/plantrack" -dir "$dir" -duration 5s -prints 3
echo
echo "imports: 100,000 rows (200 plans × 100 indicators × 5 years), goal ≥ 0.5 of sqlite3's rate"
go run ./cmd/benchimport -plans 200 -indicators 100 -years 5 -plantrack "$dir/plantrack" -dir "$dir/import100k"
echo
echo "imports: 1,000,000 rows (2,000 plans), goal: peak memory under 200 MB"
go run ./cmd/benchimport -plans 2000 -indicators 100 -years 5 -plantrack "$dir/plantrack" -dir "$dir/import1m"
