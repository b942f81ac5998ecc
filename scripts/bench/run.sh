#!/usr/bin/env bash
# `yarn bench`: the side-by-side benchmark of issue 10 (docs/benchmarks.md).
#
# Runs the demo backend with tech-insights 3.1.0 added IN A SCRATCH COPY of this
# repository (never to its dependencies), seeds an organisation through the
# public push API, times tech-insights, the catalog and our routes one request
# after another, and writes bench-results/<time>/{results.json,report.md,latency.svg}.
#
# Parameters (environment variables; defaults in brackets):
#   BENCH_DB            sqlite,pg  databases to run on, in order [sqlite,pg]
#   BENCH_SIZES         numbers of Component entities, one run per size [1000,3000,10000]
#   BENCH_SLOS          SLOs at the largest size (2 per component, owned by the platform
#                       department; scaled down with the size) [400]
#   BENCH_SLO_DAYS      days of 5-minute buckets per SLO [30]
#   BENCH_SUPPORT_EVENTS support events at the largest size (scaled with the size) [100000]
#   BENCH_PEOPLE        people walking the journey [2000]
#   BENCH_REPS / BENCH_WARMUP   timed requests / warm-ups per series [500 / 50]
#   BENCH_GROUP_REPS    timed requests of the group views [BENCH_REPS]
#   BENCH_INTERLEAVED_REPS rounds of tech-insights, the catalog read and the two component
#                       summaries taken in turn, one request of each per round (0: none) [BENCH_REPS]
#   BENCH_REFRESH_REPS  timed rollup refreshes of the whole tree [10]
#   BENCH_TI_BULK_REPS  tech-insights checks over every component (entities: []) [3]
#   BENCH_PORT          backend port [17007]
#   BENCH_DIR           scratch copy, generated data and databases [${TMPDIR:-/tmp}/customer-impact-bench]
#   BENCH_PG_URL        PostgreSQL server [postgresql://postgres@127.0.0.1:5432]
#   BENCH_PG_VACUUM     auto: when the server runs with autovacuum off, vacuum and analyse
#                       the plugin's database once after seeding, as autovacuum would
#                       have (printed in the log and the report); 0: never [auto]
#   BENCH_PLOT          where the plot is also copied; empty: nowhere [docs/benchmark-latency.svg]
#   BENCH_CATALOG_CACHE 1: reuse the catalog ingested by an earlier run with the same
#                       catalog and code (SQLite file copy, PostgreSQL template database) [1]
#   BENCH_PROFILE_DIR   profile the backend: a CPU profile and the event loop's holds per
#                       window (seeding, mixed phase, each series) written there; see
#                       scripts/bench/scratch/benchProbe.ts and scripts/bench/holds.js [none]
#   BENCH_PROFILE_WINDOWS only the windows this regular expression matches [all]
#   BENCH_ENTITY_COPY   1: summaries read entities from the plugin's copy of the catalog
#                       (customerImpact.summaries.entityCopy.enabled, off by default) [0]
#   BENCH_NODE_OPTIONS  Node.js options for the backend process only, e.g.
#                       --max-semi-space-size=64 (printed in the report) [none]
#   BENCH_V8_FLAGS      V8 flags for the backend only, set by the probe when it loads
#                       (those Node.js refuses in NODE_OPTIONS), e.g. --trace-gc-nvp; then
#                       node scripts/bench/gc.js <run dir>/backend-phase2.log [none]
#   BENCH_PRECOMPUTE    0: SLO facets are not computed ahead (customerImpact.slo.precomputeFacets:
#                       false), so every summary computes its SLO figures from the buckets [1]
# The issue's full scale: BENCH_SLOS=2000 BENCH_SLO_DAYS=30 (17 M buckets).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO/scripts/bench"
# shellcheck source=../env.sh
source "$REPO/scripts/env.sh"
set -euo pipefail

DBS="${BENCH_DB:-sqlite,pg}"
SIZES="${BENCH_SIZES:-1000,3000,10000}"
SLOS="${BENCH_SLOS:-400}"
export BENCH_SLO_DAYS="${BENCH_SLO_DAYS:-30}"
SUPPORT="${BENCH_SUPPORT_EVENTS:-100000}"
export BENCH_PEOPLE="${BENCH_PEOPLE:-2000}"
PORT="${BENCH_PORT:-17007}"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/customer-impact-bench}"
PG_URL="${BENCH_PG_URL:-postgresql://postgres@127.0.0.1:5432}"
PLOT="${BENCH_PLOT-docs/benchmark-latency.svg}"
SCRATCH="$BENCH_DIR/app"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$REPO/bench-results/$STAMP"
export BASE_URL="http://127.0.0.1:$PORT"
mkdir -p "$OUT" "$BENCH_DIR"
log() { echo "[bench $(date -u +%H:%M:%S)] $*"; }
ENTITY_COPY="${BENCH_ENTITY_COPY:-0}"
PRECOMPUTE="${BENCH_PRECOMPUTE:-1}"
export BENCH_COMMAND="$( [ -n "${BENCH_NODE_OPTIONS:-}" ] && printf "BENCH_NODE_OPTIONS='%s' " "$BENCH_NODE_OPTIONS" )$( [ -n "${BENCH_V8_FLAGS:-}" ] && printf "BENCH_V8_FLAGS='%s' " "$BENCH_V8_FLAGS" )$( [ "$ENTITY_COPY" = 1 ] && printf 'BENCH_ENTITY_COPY=1 ' )$( [ "$PRECOMPUTE" = 0 ] && printf 'BENCH_PRECOMPUTE=0 ' )BENCH_DB=$DBS BENCH_SIZES=$SIZES BENCH_SLOS=$SLOS BENCH_SLO_DAYS=$BENCH_SLO_DAYS BENCH_SUPPORT_EVENTS=$SUPPORT BENCH_PEOPLE=$BENCH_PEOPLE BENCH_REPS=${BENCH_REPS:-500} BENCH_WARMUP=${BENCH_WARMUP:-50} BENCH_GROUP_REPS=${BENCH_GROUP_REPS:-${BENCH_REPS:-500}} yarn bench"
MAX_SIZE=$(tr ',' '\n' <<<"$SIZES" | sort -n | tail -1)

if curl -s -o /dev/null "$BASE_URL/.backstage/health/v1/readiness"; then
  echo "port $PORT is busy (set BENCH_PORT)" >&2
  exit 1
fi

log "results go to $OUT"
log "scale: sizes $SIZES entities; at $MAX_SIZE: $SLOS SLOs x $BENCH_SLO_DAYS days, $SUPPORT support events; journeys of $BENCH_PEOPLE people; databases $DBS"

# 1. This checkout's dependencies, then the scratch copy with tech-insights (cached).
log "yarn install --immutable (this checkout)"
(cd "$REPO" && yarn install --immutable >"$OUT/yarn-install.log" 2>&1) || { tail -30 "$OUT/yarn-install.log"; exit 1; }
t0=$(date +%s)
SCRATCH="$SCRATCH" bash "$HERE/setup-scratch.sh"
SETUP_SECONDS=$(( $(date +%s) - t0 ))
log "scratch setup: $SETUP_SECONDS s"
cp "$SCRATCH/.bench-last-setup.json" "$OUT/setup-last.json"
cp "$SCRATCH/.bench-setup.json" "$OUT/setup-created.json" 2>/dev/null || true

# 2. The machine.
{
  echo "{"
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"nproc\": $(nproc),"
  echo "  \"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\","
  echo "  \"memGiB\": $(awk '/MemTotal/{printf "%.1f", $2/1048576}' /proc/meminfo),"
  echo "  \"node\": \"$(node --version)\","
  echo "  \"loadAverageAtStart\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
  echo "  \"commit\": \"$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet 2>/dev/null || echo '+changes')\","
  echo "  \"versions\": {"
  (cd "$SCRATCH/packages/backend" && for p in @backstage-community/plugin-tech-insights-backend @backstage-community/plugin-tech-insights-backend-module-jsonfc \
      @backstage-community/plugin-tech-insights-node @backstage-community/plugin-tech-insights-common @backstage/backend-defaults \
      @backstage/plugin-catalog-backend better-sqlite3 pg knex json-rules-engine; do
    v=$(node -p "require('$p/package.json').version" 2>/dev/null || echo "?")
    echo "    \"$p\": \"$v\","
  done) | sed '$ s/,$//'
  echo "  }"
  echo "}"
} >"$OUT/machine.json"
cat "$OUT/machine.json"

BACKEND_PID=
start_backend() { # logfile configs...
  local logf=$1
  shift
  local args=(--config ../../app-config.yaml)
  for c in "$@"; do args+=(--config "$c"); done
  (cd "$SCRATCH/packages/backend" && NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }${BENCH_NODE_OPTIONS:-}" exec setsid yarn start "${args[@]}") >"$logf" 2>&1 &
  BACKEND_PID=$!
}
stop_backend() {
  if [ -n "$BACKEND_PID" ]; then
    kill -- -"$BACKEND_PID" 2>/dev/null || true
    wait "$BACKEND_PID" 2>/dev/null || true
    BACKEND_PID=
    sleep 1
  fi
}
trap stop_backend EXIT

pg_databases() { # prefix
  psql "$PG_URL/postgres" -Atc "select datname from pg_database where datname like '$1%'" 2>/dev/null || true
}

check() { # id name fact operator value
  printf '      %s:\n        type: json-rules-engine\n        name: %s\n        description: %s\n        factIds: [benchFactRetriever]\n        rule:\n          conditions:\n            all:\n              - { fact: %s, operator: %s, value: %s }\n' "$1" "$2" "$2" "$3" "$4" "$5"
}
later='{ frequency: { hours: 12 }, timeout: { minutes: 30 }, initialDelay: { hours: 6 } }'

write_config() { # work db
  local work=$1 db=$2
  {
    cat <<YAML
# Generated by scripts/bench/run.sh (benchmark only).
backend:
  baseUrl: $BASE_URL
  listen: { host: 127.0.0.1, port: $PORT }
YAML
    if [ "$db" = pg ]; then
      cat <<YAML
  database:
    client: pg
    connection: '$PG_URL'
    prefix: cibench_
YAML
    else
      cat <<YAML
  database:
    client: better-sqlite3
    connection: { directory: '$work/db' }
YAML
    fi
    cat <<YAML
catalog:
  processingInterval: { hours: 12 }   # no re-processing while timing
  locations:
    - type: file
      target: $work/org/catalog.yaml
search:
  collators:
    catalog: { schedule: $later }
    customerImpact: { schedule: $later }
customerImpact:
  orphans: { schedule: $later }
  rollups: { schedule: $later, changesSchedule: $later }
  deprecation: { burndownSchedule: $later, noticeSchedule: $later }
  slo:
    alertSchedule: $later
    retentionSchedule: $later
    pullSchedule: $later
    precomputeFacets: $( [ "$PRECOMPUTE" = 0 ] && echo false || echo true )
    definitionsSchedule: { frequency: { hours: 12 }, timeout: { minutes: 30 }, initialDelay: { seconds: 5 } }
  support: { pullSchedule: $later, retentionSchedule: $later }
YAML
    if [ "$ENTITY_COPY" = 1 ]; then
      cat <<YAML
  summaries:
    entityCopy: { enabled: true }
YAML
    fi
    cat <<YAML
techInsights:
  factChecker:
    checks:
YAML
    check coverage50 "Coverage at least 50%" testCoverage greaterThanInclusive 50
    check coverage80 "Coverage at least 80%" testCoverage greaterThanInclusive 80
    check noVulnerabilities "No open vulnerabilities" openVulnerabilities equal 0
    check fewVulnerabilities "Fewer than 5 open vulnerabilities" openVulnerabilities lessThan 5
    check deployedThisMonth "Deployed in the last 30 days" daysSinceLastDeploy lessThanInclusive 30
    check deployedThisWeek "Deployed in the last 7 days" daysSinceLastDeploy lessThanInclusive 7
    check hasReadme "Has a README" hasReadme equal true
    check hasCi "Has a CI pipeline" hasCiPipeline equal true
    cat <<YAML
      productionReady:
        type: json-rules-engine
        name: Production ready
        description: Coverage >= 70, no vulnerabilities, README and CI
        factIds: [benchFactRetriever]
        rule:
          conditions:
            all:
              - { fact: testCoverage, operator: greaterThanInclusive, value: 70 }
              - { fact: openVulnerabilities, operator: equal, value: 0 }
              - { fact: hasReadme, operator: equal, value: true }
              - { fact: hasCiPipeline, operator: equal, value: true }
YAML
  } >"$work/bench-base.yaml"
  cat >"$work/bench-retriever.yaml" <<YAML
techInsights:
  factRetrievers:
    benchFactRetriever:
      cadence: '0 0 1 1 *'        # yearly: the run that counts is the one 5 s after start
      initialDelay: { seconds: 5 }
YAML
}

export PUSH_TOKEN="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export CUSTOMER_IMPACT_PUSH_TOKEN="$PUSH_TOKEN"

IFS=',' read -r -a DB_LIST <<<"$DBS"
IFS=',' read -r -a SIZE_LIST <<<"$SIZES"
for db in "${DB_LIST[@]}"; do
  if [ "$db" = pg ] && ! command -v psql >/dev/null; then
    log "psql is not installed (apt-get install postgresql-client): SKIPPING the PostgreSQL runs"
    echo '{"db":"pg","skipped":"psql is not installed"}' >"$OUT/run-pg-skipped.json"
    continue
  fi
  if [ "$db" = pg ] && ! psql "$PG_URL/postgres" -Atc 'select 1' >/dev/null 2>&1; then
    log "PostgreSQL does not answer at $PG_URL: SKIPPING the PostgreSQL runs"
    echo "{\"db\":\"pg\",\"skipped\":\"no server at $PG_URL\"}" >"$OUT/run-pg-skipped.json"
    continue
  fi
  for n in "${SIZE_LIST[@]}"; do
    work="$BENCH_DIR/runs/$db-$n"
    slos=$(( SLOS * n / MAX_SIZE ))
    sloComponents=$(( slos / 2 ))
    export BENCH_SUPPORT_EVENTS=$(( SUPPORT * n / MAX_SIZE ))
    export MANIFEST="$work/org/manifest.json"
    log "=== $db, $n components, $((sloComponents * 2)) SLOs, $BENCH_SUPPORT_EVENTS support events ==="
    rm -rf "$work"
    mkdir -p "$work/db"
    if [ "$db" = pg ]; then
      for d in $(pg_databases 'cibench\_'); do psql "$PG_URL/postgres" -qAtc "drop database \"$d\"" >/dev/null; done
    fi
    node "$HERE/gen-org.js" "$work/org" "$n" "$sloComponents"
    write_config "$work" "$db"

    # Phase 1: ingest the catalog, or take it from the cache of an earlier run with the
    # same catalog, the same scratch copy and the same catalog module.
    key=$( { echo "$db $work"; cat "$work/org/catalog.yaml" "$SCRATCH/.bench-stamp"; \
      find "$SCRATCH/plugins/catalog-backend-module-customer-impact/src" -type f -print0 | sort -z | xargs -0 cat; } | sha256sum | cut -c1-12)
    cache="$BENCH_DIR/catalog-cache/$db-$n-$key"
    if [ "${BENCH_CATALOG_CACHE:-1}" = 1 ] && [ -f "$cache.seconds" ]; then
      if [ "$db" = pg ]; then
        psql "$PG_URL/postgres" -qAtc "create database \"cibench_catalog\" template \"cibenchcache_$key\"" >/dev/null
        psql "$PG_URL/cibench_catalog" -qAtc "update refresh_state set next_update_at = now() + interval '12 hours'" >/dev/null
      else
        cp "$cache.sqlite" "$work/db/catalog.sqlite"
        (cd "$SCRATCH/packages/backend" && node -e '
          const db = new (require("better-sqlite3"))(process.argv[1]);
          db.prepare("update refresh_state set next_update_at = ?").run(new Date(Date.now() + 12 * 3600e3).toISOString().slice(0, 19).replace("T", " "));
        ' "$work/db/catalog.sqlite")
      fi
      ingest=$(cat "$cache.seconds")
      log "catalog taken from the cache ($cache; ingested in $ingest s when it was made; BENCH_CATALOG_CACHE=0 ingests again)"
    else
      t0=$(date +%s)
      start_backend "$work/backend-phase1.log" "$work/bench-base.yaml"
      node "$HERE/bench.js" wait-catalog | tee "$work/phase1.txt" || { tail -50 "$work/backend-phase1.log"; exit 1; }
      ingest=$(( $(date +%s) - t0 ))
      log "catalog ingested $ingest s after start"
      stop_backend
      if [ "${BENCH_CATALOG_CACHE:-1}" = 1 ]; then
        mkdir -p "$BENCH_DIR/catalog-cache"
        if [ "$db" = pg ]; then
          psql "$PG_URL/postgres" -qAtc "drop database if exists \"cibenchcache_$key\"" >/dev/null
          psql "$PG_URL/postgres" -qAtc "create database \"cibenchcache_$key\" template \"cibench_catalog\"" >/dev/null && echo "$ingest" >"$cache.seconds"
        else
          cp "$work/db/catalog.sqlite" "$cache.sqlite" && echo "$ingest" >"$cache.seconds"
        fi
      fi
    fi

    # On a PostgreSQL server with autovacuum off, bench.js vacuums and analyses the
    # plugin's database once after seeding, as autovacuum would have (BENCH_PG_VACUUM=0:
    # never).
    unset BENCH_PG_VACUUM_URL
    if [ "$db" = pg ] && [ "${BENCH_PG_VACUUM:-auto}" != 0 ] &&
      [ "$(psql "$PG_URL/postgres" -Atc 'show autovacuum')" = off ]; then
      export BENCH_PG_VACUUM_URL="$PG_URL/cibench_customer-impact"
    fi

    # Phase 2: restart with the fact retriever; seed through the API; time.
    start_backend "$work/backend-phase2.log" "$work/bench-base.yaml" "$work/bench-retriever.yaml"
    node "$HERE/bench.js" run "$work/run.json" || { tail -50 "$work/backend-phase2.log"; exit 1; }
    stop_backend

    # Database sizes.
    if [ "$db" = pg ]; then
      sizes=$(psql "$PG_URL/postgres" -Atc "select coalesce(json_object_agg(datname, pg_database_size(datname)), '{}') from pg_database where datname like 'cibench\\_%'")
    else
      sizes=$(cd "$work/db" && for f in *; do printf '"%s":%s,' "$f" "$(stat -c %s "$f")"; done | sed 's/,$//; s/^/{/; s/$/}/')
    fi
    node -e '
      const fs = require("fs");
      const [file, db, n, ingest, sizes, setup] = process.argv.slice(1);
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      Object.assign(r, { db, n: Number(n), catalogIngestSeconds: Number(ingest), databaseBytes: JSON.parse(sizes), setupSeconds: Number(setup) });
      fs.writeFileSync(file, JSON.stringify(r, null, 2));
    ' "$work/run.json" "$db" "$n" "$ingest" "$sizes" "$SETUP_SECONDS"
    cp "$work/run.json" "$OUT/run-$db-$n.json"
    log "database: $sizes"
  done
done

node "$HERE/report.js" "$OUT" ${PLOT:+"$REPO/$PLOT"}
log "done: $OUT/report.md (paste into docs/benchmarks.md), $OUT/results.json"
