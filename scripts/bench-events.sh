#!/usr/bin/env bash
# Event delivery benchmark (scripts/bench/events.ts): 1,000 open SSE connections through the gateway,
# then committed orders → time until the owner's connections receive the event (p50/p99), on the
# same stack bench-orders.sh starts (free loopback ports, stopped on exit).
# Usage: ./scripts/bench-events.sh   (env: BENCH_USERS=50 BENCH_CONNECTIONS=1000 BENCH_ORDERS=500
#                                           BENCH_CONCURRENCY=8)
set -euo pipefail
export USERS="${BENCH_USERS:-50}" CONNECTIONS="${BENCH_CONNECTIONS:-1000}" ORDERS="${BENCH_ORDERS:-500}"
export BENCH_CONCURRENCY="${BENCH_CONCURRENCY:-8}" BENCH_SCRIPT=events.ts
export BENCH_COMMAND="BENCH_USERS=$USERS BENCH_CONNECTIONS=$CONNECTIONS BENCH_ORDERS=$ORDERS BENCH_CONCURRENCY=$BENCH_CONCURRENCY ./scripts/bench-events.sh"
exec "$(dirname "${BASH_SOURCE[0]}")/bench-orders.sh"
