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
exec node scripts/bench/page.js "$@"
