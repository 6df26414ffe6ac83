#!/usr/bin/env bash
# Fixed-arrival-rate load (scripts/bench/load.ts, an open-model generator): upstream's k6 profiles —
# latency mix at 14 req/s, rate limiting (150 VUs → 150 req/s), lock contention at 50 req/s on one
# user — and a mixed profile at 200 req/s; p50/p90/p95/p99 and error rates beside upstream's figures.
# Default: loopback only, its OWN stack on free ports (plus a second gateway with a 1,000/min per-user
# limit for the rate-limit profile), stopped on exit; bounded by request counts (~4 min of load, most of it the mixed profile's warm-up).
# Writes "## Load (fixed arrival rate)" in docs/benchmarks.md. Exit 1 on any 5xx/no answer, or if the
# lock profile is not 100 % 201.
# --target URL: the same profiles against a deployment's gateway (users made through its API, its own
# rate limits; nothing written to docs/). Only aim it at deployments you own. Used by
# .github/workflows/load-test.yml.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'TXT'
Usage: ./scripts/load.sh [--profile NAME] [--target URL] [--out FILE]
  --profile NAME   all (default), latency, ratelimit, locks, mixed (a subset writes nothing to docs/)
  --target URL     a deployment's gateway, e.g. https://api.example.com, instead of a local stack
  --out FILE       also write the result table (markdown) to FILE
TXT
}

TARGET="" OUT="" PROFILE=all
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) PROFILE="${2:?--profile needs a name}"; shift 2 ;;
    --target) TARGET="${2:?--target needs a URL}"; shift 2 ;;
    --out) OUT="${2:?--out needs a file}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'load.sh: unknown argument: %s\n\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$PROFILE" in
  all) ;;
  latency) export PROFILES=1 ;;
  ratelimit) export PROFILES=2 ;;
  locks) export PROFILES=3 ;;
  mixed) export PROFILES=4 ;;
  *) die "unknown --profile $PROFILE (all, latency, ratelimit, locks, mixed)" ;;
esac

# run_load — the generator; its table goes to stdout (and --out), progress to stderr.
run_load() {
  # The first line of /proc/stat every second (Deno reads /proc/stat only with --allow-all): load.ts
  # reports the CPU share the hypervisor stole during each measured profile from it.
  export CPU_STAT_LOG="${TMPDIR:-/tmp}/op-load-cpu.$$"
  # It ends by itself with this script (also when a failed goal exits early).
  (
    while kill -0 $$ 2>/dev/null; do
      head -1 /proc/stat 2>/dev/null >"$CPU_STAT_LOG.new" && mv -f "$CPU_STAT_LOG.new" "$CPU_STAT_LOG"
      sleep 1
    done
    rm -f "$CPU_STAT_LOG" "$CPU_STAT_LOG.new"
  ) &
  # `timeout` is a backstop only: the run is bounded by its request counts.
  timeout 900 "$DENO" run --allow-net --allow-env --allow-read --allow-sys --allow-write="$ROOT/docs/benchmarks.md" \
    "$ROOT/scripts/bench/load.ts" | if [ -n "$OUT" ]; then tee "$OUT"; else cat; fi
}

if [ -n "$TARGET" ]; then
  ensure_node_modules
  TARGET="${TARGET%/}"
  curl -fsS -o /dev/null --max-time 10 "$TARGET/health" || die "no gateway answers at $TARGET/health"
  export LOAD_TARGET=1 API="$TARGET/api/v1" LIMITED_API="$TARGET/api/v1"
  export ENV_TEXT="target $TARGET (its own rate limits)" COMMAND="./scripts/load.sh --target $TARGET --profile $PROFILE"
  export LOAD_NOTE=" (here: the generator's machine; the target runs elsewhere)"
  run_load
  exit
fi

source "$ROOT/scripts/lib/env.sh"
source "$ROOT/scripts/lib/api-stack.sh"
ensure_stack_deps
RUN_DIR="$(mktemp -d /tmp/op-load.XXXXXX)"
trap 'stop_all "$RUN_DIR"' EXIT
export LOG_LEVEL=warn TABLE_NAME="op-load"
# The main gateway's limits are raised far above the offered load (its limiter still runs)...
export RATE_LIMIT_DEFAULT_USER=100000000 RATE_LIMIT_WRITE_USER=100000000 RATE_LIMIT_AUTH_USER=100000000 \
  RATE_LIMIT_DEFAULT_IP=100000000 RATE_LIMIT_WRITE_IP=100000000 RATE_LIMIT_AUTH_IP=100000000
start_api_stack "$RUN_DIR"
# ... and this one keeps the defaults except a per-user limit of 1,000/min, for the rate-limit profile.
LIMITED_PORT="$(free_port)"
(
  unset RATE_LIMIT_DEFAULT_USER RATE_LIMIT_WRITE_USER RATE_LIMIT_AUTH_USER RATE_LIMIT_DEFAULT_IP \
    RATE_LIMIT_WRITE_IP RATE_LIMIT_AUTH_IP
  export RATE_LIMIT_DEFAULT_USER=1000 # per minute, like the limit of upstream's published run
  start_service "$RUN_DIR" gateway-limited gateway/main.ts "$LIMITED_PORT"
)
wait_http "http://127.0.0.1:$LIMITED_PORT/health/ready" 90 || die "the default-limits gateway did not start"

export API="$GATEWAY_URL/api/v1" LIMITED_API="http://127.0.0.1:$LIMITED_PORT/api/v1" DOC="$ROOT/docs/benchmarks.md"
export ENV_TEXT="$(env_text)" COMMAND="./scripts/load.sh${PROFILES:+ --profile $PROFILE}"
export LOAD_NOTE=" (and shared with other work: see the load average)"
run_load
