/* The plan model and its programmatic builders. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- string arena ------------------------------------------------------------------------ */

struct aksnet__arena_chunk {
    aksnet__arena_chunk *next;
    size_t size;
    /* bytes follow */
};

#define ARENA_CHUNK 4096u

void aksnet__arena_init(aksnet__arena *a, const aksnet__alloc *alloc)
{
    memset(a, 0, sizeof(*a));
    a->alloc = alloc;
}

void aksnet__arena_dispose(aksnet__arena *a)
{
    aksnet__arena_chunk *c = a->head;
    while (c != NULL) {
        aksnet__arena_chunk *n = c->next;
        aksnet__free(a->alloc, c);
        c = n;
    }
    a->head = NULL;
    a->used = a->avail = 0;
}

/* Make room for `bytes` bytes of strings in one chunk (so that the next strndup calls that
 * fit in it cannot fail). */
aksnet_status aksnet__arena_reserve(aksnet__arena *a, size_t bytes)
{
    aksnet__arena_chunk *c;
    if (bytes <= a->avail)
        return AKSNET_OK;
    if (bytes < ARENA_CHUNK)
        bytes = ARENA_CHUNK;
    if (bytes > SIZE_MAX - sizeof(*c))
        return AKSNET_ENOMEM;
    c = aksnet__malloc(a->alloc, sizeof(*c) + bytes);
    if (c == NULL)
        return AKSNET_ENOMEM;
    c->size = bytes;
    c->next = a->head;
    a->head = c;
    a->used = 0;
    a->avail = bytes;
    return AKSNET_OK;
}

char *aksnet__arena_strndup(aksnet__arena *a, const char *s, size_t n)
{
    char *d;
    if (n >= a->avail && (n == SIZE_MAX || aksnet__arena_reserve(a, n + 1) != AKSNET_OK))
        return NULL;
    d = (char *)(a->head + 1) + a->used;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    a->used += n + 1;
    a->avail -= n + 1;
    return d;
}

char *aksnet__arena_strdup(aksnet__arena *a, const char *s)
{
    if (s == NULL)
        return NULL;
    return aksnet__arena_strndup(a, s, strlen(s));
}

size_t aksnet__arena_bytes(const aksnet__arena *a)
{
    size_t total = 0;
    const aksnet__arena_chunk *c;
    for (c = a->head; c != NULL; c = c->next)
        total += sizeof(*c) + c->size;
    return total;
}

/* ---- errors ------------------------------------------------------------------------------- */

aksnet_status aksnet__plan_fail(aksnet_plan *plan, aksnet_status code, const char *path,
                                const char *fmt, ...)
{
    va_list ap;
    aksnet__error_clear(&plan->last_error);
    va_start(ap, fmt);
    aksnet__verror(&plan->last_error, code, path, fmt, ap);
    va_end(ap);
    return code;
}

void aksnet__plan_ok(aksnet_plan *plan)
{
    /* cheap when nothing failed (called once per added object of large documents) */
    if (plan->last_error.code != AKSNET_OK || plan->last_error.message[0] != '\0')
        aksnet__error_clear(&plan->last_error);
}

const aksnet_error *aksnet_plan_last_error(const aksnet_plan *plan)
{
    return plan ? &plan->last_error : NULL;
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

void aksnet_plan_options_init(aksnet_plan_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof(*opts));
    opts->version = AKSNET_PLAN_OPTIONS_VERSION;
}

void aksnet_request_options_init(aksnet_request_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof(*opts));
    opts->version = AKSNET_REQUEST_OPTIONS_VERSION;
}

void aksnet_cluster_options_init(aksnet_cluster_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof(*opts));
    opts->version = AKSNET_CLUSTER_OPTIONS_VERSION;
    opts->growth = 1.0;
}

void aksnet_pool_options_init(aksnet_pool_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof(*opts));
    opts->version = AKSNET_POOL_OPTIONS_VERSION;
}

void aksnet_allocate_options_init(aksnet_allocate_options *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof(*opts));
    opts->version = AKSNET_ALLOCATE_OPTIONS_VERSION;
}

aksnet_status aksnet_plan_new(aksnet_plan **out, const aksnet_plan_options *opts)
{
    aksnet__alloc a;
    aksnet_plan *plan;
    if (out == NULL)
        return AKSNET_EINVAL;
    *out = NULL;
    if (opts != NULL) {
        if (opts->version < 1 || opts->flags != 0)
            return AKSNET_EINVAL;
        if (opts->allocator != NULL &&
            (opts->allocator->malloc_fn == NULL || opts->allocator->realloc_fn == NULL ||
             opts->allocator->free_fn == NULL))
            return AKSNET_EINVAL;
    }
    aksnet__alloc_init(&a, opts ? opts->allocator : NULL);
    plan = aksnet__calloc(&a, 1, sizeof(*plan));
    if (plan == NULL)
        return AKSNET_ENOMEM;
    plan->alloc = a;
    aksnet__arena_init(&plan->strings, &plan->alloc);
    aksnet_error_init(&plan->last_error);
    plan->strategy = AKSNET_STRATEGY_COMPACT;
    *out = plan;
    return AKSNET_OK;
}

void aksnet_plan_free(aksnet_plan *plan)
{
    size_t i;
    aksnet__alloc a;
    if (plan == NULL)
        return;
    a = plan->alloc;
    for (i = 0; i < plan->nclusters; i++)
        aksnet__free(&a, plan->clusters[i].pools);
    aksnet__free(&a, plan->clusters);
    aksnet__free(&a, plan->requests);
    aksnet__free(&a, plan->avoid);
    aksnet__free(&a, plan->reserved);
    aksnet__free(&a, plan->existing_v6);
    aksnet__free(&a, plan->existing);
    aksnet__free(&a, plan->spaces);
    aksnet__free(&a, plan->names);
    aksnet__arena_dispose(&plan->strings);
    aksnet__free(&a, plan);
}

/* ---- validation helpers ------------------------------------------------------------------- */

bool aksnet__name_ok(const char *s, size_t max)
{
    size_t n;
    if (s == NULL)
        return false;
    n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    return true;
}

bool aksnet__k8s_version_parse(const char *s, int *major, int *minor)
{
    long parts[3] = {0, 0, 0};
    int n = 0;
    const char *p = s;
    if (s == NULL || *s == '\0')
        return false;
    if (*p == 'v')
        p++;
    while (n < 3) {
        long v = 0;
        const char *start = p;
        while (*p >= '0' && *p <= '9') {
            v = v * 10 + (*p - '0');
            if (v > 9999)
                return false;
            p++;
        }
        if (p == start)
            return false;
        parts[n++] = v;
        if (*p == '\0')
            break;
        if (*p != '.')
            return false;
        p++;
    }
    if (*p != '\0' || n < 2)
        return false;
    *major = (int)parts[0];
    *minor = (int)parts[1];
    return true;
}

/* ---- the name index ------------------------------------------------------------------------
 *
 * Open addressing with linear probing over cap_names = 2^b slots of 32 bits, at most 4/5
 * full. An entry holds, in its low b bits, the index + 1 of the existing subnet or request
 * (less than 2^b: there are fewer names than slots), in bit 31 AKSNET__NAME_REQUEST, and in
 * the bits between them the top bits of the name's hash: a tag that spares the string
 * comparison (and its two cache misses) for almost every other name met on a probe. 0 is an
 * empty slot. */

#define NAME_K1 UINT64_C(0x9e3779b97f4a7c15)
#define NAME_K2 UINT64_C(0xff51afd7ed558ccd)

static inline uint64_t name_load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static inline uint64_t name_load32(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

/* The top bit of each byte of w that is below 0x20 or equal to 0x7f, or of some byte when
 * there is one below 0x20: the first test is the classic "some byte is below n" (exact as a
 * yes/no answer); the second sets the top bit of exactly the bytes equal to 0x7f (no carry
 * leaves a byte; ~w drops 0xff). Bytes above 0x7f pass, as aksnet__name_ok lets them. */
static inline uint64_t name_bad_bytes(uint64_t w)
{
    return (((w - UINT64_C(0x2020202020202020)) & ~w) |
            (((w & UINT64_C(0x7f7f7f7f7f7f7f7f)) + UINT64_C(0x0101010101010101)) & ~w)) &
           UINT64_C(0x8080808080808080);
}

/* The hash of the n bytes at s, eight at a time, all in registers (the bytes after the last
 * whole word are read again as the last eight, or as two overlapping 4-byte words, or as
 * three bytes when n < 4); *bad gets a non-zero bit when a byte is one aksnet__name_ok
 * rejects (below 0x20 or 0x7f), with the same words. */
static inline uint64_t name_scan(const char *s, size_t n, uint64_t *bad)
{
    uint64_t h = (uint64_t)n * NAME_K1, w, b = 0;
    size_t k;
    for (k = 0; k + 8 <= n; k += 8) {
        w = name_load64(s + k);
        b |= name_bad_bytes(w);
        h = (h ^ w) * NAME_K1;
        h ^= h >> 32;
    }
    if (k < n) {
        if (n >= 8) {
            w = name_load64(s + n - 8);
            b |= name_bad_bytes(w);
        } else if (n >= 4) {
            w = name_load32(s) | name_load32(s + n - 4) << 32;
            b |= name_bad_bytes(w);
        } else {
            unsigned char c0 = (unsigned char)s[0], c1 = (unsigned char)s[n >> 1],
                          c2 = (unsigned char)s[n - 1];
            w = (uint64_t)c0 | (uint64_t)c1 << 8 | (uint64_t)c2 << 16;
            b |= (uint64_t)(c0 < 0x20 || c0 == 0x7f || c1 < 0x20 || c1 == 0x7f || c2 < 0x20 ||
                            c2 == 0x7f);
        }
        h = (h ^ w) * NAME_K1;
    }
    h ^= h >> 32;
    h *= NAME_K2;
    h ^= h >> 29;
    *bad = b;
    return h;
}

static uint64_t name_hash(const char *s)
{
    uint64_t bad;
    return name_scan(s, strlen(s), &bad);
}

/* The bits of an entry that hold index + 1 for a table of cap slots. */
static uint32_t name_index_bits(size_t cap)
{
    return cap >= ((size_t)1 << 31) ? UINT32_C(0x7fffffff) : (uint32_t)cap - 1;
}

/* The tag bits of an entry for hash h in a table of cap slots. */
static uint32_t name_tag(uint64_t h, size_t cap)
{
    return (uint32_t)(h >> 32) & UINT32_C(0x7fffffff) & ~name_index_bits(cap);
}

static const char *name_at(const aksnet_plan *plan, uint32_t e)
{
    uint32_t i = e & name_index_bits(plan->cap_names);
    return (e & AKSNET__NAME_REQUEST) ? plan->requests[i - 1].name : plan->existing[i - 1].name;
}

/* The slot of the index (cap_names > 0) for the len bytes at name, hash h (tag: name_tag of
 * h, which the caller needs too): the entry that holds that name, or the empty slot where it
 * would go. */
static inline size_t name_slot(const aksnet_plan *plan, const char *name, size_t len,
                               uint64_t h, uint32_t tag)
{
    size_t mask = plan->cap_names - 1, i;
    uint32_t e, tags = UINT32_C(0x7fffffff) & ~name_index_bits(plan->cap_names);
    for (i = (size_t)h & mask; (e = plan->names[i]) != 0; i = (i + 1) & mask) {
        if ((e & tags) == tag) {
            const char *other = name_at(plan, e);
            if (strncmp(other, name, len) == 0 && other[len] == '\0')
                break;
        }
    }
    return i;
}

static bool name_taken_h(const aksnet_plan *plan, const char *name, uint64_t h)
{
    return plan->cap_names != 0 &&
           plan->names[name_slot(plan, name, strlen(name), h, name_tag(h, plan->cap_names))] != 0;
}

bool aksnet__plan_subnet_name_taken(const aksnet_plan *plan, const char *name)
{
    return name_taken_h(plan, name, name_hash(name));
}

/* Give the name index ncap slots (a power of two, more than it holds). */
static aksnet_status rehash_names(aksnet_plan *plan, size_t ncap)
{
    size_t k;
    uint32_t *nn = aksnet__calloc(&plan->alloc, ncap, sizeof(*nn));
    uint32_t old_bits = name_index_bits(plan->cap_names);
    if (nn == NULL)
        return AKSNET_ENOMEM;
    for (k = 0; k < plan->cap_names; k++) {
        uint32_t e = plan->names[k];
        if (e != 0) {
            uint64_t h = name_hash(name_at(plan, e));
            size_t j = (size_t)h & (ncap - 1);
            while (nn[j] != 0)
                j = (j + 1) & (ncap - 1);
            nn[j] = (e & (AKSNET__NAME_REQUEST | old_bits)) | name_tag(h, ncap);
        }
    }
    aksnet__free(&plan->alloc, plan->names);
    plan->names = nn;
    plan->cap_names = ncap;
    return AKSNET_OK;
}

/* Record the name (hash h) of the existing subnet (request) about to be stored at index
 * nexisting (nrequests) in the index; entries already in it are complete. */
static aksnet_status index_name(aksnet_plan *plan, bool request, uint64_t h)
{
    size_t i, idx = request ? plan->nrequests : plan->nexisting;
    if (idx >= AKSNET__NAME_REQUEST - 1)
        return AKSNET_ENOMEM;
    if ((plan->nnames + 1) * 5 > plan->cap_names * 4 &&
        rehash_names(plan, plan->cap_names ? plan->cap_names * 2 : 64) != AKSNET_OK)
        return AKSNET_ENOMEM;
    i = (size_t)h & (plan->cap_names - 1);
    while (plan->names[i] != 0)
        i = (i + 1) & (plan->cap_names - 1);
    plan->names[i] = (uint32_t)(idx + 1) | name_tag(h, plan->cap_names) |
                     (request ? AKSNET__NAME_REQUEST : 0u);
    plan->nnames++;
    return AKSNET_OK;
}

static aksnet_status check_prefix(aksnet_plan *plan, const aksnet_prefix *p, const char *path,
                                  const char *what)
{
    if (p == NULL)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, path, "%s: NULL prefix", what);
    if (!aksnet__prefix_valid(p))
        return aksnet__plan_fail(plan, AKSNET_EINVAL, path,
                                 "%s: not a valid prefix (family %u, length %u, or host bits set)",
                                 what, (unsigned)p->family, (unsigned)p->length);
    return AKSNET_OK;
}

#define GROW(plan, arr, n, cap)                                                                \
    do {                                                                                       \
        void *v__ = (plan)->arr;                                                               \
        int st__ = aksnet__grow(&(plan)->alloc, &v__, &(plan)->cap, (plan)->n + 1,             \
                                sizeof(*(plan)->arr));                                         \
        (plan)->arr = v__;                                                                     \
        if (st__ != AKSNET_OK)                                                                 \
            return aksnet__plan_fail(plan, AKSNET_ENOMEM, path, "out of memory");              \
    } while (0)

/* ---- builders ----------------------------------------------------------------------------- */

aksnet_status aksnet__plan_add_space(aksnet_plan *plan, const aksnet_prefix *p, const char *path)
{
    size_t i;
    char a[AKSNET_PREFIX_STRLEN], b[AKSNET_PREFIX_STRLEN];
    aksnet_status st = check_prefix(plan, p, path, "address space");
    if (st != AKSNET_OK)
        return st;
    for (i = 0; i < plan->nspaces; i++) {
        if (aksnet_prefix_overlaps(&plan->spaces[i], p)) {
            aksnet__prefix_str(a, p);
            aksnet__prefix_str(b, &plan->spaces[i]);
            return aksnet__plan_fail(plan, AKSNET_EOVERLAP, path,
                                     "address space %s overlaps address space %s", a, b);
        }
    }
    GROW(plan, spaces, nspaces, cap_spaces);
    plan->spaces[plan->nspaces++] = *p;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
}

aksnet_status aksnet__plan_add_existing(aksnet_plan *plan, const char *name,
                                        const aksnet_prefix *cidr, const aksnet_prefix *cidr6,
                                        const char *path)
{
    const char *copy;
    aksnet_status st;
    uint64_t h;
    if (!aksnet__name_ok(name, 256))
        return aksnet__plan_fail(plan, AKSNET_EINVAL, path,
                                 "subnet name must be 1..256 printable bytes");
    st = check_prefix(plan, cidr, path, "subnet");
    if (st != AKSNET_OK)
        return st;
    if (cidr6 != NULL) {
        st = check_prefix(plan, cidr6, path, "subnet IPv6 prefix");
        if (st != AKSNET_OK)
            return st;
        if (cidr6->family != AKSNET_FAMILY_IPV6 || cidr->family != AKSNET_FAMILY_IPV4)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, path,
                                     "a dual-stack subnet has an IPv4 cidr and an IPv6 cidr_ipv6");
    }
    h = name_hash(name); /* hashed once: checked here, indexed below */
    if (name_taken_h(plan, name, h))
        return aksnet__plan_fail(plan, AKSNET_ECONFLICT, path, "subnet name \"%s\" is used twice",
                                 name);
    /* every allocation first, so that a failure leaves the plan unchanged */
    GROW(plan, existing, nexisting, cap_existing);
    if (cidr6 != NULL) {
        if (plan->nexisting_v6 >= UINT32_MAX)
            return aksnet__plan_fail(plan, AKSNET_ENOMEM, path, "too many subnets");
        GROW(plan, existing_v6, nexisting_v6, cap_existing_v6);
    }
    copy = aksnet__arena_strdup(&plan->strings, name);
    if (copy == NULL || index_name(plan, false, h) != AKSNET_OK)
        return aksnet__plan_fail(plan, AKSNET_ENOMEM, path, "out of memory");
    plan->existing[plan->nexisting].name = copy;
    plan->existing[plan->nexisting].cidr = *cidr;
    plan->existing[plan->nexisting].v6 = UINT32_MAX;
    if (cidr6 != NULL) {
        plan->existing_v6[plan->nexisting_v6] = *cidr6;
        plan->existing[plan->nexisting].v6 = (uint32_t)plan->nexisting_v6++;
    }
    plan->nexisting++;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
}

/* Room for n more existing subnets whose names have name_bytes bytes in all (without their
 * NULs): the array, the name index (sized as adding them one by one would grow it) and the
 * strings, so that aksnet__plan_add_existing_quick needs no allocation. The plan's contents
 * are unchanged, failure or not. */
aksnet_status aksnet__plan_reserve_existing(aksnet_plan *plan, size_t n, size_t name_bytes)
{
    size_t need = plan->nexisting + n, ncap = plan->cap_names ? plan->cap_names : 64;
    if (n == 0)
        return AKSNET_OK;
    if (need < n || name_bytes > SIZE_MAX - n || plan->nnames + n < n ||
        plan->nnames + n > SIZE_MAX / 5)
        return AKSNET_ENOMEM;
    if (need > plan->cap_existing) {
        void *v = aksnet__reallocarray(&plan->alloc, plan->existing, need,
                                       sizeof(*plan->existing));
        if (v == NULL)
            return AKSNET_ENOMEM;
        plan->existing = v;
        plan->cap_existing = need;
    }
    while ((plan->nnames + n) * 5 > ncap * 4) {
        if (ncap > SIZE_MAX / 8)
            return AKSNET_ENOMEM;
        ncap *= 2;
    }
    if (ncap != plan->cap_names && rehash_names(plan, ncap) != AKSNET_OK)
        return AKSNET_ENOMEM;
    return aksnet__arena_reserve(&plan->strings, name_bytes + n);
}

/* aksnet__plan_add_existing(plan, name, cidr, NULL, path) for a name of len bytes (not
 * NUL-terminated) when nothing can go wrong: the name is 1..256 bytes without control
 * characters, cidr a valid IPv4 prefix, the name not taken, and room reserved (above). Then
 * the subnet is added exactly as that call adds it and the result is true; otherwise the
 * plan is unchanged and the result is false: the caller then makes that call, which reports
 * what is wrong (or grows what is full). */
bool aksnet__plan_add_existing_quick(aksnet_plan *plan, const char *name, size_t len,
                                     const aksnet_prefix *cidr)
{
    uint64_t h, bad;
    size_t i;
    uint32_t tag;
    char *copy;
    aksnet__existing *x;
    if (len == 0 || len > 256 || cidr->family != AKSNET_FAMILY_IPV4 || cidr->length > 32 ||
        plan->nexisting >= plan->cap_existing || plan->strings.avail < len + 1 ||
        (plan->nnames + 1) * 5 > plan->cap_names * 4 ||
        plan->nexisting >= AKSNET__NAME_REQUEST - 1)
        return false;
    if (cidr->length < 32) {
        uint32_t a = (uint32_t)cidr->bytes[0] << 24 | (uint32_t)cidr->bytes[1] << 16 |
                     (uint32_t)cidr->bytes[2] << 8 | cidr->bytes[3];
        if ((a & (UINT32_C(0xffffffff) >> cidr->length)) != 0)
            return false;
    }
    h = name_scan(name, len, &bad); /* name_hash and aksnet__name_ok in one pass */
    if (bad)
        return false;
    tag = name_tag(h, plan->cap_names);
    i = name_slot(plan, name, len, h, tag);
    if (plan->names[i] != 0)
        return false; /* used twice: the full builder says so */
    copy = aksnet__arena_strndup(&plan->strings, name, len); /* cannot fail: room reserved */
    plan->names[i] = (uint32_t)(plan->nexisting + 1) | tag;
    plan->nnames++;
    x = &plan->existing[plan->nexisting++];
    x->name = copy;
    x->cidr = *cidr;
    x->v6 = UINT32_MAX;
    aksnet__plan_ok(plan);
    return true;
}

aksnet_status aksnet__plan_add_reserved(aksnet_plan *plan, const aksnet_prefix *p,
                                        const char *path)
{
    aksnet_status st = check_prefix(plan, p, path, "reserved range");
    if (st != AKSNET_OK)
        return st;
    GROW(plan, reserved, nreserved, cap_reserved);
    plan->reserved[plan->nreserved++] = *p;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
}

aksnet_status aksnet__plan_add_avoid(aksnet_plan *plan, const aksnet_prefix *p, const char *path)
{
    aksnet_status st = check_prefix(plan, p, path, "avoid range");
    if (st != AKSNET_OK)
        return st;
    GROW(plan, avoid, navoid, cap_avoid);
    plan->avoid[plan->navoid++] = *p;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
}

aksnet_status aksnet__plan_add_request(aksnet_plan *plan, const aksnet_request_options *r,
                                       const char *path)
{
    aksnet__request q;
    char field[AKSNET_ERROR_PATH_MAX];
    uint64_t h;
    if (r == NULL || r->version < 1)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, path, "bad aksnet_request_options");
    if (!aksnet__name_ok(r->name, 256))
        return aksnet__plan_fail(plan, AKSNET_EINVAL, path,
                                 "subnet request name must be 1..256 printable bytes");
    h = name_hash(r->name);
    if (name_taken_h(plan, r->name, h))
        return aksnet__plan_fail(plan, AKSNET_ECONFLICT, path,
                                 "subnet name \"%s\" is used twice", r->name);
    memset(&q, 0, sizeof(q));
    q.kind = r->kind;
    q.ipv6 = r->ipv6 != 0;
    switch (r->kind) {
    case AKSNET_REQUEST_PREFIX_LENGTH:
        snprintf(field, sizeof(field), "%s/prefix_length", path ? path : "");
        if (r->prefix_length < 8 || r->prefix_length > 29)
            return aksnet__plan_fail(plan, AKSNET_ERANGE, field,
                                     "prefix_length %u is outside the Azure subnet sizes 8..29",
                                     (unsigned)r->prefix_length);
        q.prefix_length = r->prefix_length;
        break;
    case AKSNET_REQUEST_IPS:
        snprintf(field, sizeof(field), "%s/ips", path ? path : "");
        if (r->ips < 1 || aksnet_prefix_length_for_ips(&q.prefix_length, r->ips) != AKSNET_OK)
            return aksnet__plan_fail(plan, AKSNET_ERANGE, field,
                                     "ips %llu is outside 1..%llu (the usable IPs of a /8)",
                                     (unsigned long long)r->ips,
                                     (unsigned long long)((UINT64_C(1) << 24) - 5));
        q.ips = r->ips;
        break;
    case AKSNET_REQUEST_CIDR:
        snprintf(field, sizeof(field), "%s/cidr", path ? path : "");
        if (check_prefix(plan, &r->cidr, field, "subnet request") != AKSNET_OK)
            return plan->last_error.code;
        q.cidr = r->cidr;
        q.prefix_length = r->cidr.length;
        if (aksnet__prefix_is_set(&r->cidr_ipv6)) {
            snprintf(field, sizeof(field), "%s/cidr_ipv6", path ? path : "");
            if (check_prefix(plan, &r->cidr_ipv6, field, "subnet request") != AKSNET_OK)
                return plan->last_error.code;
            if (r->cidr_ipv6.family != AKSNET_FAMILY_IPV6 || r->cidr.family != AKSNET_FAMILY_IPV4)
                return aksnet__plan_fail(plan, AKSNET_ECONFLICT, field,
                                         "cidr_ipv6 pins the IPv6 /64 of an IPv4 cidr request");
            q.cidr6 = r->cidr_ipv6;
            q.ipv6 = true;
        }
        break;
    default:
        return aksnet__plan_fail(plan, AKSNET_EINVAL, path, "unknown request kind %d", r->kind);
    }
    if (r->kind != AKSNET_REQUEST_CIDR && aksnet__prefix_is_set(&r->cidr_ipv6))
        return aksnet__plan_fail(plan, AKSNET_ECONFLICT, path,
                                 "cidr_ipv6 is only for requests that give a cidr");
    GROW(plan, requests, nrequests, cap_requests);
    q.name = aksnet__arena_strdup(&plan->strings, r->name);
    if (q.name == NULL || index_name(plan, true, h) != AKSNET_OK)
        return aksnet__plan_fail(plan, AKSNET_ENOMEM, path, "out of memory");
    plan->requests[plan->nrequests++] = q;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
}

#define KNOWN_FEATURES 0xFFu

aksnet_status aksnet__plan_add_cluster(aksnet_plan *plan, const aksnet_cluster_options *c,
                                       unsigned given, const char *path, size_t *index_out)
{
    aksnet__cluster k;
    size_t i;
    char field[AKSNET_ERROR_PATH_MAX];
    int major, minor;
/* `name` is a string literal pasted into the format: it cannot be parenthesized */
#define FIELD(name) /* NOLINT(bugprone-macro-parentheses) */                             \
    (path ? (snprintf(field, sizeof(field), "%s/" name, path), field) : (name))
    if (c == NULL || c->version < 1)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, path, "bad aksnet_cluster_options");
    if (!aksnet__name_ok(c->name, 256))
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("name"),
                                 "cluster name must be 1..256 printable bytes");
    if (plan->nclusters >= 10000)
        return aksnet__plan_fail(plan, AKSNET_ERANGE, path, "more than 10,000 clusters in a plan");
    for (i = 0; i < plan->nclusters; i++)
        if (strcmp(plan->clusters[i].name, c->name) == 0)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("name"),
                                     "cluster name \"%s\" is used twice", c->name);
    if (c->network_plugin < AKSNET_PLUGIN_UNSET || c->network_plugin > AKSNET_PLUGIN_NONE)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("network_plugin"),
                                 "unknown network_plugin %d", c->network_plugin);
    if (c->network_plugin_mode != AKSNET_PLUGIN_MODE_UNSET &&
        c->network_plugin_mode != AKSNET_PLUGIN_MODE_OVERLAY)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("network_plugin_mode"),
                                 "unknown network_plugin_mode %d", c->network_plugin_mode);
    if (c->network_plugin_mode == AKSNET_PLUGIN_MODE_OVERLAY &&
        (c->network_plugin == AKSNET_PLUGIN_KUBENET || c->network_plugin == AKSNET_PLUGIN_NONE))
        return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("network_plugin_mode"),
                                 "network_plugin_mode \"overlay\" requires network_plugin "
                                 "\"azure\", not \"%s\"",
                                 c->network_plugin == AKSNET_PLUGIN_KUBENET ? "kubenet" : "none");
    if (c->network_dataplane != AKSNET_DATAPLANE_AZURE &&
        c->network_dataplane != AKSNET_DATAPLANE_CILIUM)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("network_data_plane"),
                                 "unknown network_data_plane %d", c->network_dataplane);
    if (c->network_policy < AKSNET_POLICY_NONE || c->network_policy > AKSNET_POLICY_CILIUM)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("network_policy"),
                                 "unknown network_policy %d", c->network_policy);
    if (aksnet__prefix_is_set(&c->pod_cidr) &&
        (check_prefix(plan, &c->pod_cidr, FIELD("pod_cidr"), "pod_cidr") != AKSNET_OK))
        return plan->last_error.code;
    if (aksnet__prefix_is_set(&c->pod_cidr) && c->pod_cidr.family != AKSNET_FAMILY_IPV4)
        return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("pod_cidr"),
                                 "pod_cidr must be IPv4 (use pod_cidr_ipv6 for IPv6)");
    if (aksnet__prefix_is_set(&c->service_cidr) &&
        check_prefix(plan, &c->service_cidr, FIELD("service_cidr"), "service_cidr") != AKSNET_OK)
        return plan->last_error.code;
    if (aksnet__prefix_is_set(&c->service_cidr) && c->service_cidr.family != AKSNET_FAMILY_IPV4)
        return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("service_cidr"),
                                 "service_cidr must be IPv4 (use service_cidr_ipv6 for IPv6)");
    if (aksnet__prefix_is_set(&c->pod_cidr_ipv6)) {
        if (check_prefix(plan, &c->pod_cidr_ipv6, FIELD("pod_cidr_ipv6"), "pod_cidr_ipv6") !=
            AKSNET_OK)
            return plan->last_error.code;
        if (c->pod_cidr_ipv6.family != AKSNET_FAMILY_IPV6)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("pod_cidr_ipv6"),
                                     "pod_cidr_ipv6 must be an IPv6 prefix");
        if (!c->dual_stack)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("pod_cidr_ipv6"),
                                     "pod_cidr_ipv6 needs ip_families [\"IPv4\", \"IPv6\"]");
    }
    if (aksnet__prefix_is_set(&c->service_cidr_ipv6)) {
        if (check_prefix(plan, &c->service_cidr_ipv6, FIELD("service_cidr_ipv6"),
                         "service_cidr_ipv6") != AKSNET_OK)
            return plan->last_error.code;
        if (c->service_cidr_ipv6.family != AKSNET_FAMILY_IPV6)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("service_cidr_ipv6"),
                                     "service_cidr_ipv6 must be an IPv6 prefix");
        if (!c->dual_stack)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("service_cidr_ipv6"),
                                     "service_cidr_ipv6 needs ip_families [\"IPv4\", \"IPv6\"]");
    }
    if (c->dns_service_ip.family != AKSNET_FAMILY_UNSET &&
        c->dns_service_ip.family != AKSNET_FAMILY_IPV4)
        return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("dns_service_ip"),
                                 "dns_service_ip must be an IPv4 address");
    if (!(c->growth == 0.0 || (c->growth >= 1.0 && c->growth <= 100.0)))
        return aksnet__plan_fail(plan, AKSNET_ERANGE, FIELD("growth"),
                                 "growth %g is outside 1.0..100.0 (it multiplies node counts; "
                                 "below 1 would plan fewer nodes than asked)",
                                 c->growth);
    if (c->features & ~(unsigned)KNOWN_FEATURES)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("features"),
                                 "unknown feature bits 0x%x", c->features & ~(unsigned)KNOWN_FEATURES);
    if (c->kubernetes_version != NULL &&
        !aksnet__k8s_version_parse(c->kubernetes_version, &major, &minor))
        return aksnet__plan_fail(plan, AKSNET_EPARSE, FIELD("kubernetes_version"),
                                 "kubernetes_version \"%.40s\" is not MAJOR.MINOR[.PATCH]",
                                 c->kubernetes_version);
    if (c->load_balancer_ips > 65536 || c->private_link_service_ips > 65536)
        return aksnet__plan_fail(plan, AKSNET_ERANGE, FIELD("load_balancer_ips"),
                                 "load_balancer_ips / private_link_service_ips above 65536");

    memset(&k, 0, sizeof(k));
    k.plugin = c->network_plugin;
    k.plugin_mode = c->network_plugin_mode;
    k.dataplane = c->network_dataplane;
    k.policy = c->network_policy;
    k.dual_stack = c->dual_stack != 0;
    k.pod_cidr = c->pod_cidr;
    k.pod_cidr6 = c->pod_cidr_ipv6;
    k.service_cidr = c->service_cidr;
    k.service_cidr6 = c->service_cidr_ipv6;
    k.dns = c->dns_service_ip;
    k.private_cluster = c->private_cluster != 0;
    k.lb_ips = c->load_balancer_ips;
    k.pls_ips = c->private_link_service_ips;
    k.pls_ips_given = (given & AKSNET__GIVEN_PLS_IPS) != 0 || c->private_link_service_ips != 0;
    k.growth = c->growth == 0.0 ? 1.0 : c->growth;
    k.features = c->features;
    k.given = given;
    if (c->network_plugin != AKSNET_PLUGIN_UNSET)
        k.given |= AKSNET__GIVEN_PLUGIN;
    GROW(plan, clusters, nclusters, cap_clusters);
    k.name = aksnet__arena_strdup(&plan->strings, c->name);
    k.k8s_version = c->kubernetes_version
                        ? aksnet__arena_strdup(&plan->strings, c->kubernetes_version)
                        : NULL;
    if (k.name == NULL || (c->kubernetes_version != NULL && k.k8s_version == NULL))
        return aksnet__plan_fail(plan, AKSNET_ENOMEM, path, "out of memory");
    plan->clusters[plan->nclusters] = k;
    if (index_out)
        *index_out = plan->nclusters;
    plan->nclusters++;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
#undef FIELD
}

aksnet_status aksnet__plan_add_pool(aksnet_plan *plan, size_t cluster, const aksnet_pool_options *p,
                                    bool count_given, const char *path)
{
    aksnet__cluster *k;
    aksnet__pool q;
    size_t i;
    char field[AKSNET_ERROR_PATH_MAX];
/* `name` is a string literal pasted into the format: it cannot be parenthesized */
#define FIELD(name) /* NOLINT(bugprone-macro-parentheses) */                             \
    (path ? (snprintf(field, sizeof(field), "%s/" name, path), field) : (name))
    if (p == NULL || p->version < 1)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, path, "bad aksnet_pool_options");
    if (cluster >= plan->nclusters)
        return aksnet__plan_fail(plan, AKSNET_ENOTFOUND, path, "no cluster with index %zu",
                                 cluster);
    k = &plan->clusters[cluster];
    if (!aksnet__name_ok(p->name, 256))
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("name"),
                                 "node pool name must be 1..256 printable bytes");
    if (k->npools >= 10000)
        return aksnet__plan_fail(plan, AKSNET_ERANGE, path,
                                 "more than 10,000 node pools in one cluster (AKS allows 100)");
    for (i = 0; i < k->npools; i++)
        if (strcmp(k->pools[i].name, p->name) == 0)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("name"),
                                     "node pool name \"%s\" is used twice in cluster \"%s\"",
                                     p->name, k->name);
    if (p->mode < AKSNET_POOL_MODE_UNSET || p->mode > AKSNET_POOL_MODE_USER)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("mode"), "unknown pool mode %d",
                                 p->mode);
    if (p->os_type != AKSNET_OS_LINUX && p->os_type != AKSNET_OS_WINDOWS)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("os_type"), "unknown os_type %d",
                                 p->os_type);
    if (p->count > 1000000 || p->min_count > 1000000 || p->max_count > 1000000)
        return aksnet__plan_fail(plan, AKSNET_ERANGE, FIELD("count"),
                                 "node counts above 1,000,000 are not plausible (AKS allows "
                                 "1,000 per pool)");
    if (p->autoscale) {
        if (p->min_count > p->max_count)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("min_count"),
                                     "min_count %u is above max_count %u", p->min_count,
                                     p->max_count);
        if (p->max_count == 0)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("max_count"),
                                     "max_count must be at least 1 with the autoscaler");
        if (count_given && (p->count < p->min_count || p->count > p->max_count))
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("count"),
                                     "count %u is outside min_count..max_count (%u..%u)",
                                     p->count, p->min_count, p->max_count);
    } else if (p->min_count != 0 || p->max_count != 0) {
        return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("min_count"),
                                 "min_count/max_count need the autoscaler (autoscale)");
    }
    if (p->max_pods > 100000)
        return aksnet__plan_fail(plan, AKSNET_ERANGE, FIELD("max_pods"),
                                 "max_pods %u is not plausible (AKS allows 10..250)", p->max_pods);
    switch (p->max_surge_kind) {
    case AKSNET_SURGE_DEFAULT:
        break;
    case AKSNET_SURGE_COUNT:
        if (p->max_surge > 1000000)
            return aksnet__plan_fail(plan, AKSNET_ERANGE, FIELD("max_surge"),
                                     "max_surge %u nodes is not plausible", p->max_surge);
        break;
    case AKSNET_SURGE_PERCENT:
        if (p->max_surge > 100)
            return aksnet__plan_fail(plan, AKSNET_ERANGE, FIELD("max_surge"),
                                     "max_surge %u%% is above 100%%", p->max_surge);
        break;
    default:
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("max_surge"),
                                 "unknown max_surge kind %d", p->max_surge_kind);
    }
    if (p->pod_allocation < AKSNET_POD_ALLOCATION_UNSET ||
        p->pod_allocation > AKSNET_POD_ALLOCATION_STATIC)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("pod_ip_allocation_mode"),
                                 "unknown pod_ip_allocation_mode %d", p->pod_allocation);
    if (p->subnet != NULL && !aksnet__name_ok(p->subnet, 256))
        return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("subnet"),
                                 "subnet name must be 1..256 printable bytes");
    if (p->pod_subnet != NULL) {
        if (!aksnet__name_ok(p->pod_subnet, 256))
            return aksnet__plan_fail(plan, AKSNET_EINVAL, FIELD("pod_subnet"),
                                     "pod_subnet name must be 1..256 printable bytes");
        if (k->plugin != AKSNET_PLUGIN_AZURE || k->plugin_mode == AKSNET_PLUGIN_MODE_OVERLAY)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("pod_subnet"),
                                     "pod_subnet needs network_plugin \"azure\" without "
                                     "network_plugin_mode (cluster \"%s\")",
                                     k->name);
        if (p->subnet != NULL && strcmp(p->subnet, p->pod_subnet) == 0)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("pod_subnet"),
                                     "pod_subnet and subnet are both \"%s\"; VMs cannot be in a "
                                     "pod subnet (concepts-network-legacy-cni.md FAQ)",
                                     p->subnet);
    } else if (p->pod_allocation != AKSNET_POD_ALLOCATION_UNSET) {
        return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("pod_ip_allocation_mode"),
                                 "pod_ip_allocation_mode needs a pod_subnet");
    }
    if (p->expected_pods != 0) {
        if (p->pod_subnet == NULL || p->pod_allocation == AKSNET_POD_ALLOCATION_STATIC)
            return aksnet__plan_fail(plan, AKSNET_ECONFLICT, FIELD("expected_pods"),
                                     "expected_pods applies only to pools with a dynamic "
                                     "pod_subnet");
        if (p->max_pods != 0 && p->expected_pods > p->max_pods)
            return aksnet__plan_fail(plan, AKSNET_ERANGE, FIELD("expected_pods"),
                                     "expected_pods %u is above max_pods %u", p->expected_pods,
                                     p->max_pods);
        if (p->expected_pods > 250)
            return aksnet__plan_fail(plan, AKSNET_ERANGE, FIELD("expected_pods"),
                                     "expected_pods %u is above 250", p->expected_pods);
    }
    memset(&q, 0, sizeof(q));
    q.mode = p->mode;
    q.os_type = p->os_type;
    q.count = p->count;
    q.count_given = count_given || !p->autoscale;
    q.autoscale = p->autoscale != 0;
    q.min_count = p->min_count;
    q.max_count = p->max_count;
    q.max_pods = p->max_pods;
    q.surge_kind = p->max_surge_kind;
    q.surge = p->max_surge;
    q.expected_pods = p->expected_pods;
    q.pod_allocation = p->pod_allocation;
    {
        void *v = k->pools;
        int st = aksnet__grow(&plan->alloc, &v, &k->cap, k->npools + 1, sizeof(*k->pools));
        k->pools = v;
        if (st != AKSNET_OK)
            return aksnet__plan_fail(plan, AKSNET_ENOMEM, path, "out of memory");
    }
    q.name = aksnet__arena_strdup(&plan->strings, p->name);
    q.vm_size = p->vm_size ? aksnet__arena_strdup(&plan->strings, p->vm_size) : NULL;
    q.subnet = p->subnet ? aksnet__arena_strdup(&plan->strings, p->subnet) : NULL;
    q.pod_subnet = p->pod_subnet ? aksnet__arena_strdup(&plan->strings, p->pod_subnet) : NULL;
    if (q.name == NULL || (p->vm_size && !q.vm_size) || (p->subnet && !q.subnet) ||
        (p->pod_subnet && !q.pod_subnet))
        return aksnet__plan_fail(plan, AKSNET_ENOMEM, path, "out of memory");
    k->pools[k->npools++] = q;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
#undef FIELD
}

/* The node subnet name a pool uses. */
static const char *pool_subnet_name(const aksnet__cluster *k, const aksnet__pool *p, char *buf,
                                    size_t len)
{
    if (p->subnet != NULL)
        return p->subnet;
    snprintf(buf, len, "%s-nodes", k->name);
    return buf;
}

/* A name and where it was found (cluster and pool, or request), for aksnet__plan_finish. */
typedef struct finish_ref {
    const char *name;
    size_t a, b;
} finish_ref;

static int cmp_finish_ref(const void *x, const void *y)
{
    const finish_ref *p = x, *q = y;
    int c = strcmp(p->name, q->name);
    if (c != 0)
        return c;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

/* The first entry in plan order named `name`, or NULL. */
static const finish_ref *finish_find(const finish_ref *v, size_t n, const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(v[lo].name, name) == 0 ? &v[lo] : NULL;
}

/* Pools and requests can number in the hundreds of thousands (a plan file may be 64 MiB):
 * the names are sorted once and looked up, O(n log n) instead of a pairwise scan (which
 * took minutes), reporting the same first conflict in plan order. */
aksnet_status aksnet__plan_finish(aksnet_plan *plan)
{
    size_t c1, p1, r, npods = 0, nips = 0;
    finish_ref *pods = NULL, *ips = NULL;
    aksnet_status st = AKSNET_OK;
    char b1[300], b2[300];
    for (c1 = 0; c1 < plan->nclusters; c1++)
        for (p1 = 0; p1 < plan->clusters[c1].npools; p1++)
            npods += plan->clusters[c1].pools[p1].pod_subnet != NULL;
    for (r = 0; r < plan->nrequests; r++)
        nips += plan->requests[r].kind == AKSNET_REQUEST_IPS;
    if ((npods && (pods = aksnet__calloc(&plan->alloc, npods, sizeof(*pods))) == NULL) ||
        (nips && (ips = aksnet__calloc(&plan->alloc, nips, sizeof(*ips))) == NULL)) {
        aksnet__free(&plan->alloc, pods);
        return aksnet__plan_fail(plan, AKSNET_ENOMEM, NULL, "out of memory");
    }
    npods = nips = 0;
    for (c1 = 0; c1 < plan->nclusters; c1++) {
        for (p1 = 0; p1 < plan->clusters[c1].npools; p1++) {
            const aksnet__pool *q = &plan->clusters[c1].pools[p1];
            if (q->pod_subnet != NULL && pods != NULL) {
                pods[npods].name = q->pod_subnet;
                pods[npods].a = c1;
                pods[npods++].b = p1;
            }
        }
    }
    for (r = 0; r < plan->nrequests; r++) {
        if (plan->requests[r].kind == AKSNET_REQUEST_IPS && ips != NULL) {
            ips[nips].name = plan->requests[r].name;
            ips[nips++].a = r;
        }
    }
    if (npods > 1)
        qsort(pods, npods, sizeof(*pods), cmp_finish_ref);
    if (nips > 1)
        qsort(ips, nips, sizeof(*ips), cmp_finish_ref);
    for (c1 = 0; c1 < plan->nclusters; c1++) {
        const aksnet__cluster *k1 = &plan->clusters[c1];
        for (p1 = 0; p1 < k1->npools; p1++) {
            const aksnet__pool *q1 = &k1->pools[p1];
            const char *node = pool_subnet_name(k1, q1, b1, sizeof(b1));
            const finish_ref *hit = finish_find(pods, npods, node), *hit2;
            /* a subnet is either a node subnet or a pod subnet, never both */
            if (hit != NULL) {
                const aksnet__cluster *k2 = &plan->clusters[hit->a];
                st = aksnet__plan_fail(
                    plan, AKSNET_ECONFLICT, NULL,
                    "subnet \"%s\" is the node subnet of pool \"%s/%s\" and the pod "
                    "subnet of pool \"%s/%s\"; VMs cannot share a pod subnet",
                    node, k1->name, q1->name, k2->name, k2->pools[hit->b].name);
                goto out;
            }
            /* a request named like a pool's subnet pins it (cidr) or sizes it (prefix) */
            hit = finish_find(ips, nips, node);
            hit2 = q1->pod_subnet ? finish_find(ips, nips, q1->pod_subnet) : NULL;
            if (hit == NULL || (hit2 != NULL && hit2->a < hit->a))
                hit = hit2;
            if (hit != NULL) {
                r = hit->a;
                snprintf(b2, sizeof(b2), "/subnet_requests/%zu/ips", r);
                st = aksnet__plan_fail(
                    plan, AKSNET_ECONFLICT, b2,
                    "subnet request \"%s\" names a cluster subnet; give its cidr or "
                    "prefix_length, not ips (its size comes from its pools)",
                    plan->requests[r].name);
                goto out;
            }
        }
    }
    aksnet__plan_ok(plan);
out:
    aksnet__free(&plan->alloc, pods);
    aksnet__free(&plan->alloc, ips);
    return st;
}

/* ---- public builders ---------------------------------------------------------------------- */

aksnet_status aksnet_plan_set_name(aksnet_plan *plan, const char *name)
{
    const char *copy;
    if (plan == NULL)
        return AKSNET_EINVAL;
    if (!aksnet__name_ok(name, 256))
        return aksnet__plan_fail(plan, AKSNET_EINVAL, "name", "name must be 1..256 printable bytes");
    copy = aksnet__arena_strdup(&plan->strings, name);
    if (copy == NULL)
        return aksnet__plan_fail(plan, AKSNET_ENOMEM, "name", "out of memory");
    plan->name = copy;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
}

aksnet_status aksnet_plan_set_vnet_name(aksnet_plan *plan, const char *name)
{
    const char *copy;
    if (plan == NULL)
        return AKSNET_EINVAL;
    if (!aksnet__name_ok(name, 256))
        return aksnet__plan_fail(plan, AKSNET_EINVAL, "vnet/name",
                                 "VNet name must be 1..256 printable bytes");
    copy = aksnet__arena_strdup(&plan->strings, name);
    if (copy == NULL)
        return aksnet__plan_fail(plan, AKSNET_ENOMEM, "vnet/name", "out of memory");
    plan->vnet_name = copy;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
}

aksnet_status aksnet_plan_set_strategy(aksnet_plan *plan, int strategy)
{
    if (plan == NULL)
        return AKSNET_EINVAL;
    if (strategy < AKSNET_STRATEGY_COMPACT || strategy > AKSNET_STRATEGY_TERRAFORM)
        return aksnet__plan_fail(plan, AKSNET_EINVAL, "allocation/strategy",
                                 "unknown strategy %d", strategy);
    plan->strategy = strategy;
    aksnet__plan_ok(plan);
    return AKSNET_OK;
}

aksnet_status aksnet_plan_add_address_space(aksnet_plan *plan, const aksnet_prefix *prefix)
{
    if (plan == NULL)
        return AKSNET_EINVAL;
    return aksnet__plan_add_space(plan, prefix, NULL);
}

aksnet_status aksnet_plan_add_subnet(aksnet_plan *plan, const char *name, const aksnet_prefix *cidr,
                                     const aksnet_prefix *cidr_ipv6)
{
    if (plan == NULL)
        return AKSNET_EINVAL;
    return aksnet__plan_add_existing(plan, name, cidr, cidr_ipv6, NULL);
}

aksnet_status aksnet_plan_add_reserved(aksnet_plan *plan, const aksnet_prefix *prefix)
{
    if (plan == NULL)
        return AKSNET_EINVAL;
    return aksnet__plan_add_reserved(plan, prefix, NULL);
}

aksnet_status aksnet_plan_add_avoid(aksnet_plan *plan, const aksnet_prefix *prefix)
{
    if (plan == NULL)
        return AKSNET_EINVAL;
    return aksnet__plan_add_avoid(plan, prefix, NULL);
}

aksnet_status aksnet_plan_add_request(aksnet_plan *plan, const aksnet_request_options *request)
{
    if (plan == NULL)
        return AKSNET_EINVAL;
    return aksnet__plan_add_request(plan, request, NULL);
}

aksnet_status aksnet_plan_add_cluster(size_t *index_out, aksnet_plan *plan,
                                      const aksnet_cluster_options *cluster)
{
    if (plan == NULL)
        return AKSNET_EINVAL;
    return aksnet__plan_add_cluster(plan, cluster, 0, NULL, index_out);
}

aksnet_status aksnet_plan_add_pool(aksnet_plan *plan, size_t cluster_index,
                                   const aksnet_pool_options *pool)
{
    if (plan == NULL)
        return AKSNET_EINVAL;
    /* from C, a count of 0 with the autoscaler means "not given" */
    return aksnet__plan_add_pool(plan, cluster_index, pool,
                                 pool != NULL && (!pool->autoscale || pool->count != 0), NULL);
}

/* ---- memory accounting, shrinking, cloning ------------------------------------------------- */

size_t aksnet__plan_heap_bytes(const aksnet_plan *plan)
{
    size_t total = sizeof(*plan), i;
    total += plan->cap_spaces * sizeof(*plan->spaces);
    total += plan->cap_existing * sizeof(*plan->existing);
    total += plan->cap_existing_v6 * sizeof(*plan->existing_v6);
    total += plan->cap_reserved * sizeof(*plan->reserved);
    total += plan->cap_avoid * sizeof(*plan->avoid);
    total += plan->cap_requests * sizeof(*plan->requests);
    total += plan->cap_clusters * sizeof(*plan->clusters);
    for (i = 0; i < plan->nclusters; i++)
        total += plan->clusters[i].cap * sizeof(*plan->clusters[i].pools);
    total += plan->cap_names * sizeof(*plan->names);
    total += aksnet__arena_bytes(&plan->strings);
    return total;
}

#define SHRINK(arr, n, cap)                                                                     \
    do {                                                                                        \
        if (plan->n > 0 && plan->n < plan->cap) {                                               \
            void *v__ = aksnet__reallocarray(&plan->alloc, plan->arr, plan->n, sizeof(*plan->arr)); \
            if (v__ != NULL) {                                                                  \
                plan->arr = v__;                                                                \
                plan->cap = plan->n;                                                            \
            }                                                                                   \
        }                                                                                       \
    } while (0)

void aksnet__plan_shrink(aksnet_plan *plan)
{
    SHRINK(existing, nexisting, cap_existing);
    SHRINK(existing_v6, nexisting_v6, cap_existing_v6);
    SHRINK(reserved, nreserved, cap_reserved);
    SHRINK(avoid, navoid, cap_avoid);
    SHRINK(requests, nrequests, cap_requests);
}

aksnet_status aksnet__plan_clone(aksnet_plan **out, const aksnet_plan *src)
{
    aksnet_plan *p;
    aksnet_plan_options o;
    aksnet_allocator a;
    size_t i, j;
    aksnet_status st;
    aksnet_plan_options_init(&o);
    a.malloc_fn = src->alloc.malloc_fn;
    a.realloc_fn = src->alloc.realloc_fn;
    a.free_fn = src->alloc.free_fn;
    a.payload = src->alloc.payload;
    o.allocator = &a;
    st = aksnet_plan_new(&p, &o);
    if (st != AKSNET_OK)
        return st;
    p->strategy = src->strategy;
    if ((src->name && aksnet_plan_set_name(p, src->name) != AKSNET_OK) ||
        (src->vnet_name && aksnet_plan_set_vnet_name(p, src->vnet_name) != AKSNET_OK))
        goto fail;
    for (i = 0; i < src->nspaces; i++)
        if (aksnet__plan_add_space(p, &src->spaces[i], NULL) != AKSNET_OK)
            goto fail;
    for (i = 0; i < src->nexisting; i++) {
        const aksnet__existing *e = &src->existing[i];
        if (aksnet__plan_add_existing(p, e->name, &e->cidr,
                                      e->v6 != UINT32_MAX ? &src->existing_v6[e->v6] : NULL,
                                      NULL) != AKSNET_OK)
            goto fail;
    }
    for (i = 0; i < src->nreserved; i++)
        if (aksnet__plan_add_reserved(p, &src->reserved[i], NULL) != AKSNET_OK)
            goto fail;
    for (i = 0; i < src->navoid; i++)
        if (aksnet__plan_add_avoid(p, &src->avoid[i], NULL) != AKSNET_OK)
            goto fail;
    for (i = 0; i < src->nrequests; i++) {
        /* requests are copied field by field: they were validated when added */
        void *v = p->requests;
        if (aksnet__grow(&p->alloc, &v, &p->cap_requests, p->nrequests + 1,
                         sizeof(*p->requests)) != AKSNET_OK)
            goto fail;
        p->requests = v;
        p->requests[p->nrequests] = src->requests[i];
        p->requests[p->nrequests].name = aksnet__arena_strdup(&p->strings, src->requests[i].name);
        if (p->requests[p->nrequests].name == NULL ||
            index_name(p, true, name_hash(p->requests[p->nrequests].name)) != AKSNET_OK)
            goto fail;
        p->nrequests++;
    }
    for (i = 0; i < src->nclusters; i++) {
        const aksnet__cluster *k = &src->clusters[i];
        aksnet__cluster *d;
        void *v = p->clusters;
        if (aksnet__grow(&p->alloc, &v, &p->cap_clusters, p->nclusters + 1,
                         sizeof(*p->clusters)) != AKSNET_OK)
            goto fail;
        p->clusters = v;
        d = &p->clusters[p->nclusters];
        *d = *k;
        d->pools = NULL;
        d->npools = d->cap = 0;
        p->nclusters++;
        d->name = aksnet__arena_strdup(&p->strings, k->name);
        d->k8s_version = k->k8s_version ? aksnet__arena_strdup(&p->strings, k->k8s_version) : NULL;
        if (d->name == NULL || (k->k8s_version && d->k8s_version == NULL))
            goto fail;
        if (k->npools) {
            d->pools = aksnet__calloc(&p->alloc, k->npools, sizeof(*d->pools));
            if (d->pools == NULL)
                goto fail;
            d->cap = k->npools;
        }
        for (j = 0; j < k->npools; j++) {
            const aksnet__pool *q = &k->pools[j];
            aksnet__pool *e = &d->pools[j];
            *e = *q;
            e->name = aksnet__arena_strdup(&p->strings, q->name);
            e->vm_size = q->vm_size ? aksnet__arena_strdup(&p->strings, q->vm_size) : NULL;
            e->subnet = q->subnet ? aksnet__arena_strdup(&p->strings, q->subnet) : NULL;
            e->pod_subnet = q->pod_subnet ? aksnet__arena_strdup(&p->strings, q->pod_subnet) : NULL;
            if (e->name == NULL || (q->vm_size && !e->vm_size) || (q->subnet && !e->subnet) ||
                (q->pod_subnet && !e->pod_subnet))
                goto fail;
            d->npools = j + 1;
        }
    }
    *out = p;
    return AKSNET_OK;
fail:
    aksnet_plan_free(p);
    return AKSNET_ENOMEM;
}
