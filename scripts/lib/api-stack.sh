#!/usr/bin/env bash
# start_api_stack RUN_DIR [DYNAMODB_DATA_DIR] — the API's processes without the dashboard, on free
# loopback ports (DynamoDB Local in memory unless a data directory is given; Redis in memory), for
# suites that start their own stack (resilience.sh, load.sh). Callers set their env overrides first
# and trap `stop_all RUN_DIR`. Needs scripts/lib/common.sh and env.sh sourced.
start_api_stack() {
  local run="$1" data="${2:-}"
  export DYNAMODB_PORT="$(free_port)" REDIS_PORT="$(free_port)"
  mapfile -t SERVICES < <(printf '%s\n' "${SERVICES[@]}" | grep -v '^frontend ')
  export_service_urls free
  export_stack_env
  log "starting DynamoDB Local :$DYNAMODB_PORT${data:+ (data in $data)}, Redis :$REDIS_PORT and the services in $run"
  start_dynamodb "$run" "$DYNAMODB_PORT" "$data"
  start_redis "$run" "$REDIS_PORT" ""
  "$DENO" run --allow-all "$ROOT/scripts/bootstrap.ts" >/dev/null
  start_services "$run" || die "the stack did not start; see $run/logs"
}

# The machine this ran on, for benchmark write-ups.
env_text() {
  echo "$(machine_text), DynamoDB Local, redis $(redis_version), LOG_LEVEL=${LOG_LEVEL:-warn}"
}
