#!/usr/bin/env bash
# Resilience suite: under light mixed load (4 users: deposits, withdrawals, market, limit and async
# orders through the gateway), kill and restart in turn Redis, DynamoDB Local (on a data directory,
# so its data survives), each service, the order worker and the gateway, and stall the order and
# user services (SIGSTOP … SIGCONT). Asserts only 2xx/4xx or problem-JSON 503/504 answers during a
# fault, 0 lost and 0 duplicated orders, exact ledgers and recovery by itself (seconds reported,
# capped at 120 s). Loopback only: its OWN stack on free ports, stopped on exit; bounded in time.
# Writes the "## Latest run" table of docs/resilience.md. Exit 0 only with 0 violations.
# Usage: ./scripts/resilience.sh   (env: FAULT_SECONDS=6, FAULTS=redis,order,… to run a subset)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/env.sh"
source "$ROOT/scripts/lib/api-stack.sh"

ensure_stack_deps
RUN_DIR="$(mktemp -d /tmp/op-resilience.XXXXXX)"
trap 'stop_all "$RUN_DIR"' EXIT
export RUN_DIR DYNAMODB_DATA="$RUN_DIR/dynamodb-data"
export LOG_LEVEL=warn TABLE_NAME="op-resilience"
# Short route timeouts and breaker pauses so a stalled service shows as 504/503 within the fault
# window; rate limits far above the light load; lost async queue entries re-queued after 5 s.
export TIMEOUT_FAST_MS=10000 TIMEOUT_DEFAULT_MS=4000 TIMEOUT_SLOW_MS=5000 BREAKER_HALF_OPEN_AFTER_MS=2000
export RATE_LIMIT_DEFAULT_USER=1000000 RATE_LIMIT_WRITE_USER=1000000 RATE_LIMIT_AUTH_USER=1000000
export RATE_LIMIT_DEFAULT_IP=1000000 RATE_LIMIT_WRITE_IP=1000000 RATE_LIMIT_AUTH_IP=1000000
export LOGIN_MAX_FAILURES_IP=100000 INTAKE_REQUEUE_MS=5000
# DynamoDB Local on a data directory: killed and restarted, it keeps the data.
start_api_stack "$RUN_DIR" "$DYNAMODB_DATA"

export COMMAND="${FAULTS:+FAULTS=$FAULTS }${FAULT_SECONDS:+FAULT_SECONDS=$FAULT_SECONDS }./scripts/resilience.sh"
export DOC="$ROOT/docs/resilience.md"
# `timeout` is a backstop only: every wait inside is bounded.
timeout 1200 "$DENO" run --allow-all "$ROOT/scripts/resilience/run.ts"
