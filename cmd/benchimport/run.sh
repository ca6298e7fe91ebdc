#!/usr/bin/env bash
# Import benchmark: plantrack import vs the sqlite3 CLI's .import on the
# same 1,000,000-row file (2,000 plans × 100 indicators × 5 years by
# default). Usage: cmd/benchimport/run.sh [PLANS] [INDICATORS] [YEARS]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 command-line tool (apt-get install -y sqlite3)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/plantrack" ./cmd/plantrack
go run ./cmd/benchimport -plans "${1:-2000}" -indicators "${2:-100}" -years "${3:-5}" -plantrack "$dir/plantrack" -dir "$dir"
