# What the pods' Secret order-processor-secrets holds on EKS, kept in Secrets Manager: deploy.sh
# reads it and creates the Kubernetes Secret (kubernetes/overlays/eks deletes the local one).
resource "random_password" "jwt" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "app" {
  name                    = "${local.name}/app"
  description             = "JWT_SECRET and REDIS_URL (rediss:// with the ElastiCache auth token)"
  recovery_window_in_days = var.environment == "prod" ? 30 : 0
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string = jsonencode({
    JWT_SECRET = random_password.jwt.result
    REDIS_URL  = "rediss://:${random_password.redis_auth.result}@${aws_elasticache_replication_group.redis.primary_endpoint_address}:6379"
  })
}
