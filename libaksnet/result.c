/* Result lifecycle, diagnostics and the public getters. */
#include "result.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many diagnostics per code are kept; the rest are counted (a plan with
 * 100,000 overlapping subnets must not produce a gigabyte of text). */
#define DIAG_CAP_PER_CODE 200u

aksnet_status aksnet__result_new(aksnet_result **out, const aksnet__alloc *alloc)
{
    aksnet_result *r = aksnet__calloc(alloc, 1, sizeof(*r));
    *out = NULL;
    if (r == NULL)
        return AKSNET_ENOMEM;
    r->alloc = *alloc;
    aksnet__arena_init(&r->strings, &r->alloc);
    *out = r;
    return AKSNET_OK;
}

void aksnet_result_free(aksnet_result *r)
{
    size_t i;
    aksnet__alloc a;
    if (r == NULL)
        return;
    a = r->alloc;
    for (i = 0; i < r->nsubnets; i++) {
        if (r->subnets[i].pools == NULL && r->subnets[i].pool_refs == NULL)
            continue; /* most subnets of a large plan have no users: no call */
        aksnet__free(&a, r->subnets[i].pools);
        aksnet__free(&a, r->subnets[i].pool_refs);
    }
    for (i = 0; i < r->nclusters; i++)
        aksnet__free(&a, r->clusters[i].pools);
    aksnet__free(&a, r->clusters);
    aksnet__free(&a, r->subnets);
    aksnet__free(&a, r->free_prefixes);
    aksnet__free(&a, r->diags);
    aksnet__free(&a, r->spaces);
    aksnet__free(&a, r->reserved);
    aksnet__free(&a, r->avoid);
    aksnet__free(&a, r->bulk);
    aksnet__arena_dispose(&r->strings);
    aksnet__free(&a, r);
}

aksnet_status aksnet__diag(aksnet_result *r, int severity, const char *code, const char *source,
                           const char *path, const char *fmt, ...)
{
    va_list ap;
    char msg[1024];
    size_t i, same = 0;
    aksnet__rdiag *d;
    void *v;
    int st;
    /* codes are static strings (the rule table, the allocator): count per code */
    for (i = 0; i < r->ncodes; i++)
        if (r->codes[i].code == code || strcmp(r->codes[i].code, code) == 0)
            break;
    if (i == r->ncodes) {
        if (r->ncodes == AKSNET_ARRAY_LEN(r->codes))
            return AKSNET_ERROR; /* more codes than the table has rules: a library bug */
        r->codes[i].code = code;
        r->codes[i].count = 0;
        r->ncodes++;
    }
    same = r->codes[i].count;
    if (same >= DIAG_CAP_PER_CODE) {
        r->diag_dropped++;
        return AKSNET_OK;
    }
    r->codes[i].count++;
    v = r->diags;
    st = aksnet__grow(&r->alloc, &v, &r->cap_diags, r->ndiags + 1, sizeof(*r->diags));
    r->diags = v;
    if (st != AKSNET_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    d = &r->diags[r->ndiags];
    d->severity = severity;
    d->code = code;
    d->source = source;
    d->seq = r->ndiags;
    d->path = aksnet__arena_strdup(&r->strings, path ? path : "");
    d->message = aksnet__arena_strdup(&r->strings, msg);
    if (d->path == NULL || d->message == NULL)
        return AKSNET_ENOMEM;
    r->ndiags++;
    return AKSNET_OK;
}

static int cmp_diag(const void *a, const void *b)
{
    const aksnet__rdiag *x = a, *y = b;
    if (x->severity != y->severity)
        return x->severity > y->severity ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

void aksnet__diag_sort(aksnet_result *r)
{
    if (r->ndiags > 1)
        qsort(r->diags, r->ndiags, sizeof(*r->diags), cmp_diag);
}

uint64_t aksnet__result_vnet_ips(const aksnet_result *r)
{
    uint64_t total = 0;
    size_t i;
    for (i = 0; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        if (!aksnet__prefix_is_set(&s->cidr))
            continue;
        /* count subnets this plan creates, and existing ones its clusters use */
        if (s->existing && s->npools == 0)
            continue;
        if (!aksnet__add_u64(total, aksnet_prefix_num_addresses(&s->cidr), &total))
            return UINT64_MAX;
    }
    return total;
}

/* ---- getters ------------------------------------------------------------------------------ */

int aksnet_result_fits(const aksnet_result *r)
{
    return r != NULL && r->fits;
}

int aksnet_result_strategy(const aksnet_result *r)
{
    return r ? r->strategy : 0;
}

size_t aksnet_result_subnet_count(const aksnet_result *r)
{
    return r ? r->nsubnets : 0;
}

aksnet_status aksnet_result_subnet(aksnet_subnet_info *out, const aksnet_result *r, size_t index)
{
    aksnet_subnet_info v;
    const aksnet__rsubnet *s;
    size_t size;
    if (r == NULL || !AKSNET__REC_OK(out, aksnet_subnet_info, placed))
        return AKSNET_EINVAL;
    if (index >= r->nsubnets)
        return AKSNET_ENOTFOUND;
    s = &r->subnets[index];
    memset(&v, 0, sizeof(v));
    size = out->size;
    v.size = size;
    v.name = s->name;
    if (aksnet__prefix_is_set(&s->cidr)) {
        v.cidr = s->cidr;
        v.cidr_ipv6 = s->cidr6;
    } else {
        v.cidr = s->cidr6; /* an IPv6-only subnet: its /64 is its prefix (as in the JSON) */
    }
    v.purpose = s->purpose;
    v.cluster = s->cluster ? s->cluster : "";
    v.node_pool_count = s->npools;
    v.node_pools = (const char *const *)s->pools;
    v.ips_required = s->ips_required;
    v.usable_ips = s->usable;
    v.existing = s->existing;
    v.placed = s->placed;
    v.path = s->path ? s->path : "";
    if (s->has_static) {
        v.blocks_required = s->blocks_required;
        v.blocks_available =
            aksnet__prefix_is_set(&s->cidr) ? aksnet__static_blocks_in(s->cidr.length) : 0;
    }
    memcpy(out, &v, sizeof(v) < size ? sizeof(v) : size);
    return AKSNET_OK;
}

size_t aksnet_result_cluster_count(const aksnet_result *r)
{
    return r ? r->nclusters : 0;
}

aksnet_status aksnet_result_cluster(aksnet_cluster_info *out, const aksnet_result *r,
                                    size_t index)
{
    aksnet_cluster_info v;
    const aksnet__rcluster *c;
    size_t size;
    if (r == NULL || !AKSNET__REC_OK(out, aksnet_cluster_info, pool_count))
        return AKSNET_EINVAL;
    if (index >= r->nclusters)
        return AKSNET_ENOTFOUND;
    c = &r->clusters[index];
    memset(&v, 0, sizeof(v));
    size = out->size;
    v.size = size;
    v.name = c->name;
    v.network_plugin = c->plugin;
    v.network_plugin_mode = c->plugin_mode;
    v.network_dataplane = c->dataplane;
    v.network_policy = c->policy;
    v.mode = c->mode;
    v.dual_stack = c->dual_stack;
    if (aksnet__mode_has_pod_cidr(c->mode) || c->pod_given) {
        v.pod_cidr = c->pod_cidr;
        v.pod_cidr_ipv6 = c->pod_cidr6;
    }
    v.service_cidr = c->service_cidr;
    v.service_cidr_ipv6 = c->service_cidr6;
    v.dns_service_ip = c->dns;
    v.nodes = c->nodes > UINT32_MAX ? UINT32_MAX : (uint32_t)c->nodes;
    v.pool_count = c->npools;
    v.pod_cidr_addresses_required = c->pod_cidr_needed;
    memcpy(out, &v, sizeof(v) < size ? sizeof(v) : size);
    return AKSNET_OK;
}

aksnet_status aksnet_result_pool(aksnet_pool_info *out, const aksnet_result *r,
                                 size_t cluster_index, size_t pool_index)
{
    aksnet_pool_info v;
    const aksnet__rpool *p;
    size_t size;
    if (r == NULL || !AKSNET__REC_OK(out, aksnet_pool_info, pod_ips))
        return AKSNET_EINVAL;
    if (cluster_index >= r->nclusters || pool_index >= r->clusters[cluster_index].npools)
        return AKSNET_ENOTFOUND;
    p = &r->clusters[cluster_index].pools[pool_index];
    memset(&v, 0, sizeof(v));
    size = out->size;
    v.size = size;
    v.name = p->name;
    v.mode = p->mode;
    v.pool_mode = p->pool_mode;
    v.os_type = p->os_type;
    v.nodes = p->nodes;
    v.surge_nodes = p->surge;
    v.max_pods = p->max_pods;
    v.subnet = r->subnets[p->subnet].name;
    v.pod_subnet = p->pod_subnet != AKSNET__NONE ? r->subnets[p->pod_subnet].name : "";
    v.node_subnet_ips = p->node_ips;
    v.pod_ips = p->pod_ips;
    v.autoscale = p->autoscale;
    v.max_surge_kind = p->surge_kind;
    v.max_surge = p->surge_value;
    v.expected_pods = p->expected_pods;
    v.pod_ips_per_node = aksnet__mode_has_pod_subnet(p->mode) ? p->pod_ips_per_node : 0;
    memcpy(out, &v, sizeof(v) < size ? sizeof(v) : size);
    return AKSNET_OK;
}

size_t aksnet_result_free_count(const aksnet_result *r)
{
    return r ? r->nfree : 0;
}

aksnet_status aksnet_result_free_prefix(aksnet_prefix *out, const aksnet_result *r, size_t index)
{
    if (out == NULL || r == NULL)
        return AKSNET_EINVAL;
    if (index >= r->nfree)
        return AKSNET_ENOTFOUND;
    *out = r->free_prefixes[index];
    return AKSNET_OK;
}

size_t aksnet_result_diagnostic_count(const aksnet_result *r)
{
    return r ? r->ndiags : 0;
}

aksnet_status aksnet_result_diagnostic(aksnet_diagnostic *out, const aksnet_result *r,
                                       size_t index)
{
    aksnet_diagnostic v;
    const aksnet__rdiag *d;
    size_t size;
    if (r == NULL || !AKSNET__REC_OK(out, aksnet_diagnostic, source))
        return AKSNET_EINVAL;
    if (index >= r->ndiags)
        return AKSNET_ENOTFOUND;
    d = &r->diags[index];
    size = out->size;
    memset(&v, 0, sizeof(v));
    v.size = size;
    v.severity = d->severity;
    v.code = d->code;
    v.path = d->path;
    v.message = d->message;
    v.source = d->source;
    memcpy(out, &v, sizeof(v) < size ? sizeof(v) : size);
    return AKSNET_OK;
}

aksnet_status aksnet_result_write(char *buf, size_t buflen, size_t *needed,
                                  const aksnet_result *r, int format)
{
    aksnet__strbuf b;
    aksnet_status st;
    if (needed)
        *needed = 0;
    if (r == NULL) {
        if (buf && buflen)
            buf[0] = '\0';
        return AKSNET_EINVAL;
    }
    aksnet__sb_init(&b, &r->alloc);
    switch (format) {
    case AKSNET_FORMAT_JSON:
        aksnet__write_json(&b, r);
        break;
    case AKSNET_FORMAT_TEXT:
        aksnet__write_text(&b, r);
        break;
    case AKSNET_FORMAT_TFVARS:
        aksnet__write_tfvars(&b, r);
        break;
    case AKSNET_FORMAT_SVG:
        aksnet__write_svg(&b, r);
        break;
    default:
        if (buf && buflen)
            buf[0] = '\0';
        return AKSNET_EINVAL;
    }
    st = aksnet__sb_copy_out(&b, buf, buflen, needed);
    aksnet__sb_dispose(&b);
    return st;
}

/* ---- sorting by address (the allocator and the rules) ------------------------------------- */

#define RADIX_BITS 11
#define RADIX_MASK ((UINT64_C(1) << RADIX_BITS) - 1)

int aksnet__sort_u64(const aksnet__alloc *alloc, uint64_t *v, size_t n, unsigned from_bit,
                     unsigned bits)
{
    uint64_t *tmp, *src = v, *dst;
    size_t i, *count;
    unsigned d, ndigits;
    if (from_bit >= 64)
        return AKSNET_OK;
    if (bits == 0 || bits > 64 - from_bit)
        bits = 64 - from_bit;
    if (n < 64) {
        for (i = 1; i < n; i++) {
            uint64_t k = v[i];
            size_t j = i;
            for (; j > 0 && (v[j - 1] >> from_bit) > (k >> from_bit); j--)
                v[j] = v[j - 1];
            v[j] = k;
        }
        return AKSNET_OK;
    }
    ndigits = (bits + RADIX_BITS - 1) / RADIX_BITS;
    tmp = aksnet__malloc(alloc, n * sizeof(*tmp));
    count = aksnet__calloc(alloc, (size_t)ndigits << RADIX_BITS, sizeof(*count));
    if (tmp == NULL || count == NULL) {
        aksnet__free(alloc, tmp);
        aksnet__free(alloc, count);
        return AKSNET_ENOMEM;
    }
    /* all the digit histograms in one read */
    if (ndigits == 4) { /* the 38-bit keys of addresses and lengths */
        for (i = 0; i < n; i++) {
            uint64_t k = v[i] >> from_bit;
            count[k & RADIX_MASK]++;
            count[(1u << RADIX_BITS) + ((k >> RADIX_BITS) & RADIX_MASK)]++;
            count[(2u << RADIX_BITS) + ((k >> (2 * RADIX_BITS)) & RADIX_MASK)]++;
            count[(3u << RADIX_BITS) + ((k >> (3 * RADIX_BITS)) & RADIX_MASK)]++;
        }
    } else {
        for (i = 0; i < n; i++) {
            uint64_t k = v[i] >> from_bit;
            for (d = 0; d < ndigits; d++)
                count[((size_t)d << RADIX_BITS) + ((k >> (RADIX_BITS * d)) & RADIX_MASK)]++;
        }
    }
    dst = tmp;
    for (d = 0; d < ndigits; d++) {
        size_t *c = count + ((size_t)d << RADIX_BITS), sum = 0, b;
        unsigned shift = from_bit + RADIX_BITS * d;
        if (c[(src[0] >> shift) & RADIX_MASK] == n)
            continue; /* every key has the same digit here */
        for (b = 0; b <= RADIX_MASK; b++) {
            size_t t = c[b];
            c[b] = sum;
            sum += t;
        }
        for (i = 0; i < n; i++) {
            uint64_t k = src[i];
            dst[c[(k >> shift) & RADIX_MASK]++] = k;
        }
        dst = src;
        src = src == v ? tmp : v;
    }
    if (src != v)
        memcpy(v, src, n * sizeof(*v));
    aksnet__free(alloc, tmp);
    aksnet__free(alloc, count);
    return AKSNET_OK;
}

void aksnet__rangeset_presort(aksnet__rangeset *s)
{
    uint64_t *keys;
    size_t i, n = s->n;
    if (s->family != AKSNET_FAMILY_IPV4 || n < 64)
        return;
    keys = aksnet__malloc(s->alloc, n * sizeof(*keys));
    if (keys == NULL)
        return;
    for (i = 0; i < n; i++) {
        const aksnet__range *x = &s->v[i];
        if ((x->lo.hi | x->hi.hi | (x->lo.lo >> 32) | (x->hi.lo >> 32)) != 0) {
            aksnet__free(s->alloc, keys); /* not IPv4 numbers: leave it to normalize */
            return;
        }
        keys[i] = (x->lo.lo << 32) | x->hi.lo;
    }
    if (aksnet__sort_u64(s->alloc, keys, n, 0, 64) == AKSNET_OK) {
        for (i = 0; i < n; i++) {
            s->v[i].lo = aksnet__u128(0, keys[i] >> 32);
            s->v[i].hi = aksnet__u128(0, keys[i] & UINT32_MAX);
        }
    }
    aksnet__free(s->alloc, keys);
}
