output "subnet_ids" {
  description = "Subnet IDs by name, created and existing."
  value       = local.subnet_ids
}

output "cluster_ids" {
  description = "AKS cluster IDs by name."
  value       = { for name, cluster in azurerm_kubernetes_cluster.this : name => cluster.id }
}

output "node_pool_ids" {
  description = "IDs of the node pools besides the default ones, keyed cluster/pool."
  value       = { for key, pool in azurerm_kubernetes_cluster_node_pool.this : key => pool.id }
}
