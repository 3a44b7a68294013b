/*
 * Allocation: size every subnet from its pools, place what is not fixed without overlaps,
 * choose service CIDR, DNS IP and pod CIDR, and list the free space. The strategies are
 * documented in docs/plan-format.md ("Allocation"); Terraform's cidrsubnets semantics come
 * from hashicorp/terraform internal/lang/funcs/cidr.go (prior-art.md section 6).
 */
#include "result.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const aksnet__forbidden_ranges[4] = {"169.254.0.0/16", "172.30.0.0/16",
                                                 "172.31.0.0/16", "192.0.2.0/24"};

void aksnet__forbidden_prefix(size_t i, aksnet_prefix *out)
{
    /* 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24 */
    static const uint8_t nets[4][3] = {{169, 254, 0}, {172, 30, 0}, {172, 31, 0}, {192, 0, 2}};
    static const uint8_t lens[4] = {16, 16, 16, 24};
    memset(out, 0, sizeof(*out));
    out->family = AKSNET_FAMILY_IPV4;
    out->length = lens[i];
    out->bytes[0] = nets[i][0];
    out->bytes[1] = nets[i][1];
    out->bytes[2] = nets[i][2];
}

/* ---- name map (open addressing, FNV-1a) ------------------------------------------------- */

typedef struct namemap {
    const aksnet__alloc *alloc;
    size_t *slots; /* index + 1, 0 = empty */
    size_t cap;
    const aksnet_result *r;
} namemap;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static int namemap_init(namemap *m, const aksnet__alloc *alloc, const aksnet_result *r,
                        size_t expected)
{
    size_t cap = 64;
    while (cap < expected * 2 + 16)
        cap *= 2;
    m->alloc = alloc;
    m->r = r;
    m->cap = cap;
    m->slots = aksnet__calloc(alloc, cap, sizeof(size_t));
    return m->slots ? AKSNET_OK : AKSNET_ENOMEM;
}

static size_t namemap_find(const namemap *m, const char *name)
{
    size_t i = (size_t)fnv1a(name) & (m->cap - 1);
    while (m->slots[i] != 0) {
        size_t idx = m->slots[i] - 1;
        if (strcmp(m->r->subnets[idx].name, name) == 0)
            return idx;
        i = (i + 1) & (m->cap - 1);
    }
    return AKSNET__NONE;
}

static int namemap_put(namemap *m, size_t idx)
{
    size_t i;
    if ((idx + 1) * 2 > m->cap) {
        size_t ncap = m->cap * 2, k;
        size_t *ns = aksnet__calloc(m->alloc, ncap, sizeof(size_t));
        if (ns == NULL)
            return AKSNET_ENOMEM;
        for (k = 0; k < m->cap; k++) {
            if (m->slots[k]) {
                size_t j = (size_t)fnv1a(m->r->subnets[m->slots[k] - 1].name) & (ncap - 1);
                while (ns[j])
                    j = (j + 1) & (ncap - 1);
                ns[j] = m->slots[k];
            }
        }
        aksnet__free(m->alloc, m->slots);
        m->slots = ns;
        m->cap = ncap;
    }
    i = (size_t)fnv1a(m->r->subnets[idx].name) & (m->cap - 1);
    while (m->slots[i] != 0)
        i = (i + 1) & (m->cap - 1);
    m->slots[i] = idx + 1;
    return AKSNET_OK;
}

/* ---- result construction helpers ---------------------------------------------------------- */

/* IPv4 prefixes gathered as radix-sort keys, (first address << 6) | (32 - length), which is
 * (first, last address) order, and written to a range set in that order (keys4_flush):
 * aksnet__rangeset_normalize then finds the set sorted. The fixed ranges of an IPAM export
 * are its 100,000 subnets; this sorts them in four passes over 8-byte keys instead of
 * comparison-sorting 32-byte ranges. */
typedef struct keys4 {
    const aksnet__alloc *alloc;
    uint64_t *v;
    size_t n, cap;
} keys4;

/* The key of a valid IPv4 prefix (host bits cleared as aksnet__prefix_range does); false for
 * any other prefix. */
static bool key4_of(const aksnet_prefix *p, uint64_t *key)
{
    uint32_t a;
    if (p->family != AKSNET_FAMILY_IPV4 || p->length > 32)
        return false;
    a = ((uint32_t)p->bytes[0] << 24) | ((uint32_t)p->bytes[1] << 16) |
        ((uint32_t)p->bytes[2] << 8) | (uint32_t)p->bytes[3];
    if (p->length < 32)
        a &= ~(UINT32_MAX >> p->length);
    *key = ((uint64_t)a << 6) | (uint64_t)(32u - p->length);
    return true;
}

typedef struct actx {
    aksnet_result *r;
    const aksnet_plan *plan;
    namemap names; /* slots NULL when the plan has no clusters (nothing looks names up) */
    bool *request_used;
    bool has_v6_space;
    /* the free trees after placement (place_all), kept for compute_free */
    aksnet__freetree t4, t6;
    bool t4_ok, t6_ok;
    /* the existing subnets' prefixes as fixed-range keys, made while step 1 writes their
     * records (place_all takes them); ek_all: that is every prefix of every existing subnet
     * (else place_all reads them from the records) */
    keys4 ek;
    bool ek_all;
} actx;

static const char *rstr(aksnet_result *r, const char *s)
{
    return s ? aksnet__arena_strdup(&r->strings, s) : NULL;
}

static const char *rfmt(aksnet_result *r, const char *fmt, ...) AKSNET_PRINTF(2, 3);
static const char *rfmt(aksnet_result *r, const char *fmt, ...)
{
    char buf[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return aksnet__arena_strdup(&r->strings, buf);
}

/* "<base><i>" (a JSON pointer such as "/vnet/subnets/12") without printf: it is made for
 * every existing subnet of the plan, and an IPAM export has a hundred thousand of them. */
static const char *rpath(aksnet_result *r, const char *base, size_t i)
{
    char buf[64], digits[24];
    size_t n = strlen(base), nd = 0, k;
    do {
        digits[nd++] = (char)('0' + i % 10);
        i /= 10;
    } while (i > 0);
    memcpy(buf, base, n + 1); /* bases are short literals */
    for (k = 0; k < nd; k++)
        buf[n + k] = digits[nd - 1 - k];
    buf[n + nd] = '\0';
    return aksnet__arena_strndup(&r->strings, buf, n + nd);
}

/* Write "<base><i>" at dst (NUL-terminated); returns its length without the NUL. */
static size_t put_path(char *dst, const char *base, size_t baselen, size_t i)
{
    char digits[24];
    size_t nd = 0, k;
    do {
        digits[nd++] = (char)('0' + i % 10);
        i /= 10;
    } while (i > 0);
    memcpy(dst, base, baselen);
    for (k = 0; k < nd; k++)
        dst[baselen + k] = digits[nd - 1 - k];
    dst[baselen + nd] = '\0';
    return baselen + nd;
}

/* Azure-usable IPs of a subnet's prefix as aksnet_prefix_azure_usable gives them (0 when it
 * has none): the IPv4 prefix first, else the IPv6 one. Plain IPv4 subnets without a call. */
static uint64_t subnet_usable(const aksnet__rsubnet *s)
{
    uint64_t u = 0;
    const aksnet_prefix *p = &s->cidr;
    if (p->family == AKSNET_FAMILY_IPV4 && p->length >= 8 && p->length <= 29) {
        uint32_t a = ((uint32_t)p->bytes[0] << 24) | ((uint32_t)p->bytes[1] << 16) |
                     ((uint32_t)p->bytes[2] << 8) | (uint32_t)p->bytes[3];
        if ((a & (UINT32_MAX >> p->length)) == 0) /* valid: host bits clear */
            return (UINT64_C(1) << (32 - p->length)) - 5;
    }
    if (aksnet__prefix_is_set(&s->cidr)) {
        if (aksnet_prefix_azure_usable(&u, &s->cidr) == AKSNET_OK)
            return u;
    } else if (aksnet__prefix_is_set(&s->cidr6) &&
               aksnet_prefix_azure_usable(&u, &s->cidr6) == AKSNET_OK) {
        return u;
    }
    return 0;
}

static int add_subnet(actx *c, aksnet__rsubnet **out, size_t *idx_out)
{
    aksnet_result *r = c->r;
    void *v = r->subnets;
    int st = aksnet__grow(&r->alloc, &v, &r->cap_subnets, r->nsubnets + 1, sizeof(*r->subnets));
    r->subnets = v;
    if (st != AKSNET_OK)
        return st;
    memset(&r->subnets[r->nsubnets], 0, sizeof(r->subnets[0]));
    r->subnets[r->nsubnets].request = AKSNET__NONE;
    r->subnets[r->nsubnets].existing_index = AKSNET__NONE;
    r->subnets[r->nsubnets].first_cluster = AKSNET__NONE;
    r->subnets[r->nsubnets].largest_free = -1;
    *idx_out = r->nsubnets++;
    *out = &r->subnets[*idx_out];
    return AKSNET_OK;
}

static size_t find_request(const aksnet_plan *plan, const char *name)
{
    size_t i;
    for (i = 0; i < plan->nrequests; i++)
        if (strcmp(plan->requests[i].name, name) == 0)
            return i;
    return AKSNET__NONE;
}

/* Find or create the subnet a pool names. */
static int cluster_subnet(actx *c, const char *name, const char *path, size_t cluster,
                          size_t *idx_out)
{
    size_t idx = namemap_find(&c->names, name), ri;
    aksnet__rsubnet *s;
    int st;
    if (idx != AKSNET__NONE) {
        *idx_out = idx;
        return AKSNET_OK;
    }
    st = add_subnet(c, &s, &idx);
    if (st != AKSNET_OK)
        return st;
    s->name = rstr(c->r, name);
    s->origin = AKSNET__ORIGIN_CLUSTER;
    s->first_cluster = cluster;
    s->path = rstr(c->r, path);
    if (s->name == NULL || s->path == NULL)
        return AKSNET_ENOMEM;
    ri = find_request(c->plan, name);
    if (ri != AKSNET__NONE) {
        const aksnet__request *q = &c->plan->requests[ri];
        c->request_used[ri] = true;
        s->request = ri;
        if (!q->from_pin) {
            /* a request the user wrote: point diagnostics at it (a request added by
             * aksnet_plan_pin is not in the document: keep the pool's path) */
            s->path = rpath(c->r, "/subnet_requests/", ri);
            if (s->path == NULL)
                return AKSNET_ENOMEM;
        }
        if (q->ipv6)
            s->needs_v6 = true;
        if (q->kind == AKSNET_REQUEST_CIDR) {
            s->pinned = true;
            s->placed = true;
            if (q->cidr.family == AKSNET_FAMILY_IPV6)
                s->cidr6 = q->cidr;
            else
                s->cidr = q->cidr;
            if (aksnet__prefix_is_set(&q->cidr6))
                s->cidr6 = q->cidr6;
        } else {
            s->length_forced = q->prefix_length;
        }
    }
    st = namemap_put(&c->names, idx);
    if (st != AKSNET_OK)
        return st;
    *idx_out = idx;
    return AKSNET_OK;
}

static int add_user(actx *c, size_t subnet, size_t cluster, size_t pool)
{
    aksnet_result *r = c->r;
    aksnet__rsubnet *s = &r->subnets[subnet];
    void *v = s->pools;
    size_t cap = s->cap_pools;
    int st = aksnet__grow(&r->alloc, &v, &cap, s->npools + 1, sizeof(*s->pools));
    s->pools = v;
    if (st != AKSNET_OK)
        return st;
    v = s->pool_refs;
    {
        size_t cap2 = s->cap_pools;
        st = aksnet__grow(&r->alloc, &v, &cap2, s->npools + 1, sizeof(*s->pool_refs));
        s->pool_refs = v;
        if (st != AKSNET_OK)
            return st;
        s->cap_pools = cap < cap2 ? cap : cap2;
    }
    s->pool_refs[s->npools] = (cluster << 16) | pool;
    s->pools[s->npools] = NULL; /* names are filled in once all users are known */
    s->npools++;
    if (s->first_cluster == AKSNET__NONE)
        s->first_cluster = cluster;
    return AKSNET_OK;
}

/* Resolve the network plugin (AKS picks by Kubernetes version when none is given). */
static void resolve_plugin(aksnet__rcluster *rc, const aksnet__cluster *k)
{
    rc->plugin = k->plugin;
    rc->plugin_mode = k->plugin_mode;
    if (k->plugin == AKSNET_PLUGIN_UNSET) {
        /* azure-rest-api-specs#30844/#30845: kubenet below 1.30, overlay from 1.30;
         * no version means the current default (overlay). */
        rc->plugin_defaulted = true;
        if (rc->k8s_major == 1 && rc->k8s_minor < 30) {
            rc->plugin = AKSNET_PLUGIN_KUBENET;
            rc->plugin_mode = AKSNET_PLUGIN_MODE_UNSET;
        } else {
            rc->plugin = AKSNET_PLUGIN_AZURE;
            rc->plugin_mode = AKSNET_PLUGIN_MODE_OVERLAY;
        }
    }
}

static int pool_mode_of(const aksnet__rcluster *rc, const aksnet__pool *p)
{
    switch (rc->plugin) {
    case AKSNET_PLUGIN_KUBENET:
        return AKSNET_MODE_KUBENET;
    case AKSNET_PLUGIN_NONE:
        return AKSNET_MODE_NONE;
    default:
        if (rc->plugin_mode == AKSNET_PLUGIN_MODE_OVERLAY)
            return AKSNET_MODE_AZURE_OVERLAY;
        if (p != NULL && p->pod_subnet != NULL)
            return p->pod_allocation == AKSNET_POD_ALLOCATION_STATIC
                       ? AKSNET_MODE_AZURE_STATIC_BLOCK
                       : AKSNET_MODE_AZURE_POD_SUBNET;
        return AKSNET_MODE_AZURE_NODE_SUBNET;
    }
}

/* ceil(base * growth) without libm: growth is 1.0..100.0 and base at most 1,000,000, so the
 * product is exact enough in a double; the 1e-9 absorbs representation error (1.1 * 10). */
static uint32_t grow_nodes(uint32_t base, double growth)
{
    double v = (double)base * growth - 1e-9;
    uint64_t t;
    if (!(v > 0.0))
        return 0;
    if (v > 4.0e9)
        return UINT32_C(4000000000);
    t = (uint64_t)v;
    if ((double)t < v)
        t++;
    return (uint32_t)t;
}

static int build_clusters(actx *c)
{
    const aksnet_plan *plan = c->plan;
    aksnet_result *r = c->r;
    size_t ci, pi;
    int st;
    char path[AKSNET_ERROR_PATH_MAX], name[300];

    if (plan->nclusters) {
        r->clusters = aksnet__calloc(&r->alloc, plan->nclusters, sizeof(*r->clusters));
        if (r->clusters == NULL)
            return AKSNET_ENOMEM;
    }
    /* set only once the array exists: aksnet_result_free walks r->clusters[0..n) */
    r->nclusters = plan->nclusters;
    for (ci = 0; ci < plan->nclusters; ci++) {
        const aksnet__cluster *k = &plan->clusters[ci];
        aksnet__rcluster *rc = &r->clusters[ci];
        uint32_t extra;
        rc->name = rstr(r, k->name);
        rc->path = rfmt(r, "/clusters/%zu", ci);
        if (rc->name == NULL || rc->path == NULL)
            return AKSNET_ENOMEM;
        if (k->k8s_version) {
            aksnet__k8s_version_parse(k->k8s_version, &rc->k8s_major, &rc->k8s_minor);
            rc->k8s_version = rstr(r, k->k8s_version);
            if (rc->k8s_version == NULL)
                return AKSNET_ENOMEM;
        }
        resolve_plugin(rc, k);
        rc->dataplane = k->dataplane;
        rc->policy = k->policy;
        rc->dual_stack = k->dual_stack;
        rc->pod_cidr = k->pod_cidr;
        rc->pod_cidr6 = k->pod_cidr6;
        rc->service_cidr = k->service_cidr;
        rc->service_cidr6 = k->service_cidr6;
        rc->dns = k->dns;
        rc->pod_given = aksnet__prefix_is_set(&k->pod_cidr);
        rc->pod6_given = aksnet__prefix_is_set(&k->pod_cidr6);
        rc->service_given = aksnet__prefix_is_set(&k->service_cidr);
        rc->service6_given = aksnet__prefix_is_set(&k->service_cidr6);
        rc->dns_given = k->dns.family != AKSNET_FAMILY_UNSET;
        rc->private_cluster = k->private_cluster;
        rc->lb_ips = k->lb_ips;
        /* one NAT IP per Private Link Service by default (CPA pls-integration.md) */
        rc->pls_ips = k->pls_ips_given ? k->pls_ips
                                       : ((k->features & AKSNET_FEATURE_PRIVATE_LINK_SERVICE) ? 1 : 0);
        rc->growth = k->growth;
        rc->features = k->features;
        rc->apiserver_subnet = AKSNET__NONE;
        rc->mode = pool_mode_of(rc, k->npools ? &k->pools[0] : NULL);
        rc->npools = k->npools;
        if (k->npools) {
            rc->pools = aksnet__calloc(&r->alloc, k->npools, sizeof(*rc->pools));
            if (rc->pools == NULL)
                return AKSNET_ENOMEM;
        }
        for (pi = 0; pi < k->npools; pi++) {
            const aksnet__pool *p = &k->pools[pi];
            aksnet__rpool *rp = &rc->pools[pi];
            aksnet__pool_size ps;
            aksnet_error e;
            uint32_t mp;
            size_t sidx;
            rp->name = rstr(r, p->name);
            rp->path = rfmt(r, "/clusters/%zu/node_pools/%zu", ci, pi);
            rp->vm_size = rstr(r, p->vm_size);
            if (rp->name == NULL || rp->path == NULL || (p->vm_size && rp->vm_size == NULL))
                return AKSNET_ENOMEM;
            rp->mode = pool_mode_of(rc, p);
            rp->pool_mode = p->mode != AKSNET_POOL_MODE_UNSET
                                ? p->mode
                                : (pi == 0 ? AKSNET_POOL_MODE_SYSTEM : AKSNET_POOL_MODE_USER);
            rp->os_type = p->os_type;
            rp->autoscale = p->autoscale;
            rp->count = p->count;
            rp->count_given = p->count_given;
            rp->min_count = p->min_count;
            rp->max_count = p->max_count;
            /* autoscaled pools reserve for max-count (AKS-Construction#701 RP error text) */
            rp->base_nodes = p->autoscale ? p->max_count : p->count;
            rp->nodes = grow_nodes(rp->base_nodes, k->growth);
            rp->surge_kind = p->surge_kind;
            rp->surge_value = p->surge;
            rp->max_pods_given = p->max_pods != 0;
            rp->pod_allocation = p->pod_allocation;
            mp = p->max_pods ? p->max_pods : aksnet__default_max_pods(rp->mode);
            /* size with the value as given; an out-of-range max_pods is a diagnostic */
            aksnet_error_init(&e);
            st = aksnet__size_pool(&ps, rp->mode, rp->nodes,
                                   (mp >= AKSNET_MAX_PODS_MIN && mp <= AKSNET_MAX_PODS_MAX) ? mp : 30,
                                   p->surge_kind, p->surge, p->expected_pods, &e, rp->path);
            if (st != AKSNET_OK)
                return st;
            rp->max_pods = mp;
            rp->surge = ps.surge;
            rp->expected_pods = ps.expected_pods;
            if (mp < AKSNET_MAX_PODS_MIN || mp > AKSNET_MAX_PODS_MAX) {
                /* redo the arithmetic with the real value so that the numbers shown match */
                uint64_t n = (uint64_t)rp->nodes + rp->surge;
                if (rp->mode == AKSNET_MODE_AZURE_NODE_SUBNET)
                    ps.node_ips = n * ((uint64_t)mp + 1);
                else if (rp->mode == AKSNET_MODE_AZURE_STATIC_BLOCK) {
                    ps.pod_blocks = n * aksnet__static_blocks_per_node(mp);
                    ps.pod_ips_per_node = aksnet__static_blocks_per_node(mp) * 16;
                    ps.pod_subnet_ips = ps.pod_blocks * 16;
                } else if (rp->mode == AKSNET_MODE_AZURE_POD_SUBNET) {
                    ps.pod_ips_per_node = aksnet__dynamic_ips_per_node(
                        mp, p->expected_pods ? p->expected_pods : mp);
                    ps.pod_subnet_ips = n * ps.pod_ips_per_node;
                }
            }
            rp->node_ips = ps.node_ips;
            rp->pod_ips_per_node = ps.pod_ips_per_node;
            rp->pod_blocks = ps.pod_blocks;
            /* BYO CNI: AKS carves no per-node ranges from the pod CIDR (use-byo-cni.md) */
            rp->pod_ips = aksnet__mode_sizes_pod_cidr(rp->mode) ? ps.pod_cidr_addrs
                          : aksnet__mode_has_pod_subnet(rp->mode) ? ps.pod_subnet_ips
                                                                   : 0;
            rc->nodes += (uint64_t)rp->nodes + rp->surge;

            /* node subnet */
            if (p->subnet != NULL) {
                snprintf(name, sizeof(name), "%s", p->subnet);
                snprintf(path, sizeof(path), "%s/subnet", rp->path);
            } else {
                snprintf(name, sizeof(name), "%s-nodes", k->name);
                snprintf(path, sizeof(path), "%s", rp->path);
            }
            st = cluster_subnet(c, name, path, ci, &sidx);
            if (st != AKSNET_OK)
                return st;
            rp->subnet = sidx;
            r->subnets[sidx].node_users = true;
            r->subnets[sidx].ips_required += rp->node_ips;
            if (k->dual_stack)
                r->subnets[sidx].needs_v6 = true;
            st = add_user(c, sidx, ci, pi);
            if (st != AKSNET_OK)
                return st;
            rp->pod_subnet = AKSNET__NONE;
            if (p->pod_subnet != NULL) {
                snprintf(path, sizeof(path), "%s/pod_subnet", rp->path);
                st = cluster_subnet(c, p->pod_subnet, path, ci, &sidx);
                if (st != AKSNET_OK)
                    return st;
                rp->pod_subnet = sidx;
                r->subnets[sidx].pod_users = true;
                if (rp->mode == AKSNET_MODE_AZURE_STATIC_BLOCK) {
                    r->subnets[sidx].has_static = true;
                    r->subnets[sidx].blocks_required += rp->pod_blocks;
                } else {
                    r->subnets[sidx].has_dynamic = true;
                }
                r->subnets[sidx].ips_required += rp->pod_ips;
                st = add_user(c, sidx, ci, pi);
                if (st != AKSNET_OK)
                    return st;
            }
        }
        /* other IP users of the first pool's subnet (concepts-network-ip-address-planning.md,
         * private-clusters.md, internal-lb.md) */
        extra = (rc->private_cluster ? 1u : 0u) + rc->lb_ips + rc->pls_ips;
        if (k->npools && extra) {
            aksnet__rsubnet *s = &r->subnets[rc->pools[0].subnet];
            s->extra_ips += extra;
            s->ips_required += extra;
        }
        if (aksnet__mode_sizes_pod_cidr(rc->mode))
            rc->pod_cidr_needed = rc->nodes * 256;
        if (k->features & AKSNET_FEATURE_API_SERVER_VNET_INTEGRATION) {
            size_t sidx;
            snprintf(name, sizeof(name), "%s-apiserver", k->name);
            snprintf(path, sizeof(path), "%s/features", rc->path);
            st = cluster_subnet(c, name, path, ci, &sidx);
            if (st != AKSNET_OK)
                return st;
            /* a delegated subnet of at least /28 (api-server-vnet-integration.md) */
            r->subnets[sidx].purpose = AKSNET_PURPOSE_APISERVER;
            r->subnets[sidx].ips_required = 9;
            if (!r->subnets[sidx].length_forced)
                r->subnets[sidx].length_forced = r->subnets[sidx].existing ? 0 : 28;
            rc->apiserver_subnet = sidx;
        }
    }
    return AKSNET_OK;
}

/* Pool names of subnets, purposes and lengths needed. */
static int finish_subnets(actx *c)
{
    aksnet_result *r = c->r;
    size_t i, j;
    /* without clusters an existing subnet has no users, and its purpose is already
     * AKSNET_PURPOSE_EXISTING: nothing below changes it */
    for (i = c->plan->nclusters ? 0 : c->plan->nexisting; i < r->nsubnets; i++) {
        aksnet__rsubnet *s = &r->subnets[i];
        bool multi = false;
        for (j = 1; j < s->npools; j++)
            if ((s->pool_refs[j] >> 16) != (s->pool_refs[0] >> 16))
                multi = true;
        for (j = 0; j < s->npools; j++) {
            size_t ci = s->pool_refs[j] >> 16, pi = s->pool_refs[j] & 0xFFFF;
            const aksnet__rcluster *rc = &r->clusters[ci];
            s->pools[j] = multi ? rfmt(r, "%s/%s", rc->name, rc->pools[pi].name)
                                : rc->pools[pi].name;
            if (s->pools[j] == NULL)
                return AKSNET_ENOMEM;
        }
        if (s->first_cluster != AKSNET__NONE)
            s->cluster = r->clusters[s->first_cluster].name;
        if (s->purpose != AKSNET_PURPOSE_APISERVER) {
            if (s->node_users)
                s->purpose = AKSNET_PURPOSE_NODES;
            else if (s->pod_users)
                s->purpose = AKSNET_PURPOSE_PODS;
            else if (s->existing)
                s->purpose = AKSNET_PURPOSE_EXISTING;
            else
                s->purpose = AKSNET_PURPOSE_REQUESTED;
        }
        if (s->existing || s->pinned)
            continue;
        if (s->length_forced) {
            s->length_needed = s->length_forced;
        } else if (s->purpose == AKSNET_PURPOSE_PODS && s->has_static) {
            uint64_t blocks = s->blocks_required;
            if (s->has_dynamic) /* mixed (a rule flags it): size dynamic IPs as blocks too */
                blocks += (s->ips_required - s->blocks_required * 16 + 15) / 16;
            if (aksnet__static_prefix_for_blocks(blocks, &s->length_needed) != AKSNET_OK)
                s->too_big = true;
        } else if (s->request != AKSNET__NONE && s->origin == AKSNET__ORIGIN_REQUEST) {
            const aksnet__request *q = &c->plan->requests[s->request];
            s->length_needed = q->prefix_length;
        } else if (aksnet_prefix_length_for_ips(&s->length_needed, s->ips_required) != AKSNET_OK) {
            s->too_big = true;
        }
    }
    return AKSNET_OK;
}

/* ---- placement ---------------------------------------------------------------------------- */

static int add_fixed(aksnet__rangeset *v4, aksnet__rangeset *v6, const aksnet_prefix *p)
{
    if (!aksnet__prefix_is_set(p))
        return AKSNET_OK;
    return aksnet__rangeset_add_prefix(p->family == AKSNET_FAMILY_IPV6 ? v6 : v4, p);
}

/* add_fixed with the IPv4 prefixes as keys (a prefix that is not a valid IPv4 one, which
 * the model never holds, goes to v4 as add_fixed would put it) */
static int add_fixed_key(keys4 *k4, aksnet__rangeset *v4, aksnet__rangeset *v6,
                         const aksnet_prefix *p)
{
    uint64_t key;
    void *v;
    int st;
    if (!aksnet__prefix_is_set(p) || !key4_of(p, &key))
        return add_fixed(v4, v6, p);
    v = k4->v;
    st = aksnet__grow(k4->alloc, &v, &k4->cap, k4->n + 1, sizeof(*k4->v));
    k4->v = v;
    if (st != AKSNET_OK)
        return st;
    k4->v[k4->n++] = key;
    return AKSNET_OK;
}

/* How many IPv4 prefixes place_all can gather as keys: a subnet has at most one (its cidr6
 * is IPv6), and so have the reserved and avoided ranges; four per cluster (pod and service
 * CIDRs) and the four forbidden ranges. */
static size_t fixed_keys_max(const aksnet_plan *plan, size_t nsubnets)
{
    return nsubnets + plan->nreserved + plan->navoid + 4 * plan->nclusters + 4;
}

/* Sort the keys and append their ranges to v4, overlapping and adjacent ones merged (the
 * union, as aksnet__rangeset_normalize makes it: appended to an empty set, it is normalised
 * already); frees the keys. */
static int keys4_flush(keys4 *k4, aksnet__rangeset *v4)
{
    size_t i, first = v4->n;
    void *v = v4->v;
    int st = aksnet__sort_u64(k4->alloc, k4->v, k4->n, 0, 38); /* 32 + 6 bits */
    if (st == AKSNET_OK)
        st = aksnet__grow(v4->alloc, &v, &v4->cap, v4->n + k4->n, sizeof(*v4->v));
    v4->v = v;
    for (i = 0; i < k4->n && st == AKSNET_OK; i++) {
        uint64_t a = k4->v[i] >> 6;
        unsigned host_bits = (unsigned)(k4->v[i] & 63u);
        uint64_t b = a | ((UINT64_C(1) << host_bits) - 1);
        aksnet__range *x = v4->v + v4->n;
        if (v4->n > first && a <= x[-1].hi.lo + 1) { /* 64-bit: no overflow at 2^32 - 1 */
            if (b > x[-1].hi.lo)
                x[-1].hi.lo = b;
            continue;
        }
        x->lo = aksnet__u128(0, a);
        x->hi = aksnet__u128(0, b);
        v4->n++;
    }
    aksnet__free(k4->alloc, k4->v);
    k4->v = NULL;
    k4->n = k4->cap = 0;
    return st;
}

typedef struct order_item {
    size_t idx;
    uint8_t len;
} order_item;

static int cmp_compact(const void *a, const void *b)
{
    const order_item *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

/* Terraform cidrsubnets over `base` for the items, in order. On failure, nothing is placed
 * and one diagnostic quotes Terraform's error. */
static int place_terraform(actx *c, order_item *items, size_t n)
{
    aksnet_result *r = c->r;
    const aksnet_prefix *base = NULL;
    aksnet_u128 base_lo, base_hi, prev_hi;
    aksnet_prefix prev;
    unsigned bits;
    size_t i;
    char a[AKSNET_PREFIX_STRLEN];
    const char *src = "Terraform cidrsubnets (hashicorp/terraform internal/lang/funcs/cidr.go)";
    if (n == 0)
        return AKSNET_OK;
    base = &c->plan->spaces[0];
    bits = aksnet__family_bits(base->family);
    aksnet__prefix_range(base, &base_lo, &base_hi);
    if (base->family != AKSNET_FAMILY_IPV4)
        return aksnet__diag(r, AKSNET_SEVERITY_ERROR, "allocation-failed", src,
                            "/allocation/strategy",
                            "the terraform strategy places IPv4 subnets in the first address "
                            "space, which is IPv6 here");
    aksnet__prefix_str(a, base);
    for (i = 0; i < n; i++) {
        unsigned len = items[i].len;
        aksnet__rsubnet *s = &r->subnets[items[i].idx];
        if (len < (unsigned)base->length + 1)
            return aksnet__diag(r, AKSNET_SEVERITY_ERROR, "allocation-failed", src, s->path,
                                "Terraform: cidrsubnets(\"%s\", ...) argument %zu: must extend "
                                "prefix by at least one bit (subnet \"%s\" needs /%u)",
                                a, i + 2, s->name, len);
        if (len - base->length > 32)
            return aksnet__diag(r, AKSNET_SEVERITY_ERROR, "allocation-failed", src, s->path,
                                "Terraform: may not extend prefix by more than 32 bits");
    }
    /* first block: the one ending right before the base network */
    prev_hi = aksnet__u128_dec(base_lo);
    aksnet__prefix_make(&prev, base->family,
                        aksnet__u128_sub(base_lo, aksnet__u128_pow2(bits - items[0].len)),
                        items[0].len);
    for (i = 0; i < n; i++) {
        unsigned len = items[i].len;
        aksnet_u128 mask = aksnet__u128_low_mask(bits - len), next;
        aksnet__rsubnet *s = &r->subnets[items[i].idx];
        bool overflow = false;
        /* first len-aligned boundary strictly after prev_hi */
        next = aksnet__u128_inc(prev_hi);
        if (i > 0 && aksnet__u128_is_zero(next))
            overflow = true;
        next = aksnet__u128_and(aksnet__u128_add(next, mask), aksnet__u128_not(mask));
        if (aksnet__u128_lt(next, prev_hi))
            overflow = true;
        if (overflow || aksnet__u128_lt(base_hi, next)) {
            char pv[AKSNET_PREFIX_STRLEN];
            size_t k;
            aksnet__prefix_str(pv, &prev);
            for (k = 0; k < n; k++) {
                r->subnets[items[k].idx].placed = false;
                memset(&r->subnets[items[k].idx].cidr, 0, sizeof(aksnet_prefix));
            }
            s->alloc_failed_len = (uint8_t)len;
            return aksnet__diag(r, AKSNET_SEVERITY_ERROR, "allocation-failed", src, s->path,
                                "Terraform: not enough remaining address space for a subnet "
                                "with a prefix of %u bits after %s (subnet \"%s\"; cidrsubnets "
                                "fails as a whole, so nothing is placed)",
                                len, pv, s->name);
        }
        aksnet__prefix_make(&s->cidr, base->family, next, len);
        s->placed = true;
        prev = s->cidr;
        prev_hi = aksnet__u128_or(next, mask);
    }
    return AKSNET_OK;
}

static int place_all(actx *c, int strategy)
{
    aksnet_result *r = c->r;
    const aksnet_plan *plan = c->plan;
    aksnet__rangeset spaces4, spaces6, fixed4, fixed6, free4, free6;
    aksnet__freetree *t4 = &c->t4, *t6 = &c->t6;
    order_item *items = NULL;
    keys4 k4;
    size_t n = 0, i;
    int st;

    aksnet__rangeset_init(&spaces4, &r->alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&spaces6, &r->alloc, AKSNET_FAMILY_IPV6);
    aksnet__rangeset_init(&fixed4, &r->alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&fixed6, &r->alloc, AKSNET_FAMILY_IPV6);
    aksnet__rangeset_init(&free4, &r->alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&free6, &r->alloc, AKSNET_FAMILY_IPV6);
    /* the keys of the existing subnets from step 1 */
    k4 = c->ek;
    memset(&c->ek, 0, sizeof(c->ek));
    k4.alloc = &r->alloc;
    if (!c->ek_all)
        k4.n = 0; /* some existing subnet has a prefix that is no key: read them all below */

    for (i = 0; i < plan->nspaces; i++)
        if ((st = add_fixed(&spaces4, &spaces6, &plan->spaces[i])) != AKSNET_OK)
            goto out;
    { /* room for every fixed IPv4 prefix (step 1 made it when there are existing subnets) */
        void *v = k4.v;
        st = aksnet__grow(k4.alloc, &v, &k4.cap, fixed_keys_max(plan, r->nsubnets),
                          sizeof(*k4.v));
        k4.v = v;
        if (st != AKSNET_OK)
            goto out;
    }
    for (i = c->ek_all ? plan->nexisting : 0; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        if (s->existing || s->pinned) {
            if ((st = add_fixed_key(&k4, &fixed4, &fixed6, &s->cidr)) != AKSNET_OK ||
                (st = add_fixed_key(&k4, &fixed4, &fixed6, &s->cidr6)) != AKSNET_OK)
                goto out;
        }
    }
    for (i = 0; i < plan->nreserved; i++)
        if ((st = add_fixed_key(&k4, &fixed4, &fixed6, &plan->reserved[i])) != AKSNET_OK)
            goto out;
    for (i = 0; i < plan->navoid; i++)
        if ((st = add_fixed_key(&k4, &fixed4, &fixed6, &plan->avoid[i])) != AKSNET_OK)
            goto out;
    /* pod and service CIDRs the plan gives: no subnet may be placed on them (a given pod
     * CIDR may lie in VNet space, which AKS allows for overlay since 2024-10) */
    for (i = 0; i < plan->nclusters; i++) {
        const aksnet__cluster *k = &plan->clusters[i];
        if ((st = add_fixed_key(&k4, &fixed4, &fixed6, &k->pod_cidr)) != AKSNET_OK ||
            (st = add_fixed_key(&k4, &fixed4, &fixed6, &k->pod_cidr6)) != AKSNET_OK ||
            (st = add_fixed_key(&k4, &fixed4, &fixed6, &k->service_cidr)) != AKSNET_OK ||
            (st = add_fixed_key(&k4, &fixed4, &fixed6, &k->service_cidr6)) != AKSNET_OK)
            goto out;
    }
    for (i = 0; i < AKSNET_ARRAY_LEN(aksnet__forbidden_ranges); i++) {
        aksnet_prefix f;
        aksnet__forbidden_prefix(i, &f);
        if ((st = add_fixed_key(&k4, &fixed4, &fixed6, &f)) != AKSNET_OK)
            goto out;
    }
    if ((st = keys4_flush(&k4, &fixed4)) != AKSNET_OK)
        goto out;
    aksnet__rangeset_normalize(&spaces4);
    aksnet__rangeset_normalize(&spaces6);
    aksnet__rangeset_normalize(&fixed4);
    aksnet__rangeset_normalize(&fixed6);
    if ((st = aksnet__rangeset_subtract(&free4, &spaces4, &fixed4)) != AKSNET_OK ||
        (st = aksnet__rangeset_subtract(&free6, &spaces6, &fixed6)) != AKSNET_OK)
        goto out;
    c->has_v6_space = spaces6.n > 0;

    /* IPv4 placement */
    if (r->nsubnets > plan->nexisting) {
        items = aksnet__calloc(&r->alloc, r->nsubnets - plan->nexisting, sizeof(*items));
        if (items == NULL) {
            st = AKSNET_ENOMEM;
            goto out;
        }
    }
    /* subnets[0, nexisting) are the existing ones (aksnet__allocate): never placed */
    for (i = plan->nexisting; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        if (s->existing || s->pinned || s->too_big || s->length_needed == 0)
            continue;
        items[n].idx = i;
        items[n].len = s->length_needed;
        n++;
    }
    if (strategy == AKSNET_STRATEGY_TERRAFORM) {
        st = place_terraform(c, items, n);
        if (st != AKSNET_OK)
            goto out;
    } else {
        if (strategy == AKSNET_STRATEGY_COMPACT && n > 1)
            qsort(items, n, sizeof(*items), cmp_compact);
        /* on failure the tree is still safe to dispose (aksnet__allocate does) */
        c->t4_ok = true;
        if ((st = aksnet__freetree_init(t4, &r->alloc, AKSNET_FAMILY_IPV4, &free4)) != AKSNET_OK)
            goto out;
        for (i = 0; i < n; i++) {
            aksnet__rsubnet *s = &r->subnets[items[i].idx];
            aksnet_u128 start;
            st = aksnet__freetree_take(t4, 32u - items[i].len, &start);
            if (st == AKSNET_ENOFIT) {
                int mb = aksnet__freetree_max_block(t4);
                s->alloc_failed_len = items[i].len;
                s->largest_free = mb < 0 ? -1 : 32 - mb;
                continue;
            }
            if (st != AKSNET_OK)
                goto out;
            aksnet__prefix_make(&s->cidr, AKSNET_FAMILY_IPV4, start, items[i].len);
            s->placed = true;
        }
    }
    /* IPv6 /64s for dual-stack subnets (Azure IPv6 subnets are exactly /64) */
    c->t6_ok = true;
    if ((st = aksnet__freetree_init(t6, &r->alloc, AKSNET_FAMILY_IPV6, &free6)) != AKSNET_OK)
        goto out;
    for (i = plan->nexisting; i < r->nsubnets; i++) {
        aksnet__rsubnet *s = &r->subnets[i];
        aksnet_u128 start;
        if (!s->needs_v6 || s->existing || aksnet__prefix_is_set(&s->cidr6) || !s->placed)
            continue;
        if (spaces6.n == 0)
            continue; /* a rule reports the missing IPv6 address space */
        st = aksnet__freetree_take(t6, 64, &start);
        if (st == AKSNET_ENOFIT) {
            s->alloc_failed_len = 64;
            continue;
        }
        if (st != AKSNET_OK)
            goto out;
        aksnet__prefix_make(&s->cidr6, AKSNET_FAMILY_IPV6, start, 64);
    }
    st = AKSNET_OK;
out:
    aksnet__free(&r->alloc, items);
    aksnet__free(&r->alloc, k4.v);
    aksnet__rangeset_dispose(&spaces4);
    aksnet__rangeset_dispose(&spaces6);
    aksnet__rangeset_dispose(&fixed4);
    aksnet__rangeset_dispose(&fixed6);
    aksnet__rangeset_dispose(&free4);
    aksnet__rangeset_dispose(&free6);
    return st;
}

/* ---- service CIDR, DNS IP and pod CIDR ------------------------------------------------------ */

static void pfx4(aksnet_prefix *p, unsigned a, unsigned b, unsigned c, unsigned d, unsigned len)
{
    memset(p, 0, sizeof(*p));
    p->family = AKSNET_FAMILY_IPV4;
    p->length = (uint8_t)len;
    p->bytes[0] = (uint8_t)a;
    p->bytes[1] = (uint8_t)b;
    p->bytes[2] = (uint8_t)c;
    p->bytes[3] = (uint8_t)d;
}

static int pfx6_parse(aksnet_prefix *p, const char *s)
{
    return aksnet_prefix_parse(p, s, strlen(s), 0, NULL);
}

/* The lowest block of `len` in `pools` that overlaps nothing in `excl`. */
static int first_free(const aksnet__alloc *alloc, int family, const aksnet_prefix *pools,
                      size_t npools, const aksnet__rangeset *excl, unsigned len,
                      aksnet_prefix *out)
{
    size_t i, j;
    unsigned bits = aksnet__family_bits(family);
    aksnet_u128 mask = aksnet__u128_low_mask(bits - len);
    for (i = 0; i < npools; i++) {
        aksnet__rangeset one, free;
        int st;
        if (pools[i].length > len)
            continue;
        aksnet__rangeset_init(&one, alloc, family);
        aksnet__rangeset_init(&free, alloc, family);
        st = aksnet__rangeset_add_prefix(&one, &pools[i]);
        if (st == AKSNET_OK)
            st = aksnet__rangeset_subtract(&free, &one, excl);
        if (st != AKSNET_OK) {
            aksnet__rangeset_dispose(&one);
            aksnet__rangeset_dispose(&free);
            return st;
        }
        for (j = 0; j < free.n; j++) {
            aksnet_u128 a = aksnet__u128_and(aksnet__u128_add(free.v[j].lo, mask),
                                             aksnet__u128_not(mask));
            if (aksnet__u128_lt(a, free.v[j].lo))
                continue;
            if (aksnet__u128_le(aksnet__u128_or(a, mask), free.v[j].hi)) {
                aksnet__prefix_make(out, family, a, len);
                aksnet__rangeset_dispose(&one);
                aksnet__rangeset_dispose(&free);
                return AKSNET_OK;
            }
        }
        aksnet__rangeset_dispose(&one);
        aksnet__rangeset_dispose(&free);
    }
    return AKSNET_ENOFIT;
}

/* first_free for an optional placement: "no room" leaves *out to be unset by the caller (a
 * rule reports it), but running out of memory is an error that must reach the caller through
 * *st, not a result that silently lacks a range. */
static bool place_free(const aksnet__alloc *alloc, int family, const aksnet_prefix *pools,
                       size_t npools, const aksnet__rangeset *excl, unsigned len,
                       aksnet_prefix *out, int *st)
{
    int r = first_free(alloc, family, pools, npools, excl, len, out);
    if (r == AKSNET_OK)
        return true;
    if (r != AKSNET_ENOFIT && *st == AKSNET_OK)
        *st = r;
    return false;
}

static bool conflicts(const aksnet__rangeset *excl, const aksnet_prefix *p)
{
    aksnet_u128 lo, hi;
    aksnet__prefix_range(p, &lo, &hi);
    return aksnet__rangeset_overlaps(excl, lo, hi);
}

static int choose_addressing(actx *c)
{
    aksnet_result *r = c->r;
    const aksnet_plan *plan = c->plan;
    aksnet_prefix pools4[4], pool6;
    aksnet__rangeset base4, base6;
    size_t ci, i;
    int st = AKSNET_OK;
    /* RFC 1918 then RFC 6598 (virtual-networks-faq.md recommends both) */
    pfx4(&pools4[0], 10, 0, 0, 0, 8);
    pfx4(&pools4[1], 172, 16, 0, 0, 12);
    pfx4(&pools4[2], 192, 168, 0, 0, 16);
    pfx4(&pools4[3], 100, 64, 0, 0, 10);
    pfx6_parse(&pool6, "fd00::/8");

    /* What no cluster range may overlap, built once: the VNet, avoided and forbidden ranges
     * and every subnet (also those outside the address space, which a rule reports). Once
     * normalised it is small (subnets merge into the address space they lie in), so each
     * cluster copies it instead of rebuilding it from every subnet. */
    aksnet__rangeset_init(&base4, &r->alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&base6, &r->alloc, AKSNET_FAMILY_IPV6);
    if (r->nclusters > 0) {
        aksnet_prefix f;
        for (i = 0; i < plan->nspaces && st == AKSNET_OK; i++)
            st = add_fixed(&base4, &base6, &plan->spaces[i]);
        for (i = 0; i < plan->navoid && st == AKSNET_OK; i++)
            st = add_fixed(&base4, &base6, &plan->avoid[i]);
        for (i = 0; i < AKSNET_ARRAY_LEN(aksnet__forbidden_ranges) && st == AKSNET_OK; i++) {
            aksnet__forbidden_prefix(i, &f);
            st = add_fixed(&base4, &base6, &f);
        }
        for (i = 0; i < r->nsubnets && st == AKSNET_OK; i++) {
            st = add_fixed(&base4, &base6, &r->subnets[i].cidr);
            if (st == AKSNET_OK)
                st = add_fixed(&base4, &base6, &r->subnets[i].cidr6);
        }
        if (st == AKSNET_OK) {
            aksnet__rangeset_presort(&base4); /* every subnet: a radix sort */
            aksnet__rangeset_normalize(&base4);
            aksnet__rangeset_normalize(&base6);
        }
    }
    for (ci = 0; ci < r->nclusters && st == AKSNET_OK; ci++) {
        aksnet__rcluster *rc = &r->clusters[ci];
        aksnet__rangeset ex4, ex6;
        aksnet_prefix def;
        aksnet__rangeset_init(&ex4, &r->alloc, AKSNET_FAMILY_IPV4);
        aksnet__rangeset_init(&ex6, &r->alloc, AKSNET_FAMILY_IPV6);
        for (i = 0; i < base4.n && st == AKSNET_OK; i++)
            st = aksnet__rangeset_add(&ex4, base4.v[i].lo, base4.v[i].hi);
        for (i = 0; i < base6.n && st == AKSNET_OK; i++)
            st = aksnet__rangeset_add(&ex6, base6.v[i].lo, base6.v[i].hi);
        if (st == AKSNET_OK && rc->pod_given)
            st = add_fixed(&ex4, &ex6, &rc->pod_cidr);
        if (st == AKSNET_OK && rc->pod6_given)
            st = add_fixed(&ex4, &ex6, &rc->pod_cidr6);
        if (st == AKSNET_OK && rc->service_given)
            st = add_fixed(&ex4, &ex6, &rc->service_cidr);
        if (st == AKSNET_OK && rc->service6_given)
            st = add_fixed(&ex4, &ex6, &rc->service_cidr6);
        if (st != AKSNET_OK) {
            aksnet__rangeset_dispose(&ex4);
            aksnet__rangeset_dispose(&ex6);
            break;
        }
        aksnet__rangeset_normalize(&ex4);
        aksnet__rangeset_normalize(&ex6);

        /* service CIDR: AKS default 10.0.0.0/16 (configure-kubenet.md) when free */
        if (!rc->service_given) {
            pfx4(&def, 10, 0, 0, 0, 16);
            if (!conflicts(&ex4, &def))
                rc->service_cidr = def;
            else if (!place_free(&r->alloc, AKSNET_FAMILY_IPV4, pools4, 4, &ex4, 16,
                                 &rc->service_cidr, &st))
                memset(&rc->service_cidr, 0, sizeof(rc->service_cidr));
            if (aksnet__prefix_is_set(&rc->service_cidr)) {
                st = add_fixed(&ex4, &ex6, &rc->service_cidr);
                aksnet__rangeset_normalize(&ex4);
            }
        }
        /* DNS service IP: the .10 address of the service CIDR (configure-kubenet.md) */
        if (!rc->dns_given && aksnet__prefix_is_set(&rc->service_cidr)) {
            aksnet_prefix_nth_address(&rc->dns, &rc->service_cidr, 10);
        }
        /* pod CIDR: one /24 per planned node, at least a /16 when room allows */
        if (!rc->pod_given && aksnet__mode_has_pod_cidr(rc->mode) && st == AKSNET_OK) {
            unsigned need = aksnet__mode_sizes_pod_cidr(rc->mode)
                                ? aksnet__pod_cidr_length_for_nodes(rc->nodes)
                                : 16u;
            /* at least a /16 when one is free; a cluster of more than 256 nodes needs more */
            bool prefer16 = need >= 16;
            unsigned want = prefer16 ? 16u : need;
            pfx4(&def, 10, 244, 0, 0, 16);
            if (prefer16 && !conflicts(&ex4, &def))
                rc->pod_cidr = def;
            else if (!place_free(&r->alloc, AKSNET_FAMILY_IPV4, pools4, 4, &ex4, want,
                                 &rc->pod_cidr, &st) &&
                     (!prefer16 || !place_free(&r->alloc, AKSNET_FAMILY_IPV4, pools4, 4, &ex4,
                                               need, &rc->pod_cidr, &st)))
                memset(&rc->pod_cidr, 0, sizeof(rc->pod_cidr));
        }
        if (rc->dual_stack && st == AKSNET_OK) {
            if (!rc->service6_given) {
                /* fd12:3456:789a:1::/108 (configure-dual-stack.md) */
                pfx6_parse(&def, "fd12:3456:789a:1::/108");
                if (!conflicts(&ex6, &def))
                    rc->service_cidr6 = def;
                else if (!place_free(&r->alloc, AKSNET_FAMILY_IPV6, &pool6, 1, &ex6, 108,
                                     &rc->service_cidr6, &st))
                    memset(&rc->service_cidr6, 0, sizeof(rc->service_cidr6));
                if (aksnet__prefix_is_set(&rc->service_cidr6)) {
                    st = add_fixed(&ex4, &ex6, &rc->service_cidr6);
                    aksnet__rangeset_normalize(&ex6);
                }
            }
            if (!rc->pod6_given && aksnet__mode_has_pod_cidr(rc->mode) && st == AKSNET_OK) {
                pfx6_parse(&def, "fd12:3456:789a::/64");
                if (!conflicts(&ex6, &def))
                    rc->pod_cidr6 = def;
                else if (!place_free(&r->alloc, AKSNET_FAMILY_IPV6, &pool6, 1, &ex6, 64,
                                     &rc->pod_cidr6, &st))
                    memset(&rc->pod_cidr6, 0, sizeof(rc->pod_cidr6));
            }
        }
        aksnet__rangeset_dispose(&ex4);
        aksnet__rangeset_dispose(&ex6);
    }
    aksnet__rangeset_dispose(&base4);
    aksnet__rangeset_dispose(&base6);
    return st;
}

/* ---- free space ----------------------------------------------------------------------------- */

static int push_free(const aksnet_prefix *p, void *payload)
{
    aksnet_result *r = payload;
    void *v = r->free_prefixes;
    int st = aksnet__grow(&r->alloc, &v, &r->cap_free, r->nfree + 1, sizeof(*r->free_prefixes));
    r->free_prefixes = v;
    if (st != AKSNET_OK)
        return st;
    r->free_prefixes[r->nfree++] = *p;
    return 0;
}

/* The free prefixes of one IPv4 range lo..hi (at most 2^32 - 1), as aksnet__range_prefixes
 * decomposes it (the maximal aligned blocks, in address order: there is only one such
 * decomposition), in 64-bit arithmetic and without a callback per prefix: the free space
 * between 100,000 existing subnets is some 58,000 prefixes. */
static int push_free4(aksnet_result *r, uint64_t lo, uint64_t hi)
{
    for (;;) {
        unsigned k = aksnet__u128_ctz(aksnet__u128(0, lo));
        uint64_t end;
        aksnet_prefix *p;
        if (k > 32)
            k = 32;
        for (;;) {
            end = lo | ((UINT64_C(1) << k) - 1);
            if (end <= hi)
                break;
            k--;
        }
        if (r->nfree == r->cap_free) {
            void *v = r->free_prefixes;
            int st = aksnet__grow(&r->alloc, &v, &r->cap_free, r->nfree + 1,
                                  sizeof(*r->free_prefixes));
            r->free_prefixes = v;
            if (st != AKSNET_OK)
                return st;
        }
        p = &r->free_prefixes[r->nfree++];
        memset(p, 0, sizeof(*p));
        p->family = AKSNET_FAMILY_IPV4;
        p->length = (uint8_t)(32 - k);
        p->bytes[0] = (uint8_t)(lo >> 24);
        p->bytes[1] = (uint8_t)(lo >> 16);
        p->bytes[2] = (uint8_t)(lo >> 8);
        p->bytes[3] = (uint8_t)lo;
        if (end == hi)
            return AKSNET_OK;
        lo = end + 1;
    }
}

/* The pod and service CIDRs of the clusters, of one family. */
static int add_cluster_ranges(const aksnet_result *r, aksnet__rangeset *used)
{
    size_t i, j;
    int st = AKSNET_OK;
    for (i = 0; i < r->nclusters && st == AKSNET_OK; i++) {
        const aksnet__rcluster *k = &r->clusters[i];
        const aksnet_prefix *ps[4];
        ps[0] = &k->pod_cidr;
        ps[1] = &k->pod_cidr6;
        ps[2] = &k->service_cidr;
        ps[3] = &k->service_cidr6;
        for (j = 0; j < 4 && st == AKSNET_OK; j++)
            if (aksnet__prefix_is_set(ps[j]))
                st = aksnet__rangeset_add_prefix(used, ps[j]);
    }
    return st;
}

/* The free space of one family from scratch: address spaces minus subnets, reserved, avoid
 * and forbidden ranges and the clusters' pod and service CIDRs. */
static int free_from_scratch(actx *c, int family, aksnet__rangeset *fr)
{
    aksnet_result *r = c->r;
    const aksnet_plan *plan = c->plan;
    aksnet__rangeset sp, used;
    size_t i;
    int st = AKSNET_OK;
    aksnet__rangeset_init(&sp, &r->alloc, family);
    aksnet__rangeset_init(&used, &r->alloc, family);
    for (i = 0; i < plan->nspaces && st == AKSNET_OK; i++)
        st = aksnet__rangeset_add_prefix(&sp, &plan->spaces[i]);
    for (i = 0; i < r->nsubnets && st == AKSNET_OK; i++) {
        if (aksnet__prefix_is_set(&r->subnets[i].cidr))
            st = aksnet__rangeset_add_prefix(&used, &r->subnets[i].cidr);
        if (st == AKSNET_OK && aksnet__prefix_is_set(&r->subnets[i].cidr6))
            st = aksnet__rangeset_add_prefix(&used, &r->subnets[i].cidr6);
    }
    for (i = 0; i < plan->nreserved && st == AKSNET_OK; i++)
        st = aksnet__rangeset_add_prefix(&used, &plan->reserved[i]);
    for (i = 0; i < plan->navoid && st == AKSNET_OK; i++)
        st = aksnet__rangeset_add_prefix(&used, &plan->avoid[i]);
    for (i = 0; i < AKSNET_ARRAY_LEN(aksnet__forbidden_ranges) && st == AKSNET_OK; i++) {
        aksnet_prefix f;
        aksnet__forbidden_prefix(i, &f);
        st = aksnet__rangeset_add_prefix(&used, &f);
    }
    /* clusters' pod and service CIDRs that lie in the VNet are not free either */
    if (st == AKSNET_OK)
        st = add_cluster_ranges(r, &used);
    if (st == AKSNET_OK) {
        aksnet__rangeset_normalize(&sp);
        aksnet__rangeset_presort(&used);
        aksnet__rangeset_normalize(&used);
        st = aksnet__rangeset_subtract(fr, &sp, &used);
    }
    aksnet__rangeset_dispose(&sp);
    aksnet__rangeset_dispose(&used);
    return st;
}

/* The same from the free tree that placement carved: it already is the address spaces minus
 * every fixed range (existing and pinned subnets, reserved, avoid, forbidden, given pod and
 * service CIDRs) and minus every subnet it placed, and place_all places no subnet any other
 * way (but for the terraform strategy, which has no tree). Only the clusters' chosen pod and
 * service CIDRs remain to be taken out. This saves sorting every subnet a second time. */
static int free_from_tree(actx *c, const aksnet__freetree *t, int family, aksnet__rangeset *fr)
{
    aksnet_result *r = c->r;
    aksnet__rangeset tree, cl;
    int st;
    aksnet__rangeset_init(&tree, &r->alloc, family);
    aksnet__rangeset_init(&cl, &r->alloc, family);
    st = add_cluster_ranges(r, &cl);
    if (st == AKSNET_OK && cl.n == 0) {
        st = aksnet__freetree_to_rangeset(t, fr);
    } else if (st == AKSNET_OK) {
        st = aksnet__freetree_to_rangeset(t, &tree);
        if (st == AKSNET_OK) {
            aksnet__rangeset_normalize(&cl);
            st = aksnet__rangeset_subtract(fr, &tree, &cl);
        }
    }
    aksnet__rangeset_dispose(&tree);
    aksnet__rangeset_dispose(&cl);
    return st;
}

static int compute_free(actx *c)
{
    aksnet_result *r = c->r;
    int fam, st = AKSNET_OK;
    size_t i;
    for (fam = 0; fam < 2 && st == AKSNET_OK; fam++) {
        int family = fam == 0 ? AKSNET_FAMILY_IPV4 : AKSNET_FAMILY_IPV6;
        bool tree_ok = fam == 0 ? c->t4_ok : c->t6_ok;
        aksnet__rangeset fr;
        aksnet__rangeset_init(&fr, &r->alloc, family);
        if (tree_ok)
            st = free_from_tree(c, fam == 0 ? &c->t4 : &c->t6, family, &fr);
        else
            st = free_from_scratch(c, family, &fr);
        for (i = 0; i < fr.n && st == AKSNET_OK; i++) {
            const aksnet__range *x = &fr.v[i];
            if (family == AKSNET_FAMILY_IPV4 && x->lo.hi == 0 && x->hi.hi == 0 &&
                x->hi.lo <= UINT32_MAX && x->lo.lo <= x->hi.lo)
                st = push_free4(r, x->lo.lo, x->hi.lo);
            else
                st = aksnet__range_prefixes(family, x->lo, x->hi, push_free, r);
        }
        aksnet__rangeset_dispose(&fr);
    }
    return st;
}

/* ---- entry point -------------------------------------------------------------------------- */

static int copy_prefixes(aksnet_result *r, aksnet_prefix **dst, size_t *n, const aksnet_prefix *src,
                         size_t count)
{
    *n = 0;
    *dst = NULL;
    if (count == 0)
        return AKSNET_OK;
    *dst = aksnet__calloc(&r->alloc, count, sizeof(**dst));
    if (*dst == NULL)
        return AKSNET_ENOMEM;
    memcpy(*dst, src, count * sizeof(**dst));
    *n = count;
    return AKSNET_OK;
}

aksnet_status aksnet__allocate(aksnet_result **out, const aksnet_plan *plan, int strategy,
                               int32_t as_of)
{
    actx c;
    aksnet_result *r = NULL;
    size_t i, expected, bulk_used;
    int st;

    *out = NULL;
    st = aksnet__result_new(&r, &plan->alloc);
    if (st != AKSNET_OK)
        return st;
    memset(&c, 0, sizeof(c));
    c.r = r;
    c.plan = plan;
    r->strategy = strategy;
    r->as_of = as_of;
    r->plan_name = rstr(r, plan->name);
    r->vnet_name = rstr(r, plan->vnet_name);
    if ((plan->name && !r->plan_name) || (plan->vnet_name && !r->vnet_name)) {
        st = AKSNET_ENOMEM;
        goto fail;
    }
    if ((st = copy_prefixes(r, &r->spaces, &r->nspaces, plan->spaces, plan->nspaces)) != AKSNET_OK ||
        (st = copy_prefixes(r, &r->reserved, &r->nreserved, plan->reserved, plan->nreserved)) !=
            AKSNET_OK ||
        (st = copy_prefixes(r, &r->avoid, &r->navoid, plan->avoid, plan->navoid)) != AKSNET_OK)
        goto fail;
    /* the name map finds the subnets pools name: without clusters nobody looks (an IPAM
     * export of 100,000 subnets and no cluster skips hashing every name) */
    if (plan->nclusters) {
        expected = plan->nexisting + plan->nrequests + 2 * plan->nclusters;
        for (i = 0; i < plan->nclusters; i++)
            expected += 2 * plan->clusters[i].npools;
        if ((st = namemap_init(&c.names, &r->alloc, r, expected)) != AKSNET_OK)
            goto fail;
    }
    if (plan->nrequests) {
        c.request_used = aksnet__calloc(&r->alloc, plan->nrequests, sizeof(bool));
        if (c.request_used == NULL) {
            st = AKSNET_ENOMEM;
            goto fail;
        }
    }
    /* 1. existing subnets. The array is sized for every subnet the plan can make (existing,
     * requests, and per cluster a node and a pod subnet per pool and an API server subnet),
     * so that it is never copied while it grows; the existing subnets' names and JSON
     * pointers ("/vnet/subnets/N") go into one block of exactly their size (r->bulk) rather
     * than two arena copies each: an IPAM export has a hundred thousand of them. */
    if (plan->nexisting) {
        size_t cap = plan->nexisting + plan->nrequests, bytes = 0, baselen = 14, digits, next10;
        for (i = 0; i < plan->nclusters; i++)
            cap += 2 * plan->clusters[i].npools + 1;
        r->subnets = aksnet__reallocarray(&r->alloc, NULL, cap, sizeof(*r->subnets));
        if (r->subnets == NULL) {
            st = AKSNET_ENOMEM;
            goto fail;
        }
        r->cap_subnets = cap;
        for (i = 0, digits = 1, next10 = 10; i < plan->nexisting; i++) {
            if (i == next10) {
                digits++;
                next10 = next10 > SIZE_MAX / 10 ? SIZE_MAX : next10 * 10;
            }
            bytes += strlen(plan->existing[i].name) + 1 + baselen + digits + 1;
        }
        r->bulk = aksnet__malloc(&r->alloc, bytes);
        c.ek.cap = fixed_keys_max(plan, cap);
        c.ek.v = aksnet__reallocarray(&r->alloc, NULL, c.ek.cap, sizeof(*c.ek.v));
        if (r->bulk == NULL || c.ek.v == NULL) {
            st = AKSNET_ENOMEM;
            goto fail;
        }
    }
    c.ek.alloc = &r->alloc;
    c.ek_all = true;
    r->existing_placed = true;
    for (i = 0, bulk_used = 0; i < plan->nexisting; i++) {
        const aksnet__existing *e = &plan->existing[i];
        size_t idx = r->nsubnets++, len = strlen(e->name); /* the array holds them all */
        aksnet__rsubnet *s = &r->subnets[idx];
        memset(s, 0, sizeof(*s)); /* what add_subnet does */
        s->request = AKSNET__NONE;
        s->first_cluster = AKSNET__NONE;
        s->largest_free = -1;
        memcpy(r->bulk + bulk_used, e->name, len + 1);
        s->name = r->bulk + bulk_used;
        bulk_used += len + 1;
        s->path = r->bulk + bulk_used;
        bulk_used += put_path(r->bulk + bulk_used, "/vnet/subnets/", 14, i) + 1;
        s->origin = AKSNET__ORIGIN_EXISTING;
        s->existing_index = i;
        s->existing = s->placed = s->pinned = true;
        s->purpose = AKSNET_PURPOSE_EXISTING;
        if (e->cidr.family == AKSNET_FAMILY_IPV6)
            s->cidr6 = e->cidr;
        else
            s->cidr = e->cidr;
        if (e->v6 != UINT32_MAX)
            s->cidr6 = plan->existing_v6[e->v6];
        /* what step 4 computes for every subnet; an existing one does not move */
        s->usable = subnet_usable(s);
        if (s->cidr6.family != AKSNET_FAMILY_UNSET || !key4_of(&s->cidr, &c.ek.v[c.ek.n]))
            c.ek_all = false;
        else
            c.ek.n++;
        if (s->cidr.family == AKSNET_FAMILY_UNSET && s->cidr6.family == AKSNET_FAMILY_UNSET)
            r->existing_placed = false; /* (the model does not allow it) */
        if (c.names.slots != NULL && (st = namemap_put(&c.names, idx)) != AKSNET_OK)
            goto fail;
    }
    /* 2. clusters and their subnets */
    if ((st = build_clusters(&c)) != AKSNET_OK)
        goto fail;
    /* 3. subnet requests not consumed by a cluster */
    for (i = 0; i < plan->nrequests; i++) {
        const aksnet__request *q = &plan->requests[i];
        aksnet__rsubnet *s;
        size_t idx;
        if (c.request_used[i])
            continue;
        if ((st = add_subnet(&c, &s, &idx)) != AKSNET_OK)
            goto fail;
        s->name = rstr(r, q->name);
        s->path = rpath(r, "/subnet_requests/", i);
        if (s->name == NULL || s->path == NULL) {
            st = AKSNET_ENOMEM;
            goto fail;
        }
        s->origin = AKSNET__ORIGIN_REQUEST;
        s->request = i;
        s->purpose = AKSNET_PURPOSE_REQUESTED;
        s->needs_v6 = q->ipv6;
        s->ips_required = q->kind == AKSNET_REQUEST_IPS ? q->ips : q->pinned_ips;
        if (q->kind == AKSNET_REQUEST_CIDR) {
            s->pinned = s->placed = true;
            if (q->cidr.family == AKSNET_FAMILY_IPV6)
                s->cidr6 = q->cidr;
            else
                s->cidr = q->cidr;
            if (aksnet__prefix_is_set(&q->cidr6))
                s->cidr6 = q->cidr6;
        }
        if (c.names.slots != NULL && (st = namemap_put(&c.names, idx)) != AKSNET_OK)
            goto fail;
    }
    if ((st = finish_subnets(&c)) != AKSNET_OK)
        goto fail;
    /* 4. placement */
    if ((st = place_all(&c, strategy)) != AKSNET_OK)
        goto fail;
    /* usable IPs and placed: existing subnets got theirs in step 1 (placement does not
     * move them), unless one had no prefix at all */
    for (i = r->existing_placed ? plan->nexisting : 0; i < r->nsubnets; i++) {
        aksnet__rsubnet *s = &r->subnets[i];
        if (i >= plan->nexisting)
            s->usable = subnet_usable(s);
        s->placed = aksnet__prefix_is_set(&s->cidr) || aksnet__prefix_is_set(&s->cidr6);
    }
    /* 5. cluster addressing, 6. free space */
    if ((st = choose_addressing(&c)) != AKSNET_OK)
        goto fail;
    if ((st = compute_free(&c)) != AKSNET_OK)
        goto fail;
    aksnet__freetree_dispose(c.t4_ok ? &c.t4 : NULL);
    aksnet__freetree_dispose(c.t6_ok ? &c.t6 : NULL);
    aksnet__free(&r->alloc, c.names.slots);
    aksnet__free(&r->alloc, c.request_used);
    aksnet__free(&r->alloc, c.ek.v);
    *out = r;
    return AKSNET_OK;
fail:
    aksnet__freetree_dispose(c.t4_ok ? &c.t4 : NULL);
    aksnet__freetree_dispose(c.t6_ok ? &c.t6 : NULL);
    aksnet__free(&r->alloc, c.names.slots);
    aksnet__free(&r->alloc, c.request_used);
    aksnet__free(&r->alloc, c.ek.v);
    aksnet_result_free(r);
    return st == AKSNET_OK ? AKSNET_ENOMEM : st;
}

aksnet_status aksnet_plan_allocate(aksnet_result **out, aksnet_plan *plan,
                                   const aksnet_allocate_options *opts)
{
    int strategy;
    int32_t as_of;
    aksnet_result *r = NULL;
    aksnet_status st;
    if (out == NULL || plan == NULL)
        return AKSNET_EINVAL;
    *out = NULL;
    strategy = opts ? opts->strategy : AKSNET_STRATEGY_DEFAULT;
    as_of = opts ? opts->as_of : 0;
    if (opts != NULL && (opts->version < 1 || opts->flags != 0))
        return aksnet__plan_fail(plan, AKSNET_EINVAL, NULL,
                                 "aksnet_allocate_options: bad version %u or flags 0x%x",
                                 opts->version, opts->flags);
    if (strategy == AKSNET_STRATEGY_DEFAULT)
        strategy = plan->strategy;
    if (strategy < AKSNET_STRATEGY_COMPACT || strategy > AKSNET_STRATEGY_TERRAFORM)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, "strategy", "unknown strategy %d", strategy);
    if (as_of == 0)
        as_of = aksnet__today();
    if (!aksnet__date_valid(as_of))
        return aksnet__plan_fail(plan, AKSNET_EINVAL, "as_of",
                                 "as_of %ld is not a valid YYYYMMDD date", (long)as_of);
    if (plan->nspaces == 0)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, "/vnet/address_space",
                                 "the plan has no VNet address space");
    st = aksnet__allocate(&r, plan, strategy, as_of);
    if (st != AKSNET_OK)
        return aksnet__plan_fail(plan, st, NULL, "allocation failed: %s", aksnet_strerror(st));
    st = aksnet__run_rules(r, plan);
    if (st != AKSNET_OK) {
        aksnet_result_free(r);
        return aksnet__plan_fail(plan, st, NULL, "validation failed: %s", aksnet_strerror(st));
    }
    aksnet__diag_sort(r);
    {
        size_t i;
        bool fits = true;
        /* existing subnets are placed (aksnet__allocate says when one is not) */
        for (i = r->existing_placed ? plan->nexisting : 0; i < r->nsubnets; i++)
            if (!r->subnets[i].placed)
                fits = false;
        for (i = 0; i < r->ndiags; i++)
            if (r->diags[i].severity == AKSNET_SEVERITY_ERROR)
                fits = false;
        r->fits = fits;
    }
    aksnet__plan_ok(plan);
    *out = r;
    return AKSNET_OK;
}

/* ---- pinning -------------------------------------------------------------------------------- */

aksnet_status aksnet_plan_pin(aksnet_plan *plan, const aksnet_result *previous, size_t *pinned_out)
{
    size_t i, j, k, pinned = 0;
    if (pinned_out)
        *pinned_out = 0;
    if (plan == NULL)
        return AKSNET_EINVAL;
    if (previous == NULL)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, NULL, "NULL previous result");
    for (i = 0; i < previous->nsubnets; i++) {
        const aksnet__rsubnet *s = &previous->subnets[i];
        bool known = false;
        if (s->existing || !aksnet__prefix_is_set(&s->cidr))
            continue;
        /* already an existing subnet of the new plan: nothing to pin */
        for (j = 0; j < plan->nexisting && !known; j++)
            if (strcmp(plan->existing[j].name, s->name) == 0)
                known = true;
        if (known)
            continue;
        /* a subnet request of that name: turn it into a pinned cidr */
        for (j = 0; j < plan->nrequests; j++) {
            aksnet__request *q = &plan->requests[j];
            if (strcmp(q->name, s->name) != 0)
                continue;
            known = true;
            if (q->kind != AKSNET_REQUEST_CIDR) {
                if (q->kind == AKSNET_REQUEST_IPS)
                    q->pinned_ips = q->ips;
                q->from_pin = true;
                q->kind = AKSNET_REQUEST_CIDR;
                q->cidr = s->cidr;
                q->prefix_length = s->cidr.length;
                if (aksnet__prefix_is_set(&s->cidr6)) {
                    q->cidr6 = s->cidr6;
                    q->ipv6 = true;
                }
                pinned++;
            }
        }
        if (known)
            continue;
        /* a cluster subnet of that name: add a pinned request */
        for (j = 0; j < plan->nclusters && !known; j++) {
            const aksnet__cluster *kc = &plan->clusters[j];
            for (k = 0; k < kc->npools && !known; k++) {
                const aksnet__pool *p = &kc->pools[k];
                char def[300];
                snprintf(def, sizeof(def), "%s-nodes", kc->name);
                if ((p->subnet && strcmp(p->subnet, s->name) == 0) ||
                    (!p->subnet && strcmp(def, s->name) == 0) ||
                    (p->pod_subnet && strcmp(p->pod_subnet, s->name) == 0))
                    known = true;
            }
            if (!known && (kc->features & AKSNET_FEATURE_API_SERVER_VNET_INTEGRATION)) {
                char def[300];
                snprintf(def, sizeof(def), "%s-apiserver", kc->name);
                known = strcmp(def, s->name) == 0;
            }
        }
        if (known) {
            aksnet_request_options r;
            aksnet_status st;
            aksnet_request_options_init(&r);
            r.name = s->name;
            r.kind = AKSNET_REQUEST_CIDR;
            r.cidr = s->cidr;
            r.cidr_ipv6 = s->cidr6;
            st = aksnet__plan_add_request(plan, &r, NULL);
            if (st != AKSNET_OK)
                return st;
            plan->requests[plan->nrequests - 1].from_pin = true;
            pinned++;
        }
    }
    if (pinned_out)
        *pinned_out = pinned;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
}
