#!/usr/bin/env bash
# bash scripts/bench/group-views.sh: times the group views again on the data an earlier
# `yarn bench` SQLite run left (BENCH_DIR/runs/sqlite-<size>), with the code
# of this checkout: a quick way to compare a change of the rollups or the
# internal-customers ranking on identical data, without seeding again.
#
# SQLite: the run's databases are copied first and the copy is used (the
# backend migrates it), so the same data serves any number of comparisons.
# PostgreSQL (BENCH_DB=pg, after a pg run): the run's cibench_* databases are
# used as they are (migrated in place). Prints p50/p95/max per series (nearest
# rank) and writes them into the run's directory.
#
# Parameters: BENCH_DIR (as yarn bench), BENCH_DB [sqlite] or pg,
# BENCH_SIZE [10000], BENCH_PORT [17007],
# BENCH_GROUP_REPS [50] timed after BENCH_GROUP_WARMUP [5], BENCH_SETTLE_SECONDS [45]
# after the backend is ready.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO/scripts/bench"
# shellcheck source=../env.sh
source "$REPO/scripts/env.sh"
set -euo pipefail
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/customer-impact-bench}"
SIZE="${BENCH_SIZE:-10000}"
PORT="${BENCH_PORT:-17007}"
DB="${BENCH_DB:-sqlite}"
WORK="$BENCH_DIR/runs/$DB-$SIZE"
SCRATCH="$BENCH_DIR/app"
export BASE_URL="http://127.0.0.1:$PORT"
log() { echo "[group-views $(date -u +%H:%M:%S)] $*"; }

[ -d "$WORK/db" ] && [ -f "$WORK/bench-base.yaml" ] || {
  echo "no $DB run of size $SIZE in $BENCH_DIR: run 'BENCH_DB=$DB BENCH_SIZES=$SIZE yarn bench' first" >&2
  exit 1
}
if curl -s -o /dev/null "$BASE_URL/.backstage/health/v1/readiness"; then
  echo "port $PORT is busy (set BENCH_PORT)" >&2
  exit 1
fi
if [ "$DB" = sqlite ]; then
  # The databases as the run left them, kept once; each comparison gets a copy.
  if [ ! -d "$WORK/db-as-left" ]; then
    cp -a "$WORK/db" "$WORK/db-as-left"
  fi
  rm -rf "$WORK/db-group-views"
  cp -a "$WORK/db-as-left" "$WORK/db-group-views"
  sed "s#connection: { directory: '$WORK/db' }#connection: { directory: '$WORK/db-group-views' }#" \
    "$WORK/bench-base.yaml" >"$WORK/group-views.yaml"
  grep -q "db-group-views" "$WORK/group-views.yaml" || { echo "could not point the config at the copy" >&2; exit 1; }
else
  cp "$WORK/bench-base.yaml" "$WORK/group-views.yaml"
fi

SCRATCH="$SCRATCH" bash "$HERE/setup-scratch.sh"
(cd "$SCRATCH/packages/backend" && exec setsid yarn start --config ../../app-config.yaml --config "$WORK/group-views.yaml") \
  >"$WORK/backend-group-views.log" 2>&1 &
PID=$!
trap 'kill -- -$PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -s -o /dev/null "$BASE_URL/.backstage/health/v1/readiness" && break
  sleep 2
done
# Its start-up work (catalog stitching, the SLO definitions' first read) settles
# before the timing, as in yarn bench, which seeds first.
sleep "${BENCH_SETTLE_SECONDS:-45}"
log "backend ready ($(git -C "$REPO" rev-parse --short HEAD)); load average $(cut -d' ' -f1-3 /proc/loadavg)"
node "$HERE/group-views.mjs" | tee "$WORK/group-views-$(date -u +%Y%m%dT%H%M%SZ).txt"
