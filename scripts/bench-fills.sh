#!/usr/bin/env bash
# Limit-order fill benchmark: fills/s after one crossing price move, as a ratio to bare DynamoDB Local
# transactions measured in the same run. Starts its own DynamoDB Local + Redis on free loopback ports
# (the script starts the order worker itself), stops everything on exit, and writes the
# "## Limit-order fills" section of docs/benchmarks.md.
# Usage: ./scripts/bench-fills.sh   (env: BENCH_FILL_ORDERS=1000 BENCH_FILL_CONCURRENCY=8)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/env.sh"

ORDERS="${BENCH_FILL_ORDERS:-1000}"
CONCURRENCY="${BENCH_FILL_CONCURRENCY:-8}"
ensure_stack_deps
RUN_DIR="$(mktemp -d /tmp/op-bench-fills.XXXXXX)"
trap 'stop_all "$RUN_DIR"' EXIT
export DYNAMODB_PORT="$(free_port)" REDIS_PORT="$(free_port)" LOG_LEVEL=warn
export_stack_env
start_dynamodb "$RUN_DIR" "$DYNAMODB_PORT" ""
start_redis "$RUN_DIR" "$REDIS_PORT" ""

ENV_TEXT="$(machine_text), DynamoDB Local (in memory), redis $(redis_version)"
ORDERS="$ORDERS" CONCURRENCY="$CONCURRENCY" DOC="$ROOT/docs/benchmarks.md" \
  COMMAND="BENCH_FILL_ORDERS=$ORDERS BENCH_FILL_CONCURRENCY=$CONCURRENCY ./scripts/bench-fills.sh" \
  ENV_TEXT="$ENV_TEXT" timeout 900 "$DENO" run --allow-all "$ROOT/scripts/bench/fills.ts"
