variable "environment" {
  description = "dev or prod; names every resource and picks the sizes in environments/<env>.tfvars."
  type        = string
  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod."
  }
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "us-east-1"
}

variable "vpc_cidr" {
  description = "VPC CIDR; the gateway trusts X-Forwarded-For from it (the ALB)."
  type        = string
  default     = "10.0.0.0/16"
}

variable "az_count" {
  description = "Availability zones used (subnets, nodes, Redis replicas)."
  type        = number
  default     = 2
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, dev) instead of one per zone."
  type        = bool
  default     = true
}

variable "kubernetes_version" {
  description = "EKS control plane version."
  type        = string
  default     = "1.32"
}

variable "node_instance_types" {
  description = "Managed node group instance types."
  type        = list(string)
  default     = ["t3.medium"]
}

variable "node_min_size" {
  type    = number
  default = 2
}

variable "node_desired_size" {
  type    = number
  default = 2
}

variable "node_max_size" {
  type    = number
  default = 4
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.micro"
}

variable "redis_replicas" {
  description = "Read replicas besides the primary (>= 1 enables automatic failover)."
  type        = number
  default     = 0
}

variable "table_deletion_protection" {
  description = "Refuse to delete the DynamoDB table (prod)."
  type        = bool
  default     = false
}

variable "github_repository" {
  description = "owner/name of the GitHub repository whose Actions may deploy (OIDC); empty = no deploy role."
  type        = string
  default     = ""
}

variable "github_ref" {
  description = "Git ref allowed to assume the deploy role."
  type        = string
  default     = "refs/heads/main"
}

variable "state_bucket" {
  description = "S3 bucket of this stack's state (TF_STATE_BUCKET): the deploy role may read its state object."
  type        = string
  default     = ""
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (false when the account already has one)."
  type        = bool
  default     = true
}

variable "api_hostname" {
  description = "Public host name of the ALB Ingress: the dashboard at /, the API at /api; its DNS record points at the ALB."
  type        = string
  default     = "api.order-processor.example.com"
}

variable "certificate_arn" {
  description = "ACM certificate for api_hostname (HTTPS on the ALB). Issued outside this stack."
  type        = string
  default     = ""
}

variable "cors_origins" {
  description = "Browser origins allowed by the gateway (comma-separated)."
  type        = string
  default     = "https://app.order-processor.example.com"
}
