/*
 * Addresses and prefixes: strict parsing, canonical formatting, arithmetic.
 *
 * Parsing rules (docs/c-api.md "Prefixes"): IPv4 dotted quad with exactly four decimal
 * octets, no leading zeros (CVE-2021-29921: "010" is octal to inet_aton and decimal to
 * others), each <= 255; IPv6 per RFC 4291 section 2.2 (x:x:x:x:x:x:x:x, "::" once, an
 * IPv4 tail in the last 32 bits), no zone ids. Formatting of IPv6 follows RFC 5952.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* ---- numeric helpers --------------------------------------------------------------------- */

aksnet_u128 aksnet__addr_to_u128(int family, const uint8_t bytes[16])
{
    aksnet_u128 v = {0, 0};
    int i;
    if (family == AKSNET_FAMILY_IPV4) {
        v.lo = ((uint64_t)bytes[0] << 24) | ((uint64_t)bytes[1] << 16) |
               ((uint64_t)bytes[2] << 8) | (uint64_t)bytes[3];
        return v;
    }
    for (i = 0; i < 8; i++)
        v.hi = (v.hi << 8) | bytes[i];
    for (i = 8; i < 16; i++)
        v.lo = (v.lo << 8) | bytes[i];
    return v;
}

void aksnet__u128_to_bytes(uint8_t bytes[16], int family, aksnet_u128 v)
{
    int i;
    memset(bytes, 0, 16);
    if (family == AKSNET_FAMILY_IPV4) {
        bytes[0] = (uint8_t)(v.lo >> 24);
        bytes[1] = (uint8_t)(v.lo >> 16);
        bytes[2] = (uint8_t)(v.lo >> 8);
        bytes[3] = (uint8_t)v.lo;
        return;
    }
    for (i = 7; i >= 0; i--) {
        bytes[i] = (uint8_t)v.hi;
        v.hi >>= 8;
    }
    for (i = 15; i >= 8; i--) {
        bytes[i] = (uint8_t)v.lo;
        v.lo >>= 8;
    }
}

static bool family_ok(int family)
{
    return family == AKSNET_FAMILY_IPV4 || family == AKSNET_FAMILY_IPV6;
}

bool aksnet__prefix_is_set(const aksnet_prefix *p)
{
    return p != NULL && p->family != AKSNET_FAMILY_UNSET;
}

bool aksnet__prefix_valid(const aksnet_prefix *p)
{
    unsigned bits;
    aksnet_u128 v, host;
    if (p == NULL || !family_ok(p->family))
        return false;
    bits = aksnet__family_bits(p->family);
    if (p->length > bits)
        return false;
    v = aksnet__addr_to_u128(p->family, p->bytes);
    host = aksnet__u128_low_mask(bits - p->length);
    return aksnet__u128_is_zero(aksnet__u128_and(v, host));
}

bool aksnet__address_valid(const aksnet_address *a)
{
    return a != NULL && family_ok(a->family);
}

void aksnet__prefix_range(const aksnet_prefix *p, aksnet_u128 *first, aksnet_u128 *last)
{
    unsigned bits = aksnet__family_bits(p->family);
    aksnet_u128 v = aksnet__addr_to_u128(p->family, p->bytes);
    aksnet_u128 host = aksnet__u128_low_mask(bits - p->length);
    v = aksnet__u128_and(v, aksnet__u128_not(host));
    if (first)
        *first = v;
    if (last)
        *last = aksnet__u128_or(v, host);
}

void aksnet__prefix_make(aksnet_prefix *out, int family, aksnet_u128 network, unsigned length)
{
    memset(out, 0, sizeof(*out));
    out->family = (uint8_t)family;
    out->length = (uint8_t)length;
    aksnet__u128_to_bytes(out->bytes, family, network);
}

/* ---- parsing ----------------------------------------------------------------------------- */

#define PARSE_FAIL(...) aksnet__error(err, AKSNET_EPARSE, NULL, __VA_ARGS__)

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* printable rendering of one byte for messages */
static void show_char(char out[8], unsigned char c)
{
    if (c >= 0x21 && c < 0x7f)
        snprintf(out, 8, "'%c'", (char)c);
    else
        snprintf(out, 8, "0x%02x", (unsigned)c);
}

/* Quote the input for messages (bounded, non-printables escaped). */
static void quote_input(char out[100], const char *text, size_t len)
{
    size_t i, o = 0;
    out[o++] = '"';
    for (i = 0; i < len && o < 88; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out[o++] = (char)c;
        } else {
            int n = snprintf(out + o, 96 - o, "\\x%02x", (unsigned)c);
            if (n < 0)
                break;
            o += (size_t)n;
        }
    }
    if (i < len && o < 92) {
        out[o++] = '.';
        out[o++] = '.';
        out[o++] = '.';
    }
    out[o++] = '"';
    out[o] = '\0';
}

/* Four decimal octets "a.b.c.d" without leading zeros, each <= 255, at the start of
 * t[0..len), followed by the byte `after`, or by nothing when `after` is '\0': *addr gets
 * the octets (a in the top byte) and *end the offset just after them (and after `after`).
 * False for anything else. (A constant `after` at each call keeps the loop as tight as a
 * parser written for that case.) */
static inline bool ipv4_octets(const char *t, size_t len, char after, uint32_t *addr,
                               size_t *end)
{
    uint32_t a = 0;
    size_t i = 0;
    unsigned o, d;
    for (o = 0; o < 4; o++) {
        unsigned v;
        if (i >= len || (d = (unsigned)(unsigned char)t[i] - '0') > 9)
            return false;
        v = d;
        i++;
        if (i < len && (d = (unsigned)(unsigned char)t[i] - '0') <= 9) {
            if (v == 0)
                return false;
            v = v * 10 + d;
            i++;
            if (i < len && (d = (unsigned)(unsigned char)t[i] - '0') <= 9) {
                v = v * 10 + d;
                i++;
                if (v > 255)
                    return false;
            }
        }
        a = a << 8 | v;
        if (o < 3 || after != '\0') {
            if (i >= len || t[i] != (o < 3 ? '.' : after))
                return false;
            i++;
        }
    }
    *addr = a;
    *end = i;
    return after != '\0' || i == len;
}

/* The common case of parse_ipv4: four plain octets (ipv4_octets) and nothing else. False
 * for anything else (parse_ipv4 then finds what is wrong). */
static bool ipv4_plain(uint8_t out[4], const char *t, size_t len)
{
    uint32_t addr;
    size_t i;
    if (!ipv4_octets(t, len, '\0', &addr, &i))
        return false;
    out[0] = (uint8_t)(addr >> 24);
    out[1] = (uint8_t)(addr >> 16);
    out[2] = (uint8_t)(addr >> 8);
    out[3] = (uint8_t)addr;
    return true;
}

/* The common case of aksnet_prefix_parse(out, t, len, 0, ...) in one pass: "a.b.c.d/n", four
 * plain octets (ipv4_octets), a length 0..32 without a leading zero or sign, host bits
 * clear, nothing else. Then *out is exactly what aksnet_prefix_parse stores and the result
 * is true; false (out untouched) for anything else, including text that aksnet_prefix_parse
 * accepts (it then decides). */
bool aksnet__prefix_parse_v4_plain(aksnet_prefix *out, const char *t, size_t len)
{
    uint32_t addr;
    size_t i;
    unsigned d, n;
    if (!ipv4_octets(t, len, '/', &addr, &i))
        return false;
    if (i >= len || (d = (unsigned)(unsigned char)t[i] - '0') > 9)
        return false;
    n = d;
    i++;
    if (i < len) {
        if (n == 0 || i + 1 != len || (d = (unsigned)(unsigned char)t[i] - '0') > 9)
            return false;
        n = n * 10 + d;
    }
    if (n > 32 || (n < 32 && (addr & (UINT32_C(0xffffffff) >> n)) != 0))
        return false;
    memset(out, 0, sizeof(*out));
    out->family = AKSNET_FAMILY_IPV4;
    out->length = (uint8_t)n;
    out->bytes[0] = (uint8_t)(addr >> 24);
    out->bytes[1] = (uint8_t)(addr >> 16);
    out->bytes[2] = (uint8_t)(addr >> 8);
    out->bytes[3] = (uint8_t)addr;
    return true;
}

/* Parse dotted-quad IPv4 in text[0..len). base is the offset of text in the whole input. */
static aksnet_status parse_ipv4(uint8_t out[4], const char *text, size_t len, size_t base,
                                unsigned flags, aksnet_error *err)
{
    size_t i = 0;
    int octet = 0;
    char ch[8];
    if (ipv4_plain(out, text, len))
        return AKSNET_OK;
    while (octet < 4) {
        size_t start = i;
        unsigned value = 0;
        if (i >= len || text[i] == '.') {
            aksnet__error_set_offset(err, base + i);
            if (i >= len && octet > 0 && text[len - 1] != '.')
                return PARSE_FAIL("IPv4 address has %d octet%s, needs 4", octet,
                                  octet == 1 ? "" : "s");
            return PARSE_FAIL("empty IPv4 octet at offset %zu", base + i);
        }
        while (i < len && is_digit(text[i])) {
            value = value * 10u + (unsigned)(text[i] - '0');
            if (value > 999)
                value = 999; /* saturate; only used for the message */
            i++;
        }
        if (i == start) {
            show_char(ch, (unsigned char)text[i]);
            aksnet__error_set_offset(err, base + i);
            return PARSE_FAIL("unexpected character %s at offset %zu in IPv4 address", ch,
                              base + i);
        }
        if (i - start > 1 && text[start] == '0' && !(flags & AKSNET_PARSE_DECIMAL_ZEROS)) {
            aksnet__error_set_offset(err, base + start);
            return PARSE_FAIL("IPv4 octet \"%.*s\" at offset %zu has a leading zero (ambiguous: "
                              "octal or decimal; CVE-2021-29921)",
                              (int)(i - start), text + start, base + start);
        }
        if (i - start > 3 && !(flags & AKSNET_PARSE_DECIMAL_ZEROS)) {
            aksnet__error_set_offset(err, base + start);
            return PARSE_FAIL("IPv4 octet \"%.*s\" at offset %zu is above 255", (int)(i - start),
                              text + start, base + start);
        }
        if (value > 255) {
            aksnet__error_set_offset(err, base + start);
            return PARSE_FAIL("IPv4 octet \"%.*s\" at offset %zu is above 255",
                              (int)(i - start > 12 ? 12 : i - start), text + start,
                              base + start);
        }
        out[octet++] = (uint8_t)value;
        if (octet == 4)
            break;
        if (i >= len) {
            aksnet__error_set_offset(err, base + i);
            return PARSE_FAIL("IPv4 address has %d octet%s, needs 4", octet,
                              octet == 1 ? "" : "s");
        }
        if (text[i] != '.') {
            show_char(ch, (unsigned char)text[i]);
            aksnet__error_set_offset(err, base + i);
            return PARSE_FAIL("unexpected character %s at offset %zu in IPv4 address", ch,
                              base + i);
        }
        i++;
    }
    if (i < len) {
        aksnet__error_set_offset(err, base + i);
        if (text[i] == '.')
            return PARSE_FAIL("IPv4 address has more than 4 octets");
        show_char(ch, (unsigned char)text[i]);
        return PARSE_FAIL("unexpected character %s at offset %zu after IPv4 address", ch,
                          base + i);
    }
    return AKSNET_OK;
}

/* Parse IPv6 text[0..len) per RFC 4291 2.2. */
static aksnet_status parse_ipv6(uint8_t out[16], const char *text, size_t len, size_t base,
                                unsigned flags, aksnet_error *err)
{
    uint16_t groups[8];
    int ngroups = 0, gap = -1; /* gap: index in groups where "::" sits */
    size_t i = 0;
    char ch[8];
    uint8_t v4[4];
    int k;

    memset(out, 0, 16);
    {
        /* RFC 4007 zone ids ("fe80::1%eth0", "%eth0.100") name an interface, not a network */
        const char *pct = memchr(text, '%', len);
        if (pct != NULL) {
            size_t at = base + (size_t)(pct - text);
            aksnet__error_set_offset(err, at);
            return PARSE_FAIL("IPv6 zone id at offset %zu (\"%%...\") is not allowed", at);
        }
    }
    if (len >= 2 && text[0] == ':' && text[1] == ':') {
        gap = 0;
        i = 2;
        if (i == len) {
            return AKSNET_OK; /* "::" */
        }
    } else if (len >= 1 && text[0] == ':') {
        aksnet__error_set_offset(err, base);
        return PARSE_FAIL("IPv6 address starts with a single ':' at offset %zu", base);
    }
    while (i < len) {
        size_t start = i;
        unsigned value = 0;
        int ndig = 0;
        /* IPv4 tail? look ahead for '.' before the next ':' */
        size_t j = i;
        while (j < len && text[j] != ':' && text[j] != '.')
            j++;
        if (j < len && text[j] == '.') {
            aksnet_status st;
            const char *colon = memchr(text + j, ':', len - j);
            if (colon != NULL) {
                /* RFC 4291 2.2: the dotted-quad part is only allowed as the last 32 bits */
                aksnet__error_set_offset(err, base + i);
                return PARSE_FAIL("misplaced IPv4 part at offset %zu: it must be the last 32 "
                                  "bits of the IPv6 address, but a ':' follows at offset %zu",
                                  base + i, base + (size_t)(colon - text));
            }
            if (ngroups + 2 > 8 || (gap >= 0 && ngroups + 2 > 7)) {
                aksnet__error_set_offset(err, base + i);
                return PARSE_FAIL("IPv6 address has too many groups before its IPv4 tail");
            }
            st = parse_ipv4(v4, text + i, len - i, base + i, flags & ~AKSNET_PARSE_DECIMAL_ZEROS,
                            err);
            if (st != AKSNET_OK)
                return st;
            groups[ngroups++] = (uint16_t)((v4[0] << 8) | v4[1]);
            groups[ngroups++] = (uint16_t)((v4[2] << 8) | v4[3]);
            break;
        }
        while (i < len && hex_value(text[i]) >= 0) {
            value = (value << 4) | (unsigned)hex_value(text[i]);
            ndig++;
            i++;
            if (ndig > 4) {
                aksnet__error_set_offset(err, base + start);
                return PARSE_FAIL("IPv6 group at offset %zu has more than 4 hex digits",
                                  base + start);
            }
        }
        if (ndig == 0) {
            if (i < len && text[i] == ':') {
                aksnet__error_set_offset(err, base + i - 1);
                return PARSE_FAIL("IPv6 address has a second \"::\" at offset %zu", base + i - 1);
            }
            aksnet__error_set_offset(err, base + i);
            if (i >= len)
                return PARSE_FAIL("IPv6 address ends with a single ':'");
            show_char(ch, (unsigned char)text[i]);
            return PARSE_FAIL("unexpected character %s at offset %zu in IPv6 address", ch,
                              base + i);
        }
        if (ngroups >= 8) {
            aksnet__error_set_offset(err, base + start);
            return PARSE_FAIL("IPv6 address has more than 8 groups");
        }
        groups[ngroups++] = (uint16_t)value;
        if (i == len)
            break;
        if (text[i] != ':') {
            aksnet__error_set_offset(err, base + i);
            show_char(ch, (unsigned char)text[i]);
            return PARSE_FAIL("unexpected character %s at offset %zu in IPv6 address", ch,
                              base + i);
        }
        i++; /* the ':' */
        if (i < len && text[i] == ':') {
            if (gap >= 0) {
                aksnet__error_set_offset(err, base + i - 1);
                return PARSE_FAIL("IPv6 address has a second \"::\" at offset %zu", base + i - 1);
            }
            gap = ngroups;
            i++;
            if (i == len)
                break;
        } else if (i == len) {
            aksnet__error_set_offset(err, base + i - 1);
            return PARSE_FAIL("IPv6 address ends with a single ':'");
        }
    }
    if (gap < 0 && ngroups != 8) {
        aksnet__error_set_offset(err, base + len);
        return PARSE_FAIL("IPv6 address has %d groups, needs 8 (or \"::\")", ngroups);
    }
    if (gap >= 0 && ngroups > 7) {
        aksnet__error_set_offset(err, base);
        return PARSE_FAIL("IPv6 address has \"::\" and %d groups: too many", ngroups);
    }
    /* expand */
    {
        uint16_t full[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        if (gap < 0) {
            memcpy(full, groups, sizeof(full));
        } else {
            int tail = ngroups - gap;
            for (k = 0; k < gap; k++)
                full[k] = groups[k];
            for (k = 0; k < tail; k++)
                full[8 - tail + k] = groups[gap + k];
        }
        for (k = 0; k < 8; k++) {
            out[(size_t)k * 2] = (uint8_t)(full[k] >> 8);
            out[(size_t)k * 2 + 1] = (uint8_t)full[k];
        }
    }
    return AKSNET_OK;
}

/* Common checks on the raw text: NULL, empty, length, NUL, surrounding space. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static aksnet_status check_text(const char *text, size_t len, aksnet_error *err, const char *what)
{
    size_t i;
    if (len == 0)
        return PARSE_FAIL("empty %s", what);
    if (len > AKSNET_PREFIX_TEXT_MAX) {
        aksnet__error_set_offset(err, AKSNET_PREFIX_TEXT_MAX);
        return PARSE_FAIL("%s is %zu bytes long; at most %d are accepted", what, len,
                          AKSNET_PREFIX_TEXT_MAX);
    }
    {
        const char *nul = memchr(text, '\0', len);
        if (nul != NULL) {
            i = (size_t)(nul - text);
            aksnet__error_set_offset(err, i);
            return PARSE_FAIL("embedded NUL byte at offset %zu in %s", i, what);
        }
    }
    if (is_space(text[0])) {
        aksnet__error_set_offset(err, 0);
        return PARSE_FAIL("leading white space in %s", what);
    }
    if (is_space(text[len - 1])) {
        aksnet__error_set_offset(err, len - 1);
        return PARSE_FAIL("trailing white space in %s", what);
    }
    return AKSNET_OK;
}

static aksnet_status parse_addr_part(aksnet_address *out, const char *text, size_t len,
                                     unsigned flags, aksnet_error *err)
{
    bool v6 = memchr(text, ':', len) != NULL;
    aksnet_status st;
    if (len == 0)
        return PARSE_FAIL("missing address before '/'");
    if (v6) {
        if (flags & AKSNET_PARSE_IPV4_ONLY)
            return PARSE_FAIL("an IPv4 address is required, got IPv6");
        st = parse_ipv6(out->bytes, text, len, 0, flags, err);
        if (st == AKSNET_OK)
            out->family = AKSNET_FAMILY_IPV6;
    } else {
        if (flags & AKSNET_PARSE_IPV6_ONLY)
            return PARSE_FAIL("an IPv6 address is required, got IPv4");
        st = parse_ipv4(out->bytes, text, len, 0, flags, err);
        if (st == AKSNET_OK)
            out->family = AKSNET_FAMILY_IPV4;
    }
    return st;
}

#define KNOWN_FLAGS                                                                            \
    (AKSNET_PARSE_MASK_HOST_BITS | AKSNET_PARSE_ALLOW_ADDRESS | AKSNET_PARSE_IPV4_ONLY |       \
     AKSNET_PARSE_IPV6_ONLY | AKSNET_PARSE_DECIMAL_ZEROS)

aksnet_status aksnet_address_parse(aksnet_address *out, const char *text, size_t len,
                                   unsigned int flags, aksnet_error *err)
{
    aksnet_status st;
    char q[100];
    if (out != NULL)
        memset(out, 0, sizeof(*out));
    aksnet__error_clear(err);
    if (out == NULL || (text == NULL && len > 0))
        return aksnet__error(err, AKSNET_EINVAL, NULL, "NULL argument");
    if (flags & ~(unsigned)(AKSNET_PARSE_IPV4_ONLY | AKSNET_PARSE_IPV6_ONLY |
                            AKSNET_PARSE_DECIMAL_ZEROS))
        return aksnet__error(err, AKSNET_EINVAL, NULL, "unknown parse flags 0x%x", flags);
    if ((flags & AKSNET_PARSE_IPV4_ONLY) && (flags & AKSNET_PARSE_IPV6_ONLY))
        return aksnet__error(err, AKSNET_EINVAL, NULL,
                             "AKSNET_PARSE_IPV4_ONLY and AKSNET_PARSE_IPV6_ONLY together");
    st = check_text(text, len, err, "address");
    if (st == AKSNET_OK && text != NULL) {
        const char *slash = memchr(text, '/', len);
        if (slash != NULL) {
            aksnet__error_set_offset(err, (size_t)(slash - text));
            st = PARSE_FAIL("an address was expected, got a prefix (\"/\" at offset %zu)",
                            (size_t)(slash - text));
        }
    }
    if (st == AKSNET_OK)
        st = parse_addr_part(out, text, len, flags, err);
    if (st != AKSNET_OK) {
        memset(out, 0, sizeof(*out));
        quote_input(q, text, len);
        memcpy(q + strlen(q), ": ", 3); /* q holds at most 96 + 3 bytes of its 100 */
        aksnet__error_prepend(err, q);
    }
    return st;
}

static aksnet_status parse_prefix_inner(aksnet_prefix *out, const char *text, size_t len,
                                        unsigned flags, aksnet_error *err)
{
    const char *slash;
    size_t alen, plen, i;
    aksnet_address a;
    aksnet_status st;
    unsigned bits, length = 0;
    aksnet_u128 v, host;
    char ch[8];

    st = check_text(text, len, err, "prefix");
    if (st != AKSNET_OK || text == NULL)
        return st != AKSNET_OK ? st : AKSNET_EINVAL;
    slash = memchr(text, '/', len);
    if (slash == NULL) {
        if (!(flags & AKSNET_PARSE_ALLOW_ADDRESS)) {
            /* make sure the address part is valid before complaining about the length */
            memset(&a, 0, sizeof(a));
            st = parse_addr_part(&a, text, len, flags, err);
            if (st != AKSNET_OK)
                return st;
            aksnet__error_set_offset(err, len);
            return PARSE_FAIL("missing prefix length (\"/<0-%u>\")",
                              aksnet__family_bits(a.family));
        }
        memset(&a, 0, sizeof(a));
        st = parse_addr_part(&a, text, len, flags, err);
        if (st != AKSNET_OK)
            return st;
        out->family = a.family;
        out->length = (uint8_t)aksnet__family_bits(a.family);
        memcpy(out->bytes, a.bytes, 16);
        return AKSNET_OK;
    }
    alen = (size_t)(slash - text);
    plen = len - alen - 1;
    memset(&a, 0, sizeof(a));
    st = parse_addr_part(&a, text, alen, flags, err);
    if (st != AKSNET_OK)
        return st;
    bits = aksnet__family_bits(a.family);
    if (plen == 0) {
        aksnet__error_set_offset(err, alen + 1);
        return PARSE_FAIL("missing prefix length after '/' (0-%u)", bits);
    }
    if (slash[1] == '+' || slash[1] == '-') {
        aksnet__error_set_offset(err, alen + 1);
        return PARSE_FAIL("prefix length has a sign ('%c')", slash[1]);
    }
    for (i = 0; i < plen; i++) {
        char c = slash[1 + i];
        if (!is_digit(c)) {
            aksnet__error_set_offset(err, alen + 1 + i);
            if (c == '/')
                return PARSE_FAIL("more than one '/' (offset %zu)", alen + 1 + i);
            if (c == ' ' || c == '\t')
                return PARSE_FAIL("space in prefix length at offset %zu", alen + 1 + i);
            show_char(ch, (unsigned char)c);
            return PARSE_FAIL("unexpected character %s at offset %zu in prefix length", ch,
                              alen + 1 + i);
        }
        if (length <= 1000)
            length = length * 10u + (unsigned)(c - '0');
    }
    /* Terraform (internal/ipaddr, Go 1.16 net.ParseCIDR's dtoi) reads "/08" as /8 */
    if (plen > 1 && slash[1] == '0' && !(flags & AKSNET_PARSE_DECIMAL_ZEROS)) {
        aksnet__error_set_offset(err, alen + 1);
        return PARSE_FAIL("prefix length \"%.*s\" has a leading zero", (int)plen, slash + 1);
    }
    if (length > bits) {
        aksnet__error_set_offset(err, alen + 1);
        return PARSE_FAIL("prefix length %.*s is out of range for %s (0-%u)",
                          (int)(plen > 8 ? 8 : plen), slash + 1,
                          a.family == AKSNET_FAMILY_IPV4 ? "IPv4" : "IPv6", bits);
    }
    v = aksnet__addr_to_u128(a.family, a.bytes);
    host = aksnet__u128_low_mask(bits - length);
    out->family = a.family;
    out->length = (uint8_t)length;
    if (!aksnet__u128_is_zero(aksnet__u128_and(v, host))) {
        aksnet_prefix suggestion;
        char s[AKSNET_PREFIX_STRLEN];
        aksnet__prefix_make(&suggestion, a.family, aksnet__u128_and(v, aksnet__u128_not(host)),
                            length);
        if (flags & AKSNET_PARSE_MASK_HOST_BITS) {
            *out = suggestion;
            return AKSNET_OK;
        }
        aksnet__prefix_str(s, &suggestion);
        aksnet__error_set_offset(err, 0);
        aksnet__error_set_suggestion(err, s);
        return PARSE_FAIL("host bits are set (did you mean %s?)", s);
    }
    memcpy(out->bytes, a.bytes, 16);
    return AKSNET_OK;
}

aksnet_status aksnet_prefix_parse(aksnet_prefix *out, const char *text, size_t len,
                                  unsigned int flags, aksnet_error *err)
{
    aksnet_status st;
    char q[100];
    if (out != NULL)
        memset(out, 0, sizeof(*out));
    aksnet__error_clear(err);
    if (out == NULL || (text == NULL && len > 0))
        return aksnet__error(err, AKSNET_EINVAL, NULL, "NULL argument");
    if (flags & ~(unsigned)KNOWN_FLAGS)
        return aksnet__error(err, AKSNET_EINVAL, NULL, "unknown parse flags 0x%x", flags);
    if ((flags & AKSNET_PARSE_IPV4_ONLY) && (flags & AKSNET_PARSE_IPV6_ONLY))
        return aksnet__error(err, AKSNET_EINVAL, NULL,
                             "AKSNET_PARSE_IPV4_ONLY and AKSNET_PARSE_IPV6_ONLY together");
    st = parse_prefix_inner(out, text, len, flags, err);
    if (st != AKSNET_OK) {
        memset(out, 0, sizeof(*out));
        quote_input(q, text, len);
        memcpy(q + strlen(q), ": ", 3); /* q holds at most 96 + 3 bytes of its 100 */
        aksnet__error_prepend(err, q);
    }
    return st;
}

/* ---- formatting -------------------------------------------------------------------------- */

/* Decimal digits of v (0..255) at out; returns the count. */
static size_t put_dec8(char *out, unsigned v)
{
    size_t n = 0;
    if (v >= 100)
        out[n++] = (char)('0' + v / 100);
    if (v >= 10)
        out[n++] = (char)('0' + (v / 10) % 10);
    out[n++] = (char)('0' + v % 10);
    return n;
}

/* Lower-case hex digits of v without leading zeros (RFC 5952 4.1). */
static size_t put_hex16(char *out, unsigned v)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    int shift;
    for (shift = 12; shift > 0 && (v >> shift) == 0; shift -= 4)
        ;
    for (; shift >= 0; shift -= 4)
        out[n++] = hex[(v >> shift) & 15u];
    return n;
}

static size_t put_dotted(char *out, const uint8_t b[4])
{
    size_t o = put_dec8(out, b[0]);
    out[o++] = '.';
    o += put_dec8(out + o, b[1]);
    out[o++] = '.';
    o += put_dec8(out + o, b[2]);
    out[o++] = '.';
    o += put_dec8(out + o, b[3]);
    return o;
}

static size_t format_address(char *out, int family, const uint8_t b[16])
{
    size_t o = 0;
    if (family == AKSNET_FAMILY_IPV4) {
        o = put_dotted(out, b);
        out[o] = '\0';
        return o;
    } else {
        uint16_t g[8];
        int i, best = -1, bestlen = 0, cur = -1, curlen = 0;
        for (i = 0; i < 8; i++)
            g[i] = (uint16_t)((b[(size_t)i * 2] << 8) | b[(size_t)i * 2 + 1]);
        /* RFC 5952 4.2: compress the longest run of >= 2 zero groups, the first on ties */
        for (i = 0; i < 8; i++) {
            if (g[i] == 0) {
                if (cur < 0) {
                    cur = i;
                    curlen = 0;
                }
                curlen++;
                if (curlen > bestlen) {
                    best = cur;
                    bestlen = curlen;
                }
            } else {
                cur = -1;
            }
        }
        if (bestlen < 2)
            best = -1;
        /* RFC 5952 5: IPv4-mapped addresses (::ffff:0:0/96) in mixed notation */
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            memcpy(out, "::ffff:", 7);
            o = 7 + put_dotted(out + 7, b + 12);
            out[o] = '\0';
            return o;
        }
        for (i = 0; i < 8; i++) {
            if (i == best) {
                out[o++] = ':';
                if (i == 0)
                    out[o++] = ':';
                i += bestlen - 1;
                continue;
            }
            o += put_hex16(out + o, g[i]);
            if (i < 7)
                out[o++] = ':';
        }
        out[o] = '\0';
        return o;
    }
}

void aksnet__address_str(char out[AKSNET_ADDRESS_STRLEN], const aksnet_address *a)
{
    if (!aksnet__address_valid(a)) {
        out[0] = '\0';
        return;
    }
    format_address(out, a->family, a->bytes);
}

/* Format a prefix of valid family and length; returns its length (without the NUL). */
static size_t prefix_text(char out[AKSNET_PREFIX_STRLEN], const aksnet_prefix *p)
{
    size_t n = format_address(out, p->family, p->bytes);
    out[n++] = '/';
    n += put_dec8(out + n, p->length);
    out[n] = '\0';
    return n;
}

void aksnet__prefix_str(char out[AKSNET_PREFIX_STRLEN], const aksnet_prefix *p)
{
    if (p == NULL || !family_ok(p->family) || p->length > aksnet__family_bits(p->family)) {
        out[0] = '\0';
        return;
    }
    prefix_text(out, p);
}

aksnet_status aksnet_prefix_format(char *buf, size_t buflen, size_t *needed,
                                   const aksnet_prefix *prefix)
{
    char tmp[AKSNET_PREFIX_STRLEN];
    if (!aksnet__prefix_valid(prefix)) {
        if (needed)
            *needed = 0;
        if (buf && buflen)
            buf[0] = '\0';
        return AKSNET_EINVAL;
    }
    if (buf != NULL && buflen >= AKSNET_PREFIX_STRLEN) { /* always enough: format in place */
        size_t n = prefix_text(buf, prefix);
        if (needed)
            *needed = n + 1;
        return AKSNET_OK;
    }
    return aksnet__copy_out(buf, buflen, needed, tmp, prefix_text(tmp, prefix));
}

aksnet_status aksnet_address_format(char *buf, size_t buflen, size_t *needed,
                                    const aksnet_address *address)
{
    char tmp[AKSNET_ADDRESS_STRLEN];
    if (!aksnet__address_valid(address)) {
        if (needed)
            *needed = 0;
        if (buf && buflen)
            buf[0] = '\0';
        return AKSNET_EINVAL;
    }
    aksnet__address_str(tmp, address);
    return aksnet__copy_out(buf, buflen, needed, tmp, strlen(tmp));
}

/* ---- relations and arithmetic ------------------------------------------------------------ */

int aksnet_prefix_compare(const aksnet_prefix *a, const aksnet_prefix *b)
{
    aksnet_u128 va, vb;
    int c;
    if (a == NULL || b == NULL)
        return (a != NULL) - (b != NULL);
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    va = aksnet__addr_to_u128(a->family, a->bytes);
    vb = aksnet__addr_to_u128(b->family, b->bytes);
    c = aksnet__u128_cmp(va, vb);
    if (c != 0)
        return c;
    return (a->length > b->length) - (a->length < b->length);
}

int aksnet_prefix_contains(const aksnet_prefix *outer, const aksnet_prefix *inner)
{
    aksnet_u128 of, ol, inf, inl;
    if (!aksnet__prefix_valid(outer) || !aksnet__prefix_valid(inner) ||
        outer->family != inner->family)
        return 0;
    aksnet__prefix_range(outer, &of, &ol);
    aksnet__prefix_range(inner, &inf, &inl);
    return aksnet__u128_le(of, inf) && aksnet__u128_le(inl, ol);
}

int aksnet_prefix_contains_address(const aksnet_prefix *prefix, const aksnet_address *address)
{
    aksnet_u128 f, l, v;
    if (!aksnet__prefix_valid(prefix) || !aksnet__address_valid(address) ||
        prefix->family != address->family)
        return 0;
    aksnet__prefix_range(prefix, &f, &l);
    v = aksnet__addr_to_u128(address->family, address->bytes);
    return aksnet__u128_le(f, v) && aksnet__u128_le(v, l);
}

int aksnet_prefix_overlaps(const aksnet_prefix *a, const aksnet_prefix *b)
{
    aksnet_u128 af, al, bf, bl;
    if (!aksnet__prefix_valid(a) || !aksnet__prefix_valid(b) || a->family != b->family)
        return 0;
    aksnet__prefix_range(a, &af, &al);
    aksnet__prefix_range(b, &bf, &bl);
    return aksnet__u128_le(af, bl) && aksnet__u128_le(bf, al);
}

aksnet_status aksnet_prefix_first(aksnet_address *out, const aksnet_prefix *prefix)
{
    aksnet_u128 f;
    if (out == NULL || !aksnet__prefix_valid(prefix))
        return AKSNET_EINVAL;
    aksnet__prefix_range(prefix, &f, NULL);
    memset(out, 0, sizeof(*out));
    out->family = prefix->family;
    aksnet__u128_to_bytes(out->bytes, prefix->family, f);
    return AKSNET_OK;
}

aksnet_status aksnet_prefix_last(aksnet_address *out, const aksnet_prefix *prefix)
{
    aksnet_u128 l;
    if (out == NULL || !aksnet__prefix_valid(prefix))
        return AKSNET_EINVAL;
    aksnet__prefix_range(prefix, NULL, &l);
    memset(out, 0, sizeof(*out));
    out->family = prefix->family;
    aksnet__u128_to_bytes(out->bytes, prefix->family, l);
    return AKSNET_OK;
}

uint64_t aksnet_prefix_num_addresses(const aksnet_prefix *prefix)
{
    unsigned host;
    if (!aksnet__prefix_valid(prefix))
        return 0;
    host = aksnet__family_bits(prefix->family) - prefix->length;
    if (host >= 64)
        return UINT64_MAX;
    return UINT64_C(1) << host;
}

aksnet_status aksnet_prefix_azure_usable(uint64_t *out, const aksnet_prefix *prefix)
{
    if (out == NULL || !aksnet__prefix_valid(prefix))
        return AKSNET_EINVAL;
    *out = 0;
    /* Azure virtual network FAQ: 5 reserved addresses per subnet; IPv4 /29 smallest;
     * IPv6 subnets are exactly /64. Largest IPv4 subnet: /8 (conservative reading of the
     * FAQ conflict /2 vs /8, docs/sizing.md). */
    if (prefix->family == AKSNET_FAMILY_IPV4) {
        if (prefix->length < 8 || prefix->length > 29)
            return AKSNET_ERANGE;
        *out = (UINT64_C(1) << (32 - prefix->length)) - 5;
        return AKSNET_OK;
    }
    if (prefix->length != 64)
        return AKSNET_ERANGE;
    *out = UINT64_MAX - 4; /* 2^64 - 5 */
    return AKSNET_OK;
}

aksnet_status aksnet_prefix_length_for_ips(uint8_t *out, uint64_t ips)
{
    unsigned p;
    if (out == NULL)
        return AKSNET_EINVAL;
    for (p = 29; p >= 8; p--) {
        if ((UINT64_C(1) << (32 - p)) - 5 >= ips) {
            *out = (uint8_t)p;
            return AKSNET_OK;
        }
    }
    *out = 0;
    return AKSNET_ERANGE;
}

aksnet_status aksnet_prefix_nth_address(aksnet_address *out, const aksnet_prefix *prefix,
                                        uint64_t n)
{
    aksnet_u128 f;
    unsigned host;
    if (out == NULL || !aksnet__prefix_valid(prefix))
        return AKSNET_EINVAL;
    host = aksnet__family_bits(prefix->family) - prefix->length;
    if (host < 64 && n >= (UINT64_C(1) << host))
        return AKSNET_ERANGE;
    aksnet__prefix_range(prefix, &f, NULL);
    memset(out, 0, sizeof(*out));
    out->family = prefix->family;
    aksnet__u128_to_bytes(out->bytes, prefix->family, aksnet__u128_add(f, aksnet__u128(0, n)));
    return AKSNET_OK;
}

aksnet_status aksnet_prefix_subnet(aksnet_prefix *out, const aksnet_prefix *prefix,
                                   uint8_t new_length, uint64_t k)
{
    aksnet_u128 f;
    unsigned bits, diff;
    if (out == NULL || !aksnet__prefix_valid(prefix))
        return AKSNET_EINVAL;
    bits = aksnet__family_bits(prefix->family);
    if (new_length < prefix->length || new_length > bits)
        return AKSNET_ERANGE;
    diff = (unsigned)new_length - prefix->length;
    if (diff < 64 && k >= (UINT64_C(1) << diff))
        return AKSNET_ERANGE;
    aksnet__prefix_range(prefix, &f, NULL);
    f = aksnet__u128_add(f, aksnet__u128_shl(aksnet__u128(0, k), bits - new_length));
    aksnet__prefix_make(out, prefix->family, f, new_length);
    return AKSNET_OK;
}

aksnet_status aksnet_prefix_next(aksnet_prefix *out, const aksnet_prefix *prefix)
{
    aksnet_u128 l, max;
    unsigned bits;
    if (out == NULL || !aksnet__prefix_valid(prefix))
        return AKSNET_EINVAL;
    bits = aksnet__family_bits(prefix->family);
    aksnet__prefix_range(prefix, NULL, &l);
    max = aksnet__u128_low_mask(bits);
    if (aksnet__u128_eq(l, max))
        return AKSNET_ERANGE;
    aksnet__prefix_make(out, prefix->family, aksnet__u128_inc(l), prefix->length);
    return AKSNET_OK;
}

/* ---- normalisation ----------------------------------------------------------------------- */

/* In-place introsort (quicksort, median of three, insertion sort for short runs, heapsort
 * when the recursion gets deep) in aksnet_prefix_compare order. qsort(3) is not used: it
 * promises neither O(n log n) nor "no allocation" (glibc's merge sort mallocs a copy of
 * arrays above 1 KiB), and aksnet_prefix_normalize documents both. The comparison works on
 * the bytes (network order, so memcmp is numeric order) of prefixes already validated. */
static inline uint64_t be64(const uint8_t *b)
{
    return ((uint64_t)b[0] << 56) | ((uint64_t)b[1] << 48) | ((uint64_t)b[2] << 40) |
           ((uint64_t)b[3] << 32) | ((uint64_t)b[4] << 24) | ((uint64_t)b[5] << 16) |
           ((uint64_t)b[6] << 8) | (uint64_t)b[7];
}

static inline int pcmp(const aksnet_prefix *a, const aksnet_prefix *b)
{
    uint64_t x, y;
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    if (a->family == AKSNET_FAMILY_IPV4) {
        x = be64(a->bytes) >> 32; /* bytes 0..3 */
        y = be64(b->bytes) >> 32;
    } else {
        x = be64(a->bytes);
        y = be64(b->bytes);
        if (x == y) {
            x = be64(a->bytes + 8);
            y = be64(b->bytes + 8);
        }
    }
    if (x != y)
        return x < y ? -1 : 1;
    return (a->length > b->length) - (a->length < b->length);
}

static void swap_prefix(aksnet_prefix *a, aksnet_prefix *b)
{
    aksnet_prefix t = *a;
    *a = *b;
    *b = t;
}

static void sift_down(aksnet_prefix *v, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && pcmp(&v[child], &v[child + 1]) < 0)
            child++;
        if (pcmp(&v[root], &v[child]) >= 0)
            return;
        swap_prefix(&v[root], &v[child]);
        root = child;
    }
}

static void heap_sort(aksnet_prefix *v, size_t n)
{
    size_t i;
    if (n < 2)
        return;
    for (i = n / 2; i-- > 0;)
        sift_down(v, i, n);
    for (i = n - 1; i > 0; i--) {
        swap_prefix(&v[0], &v[i]);
        sift_down(v, 0, i);
    }
}

static void insertion_sort(aksnet_prefix *v, size_t n)
{
    size_t i, j;
    for (i = 1; i < n; i++) {
        aksnet_prefix t = v[i];
        for (j = i; j > 0 && pcmp(&t, &v[j - 1]) < 0; j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
}

static void intro_sort(aksnet_prefix *v, size_t n, unsigned depth)
{
    while (n > 16) {
        size_t mid = n / 2, i, j;
        if (depth == 0) {
            heap_sort(v, n);
            return;
        }
        depth--;
        /* median of three into v[0], pivot value v[0] */
        if (pcmp(&v[mid], &v[0]) < 0)
            swap_prefix(&v[mid], &v[0]);
        if (pcmp(&v[n - 1], &v[0]) < 0)
            swap_prefix(&v[n - 1], &v[0]);
        if (pcmp(&v[n - 1], &v[mid]) < 0)
            swap_prefix(&v[n - 1], &v[mid]);
        swap_prefix(&v[0], &v[mid]);
        /* Hoare partition around v[0] */
        i = 0;
        j = n;
        for (;;) {
            do
                i++;
            while (i < n && pcmp(&v[i], &v[0]) < 0);
            do
                j--;
            while (pcmp(&v[j], &v[0]) > 0);
            if (i >= j)
                break;
            swap_prefix(&v[i], &v[j]);
        }
        swap_prefix(&v[0], &v[j]);
        /* recurse into the smaller side, loop on the larger (O(log n) stack) */
        if (j < n - j - 1) {
            intro_sort(v, j, depth);
            v += j + 1;
            n -= j + 1;
        } else {
            intro_sort(v + j + 1, n - j - 1, depth);
            n = j;
        }
    }
    insertion_sort(v, n);
}

static void sort_prefixes(aksnet_prefix *v, size_t n)
{
    unsigned depth = 0;
    size_t k;
    for (k = n; k > 1; k >>= 1)
        depth += 2;
    intro_sort(v, n, depth);
}

/* Emit the maximal aligned prefixes covering [lo, hi] into out (advancing *o). */
static void emit_range(aksnet_prefix *out, size_t *o, int family, aksnet_u128 lo, aksnet_u128 hi)
{
    unsigned bits = aksnet__family_bits(family);
    for (;;) {
        unsigned k = aksnet__u128_ctz(lo);
        aksnet_u128 span;
        if (k > bits)
            k = bits;
        /* shrink k until lo + 2^k - 1 <= hi */
        for (;;) {
            aksnet_u128 end = aksnet__u128_or(lo, aksnet__u128_low_mask(k));
            if (aksnet__u128_le(end, hi))
                break;
            k--;
        }
        aksnet__prefix_make(&out[(*o)++], family, lo, bits - k);
        span = aksnet__u128_or(lo, aksnet__u128_low_mask(k));
        if (aksnet__u128_eq(span, hi))
            return;
        lo = aksnet__u128_inc(span);
    }
}

aksnet_status aksnet_prefix_normalize(aksnet_prefix *prefixes, size_t count, size_t *count_out,
                                      uint64_t *overlapping_pairs_out)
{
    size_t i, o = 0, depth = 0;
    uint64_t pairs = 0;
    if (count_out)
        *count_out = 0;
    if (overlapping_pairs_out)
        *overlapping_pairs_out = 0;
    if (count == 0)
        return AKSNET_OK;
    if (prefixes == NULL)
        return AKSNET_EINVAL;
    for (i = 0; i < count; i++)
        if (!aksnet__prefix_valid(&prefixes[i]))
            return AKSNET_EINVAL;
    sort_prefixes(prefixes, count);

    /* Overlapping pairs. Two prefixes are either nested or disjoint; in sorted order every
     * prefix that contains prefix i comes before it and is still "open" (its last address is
     * not below i's first). The open prefixes form a chain of strictly nested prefixes, kept
     * on a stack with one entry per distinct prefix and its multiplicity (duplicates), so the
     * depth is at most 129 (one per length 0..128) whatever the input. */
    {
        /* stack of (index, multiplicity) */
        size_t stk[130];
        uint64_t mult[130];
        aksnet_u128 stk_last[130];
        uint64_t open = 0; /* total multiplicity on the stack */
        int prev_family = 0;
        for (i = 0; i < count; i++) {
            aksnet_u128 f, l;
            aksnet__prefix_range(&prefixes[i], &f, &l);
            if (prefixes[i].family != prev_family) {
                depth = 0;
                open = 0;
                prev_family = prefixes[i].family;
            }
            while (depth > 0 && aksnet__u128_lt(stk_last[depth - 1], f)) {
                open -= mult[depth - 1];
                depth--;
            }
            pairs += open;
            if (depth > 0 && aksnet_prefix_compare(&prefixes[stk[depth - 1]], &prefixes[i]) == 0) {
                mult[depth - 1]++;
            } else {
                stk[depth] = i;
                mult[depth] = 1;
                stk_last[depth] = l;
                depth++;
            }
            open++;
        }
    }

    /* Merge into ranges and re-emit minimal aligned prefixes in place. */
    i = 0;
    while (i < count) {
        int family = prefixes[i].family;
        aksnet_u128 lo, hi, f, l;
        aksnet__prefix_range(&prefixes[i], &lo, &hi);
        i++;
        while (i < count && prefixes[i].family == family) {
            aksnet__prefix_range(&prefixes[i], &f, &l);
            /* overlapping or adjacent (hi + 1 == f, without overflow) */
            if (aksnet__u128_le(f, hi) ||
                (!aksnet__u128_eq(hi, aksnet__u128_low_mask(aksnet__family_bits(family))) &&
                 aksnet__u128_eq(aksnet__u128_inc(hi), f))) {
                if (aksnet__u128_lt(hi, l))
                    hi = l;
                i++;
            } else {
                break;
            }
        }
        emit_range(prefixes, &o, family, lo, hi);
    }
    if (count_out)
        *count_out = o;
    if (overlapping_pairs_out)
        *overlapping_pairs_out = pairs;
    return AKSNET_OK;
}
