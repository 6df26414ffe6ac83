#!/usr/bin/env bash
# ./scripts/deploy.sh --type k8s --environment dev|prod [--dry-run]
#   dev  → kind: create the cluster when missing, build + `kind load` the images, apply overlays/kind
#   prod → EKS: build + push to ECR, fill overlays/eks from terraform outputs, create the Secret from
#          Secrets Manager, apply. --dry-run renders what would be applied and changes nothing.
# Needs common.sh and images.sh sourced first.

KIND_CLUSTER="${KIND_CLUSTER:-order-processor}"
K8S_NAMESPACE="order-processor"

# kustomize_build DIR — kubectl's built-in kustomize, or a standalone kustomize.
kustomize_build() {
  if command -v kubectl >/dev/null; then kubectl kustomize "$1"
  elif command -v kustomize >/dev/null; then kustomize build "$1"
  else require_tools kubectl; return 1; fi
}

# summarize_manifests FILE — one "Kind/name" line per object.
summarize_manifests() {
  awk '/^---/{k="";n=""} /^kind:/{k=$2} /^  name:/{if(n==""){n=$2; if(k!="") print "  " k "/" n}}' "$1"
}

# eks_wrap_overlay OUTPUTS_JSON TAG DIR — a kustomization in DIR over overlays/eks that swaps every
# placeholder for terraform outputs (registry, role, table, region, host, certificate, origins).
eks_wrap_overlay() {
  local outputs="$1" tag="$2" dir="$3"
  node - "$outputs" "$tag" "$dir" "$ROOT/kubernetes/overlays/eks" "$(image_table | awk '{print $1}' | tr '\n' ' ')" <<'JS'
const fs = require("fs");
const [outFile, tag, dir, overlay, names] = process.argv.slice(2);
const o = Object.fromEntries(Object.entries(JSON.parse(fs.readFileSync(outFile, "utf8"))).map(([k, v]) => [k, v.value]));
const placeholder = "000000000000.dkr.ecr.us-east-1.amazonaws.com/order-processor-prod";
const images = names.trim().split(/\s+/).map((n) => ({
  name: `${placeholder}/${n}`, newName: `${o.ecr_registry}/${o.ecr_repository_prefix}/${n}`, newTag: tag,
}));
const k = {
  apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [require("path").relative(dir, overlay)], images,
  configMapGenerator: [
    { name: "order-processor-config", behavior: "merge", literals: [`AWS_REGION=${o.region}`, `TABLE_NAME=${o.table_name}`] },
    { name: "gateway-config", behavior: "merge", literals: [`TRUSTED_PROXIES=${o.vpc_cidr}`, `CORS_ORIGINS=${o.cors_origins}`] },
  ],
  patches: [
    { target: { kind: "ServiceAccount", name: "order-processor-data" },
      patch: JSON.stringify([{ op: "replace", path: "/metadata/annotations/eks.amazonaws.com~1role-arn", value: o.app_role_arn }]) },
    { target: { kind: "Ingress", name: "order-processor" },
      patch: JSON.stringify([
        { op: "replace", path: "/spec/rules/0/host", value: o.api_hostname },
        { op: "replace", path: "/metadata/annotations/alb.ingress.kubernetes.io~1certificate-arn", value: o.certificate_arn },
      ]) },
  ],
};
fs.writeFileSync(`${dir}/kustomization.yaml`, JSON.stringify(k, null, 2));
JS
}

k8s_deploy() { # ENVIRONMENT DRY_RUN
  local env="$1" dry="$2" overlay out need
  case "$env" in dev) overlay=kind ;; prod) overlay=eks ;; *) die "--environment must be dev or prod (got $env)" ;; esac
  need=(docker docker-engine kind kubectl)
  [ "$env" = prod ] && need=(docker docker-engine aws kubectl terraform node)
  out="$(mktemp -d /tmp/op-k8s.XXXXXX)"
  if [ "$dry" = 1 ]; then
    kustomize_build "$ROOT/kubernetes/overlays/$overlay" >"$out/rendered.yaml" || die "kustomize build failed"
    log "dry run: kubernetes/overlays/$overlay renders $(grep -c '^kind:' "$out/rendered.yaml") objects (nothing applied):"
    summarize_manifests "$out/rendered.yaml" >&2
    [ "$env" = prod ] && log "AWS values are placeholders here; a real run fills them from terraform outputs"
    require_tools "${need[@]}" 2>/dev/null || log "a real run here would stop first: $(missing_tools "${need[@]}") missing"
    cat "$out/rendered.yaml"
    rm -rf "$out"
    return 0
  fi
  if ! require_tools "${need[@]}"; then
    # Rendering changes nothing, so show what would have been applied.
    kustomize_build "$ROOT/kubernetes/overlays/$overlay" >"$out/rendered.yaml" 2>/dev/null \
      && echo "What it would apply is rendered in $out/rendered.yaml (print it with --dry-run)." >&2
    exit 1
  fi
  if [ "$env" = dev ]; then k8s_kind "$out"; else k8s_eks "$out"; fi
}

cluster_reachable() {
  kubectl cluster-info --request-timeout=10s >/dev/null 2>&1 \
    || die "no Kubernetes cluster reachable (kubectl context: $(kubectl config current-context 2>/dev/null || echo none)); nothing was applied"
}

k8s_apply_and_wait() { # RENDERED_FILE
  cluster_reachable
  kubectl -n "$K8S_NAMESPACE" delete job bootstrap-table --ignore-not-found >/dev/null 2>&1 || true
  kubectl apply -f "$1" || die "kubectl apply failed"
  local name
  for name in $(image_table | awk '{print $1}'); do
    kubectl -n "$K8S_NAMESPACE" rollout status "deployment/$name" --timeout=300s || die "$name did not roll out"
  done
}

k8s_status() {
  require_tools kubectl || exit 1
  cluster_reachable
  kubectl -n "$K8S_NAMESPACE" get deployments,pods,services,ingresses,hpa,jobs
}

k8s_stop() { # ENVIRONMENT
  case "$1" in
    dev) require_tools kind || exit 1; kind delete cluster --name "$KIND_CLUSTER" ;;
    *) die "not automated for EKS: kubectl delete namespace $K8S_NAMESPACE, then terraform destroy (terraform/README.md)" ;;
  esac
}

k8s_kind() { # WORK_DIR
  require_tools docker docker-engine kind kubectl || exit 1
  if ! kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; then
    log "creating kind cluster $KIND_CLUSTER"
    kind create cluster --name "$KIND_CLUSTER" --config "$ROOT/kubernetes/overlays/kind/kind-config.yaml" || die "kind create cluster failed"
  fi
  kubectl config use-context "kind-$KIND_CLUSTER" >/dev/null
  build_images dev
  local name
  for name in $(image_table | awk '{print $1}'); do
    kind load docker-image --name "$KIND_CLUSTER" "$(image_for "$name"):dev" || die "kind load of $name failed"
  done
  kustomize_build "$ROOT/kubernetes/overlays/kind" >"$1/rendered.yaml" || die "kustomize build failed"
  k8s_apply_and_wait "$1/rendered.yaml"
  cat <<TXT

Order Processor is running on kind (cluster $KIND_CLUSTER, namespace $K8S_NAMESPACE)
  Dashboard http://127.0.0.1:3000
  API       http://127.0.0.1:8080/api/v1   docs: http://127.0.0.1:8080/docs
  Grafana   kubectl -n $K8S_NAMESPACE port-forward svc/grafana 3001:3000, then http://127.0.0.1:3001
  Pods      kubectl -n $K8S_NAMESPACE get pods
  Remove    kind delete cluster --name $KIND_CLUSTER
TXT
}

k8s_eks() { # WORK_DIR
  require_tools docker docker-engine aws kubectl terraform node || exit 1
  local infra_env="${INFRA_ENVIRONMENT:-prod}" tag secret
  aws sts get-caller-identity >/dev/null 2>&1 || die "no AWS credentials (aws sts get-caller-identity failed); nothing was changed"
  terraform -chdir="$ROOT/terraform" output -json >"$1/outputs.json" 2>/dev/null && grep -q ecr_registry "$1/outputs.json" \
    || die "no terraform outputs; run ./scripts/deploy.sh --type infra --environment $infra_env first"
  tag="$(git -C "$ROOT" rev-parse --short=12 HEAD)"
  node -e 'const o=require(process.argv[1]);for(const k of ["region","cluster_name","ecr_registry","ecr_repository_prefix","app_secret_name"])console.log(o[k].value)' "$1/outputs.json" >"$1/vals"
  local region cluster registry prefix
  { read -r region; read -r cluster; read -r registry; read -r prefix; read -r secret; } <"$1/vals"
  aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$registry" || die "ECR login failed"
  build_images "$tag" "$registry/$prefix"
  for name in $(image_table | awk '{print $1}'); do docker push "$registry/$prefix/$name:$tag" || die "push of $name failed"; done
  aws eks update-kubeconfig --region "$region" --name "$cluster" || die "cannot reach EKS cluster $cluster"
  mkdir -p "$1/wrap" && eks_wrap_overlay "$1/outputs.json" "$tag" "$1/wrap"
  kustomize_build "$1/wrap" >"$1/rendered.yaml" || die "kustomize build failed"
  kubectl create namespace "$K8S_NAMESPACE" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  aws secretsmanager get-secret-value --region "$region" --secret-id "$secret" --query SecretString --output text \
    | node -e 'const s=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(JSON.stringify({apiVersion:"v1",kind:"Secret",metadata:{name:"order-processor-secrets",namespace:process.argv[1]},type:"Opaque",stringData:{JWT_SECRET:s.JWT_SECRET,REDIS_URL:s.REDIS_URL}}))' "$K8S_NAMESPACE" \
    | kubectl apply -f - >/dev/null || die "could not create the app Secret from Secrets Manager"
  k8s_apply_and_wait "$1/rendered.yaml"
  local host; host="$(node -e 'console.log(require(process.argv[1]).api_hostname.value)' "$1/outputs.json")"
  log "deployed $tag to EKS cluster $cluster; dashboard: https://$host/  API: https://$host/api/v1"
}
