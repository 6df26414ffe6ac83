#!/usr/bin/env bash
# Gateway benchmark: authenticated GET direct, through a bare Hono fetch proxy (scripts/bench/bare-proxy.ts,
# no checks: the baseline) and through the gateway with every feature on (default RATE_LIMIT_MODE=local,
# and the exact RATE_LIMIT_MODE=redis), at a fixed 1,000 req/s (scripts/bench/fixed-rate.ts: latency per
# request in µs) and at max throughput (autocannon, npm), all in the same run; reports the ratios. Loopback only; starts its own Redis, a service stand-in
# (scripts/bench/stub-upstream.ts), the proxy and the gateways on free ports, stops them all on exit,
# and writes the "## Gateway" section of docs/benchmarks.md. The gateways have a Redis of their own:
# at the end it is stopped and both gateways are measured again without it (the stand-in keeps its own).
# Usage: ./scripts/bench-gateway.sh
#   env: BENCH_SECONDS=5 (per run), BENCH_ROUNDS=3 (interleaved rounds, medians reported),
#        BENCH_RATE=1000 (fixed-rate runs), BENCH_CONNECTIONS=50 (max-throughput runs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SECONDS_PER_RUN="${BENCH_SECONDS:-5}"
ROUNDS="${BENCH_ROUNDS:-3}"
RATE="${BENCH_RATE:-1000}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
AUTOCANNON_VERSION=8.0.0
TOOLS="${BENCH_TOOLS_DIR:-/tmp/op-bench-tools}"

ensure_node_modules
ensure_redis
AUTOCANNON="$TOOLS/node_modules/.bin/autocannon"
if [ ! -x "$AUTOCANNON" ]; then
  log "npm install autocannon@$AUTOCANNON_VERSION into $TOOLS (kept out of the project's dependencies)"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --loglevel=error "autocannon@$AUTOCANNON_VERSION" >/dev/null
fi

LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
CPU_AT_START="$(head -1 /proc/stat)"
RUN_DIR="$(mktemp -d /tmp/op-bench.XXXXXX)"
GW_REDIS_DIR="$RUN_DIR/gateway-redis"
mkdir -p "$GW_REDIS_DIR"
trap 'stop_all "$GW_REDIS_DIR"; stop_all "$RUN_DIR"' EXIT
REDIS_PORT="$(free_port)"
GW_REDIS_PORT="$(free_port)"
STUB_PORT="$(free_port)"
GATEWAY_PORT="$(free_port)"
EXACT_PORT="$(free_port)"
BARE_PORT="$(free_port)"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export JWT_SECRET="bench-only-secret-0123456789abcdef-0123456789" LOG_LEVEL=warn

start_redis "$RUN_DIR" "$REDIS_PORT" ""
start_redis "$GW_REDIS_DIR" "$GW_REDIS_PORT" ""
PORT="$STUB_PORT" start_bg stub "$RUN_DIR" "$DENO" run --allow-net --allow-env --allow-read --allow-sys \
  "$ROOT/scripts/bench/stub-upstream.ts"
PORT="$BARE_PORT" UPSTREAM_URL="http://127.0.0.1:$STUB_PORT" start_bg bare "$RUN_DIR" "$DENO" run \
  --allow-net --allow-env --allow-read "$ROOT/scripts/bench/bare-proxy.ts"
# Limits far above the offered load: this measures the gateway's work, not its 429s.
start_gateway() { # name port mode
  PORT="$2" RATE_LIMIT_MODE="$3" REDIS_URL="redis://127.0.0.1:$GW_REDIS_PORT" USER_URL="http://127.0.0.1:$STUB_PORT" RATE_LIMIT_DEFAULT_IP=100000000 \
    RATE_LIMIT_DEFAULT_USER=100000000 start_bg "$1" "$RUN_DIR" "$DENO" run --allow-net --allow-env \
    --allow-read --allow-sys "$ROOT/gateway/main.ts"
}
start_gateway gateway "$GATEWAY_PORT" local
start_gateway gateway-exact "$EXACT_PORT" redis
for p in "$STUB_PORT/health" "$BARE_PORT/api/v1/health" "$GATEWAY_PORT/health" "$EXACT_PORT/health"; do
  wait_http "http://127.0.0.1:$p" 60 || die "http://127.0.0.1:$p did not answer; see $RUN_DIR/logs"
done
TOKEN="$("$DENO" run --allow-env --allow-read "$ROOT/scripts/bench/mint-token.ts")"

DIRECT="http://127.0.0.1:$STUB_PORT/balance"
VIA_GATEWAY="http://127.0.0.1:$GATEWAY_PORT/api/v1/balance"
VIA_EXACT="http://127.0.0.1:$EXACT_PORT/api/v1/balance"
VIA_BARE="http://127.0.0.1:$BARE_PORT/api/v1/balance"
# CPU time (user+sys) a process used per request answered during a measured run: robust to a noisy
# machine, unlike throughput, so it shows what each proxy itself costs.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$(cat "$RUN_DIR/$1.pid")/stat"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))
FIXED_RATE=("$DENO" run --allow-net "$ROOT/scripts/bench/fixed-rate.ts")
run() { # name url "procs to measure" fixed|max [extra autocannon args...]
  local name="$1" url="$2" procs="$3" kind="$4" p; shift 4
  # Short warm-up (JIT, connection pools), then the measured run; both bounded in time.
  if [ "$kind" = fixed ]; then "${FIXED_RATE[@]}" "$url" "$TOKEN" "$RATE" 2 >/dev/null 2>&1
  else "$AUTOCANNON" -d 2 -H "Authorization=Bearer $TOKEN" "$@" "$url" >/dev/null 2>&1; fi
  log "$name: ${SECONDS_PER_RUN}s $kind $*"
  declare -A t0
  for p in $procs; do t0[$p]="$(cpu_ticks "$p")"; done
  if [ "$kind" = fixed ]; then
    "${FIXED_RATE[@]}" "$url" "$TOKEN" "$RATE" "$SECONDS_PER_RUN" >"$RUN_DIR/$name.json" 2>/dev/null
  else
    "$AUTOCANNON" -d "$SECONDS_PER_RUN" -j -H "Authorization=Bearer $TOKEN" "$@" "$url" \
      >"$RUN_DIR/$name.json" 2>/dev/null
  fi
  local answered
  answered="$(node -e 'console.log(Math.max(1, require(process.argv[1]).requests.total))' "$RUN_DIR/$name.json")"
  for p in $procs; do
    echo $(( ($(cpu_ticks "$p") - ${t0[$p]}) * TICK_US / answered )) >"$RUN_DIR/cpu-$name-$p.txt"
  done
}
url_of() { case "$1" in direct) echo "$DIRECT" ;; bare) echo "$VIA_BARE" ;; gateway) echo "$VIA_GATEWAY" ;; *) echo "$VIA_EXACT" ;; esac; }
# Rounds interleave the four targets, so a burst of load from elsewhere on the machine hits all of
# them alike; the report takes the median over rounds.
for round in $(seq 1 "$ROUNDS"); do
  for via in direct bare gateway gateway-exact; do
    procs="stub"; [ "$via" != direct ] && procs="stub $via"
    run "$via-fixed-$round" "$(url_of "$via")" "$procs" fixed
  done
  for via in direct bare gateway gateway-exact; do
    procs="stub"; [ "$via" != direct ] && procs="stub $via"
    run "$via-max-$round" "$(url_of "$via")" "$procs" max -c "$CONNECTIONS"
  done
done
# Redis down (the gateways' own): requests keep flowing, decided in process, at the same cost.
stop_all "$GW_REDIS_DIR"
for round in $(seq 1 "$ROUNDS"); do
  for via in gateway gateway-exact; do
    run "$via-down-fixed-$round" "$(url_of "$via")" "stub $via" fixed
    run "$via-down-max-$round" "$(url_of "$via")" "stub $via" max -c "$CONNECTIONS"
  done
done
# Kill the upstream: the first answers are 503 SERVICE_UNAVAILABLE until the breaker opens, then every
# answer is a fast 503 CIRCUIT_OPEN (the issue's "< 100 ms while open"). Sequential, bounded count.
stop_bg "$RUN_DIR/stub.pid"
"$DENO" run --allow-net "$ROOT/scripts/bench/open-circuit.ts" "$VIA_GATEWAY" "$TOKEN" 500 \
  >"$RUN_DIR/open-circuit.json"

ENV_TEXT="$(machine_text), redis $(redis_version),"
ENV_TEXT="$ENV_TEXT fixed rate: scripts/bench/fixed-rate.ts at $RATE req/s; max: autocannon $AUTOCANNON_VERSION -c $CONNECTIONS;"
ENV_TEXT="$ENV_TEXT ${SECONDS_PER_RUN}s per run after a 2 s warm-up, $ROUNDS interleaved rounds, LOG_LEVEL=warn, load average at start: $LOAD_AT_START, at end: $(cut -d' ' -f1-3 /proc/loadavg), CPU stolen by the host during the run: $(stolen_since "$CPU_AT_START")"
node "$ROOT/scripts/bench/write-results.mjs" "$RUN_DIR" "$ROOT/docs/benchmarks.md" \
  "BENCH_SECONDS=$SECONDS_PER_RUN BENCH_ROUNDS=$ROUNDS BENCH_RATE=$RATE BENCH_CONNECTIONS=$CONNECTIONS ./scripts/bench-gateway.sh" "$ENV_TEXT" "$RATE" "$ROUNDS"
