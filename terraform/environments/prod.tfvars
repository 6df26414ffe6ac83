# ./scripts/deploy.sh --type infra --environment prod
environment               = "prod"
az_count                  = 3
single_nat_gateway        = false
node_instance_types       = ["m6i.large"]
node_min_size             = 3
node_desired_size         = 3
node_max_size             = 9
redis_node_type           = "cache.m6g.large"
redis_replicas            = 1
table_deletion_protection = true
