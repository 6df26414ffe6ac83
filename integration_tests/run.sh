#!/usr/bin/env bash
# Black-box integration suites against ANY deployment, through its public gateway only:
#   integration_tests/run.sh [suite...]        (default: every black-box suite, BLACK_BOX_SUITES below)
#   GATEWAY_URL=https://staging.example.com integration_tests/run.sh security
# A suite is a folder (or one file) of integration_tests/: smoke, security, security/bola.test.ts, ... Tests
# create their own users. They get network access only (no --allow-run, no Redis or service URLs), so
# a test that needs the local stack's internals — its own gateway or processes, stopping Redis, pid
# files — is skipped with its reason printed (helpers.ts needsInternals / skipInBlackBox);
# ./scripts/test.sh runs those. deploy/, docs/ and resilience/ are internal-only (every test skips).
# Admin tests run only with ADMIN_TOKEN, or ADMIN_USERNAME + ADMIN_PASSWORD, of an admin account of
# that deployment (helpers.ts needsAdmin); without them they are skipped with the reason printed.
# Exit status is deno test's: 0 only if every test that ran passed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DENO="$ROOT/node_modules/.bin/deno"
[ -x "$DENO" ] || DENO="$(command -v deno)" || { echo "deno not found: run npm ci in $ROOT" >&2; exit 2; }

export GATEWAY_URL="${GATEWAY_URL:-http://localhost:8080}"
GATEWAY_URL="${GATEWAY_URL%/}"
export BLACK_BOX=1
unset USER_URL INVENTORY_URL ORDER_URL REDIS_URL DYNAMODB_ENDPOINT STACK_RUN_DIR RECORD_RESPONSES

BLACK_BOX_SUITES=(smoke security user orders portfolio inventory events contract gateway)
[ $# -gt 0 ] || set -- "${BLACK_BOX_SUITES[@]}"
paths=()
for suite in "$@"; do
  [ -e "$ROOT/integration_tests/$suite" ] || { echo "no suite integration_tests/$suite" >&2; exit 2; }
  paths+=("$ROOT/integration_tests/$suite")
done

if ! curl -fsS -o /dev/null --max-time 10 "$GATEWAY_URL/health"; then
  echo "gateway not reachable at $GATEWAY_URL/health (set GATEWAY_URL)" >&2
  exit 2
fi
echo "black-box suites ($*) against $GATEWAY_URL" >&2
cd "$ROOT" && exec "$DENO" test --allow-net --allow-env --allow-read --allow-sys --no-check=remote \
  ${JUNIT_PATH:+--junit-path="$JUNIT_PATH"} "${paths[@]}"
