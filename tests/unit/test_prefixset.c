/* aksnet-test: internal */
/*
 * Internal address arithmetic: the u128 helpers of internal.h, range sets, the maximal-block
 * decomposition of a range, and the free-space treap, including a randomised differential
 * test of the treap against a naive bitmap allocator.
 *
 * Expected values are hand calculations shown in the comments, or computed by the naive
 * bitmap models in this file (which share no code with the library).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"
#include "prefixset.h"

#define MAX128 aksnet__u128(UINT64_MAX, UINT64_MAX)
#define U(hi, lo) aksnet__u128((hi), (lo))
#define V(lo) aksnet__u128(0, (lo))
#define V4MAX V(UINT64_C(0xffffffff))

static void assert_u128(aksnet_u128 got, aksnet_u128 want, const char *what)
{
    if (got.hi != want.hi || got.lo != want.lo)
        fail_msg("%s: got %016llx:%016llx, want %016llx:%016llx", what,
                 (unsigned long long)got.hi, (unsigned long long)got.lo,
                 (unsigned long long)want.hi, (unsigned long long)want.lo);
}

/* Deterministic PRNG (splitmix64) with local state. */
typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rnd(rng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static unsigned rndn(rng *r, unsigned n)
{
    return (unsigned)(rnd(r) % n);
}

/* An allocator that can be told to fail. */
typedef struct fail_ctl {
    int fail;
    unsigned long calls;
} fail_ctl;

static void *t_malloc(size_t n, void *payload)
{
    fail_ctl *c = payload;
    c->calls++;
    return c->fail ? NULL : malloc(n);
}

static void *t_realloc(void *ptr, size_t n, void *payload)
{
    fail_ctl *c = payload;
    c->calls++;
    return c->fail ? NULL : realloc(ptr, n);
}

static void t_free(void *ptr, void *payload)
{
    (void)payload;
    free(ptr);
}

/* ---- u128 helpers ------------------------------------------------------------------------- */

static void test_prefixset_u128_add_sub(void **state)
{
    (void)state;
    /* carry from lo into hi */
    assert_u128(aksnet__u128_add(V(UINT64_MAX), V(1)), U(1, 0), "2^64-1 + 1");
    assert_u128(aksnet__u128_add(U(0, UINT64_MAX), U(0, UINT64_MAX)), U(1, UINT64_MAX - 1),
                "(2^64-1)*2");
    assert_u128(aksnet__u128_add(U(5, 7), U(1, 2)), U(6, 9), "no carry");
    /* wrap at 2^128 */
    assert_u128(aksnet__u128_add(MAX128, V(1)), V(0), "max + 1");
    assert_u128(aksnet__u128_inc(MAX128), V(0), "inc max");
    assert_u128(aksnet__u128_inc(V(UINT64_MAX)), U(1, 0), "inc 2^64-1");
    /* borrow */
    assert_u128(aksnet__u128_sub(U(1, 0), V(1)), V(UINT64_MAX), "2^64 - 1");
    assert_u128(aksnet__u128_sub(U(3, 0), U(1, 1)), U(1, UINT64_MAX), "borrow");
    assert_u128(aksnet__u128_sub(V(0), V(1)), MAX128, "0 - 1");
    assert_u128(aksnet__u128_dec(V(0)), MAX128, "dec 0");
    assert_u128(aksnet__u128_dec(U(1, 0)), V(UINT64_MAX), "dec 2^64");
    assert_u128(aksnet__u128_sub(MAX128, MAX128), V(0), "max - max");
    /* bit operations */
    assert_u128(aksnet__u128_not(V(0)), MAX128, "not 0");
    assert_u128(aksnet__u128_and(U(0xf0, 0x0f), U(0x3c, 0x3c)), U(0x30, 0x0c), "and");
    assert_u128(aksnet__u128_or(U(0xf0, 0x0f), U(0x3c, 0x3c)), U(0xfc, 0x3f), "or");
    assert_true(aksnet__u128_is_zero(V(0)));
    assert_false(aksnet__u128_is_zero(U(1, 0)));
    assert_false(aksnet__u128_is_zero(V(1)));
}

static void test_prefixset_u128_compare(void **state)
{
    (void)state;
    /* hi decides before lo */
    assert_int_equal(aksnet__u128_cmp(U(1, 0), V(UINT64_MAX)), 1);
    assert_int_equal(aksnet__u128_cmp(V(UINT64_MAX), U(1, 0)), -1);
    assert_int_equal(aksnet__u128_cmp(U(2, 3), U(2, 3)), 0);
    assert_int_equal(aksnet__u128_cmp(U(2, 3), U(2, 4)), -1);
    assert_true(aksnet__u128_lt(V(UINT64_MAX), U(1, 0)));
    assert_false(aksnet__u128_lt(U(1, 0), U(1, 0)));
    assert_true(aksnet__u128_le(U(1, 0), U(1, 0)));
    assert_false(aksnet__u128_le(U(1, 1), U(1, 0)));
    assert_true(aksnet__u128_le(V(0), MAX128));
    assert_true(aksnet__u128_eq(MAX128, U(UINT64_MAX, UINT64_MAX)));
    assert_false(aksnet__u128_eq(U(0, 1), U(1, 0)));
}

static void test_prefixset_u128_masks_and_shifts(void **state)
{
    const aksnet_u128 pat = U(UINT64_C(0x0123456789abcdef), UINT64_C(0xfedcba9876543210));
    (void)state;
    /* low_mask(k) = 2^k - 1 */
    assert_u128(aksnet__u128_low_mask(0), V(0), "mask 0");
    assert_u128(aksnet__u128_low_mask(1), V(1), "mask 1");
    assert_u128(aksnet__u128_low_mask(32), V(UINT64_C(0xffffffff)), "mask 32");
    assert_u128(aksnet__u128_low_mask(63), V(UINT64_MAX >> 1), "mask 63");
    assert_u128(aksnet__u128_low_mask(64), V(UINT64_MAX), "mask 64");
    assert_u128(aksnet__u128_low_mask(65), U(1, UINT64_MAX), "mask 65");
    assert_u128(aksnet__u128_low_mask(127), U(UINT64_MAX >> 1, UINT64_MAX), "mask 127");
    assert_u128(aksnet__u128_low_mask(128), MAX128, "mask 128");
    /* pow2(k) = 2^k for 0..127 */
    assert_u128(aksnet__u128_pow2(0), V(1), "2^0");
    assert_u128(aksnet__u128_pow2(63), V(UINT64_C(1) << 63), "2^63");
    assert_u128(aksnet__u128_pow2(64), U(1, 0), "2^64");
    assert_u128(aksnet__u128_pow2(127), U(UINT64_C(1) << 63, 0), "2^127");
    /* shl by 0, 1, 63, 64, 65, 127, 128 and more */
    assert_u128(aksnet__u128_shl(pat, 0), pat, "shl 0");
    assert_u128(aksnet__u128_shl(pat, 1),
                U(UINT64_C(0x02468acf13579bdf), UINT64_C(0xfdb97530eca86420)), "shl 1");
    /* shl 63: hi = (hi << 63) | (lo >> 1), lo = lo << 63 (lo is even: 0) */
    assert_u128(aksnet__u128_shl(pat, 63),
                U((UINT64_C(1) << 63) | (UINT64_C(0xfedcba9876543210) >> 1), 0), "shl 63");
    assert_u128(aksnet__u128_shl(pat, 64), U(UINT64_C(0xfedcba9876543210), 0), "shl 64");
    assert_u128(aksnet__u128_shl(pat, 65), U(UINT64_C(0xfdb97530eca86420), 0), "shl 65");
    assert_u128(aksnet__u128_shl(V(1), 127), U(UINT64_C(1) << 63, 0), "1 shl 127");
    assert_u128(aksnet__u128_shl(pat, 127), V(0), "even shl 127");
    assert_u128(aksnet__u128_shl(pat, 128), V(0), "shl 128");
    assert_u128(aksnet__u128_shl(MAX128, 200), V(0), "shl 200");
    assert_u128(aksnet__u128_shl(V(1), 64), aksnet__u128_pow2(64), "1 shl 64");
}

static void test_prefixset_u128_ctz_log2(void **state)
{
    unsigned k;
    (void)state;
    assert_int_equal(aksnet__u128_ctz(V(0)), 128);
    assert_int_equal(aksnet__u128_ctz(V(1)), 0);
    assert_int_equal(aksnet__u128_ctz(MAX128), 0);
    assert_int_equal(aksnet__u128_ctz(V(UINT64_C(1) << 63)), 63);
    assert_int_equal(aksnet__u128_ctz(U(1, 0)), 64);
    assert_int_equal(aksnet__u128_ctz(U(UINT64_C(1) << 63, 0)), 127);
    assert_int_equal(aksnet__u128_ctz(U(6, 0)), 65);
    assert_int_equal(aksnet__u128_log2(V(1)), 0);
    assert_int_equal(aksnet__u128_log2(V(3)), 1);
    assert_int_equal(aksnet__u128_log2(V(UINT64_MAX)), 63);
    assert_int_equal(aksnet__u128_log2(U(1, 0)), 64);
    assert_int_equal(aksnet__u128_log2(U(1, UINT64_MAX)), 64);
    assert_int_equal(aksnet__u128_log2(MAX128), 127);
    for (k = 0; k < 128; k++) {
        aksnet_u128 p = aksnet__u128_pow2(k);
        assert_int_equal(aksnet__u128_ctz(p), k);
        assert_int_equal(aksnet__u128_log2(p), k);
        assert_int_equal(aksnet__u128_log2(aksnet__u128_low_mask(k + 1)), k);
        assert_int_equal(aksnet__u128_ctz(aksnet__u128_not(aksnet__u128_low_mask(k))), k);
    }
}

static void test_prefixset_checked_u64_and_bytes(void **state)
{
    uint64_t r = 0;
    uint8_t b[16];
    static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 1, 2, 3, 4,
                                   5, 6, 7, 8, 9, 10, 11, 12};
    (void)state;
    assert_true(aksnet__mul_u64(UINT64_C(4294967296), UINT64_C(4294967295), &r));
    assert_true(r == UINT64_C(18446744069414584320)); /* 2^64 - 2^32 */
    assert_false(aksnet__mul_u64(UINT64_C(4294967296), UINT64_C(4294967296), &r));
    assert_true(aksnet__mul_u64(0, UINT64_MAX, &r));
    assert_true(r == 0);
    assert_true(aksnet__add_u64(UINT64_MAX - 1, 1, &r));
    assert_true(r == UINT64_MAX);
    assert_false(aksnet__add_u64(UINT64_MAX, 1, &r));
    /* byte order: 10.1.2.3 = 0x0a010203 */
    {
        static const uint8_t v4[16] = {10, 1, 2, 3};
        assert_u128(aksnet__addr_to_u128(AKSNET_FAMILY_IPV4, v4), V(0x0a010203), "10.1.2.3");
        aksnet__u128_to_bytes(b, AKSNET_FAMILY_IPV4, V(0x0a010203));
        assert_memory_equal(b, v4, 16);
    }
    assert_u128(aksnet__addr_to_u128(AKSNET_FAMILY_IPV6, v6),
                U(UINT64_C(0x20010db801020304), UINT64_C(0x05060708090a0b0c)), "IPv6 bytes");
    aksnet__u128_to_bytes(b, AKSNET_FAMILY_IPV6,
                          U(UINT64_C(0x20010db801020304), UINT64_C(0x05060708090a0b0c)));
    assert_memory_equal(b, v6, 16);
    assert_int_equal(aksnet__family_bits(AKSNET_FAMILY_IPV4), 32);
    assert_int_equal(aksnet__family_bits(AKSNET_FAMILY_IPV6), 128);
}

/* ---- range sets --------------------------------------------------------------------------- */

typedef struct rv {
    uint64_t lo, hi;
} rv;

/* assert that s holds exactly the given (64-bit) ranges */
static void assert_ranges(const aksnet__rangeset *s, const rv *want, size_t n, const char *what)
{
    size_t i;
    if (s->n != n)
        fail_msg("%s: %zu ranges, want %zu", what, s->n, n);
    for (i = 0; i < n; i++) {
        assert_u128(s->v[i].lo, V(want[i].lo), what);
        assert_u128(s->v[i].hi, V(want[i].hi), what);
    }
}

static void add(aksnet__rangeset *s, aksnet_u128 lo, aksnet_u128 hi)
{
    assert_int_equal(aksnet__rangeset_add(s, lo, hi), AKSNET_OK);
}

static void test_prefixset_rangeset_normalize(void **state)
{
    aksnet__rangeset s;
    (void)state;
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_normalize(&s); /* empty: nothing to do */
    assert_int_equal(s.n, 0);
    /* unsorted; overlapping [15,30]+[10,20]; adjacent [31,40]; contained [12,13];
     * duplicate [50,60] x2; separated by one address: [62,70] stays apart from [50,60] */
    add(&s, V(62), V(70));
    add(&s, V(15), V(30));
    add(&s, V(50), V(60));
    add(&s, V(10), V(20));
    add(&s, V(31), V(40));
    add(&s, V(12), V(13));
    add(&s, V(50), V(60));
    aksnet__rangeset_normalize(&s);
    {
        static const rv want[] = {{10, 40}, {50, 60}, {62, 70}};
        assert_ranges(&s, want, 3, "normalize");
    }
    /* idempotent */
    aksnet__rangeset_normalize(&s);
    {
        static const rv want[] = {{10, 40}, {50, 60}, {62, 70}};
        assert_ranges(&s, want, 3, "normalize twice");
    }
    aksnet__rangeset_dispose(&s);

    /* the top of the space: [max-1, max] does not "touch" [0, 0] (no wrap-around) */
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV6);
    add(&s, aksnet__u128_dec(MAX128), MAX128);
    add(&s, V(0), V(0));
    add(&s, MAX128, MAX128);
    add(&s, U(0, UINT64_MAX), U(1, 5)); /* crosses the 64-bit boundary */
    add(&s, U(1, 6), U(1, 6));          /* adjacent across it */
    add(&s, V(1), V(UINT64_MAX - 1));   /* adjacent to both */
    aksnet__rangeset_normalize(&s);
    assert_int_equal(s.n, 2);
    assert_u128(s.v[0].lo, V(0), "low range lo");
    assert_u128(s.v[0].hi, U(1, 6), "low range hi");
    assert_u128(s.v[1].lo, aksnet__u128_dec(MAX128), "top range lo");
    assert_u128(s.v[1].hi, MAX128, "top range hi");
    aksnet__rangeset_dispose(&s);
    aksnet__rangeset_dispose(&s); /* dispose twice is harmless */
}

static void test_prefixset_rangeset_add_prefix(void **state)
{
    aksnet__rangeset s;
    aksnet_prefix p;
    (void)state;
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    memset(&p, 0, sizeof(p));
    p.family = AKSNET_FAMILY_IPV4;
    p.length = 24;
    p.bytes[0] = 10;
    p.bytes[2] = 5; /* 10.0.5.0/24 = 0x0a000500 .. 0x0a0005ff */
    assert_int_equal(aksnet__rangeset_add_prefix(&s, &p), AKSNET_OK);
    p.family = AKSNET_FAMILY_IPV6; /* the other family is ignored */
    p.length = 64;
    assert_int_equal(aksnet__rangeset_add_prefix(&s, &p), AKSNET_OK);
    {
        static const rv want[] = {{0x0a000500, 0x0a0005ff}};
        assert_ranges(&s, want, 1, "add_prefix");
    }
    aksnet__rangeset_dispose(&s);
}

static void test_prefixset_rangeset_subtract(void **state)
{
    aksnet__rangeset a, b, out;
    (void)state;
    aksnet__rangeset_init(&a, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&b, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&out, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);

    /* a = [10,20] [30,40] [50,60] [70,80]; b = [0,5] [15,35] [52,53] [55,56] [60,70] [90,99]:
     * [10,14]; [36,40]; [50,51] [54,54] [57,59]; [71,80] */
    add(&a, V(10), V(20));
    add(&a, V(30), V(40));
    add(&a, V(50), V(60));
    add(&a, V(70), V(80));
    add(&b, V(0), V(5));
    add(&b, V(15), V(35));
    add(&b, V(52), V(53));
    add(&b, V(55), V(56));
    add(&b, V(60), V(70));
    add(&b, V(90), V(99));
    assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
    {
        static const rv want[] = {{10, 14}, {36, 40}, {50, 51}, {54, 54}, {57, 59}, {71, 80}};
        assert_ranges(&out, want, 6, "subtract");
    }
    /* b empty: out = a (out is emptied first) */
    b.n = 0;
    assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
    {
        static const rv want[] = {{10, 20}, {30, 40}, {50, 60}, {70, 80}};
        assert_ranges(&out, want, 4, "minus nothing");
    }
    /* b covers everything: empty */
    add(&b, V(0), V4MAX);
    assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
    assert_int_equal(out.n, 0);
    /* exact removal of whole ranges */
    b.n = 0;
    add(&b, V(10), V(20));
    add(&b, V(70), V(80));
    assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
    {
        static const rv want[] = {{30, 40}, {50, 60}};
        assert_ranges(&out, want, 2, "whole ranges");
    }
    /* a empty */
    a.n = 0;
    assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
    assert_int_equal(out.n, 0);

    /* the edges of the IPv4 space: [0, 2^32-1] minus {0} and {2^32-1} */
    add(&a, V(0), V4MAX);
    b.n = 0;
    add(&b, V(0), V(0));
    add(&b, V4MAX, V4MAX);
    assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
    {
        static const rv want[] = {{1, 0xfffffffe}};
        assert_ranges(&out, want, 1, "IPv4 edges");
    }
    aksnet__rangeset_dispose(&a);
    aksnet__rangeset_dispose(&b);
    aksnet__rangeset_dispose(&out);

    /* the edges of the IPv6 space: nothing wraps around */
    aksnet__rangeset_init(&a, &aksnet__default_alloc, AKSNET_FAMILY_IPV6);
    aksnet__rangeset_init(&b, &aksnet__default_alloc, AKSNET_FAMILY_IPV6);
    aksnet__rangeset_init(&out, &aksnet__default_alloc, AKSNET_FAMILY_IPV6);
    add(&a, V(0), MAX128);
    add(&b, MAX128, MAX128);
    assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
    assert_int_equal(out.n, 1);
    assert_u128(out.v[0].lo, V(0), "v6 top lo");
    assert_u128(out.v[0].hi, aksnet__u128_dec(MAX128), "v6 top hi");
    b.n = 0;
    add(&b, V(0), V(0));
    assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
    assert_int_equal(out.n, 1);
    assert_u128(out.v[0].lo, V(1), "v6 bottom lo");
    assert_u128(out.v[0].hi, MAX128, "v6 bottom hi");
    b.n = 0;
    add(&b, V(0), MAX128);
    assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
    assert_int_equal(out.n, 0);
    b.n = 0;
    add(&b, U(0, UINT64_MAX), U(1, 0)); /* across the 64-bit boundary */
    assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
    assert_int_equal(out.n, 2);
    assert_u128(out.v[0].hi, V(UINT64_MAX - 1), "v6 middle left");
    assert_u128(out.v[1].lo, U(1, 1), "v6 middle right");
    aksnet__rangeset_dispose(&a);
    aksnet__rangeset_dispose(&b);
    aksnet__rangeset_dispose(&out);
}

static void test_prefixset_rangeset_overlaps_covers(void **state)
{
    aksnet__rangeset s;
    (void)state;
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV6);
    /* empty set: nothing overlaps, nothing is covered */
    assert_false(aksnet__rangeset_overlaps(&s, V(0), MAX128));
    assert_false(aksnet__rangeset_covers(&s, V(5), V(5)));
    add(&s, V(10), V(20));
    add(&s, V(30), V(40));
    add(&s, aksnet__u128_sub(MAX128, V(9)), MAX128);
    aksnet__rangeset_normalize(&s);
    assert_true(aksnet__rangeset_overlaps(&s, V(20), V(20)));
    assert_true(aksnet__rangeset_overlaps(&s, V(0), V(10)));
    assert_true(aksnet__rangeset_overlaps(&s, V(15), V(35)));
    assert_true(aksnet__rangeset_overlaps(&s, V(0), MAX128));
    assert_false(aksnet__rangeset_overlaps(&s, V(21), V(29)));
    assert_false(aksnet__rangeset_overlaps(&s, V(0), V(9)));
    assert_false(aksnet__rangeset_overlaps(&s, V(41), aksnet__u128_sub(MAX128, V(10))));
    assert_true(aksnet__rangeset_overlaps(&s, MAX128, MAX128));
    assert_true(aksnet__rangeset_covers(&s, V(10), V(20)));
    assert_true(aksnet__rangeset_covers(&s, V(33), V(33)));
    assert_true(aksnet__rangeset_covers(&s, aksnet__u128_dec(MAX128), MAX128));
    assert_false(aksnet__rangeset_covers(&s, V(10), V(21)));
    assert_false(aksnet__rangeset_covers(&s, V(9), V(20)));
    assert_false(aksnet__rangeset_covers(&s, V(15), V(35))); /* spans the gap */
    assert_false(aksnet__rangeset_covers(&s, V(25), V(25)));
    assert_false(aksnet__rangeset_covers(&s, V(0), MAX128));
    aksnet__rangeset_dispose(&s);
}

/* Subtract, overlaps and covers against a bitmap of the addresses 0..255. */
static void test_prefixset_rangeset_random_bitmap(void **state)
{
    rng r = {UINT64_C(31337)};
    unsigned iter;
    (void)state;
    for (iter = 0; iter < 2000; iter++) {
        uint8_t ma[256], mb[256];
        aksnet__rangeset a, b, out;
        unsigned i, n, x, y, k;
        uint64_t size = 0;
        memset(ma, 0, sizeof(ma));
        memset(mb, 0, sizeof(mb));
        aksnet__rangeset_init(&a, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
        aksnet__rangeset_init(&b, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
        aksnet__rangeset_init(&out, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
        for (k = 0; k < 2; k++) {
            n = rndn(&r, 8);
            for (i = 0; i < n; i++) {
                x = rndn(&r, 256);
                y = x + rndn(&r, k == 0 ? 80 : 20);
                if (y > 255)
                    y = 255;
                add(k == 0 ? &a : &b, V(x), V(y));
                memset((k == 0 ? ma : mb) + x, 1, y - x + 1);
            }
        }
        aksnet__rangeset_normalize(&a);
        aksnet__rangeset_normalize(&b);
        /* normalised: sorted, disjoint, non-adjacent, and the same addresses */
        for (i = 0; i + 1 < a.n; i++)
            assert_true(a.v[i].hi.lo + 1 < a.v[i + 1].lo.lo);
        for (i = 0; i < 256; i++)
            size += ma[i];
        assert_true(aksnet__rangeset_size(&a) == size);
        assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_OK);
        {
            uint8_t got[256];
            memset(got, 0, sizeof(got));
            for (i = 0; i < out.n; i++) {
                assert_true(aksnet__u128_le(out.v[i].lo, out.v[i].hi));
                if (i > 0) /* the difference of normalised sets is normalised */
                    assert_true(out.v[i - 1].hi.lo + 1 < out.v[i].lo.lo);
                memset(got + out.v[i].lo.lo, 1, (size_t)(out.v[i].hi.lo - out.v[i].lo.lo + 1));
            }
            for (i = 0; i < 256; i++)
                if (got[i] != (ma[i] && !mb[i]))
                    fail_msg("iteration %u: address %u: got %d, want %d", iter, i, got[i],
                             ma[i] && !mb[i]);
        }
        for (k = 0; k < 20; k++) {
            unsigned any = 0, all = 1;
            x = rndn(&r, 256);
            y = x + rndn(&r, 40);
            if (y > 255)
                y = 255;
            for (i = x; i <= y; i++) {
                any |= ma[i];
                all &= ma[i];
            }
            assert_int_equal(aksnet__rangeset_overlaps(&a, V(x), V(y)), any);
            assert_int_equal(aksnet__rangeset_covers(&a, V(x), V(y)), all);
        }
        aksnet__rangeset_dispose(&a);
        aksnet__rangeset_dispose(&b);
        aksnet__rangeset_dispose(&out);
    }
}

static void test_prefixset_rangeset_size(void **state)
{
    aksnet__rangeset s;
    (void)state;
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV6);
    assert_int_equal(aksnet__rangeset_size(&s), 0);
    add(&s, V(5), V(5));
    assert_int_equal(aksnet__rangeset_size(&s), 1);
    s.n = 0;
    add(&s, V(0), V4MAX); /* the IPv4 space: 2^32 */
    assert_true(aksnet__rangeset_size(&s) == UINT64_C(4294967296));
    s.n = 0;
    add(&s, V(0), V(UINT64_MAX - 1)); /* 2^64 - 1 addresses: exactly UINT64_MAX */
    assert_true(aksnet__rangeset_size(&s) == UINT64_MAX);
    s.n = 0;
    add(&s, V(0), V(UINT64_MAX)); /* 2^64: saturates */
    assert_true(aksnet__rangeset_size(&s) == UINT64_MAX);
    s.n = 0;
    add(&s, V(0), MAX128);
    assert_true(aksnet__rangeset_size(&s) == UINT64_MAX);
    /* two ranges of 2^63 each sum to 2^64: saturates */
    s.n = 0;
    add(&s, V(0), V((UINT64_C(1) << 63) - 1));
    add(&s, U(1, 0), U(1, (UINT64_C(1) << 63) - 1));
    assert_true(aksnet__rangeset_size(&s) == UINT64_MAX);
    /* 2^63 + (2^63 - 1) = 2^64 - 1: exact */
    s.n = 0;
    add(&s, V(0), V((UINT64_C(1) << 63) - 1));
    add(&s, U(1, 0), U(1, (UINT64_C(1) << 63) - 2));
    assert_true(aksnet__rangeset_size(&s) == UINT64_MAX);
    /* 2^63 + 10 */
    s.n = 0;
    add(&s, V(0), V((UINT64_C(1) << 63) - 1));
    add(&s, U(7, 0), U(7, 9));
    assert_true(aksnet__rangeset_size(&s) == (UINT64_C(1) << 63) + 10);
    aksnet__rangeset_dispose(&s);
}

static void test_prefixset_rangeset_enomem(void **state)
{
    fail_ctl ctl = {0, 0};
    const aksnet__alloc al = {t_malloc, t_realloc, t_free, &ctl};
    aksnet__rangeset s, a, b;
    size_t i;
    (void)state;
    aksnet__rangeset_init(&s, &al, AKSNET_FAMILY_IPV4);
    ctl.fail = 1;
    assert_int_equal(aksnet__rangeset_add(&s, V(1), V(2)), AKSNET_ENOMEM);
    assert_int_equal(s.n, 0);
    ctl.fail = 0;
    /* fill the first capacity, then fail the growth: the set keeps its ranges */
    for (i = 0; i < 64 && (i == 0 || s.n < s.cap); i++)
        add(&s, V(10 * i), V(10 * i + 1));
    ctl.fail = 1;
    i = s.n;
    assert_int_equal(aksnet__rangeset_add(&s, V(100000), V(100001)), AKSNET_ENOMEM);
    assert_int_equal(s.n, i);
    assert_u128(s.v[i - 1].lo, V(10 * (i - 1)), "kept");
    /* subtract reports ENOMEM from its output set */
    aksnet__rangeset_init(&a, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&b, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    add(&a, V(0), V(100));
    add(&b, V(50), V(50));
    {
        aksnet__rangeset out;
        aksnet__rangeset_init(&out, &al, AKSNET_FAMILY_IPV4);
        assert_int_equal(aksnet__rangeset_subtract(&out, &a, &b), AKSNET_ENOMEM);
        aksnet__rangeset_dispose(&out);
    }
    ctl.fail = 0;
    aksnet__rangeset_dispose(&a);
    aksnet__rangeset_dispose(&b);
    aksnet__rangeset_dispose(&s);
}

/* ---- maximal blocks and decomposition ----------------------------------------------------- */

/* brute force: the largest k such that an aligned 2^k block lies in [lo, lo + len - 1],
 * with base (a multiple of 2^12) added to both ends */
static unsigned naive_max_block(uint64_t lo, uint64_t hi)
{
    unsigned k, best = 0;
    for (k = 0; k <= 12; k++) {
        uint64_t size = UINT64_C(1) << k;
        uint64_t a = (lo + size - 1) / size * size;
        if (a + size - 1 <= hi)
            best = k;
    }
    return best;
}

static void test_prefixset_range_max_block(void **state)
{
    rng r = {UINT64_C(42)};
    unsigned i;
    (void)state;
    /* hand-worked cases */
    assert_int_equal(aksnet__range_max_block(V(0), V(0)), 0);
    assert_int_equal(aksnet__range_max_block(V(1), V(2)), 0); /* {1},{2}: pairs unaligned */
    assert_int_equal(aksnet__range_max_block(V(2), V(3)), 1);
    assert_int_equal(aksnet__range_max_block(V(1), V(4)), 1); /* {2,3} */
    assert_int_equal(aksnet__range_max_block(V(1), V(6)), 1); /* {4..7} needs 7 */
    assert_int_equal(aksnet__range_max_block(V(0), V(7)), 3);
    assert_int_equal(aksnet__range_max_block(V(3), V(12)), 2); /* {4..7} */
    assert_int_equal(aksnet__range_max_block(V(0), V4MAX), 32);
    assert_int_equal(aksnet__range_max_block(V(0x0a000001), V(0x0a000006)), 1);
    /* the whole IPv6 space and its ends */
    assert_int_equal(aksnet__range_max_block(V(0), MAX128), 128);
    assert_int_equal(aksnet__range_max_block(V(1), MAX128), 127);
    assert_int_equal(aksnet__range_max_block(V(0), aksnet__u128_dec(MAX128)), 127);
    assert_int_equal(aksnet__range_max_block(MAX128, MAX128), 0);
    assert_int_equal(aksnet__range_max_block(aksnet__u128_dec(MAX128), MAX128), 1);
    assert_int_equal(aksnet__range_max_block(V(0), V(UINT64_MAX)), 64);
    assert_int_equal(aksnet__range_max_block(V(1), U(1, 0)), 63); /* [2^63, 2^64-1] */
    /* random small ranges, near 0 and near the top of the space */
    for (i = 0; i < 20000; i++) {
        uint64_t lo = rndn(&r, 4096), hi = lo + rndn(&r, 4096 - (unsigned)lo);
        unsigned want = naive_max_block(lo, hi);
        aksnet_u128 top = aksnet__u128_sub(MAX128, V(4095)); /* 2^12-aligned */
        assert_int_equal(aksnet__range_max_block(V(lo), V(hi)), want);
        assert_int_equal(aksnet__range_max_block(aksnet__u128_add(top, V(lo)),
                                                 aksnet__u128_add(top, V(hi))),
                         want);
    }
}

typedef struct collect {
    aksnet_prefix p[300];
    size_t n;
    size_t stop_at; /* return non-zero on this call (1-based), 0 for never */
} collect;

static int collect_fn(const aksnet_prefix *p, void *payload)
{
    collect *c = payload;
    if (c->n < 300)
        c->p[c->n] = *p;
    c->n++;
    return c->stop_at != 0 && c->n == c->stop_at ? 77 : 0;
}

static void assert_prefix4(const aksnet_prefix *p, unsigned a, unsigned b, unsigned c, unsigned d,
                           unsigned len)
{
    const uint8_t want[16] = {(uint8_t)a, (uint8_t)b, (uint8_t)c, (uint8_t)d};
    assert_int_equal(p->family, AKSNET_FAMILY_IPV4);
    if (p->length != len || memcmp(p->bytes, want, 16) != 0)
        fail_msg("got %u.%u.%u.%u/%u, want %u.%u.%u.%u/%u", p->bytes[0], p->bytes[1],
                 p->bytes[2], p->bytes[3], p->length, a, b, c, d, len);
}

static void test_prefixset_range_prefixes(void **state)
{
    static collect c;
    unsigned i;
    (void)state;
    /* [10.0.0.1, 10.0.0.6] -> .1/32, .2/31, .4/31, .6/32 */
    memset(&c, 0, sizeof(c));
    assert_int_equal(aksnet__range_prefixes(AKSNET_FAMILY_IPV4, V(0x0a000001), V(0x0a000006),
                                            collect_fn, &c),
                     0);
    assert_int_equal(c.n, 4);
    assert_prefix4(&c.p[0], 10, 0, 0, 1, 32);
    assert_prefix4(&c.p[1], 10, 0, 0, 2, 31);
    assert_prefix4(&c.p[2], 10, 0, 0, 4, 31);
    assert_prefix4(&c.p[3], 10, 0, 0, 6, 32);
    /* the whole IPv4 space is 0.0.0.0/0 */
    memset(&c, 0, sizeof(c));
    assert_int_equal(aksnet__range_prefixes(AKSNET_FAMILY_IPV4, V(0), V4MAX, collect_fn, &c), 0);
    assert_int_equal(c.n, 1);
    assert_prefix4(&c.p[0], 0, 0, 0, 0, 0);
    /* all but 0.0.0.0: 0.0.0.1/32, 0.0.0.2/31, 0.0.0.4/30, ..., 128.0.0.0/1 (32 prefixes) */
    memset(&c, 0, sizeof(c));
    assert_int_equal(aksnet__range_prefixes(AKSNET_FAMILY_IPV4, V(1), V4MAX, collect_fn, &c), 0);
    assert_int_equal(c.n, 32);
    for (i = 0; i < 32; i++) {
        uint32_t v = UINT32_C(1) << i;
        assert_prefix4(&c.p[i], v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff, 32 - i);
    }
    /* the whole IPv6 space is ::/0 */
    memset(&c, 0, sizeof(c));
    assert_int_equal(aksnet__range_prefixes(AKSNET_FAMILY_IPV6, V(0), MAX128, collect_fn, &c), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.p[0].family, AKSNET_FAMILY_IPV6);
    assert_int_equal(c.p[0].length, 0);
    /* all but the last IPv6 address: ::/1, 8000::/2, c000::/3, ..., ffff:...:fffe/128 */
    memset(&c, 0, sizeof(c));
    assert_int_equal(aksnet__range_prefixes(AKSNET_FAMILY_IPV6, V(0), aksnet__u128_dec(MAX128),
                                            collect_fn, &c),
                     0);
    assert_int_equal(c.n, 128);
    for (i = 0; i < 128; i++) {
        /* prefix i has length i + 1 and starts at 2^128 - 2^(128-i) (top i bits set) */
        aksnet_u128 want = aksnet__u128_not(aksnet__u128_low_mask(128 - i));
        assert_int_equal(c.p[i].length, i + 1);
        assert_u128(aksnet__addr_to_u128(AKSNET_FAMILY_IPV6, c.p[i].bytes), want, "v6 block");
    }
    /* one address */
    memset(&c, 0, sizeof(c));
    assert_int_equal(aksnet__range_prefixes(AKSNET_FAMILY_IPV4, V4MAX, V4MAX, collect_fn, &c), 0);
    assert_int_equal(c.n, 1);
    assert_prefix4(&c.p[0], 255, 255, 255, 255, 32);
    /* the callback stops the walk with its value */
    memset(&c, 0, sizeof(c));
    c.stop_at = 2;
    assert_int_equal(aksnet__range_prefixes(AKSNET_FAMILY_IPV4, V(0x0a000001), V(0x0a000006),
                                            collect_fn, &c),
                     77);
    assert_int_equal(c.n, 2);
}

/* Random ranges in [0, 1023]: the decomposition is contiguous, exact, aligned, and equal to
 * the maximal aligned blocks of the range (computed by recursive descent). */
static void descend(const uint8_t *set, unsigned off, unsigned k, collect *want)
{
    unsigned i, n = 0, size = 1u << k;
    for (i = off; i < off + size; i++)
        n += set[i];
    if (n == 0)
        return;
    if (n == size) {
        aksnet_prefix *p = &want->p[want->n++];
        memset(p, 0, sizeof(*p));
        p->family = AKSNET_FAMILY_IPV4;
        p->length = (uint8_t)(32 - k);
        p->bytes[2] = (uint8_t)(off >> 8);
        p->bytes[3] = (uint8_t)off;
        return;
    }
    descend(set, off, k - 1, want);
    descend(set, off + size / 2, k - 1, want);
}

static void test_prefixset_range_prefixes_random(void **state)
{
    static collect got, want;
    rng r = {UINT64_C(7)};
    unsigned iter;
    (void)state;
    for (iter = 0; iter < 5000; iter++) {
        uint8_t set[1024];
        unsigned lo = rndn(&r, 1024), hi = lo + rndn(&r, 1024 - lo);
        memset(set, 0, sizeof(set));
        memset(set + lo, 1, hi - lo + 1);
        memset(&got, 0, sizeof(got));
        memset(&want, 0, sizeof(want));
        descend(set, 0, 10, &want);
        assert_int_equal(aksnet__range_prefixes(AKSNET_FAMILY_IPV4, V(lo), V(hi), collect_fn,
                                                &got),
                         0);
        if (got.n != want.n)
            fail_msg("[%u, %u]: %zu prefixes, want %zu", lo, hi, got.n, want.n);
        assert_memory_equal(got.p, want.p, got.n * sizeof(aksnet_prefix));
    }
}

/* ---- the free tree ------------------------------------------------------------------------ */

static void tree_ranges(const aksnet__freetree *t, aksnet__rangeset *out)
{
    assert_int_equal(aksnet__freetree_to_rangeset(t, out), AKSNET_OK);
}

static void test_prefixset_freetree_empty(void **state)
{
    aksnet__freetree t;
    aksnet__rangeset s;
    aksnet_u128 start;
    (void)state;
    assert_int_equal(aksnet__freetree_init(&t, &aksnet__default_alloc, AKSNET_FAMILY_IPV4, NULL),
                     AKSNET_OK);
    assert_int_equal(aksnet__freetree_max_block(&t), -1);
    assert_int_equal(aksnet__freetree_take(&t, 0, &start), AKSNET_ENOFIT);
    assert_int_equal(aksnet__freetree_remove(&t, V(1), V(1)), AKSNET_ENOTFOUND);
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    add(&s, V(1), V(1)); /* emptied by to_rangeset */
    tree_ranges(&t, &s);
    assert_int_equal(s.n, 0);
    aksnet__rangeset_dispose(&s);
    aksnet__freetree_dispose(&t);
    aksnet__freetree_dispose(&t); /* twice is harmless */
}

static void test_prefixset_freetree_take_lowest(void **state)
{
    aksnet__rangeset s;
    aksnet__freetree t;
    aksnet_u128 start;
    const uint64_t A = 0x0a000000; /* 10.0.0.0 */
    (void)state;
    /* free: [A+1, A+6] and [A+8, A+255] (A+0 and A+7 used) */
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    add(&s, V(A + 1), V(A + 6));
    add(&s, V(A + 8), V(A + 255));
    assert_int_equal(aksnet__freetree_init(&t, &aksnet__default_alloc, AKSNET_FAMILY_IPV4, &s),
                     AKSNET_OK);
    /* the largest aligned block: A+128..A+255 (2^7) */
    assert_int_equal(aksnet__freetree_max_block(&t), 7);
    /* a pair: the lowest aligned one is A+2..A+3 */
    assert_int_equal(aksnet__freetree_take(&t, 1, &start), AKSNET_OK);
    assert_u128(start, V(A + 2), "pair");
    /* a 4-block: A+4..A+7 is not free (A+7), so A+8 */
    assert_int_equal(aksnet__freetree_take(&t, 2, &start), AKSNET_OK);
    assert_u128(start, V(A + 8), "quad");
    /* an 8-block: A+8..15 is now partly used, so A+16 */
    assert_int_equal(aksnet__freetree_take(&t, 3, &start), AKSNET_OK);
    assert_u128(start, V(A + 16), "octet");
    /* single addresses: A+1, then A+4, A+5, A+6, then A+12 */
    assert_int_equal(aksnet__freetree_take(&t, 0, &start), AKSNET_OK);
    assert_u128(start, V(A + 1), "single 1");
    assert_int_equal(aksnet__freetree_take(&t, 0, &start), AKSNET_OK);
    assert_u128(start, V(A + 4), "single 2");
    assert_int_equal(aksnet__freetree_take(&t, 1, &start), AKSNET_OK); /* A+5,A+6 unaligned */
    assert_u128(start, V(A + 12), "pair 2");
    assert_int_equal(aksnet__freetree_take(&t, 8, &start), AKSNET_ENOFIT);
    assert_int_equal(aksnet__freetree_take(&t, 7, &start), AKSNET_OK);
    assert_u128(start, V(A + 128), "half");
    assert_int_equal(aksnet__freetree_take(&t, 7, &start), AKSNET_ENOFIT);
    assert_int_equal(aksnet__freetree_take(&t, 200, &start), AKSNET_ENOFIT);
    /* left: A+5..6, A+14..15, A+24..127; largest aligned block A+64..127 (2^6) */
    assert_int_equal(aksnet__freetree_max_block(&t), 6);
    tree_ranges(&t, &s);
    {
        static const rv want[] = {{0x0a000005, 0x0a000006},
                                  {0x0a00000e, 0x0a00000f},
                                  {0x0a000018, 0x0a00007f}};
        assert_ranges(&s, want, 3, "after takes");
    }
    aksnet__freetree_dispose(&t);
    aksnet__rangeset_dispose(&s);
}

static void test_prefixset_freetree_remove(void **state)
{
    aksnet__rangeset s;
    aksnet__freetree t;
    aksnet_u128 start;
    (void)state;
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    add(&s, V(100), V(199));
    add(&s, V(300), V(399));
    assert_int_equal(aksnet__freetree_init(&t, &aksnet__default_alloc, AKSNET_FAMILY_IPV4, &s),
                     AKSNET_OK);
    assert_int_equal(aksnet__freetree_remove(&t, V(150), V(160)), AKSNET_OK);
    assert_int_equal(aksnet__freetree_remove(&t, V(155), V(155)), AKSNET_ENOTFOUND); /* again */
    assert_int_equal(aksnet__freetree_remove(&t, V(190), V(310)), AKSNET_ENOTFOUND); /* 2 */
    assert_int_equal(aksnet__freetree_remove(&t, V(250), V(250)), AKSNET_ENOTFOUND); /* gap */
    assert_int_equal(aksnet__freetree_remove(&t, V(50), V(60)), AKSNET_ENOTFOUND);   /* before */
    assert_int_equal(aksnet__freetree_remove(&t, V(400), V(400)), AKSNET_ENOTFOUND); /* after */
    assert_int_equal(aksnet__freetree_remove(&t, V(120), V(110)), AKSNET_EINVAL);    /* hi<lo */
    assert_int_equal(aksnet__freetree_remove(&t, V(300), V(399)), AKSNET_OK); /* whole node */
    assert_int_equal(aksnet__freetree_remove(&t, V(100), V(100)), AKSNET_OK); /* left edge */
    assert_int_equal(aksnet__freetree_remove(&t, V(199), V(199)), AKSNET_OK); /* right edge */
    tree_ranges(&t, &s);
    {
        static const rv want[] = {{101, 149}, {161, 198}};
        assert_ranges(&s, want, 2, "after removes");
    }
    /* 161..198: the largest aligned block is 176..191 (2^4); 101..149: 112..127 (2^4) */
    assert_int_equal(aksnet__freetree_max_block(&t), 4);
    assert_int_equal(aksnet__freetree_take(&t, 4, &start), AKSNET_OK);
    assert_u128(start, V(112), "lowest 16-block");
    aksnet__freetree_dispose(&t);
    aksnet__rangeset_dispose(&s);
}

static void test_prefixset_freetree_whole_spaces(void **state)
{
    aksnet__rangeset s;
    aksnet__freetree t;
    aksnet_u128 start;
    (void)state;
    /* IPv6: two /64s from ::/0, then no /0 is left; the largest block is 2^127 at 2^127 */
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV6);
    add(&s, V(0), MAX128);
    assert_int_equal(aksnet__freetree_init(&t, &aksnet__default_alloc, AKSNET_FAMILY_IPV6, &s),
                     AKSNET_OK);
    assert_int_equal(aksnet__freetree_max_block(&t), 128);
    assert_int_equal(aksnet__freetree_take(&t, 64, &start), AKSNET_OK);
    assert_u128(start, V(0), "first /64");
    assert_int_equal(aksnet__freetree_take(&t, 64, &start), AKSNET_OK);
    assert_u128(start, U(1, 0), "second /64");
    assert_int_equal(aksnet__freetree_take(&t, 128, &start), AKSNET_ENOFIT);
    assert_int_equal(aksnet__freetree_max_block(&t), 127);
    assert_int_equal(aksnet__freetree_take(&t, 127, &start), AKSNET_OK);
    assert_u128(start, U(UINT64_C(1) << 63, 0), "upper half");
    /* left: [2^65, 2^127 - 1]; its lowest 2^126 block starts at 2^126 */
    assert_int_equal(aksnet__freetree_take(&t, 126, &start), AKSNET_OK);
    assert_u128(start, U(UINT64_C(1) << 62, 0), "second quarter");
    aksnet__freetree_dispose(&t);
    /* the whole space as one block */
    assert_int_equal(aksnet__freetree_init(&t, &aksnet__default_alloc, AKSNET_FAMILY_IPV6, &s),
                     AKSNET_OK);
    assert_int_equal(aksnet__freetree_take(&t, 128, &start), AKSNET_OK);
    assert_u128(start, V(0), "::/0");
    assert_int_equal(aksnet__freetree_max_block(&t), -1);
    aksnet__freetree_dispose(&t);
    s.n = 0;
    add(&s, MAX128, MAX128);
    assert_int_equal(aksnet__freetree_init(&t, &aksnet__default_alloc, AKSNET_FAMILY_IPV6, &s),
                     AKSNET_OK);
    assert_int_equal(aksnet__freetree_take(&t, 1, &start), AKSNET_ENOFIT);
    assert_int_equal(aksnet__freetree_take(&t, 0, &start), AKSNET_OK);
    assert_u128(start, MAX128, "last IPv6 address");
    assert_int_equal(aksnet__freetree_max_block(&t), -1);
    aksnet__freetree_dispose(&t);
    aksnet__rangeset_dispose(&s);
    /* IPv4: the whole space is one block of 2^32 */
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    add(&s, V(0), V4MAX);
    assert_int_equal(aksnet__freetree_init(&t, &aksnet__default_alloc, AKSNET_FAMILY_IPV4, &s),
                     AKSNET_OK);
    assert_int_equal(aksnet__freetree_max_block(&t), 32);
    assert_int_equal(aksnet__freetree_take(&t, 32, &start), AKSNET_OK);
    assert_u128(start, V(0), "0.0.0.0/0");
    assert_int_equal(aksnet__freetree_max_block(&t), -1);
    aksnet__freetree_dispose(&t);
    aksnet__rangeset_dispose(&s);
}

static void test_prefixset_freetree_enomem(void **state)
{
    fail_ctl ctl = {0, 0};
    const aksnet__alloc al = {t_malloc, t_realloc, t_free, &ctl};
    aksnet__rangeset s, before, after;
    aksnet__freetree t;
    aksnet_u128 start;
    unsigned i, enomem = 0;
    (void)state;
    aksnet__rangeset_init(&s, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&before, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&after, &aksnet__default_alloc, AKSNET_FAMILY_IPV4);
    add(&s, V(0), V(65535));
    /* init fails cleanly */
    ctl.fail = 1;
    assert_int_equal(aksnet__freetree_init(&t, &al, AKSNET_FAMILY_IPV4, &s), AKSNET_ENOMEM);
    aksnet__freetree_dispose(&t);
    ctl.fail = 0;
    assert_int_equal(aksnet__freetree_init(&t, &al, AKSNET_FAMILY_IPV4, &s), AKSNET_OK);
    /* take single addresses at odd places so that every take splits a range in two (a new
     * node each time), with the allocator failing: each take either succeeds from spare
     * capacity or fails with ENOMEM and leaves the tree as it was */
    ctl.fail = 1;
    for (i = 0; i < 100; i++) {
        int st;
        tree_ranges(&t, &before);
        st = aksnet__freetree_remove(&t, V(1000 + 7 * i), V(1000 + 7 * i));
        tree_ranges(&t, &after);
        if (st == AKSNET_ENOMEM) {
            enomem++;
            assert_int_equal(after.n, before.n);
            assert_memory_equal(after.v, before.v, before.n * sizeof(aksnet__range));
        } else {
            assert_int_equal(st, AKSNET_OK);
            assert_int_equal(after.n, before.n + 1);
        }
    }
    assert_true(enomem > 0);
    /* take: the lowest free 2^4 block inside [1000, ...] patterns splits too */
    ctl.fail = 0;
    assert_int_equal(aksnet__freetree_take(&t, 0, &start), AKSNET_OK);
    assert_u128(start, V(0), "after ENOMEM");
    ctl.fail = 1;
    for (i = 0, enomem = 0; i < 200; i++) {
        int st;
        tree_ranges(&t, &before);
        st = aksnet__freetree_take(&t, 1, &start);
        tree_ranges(&t, &after);
        if (st == AKSNET_ENOMEM) {
            enomem++;
            assert_int_equal(after.n, before.n);
            assert_memory_equal(after.v, before.v, before.n * sizeof(aksnet__range));
        } else {
            assert_int_equal(st, AKSNET_OK);
        }
    }
    assert_true(enomem > 0);
    /* to_rangeset into a set that cannot grow */
    {
        aksnet__rangeset small;
        aksnet__rangeset_init(&small, &al, AKSNET_FAMILY_IPV4);
        assert_int_equal(aksnet__freetree_to_rangeset(&t, &small), AKSNET_ENOMEM);
        aksnet__rangeset_dispose(&small);
    }
    ctl.fail = 0;
    aksnet__freetree_dispose(&t);
    aksnet__rangeset_dispose(&s);
    aksnet__rangeset_dispose(&before);
    aksnet__rangeset_dispose(&after);
}

/* ---- differential test against a naive bitmap allocator ----------------------------------- */

#define SPACE 4096u /* a /20 */

typedef struct model {
    uint8_t used[SPACE];
} model;

/* lowest aligned block of 2^k free addresses, or -1 */
static long naive_take(model *m, unsigned k)
{
    unsigned size, s;
    if (k > 12)
        return -1;
    size = 1u << k;
    for (s = 0; s < SPACE; s += size) {
        if (memchr(m->used + s, 1, size) == NULL) {
            memset(m->used + s, 1, size);
            return (long)s;
        }
    }
    return -1;
}

static int naive_max_block_model(const model *m)
{
    int k;
    for (k = 12; k >= 0; k--) {
        unsigned size = 1u << k, s;
        for (s = 0; s < SPACE; s += size)
            if (memchr(m->used + s, 1, size) == NULL)
                return k;
    }
    return -1;
}

static void naive_ranges(const model *m, aksnet__rangeset *out, aksnet_u128 base)
{
    unsigned i = 0;
    out->n = 0;
    while (i < SPACE) {
        unsigned j;
        if (m->used[i]) {
            i++;
            continue;
        }
        for (j = i; j < SPACE && !m->used[j]; j++)
            ;
        add(out, aksnet__u128_add(base, V(i)), aksnet__u128_add(base, V(j - 1)));
        i = j;
    }
}

static void check_same_ranges(const aksnet__rangeset *a, const aksnet__rangeset *b,
                              const char *what)
{
    size_t i;
    if (a->n != b->n)
        fail_msg("%s: %zu ranges, model has %zu", what, a->n, b->n);
    for (i = 0; i < a->n; i++) {
        assert_u128(a->v[i].lo, b->v[i].lo, what);
        assert_u128(a->v[i].hi, b->v[i].hi, what);
    }
}

static void differential_round(rng *r, int family, aksnet_u128 base, unsigned *takes,
                               unsigned *nofit)
{
    static model m;
    aksnet__rangeset free_set, got, want;
    aksnet__freetree t;
    unsigned i, op, nused, density = rndn(r, 70);
    memset(&m, 0, sizeof(m));
    /* random pre-used ranges (any length, any alignment) */
    nused = rndn(r, 40);
    for (i = 0; i < nused; i++) {
        unsigned lo = rndn(r, SPACE), len = 1 + rndn(r, 1 + density * 4);
        if (lo + len > SPACE)
            len = SPACE - lo;
        memset(m.used + lo, 1, len);
    }
    aksnet__rangeset_init(&free_set, &aksnet__default_alloc, family);
    aksnet__rangeset_init(&got, &aksnet__default_alloc, family);
    aksnet__rangeset_init(&want, &aksnet__default_alloc, family);
    naive_ranges(&m, &free_set, base);
    assert_int_equal(aksnet__freetree_init(&t, &aksnet__default_alloc, family, &free_set),
                     AKSNET_OK);
    for (op = 0; op < 300; op++) {
        unsigned what = rndn(r, 20);
        if (what < 16) {
            /* sizes biased towards small blocks; sometimes larger than the space */
            unsigned k = rndn(r, 3) == 0 ? rndn(r, 15) : rndn(r, 6);
            aksnet_u128 start;
            long w = naive_take(&m, k);
            int st = aksnet__freetree_take(&t, k, &start);
            (*takes)++;
            if (w < 0) {
                if (st != AKSNET_ENOFIT)
                    fail_msg("take(%u): status %d, model has no room", k, st);
                (*nofit)++;
            } else {
                if (st != AKSNET_OK)
                    fail_msg("take(%u): status %d, model took %ld", k, st, w);
                assert_u128(start, aksnet__u128_add(base, V((uint64_t)w)), "take");
            }
        } else if (what < 18) {
            /* remove a random range: succeeds exactly when it is all free */
            unsigned lo = rndn(r, SPACE), len = 1 + rndn(r, 64);
            int st, free_all;
            if (lo + len > SPACE)
                len = SPACE - lo;
            free_all = memchr(m.used + lo, 1, len) == NULL;
            st = aksnet__freetree_remove(&t, aksnet__u128_add(base, V(lo)),
                                         aksnet__u128_add(base, V(lo + len - 1)));
            if (free_all) {
                assert_int_equal(st, AKSNET_OK);
                memset(m.used + lo, 1, len);
            } else {
                assert_int_equal(st, AKSNET_ENOTFOUND);
            }
        } else {
            tree_ranges(&t, &got);
            naive_ranges(&m, &want, base);
            check_same_ranges(&got, &want, "free ranges");
            assert_int_equal(aksnet__freetree_max_block(&t), naive_max_block_model(&m));
        }
    }
    tree_ranges(&t, &got);
    naive_ranges(&m, &want, base);
    check_same_ranges(&got, &want, "free ranges at the end");
    assert_int_equal(aksnet__freetree_max_block(&t), naive_max_block_model(&m));
    aksnet__freetree_dispose(&t);
    aksnet__rangeset_dispose(&free_set);
    aksnet__rangeset_dispose(&got);
    aksnet__rangeset_dispose(&want);
}

static void test_prefixset_freetree_vs_bitmap(void **state)
{
    rng r = {UINT64_C(0xa115)};
    unsigned round, takes = 0, nofit = 0;
    /* 2^12-aligned bases: 10.16.0.0/20, 255.255.240.0/20 (the top of IPv4), ::/116 and the
     * last /116 of the IPv6 space */
    const struct {
        int family;
        aksnet_u128 base;
    } spaces[] = {
        {AKSNET_FAMILY_IPV4, V(0x0a100000)},
        {AKSNET_FAMILY_IPV4, V(0xfffff000)},
        {AKSNET_FAMILY_IPV6, V(0)},
        {AKSNET_FAMILY_IPV6, aksnet__u128_sub(MAX128, V(SPACE - 1))},
    };
    (void)state;
    for (round = 0; round < 160; round++)
        differential_round(&r, spaces[round % 4].family, spaces[round % 4].base, &takes, &nofit);
    /* thousands of takes, and both outcomes well represented */
    assert_true(takes > 30000);
    assert_true(nofit > 3000);
    assert_true(takes - nofit > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefixset_u128_add_sub),
        cmocka_unit_test(test_prefixset_u128_compare),
        cmocka_unit_test(test_prefixset_u128_masks_and_shifts),
        cmocka_unit_test(test_prefixset_u128_ctz_log2),
        cmocka_unit_test(test_prefixset_checked_u64_and_bytes),
        cmocka_unit_test(test_prefixset_rangeset_normalize),
        cmocka_unit_test(test_prefixset_rangeset_add_prefix),
        cmocka_unit_test(test_prefixset_rangeset_subtract),
        cmocka_unit_test(test_prefixset_rangeset_overlaps_covers),
        cmocka_unit_test(test_prefixset_rangeset_random_bitmap),
        cmocka_unit_test(test_prefixset_rangeset_size),
        cmocka_unit_test(test_prefixset_rangeset_enomem),
        cmocka_unit_test(test_prefixset_range_max_block),
        cmocka_unit_test(test_prefixset_range_prefixes),
        cmocka_unit_test(test_prefixset_range_prefixes_random),
        cmocka_unit_test(test_prefixset_freetree_empty),
        cmocka_unit_test(test_prefixset_freetree_take_lowest),
        cmocka_unit_test(test_prefixset_freetree_remove),
        cmocka_unit_test(test_prefixset_freetree_whole_spaces),
        cmocka_unit_test(test_prefixset_freetree_enomem),
        cmocka_unit_test(test_prefixset_freetree_vs_bitmap),
    };
    return cmocka_run_group_tests_name("prefixset", tests, NULL, NULL);
}
