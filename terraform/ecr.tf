# One repository per process of scripts/lib/common.sh SERVICES (deploy_tests check the list).
# Tags are immutable: the EKS overlay deploys a git-sha tag, never "latest".
locals {
  processes = ["gateway", "user", "inventory", "order", "worker", "frontend"]
}

resource "aws_ecr_repository" "process" {
  for_each             = toset(local.processes)
  name                 = "${local.name}/${each.key}"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.environment == "dev"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "process" {
  for_each   = aws_ecr_repository.process
  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the newest 30 images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 30
      }
      action = {
        type = "expire"
      }
    }]
  })
}
