terraform {
  # optional() object attributes (1.3) and check blocks (1.5)
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0" # 4.x argument names: auto_scaling_enabled, network_data_plane, ...
    }
  }
}

provider "azurerm" {
  features {}
}
