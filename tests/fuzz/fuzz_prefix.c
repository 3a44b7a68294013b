/*
 * Fuzz harness: prefix and address parsing, formatting and arithmetic.
 *
 * Input: byte 0 is the aksnet_parse_flag mask (unknown bits included, to exercise the
 * EINVAL path); the rest is the text. The text is parsed whole, and also split at '\n' into
 * up to 16 pieces whose parsed prefixes feed the relation and normalisation checks.
 *
 * Properties checked (each failure aborts with a message):
 *  - status is OK, EPARSE or EINVAL; EINVAL exactly for unknown or contradictory flags;
 *    on failure the output is zeroed and the error record names the problem;
 *  - a parsed prefix is valid (family, length, host bits clear, reserved bytes zero) and
 *    respects IPV4_ONLY / IPV6_ONLY;
 *  - parse -> format -> strict parse gives the same prefix, and formatting is canonical
 *    (formatting the re-parsed prefix gives the same text); the buffer contract holds;
 *  - strict success implies the same result with every lenient flag; a strict failure
 *    that the host-bit-masking mode accepts carries that network as its suggestion;
 *  - strict address parsing agrees with glibc inet_pton(3) for IPv4 and IPv6;
 *  - relations, first/last/nth, subnet, next, usable counts and normalisation are
 *    consistent with each other (normalisation is checked against brute force).
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_common.h"

#include <aksnet.h>

#include <arpa/inet.h>
#include <string.h>

#define MAX_TEXT 256
#define MAX_PIECES 16

static const unsigned known_flags =
    AKSNET_PARSE_MASK_HOST_BITS | AKSNET_PARSE_ALLOW_ADDRESS | AKSNET_PARSE_IPV4_ONLY |
    AKSNET_PARSE_IPV6_ONLY | AKSNET_PARSE_DECIMAL_ZEROS;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static unsigned bits_of(const aksnet_prefix *p)
{
    return p->family == AKSNET_FAMILY_IPV6 ? 128u : 32u;
}

static int prefix_eq(const aksnet_prefix *a, const aksnet_prefix *b)
{
    return memcmp(a, b, sizeof(*a)) == 0;
}

static int is_zero(const void *p, size_t n)
{
    const unsigned char *c = p;
    size_t i;
    for (i = 0; i < n; i++)
        if (c[i])
            return 0;
    return 1;
}

/* host bits of p clear, bytes beyond the family zero */
static void check_prefix_valid(const aksnet_prefix *p, const char *what)
{
    unsigned bits, i;
    FUZZ_CHECK(p->family == AKSNET_FAMILY_IPV4 || p->family == AKSNET_FAMILY_IPV6,
               "%s: family %u", what, p->family);
    bits = bits_of(p);
    FUZZ_CHECK(p->length <= bits, "%s: length %u", what, p->length);
    FUZZ_CHECK(p->reserved[0] == 0 && p->reserved[1] == 0, "%s: reserved bytes set", what);
    for (i = bits / 8; i < 16; i++)
        FUZZ_CHECK(p->bytes[i] == 0, "%s: byte %u beyond the family is set", what, i);
    for (i = p->length; i < bits; i++)
        FUZZ_CHECK(((p->bytes[i / 8] >> (7 - i % 8)) & 1u) == 0, "%s: host bit %u set", what, i);
}

static void check_error(const aksnet_error *e, aksnet_status st, size_t len)
{
    FUZZ_CHECK(e->code == st, "error code %d != status %d", e->code, st);
    FUZZ_CHECK(memchr(e->message, '\0', sizeof(e->message)) != NULL, "message not terminated");
    FUZZ_CHECK(memchr(e->path, '\0', sizeof(e->path)) != NULL, "path not terminated");
    FUZZ_CHECK(memchr(e->suggestion, '\0', sizeof(e->suggestion)) != NULL,
               "suggestion not terminated");
    FUZZ_CHECK(e->message[0] != '\0', "empty error message for status %d", st);
    FUZZ_CHECK(e->offset <= len, "error offset %zu beyond input length %zu", e->offset, len);
}

/* format p and check the (buf, buflen, needed) contract; returns the text in out */
static void format_checked(char out[AKSNET_PREFIX_STRLEN], const aksnet_prefix *p)
{
    size_t needed = 0, n;
    char small[8];
    aksnet_status st = aksnet_prefix_format(NULL, 0, &needed, p);
    FUZZ_CHECK(st == AKSNET_EBUFS, "size query returned %d", st);
    FUZZ_CHECK(needed > 1 && needed <= AKSNET_PREFIX_STRLEN, "needed %zu", needed);
    st = aksnet_prefix_format(out, AKSNET_PREFIX_STRLEN, &n, p);
    FUZZ_CHECK(st == AKSNET_OK, "format returned %d", st);
    FUZZ_CHECK(n == needed && strlen(out) + 1 == needed, "needed %zu, wrote %zu", needed,
               strlen(out));
    if (needed > sizeof(small)) {
        memset(small, 'x', sizeof(small));
        st = aksnet_prefix_format(small, sizeof(small), NULL, p);
        FUZZ_CHECK(st == AKSNET_EBUFS && small[0] == '\0', "short buffer: %d '%c'", st,
                   small[0]);
    }
}

static void roundtrip_prefix(const aksnet_prefix *p)
{
    char text[AKSNET_PREFIX_STRLEN], again[AKSNET_PREFIX_STRLEN];
    aksnet_prefix q;
    aksnet_error e;
    aksnet_status st;
    format_checked(text, p);
    aksnet_error_init(&e);
    st = aksnet_prefix_parse(&q, text, strlen(text), AKSNET_PARSE_STRICT, &e);
    FUZZ_CHECK(st == AKSNET_OK, "formatted \"%s\" does not parse: %s", text, e.message);
    FUZZ_CHECK(prefix_eq(p, &q), "\"%s\" re-parses to a different prefix", text);
    format_checked(again, &q);
    FUZZ_CHECK(strcmp(text, again) == 0, "not canonical: \"%s\" then \"%s\"", text, again);
}

static void roundtrip_address(const aksnet_address *a)
{
    char text[AKSNET_ADDRESS_STRLEN], again[AKSNET_ADDRESS_STRLEN];
    aksnet_address b;
    size_t needed = 0;
    aksnet_status st;
    st = aksnet_address_format(text, sizeof(text), &needed, a);
    FUZZ_CHECK(st == AKSNET_OK && needed == strlen(text) + 1, "address format %d", st);
    st = aksnet_address_parse(&b, text, strlen(text), 0, NULL);
    FUZZ_CHECK(st == AKSNET_OK, "formatted address \"%s\" does not parse", text);
    FUZZ_CHECK(memcmp(a, &b, sizeof(b)) == 0, "\"%s\" re-parses differently", text);
    aksnet_address_format(again, sizeof(again), NULL, &b);
    FUZZ_CHECK(strcmp(text, again) == 0, "address not canonical: %s / %s", text, again);
}

/* glibc inet_pton as an oracle for strict address parsing */
static void oracle_address(const char *text, size_t len, aksnet_status st, const aksnet_address *a)
{
    char buf[MAX_TEXT + 1];
    unsigned char bin[16];
    int fam, rc;
    if (len == 0 || len > 64 || memchr(text, '\0', len) != NULL)
        return;
    memcpy(buf, text, len);
    buf[len] = '\0';
    fam = memchr(text, ':', len) != NULL ? AF_INET6 : AF_INET;
    rc = inet_pton(fam, buf, bin);
    FUZZ_CHECK((rc == 1) == (st == AKSNET_OK), "\"%s\": inet_pton %d, libaksnet %d", buf, rc,
               st);
    if (rc == 1)
        FUZZ_CHECK(memcmp(bin, a->bytes, fam == AF_INET6 ? 16 : 4) == 0,
                   "\"%s\": inet_pton and libaksnet disagree on the bytes", buf);
}

static void check_one_text(const char *text, size_t len, unsigned flags)
{
    aksnet_prefix p, q;
    aksnet_address a;
    aksnet_error e;
    aksnet_status st;

    aksnet_error_init(&e);
    memset(&p, 0xA5, sizeof(p));
    st = aksnet_prefix_parse(&p, text, len, flags, &e);
    FUZZ_CHECK(st == AKSNET_OK || st == AKSNET_EPARSE || st == AKSNET_EINVAL, "status %d", st);
    if ((flags & ~known_flags) ||
        ((flags & AKSNET_PARSE_IPV4_ONLY) && (flags & AKSNET_PARSE_IPV6_ONLY))) {
        FUZZ_CHECK(st == AKSNET_EINVAL, "bad flags 0x%x accepted (%d)", flags, st);
        flags &= known_flags & ~(unsigned)AKSNET_PARSE_IPV6_ONLY;
        aksnet_error_init(&e);
        st = aksnet_prefix_parse(&p, text, len, flags, &e);
    }
    FUZZ_CHECK(st != AKSNET_EINVAL, "EINVAL with good flags 0x%x", flags);
    if (st != AKSNET_OK) {
        FUZZ_CHECK(is_zero(&p, sizeof(p)), "output not zeroed on failure");
        check_error(&e, st, len);
    } else {
        check_prefix_valid(&p, "parsed");
        if (flags & AKSNET_PARSE_IPV4_ONLY)
            FUZZ_CHECK(p.family == AKSNET_FAMILY_IPV4, "IPV4_ONLY gave IPv6");
        if (flags & AKSNET_PARSE_IPV6_ONLY)
            FUZZ_CHECK(p.family == AKSNET_FAMILY_IPV6, "IPV6_ONLY gave IPv4");
        roundtrip_prefix(&p);
    }

    /* strict vs lenient */
    if (flags == AKSNET_PARSE_STRICT) {
        static const unsigned lenient[] = {AKSNET_PARSE_MASK_HOST_BITS, AKSNET_PARSE_ALLOW_ADDRESS,
                                           AKSNET_PARSE_DECIMAL_ZEROS,
                                           AKSNET_PARSE_MASK_HOST_BITS |
                                               AKSNET_PARSE_ALLOW_ADDRESS |
                                               AKSNET_PARSE_DECIMAL_ZEROS};
        size_t i;
        for (i = 0; i < sizeof(lenient) / sizeof(lenient[0]); i++) {
            aksnet_status st2 = aksnet_prefix_parse(&q, text, len, lenient[i], NULL);
            if (st == AKSNET_OK)
                FUZZ_CHECK(st2 == AKSNET_OK && prefix_eq(&p, &q),
                           "strict accepts but flags 0x%x give %d", lenient[i], st2);
            if (st2 == AKSNET_OK) {
                check_prefix_valid(&q, "lenient");
                roundtrip_prefix(&q);
            }
        }
        if (st != AKSNET_OK &&
            aksnet_prefix_parse(&q, text, len, AKSNET_PARSE_MASK_HOST_BITS, NULL) == AKSNET_OK) {
            char s[AKSNET_PREFIX_STRLEN];
            format_checked(s, &q);
            FUZZ_CHECK(strcmp(e.suggestion, s) == 0,
                       "host-bit error suggests \"%s\", masking gives \"%s\"", e.suggestion, s);
            FUZZ_CHECK(strstr(e.message, "host bits") != NULL, "message: %s", e.message);
        }
    }

    /* addresses */
    {
        unsigned aflags = flags & (AKSNET_PARSE_IPV4_ONLY | AKSNET_PARSE_IPV6_ONLY |
                                   AKSNET_PARSE_DECIMAL_ZEROS);
        aksnet_error_init(&e);
        st = aksnet_address_parse(&a, text, len, aflags, &e);
        FUZZ_CHECK(st == AKSNET_OK || st == AKSNET_EPARSE, "address status %d", st);
        if (st != AKSNET_OK) {
            FUZZ_CHECK(is_zero(&a, sizeof(a)), "address not zeroed on failure");
            check_error(&e, st, len);
        } else {
            FUZZ_CHECK(a.family == AKSNET_FAMILY_IPV4 || a.family == AKSNET_FAMILY_IPV6,
                       "address family %u", a.family);
            roundtrip_address(&a);
            /* a bare address is a full-length prefix with ALLOW_ADDRESS */
            FUZZ_CHECK(aksnet_prefix_parse(&q, text, len, aflags | AKSNET_PARSE_ALLOW_ADDRESS,
                                           NULL) == AKSNET_OK,
                       "address accepted, ALLOW_ADDRESS prefix rejected");
            FUZZ_CHECK(q.family == a.family && q.length == bits_of(&q) &&
                           memcmp(q.bytes, a.bytes, 16) == 0,
                       "ALLOW_ADDRESS prefix differs from the address");
        }
        if (aflags == 0)
            oracle_address(text, len, st, &a);
    }
}

static void check_arith(const aksnet_prefix *p)
{
    aksnet_address f, l, n;
    aksnet_prefix s, nx;
    unsigned bits = bits_of(p), host = bits - p->length;
    uint64_t count = aksnet_prefix_num_addresses(p), usable;
    uint8_t len;

    FUZZ_CHECK(aksnet_prefix_first(&f, p) == AKSNET_OK && aksnet_prefix_last(&l, p) == AKSNET_OK,
               "first/last");
    FUZZ_CHECK(aksnet_prefix_contains_address(p, &f) && aksnet_prefix_contains_address(p, &l),
               "first/last outside the prefix");
    FUZZ_CHECK(memcmp(f.bytes, p->bytes, 16) == 0, "first is not the network address");
    FUZZ_CHECK(count == (host >= 64 ? UINT64_MAX : (UINT64_C(1) << host)), "count %llu",
               (unsigned long long)count);
    if (host < 64) {
        FUZZ_CHECK(aksnet_prefix_nth_address(&n, p, count - 1) == AKSNET_OK &&
                       memcmp(&n, &l, sizeof(n)) == 0,
                   "nth(count-1) != last");
        FUZZ_CHECK(aksnet_prefix_nth_address(&n, p, count) == AKSNET_ERANGE, "nth(count)");
    } else {
        FUZZ_CHECK(aksnet_prefix_nth_address(&n, p, UINT64_MAX) == AKSNET_OK &&
                       aksnet_prefix_contains_address(p, &n),
                   "nth(max) of a large prefix");
    }
    FUZZ_CHECK(aksnet_prefix_contains(p, p) && aksnet_prefix_overlaps(p, p) &&
                   aksnet_prefix_compare(p, p) == 0,
               "reflexivity");
    if (p->length < bits) {
        uint8_t nl = (uint8_t)(p->length + 1 + (p->bytes[0] % (bits - p->length)));
        unsigned diff = (unsigned)nl - p->length;
        uint64_t k = diff >= 64 ? UINT64_MAX : (UINT64_C(1) << diff) - 1;
        FUZZ_CHECK(aksnet_prefix_subnet(&s, p, nl, k) == AKSNET_OK, "subnet(/%u, %llu)", nl,
                   (unsigned long long)k);
        check_prefix_valid(&s, "subnet");
        FUZZ_CHECK(aksnet_prefix_contains(p, &s) && !aksnet_prefix_contains(&s, p) &&
                       s.length == nl,
                   "subnet not inside its parent");
        if (diff < 64) {
            aksnet_address sl;
            aksnet_prefix_last(&sl, &s);
            FUZZ_CHECK(memcmp(&sl, &l, sizeof(sl)) == 0, "last subnet does not end the parent");
            FUZZ_CHECK(aksnet_prefix_subnet(&s, p, nl, k + 1) == AKSNET_ERANGE, "subnet k+1");
        }
    }
    FUZZ_CHECK(aksnet_prefix_subnet(&s, p, (uint8_t)(bits + 1), 0) == AKSNET_ERANGE,
               "subnet longer than the family");
    if (aksnet_prefix_next(&nx, p) == AKSNET_OK) {
        check_prefix_valid(&nx, "next");
        FUZZ_CHECK(!aksnet_prefix_overlaps(p, &nx) && aksnet_prefix_compare(p, &nx) < 0 &&
                       nx.length == p->length,
                   "next overlaps or sorts before");
    } else {
        aksnet_address all_ones;
        memset(&all_ones, 0, sizeof(all_ones));
        all_ones.family = p->family;
        memset(all_ones.bytes, 0xFF, bits / 8);
        FUZZ_CHECK(memcmp(&l, &all_ones, sizeof(l)) == 0, "next failed before the end");
    }
    if (aksnet_prefix_azure_usable(&usable, p) == AKSNET_OK) {
        FUZZ_CHECK(p->family == AKSNET_FAMILY_IPV6 ? p->length == 64
                                                   : (p->length >= 8 && p->length <= 29),
                   "usable count for /%u", p->length);
        /* 2^(bits-length) - 5; for an IPv6 /64 that is 2^64 - 5 (count saturates) */
        FUZZ_CHECK(usable == (p->family == AKSNET_FAMILY_IPV6 ? UINT64_MAX - 4 : count - 5),
                   "usable %llu", (unsigned long long)usable);
        if (p->family == AKSNET_FAMILY_IPV4) {
            FUZZ_CHECK(aksnet_prefix_length_for_ips(&len, usable) == AKSNET_OK &&
                           len == p->length,
                       "length_for_ips(%llu) = %u, not %u", (unsigned long long)usable, len,
                       p->length);
            if (p->length > 8)
                FUZZ_CHECK(aksnet_prefix_length_for_ips(&len, usable + 1) == AKSNET_OK &&
                               len == p->length - 1,
                           "length_for_ips(usable+1)");
        }
    }
}

static int overlaps_brute(const aksnet_prefix *a, const aksnet_prefix *b)
{
    aksnet_address af, al, bf, bl;
    if (a->family != b->family)
        return 0;
    aksnet_prefix_first(&af, a);
    aksnet_prefix_last(&al, a);
    aksnet_prefix_first(&bf, b);
    aksnet_prefix_last(&bl, b);
    return memcmp(af.bytes, bl.bytes, 16) <= 0 && memcmp(bf.bytes, al.bytes, 16) <= 0;
}

static void check_set(const aksnet_prefix *in, size_t n)
{
    aksnet_prefix norm[MAX_PIECES], again[MAX_PIECES];
    size_t i, j, m = 0, m2 = 0;
    uint64_t pairs = 0, brute = 0, pairs2 = 1;

    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++) {
            int c = aksnet_prefix_compare(&in[i], &in[j]);
            int cr = aksnet_prefix_compare(&in[j], &in[i]);
            int ov = aksnet_prefix_overlaps(&in[i], &in[j]);
            FUZZ_CHECK((c > 0) == (cr < 0) && (c == 0) == (cr == 0), "compare not antisymmetric");
            FUZZ_CHECK(ov == aksnet_prefix_overlaps(&in[j], &in[i]), "overlaps not symmetric");
            FUZZ_CHECK(ov == overlaps_brute(&in[i], &in[j]), "overlaps disagrees with ranges");
            if (aksnet_prefix_contains(&in[i], &in[j])) {
                FUZZ_CHECK(ov, "contains without overlap");
                FUZZ_CHECK(in[i].length <= in[j].length, "contains a shorter prefix");
                FUZZ_CHECK(c <= 0, "a container sorts after its content");
            }
            /* prefixes either nest or are disjoint */
            if (ov)
                FUZZ_CHECK(aksnet_prefix_contains(&in[i], &in[j]) ||
                               aksnet_prefix_contains(&in[j], &in[i]),
                           "overlapping prefixes that do not nest");
            if (i < j && ov)
                brute++;
        }
    }
    memcpy(norm, in, n * sizeof(*in));
    FUZZ_CHECK(aksnet_prefix_normalize(norm, n, &m, &pairs) == AKSNET_OK, "normalize");
    FUZZ_CHECK(pairs == brute, "normalize counts %llu overlapping pairs, brute force %llu",
               (unsigned long long)pairs, (unsigned long long)brute);
    FUZZ_CHECK(m <= n && (n == 0 || m >= 1), "normalized count %zu of %zu", m, n);
    for (i = 0; i < m; i++) {
        check_prefix_valid(&norm[i], "normalized");
        if (i > 0) {
            FUZZ_CHECK(aksnet_prefix_compare(&norm[i - 1], &norm[i]) < 0, "not sorted");
            FUZZ_CHECK(!aksnet_prefix_overlaps(&norm[i - 1], &norm[i]), "output overlaps");
        }
    }
    /* same address set: every input inside one output; every output's ends inside inputs */
    for (i = 0; i < n; i++) {
        int found = 0;
        for (j = 0; j < m && !found; j++)
            found = aksnet_prefix_contains(&norm[j], &in[i]);
        FUZZ_CHECK(found, "input %zu lost by normalize", i);
    }
    for (j = 0; j < m; j++) {
        aksnet_address f, l;
        int ff = 0, fl = 0;
        aksnet_prefix_first(&f, &norm[j]);
        aksnet_prefix_last(&l, &norm[j]);
        for (i = 0; i < n; i++) {
            ff |= aksnet_prefix_contains_address(&in[i], &f);
            fl |= aksnet_prefix_contains_address(&in[i], &l);
        }
        FUZZ_CHECK(ff && fl, "normalize output %zu covers addresses of no input", j);
    }
    /* idempotent */
    memcpy(again, norm, m * sizeof(*norm));
    FUZZ_CHECK(aksnet_prefix_normalize(again, m, &m2, &pairs2) == AKSNET_OK, "normalize 2");
    FUZZ_CHECK(m2 == m && pairs2 == 0 && memcmp(again, norm, m * sizeof(*norm)) == 0,
               "normalize is not idempotent");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text;
    size_t len, start, i;
    unsigned flags;
    aksnet_prefix set[MAX_PIECES];
    size_t nset = 0;

    if (size < 1 || size > MAX_TEXT + 1)
        return 0;
    flags = data[0];
    text = (const char *)data + 1;
    len = size - 1;
    check_one_text(text, len, flags);
    check_one_text(text, len, AKSNET_PARSE_STRICT);

    /* pieces separated by '\n' */
    start = 0;
    for (i = 0; i <= len && nset < MAX_PIECES; i++) {
        if (i == len || text[i] == '\n') {
            aksnet_prefix p;
            if (i > start && aksnet_prefix_parse(&p, text + start, i - start,
                                                 AKSNET_PARSE_MASK_HOST_BITS |
                                                     AKSNET_PARSE_ALLOW_ADDRESS,
                                                 NULL) == AKSNET_OK) {
                check_arith(&p);
                set[nset++] = p;
            }
            start = i + 1;
        }
    }
    check_set(set, nset);
    /* NULL and degenerate arguments never crash */
    FUZZ_CHECK(aksnet_prefix_parse(NULL, text, len, 0, NULL) == AKSNET_EINVAL, "NULL out");
    FUZZ_CHECK(aksnet_prefix_normalize(NULL, 0, NULL, NULL) == AKSNET_OK, "empty normalize");
    return 0;
}
