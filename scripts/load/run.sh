#!/usr/bin/env bash
# `yarn load`: the bounded load test (docs/benchmarks.md, "Load test").
# Starts the demo backend alone (SQLite in memory, demo data flowing, port
# LOAD_PORT, default 17107), runs scripts/load/load.js against it (50 clients,
# 30 s: summaries, rollups and pushes at once), stops the backend.
# LOAD_DB=pg runs it on PostgreSQL (127.0.0.1:5432, user postgres; database
# prefix customer_impact_load_).
# LOAD_DURATION / LOAD_CONNECTIONS change the 30 s / 50 clients.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/env.sh
set -euo pipefail
PORT="${LOAD_PORT:-17107}"
DB="${LOAD_DB:-sqlite}"
OUT="bench-results/load-$DB-$(date -u +%Y%m%dT%H%M%SZ).json"
mkdir -p bench-results
CONF="$PWD/bench-results/load-config.yaml"
{
  echo "backend:"
  echo "  baseUrl: http://127.0.0.1:$PORT"
  echo "  listen: { host: 127.0.0.1, port: $PORT }"
  if [ "$DB" = pg ]; then
    echo "  database:"
    echo "    client: pg"
    echo "    connection: { host: 127.0.0.1, port: 5432, user: postgres }"
    echo "    prefix: customer_impact_load_"
  fi
} > "$CONF"
if [ "$DB" = pg ]; then
  # A fresh database each run.
  for db in $(psql -h 127.0.0.1 -U postgres -Atc "select datname from pg_database where datname like 'customer_impact_load_%'" 2>/dev/null); do
    psql -h 127.0.0.1 -U postgres -qc "drop database \"$db\"" >/dev/null
  done
fi
if node -e "require('net').connect($PORT,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; then
  echo "port $PORT is busy (set LOAD_PORT)" >&2; exit 1
fi
LOG=bench-results/load-backend.log
(cd packages/backend && exec setsid yarn start --config ../../app-config.yaml --config "$CONF") >"$LOG" 2>&1 &
PID=$!
stop() { kill -- -"$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap stop EXIT
echo "backend starting (pid $PID, $DB, port $PORT, log $LOG)"
node scripts/load/load.js --url "http://127.0.0.1:$PORT" --pgid "$PID" \
  --duration "${LOAD_DURATION:-30}" --connections "${LOAD_CONNECTIONS:-50}" \
  --out "$OUT"
