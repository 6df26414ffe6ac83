#!/usr/bin/env bash
# Gateway benchmark: authenticated GET direct, through a bare Hono fetch proxy (scripts/bench/bare-proxy.ts,
# no checks: the baseline) and through the gateway with every feature on (default RATE_LIMIT_MODE=local,
# and the exact RATE_LIMIT_MODE=redis), at a fixed 1,000 req/s and at max throughput, with autocannon
# (npm), all in the same run; reports the ratios. Loopback only; starts its own Redis, a service stand-in
# (scripts/bench/stub-upstream.ts), the proxy and the gateways on free ports, stops them all on exit,
# and writes the "## Gateway" section of docs/benchmarks.md.
# Usage: ./scripts/bench-gateway.sh
#   env: BENCH_SECONDS=10 (per run), BENCH_RATE=1000 (fixed-rate runs), BENCH_FIXED_CONNECTIONS=10,
#        BENCH_CONNECTIONS=50 (max-throughput runs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
RATE="${BENCH_RATE:-1000}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
FIXED_CONNECTIONS="${BENCH_FIXED_CONNECTIONS:-10}"
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
RUN_DIR="$(mktemp -d /tmp/op-bench.XXXXXX)"
trap 'stop_all "$RUN_DIR"' EXIT
REDIS_PORT="$(free_port)"
STUB_PORT="$(free_port)"
GATEWAY_PORT="$(free_port)"
EXACT_PORT="$(free_port)"
BARE_PORT="$(free_port)"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export JWT_SECRET="bench-only-secret-0123456789abcdef-0123456789" LOG_LEVEL=warn

start_redis "$RUN_DIR" "$REDIS_PORT" ""
PORT="$STUB_PORT" start_bg stub "$RUN_DIR" "$DENO" run --allow-net --allow-env --allow-read --allow-sys \
  "$ROOT/scripts/bench/stub-upstream.ts"
PORT="$BARE_PORT" UPSTREAM_URL="http://127.0.0.1:$STUB_PORT" start_bg bare "$RUN_DIR" "$DENO" run \
  --allow-net --allow-env --allow-read "$ROOT/scripts/bench/bare-proxy.ts"
# Limits far above the offered load: this measures the gateway's work, not its 429s.
start_gateway() { # name port mode
  PORT="$2" RATE_LIMIT_MODE="$3" USER_URL="http://127.0.0.1:$STUB_PORT" RATE_LIMIT_DEFAULT_IP=100000000 \
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
run() { # name url [extra autocannon args...]
  local name="$1" url="$2"; shift 2
  # Short warm-up (JIT, connection pools), then the measured run; both bounded by -d.
  "$AUTOCANNON" -d 2 -H "Authorization=Bearer $TOKEN" "$@" "$url" >/dev/null 2>&1
  log "$name: ${SECONDS_PER_RUN}s $*"
  "$AUTOCANNON" -d "$SECONDS_PER_RUN" -j -H "Authorization=Bearer $TOKEN" "$@" "$url" \
    >"$RUN_DIR/$name.json" 2>/dev/null
}
# CPU time (user+sys, µs) a process used per request during a fixed-rate run: robust to a noisy
# machine, unlike throughput, so it shows what the gateway itself costs.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$(cat "$RUN_DIR/$1.pid")/stat"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))
cpu_per_request() { # name proc before_ticks
  # The window includes the 2 s warm-up, which runs at the same fixed rate.
  echo $(( ($(cpu_ticks "$2") - $3) * TICK_US / (RATE * (SECONDS_PER_RUN + 2)) )) >"$RUN_DIR/cpu-$1-$2.txt"
}
# -R: autocannon's overall fixed rate (requests are sent on schedule across the connections).
s0="$(cpu_ticks stub)"
run direct-fixed "$DIRECT" -c "$FIXED_CONNECTIONS" -R "$RATE"
cpu_per_request direct stub "$s0"
for via in bare gateway gateway-exact; do
  url="$VIA_BARE"; [ "$via" = gateway ] && url="$VIA_GATEWAY"; [ "$via" = gateway-exact ] && url="$VIA_EXACT"
  s0="$(cpu_ticks stub)" g0="$(cpu_ticks "$via")"
  run "$via-fixed" "$url" -c "$FIXED_CONNECTIONS" -R "$RATE"
  cpu_per_request "$via" stub "$s0"
  cpu_per_request "$via" "$via" "$g0"
done
run direct-max "$DIRECT" -c "$CONNECTIONS"
run bare-max "$VIA_BARE" -c "$CONNECTIONS"
run gateway-max "$VIA_GATEWAY" -c "$CONNECTIONS"
run gateway-exact-max "$VIA_EXACT" -c "$CONNECTIONS"
# Kill the upstream: the first answers are 503 SERVICE_UNAVAILABLE until the breaker opens, then every
# answer is a fast 503 CIRCUIT_OPEN (the issue's "< 100 ms while open"). Sequential, bounded count.
stop_bg "$RUN_DIR/stub.pid"
"$DENO" run --allow-net "$ROOT/scripts/bench/open-circuit.ts" "$VIA_GATEWAY" "$TOKEN" 500 \
  >"$RUN_DIR/open-circuit.json"

ENV_TEXT="$(nproc) CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM,"
ENV_TEXT="$ENV_TEXT $("$DENO" --version | head -1), redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -d= -f2),"
ENV_TEXT="$ENV_TEXT autocannon $AUTOCANNON_VERSION (fixed rate: -c $FIXED_CONNECTIONS -R $RATE; max: -c $CONNECTIONS;"
ENV_TEXT="$ENV_TEXT ${SECONDS_PER_RUN}s per run after a 2 s warm-up), LOG_LEVEL=warn, load average at start: $LOAD_AT_START"
node "$ROOT/scripts/bench/write-results.mjs" "$RUN_DIR" "$ROOT/docs/benchmarks.md" \
  "BENCH_SECONDS=$SECONDS_PER_RUN BENCH_RATE=$RATE BENCH_FIXED_CONNECTIONS=$FIXED_CONNECTIONS BENCH_CONNECTIONS=$CONNECTIONS ./scripts/bench-gateway.sh" "$ENV_TEXT" "$RATE"
