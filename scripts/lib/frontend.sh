#!/usr/bin/env bash
# The dashboard's build and test steps, shared by deploy.sh and test.sh (sourced after common.sh).
# The production build is made once and reused until a source file changes: a hash of the
# sources is stamped into dist/.build-hash and compared on every start.

FRONTEND_DIR="$ROOT/frontend"

# Hash of everything the build reads (sources, config, lockfile, and the generated API client whose
# types src/api/types.ts re-exports: a contract change must re-run the typecheck).
frontend_source_hash() {
  local p paths=()
  for p in src public index.html package.json package-lock.json vite.config.ts tsconfig.json ../client/openapi.ts; do
    [ -e "$FRONTEND_DIR/$p" ] && paths+=("$p")
  done
  (cd "$FRONTEND_DIR" && find "${paths[@]}" -type f ! -name '*.test.ts' ! -name '*.test.tsx' -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

ensure_frontend_deps() {
  command -v npm >/dev/null || die "Node.js/npm is required to build the dashboard"
  local stamp="$FRONTEND_DIR/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$FRONTEND_DIR/package-lock.json" -nt "$stamp" ]; then
    log "npm ci (frontend)"
    # Playwright's own browser download can't work here; the tests use Debian's chromium.
    (cd "$FRONTEND_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
}

ensure_frontend_build() {
  local hash stamp="$FRONTEND_DIR/dist/.build-hash"
  hash="$(frontend_source_hash)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && [ -f "$FRONTEND_DIR/dist/index.html" ]; then
    log "dashboard build is current (${hash:0:12})"
    return 0
  fi
  ensure_frontend_deps || return 1
  log "building the dashboard (frontend/dist)"
  (cd "$FRONTEND_DIR" && npm run --silent build >"${TMPDIR:-/tmp}/op-frontend-build.log" 2>&1) ||
    { tail -n 40 "${TMPDIR:-/tmp}/op-frontend-build.log" >&2; return 1; }
  echo "$hash" >"$stamp"
}


# junit_counts_skips FILE → "passed failed" from a Vitest or Playwright JUnit report; skipped tests
# are neither (Playwright reports them in `skipped`).
junit_counts_skips() {
  local f="$1"
  [ -s "$f" ] || { echo "0 1"; return; }
  node -e '
    const x = require("fs").readFileSync(process.argv[1], "utf8");
    const tag = /<testsuites\b[^>]*>/.exec(x)?.[0] ?? "";
    const n = (a) => Number(new RegExp(`\\b${a}="(\\d+)"`).exec(tag)?.[1] ?? 0);
    const tests = n("tests"), failed = n("failures") + n("errors");
    // Vitest puts skips on <testcase> only; count them there when the root has none.
    const skipped = n("skipped") || (x.match(/<skipped\b/g) ?? []).length;
    console.log(tag ? `${tests - failed - skipped} ${failed}` : "0 1");' "$f"
}

# run_frontend_unit RUN_DIR → prints "passed failed"
run_frontend_unit() {
  local run="$1" junit="$1/junit-frontend-unit.xml" rc p f
  ensure_frontend_deps >&2 || { echo "0 1"; return; }
  (cd "$FRONTEND_DIR" && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$junit") >&2
  rc=$?
  read -r p f < <(junit_counts_skips "$junit")
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  echo "$p $f"
}

# run_frontend_e2e RUN_DIR → prints "passed failed". Needs FRONTEND_URL (the stack is running).
run_frontend_e2e() {
  local run="$1" junit="$1/junit-frontend-e2e.xml" rc p f
  ensure_frontend_deps >&2 || { echo "0 1"; return; }
  (cd "$FRONTEND_DIR" && PLAYWRIGHT_JUNIT_OUTPUT_NAME="$junit" npx playwright test) >&2
  rc=$?
  read -r p f < <(junit_counts_skips "$junit")
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  echo "$p $f"
}
