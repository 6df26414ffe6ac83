#!/usr/bin/env bash
# ./scripts/deploy.sh --type infra --environment dev|prod [--dry-run]
# terraform init (S3 state: TF_STATE_BUCKET, optional TF_STATE_REGION / TF_LOCK_TABLE), then plan;
# without --dry-run the saved plan is applied. Destroy: see terraform/README.md.
# Needs common.sh and images.sh sourced first.

infra_deploy() { # ENVIRONMENT DRY_RUN
  local env="$1" dry="$2" tf="$ROOT/terraform"
  case "$env" in dev|prod) ;; *) die "--environment must be dev or prod (got $env)" ;; esac
  require_tools terraform aws || exit 1
  terraform -chdir="$tf" fmt -check -recursive >/dev/null || die "terraform fmt -check failed in terraform/ (run terraform fmt -recursive)"
  aws sts get-caller-identity >/dev/null 2>&1 \
    || die "no AWS credentials (aws sts get-caller-identity failed): configure a profile or SSO login; nothing was changed"
  [ -n "${TF_STATE_BUCKET:-}" ] || die "set TF_STATE_BUCKET (an S3 bucket for terraform state; see terraform/README.md)"
  local backend=(-backend-config="bucket=$TF_STATE_BUCKET" -backend-config="key=order-processor/$env.tfstate"
    -backend-config="region=${TF_STATE_REGION:-${AWS_REGION:-us-east-1}}")
  [ -n "${TF_LOCK_TABLE:-}" ] && backend+=(-backend-config="dynamodb_table=$TF_LOCK_TABLE")
  log "terraform init ($env)"
  if ! terraform -chdir="$tf" init -input=false -reconfigure "${backend[@]}"; then
    die "terraform init failed: it downloads the aws/random/tls providers from the Terraform registry, which must be reachable (offline machines cannot); nothing was changed"
  fi
  local plan="$tf/.terraform/$env.tfplan"
  terraform -chdir="$tf" plan -input=false -var-file="environments/$env.tfvars" -var="state_bucket=$TF_STATE_BUCKET" \
    -out="$plan" || die "terraform plan failed"
  if [ "$dry" = 1 ]; then log "dry run: plan saved in $plan, not applied"; return 0; fi
  terraform -chdir="$tf" apply -input=false "$plan" || die "terraform apply failed"
  log "infrastructure $env is up; next: ./scripts/deploy.sh --type k8s --environment prod (INFRA_ENVIRONMENT=$env)"
}
