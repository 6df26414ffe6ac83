#!/usr/bin/env bash
# Run every test suite against real infrastructure started here on free loopback ports:
#   static  — deno check, deno lint, deno fmt --check
#   unit    — *.test.ts beside the code in services/ and gateway/ (some use the real DynamoDB/Redis)
#   integration — integration_tests/ over HTTP against the running services (incl. the browser test
#                 of /docs offline, the OpenAPI contract, the README walkthrough)
#   conformance — every JSON answer the integration suite recorded vs the OpenAPI document
#   black-box   — integration_tests/run.sh smoke inventory against this stack's gateway (the runner alone)
#   frontend-unit — Vitest component tests of the dashboard (frontend/src/**/*.test.tsx)
#   frontend-e2e  — Playwright in Debian's Chromium against the dashboard served by the stack
#   deploy  — deploy_tests/: Dockerfiles, Kustomize overlays, compose and Terraform checked offline
#             against the code (needs kubectl and terraform on PATH; no cluster, Docker or AWS)
#   monitoring  — promtool checks and rule tests, dashboard drift, and a real Prometheus scraping the stack
#   resilience — only with --full: scripts/resilience.sh (faults under load, its own stack)
# Prints a final line "N passed, N failed" summing all suites. Exit status 0 only if all pass.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/env.sh"
source "$ROOT/scripts/lib/frontend.sh"
source "$ROOT/scripts/lib/monitoring.sh"
source "$ROOT/scripts/lib/tools.sh"
set +e
FULL=0
[ "${1:-}" = "--full" ] && FULL=1

ensure_stack_deps || exit 1
ensure_chromium || exit 1
ensure_prometheus || exit 1

RUN_DIR="$(mktemp -d /tmp/op-test.XXXXXX)"
trap 'stop_all "$RUN_DIR"' EXIT
export DYNAMODB_PORT="$(free_port)" REDIS_PORT="$(free_port)"
export_service_urls free
# Every integration test comes from 127.0.0.1 through one gateway: per-IP guards are raised so
# suites don't block each other; tests of those guards use their own client IP (X-Forwarded-For,
# trusted from loopback here) or start their own gateway with the default thresholds.
export TRUSTED_PROXIES=loopback
export LOGIN_MAX_FAILURES_IP=100000
export RATE_LIMIT_DEFAULT_IP=1000000
export RATE_LIMIT_WRITE_IP=1000000
export RATE_LIMIT_AUTH_IP=1000000
# Route timeouts are production upper bounds; on a loaded 2-core box a burst of bcrypt logins can
# exceed them and open the breaker for every later suite. No test relies on the shared gateway's
# timeouts (the breaker/timeout tests start their own gateway), so they are generous here.
export TIMEOUT_FAST_MS=60000 TIMEOUT_DEFAULT_MS=120000 TIMEOUT_SLOW_MS=180000
export LOG_LEVEL="${LOG_LEVEL:-warn}" TABLE_NAME="op-test"
export_stack_env

PASSED=0 FAILED=0
record() { # suite-name passed failed
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
  log "$1: $2 passed, $3 failed"
}

# junit_counts FILE → "passed failed" from Deno's JUnit report (errors count as failures; ignored
# tests, <skipped/>, are neither and are logged).
junit_counts() {
  local f="$1" tests failures errors skipped
  [ -s "$f" ] || { echo "0 1"; return; }
  read -r tests failures errors skipped < <(node -e '
    const x = require("fs").readFileSync(process.argv[1], "utf8");
    const m = /<testsuites[^>]*\btests="(\d+)"[^>]*\bfailures="(\d+)"[^>]*\berrors="(\d+)"/.exec(x);
    const skipped = (x.match(/<skipped\b/g) ?? []).length;
    console.log(m ? `${m[1]} ${m[2]} ${m[3]} ${skipped}` : "0 1 0 0");' "$f")
  [ "$skipped" = 0 ] || log "$(basename "$f" .xml): $skipped skipped (ignored) tests, not counted as passed"
  echo "$((tests - failures - errors - skipped)) $((failures + errors))"
}

run_deno_tests() { # suite-name paths...
  local name="$1"; shift
  local junit="$RUN_DIR/junit-$name.xml"
  "$DENO" test --allow-all --no-check=remote --junit-path="$junit" "$@"
  local rc=$? p f
  read -r p f < <(junit_counts "$junit")
  # A crashed runner (non-zero exit, no failures reported) still counts as a failure.
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  record "$name" "$p" "$f"
}

# --- static checks -------------------------------------------------------------------------
cd "$ROOT"
static_ok=0 static_bad=0
# check-size: no file over 300 lines, no function over 60 without a why-comment (scripts/check-size.ts).
for check in "check" "lint" "fmt --check" "run --allow-read scripts/check-size.ts"; do
  # shellcheck disable=SC2086
  if "$DENO" $check $( [ "$check" = check ] && ls services/*/main.ts services/*/worker.ts gateway/main.ts scripts/*.ts client/mod.ts frontend/server.ts frontend/config.ts 2>/dev/null) >"$RUN_DIR/static.log" 2>&1; then
    static_ok=$((static_ok + 1))
  else
    static_bad=$((static_bad + 1)); log "deno $check failed:"; tail -n 40 "$RUN_DIR/static.log"
  fi
done
record static "$static_ok" "$static_bad"

# --- deployment artefacts (offline; before the stack starts, so they do not compete for CPU) ----
ensure_kubectl || log "kubectl is missing and could not be installed (scripts/lib/tools.sh): the deploy suite fails"
command -v terraform >/dev/null ||
  log "terraform is not installed (no Debian or npm package): deploy_tests skip terraform fmt -check only"
run_deno_tests deploy deploy_tests/

# --- infrastructure + services ------------------------------------------------------------
log "starting DynamoDB Local :$DYNAMODB_PORT and Redis :$REDIS_PORT (in memory) in $RUN_DIR"
start_dynamodb "$RUN_DIR" "$DYNAMODB_PORT" "" || exit 1
start_redis "$RUN_DIR" "$REDIS_PORT" "" || exit 1
"$DENO" run --allow-all "$ROOT/scripts/bootstrap.ts" || { record bootstrap 0 1; echo "$PASSED passed, $FAILED failed"; exit 1; }

# The dashboard's production build (cached by source hash) is served by the frontend process.
ensure_frontend_build || record frontend-build 0 1

start_services "$RUN_DIR" || record startup 0 1

# --- unit + integration ---------------------------------------------------------------------
mapfile -t unit_dirs < <(ls -d services gateway 2>/dev/null)
run_deno_tests unit "${unit_dirs[@]}"
# Integration answers through the gateway are recorded, then checked against the OpenAPI document.
export RECORD_RESPONSES="$RUN_DIR/responses.jsonl"
export STACK_RUN_DIR="$RUN_DIR" # deploy.sh status/logs tests read this stack's pid and port files
: >"$RECORD_RESPONSES"
export TEST_ARTIFACTS="${TEST_ARTIFACTS:-$ROOT/.run/test-artifacts}"
run_deno_tests integration integration_tests/
run_deno_tests conformance integration_tests/contract/recorded_responses.ts
# The black-box runner on its own against this stack's gateway: proves integration_tests/run.sh works.
# Two quick suites only — the integration step above already ran every suite with internals.
JUNIT_PATH="$RUN_DIR/junit-black-box.xml" integration_tests/run.sh smoke inventory
bb_rc=$?
read -r p f < <(junit_counts "$RUN_DIR/junit-black-box.xml")
if [ "$bb_rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
record black-box "$p" "$f"
log "test artifacts (screenshots): $TEST_ARTIFACTS"
# Monitoring last: its metric-name and scrape checks read what the suites above made the stack export.
run_deno_tests monitoring monitoring/

# --- dashboard: component tests, then the browser against the running stack --------------------
read -r p f < <(run_frontend_unit "$RUN_DIR")
record frontend-unit "$p" "$f"
read -r p f < <(run_frontend_e2e "$RUN_DIR")
record frontend-e2e "$p" "$f"

# --full: the resilience suite too (its own stack; ~4 min: every fault in turn under load).
if [ "$FULL" = 1 ]; then
  if "$ROOT/scripts/resilience.sh"; then record resilience 1 0; else record resilience 0 1; fi
fi

for f in "$RUN_DIR"/logs/*.log; do
  if grep -q '"level":"error"' "$f"; then log "errors logged by $(basename "$f" .log):"; grep '"level":"error"' "$f" | tail -n 5; fi
done

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
