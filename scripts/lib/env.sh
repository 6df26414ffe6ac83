#!/usr/bin/env bash
# Environment shared by every process of a local stack. Callers set the *_PORT values first.

# LOCAL DEVELOPMENT DEFAULT ONLY — never used outside this machine. Production injects JWT_SECRET
# from a Kubernetes Secret / AWS Secrets Manager (see kubernetes/ and terraform/).
LOCAL_DEV_JWT_SECRET="local-dev-only-jwt-secret-change-me-0123456789abcdef"

export_stack_env() {
  export AWS_REGION="${AWS_REGION:-us-east-1}"
  export TABLE_NAME="${TABLE_NAME:-order-processor}"
  export DYNAMODB_ENDPOINT="http://127.0.0.1:${DYNAMODB_PORT}"
  export REDIS_URL="redis://127.0.0.1:${REDIS_PORT}"
  export JWT_SECRET="${JWT_SECRET:-$LOCAL_DEV_JWT_SECRET}"
  export LOG_LEVEL="${LOG_LEVEL:-info}"
  # Services listen on loopback unless told otherwise, so nothing can reach one around the gateway
  # (its rate limits and login guard); the gateway and dashboard listen on PUBLIC_HOST (0.0.0.0).
  export HOST="${HOST:-127.0.0.1}"
}
