/*
 * Prefix sets: sorted, disjoint ranges of one address family, and the free-space tree the
 * allocator carves aligned blocks from. Internal; tested through the static archive.
 */
#ifndef AKSNET_PREFIXSET_H
#define AKSNET_PREFIXSET_H

#include "internal.h"

typedef struct aksnet__range {
    aksnet_u128 lo; /* first address */
    aksnet_u128 hi; /* last address (inclusive) */
} aksnet__range;

/* A growable list of ranges. After aksnet__rangeset_normalize it is sorted, disjoint and
 * non-adjacent (touching ranges merged). */
typedef struct aksnet__rangeset {
    const aksnet__alloc *alloc;
    int family;
    aksnet__range *v;
    size_t n, cap;
} aksnet__rangeset;

void aksnet__rangeset_init(aksnet__rangeset *s, const aksnet__alloc *alloc, int family);
void aksnet__rangeset_dispose(aksnet__rangeset *s);
int aksnet__rangeset_add(aksnet__rangeset *s, aksnet_u128 lo, aksnet_u128 hi);
int aksnet__rangeset_add_prefix(aksnet__rangeset *s, const aksnet_prefix *p);
/* Sort and merge overlapping and adjacent ranges: O(n log n). */
void aksnet__rangeset_normalize(aksnet__rangeset *s);
/* out = a - b; a and b normalised; out initialised by the caller (emptied first). */
int aksnet__rangeset_subtract(aksnet__rangeset *out, const aksnet__rangeset *a,
                              const aksnet__rangeset *b);
/* Whether [lo, hi] overlaps the (normalised) set: O(log n). */
bool aksnet__rangeset_overlaps(const aksnet__rangeset *s, aksnet_u128 lo, aksnet_u128 hi);
/* Whether [lo, hi] is entirely inside the (normalised) set: O(log n). */
bool aksnet__rangeset_covers(const aksnet__rangeset *s, aksnet_u128 lo, aksnet_u128 hi);
/* Total number of addresses (saturating at UINT64_MAX). */
uint64_t aksnet__rangeset_size(const aksnet__rangeset *s);

/* Decompose [lo, hi] into maximal aligned prefixes, in address order. Calls fn for each;
 * stops and returns fn's non-zero value. */
typedef int (*aksnet__prefix_fn)(const aksnet_prefix *p, void *payload);
int aksnet__range_prefixes(int family, aksnet_u128 lo, aksnet_u128 hi, aksnet__prefix_fn fn,
                           void *payload);
/* Largest k such that [lo, hi] contains an aligned block of 2^k addresses. */
unsigned aksnet__range_max_block(aksnet_u128 lo, aksnet_u128 hi);

/*
 * The free tree: a treap of disjoint free ranges ordered by address, each node augmented
 * with the largest aligned block (log2 size) available in its subtree, so that "the lowest
 * aligned free block of 2^k addresses" is found and carved in O(log n) expected time.
 * Priorities come from a per-tree xorshift generator with a fixed seed: deterministic, no
 * global state.
 */
typedef struct aksnet__freetree {
    const aksnet__alloc *alloc;
    int family;
    struct aksnet__fnode *nodes; /* node pool; index 0 unused (nil) */
    size_t n, cap;
    uint32_t root;
    uint32_t free_list;
    uint64_t rng;
} aksnet__freetree;

/* free_ranges (may be NULL: empty) must be normalised (sorted, disjoint, non-adjacent): a
 * block is only found inside one range. On failure the tree is still safe to dispose. */
int aksnet__freetree_init(aksnet__freetree *t, const aksnet__alloc *alloc, int family,
                          const aksnet__rangeset *free_ranges);
void aksnet__freetree_dispose(aksnet__freetree *t);
/* Take the lowest free aligned block of 2^k addresses. Returns AKSNET_ENOFIT when none,
 * AKSNET_ENOMEM (tree unchanged) when a node cannot be allocated. */
int aksnet__freetree_take(aksnet__freetree *t, unsigned k, aksnet_u128 *start_out);
/* Largest aligned block exponent available, or -1 when empty. */
int aksnet__freetree_max_block(const aksnet__freetree *t);
/* Remove [lo, hi] from the tree: AKSNET_ENOTFOUND (tree unchanged) unless it is entirely
 * inside one free range, AKSNET_EINVAL when hi < lo, AKSNET_ENOMEM (tree unchanged). */
int aksnet__freetree_remove(aksnet__freetree *t, aksnet_u128 lo, aksnet_u128 hi);
/* Copy the free ranges, in order, into a rangeset (emptied first). */
int aksnet__freetree_to_rangeset(const aksnet__freetree *t, aksnet__rangeset *out);

#endif
