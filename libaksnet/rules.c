/*
 * Validation rules as data: each row is {code, highest severity, summary, source, check}.
 * Codes are part of the API (never renamed); docs/rules.md lists them and a test checks that
 * it matches this table. Rule facts, dates and conflicts: aks-networking-facts.md; where a
 * source is uncertain the conservative reading is taken and documented in docs/rules.md.
 */
#include "result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AKSD(article) "https://learn.microsoft.com/azure/aks/" article
#define VNETFAQ "https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq"
#define VNETLIMITS                                                                             \
    "https://learn.microsoft.com/azure/azure-resource-manager/management/"                    \
    "azure-subscription-service-limits#networking-limits"
#define AKSLIMITS "https://learn.microsoft.com/azure/aks/quotas-skus-regions"
#define TFVALIDATE                                                                             \
    "hashicorp/terraform-provider-azurerm internal/services/containers/"                      \
    "kubernetes_cluster_validate.go"

typedef struct rctx {
    aksnet_result *r;
    const aksnet_plan *plan;
    int32_t as_of;
    aksnet__rangeset spaces4, spaces6, avoid4, avoid6, subnets4, subnets6;
    bool subnet_sets; /* subnets4/6 built (only cluster checks need them) */
    /* The subnets a per-subnet rule may report (scan_subnets): every new subnet, and the
     * existing ones that one cheap pass over all subnets could not clear. The per-subnet
     * checks walk this list, in subnet order, and decide exactly as before: an IPAM export of
     * 100,000 clean existing subnets is read once instead of once per rule. */
    size_t *cand;
    size_t ncand;
    uint64_t ips_total;  /* sum of ips_required as check_vnet_ip_limit adds it */
    size_t subnet_count; /* subnets placed or new (check_subnet_count_limit) */
    /* for subnet-overlap: how many subnets have an IPv4 cidr, an IPv6 cidr6, and the radix
     * keys of the IPv4 ones (okeys NULL: none made, the sweep sorts spans itself) */
    size_t n4, n6;
    uint64_t *okeys;
    int st;
} rctx;

typedef void (*check_fn)(rctx *c, size_t rule);

typedef struct rule {
    const char *code;
    int severity;
    const char *summary;
    const char *source;
    check_fn check;
} rule;

static const rule rules[];

static void emit(rctx *c, size_t rule_index, int severity, const char *path, const char *fmt, ...)
    AKSNET_PRINTF(5, 6);

static void emit(rctx *c, size_t rule_index, int severity, const char *path, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    int st;
    if (c->st != AKSNET_OK)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    st = aksnet__diag(c->r, severity, rules[rule_index].code, rules[rule_index].source, path,
                      "%s", msg);
    if (st != AKSNET_OK)
        c->st = st;
}

/* ---- helpers ------------------------------------------------------------------------------ */

#define E AKSNET_SEVERITY_ERROR
#define W AKSNET_SEVERITY_WARNING
#define I AKSNET_SEVERITY_INFO

static void pstr(char *out, const aksnet_prefix *p)
{
    aksnet__prefix_str(out, p);
}

static bool in_private4(const aksnet_prefix *p)
{
    static const uint8_t nets[4][2] = {{10, 0}, {172, 16}, {192, 168}, {100, 64}};
    static const uint8_t lens[4] = {8, 12, 16, 10};
    size_t i;
    for (i = 0; i < 4; i++) {
        aksnet_prefix q;
        memset(&q, 0, sizeof(q));
        q.family = AKSNET_FAMILY_IPV4;
        q.length = lens[i];
        q.bytes[0] = nets[i][0];
        q.bytes[1] = nets[i][1];
        if (aksnet_prefix_contains(&q, p))
            return true;
    }
    return false;
}

static bool in_private6(const aksnet_prefix *p)
{
    /* unique local addresses fc00::/7 */
    return p->length >= 7 && (p->bytes[0] & 0xFE) == 0xFC;
}

static bool is_private(const aksnet_prefix *p)
{
    return p->family == AKSNET_FAMILY_IPV6 ? in_private6(p) : in_private4(p);
}

static bool overlaps_set(const aksnet__rangeset *s, const aksnet_prefix *p)
{
    aksnet_u128 lo, hi;
    if (!aksnet__prefix_is_set(p) || p->family != s->family)
        return false;
    aksnet__prefix_range(p, &lo, &hi);
    return aksnet__rangeset_overlaps(s, lo, hi);
}

/* the first avoid range overlapping p, or NULL */
static const aksnet_prefix *avoid_hit(const rctx *c, const aksnet_prefix *p)
{
    size_t i;
    if (!aksnet__prefix_is_set(p))
        return NULL;
    if (!overlaps_set(p->family == AKSNET_FAMILY_IPV6 ? &c->avoid6 : &c->avoid4, p))
        return NULL;
    for (i = 0; i < c->plan->navoid; i++)
        if (aksnet_prefix_overlaps(&c->plan->avoid[i], p))
            return &c->plan->avoid[i];
    return NULL;
}

static void build_subnet_sets(rctx *c)
{
    const aksnet_result *r = c->r;
    size_t i;
    c->subnet_sets = true;
    for (i = 0; i < r->nsubnets && c->st == AKSNET_OK; i++) {
        if (aksnet__prefix_is_set(&r->subnets[i].cidr))
            c->st = aksnet__rangeset_add_prefix(r->subnets[i].cidr.family == AKSNET_FAMILY_IPV6
                                                    ? &c->subnets6
                                                    : &c->subnets4,
                                                &r->subnets[i].cidr);
        if (c->st == AKSNET_OK && aksnet__prefix_is_set(&r->subnets[i].cidr6))
            c->st = aksnet__rangeset_add_prefix(&c->subnets6, &r->subnets[i].cidr6);
    }
    aksnet__rangeset_presort(&c->subnets4);
    aksnet__rangeset_normalize(&c->subnets4);
    aksnet__rangeset_normalize(&c->subnets6);
}

/* the first placed subnet overlapping p, or NULL */
static const aksnet__rsubnet *subnet_hit(rctx *c, const aksnet_prefix *p)
{
    size_t i;
    if (!c->subnet_sets)
        build_subnet_sets(c);
    if (!aksnet__prefix_is_set(p) ||
        !overlaps_set(p->family == AKSNET_FAMILY_IPV6 ? &c->subnets6 : &c->subnets4, p))
        return NULL;
    for (i = 0; i < c->r->nsubnets; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[i];
        if (aksnet_prefix_overlaps(&s->cidr, p) || aksnet_prefix_overlaps(&s->cidr6, p))
            return s;
    }
    return NULL;
}

static int forbidden_hit(const aksnet_prefix *p)
{
    /* aksnet__forbidden_ranges as numbers (169.254/16, 172.30/16, 172.31/16, 192.0.2/24) */
    static const uint32_t lo[4] = {0xA9FE0000u, 0xAC1E0000u, 0xAC1F0000u, 0xC0000200u};
    static const uint32_t hi[4] = {0xA9FEFFFFu, 0xAC1EFFFFu, 0xAC1FFFFFu, 0xC00002FFu};
    aksnet_u128 first, last;
    size_t i;
    if (!aksnet__prefix_valid(p) || p->family != AKSNET_FAMILY_IPV4)
        return -1;
    aksnet__prefix_range(p, &first, &last);
    for (i = 0; i < 4; i++)
        if (first.lo <= hi[i] && lo[i] <= last.lo)
            return (int)i;
    return -1;
}

static bool version_below(const aksnet__rcluster *k, int major, int minor)
{
    if (k->k8s_major == 0)
        return false; /* not given: the current default is recent */
    return k->k8s_major < major || (k->k8s_major == major && k->k8s_minor < minor);
}

static bool cluster_has_windows(const aksnet__rcluster *k)
{
    size_t i;
    if (k->features & AKSNET_FEATURE_WINDOWS)
        return true;
    for (i = 0; i < k->npools; i++)
        if (k->pools[i].os_type == AKSNET_OS_WINDOWS)
            return true;
    return false;
}

static bool cluster_has_mode(const aksnet__rcluster *k, int mode)
{
    size_t i;
    if (k->npools == 0)
        return k->mode == mode;
    for (i = 0; i < k->npools; i++)
        if (k->pools[i].mode == mode)
            return true;
    return false;
}

static const char *date_str(int32_t d, char out[16])
{
    snprintf(out, 16, "%04d-%02d-%02d", (int)(d / 10000), (int)((d / 100) % 100), (int)(d % 100));
    return out;
}

/* ---- addressing --------------------------------------------------------------------------- */

/* A subnet must lie inside one address prefix of its VNet: two adjacent address spaces do not
 * make one range a subnet may straddle (virtual-networks-faq.md). */
static bool in_one_space(const rctx *c, const aksnet_prefix *p)
{
    size_t i;
    for (i = 0; i < c->plan->nspaces; i++)
        if (aksnet_prefix_contains(&c->plan->spaces[i], p))
            return true;
    return false;
}

/* first and last address of a valid IPv4 prefix (what aksnet__prefix_valid and
 * aksnet__prefix_range say, without the 128-bit detour); false for anything else */
static inline bool range4(const aksnet_prefix *p, uint32_t *lo, uint32_t *hi)
{
    uint32_t v, host;
    if (p->family != AKSNET_FAMILY_IPV4 || p->length > 32)
        return false;
    v = ((uint32_t)p->bytes[0] << 24) | ((uint32_t)p->bytes[1] << 16) |
        ((uint32_t)p->bytes[2] << 8) | (uint32_t)p->bytes[3];
    host = p->length == 32 ? 0u : UINT32_MAX >> p->length;
    if ((v & host) != 0)
        return false;
    *lo = v;
    *hi = v | host;
    return true;
}

/* Whether no per-subnet rule can report this existing subnet. Conservative: true only when
 * each rule's own condition is certainly false (the checks still test it themselves).
 * sp4lo/sp4hi: the valid IPv4 address spaces. A new rule that reports existing subnets and
 * walks the candidates must add its condition here (tests/bench/rulecheck.c compares the
 * diagnostics with and without this filter on generated plans). */
static bool existing_quiet(const rctx *c, const aksnet__rsubnet *s, const uint32_t *sp4lo,
                           const uint32_t *sp4hi, size_t nsp4)
{
    /* forbidden-range (as numbers: 169.254/16, 172.30/16, 172.31/16, 192.0.2/24) */
    static const uint32_t flo[4] = {0xA9FE0000u, 0xAC1E0000u, 0xAC1F0000u, 0xC0000200u};
    static const uint32_t fhi[4] = {0xA9FEFFFFu, 0xAC1EFFFFu, 0xAC1FFFFFu, 0xC00002FFu};
    size_t k;
    /* users, sizing and placement: subnet-too-small, -too-large, allocation-failed,
     * subnet-name-too-long, pod-subnet-mixed-modes, kubenet-shared-subnet */
    if (!s->existing || s->too_big || s->alloc_failed_len != 0 || s->has_static ||
        s->has_dynamic || s->ips_required > s->usable)
        return false;
    if (c->plan->nclusters > 0 && s->npools != 0) /* (only clusters' pools use subnets) */
        return false;
    if (aksnet__prefix_is_set(&s->cidr)) {
        uint32_t lo, hi;
        bool inside = false;
        if (!range4(&s->cidr, &lo, &hi))
            return false;
        if (s->cidr.length > 29) /* subnet-below-minimum */
            return false;
        for (k = 0; k < nsp4 && !inside; k++) /* subnet-outside-vnet */
            inside = sp4lo[k] <= lo && hi <= sp4hi[k];
        if (!inside)
            return false;
        for (k = 0; k < 4; k++) /* forbidden-range */
            if (lo <= fhi[k] && flo[k] <= hi)
                return false;
        if (c->avoid4.n > 0 && overlaps_set(&c->avoid4, &s->cidr)) /* avoid-overlap */
            return false;
    }
    if (aksnet__prefix_is_set(&s->cidr6)) {
        if (s->cidr6.family != AKSNET_FAMILY_IPV6 || s->cidr6.length != 64 ||
            !in_one_space(c, &s->cidr6) ||
            (c->avoid6.n > 0 && overlaps_set(&c->avoid6, &s->cidr6)))
            return false;
    }
    return true;
}

#define KEY_INDEX_BITS 26 /* subnet index bits of a key: plans of up to 64 M subnets */

/* The subnet-overlap sort key of subnet i's IPv4 prefix: first address, prefix length,
 * index (span_seq_init); false for a prefix longer than 32 bits (never in a result). */
static bool overlap_key(const aksnet_prefix *p, size_t i, uint64_t *key)
{
    uint32_t a, host;
    if (p->length > 32)
        return false;
    a = ((uint32_t)p->bytes[0] << 24) | ((uint32_t)p->bytes[1] << 16) |
        ((uint32_t)p->bytes[2] << 8) | (uint32_t)p->bytes[3];
    host = p->length == 32 ? 0u : UINT32_MAX >> p->length;
    *key = ((uint64_t)(a & ~host) << 32) | ((uint64_t)p->length << KEY_INDEX_BITS) | i;
    return true;
}

/* One pass over every subnet: the candidates of the per-subnet rules and the totals of
 * vnet-ip-limit and subnet-count-limit, and the subnet-overlap keys. fast 0 (the check in
 * tests/bench/rulecheck.c): every subnet is a candidate and no keys are made, so that every
 * rule decides on every subnet and subnet-overlap sorts its spans with qsort. */
static void scan_subnets(rctx *c, int fast)
{
    const aksnet_result *r = c->r;
    uint32_t *sp4lo = NULL, *sp4hi = NULL;
    size_t i, nsp4 = 0;
    if (r->nsubnets == 0)
        return;
    c->cand = aksnet__malloc(&r->alloc, r->nsubnets * sizeof(*c->cand));
    if (c->plan->nspaces > 0)
        sp4lo = aksnet__malloc(&r->alloc, 2 * c->plan->nspaces * sizeof(*sp4lo));
    if (c->cand == NULL || (c->plan->nspaces > 0 && sp4lo == NULL)) {
        aksnet__free(&r->alloc, sp4lo);
        c->st = AKSNET_ENOMEM;
        return;
    }
    if (sp4lo != NULL) {
        sp4hi = sp4lo + c->plan->nspaces;
        for (i = 0; i < c->plan->nspaces; i++)
            if (range4(&c->plan->spaces[i], &sp4lo[nsp4], &sp4hi[nsp4]))
                nsp4++;
    }
    /* the subnet-overlap keys (span_seq_init); without them it makes spans */
    if (fast && r->nsubnets >= 64 && r->nsubnets <= ((size_t)1 << KEY_INDEX_BITS))
        c->okeys = aksnet__malloc(&r->alloc, r->nsubnets * sizeof(*c->okeys));
    for (i = 0; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        aksnet__add_u64(c->ips_total, s->ips_required, &c->ips_total);
        if (s->placed || !s->existing)
            c->subnet_count++;
        if (!fast || !existing_quiet(c, s, sp4lo, sp4hi, nsp4))
            c->cand[c->ncand++] = i;
        if (aksnet__prefix_is_set(&s->cidr) && s->cidr.family == AKSNET_FAMILY_IPV4) {
            if (c->okeys != NULL && !overlap_key(&s->cidr, i, &c->okeys[c->n4])) {
                aksnet__free(&r->alloc, c->okeys);
                c->okeys = NULL;
            }
            c->n4++;
        }
        if (aksnet__prefix_is_set(&s->cidr6) && s->cidr6.family == AKSNET_FAMILY_IPV6)
            c->n6++;
    }
    aksnet__free(&r->alloc, sp4lo);
}

static void check_subnet_outside_vnet(rctx *c, size_t ri)
{
    size_t k;
    char a[AKSNET_PREFIX_STRLEN];
    for (k = 0; k < c->ncand; k++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[k]];
        if (aksnet__prefix_is_set(&s->cidr) && s->cidr.family == AKSNET_FAMILY_IPV4 &&
            !in_one_space(c, &s->cidr)) {
            pstr(a, &s->cidr);
            emit(c, ri, E, s->path,
                 "subnet \"%s\" (%s) is not inside one of the VNet's address spaces", s->name, a);
        }
        if (aksnet__prefix_is_set(&s->cidr6) && !in_one_space(c, &s->cidr6)) {
            pstr(a, &s->cidr6);
            emit(c, ri, E, s->path,
                 "subnet \"%s\" (%s) is not inside one of the VNet's address spaces", s->name, a);
        }
    }
}

typedef struct span {
    aksnet_u128 lo, hi;
    size_t idx;    /* subnet index, or SIZE_MAX - reserved index */
    bool reserved;
} span;

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    int cc = aksnet__u128_cmp(x->lo, y->lo);
    if (cc != 0)
        return cc;
    cc = aksnet__u128_cmp(y->hi, x->hi); /* longer first */
    if (cc != 0)
        return cc;
    return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

static void span_name(const rctx *c, const span *s, char *out, size_t len)
{
    char a[AKSNET_PREFIX_STRLEN];
    if (s->reserved) {
        pstr(a, &c->plan->reserved[s->idx]);
        snprintf(out, len, "reserved range %s", a);
    } else {
        const aksnet__rsubnet *x = &c->r->subnets[s->idx];
        const aksnet_prefix *p = aksnet__prefix_is_set(&x->cidr) ? &x->cidr : &x->cidr6;
        pstr(a, p);
        snprintf(out, len, "subnet \"%s\" (%s)", x->name, a);
    }
}

/* The subnet and reserved spans of one family in cmp_span order, as one stable sort of
 * [subnets in index order, reserved ranges in index order] gives them, one at a time
 * (span_next).
 *
 * The IPv4 subnets of a large plan (an IPAM export of 100,000) are ordered by a radix sort of
 * (first address, prefix length, index) keys: for prefixes that start at the same address
 * the shorter length is the larger range, which cmp_span puts first, so this is cmp_span's
 * order. The reserved ranges, few, are sorted with cmp_span and merged in as the keys are
 * read, after any subnet span they tie with. Everything else (IPv6, small sets) is one array
 * of spans sorted with cmp_span. */
typedef struct span_seq {
    uint64_t *keys; /* radix path: sorted subnet keys, or NULL */
    size_t nkeys, ki;
    span *v; /* the reserved spans (radix path) or every span, sorted */
    size_t n, vi;
} span_seq;

static int span_seq_init(rctx *c, int family, span_seq *q)
{
    const aksnet_result *r = c->r;
    const aksnet__alloc *alloc = &r->alloc;
    size_t nsub = family == AKSNET_FAMILY_IPV6 ? c->n6 : c->n4, nres = 0, i;
    memset(q, 0, sizeof(*q));
    for (i = 0; i < c->plan->nreserved; i++)
        if (c->plan->reserved[i].family == family)
            nres++;
    if (nsub + nres == 0)
        return AKSNET_OK;
    /* the radix keys scan_subnets made; a failed allocation takes the general path */
    if (family == AKSNET_FAMILY_IPV4 && nsub >= 64 && c->okeys != NULL) {
        q->keys = c->okeys;
        q->nkeys = nsub;
        c->okeys = NULL;
        /* by address and length; the index bits are in order already (the sort is stable) */
        if (aksnet__sort_u64(alloc, q->keys, q->nkeys, KEY_INDEX_BITS, 38) != AKSNET_OK) {
            aksnet__free(alloc, q->keys);
            q->keys = NULL;
        }
    }
    if (q->keys == NULL)
        q->nkeys = 0;
    q->v = aksnet__malloc(alloc, (q->keys ? nres : nsub + nres) * sizeof(*q->v) + 1);
    if (q->v == NULL) {
        aksnet__free(alloc, q->keys);
        q->keys = NULL;
        return AKSNET_ENOMEM;
    }
    for (i = 0; i < r->nsubnets && q->keys == NULL; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        const aksnet_prefix *p = family == AKSNET_FAMILY_IPV6 ? &s->cidr6 : &s->cidr;
        if (!aksnet__prefix_is_set(p) || p->family != family)
            continue;
        aksnet__prefix_range(p, &q->v[q->n].lo, &q->v[q->n].hi);
        q->v[q->n].idx = i;
        q->v[q->n].reserved = false;
        q->n++;
    }
    for (i = 0; i < c->plan->nreserved; i++) {
        const aksnet_prefix *p = &c->plan->reserved[i];
        if (p->family != family)
            continue;
        aksnet__prefix_range(p, &q->v[q->n].lo, &q->v[q->n].hi);
        q->v[q->n].idx = i;
        q->v[q->n].reserved = true;
        q->n++;
    }
    if (q->n > 1)
        qsort(q->v, q->n, sizeof(*q->v), cmp_span);
    return AKSNET_OK;
}

static void span_seq_dispose(const rctx *c, span_seq *q)
{
    aksnet__free(&c->r->alloc, q->keys);
    aksnet__free(&c->r->alloc, q->v);
}

static bool span_next(span_seq *q, span *out)
{
    span k;
    if (q->ki < q->nkeys) {
        uint64_t key = q->keys[q->ki];
        uint32_t a = (uint32_t)(key >> 32);
        unsigned len = (unsigned)(key >> KEY_INDEX_BITS) & 63u;
        k.lo = aksnet__u128(0, a);
        k.hi = aksnet__u128(0, a | (len == 32 ? 0u : UINT32_MAX >> len));
        k.idx = (size_t)(key & ((UINT64_C(1) << KEY_INDEX_BITS) - 1));
        k.reserved = false;
        /* a reserved span goes first only when strictly smaller (stable on ties) */
        if (q->vi < q->n && cmp_span(&q->v[q->vi], &k) < 0) {
            *out = q->v[q->vi++];
        } else {
            *out = k;
            q->ki++;
        }
        return true;
    }
    if (q->vi < q->n) {
        *out = q->v[q->vi++];
        return true;
    }
    return false;
}

static void check_subnet_overlap(rctx *c, size_t ri)
{
    int fam;
    for (fam = 0; fam < 2 && c->st == AKSNET_OK; fam++) {
        int family = fam ? AKSNET_FAMILY_IPV6 : AKSNET_FAMILY_IPV4;
        span stack[130], cur;
        size_t depth = 0;
        span_seq q;
        if ((c->st = span_seq_init(c, family, &q)) != AKSNET_OK)
            break;
        /* prefixes nest or are disjoint: the open ones form a chain */
        while (span_next(&q, &cur)) {
            size_t k;
            while (depth > 0 && aksnet__u128_lt(stack[depth - 1].hi, cur.lo))
                depth--;
            for (k = 0; k < depth; k++) {
                char a[200], b[200];
                const span *o = &stack[k];
                if (o->reserved && cur.reserved)
                    continue; /* reserved ranges may overlap each other */
                span_name(c, o, a, sizeof(a));
                span_name(c, &cur, b, sizeof(b));
                emit(c, ri, E,
                     cur.reserved ? c->r->subnets[o->idx].path : c->r->subnets[cur.idx].path,
                     "%s overlaps %s", b, a);
            }
            if (depth < AKSNET_ARRAY_LEN(stack))
                stack[depth++] = cur;
        }
        span_seq_dispose(c, &q);
    }
}

static void check_subnet_too_small(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN];
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        if (!aksnet__prefix_is_set(&s->cidr) || s->cidr.length > 29)
            continue;
        if (s->purpose == AKSNET_PURPOSE_PODS && s->has_static) {
            uint64_t have = aksnet__static_blocks_in(s->cidr.length);
            if (s->blocks_required > have) {
                pstr(a, &s->cidr);
                emit(c, ri, E, s->path,
                     "pod subnet \"%s\" (%s) offers %llu /28 blocks; its static-block pools need "
                     "%llu",
                     s->name, a, (unsigned long long)have, (unsigned long long)s->blocks_required);
            }
        } else if (s->ips_required > s->usable) {
            pstr(a, &s->cidr);
            emit(c, ri, E, s->path,
                 "subnet \"%s\" (%s) has %llu usable IPs; its users need %llu (InsufficientSubnetSize)",
                 s->name, a, (unsigned long long)s->usable, (unsigned long long)s->ips_required);
        }
    }
}

static void check_subnet_too_large(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        if (s->too_big)
            emit(c, ri, E, s->path,
                 "subnet \"%s\" would need %llu IPs%s, more than the largest subnet libaksnet "
                 "plans (/8; static-block pod subnets /12)",
                 s->name, (unsigned long long)s->ips_required,
                 s->has_static ? " in /28 blocks" : "");
    }
}

/* A new node subnet sized with (almost) no room beyond its pools' max-count and surge: a
 * subnet in use cannot be resized and a pool cannot move (virtual-networks-faq.md;
 * concepts-network-ip-address-planning.md recommends planning for growth). */
static void check_subnet_headroom(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN];
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        uint64_t left;
        if (s->existing || s->pinned || s->length_forced || !s->placed || !s->node_users ||
            !aksnet__prefix_is_set(&s->cidr) || s->ips_required > s->usable)
            continue;
        left = s->usable - s->ips_required;
        if (left * 10 >= s->usable)
            continue; /* at least 10% of the usable IPs stay free */
        pstr(a, &s->cidr);
        emit(c, ri, I, s->path,
             "node subnet \"%s\" (%s) keeps %llu of %llu usable IPs free after its pools' "
             "max-count and surge; a subnet in use cannot be resized, so adding pools or raising "
             "max_count later needs a new subnet: set growth, or pin a larger prefix_length "
             "with a subnet request of the same name",
             s->name, a, (unsigned long long)left, (unsigned long long)s->usable);
    }
}

static void check_subnet_below_minimum(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN];
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        if (aksnet__prefix_is_set(&s->cidr) && s->cidr.family == AKSNET_FAMILY_IPV4 &&
            s->cidr.length > 29) {
            pstr(a, &s->cidr);
            emit(c, ri, E, s->path,
                 "subnet \"%s\" (%s) is smaller than /29, the smallest Azure subnet", s->name, a);
        }
    }
}

static void check_ipv6_subnet(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN];
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        if (aksnet__prefix_is_set(&s->cidr6) && s->cidr6.length != 64) {
            pstr(a, &s->cidr6);
            emit(c, ri, E, s->path, "IPv6 subnet \"%s\" (%s) must be exactly a /64", s->name, a);
        }
    }
}

static void check_forbidden(rctx *c, size_t ri)
{
    size_t i;
    int f;
    char a[AKSNET_PREFIX_STRLEN];
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->plan->nspaces; i++) {
        if ((f = forbidden_hit(&c->plan->spaces[i])) >= 0) {
            pstr(a, &c->plan->spaces[i]);
            snprintf(path, sizeof(path), "/vnet/address_space/%zu", i);
            emit(c, ri, E, path,
                 "VNet address space %s overlaps %s, a range AKS does not allow", a,
                 aksnet__forbidden_ranges[f]);
        }
    }
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        if (aksnet__prefix_is_set(&s->cidr) && (f = forbidden_hit(&s->cidr)) >= 0 &&
            (s->existing || s->pinned)) {
            pstr(a, &s->cidr);
            emit(c, ri, E, s->path, "subnet \"%s\" (%s) overlaps %s, a range AKS does not allow",
                 s->name, a, aksnet__forbidden_ranges[f]);
        }
    }
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (aksnet__prefix_is_set(&k->service_cidr) && (f = forbidden_hit(&k->service_cidr)) >= 0) {
            pstr(a, &k->service_cidr);
            snprintf(path, sizeof(path), "%s/service_cidr", k->path);
            emit(c, ri, E, path, "service CIDR %s overlaps %s, a range AKS does not allow", a,
                 aksnet__forbidden_ranges[f]);
        }
        if (aksnet__prefix_is_set(&k->pod_cidr) && (f = forbidden_hit(&k->pod_cidr)) >= 0) {
            pstr(a, &k->pod_cidr);
            snprintf(path, sizeof(path), "%s/pod_cidr", k->path);
            emit(c, ri, E, path,
                 "pod CIDR %s overlaps %s, a range AKS does not allow (rejected on create for "
                 "kubenet and overlay since 2026-05)",
                 a, aksnet__forbidden_ranges[f]);
        }
    }
}

static void check_vnet_range_invalid(rctx *c, size_t ri)
{
    /* ranges a VNet cannot use (virtual-networks-faq.md); 169.254/16 is forbidden-range */
    static const char *const bad[] = {"224.0.0.0/4", "255.255.255.255/32", "127.0.0.0/8",
                                      "168.63.129.16/32"};
    size_t i, k;
    char a[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->plan->nspaces; i++) {
        bool unusable = false;
        for (k = 0; k < AKSNET_ARRAY_LEN(bad); k++) {
            aksnet_prefix b;
            aksnet_prefix_parse(&b, bad[k], strlen(bad[k]), 0, NULL);
            if (aksnet_prefix_overlaps(&b, &c->plan->spaces[i])) {
                pstr(a, &c->plan->spaces[i]);
                snprintf(path, sizeof(path), "/vnet/address_space/%zu", i);
                emit(c, ri, E, path, "VNet address space %s overlaps %s, which a VNet cannot use",
                     a, bad[k]);
                unusable = true;
            }
        }
        /* the warning only for a range that is usable at all */
        if (!unusable && c->plan->spaces[i].family == AKSNET_FAMILY_IPV4 &&
            !in_private4(&c->plan->spaces[i])) {
            pstr(a, &c->plan->spaces[i]);
            snprintf(path, sizeof(path), "/vnet/address_space/%zu", i);
            emit(c, ri, W, path,
                 "VNet address space %s is not RFC 1918 or RFC 6598 private space; Azure "
                 "recommends private ranges",
                 a);
        }
    }
}

static void check_avoid_overlap(rctx *c, size_t ri)
{
    size_t i;
    const aksnet_prefix *hit;
    char a[AKSNET_PREFIX_STRLEN], b[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->plan->nspaces; i++) {
        if ((hit = avoid_hit(c, &c->plan->spaces[i])) != NULL) {
            pstr(a, &c->plan->spaces[i]);
            pstr(b, hit);
            snprintf(path, sizeof(path), "/vnet/address_space/%zu", i);
            emit(c, ri, E, path,
                 "VNet address space %s overlaps avoided range %s (peering and routing to it "
                 "break)",
                 a, b);
        }
    }
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        if ((hit = avoid_hit(c, &s->cidr)) != NULL || (hit = avoid_hit(c, &s->cidr6)) != NULL) {
            pstr(a, aksnet_prefix_overlaps(hit, &s->cidr) ? &s->cidr : &s->cidr6);
            pstr(b, hit);
            emit(c, ri, E, s->path, "subnet \"%s\" (%s) overlaps avoided range %s", s->name, a, b);
        }
    }
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        const aksnet_prefix *ps[4];
        const char *names[4] = {"service_cidr", "service_cidr_ipv6", "pod_cidr", "pod_cidr_ipv6"};
        size_t j;
        ps[0] = &k->service_cidr;
        ps[1] = &k->service_cidr6;
        ps[2] = &k->pod_cidr;
        ps[3] = &k->pod_cidr6;
        for (j = 0; j < 4; j++) {
            if ((hit = avoid_hit(c, ps[j])) != NULL) {
                pstr(a, ps[j]);
                pstr(b, hit);
                snprintf(path, sizeof(path), "%s/%s", k->path, names[j]);
                emit(c, ri, E, path, "%s %s of cluster \"%s\" overlaps avoided range %s",
                     j < 2 ? "service CIDR" : "pod CIDR", a, k->name, b);
            }
        }
    }
}

static void check_vnet_ip_limit(rctx *c, size_t ri)
{
    /* IP configurations in use: node-subnet pods are pre-reserved IPs; pod subnets too (the
     * sum of every subnet's ips_required, added up by scan_subnets) */
    uint64_t total = c->ips_total;
    if (total > 65536)
        emit(c, ri, W, "/vnet",
             "the plan puts %llu IP configurations in the VNet; Azure allows 65,536 private IPs "
             "per VNet (64,000 for Azure CNI planning)",
             (unsigned long long)total);
}

static void check_subnet_count_limit(rctx *c, size_t ri)
{
    size_t n = c->subnet_count; /* placed or new (scan_subnets) */
    if (n > 3000)
        emit(c, ri, E, "/vnet", "the VNet would have %zu subnets; Azure allows 3,000 per VNet", n);
}

static void check_allocation_failed(rctx *c, size_t ri)
{
    size_t i;
    char why[64];
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        if (s->alloc_failed_len == 0 || c->r->strategy == AKSNET_STRATEGY_TERRAFORM)
            continue;
        if (s->ips_required > 0)
            snprintf(why, sizeof(why), "%llu IPs required", (unsigned long long)s->ips_required);
        else
            snprintf(why, sizeof(why), "the requested size");
        if (s->alloc_failed_len == 64)
            emit(c, ri, E, s->path, "no free IPv6 /64 is left for subnet \"%s\"", s->name);
        else if (s->largest_free < 0)
            emit(c, ri, E, s->path,
                 "subnet \"%s\" needs a /%u (%s) and no free space is left in the VNet", s->name,
                 (unsigned)s->alloc_failed_len, why);
        else
            emit(c, ri, E, s->path,
                 "subnet \"%s\" needs a /%u (%s); the largest free block is a /%d", s->name,
                 (unsigned)s->alloc_failed_len, why, s->largest_free);
    }
}

static void check_ipv6_space(rctx *c, size_t ri)
{
    size_t i;
    if (c->spaces6.n > 0)
        return;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->dual_stack)
            emit(c, ri, E, k->path,
                 "cluster \"%s\" is dual-stack but the VNet has no IPv6 address space for its "
                 "/64 node subnets",
                 k->name);
    }
    for (i = 0; i < c->plan->nrequests; i++) {
        char path[64];
        if (c->plan->requests[i].ipv6) {
            snprintf(path, sizeof(path), "/subnet_requests/%zu/ipv6", i);
            emit(c, ri, E, path, "subnet request \"%s\" asks for IPv6 but the VNet has no IPv6 "
                 "address space", c->plan->requests[i].name);
        }
    }
}

static void check_subnet_name(rctx *c, size_t ri)
{
    /* Azure subnet names: 1-80 characters of letters, digits, '_', '.', '-'; start with a
     * letter or digit, end with a letter, digit or '_' (Azure resource naming rules) */
    size_t i;
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        const char *p = s->name;
        size_t n = strlen(p), k;
        bool ok = n >= 1 && n <= 80;
        if (s->existing)
            continue;
        for (k = 0; ok && k < n; k++) {
            char ch = p[k];
            bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                         (ch >= '0' && ch <= '9');
            if (!(alnum || ch == '_' || ch == '.' || ch == '-'))
                ok = false;
            if (k == 0 && !alnum)
                ok = false;
            if (k == n - 1 && !(alnum || ch == '_'))
                ok = false;
        }
        if (!ok)
            emit(c, ri, E, s->path,
                 "subnet name \"%.100s\" is not a valid Azure subnet name (1-80 letters, digits, "
                 "'_', '.', '-'; starting with a letter or digit; ending with a letter, digit or "
                 "'_')",
                 p);
    }
}

static void check_subnet_name_length(rctx *c, size_t ri)
{
    /* overlay and dynamic pod subnet use subnet and VNet names as node labels: <= 63 */
    size_t i;
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        size_t j;
        bool applies = false;
        for (j = 0; j < s->npools; j++) {
            size_t ci = s->pool_refs[j] >> 16, pi = s->pool_refs[j] & 0xFFFF;
            int m = c->r->clusters[ci].pools[pi].mode;
            if (m == AKSNET_MODE_AZURE_OVERLAY || m == AKSNET_MODE_AZURE_POD_SUBNET)
                applies = true;
        }
        if (applies && strlen(s->name) > 63)
            emit(c, ri, E, s->path,
                 "subnet name \"%.70s...\" is %zu characters; overlay and dynamic pod subnet "
                 "clusters need names of at most 63 (they become node labels)",
                 s->name, strlen(s->name));
    }
    if (c->plan->vnet_name && strlen(c->plan->vnet_name) > 63) {
        for (i = 0; i < c->r->nclusters; i++) {
            int m = c->r->clusters[i].mode;
            if (m == AKSNET_MODE_AZURE_OVERLAY || m == AKSNET_MODE_AZURE_POD_SUBNET) {
                emit(c, ri, E, "/vnet/name",
                     "the VNet name is %zu characters; overlay and dynamic pod subnet clusters "
                     "need at most 63",
                     strlen(c->plan->vnet_name));
                break;
            }
        }
    }
}

/* ---- service CIDR and DNS ------------------------------------------------------------------ */

static void check_service_cidr_overlap(rctx *c, size_t ri)
{
    size_t i;
    const aksnet_prefix *hit;
    char a[AKSNET_PREFIX_STRLEN], b[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        int v;
        for (v = 0; v < 2; v++) {
            const aksnet_prefix *svc = v ? &k->service_cidr6 : &k->service_cidr;
            const aksnet_prefix *pod = v ? &k->pod_cidr6 : &k->pod_cidr;
            const aksnet__rsubnet *s;
            if (!aksnet__prefix_is_set(svc))
                continue;
            snprintf(path, sizeof(path), "%s/%s", k->path, v ? "service_cidr_ipv6" : "service_cidr");
            pstr(a, svc);
            if ((s = subnet_hit(c, svc)) != NULL) {
                pstr(b, aksnet_prefix_overlaps(&s->cidr, svc) ? &s->cidr : &s->cidr6);
                emit(c, ri, E, path,
                     "service CIDR %s of cluster \"%s\" overlaps subnet \"%s\" (%s) "
                     "(ServiceCidrOverlapExistingSubnetsCidr)",
                     a, k->name, s->name, b);
            } else if (overlaps_set(v ? &c->spaces6 : &c->spaces4, svc)) {
                emit(c, ri, W, path,
                     "service CIDR %s of cluster \"%s\" overlaps VNet address space that no "
                     "subnet uses yet; a later subnet there will collide with it",
                     a, k->name);
            }
            if (aksnet__prefix_is_set(pod) && aksnet_prefix_overlaps(svc, pod)) {
                pstr(b, pod);
                emit(c, ri, E, path, "service CIDR %s of cluster \"%s\" overlaps its pod CIDR %s",
                     a, k->name, b);
            }
            /* peered VNets, on-premises and VPN ranges (the avoid list); avoid-overlap reports
             * the same collision for every kind of range */
            if ((hit = avoid_hit(c, svc)) != NULL) {
                pstr(b, hit);
                emit(c, ri, E, path,
                     "service CIDR %s of cluster \"%s\" overlaps avoided range %s (a peered, "
                     "on-premises or VPN network)",
                     a, k->name, b);
            }
        }
    }
}

static void check_service_cidr_too_large(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (aksnet__prefix_is_set(&k->service_cidr)) {
            snprintf(path, sizeof(path), "%s/service_cidr", k->path);
            pstr(a, &k->service_cidr);
            if (k->service_cidr.length < 12)
                emit(c, ri, E, path,
                     "service CIDR %s is larger than /12 (kube-apiserver accepts at most 20 "
                     "host bits)",
                     a);
            else if (k->service_cidr.length == 12)
                emit(c, ri, W, path,
                     "service CIDR %s is exactly /12: AKS docs say it must be smaller than /12, "
                     "upstream Kubernetes accepts /12; use /13 or smaller to be safe",
                     a);
        }
        if (aksnet__prefix_is_set(&k->service_cidr6) && k->service_cidr6.length < 108) {
            snprintf(path, sizeof(path), "%s/service_cidr_ipv6", k->path);
            pstr(a, &k->service_cidr6);
            emit(c, ri, E, path, "IPv6 service CIDR %s is larger than /108", a);
        }
    }
}

static void check_service_cidr_public(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (aksnet__prefix_is_set(&k->service_cidr) && !is_private(&k->service_cidr)) {
            snprintf(path, sizeof(path), "%s/service_cidr", k->path);
            pstr(a, &k->service_cidr);
            emit(c, ri, E, path,
                 "service CIDR %s is not private (RFC 1918 / RFC 6598); AKS rejects public and "
                 "multicast service CIDRs since 2023-10",
                 a);
        }
        if (aksnet__prefix_is_set(&k->service_cidr6) && !is_private(&k->service_cidr6)) {
            snprintf(path, sizeof(path), "%s/service_cidr_ipv6", k->path);
            pstr(a, &k->service_cidr6);
            emit(c, ri, E, path,
                 "IPv6 service CIDR %s is not unique local (fc00::/7)", a);
        }
    }
}

static void check_dns_outside(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_ADDRESS_STRLEN], b[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->dns.family == AKSNET_FAMILY_UNSET || !aksnet__prefix_is_set(&k->service_cidr))
            continue;
        if (!aksnet_prefix_contains_address(&k->service_cidr, &k->dns)) {
            aksnet__address_str(a, &k->dns);
            pstr(b, &k->service_cidr);
            snprintf(path, sizeof(path), "%s/dns_service_ip", k->path);
            emit(c, ri, E, path, "DNS service IP %s is not inside the service CIDR %s", a, b);
        }
    }
}

static void check_dns_reserved(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_ADDRESS_STRLEN], b[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        aksnet_address first, one, last;
        const char *what = NULL;
        if (k->dns.family == AKSNET_FAMILY_UNSET || !aksnet__prefix_is_set(&k->service_cidr) ||
            !aksnet_prefix_contains_address(&k->service_cidr, &k->dns))
            continue;
        aksnet_prefix_first(&first, &k->service_cidr);
        aksnet_prefix_last(&last, &k->service_cidr);
        if (aksnet_prefix_nth_address(&one, &k->service_cidr, 1) != AKSNET_OK)
            one = first;
        if (memcmp(first.bytes, k->dns.bytes, 16) == 0)
            what = "the network address of";
        else if (memcmp(one.bytes, k->dns.bytes, 16) == 0)
            what = "the first address (the kubernetes service's) of";
        else if (memcmp(last.bytes, k->dns.bytes, 16) == 0)
            what = "the broadcast address of";
        if (what != NULL) {
            aksnet__address_str(a, &k->dns);
            pstr(b, &k->service_cidr);
            snprintf(path, sizeof(path), "%s/dns_service_ip", k->path);
            emit(c, ri, E, path, "DNS service IP %s is %s the service CIDR %s", a, what, b);
        }
    }
}

static void check_dns_tenth(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_ADDRESS_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        aksnet_address tenth;
        if (!k->dns_given || !aksnet__prefix_is_set(&k->service_cidr) ||
            !aksnet_prefix_contains_address(&k->service_cidr, &k->dns))
            continue;
        if (aksnet_prefix_nth_address(&tenth, &k->service_cidr, 10) == AKSNET_OK &&
            memcmp(tenth.bytes, k->dns.bytes, 16) != 0) {
            aksnet__address_str(a, &k->dns);
            snprintf(path, sizeof(path), "%s/dns_service_ip", k->path);
            emit(c, ri, I, path,
                 "DNS service IP %s is not the .10 address of the service CIDR; AKS accepts it, "
                 "but the convention is .10 and Cluster API Provider Azure requires it",
                 a);
        }
    }
}

static void check_service_dns_pairing(rctx *c, size_t ri)
{
    size_t i;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->service_given != k->dns_given) {
            snprintf(path, sizeof(path), "%s/%s", k->path,
                     k->service_given ? "dns_service_ip" : "service_cidr");
            emit(c, ri, E, path,
                 "cluster \"%s\" gives %s without %s; give both or neither (azurerm rejects one "
                 "without the other)",
                 k->name, k->service_given ? "service_cidr" : "dns_service_ip",
                 k->service_given ? "dns_service_ip" : "service_cidr");
        }
    }
}

static void check_service_chosen(rctx *c, size_t ri)
{
    size_t i;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (!aksnet__prefix_is_set(&k->service_cidr) ||
            (k->dual_stack && !aksnet__prefix_is_set(&k->service_cidr6))) {
            snprintf(path, sizeof(path), "%s/service_cidr", k->path);
            emit(c, ri, E, path,
                 "no free service CIDR was found for cluster \"%s\" outside the VNet, the avoided "
                 "ranges and the forbidden ranges",
                 k->name);
        }
        if (aksnet__mode_has_pod_cidr(k->mode) &&
            (!aksnet__prefix_is_set(&k->pod_cidr) ||
             (k->dual_stack && !aksnet__prefix_is_set(&k->pod_cidr6)))) {
            snprintf(path, sizeof(path), "%s/pod_cidr", k->path);
            emit(c, ri, E, path, "no free pod CIDR was found for cluster \"%s\"", k->name);
        }
    }
}

/* ---- pod CIDR ------------------------------------------------------------------------------- */

static void check_pod_cidr_overlap(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN], b[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        int v;
        if (!aksnet__mode_has_pod_cidr(k->mode))
            continue;
        for (v = 0; v < 2; v++) {
            const aksnet_prefix *pod = v ? &k->pod_cidr6 : &k->pod_cidr;
            const aksnet__rsubnet *s;
            if (!aksnet__prefix_is_set(pod))
                continue;
            snprintf(path, sizeof(path), "%s/%s", k->path, v ? "pod_cidr_ipv6" : "pod_cidr");
            pstr(a, pod);
            if ((s = subnet_hit(c, pod)) != NULL) {
                pstr(b, aksnet_prefix_overlaps(&s->cidr, pod) ? &s->cidr : &s->cidr6);
                emit(c, ri, E, path, "pod CIDR %s of cluster \"%s\" overlaps subnet \"%s\" (%s)", a,
                     k->name, s->name, b);
            } else if (overlaps_set(v ? &c->spaces6 : &c->spaces4, pod)) {
                /* conflict over time: the RP rejected any overlap with the VNet space in 2022,
                 * checks only subnets since 2024-10 (overlay); kubenet routes it via UDRs */
                emit(c, ri, k->mode == AKSNET_MODE_KUBENET ? E : W, path,
                     "pod CIDR %s of cluster \"%s\" overlaps the VNet address space%s", a,
                     k->name,
                     k->mode == AKSNET_MODE_KUBENET
                         ? "; kubenet routes it through the VNet's route table"
                         : "; AKS checks only subnets since 2024-10, but a later subnet there "
                           "will collide with it");
            }
        }
    }
}

static void check_pod_cidr_too_small(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        uint64_t have;
        if (!aksnet__mode_has_pod_cidr(k->mode) || !aksnet__prefix_is_set(&k->pod_cidr))
            continue;
        have = aksnet_prefix_num_addresses(&k->pod_cidr);
        if (have < k->pod_cidr_needed) {
            pstr(a, &k->pod_cidr);
            snprintf(path, sizeof(path), "%s/pod_cidr", k->path);
            emit(c, ri, E, path,
                 "pod CIDR %s holds %llu addresses, %llu nodes; the cluster reserves a /24 for "
                 "each of its %llu nodes (max-count and surge included): %llu addresses",
                 a, (unsigned long long)have, (unsigned long long)(have / 256),
                 (unsigned long long)k->nodes, (unsigned long long)k->pod_cidr_needed);
        }
    }
}

static void check_pod_cidr_not_allowed(rctx *c, size_t ri)
{
    size_t i;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if ((k->pod_given || k->pod6_given) && !aksnet__mode_has_pod_cidr(k->mode)) {
            snprintf(path, sizeof(path), "%s/pod_cidr", k->path);
            emit(c, ri, E, path,
                 "cluster \"%s\" uses %s, which takes pod IPs from the VNet: pod_cidr is only for "
                 "kubenet, overlay and none (set network_plugin_mode \"overlay\" or drop "
                 "pod_cidr)",
                 k->name, aksnet_mode_name(k->mode));
        }
    }
}

static void check_pod_cidr_missing(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->mode != AKSNET_MODE_NONE || k->pod_given)
            continue;
        snprintf(path, sizeof(path), "%s/pod_cidr", k->path);
        pstr(a, &k->pod_cidr);
        emit(c, ri, W, path,
             "BYO CNI cluster \"%s\" has no pod_cidr: AKS still needs one for control-plane "
             "routing; libaksnet chose %s, pass it to AKS and configure your CNI with the same "
             "range",
             k->name, a[0] ? a : "none");
    }
}

static void check_pod_cidr_public(rctx *c, size_t ri)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN], path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (!aksnet__mode_has_pod_cidr(k->mode) || !aksnet__prefix_is_set(&k->pod_cidr))
            continue;
        if (!is_private(&k->pod_cidr)) {
            pstr(a, &k->pod_cidr);
            snprintf(path, sizeof(path), "%s/pod_cidr", k->path);
            emit(c, ri, W, path,
                 "pod CIDR %s is public address space; it is not blocked but unsupported: use "
                 "RFC 1918 or RFC 6598 ranges",
                 a);
        }
    }
}

/* ---- pools and limits ------------------------------------------------------------------------ */

static void check_max_pods_range(rctx *c, size_t ri)
{
    size_t i, j;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++)
        for (j = 0; j < c->r->clusters[i].npools; j++) {
            const aksnet__rpool *p = &c->r->clusters[i].pools[j];
            if (p->max_pods < AKSNET_MAX_PODS_MIN || p->max_pods > AKSNET_MAX_PODS_MAX) {
                snprintf(path, sizeof(path), "%s/max_pods", p->path);
                emit(c, ri, E, path, "max_pods %u of pool \"%s\" is outside 10..250", p->max_pods,
                     p->name);
            }
        }
}

static void check_max_pods_min_rule(rctx *c, size_t ri)
{
    size_t i, j;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++)
        for (j = 0; j < c->r->clusters[i].npools; j++) {
            const aksnet__rpool *p = &c->r->clusters[i].pools[j];
            /* the fewest nodes the pool can have: an autoscaled pool may shrink to min_count
             * (a pool allowed to scale to zero is judged by its initial count) */
            uint32_t created = p->autoscale && p->min_count > 0 ? p->min_count : p->count;
            if (p->max_pods >= AKSNET_MIN_PODS_PER_POOL || p->max_pods < AKSNET_MAX_PODS_MIN ||
                created == 0)
                continue;
            if ((uint64_t)p->max_pods * created < AKSNET_MIN_PODS_PER_POOL) {
                snprintf(path, sizeof(path), "%s/max_pods", p->path);
                emit(c, ri, E, path,
                     "pool \"%s\": max_pods %u x %u node(s) = %u pods; a pool needs room for at "
                     "least 30 pods (max_pods below 30 needs more nodes)",
                     p->name, p->max_pods, created, p->max_pods * created);
            }
        }
}

static void check_pool_node_limit(rctx *c, size_t ri)
{
    size_t i, j;
    for (i = 0; i < c->r->nclusters; i++)
        for (j = 0; j < c->r->clusters[i].npools; j++) {
            const aksnet__rpool *p = &c->r->clusters[i].pools[j];
            uint64_t n = (uint64_t)p->nodes + p->surge;
            if (n > AKSNET_POOL_NODE_LIMIT)
                emit(c, ri, E, p->path,
                     "pool \"%s\" reserves %u nodes + %u surge = %llu; a pool may have at most "
                     "1,000 including surge (upgrades are rejected)",
                     p->name, p->nodes, p->surge, (unsigned long long)n);
        }
}

static void check_cluster_node_limit(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->nodes > AKSNET_CLUSTER_NODE_LIMIT)
            emit(c, ri, E, k->path,
                 "cluster \"%s\" reserves %llu nodes (surge included); AKS allows 5,000 per "
                 "cluster",
                 k->name, (unsigned long long)k->nodes);
        else if (k->nodes > 1000)
            emit(c, ri, W, k->path,
                 "cluster \"%s\" reserves %llu nodes; some AKS limit pages give a default quota "
                 "of 1,000 nodes that needs a support request to raise",
                 k->name, (unsigned long long)k->nodes);
    }
}

static void check_pool_count(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->npools > AKSNET_POOL_COUNT_LIMIT)
            emit(c, ri, E, k->path, "cluster \"%s\" has %zu node pools; AKS allows 100", k->name,
                 k->npools);
    }
}

static void check_kubenet_node_limit(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        uint32_t lim = k->dual_stack ? AKSNET_KUBENET_DS_NODE_LIMIT : AKSNET_KUBENET_NODE_LIMIT;
        if (k->mode == AKSNET_MODE_KUBENET && k->nodes > lim)
            emit(c, ri, E, k->path,
                 "kubenet cluster \"%s\" reserves %llu nodes; kubenet allows %u (one route per "
                 "node%s, 400 routes per route table)",
                 k->name, (unsigned long long)k->nodes, lim,
                 k->dual_stack ? ", two when dual-stack" : "");
    }
}

static void check_pool_name(rctx *c, size_t ri)
{
    size_t i, j;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++)
        for (j = 0; j < c->r->clusters[i].npools; j++) {
            const aksnet__rpool *p = &c->r->clusters[i].pools[j];
            size_t n = strlen(p->name), k, max = p->os_type == AKSNET_OS_WINDOWS ? 6 : 12;
            bool ok = n >= 1 && n <= max && p->name[0] >= 'a' && p->name[0] <= 'z';
            for (k = 0; ok && k < n; k++)
                if (!((p->name[k] >= 'a' && p->name[k] <= 'z') ||
                      (p->name[k] >= '0' && p->name[k] <= '9')))
                    ok = false;
            if (!ok) {
                snprintf(path, sizeof(path), "%s/name", p->path);
                emit(c, ri, E, path,
                     "pool name \"%.40s\" is invalid: lower-case letters and digits, starting "
                     "with a letter, at most %zu characters%s",
                     p->name, max, p->os_type == AKSNET_OS_WINDOWS ? " for Windows pools" : "");
            }
        }
}

static void check_system_pool(rctx *c, size_t ri)
{
    size_t i, j;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        bool ok = false;
        for (j = 0; j < k->npools; j++) {
            const aksnet__rpool *p = &k->pools[j];
            uint32_t low = p->autoscale ? p->min_count : p->count;
            if (p->pool_mode == AKSNET_POOL_MODE_SYSTEM && p->os_type == AKSNET_OS_LINUX &&
                low >= 1)
                ok = true;
        }
        if (!ok)
            emit(c, ri, E, k->path,
                 "cluster \"%s\" needs at least one Linux System pool with at least one node",
                 k->name);
    }
}

static void check_npm_node_limit(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->policy == AKSNET_POLICY_AZURE && k->nodes > 250)
            emit(c, ri, W, k->path,
                 "Azure Network Policy Manager is not supported beyond 250 nodes; cluster \"%s\" "
                 "reserves %llu (use Cilium)",
                 k->name, (unsigned long long)k->nodes);
    }
}

static void check_max_surge_zero(rctx *c, size_t ri)
{
    size_t i, j;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++)
        for (j = 0; j < c->r->clusters[i].npools; j++) {
            const aksnet__rpool *p = &c->r->clusters[i].pools[j];
            if (p->surge_kind != AKSNET_SURGE_DEFAULT && p->surge_value == 0) {
                snprintf(path, sizeof(path), "%s/max_surge", p->path);
                emit(c, ri, W, path,
                     "pool \"%s\" has max_surge 0: AKS requires a surge above 0 unless "
                     "maxUnavailable is set, and upgrades then take nodes away instead",
                     p->name);
            }
        }
}

static void check_windows_max_pods(rctx *c, size_t ri)
{
    size_t i, j;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++)
        for (j = 0; j < c->r->clusters[i].npools; j++) {
            const aksnet__rpool *p = &c->r->clusters[i].pools[j];
            if (p->os_type == AKSNET_OS_WINDOWS && p->max_pods > 110 &&
                p->max_pods <= AKSNET_MAX_PODS_MAX) {
                snprintf(path, sizeof(path), "%s/max_pods", p->path);
                emit(c, ri, W, path,
                     "Windows pool \"%s\" has max_pods %u; 110 is the recommended maximum for "
                     "Windows nodes",
                     p->name, p->max_pods);
            }
        }
}

/* ---- compatibility -------------------------------------------------------------------------- */

static void check_windows_kubenet(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->mode == AKSNET_MODE_KUBENET && cluster_has_windows(k))
            emit(c, ri, E, k->path, "kubenet does not support Windows node pools (cluster \"%s\")",
                 k->name);
    }
}

static void check_windows_cilium(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->dataplane == AKSNET_DATAPLANE_CILIUM && cluster_has_windows(k))
            emit(c, ri, E, k->path,
                 "Azure CNI powered by Cilium is Linux-only; cluster \"%s\" has Windows pools",
                 k->name);
    }
}

static void check_virtual_nodes(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (!(k->features & AKSNET_FEATURE_VIRTUAL_NODES))
            continue;
        if (k->mode == AKSNET_MODE_KUBENET || k->mode == AKSNET_MODE_NONE)
            emit(c, ri, E, k->path,
                 "virtual nodes need Azure CNI; cluster \"%s\" uses %s", k->name,
                 aksnet_mode_name(k->mode));
        else if (k->mode == AKSNET_MODE_AZURE_OVERLAY)
            emit(c, ri, W, k->path,
                 "virtual nodes are listed as a reason to choose flat networking over overlay; "
                 "treat virtual nodes with overlay (cluster \"%s\") as unsupported",
                 k->name);
    }
}

static void check_network_policy_plugin(rctx *c, size_t ri)
{
    size_t i;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        snprintf(path, sizeof(path), "%s/network_policy", k->path);
        if (k->policy == AKSNET_POLICY_AZURE &&
            (k->mode == AKSNET_MODE_KUBENET || k->mode == AKSNET_MODE_NONE))
            emit(c, ri, E, path, "Azure Network Policy Manager needs Azure CNI, not %s",
                 aksnet_mode_name(k->mode));
        if (k->policy == AKSNET_POLICY_CALICO && k->mode == AKSNET_MODE_NONE)
            emit(c, ri, E, path,
                 "AKS installs Calico only with Azure CNI or kubenet; with BYO CNI install the "
                 "policy engine yourself");
        if (k->policy == AKSNET_POLICY_CILIUM && k->dataplane != AKSNET_DATAPLANE_CILIUM)
            emit(c, ri, E, path,
                 "network_policy \"cilium\" needs network_data_plane \"cilium\"");
        if (k->dataplane == AKSNET_DATAPLANE_CILIUM &&
            (k->policy == AKSNET_POLICY_AZURE || k->policy == AKSNET_POLICY_CALICO))
            emit(c, ri, E, path,
                 "with the Cilium data plane Cilium enforces network policy: network_policy must "
                 "be \"cilium\" (or none), not \"%s\"",
                 k->policy == AKSNET_POLICY_AZURE ? "azure" : "calico");
    }
}

static void check_network_policy_version(rctx *c, size_t ri)
{
    size_t i;
    char path[AKSNET_ERROR_PATH_MAX];
    if (c->as_of < 20260529)
        return;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if ((k->policy == AKSNET_POLICY_AZURE || k->policy == AKSNET_POLICY_CALICO) &&
            version_below(k, 1, 30)) {
            snprintf(path, sizeof(path), "%s/network_policy", k->path);
            emit(c, ri, E, path,
                 "since 2026-05-29 AKS rejects installing Calico or Azure NPM on Kubernetes below "
                 "1.30 (cluster \"%s\" is %d.%d)",
                 k->name, k->k8s_major, k->k8s_minor);
        }
    }
}

static void check_cilium_dataplane(rctx *c, size_t ri)
{
    size_t i;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->dataplane != AKSNET_DATAPLANE_CILIUM)
            continue;
        snprintf(path, sizeof(path), "%s/network_data_plane", k->path);
        if (!aksnet__mode_is_azure(k->mode))
            emit(c, ri, E, path, "the Cilium data plane needs Azure CNI, not %s (cluster \"%s\")",
                 aksnet_mode_name(k->mode), k->name);
        else if (cluster_has_mode(k, AKSNET_MODE_AZURE_NODE_SUBNET))
            emit(c, ri, W, path,
                 "Cilium with the node-subnet mode is supported by AKS since 2025-02 (CLI 2.69), "
                 "but the azurerm provider documents it as needing overlay or a pod subnet");
    }
}

static void check_dual_stack(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (!k->dual_stack)
            continue;
        if (k->mode == AKSNET_MODE_KUBENET)
            emit(c, ri, E, k->path,
                 "dual-stack kubenet was removed from the AKS docs in 2025-03 and kubenet retires; "
                 "use overlay for dual-stack (cluster \"%s\")",
                 k->name);
        if (cluster_has_mode(k, AKSNET_MODE_AZURE_NODE_SUBNET) ||
            cluster_has_mode(k, AKSNET_MODE_AZURE_POD_SUBNET))
            emit(c, ri, E, k->path,
                 "dual-stack is documented only for overlay, static block and Cilium, not for "
                 "%s (cluster \"%s\")",
                 aksnet_mode_name(cluster_has_mode(k, AKSNET_MODE_AZURE_NODE_SUBNET)
                                      ? AKSNET_MODE_AZURE_NODE_SUBNET
                                      : AKSNET_MODE_AZURE_POD_SUBNET),
                 k->name);
        if (k->policy == AKSNET_POLICY_AZURE || k->policy == AKSNET_POLICY_CALICO)
            emit(c, ri, E, k->path,
                 "dual-stack clusters do not support %s network policy; only Cilium enforces "
                 "policy there",
                 k->policy == AKSNET_POLICY_AZURE ? "Azure NPM" : "Calico");
        if (k->features & AKSNET_FEATURE_VIRTUAL_NODES)
            emit(c, ri, E, k->path, "virtual nodes do not support dual-stack");
        if (k->features & AKSNET_FEATURE_NAT_GATEWAY)
            emit(c, ri, E, k->path,
                 "the Standard NAT Gateway does not support dual-stack clusters (use StandardV2)");
        if (k->features & AKSNET_FEATURE_PRIVATE_LINK_SERVICE)
            emit(c, ri, W, k->path, "Private Link Service is IPv4 only in a dual-stack cluster");
        if (k->dataplane == AKSNET_DATAPLANE_CILIUM && version_below(k, 1, 29))
            emit(c, ri, E, k->path, "dual-stack with Cilium needs Kubernetes 1.29 or later");
    }
}

static void check_pls_static(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if ((k->features & AKSNET_FEATURE_PRIVATE_LINK_SERVICE) &&
            cluster_has_mode(k, AKSNET_MODE_AZURE_STATIC_BLOCK))
            emit(c, ri, E, k->path,
                 "Private Link Service is not supported with static block pod IP allocation "
                 "(cluster \"%s\"); use dynamic pod subnet, overlay or node subnet",
                 k->name);
    }
}

static void check_pls_dynamic(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if ((k->features & AKSNET_FEATURE_PRIVATE_LINK_SERVICE) &&
            cluster_has_mode(k, AKSNET_MODE_AZURE_POD_SUBNET))
            emit(c, ri, I, k->path,
                 "Private Link Service with the dynamic pod subnet (\"Azure CNI V2\", cluster "
                 "\"%s\"): the AKS docs called it unsupported on 2022-06-06 and "
                 "cloud-provider-azure's pls-integration page called it broken on 2022-06-10; "
                 "cloud-provider-azure lifted the restriction on 2023-05-22 and the AKS docs "
                 "dropped their note on 2024-07-09. No restriction is documented today (static "
                 "block is still unsupported)",
                 k->name);
    }
}

static char lower_ascii(char ch)
{
    return (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
}

/* The DCsv2 series: Standard_DC1s_v2, DC2s_v2, DC4s_v2 and DC8_v2 (VM size names are
 * case-insensitive in Azure): "standard_dc" <digits> ["s"] "_v2". */
static bool is_dcsv2(const char *vm)
{
    static const char prefix[] = "standard_dc";
    size_t i, n;
    if (vm == NULL)
        return false;
    n = strlen(vm);
    for (i = 0; i < sizeof(prefix) - 1; i++)
        if (i >= n || lower_ascii(vm[i]) != prefix[i])
            return false;
    if (i >= n || vm[i] < '0' || vm[i] > '9')
        return false;
    while (i < n && vm[i] >= '0' && vm[i] <= '9')
        i++;
    if (i < n && lower_ascii(vm[i]) == 's')
        i++;
    return n - i == 3 && vm[i] == '_' && lower_ascii(vm[i + 1]) == 'v' && vm[i + 2] == '2';
}

static void check_overlay_vm(rctx *c, size_t ri)
{
    size_t i, j;
    char path[AKSNET_ERROR_PATH_MAX];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->mode != AKSNET_MODE_AZURE_OVERLAY)
            continue;
        if (k->features & AKSNET_FEATURE_AVAILABILITY_SETS)
            emit(c, ri, E, k->path, "Azure CNI Overlay does not support VM availability sets");
        for (j = 0; j < k->npools; j++)
            if (is_dcsv2(k->pools[j].vm_size)) {
                snprintf(path, sizeof(path), "%s/vm_size", k->pools[j].path);
                emit(c, ri, E, path, "Azure CNI Overlay does not support DCsv2 VMs (%s)",
                     k->pools[j].vm_size);
            }
    }
}

static void check_pod_subnet_mixed(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        if (s->has_static && s->has_dynamic)
            emit(c, ri, E, s->path,
                 "pod subnet \"%s\" is used by StaticBlock and DynamicIndividual pools; a subnet "
                 "supports one allocation mode",
                 s->name);
    }
}

static void check_kubenet_shared(rctx *c, size_t ri)
{
    size_t i, j;
    for (i = 0; i < c->ncand; i++) {
        const aksnet__rsubnet *s = &c->r->subnets[c->cand[i]];
        bool kubenet = false, multi = false;
        for (j = 0; j < s->npools; j++) {
            size_t ci = s->pool_refs[j] >> 16;
            if (c->r->clusters[ci].mode == AKSNET_MODE_KUBENET)
                kubenet = true;
            if (ci != (s->pool_refs[0] >> 16))
                multi = true;
        }
        if (kubenet && multi)
            emit(c, ri, E, s->path,
                 "subnet \"%s\" is shared by several clusters, one of them kubenet; kubenet "
                 "needs its own subnet and route table per cluster",
                 s->name);
    }
}

static void check_agc_kubenet(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if ((k->features & AKSNET_FEATURE_APP_GATEWAY_FOR_CONTAINERS) &&
            k->mode == AKSNET_MODE_KUBENET)
            emit(c, ri, E, k->path,
                 "Application Gateway for Containers does not support kubenet (cluster \"%s\")",
                 k->name);
    }
}

static void check_agic_overlay(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (!(k->features & AKSNET_FEATURE_APP_GATEWAY_INGRESS) ||
            k->mode != AKSNET_MODE_AZURE_OVERLAY)
            continue;
        /* unsupported until the docs change of 2025-03-11; then a preview behind the
         * AppGatewayWithOverlayPreview feature flag (add-on 1.8.0, release 2025-03-16); GA
         * without the flag in release 2025-07-20 */
        if (c->as_of < 20250311)
            emit(c, ri, E, k->path,
                 "the Application Gateway Ingress Controller does not support Azure CNI Overlay "
                 "before 2025-03-11 (cluster \"%s\")",
                 k->name);
        else if (c->as_of < 20250720)
            emit(c, ri, W, k->path,
                 "AGIC with Azure CNI Overlay is a preview until 2025-07-20: it needs the "
                 "AppGatewayWithOverlayPreview feature flag and add-on 1.8.0 (cluster \"%s\")",
                 k->name);
        else
            emit(c, ri, I, k->path,
                 "AGIC with Azure CNI Overlay is generally available since 2025-07-20; clusters "
                 "need the add-on at 1.8.0 or later (cluster \"%s\")",
                 k->name);
    }
}

static void check_static_block_version(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (cluster_has_mode(k, AKSNET_MODE_AZURE_STATIC_BLOCK) && version_below(k, 1, 28))
            emit(c, ri, E, k->path,
                 "static block pod IP allocation needs Kubernetes 1.28 or later (cluster \"%s\" "
                 "is %d.%d)",
                 k->name, k->k8s_major, k->k8s_minor);
    }
}

/* ---- lifecycle ------------------------------------------------------------------------------ */

static void check_kubenet_retirement(rctx *c, size_t ri)
{
    size_t i;
    char d[16];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->mode != AKSNET_MODE_KUBENET)
            continue;
        /* "Starting on March 31, 2028, AKS no longer supports kubenet": unsupported on the
         * day itself */
        if (c->as_of >= 20280331)
            emit(c, ri, E, k->path,
                 "kubenet is no longer supported by AKS since 2028-03-31 (as of %s); move cluster "
                 "\"%s\" to Azure CNI Overlay",
                 date_str(c->as_of, d), k->name);
        else
            emit(c, ri, W, k->path,
                 "kubenet retires on 2028-03-31 (AKS no longer supports it from that day): plan "
                 "the in-place move to Azure CNI Overlay (cluster \"%s\")",
                 k->name);
    }
}

static void check_npm_windows(rctx *c, size_t ri)
{
    size_t i;
    char d[16];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->policy != AKSNET_POLICY_AZURE || !cluster_has_windows(k))
            continue;
        if (c->as_of >= 20260930)
            emit(c, ri, E, k->path,
                 "Azure NPM on Windows nodes is no longer supported by AKS since 2026-09-30 (as "
                 "of %s); cluster \"%s\" has Windows pools",
                 date_str(c->as_of, d), k->name);
        else
            emit(c, ri, W, k->path,
                 "Azure NPM on Windows nodes retires on 2026-09-30, is closed to new onboarding "
                 "and supports Windows Server 2022 only (cluster \"%s\")",
                 k->name);
    }
}

static void check_npm_linux(rctx *c, size_t ri)
{
    size_t i;
    char d[16];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (k->policy != AKSNET_POLICY_AZURE)
            continue;
        if (c->as_of >= 20280930)
            emit(c, ri, E, k->path,
                 "Azure NPM on Linux nodes is no longer supported by AKS since 2028-09-30 (as of "
                 "%s); move cluster \"%s\" to Cilium network policy",
                 date_str(c->as_of, d), k->name);
        else
            emit(c, ri, W, k->path,
                 "Azure NPM on Linux nodes retires on 2028-09-30; plan the move to Cilium network "
                 "policy (cluster \"%s\")",
                 k->name);
    }
}

static void check_availability_sets(rctx *c, size_t ri)
{
    size_t i;
    char d[16];
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (!(k->features & AKSNET_FEATURE_AVAILABILITY_SETS))
            continue;
        if (c->as_of >= 20250930)
            emit(c, ri, E, k->path,
                 "VM availability set pools (and the Basic load balancer) are no longer "
                 "supported by AKS since 2025-09-30 (as of %s); use scale set or Virtual "
                 "Machines node pools (cluster \"%s\")",
                 date_str(c->as_of, d), k->name);
        else
            emit(c, ri, W, k->path,
                 "VM availability set pools retire on 2025-09-30 (AKS no longer supports them "
                 "from that day) and are limited to 100 nodes (cluster \"%s\")",
                 k->name);
    }
}

static void check_default_plugin(rctx *c, size_t ri)
{
    size_t i;
    for (i = 0; i < c->r->nclusters; i++) {
        const aksnet__rcluster *k = &c->r->clusters[i];
        if (!k->plugin_defaulted)
            continue;
        if (k->k8s_major)
            emit(c, ri, I, k->path,
                 "no network_plugin given: for Kubernetes %d.%d AKS picks %s (kubenet below 1.30, "
                 "Azure CNI Overlay from 1.30); set it explicitly",
                 k->k8s_major, k->k8s_minor,
                 k->mode == AKSNET_MODE_KUBENET ? "kubenet" : "Azure CNI Overlay");
        else
            emit(c, ri, I, k->path,
                 "no network_plugin given: current AKS versions pick Azure CNI Overlay (kubenet "
                 "below Kubernetes 1.30); set it explicitly");
    }
}

/* ---- the table ------------------------------------------------------------------------------ */

static const rule rules[] = {
    /* addressing */
    {"subnet-outside-vnet", E, "A subnet does not lie inside one of the VNet's address spaces.",
     VNETFAQ,
     check_subnet_outside_vnet},
    {"subnet-overlap", E, "Two subnets, or a subnet and a reserved range, overlap.", VNETFAQ,
     check_subnet_overlap},
    {"subnet-too-small", E,
     "A subnet (existing or of a forced size) has fewer usable IPs or /28 blocks than its users "
     "need.",
     AKSD("concepts-network-ip-address-planning"), check_subnet_too_small},
    {"subnet-too-large", E, "A subnet would need more addresses than any Azure subnet holds.",
     VNETFAQ, check_subnet_too_large},
    {"subnet-no-headroom", I,
     "A new node subnet keeps less than 10% of its usable IPs free beyond max-count and surge.",
     AKSD("concepts-network-ip-address-planning"), check_subnet_headroom},
    {"subnet-below-minimum", E, "An IPv4 subnet is smaller than /29.", VNETFAQ,
     check_subnet_below_minimum},
    {"ipv6-subnet-not-64", E, "An IPv6 subnet is not exactly /64.", VNETFAQ, check_ipv6_subnet},
    {"forbidden-range", E,
     "The VNet, a subnet, a service CIDR or a pod CIDR overlaps 169.254.0.0/16, 172.30.0.0/16, "
     "172.31.0.0/16 or 192.0.2.0/24.",
     AKSD("concepts-network-cni-overview"), check_forbidden},
    {"vnet-range-invalid", E,
     "The VNet address space uses a range a VNet cannot use (224.0.0.0/4, 255.255.255.255/32, "
     "127.0.0.0/8, 168.63.129.16/32), or is not RFC 1918/6598 private space (warning).",
     VNETFAQ, check_vnet_range_invalid},
    {"avoid-overlap", E,
     "The VNet, a subnet, a service CIDR or a pod CIDR overlaps an avoided (peered, on-premises) "
     "range.",
     AKSD("concepts-network-azure-cni-overlay"), check_avoid_overlap},
    {"vnet-ip-limit", W, "The plan puts more than 65,536 IP configurations in one VNet.",
     VNETLIMITS, check_vnet_ip_limit},
    {"subnet-count-limit", E, "The VNet would have more than 3,000 subnets.", VNETLIMITS,
     check_subnet_count_limit},
    {"allocation-failed", E, "A subnet could not be placed in the free address space.",
     "libaksnet allocator (docs/plan-format.md#allocation)", check_allocation_failed},
    {"ipv6-address-space-missing", E,
     "A dual-stack cluster or an IPv6 subnet request, but the VNet has no IPv6 address space.",
     AKSD("configure-dual-stack"), check_ipv6_space},
    {"subnet-name-invalid", E, "A new subnet's name breaks Azure's naming rules.",
     "https://learn.microsoft.com/azure/azure-resource-manager/management/"
     "resource-name-rules#microsoftnetwork",
     check_subnet_name},
    {"subnet-name-too-long", E,
     "Overlay and dynamic pod subnet clusters need subnet and VNet names of at most 63 "
     "characters.",
     AKSD("concepts-network-azure-cni-overlay"), check_subnet_name_length},
    /* service CIDR and DNS */
    {"service-cidr-overlap", E,
     "The service CIDR overlaps a subnet, the pod CIDR or an avoided range (error), or unused "
     "VNet space (warning).",
     AKSD("concepts-network-legacy-cni"), check_service_cidr_overlap},
    {"service-cidr-too-large", E,
     "The IPv4 service CIDR is larger than /12 (exactly /12: warning), or IPv6 larger than "
     "/108.",
     AKSD("concepts-network-ip-address-planning"), check_service_cidr_too_large},
    {"service-cidr-public", E, "The service CIDR is not private address space.",
     "AKS release notes 2023-10-01 (Azure/AKS CHANGELOG.md)", check_service_cidr_public},
    {"service-cidr-unavailable", E,
     "No free service CIDR or pod CIDR could be chosen for a cluster.",
     AKSD("concepts-network-ip-address-planning"), check_service_chosen},
    {"dns-ip-outside-service-cidr", E, "The DNS service IP is not inside the service CIDR.",
     AKSD("concepts-network-legacy-cni"), check_dns_outside},
    {"dns-ip-reserved", E,
     "The DNS service IP is the service CIDR's network, first (kubernetes service) or broadcast "
     "address.",
     AKSD("concepts-network-ip-address-planning") "; kubernetes/kubernetes "
     "pkg/registry/core/service/ipallocator",
     check_dns_reserved},
    {"dns-ip-not-tenth", I, "The DNS service IP is not the conventional .10 address.",
     AKSD("configure-kubenet"), check_dns_tenth},
    {"service-dns-pairing", E, "service_cidr is given without dns_service_ip, or the reverse.",
     TFVALIDATE, check_service_dns_pairing},
    /* pod CIDR */
    {"pod-cidr-overlap", E,
     "The pod CIDR overlaps a subnet (error) or VNet space (kubenet: error; overlay and none: "
     "warning).",
     AKSD("concepts-network-azure-cni-overlay"), check_pod_cidr_overlap},
    {"pod-cidr-too-small", E,
     "The pod CIDR has fewer /24s than the cluster's nodes (max-count and surge included).",
     AKSD("concepts-network-ip-address-planning"), check_pod_cidr_too_small},
    {"pod-cidr-not-allowed", E, "A pod CIDR is given for Azure CNI without overlay.",
     "Azure/azure-cli src/azure-cli/azure/cli/command_modules/acs/managed_cluster_decorator.py; "
     TFVALIDATE, check_pod_cidr_not_allowed},
    {"pod-cidr-missing", W, "A BYO CNI cluster does not give its pod CIDR.",
     AKSD("use-byo-cni"), check_pod_cidr_missing},
    {"pod-cidr-public", W, "The pod CIDR is public address space.",
     AKSD("concepts-network-azure-cni-overlay"), check_pod_cidr_public},
    /* pools and limits */
    {"max-pods-out-of-range", E, "max_pods is outside 10..250.",
     AKSD("concepts-network-ip-address-planning"), check_max_pods_range},
    {"max-pods-min-rule", E,
     "max_pods below 30 leaves a pool room for fewer than 30 pods at its smallest node count "
     "(10 needs 3 nodes).",
     AKSD("concepts-network-ip-address-planning"), check_max_pods_min_rule},
    {"pool-node-limit", E, "A pool reserves more than 1,000 nodes including surge.",
     AKSD("upgrade-aks-node-pools-rolling"), check_pool_node_limit},
    {"cluster-node-limit", E,
     "A cluster reserves more than 5,000 nodes (error) or 1,000 (warning: default quota).",
     AKSLIMITS, check_cluster_node_limit},
    {"pool-count-limit", E, "A cluster has more than 100 node pools.", AKSLIMITS,
     check_pool_count},
    {"kubenet-node-limit", E, "A kubenet cluster reserves more than 400 nodes (200 dual-stack).",
     AKSD("configure-kubenet"), check_kubenet_node_limit},
    {"pool-name-invalid", E,
     "A pool name is not lower-case alphanumeric starting with a letter, at most 12 characters "
     "(Windows 6).",
     AKSD("use-system-pools") "; kubernetes-sigs/cluster-api-provider-azure "
     "api/v1beta1/azuremanagedmachinepool_webhook.go",
     check_pool_name},
    {"system-pool-required", E, "A cluster has no Linux System pool with at least one node.",
     AKSD("use-system-pools"), check_system_pool},
    {"npm-node-limit", W, "Azure Network Policy Manager on more than 250 nodes.",
     AKSD("use-network-policies"), check_npm_node_limit},
    {"max-surge-zero", W, "A pool sets max_surge to 0.",
     AKSD("upgrade-aks-node-pools-rolling") "; AKS release notes 2023-11-05 (Azure/AKS "
     "CHANGELOG.md)",
     check_max_surge_zero},
    {"windows-max-pods", W, "A Windows pool sets max_pods above the recommended 110.",
     AKSLIMITS "; " AKSD("concepts-network-azure-cni-overlay"), check_windows_max_pods},
    /* compatibility */
    {"windows-kubenet", E, "Windows pools on kubenet.", AKSD("configure-kubenet"),
     check_windows_kubenet},
    {"windows-cilium", E, "Windows pools with the Cilium data plane.",
     AKSD("azure-cni-powered-by-cilium"), check_windows_cilium},
    {"virtual-nodes-plugin", E,
     "Virtual nodes on kubenet or BYO CNI (error) or overlay (warning).", AKSD("virtual-nodes"),
     check_virtual_nodes},
    {"network-policy-plugin", E,
     "A network policy engine that the plugin or data plane does not support.",
     AKSD("use-network-policies"), check_network_policy_plugin},
    {"network-policy-version", E,
     "Calico or Azure NPM on Kubernetes below 1.30 (rejected since 2026-05-29).",
     "AKS release notes 2026-05-29 (Azure/AKS CHANGELOG.md)", check_network_policy_version},
    {"cilium-dataplane-plugin", E,
     "The Cilium data plane off Azure CNI (error), or with node subnet (warning: azurerm "
     "disagrees).",
     AKSD("azure-cni-powered-by-cilium"), check_cilium_dataplane},
    {"dual-stack-unsupported", E,
     "Dual-stack with a mode, policy engine or feature that does not support it.",
     AKSD("azure-cni-overlay"), check_dual_stack},
    {"private-link-static-block", E, "Private Link Service with static block allocation.",
     AKSD("concepts-network-azure-cni-pod-subnet"), check_pls_static},
    {"private-link-dynamic-history", I,
     "Private Link Service with the dynamic pod subnet: broken in 2022, restriction lifted since.",
     "kubernetes-sigs/cloud-provider-azure site/content/en/topics/pls-integration.md "
     "(commits 3c5be2767, 7fb93d63a); " AKSD("configure-azure-cni-dynamic-ip-allocation"),
     check_pls_dynamic},
    {"overlay-vm-unsupported", E,
     "Overlay with DCsv2-series VMs (Standard_DC1s_v2 ... DC8_v2) or VM availability sets.",
     AKSD("concepts-network-azure-cni-overlay"), check_overlay_vm},
    {"pod-subnet-mixed-modes", E, "One pod subnet used by static block and dynamic pools.",
     AKSD("concepts-network-azure-cni-pod-subnet"), check_pod_subnet_mixed},
    {"kubenet-shared-subnet", E, "A kubenet cluster's subnet is shared with another cluster.",
     AKSD("configure-kubenet"), check_kubenet_shared},
    {"app-gateway-containers-kubenet", E, "Application Gateway for Containers on kubenet.",
     AKSD("concepts-network-cni-overview"), check_agc_kubenet},
    {"app-gateway-ingress-overlay", E,
     "AGIC with overlay: unsupported before 2025-03-11 (error), preview until 2025-07-20 "
     "(warning), generally available since (info).",
     "AKS release notes 2025-03-16 and 2025-07-20 (Azure/AKS CHANGELOG.md)", check_agic_overlay},
    {"static-block-version", E, "Static block allocation on Kubernetes below 1.28.",
     AKSD("configure-azure-cni-static-block-allocation"), check_static_block_version},
    /* lifecycle */
    {"kubenet-retirement", E,
     "kubenet retires on 2028-03-31: warning before that day, error from it.",
     AKSD("configure-kubenet") "; Azure/AKS#4859", check_kubenet_retirement},
    {"npm-windows-retired", E,
     "Azure NPM on Windows retires on 2026-09-30: warning before that day, error from it.",
     AKSD("use-network-policies"), check_npm_windows},
    {"npm-linux-retirement", E,
     "Azure NPM on Linux retires on 2028-09-30: warning before that day, error from it.",
     AKSD("use-network-policies"), check_npm_linux},
    {"availability-sets-retired", E,
     "VM availability set pools retired on 2025-09-30: warning before that day, error from it.",
     AKSD("availability-sets-on-aks"), check_availability_sets},
    {"default-plugin", I, "No network plugin given: what AKS picks by Kubernetes version.",
     "Azure/azure-rest-api-specs#30844; " AKSD("azure-cni-overlay"), check_default_plugin},
    /* bookkeeping: emitted once when the per-code cap dropped diagnostics */
    {"diagnostics-truncated", I,
     "More than 200 diagnostics of one code; the rest are counted, not listed.",
     "libaksnet (docs/rules.md)", NULL},
};

size_t aksnet_rule_count(void)
{
    return AKSNET_ARRAY_LEN(rules);
}

aksnet_status aksnet_rule_get(aksnet_rule_info *out, size_t index)
{
    aksnet_rule_info v;
    size_t size;
    if (!AKSNET__REC_OK(out, aksnet_rule_info, source))
        return AKSNET_EINVAL;
    if (index >= AKSNET_ARRAY_LEN(rules))
        return AKSNET_ENOTFOUND;
    size = out->size;
    memset(&v, 0, sizeof(v));
    v.size = size;
    v.code = rules[index].code;
    v.severity = rules[index].severity;
    v.summary = rules[index].summary;
    v.source = rules[index].source;
    memcpy(out, &v, sizeof(v) < size ? sizeof(v) : size);
    return AKSNET_OK;
}

aksnet_status aksnet__run_rules(aksnet_result *r, const aksnet_plan *plan)
{
    return aksnet__run_rules_impl(r, plan, 1);
}

aksnet_status aksnet__run_rules_impl(aksnet_result *r, const aksnet_plan *plan, int fast)
{
    rctx c;
    size_t i;
    memset(&c, 0, sizeof(c));
    c.r = r;
    c.plan = plan;
    c.as_of = r->as_of;
    aksnet__rangeset_init(&c.spaces4, &r->alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&c.spaces6, &r->alloc, AKSNET_FAMILY_IPV6);
    aksnet__rangeset_init(&c.avoid4, &r->alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&c.avoid6, &r->alloc, AKSNET_FAMILY_IPV6);
    aksnet__rangeset_init(&c.subnets4, &r->alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&c.subnets6, &r->alloc, AKSNET_FAMILY_IPV6);
    for (i = 0; i < plan->nspaces && c.st == AKSNET_OK; i++)
        c.st = aksnet__rangeset_add_prefix(plan->spaces[i].family == AKSNET_FAMILY_IPV6 ? &c.spaces6
                                                                                      : &c.spaces4,
                                           &plan->spaces[i]);
    for (i = 0; i < plan->navoid && c.st == AKSNET_OK; i++)
        c.st = aksnet__rangeset_add_prefix(plan->avoid[i].family == AKSNET_FAMILY_IPV6 ? &c.avoid6
                                                                                     : &c.avoid4,
                                           &plan->avoid[i]);
    aksnet__rangeset_normalize(&c.spaces4);
    aksnet__rangeset_normalize(&c.spaces6);
    aksnet__rangeset_normalize(&c.avoid4);
    aksnet__rangeset_normalize(&c.avoid6);
    if (c.st == AKSNET_OK)
        scan_subnets(&c, fast);
    for (i = 0; i < AKSNET_ARRAY_LEN(rules) && c.st == AKSNET_OK; i++)
        if (rules[i].check != NULL)
            rules[i].check(&c, i);
    if (c.st == AKSNET_OK && r->diag_dropped > 0)
        emit(&c, AKSNET_ARRAY_LEN(rules) - 1, I, "",
             "%zu more diagnostics were not listed (at most 200 per code are)", r->diag_dropped);
    aksnet__rangeset_dispose(&c.spaces4);
    aksnet__rangeset_dispose(&c.spaces6);
    aksnet__rangeset_dispose(&c.avoid4);
    aksnet__rangeset_dispose(&c.avoid6);
    aksnet__rangeset_dispose(&c.subnets4);
    aksnet__rangeset_dispose(&c.subnets6);
    aksnet__free(&r->alloc, c.cand);
    aksnet__free(&r->alloc, c.okeys);
    return c.st;
}
