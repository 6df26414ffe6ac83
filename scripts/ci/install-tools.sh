#!/usr/bin/env bash
# Install the pinned kubectl (with its built-in kustomize) and terraform that the offline deploy
# suite (deploy_tests/) needs, when they are missing — for CI containers (.github/workflows/ci.yml).
# Each download is checked against the checksum file its publisher serves next to it.
# Needs root (or a writable INSTALL_DIR) and network access to dl.k8s.io and releases.hashicorp.com.
set -euo pipefail
KUBECTL_VERSION="${KUBECTL_VERSION:-v1.32.4}"
TERRAFORM_VERSION="${TERRAFORM_VERSION:-1.11.4}"
INSTALL_DIR="${INSTALL_DIR:-/usr/local/bin}"
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

need() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need curl curl
need unzip unzip

if ! command -v kubectl >/dev/null; then
  base="https://dl.k8s.io/release/$KUBECTL_VERSION/bin/linux/$arch"
  curl -fsSL -o "$work/kubectl" "$base/kubectl"
  echo "$(curl -fsSL "$base/kubectl.sha256")  $work/kubectl" | sha256sum -c --quiet
  install -m 0755 "$work/kubectl" "$INSTALL_DIR/kubectl"
fi

if ! command -v terraform >/dev/null; then
  base="https://releases.hashicorp.com/terraform/$TERRAFORM_VERSION"
  zip="terraform_${TERRAFORM_VERSION}_linux_${arch}.zip"
  curl -fsSL -o "$work/$zip" "$base/$zip"
  curl -fsSL -o "$work/sums" "$base/terraform_${TERRAFORM_VERSION}_SHA256SUMS"
  (cd "$work" && grep " $zip\$" sums | sha256sum -c --quiet)
  unzip -q -o "$work/$zip" terraform -d "$work"
  install -m 0755 "$work/terraform" "$INSTALL_DIR/terraform"
fi

kubectl version --client=true | head -n 1
terraform version | head -n 1
