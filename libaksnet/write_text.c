/* The result as human-readable text: tables that show the arithmetic behind every number. */
#include "result.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

static void surge_explain(char *out, size_t len, const aksnet__rpool *p)
{
    switch (p->surge_kind) {
    case AKSNET_SURGE_COUNT:
        if (p->surge_value > p->nodes)
            snprintf(out, len, "max surge %u capped at the pool size", p->surge_value);
        else
            snprintf(out, len, "max surge %u", p->surge_value);
        break;
    case AKSNET_SURGE_PERCENT:
        snprintf(out, len, "%u%% of %u, rounded up", p->surge_value, p->nodes);
        break;
    default:
        snprintf(out, len, "default 10%% of %u, rounded up", p->nodes);
    }
}

static void nodes_explain(char *out, size_t len, const aksnet__rpool *p, double growth)
{
    char g[96] = "", num[48];
    if (growth != 1.0) {
        aksnet__format_decimal(num, growth);
        snprintf(g, sizeof(g), " x growth %s = %u", num, p->nodes);
    }
    if (p->autoscale)
        snprintf(out, len, "autoscaler max %u%s", p->base_nodes, g);
    else
        snprintf(out, len, "count %u%s", p->base_nodes, g);
}

static size_t col_width(const aksnet_result *r)
{
    size_t i, w = 4;
    for (i = 0; i < r->nsubnets; i++) {
        size_t n = strlen(r->subnets[i].name);
        if (n > w)
            w = n;
    }
    return w > 40 ? 40 : w;
}

void aksnet__write_text(aksnet__strbuf *b, const aksnet_result *r)
{
    size_t i, j, w = col_width(r);
    char a[AKSNET_PREFIX_STRLEN], d[AKSNET_ADDRESS_STRLEN];
    size_t errors = 0, warnings = 0;
    for (i = 0; i < r->ndiags; i++) {
        if (r->diags[i].severity == AKSNET_SEVERITY_ERROR)
            errors++;
        else if (r->diags[i].severity == AKSNET_SEVERITY_WARNING)
            warnings++;
    }
    aksnet__sb_printf(b, "Plan %s%s%s: %s (strategy %s; %zu error%s, %zu warning%s)\n",
                      r->plan_name ? "\"" : "", r->plan_name ? r->plan_name : "(unnamed)",
                      r->plan_name ? "\"" : "", r->fits ? "FITS" : "DOES NOT FIT",
                      aksnet_strategy_name(r->strategy), errors, errors == 1 ? "" : "s",
                      warnings, warnings == 1 ? "" : "s");
    aksnet__sb_printf(b, "VNet %s:", r->vnet_name ? r->vnet_name : "(unnamed)");
    for (i = 0; i < r->nspaces; i++) {
        aksnet__prefix_str(a, &r->spaces[i]);
        aksnet__sb_printf(b, " %s", a);
    }
    aksnet__sb_putc(b, '\n');

    aksnet__sb_puts(b, "\nSubnets\n");
    aksnet__sb_printf(b, "  %-*s  %-18s  %-9s  %9s  %9s  %s\n", (int)w, "NAME", "CIDR", "PURPOSE",
                      "REQUIRED", "USABLE", "USED BY");
    for (i = 0; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        char users[256] = "";
        size_t o = 0;
        for (j = 0; j < s->npools && o + 2 < sizeof(users); j++) {
            int n = snprintf(users + o, sizeof(users) - o, "%s%s", j ? ", " : "", s->pools[j]);
            if (n < 0)
                break;
            o += (size_t)n;
        }
        if (s->cluster && s->npools && strchr(s->pools[0], '/') == NULL) {
            char tmp[300];
            snprintf(tmp, sizeof(tmp), "%s: %s", s->cluster, users);
            aksnet__strlcpy(users, tmp, sizeof(users));
        }
        if (aksnet__prefix_is_set(&s->cidr))
            aksnet__prefix_str(a, &s->cidr);
        else if (aksnet__prefix_is_set(&s->cidr6))
            aksnet__prefix_str(a, &s->cidr6);
        else
            snprintf(a, sizeof(a), "(not placed)");
        aksnet__sb_printf(b, "  %-*.*s  %-18s  %-9s  %9llu  %9llu  %s%s\n", (int)w, (int)w,
                          s->name, a, aksnet_purpose_name(s->purpose),
                          (unsigned long long)s->ips_required, (unsigned long long)s->usable,
                          s->existing ? "[existing] " : "", users);
        if (aksnet__prefix_is_set(&s->cidr) && aksnet__prefix_is_set(&s->cidr6)) {
            aksnet__prefix_str(a, &s->cidr6);
            aksnet__sb_printf(b, "  %-*s  %s\n", (int)w, "", a);
        }
    }

    for (i = 0; i < r->nclusters; i++) {
        const aksnet__rcluster *k = &r->clusters[i];
        aksnet__sb_printf(b, "\nCluster %s: %s (plugin %s%s, data plane %s, policy %s%s)\n",
                          k->name, aksnet_mode_name(k->mode),
                          aksnet__plugin_name(k->plugin) ? aksnet__plugin_name(k->plugin) : "?",
                          k->plugin_mode == AKSNET_PLUGIN_MODE_OVERLAY ? " overlay" : "",
                          aksnet__dataplane_name(k->dataplane), aksnet__policy_name(k->policy),
                          k->dual_stack ? ", dual-stack" : "");
        aksnet__prefix_str(a, &k->service_cidr);
        aksnet__address_str(d, &k->dns);
        aksnet__sb_printf(b, "  service CIDR %s%s, DNS service IP %s%s\n", a[0] ? a : "-",
                          k->service_given ? "" : " (chosen)", d[0] ? d : "-",
                          k->dns_given ? "" : " (chosen)");
        if (k->mode == AKSNET_MODE_NONE) {
            aksnet__prefix_str(a, &k->pod_cidr);
            aksnet__sb_printf(b,
                              "  pod CIDR %s%s: BYO CNI, your CNI assigns pod IPs from it (AKS "
                              "carves no per-node ranges)\n",
                              a[0] ? a : "-", k->pod_given ? "" : " (chosen)");
        } else if (aksnet__mode_has_pod_cidr(k->mode)) {
            uint64_t have = aksnet_prefix_num_addresses(&k->pod_cidr);
            aksnet__prefix_str(a, &k->pod_cidr);
            aksnet__sb_printf(b,
                              "  pod CIDR %s%s: %llu nodes x 256 (one /24 each) = %llu addresses"
                              " needed, %llu available\n",
                              a[0] ? a : "-", k->pod_given ? "" : " (chosen)",
                              (unsigned long long)k->nodes,
                              (unsigned long long)k->pod_cidr_needed, (unsigned long long)have);
        }
        if (k->dual_stack) {
            char a6[AKSNET_PREFIX_STRLEN];
            aksnet__prefix_str(a, &k->service_cidr6);
            aksnet__prefix_str(a6, &k->pod_cidr6);
            aksnet__sb_printf(b, "  IPv6: service CIDR %s, pod CIDR %s\n", a[0] ? a : "-",
                              a6[0] ? a6 : "-");
        }
        for (j = 0; j < k->npools; j++) {
            const aksnet__rpool *p = &k->pools[j];
            char ne[128], se[96];
            nodes_explain(ne, sizeof(ne), p, k->growth);
            surge_explain(se, sizeof(se), p);
            aksnet__sb_printf(b, "  pool %s (%s, %s): %u nodes (%s) + %u surge (%s) = %u\n",
                              p->name, aksnet__pool_mode_name(p->pool_mode),
                              aksnet__os_name(p->os_type), p->nodes, ne, p->surge, se,
                              p->nodes + p->surge);
            if (p->mode == AKSNET_MODE_AZURE_NODE_SUBNET)
                aksnet__sb_printf(b,
                                  "    node subnet %s: (%u nodes + %u surge) x (%u max pods + 1) = "
                                  "%llu IPs\n",
                                  r->subnets[p->subnet].name, p->nodes, p->surge, p->max_pods,
                                  (unsigned long long)p->node_ips);
            else
                aksnet__sb_printf(b, "    node subnet %s: %u nodes + %u surge = %llu IPs\n",
                                  r->subnets[p->subnet].name, p->nodes, p->surge,
                                  (unsigned long long)p->node_ips);
            if (p->mode == AKSNET_MODE_AZURE_POD_SUBNET)
                aksnet__sb_printf(b,
                                  "    pod subnet %s: %u nodes x %llu IPs (batches of 16 for %u "
                                  "pods, max pods %u) = %llu IPs\n",
                                  r->subnets[p->pod_subnet].name, p->nodes + p->surge,
                                  (unsigned long long)p->pod_ips_per_node, p->expected_pods,
                                  p->max_pods, (unsigned long long)p->pod_ips);
            else if (p->mode == AKSNET_MODE_AZURE_STATIC_BLOCK)
                aksnet__sb_printf(b,
                                  "    pod subnet %s: %u nodes x ceil((%u max pods + 1) / 16) = "
                                  "%llu /28 blocks (%llu IPs)\n",
                                  r->subnets[p->pod_subnet].name, p->nodes + p->surge,
                                  p->max_pods, (unsigned long long)p->pod_blocks,
                                  (unsigned long long)p->pod_ips);
            else if (aksnet__mode_sizes_pod_cidr(p->mode))
                aksnet__sb_printf(b, "    pod CIDR: %u nodes x 256 = %llu addresses (max pods %u)\n",
                                  p->nodes + p->surge, (unsigned long long)p->pod_ips,
                                  p->max_pods);
        }
        if (k->npools) {
            const aksnet__rsubnet *s = &r->subnets[k->pools[0].subnet];
            if (s->extra_ips) {
                const char *sep = "";
                aksnet__sb_printf(b, "  also in %s:", s->name);
                if (k->private_cluster) {
                    aksnet__sb_puts(b, " 1 private API endpoint");
                    sep = ",";
                }
                if (k->lb_ips) {
                    aksnet__sb_printf(b, "%s %u internal load balancer IP%s", sep, k->lb_ips,
                                      k->lb_ips == 1 ? "" : "s");
                    sep = ",";
                }
                if (k->pls_ips)
                    aksnet__sb_printf(b, "%s %u Private Link Service NAT IP%s", sep, k->pls_ips,
                                      k->pls_ips == 1 ? "" : "s");
                aksnet__sb_putc(b, '\n');
            }
        }
    }

    /* sizing per subnet: how the prefix length follows from the IPs */
    {
        bool header = false;
        for (i = 0; i < r->nsubnets; i++) {
            const aksnet__rsubnet *s = &r->subnets[i];
            if (s->existing || s->pinned || s->purpose == AKSNET_PURPOSE_REQUESTED ||
                s->length_needed == 0)
                continue;
            if (!header) {
                aksnet__sb_puts(b, "\nSizing\n");
                header = true;
            }
            if (s->has_static)
                aksnet__sb_printf(b,
                                  "  %s: %llu /28 blocks -> /%u (2^(28-%u) - 2 = %llu blocks; "
                                  "the first and last hold Azure's reserved IPs)%s\n",
                                  s->name, (unsigned long long)s->blocks_required,
                                  (unsigned)s->length_needed, (unsigned)s->length_needed,
                                  (unsigned long long)aksnet__static_blocks_in(s->length_needed),
                                  s->length_forced ? " (prefix length requested)" : "");
            else
                aksnet__sb_printf(b, "  %s: %llu IPs -> /%u (2^(32-%u) - 5 = %llu usable)%s\n",
                                  s->name, (unsigned long long)s->ips_required,
                                  (unsigned)s->length_needed, (unsigned)s->length_needed,
                                  (unsigned long long)((UINT64_C(1) << (32 - s->length_needed)) - 5),
                                  s->length_forced ? " (prefix length requested)" : "");
        }
    }

    {
        uint64_t total = 0;
        for (i = 0; i < r->nfree; i++)
            if (r->free_prefixes[i].family == AKSNET_FAMILY_IPV4)
                aksnet__add_u64(total, aksnet_prefix_num_addresses(&r->free_prefixes[i]), &total);
        aksnet__sb_printf(b, "\nFree space: %zu blocks, %llu IPv4 addresses\n", r->nfree,
                          (unsigned long long)total);
        for (i = 0; i < r->nfree && i < 64; i++) {
            aksnet__prefix_str(a, &r->free_prefixes[i]);
            aksnet__sb_printf(b, "  %s\n", a);
        }
        if (r->nfree > 64)
            aksnet__sb_printf(b, "  ... and %zu more\n", r->nfree - 64);
    }

    if (r->ndiags) {
        aksnet__sb_puts(b, "\nDiagnostics\n");
        for (i = 0; i < r->ndiags; i++) {
            const aksnet__rdiag *dg = &r->diags[i];
            aksnet__sb_printf(b, "  %-7s %s at %s\n          %s\n          source: %s\n",
                              aksnet_severity_name(dg->severity), dg->code,
                              dg->path[0] ? dg->path : "/", dg->message, dg->source);
        }
    } else {
        aksnet__sb_puts(b, "\nDiagnostics: none\n");
    }
}
