/* Growable string buffer and escaping helpers for the serialisers. */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void aksnet__sb_init(aksnet__strbuf *b, const aksnet__alloc *alloc)
{
    memset(b, 0, sizeof(*b));
    b->alloc = alloc;
}

void aksnet__sb_dispose(aksnet__strbuf *b)
{
    aksnet__free(b->alloc, b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

static bool reserve(aksnet__strbuf *b, size_t extra)
{
    size_t need, ncap;
    char *p;
    if (b->failed)
        return false;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = AKSNET_ENOMEM;
        return false;
    }
    need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    ncap = b->cap ? b->cap : 256;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) {
            ncap = need;
            break;
        }
        ncap *= 2;
    }
    p = aksnet__realloc(b->alloc, b->s, ncap);
    if (p == NULL) {
        b->failed = AKSNET_ENOMEM;
        return false;
    }
    b->s = p;
    b->cap = ncap;
    return true;
}

void aksnet__sb_putn(aksnet__strbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void aksnet__sb_puts(aksnet__strbuf *b, const char *s)
{
    aksnet__sb_putn(b, s, strlen(s));
}

void aksnet__sb_putc(aksnet__strbuf *b, char c)
{
    aksnet__sb_putn(b, &c, 1);
}

void aksnet__sb_repeat(aksnet__strbuf *b, char c, size_t n)
{
    if (!reserve(b, n))
        return;
    memset(b->s + b->len, c, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void aksnet__sb_printf(aksnet__strbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    char small[256];
    if (b->failed)
        return;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = AKSNET_ERROR;
        return;
    }
    if ((size_t)n < sizeof(small)) {
        aksnet__sb_putn(b, small, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] > 0x9F)
            return 0; /* surrogates */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] > 0x8F)
            return 0;
        return 4;
    }
    return 0;
}

void aksnet__sb_json_str(aksnet__strbuf *b, const char *str)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    aksnet__sb_putc(b, '"');
    while (*s) {
        size_t n;
        unsigned char c = *s;
        if (c == '"' || c == '\\') {
            aksnet__sb_putc(b, '\\');
            aksnet__sb_putc(b, (char)c);
            s++;
            continue;
        }
        if (c < 0x20) {
            switch (c) {
            case '\n':
                aksnet__sb_puts(b, "\\n");
                break;
            case '\t':
                aksnet__sb_puts(b, "\\t");
                break;
            case '\r':
                aksnet__sb_puts(b, "\\r");
                break;
            default:
                aksnet__sb_printf(b, "\\u%04x", (unsigned)c);
            }
            s++;
            continue;
        }
        n = utf8_len(s);
        if (n == 0) {
            aksnet__sb_puts(b, "\\ufffd");
            s++;
            continue;
        }
        aksnet__sb_putn(b, (const char *)s, n);
        s += n;
    }
    aksnet__sb_putc(b, '"');
}

void aksnet__sb_xml_str(aksnet__strbuf *b, const char *str)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    while (*s) {
        size_t n;
        unsigned char c = *s;
        switch (c) {
        case '&':
            aksnet__sb_puts(b, "&amp;");
            s++;
            continue;
        case '<':
            aksnet__sb_puts(b, "&lt;");
            s++;
            continue;
        case '>':
            aksnet__sb_puts(b, "&gt;");
            s++;
            continue;
        case '"':
            aksnet__sb_puts(b, "&quot;");
            s++;
            continue;
        case '\'':
            aksnet__sb_puts(b, "&apos;");
            s++;
            continue;
        default:
            break;
        }
        if (c < 0x20) {
            /* XML 1.0 forbids most control characters: replace them */
            aksnet__sb_putc(b, (c == '\t' || c == '\n') ? ' ' : '?');
            s++;
            continue;
        }
        n = utf8_len(s);
        if (n == 0) {
            aksnet__sb_puts(b, "\xEF\xBF\xBD");
            s++;
            continue;
        }
        /* U+FFFE and U+FFFF are valid UTF-8 but not XML characters (XML 1.0, Char) */
        if (n == 3 && s[0] == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF)) {
            aksnet__sb_puts(b, "\xEF\xBF\xBD");
            s += 3;
            continue;
        }
        aksnet__sb_putn(b, (const char *)s, n);
        s += n;
    }
}

aksnet_status aksnet__sb_copy_out(aksnet__strbuf *b, char *buf, size_t buflen, size_t *needed)
{
    if (b->failed) {
        if (needed)
            *needed = 0;
        if (buf && buflen)
            buf[0] = '\0';
        return b->failed == AKSNET_ENOMEM ? AKSNET_ENOMEM : AKSNET_ERROR;
    }
    return aksnet__copy_out(buf, buflen, needed, b->s ? b->s : "", b->len);
}

/* ---- JSON writer ---------------------------------------------------------------------------- */

void aksnet__jw_init(aksnet__jw *w, aksnet__strbuf *b)
{
    memset(w, 0, sizeof(*w));
    w->b = b;
    w->first[0] = true;
}

static void jw_value_prefix(aksnet__jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0) {
        if (!w->first[w->depth])
            aksnet__sb_putc(w->b, ',');
        w->first[w->depth] = false;
        aksnet__sb_putc(w->b, '\n');
        aksnet__sb_repeat(w->b, ' ', (size_t)w->depth * 2);
    }
}

static void jw_open(aksnet__jw *w, char c)
{
    jw_value_prefix(w);
    aksnet__sb_putc(w->b, c);
    if (w->depth < 63)
        w->depth++;
    w->first[w->depth] = true;
}

static void jw_close(aksnet__jw *w, char c)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty) {
        aksnet__sb_putc(w->b, '\n');
        aksnet__sb_repeat(w->b, ' ', (size_t)w->depth * 2);
    }
    aksnet__sb_putc(w->b, c);
}

void aksnet__jw_obj(aksnet__jw *w)
{
    jw_open(w, '{');
}

void aksnet__jw_obj_end(aksnet__jw *w)
{
    jw_close(w, '}');
}

void aksnet__jw_arr(aksnet__jw *w)
{
    jw_open(w, '[');
}

void aksnet__jw_arr_end(aksnet__jw *w)
{
    jw_close(w, ']');
}

void aksnet__jw_key(aksnet__jw *w, const char *key)
{
    jw_value_prefix(w);
    aksnet__sb_json_str(w->b, key);
    aksnet__sb_puts(w->b, ": ");
    w->after_key = true;
}

void aksnet__jw_str(aksnet__jw *w, const char *s)
{
    jw_value_prefix(w);
    if (s == NULL)
        aksnet__sb_puts(w->b, "null");
    else
        aksnet__sb_json_str(w->b, s);
}

void aksnet__jw_u64(aksnet__jw *w, uint64_t v)
{
    jw_value_prefix(w);
    aksnet__sb_printf(w->b, "%llu", (unsigned long long)v);
}

void aksnet__jw_i64(aksnet__jw *w, int64_t v)
{
    jw_value_prefix(w);
    aksnet__sb_printf(w->b, "%lld", (long long)v);
}

/* Decimal text of v that does not depend on the process locale (LC_NUMERIC may use a
 * comma): at most 9 decimals, trailing zeros dropped, at least one decimal. The only doubles
 * libaksnet writes are growth factors (1.0..100.0). */
void aksnet__format_decimal(char out[48], double v)
{
    uint64_t ip, fp, scale = UINT64_C(1000000000);
    size_t o = 0;
    int d;
    char frac[16];
    if (!(v == v) || v > 1e15 || v < -1e15) {
        /* not reachable for growth; keep it valid JSON-ish and locale-free */
        snprintf(out, 48, "0.0");
        return;
    }
    if (v < 0) {
        out[o++] = '-';
        v = -v;
    }
    ip = (uint64_t)v;
    fp = (uint64_t)((v - (double)ip) * (double)scale + 0.5);
    if (fp >= scale) {
        ip++;
        fp -= scale;
    }
    o += (size_t)snprintf(out + o, 48 - o, "%llu", (unsigned long long)ip);
    snprintf(frac, sizeof(frac), "%09llu", (unsigned long long)fp);
    for (d = 8; d > 0 && frac[d] == '0'; d--)
        frac[d] = '\0';
    snprintf(out + o, 48 - o, ".%s", frac);
}

void aksnet__jw_double(aksnet__jw *w, double v)
{
    char tmp[48];
    jw_value_prefix(w);
    aksnet__format_decimal(tmp, v);
    aksnet__sb_puts(w->b, tmp);
}

void aksnet__jw_bool(aksnet__jw *w, bool v)
{
    jw_value_prefix(w);
    aksnet__sb_puts(w->b, v ? "true" : "false");
}

void aksnet__jw_null(aksnet__jw *w)
{
    jw_value_prefix(w);
    aksnet__sb_puts(w->b, "null");
}

void aksnet__jw_prefix(aksnet__jw *w, const aksnet_prefix *p)
{
    char tmp[AKSNET_PREFIX_STRLEN];
    if (p == NULL || p->family == AKSNET_FAMILY_UNSET) {
        aksnet__jw_null(w);
        return;
    }
    aksnet__prefix_str(tmp, p);
    aksnet__jw_str(w, tmp);
}

void aksnet__jw_address(aksnet__jw *w, const aksnet_address *a)
{
    char tmp[AKSNET_ADDRESS_STRLEN];
    if (a == NULL || a->family == AKSNET_FAMILY_UNSET) {
        aksnet__jw_null(w);
        return;
    }
    aksnet__address_str(tmp, a);
    aksnet__jw_str(w, tmp);
}

void aksnet__jw_kstr(aksnet__jw *w, const char *key, const char *s)
{
    aksnet__jw_key(w, key);
    aksnet__jw_str(w, s);
}

void aksnet__jw_ku64(aksnet__jw *w, const char *key, uint64_t v)
{
    aksnet__jw_key(w, key);
    aksnet__jw_u64(w, v);
}

void aksnet__jw_kbool(aksnet__jw *w, const char *key, bool v)
{
    aksnet__jw_key(w, key);
    aksnet__jw_bool(w, v);
}

void aksnet__jw_kprefix(aksnet__jw *w, const char *key, const aksnet_prefix *p)
{
    aksnet__jw_key(w, key);
    aksnet__jw_prefix(w, p);
}

void aksnet__jw_end(aksnet__jw *w)
{
    aksnet__sb_putc(w->b, '\n');
}
