/* A growable string buffer using a handle's allocator; failure is sticky. */
#ifndef AKSNET_STRBUF_H
#define AKSNET_STRBUF_H

#include "internal.h"

typedef struct aksnet__strbuf {
    const aksnet__alloc *alloc;
    char *s;
    size_t len, cap;
    int failed; /* AKSNET_ENOMEM after a failed growth; later appends are no-ops */
} aksnet__strbuf;

void aksnet__sb_init(aksnet__strbuf *b, const aksnet__alloc *alloc);
void aksnet__sb_dispose(aksnet__strbuf *b);
void aksnet__sb_putn(aksnet__strbuf *b, const char *s, size_t n);
void aksnet__sb_puts(aksnet__strbuf *b, const char *s);
void aksnet__sb_putc(aksnet__strbuf *b, char c);
void aksnet__sb_printf(aksnet__strbuf *b, const char *fmt, ...) AKSNET_PRINTF(2, 3);
void aksnet__sb_repeat(aksnet__strbuf *b, char c, size_t n);
/* JSON string literal with quotes and escapes (input treated as UTF-8 bytes; invalid
 * UTF-8 bytes are replaced by U+FFFD so the output is always valid JSON). */
void aksnet__sb_json_str(aksnet__strbuf *b, const char *s);
/* XML text/attribute escaping (&, <, >, ", '), invalid UTF-8 replaced by U+FFFD. */
void aksnet__sb_xml_str(aksnet__strbuf *b, const char *s);
/* Finish: copy into the caller's buffer with the (buf, buflen, needed) contract. */
aksnet_status aksnet__sb_copy_out(aksnet__strbuf *b, char *buf, size_t buflen, size_t *needed);

/* A pretty-printing JSON writer (2-space indent) on top of a strbuf. */
typedef struct aksnet__jw {
    aksnet__strbuf *b;
    int depth;
    bool first[64];
    bool after_key;
} aksnet__jw;

void aksnet__jw_init(aksnet__jw *w, aksnet__strbuf *b);
void aksnet__jw_obj(aksnet__jw *w);
void aksnet__jw_obj_end(aksnet__jw *w);
void aksnet__jw_arr(aksnet__jw *w);
void aksnet__jw_arr_end(aksnet__jw *w);
void aksnet__jw_key(aksnet__jw *w, const char *key);
void aksnet__jw_str(aksnet__jw *w, const char *s); /* NULL writes null */
void aksnet__jw_u64(aksnet__jw *w, uint64_t v);
void aksnet__jw_i64(aksnet__jw *w, int64_t v);
void aksnet__jw_double(aksnet__jw *w, double v);
/* Locale-independent decimal text (growth factors). */
void aksnet__format_decimal(char out[48], double v);
void aksnet__jw_bool(aksnet__jw *w, bool v);
void aksnet__jw_null(aksnet__jw *w);
void aksnet__jw_prefix(aksnet__jw *w, const aksnet_prefix *p); /* unset writes null */
void aksnet__jw_address(aksnet__jw *w, const aksnet_address *a);
/* key + value shorthands */
void aksnet__jw_kstr(aksnet__jw *w, const char *key, const char *s);
void aksnet__jw_ku64(aksnet__jw *w, const char *key, uint64_t v);
void aksnet__jw_kbool(aksnet__jw *w, const char *key, bool v);
void aksnet__jw_kprefix(aksnet__jw *w, const char *key, const aksnet_prefix *p);
void aksnet__jw_end(aksnet__jw *w); /* final newline */

#endif
