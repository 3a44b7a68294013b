/*
 * Addresses and prefixes (public API): strict and lenient parsing, RFC 5952 formatting, the
 * (buf, buflen, needed) contract, prefix relations and arithmetic, normalisation, and a
 * differential test against glibc's inet_pton(3)/inet_ntop(3).
 *
 * Expected values come from RFC 4291 (IPv6 addressing, section 2.2 text forms, 2.3 prefixes),
 * RFC 5952 (canonical IPv6 text), the Azure virtual network FAQ (5 reserved addresses per
 * subnet), Terraform's cidrsubnet documentation, or a hand calculation in a comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <aksnet.h>

#define NO_OFFSET ((size_t)-1)

/* ---- helpers ------------------------------------------------------------------------------ */

/* Hand-built values, so that parser tests do not depend on the parser. */
static aksnet_prefix mk4(unsigned a, unsigned b, unsigned c, unsigned d, unsigned len)
{
    aksnet_prefix p;
    memset(&p, 0, sizeof(p));
    p.family = AKSNET_FAMILY_IPV4;
    p.length = (uint8_t)len;
    p.bytes[0] = (uint8_t)a;
    p.bytes[1] = (uint8_t)b;
    p.bytes[2] = (uint8_t)c;
    p.bytes[3] = (uint8_t)d;
    return p;
}

static aksnet_prefix mk6(unsigned len, unsigned g0, unsigned g1, unsigned g2, unsigned g3,
                         unsigned g4, unsigned g5, unsigned g6, unsigned g7)
{
    aksnet_prefix p;
    const unsigned g[8] = {g0, g1, g2, g3, g4, g5, g6, g7};
    int i;
    memset(&p, 0, sizeof(p));
    p.family = AKSNET_FAMILY_IPV6;
    p.length = (uint8_t)len;
    for (i = 0; i < 8; i++) {
        p.bytes[2 * i] = (uint8_t)(g[i] >> 8);
        p.bytes[2 * i + 1] = (uint8_t)g[i];
    }
    return p;
}

static aksnet_address mka4(unsigned a, unsigned b, unsigned c, unsigned d)
{
    aksnet_address r;
    memset(&r, 0, sizeof(r));
    r.family = AKSNET_FAMILY_IPV4;
    r.bytes[0] = (uint8_t)a;
    r.bytes[1] = (uint8_t)b;
    r.bytes[2] = (uint8_t)c;
    r.bytes[3] = (uint8_t)d;
    return r;
}

static aksnet_address mka6(unsigned g0, unsigned g1, unsigned g2, unsigned g3, unsigned g4,
                           unsigned g5, unsigned g6, unsigned g7)
{
    aksnet_prefix p = mk6(128, g0, g1, g2, g3, g4, g5, g6, g7);
    aksnet_address r;
    memset(&r, 0, sizeof(r));
    r.family = AKSNET_FAMILY_IPV6;
    memcpy(r.bytes, p.bytes, 16);
    return r;
}

static void assert_prefix_eq(const aksnet_prefix *got, const aksnet_prefix *want, const char *what)
{
    if (memcmp(got, want, sizeof(*got)) != 0) {
        char g[AKSNET_PREFIX_STRLEN] = "", w[AKSNET_PREFIX_STRLEN] = "";
        aksnet_prefix_format(g, sizeof(g), NULL, got);
        aksnet_prefix_format(w, sizeof(w), NULL, want);
        fail_msg("%s: got %s (family %u length %u), want %s (family %u length %u)", what, g,
                 got->family, got->length, w, want->family, want->length);
    }
}

static void assert_address_eq(const aksnet_address *got, const aksnet_address *want,
                              const char *what)
{
    if (memcmp(got, want, sizeof(*got)) != 0) {
        char g[AKSNET_ADDRESS_STRLEN] = "", w[AKSNET_ADDRESS_STRLEN] = "";
        aksnet_address_format(g, sizeof(g), NULL, got);
        aksnet_address_format(w, sizeof(w), NULL, want);
        fail_msg("%s: got %s, want %s", what, g, w);
    }
}

/* Parse that must succeed. */
static aksnet_prefix pfx_flags(const char *text, unsigned flags)
{
    aksnet_prefix p;
    aksnet_error err;
    aksnet_status st;
    aksnet_error_init(&err);
    st = aksnet_prefix_parse(&p, text, strlen(text), flags, &err);
    if (st != AKSNET_OK)
        fail_msg("parse \"%s\" (flags 0x%x): status %d: %s", text, flags, st, err.message);
    return p;
}

static aksnet_prefix pfx(const char *text)
{
    return pfx_flags(text, 0);
}

static aksnet_address adr(const char *text)
{
    aksnet_address a;
    aksnet_error err;
    aksnet_status st;
    aksnet_error_init(&err);
    st = aksnet_address_parse(&a, text, strlen(text), 0, &err);
    if (st != AKSNET_OK)
        fail_msg("parse address \"%s\": status %d: %s", text, st, err.message);
    return a;
}

static void assert_formats_as(const aksnet_prefix *p, const char *want)
{
    char buf[AKSNET_PREFIX_STRLEN];
    size_t needed = 0;
    aksnet_status st = aksnet_prefix_format(buf, sizeof(buf), &needed, p);
    if (st != AKSNET_OK)
        fail_msg("format (want %s): status %d", want, st);
    if (strcmp(buf, want) != 0)
        fail_msg("format: got \"%s\", want \"%s\"", buf, want);
    assert_int_equal(needed, strlen(want) + 1);
}

static void assert_address_formats_as(const aksnet_address *a, const char *want)
{
    char buf[AKSNET_ADDRESS_STRLEN];
    size_t needed = 0;
    aksnet_status st = aksnet_address_format(buf, sizeof(buf), &needed, a);
    if (st != AKSNET_OK)
        fail_msg("format address (want %s): status %d", want, st);
    if (strcmp(buf, want) != 0)
        fail_msg("format address: got \"%s\", want \"%s\"", buf, want);
    assert_int_equal(needed, strlen(want) + 1);
}

/* One rejected input: its status, two substrings the message must contain, the offset. */
typedef struct bad_case {
    const char *text;
    size_t len; /* 0: strlen(text) */
    unsigned flags;
    aksnet_status status;
    const char *needle;
    const char *needle2; /* or NULL */
    size_t offset;       /* or NO_OFFSET */
} bad_case;

static void check_bad(const bad_case *c, int address)
{
    aksnet_error err;
    aksnet_prefix p;
    aksnet_address a;
    aksnet_status st;
    size_t len = c->len ? c->len : strlen(c->text);
    static const uint8_t zero[sizeof(aksnet_prefix)];
    aksnet_error_init(&err);
    memset(&p, 0xEE, sizeof(p));
    memset(&a, 0xEE, sizeof(a));
    if (address)
        st = aksnet_address_parse(&a, c->text, len, c->flags, &err);
    else
        st = aksnet_prefix_parse(&p, c->text, len, c->flags, &err);
    if (st != c->status)
        fail_msg("\"%s\": status %d, want %d (message: %s)", c->text, st, c->status, err.message);
    if (err.code != c->status)
        fail_msg("\"%s\": err.code %d, want %d", c->text, err.code, c->status);
    if (strstr(err.message, c->needle) == NULL)
        fail_msg("\"%s\": message \"%s\" lacks \"%s\"", c->text, err.message, c->needle);
    if (c->needle2 != NULL && strstr(err.message, c->needle2) == NULL)
        fail_msg("\"%s\": message \"%s\" lacks \"%s\"", c->text, err.message, c->needle2);
    if (c->offset != NO_OFFSET && err.offset != c->offset)
        fail_msg("\"%s\": offset %zu, want %zu (message: %s)", c->text, err.offset, c->offset,
                 err.message);
    /* "Zeroed on failure" */
    if (address)
        assert_memory_equal(&a, zero, sizeof(a));
    else
        assert_memory_equal(&p, zero, sizeof(p));
}

/* Deterministic PRNG (splitmix64), local state: same sequence on every run. */
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

/* ---- 1. strict parsing -------------------------------------------------------------------- */

static void test_prefix_parse_valid_ipv4(void **state)
{
    aksnet_prefix p, want;
    (void)state;
    p = pfx("10.0.0.0/16");
    want = mk4(10, 0, 0, 0, 16);
    assert_prefix_eq(&p, &want, "10.0.0.0/16");
    p = pfx("0.0.0.0/0");
    want = mk4(0, 0, 0, 0, 0);
    assert_prefix_eq(&p, &want, "0.0.0.0/0");
    p = pfx("255.255.255.255/32");
    want = mk4(255, 255, 255, 255, 32);
    assert_prefix_eq(&p, &want, "255.255.255.255/32");
    p = pfx("192.168.100.64/26");
    want = mk4(192, 168, 100, 64, 26);
    assert_prefix_eq(&p, &want, "192.168.100.64/26");
    /* "0" alone is not a leading zero */
    p = pfx("10.0.0.0/8");
    want = mk4(10, 0, 0, 0, 8);
    assert_prefix_eq(&p, &want, "10.0.0.0/8");
    /* text need not be NUL-terminated: only len bytes are read */
    {
        const char text[] = {'1', '0', '.', '1', '.', '0', '.', '0', '/', '1', '6', 'X'};
        aksnet_prefix q;
        assert_int_equal(aksnet_prefix_parse(&q, text, 11, 0, NULL), AKSNET_OK);
        want = mk4(10, 1, 0, 0, 16);
        assert_prefix_eq(&q, &want, "unterminated text");
    }
}

static void test_prefix_parse_rejects_each_bad_input(void **state)
{
    static const bad_case cases[] = {
        /* general text checks */
        {"", 0, 0, AKSNET_EPARSE, "empty", NULL, 0},
        {"10.0\0.0.0/8", 11, 0, AKSNET_EPARSE, "embedded NUL", NULL, 4},
        {" 10.0.0.0/8", 0, 0, AKSNET_EPARSE, "leading white space", NULL, 0},
        {"\t10.0.0.0/8", 0, 0, AKSNET_EPARSE, "leading white space", NULL, 0},
        {"\v10.0.0.0/8", 0, 0, AKSNET_EPARSE, "leading white space", NULL, 0},
        {"10.0.0.0/8\f", 0, 0, AKSNET_EPARSE, "trailing white space", NULL, 10},
        {"10.0.0.0/8 ", 0, 0, AKSNET_EPARSE, "trailing white space", NULL, 10},
        {"10.0.0.0/8\n", 0, 0, AKSNET_EPARSE, "trailing white space", NULL, 10},
        /* the '/' and the prefix length */
        {"10.0.0.0", 0, 0, AKSNET_EPARSE, "missing prefix length", "/<0-32>", 8},
        {"fd00::", 0, 0, AKSNET_EPARSE, "missing prefix length", "/<0-128>", 6},
        {"10.0.0.0/", 0, 0, AKSNET_EPARSE, "missing prefix length after '/'", NULL, 9},
        {"/24", 0, 0, AKSNET_EPARSE, "missing address before '/'", NULL, 0},
        {"10.0.0.0/+8", 0, 0, AKSNET_EPARSE, "sign", "'+'", 9},
        {"10.0.0.0/-8", 0, 0, AKSNET_EPARSE, "sign", "'-'", 9},
        {"10.0.0.0/08", 0, 0, AKSNET_EPARSE, "prefix length \"08\" has a leading zero", NULL, 9},
        {"10.0.0.0/33", 0, 0, AKSNET_EPARSE, "out of range", "0-32", 9},
        {"10.0.0.0/99999999999", 0, 0, AKSNET_EPARSE, "out of range", NULL, 9},
        {"::/129", 0, 0, AKSNET_EPARSE, "out of range", "0-128", 3},
        {"10.0.0.0/ 8", 0, 0, AKSNET_EPARSE, "space in prefix length", NULL, 9},
        {"10.0.0.0/2 4", 0, 0, AKSNET_EPARSE, "space in prefix length", NULL, 10},
        {"10.0.0.0/24/24", 0, 0, AKSNET_EPARSE, "more than one '/'", NULL, 11},
        {"10.0.0.0/24x", 0, 0, AKSNET_EPARSE, "unexpected character 'x'", NULL, 11},
        /* IPv4 */
        {"010.0.0.0/8", 0, 0, AKSNET_EPARSE, "leading zero", "CVE-2021-29921", 0},
        {"10.0.0.01/32", 0, 0, AKSNET_EPARSE, "\"01\"", "leading zero", 7},
        {"10.00.0.0/16", 0, 0, AKSNET_EPARSE, "\"00\"", "leading zero", 3},
        {"256.0.0.0/8", 0, 0, AKSNET_EPARSE, "\"256\"", "above 255", 0},
        {"10.0.0.256/32", 0, 0, AKSNET_EPARSE, "\"256\"", "above 255", 7},
        {"10.1000.0.0/16", 0, 0, AKSNET_EPARSE, "\"1000\"", "above 255", 3},
        {"10.0.0/24", 0, 0, AKSNET_EPARSE, "3 octets, needs 4", NULL, 6},
        {"10/8", 0, 0, AKSNET_EPARSE, "has 1 octet, needs 4", NULL, 2},
        {"10.0.0.0.0/24", 0, 0, AKSNET_EPARSE, "more than 4 octets", NULL, 8},
        {"10..0.0/16", 0, 0, AKSNET_EPARSE, "empty IPv4 octet", NULL, 3},
        {"10.0.0./24", 0, 0, AKSNET_EPARSE, "empty IPv4 octet", NULL, 7},
        {"10.0.0.0x/24", 0, 0, AKSNET_EPARSE, "unexpected character 'x'", NULL, 8},
        {"10.0.0.0 /24", 0, 0, AKSNET_EPARSE, "unexpected character 0x20", NULL, 8},
        {"1O.0.0.0/8", 0, 0, AKSNET_EPARSE, "unexpected character 'O'", NULL, 1},
        /* IPv6 */
        {"2001:db8::1::/64", 0, 0, AKSNET_EPARSE, "second \"::\"", NULL, 11},
        {":::/0", 0, 0, AKSNET_EPARSE, "second \"::\"", NULL, 1},
        {"12345::/16", 0, 0, AKSNET_EPARSE, "more than 4 hex digits", NULL, 0},
        {"2001:db8:12345::/48", 0, 0, AKSNET_EPARSE, "more than 4 hex digits", NULL, 9},
        {"1:2:3:4:5:6:7:8:9/128", 0, 0, AKSNET_EPARSE, "more than 8 groups", NULL, 16},
        {"1:2:3:4:5:6:7:8::/128", 0, 0, AKSNET_EPARSE, "too many", NULL, NO_OFFSET},
        {"1:2:3:4:5:6:7/112", 0, 0, AKSNET_EPARSE, "7 groups, needs 8", NULL, 13},
        {"::1.2.3.4:5/128", 0, 0, AKSNET_EPARSE, "misplaced IPv4 part", NULL, 2},
        {"1.2.3.4::/96", 0, 0, AKSNET_EPARSE, "misplaced IPv4 part", NULL, 0},
        {"1:2:3:4:5:6::1.2.3.4/128", 0, 0, AKSNET_EPARSE, "too many groups", "IPv4", 13},
        {"::1.2.3/128", 0, 0, AKSNET_EPARSE, "3 octets, needs 4", NULL, 7},
        {"::ffff:01.2.3.4/128", 0, 0, AKSNET_EPARSE, "leading zero", NULL, 7},
        {":1::/64", 0, 0, AKSNET_EPARSE, "starts with a single ':'", NULL, 0},
        {"1::2:/128", 0, 0, AKSNET_EPARSE, "ends with a single ':'", NULL, 4},
        {"1:2:3:4:5:6:7:8:/128", 0, 0, AKSNET_EPARSE, "ends with a single ':'", NULL, 15},
        {"fe80::1%eth0/64", 0, 0, AKSNET_EPARSE, "zone id", NULL, 7},
        {"fe80::%eth0/64", 0, 0, AKSNET_EPARSE, "zone id", NULL, 6},
        {"fe80::1%eth0.100/64", 0, 0, AKSNET_EPARSE, "zone id", NULL, 7}, /* VLAN device */
        {"::ffff:10.0.0.1%2/128", 0, 0, AKSNET_EPARSE, "zone id", NULL, 15},
        {"g::/16", 0, 0, AKSNET_EPARSE, "unexpected character 'g'", NULL, 0},
        /* host bits (RFC 4291 2.3: "2001:0DB8::CD30/60" is not a legal form of the /60) */
        {"10.0.0.1/24", 0, 0, AKSNET_EPARSE, "host bits", "did you mean 10.0.0.0/24?", 0},
        {"2001:0DB8::CD30/60", 0, 0, AKSNET_EPARSE, "host bits", "did you mean 2001:db8::/60?",
         0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_bad(&cases[i], 0);
}

static void test_prefix_parse_message_quotes_input(void **state)
{
    aksnet_error err;
    (void)state;
    aksnet_error_init(&err);
    assert_int_equal(aksnet_prefix_parse(&(aksnet_prefix){0}, "10.0.0.1/24", 11, 0, &err),
                     AKSNET_EPARSE);
    assert_string_equal(err.message, "\"10.0.0.1/24\": host bits are set (did you mean "
                                     "10.0.0.0/24?)");
    /* non-printable bytes are escaped in the quote */
    assert_int_equal(aksnet_prefix_parse(&(aksnet_prefix){0}, "10.0.0.0/8\n", 11, 0, &err),
                     AKSNET_EPARSE);
    assert_non_null(strstr(err.message, "\"10.0.0.0/8\\x0a\""));
}

static void test_prefix_parse_host_bits_suggestion(void **state)
{
    aksnet_error err;
    aksnet_prefix p;
    (void)state;
    aksnet_error_init(&err);
    assert_int_equal(aksnet_prefix_parse(&p, "10.0.0.1/24", 11, 0, &err), AKSNET_EPARSE);
    assert_string_equal(err.suggestion, "10.0.0.0/24");
    assert_non_null(strstr(err.message, "did you mean 10.0.0.0/24?"));
    /* 172.16.5.4/12: 16 = 0001 0000, the /12 keeps the high nibble -> 172.16.0.0 */
    assert_int_equal(aksnet_prefix_parse(&p, "172.16.5.4/12", 13, 0, &err), AKSNET_EPARSE);
    assert_string_equal(err.suggestion, "172.16.0.0/12");
    /* 172.31.0.0/12: 31 = 0001 1111 -> 0001 0000 = 16 */
    assert_int_equal(aksnet_prefix_parse(&p, "172.31.0.0/12", 13, 0, &err), AKSNET_EPARSE);
    assert_string_equal(err.suggestion, "172.16.0.0/12");
    /* IPv6: 2001:db8::1/64 -> 2001:db8::/64 */
    assert_int_equal(aksnet_prefix_parse(&p, "2001:db8::1/64", 14, 0, &err), AKSNET_EPARSE);
    assert_string_equal(err.suggestion, "2001:db8::/64");
    assert_non_null(strstr(err.message, "did you mean 2001:db8::/64?"));
    /* RFC 4291 2.3: 2001:0DB8::CD3/60 expands to ...:0CD3, host bits -> 2001:db8::/60 */
    assert_int_equal(aksnet_prefix_parse(&p, "2001:0DB8::CD3/60", 17, 0, &err), AKSNET_EPARSE);
    assert_string_equal(err.suggestion, "2001:db8::/60");
    /* a later success clears the suggestion */
    assert_int_equal(aksnet_prefix_parse(&p, "10.0.0.0/24", 11, 0, &err), AKSNET_OK);
    assert_string_equal(err.suggestion, "");
    assert_string_equal(err.message, "");
    assert_int_equal(err.code, AKSNET_OK);
}

static void test_prefix_parse_length_limit(void **state)
{
    char text[AKSNET_PREFIX_TEXT_MAX + 2];
    aksnet_error err;
    aksnet_prefix p;
    (void)state;
    aksnet_error_init(&err);
    memset(text, '1', sizeof(text));
    /* 65 bytes: rejected for its length, before anything else */
    assert_int_equal(aksnet_prefix_parse(&p, text, AKSNET_PREFIX_TEXT_MAX + 1, 0, &err),
                     AKSNET_EPARSE);
    assert_non_null(strstr(err.message, "65 bytes long"));
    assert_non_null(strstr(err.message, "at most 64"));
    assert_int_equal(err.offset, 64);
    /* 64 bytes: not too long; rejected for what it is (an octet above 255) */
    assert_int_equal(aksnet_prefix_parse(&p, text, AKSNET_PREFIX_TEXT_MAX, 0, &err),
                     AKSNET_EPARSE);
    assert_null(strstr(err.message, "at most"));
    assert_non_null(strstr(err.message, "above 255"));
    /* The longest strict text (6 groups of 4 digits and their colons = 30, a 15-byte IPv4
     * tail, "/128": 49 bytes) is well inside the limit. */
    {
        const char *longest = "0000:0000:0000:0000:0000:ffff:255.255.255.255/128";
        aksnet_prefix want = mk6(128, 0, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff);
        assert_int_equal(strlen(longest), 49);
        p = pfx(longest);
        assert_prefix_eq(&p, &want, longest);
    }
    /* address parser: same limit */
    assert_int_equal(aksnet_address_parse(&(aksnet_address){0}, text,
                                          AKSNET_PREFIX_TEXT_MAX + 1, 0, &err),
                     AKSNET_EPARSE);
    assert_non_null(strstr(err.message, "at most 64"));
}

static void test_prefix_parse_null_arguments(void **state)
{
    aksnet_error err;
    aksnet_prefix p;
    aksnet_address a;
    (void)state;
    aksnet_error_init(&err);
    assert_int_equal(aksnet_prefix_parse(NULL, "10.0.0.0/8", 10, 0, &err), AKSNET_EINVAL);
    assert_int_equal(err.code, AKSNET_EINVAL);
    assert_int_equal(aksnet_prefix_parse(&p, NULL, 5, 0, &err), AKSNET_EINVAL);
    assert_int_equal(err.code, AKSNET_EINVAL);
    /* NULL text with len 0 is the empty text, not a NULL argument */
    assert_int_equal(aksnet_prefix_parse(&p, NULL, 0, 0, &err), AKSNET_EPARSE);
    assert_non_null(strstr(err.message, "empty"));
    assert_int_equal(aksnet_address_parse(NULL, "::1", 3, 0, &err), AKSNET_EINVAL);
    assert_int_equal(aksnet_address_parse(&a, NULL, 3, 0, &err), AKSNET_EINVAL);
    assert_int_equal(aksnet_address_parse(&a, NULL, 0, 0, &err), AKSNET_EPARSE);
    /* NULL err is accepted, on success and on failure */
    assert_int_equal(aksnet_prefix_parse(&p, "10.0.0.0/8", 10, 0, NULL), AKSNET_OK);
    assert_int_equal(aksnet_prefix_parse(&p, "10.0.0.1/8", 10, 0, NULL), AKSNET_EPARSE);
    assert_int_equal(aksnet_prefix_parse(NULL, "10.0.0.0/8", 10, 0, NULL), AKSNET_EINVAL);
    assert_int_equal(aksnet_address_parse(&a, "::1", 3, 0, NULL), AKSNET_OK);
    assert_int_equal(aksnet_address_parse(&a, "::1::", 5, 0, NULL), AKSNET_EPARSE);
}

/* The library writes only the members of aksnet_error that fit in err->size. */
static void test_prefix_parse_error_size_respected(void **state)
{
    aksnet_error err, ref;
    aksnet_prefix p;
    size_t from;
    (void)state;

    /* size covers code and message only: path, suggestion, offset... untouched */
    memset(&err, 0xA5, sizeof(err));
    err.size = offsetof(aksnet_error, path);
    ref = err;
    assert_int_equal(aksnet_prefix_parse(&p, "10.0.0.1/24", 11, 0, &err), AKSNET_EPARSE);
    assert_int_equal(err.code, AKSNET_EPARSE);
    assert_non_null(strstr(err.message, "did you mean 10.0.0.0/24?"));
    from = offsetof(aksnet_error, path);
    assert_memory_equal((const char *)&err + from, (const char *)&ref + from,
                        sizeof(err) - from);

    /* size covers code only */
    memset(&err, 0xA5, sizeof(err));
    err.size = offsetof(aksnet_error, message);
    ref = err;
    assert_int_equal(aksnet_prefix_parse(&p, "10.0.0.1/24", 11, 0, &err), AKSNET_EPARSE);
    assert_int_equal(err.code, AKSNET_EPARSE);
    from = offsetof(aksnet_error, message);
    assert_memory_equal((const char *)&err + from, (const char *)&ref + from,
                        sizeof(err) - from);

    /* size covers up to the suggestion: offset, line, column untouched */
    memset(&err, 0xA5, sizeof(err));
    err.size = offsetof(aksnet_error, offset);
    ref = err;
    assert_int_equal(aksnet_prefix_parse(&p, "2001:db8::1/64", 14, 0, &err), AKSNET_EPARSE);
    assert_string_equal(err.suggestion, "2001:db8::/64");
    from = offsetof(aksnet_error, offset);
    assert_memory_equal((const char *)&err + from, (const char *)&ref + from,
                        sizeof(err) - from);

    /* size 0 (and just the size member): nothing written at all */
    memset(&err, 0xA5, sizeof(err));
    err.size = 0;
    ref = err;
    assert_int_equal(aksnet_prefix_parse(&p, "10.0.0.1/24", 11, 0, &err), AKSNET_EPARSE);
    assert_memory_equal(&err, &ref, sizeof(err));
    memset(&err, 0xA5, sizeof(err));
    err.size = sizeof(size_t);
    ref = err;
    assert_int_equal(aksnet_address_parse(&(aksnet_address){0}, "1.2.3", 5, 0, &err),
                     AKSNET_EPARSE);
    assert_memory_equal(&err, &ref, sizeof(err));
    /* also on EINVAL */
    assert_int_equal(aksnet_prefix_parse(NULL, "1", 1, 0, &err), AKSNET_EINVAL);
    assert_memory_equal(&err, &ref, sizeof(err));
}

/* ---- 2. lenient flags --------------------------------------------------------------------- */

static void test_prefix_parse_flag_mask_host_bits(void **state)
{
    aksnet_prefix p, want;
    (void)state;
    p = pfx_flags("10.0.0.1/24", AKSNET_PARSE_MASK_HOST_BITS);
    want = mk4(10, 0, 0, 0, 24);
    assert_prefix_eq(&p, &want, "masked 10.0.0.1/24");
    p = pfx_flags("255.255.255.255/0", AKSNET_PARSE_MASK_HOST_BITS);
    want = mk4(0, 0, 0, 0, 0);
    assert_prefix_eq(&p, &want, "masked /0");
    /* 192.168.1.77/27: 77 = 0100 1101, /27 keeps the top 3 bits of the last octet: 64 */
    p = pfx_flags("192.168.1.77/27", AKSNET_PARSE_MASK_HOST_BITS);
    want = mk4(192, 168, 1, 64, 27);
    assert_prefix_eq(&p, &want, "masked /27");
    p = pfx_flags("2001:db8::1/64", AKSNET_PARSE_MASK_HOST_BITS);
    want = mk6(64, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    assert_prefix_eq(&p, &want, "masked 2001:db8::1/64");
    /* Terraform's cidrsubnet docs use fd00:fd12:3456:7890::/56: 0x7890 -> 0x7800 */
    p = pfx_flags("fd00:fd12:3456:7890::/56", AKSNET_PARSE_MASK_HOST_BITS);
    want = mk6(56, 0xfd00, 0xfd12, 0x3456, 0x7800, 0, 0, 0, 0);
    assert_prefix_eq(&p, &want, "masked /56");
    /* a clean prefix is unchanged; other errors are still errors */
    p = pfx_flags("10.0.0.0/8", AKSNET_PARSE_MASK_HOST_BITS);
    want = mk4(10, 0, 0, 0, 8);
    assert_prefix_eq(&p, &want, "clean");
    check_bad(&(bad_case){"010.0.0.1/8", 0, AKSNET_PARSE_MASK_HOST_BITS, AKSNET_EPARSE,
                          "leading zero", NULL, 0},
              0);
}

static void test_prefix_parse_flag_allow_address(void **state)
{
    aksnet_prefix p, want;
    (void)state;
    p = pfx_flags("10.1.2.3", AKSNET_PARSE_ALLOW_ADDRESS);
    want = mk4(10, 1, 2, 3, 32);
    assert_prefix_eq(&p, &want, "bare IPv4");
    p = pfx_flags("fe80::1", AKSNET_PARSE_ALLOW_ADDRESS);
    want = mk6(128, 0xfe80, 0, 0, 0, 0, 0, 0, 1);
    assert_prefix_eq(&p, &want, "bare IPv6");
    p = pfx_flags("10.1.0.0/16", AKSNET_PARSE_ALLOW_ADDRESS);
    want = mk4(10, 1, 0, 0, 16);
    assert_prefix_eq(&p, &want, "prefix with ALLOW_ADDRESS");
    /* still strict about the address itself and about the length */
    check_bad(&(bad_case){"10.1.2.03", 0, AKSNET_PARSE_ALLOW_ADDRESS, AKSNET_EPARSE,
                          "leading zero", NULL, 7},
              0);
    check_bad(&(bad_case){"10.1.2.3/", 0, AKSNET_PARSE_ALLOW_ADDRESS, AKSNET_EPARSE,
                          "missing prefix length after '/'", NULL, 9},
              0);
    /* with both lenient flags a host address with a length is masked */
    p = pfx_flags("10.1.2.3/16", AKSNET_PARSE_ALLOW_ADDRESS | AKSNET_PARSE_MASK_HOST_BITS);
    want = mk4(10, 1, 0, 0, 16);
    assert_prefix_eq(&p, &want, "both flags");
}

static void test_prefix_parse_flag_family_only(void **state)
{
    aksnet_prefix p, want;
    aksnet_address a, wa;
    aksnet_error err;
    (void)state;
    aksnet_error_init(&err);
    p = pfx_flags("10.0.0.0/8", AKSNET_PARSE_IPV4_ONLY);
    want = mk4(10, 0, 0, 0, 8);
    assert_prefix_eq(&p, &want, "IPv4 with IPV4_ONLY");
    check_bad(&(bad_case){"fd00::/8", 0, AKSNET_PARSE_IPV4_ONLY, AKSNET_EPARSE,
                          "IPv4 address is required", NULL, NO_OFFSET},
              0);
    /* an IPv4-mapped address is IPv6 text */
    check_bad(&(bad_case){"::ffff:10.0.0.0/104", 0, AKSNET_PARSE_IPV4_ONLY, AKSNET_EPARSE,
                          "IPv4 address is required", NULL, NO_OFFSET},
              0);
    p = pfx_flags("fd00::/8", AKSNET_PARSE_IPV6_ONLY);
    want = mk6(8, 0xfd00, 0, 0, 0, 0, 0, 0, 0);
    assert_prefix_eq(&p, &want, "IPv6 with IPV6_ONLY");
    check_bad(&(bad_case){"10.0.0.0/8", 0, AKSNET_PARSE_IPV6_ONLY, AKSNET_EPARSE,
                          "IPv6 address is required", NULL, NO_OFFSET},
              0);
    /* both together: a bad argument, not bad text */
    assert_int_equal(aksnet_prefix_parse(&p, "10.0.0.0/8", 10,
                                         AKSNET_PARSE_IPV4_ONLY | AKSNET_PARSE_IPV6_ONLY, &err),
                     AKSNET_EINVAL);
    assert_non_null(strstr(err.message, "together"));
    assert_int_equal(aksnet_address_parse(&a, "10.0.0.0", 8,
                                          AKSNET_PARSE_IPV4_ONLY | AKSNET_PARSE_IPV6_ONLY, &err),
                     AKSNET_EINVAL);
    assert_non_null(strstr(err.message, "together"));
    /* the address parser honours them too */
    assert_int_equal(aksnet_address_parse(&a, "::1", 3, AKSNET_PARSE_IPV6_ONLY, &err), AKSNET_OK);
    wa = mka6(0, 0, 0, 0, 0, 0, 0, 1);
    assert_address_eq(&a, &wa, "::1 IPV6_ONLY");
    assert_int_equal(aksnet_address_parse(&a, "::1", 3, AKSNET_PARSE_IPV4_ONLY, &err),
                     AKSNET_EPARSE);
    assert_int_equal(aksnet_address_parse(&a, "1.2.3.4", 7, AKSNET_PARSE_IPV6_ONLY, &err),
                     AKSNET_EPARSE);
}

static void test_prefix_parse_flag_decimal_zeros(void **state)
{
    aksnet_prefix p, want;
    aksnet_address a, wa;
    (void)state;
    /* Terraform reads "010" as decimal 10 (hashicorp/terraform internal/ipaddr keeps the
     * Go 1.16 net parser, which trims leading zeros), not as octal 8 like inet_aton(3) */
    p = pfx_flags("010.0.0.0/8", AKSNET_PARSE_DECIMAL_ZEROS);
    want = mk4(10, 0, 0, 0, 8);
    assert_prefix_eq(&p, &want, "010.0.0.0/8");
    p = pfx_flags("192.168.001.000/24", AKSNET_PARSE_DECIMAL_ZEROS);
    want = mk4(192, 168, 1, 0, 24);
    assert_prefix_eq(&p, &want, "192.168.001.000/24");
    p = pfx_flags("10.0.0.0/08", AKSNET_PARSE_DECIMAL_ZEROS); /* Go's dtoi: "08" is 8 */
    want = mk4(10, 0, 0, 0, 8);
    assert_prefix_eq(&p, &want, "10.0.0.0/08");
    assert_int_equal(aksnet_address_parse(&a, "010.000.001.002", 15, AKSNET_PARSE_DECIMAL_ZEROS,
                                          NULL),
                     AKSNET_OK);
    wa = mka4(10, 0, 1, 2);
    assert_address_eq(&a, &wa, "010.000.001.002");
    /* still decimal and still at most 255 */
    check_bad(&(bad_case){"0256.0.0.0/8", 0, AKSNET_PARSE_DECIMAL_ZEROS, AKSNET_EPARSE,
                          "above 255", NULL, 0},
              0);
    /* still strict about host bits (10.0.0.010 = 10.0.0.10, not in 10.0.0.0/30's network) */
    check_bad(&(bad_case){"10.0.0.010/30", 0, AKSNET_PARSE_DECIMAL_ZEROS, AKSNET_EPARSE,
                          "did you mean 10.0.0.8/30?", NULL, 0},
              0);
}

static void test_prefix_parse_unknown_flags(void **state)
{
    aksnet_prefix p;
    aksnet_address a;
    aksnet_error err;
    (void)state;
    aksnet_error_init(&err);
    assert_int_equal(aksnet_prefix_parse(&p, "10.0.0.0/8", 10, 1u << 5, &err), AKSNET_EINVAL);
    assert_non_null(strstr(err.message, "unknown parse flags"));
    assert_int_equal(aksnet_prefix_parse(&p, "10.0.0.0/8", 10, 0x80000000u, &err),
                     AKSNET_EINVAL);
    assert_int_equal(aksnet_address_parse(&a, "10.0.0.0", 8, 1u << 5, &err), AKSNET_EINVAL);
    /* the address parser takes only IPV4_ONLY, IPV6_ONLY and DECIMAL_ZEROS (aksnet.h) */
    assert_int_equal(aksnet_address_parse(&a, "10.0.0.0", 8, AKSNET_PARSE_MASK_HOST_BITS, &err),
                     AKSNET_EINVAL);
    assert_int_equal(aksnet_address_parse(&a, "10.0.0.0", 8, AKSNET_PARSE_ALLOW_ADDRESS, &err),
                     AKSNET_EINVAL);
}

static void test_prefix_address_parse(void **state)
{
    static const bad_case cases[] = {
        {"", 0, 0, AKSNET_EPARSE, "empty address", NULL, 0},
        {"10.0.0.0/8", 0, 0, AKSNET_EPARSE, "got a prefix", NULL, 8},
        {"010.0.0.1", 0, 0, AKSNET_EPARSE, "leading zero", "CVE-2021-29921", 0},
        {"1.2.3", 0, 0, AKSNET_EPARSE, "3 octets", NULL, 5},
        {"1.2.3.4.5", 0, 0, AKSNET_EPARSE, "more than 4 octets", NULL, 7},
        {" ::1", 0, 0, AKSNET_EPARSE, "leading white space", NULL, 0},
        {"::1 ", 0, 0, AKSNET_EPARSE, "trailing white space", NULL, 3},
        {"1::2::3", 0, 0, AKSNET_EPARSE, "second \"::\"", NULL, 4},
        {"fe80::1%eth0", 0, 0, AKSNET_EPARSE, "zone id", NULL, 7},
        {"1:2:3:4:5:6:7", 0, 0, AKSNET_EPARSE, "7 groups", NULL, 13},
        {"1.2.3.4:80", 0, 0, AKSNET_EPARSE, "misplaced IPv4 part", NULL, 0},
    };
    aksnet_address a, want;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_bad(&cases[i], 1);
    a = adr("192.0.2.1");
    want = mka4(192, 0, 2, 1);
    assert_address_eq(&a, &want, "192.0.2.1");
    a = adr("2001:DB8::8:800:200C:417A");
    want = mka6(0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a);
    assert_address_eq(&a, &want, "RFC 4291 unicast");
    assert_int_equal(a.reserved[0] | a.reserved[1] | a.reserved[2], 0);
}

/* ---- 3. RFC 4291 section 2.2 text forms --------------------------------------------------- */

static void test_prefix_rfc4291_text_forms(void **state)
{
    /* RFC 4291 2.2 examples, and the other shapes of "::" (start, middle, end, alone) */
    static const struct {
        const char *text;
        unsigned g[8];
    } forms[] = {
        /* 1. x:x:x:x:x:x:x:x */
        {"ABCD:EF01:2345:6789:ABCD:EF01:2345:6789",
         {0xabcd, 0xef01, 0x2345, 0x6789, 0xabcd, 0xef01, 0x2345, 0x6789}},
        {"2001:DB8:0:0:8:800:200C:417A", {0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a}},
        {"2001:0db8:0000:0000:0008:0800:200c:417a",
         {0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a}},
        /* 2. "::" */
        {"2001:DB8::8:800:200C:417A", {0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a}},
        {"FF01::101", {0xff01, 0, 0, 0, 0, 0, 0, 0x101}},
        {"::1", {0, 0, 0, 0, 0, 0, 0, 1}},
        {"::", {0, 0, 0, 0, 0, 0, 0, 0}},
        {"0:0:0:0:0:0:0:1", {0, 0, 0, 0, 0, 0, 0, 1}},
        {"0:0:0:0:0:0:0:0", {0, 0, 0, 0, 0, 0, 0, 0}},
        {"fd00::", {0xfd00, 0, 0, 0, 0, 0, 0, 0}},
        {"1:2:3:4:5:6:7::", {1, 2, 3, 4, 5, 6, 7, 0}}, /* "::" for one group (RFC 4291) */
        {"::2:3:4:5:6:7:8", {0, 2, 3, 4, 5, 6, 7, 8}},
        {"1::8", {1, 0, 0, 0, 0, 0, 0, 8}},
        {"1:2:3::6:7:8", {1, 2, 3, 0, 0, 6, 7, 8}},
        /* 3. x:x:x:x:x:x:d.d.d.d */
        {"0:0:0:0:0:0:13.1.68.3", {0, 0, 0, 0, 0, 0, 0x0d01, 0x4403}},
        {"0:0:0:0:0:FFFF:129.144.52.38", {0, 0, 0, 0, 0, 0xffff, 0x8190, 0x3426}},
        {"::13.1.68.3", {0, 0, 0, 0, 0, 0, 0x0d01, 0x4403}},
        {"::FFFF:129.144.52.38", {0, 0, 0, 0, 0, 0xffff, 0x8190, 0x3426}},
        {"::ffff:1.2.3.4", {0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304}},
        {"::0.0.0.0", {0, 0, 0, 0, 0, 0, 0, 0}},
        {"1:2:3:4:5:6:255.255.255.255", {1, 2, 3, 4, 5, 6, 0xffff, 0xffff}},
        {"1::255.255.255.255", {1, 0, 0, 0, 0, 0, 0xffff, 0xffff}},
        {"::1:2:3:4:5:1.2.3.4", {0, 1, 2, 3, 4, 5, 0x0102, 0x0304}},
        /* RFC 6052 2.4: 192.0.2.1 in the well-known prefix 64:ff9b::/96 (c000:0201) */
        {"64:ff9b::192.0.2.1", {0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0201}},
        /* case is irrelevant (RFC 4291 2.2; RFC 5952 2.3) */
        {"2001:db8:aaaa:bbbb:cccc:dddd:eeee:AaAa",
         {0x2001, 0xdb8, 0xaaaa, 0xbbbb, 0xcccc, 0xdddd, 0xeeee, 0xaaaa}},
        /* RFC 5952 2.1: leading zeros may or may not be written */
        {"2001:db8:aaaa:bbbb:cccc:dddd:eeee:001",
         {0x2001, 0xdb8, 0xaaaa, 0xbbbb, 0xcccc, 0xdddd, 0xeeee, 1}},
        {"2001:db8::0:1:0:0:1", {0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}},
        {"2001:db8:0000:0:1::1", {0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        const unsigned *g = forms[i].g;
        aksnet_address a = adr(forms[i].text);
        aksnet_address want = mka6(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
        aksnet_prefix p, wantp;
        char text[80];
        assert_address_eq(&a, &want, forms[i].text);
        /* the same text as a /128 prefix, and with ALLOW_ADDRESS */
        snprintf(text, sizeof(text), "%s/128", forms[i].text);
        p = pfx(text);
        wantp = mk6(128, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
        assert_prefix_eq(&p, &wantp, text);
        p = pfx_flags(forms[i].text, AKSNET_PARSE_ALLOW_ADDRESS);
        assert_prefix_eq(&p, &wantp, forms[i].text);
    }
}

static void test_prefix_rfc4291_prefix_forms(void **state)
{
    /* RFC 4291 2.3: legal forms of the 60-bit prefix 20010DB80000CD3 */
    static const char *const legal[] = {
        "2001:0DB8:0000:CD30:0000:0000:0000:0000/60",
        "2001:0DB8::CD30:0:0:0:0/60",
        "2001:0DB8:0:CD30::/60",
    };
    aksnet_prefix want = mk6(60, 0x2001, 0xdb8, 0, 0xcd30, 0, 0, 0, 0);
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(legal) / sizeof(legal[0]); i++) {
        aksnet_prefix p = pfx(legal[i]);
        assert_prefix_eq(&p, &want, legal[i]);
    }
    /* and NOT legal: "may drop leading zeros, but not trailing zeros" (4 groups, no "::") */
    check_bad(&(bad_case){"2001:0DB8:0:CD3/60", 0, 0, AKSNET_EPARSE, "4 groups, needs 8", NULL,
                          15},
              0);
    /* the other two illegal examples expand to host addresses: see the host-bits tests */
    check_bad(&(bad_case){"2001:0DB8::CD30/60", 0, 0, AKSNET_EPARSE, "host bits", NULL, 0}, 0);
}

/* ---- 4. formatting ------------------------------------------------------------------------ */

static void test_prefix_format_rfc5952_examples(void **state)
{
    /* input text -> the RFC 5952 canonical text */
    static const struct {
        const char *in, *out;
    } ex[] = {
        /* 4.1: leading zeros MUST be suppressed; a 0000 field is "0" */
        {"2001:0db8::0001", "2001:db8::1"},
        {"2001:db8:0000:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
        /* 4.2.1: "::" used to its maximum capability */
        {"2001:db8:0:0:0:0:2:1", "2001:db8::2:1"},
        {"2001:db8::0:1", "2001:db8::1"},
        /* 4.2.2: not for just one 16-bit 0 field */
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
        {"2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
        /* 4.2.3: the longest run, the first when equal */
        {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
        {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
        /* 2.1 / 2.2: all these spellings are the same address */
        {"2001:0db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
        {"2001:db8::0:1:0:0:1", "2001:db8::1:0:0:1"},
        {"2001:db8:0:0:1::1", "2001:db8::1:0:0:1"},
        {"2001:DB8:0:0:1::1", "2001:db8::1:0:0:1"},
        {"2001:db8:aaaa:bbbb:cccc:dddd:0:1", "2001:db8:aaaa:bbbb:cccc:dddd:0:1"},
        {"2001:db8:0:0:0::1", "2001:db8::1"},
        {"2001:db8:0:0:aaaa::1", "2001:db8::aaaa:0:0:1"},
        /* 4.3: lower case */
        {"2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa"},
        {"2001:DB8::8:800:200C:417A", "2001:db8::8:800:200c:417a"},
        /* runs at the start, the end, everywhere */
        {"0:0:0:0:0:0:0:0", "::"},
        {"0:0:0:0:0:0:0:1", "::1"},
        {"1:0:0:0:0:0:0:0", "1::"},
        {"1:2:3:4:5:6:0:0", "1:2:3:4:5:6::"},
        {"0:0:3:4:5:6:7:8", "::3:4:5:6:7:8"},
        {"1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"}, /* single trailing 0 group */
        {"0:2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"}, /* single leading 0 group */
        {"1:0:0:2:0:0:0:3", "1:0:0:2::3"},
        {"0:0:1:0:0:1:0:0", "::1:0:0:1:0:0"},   /* three runs of 2: the first */
        {"1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"}, /* no run of 2 */
        /* 5: IPv4-mapped ::ffff:0:0/96 in mixed notation, "::" applied to the hex part */
        {"0:0:0:0:0:ffff:192.0.2.1", "::ffff:192.0.2.1"},
        {"::FFFF:129.144.52.38", "::ffff:129.144.52.38"},
        {"::ffff:0:0", "::ffff:0.0.0.0"},
        {"::ffff:ffff:ffff", "::ffff:255.255.255.255"},
        /* not mapped: no mixed notation (only ::ffff:0:0/96 gets it) */
        {"::fffe:1.2.3.4", "::fffe:102:304"},
        {"1::ffff:1.2.3.4", "1::ffff:102:304"},
        {"::ffff:0:1.2.3.4", "::ffff:0:102:304"}, /* RFC 2765 translated: hex */
        {"64:ff9b::192.0.2.1", "64:ff9b::c000:201"},
        /* IPv4-compatible (deprecated, RFC 4291 2.5.5.1): hex, unlike glibc's "::1.2.3.4" */
        {"::1.2.3.4", "::102:304"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
        aksnet_address a = adr(ex[i].in);
        char text[80], want[80];
        aksnet_prefix p;
        assert_address_formats_as(&a, ex[i].out);
        /* the /128 prefix formats the same, with the length */
        snprintf(text, sizeof(text), "%s/128", ex[i].in);
        snprintf(want, sizeof(want), "%s/128", ex[i].out);
        p = pfx(text);
        assert_formats_as(&p, want);
    }
    /* IPv4: plain dotted decimal, no leading zeros */
    {
        aksnet_prefix p = mk4(10, 0, 0, 0, 8);
        aksnet_address a = mka4(192, 0, 2, 1);
        assert_formats_as(&p, "10.0.0.0/8");
        p = mk4(0, 0, 0, 0, 0);
        assert_formats_as(&p, "0.0.0.0/0");
        p = mk4(255, 255, 255, 255, 32);
        assert_formats_as(&p, "255.255.255.255/32");
        assert_address_formats_as(&a, "192.0.2.1");
    }
    /* prefixes of other lengths */
    {
        aksnet_prefix p = mk6(32, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
        assert_formats_as(&p, "2001:db8::/32");
        p = mk6(0, 0, 0, 0, 0, 0, 0, 0, 0);
        assert_formats_as(&p, "::/0");
        p = mk6(60, 0x2001, 0xdb8, 0, 0xcd30, 0, 0, 0, 0);
        assert_formats_as(&p, "2001:db8:0:cd30::/60");
    }
}

static void test_prefix_format_strlen_bounds(void **state)
{
    unsigned mask;
    size_t needed;
    (void)state;
    /* the longest texts: 8 groups of 4 digits, 7 colons (39) + "/128" = 43 + NUL = 44 */
    {
        aksnet_prefix p = mk6(128, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff,
                              0xffff);
        aksnet_address a = mka6(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff);
        assert_formats_as(&p, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
        assert_int_equal(aksnet_prefix_format(NULL, 0, &needed, &p), AKSNET_EBUFS);
        assert_int_equal(needed, 44);
        assert_int_equal(needed, AKSNET_PREFIX_STRLEN);
        assert_int_equal(aksnet_address_format(NULL, 0, &needed, &a), AKSNET_EBUFS);
        assert_int_equal(needed, 40);
        assert_int_equal(needed, AKSNET_ADDRESS_STRLEN);
        /* IPv4: "255.255.255.255/32" is 18 + NUL */
        p = mk4(255, 255, 255, 255, 32);
        assert_int_equal(aksnet_prefix_format(NULL, 0, &needed, &p), AKSNET_EBUFS);
        assert_int_equal(needed, 19);
        /* mixed notation: "::ffff:255.255.255.255/128" is 26 + NUL */
        p = mk6(128, 0, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff);
        assert_int_equal(aksnet_prefix_format(NULL, 0, &needed, &p), AKSNET_EBUFS);
        assert_int_equal(needed, 27);
    }
    /* every pattern of zero / 4-digit groups fits, and a 4-digit group is never shortened */
    for (mask = 0; mask < 256; mask++) {
        aksnet_prefix p;
        char buf[AKSNET_PREFIX_STRLEN];
        unsigned g[8], i;
        for (i = 0; i < 8; i++)
            g[i] = (mask >> i) & 1u ? 0xf00du : 0u;
        p = mk6(128, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]);
        assert_int_equal(aksnet_prefix_format(buf, sizeof(buf), &needed, &p), AKSNET_OK);
        assert_true(needed <= AKSNET_PREFIX_STRLEN);
        assert_int_equal(needed, strlen(buf) + 1);
    }
}

/* ---- 5. the (buf, buflen, needed) contract ------------------------------------------------ */

static void test_prefix_format_buffer_contract(void **state)
{
    aksnet_prefix p = mk4(10, 0, 0, 0, 16); /* "10.0.0.0/16": 11 chars, needed 12 */
    aksnet_address a = mka6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1); /* "2001:db8::1": needed 12 */
    char buf[32];
    size_t needed;
    (void)state;

    /* query with NULL/0 */
    needed = 0;
    assert_int_equal(aksnet_prefix_format(NULL, 0, &needed, &p), AKSNET_EBUFS);
    assert_int_equal(needed, 12);
    /* one byte short: EBUFS, buf[0] NUL, nothing written past buflen */
    memset(buf, 'X', sizeof(buf));
    needed = 0;
    assert_int_equal(aksnet_prefix_format(buf, 11, &needed, &p), AKSNET_EBUFS);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(needed, 12);
    for (size_t i = 11; i < sizeof(buf); i++)
        assert_int_equal(buf[i], 'X');
    /* a buffer of 1 */
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(aksnet_prefix_format(buf, 1, &needed, &p), AKSNET_EBUFS);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'X');
    /* exact size succeeds */
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(aksnet_prefix_format(buf, 12, &needed, &p), AKSNET_OK);
    assert_string_equal(buf, "10.0.0.0/16");
    assert_int_equal(needed, 12);
    assert_int_equal(buf[12], 'X');
    /* needed is optional */
    assert_int_equal(aksnet_prefix_format(buf, sizeof(buf), NULL, &p), AKSNET_OK);
    assert_string_equal(buf, "10.0.0.0/16");
    assert_int_equal(aksnet_prefix_format(buf, 5, NULL, &p), AKSNET_EBUFS);
    assert_int_equal(buf[0], '\0');

    /* the same for addresses */
    assert_int_equal(aksnet_address_format(NULL, 0, &needed, &a), AKSNET_EBUFS);
    assert_int_equal(needed, 12);
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(aksnet_address_format(buf, 11, &needed, &a), AKSNET_EBUFS);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[11], 'X');
    assert_int_equal(aksnet_address_format(buf, 12, &needed, &a), AKSNET_OK);
    assert_string_equal(buf, "2001:db8::1");
    assert_int_equal(aksnet_address_format(buf, 12, NULL, &a), AKSNET_OK);
}

static void test_prefix_format_invalid(void **state)
{
    char buf[AKSNET_PREFIX_STRLEN];
    size_t needed;
    aksnet_prefix p;
    aksnet_address a;
    (void)state;
    /* family unset / unknown, length out of range, host bits set, NULL */
    p = mk4(10, 0, 0, 0, 8);
    p.family = 0;
    assert_int_equal(aksnet_prefix_format(buf, sizeof(buf), &needed, &p), AKSNET_EINVAL);
    p.family = 5;
    assert_int_equal(aksnet_prefix_format(buf, sizeof(buf), &needed, &p), AKSNET_EINVAL);
    p = mk4(10, 0, 0, 0, 33);
    assert_int_equal(aksnet_prefix_format(buf, sizeof(buf), &needed, &p), AKSNET_EINVAL);
    p = mk6(129, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_format(buf, sizeof(buf), &needed, &p), AKSNET_EINVAL);
    p = mk4(10, 0, 0, 1, 24);
    memset(buf, 'X', sizeof(buf));
    assert_int_equal(aksnet_prefix_format(buf, sizeof(buf), &needed, &p), AKSNET_EINVAL);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(aksnet_prefix_format(buf, sizeof(buf), &needed, NULL), AKSNET_EINVAL);
    a = mka4(1, 2, 3, 4);
    a.family = 0;
    assert_int_equal(aksnet_address_format(buf, sizeof(buf), &needed, &a), AKSNET_EINVAL);
    assert_int_equal(aksnet_address_format(buf, sizeof(buf), &needed, NULL), AKSNET_EINVAL);
}

/* ---- 4b. differential tests against glibc ------------------------------------------------- */

static void gen_groups(rng *r, unsigned g[8])
{
    unsigned i, mode = rndn(r, 8);
    for (i = 0; i < 8; i++) {
        switch (rndn(r, 8)) {
        case 0:
        case 1:
        case 2:
        case 3:
            g[i] = 0;
            break;
        case 4:
            g[i] = 0xffff;
            break;
        case 5:
            g[i] = rndn(r, 16);
            break;
        case 6:
            g[i] = rndn(r, 0x1000);
            break;
        default:
            g[i] = rndn(r, 0x10000);
            break;
        }
    }
    if (mode == 0 || mode == 1) { /* a run of zeros */
        unsigned s = rndn(r, 8), n = 1 + rndn(r, 8 - s);
        for (i = s; i < s + n; i++)
            g[i] = 0;
    } else if (mode == 2) { /* IPv4-mapped */
        g[0] = g[1] = g[2] = g[3] = g[4] = 0;
        g[5] = 0xffff;
    } else if (mode == 3) { /* IPv4-compatible-looking */
        g[0] = g[1] = g[2] = g[3] = g[4] = g[5] = 0;
    } else if (mode == 4) { /* no zero at all */
        for (i = 0; i < 8; i++)
            if (g[i] == 0)
                g[i] = 1 + rndn(r, 0xfffe);
    }
}

static void groups_to_bytes(uint8_t b[16], const unsigned g[8])
{
    unsigned i;
    for (i = 0; i < 8; i++) {
        b[2 * i] = (uint8_t)(g[i] >> 8);
        b[2 * i + 1] = (uint8_t)g[i];
    }
}

/* glibc inet_ntop prints an address whose first six groups are zero and whose seventh is not
 * as "::a.b.c.d" (RFC 4291's deprecated IPv4-compatible form). RFC 5952 section 5 recommends
 * mixed notation only for well-known prefixes, and libaksnet uses it only for ::ffff:0:0/96, so
 * such addresses print in hex: by 4.2.3 the run of groups 0..5 (6 long) is the longest. */
static int glibc_ipv4_compat(const unsigned g[8])
{
    return g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0 &&
           g[6] != 0;
}

static void test_prefix_differential_glibc_ipv6(void **state)
{
    rng r = {UINT64_C(20240601)};
    unsigned long n, compat = 0, mapped = 0;
    (void)state;
    for (n = 0; n < 120000; n++) {
        unsigned g[8];
        uint8_t b[16], back[16];
        char gtext[INET6_ADDRSTRLEN], otext[AKSNET_ADDRESS_STRLEN], want[64];
        aksnet_address a, parsed;
        aksnet_prefix p;
        char ptext[AKSNET_PREFIX_STRLEN];
        gen_groups(&r, g);
        groups_to_bytes(b, g);
        assert_non_null(inet_ntop(AF_INET6, b, gtext, sizeof(gtext)));
        memset(&a, 0, sizeof(a));
        a.family = AKSNET_FAMILY_IPV6;
        memcpy(a.bytes, b, 16);
        assert_int_equal(aksnet_address_format(otext, sizeof(otext), NULL, &a), AKSNET_OK);
        if (glibc_ipv4_compat(g)) {
            compat++;
            snprintf(want, sizeof(want), "::%x:%x", g[6], g[7]);
            if (strcmp(otext, want) != 0)
                fail_msg("IPv4-compatible %s: ours %s, want %s", gtext, otext, want);
            /* and glibc really does use the dotted form there */
            snprintf(want, sizeof(want), "::%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
            assert_string_equal(gtext, want);
        } else {
            if (g[5] == 0xffff && g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0)
                mapped++;
            if (strcmp(otext, gtext) != 0)
                fail_msg("format differs: ours %s, glibc %s", otext, gtext);
        }
        /* ours parses glibc's text, glibc parses ours, ours parses ours */
        if (aksnet_address_parse(&parsed, gtext, strlen(gtext), 0, NULL) != AKSNET_OK)
            fail_msg("cannot parse glibc's %s", gtext);
        assert_memory_equal(parsed.bytes, b, 16);
        assert_int_equal(parsed.family, AKSNET_FAMILY_IPV6);
        assert_int_equal(inet_pton(AF_INET6, otext, back), 1);
        assert_memory_equal(back, b, 16);
        assert_int_equal(aksnet_address_parse(&parsed, otext, strlen(otext), 0, NULL), AKSNET_OK);
        assert_memory_equal(&parsed, &a, sizeof(a));
        /* the /128 prefix prints as the address plus "/128" */
        memset(&p, 0, sizeof(p));
        p.family = AKSNET_FAMILY_IPV6;
        p.length = 128;
        memcpy(p.bytes, b, 16);
        assert_int_equal(aksnet_prefix_format(ptext, sizeof(ptext), NULL, &p), AKSNET_OK);
        snprintf(want, sizeof(want), "%s/128", otext);
        assert_string_equal(ptext, want);
    }
    /* the generator really exercised both special cases */
    assert_true(compat > 1000);
    assert_true(mapped > 1000);
}

static void test_prefix_differential_glibc_ipv4(void **state)
{
    rng r = {UINT64_C(77)};
    unsigned long n;
    (void)state;
    for (n = 0; n < 50000; n++) {
        uint32_t v = (uint32_t)rnd(&r);
        uint8_t b[4], back[4];
        char gtext[INET_ADDRSTRLEN], otext[AKSNET_ADDRESS_STRLEN];
        aksnet_address a, parsed;
        if (n % 4 == 0) /* zero octets are the interesting ones */
            v &= (uint32_t)rnd(&r) & (uint32_t)rnd(&r);
        b[0] = (uint8_t)(v >> 24);
        b[1] = (uint8_t)(v >> 16);
        b[2] = (uint8_t)(v >> 8);
        b[3] = (uint8_t)v;
        assert_non_null(inet_ntop(AF_INET, b, gtext, sizeof(gtext)));
        a = mka4(b[0], b[1], b[2], b[3]);
        assert_int_equal(aksnet_address_format(otext, sizeof(otext), NULL, &a), AKSNET_OK);
        assert_string_equal(otext, gtext);
        assert_int_equal(aksnet_address_parse(&parsed, gtext, strlen(gtext), 0, NULL), AKSNET_OK);
        assert_memory_equal(&parsed, &a, sizeof(a));
        assert_int_equal(inet_pton(AF_INET, otext, back), 1);
        assert_memory_equal(back, b, 4);
    }
}

/* A random legal RFC 4291 spelling of the address g: optional "::" over any sub-run of zero
 * groups, 1..4 digits per group, random case, optional dotted IPv4 tail. */
static size_t gen_text6(rng *r, char *out, size_t cap, const unsigned g[8])
{
    int cs = -1, ce = -1, tail, ngroups, i;
    size_t o = 0;
    if (rndn(r, 4) != 0) {
        int start = (int)rndn(r, 8), z;
        for (z = start; z < 8 && g[z] != 0; z++)
            ;
        if (z < 8) {
            int e = z;
            while (e < 8 && g[e] == 0)
                e++;
            cs = z + (int)rndn(r, (unsigned)(e - z));
            ce = cs + 1 + (int)rndn(r, (unsigned)(e - cs));
        }
    }
    tail = rndn(r, 4) == 0 && !(cs >= 0 && ce > 6);
    ngroups = tail ? 6 : 8;
    for (i = 0; i < ngroups; i++) {
        char hex[8];
        int len, width, k;
        if (i == cs) {
            o += (size_t)snprintf(out + o, cap - o, "::");
            i = ce - 1;
            continue;
        }
        if (i > 0 && i != ce)
            out[o++] = ':';
        len = snprintf(hex, sizeof(hex), "%x", g[i]);
        width = len + (int)rndn(r, (unsigned)(5 - len));
        for (k = len; k < width; k++)
            out[o++] = '0';
        for (k = 0; k < len; k++) {
            char c = hex[k];
            if (c >= 'a' && rndn(r, 2))
                c = (char)(c - 'a' + 'A');
            out[o++] = c;
        }
    }
    if (tail) {
        if (cs < 0 || ce != 6)
            out[o++] = ':';
        o += (size_t)snprintf(out + o, cap - o, "%u.%u.%u.%u", g[6] >> 8, g[6] & 0xff,
                              g[7] >> 8, g[7] & 0xff);
    }
    out[o] = '\0';
    return o;
}

static void test_prefix_differential_glibc_text_forms(void **state)
{
    rng r = {UINT64_C(4291)};
    unsigned long n, compressed = 0, tails = 0;
    (void)state;
    for (n = 0; n < 60000; n++) {
        unsigned g[8];
        uint8_t b[16], back[16];
        char text[80];
        aksnet_address a;
        gen_groups(&r, g);
        groups_to_bytes(b, g);
        gen_text6(&r, text, sizeof(text), g);
        compressed += strstr(text, "::") != NULL;
        tails += strchr(text, '.') != NULL;
        if (inet_pton(AF_INET6, text, back) != 1)
            fail_msg("generator bug: glibc rejects %s", text);
        assert_memory_equal(back, b, 16);
        if (aksnet_address_parse(&a, text, strlen(text), 0, NULL) != AKSNET_OK)
            fail_msg("ours rejects the legal text %s", text);
        assert_memory_equal(a.bytes, b, 16);
    }
    assert_true(compressed > 10000);
    assert_true(tails > 5000);
}

/* Mutated texts: ours (IPv6 only) and inet_pton(AF_INET6) accept exactly the same strings
 * and agree on the value. Both implement RFC 4291 2.2 with dotted tails whose octets have no
 * leading zeros; neither accepts zone ids, spaces or prefixes. */
static void test_prefix_differential_glibc_mutations(void **state)
{
    static const char alphabet[] = "0123456789abcdefABCDEF::::....%g/ x";
    rng r = {UINT64_C(5952)};
    unsigned long n, accepted = 0, rejected = 0;
    (void)state;
    for (n = 0; n < 60000; n++) {
        unsigned g[8];
        char text[96];
        uint8_t back[16];
        aksnet_address a;
        size_t len;
        int m, nmut, gl, ours;
        gen_groups(&r, g);
        len = gen_text6(&r, text, sizeof(text), g);
        nmut = 1 + (int)rndn(&r, 3);
        for (m = 0; m < nmut; m++) {
            size_t pos = len ? rndn(&r, (unsigned)len + 1) : 0;
            char c = alphabet[rndn(&r, sizeof(alphabet) - 1)];
            switch (rndn(&r, 3)) {
            case 0: /* delete */
                if (pos < len) {
                    memmove(text + pos, text + pos + 1, len - pos);
                    len--;
                }
                break;
            case 1: /* insert */
                if (len + 1 < 60) {
                    memmove(text + pos + 1, text + pos, len - pos + 1);
                    text[pos] = c;
                    len++;
                }
                break;
            default: /* replace */
                if (pos < len)
                    text[pos] = c;
                break;
            }
        }
        text[len] = '\0';
        gl = inet_pton(AF_INET6, text, back) == 1;
        ours = aksnet_address_parse(&a, text, len, AKSNET_PARSE_IPV6_ONLY, NULL) == AKSNET_OK;
        if (gl != ours)
            fail_msg("\"%s\": glibc %s, ours %s", text, gl ? "accepts" : "rejects",
                     ours ? "accepts" : "rejects");
        if (gl) {
            accepted++;
            assert_memory_equal(a.bytes, back, 16);
        } else {
            rejected++;
        }
    }
    assert_true(accepted > 5000);
    assert_true(rejected > 5000);
}

static void test_prefix_differential_glibc_ipv4_mutations(void **state)
{
    static const char alphabet[] = "0123456789..0";
    rng r = {UINT64_C(29921)};
    unsigned long n, accepted = 0, rejected = 0;
    (void)state;
    for (n = 0; n < 60000; n++) {
        char text[64];
        uint8_t back[4];
        aksnet_address a;
        size_t len;
        int m, nmut, gl, ours;
        len = (size_t)snprintf(text, sizeof(text), "%u.%u.%u.%u", rndn(&r, 300), rndn(&r, 20),
                               rndn(&r, 256), rndn(&r, 3));
        nmut = (int)rndn(&r, 3);
        for (m = 0; m < nmut; m++) {
            size_t pos = rndn(&r, (unsigned)len + 1);
            char c = alphabet[rndn(&r, sizeof(alphabet) - 1)];
            switch (rndn(&r, 3)) {
            case 0:
                if (pos < len) {
                    memmove(text + pos, text + pos + 1, len - pos);
                    len--;
                }
                break;
            case 1:
                if (len + 1 < 40) {
                    memmove(text + pos + 1, text + pos, len - pos + 1);
                    text[pos] = c;
                    len++;
                }
                break;
            default:
                if (pos < len)
                    text[pos] = c;
                break;
            }
        }
        text[len] = '\0';
        gl = inet_pton(AF_INET, text, back) == 1;
        ours = aksnet_address_parse(&a, text, len, AKSNET_PARSE_IPV4_ONLY, NULL) == AKSNET_OK;
        if (gl != ours)
            fail_msg("\"%s\": glibc %s, ours %s", text, gl ? "accepts" : "rejects",
                     ours ? "accepts" : "rejects");
        if (gl) {
            accepted++;
            assert_memory_equal(a.bytes, back, 4);
        } else {
            rejected++;
        }
    }
    assert_true(accepted > 5000);
    assert_true(rejected > 5000);
}

/* ---- 6. relations ------------------------------------------------------------------------- */

static int sgn(int v)
{
    return (v > 0) - (v < 0);
}

static void test_prefix_compare_total_order(void **state)
{
    /* hand-sorted: IPv4 before IPv6; by network address; same network: shorter first */
    aksnet_prefix sorted[14];
    size_t n = sizeof(sorted) / sizeof(sorted[0]), i, j, k;
    (void)state;
    sorted[0] = mk4(0, 0, 0, 0, 0);
    sorted[1] = mk4(0, 0, 0, 0, 32);
    sorted[2] = mk4(10, 0, 0, 0, 8);
    sorted[3] = mk4(10, 0, 0, 0, 16);
    sorted[4] = mk4(10, 0, 0, 0, 24);
    sorted[5] = mk4(10, 0, 0, 1, 32);
    sorted[6] = mk4(10, 0, 1, 0, 24);
    sorted[7] = mk4(11, 0, 0, 0, 8);
    sorted[8] = mk4(255, 255, 255, 255, 32);
    sorted[9] = mk6(0, 0, 0, 0, 0, 0, 0, 0, 0);
    sorted[10] = mk6(128, 0, 0, 0, 0, 0, 0, 0, 0);
    sorted[11] = mk6(128, 0, 0, 0, 0, 0, 0, 0, 1); /* ::1 after ::/128 */
    sorted[12] = mk6(32, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    sorted[13] = mk6(64, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    for (i = 0; i < n; i++) {
        aksnet_prefix copy = sorted[i];
        assert_int_equal(aksnet_prefix_compare(&sorted[i], &copy), 0);
        assert_true(aksnet_prefix_compare(NULL, &sorted[i]) < 0);
        assert_true(aksnet_prefix_compare(&sorted[i], NULL) > 0);
        for (j = 0; j < n; j++) {
            int c = sgn(aksnet_prefix_compare(&sorted[i], &sorted[j]));
            int want = i < j ? -1 : i > j ? 1 : 0;
            if (c != want)
                fail_msg("compare(#%zu, #%zu) = %d, want %d", i, j, c, want);
            /* antisymmetry */
            assert_int_equal(c, -sgn(aksnet_prefix_compare(&sorted[j], &sorted[i])));
            /* transitivity */
            for (k = 0; k < n; k++) {
                int c2 = sgn(aksnet_prefix_compare(&sorted[j], &sorted[k]));
                if (c < 0 && c2 < 0)
                    assert_true(aksnet_prefix_compare(&sorted[i], &sorted[k]) < 0);
            }
        }
    }
    assert_int_equal(aksnet_prefix_compare(NULL, NULL), 0);
}

static void test_prefix_contains_and_overlaps(void **state)
{
    aksnet_prefix p8 = mk4(10, 0, 0, 0, 8), p16 = mk4(10, 1, 0, 0, 16),
                  p24 = mk4(10, 1, 2, 0, 24), any4 = mk4(0, 0, 0, 0, 0),
                  lo25 = mk4(10, 1, 2, 0, 25), hi25 = mk4(10, 1, 2, 128, 25),
                  other = mk4(11, 0, 0, 0, 8), any6 = mk6(0, 0, 0, 0, 0, 0, 0, 0, 0),
                  db8 = mk6(32, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0),
                  db8_64 = mk6(64, 0x2001, 0xdb8, 0, 1, 0, 0, 0, 0);
    aksnet_address in = mka4(10, 1, 2, 255), first = mka4(10, 1, 2, 0), out = mka4(10, 1, 3, 0),
                   before = mka4(10, 1, 1, 255), v6 = mka6(0x2001, 0xdb8, 0, 1, 0, 0, 0, 1);
    (void)state;
    /* contains */
    assert_int_equal(aksnet_prefix_contains(&p8, &p16), 1);
    assert_int_equal(aksnet_prefix_contains(&p8, &p24), 1);
    assert_int_equal(aksnet_prefix_contains(&p16, &p8), 0);
    assert_int_equal(aksnet_prefix_contains(&p24, &p24), 1); /* itself */
    assert_int_equal(aksnet_prefix_contains(&any4, &p24), 1);
    assert_int_equal(aksnet_prefix_contains(&lo25, &hi25), 0);
    assert_int_equal(aksnet_prefix_contains(&p24, &hi25), 1);
    assert_int_equal(aksnet_prefix_contains(&other, &p16), 0);
    assert_int_equal(aksnet_prefix_contains(&any6, &p8), 0); /* families differ */
    assert_int_equal(aksnet_prefix_contains(&any4, &db8), 0);
    assert_int_equal(aksnet_prefix_contains(&db8, &db8_64), 1);
    assert_int_equal(aksnet_prefix_contains(&any6, &db8), 1);
    assert_int_equal(aksnet_prefix_contains(NULL, &p8), 0);
    assert_int_equal(aksnet_prefix_contains(&p8, NULL), 0);
    /* contains_address: the boundaries of 10.1.2.0/24 are .0 and .255 */
    assert_int_equal(aksnet_prefix_contains_address(&p24, &in), 1);
    assert_int_equal(aksnet_prefix_contains_address(&p24, &first), 1);
    assert_int_equal(aksnet_prefix_contains_address(&p24, &out), 0);
    assert_int_equal(aksnet_prefix_contains_address(&p24, &before), 0);
    assert_int_equal(aksnet_prefix_contains_address(&any4, &out), 1);
    assert_int_equal(aksnet_prefix_contains_address(&any6, &in), 0);
    assert_int_equal(aksnet_prefix_contains_address(&db8_64, &v6), 1);
    assert_int_equal(aksnet_prefix_contains_address(&any4, &v6), 0);
    assert_int_equal(aksnet_prefix_contains_address(NULL, &in), 0);
    assert_int_equal(aksnet_prefix_contains_address(&p24, NULL), 0);
    /* overlaps: symmetric; nested and equal overlap, adjacent halves do not */
    assert_int_equal(aksnet_prefix_overlaps(&p8, &p24), 1);
    assert_int_equal(aksnet_prefix_overlaps(&p24, &p8), 1);
    assert_int_equal(aksnet_prefix_overlaps(&p24, &p24), 1);
    assert_int_equal(aksnet_prefix_overlaps(&lo25, &hi25), 0);
    assert_int_equal(aksnet_prefix_overlaps(&hi25, &lo25), 0);
    assert_int_equal(aksnet_prefix_overlaps(&p8, &other), 0);
    assert_int_equal(aksnet_prefix_overlaps(&any4, &other), 1);
    assert_int_equal(aksnet_prefix_overlaps(&any4, &any6), 0); /* different families */
    assert_int_equal(aksnet_prefix_overlaps(&db8, &db8_64), 1);
    assert_int_equal(aksnet_prefix_overlaps(NULL, &p8), 0);
    assert_int_equal(aksnet_prefix_overlaps(&p8, NULL), 0);
}

static void test_prefix_first_last(void **state)
{
    aksnet_prefix p;
    aksnet_address a, want;
    (void)state;
    p = mk4(10, 1, 2, 0, 24);
    assert_int_equal(aksnet_prefix_first(&a, &p), AKSNET_OK);
    want = mka4(10, 1, 2, 0);
    assert_address_eq(&a, &want, "first of 10.1.2.0/24");
    assert_int_equal(aksnet_prefix_last(&a, &p), AKSNET_OK);
    want = mka4(10, 1, 2, 255);
    assert_address_eq(&a, &want, "last of 10.1.2.0/24");
    p = mk4(172, 16, 0, 0, 12); /* 172.16.0.0 - 172.31.255.255 (RFC 1918) */
    assert_int_equal(aksnet_prefix_last(&a, &p), AKSNET_OK);
    want = mka4(172, 31, 255, 255);
    assert_address_eq(&a, &want, "last of 172.16.0.0/12");
    p = mk4(0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_last(&a, &p), AKSNET_OK);
    want = mka4(255, 255, 255, 255);
    assert_address_eq(&a, &want, "last of 0.0.0.0/0");
    p = mk4(192, 0, 2, 7, 32);
    assert_int_equal(aksnet_prefix_first(&a, &p), AKSNET_OK);
    want = mka4(192, 0, 2, 7);
    assert_address_eq(&a, &want, "first of /32");
    assert_int_equal(aksnet_prefix_last(&a, &p), AKSNET_OK);
    assert_address_eq(&a, &want, "last of /32");
    p = mk6(32, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_first(&a, &p), AKSNET_OK);
    want = mka6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    assert_address_eq(&a, &want, "first of 2001:db8::/32");
    assert_int_equal(aksnet_prefix_last(&a, &p), AKSNET_OK);
    want = mka6(0x2001, 0xdb8, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff);
    assert_address_eq(&a, &want, "last of 2001:db8::/32");
    p = mk6(0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_last(&a, &p), AKSNET_OK);
    want = mka6(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff);
    assert_address_eq(&a, &want, "last of ::/0");
    p = mk6(65, 0xfd00, 0, 0, 0, 0x8000, 0, 0, 0); /* the upper half of fd00::/64 */
    assert_int_equal(aksnet_prefix_first(&a, &p), AKSNET_OK);
    want = mka6(0xfd00, 0, 0, 0, 0x8000, 0, 0, 0);
    assert_address_eq(&a, &want, "first of /65");
    assert_int_equal(aksnet_prefix_last(&a, &p), AKSNET_OK);
    want = mka6(0xfd00, 0, 0, 0, 0xffff, 0xffff, 0xffff, 0xffff);
    assert_address_eq(&a, &want, "last of /65");
    /* bad arguments */
    assert_int_equal(aksnet_prefix_first(NULL, &p), AKSNET_EINVAL);
    assert_int_equal(aksnet_prefix_first(&a, NULL), AKSNET_EINVAL);
    assert_int_equal(aksnet_prefix_last(NULL, &p), AKSNET_EINVAL);
    assert_int_equal(aksnet_prefix_last(&a, NULL), AKSNET_EINVAL);
    p = mk4(10, 0, 0, 1, 24); /* host bits set: not a valid prefix */
    assert_int_equal(aksnet_prefix_first(&a, &p), AKSNET_EINVAL);
    assert_int_equal(aksnet_prefix_last(&a, &p), AKSNET_EINVAL);
}

/* ---- 6b. arithmetic ----------------------------------------------------------------------- */

static void test_prefix_num_addresses(void **state)
{
    aksnet_prefix p;
    (void)state;
    p = mk4(10, 0, 0, 0, 24);
    assert_int_equal(aksnet_prefix_num_addresses(&p), 256);
    p = mk4(10, 0, 0, 0, 32);
    assert_int_equal(aksnet_prefix_num_addresses(&p), 1);
    p = mk4(10, 0, 0, 0, 8);
    assert_int_equal(aksnet_prefix_num_addresses(&p), 16777216); /* 2^24 */
    p = mk4(0, 0, 0, 0, 0);
    assert_true(aksnet_prefix_num_addresses(&p) == UINT64_C(4294967296)); /* 2^32 */
    p = mk6(128, 0, 0, 0, 0, 0, 0, 0, 1);
    assert_int_equal(aksnet_prefix_num_addresses(&p), 1);
    p = mk6(127, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_num_addresses(&p), 2);
    p = mk6(65, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_true(aksnet_prefix_num_addresses(&p) == UINT64_C(9223372036854775808)); /* 2^63 */
    /* 2^64 and more do not fit: saturate */
    p = mk6(64, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    assert_true(aksnet_prefix_num_addresses(&p) == UINT64_MAX);
    p = mk6(0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_true(aksnet_prefix_num_addresses(&p) == UINT64_MAX);
    /* NULL and invalid -> 0 */
    assert_int_equal(aksnet_prefix_num_addresses(NULL), 0);
    p = mk4(10, 0, 0, 1, 24);
    assert_int_equal(aksnet_prefix_num_addresses(&p), 0);
    p = mk4(10, 0, 0, 0, 33);
    assert_int_equal(aksnet_prefix_num_addresses(&p), 0);
}

static void test_prefix_azure_usable(void **state)
{
    /* Azure virtual network FAQ: Azure reserves 5 addresses in every subnet (network, .1
     * gateway, .2 and .3 DNS, broadcast), so a /24 has 256 - 5 = 251 usable (what the AKS
     * resource provider reports as "IPs available 251"); the smallest subnet is /29 (3). */
    static const struct {
        unsigned len;
        uint64_t usable;
    } ok[] = {
        {29, 3}, {28, 11}, {27, 27}, {24, 251}, {23, 507}, {16, 65531}, {8, 16777211},
    };
    aksnet_prefix p;
    uint64_t u;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        p = mk4(10, 0, 0, 0, ok[i].len);
        u = 0;
        assert_int_equal(aksnet_prefix_azure_usable(&u, &p), AKSNET_OK);
        assert_true(u == ok[i].usable);
    }
    p = mk4(10, 0, 0, 0, 30);
    assert_int_equal(aksnet_prefix_azure_usable(&u, &p), AKSNET_ERANGE);
    p = mk4(10, 0, 0, 0, 32);
    assert_int_equal(aksnet_prefix_azure_usable(&u, &p), AKSNET_ERANGE);
    p = mk4(10, 0, 0, 0, 7);
    assert_int_equal(aksnet_prefix_azure_usable(&u, &p), AKSNET_ERANGE);
    p = mk4(0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_azure_usable(&u, &p), AKSNET_ERANGE);
    /* IPv6 subnets are exactly /64: 2^64 - 5 = 18446744073709551611 */
    p = mk6(64, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_azure_usable(&u, &p), AKSNET_OK);
    assert_true(u == UINT64_C(18446744073709551611));
    p = mk6(63, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_azure_usable(&u, &p), AKSNET_ERANGE);
    p = mk6(65, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_azure_usable(&u, &p), AKSNET_ERANGE);
    p = mk4(10, 0, 0, 0, 24);
    assert_int_equal(aksnet_prefix_azure_usable(NULL, &p), AKSNET_EINVAL);
    assert_int_equal(aksnet_prefix_azure_usable(&u, NULL), AKSNET_EINVAL);
    p = mk4(10, 0, 0, 1, 24);
    assert_int_equal(aksnet_prefix_azure_usable(&u, &p), AKSNET_EINVAL);
}

static void test_prefix_length_for_ips(void **state)
{
    /* usable(p) = 2^(32-p) - 5: /29 3, /28 11, /27 27, /24 251, /23 507, /8 16777211.
     * The answer is the longest p with usable(p) >= ips. */
    static const struct {
        uint64_t ips;
        unsigned len;
    } ok[] = {
        {0, 29},   {1, 29},   {3, 29},   {4, 28},   {11, 28},        {12, 27},
        {27, 27},  {28, 26},  {251, 24}, {252, 23}, {507, 23},       {508, 22},
        {65531, 16}, {65532, 15}, {16777211, 8},
    };
    uint8_t len;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        len = 0;
        assert_int_equal(aksnet_prefix_length_for_ips(&len, ok[i].ips), AKSNET_OK);
        if (len != ok[i].len)
            fail_msg("%llu IPs: /%u, want /%u", (unsigned long long)ok[i].ips, len, ok[i].len);
    }
    /* 2^24 - 4 = 16777212: more than a /8 holds */
    assert_int_equal(aksnet_prefix_length_for_ips(&len, UINT64_C(16777212)), AKSNET_ERANGE);
    assert_int_equal(aksnet_prefix_length_for_ips(&len, UINT64_MAX), AKSNET_ERANGE);
    assert_int_equal(aksnet_prefix_length_for_ips(NULL, 10), AKSNET_EINVAL);
}

static void test_prefix_nth_address(void **state)
{
    aksnet_prefix p;
    aksnet_address a, want;
    (void)state;
    p = mk4(10, 1, 2, 0, 24);
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, 0), AKSNET_OK);
    want = mka4(10, 1, 2, 0);
    assert_address_eq(&a, &want, "0th");
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, 10), AKSNET_OK);
    want = mka4(10, 1, 2, 10);
    assert_address_eq(&a, &want, "10th");
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, 255), AKSNET_OK);
    want = mka4(10, 1, 2, 255);
    assert_address_eq(&a, &want, "last");
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, 256), AKSNET_ERANGE);
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, UINT64_MAX), AKSNET_ERANGE);
    /* 10.0.0.0/16: n = 2*256 + 7 -> 10.0.2.7 */
    p = mk4(10, 0, 0, 0, 16);
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, 519), AKSNET_OK);
    want = mka4(10, 0, 2, 7);
    assert_address_eq(&a, &want, "519th");
    p = mk4(0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, UINT64_C(4294967295)), AKSNET_OK);
    want = mka4(255, 255, 255, 255);
    assert_address_eq(&a, &want, "last of /0");
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, UINT64_C(4294967296)), AKSNET_ERANGE);
    p = mk4(10, 0, 0, 5, 32);
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, 0), AKSNET_OK);
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, 1), AKSNET_ERANGE);
    /* IPv6 */
    p = mk6(120, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, 255), AKSNET_OK);
    want = mka6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xff);
    assert_address_eq(&a, &want, "IPv6 /120 last");
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, 256), AKSNET_ERANGE);
    p = mk6(64, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0); /* every uint64 index is inside a /64 */
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, UINT64_MAX), AKSNET_OK);
    want = mka6(0x2001, 0xdb8, 0, 0, 0xffff, 0xffff, 0xffff, 0xffff);
    assert_address_eq(&a, &want, "IPv6 /64 last");
    p = mk6(0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_nth_address(&a, &p, UINT64_MAX), AKSNET_OK);
    want = mka6(0, 0, 0, 0, 0xffff, 0xffff, 0xffff, 0xffff);
    assert_address_eq(&a, &want, "::/0 index 2^64-1");
    assert_int_equal(aksnet_prefix_nth_address(NULL, &p, 0), AKSNET_EINVAL);
    assert_int_equal(aksnet_prefix_nth_address(&a, NULL, 0), AKSNET_EINVAL);
}

static void test_prefix_subnet(void **state)
{
    aksnet_prefix p, s, want;
    (void)state;
    /* Terraform docs: cidrsubnet("10.1.0.0/16", 8, 2) = 10.1.2.0/24 */
    p = mk4(10, 1, 0, 0, 16);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 24, 2), AKSNET_OK);
    want = mk4(10, 1, 2, 0, 24);
    assert_prefix_eq(&s, &want, "cidrsubnet(10.1.0.0/16, 8, 2)");
    /* cidrsubnet("172.16.0.0/12", 4, 2) = 172.18.0.0/16 */
    p = mk4(172, 16, 0, 0, 12);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 16, 2), AKSNET_OK);
    want = mk4(172, 18, 0, 0, 16);
    assert_prefix_eq(&s, &want, "cidrsubnet(172.16.0.0/12, 4, 2)");
    /* cidrsubnet("10.1.2.0/24", 4, 15) = 10.1.2.240/28 */
    p = mk4(10, 1, 2, 0, 24);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 28, 15), AKSNET_OK);
    want = mk4(10, 1, 2, 240, 28);
    assert_prefix_eq(&s, &want, "cidrsubnet(10.1.2.0/24, 4, 15)");
    /* cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162) = fd00:fd12:3456:7800:a200::/72:
     * 162 = 0x00a2 fills bits 56..71, i.e. the low byte of group 3 (0x00) and the high byte
     * of group 4 (0xa2) */
    p = mk6(56, 0xfd00, 0xfd12, 0x3456, 0x7800, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 72, 162), AKSNET_OK);
    want = mk6(72, 0xfd00, 0xfd12, 0x3456, 0x7800, 0xa200, 0, 0, 0);
    assert_prefix_eq(&s, &want, "cidrsubnet(fd00:fd12:3456:7800::/56, 16, 162)");
    /* 2001:db8::/32 -> /64 number 1 = 2001:db8:0:1::/64 */
    p = mk6(32, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 64, 1), AKSNET_OK);
    want = mk6(64, 0x2001, 0xdb8, 0, 1, 0, 0, 0, 0);
    assert_prefix_eq(&s, &want, "2001:db8::/32 -> /64 #1");
    /* 64 or more new bits: every uint64 k is in range */
    p = mk6(0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 64, UINT64_MAX), AKSNET_OK);
    want = mk6(64, 0xffff, 0xffff, 0xffff, 0xffff, 0, 0, 0, 0);
    assert_prefix_eq(&s, &want, "::/0 -> /64 #2^64-1");
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 128, UINT64_MAX), AKSNET_OK);
    want = mk6(128, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff, 0xffff);
    assert_prefix_eq(&s, &want, "::/0 -> /128 #2^64-1");
    /* 0.0.0.0/0 -> /32 number 2^32 - 1 */
    p = mk4(0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 32, UINT64_C(4294967295)), AKSNET_OK);
    want = mk4(255, 255, 255, 255, 32);
    assert_prefix_eq(&s, &want, "0/0 -> /32 last");
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 32, UINT64_C(4294967296)), AKSNET_ERANGE);
    /* same length: only k = 0 */
    p = mk4(10, 1, 0, 0, 16);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 16, 0), AKSNET_OK);
    assert_prefix_eq(&s, &p, "same length");
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 16, 1), AKSNET_ERANGE);
    /* out of range: k = 2^8, shorter length, longer than the family */
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 24, 255), AKSNET_OK);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 24, 256), AKSNET_ERANGE);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 15, 0), AKSNET_ERANGE);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 33, 0), AKSNET_ERANGE);
    p = mk6(64, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 129, 0), AKSNET_ERANGE);
    assert_int_equal(aksnet_prefix_subnet(&s, &p, 65, 2), AKSNET_ERANGE);
    assert_int_equal(aksnet_prefix_subnet(NULL, &p, 65, 0), AKSNET_EINVAL);
    assert_int_equal(aksnet_prefix_subnet(&s, NULL, 65, 0), AKSNET_EINVAL);
}

static void test_prefix_next(void **state)
{
    aksnet_prefix p, n, want;
    (void)state;
    p = mk4(10, 0, 0, 0, 24);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_OK);
    want = mk4(10, 0, 1, 0, 24);
    assert_prefix_eq(&n, &want, "after 10.0.0.0/24");
    p = mk4(10, 0, 255, 0, 24); /* carry into the second octet */
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_OK);
    want = mk4(10, 1, 0, 0, 24);
    assert_prefix_eq(&n, &want, "after 10.0.255.0/24");
    p = mk4(255, 255, 255, 254, 32);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_OK);
    want = mk4(255, 255, 255, 255, 32);
    assert_prefix_eq(&n, &want, "after 255.255.255.254/32");
    /* the end of the IPv4 space */
    p = mk4(255, 255, 255, 0, 24);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_ERANGE);
    p = mk4(255, 255, 255, 255, 32);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_ERANGE);
    p = mk4(0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_ERANGE);
    p = mk4(128, 0, 0, 0, 1);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_ERANGE);
    p = mk4(0, 0, 0, 0, 1);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_OK);
    want = mk4(128, 0, 0, 0, 1);
    assert_prefix_eq(&n, &want, "after 0.0.0.0/1");
    /* IPv6: carry from the low 64 bits into the high 64 bits */
    p = mk6(128, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff, 0xffff);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_OK);
    want = mk6(128, 0, 0, 0, 1, 0, 0, 0, 0);
    assert_prefix_eq(&n, &want, "after ::ffff:ffff:ffff:ffff/128");
    assert_formats_as(&n, "0:0:0:1::/128");
    p = mk6(64, 0x2001, 0xdb8, 0, 0xffff, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_OK);
    want = mk6(64, 0x2001, 0xdb8, 1, 0, 0, 0, 0, 0);
    assert_prefix_eq(&n, &want, "after 2001:db8:0:ffff::/64");
    /* the end of the IPv6 space */
    p = mk6(128, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_ERANGE);
    p = mk6(64, 0xffff, 0xffff, 0xffff, 0xffff, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_ERANGE);
    p = mk6(0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_ERANGE);
    p = mk6(1, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(aksnet_prefix_next(&n, &p), AKSNET_OK);
    want = mk6(1, 0x8000, 0, 0, 0, 0, 0, 0, 0);
    assert_prefix_eq(&n, &want, "after ::/1");
    assert_int_equal(aksnet_prefix_next(NULL, &p), AKSNET_EINVAL);
    assert_int_equal(aksnet_prefix_next(&n, NULL), AKSNET_EINVAL);
}

/* ---- 6c. normalisation -------------------------------------------------------------------- */

static void check_normalize(const char *const *in, size_t n, const char *const *want,
                            size_t nwant, uint64_t want_pairs)
{
    aksnet_prefix v[32];
    size_t i, count = 999;
    uint64_t pairs = 999;
    assert_true(n <= 32);
    for (i = 0; i < n; i++)
        v[i] = pfx(in[i]);
    assert_int_equal(aksnet_prefix_normalize(v, n, &count, &pairs), AKSNET_OK);
    if (count != nwant)
        fail_msg("normalize %s...: %zu prefixes, want %zu", in[0], count, nwant);
    for (i = 0; i < nwant; i++) {
        aksnet_prefix w = pfx(want[i]);
        assert_prefix_eq(&v[i], &w, want[i]);
    }
    if (pairs != want_pairs)
        fail_msg("normalize %s...: %llu overlapping pairs, want %llu", in[0],
                 (unsigned long long)pairs, (unsigned long long)want_pairs);
}

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_prefix_normalize_lists(void **state)
{
    (void)state;
    {
        /* duplicates: 3 copies -> 1; pairs C(3,2) = 3 */
        static const char *const in[] = {"10.0.0.0/24", "10.0.0.0/24", "10.0.0.0/24"};
        static const char *const out[] = {"10.0.0.0/24"};
        check_normalize(in, LEN(in), out, LEN(out), 3);
    }
    {
        /* nested chain: /8 > /16 > /24, every pair overlaps: 3 */
        static const char *const in[] = {"10.1.2.0/24", "10.0.0.0/8", "10.1.0.0/16"};
        static const char *const out[] = {"10.0.0.0/8"};
        check_normalize(in, LEN(in), out, LEN(out), 3);
    }
    {
        /* partially covered /24: its lower /25 given, upper half given as two /26 plus a
         * nested /27 inside the first of them; pairs: (10.0.0.128/26, 10.0.0.128/27) = 1 */
        static const char *const in[] = {"10.0.0.192/26", "10.0.0.128/27", "10.0.0.0/25",
                                         "10.0.0.128/26", "10.0.1.0/25"};
        static const char *const out[] = {"10.0.0.0/24", "10.0.1.0/25"};
        check_normalize(in, LEN(in), out, LEN(out), 1);
    }
    {
        /* a /24 and a /25 in the next /24: the /24 stays, the /25 stays; no pair */
        static const char *const in[] = {"10.0.1.0/25", "10.0.0.0/24"};
        static const char *const out[] = {"10.0.0.0/24", "10.0.1.0/25"};
        check_normalize(in, LEN(in), out, LEN(out), 0);
    }
    {
        /* adjacent siblings merge into their supernet, repeatedly: /26+/26 -> /25, +/25 ->
         * /24, +/24 -> /23 */
        static const char *const in[] = {"10.0.1.0/24", "10.0.0.128/25", "10.0.0.64/26",
                                         "10.0.0.0/26"};
        static const char *const out[] = {"10.0.0.0/23"};
        check_normalize(in, LEN(in), out, LEN(out), 0);
    }
    {
        /* adjacent but not siblings: 10.0.1.0/24 + 10.0.2.0/24 cover 10.0.1.0-10.0.2.255,
         * which no single prefix equals (10.0.1.0 is not /23-aligned): unchanged */
        static const char *const in[] = {"10.0.2.0/24", "10.0.1.0/24"};
        static const char *const out[] = {"10.0.1.0/24", "10.0.2.0/24"};
        check_normalize(in, LEN(in), out, LEN(out), 0);
    }
    {
        /* siblings' children that are not adjacent do not merge */
        static const char *const in[] = {"10.0.0.128/26", "10.0.0.0/26"};
        static const char *const out[] = {"10.0.0.0/26", "10.0.0.128/26"};
        check_normalize(in, LEN(in), out, LEN(out), 0);
    }
    {
        /* three adjacent prefixes whose union is not aligned: 10.0.0.1/32 + 10.0.0.2/31 +
         * 10.0.0.4/30 = 10.0.0.1 - 10.0.0.7: the greedy decomposition is the same 3 */
        static const char *const in[] = {"10.0.0.4/30", "10.0.0.1/32", "10.0.0.2/31"};
        static const char *const out[] = {"10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/30"};
        check_normalize(in, LEN(in), out, LEN(out), 0);
    }
    {
        /* mixed families, IPv4 first. IPv4 pairs: 10/8 with 10.0/9 and with 10.128/9 = 2.
         * IPv6 pairs: ::/0 with fd00::/8 and fd00::/16, fd00::/8 with fd00::/16 = 3.
         * No pair across families. Total 5. */
        static const char *const in[] = {"fd00::/8", "10.0.0.0/8", "fd00::/16", "10.0.0.0/9",
                                         "10.128.0.0/9", "::/0", "192.168.0.0/16"};
        static const char *const out[] = {"10.0.0.0/8", "192.168.0.0/16", "::/0"};
        check_normalize(in, LEN(in), out, LEN(out), 5);
    }
    {
        /* the top and the bottom of the space */
        static const char *const in[] = {"255.255.255.255/32", "255.255.255.254/32",
                                         "128.0.0.0/1", "0.0.0.0/1"};
        static const char *const out[] = {"0.0.0.0/0"};
        /* pairs: 128.0.0.0/1 contains both /32s: 2 */
        check_normalize(in, LEN(in), out, LEN(out), 2);
    }
    {
        static const char *const in[] = {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
                                         "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128",
                                         "::/128", "::1/128"};
        static const char *const out[] = {"::/127", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"};
        check_normalize(in, LEN(in), out, LEN(out), 0);
    }
    {
        /* duplicates nested in duplicates: 2 x /16 and 2 x /24 inside: every one of the
         * C(4,2) = 6 pairs overlaps */
        static const char *const in[] = {"10.1.0.0/24", "10.1.0.0/16", "10.1.0.0/24",
                                         "10.1.0.0/16"};
        static const char *const out[] = {"10.1.0.0/16"};
        check_normalize(in, LEN(in), out, LEN(out), 6);
    }
}

static void test_prefix_normalize_arguments(void **state)
{
    aksnet_prefix v[3];
    aksnet_prefix copy[3];
    size_t count = 7;
    uint64_t pairs = 7;
    (void)state;
    /* count 0 is fine, with or without an array */
    assert_int_equal(aksnet_prefix_normalize(NULL, 0, &count, &pairs), AKSNET_OK);
    assert_int_equal(count, 0);
    assert_int_equal(pairs, 0);
    assert_int_equal(aksnet_prefix_normalize(NULL, 3, &count, &pairs), AKSNET_EINVAL);
    /* optional outputs */
    v[0] = mk4(10, 0, 0, 0, 8);
    v[1] = mk4(10, 0, 0, 0, 8);
    assert_int_equal(aksnet_prefix_normalize(v, 2, NULL, NULL), AKSNET_OK);
    assert_int_equal(aksnet_prefix_normalize(v, 2, &count, NULL), AKSNET_OK);
    assert_int_equal(count, 1);
    /* an invalid prefix anywhere: EINVAL, array untouched */
    v[0] = mk4(10, 0, 0, 0, 8);
    v[1] = mk4(9, 0, 0, 0, 8);
    v[2] = mk4(10, 0, 0, 1, 24); /* host bits */
    memcpy(copy, v, sizeof(v));
    assert_int_equal(aksnet_prefix_normalize(v, 3, &count, &pairs), AKSNET_EINVAL);
    assert_memory_equal(v, copy, sizeof(v));
    v[2] = mk4(10, 0, 0, 0, 33);
    assert_int_equal(aksnet_prefix_normalize(v, 3, &count, &pairs), AKSNET_EINVAL);
    v[2] = mk4(10, 0, 0, 0, 8);
    v[2].family = 0;
    assert_int_equal(aksnet_prefix_normalize(v, 3, &count, &pairs), AKSNET_EINVAL);
}

/* Randomised oracle: prefixes inside 10.0.0.0/22 and 2001:db8::/118 (1024 addresses each).
 * The expected result is computed independently from a bitmap: the maximal aligned blocks
 * that are fully covered (a recursive descent from the /22 or /118), and the pairs by brute
 * force on [first, last] offsets. */
typedef struct oracle {
    uint8_t cover[2][1024];
    aksnet_prefix out[2048];
    size_t nout;
} oracle;

static aksnet_prefix block_prefix(int fam, unsigned off, unsigned k)
{
    /* block of 2^k addresses at offset off of the family's 1024-address space */
    if (fam == 0)
        return mk4(10, 0, (off >> 8) & 3, off & 0xff, 32 - k);
    return mk6(128 - k, 0x2001, 0xdb8, 0, 0, 0, 0, 0, off);
}

static void oracle_descend(oracle *o, int fam, unsigned off, unsigned k)
{
    unsigned i, set = 0, size = 1u << k;
    for (i = off; i < off + size; i++)
        set += o->cover[fam][i];
    if (set == 0)
        return;
    if (set == size) {
        o->out[o->nout++] = block_prefix(fam, off, k);
        return;
    }
    oracle_descend(o, fam, off, k - 1);
    oracle_descend(o, fam, off + size / 2, k - 1);
}

static void test_prefix_normalize_random_oracle(void **state)
{
    static oracle o;
    rng r = {UINT64_C(1918)};
    unsigned iter;
    (void)state;
    for (iter = 0; iter < 3000; iter++) {
        aksnet_prefix v[300];
        unsigned off[300], k[300];
        int fam[300];
        size_t n = 1 + rndn(&r, iter % 10 == 0 ? 300 : 40), i, j, count;
        uint64_t pairs, want_pairs = 0;
        int v6 = (int)rndn(&r, 3); /* 0: IPv4 only, 1: IPv6 only, 2: both */
        memset(&o, 0, sizeof(o));
        for (i = 0; i < n; i++) {
            unsigned kk = rndn(&r, 3) == 0 ? rndn(&r, 11) : rndn(&r, 5);
            fam[i] = v6 == 2 ? (int)rndn(&r, 2) : v6;
            k[i] = kk;
            off[i] = (rndn(&r, 1024) >> kk) << kk;
            v[i] = block_prefix(fam[i], off[i], kk);
            for (j = off[i]; j < off[i] + (1u << kk); j++)
                o.cover[fam[i]][j] = 1;
        }
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++)
                if (fam[i] == fam[j] && off[i] <= off[j] + (1u << k[j]) - 1 &&
                    off[j] <= off[i] + (1u << k[i]) - 1)
                    want_pairs++;
        o.nout = 0;
        oracle_descend(&o, 0, 0, 10);
        oracle_descend(&o, 1, 0, 10);
        assert_int_equal(aksnet_prefix_normalize(v, n, &count, &pairs), AKSNET_OK);
        if (count != o.nout)
            fail_msg("iteration %u: %zu prefixes, want %zu", iter, count, o.nout);
        for (i = 0; i < count; i++)
            assert_prefix_eq(&v[i], &o.out[i], "normalised prefix");
        if (pairs != want_pairs)
            fail_msg("iteration %u: %llu pairs, want %llu", iter, (unsigned long long)pairs,
                     (unsigned long long)want_pairs);
        /* normalising again changes nothing and finds no pair */
        assert_int_equal(aksnet_prefix_normalize(v, count, &j, &pairs), AKSNET_OK);
        assert_int_equal(j, count);
        assert_int_equal(pairs, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix_parse_valid_ipv4),
        cmocka_unit_test(test_prefix_parse_rejects_each_bad_input),
        cmocka_unit_test(test_prefix_parse_message_quotes_input),
        cmocka_unit_test(test_prefix_parse_host_bits_suggestion),
        cmocka_unit_test(test_prefix_parse_length_limit),
        cmocka_unit_test(test_prefix_parse_null_arguments),
        cmocka_unit_test(test_prefix_parse_error_size_respected),
        cmocka_unit_test(test_prefix_parse_flag_mask_host_bits),
        cmocka_unit_test(test_prefix_parse_flag_allow_address),
        cmocka_unit_test(test_prefix_parse_flag_family_only),
        cmocka_unit_test(test_prefix_parse_flag_decimal_zeros),
        cmocka_unit_test(test_prefix_parse_unknown_flags),
        cmocka_unit_test(test_prefix_address_parse),
        cmocka_unit_test(test_prefix_rfc4291_text_forms),
        cmocka_unit_test(test_prefix_rfc4291_prefix_forms),
        cmocka_unit_test(test_prefix_format_rfc5952_examples),
        cmocka_unit_test(test_prefix_format_strlen_bounds),
        cmocka_unit_test(test_prefix_format_buffer_contract),
        cmocka_unit_test(test_prefix_format_invalid),
        cmocka_unit_test(test_prefix_differential_glibc_ipv6),
        cmocka_unit_test(test_prefix_differential_glibc_ipv4),
        cmocka_unit_test(test_prefix_differential_glibc_text_forms),
        cmocka_unit_test(test_prefix_differential_glibc_mutations),
        cmocka_unit_test(test_prefix_differential_glibc_ipv4_mutations),
        cmocka_unit_test(test_prefix_compare_total_order),
        cmocka_unit_test(test_prefix_contains_and_overlaps),
        cmocka_unit_test(test_prefix_first_last),
        cmocka_unit_test(test_prefix_num_addresses),
        cmocka_unit_test(test_prefix_azure_usable),
        cmocka_unit_test(test_prefix_length_for_ips),
        cmocka_unit_test(test_prefix_nth_address),
        cmocka_unit_test(test_prefix_subnet),
        cmocka_unit_test(test_prefix_next),
        cmocka_unit_test(test_prefix_normalize_lists),
        cmocka_unit_test(test_prefix_normalize_arguments),
        cmocka_unit_test(test_prefix_normalize_random_oracle),
    };
    return cmocka_run_group_tests_name("prefix", tests, NULL, NULL);
}
