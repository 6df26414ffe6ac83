# ./scripts/deploy.sh --type infra --environment dev
environment               = "dev"
az_count                  = 2
single_nat_gateway        = true
node_instance_types       = ["t3.medium"]
node_min_size             = 2
node_desired_size         = 2
node_max_size             = 3
redis_node_type           = "cache.t4g.micro"
redis_replicas            = 0
table_deletion_protection = false
