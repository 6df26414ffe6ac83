#!/usr/bin/env bash
# Operator commands against the local stack started by deploy.sh (same ports/env):
#   ./scripts/admin.sh set-role <username> <customer|admin>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ROOT/scripts/lib/env.sh"
export DYNAMODB_PORT="${DYNAMODB_PORT:-8042}" REDIS_PORT="${REDIS_PORT:-6380}"
export_stack_env
exec "$DENO" run --allow-net --allow-env --allow-read --allow-sys "$ROOT/scripts/admin.ts" "$@"
