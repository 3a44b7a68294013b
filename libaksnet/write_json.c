/* The result as JSON: the contract documented in docs/plan-format.md ("Result JSON"). */
#include "result.h"
#include "strbuf.h"

#include <stdio.h>

const char *aksnet__plugin_name(int plugin)
{
    switch (plugin) {
    case AKSNET_PLUGIN_AZURE:
        return "azure";
    case AKSNET_PLUGIN_KUBENET:
        return "kubenet";
    case AKSNET_PLUGIN_NONE:
        return "none";
    default:
        return NULL;
    }
}

const char *aksnet__policy_name(int policy)
{
    switch (policy) {
    case AKSNET_POLICY_AZURE:
        return "azure";
    case AKSNET_POLICY_CALICO:
        return "calico";
    case AKSNET_POLICY_CILIUM:
        return "cilium";
    default:
        return "none";
    }
}

const char *aksnet__dataplane_name(int dataplane)
{
    return dataplane == AKSNET_DATAPLANE_CILIUM ? "cilium" : "azure";
}

const char *aksnet__os_name(int os)
{
    return os == AKSNET_OS_WINDOWS ? "Windows" : "Linux";
}

const char *aksnet__pool_mode_name(int mode)
{
    return mode == AKSNET_POOL_MODE_SYSTEM ? "System" : "User";
}

static void surge_text(char *out, size_t len, const aksnet__rpool *p)
{
    switch (p->surge_kind) {
    case AKSNET_SURGE_COUNT:
        snprintf(out, len, "%u", p->surge_value);
        break;
    case AKSNET_SURGE_PERCENT:
        snprintf(out, len, "%u%%", p->surge_value);
        break;
    default:
        snprintf(out, len, "%u%%", AKSNET_DEFAULT_SURGE_PERCENT);
    }
}

void aksnet__write_json(aksnet__strbuf *b, const aksnet_result *r)
{
    aksnet__jw w;
    size_t i, j;
    char tmp[32];
    aksnet__jw_init(&w, b);
    aksnet__jw_obj(&w);
    aksnet__jw_kstr(&w, "libaksnet_version", AKSNET_VERSION_STRING);
    aksnet__jw_kbool(&w, "fits", r->fits);
    aksnet__jw_kstr(&w, "strategy", aksnet_strategy_name(r->strategy));
    snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", (int)(r->as_of / 10000),
             (int)((r->as_of / 100) % 100), (int)(r->as_of % 100));
    aksnet__jw_kstr(&w, "as_of", tmp);
    aksnet__jw_kstr(&w, "name", r->plan_name);
    aksnet__jw_key(&w, "vnet");
    aksnet__jw_obj(&w);
    aksnet__jw_kstr(&w, "name", r->vnet_name);
    aksnet__jw_key(&w, "address_space");
    aksnet__jw_arr(&w);
    for (i = 0; i < r->nspaces; i++)
        aksnet__jw_prefix(&w, &r->spaces[i]);
    aksnet__jw_arr_end(&w);
    aksnet__jw_ku64(&w, "ips_used", aksnet__result_vnet_ips(r));
    aksnet__jw_obj_end(&w);

    aksnet__jw_key(&w, "subnets");
    aksnet__jw_arr(&w);
    for (i = 0; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        aksnet__jw_obj(&w);
        aksnet__jw_kstr(&w, "name", s->name);
        aksnet__jw_kprefix(&w, "cidr",
                           aksnet__prefix_is_set(&s->cidr) ? &s->cidr : &s->cidr6);
        aksnet__jw_kprefix(&w, "cidr_ipv6", aksnet__prefix_is_set(&s->cidr) ? &s->cidr6 : NULL);
        aksnet__jw_kstr(&w, "purpose", aksnet_purpose_name(s->purpose));
        aksnet__jw_kstr(&w, "cluster", s->cluster);
        aksnet__jw_key(&w, "node_pools");
        aksnet__jw_arr(&w);
        for (j = 0; j < s->npools; j++)
            aksnet__jw_str(&w, s->pools[j]);
        aksnet__jw_arr_end(&w);
        aksnet__jw_ku64(&w, "ips_required", s->ips_required);
        aksnet__jw_ku64(&w, "usable_ips", s->usable);
        if (s->has_static) {
            aksnet__jw_ku64(&w, "blocks_required", s->blocks_required);
            aksnet__jw_ku64(&w, "blocks_available",
                            aksnet__prefix_is_set(&s->cidr)
                                ? aksnet__static_blocks_in(s->cidr.length)
                                : 0);
        }
        aksnet__jw_kbool(&w, "existing", s->existing);
        aksnet__jw_kbool(&w, "placed", s->placed);
        aksnet__jw_kstr(&w, "path", s->path);
        aksnet__jw_obj_end(&w);
    }
    aksnet__jw_arr_end(&w);

    aksnet__jw_key(&w, "clusters");
    aksnet__jw_arr(&w);
    for (i = 0; i < r->nclusters; i++) {
        const aksnet__rcluster *k = &r->clusters[i];
        bool has_pod = aksnet__mode_has_pod_cidr(k->mode) || k->pod_given;
        aksnet__jw_obj(&w);
        aksnet__jw_kstr(&w, "name", k->name);
        aksnet__jw_kstr(&w, "network_plugin", aksnet__plugin_name(k->plugin));
        aksnet__jw_kstr(&w, "network_plugin_mode",
                        k->plugin_mode == AKSNET_PLUGIN_MODE_OVERLAY ? "overlay" : NULL);
        aksnet__jw_kstr(&w, "network_data_plane", aksnet__dataplane_name(k->dataplane));
        aksnet__jw_kstr(&w, "network_policy", aksnet__policy_name(k->policy));
        aksnet__jw_kstr(&w, "mode", aksnet_mode_name(k->mode));
        aksnet__jw_key(&w, "ip_families");
        aksnet__jw_arr(&w);
        aksnet__jw_str(&w, "IPv4");
        if (k->dual_stack)
            aksnet__jw_str(&w, "IPv6");
        aksnet__jw_arr_end(&w);
        aksnet__jw_kprefix(&w, "pod_cidr", has_pod ? &k->pod_cidr : NULL);
        aksnet__jw_kprefix(&w, "pod_cidr_ipv6", has_pod ? &k->pod_cidr6 : NULL);
        aksnet__jw_kprefix(&w, "service_cidr", &k->service_cidr);
        aksnet__jw_kprefix(&w, "service_cidr_ipv6", &k->service_cidr6);
        aksnet__jw_key(&w, "dns_service_ip");
        aksnet__jw_address(&w, &k->dns);
        aksnet__jw_ku64(&w, "nodes", k->nodes);
        if (aksnet__mode_sizes_pod_cidr(k->mode))
            aksnet__jw_ku64(&w, "pod_cidr_addresses_required", k->pod_cidr_needed);
        aksnet__jw_key(&w, "node_pools");
        aksnet__jw_arr(&w);
        for (j = 0; j < k->npools; j++) {
            const aksnet__rpool *p = &k->pools[j];
            char sg[16];
            surge_text(sg, sizeof(sg), p);
            aksnet__jw_obj(&w);
            aksnet__jw_kstr(&w, "name", p->name);
            aksnet__jw_kstr(&w, "mode", aksnet__pool_mode_name(p->pool_mode));
            aksnet__jw_kstr(&w, "os_type", aksnet__os_name(p->os_type));
            aksnet__jw_kstr(&w, "ipam_mode", aksnet_mode_name(p->mode));
            aksnet__jw_kbool(&w, "autoscale", p->autoscale);
            aksnet__jw_ku64(&w, "nodes", p->nodes);
            aksnet__jw_ku64(&w, "surge_nodes", p->surge);
            aksnet__jw_kstr(&w, "max_surge", sg);
            aksnet__jw_ku64(&w, "max_pods", p->max_pods);
            aksnet__jw_kstr(&w, "subnet", r->subnets[p->subnet].name);
            aksnet__jw_kstr(&w, "pod_subnet",
                            p->pod_subnet != AKSNET__NONE ? r->subnets[p->pod_subnet].name : NULL);
            aksnet__jw_ku64(&w, "node_subnet_ips", p->node_ips);
            aksnet__jw_ku64(&w, "pod_ips", p->pod_ips);
            if (aksnet__mode_has_pod_subnet(p->mode))
                aksnet__jw_ku64(&w, "pod_ips_per_node", p->pod_ips_per_node);
            aksnet__jw_obj_end(&w);
        }
        aksnet__jw_arr_end(&w);
        aksnet__jw_obj_end(&w);
    }
    aksnet__jw_arr_end(&w);

    aksnet__jw_key(&w, "free");
    aksnet__jw_arr(&w);
    for (i = 0; i < r->nfree; i++)
        aksnet__jw_prefix(&w, &r->free_prefixes[i]);
    aksnet__jw_arr_end(&w);

    aksnet__jw_key(&w, "diagnostics");
    aksnet__jw_arr(&w);
    for (i = 0; i < r->ndiags; i++) {
        const aksnet__rdiag *d = &r->diags[i];
        aksnet__jw_obj(&w);
        aksnet__jw_kstr(&w, "severity", aksnet_severity_name(d->severity));
        aksnet__jw_kstr(&w, "code", d->code);
        aksnet__jw_kstr(&w, "path", d->path);
        aksnet__jw_kstr(&w, "message", d->message);
        aksnet__jw_kstr(&w, "source", d->source);
        aksnet__jw_obj_end(&w);
    }
    aksnet__jw_arr_end(&w);
    aksnet__jw_obj_end(&w);
    aksnet__jw_end(&w);
}
