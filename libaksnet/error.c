/* Status codes, error records, version, memory helpers and dates. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *aksnet_strerror(int code)
{
    switch (code) {
    case AKSNET_OK:
        return "success";
    case AKSNET_ERROR:
        return "error";
    case AKSNET_EINVAL:
        return "invalid argument";
    case AKSNET_EPARSE:
        return "cannot parse input";
    case AKSNET_ENOMEM:
        return "out of memory";
    case AKSNET_EBUFS:
        return "buffer too small";
    case AKSNET_ENOTFOUND:
        return "not found";
    case AKSNET_ENOFIT:
        return "does not fit";
    case AKSNET_EOVERLAP:
        return "ranges overlap";
    case AKSNET_ERANGE:
        return "value out of range";
    case AKSNET_EIO:
        return "cannot read file";
    case AKSNET_ECONFLICT:
        return "contradictory input";
    default:
        return "unknown status code";
    }
}

const char *aksnet_version_string(void)
{
    return AKSNET_VERSION_STRING;
}

int aksnet_version_number(void)
{
    return AKSNET_VERSION_NUMBER;
}

void aksnet_error_init(aksnet_error *err)
{
    if (err == NULL)
        return;
    memset(err, 0, sizeof(*err));
    err->size = sizeof(*err);
}

void aksnet__strlcpy(char *dst, const char *src, size_t dstlen)
{
    size_t n;
    if (dst == NULL || dstlen == 0)
        return;
    if (src == NULL)
        src = "";
    n = strlen(src);
    if (n >= dstlen)
        n = dstlen - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void aksnet__error_clear(aksnet_error *err)
{
    if (AKSNET__ERR_HAS(err, code))
        err->code = AKSNET_OK;
    if (AKSNET__ERR_HAS(err, message))
        err->message[0] = '\0';
    if (AKSNET__ERR_HAS(err, path))
        err->path[0] = '\0';
    if (AKSNET__ERR_HAS(err, suggestion))
        err->suggestion[0] = '\0';
    if (AKSNET__ERR_HAS(err, offset))
        err->offset = 0;
    if (AKSNET__ERR_HAS(err, line))
        err->line = 0;
    if (AKSNET__ERR_HAS(err, column))
        err->column = 0;
}

aksnet_status aksnet__verror(aksnet_error *err, aksnet_status code, const char *path,
                             const char *fmt, va_list ap)
{
    if (err == NULL)
        return code;
    /* only code, message and path: callers set offset/suggestion/position around this */
    if (AKSNET__ERR_HAS(err, code))
        err->code = code;
    if (AKSNET__ERR_HAS(err, message)) {
        int n = vsnprintf(err->message, sizeof(err->message), fmt, ap);
        if (n < 0)
            aksnet__strlcpy(err->message, aksnet_strerror(code), sizeof(err->message));
    }
    if (AKSNET__ERR_HAS(err, path))
        aksnet__strlcpy(err->path, path ? path : "", sizeof(err->path));
    return code;
}

aksnet_status aksnet__error(aksnet_error *err, aksnet_status code, const char *path,
                            const char *fmt, ...)
{
    va_list ap;
    aksnet_status st;
    va_start(ap, fmt);
    st = aksnet__verror(err, code, path, fmt, ap);
    va_end(ap);
    return st;
}

void aksnet__error_prepend(aksnet_error *err, const char *prefix)
{
    size_t pl, ml, cap;
    if (!AKSNET__ERR_HAS(err, message))
        return;
    cap = sizeof(err->message);
    pl = strlen(prefix);
    ml = strlen(err->message);
    if (pl >= cap)
        pl = cap - 1;
    if (pl + ml >= cap)
        ml = cap - 1 - pl;
    memmove(err->message + pl, err->message, ml);
    memcpy(err->message, prefix, pl);
    err->message[pl + ml] = '\0';
}

void aksnet__error_set_suggestion(aksnet_error *err, const char *suggestion)
{
    if (AKSNET__ERR_HAS(err, suggestion))
        aksnet__strlcpy(err->suggestion, suggestion, sizeof(err->suggestion));
}

void aksnet__error_set_offset(aksnet_error *err, size_t offset)
{
    if (AKSNET__ERR_HAS(err, offset))
        err->offset = offset;
}

void aksnet__error_set_position(aksnet_error *err, uint32_t line, uint32_t column)
{
    if (AKSNET__ERR_HAS(err, line))
        err->line = line;
    if (AKSNET__ERR_HAS(err, column))
        err->column = column;
}

void aksnet__error_copy(aksnet_error *dst, const aksnet_error *src)
{
    if (dst == NULL || src == NULL)
        return;
    aksnet__error_clear(dst);
    if (AKSNET__ERR_HAS(dst, code))
        dst->code = src->code;
    if (AKSNET__ERR_HAS(dst, message))
        aksnet__strlcpy(dst->message, src->message, sizeof(dst->message));
    if (AKSNET__ERR_HAS(dst, path))
        aksnet__strlcpy(dst->path, src->path, sizeof(dst->path));
    if (AKSNET__ERR_HAS(dst, suggestion))
        aksnet__strlcpy(dst->suggestion, src->suggestion, sizeof(dst->suggestion));
    if (AKSNET__ERR_HAS(dst, offset))
        dst->offset = src->offset;
    if (AKSNET__ERR_HAS(dst, line))
        dst->line = src->line;
    if (AKSNET__ERR_HAS(dst, column))
        dst->column = src->column;
}

aksnet_status aksnet__copy_out(char *buf, size_t buflen, size_t *needed, const char *text,
                               size_t len)
{
    if (needed != NULL)
        *needed = len + 1;
    if (buf == NULL || buflen < len + 1) {
        if (buf != NULL && buflen > 0)
            buf[0] = '\0';
        return AKSNET_EBUFS;
    }
    memcpy(buf, text, len);
    buf[len] = '\0';
    return AKSNET_OK;
}

/* ---- memory ------------------------------------------------------------------------------ */

static void *default_malloc(size_t size, void *payload)
{
    (void)payload;
    return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *payload)
{
    (void)payload;
    return realloc(ptr, size);
}

static void default_free(void *ptr, void *payload)
{
    (void)payload;
    free(ptr);
}

const aksnet__alloc aksnet__default_alloc = {default_malloc, default_realloc, default_free, NULL};

void aksnet__alloc_init(aksnet__alloc *a, const aksnet_allocator *user)
{
    if (user != NULL && user->malloc_fn != NULL && user->realloc_fn != NULL &&
        user->free_fn != NULL) {
        a->malloc_fn = user->malloc_fn;
        a->realloc_fn = user->realloc_fn;
        a->free_fn = user->free_fn;
        a->payload = user->payload;
    } else {
        *a = aksnet__default_alloc;
    }
}

void *aksnet__malloc(const aksnet__alloc *a, size_t size)
{
    if (size == 0)
        size = 1;
    return a->malloc_fn(size, a->payload);
}

void *aksnet__calloc(const aksnet__alloc *a, size_t n, size_t size)
{
    void *p;
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    p = aksnet__malloc(a, n * size);
    if (p != NULL)
        memset(p, 0, (n * size) != 0 ? n * size : 1);
    return p;
}

void *aksnet__realloc(const aksnet__alloc *a, void *ptr, size_t size)
{
    if (size == 0)
        size = 1;
    return a->realloc_fn(ptr, size, a->payload);
}

void *aksnet__reallocarray(const aksnet__alloc *a, void *ptr, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return aksnet__realloc(a, ptr, n * size);
}

void aksnet__free(const aksnet__alloc *a, void *ptr)
{
    if (ptr != NULL)
        a->free_fn(ptr, a->payload);
}

char *aksnet__strndup(const aksnet__alloc *a, const char *s, size_t n)
{
    char *d = aksnet__malloc(a, n + 1);
    if (d == NULL)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *aksnet__strdup(const aksnet__alloc *a, const char *s)
{
    if (s == NULL)
        s = "";
    return aksnet__strndup(a, s, strlen(s));
}

int aksnet__grow(const aksnet__alloc *a, void **items, size_t *cap, size_t need, size_t size)
{
    size_t ncap;
    void *p;
    if (need <= *cap)
        return AKSNET_OK;
    ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return AKSNET_ENOMEM;
        ncap *= 2;
    }
    p = aksnet__reallocarray(a, *items, ncap, size);
    if (p == NULL)
        return AKSNET_ENOMEM;
    *items = p;
    *cap = ncap;
    return AKSNET_OK;
}

/* ---- dates -------------------------------------------------------------------------------- */

int32_t aksnet__today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || gmtime_r(&now, &tm) == NULL)
        return 20260101; /* unreachable in practice; a fixed, documented fallback */
    return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

bool aksnet__date_valid(int32_t d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = d / 10000, m = (d / 100) % 100, day = d % 100;
    bool leap;
    if (d <= 0 || y < 1970 || y > 9999 || m < 1 || m > 12 || day < 1)
        return false;
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && !leap)
        return day <= 28;
    return day <= mdays[m - 1];
}
