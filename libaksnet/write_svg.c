/*
 * The result as a standalone SVG address map.
 *
 * Top to bottom: a title, a legend of the kinds drawn, then one band per VNet address space
 * drawn to scale by address count (each subnet, reserved, avoid, forbidden and free range a
 * block), zoom bands for groups of blocks too small to read at that scale, numbered keys with
 * leader lines for the blocks that are still too narrow for a label, subnets that could not be
 * placed, each cluster's pod CIDR (one /24 per node) and service CIDR, the avoid ranges near
 * the VNet and the cluster ranges, and the error and warning diagnostics.
 *
 * Every block is a <rect class="block"> with plain-number x/width and data-band, data-kind,
 * data-cidr, data-name, data-first and data-addresses attributes (tests check the scale from
 * them) and a <title> tooltip. Output is deterministic: numbers use fixed precision, nothing
 * depends on the time. Text widths are estimated with DejaVu Sans advance widths (wider than
 * Arial and Helvetica), so labels that fit there fit in other sans-serif fonts too. Every
 * user-supplied string is escaped; invalid UTF-8 and characters XML forbids are replaced.
 */
#include "result.h"
#include "sizing.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef aksnet_u128 u128;

/* ---- geometry --------------------------------------------------------------------------- */

#define SVG_W 1200
#define BX 20.0          /* left edge of every band */
#define BW 1160.0        /* width of every band */
#define BAND_H 58.0      /* address-space and zoom bands */
#define SMALL_H 30.0     /* pod CIDR and service CIDR bands */
#define KEY_COL_W 580.0  /* two key columns */
#define KEY_ROW_H 18.0
#define MAX_ZOOMS 4      /* zoom bands per address space */
#define MAX_ZOOMS_DOC 26 /* letters A..Z for the zooms of address spaces */
#define MAX_NEAR 24      /* avoid ranges drawn in a neighbourhood strip */
#define MAX_DIAG_LINES 12
#define MAX_LIST_LINES 20 /* unplaced and outside subnets listed */
#define FONT_STACK "'DejaVu Sans', Verdana, 'Segoe UI', Arial, Helvetica, sans-serif"

/* ---- kinds and their styles (Okabe-Ito colours plus patterns and text) -------------------- */

enum {
    K_NODES,
    K_PODS,
    K_REQUESTED,
    K_EXISTING,
    K_APISERVER,
    K_RESERVED,
    K_AVOID,
    K_FORBIDDEN,
    K_FREE,
    K_OTHER,
    K_PODCIDR,
    K_PODCIDR_FREE,
    K_PODCIDR_SHORT,
    K_SERVICE,
    K_VNET,
    K_SMALL,
    K_COUNT
};

typedef struct kind_style {
    const char *id;      /* data-kind */
    const char *legend;  /* legend text, or NULL for none */
    const char *short_;  /* word used in labels and keys */
    const char *fill;
    const char *ink;     /* text colour on the fill */
    const char *pattern; /* "hatch", "cross" or NULL (plain fill) */
} kind_style;

static const kind_style KINDS[K_COUNT] = {
    {"nodes", "node subnet", "nodes", "#0072B2", "#FFFFFF", NULL},
    {"pods", "pod subnet", "pods", "#009E73", "#000000", NULL},
    {"requested", "requested subnet", "requested", "#E69F00", "#000000", NULL},
    {"existing", "existing subnet (no AKS pool)", "existing", "#CC79A7", "#000000", NULL},
    {"apiserver", "API server subnet", "API server", "#56B4E9", "#000000", NULL},
    {"reserved", "reserved", "reserved", "#BDBDBD", "#000000", "hatch"},
    {"avoid", "avoid range", "avoid", "#D55E00", "#000000", "cross"},
    {"forbidden", "range AKS forbids", "AKS forbids", "#505050", "#FFFFFF", "cross"},
    {"free", "free", "free", "#F4F4F4", "#333333", NULL},
    {"unavailable", "overlap / unavailable", "unavailable", "#8C8C8C", "#FFFFFF", "hatch"},
    {"pod-cidr-nodes", "pod CIDR used (one /24 per node)", "pod CIDR", "#009E73", "#000000",
     NULL},
    {"pod-cidr-free", NULL, "room", "#F4F4F4", "#333333", NULL},
    {"pod-cidr-short", "pod CIDR too small", "too small", "#D55E00", "#000000", "cross"},
    {"service", "service CIDR", "service CIDR", "#F0E442", "#000000", NULL},
    {"vnet", "VNet address space", "VNet", "#DCEBF7", "#000000", NULL},
    {"small-blocks", "many small blocks of mixed kinds", "small blocks", "#6E6E6E", "#FFFFFF",
     NULL},
};

/* ---- text measurement: DejaVu Sans advance widths (1/1000 em) of U+0020..U+007E ---------- */

static const unsigned short W_REGULAR[95] = {
    317, 400, 459, 837, 636, 950, 779, 274, 390, 390, 500, 837, 317, 360, 317, 336, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 336, 336, 837, 837, 837, 530, 1000, 684, 686, 698, 770, 631,
    575, 774, 751, 294, 294, 655, 557, 862, 748, 787, 603, 787, 694, 634, 610, 731, 684, 988, 685,
    610, 685, 390, 336, 390, 837, 500, 500, 612, 634, 549, 634, 615, 352, 634, 633, 277, 277, 579,
    277, 974, 633, 611, 634, 634, 411, 520, 392, 633, 591, 817, 591, 591, 524, 636, 336, 636, 837};
static const unsigned short W_BOLD[95] = {
    348, 456, 520, 837, 695, 1001, 872, 306, 457, 457, 522, 837, 379, 415, 379, 365, 695, 695, 695,
    695, 695, 695, 695, 695, 695, 695, 399, 399, 837, 837, 837, 580, 1000, 773, 762, 733, 830, 683,
    683, 820, 836, 372, 372, 774, 637, 995, 836, 850, 732, 850, 770, 720, 682, 812, 773, 1103, 770,
    724, 725, 457, 365, 457, 837, 500, 500, 674, 715, 592, 715, 678, 435, 715, 711, 342, 342, 665,
    342, 1041, 711, 687, 715, 715, 493, 595, 478, 711, 651, 923, 645, 651, 582, 711, 365, 711, 837};

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */
#define MIDDOT " \xC2\xB7 "     /* " · " */
#define NDASH "\xE2\x80\x93"    /* U+2013 */
#define APPROX "\xE2\x89\x88"   /* U+2248 */
#define TIMES "\xC3\x97"        /* U+00D7 */

/* Decode the UTF-8 sequence at s (n > 0 bytes available): its length, or 0 when invalid. */
static size_t u8_dec(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (uint32_t)(s[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
            return 0; /* overlong, surrogate */
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
              (uint32_t)(s[2] & 0x3F);
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
            return 0;
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
              ((uint32_t)(s[2] & 0x3F) << 6) | (uint32_t)(s[3] & 0x3F);
        return 4;
    }
    return 0;
}

static unsigned cp_width(uint32_t cp, bool bold)
{
    if (cp >= 0x20 && cp < 0x7F)
        return (bold ? W_BOLD : W_REGULAR)[cp - 0x20];
    if (cp < 0x20)
        return 600;
    if (cp >= 0x1100)
        return 1000; /* wide scripts and symbols: assume a full em */
    return bold ? 860 : 800;
}

/* Estimated width in px of n bytes of s (5% margin for hinting and other fonts). */
static double text_w_n(const char *str, size_t n, double size, bool bold)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    unsigned long total = 0;
    while (i < n) {
        uint32_t cp = 0xFFFD;
        size_t k = u8_dec(s + i, n - i, &cp);
        if (k == 0) {
            k = 1;
            cp = 0xFFFD;
        }
        total += cp_width(cp, bold);
        i += k;
    }
    return (double)total * size * 1.05 / 1000.0;
}

static double text_w(const char *s, double size, bool bold)
{
    return text_w_n(s, strlen(s), size, bold);
}

/* How many bytes of s fit in max_px; when not all of it fits, room is left for an ellipsis
 * and *cut is set. Cuts only between whole characters. */
static size_t fit_prefix(const char *str, double size, bool bold, double max_px, bool *cut)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = strlen(str), i = 0;
    double budget, used = 0.0;
    *cut = false;
    if (text_w_n(str, n, size, bold) <= max_px)
        return n;
    *cut = true;
    budget = max_px - text_w(ELLIPSIS, size, bold);
    while (i < n) {
        uint32_t cp = 0xFFFD;
        size_t k = u8_dec(s + i, n - i, &cp);
        double cw;
        if (k == 0)
            k = 1;
        cw = (double)cp_width(k == 1 && s[i] >= 0x80 ? 0xFFFD : cp, bold) * size * 1.05 / 1000.0;
        if (used + cw > budget)
            break;
        used += cw;
        i += k;
    }
    return i;
}

/* ---- escaping ---------------------------------------------------------------------------- */

/* n bytes of s as XML character data / attribute value: &<>"' escaped, control characters,
 * invalid UTF-8 and U+FFFE/U+FFFF (not XML characters) replaced. */
static void esc_n(aksnet__strbuf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, run = 0;
    while (i < n) {
        uint32_t cp = 0;
        size_t k = u8_dec(s + i, n - i, &cp);
        const char *rep = NULL;
        if (k == 0) {
            rep = "\xEF\xBF\xBD";
            k = 1;
        } else if (cp == '&') {
            rep = "&amp;";
        } else if (cp == '<') {
            rep = "&lt;";
        } else if (cp == '>') {
            rep = "&gt;";
        } else if (cp == '"') {
            rep = "&quot;";
        } else if (cp == '\'') {
            rep = "&#39;";
        } else if (cp < 0x20) {
            rep = (cp == '\t' || cp == '\n' || cp == '\r') ? " " : "?";
        } else if (cp == 0xFFFE || cp == 0xFFFF) {
            rep = "\xEF\xBF\xBD";
        }
        if (rep != NULL) {
            if (run)
                aksnet__sb_putn(b, (const char *)s + i - run, run);
            run = 0;
            aksnet__sb_puts(b, rep);
        } else {
            run += k;
        }
        i += k;
    }
    if (run)
        aksnet__sb_putn(b, (const char *)s + n - run, run);
}

static void esc(aksnet__strbuf *b, const char *s)
{
    if (s != NULL)
        esc_n(b, s, strlen(s));
}

/* s escaped, cut with an ellipsis to max_px; returns false when nothing fits. */
static bool esc_fit(aksnet__strbuf *b, const char *s, double size, bool bold, double max_px)
{
    bool cut;
    size_t n = fit_prefix(s, size, bold, max_px, &cut);
    if (n == 0 && cut)
        return false;
    esc_n(b, s, n);
    if (cut)
        aksnet__sb_puts(b, ELLIPSIS);
    return true;
}

/* ---- locale-independent decimals ------------------------------------------------------------
 * printf's %f writes the decimal separator of LC_NUMERIC, which a host program may have set to
 * a comma: the coordinates would no longer be SVG. These write "." whatever the locale. The
 * result is a struct so that several can be used in one printf call (C11 temporary lifetime). */

typedef struct numtxt {
    char s[40];
} numtxt;

/* v with `dec` decimals (0..6), rounded half away from zero; never "-0". */
static numtxt fixed(double v, int dec)
{
    numtxt t;
    long long scale = 1, q;
    bool neg = v < 0;
    int i;
    for (i = 0; i < dec; i++)
        scale *= 10;
    if (neg)
        v = -v;
    if (v * (double)scale >= 9e18)
        v = 9e18 / (double)scale; /* out of any sensible range: clamp, do not overflow */
    q = (long long)(v * (double)scale + 0.5);
    if (q == 0)
        neg = false;
    if (dec > 0)
        snprintf(t.s, sizeof(t.s), "%s%lld.%0*lld", neg ? "-" : "", q / scale, dec, q % scale);
    else
        snprintf(t.s, sizeof(t.s), "%s%lld", neg ? "-" : "", q);
    return t;
}

static numtxt N2(double v)
{
    return fixed(v, 2);
}

/* ---- numbers ----------------------------------------------------------------------------- */

static double u2d(u128 v)
{
    return (double)v.hi * 18446744073709551616.0 + (double)v.lo;
}

/* Exact decimal digits of v. */
static void u128_dec(char out[48], u128 v)
{
    uint32_t w[4];
    char tmp[48];
    size_t n = 0, i;
    w[0] = (uint32_t)(v.hi >> 32);
    w[1] = (uint32_t)v.hi;
    w[2] = (uint32_t)(v.lo >> 32);
    w[3] = (uint32_t)v.lo;
    do {
        uint64_t rem = 0;
        for (i = 0; i < 4; i++) {
            uint64_t cur = (rem << 32) | w[i];
            w[i] = (uint32_t)(cur / 10u);
            rem = cur % 10u;
        }
        tmp[n++] = (char)('0' + (int)rem);
    } while ((w[0] | w[1] | w[2] | w[3]) != 0 && n < sizeof(tmp));
    for (i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

static bool u128_pow2(u128 v, unsigned *k)
{
    if (aksnet__u128_is_zero(v) || !aksnet__u128_is_zero(aksnet__u128_and(v, aksnet__u128_dec(v))))
        return false;
    *k = aksnet__u128_log2(v);
    return true;
}

/* A count for people: "65,536", "2^80", or "≈1.21e24". */
static void fmt_count(char out[64], u128 v)
{
    unsigned k;
    if (v.hi == 0 && v.lo < UINT64_C(1000000000000000)) {
        char d[48];
        size_t n, i, o = 0;
        u128_dec(d, v);
        n = strlen(d);
        for (i = 0; i < n; i++) {
            if (i > 0 && (n - i) % 3 == 0)
                out[o++] = ',';
            out[o++] = d[i];
        }
        out[o] = '\0';
    } else if (u128_pow2(v, &k)) {
        snprintf(out, 64, "2^%u", k);
    } else {
        double d = u2d(v);
        int e = 0;
        while (d >= 10.0) {
            d /= 10.0;
            e++;
        }
        snprintf(out, 64, APPROX "%se%d", fixed(d, 2).s, e);
    }
}

static void fmt_u64(char out[64], uint64_t v)
{
    fmt_count(out, aksnet__u128(0, v));
}

static void fmt_pct(char out[48], u128 part, u128 whole)
{
    double p = u2d(whole) > 0 ? 100.0 * u2d(part) / u2d(whole) : 0.0;
    if (p > 0.0 && p < 0.1)
        snprintf(out, 48, "<0.1%%");
    else if (p > 99.9 && aksnet__u128_lt(part, whole))
        snprintf(out, 48, ">99.9%%");
    else
        snprintf(out, 48, "%s%%", fixed(p, 1).s);
}

/* ---- addresses and ranges ---------------------------------------------------------------- */

static void addr_str(char out[AKSNET_ADDRESS_STRLEN], int family, u128 v)
{
    aksnet_address a;
    memset(&a, 0, sizeof(a));
    a.family = (uint8_t)family;
    aksnet__u128_to_bytes(a.bytes, family, v);
    aksnet__address_str(out, &a);
}

static u128 u128_max(u128 a, u128 b)
{
    return aksnet__u128_lt(a, b) ? b : a;
}

static u128 u128_min(u128 a, u128 b)
{
    return aksnet__u128_lt(a, b) ? a : b;
}

/* Length of the smallest prefix holding both a and b. */
static unsigned common_len(int family, u128 a, u128 b)
{
    unsigned bits = aksnet__family_bits(family);
    u128 x = aksnet__u128(a.hi ^ b.hi, a.lo ^ b.lo);
    if (aksnet__u128_is_zero(x))
        return bits;
    return bits - 1u - aksnet__u128_log2(x);
}

static void prefix_bounds(int family, u128 addr, unsigned len, u128 *lo, u128 *hi)
{
    u128 m = aksnet__u128_low_mask(aksnet__family_bits(family) - len);
    *lo = aksnet__u128_and(addr, aksnet__u128_not(m));
    *hi = aksnet__u128_or(*lo, m);
}

static bool overlaps(u128 alo, u128 ahi, u128 blo, u128 bhi)
{
    return aksnet__u128_le(alo, bhi) && aksnet__u128_le(blo, ahi);
}

/* ---- the drawing context ----------------------------------------------------------------- */

typedef struct item {
    u128 lo, hi;
    int family;
    int kind;
    bool existing;
    size_t subnet;     /* index into r->subnets, or AKSNET__NONE */
    aksnet_prefix pfx; /* family 0: a merged free range */
    size_t nfree;      /* free prefixes merged into this range */
} item;

typedef struct svg_ctx {
    aksnet__strbuf *b;
    const aksnet_result *r;
    const aksnet__alloc *alloc;
    item *items;
    size_t nitems;
    double y;
    unsigned next_key;
    unsigned nzooms;
    uint32_t kinds_used;
    uint32_t patterns_used; /* kinds whose pattern fill is referenced */
    uint32_t existing_used; /* kinds whose "existing" striped fill is referenced */
    bool stripes_used;
    bool oom;
    const char *halo; /* outline colour for text on patterned fills, or NULL */
} svg_ctx;

static void *ctx_calloc(svg_ctx *c, size_t n, size_t size)
{
    void *p;
    if (n == 0)
        n = 1;
    p = aksnet__calloc(c->alloc, n, size);
    if (p == NULL)
        c->oom = true;
    return p;
}

static void num(aksnet__strbuf *b, double v)
{
    aksnet__sb_puts(b, N2(v).s);
}

/* <text> opening tag. anchor: "start", "middle" or "end". */
static void text_open(svg_ctx *c, double x, double y, double size, bool bold, const char *anchor,
                      const char *fill)
{
    aksnet__sb_puts(c->b, "<text x=\"");
    num(c->b, x);
    aksnet__sb_puts(c->b, "\" y=\"");
    num(c->b, y);
    aksnet__sb_printf(c->b, "\" font-size=\"%s\"", fixed(size, 0).s);
    if (bold)
        aksnet__sb_puts(c->b, " font-weight=\"bold\"");
    if (strcmp(anchor, "start") != 0)
        aksnet__sb_printf(c->b, " text-anchor=\"%s\"", anchor);
    if (c->halo)
        aksnet__sb_printf(c->b, " stroke=\"%s\" stroke-width=\"3\" stroke-linejoin=\"round\" "
                                "paint-order=\"stroke\"",
                          c->halo);
    aksnet__sb_printf(c->b, " fill=\"%s\">", fill);
}

/* A whole <text> element holding s, cut to max_px. */
static void text_el(svg_ctx *c, double x, double y, double size, bool bold, const char *anchor,
                    const char *fill, const char *s, double max_px)
{
    bool cut;
    size_t n = fit_prefix(s, size, bold, max_px, &cut);
    if (n == 0 && cut)
        return;
    text_open(c, x, y, size, bold, anchor, fill);
    esc_n(c->b, s, n);
    if (cut)
        aksnet__sb_puts(c->b, ELLIPSIS);
    aksnet__sb_puts(c->b, "</text>\n");
}

static void rect_plain(svg_ctx *c, double x, double y, double w, double h, const char *fill,
                       const char *extra)
{
    aksnet__sb_puts(c->b, "<rect x=\"");
    num(c->b, x);
    aksnet__sb_puts(c->b, "\" y=\"");
    num(c->b, y);
    aksnet__sb_puts(c->b, "\" width=\"");
    num(c->b, w);
    aksnet__sb_puts(c->b, "\" height=\"");
    num(c->b, h);
    aksnet__sb_printf(c->b, "\" fill=\"%s\"%s/>\n", fill, extra ? extra : "");
}

/* The fill of a kind: its colour, or a pattern that holds the colour (hatched kinds, and the
 * stripes of existing subnets). The patterns referenced are defined in <defs>. */
static void fill_ref(svg_ctx *c, char out[64], int kind, bool existing)
{
    if (existing) {
        c->existing_used |= 1u << kind;
        c->stripes_used = true;
        snprintf(out, 64, "url(#aksnet-e-%s)", KINDS[kind].id);
    } else if (KINDS[kind].pattern) {
        c->patterns_used |= 1u << kind;
        snprintf(out, 64, "url(#aksnet-p-%s)", KINDS[kind].id);
    } else {
        snprintf(out, 64, "%s", KINDS[kind].fill);
    }
}

/* A small swatch of a kind (legend and keys). */
static void swatch(svg_ctx *c, double x, double y, double w, double h, int kind, bool existing)
{
    char fill[64];
    fill_ref(c, fill, kind, existing);
    rect_plain(c, x, y, w, h, fill, " stroke=\"#555555\" stroke-width=\"0.75\"");
}

/* Start a block: <rect class="block" ... with its data attributes, geometry and fill. The
 * caller may add attributes, then writes "><title>...</title></rect>". data_kind names the
 * block, fill_kind colours it. */
static void block_open(svg_ctx *c, const char *band, int data_kind, int fill_kind, bool existing,
                       int lane, const char *name, const aksnet_prefix *pfx, int family, u128 first,
                       u128 count, double x, double y, double w, double h)
{
    char a[AKSNET_ADDRESS_STRLEN], d[48], fill[64];
    c->kinds_used |= 1u << fill_kind;
    fill_ref(c, fill, fill_kind, existing);
    aksnet__sb_printf(c->b, "<rect class=\"block\" data-band=\"%s\" data-kind=\"%s\"", band,
                      KINDS[data_kind].id);
    if (lane)
        aksnet__sb_printf(c->b, " data-lane=\"%d\"", lane);
    if (existing)
        aksnet__sb_puts(c->b, " data-existing=\"true\"");
    if (name) {
        aksnet__sb_puts(c->b, " data-name=\"");
        esc(c->b, name);
        aksnet__sb_putc(c->b, '"');
    }
    if (pfx && aksnet__prefix_is_set(pfx)) {
        char p[AKSNET_PREFIX_STRLEN];
        aksnet__prefix_str(p, pfx);
        aksnet__sb_printf(c->b, " data-cidr=\"%s\"", p);
    }
    addr_str(a, family, first);
    u128_dec(d, count);
    aksnet__sb_printf(c->b, " data-first=\"%s\" data-addresses=\"%s\" x=\"", a, d);
    num(c->b, x);
    aksnet__sb_puts(c->b, "\" y=\"");
    num(c->b, y);
    aksnet__sb_puts(c->b, "\" width=\"");
    num(c->b, w);
    aksnet__sb_puts(c->b, "\" height=\"");
    num(c->b, h);
    aksnet__sb_printf(c->b, "\" fill=\"%s\"", fill);
    if (lane)
        aksnet__sb_puts(c->b, " stroke=\"#D55E00\" stroke-width=\"1.5\"");
    else if (w >= 3.0 && fill_kind != K_FREE && fill_kind != K_PODCIDR_FREE)
        aksnet__sb_puts(c->b, " stroke=\"#FFFFFF\" stroke-width=\"1\"");
}

/* Addresses per pixel, for "to scale: 1 px = N addresses". */
static void fmt_scale(char out[64], double app)
{
    if (app >= 100.0 && app < 1e15) {
        fmt_u64(out, (uint64_t)(app + 0.5));
    } else if (app >= 1e15) {
        int e = 0;
        while (app >= 10.0) {
            app /= 10.0;
            e++;
        }
        snprintf(out, 64, "%se%d", fixed(app, 2).s, e);
    } else {
        /* three significant digits */
        int dec = 2;
        double v = app;
        while (v > 0 && v < 1.0 && dec < 6) {
            v *= 10.0;
            dec++;
        }
        if (app >= 10.0)
            dec = 1;
        snprintf(out, 64, "%s", fixed(app, dec).s);
    }
}

/* ---- items: everything drawn in the address-space bands --------------------------------- */

static int subnet_kind(int purpose)
{
    switch (purpose) {
    case AKSNET_PURPOSE_NODES:
        return K_NODES;
    case AKSNET_PURPOSE_PODS:
        return K_PODS;
    case AKSNET_PURPOSE_REQUESTED:
        return K_REQUESTED;
    case AKSNET_PURPOSE_APISERVER:
        return K_APISERVER;
    default:
        return K_EXISTING;
    }
}

static bool in_some_space(const aksnet_result *r, u128 lo, u128 hi, int family)
{
    size_t i;
    for (i = 0; i < r->nspaces; i++) {
        u128 slo, shi;
        if (r->spaces[i].family != family)
            continue;
        aksnet__prefix_range(&r->spaces[i], &slo, &shi);
        if (overlaps(lo, hi, slo, shi))
            return true;
    }
    return false;
}

static void add_item(svg_ctx *c, size_t *n, int kind, const aksnet_prefix *p, size_t subnet,
                     bool existing, bool need_space)
{
    item *it;
    u128 lo, hi;
    if (!aksnet__prefix_is_set(p))
        return;
    aksnet__prefix_range(p, &lo, &hi);
    if (need_space && !in_some_space(c->r, lo, hi, p->family))
        return;
    it = &c->items[(*n)++];
    memset(it, 0, sizeof(*it));
    it->lo = lo;
    it->hi = hi;
    it->family = p->family;
    it->kind = kind;
    it->existing = existing;
    it->subnet = subnet;
    it->pfx = *p;
}

static int cmp_item(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    int d;
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    if ((d = aksnet__u128_cmp(a->lo, b->lo)) != 0)
        return d;
    if ((d = aksnet__u128_cmp(a->hi, b->hi)) != 0)
        return -d; /* larger first */
    return a->kind - b->kind;
}

static void collect_items(svg_ctx *c)
{
    const aksnet_result *r = c->r;
    size_t cap = r->nsubnets * 2 + r->nreserved + r->navoid + 4 + r->nfree, n = 0, i;
    c->items = ctx_calloc(c, cap, sizeof(item));
    if (c->items == NULL)
        return;
    for (i = 0; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        int kind = subnet_kind(s->purpose);
        add_item(c, &n, kind, &s->cidr, i, s->existing, false);
        add_item(c, &n, kind, &s->cidr6, i, s->existing, false);
    }
    for (i = 0; i < r->nreserved; i++)
        add_item(c, &n, K_RESERVED, &r->reserved[i], AKSNET__NONE, false, true);
    for (i = 0; i < r->navoid; i++)
        add_item(c, &n, K_AVOID, &r->avoid[i], AKSNET__NONE, false, true);
    for (i = 0; i < AKSNET_ARRAY_LEN(aksnet__forbidden_ranges); i++) {
        aksnet_prefix f;
        aksnet__forbidden_prefix(i, &f);
        add_item(c, &n, K_FORBIDDEN, &f, AKSNET__NONE, false, true);
    }
    /* free prefixes, adjacent ones merged into one range */
    for (i = 0; i < r->nfree; i++) {
        const aksnet_prefix *p = &r->free_prefixes[i];
        u128 lo, hi;
        if (!aksnet__prefix_is_set(p))
            continue;
        aksnet__prefix_range(p, &lo, &hi);
        if (n > 0 && c->items[n - 1].kind == K_FREE && c->items[n - 1].family == p->family &&
            !aksnet__u128_eq(c->items[n - 1].hi, aksnet__u128_low_mask(128)) &&
            aksnet__u128_eq(aksnet__u128_inc(c->items[n - 1].hi), lo)) {
            c->items[n - 1].hi = hi;
            c->items[n - 1].nfree++;
            memset(&c->items[n - 1].pfx, 0, sizeof(aksnet_prefix));
            continue;
        }
        add_item(c, &n, K_FREE, p, AKSNET__NONE, false, false);
        c->items[n - 1].nfree = 1;
    }
    c->nitems = n;
    if (n > 1)
        qsort(c->items, n, sizeof(item), cmp_item);
}

/* ---- text of a block ---------------------------------------------------------------------- */

/* "nodes · 1,377 of 2,043 IPs" (or the IPv6 / blocks variant) */
static void usage_text(char *out, size_t len, const aksnet__rsubnet *s, bool v6_part)
{
    char a[64], b[64];
    const char *kind = KINDS[subnet_kind(s->purpose)].short_;
    if (v6_part) {
        snprintf(out, len, "%s" MIDDOT "IPv6 /%u", kind, (unsigned)s->cidr6.length);
        return;
    }
    if (s->has_static) {
        uint64_t have = aksnet__prefix_is_set(&s->cidr) ? aksnet__static_blocks_in(s->cidr.length) : 0;
        fmt_u64(a, s->blocks_required);
        fmt_u64(b, have);
        snprintf(out, len, "%s" MIDDOT "%s of %s /28 blocks", kind, a, b);
        return;
    }
    fmt_u64(a, s->ips_required);
    fmt_u64(b, s->usable);
    if (s->ips_required > s->usable)
        snprintf(out, len, "%s" MIDDOT "needs %s, has %s IPs", kind, a, b);
    else if (s->ips_required == 0)
        snprintf(out, len, "%s" MIDDOT "%s usable IPs", kind, b);
    else
        snprintf(out, len, "%s" MIDDOT "%s of %s IPs", kind, a, b);
}

typedef struct seg {
    const item *it; /* NULL: a gap nothing covers, or a run */
    u128 lo, hi;    /* the part inside the band */
    double x, w;
    int lane;       /* 0, or 1 for blocks that overlap an earlier one */
    int lines;      /* label lines drawn inside, 0 for none */
    bool small;     /* labels one px smaller */
    int zoom;       /* zoom group, or -1 */
    bool keyed;
    bool run;       /* a run of tiny blocks (and tiny gaps) drawn as one block */
    bool hidden;    /* a member of a run: not drawn by itself */
    size_t nblocks; /* run: members that are not free */
    size_t nsub;    /* run: members that are subnets */
    int run_kind;   /* run: the kind all its blocks share, or -1 */
    bool run_existing;
    uint32_t kcount[K_COUNT]; /* run: blocks of each kind */
} seg;

/* The segments of one band (runs are followed by their hidden members). */
typedef struct segs_t {
    seg *v;
    size_t n;
    int family;
} segs_t;

typedef struct labels {
    const char *t[3];
    char buf[3][160];
} labels;

static bool seg_is_block(const seg *s)
{
    return s->run || (s->it != NULL && s->it->kind != K_FREE);
}

static int seg_kind(const seg *s)
{
    if (s->run)
        return s->run_kind >= 0 ? s->run_kind : K_SMALL;
    return s->it ? s->it->kind : K_OTHER;
}

static bool seg_existing(const seg *s)
{
    return s->run ? s->run_existing : (s->it ? s->it->existing : false);
}

static void seg_labels(const svg_ctx *c, const seg *s, int family, labels *L)
{
    char cnt[64], a1[AKSNET_ADDRESS_STRLEN], a2[AKSNET_ADDRESS_STRLEN];
    u128 count = aksnet__u128_inc(aksnet__u128_sub(s->hi, s->lo));
    memset(L, 0, sizeof(*L));
    L->t[0] = L->buf[0];
    L->t[1] = L->buf[1];
    L->t[2] = L->buf[2];
    fmt_count(cnt, count);
    if (s->run) {
        char nb[64];
        fmt_u64(nb, s->nblocks);
        addr_str(a1, family, s->lo);
        addr_str(a2, family, s->hi);
        if (s->nsub == s->nblocks)
            snprintf(L->buf[0], sizeof(L->buf[0]), "%s small subnets", nb);
        else
            snprintf(L->buf[0], sizeof(L->buf[0]), "%s small blocks", nb);
        snprintf(L->buf[1], sizeof(L->buf[1]), "%s " NDASH " %s", a1, a2);
        if (s->run_kind >= 0) {
            snprintf(L->buf[2], sizeof(L->buf[2]), "%s%s", KINDS[s->run_kind].short_,
                     s->run_existing && s->run_kind != K_EXISTING ? ", existing" : "");
        } else {
            /* the mix, most frequent kind first */
            size_t o = 0;
            uint32_t done = 0;
            int round;
            for (round = 0; round < K_COUNT; round++) {
                int k, best = -1;
                for (k = 0; k < K_COUNT; k++)
                    if (s->kcount[k] && !(done & (1u << k)) &&
                        (best < 0 || s->kcount[k] > s->kcount[best]))
                        best = k;
                if (best < 0 || o + 40 >= sizeof(L->buf[2]))
                    break;
                done |= 1u << best;
                fmt_u64(nb, s->kcount[best]);
                o += (size_t)snprintf(L->buf[2] + o, sizeof(L->buf[2]) - o, "%s%s %s",
                                      o ? MIDDOT : "", KINDS[best].short_, nb);
            }
        }
        return;
    }
    if (s->it == NULL) {
        snprintf(L->buf[0], sizeof(L->buf[0]), "unavailable");
        snprintf(L->buf[1], sizeof(L->buf[1]), "%s addresses", cnt);
        return;
    }
    if (s->it->subnet != AKSNET__NONE) {
        const aksnet__rsubnet *sn = &c->r->subnets[s->it->subnet];
        L->t[0] = sn->name;
        aksnet__prefix_str(L->buf[1], &s->it->pfx);
        usage_text(L->buf[2], sizeof(L->buf[2]), sn, s->it->family == AKSNET_FAMILY_IPV6 &&
                                                          aksnet__prefix_is_set(&sn->cidr));
        return;
    }
    if (s->it->kind == K_FREE) {
        unsigned k = aksnet__range_max_block(s->lo, s->hi);
        snprintf(L->buf[0], sizeof(L->buf[0]), "free");
        snprintf(L->buf[1], sizeof(L->buf[1]), "%s addresses", cnt);
        snprintf(L->buf[2], sizeof(L->buf[2]), "largest block /%u",
                 aksnet__family_bits(family) - k);
        return;
    }
    snprintf(L->buf[0], sizeof(L->buf[0]), "%s", KINDS[s->it->kind].short_);
    aksnet__prefix_str(L->buf[1], &s->it->pfx);
    snprintf(L->buf[2], sizeof(L->buf[2]), "%s addresses", cnt);
}

/* Tooltip text of a segment that is not a run (escaped). */
static void seg_title_one(svg_ctx *c, const seg *s, int family)
{
    aksnet__strbuf *b = c->b;
    char a1[AKSNET_ADDRESS_STRLEN], a2[AKSNET_ADDRESS_STRLEN], cnt[64];
    u128 count = aksnet__u128_inc(aksnet__u128_sub(s->hi, s->lo));
    fmt_count(cnt, count);
    addr_str(a1, family, s->lo);
    addr_str(a2, family, s->hi);
    if (s->it == NULL) {
        aksnet__sb_printf(b, "unavailable: %s " NDASH " %s (%s addresses, neither free nor "
                             "assigned)", a1, a2, cnt);
        return;
    }
    if (s->it->subnet != AKSNET__NONE) {
        const aksnet__rsubnet *sn = &c->r->subnets[s->it->subnet];
        char p[AKSNET_PREFIX_STRLEN], u[160];
        size_t j;
        aksnet__prefix_str(p, &s->it->pfx);
        usage_text(u, sizeof(u), sn, s->it->family == AKSNET_FAMILY_IPV6 &&
                                         aksnet__prefix_is_set(&sn->cidr));
        esc(b, sn->name);
        aksnet__sb_printf(b, MIDDOT "%s", p);
        if (aksnet__prefix_is_set(&sn->cidr) && aksnet__prefix_is_set(&sn->cidr6)) {
            char p6[AKSNET_PREFIX_STRLEN];
            aksnet__prefix_str(p6, s->it->family == AKSNET_FAMILY_IPV6 ? &sn->cidr : &sn->cidr6);
            aksnet__sb_printf(b, " (dual-stack with %s)", p6);
        }
        aksnet__sb_printf(b, MIDDOT "%s" MIDDOT "%s", sn->existing ? "existing" : "new", u);
        if (sn->cluster) {
            aksnet__sb_puts(b, MIDDOT "cluster ");
            esc(b, sn->cluster);
        }
        for (j = 0; j < sn->npools; j++) {
            aksnet__sb_puts(b, j ? ", " : (sn->npools > 1 ? ", pools " : ", pool "));
            esc(b, sn->pools[j]);
        }
        if (!aksnet__u128_eq(s->lo, s->it->lo) || !aksnet__u128_eq(s->hi, s->it->hi))
            aksnet__sb_printf(b, " (drawn: %s " NDASH " %s)", a1, a2);
        if (s->lane)
            aksnet__sb_puts(b, MIDDOT "OVERLAPS another block");
        return;
    }
    if (s->it->kind == K_FREE) {
        unsigned k = aksnet__range_max_block(s->lo, s->hi);
        aksnet__sb_printf(b, "free: %s " NDASH " %s" MIDDOT "%s addresses" MIDDOT
                             "largest aligned block /%u",
                          a1, a2, cnt, aksnet__family_bits(family) - k);
        return;
    }
    {
        char p[AKSNET_PREFIX_STRLEN];
        aksnet__prefix_str(p, &s->it->pfx);
        aksnet__sb_printf(b, "%s %s" MIDDOT "%s addresses%s", KINDS[s->it->kind].short_, p, cnt,
                          s->it->kind == K_RESERVED
                              ? " kept out of the plan"
                              : s->it->kind == K_AVOID
                                    ? " the plan must not use"
                                    : s->it->kind == K_FORBIDDEN ? " AKS does not allow" : "");
        if (s->lane)
            aksnet__sb_puts(b, MIDDOT "OVERLAPS another block");
    }
}

#define RUN_TITLE_MAX 40 /* members listed in the tooltip of a run */

/* Tooltip of segment i: for a run, its first members by name and CIDR. */
static void seg_title(svg_ctx *c, const segs_t *S, size_t i)
{
    const seg *s = &S->v[i];
    size_t k, shown = 0;
    labels L;
    if (!s->run) {
        seg_title_one(c, s, S->family);
        return;
    }
    seg_labels(c, s, S->family, &L);
    aksnet__sb_printf(c->b, "%s, %s (%s):", L.t[0], L.t[1], L.t[2]);
    for (k = i + 1; k < S->n && aksnet__u128_le(S->v[k].lo, s->hi); k++) {
        const seg *m = &S->v[k];
        labels M;
        if (!m->hidden || !seg_is_block(m))
            continue;
        if (shown == RUN_TITLE_MAX) {
            aksnet__sb_printf(c->b, " " ELLIPSIS " and %zu more (the text and JSON output list "
                                    "them all)",
                              s->nblocks - shown);
            break;
        }
        seg_labels(c, m, S->family, &M);
        aksnet__sb_puts(c->b, shown ? "; " : " ");
        esc(c->b, M.t[0]);
        aksnet__sb_printf(c->b, " %s", M.t[1]);
        shown++;
    }
}

/* ---- one band ----------------------------------------------------------------------------- */

typedef struct zoom {
    u128 lo, hi;      /* the zoomed prefix */
    unsigned len;
    size_t nsegs;     /* keyed blocks it takes over */
    double x0, x1;    /* its extent on the band */
    char tag[8];      /* "A", or "A1" for a zoom inside zoom A */
    bool keep;
} zoom;

typedef struct marker {
    double x0, x1;    /* extent marked under the band */
    double mx, mw;    /* marker box centre and width */
    size_t first, n;  /* keyed segs (indices into the keyed list) */
    unsigned key;     /* number, or 0 for a zoom */
    const char *tag;  /* the zoom's tag */
} marker;

static int cmp_seg(const void *pa, const void *pb)
{
    const seg *a = pa, *b = pb;
    int d;
    if ((d = aksnet__u128_cmp(a->lo, b->lo)) != 0)
        return d;
    if ((d = aksnet__u128_cmp(a->hi, b->hi)) != 0)
        return -d;
    if (a->run != b->run)
        return a->run ? -1 : 1; /* a run before its first member */
    return a->lane - b->lane;
}

static double marker_width(unsigned key, const char *tag)
{
    char t[16];
    double w;
    if (key)
        snprintf(t, sizeof(t), "%u", key);
    else
        snprintf(t, sizeof(t), "%s", tag ? tag : "");
    w = text_w(t, 10, true) + 8.0;
    return w < 18.0 ? 18.0 : w;
}

static void marker_box(svg_ctx *c, double cx, double cy, double w, unsigned key, const char *tag)
{
    char t[16];
    if (key)
        snprintf(t, sizeof(t), "%u", key);
    else
        snprintf(t, sizeof(t), "%s", tag ? tag : "");
    rect_plain(c, cx - w / 2, cy - 9, w, 18, key ? "#FFFFFF" : "#333333",
               key ? " rx=\"9\" stroke=\"#333333\" stroke-width=\"1\""
                   : " rx=\"2\" stroke=\"#333333\" stroke-width=\"1\"");
    text_open(c, cx, cy + 3.6, 10, true, "middle", key ? "#000000" : "#FFFFFF");
    aksnet__sb_printf(c->b, "%s</text>\n", t);
}

/* Axis above a band: addresses at 2^t equal parts, as many as fit. */
static void axis(svg_ctx *c, int family, u128 lo, u128 hi, unsigned blen, double ytop)
{
    unsigned bits = aksnet__family_bits(family);
    unsigned t = bits - blen < 3 ? bits - blen : 3, j, parts;
    char a[AKSNET_ADDRESS_STRLEN];
    for (;; t--) {
        bool ok = true;
        double prev_right;
        parts = 1u << t;
        addr_str(a, family, lo);
        prev_right = BX + text_w(a, 10, false);
        for (j = 1; j <= parts && ok; j++) {
            double w, left;
            if (j == parts) {
                addr_str(a, family, hi);
                w = text_w(a, 10, false);
                left = BX + BW - w;
            } else {
                u128 v = aksnet__u128_add(lo, aksnet__u128_shl(aksnet__u128(0, j),
                                                                bits - blen - t));
                addr_str(a, family, v);
                w = text_w(a, 10, false);
                left = BX + BW * j / parts - w / 2;
            }
            if (left < prev_right + 10)
                ok = false;
            prev_right = left + w;
        }
        if (ok || t == 0)
            break;
    }
    aksnet__sb_puts(c->b, "<g class=\"axis\">\n");
    for (j = 0; j <= parts; j++) {
        double x = BX + BW * j / parts;
        const char *anchor = j == 0 ? "start" : j == parts ? "end" : "middle";
        if (j == parts) {
            addr_str(a, family, hi);
        } else {
            u128 v = aksnet__u128_add(lo, aksnet__u128_shl(aksnet__u128(0, j), bits - blen - t));
            addr_str(a, family, v);
        }
        rect_plain(c, x - 0.5, ytop - 5, 1, 5, "#555555", NULL);
        text_open(c, x, ytop - 8, 10, false, anchor, "#555555");
        aksnet__sb_printf(c->b, "%s</text>\n", a);
    }
    aksnet__sb_puts(c->b, "</g>\n");
}

static void key_suffix(char *out, size_t len, const labels *L, const seg *s)
{
    snprintf(out, len, MIDDOT "%s" MIDDOT "%s%s", L->t[1], L->t[2],
             s->lane ? MIDDOT "overlaps" : "");
}

/* Width a key entry needs in full. */
static double key_entry_width(const svg_ctx *c, const seg *s, int family)
{
    labels L;
    char suffix[400];
    seg_labels(c, s, family, &L);
    key_suffix(suffix, sizeof(suffix), &L, s);
    return text_w(L.t[0], 12, true) + text_w(suffix, 12, false);
}

/* Key entry text for one keyed segment. */
static void key_entry_single(svg_ctx *c, const seg *s, int family, double x, double y, double maxw)
{
    labels L;
    char suffix[400];
    double sw, nw, avail;
    seg_labels(c, s, family, &L);
    key_suffix(suffix, sizeof(suffix), &L, s);
    sw = text_w(suffix, 12, false);
    nw = text_w(L.t[0], 12, true);
    /* the name gets what the rest leaves, but at least half the line when it needs it */
    avail = maxw - sw;
    if (avail < maxw / 2)
        avail = nw < maxw / 2 ? nw : maxw / 2;
    text_open(c, x, y, 12, false, "start", "#000000");
    aksnet__sb_puts(c->b, "<tspan font-weight=\"bold\">");
    esc_fit(c->b, L.t[0], 12, true, avail);
    aksnet__sb_puts(c->b, "</tspan>");
    esc_fit(c->b, suffix, 12, false, maxw - (nw < avail ? nw : avail));
    aksnet__sb_puts(c->b, "</text>\n");
}

/* Visit the blocks behind keyed segments: runs stand for their hidden members. */
typedef struct visit {
    const svg_ctx *c;
    const segs_t *S;
    seg *const *keyed;
    size_t n, ki, mi; /* keyed index, member index inside a run (0: not in a run) */
} visit;

static const seg *visit_next(visit *v)
{
    while (v->ki < v->n) {
        const seg *k = v->keyed[v->ki];
        if (!k->run) {
            v->ki++;
            return k;
        }
        {
            size_t base = (size_t)(k - v->S->v);
            if (v->mi == 0)
                v->mi = base + 1;
            while (v->mi < v->S->n && aksnet__u128_le(v->S->v[v->mi].lo, k->hi)) {
                const seg *m = &v->S->v[v->mi++];
                if (m->hidden && seg_is_block(m))
                    return m;
            }
            v->mi = 0;
            v->ki++;
        }
    }
    return NULL;
}

/* Key entry text for several blocks under one number: a head and as many names as fit. */
static void key_entry_group(svg_ctx *c, const segs_t *S, seg *const *keyed, size_t n, double x,
                            double y, double maxw)
{
    char a1[AKSNET_ADDRESS_STRLEN], a2[AKSNET_ADDRESS_STRLEN], head[200], more[96], nb[64];
    size_t blocks = 0, subnets = 0, shown = 0;
    double used, more_w;
    visit v;
    const seg *m;
    memset(&v, 0, sizeof(v));
    v.c = c;
    v.S = S;
    v.keyed = keyed;
    v.n = n;
    while ((m = visit_next(&v)) != NULL) {
        blocks++;
        if (m->it && m->it->subnet != AKSNET__NONE)
            subnets++;
    }
    addr_str(a1, S->family, keyed[0]->lo);
    addr_str(a2, S->family, keyed[n - 1]->hi);
    fmt_u64(nb, blocks);
    if (subnets == blocks)
        snprintf(head, sizeof(head), "%s small subnets in %s " NDASH " %s: ", nb, a1, a2);
    else
        snprintf(head, sizeof(head), "%s small blocks in %s " NDASH " %s: ", nb, a1, a2);
    text_open(c, x, y, 12, false, "start", "#000000");
    esc(c->b, head);
    used = text_w(head, 12, false);
    snprintf(more, sizeof(more), ", " ELLIPSIS " +%zu more (see the tooltips)", blocks);
    more_w = text_w(more, 12, false);
    memset(&v, 0, sizeof(v));
    v.c = c;
    v.S = S;
    v.keyed = keyed;
    v.n = n;
    while ((m = visit_next(&v)) != NULL) {
        labels L;
        double w;
        seg_labels(c, m, S->family, &L);
        w = text_w(L.t[0], 12, true) + text_w(", ", 12, false);
        if (used + w + (shown + 1 < blocks ? more_w : 0) > maxw)
            break;
        aksnet__sb_puts(c->b, shown ? ", <tspan font-weight=\"bold\">"
                                    : "<tspan font-weight=\"bold\">");
        esc(c->b, L.t[0]);
        aksnet__sb_puts(c->b, "</tspan>");
        used += w;
        shown++;
    }
    if (shown < blocks)
        aksnet__sb_printf(c->b, "%s" ELLIPSIS " +%zu more (see the tooltips)", shown ? ", " : "",
                          blocks - shown);
    aksnet__sb_puts(c->b, "</text>\n");
}

/* Label lines that fit in avail px with the name at f0 px (bold) and the rest at f1 px: 3, 2,
 * 1 (the first line alone, only when `one` allows it) or 0. A subnet name may be cut. */
static int fit_lines(const labels *L, double avail, bool subnet, bool one, double f0, double f1)
{
    bool cut = false;
    if (text_w(L->t[1], f1, false) <= avail &&
        (text_w(L->t[0], f0, true) <= avail ||
         (subnet && fit_prefix(L->t[0], f0, true, avail, &cut) >= 12)))
        return text_w(L->t[2], f1, false) <= avail ? 3 : 2;
    if (one && text_w(L->t[0], f0, true) <= avail)
        return 1;
    return 0;
}

#define TINY_PX 2.0 /* blocks narrower than this are merged into runs */

/* Merge runs of tiny blocks (with the tiny gaps between them) into one segment each; the
 * members stay in the array, hidden. Returns the new count (the array has room). */
static size_t make_runs(seg *segs, size_t n)
{
    size_t i = 0, n0 = n;
    while (i < n0) {
        size_t j, last = i, nb = 0;
        seg *s = &segs[i];
        if (s->lane || !seg_is_block(s) || s->w >= TINY_PX) {
            i++;
            continue;
        }
        for (j = i; j < n0; j++) {
            seg *t = &segs[j];
            if (t->lane)
                continue;
            if (t->w >= TINY_PX)
                break;
            if (seg_is_block(t)) {
                last = j;
                nb++;
            }
        }
        if (nb >= 2) {
            seg *r = &segs[n++];
            size_t k;
            memset(r, 0, sizeof(*r));
            r->run = true;
            r->lo = s->lo;
            r->hi = segs[last].hi;
            r->zoom = -1;
            r->run_kind = -2;
            r->run_existing = true;
            for (k = i; k <= last; k++) {
                seg *m = &segs[k];
                if (m->lane)
                    continue;
                m->hidden = true;
                if (!seg_is_block(m))
                    continue;
                r->nblocks++;
                r->kcount[seg_kind(m)]++;
                if (m->it && m->it->subnet != AKSNET__NONE)
                    r->nsub++;
                if (r->run_kind == -2)
                    r->run_kind = seg_kind(m);
                else if (r->run_kind != seg_kind(m))
                    r->run_kind = -1;
                if (!seg_existing(m))
                    r->run_existing = false;
            }
            r->x = s->x;
            r->w = segs[last].x + segs[last].w - s->x;
        }
        i = last + 1;
    }
    return n;
}

static void band(svg_ctx *c, const char *band_id, int family, u128 blo, u128 bhi, unsigned blen,
                 int zoom_depth, const char *head1, const char *head2, const char *tag);

/* Draw one band covering [blo, bhi] (a prefix of length blen) at c->y, with its header,
 * axis, blocks, labels, markers and key; then its zoom bands (zoom_depth levels). */
static void band(svg_ctx *c, const char *band_id, int family, u128 blo, u128 bhi, unsigned blen,
                 int zoom_depth, const char *head1, const char *head2, const char *tag)
{
    seg *segs = NULL, **keyed = NULL;
    marker *marks = NULL;
    zoom zooms[16];
    segs_t S;
    size_t nsegs = 0, cap, i, nkeyed = 0, nmarks = 0, nz = 0;
    unsigned nested = 0;
    double size = u2d(aksnet__u128_sub(bhi, blo)) + 1.0;
    double y0 = c->y, top, bottom, mtop;
    bool have_lane1 = false;
    u128 cur_hi = blo;
    bool any = false;

    /* segments: the items inside the band, clipped, plus gaps and runs */
    cap = 2;
    for (i = 0; i < c->nitems; i++)
        if (c->items[i].family == family && overlaps(c->items[i].lo, c->items[i].hi, blo, bhi))
            cap += 3;
    segs = ctx_calloc(c, cap, sizeof(seg));
    if (segs == NULL)
        return;
    for (i = 0; i < c->nitems; i++) {
        const item *it = &c->items[i];
        if (it->family != family || !overlaps(it->lo, it->hi, blo, bhi))
            continue;
        segs[nsegs].it = it;
        segs[nsegs].lo = u128_max(it->lo, blo);
        segs[nsegs].hi = u128_min(it->hi, bhi);
        nsegs++;
    }
    qsort(segs, nsegs, sizeof(seg), cmp_seg);
    {
        /* lanes and gaps */
        size_t n0 = nsegs, k;
        for (k = 0; k < n0; k++) {
            seg *s = &segs[k];
            if (any && aksnet__u128_le(s->lo, cur_hi)) {
                s->lane = 1;
                have_lane1 = true;
                cur_hi = u128_max(cur_hi, s->hi);
                continue;
            }
            if ((!any && aksnet__u128_lt(blo, s->lo)) ||
                (any && aksnet__u128_lt(aksnet__u128_inc(cur_hi), s->lo))) {
                seg *g = &segs[nsegs++];
                g->lo = any ? aksnet__u128_inc(cur_hi) : blo;
                g->hi = aksnet__u128_dec(s->lo);
            }
            cur_hi = any ? u128_max(cur_hi, s->hi) : s->hi;
            any = true;
        }
        if (!any) {
            segs[nsegs].lo = blo;
            segs[nsegs].hi = bhi;
            nsegs++;
        } else if (aksnet__u128_lt(cur_hi, bhi)) {
            segs[nsegs].lo = aksnet__u128_inc(cur_hi);
            segs[nsegs].hi = bhi;
            nsegs++;
        }
        qsort(segs, nsegs, sizeof(seg), cmp_seg);
    }
    for (i = 0; i < nsegs; i++) {
        seg *s = &segs[i];
        s->zoom = -1;
        s->x = BX + BW * u2d(aksnet__u128_sub(s->lo, blo)) / size;
        s->w = BW * (u2d(aksnet__u128_sub(s->hi, s->lo)) + 1.0) / size;
    }
    nsegs = make_runs(segs, nsegs);
    qsort(segs, nsegs, sizeof(seg), cmp_seg);
    S.v = segs;
    S.n = nsegs;
    S.family = family;

    /* labels: three lines, two, or (free space only) one, at 12/11 px or else 11/10 px;
     * blocks without a label are keyed */
    for (i = 0; i < nsegs; i++) {
        seg *s = &segs[i];
        labels L;
        bool subnet = !s->run && s->it != NULL && s->it->subnet != AKSNET__NONE;
        bool one = !seg_is_block(s);
        s->lines = 0;
        if (s->lane || s->hidden)
            continue;
        seg_labels(c, s, family, &L);
        s->lines = fit_lines(&L, s->w - 6, subnet, one, 12, 11);
        if (s->lines < 2 && seg_is_block(s)) {
            s->lines = fit_lines(&L, s->w - 6, subnet, one, 11, 10);
            s->small = s->lines > 0;
        }
        s->keyed = s->lines == 0 && seg_is_block(s);
    }
    for (i = 0; i < nsegs; i++)
        if (segs[i].lane)
            segs[i].keyed = true;

    /* zoom groups: keyed blocks close together in a small part of the band */
    if (zoom_depth > 0) {
        for (i = 0; i < nsegs && nz < AKSNET_ARRAY_LEN(zooms); i++) {
            seg *s = &segs[i];
            if (!s->keyed || s->lane)
                continue;
            if (nz > 0) {
                /* join the previous group when the joint prefix is a small part of the band
                 * (1/8 at most), at most 16 times the group's and 256 times this block's */
                zoom *z = &zooms[nz - 1];
                unsigned L = common_len(family, z->lo, s->hi);
                unsigned sl = common_len(family, s->lo, s->hi);
                if (L >= blen + 3 && L + 4 >= z->len && L + 8 >= sl) {
                    prefix_bounds(family, z->lo, L, &z->lo, &z->hi);
                    z->len = L;
                    z->nsegs++;
                    s->zoom = (int)(nz - 1);
                    continue;
                }
            }
            zooms[nz].len = common_len(family, s->lo, s->hi);
            prefix_bounds(family, s->lo, zooms[nz].len, &zooms[nz].lo, &zooms[nz].hi);
            zooms[nz].nsegs = 1;
            zooms[nz].keep = true;
            s->zoom = (int)nz;
            nz++;
        }
        /* a lone block is zoomed with context (a quarter of the zoomed band); keep the
         * groups that magnify at least 4 times and at most MAX_ZOOMS, those with the most
         * blocks */
        for (i = 0; i < nz; i++) {
            zoom *z = &zooms[i];
            if (z->nsegs == 1) {
                unsigned L = z->len >= 2 ? z->len - 2 : 0;
                if (L < blen + 2)
                    L = blen + 2;
                if (L > z->len) {
                    z->keep = false;
                    continue;
                }
                z->len = L;
                prefix_bounds(family, z->lo, L, &z->lo, &z->hi);
            }
            if (z->len < blen + 2)
                z->keep = false;
        }
        /* zooms that ended up overlapping (aligned prefixes: one holds the other) merge */
        for (i = 0; i < nz; i++) {
            size_t j, k;
            for (j = i + 1; j < nz && zooms[i].keep; j++) {
                zoom *a = &zooms[i], *b = &zooms[j];
                if (!b->keep || !overlaps(a->lo, a->hi, b->lo, b->hi))
                    continue;
                if (b->len < a->len) {
                    a->len = b->len;
                    a->lo = b->lo;
                    a->hi = b->hi;
                }
                a->nsegs += b->nsegs;
                b->keep = false;
                for (k = 0; k < nsegs; k++)
                    if (segs[k].zoom == (int)j)
                        segs[k].zoom = (int)i;
            }
        }
        {
            size_t kept = 0;
            for (i = 0; i < nz; i++)
                if (zooms[i].keep)
                    kept++;
            while (kept > MAX_ZOOMS) {
                size_t j, worst = SIZE_MAX;
                for (j = 0; j < nz; j++)
                    if (zooms[j].keep &&
                        (worst == SIZE_MAX || zooms[j].nsegs <= zooms[worst].nsegs))
                        worst = j;
                zooms[worst].keep = false;
                kept--;
            }
            kept = 0;
            for (i = 0; i < nz; i++)
                if (zooms[i].keep && tag == NULL && c->nzooms + kept++ >= MAX_ZOOMS_DOC)
                    zooms[i].keep = false;
        }
        for (i = 0; i < nsegs; i++) {
            seg *s = &segs[i];
            if (s->zoom >= 0 && !zooms[s->zoom].keep)
                s->zoom = -1;
            if (s->zoom >= 0)
                s->keyed = false;
        }
        for (i = 0; i < nz; i++) {
            zoom *z = &zooms[i];
            if (!z->keep)
                continue;
            if (tag == NULL)
                snprintf(z->tag, sizeof(z->tag), "%c", (char)('A' + c->nzooms++));
            else
                snprintf(z->tag, sizeof(z->tag), "%.5s%u", tag, ++nested);
            z->x0 = BX + BW * u2d(aksnet__u128_sub(u128_max(z->lo, blo), blo)) / size;
            z->x1 = BX + BW * (u2d(aksnet__u128_sub(u128_min(z->hi, bhi), blo)) + 1.0) / size;
        }
    }

    /* header and axis */
    {
        double hx = BX;
        if (tag) {
            double mw = marker_width(0, tag);
            marker_box(c, BX + mw / 2, y0 + 9, mw, 0, tag);
            hx = BX + mw + 8;
        }
        text_el(c, hx, y0 + 14, 14, true, "start", "#000000", head1, BX + BW - hx);
        text_el(c, BX, y0 + 31, 12, false, "start", "#333333", head2, BW);
    }
    top = y0 + 54;
    axis(c, family, blo, bhi, blen, top);
    bottom = top + BAND_H;

    /* blocks */
    aksnet__sb_printf(c->b, "<g id=\"aksnet-band-%s\">\n", band_id);
    for (i = 0; i < nsegs; i++) {
        seg *s = &segs[i];
        const aksnet__rsubnet *sn =
            !s->run && s->it && s->it->subnet != AKSNET__NONE ? &c->r->subnets[s->it->subnet]
                                                              : NULL;
        double yy = s->lane ? bottom + 2 : top, hh = s->lane ? 10 : BAND_H;
        if (s->hidden)
            continue;
        block_open(c, band_id, s->run ? K_SMALL : seg_kind(s), seg_kind(s), seg_existing(s),
                   s->lane, sn ? sn->name : NULL, s->it ? &s->it->pfx : NULL, family, s->lo,
                   aksnet__u128_inc(aksnet__u128_sub(s->hi, s->lo)), s->x, yy, s->w, hh);
        if (s->run)
            aksnet__sb_printf(c->b, " data-blocks=\"%zu\" data-subnets=\"%zu\"", s->nblocks,
                              s->nsub);
        aksnet__sb_puts(c->b, "><title>");
        seg_title(c, &S, i);
        aksnet__sb_puts(c->b, "</title></rect>\n");
    }
    /* blocks under 1.5 px get a visible tick (not to scale) on top of their true width */
    for (i = 0; i < nsegs; i++) {
        seg *s = &segs[i];
        if (s->hidden || s->lane || !seg_is_block(s) || s->w >= 1.5)
            continue;
        rect_plain(c, s->x + s->w / 2 - 0.75, top, 1.5, BAND_H, KINDS[seg_kind(s)].fill,
                   " class=\"tick\" pointer-events=\"none\"");
    }
    {
        char d[48], a1[AKSNET_ADDRESS_STRLEN];
        u128_dec(d, aksnet__u128_inc(aksnet__u128_sub(bhi, blo)));
        addr_str(a1, family, blo);
        aksnet__sb_printf(c->b,
                          "<rect class=\"band\" data-band=\"%s\" data-first=\"%s\" "
                          "data-addresses=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" "
                          "height=\"%s\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1\" "
                          "pointer-events=\"none\"/>\n",
                          band_id, a1, d, N2(BX).s, N2(top).s, N2(BW).s, N2(BAND_H).s);
    }
    aksnet__sb_puts(c->b, "</g>\n");

    /* labels inside blocks */
    aksnet__sb_puts(c->b, "<g class=\"labels\" pointer-events=\"none\">\n");
    for (i = 0; i < nsegs; i++) {
        seg *s = &segs[i];
        labels L;
        int kind = seg_kind(s);
        const char *ink = KINDS[kind].ink;
        double cx = s->x + s->w / 2, avail = s->w - 6;
        if (s->lines == 0)
            continue;
        {
        seg_labels(c, s, family, &L);
        double f0 = s->small ? 11 : 12, f1 = s->small ? 10 : 11;
        c->halo = (KINDS[kind].pattern || seg_existing(s)) ? KINDS[kind].fill : NULL;
        if (s->lines == 1) {
            text_el(c, cx, top + 33, f0, true, "middle", ink, L.t[0], avail);
        } else if (s->lines == 2) {
            text_el(c, cx, top + 25, f0, true, "middle", ink, L.t[0], avail);
            text_el(c, cx, top + 41, f1, false, "middle", ink, L.t[1], avail);
        } else {
            text_el(c, cx, top + 18, f0, true, "middle", ink, L.t[0], avail);
            text_el(c, cx, top + 33, f1, false, "middle", ink, L.t[1], avail);
            text_el(c, cx, top + 48, f1, false, "middle", ink, L.t[2], avail);
        }
        c->halo = NULL;
        }
    }
    aksnet__sb_puts(c->b, "</g>\n");

    /* markers: keyed blocks (grouped when too many to number one by one) and zoom letters */
    for (i = 0; i < nsegs; i++)
        if (segs[i].keyed)
            nkeyed++;
    keyed = ctx_calloc(c, nkeyed, sizeof(seg *));
    marks = ctx_calloc(c, nkeyed + nz + 1, sizeof(marker));
    if (keyed == NULL || marks == NULL)
        goto done;
    nkeyed = 0;
    for (i = 0; i < nsegs; i++)
        if (segs[i].keyed)
            keyed[nkeyed++] = &segs[i];
    {
        double window = 0.0;
        for (;;) {
            size_t k = 0, zi = 0;
            double total = 0.0;
            unsigned key = c->next_key;
            nmarks = 0;
            /* keyed blocks and zoom letters in x order; a number stands for the keyed
             * blocks within `window` px of its first one */
            while (k < nkeyed || zi < nz) {
                marker *m;
                while (zi < nz && !zooms[zi].keep)
                    zi++;
                if (zi < nz && (k >= nkeyed || zooms[zi].x0 <= keyed[k]->x)) {
                    m = &marks[nmarks++];
                    memset(m, 0, sizeof(*m));
                    m->x0 = zooms[zi].x0;
                    m->x1 = zooms[zi].x1;
                    m->tag = zooms[zi].tag;
                    m->mw = marker_width(0, m->tag);
                    total += m->mw + 4;
                    zi++;
                    continue;
                }
                if (k >= nkeyed)
                    break;
                m = &marks[nmarks++];
                memset(m, 0, sizeof(*m));
                m->first = k;
                m->n = 1;
                m->x0 = keyed[k]->x;
                m->x1 = keyed[k]->x + keyed[k]->w;
                k++;
                while (k < nkeyed && keyed[k]->x + keyed[k]->w - m->x0 <= window &&
                       (zi >= nz || !zooms[zi].keep || zooms[zi].x0 > keyed[k]->x)) {
                    if (keyed[k]->x + keyed[k]->w > m->x1)
                        m->x1 = keyed[k]->x + keyed[k]->w;
                    m->n++;
                    k++;
                }
                m->key = key++;
                m->mw = marker_width(m->key, 0);
                total += m->mw + 4;
            }
            if (total <= BW || window > 2 * BW)
                break;
            window = window > 0 ? window * 2 : 4;
        }
    }
    mtop = bottom + (have_lane1 ? 14 : 2);
    if (nmarks > 0) {
        /* place marker boxes: in order, no overlaps, inside the band's width */
        for (i = 0; i < nmarks; i++) {
            marker *m = &marks[i];
            double want = (m->x0 + m->x1) / 2, lim = BX + m->mw / 2;
            if (i > 0)
                lim = marks[i - 1].mx + (marks[i - 1].mw + m->mw) / 2 + 4;
            m->mx = want > lim ? want : lim;
        }
        for (i = nmarks; i-- > 0;) {
            marker *m = &marks[i];
            double lim = BX + BW - m->mw / 2;
            if (i + 1 < nmarks)
                lim = marks[i + 1].mx - (marks[i + 1].mw + m->mw) / 2 - 4;
            if (m->mx > lim)
                m->mx = lim;
        }
        aksnet__sb_puts(c->b, "<g class=\"markers\">\n");
        for (i = 0; i < nmarks; i++) {
            marker *m = &marks[i];
            double cx = (m->x0 + m->x1) / 2;
            if (m->n > 1 || m->tag || m->x1 - m->x0 >= 4) {
                double x0 = m->x0, x1 = m->x1;
                if (x1 - x0 < 2) {
                    x0 = cx - 1;
                    x1 = cx + 1;
                }
                aksnet__sb_printf(c->b,
                                  "<path d=\"M%s %sv4H%sv-4\" fill=\"none\" "
                                  "stroke=\"#333333\" stroke-width=\"1\"/>\n",
                                  N2(x0).s, N2(mtop).s, N2(x1).s);
            }
            aksnet__sb_printf(c->b,
                              "<path d=\"M%s %sV%sL%s %sV%s\" fill=\"none\" "
                              "stroke=\"#333333\" stroke-width=\"0.8\"/>\n",
                              N2(cx).s, N2(mtop).s, N2(mtop + 8).s, N2(m->mx).s,
                              N2(mtop + 16).s, N2(mtop + 18).s);
            marker_box(c, m->mx, mtop + 27, m->mw, m->key, m->tag);
        }
        aksnet__sb_puts(c->b, "</g>\n");
        c->y = mtop + 44;
    } else {
        c->y = mtop + 8;
    }

    /* the key: one line per number, in two columns (one when few lines need the width) */
    {
        size_t e = 0, ncols = 2, nentries = 0;
        double colw = KEY_COL_W;
        bool wide = false;
        for (i = 0; i < nmarks; i++) {
            if (marks[i].key == 0)
                continue;
            nentries++;
            if (marks[i].n == 1 && !keyed[marks[i].first]->run &&
                marks[i].mw + 24 + key_entry_width(c, keyed[marks[i].first], family) > colw - 10)
                wide = true;
        }
        if (wide && nentries <= 16) {
            ncols = 1;
            colw = BW;
        }
        aksnet__sb_puts(c->b, "<g class=\"key\">\n");
        for (i = 0; i < nmarks; i++) {
            marker *m = &marks[i];
            double kx, ky;
            if (m->key == 0)
                continue;
            {
                size_t col = e % ncols, row = e / ncols; /* integer: key grid cell */
                kx = BX + (double)col * colw;
                ky = c->y + (double)row * KEY_ROW_H;
            }
            marker_box(c, kx + m->mw / 2, ky + 9, m->mw, m->key, 0);
            if (m->n == 1 && !keyed[m->first]->run) {
                const seg *s = keyed[m->first];
                swatch(c, kx + m->mw + 4, ky + 3, 14, 12, seg_kind(s), seg_existing(s));
                key_entry_single(c, s, family, kx + m->mw + 24, ky + 13.5, colw - m->mw - 34);
            } else {
                key_entry_group(c, &S, keyed + m->first, m->n, kx + m->mw + 6, ky + 13.5,
                                colw - m->mw - 16);
            }
            if (m->key >= c->next_key)
                c->next_key = m->key + 1;
            e++;
        }
        aksnet__sb_puts(c->b, "</g>\n");
        {
            size_t rows = (e + ncols - 1) / ncols; /* integer: rows of the key grid */
            if (e)
                c->y += (double)rows * KEY_ROW_H + 6;
        }
    }
    c->y += 14;

    /* zoom bands */
    for (i = 0; i < nz && !c->oom; i++) {
        zoom *z = &zooms[i];
        char id[64], h1[320], h2[320], p[AKSNET_PREFIX_STRLEN], cnt[64], mag[64], a1[48], a2[48],
            per[64];
        aksnet_prefix zp;
        double app;
        if (!z->keep)
            continue;
        aksnet__prefix_make(&zp, family, z->lo, z->len);
        aksnet__prefix_str(p, &zp);
        fmt_count(cnt, aksnet__u128_inc(aksnet__u128_sub(z->hi, z->lo)));
        fmt_count(mag, aksnet__u128_pow2(z->len - blen));
        addr_str(a1, family, z->lo);
        addr_str(a2, family, z->hi);
        snprintf(id, sizeof(id), "%s-%s", band_id, z->tag);
        snprintf(h1, sizeof(h1),
                 "Zoom %s: %s" MIDDOT "%s addresses" MIDDOT "%s" TIMES " the scale of %s",
                 z->tag, p, cnt, mag, tag ? tag : "the address space");
        app = (u2d(aksnet__u128_sub(z->hi, z->lo)) + 1.0) / BW;
        fmt_scale(per, app);
        snprintf(h2, sizeof(h2), "%s " NDASH " %s" MIDDOT "to scale: 1 px " APPROX " %s addresses",
                 a1, a2, per);
        band(c, id, family, z->lo, z->hi, z->len, zoom_depth - 1, h1, h2, z->tag);
    }

done:
    aksnet__free(c->alloc, segs);
    aksnet__free(c->alloc, keyed);
    aksnet__free(c->alloc, marks);
}

/* One VNet address space: header with the totals, then its band. */
static void space_band(svg_ctx *c, size_t index)
{
    const aksnet_result *r = c->r;
    const aksnet_prefix *sp = &r->spaces[index];
    u128 lo, hi, total, sub = aksnet__u128(0, 0), res = aksnet__u128(0, 0),
                        blocked = aksnet__u128(0, 0), fr = aksnet__u128(0, 0);
    size_t i, nfreeblocks = 0;
    int largest = -1;
    char p[AKSNET_PREFIX_STRLEN], h1[256], h2[400], t[64], s1[64], s2[64], s3[64], s4[64],
        pc1[48], pc2[48], id[32], per[64];
    double app;
    aksnet__prefix_range(sp, &lo, &hi);
    total = aksnet__u128_inc(aksnet__u128_sub(hi, lo));
    /* totals over the non-overlapping blocks of this space */
    {
        u128 cur = lo;
        bool any = false;
        for (i = 0; i < c->nitems; i++) {
            const item *it = &c->items[i];
            u128 a, z, n;
            if (it->family != sp->family || !overlaps(it->lo, it->hi, lo, hi))
                continue;
            a = u128_max(it->lo, lo);
            z = u128_min(it->hi, hi);
            if (any && aksnet__u128_le(a, cur))
                a = aksnet__u128_inc(cur);
            if (any && aksnet__u128_lt(z, a))
                continue;
            n = aksnet__u128_inc(aksnet__u128_sub(z, a));
            if (it->kind == K_FREE)
                fr = aksnet__u128_add(fr, n);
            else if (it->subnet != AKSNET__NONE)
                sub = aksnet__u128_add(sub, n);
            else if (it->kind == K_RESERVED)
                res = aksnet__u128_add(res, n);
            else
                blocked = aksnet__u128_add(blocked, n);
            cur = any ? u128_max(cur, z) : z;
            any = true;
        }
    }
    for (i = 0; i < r->nfree; i++) {
        u128 a, z;
        if (r->free_prefixes[i].family != sp->family)
            continue;
        aksnet__prefix_range(&r->free_prefixes[i], &a, &z);
        if (!overlaps(a, z, lo, hi))
            continue;
        nfreeblocks++;
        if (largest < 0 || r->free_prefixes[i].length < largest)
            largest = r->free_prefixes[i].length;
    }
    aksnet__prefix_str(p, sp);
    fmt_count(t, total);
    snprintf(h1, sizeof(h1), "Address space %s (%s)" MIDDOT "%s addresses", p,
             sp->family == AKSNET_FAMILY_IPV6 ? "IPv6" : "IPv4", t);
    fmt_count(s1, sub);
    fmt_count(s2, res);
    fmt_count(s3, fr);
    fmt_count(s4, blocked);
    fmt_pct(pc1, sub, total);
    fmt_pct(pc2, fr, total);
    app = u2d(total) / BW;
    fmt_scale(per, app);
    {
        int o = snprintf(h2, sizeof(h2), "subnets %s (%s)" MIDDOT "free %s (%s)", s1, pc1, s3,
                         pc2);
        if (o > 0 && largest >= 0 && (size_t)o < sizeof(h2))
            o += snprintf(h2 + o, sizeof(h2) - (size_t)o, " in %zu blocks, largest /%d",
                          nfreeblocks, largest);
        if (o > 0 && !aksnet__u128_is_zero(res) && (size_t)o < sizeof(h2))
            o += snprintf(h2 + o, sizeof(h2) - (size_t)o, MIDDOT "reserved %s", s2);
        if (o > 0 && !aksnet__u128_is_zero(blocked) && (size_t)o < sizeof(h2))
            o += snprintf(h2 + o, sizeof(h2) - (size_t)o, MIDDOT "avoided or forbidden %s", s4);
        if (o > 0 && (size_t)o < sizeof(h2))
            snprintf(h2 + o, sizeof(h2) - (size_t)o, MIDDOT "to scale: 1 px " APPROX " %s addresses",
                     per);
    }
    snprintf(id, sizeof(id), "s%zu", index + 1);
    band(c, id, sp->family, lo, hi, sp->length, 2, h1, h2, NULL);
}

/* ---- sections below the bands ------------------------------------------------------------- */

static void section_title(svg_ctx *c, const char *title, const char *fill)
{
    text_el(c, BX, c->y + 16, 15, true, "start", fill, title, BW);
    c->y += 26;
}

/* Subnets that have no prefix, and placed subnets that lie outside every address space. */
static void unplaced(svg_ctx *c)
{
    const aksnet_result *r = c->r;
    size_t i, n = 0, shown = 0;
    for (i = 0; i < r->nsubnets; i++)
        if (!r->subnets[i].placed)
            n++;
    if (n > 0) {
        char t[64];
        snprintf(t, sizeof(t), "Not placed: %zu subnet%s did not fit", n, n == 1 ? "" : "s");
        section_title(c, t, "#B34700");
        for (i = 0; i < r->nsubnets; i++) {
            const aksnet__rsubnet *s = &r->subnets[i];
            char why[200], ips[64];
            double nw;
            if (s->placed)
                continue;
            if (shown++ == MAX_LIST_LINES) {
                snprintf(why, sizeof(why), ELLIPSIS " and %zu more (the diagnostics list them)",
                         n - MAX_LIST_LINES);
                text_el(c, BX, c->y + 13.5, 12, false, "start", "#333333", why, BW);
                c->y += KEY_ROW_H;
                break;
            }
            fmt_u64(ips, s->ips_required);
            if (s->too_big)
                snprintf(why, sizeof(why), MIDDOT "%s" MIDDOT "%s IPs: more than the largest "
                                           "subnet libaksnet plans (/8)",
                         KINDS[subnet_kind(s->purpose)].short_, ips);
            else if (s->alloc_failed_len && s->largest_free >= 0)
                snprintf(why, sizeof(why), MIDDOT "%s" MIDDOT "needs a /%u for %s IPs; the "
                                           "largest free block is a /%d",
                         KINDS[subnet_kind(s->purpose)].short_, (unsigned)s->alloc_failed_len,
                         ips, s->largest_free);
            else if (s->alloc_failed_len)
                snprintf(why, sizeof(why), MIDDOT "%s" MIDDOT "needs a /%u for %s IPs; no free "
                                           "space is left",
                         KINDS[subnet_kind(s->purpose)].short_, (unsigned)s->alloc_failed_len,
                         ips);
            else
                snprintf(why, sizeof(why), MIDDOT "%s" MIDDOT "%s IPs; see the diagnostics",
                         KINDS[subnet_kind(s->purpose)].short_, ips);
            swatch(c, BX, c->y + 3, 14, 12, subnet_kind(s->purpose), s->existing);
            c->kinds_used |= 1u << subnet_kind(s->purpose);
            aksnet__sb_puts(c->b, "<text class=\"unplaced\" data-name=\"");
            esc(c->b, s->name);
            aksnet__sb_printf(c->b, "\" x=\"%s\" y=\"%s\" font-size=\"12\" fill=\"#000000\">"
                                    "<tspan font-weight=\"bold\">",
                              N2(BX + 20).s, N2(c->y + 13.5).s);
            nw = BW - 20 - text_w(why, 12, false);
            esc_fit(c->b, s->name, 12, true, nw < 100 ? 100 : nw);
            aksnet__sb_puts(c->b, "</tspan>");
            esc(c->b, why);
            aksnet__sb_puts(c->b, "</text>\n");
            c->y += KEY_ROW_H;
        }
        c->y += 12;
    }
    n = 0;
    for (i = 0; i < r->nsubnets; i++) {
        const aksnet__rsubnet *s = &r->subnets[i];
        int v;
        for (v = 0; v < 2; v++) {
            const aksnet_prefix *p = v ? &s->cidr6 : &s->cidr;
            u128 lo, hi;
            char ps[AKSNET_PREFIX_STRLEN], rest[160];
            double nw;
            if (!aksnet__prefix_is_set(p))
                continue;
            aksnet__prefix_range(p, &lo, &hi);
            if (in_some_space(r, lo, hi, p->family))
                continue;
            if (n++ == 0)
                section_title(c, "Outside every VNet address space", "#B34700");
            aksnet__prefix_str(ps, p);
            if (n > MAX_LIST_LINES + 1)
                continue;
            if (n == MAX_LIST_LINES + 1) {
                text_el(c, BX, c->y + 13.5, 12, false, "start", "#333333",
                        ELLIPSIS " and more (the diagnostics list them)", BW);
                c->y += KEY_ROW_H;
                continue;
            }
            snprintf(rest, sizeof(rest), MIDDOT "%s" MIDDOT "%s%s", ps,
                     KINDS[subnet_kind(s->purpose)].short_,
                     s->existing && s->purpose != AKSNET_PURPOSE_EXISTING ? ", existing" : "");
            swatch(c, BX, c->y + 3, 14, 12, subnet_kind(s->purpose), s->existing);
            c->kinds_used |= 1u << subnet_kind(s->purpose);
            aksnet__sb_puts(c->b, "<text class=\"outside\" data-name=\"");
            esc(c->b, s->name);
            aksnet__sb_printf(c->b, "\" data-cidr=\"%s\" x=\"%s\" y=\"%s\" font-size=\"12\" "
                                    "fill=\"#000000\"><tspan font-weight=\"bold\">",
                              ps, N2(BX + 20).s, N2(c->y + 13.5).s);
            nw = BW - 20 - text_w(rest, 12, false);
            esc_fit(c->b, s->name, 12, true, nw < 100 ? 100 : nw);
            aksnet__sb_puts(c->b, "</tspan>");
            esc(c->b, rest);
            aksnet__sb_puts(c->b, "</text>\n");
            c->y += KEY_ROW_H;
        }
    }
    if (n)
        c->y += 12;
}

/* A small band with one or two blocks (pod CIDR, service CIDR). */
static void small_block(svg_ctx *c, const char *band_id, int kind, const aksnet_prefix *pfx,
                        u128 first, u128 count, double x, double w, double top, const char *label,
                        const char *title_pre, const char *title_post)
{
    block_open(c, band_id, kind, kind, false, 0, NULL, pfx, pfx->family, first, count, x, top, w,
               SMALL_H);
    aksnet__sb_puts(c->b, "><title>");
    esc(c->b, title_pre);
    esc(c->b, title_post);
    aksnet__sb_puts(c->b, "</title></rect>\n");
    if (label && text_w(label, 12, false) <= w - 8) {
        c->halo = KINDS[kind].pattern || kind == K_PODCIDR ? KINDS[kind].fill : NULL;
        text_el(c, x + w / 2, top + 19.5, 12, false, "middle", KINDS[kind].ink, label, w - 8);
        c->halo = NULL;
    }
}

static void small_band_frame(svg_ctx *c, const char *band_id, const aksnet_prefix *p, double top)
{
    char d[48], a1[AKSNET_ADDRESS_STRLEN];
    u128 lo, hi;
    aksnet__prefix_range(p, &lo, &hi);
    u128_dec(d, aksnet__u128_inc(aksnet__u128_sub(hi, lo)));
    addr_str(a1, p->family, lo);
    aksnet__sb_printf(c->b,
                      "<rect class=\"band\" data-band=\"%s\" data-first=\"%s\" "
                      "data-addresses=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" "
                      "height=\"%s\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1\" "
                      "pointer-events=\"none\"/>\n",
                      band_id, a1, d, N2(BX).s, N2(top).s, N2(BW).s, N2(SMALL_H).s);
}

static void pod_band(svg_ctx *c, size_t ci, const aksnet__rcluster *k, const aksnet_prefix *pc,
                     bool usage)
{
    char id[48], p[AKSNET_PREFIX_STRLEN], h[600], a[64], b2[64], d[64], lbl[160], ttl[400];
    u128 lo, hi, size;
    double top;
    aksnet__prefix_range(pc, &lo, &hi);
    size = aksnet__u128_inc(aksnet__u128_sub(hi, lo));
    aksnet__prefix_str(p, pc);
    snprintf(id, sizeof(id), "c%zu-pod%s", ci + 1, pc->family == AKSNET_FAMILY_IPV6 ? "6" : "");
    fmt_count(a, size);
    if (!usage || pc->family == AKSNET_FAMILY_IPV6) {
        snprintf(h, sizeof(h), "%s pod CIDR %s" MIDDOT "%s addresses%s",
                 pc->family == AKSNET_FAMILY_IPV6 ? "IPv6" : "IPv4", p, a,
                 usage ? "" : " (not used by this network mode)");
        text_el(c, BX, c->y + 13, 12, false, "start", "#000000", h, BW);
        top = c->y + 20;
        snprintf(lbl, sizeof(lbl), "pod CIDR %s", p);
        small_block(c, id, K_PODCIDR, pc, lo, size, BX, BW, top, lbl, "pod CIDR ", p);
        small_band_frame(c, id, pc, top);
        c->y = top + SMALL_H + 14;
        return;
    }
    {
        uint64_t nodes = k->nodes, slots;
        u128 need = aksnet__u128_shl(aksnet__u128(0, nodes), 8);
        bool shortage = aksnet__u128_lt(size, need);
        slots = pc->length <= 24 ? (uint64_t)1 << (24 - pc->length) : 0;
        fmt_u64(b2, nodes);
        fmt_count(d, need);
        if (shortage) {
            char s[64];
            fmt_u64(s, slots);
            snprintf(h, sizeof(h), "Pod CIDR %s" MIDDOT "%s addresses = %s " TIMES " /24" MIDDOT
                                   "%s nodes need %s addresses: too small",
                     p, a, s, b2, d);
        } else {
            char s[64], room[64], pc1[48];
            fmt_u64(s, slots);
            fmt_u64(room, slots - nodes);
            fmt_pct(pc1, need, size);
            snprintf(h, sizeof(h), "Pod CIDR %s" MIDDOT "%s addresses = %s " TIMES " /24" MIDDOT
                                   "%s nodes " TIMES " /24 = %s (%s)" MIDDOT "room for %s more nodes",
                     p, a, s, b2, d, pc1, room);
        }
        text_el(c, BX, c->y + 13, 12, false, "start", "#000000", h, BW);
        top = c->y + 20;
        if (shortage) {
            snprintf(lbl, sizeof(lbl), "%s nodes need %s addresses", b2, d);
            snprintf(ttl, sizeof(ttl), "pod CIDR %s is too small: %s nodes " TIMES
                                       " 256 = %s addresses, it has %s", p, b2, d, a);
            small_block(c, id, K_PODCIDR_SHORT, pc, lo, size, BX, BW, top, lbl, ttl, "");
        } else {
            double wu = BW * u2d(need) / u2d(size);
            u128 rest = aksnet__u128_sub(size, need);
            if (nodes > 0) {
                snprintf(lbl, sizeof(lbl), "%s nodes " TIMES " /24", b2);
                snprintf(ttl, sizeof(ttl), "%s nodes (pools plus surge) " TIMES
                                           " one /24 each = %s addresses of %s",
                         b2, d, p);
                small_block(c, id, K_PODCIDR, pc, lo, need, BX, wu, top, NULL, ttl, "");
                /* one line per /24 when they are far enough apart to see */
                if (nodes > 1 && BW * 256.0 / u2d(size) >= 3.0 && nodes <= 1024) {
                    uint64_t j;
                    aksnet__sb_puts(c->b, "<path d=\"");
                    for (j = 1; j < nodes; j++)
                        aksnet__sb_printf(c->b, "M%s %sv%s",
                                          N2(BX + BW * 256.0 * (double)j / u2d(size)).s,
                                          N2(top).s, fixed(SMALL_H, 0).s);
                    aksnet__sb_puts(c->b, "\" stroke=\"#FFFFFF\" stroke-width=\"0.75\" "
                                          "pointer-events=\"none\"/>\n");
                }
                if (text_w(lbl, 12, false) <= wu - 8) {
                    c->halo = KINDS[K_PODCIDR].fill;
                    text_el(c, BX + wu / 2, top + 19.5, 12, false, "middle", "#000000", lbl,
                            wu - 8);
                    c->halo = NULL;
                }
            }
            if (!aksnet__u128_is_zero(rest)) {
                char rm[64];
                fmt_u64(rm, slots - nodes);
                snprintf(lbl, sizeof(lbl), "room for %s more nodes", rm);
                snprintf(ttl, sizeof(ttl), "pod CIDR %s: room for %s more nodes", p, rm);
                small_block(c, id, K_PODCIDR_FREE, pc, aksnet__u128_add(lo, need), rest, BX + wu,
                            BW - wu, top, lbl, ttl, "");
            }
        }
        small_band_frame(c, id, pc, top);
        c->y = top + SMALL_H + 14;
    }
}

static void service_band(svg_ctx *c, size_t ci, const aksnet__rcluster *k, const aksnet_prefix *sc)
{
    char id[48], p[AKSNET_PREFIX_STRLEN], h[300], a[64], lbl[160], dn[AKSNET_ADDRESS_STRLEN];
    u128 lo, hi, size, dv;
    double top;
    bool dns = false;
    aksnet__prefix_range(sc, &lo, &hi);
    size = aksnet__u128_inc(aksnet__u128_sub(hi, lo));
    aksnet__prefix_str(p, sc);
    fmt_count(a, size);
    snprintf(id, sizeof(id), "c%zu-svc%s", ci + 1, sc->family == AKSNET_FAMILY_IPV6 ? "6" : "");
    if (k->dns.family == sc->family && aksnet_prefix_contains_address(sc, &k->dns)) {
        dns = true;
        dv = aksnet__addr_to_u128(k->dns.family, k->dns.bytes);
        aksnet__address_str(dn, &k->dns);
    } else {
        dv = lo;
        dn[0] = '\0';
    }
    snprintf(h, sizeof(h), "%s service CIDR %s" MIDDOT "%s addresses%s%s",
             sc->family == AKSNET_FAMILY_IPV6 ? "IPv6" : "IPv4", p, a,
             dns ? MIDDOT "DNS service IP " : "", dn);
    text_el(c, BX, c->y + 13, 12, false, "start", "#000000", h, BW);
    top = c->y + 20 + (dns ? 14 : 0);
    snprintf(lbl, sizeof(lbl), "service CIDR %s", p);
    small_block(c, id, K_SERVICE, sc, lo, size, BX, BW, top, lbl, "service CIDR ", p);
    small_band_frame(c, id, sc, top);
    if (dns) {
        double x = BX + BW * (u2d(aksnet__u128_sub(dv, lo)) + 0.5) / u2d(size);
        char t[80];
        snprintf(t, sizeof(t), "DNS %s", dn);
        aksnet__sb_printf(c->b,
                          "<path class=\"dns\" data-address=\"%s\" d=\"M%s %sV%s\" "
                          "stroke=\"#000000\" stroke-width=\"2\"><title>DNS service IP %s</title>"
                          "</path>\n",
                          dn, N2(x).s, N2(top - 6).s, N2(top + SMALL_H).s, dn);
        if (x + 4 + text_w(t, 11, false) <= BX + BW)
            text_el(c, x + 4, top - 3, 11, false, "start", "#000000", t, BW);
        else
            text_el(c, x - 4, top - 3, 11, false, "end", "#000000", t, BW);
    }
    c->y = top + SMALL_H + 14;
}

static void clusters(svg_ctx *c)
{
    const aksnet_result *r = c->r;
    size_t i;
    for (i = 0; i < r->nclusters; i++) {
        const aksnet__rcluster *k = &r->clusters[i];
        char rest[200], nodes[64];
        bool has_pod_mode = aksnet__mode_has_pod_cidr(k->mode);
        fmt_u64(nodes, k->nodes);
        snprintf(rest, sizeof(rest), MIDDOT "%s%s" MIDDOT "%s nodes including surge",
                 aksnet_mode_name(k->mode), k->dual_stack ? ", dual-stack" : "", nodes);
        text_open(c, BX, c->y + 16, 15, false, "start", "#000000");
        aksnet__sb_puts(c->b, "<tspan font-weight=\"bold\">Cluster ");
        esc_fit(c->b, k->name, 15, true, BW - text_w(rest, 15, false) - 70);
        aksnet__sb_puts(c->b, "</tspan>");
        esc(c->b, rest); /* spaces never at the edge of a tspan: librsvg drops them */
        aksnet__sb_puts(c->b, "</text>\n");
        c->y += 24;
        if (aksnet__prefix_is_set(&k->pod_cidr) && (has_pod_mode || k->pod_given))
            pod_band(c, i, k, &k->pod_cidr, has_pod_mode);
        if (aksnet__prefix_is_set(&k->pod_cidr6) && (has_pod_mode || k->pod6_given))
            pod_band(c, i, k, &k->pod_cidr6, has_pod_mode);
        if (aksnet__prefix_is_set(&k->service_cidr))
            service_band(c, i, k, &k->service_cidr);
        if (aksnet__prefix_is_set(&k->service_cidr6))
            service_band(c, i, k, &k->service_cidr6);
        c->y += 8;
    }
}

/* ---- neighbourhood: cluster and VNet ranges next to the avoid ranges near them ------------ */

typedef struct nitem {
    u128 lo, hi;
    int kind;
    const char *who; /* cluster name, or NULL */
    aksnet_prefix pfx;
    int lane; /* 0: the plan's ranges, 1: avoid and forbidden */
    size_t c0, c1;
    int row;
} nitem;

typedef struct bp {
    u128 v;
    bool inf; /* 2^128 */
} bp;

static int cmp_bp(const void *pa, const void *pb)
{
    const bp *a = pa, *b = pb;
    if (a->inf != b->inf)
        return a->inf ? 1 : -1;
    return aksnet__u128_cmp(a->v, b->v);
}

static bool bp_eq(const bp *a, const bp *b)
{
    return a->inf == b->inf && aksnet__u128_eq(a->v, b->v);
}

static bp bp_end(int family, u128 hi)
{
    bp e;
    e.inf = family == AKSNET_FAMILY_IPV6 && aksnet__u128_eq(hi, aksnet__u128_low_mask(128));
    e.v = e.inf ? aksnet__u128(0, 0) : aksnet__u128_inc(hi);
    return e;
}

static int cmp_nitem(const void *pa, const void *pb)
{
    const nitem *a = pa, *b = pb;
    int d;
    if (a->lane != b->lane)
        return a->lane - b->lane;
    if ((d = aksnet__u128_cmp(a->lo, b->lo)) != 0)
        return d;
    return -aksnet__u128_cmp(a->hi, b->hi);
}

static void add_nitem(nitem *v, size_t *n, const aksnet_prefix *p, int kind, const char *who,
                      int lane)
{
    nitem *it = &v[(*n)++];
    memset(it, 0, sizeof(*it));
    aksnet__prefix_range(p, &it->lo, &it->hi);
    it->kind = kind;
    it->who = who;
    it->pfx = *p;
    it->lane = lane;
}

static void neighbourhood(svg_ctx *c, int family)
{
    const aksnet_result *r = c->r;
    size_t cap = r->nspaces + 4 * r->nclusters + MAX_NEAR + 4, n = 0, nours, i, j;
    size_t nbp = 0, ncols = 0, far = 0, near = 0, nrows[2] = {0, 0};
    nitem *v = NULL;
    bp *bps = NULL;
    double *colw = NULL, *colx = NULL, total = 0;
    int *colkind = NULL; /* 1 covered, 0 gap */
    u128 *colcount = NULL;
    size_t *int2col = NULL;
    char far_list[400];
    size_t flen = 0;
    bool forb = family == AKSNET_FAMILY_IPV4;
    far_list[0] = '\0';

    v = ctx_calloc(c, cap, sizeof(nitem));
    if (v == NULL)
        return;
    for (i = 0; i < r->nspaces; i++)
        if (r->spaces[i].family == family)
            add_nitem(v, &n, &r->spaces[i], K_VNET, NULL, 0);
    for (i = 0; i < r->nclusters; i++) {
        const aksnet__rcluster *k = &r->clusters[i];
        bool pods = aksnet__mode_has_pod_cidr(k->mode);
        const aksnet_prefix *pp = family == AKSNET_FAMILY_IPV6 ? &k->pod_cidr6 : &k->pod_cidr;
        const aksnet_prefix *sp = family == AKSNET_FAMILY_IPV6 ? &k->service_cidr6
                                                               : &k->service_cidr;
        if (aksnet__prefix_is_set(pp) && pp->family == family &&
            (pods || (family == AKSNET_FAMILY_IPV6 ? k->pod6_given : k->pod_given)))
            add_nitem(v, &n, pp, K_PODCIDR, k->name, 0);
        if (aksnet__prefix_is_set(sp) && sp->family == family)
            add_nitem(v, &n, sp, K_SERVICE, k->name, 0);
    }
    nours = n;
    if (nours == 0)
        goto done;
    /* the avoid (and forbidden) ranges in the neighbourhood: within the prefix 8 bits
     * shorter than one of the plan's ranges */
    for (i = 0; i < r->navoid + (forb ? AKSNET_ARRAY_LEN(aksnet__forbidden_ranges) : 0); i++) {
        aksnet_prefix p;
        u128 lo, hi;
        bool is_near = false;
        if (i < r->navoid)
            p = r->avoid[i];
        else
            aksnet__forbidden_prefix(i - r->navoid, &p);
        if (p.family != family)
            continue;
        aksnet__prefix_range(&p, &lo, &hi);
        for (j = 0; j < nours && !is_near; j++) {
            u128 nlo, nhi;
            unsigned nl = v[j].pfx.length >= 8 ? v[j].pfx.length - 8u : 0u;
            prefix_bounds(family, v[j].lo, nl, &nlo, &nhi);
            is_near = overlaps(lo, hi, nlo, nhi);
        }
        if (is_near && near < MAX_NEAR) {
            add_nitem(v, &n, &p, i < r->navoid ? K_AVOID : K_FORBIDDEN, NULL, 1);
            near++;
        } else if (i < r->navoid) {
            char ps[AKSNET_PREFIX_STRLEN];
            aksnet__prefix_str(ps, &p);
            if (flen + strlen(ps) + 4 < 200) {
                flen += (size_t)snprintf(far_list + flen, sizeof(far_list) - flen, "%s%s",
                                         far ? ", " : "", ps);
            } else if (flen < 200) {
                snprintf(far_list + flen, sizeof(far_list) - flen, ", " ELLIPSIS);
                flen = 200;
            }
            far++;
        }
    }
    if (near == 0 && far == 0)
        goto done;
    {
        char h[160];
        snprintf(h, sizeof(h), "Neighbourhood (%s): the plan's ranges and the avoid ranges near "
                               "them", family == AKSNET_FAMILY_IPV6 ? "IPv6" : "IPv4");
        section_title(c, h, "#000000");
    }
    if (near == 0) {
        char t[480];
        snprintf(t, sizeof(t), "No avoid range lies near the VNet or the cluster ranges. Avoided "
                               "elsewhere: %s",
                 far_list);
        text_el(c, BX, c->y + 12, 12, false, "start", "#333333", t, BW);
        c->y += 30;
        goto done;
    }
    text_el(c, BX, c->y + 12, 12, false, "start", "#333333",
            "In address order, not to scale: each box spans the same columns as the ranges it "
            "overlaps; " ELLIPSIS " marks a gap between ranges.",
            BW);
    c->y += 22;
    qsort(v, n, sizeof(nitem), cmp_nitem);

    /* columns: the elementary intervals between all range boundaries */
    bps = ctx_calloc(c, 2 * n, sizeof(bp));
    if (bps == NULL)
        goto done;
    for (i = 0; i < n; i++) {
        bps[nbp].v = v[i].lo;
        bps[nbp++].inf = false;
        bps[nbp++] = bp_end(family, v[i].hi);
    }
    qsort(bps, nbp, sizeof(bp), cmp_bp);
    for (i = 0, j = 0; i < nbp; i++)
        if (j == 0 || !bp_eq(&bps[j - 1], &bps[i]))
            bps[j++] = bps[i];
    nbp = j;
    colw = ctx_calloc(c, 2 * nbp, sizeof(double));
    colx = ctx_calloc(c, 2 * nbp, sizeof(double));
    colkind = ctx_calloc(c, 2 * nbp, sizeof(int));
    colcount = ctx_calloc(c, 2 * nbp, sizeof(u128));
    int2col = ctx_calloc(c, nbp, sizeof(size_t));
    if (colw == NULL || colx == NULL || colkind == NULL || colcount == NULL || int2col == NULL)
        goto done;
    for (i = 0; i + 1 < nbp; i++) {
        bool covered = false;
        u128 cnt;
        for (j = 0; j < n && !covered; j++) {
            bp e = bp_end(family, v[j].hi);
            covered = aksnet__u128_le(v[j].lo, bps[i].v) && cmp_bp(&bps[i], &e) < 0;
        }
        cnt = bps[i + 1].inf ? aksnet__u128_inc(aksnet__u128_not(bps[i].v))
                             : aksnet__u128_sub(bps[i + 1].v, bps[i].v);
        if (covered) {
            unsigned lg = aksnet__u128_is_zero(cnt) ? 128 : aksnet__u128_log2(cnt);
            colkind[ncols] = 1;
            colcount[ncols] = cnt;
            colw[ncols] = 8.0 + 3.0 * lg;
            int2col[i] = ncols++;
        } else {
            colkind[ncols] = 0;
            colcount[ncols] = cnt;
            colw[ncols] = 24.0;
            int2col[i] = ncols++;
        }
    }
    for (i = 0; i < n; i++) {
        size_t a = 0, z = 0;
        bp e = bp_end(family, v[i].hi);
        for (j = 0; j + 1 < nbp; j++) {
            if (aksnet__u128_eq(bps[j].v, v[i].lo) && !bps[j].inf)
                a = int2col[j];
            if (bp_eq(&bps[j + 1], &e))
                z = int2col[j];
        }
        v[i].c0 = a;
        v[i].c1 = z;
    }
    /* widen columns so that each box can show its CIDR (smallest boxes first) */
    for (i = 0; i < n; i++) {
        size_t best = SIZE_MAX;
        for (j = 0; j < n; j++) {
            if (v[j].row == -1)
                continue;
            if (best == SIZE_MAX || v[j].c1 - v[j].c0 < v[best].c1 - v[best].c0)
                best = j;
        }
        if (best == SIZE_MAX)
            break;
        {
            nitem *it = &v[best];
            char ps[AKSNET_PREFIX_STRLEN];
            double need, have = 0;
            size_t k, ncov = 0;
            aksnet__prefix_str(ps, &it->pfx);
            need = text_w(ps, 11, false) + 12;
            for (k = it->c0; k <= it->c1; k++) {
                have += colw[k];
                ncov += colkind[k] ? 1 : 0;
            }
            if (have < need && ncov > 0)
                for (k = it->c0; k <= it->c1; k++)
                    if (colkind[k])
                        colw[k] += (need - have) / (double)ncov;
            it->row = -1; /* done */
        }
    }
    for (i = 0; i < ncols; i++)
        total += colw[i];
    {
        /* the ranges' columns share the whole width (gap columns keep theirs) when that does
         * not make them absurdly wide; everything shrinks when it is too wide */
        double gaps = 0, cov, f;
        for (i = 0; i < ncols; i++)
            if (!colkind[i])
                gaps += colw[i];
        cov = total - gaps;
        if (total > BW) {
            f = BW / total;
            for (i = 0; i < ncols; i++)
                colw[i] *= f;
        } else if (cov > 0) {
            f = (BW - gaps) / cov;
            if (f > 3.0)
                f = 3.0;
            for (i = 0; i < ncols; i++)
                if (colkind[i])
                    colw[i] *= f;
        }
        for (i = 0; i < ncols; i++)
            colx[i] = i ? colx[i - 1] + colw[i - 1] : BX;
    }
    /* rows: greedy interval colouring per lane */
    {
        size_t rowend[2][64];
        for (i = 0; i < n; i++) {
            nitem *it = &v[i];
            size_t rr, *re = rowend[it->lane], *nr = &nrows[it->lane];
            for (rr = 0; rr < *nr; rr++)
                if (re[rr] < it->c0)
                    break;
            if (rr == *nr) {
                if (*nr < 64)
                    (*nr)++;
                else
                    rr = *nr - 1;
            }
            re[rr] = it->c1;
            it->row = (int)rr;
        }
    }
    {
        double ytop = c->y, rowh = 34, y1 = ytop + (double)(nrows[0] + nrows[1]) * rowh + 8;
        /* overlaps: columns covered by both lanes */
        for (i = 0; i < ncols; i++) {
            bool o0 = false, o1 = false;
            for (j = 0; j < n; j++)
                if (v[j].c0 <= i && i <= v[j].c1) {
                    if (v[j].lane)
                        o1 = true;
                    else
                        o0 = true;
                }
            if (o0 && o1)
                aksnet__sb_printf(c->b,
                                  "<rect class=\"overlap\" x=\"%s\" y=\"%s\" width=\"%s\" "
                                  "height=\"%s\" fill=\"#D55E00\" fill-opacity=\"0.25\" "
                                  "stroke=\"#D55E00\" stroke-width=\"2\" stroke-dasharray=\"4 2\">"
                                  "<title>the plan's range overlaps an avoid range here</title>"
                                  "</rect>\n",
                                  N2(colx[i]).s, N2(ytop - 3).s, N2(colw[i]).s, N2(y1 - ytop).s);
            if (!colkind[i]) {
                char cnt[64];
                fmt_count(cnt, colcount[i]);
                aksnet__sb_printf(c->b, "<g><title>gap of %s addresses</title>", cnt);
                text_el(c, colx[i] + colw[i] / 2, ytop + (y1 - ytop) / 2 + 4, 14, true, "middle",
                        "#555555", ELLIPSIS, colw[i] + 20);
                aksnet__sb_puts(c->b, "</g>\n");
            }
        }
        for (i = 0; i < n; i++) {
            nitem *it = &v[i];
            double x = colx[it->c0], w = colx[it->c1] + colw[it->c1] - x;
            double y = ytop + ((double)(it->lane ? nrows[0] : 0) + it->row) * rowh +
                       (it->lane ? 8 : 0);
            char ps[AKSNET_PREFIX_STRLEN], cnt[64], role[64], fill[64];
            const kind_style *ks = &KINDS[it->kind];
            aksnet__prefix_str(ps, &it->pfx);
            fmt_count(cnt, aksnet__u128_inc(aksnet__u128_sub(it->hi, it->lo)));
            c->kinds_used |= 1u << it->kind;
            snprintf(role, sizeof(role), "%s",
                     it->kind == K_VNET ? "VNet"
                     : it->kind == K_PODCIDR ? "pods"
                     : it->kind == K_SERVICE ? "services"
                                             : ks->short_);
            fill_ref(c, fill, it->kind, false);
            aksnet__sb_printf(c->b,
                              "<rect class=\"nbox\" data-kind=\"%s\" data-cidr=\"%s\" x=\"%s\" "
                              "y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\" "
                              "stroke=\"#333333\" stroke-width=\"1\"><title>%s %s",
                              ks->id, ps, N2(x).s, N2(y).s, N2(w).s, N2(rowh - 4).s, fill, role,
                              ps);
            if (it->who) {
                aksnet__sb_puts(c->b, " of cluster ");
                esc(c->b, it->who);
            }
            aksnet__sb_printf(c->b, MIDDOT "%s addresses</title></rect>\n", cnt);
            aksnet__sb_puts(c->b, "<g pointer-events=\"none\">");
            c->halo = ks->pattern ? ks->fill : NULL;
            if (it->who) {
                bool cut;
                size_t nb;
                double rw = text_w(role, 11, true) + text_w(" ", 11, true);
                text_open(c, x + w / 2, y + 13, 11, true, "middle", ks->ink);
                aksnet__sb_printf(c->b, "%s", role);
                if (w - 6 - rw > 20) {
                    nb = fit_prefix(it->who, 11, false, w - 6 - rw, &cut);
                    if (nb > 0 || !cut) {
                        aksnet__sb_puts(c->b, " <tspan font-weight=\"normal\">");
                        esc_n(c->b, it->who, nb);
                        if (cut)
                            aksnet__sb_puts(c->b, ELLIPSIS);
                        aksnet__sb_puts(c->b, "</tspan>");
                    }
                }
                aksnet__sb_puts(c->b, "</text>");
            } else {
                text_el(c, x + w / 2, y + 13, 11, true, "middle", ks->ink, role, w - 6);
            }
            text_el(c, x + w / 2, y + 26, 11, false, "middle", ks->ink, ps, w - 4);
            c->halo = NULL;
            aksnet__sb_puts(c->b, "</g>\n");
        }
        c->y = y1 + 4;
        if (far) {
            char t[480];
            snprintf(t, sizeof(t), "Also avoided, far from these ranges: %s", far_list);
            text_el(c, BX, c->y + 12, 12, false, "start", "#333333", t, BW);
            c->y += 20;
        }
        c->y += 14;
    }
done:
    aksnet__free(c->alloc, v);
    aksnet__free(c->alloc, bps);
    aksnet__free(c->alloc, colw);
    aksnet__free(c->alloc, colx);
    aksnet__free(c->alloc, colkind);
    aksnet__free(c->alloc, colcount);
    aksnet__free(c->alloc, int2col);
}

/* ---- diagnostics ------------------------------------------------------------------------ */

static void diagnostics(svg_ctx *c)
{
    const aksnet_result *r = c->r;
    size_t i, e = 0, w = 0, inf = 0, shown = 0;
    char t[160];
    for (i = 0; i < r->ndiags; i++) {
        if (r->diags[i].severity == AKSNET_SEVERITY_ERROR)
            e++;
        else if (r->diags[i].severity == AKSNET_SEVERITY_WARNING)
            w++;
        else
            inf++;
    }
    snprintf(t, sizeof(t), "Diagnostics: %zu error%s, %zu warning%s, %zu info%s", e,
             e == 1 ? "" : "s", w, w == 1 ? "" : "s", inf, inf == 1 ? "" : "s");
    section_title(c, t, e ? "#B34700" : "#000000");
    for (i = 0; i < r->ndiags && shown < MAX_DIAG_LINES; i++) {
        const aksnet__rdiag *d = &r->diags[i];
        char head[160];
        double hw;
        if (d->severity == AKSNET_SEVERITY_INFO)
            continue;
        snprintf(head, sizeof(head), "%s %s:",
                 d->severity == AKSNET_SEVERITY_ERROR ? "ERROR" : "WARNING", d->code);
        hw = text_w(head, 12, true);
        aksnet__sb_printf(c->b, "<text class=\"diag\" x=\"%s\" y=\"%s\" font-size=\"12\" "
                                "fill=\"%s\">",
                          N2(BX).s, N2(c->y + 13).s, d->severity == AKSNET_SEVERITY_ERROR ? "#B34700"
                                                                              : "#000000");
        /* the whole message as a tooltip */
        aksnet__sb_puts(c->b, "<title>");
        esc(c->b, d->message);
        aksnet__sb_puts(c->b, "</title><tspan font-weight=\"bold\">");
        esc(c->b, head);
        aksnet__sb_puts(c->b, "</tspan> ");
        esc_fit(c->b, d->message, 12, false, BW - hw - 8);
        aksnet__sb_puts(c->b, "</text>\n");
        c->y += KEY_ROW_H;
        shown++;
    }
    if (e + w > shown) {
        snprintf(t, sizeof(t), "%s and %zu more (aksnet check lists them all)", ELLIPSIS,
                 e + w - shown);
        text_el(c, BX, c->y + 13, 12, false, "start", "#333333", t, BW);
        c->y += KEY_ROW_H;
    }
    c->y += 10;
}

/* ---- the document -------------------------------------------------------------------------- */

/* One pattern: the kind's colour with black hatching or crossing, or white stripes. */
static void pattern_def(aksnet__strbuf *b, const char *id, const char *fill, const char *type)
{
    aksnet__sb_printf(b,
                      "<pattern id=\"%s\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
                      "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" "
                      "fill=\"%s\"/>",
                      id, fill);
    if (strcmp(type, "stripes") == 0)
        aksnet__sb_puts(b, "<rect width=\"3\" height=\"8\" fill=\"#FFFFFF\" "
                           "fill-opacity=\"0.55\"/>");
    else
        aksnet__sb_puts(b, "<rect width=\"1.5\" height=\"8\" fill=\"#000000\" "
                           "fill-opacity=\"0.35\"/>");
    if (strcmp(type, "cross") == 0)
        aksnet__sb_puts(b, "<rect width=\"8\" height=\"1.5\" fill=\"#000000\" "
                           "fill-opacity=\"0.35\"/>");
    aksnet__sb_puts(b, "</pattern>\n");
}

/* The patterns the drawing referenced. */
static void defs(aksnet__strbuf *b, const svg_ctx *c)
{
    int k;
    char id[64];
    aksnet__sb_puts(b, "<defs>\n");
    for (k = 0; k < K_COUNT; k++) {
        if (c->patterns_used & (1u << k)) {
            snprintf(id, sizeof(id), "aksnet-p-%s", KINDS[k].id);
            pattern_def(b, id, KINDS[k].fill, KINDS[k].pattern);
        }
        if (c->existing_used & (1u << k)) {
            snprintf(id, sizeof(id), "aksnet-e-%s", KINDS[k].id);
            pattern_def(b, id, KINDS[k].fill, "stripes");
        }
    }
    if (c->stripes_used)
        pattern_def(b, "aksnet-e-any", "#777777", "stripes");
    aksnet__sb_puts(b, "</defs>\n");
}

/* Legend of the kinds drawn, wrapped to the width. Returns its height. */
static double legend(svg_ctx *c, double y)
{
    double x = BX, h = 18;
    int k;
    for (k = 0; k <= K_COUNT; k++) {
        const char *label;
        double w;
        bool stripes = k == K_COUNT;
        if (stripes) {
            if (!c->stripes_used)
                continue;
            label = "stripes: existing subnet";
        } else {
            if (!(c->kinds_used & (1u << k)) || KINDS[k].legend == NULL)
                continue;
            label = KINDS[k].legend;
        }
        w = 22 + text_w(label, 12, false) + 18;
        if (x + w > BX + BW) {
            x = BX;
            y += 20;
            h += 20;
        }
        if (stripes) {
            rect_plain(c, x, y, 16, 12, "url(#aksnet-e-any)",
                       " stroke=\"#555555\" stroke-width=\"0.75\"");
        } else {
            swatch(c, x, y, 16, 12, k, false);
        }
        text_el(c, x + 22, y + 10.5, 12, false, "start", "#000000", label, BW);
        x += w;
    }
    return h;
}

void aksnet__write_svg(aksnet__strbuf *b, const aksnet_result *r)
{
    svg_ctx c;
    aksnet__strbuf body, head;
    size_t i, e = 0, nsub = 0;
    int fam;
    double top, height, y_title = 0;
    char sub[400], t[64];

    memset(&c, 0, sizeof(c));
    c.r = r;
    c.alloc = &r->alloc;
    c.next_key = 1;
    aksnet__sb_init(&body, &r->alloc);
    aksnet__sb_init(&head, &r->alloc);
    c.b = &body;
    collect_items(&c);
    if (c.oom)
        goto out;

    /* body: bands and sections, from y = 0 */
    c.y = 0;
    for (fam = 0; fam < 2; fam++)
        for (i = 0; i < r->nspaces && !c.oom; i++)
            if (r->spaces[i].family == (fam ? AKSNET_FAMILY_IPV6 : AKSNET_FAMILY_IPV4))
                space_band(&c, i);
    unplaced(&c);
    if (r->nclusters)
        section_title(&c, "Cluster address ranges (outside the VNet)", "#000000");
    clusters(&c);
    neighbourhood(&c, AKSNET_FAMILY_IPV4);
    neighbourhood(&c, AKSNET_FAMILY_IPV6);
    diagnostics(&c);
    if (c.oom)
        goto out;

    /* head: title, summary and legend (the legend shows the kinds the body used) */
    c.b = &head;
    for (i = 0; i < r->ndiags; i++)
        if (r->diags[i].severity == AKSNET_SEVERITY_ERROR)
            e++;
    for (i = 0; i < r->nsubnets; i++)
        nsub++;
    {
        /* the title, on two lines when it is long (cut at a space when there is one) */
        const char *name = r->plan_name ? r->plan_name : "unnamed plan";
        double room = BW - text_w("Address map: ", 22, true);
        bool cut;
        size_t n = fit_prefix(name, 22, true, room, &cut), brk = n;
        text_open(&c, BX, 34, 22, true, "start", "#000000");
        aksnet__sb_puts(c.b, "Address map: ");
        if (cut) {
            while (brk > 0 && name[brk] != ' ')
                brk--;
            if (brk == 0)
                brk = n;
        }
        esc_n(c.b, name, brk);
        aksnet__sb_puts(c.b, "</text>\n");
        if (cut) {
            while (name[brk] == ' ')
                brk++;
            text_el(&c, BX, 62, 22, true, "start", "#000000", name + brk, BW);
            y_title = 28;
        }
    }
    snprintf(t, sizeof(t), "%zu", e);
    snprintf(sub, sizeof(sub), MIDDOT "%zu address space%s" MIDDOT "%zu subnet%s" MIDDOT
                               "%zu cluster%s" MIDDOT "strategy %s" MIDDOT,
             r->nspaces, r->nspaces == 1 ? "" : "s", nsub, nsub == 1 ? "" : "s", r->nclusters,
             r->nclusters == 1 ? "" : "s", aksnet_strategy_name(r->strategy));
    text_open(&c, BX, 58 + y_title, 13, false, "start", "#333333");
    aksnet__sb_puts(c.b, "VNet ");
    esc_fit(c.b, r->vnet_name ? r->vnet_name : "(unnamed)", 13, false,
            BW - text_w(sub, 13, false) - 260);
    esc(c.b, sub);
    if (r->fits)
        aksnet__sb_puts(c.b, "<tspan font-weight=\"bold\" fill=\"#006D4F\">fits</tspan>");
    else
        aksnet__sb_printf(c.b,
                          "<tspan font-weight=\"bold\" fill=\"#B34700\">DOES NOT FIT (%s error%s)"
                          "</tspan>",
                          t, e == 1 ? "" : "s");
    aksnet__sb_puts(c.b, "</text>\n");
    top = 76 + y_title + legend(&c, 74 + y_title) + 16;
    height = top + c.y + 10;

    /* the document */
    aksnet__sb_printf(b,
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%s\" "
                      "viewBox=\"0 0 %d %s\" font-family=\"%s\">\n<title>Address map: ",
                      SVG_W, fixed(height, 0).s, SVG_W, fixed(height, 0).s, FONT_STACK);
    esc(b, r->plan_name ? r->plan_name : "unnamed plan");
    aksnet__sb_puts(b, "</title>\n<desc>IP address plan drawn by libaksnet: each VNet address "
                       "space to scale, with the cluster pod and service CIDRs.</desc>\n");
    defs(b, &c);
    aksnet__sb_printf(b, "<rect width=\"%d\" height=\"%s\" fill=\"#FFFFFF\"/>\n", SVG_W,
                      fixed(height, 0).s);
    aksnet__sb_putn(b, head.s ? head.s : "", head.len);
    aksnet__sb_printf(b, "<g transform=\"translate(0 %s)\">\n", fixed(top, 0).s);
    aksnet__sb_putn(b, body.s ? body.s : "", body.len);
    aksnet__sb_puts(b, "</g>\n</svg>\n");

out:
    if (c.oom || body.failed || head.failed)
        b->failed = AKSNET_ENOMEM;
    aksnet__free(&r->alloc, c.items);
    aksnet__sb_dispose(&body);
    aksnet__sb_dispose(&head);
}
