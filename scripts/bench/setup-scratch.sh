#!/usr/bin/env bash
# Creates (or refreshes) the SCRATCH copy of this repository in which the
# benchmark runs: tech-insights is added there, never to this repository's
# dependencies or yarn.lock.
#   SCRATCH=/path bash scripts/bench/setup-scratch.sh
# First run: copies the repository with its node_modules, then
# `yarn workspace backend add` the tech-insights packages (versions of the
# tech-insights anchor). The result is cached: later runs only sync the
# sources (plugins/, packages/backend/src, examples/, app-config*.yaml), so a
# benchmark always runs the code of the checkout it was started from. The
# cache is rebuilt when yarn.lock or a package.json of the repository changes.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCRATCH="${SCRATCH:?set SCRATCH}"
log() { echo "[bench $(date -u +%H:%M:%S)] $*"; }

TI_PACKAGES=(
  @backstage-community/plugin-tech-insights-backend@3.1.0
  @backstage-community/plugin-tech-insights-backend-module-jsonfc@0.10.0
  @backstage-community/plugin-tech-insights-node@2.9.0
  @backstage-community/plugin-tech-insights-common@0.11.0
  @backstage/plugin-catalog-node@^2.2.5
)
SETUP_VERSION=1
stamp="$( { echo "$SETUP_VERSION ${TI_PACKAGES[*]}"; cd "$REPO" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json; } | sha256sum | cut -c1-16)"

command -v rsync >/dev/null || { echo "the benchmark needs rsync (apt-get install rsync)" >&2; exit 1; }
if [ ! -d "$REPO/node_modules" ]; then
  echo "run 'yarn install' in $REPO first" >&2
  exit 1
fi

t0=$(date +%s)
if [ "$(cat "$SCRATCH/.bench-stamp" 2>/dev/null)" != "$stamp" ]; then
  log "creating the scratch copy in $SCRATCH (first run, or yarn.lock/package.json changed)"
  rm -rf "$SCRATCH"
  mkdir -p "$SCRATCH"
  rsync -a --exclude /.git --exclude /.tooling --exclude /bench-results \
    --exclude /e2e/test-results --exclude /.test-results "$REPO/" "$SCRATCH/"
  t1=$(date +%s)
  log "copied in $((t1 - t0)) s; adding the tech-insights packages to the copy's backend"
  (cd "$SCRATCH" && YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn workspace backend add "${TI_PACKAGES[@]}") \
    >"$SCRATCH/.bench-yarn-add.log" 2>&1 || { tail -40 "$SCRATCH/.bench-yarn-add.log"; exit 1; }
  t2=$(date +%s)
  log "yarn workspace backend add: $((t2 - t1)) s"
  echo "$stamp" >"$SCRATCH/.bench-stamp"
  printf '{"kind":"created","copySeconds":%d,"yarnAddSeconds":%d,"totalSeconds":%d}\n' \
    $((t1 - t0)) $((t2 - t1)) $((t2 - t0)) >"$SCRATCH/.bench-setup.json"
else
  log "scratch copy in $SCRATCH is current (cached)"
fi

# Always: the sources of this checkout.
t3=$(date +%s)
for d in plugins examples; do
  rsync -a --delete --exclude node_modules --exclude dist --exclude dist-types "$REPO/$d/" "$SCRATCH/$d/"
done
rsync -a --delete "$REPO/packages/backend/src/" "$SCRATCH/packages/backend/src/"
cp "$REPO"/app-config*.yaml "$SCRATCH/"
cp "$REPO/scripts/bench/scratch/techInsightsBenchFacts.ts" "$REPO/scripts/bench/scratch/benchProbe.ts" \
  "$SCRATCH/packages/backend/src/"
index="$SCRATCH/packages/backend/src/index.ts"
# No demo data: the benchmark seeds its own organisation through the API.
if grep -q "^backend.add(import('./demo/plugin'));" "$index"; then
  sed -i "s#^backend.add(import('./demo/plugin'));#// demo data disabled by the benchmark#" "$index"
else
  log "WARNING: the demo data plugin line was not found in index.ts; demo data may be pushed during the benchmark"
fi
grep -q '^backend.start();' "$index" || { echo "no 'backend.start();' line in $index" >&2; exit 1; }
sed -i "s#^backend.start();#// benchmark only (scripts/bench/setup-scratch.sh)\nbackend.add(import('@backstage-community/plugin-tech-insights-backend'));\nbackend.add(import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'));\nbackend.add(import('./techInsightsBenchFacts'));\nbackend.add(import('./benchProbe'));\nbackend.start();#" "$index"
t4=$(date +%s)
log "sources synced in $((t4 - t3)) s"
printf '{"kind":"%s","totalSeconds":%d,"syncSeconds":%d}\n' \
  "$( [ $((t3 - t0)) -gt 5 ] && echo created || echo cached)" $((t4 - t0)) $((t4 - t3)) >"$SCRATCH/.bench-last-setup.json"
