/* Sorted range sets and the free-space treap used by the allocator. */
#include "prefixset.h"

#include <stdlib.h>
#include <string.h>

/* ---- range sets -------------------------------------------------------------------------- */

void aksnet__rangeset_init(aksnet__rangeset *s, const aksnet__alloc *alloc, int family)
{
    memset(s, 0, sizeof(*s));
    s->alloc = alloc;
    s->family = family;
}

void aksnet__rangeset_dispose(aksnet__rangeset *s)
{
    if (s == NULL)
        return;
    aksnet__free(s->alloc, s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

int aksnet__rangeset_add(aksnet__rangeset *s, aksnet_u128 lo, aksnet_u128 hi)
{
    void *v = s->v;
    int st = aksnet__grow(s->alloc, &v, &s->cap, s->n + 1, sizeof(aksnet__range));
    s->v = v;
    if (st != AKSNET_OK)
        return st;
    s->v[s->n].lo = lo;
    s->v[s->n].hi = hi;
    s->n++;
    return AKSNET_OK;
}

int aksnet__rangeset_add_prefix(aksnet__rangeset *s, const aksnet_prefix *p)
{
    aksnet_u128 lo, hi;
    if (p->family != s->family)
        return AKSNET_OK;
    aksnet__prefix_range(p, &lo, &hi);
    return aksnet__rangeset_add(s, lo, hi);
}

/* x < y in (lo, hi) order */
static inline bool range_lt(const aksnet__range *x, const aksnet__range *y)
{
    if (x->lo.hi != y->lo.hi)
        return x->lo.hi < y->lo.hi;
    if (x->lo.lo != y->lo.lo)
        return x->lo.lo < y->lo.lo;
    if (x->hi.hi != y->hi.hi)
        return x->hi.hi < y->hi.hi;
    return x->hi.lo < y->hi.lo;
}

static inline void range_swap(aksnet__range *a, aksnet__range *b)
{
    aksnet__range t = *a;
    *a = *b;
    *b = t;
}

static void range_sift(aksnet__range *v, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && range_lt(&v[child], &v[child + 1]))
            child++;
        if (!range_lt(&v[root], &v[child]))
            return;
        range_swap(&v[root], &v[child]);
        root = child;
    }
}

/* Introsort: quicksort (median of three), insertion sort below 16, heapsort when deep. In
 * place, no allocation (glibc's qsort mallocs a copy), comparisons inlined. */
static void range_sort(aksnet__range *v, size_t n, unsigned depth)
{
    while (n > 16) {
        size_t mid = n / 2, i = 0, j = n;
        if (depth-- == 0) {
            size_t k;
            for (k = n / 2; k-- > 0;)
                range_sift(v, k, n);
            for (k = n - 1; k > 0; k--) {
                range_swap(&v[0], &v[k]);
                range_sift(v, 0, k);
            }
            return;
        }
        if (range_lt(&v[mid], &v[0]))
            range_swap(&v[mid], &v[0]);
        if (range_lt(&v[n - 1], &v[0]))
            range_swap(&v[n - 1], &v[0]);
        if (range_lt(&v[n - 1], &v[mid]))
            range_swap(&v[n - 1], &v[mid]);
        range_swap(&v[0], &v[mid]);
        for (;;) {
            do
                i++;
            while (i < n && range_lt(&v[i], &v[0]));
            do
                j--;
            while (range_lt(&v[0], &v[j]));
            if (i >= j)
                break;
            range_swap(&v[i], &v[j]);
        }
        range_swap(&v[0], &v[j]);
        if (j < n - j - 1) {
            range_sort(v, j, depth);
            v += j + 1;
            n -= j + 1;
        } else {
            range_sort(v + j + 1, n - j - 1, depth);
            n = j;
        }
    }
    {
        size_t i, j;
        for (i = 1; i < n; i++) {
            aksnet__range t = v[i];
            for (j = i; j > 0 && range_lt(&t, &v[j - 1]); j--)
                v[j] = v[j - 1];
            v[j] = t;
        }
    }
}

void aksnet__rangeset_normalize(aksnet__rangeset *s)
{
    size_t i, o = 0;
    aksnet_u128 max = aksnet__u128_low_mask(aksnet__family_bits(s->family));
    if (s->n == 0)
        return;
    for (i = 1; i < s->n && !range_lt(&s->v[i], &s->v[i - 1]); i++)
        ;
    if (i < s->n) { /* not sorted yet */
        unsigned depth = 0;
        size_t k;
        for (k = s->n; k > 1; k >>= 1)
            depth += 2;
        range_sort(s->v, s->n, depth);
    }
    for (i = 1; i < s->n; i++) {
        aksnet__range *cur = &s->v[o];
        const aksnet__range *nx = &s->v[i];
        bool touch = aksnet__u128_le(nx->lo, cur->hi) ||
                     (!aksnet__u128_eq(cur->hi, max) &&
                      aksnet__u128_eq(aksnet__u128_inc(cur->hi), nx->lo));
        if (touch) {
            if (aksnet__u128_lt(cur->hi, nx->hi))
                cur->hi = nx->hi;
        } else {
            s->v[++o] = *nx;
        }
    }
    s->n = o + 1;
}

int aksnet__rangeset_subtract(aksnet__rangeset *out, const aksnet__rangeset *a,
                              const aksnet__rangeset *b)
{
    size_t i, j = 0;
    out->n = 0;
    for (i = 0; i < a->n; i++) {
        aksnet_u128 lo = a->v[i].lo, hi = a->v[i].hi;
        bool alive = true;
        /* skip b ranges entirely before lo */
        while (j < b->n && aksnet__u128_lt(b->v[j].hi, lo))
            j++;
        {
            size_t k = j;
            while (alive && k < b->n && aksnet__u128_le(b->v[k].lo, hi)) {
                if (aksnet__u128_lt(lo, b->v[k].lo)) {
                    int st = aksnet__rangeset_add(out, lo, aksnet__u128_dec(b->v[k].lo));
                    if (st != AKSNET_OK)
                        return st;
                }
                if (aksnet__u128_lt(b->v[k].hi, hi))
                    lo = aksnet__u128_inc(b->v[k].hi);
                else
                    alive = false;
                k++;
            }
        }
        if (alive) {
            int st = aksnet__rangeset_add(out, lo, hi);
            if (st != AKSNET_OK)
                return st;
        }
    }
    return AKSNET_OK;
}

/* index of the first range with hi >= x, or n */
static size_t lower_hi(const aksnet__rangeset *s, aksnet_u128 x)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (aksnet__u128_lt(s->v[mid].hi, x))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool aksnet__rangeset_overlaps(const aksnet__rangeset *s, aksnet_u128 lo, aksnet_u128 hi)
{
    size_t i = lower_hi(s, lo);
    return i < s->n && aksnet__u128_le(s->v[i].lo, hi);
}

bool aksnet__rangeset_covers(const aksnet__rangeset *s, aksnet_u128 lo, aksnet_u128 hi)
{
    size_t i = lower_hi(s, lo);
    return i < s->n && aksnet__u128_le(s->v[i].lo, lo) && aksnet__u128_le(hi, s->v[i].hi);
}

uint64_t aksnet__rangeset_size(const aksnet__rangeset *s)
{
    uint64_t total = 0;
    size_t i;
    for (i = 0; i < s->n; i++) {
        aksnet_u128 d = aksnet__u128_sub(s->v[i].hi, s->v[i].lo);
        uint64_t c;
        if (d.hi != 0 || d.lo == UINT64_MAX)
            return UINT64_MAX;
        c = d.lo + 1;
        if (!aksnet__add_u64(total, c, &total))
            return UINT64_MAX;
    }
    return total;
}

unsigned aksnet__range_max_block(aksnet_u128 lo, aksnet_u128 hi)
{
    aksnet_u128 span = aksnet__u128_sub(hi, lo); /* length - 1 */
    unsigned k;
    aksnet_u128 start, end;
    if (span.hi == UINT64_MAX && span.lo == UINT64_MAX)
        return 128;
    /* length = span + 1 >= 1; k0 = floor(log2(length)) */
    k = aksnet__u128_log2(aksnet__u128_inc(span));
    /* does an aligned 2^k block fit? start = lo rounded up to 2^k */
    if (k == 0)
        return 0;
    {
        aksnet_u128 mask = aksnet__u128_low_mask(k);
        start = aksnet__u128_and(aksnet__u128_add(lo, mask), aksnet__u128_not(mask));
        /* overflow of lo + mask means no room at the top of the space */
        if (aksnet__u128_lt(start, lo))
            return k - 1;
        end = aksnet__u128_or(start, mask);
        if (aksnet__u128_le(end, hi))
            return k;
    }
    return k - 1;
}

int aksnet__range_prefixes(int family, aksnet_u128 lo, aksnet_u128 hi, aksnet__prefix_fn fn,
                           void *payload)
{
    unsigned bits = aksnet__family_bits(family);
    for (;;) {
        unsigned k = aksnet__u128_ctz(lo);
        aksnet_u128 end;
        aksnet_prefix p;
        int rc;
        if (k > bits)
            k = bits;
        for (;;) {
            end = aksnet__u128_or(lo, aksnet__u128_low_mask(k));
            if (aksnet__u128_le(end, hi))
                break;
            k--;
        }
        aksnet__prefix_make(&p, family, lo, bits - k);
        rc = fn(&p, payload);
        if (rc != 0)
            return rc;
        if (aksnet__u128_eq(end, hi))
            return 0;
        lo = aksnet__u128_inc(end);
    }
}

/* ---- free treap -------------------------------------------------------------------------- */

struct aksnet__fnode {
    aksnet_u128 lo, hi;
    uint32_t left, right;
    uint32_t prio;
    int16_t self_k; /* largest aligned block inside this range */
    int16_t max_k;  /* largest in the subtree */
};

#define NIL 0u

static uint32_t next_prio(aksnet__freetree *t)
{
    /* xorshift64*; state lives in the tree */
    uint64_t x = t->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    t->rng = x;
    return (uint32_t)((x * UINT64_C(2685821657736338717)) >> 32);
}

static int16_t maxk(const aksnet__freetree *t, uint32_t i)
{
    return i == NIL ? (int16_t)-1 : t->nodes[i].max_k;
}

static void update(aksnet__freetree *t, uint32_t i)
{
    struct aksnet__fnode *n = &t->nodes[i];
    int16_t m = n->self_k;
    if (maxk(t, n->left) > m)
        m = maxk(t, n->left);
    if (maxk(t, n->right) > m)
        m = maxk(t, n->right);
    n->max_k = m;
}

static int new_node(aksnet__freetree *t, aksnet_u128 lo, aksnet_u128 hi, uint32_t *out)
{
    uint32_t i;
    if (t->free_list != NIL) {
        i = t->free_list;
        t->free_list = t->nodes[i].left;
    } else {
        void *v = t->nodes;
        int st;
        if (t->n >= UINT32_MAX - 1)
            return AKSNET_ENOMEM;
        st = aksnet__grow(t->alloc, &v, &t->cap, t->n + 1, sizeof(struct aksnet__fnode));
        t->nodes = v;
        if (st != AKSNET_OK)
            return st;
        i = (uint32_t)t->n++;
    }
    t->nodes[i].lo = lo;
    t->nodes[i].hi = hi;
    t->nodes[i].left = t->nodes[i].right = NIL;
    t->nodes[i].prio = next_prio(t);
    t->nodes[i].self_k = (int16_t)aksnet__range_max_block(lo, hi);
    t->nodes[i].max_k = t->nodes[i].self_k;
    *out = i;
    return AKSNET_OK;
}

static void release_node(aksnet__freetree *t, uint32_t i)
{
    t->nodes[i].left = t->free_list;
    t->free_list = i;
}

/* split subtree r into keys < key (l) and >= key (r) */
static void split(aksnet__freetree *t, uint32_t r, aksnet_u128 key, uint32_t *l, uint32_t *rr)
{
    if (r == NIL) {
        *l = *rr = NIL;
        return;
    }
    if (aksnet__u128_lt(t->nodes[r].lo, key)) {
        uint32_t a, b;
        split(t, t->nodes[r].right, key, &a, &b);
        t->nodes[r].right = a;
        update(t, r);
        *l = r;
        *rr = b;
    } else {
        uint32_t a, b;
        split(t, t->nodes[r].left, key, &a, &b);
        t->nodes[r].left = b;
        update(t, r);
        *l = a;
        *rr = r;
    }
}

static uint32_t merge(aksnet__freetree *t, uint32_t a, uint32_t b)
{
    if (a == NIL)
        return b;
    if (b == NIL)
        return a;
    if (t->nodes[a].prio > t->nodes[b].prio) {
        t->nodes[a].right = merge(t, t->nodes[a].right, b);
        update(t, a);
        return a;
    }
    t->nodes[b].left = merge(t, a, t->nodes[b].left);
    update(t, b);
    return b;
}

static void insert_node(aksnet__freetree *t, uint32_t node)
{
    uint32_t l, r;
    split(t, t->root, t->nodes[node].lo, &l, &r);
    t->root = merge(t, merge(t, l, node), r);
}

/* remove the node whose key is `key` from subtree r; returns new subtree root */
static uint32_t erase_key(aksnet__freetree *t, uint32_t r, aksnet_u128 key, uint32_t *removed)
{
    int c;
    if (r == NIL)
        return NIL;
    c = aksnet__u128_cmp(key, t->nodes[r].lo);
    if (c == 0) {
        uint32_t m = merge(t, t->nodes[r].left, t->nodes[r].right);
        *removed = r;
        return m;
    }
    if (c < 0)
        t->nodes[r].left = erase_key(t, t->nodes[r].left, key, removed);
    else
        t->nodes[r].right = erase_key(t, t->nodes[r].right, key, removed);
    update(t, r);
    return r;
}

int aksnet__freetree_init(aksnet__freetree *t, const aksnet__alloc *alloc, int family,
                          const aksnet__rangeset *free_ranges)
{
    size_t i;
    memset(t, 0, sizeof(*t));
    t->alloc = alloc;
    t->family = family;
    t->rng = UINT64_C(0x9E3779B97F4A7C15);
    t->n = 1; /* index 0 is nil */
    {
        void *v = NULL;
        int st = aksnet__grow(alloc, &v, &t->cap, (free_ranges ? free_ranges->n : 0) + 2,
                              sizeof(struct aksnet__fnode));
        t->nodes = v;
        if (st != AKSNET_OK)
            return st;
        memset(&t->nodes[0], 0, sizeof(t->nodes[0]));
    }
    if (free_ranges == NULL || free_ranges->n == 0)
        return AKSNET_OK;
    /* ranges are sorted: build the treap in O(n) (a Cartesian tree), keeping its right spine
     * on a stack; a node's subtree is complete (and its max_k final) when it leaves it */
    {
        uint32_t *spine = aksnet__reallocarray(alloc, NULL, free_ranges->n, sizeof(uint32_t));
        size_t sp = 0;
        if (spine == NULL)
            return AKSNET_ENOMEM;
        for (i = 0; i < free_ranges->n; i++) {
            uint32_t node, last = NIL;
            int st = new_node(t, free_ranges->v[i].lo, free_ranges->v[i].hi, &node);
            if (st != AKSNET_OK) {
                aksnet__free(alloc, spine);
                return st;
            }
            while (sp > 0 && !(t->nodes[spine[sp - 1]].prio > t->nodes[node].prio)) {
                last = spine[--sp];
                update(t, last);
            }
            t->nodes[node].left = last;
            if (sp > 0)
                t->nodes[spine[sp - 1]].right = node;
            spine[sp++] = node;
        }
        t->root = spine[0];
        while (sp > 0)
            update(t, spine[--sp]);
        aksnet__free(alloc, spine);
    }
    return AKSNET_OK;
}

void aksnet__freetree_dispose(aksnet__freetree *t)
{
    if (t == NULL)
        return;
    aksnet__free(t->alloc, t->nodes);
    t->nodes = NULL;
    t->n = t->cap = 0;
    t->root = NIL;
}

int aksnet__freetree_max_block(const aksnet__freetree *t)
{
    return maxk(t, t->root);
}

/* Replace range [lo, hi] by the pieces outside [a, b] (a..b inside lo..hi). */
static int carve(aksnet__freetree *t, aksnet_u128 lo, aksnet_u128 hi, aksnet_u128 a,
                 aksnet_u128 b)
{
    uint32_t removed = NIL, node;
    int st;
    /* allocate the pieces first so that a failed allocation leaves the tree unchanged */
    uint32_t left_piece = NIL, right_piece = NIL;
    if (aksnet__u128_lt(lo, a)) {
        st = new_node(t, lo, aksnet__u128_dec(a), &left_piece);
        if (st != AKSNET_OK)
            return st;
    }
    if (aksnet__u128_lt(b, hi)) {
        st = new_node(t, aksnet__u128_inc(b), hi, &right_piece);
        if (st != AKSNET_OK) {
            if (left_piece != NIL)
                release_node(t, left_piece);
            return st;
        }
    }
    t->root = erase_key(t, t->root, lo, &removed);
    if (removed != NIL)
        release_node(t, removed);
    node = left_piece;
    if (node != NIL)
        insert_node(t, node);
    node = right_piece;
    if (node != NIL)
        insert_node(t, node);
    return AKSNET_OK;
}

int aksnet__freetree_take(aksnet__freetree *t, unsigned k, aksnet_u128 *start_out)
{
    uint32_t i = t->root;
    aksnet_u128 mask, a, b;
    if (maxk(t, i) < (int)k)
        return AKSNET_ENOFIT;
    /* leftmost node whose own range holds an aligned 2^k block */
    for (;;) {
        const struct aksnet__fnode *n = &t->nodes[i];
        if (maxk(t, n->left) >= (int)k)
            i = n->left;
        else if (n->self_k >= (int)k)
            break;
        else
            i = n->right;
    }
    mask = aksnet__u128_low_mask(k);
    a = aksnet__u128_and(aksnet__u128_add(t->nodes[i].lo, mask), aksnet__u128_not(mask));
    b = aksnet__u128_or(a, mask);
    {
        int st = carve(t, t->nodes[i].lo, t->nodes[i].hi, a, b);
        if (st != AKSNET_OK)
            return st;
    }
    *start_out = a;
    return AKSNET_OK;
}

int aksnet__freetree_remove(aksnet__freetree *t, aksnet_u128 lo, aksnet_u128 hi)
{
    uint32_t i = t->root;
    /* find the node with the greatest key <= lo */
    uint32_t found = NIL;
    if (aksnet__u128_lt(hi, lo))
        return AKSNET_EINVAL;
    while (i != NIL) {
        if (aksnet__u128_le(t->nodes[i].lo, lo)) {
            found = i;
            i = t->nodes[i].right;
        } else {
            i = t->nodes[i].left;
        }
    }
    if (found == NIL || aksnet__u128_lt(t->nodes[found].hi, hi))
        return AKSNET_ENOTFOUND;
    return carve(t, t->nodes[found].lo, t->nodes[found].hi, lo, hi);
}

static int walk(const aksnet__freetree *t, uint32_t i, aksnet__rangeset *out)
{
    /* iterative in-order walk with an explicit stack sized by the pool */
    uint32_t stack_small[64];
    uint32_t *stack = stack_small;
    size_t sp = 0, scap = AKSNET_ARRAY_LEN(stack_small);
    int st = AKSNET_OK;
    while (i != NIL || sp > 0) {
        while (i != NIL) {
            if (sp == scap) {
                size_t ncap = scap * 2;
                uint32_t *ns = aksnet__reallocarray(t->alloc, stack == stack_small ? NULL : stack,
                                                    ncap, sizeof(uint32_t));
                if (ns == NULL) {
                    st = AKSNET_ENOMEM;
                    goto done;
                }
                if (stack == stack_small)
                    memcpy(ns, stack_small, sizeof(stack_small));
                stack = ns;
                scap = ncap;
            }
            stack[sp++] = i;
            i = t->nodes[i].left;
        }
        i = stack[--sp];
        st = aksnet__rangeset_add(out, t->nodes[i].lo, t->nodes[i].hi);
        if (st != AKSNET_OK)
            goto done;
        i = t->nodes[i].right;
    }
done:
    if (stack != stack_small)
        aksnet__free(t->alloc, stack);
    return st;
}

int aksnet__freetree_to_rangeset(const aksnet__freetree *t, aksnet__rangeset *out)
{
    out->n = 0;
    return walk(t, t->root, out);
}
