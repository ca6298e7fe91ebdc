#!/usr/bin/env bash
# Load check (issue 5): 32 clients read a plan's overview for 30 s while
# another submits values continuously, against a real server and SQLite
# file on loopback. Prints the rates and latencies; exits 1 on any failed
# request, any "database is locked", or any submitted value missing.
#   cmd/loadtest/run.sh [READERS] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/../.."
readers=${1:-32}
duration=${2:-30s}
dir=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
go build -o "$dir/plantrack" ./cmd/plantrack
go build -o "$dir/loadtest" ./cmd/loadtest
password="load-test-password-$RANDOM"
"$dir/plantrack" seed -db "$dir/load.db" >/dev/null
echo "$password" | "$dir/plantrack" user add -db "$dir/load.db" -name loader -role admin >/dev/null
port=$((20000 + RANDOM % 20000))
"$dir/plantrack" serve -addr "127.0.0.1:$port" -db "$dir/load.db" >"$dir/server.out" 2>"$dir/server.log" &
server=$!
for _ in $(seq 100); do # wait until the server listens (bash's /dev/tcp: no curl needed)
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
"$dir/loadtest" -url "http://127.0.0.1:$port" -user loader -password "$password" -readers "$readers" -duration "$duration"
status=$?
if grep -q "database is locked" "$dir/server.log"; then
  echo "the server log mentions 'database is locked'"
  exit 1
fi
exit $status
