#!/usr/bin/env bash
# Run the Order Processor platform.
#   ./scripts/deploy.sh                 start everything locally (same as --type local)
#   ./scripts/deploy.sh stop|status|logs [process]
#   ./scripts/deploy.sh --with-monitoring   also start a local Prometheus scraping every process
#   ./scripts/deploy.sh --type k8s|infra|docker [--environment dev|prod] [--dry-run]   (README "Deploying to kind, EKS or Docker")
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/env.sh"
source "$ROOT/scripts/lib/monitoring.sh"
for lib in images k8s infra docker; do source "$ROOT/scripts/lib/$lib.sh"; done

TYPE=local ENVIRONMENT_NAME=dev ACTION=start TARGET="" MONITORING=0 DRY_RUN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --type) TYPE="$2"; shift 2 ;;
    --type=*) TYPE="${1#*=}"; shift ;;
    --environment) ENVIRONMENT_NAME="$2"; shift 2 ;;
    --environment=*) ENVIRONMENT_NAME="${1#*=}"; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    --with-monitoring) MONITORING=1; shift ;;
    start|stop|status|logs) ACTION="$1"; shift; TARGET="${1:-}"; [ $# -gt 0 ] && shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
done

RUN_DIR="${RUN_DIR:-$ROOT/.run/local}"
DATA_DIR="${DATA_DIR:-$ROOT/.data}"
export DYNAMODB_PORT="${DYNAMODB_PORT:-8042}" REDIS_PORT="${REDIS_PORT:-6380}"
export_service_urls default

status() {
  local f name
  for f in "$RUN_DIR"/*.pid; do
    [ -e "$f" ] || { echo "nothing running (run ./scripts/deploy.sh)"; return 0; }
    name="$(basename "$f" .pid)"
    if is_running "$f"; then echo "$name: running (pid $(cat "$f"))"; else echo "$name: stopped"; fi
  done
}

print_urls() {
  cat <<TXT

Order Processor is running (logs: $RUN_DIR/logs, data: $DATA_DIR)
  API (use this)    ${GATEWAY_URL:-}/api/v1   docs: ${GATEWAY_URL:-}/docs   metrics: ${GATEWAY_URL:-}/metrics
$(for line in "${SERVICES[@]}"; do read -r n _ _ <<<"$line"; v="$(echo "$n" | tr '[:lower:]-' '[:upper:]_')_URL"; printf '  %-17s %s   docs: %s/docs\n' "$n" "${!v}" "${!v}"; done)
  DynamoDB Local    http://127.0.0.1:$DYNAMODB_PORT   table: $TABLE_NAME
  Redis             redis://127.0.0.1:$REDIS_PORT
Stop with: ./scripts/deploy.sh stop
TXT
}

start_local() {
  ensure_stack_deps
  export_stack_env
  mkdir -p "$RUN_DIR"
  log "starting DynamoDB Local on :$DYNAMODB_PORT (data in $DATA_DIR/dynamodb)"
  start_dynamodb "$RUN_DIR" "$DYNAMODB_PORT" "$DATA_DIR/dynamodb"
  log "starting Redis on :$REDIS_PORT"
  start_redis "$RUN_DIR" "$REDIS_PORT" "$DATA_DIR/redis"
  "$DENO" run --allow-net --allow-env --allow-read --allow-sys "$ROOT/scripts/bootstrap.ts"
  start_services "$RUN_DIR" || die "not every process became ready; see $RUN_DIR/logs"
  if [ "$MONITORING" = 1 ]; then
    log "starting Prometheus on :${PROMETHEUS_PORT:-9090}"
    start_prometheus "$RUN_DIR" "${PROMETHEUS_PORT:-9090}"
  fi
  print_urls
  if [ "$MONITORING" = 1 ]; then
    echo "  Prometheus        http://127.0.0.1:${PROMETHEUS_PORT:-9090}   (alerts: /alerts; Grafana dashboards: monitoring/grafana)"
  fi
}

case "$TYPE:$ACTION" in
  local:start) start_local ;;
  local:stop) stop_all "$RUN_DIR"; log "stopped (data kept in $DATA_DIR)" ;;
  local:status) status ;;
  local:logs)
    if [ -n "$TARGET" ]; then tail -n 100 -f "$RUN_DIR/logs/$TARGET.log"; else tail -n 20 "$RUN_DIR"/logs/*.log; fi ;;
  k8s:start) k8s_deploy "$ENVIRONMENT_NAME" "$DRY_RUN" ;;
  infra:start) infra_deploy "$ENVIRONMENT_NAME" "$DRY_RUN" ;;
  docker:*) docker_deploy "$ACTION" "$DRY_RUN" ;;
  k8s:status) k8s_status ;;
  k8s:stop) k8s_stop "$ENVIRONMENT_NAME" ;;
  k8s:*|infra:*) die "--type $TYPE has no '$ACTION': see docs/kubernetes.md (kubectl / terraform directly)" ;;
  *) die "unknown --type $TYPE" ;;
esac
