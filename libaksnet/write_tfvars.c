/*
 * The result as Terraform variables (JSON, usable as *.auto.tfvars.json or through
 * jsondecode(file(...))). Argument names follow the azurerm provider's
 * azurerm_kubernetes_cluster network_profile and node pool blocks; docs/terraform.md shows
 * a root module that consumes this document.
 */
#include "result.h"
#include "strbuf.h"

#include <stdio.h>

void aksnet__write_tfvars(aksnet__strbuf *b, const aksnet_result *r)
{
    aksnet__jw w;
    size_t i, j;
    aksnet__jw_init(&w, b);
    aksnet__jw_obj(&w);
    aksnet__jw_kstr(&w, "vnet_name", r->vnet_name);
    aksnet__jw_key(&w, "vnet_address_space");
    aksnet__jw_arr(&w);
    for (i = 0; i < r->nspaces; i++)
        aksnet__jw_prefix(&w, &r->spaces[i]);
    aksnet__jw_arr_end(&w);

    /* subnets to create: name -> address prefixes */
    aksnet__jw_key(&w, "subnets");
    aksnet__jw_obj(&w);
    for (i = 0; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        if (s->existing || !s->placed)
            continue;
        aksnet__jw_key(&w, s->name);
        aksnet__jw_arr(&w);
        if (aksnet__prefix_is_set(&s->cidr))
            aksnet__jw_prefix(&w, &s->cidr);
        if (aksnet__prefix_is_set(&s->cidr6))
            aksnet__jw_prefix(&w, &s->cidr6);
        aksnet__jw_arr_end(&w);
    }
    aksnet__jw_obj_end(&w);

    /* existing subnets that clusters use: look them up with a data source */
    aksnet__jw_key(&w, "existing_subnets");
    aksnet__jw_obj(&w);
    for (i = 0; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        if (!s->existing || s->npools == 0)
            continue;
        aksnet__jw_key(&w, s->name);
        aksnet__jw_arr(&w);
        if (aksnet__prefix_is_set(&s->cidr))
            aksnet__jw_prefix(&w, &s->cidr);
        if (aksnet__prefix_is_set(&s->cidr6))
            aksnet__jw_prefix(&w, &s->cidr6);
        aksnet__jw_arr_end(&w);
    }
    aksnet__jw_obj_end(&w);

    /* subnets to delegate: the API server VNet integration subnet */
    aksnet__jw_key(&w, "subnet_delegations");
    aksnet__jw_obj(&w);
    for (i = 0; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        if (s->purpose == AKSNET_PURPOSE_APISERVER && !s->existing && s->placed)
            aksnet__jw_kstr(&w, s->name, "Microsoft.ContainerService/managedClusters");
    }
    aksnet__jw_obj_end(&w);

    aksnet__jw_key(&w, "clusters");
    aksnet__jw_obj(&w);
    for (i = 0; i < r->nclusters; i++) {
        const aksnet__rcluster *k = &r->clusters[i];
        bool has_pod = aksnet__mode_has_pod_cidr(k->mode);
        aksnet__jw_key(&w, k->name);
        aksnet__jw_obj(&w);
        aksnet__jw_kbool(&w, "private_cluster_enabled", k->private_cluster);
        aksnet__jw_kstr(&w, "kubernetes_version", k->k8s_version);
        aksnet__jw_key(&w, "network_profile");
        aksnet__jw_obj(&w);
        aksnet__jw_kstr(&w, "network_plugin", aksnet__plugin_name(k->plugin));
        aksnet__jw_kstr(&w, "network_plugin_mode",
                        k->plugin_mode == AKSNET_PLUGIN_MODE_OVERLAY ? "overlay" : NULL);
        aksnet__jw_kstr(&w, "network_data_plane", aksnet__dataplane_name(k->dataplane));
        aksnet__jw_kstr(&w, "network_policy",
                        k->policy == AKSNET_POLICY_NONE ? NULL : aksnet__policy_name(k->policy));
        if (k->dual_stack) {
            aksnet__jw_key(&w, "ip_versions");
            aksnet__jw_arr(&w);
            aksnet__jw_str(&w, "IPv4");
            aksnet__jw_str(&w, "IPv6");
            aksnet__jw_arr_end(&w);
            aksnet__jw_key(&w, "pod_cidrs");
            if (has_pod) {
                aksnet__jw_arr(&w);
                aksnet__jw_prefix(&w, &k->pod_cidr);
                aksnet__jw_prefix(&w, &k->pod_cidr6);
                aksnet__jw_arr_end(&w);
            } else {
                aksnet__jw_null(&w);
            }
            aksnet__jw_key(&w, "service_cidrs");
            aksnet__jw_arr(&w);
            aksnet__jw_prefix(&w, &k->service_cidr);
            aksnet__jw_prefix(&w, &k->service_cidr6);
            aksnet__jw_arr_end(&w);
        } else {
            aksnet__jw_key(&w, "ip_versions");
            aksnet__jw_arr(&w);
            aksnet__jw_str(&w, "IPv4");
            aksnet__jw_arr_end(&w);
            aksnet__jw_kprefix(&w, "pod_cidr", has_pod ? &k->pod_cidr : NULL);
            aksnet__jw_kprefix(&w, "service_cidr", &k->service_cidr);
        }
        aksnet__jw_key(&w, "dns_service_ip");
        aksnet__jw_address(&w, &k->dns);
        aksnet__jw_obj_end(&w);
        aksnet__jw_kstr(&w, "default_node_pool", k->npools ? k->pools[0].name : NULL);
        aksnet__jw_key(&w, "node_pools");
        aksnet__jw_obj(&w);
        for (j = 0; j < k->npools; j++) {
            const aksnet__rpool *p = &k->pools[j];
            char sg[16];
            aksnet__jw_key(&w, p->name);
            aksnet__jw_obj(&w);
            aksnet__jw_kstr(&w, "mode", aksnet__pool_mode_name(p->pool_mode));
            aksnet__jw_kstr(&w, "os_type", aksnet__os_name(p->os_type));
            aksnet__jw_kstr(&w, "vm_size", p->vm_size);
            aksnet__jw_kbool(&w, "auto_scaling_enabled", p->autoscale);
            aksnet__jw_key(&w, "node_count");
            if (p->autoscale && !p->count_given)
                aksnet__jw_null(&w);
            else
                aksnet__jw_u64(&w, p->count);
            aksnet__jw_key(&w, "min_count");
            if (p->autoscale)
                aksnet__jw_u64(&w, p->min_count);
            else
                aksnet__jw_null(&w);
            aksnet__jw_key(&w, "max_count");
            if (p->autoscale)
                aksnet__jw_u64(&w, p->max_count);
            else
                aksnet__jw_null(&w);
            aksnet__jw_ku64(&w, "max_pods", p->max_pods);
            if (p->surge_kind == AKSNET_SURGE_COUNT)
                snprintf(sg, sizeof(sg), "%u", p->surge_value);
            else
                snprintf(sg, sizeof(sg), "%u%%",
                         p->surge_kind == AKSNET_SURGE_PERCENT ? p->surge_value
                                                               : AKSNET_DEFAULT_SURGE_PERCENT);
            aksnet__jw_kstr(&w, "max_surge", sg);
            aksnet__jw_kstr(&w, "vnet_subnet_name", r->subnets[p->subnet].name);
            aksnet__jw_kstr(&w, "pod_subnet_name",
                            p->pod_subnet != AKSNET__NONE ? r->subnets[p->pod_subnet].name : NULL);
            aksnet__jw_kstr(&w, "pod_ip_allocation_mode",
                            p->mode == AKSNET_MODE_AZURE_STATIC_BLOCK   ? "StaticBlock"
                            : p->mode == AKSNET_MODE_AZURE_POD_SUBNET ? "DynamicIndividual"
                                                                        : NULL);
            aksnet__jw_obj_end(&w);
        }
        aksnet__jw_obj_end(&w);
        aksnet__jw_obj_end(&w);
    }
    aksnet__jw_obj_end(&w);
    aksnet__jw_obj_end(&w);
    aksnet__jw_end(&w);
}
