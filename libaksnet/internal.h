/*
 * libaksnet private header: shared helpers for the library's modules. Never installed.
 * Names shared between files are aksnet__*; everything here has hidden visibility.
 */
#ifndef AKSNET_INTERNAL_H
#define AKSNET_INTERNAL_H

#include "aksnet.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define AKSNET_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define AKSNET_UNUSED __attribute__((unused))
#else
#define AKSNET_PRINTF(fmt, args)
#define AKSNET_UNUSED
#endif

#define AKSNET_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- 128-bit unsigned arithmetic (IPv4 lives in the low 32 bits) ------------------------ */

typedef struct aksnet_u128 {
    uint64_t hi;
    uint64_t lo;
} aksnet_u128;

static inline aksnet_u128 aksnet__u128(uint64_t hi, uint64_t lo)
{
    aksnet_u128 r;
    r.hi = hi;
    r.lo = lo;
    return r;
}

static inline int aksnet__u128_cmp(aksnet_u128 a, aksnet_u128 b)
{
    if (a.hi != b.hi)
        return a.hi < b.hi ? -1 : 1;
    if (a.lo != b.lo)
        return a.lo < b.lo ? -1 : 1;
    return 0;
}

static inline bool aksnet__u128_eq(aksnet_u128 a, aksnet_u128 b)
{
    return a.hi == b.hi && a.lo == b.lo;
}

static inline bool aksnet__u128_lt(aksnet_u128 a, aksnet_u128 b)
{
    return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

static inline bool aksnet__u128_le(aksnet_u128 a, aksnet_u128 b)
{
    return !aksnet__u128_lt(b, a);
}

static inline aksnet_u128 aksnet__u128_add(aksnet_u128 a, aksnet_u128 b)
{
    aksnet_u128 r;
    r.lo = a.lo + b.lo;
    r.hi = a.hi + b.hi + (r.lo < a.lo ? 1u : 0u);
    return r;
}

static inline aksnet_u128 aksnet__u128_sub(aksnet_u128 a, aksnet_u128 b)
{
    aksnet_u128 r;
    r.lo = a.lo - b.lo;
    r.hi = a.hi - b.hi - (a.lo < b.lo ? 1u : 0u);
    return r;
}

static inline aksnet_u128 aksnet__u128_inc(aksnet_u128 a)
{
    return aksnet__u128_add(a, aksnet__u128(0, 1));
}

static inline aksnet_u128 aksnet__u128_dec(aksnet_u128 a)
{
    return aksnet__u128_sub(a, aksnet__u128(0, 1));
}

static inline aksnet_u128 aksnet__u128_and(aksnet_u128 a, aksnet_u128 b)
{
    return aksnet__u128(a.hi & b.hi, a.lo & b.lo);
}

static inline aksnet_u128 aksnet__u128_or(aksnet_u128 a, aksnet_u128 b)
{
    return aksnet__u128(a.hi | b.hi, a.lo | b.lo);
}

static inline aksnet_u128 aksnet__u128_not(aksnet_u128 a)
{
    return aksnet__u128(~a.hi, ~a.lo);
}

static inline bool aksnet__u128_is_zero(aksnet_u128 a)
{
    return a.hi == 0 && a.lo == 0;
}

/* 2^k - 1 for k in 0..128 */
static inline aksnet_u128 aksnet__u128_low_mask(unsigned k)
{
    if (k == 0)
        return aksnet__u128(0, 0);
    if (k < 64)
        return aksnet__u128(0, (UINT64_C(1) << k) - 1);
    if (k == 64)
        return aksnet__u128(0, UINT64_MAX);
    if (k < 128)
        return aksnet__u128((UINT64_C(1) << (k - 64)) - 1, UINT64_MAX);
    return aksnet__u128(UINT64_MAX, UINT64_MAX);
}

/* 2^k for k in 0..127 */
static inline aksnet_u128 aksnet__u128_pow2(unsigned k)
{
    if (k < 64)
        return aksnet__u128(0, UINT64_C(1) << k);
    return aksnet__u128(UINT64_C(1) << (k - 64), 0);
}

static inline aksnet_u128 aksnet__u128_shl(aksnet_u128 a, unsigned k)
{
    if (k == 0)
        return a;
    if (k >= 128)
        return aksnet__u128(0, 0);
    if (k >= 64)
        return aksnet__u128(a.lo << (k - 64), 0);
    return aksnet__u128((a.hi << k) | (a.lo >> (64 - k)), a.lo << k);
}

/* Number of trailing zero bits (128 for zero). */
static inline unsigned aksnet__u128_ctz(aksnet_u128 a)
{
    unsigned n = 0;
    uint64_t w;
    if (a.lo == 0) {
        if (a.hi == 0)
            return 128;
        n = 64;
        w = a.hi;
    } else {
        w = a.lo;
    }
#if defined(__GNUC__) || defined(__clang__)
    return n + (unsigned)__builtin_ctzll(w);
#else
    while ((w & 1u) == 0) {
        w >>= 1;
        n++;
    }
    return n;
#endif
}

/* floor(log2(a)) for a != 0 */
static inline unsigned aksnet__u128_log2(aksnet_u128 a)
{
#if defined(__GNUC__) || defined(__clang__)
    if (a.hi)
        return 127u - (unsigned)__builtin_clzll(a.hi);
    return 63u - (unsigned)__builtin_clzll(a.lo);
#else
    unsigned n = 0;
    uint64_t w = a.hi ? a.hi : a.lo;
    while (w >>= 1)
        n++;
    return a.hi ? n + 64 : n;
#endif
}

/* ---- checked 64-bit arithmetic ----------------------------------------------------------- */

static inline bool aksnet__mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
#if defined(__GNUC__) || defined(__clang__)
    return !__builtin_mul_overflow(a, b, out);
#else
    if (a != 0 && b > UINT64_MAX / a)
        return false;
    *out = a * b;
    return true;
#endif
}

static inline bool aksnet__add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b > UINT64_MAX - a)
        return false;
    *out = a + b;
    return true;
}

/* ---- prefixes as numbers ----------------------------------------------------------------- */

static inline unsigned aksnet__family_bits(int family)
{
    return family == AKSNET_FAMILY_IPV6 ? 128u : 32u;
}

aksnet_u128 aksnet__addr_to_u128(int family, const uint8_t bytes[16]);
void aksnet__u128_to_bytes(uint8_t bytes[16], int family, aksnet_u128 v);
/* true when family and length are valid and host bits are clear */
bool aksnet__prefix_valid(const aksnet_prefix *p);
bool aksnet__address_valid(const aksnet_address *a);
/* First and last address of a (valid) prefix as numbers. */
void aksnet__prefix_range(const aksnet_prefix *p, aksnet_u128 *first, aksnet_u128 *last);
void aksnet__prefix_make(aksnet_prefix *out, int family, aksnet_u128 network, unsigned length);
/* Format into a buffer of at least AKSNET_PREFIX_STRLEN / AKSNET_ADDRESS_STRLEN bytes;
 * "" for an unset prefix. */
void aksnet__prefix_str(char out[AKSNET_PREFIX_STRLEN], const aksnet_prefix *p);
void aksnet__address_str(char out[AKSNET_ADDRESS_STRLEN], const aksnet_address *a);
bool aksnet__prefix_is_set(const aksnet_prefix *p);
/* A plain IPv4 CIDR ("10.1.2.0/24": no leading zeros, host bits clear) parsed exactly as
 * aksnet_prefix_parse(out, text, len, 0, ...) parses it; false for anything else (the caller
 * then uses aksnet_prefix_parse). Checked against it by tests/bench/loadcheck.c. */
bool aksnet__prefix_parse_v4_plain(aksnet_prefix *out, const char *text, size_t len);

/* ---- memory ------------------------------------------------------------------------------ */

typedef struct aksnet__alloc {
    aksnet_malloc_fn malloc_fn;
    aksnet_realloc_fn realloc_fn;
    aksnet_free_fn free_fn;
    void *payload;
} aksnet__alloc;

/* The default allocator (malloc/realloc/free); a constant, not mutable state. */
extern const aksnet__alloc aksnet__default_alloc;

void aksnet__alloc_init(aksnet__alloc *a, const aksnet_allocator *user);
void *aksnet__malloc(const aksnet__alloc *a, size_t size);
void *aksnet__calloc(const aksnet__alloc *a, size_t n, size_t size);
void *aksnet__realloc(const aksnet__alloc *a, void *ptr, size_t size);
/* realloc of an array of n elements of size bytes, with overflow check */
void *aksnet__reallocarray(const aksnet__alloc *a, void *ptr, size_t n, size_t size);
void aksnet__free(const aksnet__alloc *a, void *ptr);
char *aksnet__strdup(const aksnet__alloc *a, const char *s);
char *aksnet__strndup(const aksnet__alloc *a, const char *s, size_t n);

/* Grow a vector (*items, *cap) to hold at least `need` elements of `size` bytes. */
int aksnet__grow(const aksnet__alloc *a, void **items, size_t *cap, size_t need, size_t size);

/* ---- errors ------------------------------------------------------------------------------ */

/* Fill err (if non-NULL and large enough) and return code. path may be NULL. */
aksnet_status aksnet__error(aksnet_error *err, aksnet_status code, const char *path,
                            const char *fmt, ...) AKSNET_PRINTF(4, 5);
aksnet_status aksnet__verror(aksnet_error *err, aksnet_status code, const char *path,
                             const char *fmt, va_list ap) AKSNET_PRINTF(4, 0);
void aksnet__error_clear(aksnet_error *err);
void aksnet__error_set_suggestion(aksnet_error *err, const char *suggestion);
/* Put `prefix` in front of err->message (truncating the end if needed). */
void aksnet__error_prepend(aksnet_error *err, const char *prefix);
void aksnet__error_set_offset(aksnet_error *err, size_t offset);
void aksnet__error_set_position(aksnet_error *err, uint32_t line, uint32_t column);
void aksnet__error_copy(aksnet_error *dst, const aksnet_error *src);
/* true when err can hold the given member */
#define AKSNET__ERR_HAS(err, member) \
    ((err) != NULL && (err)->size >= offsetof(aksnet_error, member) + sizeof((err)->member))

/* Output-record size checks: the caller's struct must hold at least the 1.0 layout. */
#define AKSNET__REC_OK(rec, type, last_member) \
    ((rec) != NULL && (rec)->size >= offsetof(type, last_member) + sizeof((rec)->last_member))

/* Safe snprintf-like copy into a fixed buffer (always NUL-terminated). */
void aksnet__strlcpy(char *dst, const char *src, size_t dstlen);

/* Write text into a caller buffer with the (buf, buflen, needed) contract. */
aksnet_status aksnet__copy_out(char *buf, size_t buflen, size_t *needed, const char *text,
                               size_t len);

/* ---- dates -------------------------------------------------------------------------------- */
/* YYYYMMDD of today in UTC. */
int32_t aksnet__today(void);
bool aksnet__date_valid(int32_t yyyymmdd);

#endif
