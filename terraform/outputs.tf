# Consumed by ./scripts/deploy.sh --type k8s --environment prod (scripts/lib/k8s.sh) to fill in
# the placeholders of kubernetes/overlays/eks.
output "region" {
  value = var.region
}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}

output "cluster_name" {
  value = aws_eks_cluster.main.name
}

output "table_name" {
  value = aws_dynamodb_table.main.name
}

output "app_role_arn" {
  description = "IRSA role for the order-processor-data service account."
  value       = aws_iam_role.app.arn
}

output "ecr_registry" {
  value = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${var.region}.amazonaws.com"
}

output "ecr_repository_prefix" {
  description = "Images are <ecr_registry>/<prefix>/<process>:<git sha>."
  value       = local.name
}

output "app_secret_name" {
  description = "Secrets Manager secret with JWT_SECRET and REDIS_URL for the pods."
  value       = aws_secretsmanager_secret.app.name
}

output "redis_endpoint" {
  value = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "vpc_cidr" {
  value = var.vpc_cidr
}

output "github_deploy_role_arn" {
  value = var.github_repository != "" ? aws_iam_role.deploy[0].arn : ""
}

output "api_hostname" {
  value = var.api_hostname
}

output "certificate_arn" {
  value = var.certificate_arn
}

output "cors_origins" {
  value = var.cors_origins
}
