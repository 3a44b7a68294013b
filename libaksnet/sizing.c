/*
 * Sizing formulas per plugin mode. Every rule cites its source; docs/sizing.md explains
 * them with worked examples. Sources (aks-networking-facts.md):
 *  - AKSD concepts-network-ip-address-planning.md: node subnet (N+S)*(maxPods+1), /24 per
 *    node for overlay, maxPods defaults and the 10-pod minimum (30 pods per pool).
 *  - AKSD configure-kubenet.md: one /24 per node from the pod CIDR, 400 nodes (400 UDRs).
 *  - AKSD configure-azure-cni-dynamic-ip-allocation.md: batches of 16, refill below 8 free.
 *  - AKSD configure-azure-cni-static-block-allocation.md: /28 blocks, ceil((maxPods+1)/16)
 *    (derived from the article's three examples), pod subnet at most /12.
 *  - AKSD upgrade-aks-node-pools-rolling.md: surge count or percentage rounded up, capped at
 *    the nodes to upgrade; pool size + surge <= 1,000.
 *  - AKSD use-byo-cni.md: with networkPlugin=none AKS preassigns no per-node pod ranges.
 *  - AZD virtual-networks-faq.md: 5 reserved IPs, /29 smallest subnet.
 *  - RP error texts: Azure/AKS#456, rancher/rancher#22616, Azure/AKS-Construction#701
 *    (autoscaled pools count with max-count).
 * All counts are 64-bit with overflow checks; inputs are 32-bit, so the checks cannot fire
 * for any input a caller can pass today, but an overflow is reported as AKSNET_ERANGE, never
 * wrapped.
 */
#include "sizing.h"

#include <stdio.h>
#include <string.h>

bool aksnet__mode_valid(int mode)
{
    return mode >= AKSNET_MODE_KUBENET && mode <= AKSNET_MODE_NONE;
}

bool aksnet__mode_has_pod_cidr(int mode)
{
    return mode == AKSNET_MODE_KUBENET || mode == AKSNET_MODE_AZURE_OVERLAY ||
           mode == AKSNET_MODE_NONE;
}

bool aksnet__mode_sizes_pod_cidr(int mode)
{
    return mode == AKSNET_MODE_KUBENET || mode == AKSNET_MODE_AZURE_OVERLAY;
}

bool aksnet__mode_has_pod_subnet(int mode)
{
    return mode == AKSNET_MODE_AZURE_POD_SUBNET || mode == AKSNET_MODE_AZURE_STATIC_BLOCK;
}

bool aksnet__mode_is_azure(int mode)
{
    return mode == AKSNET_MODE_AZURE_NODE_SUBNET || mode == AKSNET_MODE_AZURE_POD_SUBNET ||
           mode == AKSNET_MODE_AZURE_STATIC_BLOCK || mode == AKSNET_MODE_AZURE_OVERLAY;
}

uint32_t aksnet__default_max_pods(int mode)
{
    /* AKSD concepts-network-ip-address-planning.md, configure-kubenet.md; CLI _help.py.
     * Dynamic pod subnet: 250 (configure-azure-cni-dynamic-ip-allocation.md, 2022-2024
     * revisions) rather than 110 (planning table since 2024-05 and later revisions of the
     * dynamic article): the larger value reserves more and is the conservative reading. */
    switch (mode) {
    case AKSNET_MODE_KUBENET:
        return 110;
    case AKSNET_MODE_AZURE_NODE_SUBNET:
        return 30;
    case AKSNET_MODE_AZURE_POD_SUBNET:
    case AKSNET_MODE_AZURE_STATIC_BLOCK:
    case AKSNET_MODE_AZURE_OVERLAY:
    case AKSNET_MODE_NONE:
        return 250;
    default:
        return 0;
    }
}

int aksnet__surge_nodes(uint32_t p, int kind, uint32_t value, uint32_t *out)
{
    uint64_t s;
    if (kind == AKSNET_SURGE_DEFAULT) {
        /* the current default is 10% (agent pool upgradeSettings.maxSurge API text; CL
         * 2025-03-16); older docs say 1 node (docs/sizing.md) */
        kind = AKSNET_SURGE_PERCENT;
        value = AKSNET_DEFAULT_SURGE_PERCENT;
    }
    switch (kind) {
    case AKSNET_SURGE_PERCENT:
        if (value > 100)
            return AKSNET_ERANGE;
        /* percentages round up (upgrade-aks-node-pools-rolling.md); at most P since x <= 100 */
        s = ((uint64_t)value * p + 99) / 100;
        *out = (uint32_t)s;
        return AKSNET_OK;
    case AKSNET_SURGE_COUNT:
        /* a surge above the nodes left to upgrade uses that count instead */
        *out = value < p ? value : p;
        return AKSNET_OK;
    default:
        return AKSNET_EINVAL;
    }
}

uint64_t aksnet__dynamic_ips_per_node(uint32_t max_pods, uint32_t expected)
{
    /* 16 * ceil(0.5 + D/16) = 16 * ceil((D + 8) / 16): enough batches for D pods plus the
     * refill that happens when fewer than 8 are free; never more than maxPods rounded up
     * to a batch. */
    uint64_t want = (uint64_t)AKSNET_POD_BATCH *
                    (((uint64_t)expected + AKSNET_POD_REFILL + AKSNET_POD_BATCH - 1) /
                     AKSNET_POD_BATCH);
    uint64_t cap = (uint64_t)AKSNET_POD_BATCH *
                   (((uint64_t)max_pods + AKSNET_POD_BATCH - 1) / AKSNET_POD_BATCH);
    return want < cap ? want : cap;
}

uint64_t aksnet__static_blocks_per_node(uint32_t max_pods)
{
    /* one IP per node is reserved: ceil((maxPods + 1) / 16) */
    return ((uint64_t)max_pods + 1 + AKSNET_STATIC_BLOCK - 1) / AKSNET_STATIC_BLOCK;
}

uint64_t aksnet__static_blocks_in(unsigned length)
{
    uint64_t n;
    if (length > 28)
        return 0;
    n = UINT64_C(1) << (28 - length);
    return n >= 2 ? n - 2 : 0;
}

int aksnet__static_prefix_for_blocks(uint64_t blocks, uint8_t *out)
{
    unsigned l;
    if (blocks == 0)
        blocks = 1;
    for (l = 26; l >= AKSNET_STATIC_MAX_SUBNET; l--) {
        if (aksnet__static_blocks_in(l) >= blocks) {
            *out = (uint8_t)l;
            return AKSNET_OK;
        }
    }
    *out = 0;
    return AKSNET_ERANGE;
}

unsigned aksnet__pod_cidr_length_for_nodes(uint64_t nodes)
{
    unsigned k = 0;
    while (k < 24 && (UINT64_C(1) << k) < nodes)
        k++;
    return 24 - k;
}

/* "max_pods" or "<path>/max_pods" */
static void field_path(char *out, size_t len, const char *path, const char *field)
{
    if (path != NULL && path[0] != '\0')
        snprintf(out, len, "%s/%s", path, field);
    else
        snprintf(out, len, "%s", field);
}

static int overflow(aksnet_error *err, const char *path, const char *what)
{
    char field[AKSNET_ERROR_PATH_MAX];
    field_path(field, sizeof(field), path, "nodes");
    return aksnet__error(err, AKSNET_ERANGE, field, "%s overflows a 64-bit count", what);
}

int aksnet__size_pool(aksnet__pool_size *out, int mode, uint32_t p, uint32_t max_pods,
                      int surge_kind, uint32_t surge, uint32_t expected, aksnet_error *err,
                      const char *path)
{
    char field[AKSNET_ERROR_PATH_MAX];
    uint64_t n, per;
    int st;

    memset(out, 0, sizeof(*out));
    if (!aksnet__mode_valid(mode)) {
        field_path(field, sizeof(field), path, "mode");
        return aksnet__error(err, AKSNET_EINVAL, field, "unknown plugin mode %d", mode);
    }
    if (max_pods == 0)
        max_pods = aksnet__default_max_pods(mode);
    if (max_pods < AKSNET_MAX_PODS_MIN || max_pods > AKSNET_MAX_PODS_MAX) {
        field_path(field, sizeof(field), path, "max_pods");
        return aksnet__error(err, AKSNET_ERANGE, field,
                             "max_pods %u is outside 10..250 (AKS maxPods bounds)", max_pods);
    }
    st = aksnet__surge_nodes(p, surge_kind, surge, &out->surge);
    if (st != AKSNET_OK) {
        field_path(field, sizeof(field), path, "max_surge");
        if (st == AKSNET_ERANGE)
            return aksnet__error(err, st, field, "max_surge %u%% is above 100%%", surge);
        return aksnet__error(err, st, field, "unknown max_surge kind %d", surge_kind);
    }
    if (expected != 0 && mode != AKSNET_MODE_AZURE_POD_SUBNET) {
        field_path(field, sizeof(field), path, "expected_pods");
        return aksnet__error(err, AKSNET_ECONFLICT, field,
                             "expected_pods applies only to the dynamic pod subnet mode "
                             "(azure-pod-subnet), not %s",
                             aksnet_mode_name(mode));
    }
    if (expected > max_pods) {
        field_path(field, sizeof(field), path, "expected_pods");
        return aksnet__error(err, AKSNET_ERANGE, field,
                             "expected_pods %u is above max_pods %u", expected, max_pods);
    }
    out->nodes = p;
    out->max_pods = max_pods;
    n = (uint64_t)p + out->surge; /* below 2^33: cannot overflow */
    switch (mode) {
    case AKSNET_MODE_AZURE_NODE_SUBNET:
        /* each node: 1 primary IP + maxPods pre-reserved pod IPs */
        if (!aksnet__mul_u64(n, (uint64_t)max_pods + 1, &out->node_ips))
            return overflow(err, path, "the node subnet IP count");
        break;
    case AKSNET_MODE_AZURE_POD_SUBNET:
        out->expected_pods = expected ? expected : max_pods;
        per = aksnet__dynamic_ips_per_node(max_pods, out->expected_pods);
        out->node_ips = n;
        out->pod_ips_per_node = per;
        if (!aksnet__mul_u64(n, per, &out->pod_subnet_ips))
            return overflow(err, path, "the pod subnet IP count");
        break;
    case AKSNET_MODE_AZURE_STATIC_BLOCK:
        per = aksnet__static_blocks_per_node(max_pods);
        out->node_ips = n;
        out->pod_ips_per_node = per * AKSNET_STATIC_BLOCK;
        if (!aksnet__mul_u64(n, per, &out->pod_blocks) ||
            !aksnet__mul_u64(out->pod_blocks, AKSNET_STATIC_BLOCK, &out->pod_subnet_ips))
            return overflow(err, path, "the pod subnet block count");
        break;
    case AKSNET_MODE_KUBENET:
    case AKSNET_MODE_AZURE_OVERLAY:
    case AKSNET_MODE_NONE:
        /* one /24 per node. For none this is only what a plan proposes for the pod CIDR
         * it must be given; aksnet_size and aksnet_capacity do not count it. */
        out->node_ips = n;
        if (!aksnet__mul_u64(n, AKSNET_POD_CIDR_PER_NODE, &out->pod_cidr_addrs))
            return overflow(err, path, "the pod CIDR address count");
        break;
    default:
        break;
    }
    return AKSNET_OK;
}

/* ---- public API --------------------------------------------------------------------------- */

void aksnet_size_options_init(aksnet_size_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof(*opts));
    opts->version = AKSNET_SIZE_OPTIONS_VERSION;
}

void aksnet_capacity_options_init(aksnet_capacity_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof(*opts));
    opts->version = AKSNET_SIZE_OPTIONS_VERSION;
}

/* Output records: the caller's `size` says how much of the struct it has. Only whole members
 * that fit are written; `size` itself is left as the caller set it. */
#define MEMBER_END(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))

static const size_t size_result_ends[] = {
    /* in memory order */
    MEMBER_END(aksnet_size_result, mode),
    MEMBER_END(aksnet_size_result, nodes),
    MEMBER_END(aksnet_size_result, surge_nodes),
    MEMBER_END(aksnet_size_result, max_pods),
    MEMBER_END(aksnet_size_result, expected_pods),
    MEMBER_END(aksnet_size_result, exceeded),
    MEMBER_END(aksnet_size_result, has_pod_subnet),
    MEMBER_END(aksnet_size_result, has_pod_cidr),
    MEMBER_END(aksnet_size_result, node_subnet_prefix_length),
    MEMBER_END(aksnet_size_result, pod_subnet_prefix_length),
    MEMBER_END(aksnet_size_result, pod_cidr_prefix_length),
    MEMBER_END(aksnet_size_result, reserved),
    MEMBER_END(aksnet_size_result, node_subnet_ips),
    MEMBER_END(aksnet_size_result, node_subnet_usable),
    MEMBER_END(aksnet_size_result, pod_ips_per_node),
    MEMBER_END(aksnet_size_result, pod_subnet_ips),
    MEMBER_END(aksnet_size_result, pod_subnet_blocks),
    MEMBER_END(aksnet_size_result, pod_subnet_blocks_available),
    MEMBER_END(aksnet_size_result, pod_subnet_usable),
    MEMBER_END(aksnet_size_result, pod_cidr_addresses_required),
    MEMBER_END(aksnet_size_result, pod_cidr_addresses),
};

static const size_t capacity_result_ends[] = {
    MEMBER_END(aksnet_capacity_result, mode),
    MEMBER_END(aksnet_capacity_result, max_pods),
    MEMBER_END(aksnet_capacity_result, max_nodes),
    MEMBER_END(aksnet_capacity_result, max_pool_nodes),
    MEMBER_END(aksnet_capacity_result, surge_nodes),
    MEMBER_END(aksnet_capacity_result, limited_by),
    MEMBER_END(aksnet_capacity_result, node_subnet_nodes),
    MEMBER_END(aksnet_capacity_result, pod_nodes),
    MEMBER_END(aksnet_capacity_result, max_nodes_limited_by),
    MEMBER_END(aksnet_capacity_result, fits),
};

/* Copy the members of `rec` (whose first member is size_t size) that fit in the size the
 * caller set in `out`. */
static void copy_record(void *out, const void *rec, size_t rec_size, const size_t *ends,
                        size_t nends)
{
    size_t caller = *(const size_t *)out, fit = sizeof(size_t), i;
    for (i = 0; i < nends; i++)
        if (ends[i] <= caller && ends[i] <= rec_size)
            fit = ends[i];
    if (fit > sizeof(size_t))
        memcpy((char *)out + sizeof(size_t), (const char *)rec + sizeof(size_t),
               fit - sizeof(size_t));
}

static int check_record_size(const size_t *size, const char *type, aksnet_error *err)
{
    if (*size < sizeof(size_t))
        return aksnet__error(err, AKSNET_EINVAL, "size",
                             "%s.size is %zu; set it to sizeof the struct", type, *size);
    return AKSNET_OK;
}

static int check_dataplane(int mode, int dataplane, aksnet_error *err)
{
    if (dataplane != AKSNET_DATAPLANE_AZURE && dataplane != AKSNET_DATAPLANE_CILIUM)
        return aksnet__error(err, AKSNET_EINVAL, "dataplane", "unknown data plane %d", dataplane);
    if (dataplane == AKSNET_DATAPLANE_CILIUM && !aksnet__mode_is_azure(mode))
        return aksnet__error(err, AKSNET_EINVAL, "dataplane",
                             "the cilium data plane needs Azure CNI (overlay, pod subnet or node "
                             "subnet), not %s (azure-cni-powered-by-cilium.md)",
                             aksnet_mode_name(mode));
    return AKSNET_OK;
}

static int check_surge_option(int kind, uint32_t value, aksnet_error *err)
{
    uint32_t s;
    int st = aksnet__surge_nodes(1, kind, value, &s);
    if (st == AKSNET_ERANGE)
        return aksnet__error(err, st, "max_surge", "max_surge %u%% is above 100%%", value);
    if (st != AKSNET_OK)
        return aksnet__error(err, st, "max_surge", "unknown max_surge kind %d", kind);
    return AKSNET_OK;
}

aksnet_status aksnet_size(aksnet_size_result *out, const aksnet_size_options *opts,
                          aksnet_error *err)
{
    aksnet_size_result r;
    aksnet__pool_size ps;
    uint64_t n, node_ips;
    int st;
    uint32_t kubenet_limit;

    aksnet__error_clear(err);
    if (out == NULL || opts == NULL)
        return aksnet__error(err, AKSNET_EINVAL, NULL, "NULL argument");
    st = check_record_size(&out->size, "aksnet_size_result", err);
    if (st != AKSNET_OK)
        return st;
    if (opts->version < 1)
        return aksnet__error(err, AKSNET_EINVAL, "version",
                             "aksnet_size_options.version %u is not supported", opts->version);
    if (!aksnet__mode_valid(opts->mode))
        return aksnet__error(err, AKSNET_EINVAL, "mode", "unknown plugin mode %d", opts->mode);
    st = check_dataplane(opts->mode, opts->dataplane, err);
    if (st != AKSNET_OK)
        return st;
    st = aksnet__size_pool(&ps, opts->mode, opts->nodes, opts->max_pods, opts->max_surge_kind,
                           opts->max_surge, opts->expected_pods, err, NULL);
    if (st != AKSNET_OK)
        return st;

    memset(&r, 0, sizeof(r));
    r.mode = opts->mode;
    r.nodes = ps.nodes;
    r.surge_nodes = ps.surge;
    r.max_pods = ps.max_pods;
    r.expected_pods = ps.expected_pods;
    n = (uint64_t)ps.nodes + ps.surge;
    /* other users of the node subnet (ILB frontends, private endpoint, PLS NAT IPs) */
    if (!aksnet__add_u64(ps.node_ips, opts->extra_ips, &node_ips))
        return aksnet__error(err, AKSNET_ERANGE, "extra_ips", "the IP count overflows");
    r.node_subnet_ips = node_ips;
    r.exceeded = AKSNET_LIMIT_NONE;
    /* smallest subnet: the longest prefix <= /29 with 2^(32-p) - 5 >= IPs, at most a /8 */
    if (aksnet_prefix_length_for_ips(&r.node_subnet_prefix_length, node_ips) != AKSNET_OK)
        r.exceeded = AKSNET_LIMIT_SUBNET_SIZE;
    else
        r.node_subnet_usable = (UINT64_C(1) << (32 - r.node_subnet_prefix_length)) - 5;
    if (aksnet__mode_has_pod_subnet(opts->mode)) {
        r.has_pod_subnet = 1;
        r.pod_ips_per_node = ps.pod_ips_per_node;
        r.pod_subnet_ips = ps.pod_subnet_ips;
        if (opts->mode == AKSNET_MODE_AZURE_STATIC_BLOCK) {
            r.pod_subnet_blocks = ps.pod_blocks;
            /* static block pod subnets may be as large as /12; 2^(28-L) - 2 blocks */
            if (aksnet__static_prefix_for_blocks(ps.pod_blocks, &r.pod_subnet_prefix_length) !=
                AKSNET_OK)
                r.exceeded = AKSNET_LIMIT_SUBNET_SIZE;
        } else if (aksnet_prefix_length_for_ips(&r.pod_subnet_prefix_length, ps.pod_subnet_ips) !=
                   AKSNET_OK) {
            r.exceeded = AKSNET_LIMIT_SUBNET_SIZE;
        }
        if (r.pod_subnet_prefix_length)
            r.pod_subnet_usable = (UINT64_C(1) << (32 - r.pod_subnet_prefix_length)) - 5;
        if (r.pod_subnet_prefix_length && opts->mode == AKSNET_MODE_AZURE_STATIC_BLOCK)
            r.pod_subnet_blocks_available = aksnet__static_blocks_in(r.pod_subnet_prefix_length);
    }
    if (aksnet__mode_sizes_pod_cidr(opts->mode)) {
        /* one /24 per node: 256 addresses each, no reserved addresses (the RP counts "IPs
         * available 1024" for a /22 pod CIDR, Azure/AKS-Construction#701) */
        unsigned len = aksnet__pod_cidr_length_for_nodes(n);
        r.has_pod_cidr = 1;
        r.pod_cidr_addresses_required = ps.pod_cidr_addrs;
        if (len >= AKSNET_LARGEST_SUBNET) { /* 2^(24-len) >= n nodes */
            r.pod_cidr_prefix_length = (uint8_t)len;
            r.pod_cidr_addresses = UINT64_C(1) << (32 - len);
        } else {
            r.exceeded = AKSNET_LIMIT_SUBNET_SIZE;
        }
    }
    /* AKS limits, which win over the subnet size (facts 1.4). For one pool, P + S above
     * 5,000 is also above 1,000, so the per-pool limit always binds before the cluster one. */
    kubenet_limit = opts->dual_stack ? AKSNET_KUBENET_DS_NODE_LIMIT : AKSNET_KUBENET_NODE_LIMIT;
    if (opts->mode == AKSNET_MODE_KUBENET && n > kubenet_limit)
        r.exceeded = AKSNET_LIMIT_KUBENET;
    else if (n > AKSNET_POOL_NODE_LIMIT)
        r.exceeded = AKSNET_LIMIT_POOL;
    else if (r.exceeded == AKSNET_LIMIT_NONE && ps.max_pods < AKSNET_MIN_PODS_PER_POOL &&
             (uint64_t)ps.max_pods * ps.nodes < AKSNET_MIN_PODS_PER_POOL)
        /* maxPods below 30 only when maxPods * count >= 30 (planning article; Azure/AKS#931) */
        r.exceeded = AKSNET_LIMIT_MAX_PODS;

    r.size = out->size;
    copy_record(out, &r, sizeof(r), size_result_ends, AKSNET_ARRAY_LEN(size_result_ends));
    return AKSNET_OK;
}

/* Largest P with P + S(P) <= cap. S is non-decreasing in P, so P + S(P) is strictly
 * increasing and a binary search finds the boundary exactly. */
static uint32_t largest_pool(uint32_t cap, int kind, uint32_t value, uint32_t *surge_out)
{
    uint32_t lo = 0, hi = cap, s = 0;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        uint32_t sm = 0;
        (void)aksnet__surge_nodes(mid, kind, value, &sm);
        if ((uint64_t)mid + sm <= cap)
            lo = mid;
        else
            hi = mid - 1;
    }
    (void)aksnet__surge_nodes(lo, kind, value, &s);
    *surge_out = s;
    return lo;
}

static uint32_t clamp32(uint64_t v)
{
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static int check_ipv4(const aksnet_prefix *p, const char *field, const char *what,
                      aksnet_error *err)
{
    if (!aksnet__prefix_valid(p) || p->family != AKSNET_FAMILY_IPV4)
        return aksnet__error(err, AKSNET_EINVAL, field, "the %s must be an IPv4 prefix", what);
    return AKSNET_OK;
}

aksnet_status aksnet_capacity(aksnet_capacity_result *out, const aksnet_capacity_options *opts,
                              aksnet_error *err)
{
    aksnet_capacity_result r;
    uint32_t max_pods, s = 0, expected;
    uint64_t usable, per, node_nodes, pod_nodes = UINT32_MAX, cap;
    int st;
    struct {
        uint64_t nodes;
        int limit;
    } c[5];
    size_t nc = 0, i, best;

    aksnet__error_clear(err);
    if (out == NULL || opts == NULL)
        return aksnet__error(err, AKSNET_EINVAL, NULL, "NULL argument");
    st = check_record_size(&out->size, "aksnet_capacity_result", err);
    if (st != AKSNET_OK)
        return st;
    if (opts->version < 1)
        return aksnet__error(err, AKSNET_EINVAL, "version",
                             "aksnet_capacity_options.version %u is not supported",
                             opts->version);
    if (!aksnet__mode_valid(opts->mode))
        return aksnet__error(err, AKSNET_EINVAL, "mode", "unknown plugin mode %d", opts->mode);
    st = check_dataplane(opts->mode, opts->dataplane, err);
    if (st != AKSNET_OK)
        return st;
    max_pods = opts->max_pods ? opts->max_pods : aksnet__default_max_pods(opts->mode);
    if (max_pods < AKSNET_MAX_PODS_MIN || max_pods > AKSNET_MAX_PODS_MAX)
        return aksnet__error(err, AKSNET_ERANGE, "max_pods",
                             "max_pods %u is outside 10..250 (AKS maxPods bounds)", max_pods);
    st = check_surge_option(opts->max_surge_kind, opts->max_surge, err);
    if (st != AKSNET_OK)
        return st;
    if (opts->expected_pods != 0 && opts->mode != AKSNET_MODE_AZURE_POD_SUBNET)
        return aksnet__error(err, AKSNET_ECONFLICT, "expected_pods",
                             "expected_pods applies only to the dynamic pod subnet mode "
                             "(azure-pod-subnet), not %s",
                             aksnet_mode_name(opts->mode));
    if (opts->expected_pods > max_pods)
        return aksnet__error(err, AKSNET_ERANGE, "expected_pods",
                             "expected_pods %u is above max_pods %u", opts->expected_pods,
                             max_pods);
    expected = opts->expected_pods ? opts->expected_pods : max_pods;

    /* node subnet: usable = 2^(32-L) - 5, minus the other consumers */
    if (!aksnet__prefix_is_set(&opts->node_subnet))
        return aksnet__error(err, AKSNET_EINVAL, "subnet", "a node subnet is required");
    st = check_ipv4(&opts->node_subnet, "subnet", "node subnet", err);
    if (st != AKSNET_OK)
        return st;
    if (aksnet_prefix_azure_usable(&usable, &opts->node_subnet) != AKSNET_OK)
        return aksnet__error(err, AKSNET_ERANGE, "subnet",
                             "a /%u node subnet is outside the Azure subnet sizes /8../29",
                             (unsigned)opts->node_subnet.length);
    usable = usable > opts->extra_ips ? usable - opts->extra_ips : 0;
    per = opts->mode == AKSNET_MODE_AZURE_NODE_SUBNET ? (uint64_t)max_pods + 1 : 1;
    node_nodes = usable / per;

    /* pod subnet (dynamic or static block) */
    if (aksnet__mode_has_pod_subnet(opts->mode)) {
        if (!aksnet__prefix_is_set(&opts->pod_subnet))
            return aksnet__error(err, AKSNET_EINVAL, "pod_subnet",
                                 "mode %s needs a pod subnet", aksnet_mode_name(opts->mode));
        st = check_ipv4(&opts->pod_subnet, "pod_subnet", "pod subnet", err);
        if (st != AKSNET_OK)
            return st;
        if (opts->mode == AKSNET_MODE_AZURE_STATIC_BLOCK) {
            /* whole /28 blocks, first and last excluded; pod subnet at most /12 */
            if (opts->pod_subnet.length < AKSNET_STATIC_MAX_SUBNET || opts->pod_subnet.length > 29)
                return aksnet__error(err, AKSNET_ERANGE, "pod_subnet",
                                     "a static-block pod subnet must be /12../29, not /%u",
                                     (unsigned)opts->pod_subnet.length);
            pod_nodes = aksnet__static_blocks_in(opts->pod_subnet.length) /
                        aksnet__static_blocks_per_node(max_pods);
        } else {
            uint64_t pod_usable;
            if (aksnet_prefix_azure_usable(&pod_usable, &opts->pod_subnet) != AKSNET_OK)
                return aksnet__error(err, AKSNET_ERANGE, "pod_subnet",
                                     "a /%u pod subnet is outside the Azure subnet sizes /8../29",
                                     (unsigned)opts->pod_subnet.length);
            pod_nodes = pod_usable / aksnet__dynamic_ips_per_node(max_pods, expected);
        }
    } else if (aksnet__prefix_is_set(&opts->pod_subnet)) {
        return aksnet__error(err, AKSNET_ECONFLICT, "pod_subnet",
                             "mode %s has no pod subnet (pod_subnet is for azure-pod-subnet and "
                             "azure-static-block)",
                             aksnet_mode_name(opts->mode));
    }

    /* pod CIDR: kubenet and overlay carve a /24 per node; none needs one but AKS carves
     * nothing from it (use-byo-cni.md), so it does not limit nodes */
    if (aksnet__mode_has_pod_cidr(opts->mode)) {
        unsigned len = 16; /* default 10.244.0.0/16 (configure-kubenet.md) */
        if (aksnet__prefix_is_set(&opts->pod_cidr)) {
            st = check_ipv4(&opts->pod_cidr, "pod_cidr", "pod CIDR", err);
            if (st != AKSNET_OK)
                return st;
            len = opts->pod_cidr.length;
        }
        if (aksnet__mode_sizes_pod_cidr(opts->mode))
            pod_nodes = len <= 24 ? (UINT64_C(1) << (24 - len)) : 0;
    } else if (aksnet__prefix_is_set(&opts->pod_cidr)) {
        return aksnet__error(err, AKSNET_ECONFLICT, "pod_cidr",
                             "mode %s has no pod CIDR (pod_cidr is for kubenet, azure-overlay "
                             "and none)",
                             aksnet_mode_name(opts->mode));
    }

    /* candidates for the binding constraint, in tie-break order */
    c[nc].nodes = node_nodes;
    c[nc++].limit = AKSNET_LIMIT_NODE_SUBNET;
    if (aksnet__mode_sizes_pod_cidr(opts->mode)) {
        c[nc].nodes = pod_nodes;
        c[nc++].limit = AKSNET_LIMIT_POD_CIDR;
    } else if (aksnet__mode_has_pod_subnet(opts->mode)) {
        c[nc].nodes = pod_nodes;
        c[nc++].limit = AKSNET_LIMIT_POD_SUBNET;
    }
    if (opts->mode == AKSNET_MODE_KUBENET) {
        c[nc].nodes = opts->dual_stack ? AKSNET_KUBENET_DS_NODE_LIMIT : AKSNET_KUBENET_NODE_LIMIT;
        c[nc++].limit = AKSNET_LIMIT_KUBENET;
    }
    c[nc].nodes = AKSNET_CLUSTER_NODE_LIMIT;
    c[nc++].limit = AKSNET_LIMIT_CLUSTER;
    c[nc].nodes = AKSNET_POOL_NODE_LIMIT;
    c[nc++].limit = AKSNET_LIMIT_POOL;

    memset(&r, 0, sizeof(r));
    r.mode = opts->mode;
    r.max_pods = max_pods;
    r.node_subnet_nodes = clamp32(node_nodes);
    r.pod_nodes = clamp32(pod_nodes);
    /* max_nodes: every constraint except the per-pool limit (several pools may share the
     * subnets) */
    cap = UINT64_MAX;
    for (i = 0; i < nc; i++)
        if (c[i].limit != AKSNET_LIMIT_POOL && c[i].nodes < cap)
            cap = c[i].nodes;
    r.max_nodes = clamp32(cap);
    r.max_nodes_limited_by = AKSNET_LIMIT_CLUSTER;
    for (i = 0; i < nc; i++) {
        if (c[i].limit != AKSNET_LIMIT_POOL && c[i].nodes == cap) {
            r.max_nodes_limited_by = c[i].limit;
            break;
        }
    }
    /* max_pool_nodes: the tightest constraint, the per-pool limit included */
    best = 0;
    for (i = 1; i < nc; i++)
        if (c[i].nodes < c[best].nodes)
            best = i;
    r.limited_by = c[best].limit;
    r.max_pool_nodes =
        largest_pool(clamp32(c[best].nodes), opts->max_surge_kind, opts->max_surge, &s);
    r.surge_nodes = s;
    /* a pool that fits but has room for fewer than 30 pods is refused by AKS */
    if (r.max_pool_nodes > 0 && max_pods < AKSNET_MIN_PODS_PER_POOL &&
        (uint64_t)max_pods * r.max_pool_nodes < AKSNET_MIN_PODS_PER_POOL)
        r.limited_by = AKSNET_LIMIT_MAX_PODS;
    r.fits = r.max_pool_nodes > 0 && r.limited_by != AKSNET_LIMIT_MAX_PODS;

    r.size = out->size;
    copy_record(out, &r, sizeof(r), capacity_result_ends,
                AKSNET_ARRAY_LEN(capacity_result_ends));
    return AKSNET_OK;
}
