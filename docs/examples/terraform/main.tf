# A root module that turns `aksnet plan --format tfvars` into the subnets of a VNet and AKS
# clusters. See docs/terraform.md.

# ---- VNet: created, or looked up ------------------------------------------------------------

resource "azurerm_virtual_network" "this" {
  count               = var.create_vnet ? 1 : 0
  name                = var.vnet_name
  resource_group_name = local.vnet_resource_group_name
  location            = var.location
  address_space       = var.vnet_address_space
  tags                = var.tags
}

data "azurerm_virtual_network" "this" {
  count               = var.create_vnet ? 0 : 1
  name                = var.vnet_name
  resource_group_name = local.vnet_resource_group_name
}

locals {
  vnet_id   = var.create_vnet ? azurerm_virtual_network.this[0].id : data.azurerm_virtual_network.this[0].id
  vnet_name = var.create_vnet ? azurerm_virtual_network.this[0].name : data.azurerm_virtual_network.this[0].name
  vnet_address_space = tolist(var.create_vnet ? azurerm_virtual_network.this[0].address_space
  : data.azurerm_virtual_network.this[0].address_space)
}

check "vnet_address_space" {
  assert {
    condition     = length(setsubtract(var.vnet_address_space, local.vnet_address_space)) == 0
    error_message = "The VNet's address space is not the one the plan was made for (vnet.address_space)."
  }
}

# ---- Subnets ------------------------------------------------------------------------------

resource "azurerm_subnet" "this" {
  for_each             = var.subnets
  name                 = each.key
  resource_group_name  = local.vnet_resource_group_name
  virtual_network_name = local.vnet_name
  address_prefixes     = each.value

  # the API server VNet integration subnet is delegated to AKS (api-server-vnet-integration.md)
  dynamic "delegation" {
    for_each = contains(keys(var.subnet_delegations), each.key) ? [var.subnet_delegations[each.key]] : []
    content {
      name = "aks-delegation"
      service_delegation {
        name    = delegation.value
        actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
      }
    }
  }

  lifecycle {
    # AKS delegates pod subnets (dynamic and static block) to
    # Microsoft.ContainerService/managedClusters itself: do not undo it.
    ignore_changes = [delegation]
  }
}

data "azurerm_subnet" "existing" {
  for_each             = var.existing_subnets
  name                 = each.key
  resource_group_name  = local.vnet_resource_group_name
  virtual_network_name = local.vnet_name
}

check "existing_subnets" {
  assert {
    condition = alltrue([
      for name, prefixes in var.existing_subnets :
      length(setsubtract(prefixes, data.azurerm_subnet.existing[name].address_prefixes)) == 0
    ])
    error_message = "An existing subnet no longer has the prefixes the plan was checked against: plan again with the VNet as it is."
  }
}

locals {
  subnet_ids = merge(
    { for name, subnet in data.azurerm_subnet.existing : name => subnet.id },
    { for name, subnet in azurerm_subnet.this : name => subnet.id },
  )
}

# ---- Clusters -----------------------------------------------------------------------------

resource "azurerm_kubernetes_cluster" "this" {
  for_each                = local.clusters
  name                    = each.key
  location                = var.location
  resource_group_name     = var.resource_group_name
  dns_prefix              = each.key
  kubernetes_version      = try(coalesce(each.value.kubernetes_version, var.kubernetes_version), null)
  private_cluster_enabled = each.value.private_cluster_enabled
  tags                    = var.tags

  default_node_pool {
    name                        = each.value.default_node_pool.name
    temporary_name_for_rotation = "rotation"
    vm_size                     = each.value.default_node_pool.vm_size
    auto_scaling_enabled        = each.value.default_node_pool.auto_scaling_enabled
    node_count                  = each.value.default_node_pool.node_count
    min_count                   = each.value.default_node_pool.min_count
    max_count                   = each.value.default_node_pool.max_count
    max_pods                    = each.value.default_node_pool.max_pods
    vnet_subnet_id              = local.subnet_ids[each.value.default_node_pool.vnet_subnet_name]
    pod_subnet_id               = try(local.subnet_ids[each.value.default_node_pool.pod_subnet_name], null)

    upgrade_settings {
      max_surge = each.value.default_node_pool.max_surge
    }
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin      = each.value.network_profile.network_plugin
    network_plugin_mode = each.value.network_profile.network_plugin_mode
    network_data_plane  = each.value.network_profile.network_data_plane
    network_policy      = each.value.network_profile.network_policy
    ip_versions         = each.value.network_profile.ip_versions
    pod_cidr            = each.value.network_profile.pod_cidr
    pod_cidrs           = each.value.network_profile.pod_cidrs
    service_cidr        = each.value.network_profile.service_cidr
    service_cidrs       = each.value.network_profile.service_cidrs
    dns_service_ip      = each.value.network_profile.dns_service_ip
    load_balancer_sku   = "standard"
    outbound_type       = var.outbound_type
  }

  lifecycle {
    precondition {
      condition     = length(local.bad_default_pools) == 0
      error_message = "The first node pool of a cluster becomes its default node pool and must be a Linux System pool: ${join(", ", local.bad_default_pools)}."
    }
    precondition {
      condition     = length(local.unknown_subnets) == 0
      error_message = "Node pools name subnets that are neither created nor existing: ${join(", ", local.unknown_subnets)}."
    }
    precondition {
      # azurerm 4.x has no pod_ip_allocation_mode argument (pull request
      # hashicorp/terraform-provider-azurerm#30827): such a pool would silently get dynamic
      # allocation. Create static block pools with `az aks nodepool add
      # --pod-ip-allocation-mode StaticBlock` or the azapi provider until it does.
      condition     = length(local.static_block_pools) == 0
      error_message = "Static block pod IP allocation cannot be requested through azurerm: ${join(", ", local.static_block_pools)}."
    }
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "this" {
  for_each              = local.extra_node_pools
  name                  = each.value.name
  kubernetes_cluster_id = azurerm_kubernetes_cluster.this[each.value.cluster].id
  mode                  = each.value.mode
  os_type               = each.value.os_type
  vm_size               = each.value.vm_size
  auto_scaling_enabled  = each.value.auto_scaling_enabled
  node_count            = each.value.node_count
  min_count             = each.value.min_count
  max_count             = each.value.max_count
  max_pods              = each.value.max_pods
  vnet_subnet_id        = local.subnet_ids[each.value.vnet_subnet_name]
  pod_subnet_id         = try(local.subnet_ids[each.value.pod_subnet_name], null)
  tags                  = var.tags

  upgrade_settings {
    max_surge = each.value.max_surge
  }
}

# The cluster identity manages load balancers (and, with kubenet, routes) in the VNet.
resource "azurerm_role_assignment" "network" {
  for_each             = local.clusters
  scope                = local.vnet_id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_kubernetes_cluster.this[each.key].identity[0].principal_id
}
