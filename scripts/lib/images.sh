#!/usr/bin/env bash
# Container images of the processes in SERVICES (scripts/lib/common.sh): one Dockerfile per process,
# built from the repository root. deploy_tests/ derive the same names and paths from these functions.

IMAGE_PREFIX="order-processor"

# dockerfile_for ENTRYPOINT — dir/main.ts → dir/Dockerfile; dir/worker.ts → dir/worker.Dockerfile
# (a second process of the same package, e.g. services/order/worker.ts, keeps its own file).
dockerfile_for() {
  local entry="$1" dir base
  dir="$(dirname "$entry")" base="$(basename "$entry" .ts)"
  if [ "$base" = main ]; then echo "$dir/Dockerfile"; else echo "$dir/$base.Dockerfile"; fi
}

image_for() { echo "$IMAGE_PREFIX/$1"; } # NAME → order-processor/NAME (tag added by the caller)

# image_table — "name entrypoint port dockerfile image" per process, in SERVICES order.
image_table() {
  local line name entry port
  for line in "${SERVICES[@]}"; do
    read -r name entry port <<<"$line"
    echo "$name $entry $port $(dockerfile_for "$entry") $(image_for "$name")"
  done
}

# build_images TAG [REGISTRY_PREFIX] — docker build every process image as <prefix>/<name>:TAG.
build_images() {
  local tag="$1" prefix="${2:-$IMAGE_PREFIX}" name entry port file image
  while read -r name entry port file image; do
    log "docker build $prefix/$name:$tag ($file)"
    docker build -f "$ROOT/$file" -t "$prefix/$name:$tag" "$ROOT" || die "docker build of $name failed"
  done < <(image_table)
}

docker_engine_up() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }

missing_tools() { # TOOL... → the missing ones, space-separated
  local t out=()
  for t in "$@"; do
    case "$t" in
      docker-engine) docker_engine_up || out+=("$t") ;;
      *) command -v "$t" >/dev/null || out+=("$t") ;;
    esac
  done
  echo "${out[*]}"
}

# require_tools TOOL... — stop before changing anything, naming every missing tool and its install.
require_tools() {
  local missing t
  read -r -a missing <<<"$(missing_tools "$@")"
  [ ${#missing[@]} = 0 ] && return 0
  printf '\033[1;31merror:\033[0m cannot continue, missing: %s\n' "${missing[*]}" >&2
  for t in "${missing[@]}"; do
    case "$t" in
      docker) echo "  docker: install Docker Engine (https://docs.docker.com/engine/install/)" >&2 ;;
      docker-engine) echo "  docker-engine: the docker client is here but no Docker engine answers (docker info); start dockerd" >&2 ;;
      kind) echo "  kind: go install sigs.k8s.io/kind@v0.29.0, or a release binary (https://kind.sigs.k8s.io)" >&2 ;;
      kubectl) echo "  kubectl: https://kubernetes.io/docs/tasks/tools/ (1.31+, has kustomize built in)" >&2 ;;
      aws) echo "  aws: AWS CLI v2 (https://aws.amazon.com/cli/), then credentials for the target account" >&2 ;;
      terraform) echo "  terraform: 1.6+ (https://developer.hashicorp.com/terraform/install)" >&2 ;;
      *) echo "  $t" >&2 ;;
    esac
  done
  echo "Nothing was changed." >&2
  return 1
}
