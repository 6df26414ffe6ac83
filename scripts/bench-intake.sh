#!/usr/bin/env bash
# Async intake benchmark (scripts/bench/intake.ts): 202 latency of a `Prefer: respond-async` burst and
# the worker's drain rate as a ratio to synchronous orders, on the same stack bench-orders.sh starts.
# Usage: ./scripts/bench-intake.sh   (env: BENCH_USERS=50 BENCH_SYNC_ORDERS=1000 BENCH_ASYNC_ORDERS=3000
#                                           BENCH_CONCURRENCY=64)
set -euo pipefail
export USERS="${BENCH_USERS:-50}" SYNC_ORDERS="${BENCH_SYNC_ORDERS:-1000}" ASYNC_ORDERS="${BENCH_ASYNC_ORDERS:-3000}"
export BENCH_CONCURRENCY="${BENCH_CONCURRENCY:-64}" BENCH_SCRIPT=intake.ts
export BENCH_COMMAND="BENCH_USERS=$USERS BENCH_SYNC_ORDERS=$SYNC_ORDERS BENCH_ASYNC_ORDERS=$ASYNC_ORDERS BENCH_CONCURRENCY=$BENCH_CONCURRENCY ./scripts/bench-intake.sh"
exec "$(dirname "${BASH_SOURCE[0]}")/bench-orders.sh"
