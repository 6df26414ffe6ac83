#!/usr/bin/env bash
# Run the Order Processor platform locally (or say which other targets are not available yet).
# Usage text: ./scripts/deploy.sh --help
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/env.sh"
source "$ROOT/scripts/lib/monitoring.sh"
source "$ROOT/scripts/lib/frontend.sh"
for lib in images k8s infra docker; do source "$ROOT/scripts/lib/$lib.sh"; done

usage() {
  cat <<'TXT'
Usage: ./scripts/deploy.sh [start] [--demo] [--with-monitoring]   start everything locally (default)
       ./scripts/deploy.sh stop                 stop every process (data is kept in .data/)
       ./scripts/deploy.sh status               each process: pid, port, URL, health
       ./scripts/deploy.sh logs [process]       follow one process's log, or the last lines of all
       ./scripts/deploy.sh demo                 seed the demo users into the running stack
       ./scripts/deploy.sh --type k8s|infra|docker [--environment dev|prod] [--dry-run] [status|stop]
                                                 kind/EKS, Terraform, compose (README "Deploying to kind, EKS or Docker")

Options:
  --demo               after starting, create a demo customer (funded, with history) and a demo
                       admin and print their credentials — for local use only
  --with-monitoring    also start a local Prometheus scraping every process (PROMETHEUS_PORT, 9090)
  --type TYPE          local (default), k8s, infra, docker
  --environment ENV    dev (default) or prod, for --type k8s|infra
  -h, --help           this text

Processes: user, inventory, order, worker, gateway (the SERVICES table in scripts/lib/common.sh),
  dynamodb, redis, and prometheus with --with-monitoring.
Environment: <NAME>_PORT (USER_PORT, INVENTORY_PORT, ORDER_PORT, GATEWAY_PORT), DYNAMODB_PORT (8042),
  REDIS_PORT (6380), RUN_DIR (.run/local: pid files, logs), DATA_DIR (.data), plus every service
  setting in README "Configuration". Installs what is missing (npm ci, Java 17, redis-server via
  apt-get, which needs root) on first start.
TXT
}

TYPE=local ENVIRONMENT_NAME=dev ACTION=start TARGET="" DEMO=0 MONITORING=0 DRY_RUN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --type) TYPE="${2:?--type needs a value}"; shift 2 ;;
    --type=*) TYPE="${1#*=}"; shift ;;
    --environment) ENVIRONMENT_NAME="${2:?--environment needs a value}"; shift 2 ;;
    --environment=*) ENVIRONMENT_NAME="${1#*=}"; shift ;;
    --with-monitoring) MONITORING=1; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    --demo) DEMO=1; shift ;;
    start|stop|status|demo) ACTION="$1"; shift ;;
    logs) ACTION=logs; shift; if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then TARGET="$1"; shift; fi ;;
    -h|--help|help) usage; exit 0 ;;
    *) printf 'deploy.sh: unknown argument: %s\n\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
done

RUN_DIR="${RUN_DIR:-$ROOT/.run/local}"
DATA_DIR="${DATA_DIR:-$ROOT/.data}"
export DYNAMODB_PORT="${DYNAMODB_PORT:-8042}" REDIS_PORT="${REDIS_PORT:-6380}"
export_service_urls default

# Every process of the stack: the SERVICES table (scripts/lib/common.sh) plus the data stores.
PROCESS_NAMES=()
for line in "${SERVICES[@]}"; do read -r name _ _ <<<"$line"; PROCESS_NAMES+=("$name"); done
PROCESS_NAMES+=(dynamodb redis prometheus)

# status: one line per process — pid, port, URL and what its health endpoint says right now.
status() {
  local name pidfile port url health state any=0
  printf '%-10s %-8s %-7s %-8s %-32s %s\n' PROCESS STATE PID PORT URL HEALTH
  for name in "${PROCESS_NAMES[@]}"; do
    pidfile="$RUN_DIR/$name.pid"
    [ -f "$pidfile" ] || continue
    any=1
    port="$(cat "$RUN_DIR/$name.port" 2>/dev/null || echo '?')"
    case "$name" in
      dynamodb) url="http://127.0.0.1:$port" ;;
      redis) url="redis://127.0.0.1:$port" ;;
      *) url="http://127.0.0.1:$port" ;;
    esac
    if is_running "$pidfile"; then state=running; else state=stopped; fi
    health=-
    if [ "$state" = running ]; then
      case "$name" in
        dynamodb) curl -s -o /dev/null --max-time 10 "$url" && health=ok || health=unreachable ;;
        redis) redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && health=ok || health=unreachable ;;
        prometheus) curl -s -o /dev/null --max-time 10 -f "$url/-/ready" && health=ok || health=unreachable ;;
        *) health="$(curl -s --max-time 10 "$url/health/ready" | sed -nE 's/.*"status":"([a-z_]+)".*/\1/p' || true)"
           [ -n "$health" ] || health=unreachable ;;
      esac
    fi
    printf '%-10s %-8s %-7s %-8s %-32s %s\n' "$name" "$state" "$(cat "$pidfile")" "$port" "$url" "$health"
  done
  [ "$any" = 1 ] || echo "nothing running in $RUN_DIR (start it with ./scripts/deploy.sh)"
}

# logs [NAME]: follow one log, or show the last lines of every log.
logs() {
  if [ -z "$TARGET" ]; then
    compgen -G "$RUN_DIR/logs/*.log" >/dev/null || die "no logs in $RUN_DIR/logs yet (start with ./scripts/deploy.sh)"
    tail -n 20 "$RUN_DIR"/logs/*.log
    return
  fi
  if [[ " ${PROCESS_NAMES[*]} " != *" $TARGET "* ]]; then
    die "no process named '$TARGET'; choose one of: ${PROCESS_NAMES[*]}"
  fi
  [ -f "$RUN_DIR/logs/$TARGET.log" ] || die "no log for $TARGET in $RUN_DIR/logs (has it been started?)"
  tail -n 100 -f "$RUN_DIR/logs/$TARGET.log"
}

demo() {
  export_stack_env
  curl -fsS -o /dev/null --max-time 2 "$GATEWAY_URL/health" || die "the gateway is not running at $GATEWAY_URL"
  "$DENO" run --allow-net --allow-env --allow-read --allow-sys "$ROOT/scripts/demo.ts"
}

print_urls() {
  cat <<TXT

Order Processor is running (logs: $RUN_DIR/logs, data: $DATA_DIR)
  Dashboard         ${FRONTEND_URL:-}   (open this in a browser)
  API (use this)    ${GATEWAY_URL:-}/api/v1   docs: ${GATEWAY_URL:-}/docs   metrics: ${GATEWAY_URL:-}/metrics
$(for line in "${SERVICES[@]}"; do read -r n _ _ <<<"$line"; [ "$n" = frontend ] && continue; v="$(echo "$n" | tr '[:lower:]-' '[:upper:]_')_URL"; printf '  %-17s %s   docs: %s/docs\n' "$n" "${!v}" "${!v}"; done)
  DynamoDB Local    http://127.0.0.1:$DYNAMODB_PORT   table: $TABLE_NAME
  Redis             redis://127.0.0.1:$REDIS_PORT
Stop with: ./scripts/deploy.sh stop
TXT
}

start_local() {
  ensure_stack_deps
  ensure_frontend_build || die "the dashboard did not build; see the output above"
  export_stack_env
  # The dashboard proxies /api from loopback: the gateway believes its X-Forwarded-For, so rate
  # limits and the login guard count each browser's address, not one shared 127.0.0.1.
  export TRUSTED_PROXIES="${TRUSTED_PROXIES:-loopback}"
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
  if [ "$DEMO" = 1 ]; then demo; fi
}

case "$TYPE:$ACTION" in
  local:start) start_local ;;
  local:stop) stop_all "$RUN_DIR"; log "stopped (data kept in $DATA_DIR)" ;;
  local:status) status ;;
  local:logs) logs ;;
  local:demo) demo ;;
  k8s:start) k8s_deploy "$ENVIRONMENT_NAME" "$DRY_RUN" ;;
  infra:start) infra_deploy "$ENVIRONMENT_NAME" "$DRY_RUN" ;;
  docker:*) docker_deploy "$ACTION" "$DRY_RUN" ;;
  k8s:status) k8s_status ;;
  k8s:stop) k8s_stop "$ENVIRONMENT_NAME" ;;
  k8s:*|infra:*) die "--type $TYPE has no '$ACTION': see docs/kubernetes.md (kubectl / terraform directly)" ;;
  *) die "unknown --type $TYPE (try --help)" ;;
esac
