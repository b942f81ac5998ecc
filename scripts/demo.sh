#!/usr/bin/env bash
# Starts the demo portal: frontend and backend, SQLite in memory, the demo
# organisation from examples/, no external service.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
set -euo pipefail
yarn install --immutable
echo
echo "  Demo portal starting: open http://localhost:3000 and click 'Enter' (guest)."
echo "  Try /catalog/default/api/payments-v1 (deprecated) and"
echo "  /catalog/default/component/subscriptions-service (depends on it)."
echo
exec yarn start
