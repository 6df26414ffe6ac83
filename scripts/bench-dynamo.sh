#!/usr/bin/env bash
# DynamoDB client benchmark: client CPU per call and wall latency of the SDK v3 document client vs the
# lean client (services/common/dynamo-http.ts) for GetItem, a Query page and a 6-item TransactWriteItems,
# as a ratio in one run. Starts its own DynamoDB Local on a free loopback port, stops it on exit, and
# writes the "## DynamoDB client" section of docs/benchmarks.md.
# Usage: ./scripts/bench-dynamo.sh   (env: BENCH_DYNAMO_CALLS=2000 per operation per client)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

CALLS="${BENCH_DYNAMO_CALLS:-2000}"
ensure_stack_deps
RUN_DIR="$(mktemp -d /tmp/op-bench-dynamo.XXXXXX)"
trap 'stop_all "$RUN_DIR"' EXIT
DYNAMODB_PORT="$(free_port)"
start_dynamodb "$RUN_DIR" "$DYNAMODB_PORT" ""

ENV_TEXT="$(machine_text), DynamoDB Local (in memory, same machine)"
CALLS="$CALLS" DOC="$ROOT/docs/benchmarks.md" DYNAMODB_ENDPOINT="http://127.0.0.1:$DYNAMODB_PORT" \
  COMMAND="BENCH_DYNAMO_CALLS=$CALLS ./scripts/bench-dynamo.sh" \
  ENV_TEXT="$ENV_TEXT" timeout 900 "$DENO" run --allow-all "$ROOT/scripts/bench/dynamo-client.ts"
