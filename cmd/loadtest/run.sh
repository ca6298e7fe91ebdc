#!/usr/bin/env bash
# Load check: 32 clients read a plan's overview for 30 s while another
# submits values continuously and a signed-in one keeps reading, against a
# real server and SQLite file on loopback. Prints the rates and latencies;
# exits 1 on any failed request, any "database is locked", any sign-out or
# any submitted value missing.
#   cmd/loadtest/run.sh [READERS] [DURATION]
#   cmd/loadtest/run.sh import [ROWS_IN_THOUSANDS]
# The import mode also runs `plantrack import` of a large file (1,000
# thousand rows by default: synthetic benchmark plans, labelled so) against
# the live database 5 s into a 40 s run, with sessions idle after 20 s so
# that activity is written every 5 s, while the import holds the database.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=load
if [ "${1:-}" = import ]; then
  mode=import
  shift
  thousands=${1:-1000}
  readers=32
  duration=40s
else
  readers=${1:-32}
  duration=${2:-30s}
fi
dir=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
go build -o "$dir/plantrack" ./cmd/plantrack
go build -o "$dir/loadtest" ./cmd/loadtest
password="load-test-password-$RANDOM"
extra=()
serve=()
if [ "$mode" = import ]; then
  # plans of 100 indicators × 5 years: ROWS/500 of them
  go run ./cmd/benchimport -prepare -dir "$dir" -plans $((thousands * 2)) -indicators 100 -years 5
  mv "$dir/plans.db" "$dir/load.db"
  extra=(-import "$dir/actuals.csv" -plantrack "$dir/plantrack" -db "$dir/load.db" -import-after 5s)
  serve=(-session-idle 20s)
fi
"$dir/plantrack" seed -db "$dir/load.db" >/dev/null
echo "$password" | "$dir/plantrack" user add -db "$dir/load.db" -name loader -role admin >/dev/null
port=$((20000 + RANDOM % 20000))
"$dir/plantrack" serve -addr "127.0.0.1:$port" -db "$dir/load.db" "${serve[@]}" >"$dir/server.out" 2>"$dir/server.log" &
server=$!
for _ in $(seq 100); do # wait until the server listens (bash's /dev/tcp: no curl needed)
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
status=0
"$dir/loadtest" -url "http://127.0.0.1:$port" -user loader -password "$password" -readers "$readers" -duration "$duration" "${extra[@]}" || status=$?
if grep -q "database is locked" "$dir/server.log"; then
  echo "the server log mentions 'database is locked':"
  grep "database is locked" "$dir/server.log" | head -3
fi
echo "server warnings: $(grep -c 'level=WARN' "$dir/server.log" || true), errors: $(grep -c 'level=ERROR' "$dir/server.log" || true)"
exit $status
