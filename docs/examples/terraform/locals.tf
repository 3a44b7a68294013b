# Everything the resources in main.tf need is computed here from variables only, so that the
# tests can evaluate it with `terraform console` without the azurerm provider
# (tests/docs/test_terraform.py).

locals {
  vnet_resource_group_name = coalesce(var.vnet_resource_group_name, var.resource_group_name)

  # Every node pool, keyed "cluster/pool", with the values its azurerm resource takes.
  node_pools = merge([
    for cname, cluster in var.clusters : {
      for pname, pool in cluster.node_pools : "${cname}/${pname}" => {
        cluster                = cname
        name                   = pname
        default                = pname == cluster.default_node_pool
        mode                   = pool.mode
        os_type                = pool.os_type
        vm_size                = coalesce(pool.vm_size, var.default_vm_size)
        auto_scaling_enabled   = pool.auto_scaling_enabled
        node_count             = pool.node_count
        min_count              = pool.min_count
        max_count              = pool.max_count
        max_pods               = pool.max_pods
        max_surge              = pool.max_surge
        vnet_subnet_name       = pool.vnet_subnet_name
        pod_subnet_name        = pool.pod_subnet_name
        pod_ip_allocation_mode = pool.pod_ip_allocation_mode
      }
    }
  ]...)

  # One azurerm_kubernetes_cluster per cluster; its first pool is the default node pool.
  clusters = {
    for name, cluster in var.clusters : name => {
      private_cluster_enabled = cluster.private_cluster_enabled
      kubernetes_version      = cluster.kubernetes_version
      network_profile         = cluster.network_profile
      default_node_pool       = local.node_pools["${name}/${cluster.default_node_pool}"]
    }
  }

  # Every other pool becomes an azurerm_kubernetes_cluster_node_pool.
  extra_node_pools = { for key, pool in local.node_pools : key => pool if !pool.default }

  # ---- what would fail later, checked by preconditions in main.tf ----

  # Subnets that pools name but that are neither created nor existing.
  subnet_names = setunion(keys(var.subnets), keys(var.existing_subnets))
  unknown_subnets = sort(flatten([
    for key, pool in local.node_pools : [
      for name in compact([pool.vnet_subnet_name, pool.pod_subnet_name]) :
      "${key}: ${name}" if !contains(local.subnet_names, name)
    ]
  ]))

  # AKS makes the first pool the system pool: it must be a Linux System pool.
  bad_default_pools = sort([
    for name, cluster in local.clusters : "${name}/${cluster.default_node_pool.name}"
    if cluster.default_node_pool.mode != "System" || cluster.default_node_pool.os_type != "Linux"
  ])

  # Pools that ask for static block pod IP allocation (see the precondition in main.tf).
  static_block_pools = sort([
    for key, pool in local.node_pools : key if pool.pod_ip_allocation_mode == "StaticBlock"
  ])
}
