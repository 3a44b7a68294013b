# ---- Written by `aksnet plan PLAN.json --format tfvars` ------------------------------------
# The types below are the tfvars document's keys (docs/terraform.md); Terraform rejects a
# document that does not match them.

variable "vnet_name" {
  description = "Name of the VNet (vnet.name of the plan)."
  type        = string
}

variable "vnet_address_space" {
  description = "Address spaces of the VNet, IPv4 and IPv6."
  type        = list(string)
}

variable "subnets" {
  description = "Subnets to create: name => address prefixes (an IPv4 prefix, plus an IPv6 /64 when dual-stack)."
  type        = map(list(string))
}

variable "existing_subnets" {
  description = "Existing subnets that node pools use: name => the prefixes the plan assumed. Looked up, never changed."
  type        = map(list(string))
}

variable "subnet_delegations" {
  description = "Subnet name -> service the subnet is delegated to (aksnet: the API server VNet integration subnet)."
  type        = map(string)
  default     = {}
}

variable "clusters" {
  description = "AKS clusters: network profile and node pools, keyed by cluster name."
  type = map(object({
    private_cluster_enabled = bool
    kubernetes_version      = optional(string)
    network_profile = object({
      network_plugin      = string
      network_plugin_mode = optional(string)
      network_data_plane  = string
      network_policy      = optional(string)
      ip_versions         = list(string)
      # single-stack: pod_cidr and service_cidr; dual-stack: pod_cidrs and service_cidrs
      pod_cidr       = optional(string)
      pod_cidrs      = optional(list(string))
      service_cidr   = optional(string)
      service_cidrs  = optional(list(string))
      dns_service_ip = string
    })
    default_node_pool = string
    node_pools = map(object({
      mode                   = string
      os_type                = string
      vm_size                = optional(string)
      auto_scaling_enabled   = bool
      node_count             = optional(number)
      min_count              = optional(number)
      max_count              = optional(number)
      max_pods               = number
      max_surge              = string
      vnet_subnet_name       = string
      pod_subnet_name        = optional(string)
      pod_ip_allocation_mode = optional(string)
    }))
  }))
}

# ---- Set by you (for example in terraform.tfvars) -------------------------------------------

variable "resource_group_name" {
  description = "Resource group of the clusters (and of the VNet unless vnet_resource_group_name is set)."
  type        = string
}

variable "location" {
  description = "Azure region of the clusters (and of the VNet when create_vnet is true)."
  type        = string
}

variable "vnet_resource_group_name" {
  description = "Resource group of the VNet, when it differs from resource_group_name."
  type        = string
  default     = null
}

variable "create_vnet" {
  description = "true: create the VNet with vnet_address_space. false (default): use the existing VNet named vnet_name."
  type        = bool
  default     = false
}

variable "kubernetes_version" {
  description = "Kubernetes version for clusters whose plan gives none (null: the AKS default). A cluster's own kubernetes_version (from the plan, which libaksnet's rules used) wins."
  type        = string
  default     = null
}

variable "default_vm_size" {
  description = "VM size of node pools whose plan gives no vm_size."
  type        = string
  default     = "Standard_D4ds_v5"
}

variable "outbound_type" {
  description = "network_profile.outbound_type of every cluster."
  type        = string
  default     = "loadBalancer"
}

variable "tags" {
  description = "Tags of every resource the module creates."
  type        = map(string)
  default     = {}
}
