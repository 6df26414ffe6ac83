terraform {
  required_version = ">= 1.6.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
  # State: pass a backend config at init (see README), e.g. an S3 bucket with a lock table.
  backend "s3" {}
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      Project     = "order-processor"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  name = "order-processor-${var.environment}"
  azs  = slice(data.aws_availability_zones.available.names, 0, var.az_count)
  # The Kubernetes namespace and service account the app pods run as (kubernetes/base).
  k8s_namespace       = "order-processor"
  k8s_service_account = "order-processor-data"
}
