#!/usr/bin/env bash
# `yarn bench:page`: the entity page with all Customer Impact cards visible, in
# Chromium, warm, on the demo (docs/benchmarks.md, "The entity page in Chromium").
# Starts the demo (`yarn start` and `yarn start:legacy`) unless it already runs
# at E2E_APP_PORT / E2E_BACKEND_PORT / E2E_LEGACY_APP_PORT (defaults 3000, 7007,
# 3001, as e2e/playwright.config.ts), runs scripts/bench/page.js, stops what it
# started. BENCH_PAGE_REPS (default 20) timed loads per entity and app.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source scripts/env.sh
set -euo pipefail
# BENCH_PAGE_APPS=built measures the production build of the new-frontend app,
# served by the backend (@backstage/plugin-app-backend): built here first when
# packages/app/dist is missing or BENCH_PAGE_BUILD=1. A backend already running
# serves it only if it started after the build.
case ",${BENCH_PAGE_APPS:-}," in
  *,built,*)
    if [ "${BENCH_PAGE_BUILD:-0}" = 1 ] || [ ! -f packages/app/dist/index.html ]; then
      echo "building the new-frontend app for production (yarn workspace app build)"
      yarn workspace app build
    fi
    ;;
esac
# BENCH_PAGE_APPS=legacy-built measures the production build of the legacy
# app, served from packages/app-legacy/dist at the legacy port by page.js:
# built here first when missing or BENCH_PAGE_BUILD=1.
case ",${BENCH_PAGE_APPS:-}," in
  *,legacy-built,*)
    if [ "${BENCH_PAGE_BUILD:-0}" = 1 ] || [ ! -f packages/app-legacy/dist/index.html ]; then
      echo "building the legacy app for production (yarn workspace app-legacy build)"
      yarn workspace app-legacy build
    fi
    ;;
esac
exec node scripts/bench/page.js "$@"
