#!/usr/bin/env bash
# Market-order benchmark: orders/s, p50/p99 and error counts for many users and for one hot user,
# on DynamoDB Local + Redis. Loopback only; starts its own stack (DynamoDB Local, Redis, every
# process in SERVICES) on free ports, stops it all on exit, and writes the "## Orders" section of
# docs/benchmarks.md. Targets ${GATEWAY_URL}/api/v1 when the gateway is up, else ORDER_URL directly.
# Usage: ./scripts/bench-orders.sh   (env: BENCH_USERS=50 BENCH_ORDERS_PER_USER=60 BENCH_CONCURRENCY=32
#                                           BENCH_HOT_ORDERS=500 BENCH_HOT_CONCURRENCY=16)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/env.sh"

USERS="${BENCH_USERS:-50}"
ORDERS_PER_USER="${BENCH_ORDERS_PER_USER:-60}"
CONCURRENCY="${BENCH_CONCURRENCY:-32}"
HOT_ORDERS="${BENCH_HOT_ORDERS:-500}"
HOT_CONCURRENCY="${BENCH_HOT_CONCURRENCY:-16}"

ensure_stack_deps
RUN_DIR="$(mktemp -d /tmp/op-bench-orders.XXXXXX)"
trap 'stop_all "$RUN_DIR"' EXIT
export DYNAMODB_PORT="$(free_port)" REDIS_PORT="$(free_port)"
export_service_urls free
export LOG_LEVEL=warn TABLE_NAME="op-bench"
export_stack_env
# The benchmark measures order execution, not 429s: the gateway's limits are raised far above the
# offered load (its rate limiter still runs on every request).
export RATE_LIMIT_DEFAULT_IP=100000000 RATE_LIMIT_DEFAULT_USER=100000000 RATE_LIMIT_WRITE_IP=100000000 \
  RATE_LIMIT_WRITE_USER=100000000 RATE_LIMIT_AUTH_IP=100000000 RATE_LIMIT_AUTH_USER=100000000

log "starting DynamoDB Local :$DYNAMODB_PORT, Redis :$REDIS_PORT and the services in $RUN_DIR"
start_dynamodb "$RUN_DIR" "$DYNAMODB_PORT" ""
start_redis "$RUN_DIR" "$REDIS_PORT" ""
"$DENO" run --allow-all "$ROOT/scripts/bootstrap.ts" >/dev/null
start_services "$RUN_DIR" || log "some process did not become ready (see above); continuing with what is up"

if [ -n "${GATEWAY_URL:-}" ] && curl -fsS -o /dev/null --max-time 2 "$GATEWAY_URL/health/ready"; then
  API="$GATEWAY_URL/api/v1" USER_API="$GATEWAY_URL/api/v1" TARGET_LABEL="gateway (\$GATEWAY_URL/api/v1)"
else
  API="$ORDER_URL" USER_API="$USER_URL" TARGET_LABEL="order service directly (\$ORDER_URL; gateway not available)"
fi
curl -fsS -o /dev/null --max-time 2 "$ORDER_URL/health/ready" || die "order service is not ready; see $RUN_DIR/logs"

ENV_TEXT="$(machine_text), DynamoDB Local (in memory, $(java -version 2>&1 | head -1)),"
ENV_TEXT="$ENV_TEXT redis $(redis_version), LOG_LEVEL=warn"
COMMAND="BENCH_USERS=$USERS BENCH_ORDERS_PER_USER=$ORDERS_PER_USER BENCH_CONCURRENCY=$CONCURRENCY"
COMMAND="$COMMAND BENCH_HOT_ORDERS=$HOT_ORDERS BENCH_HOT_CONCURRENCY=$HOT_CONCURRENCY ./scripts/bench-orders.sh"
COMMAND="${BENCH_COMMAND:-$COMMAND}"

log "benchmark against $API"
# `timeout` is a backstop only; the run is bounded by its order count.
API="$API" USER_API="$USER_API" TARGET_LABEL="$TARGET_LABEL" USERS="$USERS" ORDERS_PER_USER="$ORDERS_PER_USER" \
  CONCURRENCY="$CONCURRENCY" HOT_ORDERS="$HOT_ORDERS" HOT_CONCURRENCY="$HOT_CONCURRENCY" \
  DOC="$ROOT/docs/benchmarks.md" COMMAND="$COMMAND" ENV_TEXT="$ENV_TEXT" \
  timeout 900 "$DENO" run --allow-net --allow-env --allow-read --allow-sys --allow-write="$ROOT/docs/benchmarks.md" \
  "$ROOT/scripts/bench/${BENCH_SCRIPT:-orders.ts}"
