/*
 * Plugin-mode comparison: the plan re-evaluated under every IPAM mode and data plane, keeping
 * its pools, features and VNet. Migration paths (AKSD update-azure-cni.md): kubenet and node
 * subnet can move to overlay in place; any Azure CNI IPAM mode can move to the Cilium data
 * plane in place (one change per operation); everything else needs a new cluster.
 */
#include "result.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct row {
    const char *label;
    int mode;
    int dataplane;
} row;

static const row rows[] = {
    {"kubenet", AKSNET_MODE_KUBENET, AKSNET_DATAPLANE_AZURE},
    {"azure", AKSNET_MODE_AZURE_NODE_SUBNET, AKSNET_DATAPLANE_AZURE},
    {"azure+cilium", AKSNET_MODE_AZURE_NODE_SUBNET, AKSNET_DATAPLANE_CILIUM},
    {"azure-pod-subnet", AKSNET_MODE_AZURE_POD_SUBNET, AKSNET_DATAPLANE_AZURE},
    {"azure-pod-subnet+cilium", AKSNET_MODE_AZURE_POD_SUBNET, AKSNET_DATAPLANE_CILIUM},
    {"azure-static-block", AKSNET_MODE_AZURE_STATIC_BLOCK, AKSNET_DATAPLANE_AZURE},
    {"azure-overlay", AKSNET_MODE_AZURE_OVERLAY, AKSNET_DATAPLANE_AZURE},
    {"azure-overlay+cilium", AKSNET_MODE_AZURE_OVERLAY, AKSNET_DATAPLANE_CILIUM},
    {"none", AKSNET_MODE_NONE, AKSNET_DATAPLANE_AZURE},
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

typedef struct crow {
    aksnet_mode_summary s;
    char note[640];
    aksnet_result *result;
    size_t order; /* original row index, for stable sorting */
} crow;

struct aksnet_comparison {
    aksnet__alloc alloc;
    int current_mode, current_dataplane;
    bool has_cluster;
    /* what the migration prerequisites depend on (first cluster of the plan) */
    int current_policy;
    int k8s_major, k8s_minor;
    bool windows;
    crow rows[NROWS];
    size_t n;
};

/* update-azure-cni.md: the IPAM mode moves in place only to overlay, and only from kubenet or
 * node subnet; the data plane moves in place to Cilium from any Azure CNI IPAM mode (node subnet,
 * dynamic pod subnet, overlay), never back. IPAM mode and data plane change in two operations,
 * in either order, so a target that needs both is still reached in place (kubenet goes to
 * overlay first, then to Cilium). Everything else needs a new cluster. */
static int migration(int from_mode, int from_dp, int to_mode, int to_dp)
{
    bool ipam_ok, dp_ok;
    if (from_mode == to_mode && from_dp == to_dp)
        return AKSNET_MIGRATION_CURRENT;
    if (from_dp == AKSNET_DATAPLANE_CILIUM && to_dp != AKSNET_DATAPLANE_CILIUM)
        return AKSNET_MIGRATION_NEW_CLUSTER; /* no way back from Cilium */
    ipam_ok = from_mode == to_mode ||
              (to_mode == AKSNET_MODE_AZURE_OVERLAY &&
               (from_mode == AKSNET_MODE_KUBENET || from_mode == AKSNET_MODE_AZURE_NODE_SUBNET));
    dp_ok = from_dp == to_dp ||
            (to_dp == AKSNET_DATAPLANE_CILIUM &&
             (to_mode == AKSNET_MODE_AZURE_NODE_SUBNET || to_mode == AKSNET_MODE_AZURE_POD_SUBNET ||
              to_mode == AKSNET_MODE_AZURE_OVERLAY));
    return ipam_ok && dp_ok ? AKSNET_MIGRATION_IN_PLACE : AKSNET_MIGRATION_NEW_CLUSTER;
}

static void append(char *buf, size_t len, const char *text)
{
    size_t n = strlen(buf);
    if (n < len)
        snprintf(buf + n, len - n, "%s%s", n ? " " : "", text);
}

/* Steps and prerequisites of a migration (update-azure-cni.md, azure-cni-powered-by-cilium.md;
 * aks-networking-facts.md 1.1 and 3.2). */
static void migration_note(char *out, size_t len, const struct aksnet_comparison *cmp, int kind,
                           int to_mode, int to_dp)
{
    int from_mode = cmp->current_mode, from_dp = cmp->current_dataplane;
    bool ipam = from_mode != to_mode, dp = from_dp != to_dp;
    out[0] = '\0';
    if (kind == AKSNET_MIGRATION_CURRENT)
        return;
    if (kind == AKSNET_MIGRATION_NEW_CLUSTER) {
        if (from_dp == AKSNET_DATAPLANE_CILIUM && to_dp != AKSNET_DATAPLANE_CILIUM)
            append(out, len, "The Cilium data plane cannot be switched back: deploy a new cluster.");
        else if (ipam && from_mode == AKSNET_MODE_AZURE_POD_SUBNET)
            append(out, len,
                   "A dynamic pod subnet cluster cannot change its IPAM mode in place: deploy a "
                   "new cluster.");
        else if (ipam)
            append(out, len,
                   "AKS changes the IPAM mode in place only from kubenet or node subnet to "
                   "overlay: deploy a new cluster (or add new pools and migrate workloads).");
        else
            append(out, len, "No in-place update exists: deploy a new cluster.");
        return;
    }
    if (ipam) {
        append(out, len,
               from_mode == AKSNET_MODE_KUBENET
                   ? "Step: az aks update --network-plugin azure --network-plugin-mode overlay "
                     "(kubenet needs a user-assigned identity to detach its route table)."
                   : "Step: az aks update --network-plugin-mode overlay.");
        append(out, len,
               "Requires Kubernetes 1.27 or later, no network policy engine installed, no "
               "custom ip-masq-agent configuration and no Docker Windows pools; it is one-way.");
        if (cmp->k8s_major && (cmp->k8s_major < 1 || (cmp->k8s_major == 1 && cmp->k8s_minor < 27)))
            append(out, len, "Blocked now: upgrade Kubernetes to 1.27 or later first.");
        if (cmp->current_policy != AKSNET_POLICY_NONE)
            append(out, len,
                   "Blocked now: the cluster has a network policy engine; uninstall it first "
                   "(Calico blocked kubenet to overlay in 2023-11).");
    }
    if (dp) {
        append(out, len,
               ipam ? "Then, in a second operation: az aks update --network-dataplane cilium."
                    : "Step: az aks update --network-dataplane cilium.");
        append(out, len,
               "Linux only; node auto-provisioning must be off during the update; it is one-way.");
        if (cmp->windows)
            append(out, len, "Blocked now: the cluster has Windows pools.");
    }
}

static int map_policy(int policy, int mode, int dataplane)
{
    if (policy == AKSNET_POLICY_NONE)
        return policy;
    if (dataplane == AKSNET_DATAPLANE_CILIUM)
        return AKSNET_POLICY_CILIUM;
    if (mode == AKSNET_MODE_NONE)
        return AKSNET_POLICY_NONE; /* BYO CNI: the CNI brings its own */
    if (policy == AKSNET_POLICY_CILIUM || (policy == AKSNET_POLICY_AZURE && mode == AKSNET_MODE_KUBENET))
        return AKSNET_POLICY_CALICO;
    return policy;
}

/* Rewrite a cloned plan for one row. */
static aksnet_status retarget(aksnet_plan *p, const row *rw)
{
    size_t ci, pi;
    for (ci = 0; ci < p->nclusters; ci++) {
        aksnet__cluster *k = &p->clusters[ci];
        char podname[300];
        switch (rw->mode) {
        case AKSNET_MODE_KUBENET:
            k->plugin = AKSNET_PLUGIN_KUBENET;
            k->plugin_mode = AKSNET_PLUGIN_MODE_UNSET;
            break;
        case AKSNET_MODE_NONE:
            k->plugin = AKSNET_PLUGIN_NONE;
            k->plugin_mode = AKSNET_PLUGIN_MODE_UNSET;
            break;
        case AKSNET_MODE_AZURE_OVERLAY:
            k->plugin = AKSNET_PLUGIN_AZURE;
            k->plugin_mode = AKSNET_PLUGIN_MODE_OVERLAY;
            break;
        default:
            k->plugin = AKSNET_PLUGIN_AZURE;
            k->plugin_mode = AKSNET_PLUGIN_MODE_UNSET;
        }
        k->given |= AKSNET__GIVEN_PLUGIN;
        k->policy = map_policy(k->policy, rw->mode, rw->dataplane);
        k->dataplane = rw->dataplane;
        if (!aksnet__mode_has_pod_cidr(rw->mode)) {
            memset(&k->pod_cidr, 0, sizeof(k->pod_cidr));
            memset(&k->pod_cidr6, 0, sizeof(k->pod_cidr6));
        }
        snprintf(podname, sizeof(podname), "%s-pods", k->name);
        for (pi = 0; pi < k->npools; pi++) {
            aksnet__pool *q = &k->pools[pi];
            if (aksnet__mode_has_pod_subnet(rw->mode)) {
                if (q->pod_subnet == NULL) {
                    q->pod_subnet = aksnet__arena_strdup(&p->strings, podname);
                    if (q->pod_subnet == NULL)
                        return AKSNET_ENOMEM;
                }
                q->pod_allocation = rw->mode == AKSNET_MODE_AZURE_STATIC_BLOCK
                                        ? AKSNET_POD_ALLOCATION_STATIC
                                        : AKSNET_POD_ALLOCATION_DYNAMIC;
                if (rw->mode == AKSNET_MODE_AZURE_STATIC_BLOCK)
                    q->expected_pods = 0;
            } else {
                q->pod_subnet = NULL;
                q->pod_allocation = AKSNET_POD_ALLOCATION_UNSET;
                q->expected_pods = 0;
            }
        }
    }
    return AKSNET_OK;
}

/* Nodes the first cluster's first pool could grow to in the subnets it got. */
static uint32_t row_capacity(const aksnet_result *r)
{
    const aksnet__rcluster *k;
    const aksnet__rpool *p;
    aksnet_capacity_options o;
    aksnet_capacity_result cr;
    if (r->nclusters == 0 || r->clusters[0].npools == 0)
        return 0;
    k = &r->clusters[0];
    p = &k->pools[0];
    if (!aksnet__prefix_is_set(&r->subnets[p->subnet].cidr))
        return 0;
    aksnet_capacity_options_init(&o);
    o.mode = p->mode;
    o.dataplane = aksnet__mode_is_azure(p->mode) ? k->dataplane : AKSNET_DATAPLANE_AZURE;
    o.node_subnet = r->subnets[p->subnet].cidr;
    if (p->pod_subnet != AKSNET__NONE) {
        if (!aksnet__prefix_is_set(&r->subnets[p->pod_subnet].cidr))
            return 0;
        o.pod_subnet = r->subnets[p->pod_subnet].cidr;
    }
    if (aksnet__mode_has_pod_cidr(p->mode))
        o.pod_cidr = k->pod_cidr;
    o.max_pods = p->max_pods;
    o.max_surge_kind = p->surge_kind;
    o.max_surge = p->surge_value;
    o.dual_stack = k->dual_stack;
    o.extra_ips = (uint32_t)(r->subnets[p->subnet].extra_ips > UINT32_MAX
                                 ? UINT32_MAX
                                 : r->subnets[p->subnet].extra_ips);
    memset(&cr, 0, sizeof(cr));
    cr.size = sizeof(cr);
    if (aksnet_capacity(&cr, &o, NULL) != AKSNET_OK)
        return 0;
    return cr.max_nodes;
}

/* Rows that fit first, cheapest in VNet addresses first, then fewer warnings; the rows that do
 * not fit follow, fewest errors first. Ties keep the table order (stable, deterministic). */
static int cmp_rows(const void *a, const void *b)
{
    const crow *x = a, *y = b;
    if (x->s.fits != y->s.fits)
        return x->s.fits ? -1 : 1;
    if (x->s.fits) {
        if (x->s.vnet_ips != y->s.vnet_ips)
            return x->s.vnet_ips < y->s.vnet_ips ? -1 : 1;
        if (x->s.warnings != y->s.warnings)
            return x->s.warnings < y->s.warnings ? -1 : 1;
    } else if (x->s.errors != y->s.errors) {
        return x->s.errors < y->s.errors ? -1 : 1;
    }
    return x->order < y->order ? -1 : (x->order > y->order);
}

aksnet_status aksnet_plan_compare(aksnet_comparison **out, aksnet_plan *plan,
                                  const aksnet_allocate_options *opts)
{
    aksnet_comparison *cmp;
    size_t i, j;
    aksnet_status st;
    aksnet_result *base = NULL;

    if (out == NULL || plan == NULL)
        return AKSNET_EINVAL;
    *out = NULL;
    /* evaluate the plan as it is first: it validates the options and gives the current mode */
    st = aksnet_plan_allocate(&base, plan, opts);
    if (st != AKSNET_OK)
        return st;
    cmp = aksnet__calloc(&plan->alloc, 1, sizeof(*cmp));
    if (cmp == NULL) {
        aksnet_result_free(base);
        return aksnet__plan_fail(plan, AKSNET_ENOMEM, NULL, "out of memory");
    }
    cmp->alloc = plan->alloc;
    cmp->has_cluster = base->nclusters > 0;
    if (cmp->has_cluster) {
        size_t p;
        cmp->current_policy = base->clusters[0].policy;
        cmp->k8s_major = base->clusters[0].k8s_major;
        cmp->k8s_minor = base->clusters[0].k8s_minor;
        cmp->windows = (base->clusters[0].features & AKSNET_FEATURE_WINDOWS) != 0;
        for (p = 0; p < base->clusters[0].npools; p++)
            if (base->clusters[0].pools[p].os_type == AKSNET_OS_WINDOWS)
                cmp->windows = true;
        cmp->current_mode = base->clusters[0].mode;
        cmp->current_dataplane = base->clusters[0].dataplane;
    }
    aksnet_result_free(base);

    for (i = 0; i < NROWS; i++) {
        aksnet_plan *clone = NULL;
        crow *c = &cmp->rows[i];
        aksnet_result *r = NULL;
        st = aksnet__plan_clone(&clone, plan);
        if (st == AKSNET_OK)
            st = retarget(clone, &rows[i]);
        if (st == AKSNET_OK)
            st = aksnet_plan_allocate(&r, clone, opts);
        aksnet_plan_free(clone);
        if (st != AKSNET_OK) {
            aksnet_comparison_free(cmp);
            return aksnet__plan_fail(plan, st, NULL, "comparing %s: %s", rows[i].label,
                                     aksnet_strerror(st));
        }
        cmp->n = i + 1;
        c->result = r;
        c->order = i;
        c->s.size = sizeof(c->s);
        c->s.label = rows[i].label;
        c->s.mode = rows[i].mode;
        c->s.dataplane = rows[i].dataplane;
        c->s.fits = r->fits;
        c->s.vnet_ips = aksnet__result_vnet_ips(r);
        c->s.max_nodes = row_capacity(r);
        for (j = 0; j < r->ndiags; j++) {
            if (r->diags[j].severity == AKSNET_SEVERITY_ERROR)
                c->s.errors++;
            else if (r->diags[j].severity == AKSNET_SEVERITY_WARNING)
                c->s.warnings++;
        }
        c->s.migration = cmp->has_cluster
                             ? migration(cmp->current_mode, cmp->current_dataplane, rows[i].mode,
                                         rows[i].dataplane)
                             : AKSNET_MIGRATION_NEW_CLUSTER;
        if (cmp->has_cluster)
            migration_note(c->note, sizeof(c->note), cmp, c->s.migration, rows[i].mode,
                           rows[i].dataplane);
        else
            snprintf(c->note, sizeof(c->note), "The plan has no cluster.");
    }
    qsort(cmp->rows, cmp->n, sizeof(cmp->rows[0]), cmp_rows);
    /* rows moved: point each summary at its own note */
    for (i = 0; i < cmp->n; i++)
        cmp->rows[i].s.migration_note = cmp->rows[i].note;
    aksnet__plan_ok(plan);
    *out = cmp;
    return AKSNET_OK;
}

void aksnet_comparison_free(aksnet_comparison *cmp)
{
    size_t i;
    aksnet__alloc a;
    if (cmp == NULL)
        return;
    for (i = 0; i < cmp->n; i++)
        aksnet_result_free(cmp->rows[i].result);
    a = cmp->alloc;
    aksnet__free(&a, cmp);
}

size_t aksnet_comparison_count(const aksnet_comparison *cmp)
{
    return cmp ? cmp->n : 0;
}

aksnet_status aksnet_comparison_get(aksnet_mode_summary *out, const aksnet_comparison *cmp,
                                    size_t index)
{
    size_t size;
    if (cmp == NULL || !AKSNET__REC_OK(out, aksnet_mode_summary, migration))
        return AKSNET_EINVAL;
    if (index >= cmp->n)
        return AKSNET_ENOTFOUND;
    size = out->size;
    memcpy(out, &cmp->rows[index].s, sizeof(aksnet_mode_summary) < size ? sizeof(aksnet_mode_summary) : size);
    out->size = size;
    return AKSNET_OK;
}

const aksnet_result *aksnet_comparison_result(const aksnet_comparison *cmp, size_t index)
{
    if (cmp == NULL || index >= cmp->n)
        return NULL;
    return cmp->rows[index].result;
}

static void write_json(aksnet__strbuf *b, const aksnet_comparison *cmp)
{
    aksnet__jw w;
    size_t i, j;
    aksnet__jw_init(&w, b);
    aksnet__jw_obj(&w);
    aksnet__jw_kstr(&w, "libaksnet_version", AKSNET_VERSION_STRING);
    aksnet__jw_key(&w, "current");
    if (cmp->has_cluster) {
        char cur[64];
        snprintf(cur, sizeof(cur), "%s%s", aksnet_mode_name(cmp->current_mode),
                 cmp->current_dataplane == AKSNET_DATAPLANE_CILIUM ? "+cilium" : "");
        aksnet__jw_str(&w, cur);
    } else {
        aksnet__jw_null(&w);
    }
    aksnet__jw_key(&w, "modes");
    aksnet__jw_arr(&w);
    for (i = 0; i < cmp->n; i++) {
        const crow *c = &cmp->rows[i];
        aksnet__jw_obj(&w);
        aksnet__jw_kstr(&w, "plugin", c->s.label);
        aksnet__jw_kstr(&w, "ipam_mode", aksnet_mode_name(c->s.mode));
        aksnet__jw_kstr(&w, "network_data_plane", aksnet__dataplane_name(c->s.dataplane));
        aksnet__jw_kbool(&w, "fits", c->s.fits);
        aksnet__jw_ku64(&w, "vnet_ips", c->s.vnet_ips);
        aksnet__jw_ku64(&w, "max_nodes", c->s.max_nodes);
        aksnet__jw_ku64(&w, "errors", c->s.errors);
        aksnet__jw_ku64(&w, "warnings", c->s.warnings);
        aksnet__jw_kstr(&w, "migration", aksnet_migration_name(c->s.migration));
        aksnet__jw_kstr(&w, "migration_note", c->note);
        aksnet__jw_key(&w, "diagnostics");
        aksnet__jw_arr(&w);
        for (j = 0; j < c->result->ndiags; j++) {
            const aksnet__rdiag *d = &c->result->diags[j];
            if (d->severity == AKSNET_SEVERITY_INFO)
                continue;
            aksnet__jw_obj(&w);
            aksnet__jw_kstr(&w, "severity", aksnet_severity_name(d->severity));
            aksnet__jw_kstr(&w, "code", d->code);
            aksnet__jw_kstr(&w, "path", d->path);
            aksnet__jw_kstr(&w, "message", d->message);
            aksnet__jw_obj_end(&w);
        }
        aksnet__jw_arr_end(&w);
        aksnet__jw_obj_end(&w);
    }
    aksnet__jw_arr_end(&w);
    aksnet__jw_obj_end(&w);
    aksnet__jw_end(&w);
}

static void write_text(aksnet__strbuf *b, const aksnet_comparison *cmp)
{
    size_t i, j;
    if (cmp->has_cluster)
        aksnet__sb_printf(b, "Current mode: %s%s\n\n", aksnet_mode_name(cmp->current_mode),
                          cmp->current_dataplane == AKSNET_DATAPLANE_CILIUM ? "+cilium" : "");
    aksnet__sb_printf(b, "  %-24s %-5s %10s %9s %6s %8s  %s\n", "MODE", "FITS", "VNET IPS",
                      "MAX NODES", "ERRORS", "WARNINGS", "MIGRATION");
    for (i = 0; i < cmp->n; i++) {
        const crow *c = &cmp->rows[i];
        aksnet__sb_printf(b, "  %-24s %-5s %10llu %9u %6zu %8zu  %s\n", c->s.label,
                          c->s.fits ? "yes" : "no", (unsigned long long)c->s.vnet_ips,
                          c->s.max_nodes, c->s.errors, c->s.warnings,
                          aksnet_migration_name(c->s.migration));
    }
    for (i = 0; i < cmp->n; i++) {
        const crow *c = &cmp->rows[i];
        bool header = false;
        for (j = 0; j < c->result->ndiags; j++) {
            const aksnet__rdiag *d = &c->result->diags[j];
            if (d->severity != AKSNET_SEVERITY_ERROR)
                continue;
            if (!header) {
                aksnet__sb_printf(b, "\nWhy %s does not fit:\n", c->s.label);
                header = true;
            }
            aksnet__sb_printf(b, "  %s: %s\n", d->code, d->message);
        }
    }
    {
        bool header = false;
        for (i = 0; i < cmp->n; i++) {
            const crow *c = &cmp->rows[i];
            if (c->s.migration != AKSNET_MIGRATION_IN_PLACE)
                continue;
            if (!header) {
                aksnet__sb_puts(b, "\nIn-place migrations:\n");
                header = true;
            }
            aksnet__sb_printf(b, "  to %s: %s\n", c->s.label, c->note);
        }
    }
}

aksnet_status aksnet_comparison_write(char *buf, size_t buflen, size_t *needed,
                                      const aksnet_comparison *cmp, int format)
{
    aksnet__strbuf b;
    aksnet_status st;
    if (needed)
        *needed = 0;
    if (cmp == NULL || (format != AKSNET_FORMAT_JSON && format != AKSNET_FORMAT_TEXT)) {
        if (buf && buflen)
            buf[0] = '\0';
        return AKSNET_EINVAL;
    }
    aksnet__sb_init(&b, &cmp->alloc);
    if (format == AKSNET_FORMAT_JSON)
        write_json(&b, cmp);
    else
        write_text(&b, cmp);
    st = aksnet__sb_copy_out(&b, buf, buflen, needed);
    aksnet__sb_dispose(&b);
    return st;
}
