#!/usr/bin/env bash
# Dashboard benchmark: bundle size of the production build and the landing page's first load in
# Debian's Chromium. Starts its own stack (DynamoDB Local, Redis, every process in SERVICES) on free
# loopback ports, stops it on exit, and writes the "## Dashboard" section of docs/benchmarks.md.
# Usage: ./scripts/bench-dashboard.sh   (env: BENCH_RUNS=7)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/env.sh"
source "$ROOT/scripts/lib/frontend.sh"

ensure_stack_deps
ensure_chromium
ensure_frontend_build
RUN_DIR="$(mktemp -d /tmp/op-bench-dashboard.XXXXXX)"
trap 'stop_all "$RUN_DIR"' EXIT
export DYNAMODB_PORT="$(free_port)" REDIS_PORT="$(free_port)"
export_service_urls free
export ENVIRONMENT=test LOG_LEVEL=warn TABLE_NAME="op-bench"
export_stack_env

log "starting DynamoDB Local :$DYNAMODB_PORT, Redis :$REDIS_PORT and the services in $RUN_DIR"
start_dynamodb "$RUN_DIR" "$DYNAMODB_PORT" ""
start_redis "$RUN_DIR" "$REDIS_PORT" ""
"$DENO" run --allow-all "$ROOT/scripts/bootstrap.ts" >/dev/null
start_services "$RUN_DIR" || die "not every process became ready; see $RUN_DIR/logs"

cpu="$(grep -c ^processor /proc/cpuinfo) CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
env_text="$cpu, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(chromium --version 2>/dev/null | head -1), Node $(node --version), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$FRONTEND_DIR" && BENCH_COMMAND="./scripts/bench-dashboard.sh" BENCH_ENV="$env_text" node scripts/bench.mjs)
