#!/usr/bin/env bash
# ./scripts/deploy.sh --type docker [--dry-run] [stop]: the whole platform with docker compose
# (docker-compose.yml at the repository root). Needs common.sh and images.sh sourced first.

docker_deploy() { # ACTION DRY_RUN
  local action="$1" dry="$2"
  if [ "$dry" = 1 ]; then
    log "dry run: docker compose would start these services (docker-compose.yml):"
    (cd "$ROOT" && node -e 'const y=require("yaml");const d=y.parse(require("fs").readFileSync(process.argv[1],"utf8"));for(const [n,s] of Object.entries(d.services))console.error(`  ${n}: ${s.image}`)' docker-compose.yml)
    return 0
  fi
  require_tools docker docker-engine || exit 1
  docker compose version >/dev/null 2>&1 || die "the docker compose plugin is missing (https://docs.docker.com/compose/install/)"
  case "$action" in
    stop) docker compose -f "$ROOT/docker-compose.yml" down; return ;;
    status) docker compose -f "$ROOT/docker-compose.yml" ps; return ;;
    logs) docker compose -f "$ROOT/docker-compose.yml" logs --tail 100 -f ${TARGET:-}; return ;;
  esac
  docker compose -f "$ROOT/docker-compose.yml" up -d --build --wait || die "docker compose up failed"
  cat <<TXT

Order Processor is running in Docker
  Dashboard http://127.0.0.1:3000
  API       http://127.0.0.1:8080/api/v1   docs: http://127.0.0.1:8080/docs
  Metrics   Prometheus http://127.0.0.1:9090   Grafana http://127.0.0.1:3001
  Stop      ./scripts/deploy.sh --type docker stop
TXT
}
