/* The plan as a plan document (what aksnet_plan_from_json reads back). */
#include "result.h"
#include "strbuf.h"

#include <stdio.h>

static const char *const feature_names[] = {
    "private_link_service", "virtual_nodes", "app_gateway_ingress", "app_gateway_for_containers",
    "windows",              "nat_gateway",   "availability_sets",   "api_server_vnet_integration",
};

static void write_pool(aksnet__jw *w, const aksnet__pool *p)
{
    char sg[16];
    aksnet__jw_obj(w);
    aksnet__jw_kstr(w, "name", p->name);
    if (p->mode != AKSNET_POOL_MODE_UNSET)
        aksnet__jw_kstr(w, "mode", aksnet__pool_mode_name(p->mode));
    aksnet__jw_kstr(w, "os_type", aksnet__os_name(p->os_type));
    if (p->vm_size)
        aksnet__jw_kstr(w, "vm_size", p->vm_size);
    if (p->count_given)
        aksnet__jw_ku64(w, "count", p->count);
    if (p->autoscale) {
        aksnet__jw_ku64(w, "min_count", p->min_count);
        aksnet__jw_ku64(w, "max_count", p->max_count);
    }
    if (p->max_pods)
        aksnet__jw_ku64(w, "max_pods", p->max_pods);
    if (p->surge_kind == AKSNET_SURGE_COUNT) {
        aksnet__jw_ku64(w, "max_surge", p->surge);
    } else if (p->surge_kind == AKSNET_SURGE_PERCENT) {
        snprintf(sg, sizeof(sg), "%u%%", p->surge);
        aksnet__jw_kstr(w, "max_surge", sg);
    }
    if (p->expected_pods)
        aksnet__jw_ku64(w, "expected_pods", p->expected_pods);
    if (p->subnet)
        aksnet__jw_kstr(w, "subnet", p->subnet);
    if (p->pod_subnet)
        aksnet__jw_kstr(w, "pod_subnet", p->pod_subnet);
    if (p->pod_allocation != AKSNET_POD_ALLOCATION_UNSET)
        aksnet__jw_kstr(w, "pod_ip_allocation_mode",
                        p->pod_allocation == AKSNET_POD_ALLOCATION_STATIC ? "StaticBlock"
                                                                          : "DynamicIndividual");
    aksnet__jw_obj_end(w);
}

static void write_cluster(aksnet__jw *w, const aksnet__cluster *k)
{
    size_t i;
    aksnet__jw_obj(w);
    aksnet__jw_kstr(w, "name", k->name);
    if (k->plugin != AKSNET_PLUGIN_UNSET)
        aksnet__jw_kstr(w, "network_plugin", aksnet__plugin_name(k->plugin));
    if (k->plugin_mode == AKSNET_PLUGIN_MODE_OVERLAY)
        aksnet__jw_kstr(w, "network_plugin_mode", "overlay");
    if (k->dataplane != AKSNET_DATAPLANE_AZURE || (k->given & AKSNET__GIVEN_DATAPLANE))
        aksnet__jw_kstr(w, "network_data_plane", aksnet__dataplane_name(k->dataplane));
    if (k->policy != AKSNET_POLICY_NONE || (k->given & AKSNET__GIVEN_POLICY))
        aksnet__jw_kstr(w, "network_policy", aksnet__policy_name(k->policy));
    aksnet__jw_key(w, "ip_families");
    aksnet__jw_arr(w);
    aksnet__jw_str(w, "IPv4");
    if (k->dual_stack)
        aksnet__jw_str(w, "IPv6");
    aksnet__jw_arr_end(w);
    if (aksnet__prefix_is_set(&k->pod_cidr))
        aksnet__jw_kprefix(w, "pod_cidr", &k->pod_cidr);
    if (aksnet__prefix_is_set(&k->pod_cidr6))
        aksnet__jw_kprefix(w, "pod_cidr_ipv6", &k->pod_cidr6);
    if (aksnet__prefix_is_set(&k->service_cidr))
        aksnet__jw_kprefix(w, "service_cidr", &k->service_cidr);
    if (aksnet__prefix_is_set(&k->service_cidr6))
        aksnet__jw_kprefix(w, "service_cidr_ipv6", &k->service_cidr6);
    if (k->dns.family != AKSNET_FAMILY_UNSET) {
        aksnet__jw_key(w, "dns_service_ip");
        aksnet__jw_address(w, &k->dns);
    }
    aksnet__jw_kbool(w, "private_cluster", k->private_cluster);
    if (k->lb_ips)
        aksnet__jw_ku64(w, "load_balancer_ips", k->lb_ips);
    if (k->pls_ips_given)
        aksnet__jw_ku64(w, "private_link_service_ips", k->pls_ips);
    if (k->growth != 1.0) {
        aksnet__jw_key(w, "growth");
        aksnet__jw_double(w, k->growth);
    }
    if (k->features) {
        aksnet__jw_key(w, "features");
        aksnet__jw_arr(w);
        for (i = 0; i < AKSNET_ARRAY_LEN(feature_names); i++)
            if (k->features & (1u << i))
                aksnet__jw_str(w, feature_names[i]);
        aksnet__jw_arr_end(w);
    }
    if (k->k8s_version)
        aksnet__jw_kstr(w, "kubernetes_version", k->k8s_version);
    aksnet__jw_key(w, "node_pools");
    aksnet__jw_arr(w);
    for (i = 0; i < k->npools; i++)
        write_pool(w, &k->pools[i]);
    aksnet__jw_arr_end(w);
    aksnet__jw_obj_end(w);
}

aksnet_status aksnet_plan_to_json(char *buf, size_t buflen, size_t *needed, aksnet_plan *plan)
{
    aksnet__strbuf b;
    aksnet__jw w;
    aksnet_status st;
    size_t i;
    if (needed)
        *needed = 0;
    if (plan == NULL) {
        if (buf && buflen)
            buf[0] = '\0';
        return AKSNET_EINVAL;
    }
    aksnet__sb_init(&b, &plan->alloc);
    aksnet__jw_init(&w, &b);
    aksnet__jw_obj(&w);
    aksnet__jw_ku64(&w, "schema_version", 1);
    if (plan->name)
        aksnet__jw_kstr(&w, "name", plan->name);
    aksnet__jw_key(&w, "vnet");
    aksnet__jw_obj(&w);
    if (plan->vnet_name)
        aksnet__jw_kstr(&w, "name", plan->vnet_name);
    aksnet__jw_key(&w, "address_space");
    aksnet__jw_arr(&w);
    for (i = 0; i < plan->nspaces; i++)
        aksnet__jw_prefix(&w, &plan->spaces[i]);
    aksnet__jw_arr_end(&w);
    aksnet__jw_key(&w, "subnets");
    aksnet__jw_arr(&w);
    for (i = 0; i < plan->nexisting; i++) {
        const aksnet__existing *e = &plan->existing[i];
        aksnet__jw_obj(&w);
        aksnet__jw_kstr(&w, "name", e->name);
        aksnet__jw_kprefix(&w, "cidr", &e->cidr);
        if (e->v6 != UINT32_MAX)
            aksnet__jw_kprefix(&w, "cidr_ipv6", &plan->existing_v6[e->v6]);
        aksnet__jw_obj_end(&w);
    }
    aksnet__jw_arr_end(&w);
    aksnet__jw_key(&w, "reserved");
    aksnet__jw_arr(&w);
    for (i = 0; i < plan->nreserved; i++)
        aksnet__jw_prefix(&w, &plan->reserved[i]);
    aksnet__jw_arr_end(&w);
    aksnet__jw_obj_end(&w);
    aksnet__jw_key(&w, "avoid");
    aksnet__jw_arr(&w);
    for (i = 0; i < plan->navoid; i++)
        aksnet__jw_prefix(&w, &plan->avoid[i]);
    aksnet__jw_arr_end(&w);
    aksnet__jw_key(&w, "subnet_requests");
    aksnet__jw_arr(&w);
    for (i = 0; i < plan->nrequests; i++) {
        const aksnet__request *q = &plan->requests[i];
        aksnet__jw_obj(&w);
        aksnet__jw_kstr(&w, "name", q->name);
        if (q->kind == AKSNET_REQUEST_PREFIX_LENGTH)
            aksnet__jw_ku64(&w, "prefix_length", q->prefix_length);
        else if (q->kind == AKSNET_REQUEST_IPS)
            aksnet__jw_ku64(&w, "ips", q->ips);
        else
            aksnet__jw_kprefix(&w, "cidr", &q->cidr);
        if (aksnet__prefix_is_set(&q->cidr6))
            aksnet__jw_kprefix(&w, "cidr_ipv6", &q->cidr6);
        if (q->ipv6 && !aksnet__prefix_is_set(&q->cidr6))
            aksnet__jw_kbool(&w, "ipv6", true);
        aksnet__jw_obj_end(&w);
    }
    aksnet__jw_arr_end(&w);
    aksnet__jw_key(&w, "clusters");
    aksnet__jw_arr(&w);
    for (i = 0; i < plan->nclusters; i++)
        write_cluster(&w, &plan->clusters[i]);
    aksnet__jw_arr_end(&w);
    aksnet__jw_key(&w, "allocation");
    aksnet__jw_obj(&w);
    aksnet__jw_kstr(&w, "strategy", aksnet_strategy_name(plan->strategy));
    aksnet__jw_obj_end(&w);
    aksnet__jw_obj_end(&w);
    aksnet__jw_end(&w);
    st = aksnet__sb_copy_out(&b, buf, buflen, needed);
    aksnet__sb_dispose(&b);
    if (st == AKSNET_ENOMEM)
        aksnet__plan_fail(plan, st, NULL, "out of memory");
    else
        aksnet__plan_ok(plan);
    return st;
}
