#!/usr/bin/env bash
# Runs every test of the repository: type check, unit/integration tests (stores
# on SQLite AND PostgreSQL) and browser tests against the running demo portal.
# Ends with one line: "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
set -uo pipefail
export CI="${CI:-true}"
mkdir -p .test-results
rm -f .test-results/*.json

step() { printf '\n==> %s\n' "$*"; }
can_sudo() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
apt_install() {
  can_sudo || return 1
  [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq >/dev/null 2>&1; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
port_open() {
  node -e "require('net').connect($2,'$1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"
}

step "Installing dependencies"
yarn install --immutable || exit 1

step "PostgreSQL for the store tests"
PG_HOST="${PG_HOST:-127.0.0.1}"; PG_PORT="${PG_PORT:-5432}"
if ! port_open "$PG_HOST" "$PG_PORT"; then
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  elif apt_install postgresql; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  sleep 2
fi
if port_open "$PG_HOST" "$PG_PORT"; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@$PG_HOST:$PG_PORT}"
  echo "PostgreSQL answers on $PG_HOST:$PG_PORT: store tests run on PostgreSQL and SQLite"
else
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "!!! NO PostgreSQL on $PG_HOST:$PG_PORT and none could be installed or started." >&2
  echo "!!! The store tests need it: they will FAIL. Start one, or set" >&2
  echo "!!! BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING." >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
fi

step "Prometheus (Debian package) for the Prometheus module's tests"
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  apt_install prometheus || echo "!!! prometheus could not be installed: the real-Prometheus tests will be SKIPPED" >&2
fi
command -v prometheus >/dev/null && prometheus --version 2>&1 | head -1

status=0

step "Type check"
yarn tsc || status=1

step "Unit and integration tests"
yarn backstage-cli repo test --json --outputFile="$PWD/.test-results/unit.json" || status=1

step "Browser tests (Playwright + Debian's chromium) against the demo portal"
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then apt_install chromium || true; fi
if [ -x "$CHROMIUM_PATH" ]; then
  export CHROMIUM_PATH
  yarn playwright test --config e2e/playwright.config.ts || status=1
  echo "Screenshots: e2e/screenshots/"
else
  echo "!!! No chromium at $CHROMIUM_PATH and it could not be installed: browser tests FAILED to run" >&2
  status=1
fi

step "Totals"
node scripts/test-totals.js .test-results/unit.json .test-results/e2e.json || status=1
exit $status
