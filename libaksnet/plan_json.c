/*
 * Strict plan loader (docs/plan-format.md, docs/plan.schema.json).
 *
 * jansson parses the text (rejecting duplicate keys, invalid UTF-8, NUL bytes, numbers
 * beyond 64 bits and nesting beyond its depth limit); this file walks the tree with a
 * whitelist of keys per object, converts values through the model builders, and reports
 * every problem with its JSON pointer. jansson does not keep positions of values, so a small
 * scanner over the (already validated) text finds the line and column of a pointer.
 */
#include "model.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILE_BYTES ((size_t)64 * 1024 * 1024)

/* One element of /vnet/subnets read by the fast path (offsets into the text). */
typedef struct fast_subnet {
    uint32_t name, name_len, cidr, cidr_len, v6, v6_len; /* v6 == UINT32_MAX: absent or null */
} fast_subnet;

typedef struct loader {
    aksnet_plan *plan;
    const char *text;
    size_t len;
    aksnet_error *err;
    const fast_subnet *fast; /* /vnet/subnets, already read; NULL: read it from the tree */
    size_t nfast;
} loader;

/* ---- locating a JSON pointer in the text -------------------------------------------------- */

typedef struct scan {
    const char *s;
    size_t n, i;
} scan;

static void sk_ws(scan *c)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' ||
                           c->s[c->i] == '\r'))
        c->i++;
}

/* skip a string starting at '"'; if out != NULL, decode (ASCII escapes only) into out */
static bool sk_string(scan *c, char *out, size_t outlen)
{
    size_t o = 0;
    if (c->i >= c->n || c->s[c->i] != '"')
        return false;
    c->i++;
    while (c->i < c->n && c->s[c->i] != '"') {
        char ch = c->s[c->i];
        if (ch == '\\') {
            c->i++;
            if (c->i >= c->n)
                return false;
            ch = c->s[c->i];
            switch (ch) {
            case 'n':
                ch = '\n';
                break;
            case 't':
                ch = '\t';
                break;
            case 'r':
                ch = '\r';
                break;
            case 'b':
                ch = '\b';
                break;
            case 'f':
                ch = '\f';
                break;
            case 'u': {
                /* keep \uXXXX undecoded: keys with such escapes never match our pointers */
                ch = '?';
                if (c->i + 4 < c->n)
                    c->i += 4;
                break;
            }
            default:
                break;
            }
        }
        if (out && o + 1 < outlen)
            out[o++] = ch;
        c->i++;
    }
    if (out && outlen)
        out[o] = '\0';
    if (c->i >= c->n)
        return false;
    c->i++;
    return true;
}

static bool sk_value(scan *c, int depth);

static bool sk_container(scan *c, int depth)
{
    char close = c->s[c->i] == '{' ? '}' : ']';
    bool obj = close == '}';
    if (depth > 4096)
        return false;
    c->i++;
    sk_ws(c);
    if (c->i < c->n && c->s[c->i] == close) {
        c->i++;
        return true;
    }
    for (;;) {
        sk_ws(c);
        if (obj) {
            if (!sk_string(c, NULL, 0))
                return false;
            sk_ws(c);
            if (c->i >= c->n || c->s[c->i] != ':')
                return false;
            c->i++;
        }
        if (!sk_value(c, depth + 1))
            return false;
        sk_ws(c);
        if (c->i >= c->n)
            return false;
        if (c->s[c->i] == ',') {
            c->i++;
            continue;
        }
        if (c->s[c->i] == close) {
            c->i++;
            return true;
        }
        return false;
    }
}

static bool sk_value(scan *c, int depth)
{
    sk_ws(c);
    if (c->i >= c->n)
        return false;
    switch (c->s[c->i]) {
    case '{':
    case '[':
        return sk_container(c, depth);
    case '"':
        return sk_string(c, NULL, 0);
    default:
        while (c->i < c->n && c->s[c->i] != ',' && c->s[c->i] != '}' && c->s[c->i] != ']' &&
               c->s[c->i] != ' ' && c->s[c->i] != '\n' && c->s[c->i] != '\t' &&
               c->s[c->i] != '\r')
            c->i++;
        return true;
    }
}

/* Offset of the value at `pointer` ("/a/0/b"), or of the deepest ancestor found. For a
 * missing member, the offset of the object that lacks it. */
static size_t locate(const char *text, size_t len, const char *pointer)
{
    scan c;
    const char *p = pointer;
    size_t found;
    c.s = text;
    c.n = len;
    c.i = 0;
    sk_ws(&c);
    found = c.i;
    while (p && *p == '/') {
        char tok[260];
        size_t t = 0;
        p++;
        while (*p && *p != '/' && t + 1 < sizeof(tok)) {
            if (p[0] == '~' && p[1] == '1') {
                tok[t++] = '/';
                p += 2;
            } else if (p[0] == '~' && p[1] == '0') {
                tok[t++] = '~';
                p += 2;
            } else {
                tok[t++] = *p++;
            }
        }
        tok[t] = '\0';
        sk_ws(&c);
        if (c.i >= c.n)
            return found;
        if (c.s[c.i] == '{') {
            bool hit = false;
            c.i++;
            for (;;) {
                char key[260];
                sk_ws(&c);
                if (c.i >= c.n || c.s[c.i] == '}')
                    break;
                {
                    size_t key_at = c.i;
                    if (!sk_string(&c, key, sizeof(key)))
                        return found;
                    sk_ws(&c);
                    if (c.i >= c.n || c.s[c.i] != ':')
                        return found;
                    c.i++;
                    sk_ws(&c);
                    if (strcmp(key, tok) == 0) {
                        /* the last token points at its key; others descend into the value */
                        found = *p == '\0' ? key_at : c.i;
                        hit = true;
                        break;
                    }
                }
                if (!sk_value(&c, 0))
                    return found;
                sk_ws(&c);
                if (c.i < c.n && c.s[c.i] == ',')
                    c.i++;
            }
            if (!hit)
                return found;
        } else if (c.s[c.i] == '[') {
            char *end;
            unsigned long idx = strtoul(tok, &end, 10), k;
            if (*end != '\0')
                return found;
            c.i++;
            for (k = 0; k < idx; k++) {
                if (!sk_value(&c, 0))
                    return found;
                sk_ws(&c);
                if (c.i >= c.n || c.s[c.i] != ',')
                    return found;
                c.i++;
            }
            sk_ws(&c);
            if (c.i >= c.n || c.s[c.i] == ']')
                return found;
            found = c.i;
        } else {
            return found;
        }
    }
    return found;
}

static void offset_to_line_col(const char *text, size_t len, size_t off, uint32_t *line,
                               uint32_t *col)
{
    size_t i;
    uint32_t l = 1, co = 1;
    if (off > len)
        off = len;
    for (i = 0; i < off; i++) {
        if (text[i] == '\n') {
            l++;
            co = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            co++;
        }
    }
    *line = l;
    *col = co;
}

/* ---- error reporting ---------------------------------------------------------------------- */

static aksnet_status fail_at(loader *L, aksnet_status code, const char *path, const char *fmt, ...)
    AKSNET_PRINTF(4, 5);

static aksnet_status fail_at(loader *L, aksnet_status code, const char *path, const char *fmt, ...)
{
    va_list ap;
    char msg[AKSNET_ERROR_MESSAGE_MAX];
    uint32_t line = 0, col = 0;
    size_t off;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    off = locate(L->text, L->len, path ? path : "");
    offset_to_line_col(L->text, L->len, off, &line, &col);
    /* the JSON pointer of the whole document is "" (RFC 6901); messages say "(document)" */
    aksnet__error(L->err, code, path ? path : "", "%s: %s",
                  path && *path ? path : "(document)", msg);
    aksnet__error_set_offset(L->err, off);
    aksnet__error_set_position(L->err, line, col);
    return code;
}

/* Turn the plan's last error (from a builder) into a located loader error. */
static aksnet_status builder_failed(loader *L, const char *path)
{
    const aksnet_error *e = &L->plan->last_error;
    const char *where = e->path[0] ? e->path : path;
    return fail_at(L, e->code, where, "%s", e->message);
}

/* ---- small utilities ---------------------------------------------------------------------- */

static const char *type_name(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    size_t row[64];
    if (la > 62 || lb > 62)
        return 99;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

static void join_path(char *out, size_t outlen, const char *base, const char *key)
{
    /* JSON pointer escaping of the key */
    size_t o;
    int n = snprintf(out, outlen, "%s/", base);
    if (n < 0 || (size_t)n >= outlen)
        return;
    o = (size_t)n;
    for (; *key && o + 3 < outlen; key++) {
        if (*key == '~') {
            out[o++] = '~';
            out[o++] = '0';
        } else if (*key == '/') {
            out[o++] = '~';
            out[o++] = '1';
        } else {
            out[o++] = *key;
        }
    }
    out[o] = '\0';
}

static void index_path(char *out, size_t outlen, const char *base, size_t i)
{
    snprintf(out, outlen, "%s/%zu", base, i);
}

/* The object must be an object whose keys are all in `allowed` (NULL-terminated). */
static aksnet_status check_object(loader *L, json_t *v, const char *path,
                                  const char *const *allowed, const char *what)
{
    const char *key;
    json_t *val;
    if (!json_is_object(v))
        return fail_at(L, AKSNET_EPARSE, path, "%s must be an object, not %s", what, type_name(v));
    json_object_foreach(v, key, val) {
        size_t i, best = 99;
        const char *guess = NULL;
        bool ok = false;
        (void)val;
        for (i = 0; allowed[i]; i++) {
            size_t d;
            if (strcmp(key, allowed[i]) == 0) {
                ok = true;
                break;
            }
            d = edit_distance(key, allowed[i]);
            if (d < best) {
                best = d;
                guess = allowed[i];
            }
        }
        if (!ok) {
            char p[AKSNET_ERROR_PATH_MAX];
            join_path(p, sizeof(p), path, key);
            if (guess && best <= 3)
                return fail_at(L, AKSNET_EPARSE, p, "unknown key \"%.60s\" in %s (did you mean \"%s\"?)",
                               key, what, guess);
            return fail_at(L, AKSNET_EPARSE, p, "unknown key \"%.60s\" in %s", key, what);
        }
    }
    return AKSNET_OK;
}

/* Optional string member: NULL when absent or null. */
static aksnet_status get_string(loader *L, json_t *obj, const char *key, const char *path,
                                bool required, const char **out)
{
    json_t *v = json_object_get(obj, key);
    char p[AKSNET_ERROR_PATH_MAX];
    join_path(p, sizeof(p), path, key);
    *out = NULL;
    if (v == NULL || json_is_null(v)) {
        if (required)
            return fail_at(L, AKSNET_EPARSE, path, "missing required key \"%s\"", key);
        return AKSNET_OK;
    }
    if (!json_is_string(v))
        return fail_at(L, AKSNET_EPARSE, p, "\"%s\" must be a string, not %s", key, type_name(v));
    if (strlen(json_string_value(v)) != json_string_length(v))
        return fail_at(L, AKSNET_EPARSE, p, "\"%s\" contains a NUL character", key);
    *out = json_string_value(v);
    return AKSNET_OK;
}

static aksnet_status get_uint(loader *L, json_t *obj, const char *key, const char *path,
                              uint64_t max, bool *present, uint64_t *out)
{
    json_t *v = json_object_get(obj, key);
    char p[AKSNET_ERROR_PATH_MAX];
    json_int_t n;
    join_path(p, sizeof(p), path, key);
    *present = false;
    *out = 0;
    if (v == NULL || json_is_null(v))
        return AKSNET_OK;
    if (json_is_real(v))
        return fail_at(L, AKSNET_EPARSE, p, "\"%s\" must be a whole number, not %g", key,
                       json_real_value(v));
    if (!json_is_integer(v))
        return fail_at(L, AKSNET_EPARSE, p, "\"%s\" must be an integer, not %s", key,
                       type_name(v));
    n = json_integer_value(v);
    if (n < 0)
        return fail_at(L, AKSNET_ERANGE, p, "\"%s\" must not be negative (got %lld)", key,
                       (long long)n);
    if ((uint64_t)n > max)
        return fail_at(L, AKSNET_ERANGE, p, "\"%s\" is %lld; at most %llu is accepted", key,
                       (long long)n, (unsigned long long)max);
    *present = true;
    *out = (uint64_t)n;
    return AKSNET_OK;
}

static aksnet_status get_bool(loader *L, json_t *obj, const char *key, const char *path,
                              bool *out)
{
    json_t *v = json_object_get(obj, key);
    char p[AKSNET_ERROR_PATH_MAX];
    join_path(p, sizeof(p), path, key);
    *out = false;
    if (v == NULL || json_is_null(v))
        return AKSNET_OK;
    if (!json_is_boolean(v))
        return fail_at(L, AKSNET_EPARSE, p, "\"%s\" must be true or false, not %s", key,
                       type_name(v));
    *out = json_is_true(v);
    return AKSNET_OK;
}

/* Parse CIDR text; on failure the error names `path` (or base + "/" + key when path is
 * NULL: the path is only built when it is needed). */
static aksnet_status parse_prefix_text(loader *L, const char *s, size_t n, const char *path,
                                       const char *base, const char *key, aksnet_prefix *out)
{
    aksnet_error e;
    aksnet_status st;
    char p[AKSNET_ERROR_PATH_MAX];
    /* the common case parses without the (large) error record; a failure parses again */
    if (aksnet_prefix_parse(out, s, n, 0, NULL) == AKSNET_OK)
        return AKSNET_OK;
    aksnet_error_init(&e);
    st = aksnet_prefix_parse(out, s, n, 0, &e);
    if (path == NULL) {
        join_path(p, sizeof(p), base, key);
        path = p;
    }
    st = fail_at(L, st, path, "%s", e.message);
    aksnet__error_set_suggestion(L->err, e.suggestion);
    return st;
}

static aksnet_status parse_prefix_value(loader *L, json_t *v, const char *path,
                                        aksnet_prefix *out)
{
    if (!json_is_string(v))
        return fail_at(L, AKSNET_EPARSE, path, "a CIDR string was expected, not %s",
                       type_name(v));
    return parse_prefix_text(L, json_string_value(v), json_string_length(v), path, NULL, NULL,
                             out);
}

static aksnet_status get_prefix(loader *L, json_t *obj, const char *key, const char *path,
                                aksnet_prefix *out)
{
    json_t *v = json_object_get(obj, key);
    char p[AKSNET_ERROR_PATH_MAX];
    memset(out, 0, sizeof(*out));
    if (v == NULL || json_is_null(v))
        return AKSNET_OK;
    join_path(p, sizeof(p), path, key);
    return parse_prefix_value(L, v, p, out);
}

/* Match a string against a list; error lists the allowed values. */
static aksnet_status get_enum(loader *L, json_t *obj, const char *key, const char *path,
                              const char *const *names, const int *values, int *out, bool *present)
{
    const char *s;
    size_t i;
    char p[AKSNET_ERROR_PATH_MAX], allowed[200];
    aksnet_status st = get_string(L, obj, key, path, false, &s);
    *present = false;
    if (st != AKSNET_OK)
        return st;
    if (s == NULL)
        return AKSNET_OK;
    for (i = 0; names[i]; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = values[i];
            *present = true;
            return AKSNET_OK;
        }
    }
    allowed[0] = '\0';
    for (i = 0; names[i]; i++) {
        size_t n = strlen(allowed);
        snprintf(allowed + n, sizeof(allowed) - n, "%s\"%s\"", i ? ", " : "", names[i]);
    }
    join_path(p, sizeof(p), path, key);
    return fail_at(L, AKSNET_EPARSE, p, "\"%.60s\" is not a valid %s (allowed: %s)", s, key,
                   allowed);
}

static aksnet_status get_array(loader *L, json_t *obj, const char *key, const char *path,
                               bool required, json_t **out)
{
    json_t *v = json_object_get(obj, key);
    char p[AKSNET_ERROR_PATH_MAX];
    *out = NULL;
    if (v == NULL || json_is_null(v)) {
        if (required)
            return fail_at(L, AKSNET_EPARSE, path, "missing required key \"%s\"", key);
        return AKSNET_OK;
    }
    join_path(p, sizeof(p), path, key);
    if (!json_is_array(v))
        return fail_at(L, AKSNET_EPARSE, p, "\"%s\" must be an array, not %s", key, type_name(v));
    *out = v;
    return AKSNET_OK;
}

/* ---- sections ----------------------------------------------------------------------------- */

static const char *const top_keys[] = {"schema_version", "name", "vnet", "avoid",
                                       "subnet_requests", "clusters", "allocation", "$schema",
                                       "description", NULL};
static const char *const vnet_keys[] = {"name", "address_space", "subnets", "reserved", NULL};
static const char *const subnet_keys[] = {"name", "cidr", "cidr_ipv6", NULL};
static const char *const request_keys[] = {"name", "prefix_length", "ips", "cidr", "cidr_ipv6",
                                           "ipv6", NULL};
static const char *const alloc_keys[] = {"strategy", NULL};
static const char *const cluster_keys[] = {
    "name",          "network_plugin",    "network_plugin_mode", "network_data_plane",
    "network_policy", "ip_families",      "pod_cidr",            "pod_cidr_ipv6",
    "service_cidr",  "service_cidr_ipv6", "dns_service_ip",      "private_cluster",
    "load_balancer_ips", "private_link_service_ips", "growth",  "features",
    "kubernetes_version", "node_pools",   NULL};
static const char *const pool_keys[] = {
    "name",      "mode",       "os_type",       "vm_size",      "count",
    "min_count", "max_count",  "max_pods",      "max_surge",    "expected_pods",
    "subnet",    "pod_subnet", "pod_ip_allocation_mode",        NULL};

static aksnet_status load_prefix_list(loader *L, json_t *arr, const char *path,
                                      aksnet_status (*add)(aksnet_plan *, const aksnet_prefix *,
                                                           const char *))
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        char p[AKSNET_ERROR_PATH_MAX];
        aksnet_prefix pre;
        aksnet_status st;
        index_path(p, sizeof(p), path, i);
        st = parse_prefix_value(L, v, p, &pre);
        if (st != AKSNET_OK)
            return st;
        if (add(L->plan, &pre, p) != AKSNET_OK)
            return builder_failed(L, p);
    }
    return AKSNET_OK;
}

/* ---- fast path for large subnet lists ------------------------------------------------------
 *
 * An IPAM export holds tens or hundreds of thousands of existing subnets; as a jansson tree
 * they cost about 20 allocations and 400 bytes each, and building and freeing that tree was
 * most of the loading time. /vnet/subnets is therefore read straight from the text when it
 * has the plain shape [{"name": "...", "cidr": "...", "cidr_ipv6": "..."|null}, ...] (keys
 * in any order, strings of printable ASCII without escapes). jansson then parses a copy of
 * the rest of the document, with that array emptied to "[]": the array itself is valid JSON
 * (this reader accepts nothing jansson would reject), so the copy is valid exactly when the
 * document is; when it is not, jansson reads the document itself, so that its message gives
 * the document's own line, column and offset. The loader converts the elements with the
 * same builders, paths and messages as the tree path. Anything else in the array (another
 * key, a duplicate key, a number, null where a string is required, an escape, non-ASCII
 * text, bad syntax) makes the fast path step aside and the whole document goes through
 * jansson as before: it only ever accepts what the tree path accepts, and produces the same
 * plan or the same error. */

#define FAST_NAME_MAX 256 /* the longest subnet name the builders accept */

static bool fs_ws(scan *c)
{
    sk_ws(c);
    return c->i < c->n;
}

/* A string of printable ASCII without escapes; [*at, *at + *len) is its content. */
static bool fs_plain_string(scan *c, size_t *at, size_t *len)
{
    size_t i = c->i + 1;
    if (c->s[c->i] != '"')
        return false;
    while (i < c->n) {
        unsigned char ch = (unsigned char)c->s[i];
        if (ch == '"') {
            *at = c->i + 1;
            *len = i - c->i - 1;
            c->i = i + 1;
            return true;
        }
        if (ch < 0x20 || ch >= 0x7f || ch == '\\')
            return false;
        i++;
    }
    return false;
}

/* Skip any JSON value (valid JSON is skipped correctly; what is not valid JSON is left to
 * jansson, which reports it before the fast list is ever used). */
static bool fs_skip(scan *c, int depth)
{
    if (!fs_ws(c) || depth > 64)
        return false;
    if (c->s[c->i] == '{' || c->s[c->i] == '[') {
        char close = c->s[c->i] == '{' ? '}' : ']';
        bool obj = close == '}';
        c->i++;
        if (!fs_ws(c))
            return false;
        if (c->s[c->i] == close) {
            c->i++;
            return true;
        }
        for (;;) {
            if (obj) {
                if (!fs_ws(c) || !sk_string(c, NULL, 0) || !fs_ws(c) || c->s[c->i] != ':')
                    return false;
                c->i++;
            }
            if (!fs_skip(c, depth + 1) || !fs_ws(c))
                return false;
            if (c->s[c->i] == ',') {
                c->i++;
                continue;
            }
            if (c->s[c->i] != close)
                return false;
            c->i++;
            return true;
        }
    }
    if (c->s[c->i] == '"')
        return sk_string(c, NULL, 0);
    while (c->i < c->n && c->s[c->i] != '\0' &&
           strchr("+-.0123456789eEtruefalsn", c->s[c->i]) != NULL)
        c->i++;
    return true;
}

/* Offset of the '[' of /vnet/subnets, found by walking the top-level object and the vnet
 * object (the first "vnet" and "subnets" keys: duplicates are rejected by jansson anyway). */
static bool fs_find_subnets(const char *text, size_t len, size_t *at)
{
    scan c;
    int level = 0; /* 0: top level, 1: inside vnet */
    c.s = text;
    c.n = len;
    c.i = 0;
    if (!fs_ws(&c) || c.s[c.i] != '{')
        return false;
    c.i++;
    for (;;) {
        size_t k, klen;
        if (!fs_ws(&c) || !fs_plain_string(&c, &k, &klen) || !fs_ws(&c) || c.s[c.i] != ':')
            return false;
        c.i++;
        if (!fs_ws(&c))
            return false;
        if (level == 0 && klen == 4 && memcmp(text + k, "vnet", 4) == 0) {
            if (c.s[c.i] != '{')
                return false;
            c.i++;
            level = 1;
            continue;
        }
        if (level == 1 && klen == 7 && memcmp(text + k, "subnets", 7) == 0)
            return c.s[c.i] == '[' && (*at = c.i, true);
        if (!fs_skip(&c, 0) || !fs_ws(&c))
            return false;
        if (c.s[c.i] == ',') {
            c.i++;
            continue;
        }
        return false; /* '}' of the object being searched: no subnets there */
    }
}

/* The offset of the '"' that closes the string whose content starts at i, when the content
 * is printable ASCII without escapes; SIZE_MAX otherwise (or at the end of the text). Eight
 * bytes at a time: a byte is special when it is '"', '\\', below 0x20 or 0x7f and above;
 * the lowest flag of each test below is exact (a borrow only runs upwards from a true
 * hit), so the lowest flag of all of them is the first special byte. */
#define FS_ONES UINT64_C(0x0101010101010101)
#define FS_HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t fs_zero_bytes(uint64_t y)
{
    return (y - FS_ONES) & ~y & FS_HIGHS;
}

static inline size_t fs_string_end(const char *s, size_t i, size_t n)
{
    unsigned char ch;
    while (n - i >= 8) {
        uint64_t x, m;
        unsigned char b[8];
        memcpy(b, s + i, 8); /* little-endian order whatever the machine's */
        x = (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
            (uint64_t)b[3] << 24 | (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 |
            (uint64_t)b[6] << 48 | (uint64_t)b[7] << 56;
        m = (x & FS_HIGHS) | ((x - FS_ONES * 0x20) & ~x & FS_HIGHS) |
            fs_zero_bytes(x ^ (FS_ONES * 0x22)) | fs_zero_bytes(x ^ (FS_ONES * 0x5c)) |
            fs_zero_bytes(x ^ (FS_ONES * 0x7f));
        if (m != 0) {
#if defined(__GNUC__) || defined(__clang__)
            size_t at = i + (size_t)(__builtin_ctzll(m) >> 3);
#else
            size_t at = i;
            while ((m & 0x80) == 0) {
                m >>= 8;
                at++;
            }
#endif
            return s[at] == '"' ? at : SIZE_MAX;
        }
        i += 8;
    }
    for (; i < n; i++) {
        ch = (unsigned char)s[i];
        if (ch == '"')
            return i;
        if (ch < 0x20 || ch >= 0x7f || ch == '\\')
            return SIZE_MAX;
    }
    return SIZE_MAX;
}

#define FS_WS_BITS                                                                             \
    ((UINT64_C(1) << ' ') | (UINT64_C(1) << '\t') | (UINT64_C(1) << '\n') | (UINT64_C(1) << '\r'))

static inline size_t fs_skip_ws(const char *s, size_t i, size_t n)
{
    while (i < n && (unsigned char)s[i] <= ' ' &&
           ((UINT64_C(1) << (unsigned char)s[i]) & FS_WS_BITS) != 0)
        i++;
    return i;
}

/* Whether the 4 bytes at p are the 4 characters of lit. */
static inline bool fs_is4(const char *p, const char *lit)
{
    uint32_t a, b;
    memcpy(&a, p, 4);
    memcpy(&b, lit, 4);
    return a == b;
}

/* The bytes around the two values of an element, learnt from the last element read in full
 * that followed a ',' and had exactly the keys "name" and "cidr": from that element's start
 * (just after the ',') to the opening quote of its first value, from the first value's
 * closing quote to the second value's opening quote, and from the second value's closing
 * quote through the ',' after the element. An IPAM export spells every element alike, so the
 * next one is read with three comparisons and two string scans; when its bytes differ
 * anywhere, it is read in full instead, from the same place. Equal bytes read in full give
 * the same keys in the same order, so the shortcut finds what the full reading finds. */
#define FS_SEG_MAX 64

typedef struct fs_template {
    const char *pre, *mid, *post;
    size_t npre, nmid, npost; /* npre == 0: nothing learnt yet */
    bool name_first;
} fs_template;

/* Append f to the list *v of *n elements (room for *cap); on failure the list is freed. */
static aksnet_status fs_push(aksnet_plan *plan, fast_subnet **v, size_t *n, size_t *cap,
                             const fast_subnet *f)
{
    if (*n == *cap) {
        void *nv = *v;
        if (aksnet__grow(&plan->alloc, &nv, cap, *n + 1, sizeof(**v)) != AKSNET_OK) {
            aksnet__free(&plan->alloc, *v);
            return AKSNET_ENOMEM;
        }
        *v = nv;
    }
    (*v)[(*n)++] = *f;
    return AKSNET_OK;
}

/* Read the array at `at` into *out (allocated with the plan's allocator); *end_out is the
 * offset just after its ']'. *plain is false (nothing allocated) when the array is not of
 * the plain shape. Returns AKSNET_OK or AKSNET_ENOMEM. */
static aksnet_status fs_read_subnets(aksnet_plan *plan, const char *text, size_t len,
                                     size_t at, fast_subnet **out, size_t *n_out,
                                     size_t *end_out, bool *plain)
{
    const char *s = text;
    fast_subnet *v = NULL;
    size_t n = 0, cap = 0, i;
    bool after_comma = false;
    fs_template tp;
    memset(&tp, 0, sizeof(tp));
    *out = NULL;
    *n_out = 0;
    *plain = false;
    i = fs_skip_ws(s, at + 1, len);
    if (i >= len)
        return AKSNET_OK;
    if (s[i] == ']') {
        *end_out = i + 1;
        *plain = true;
        return AKSNET_OK;
    }
    for (;;) {
        fast_subnet f;
        unsigned seen = 0, nkeys = 0;
        size_t top = i, val_at[2] = {0, 0}, val_end[2] = {0, 0};
        bool name_first = false;
        if (after_comma && tp.npre != 0 && len - i >= tp.npre &&
            memcmp(s + i, tp.pre, tp.npre) == 0) {
            size_t a = i + tp.npre, ae = fs_string_end(s, a, len), b, be;
            if (ae != SIZE_MAX && len - ae >= tp.nmid && memcmp(s + ae, tp.mid, tp.nmid) == 0) {
                b = ae + tp.nmid;
                be = fs_string_end(s, b, len);
                if (be != SIZE_MAX && len - be >= tp.npost &&
                    memcmp(s + be, tp.post, tp.npost) == 0 &&
                    (tp.name_first ? ae - a : be - b) <= FAST_NAME_MAX) {
                    f.name = (uint32_t)(tp.name_first ? a : b);
                    f.name_len = (uint32_t)(tp.name_first ? ae - a : be - b);
                    f.cidr = (uint32_t)(tp.name_first ? b : a);
                    f.cidr_len = (uint32_t)(tp.name_first ? be - b : ae - a);
                    f.v6 = UINT32_MAX;
                    f.v6_len = 0;
                    if (fs_push(plan, &v, &n, &cap, &f) != AKSNET_OK)
                        return AKSNET_ENOMEM;
                    i = be + tp.npost; /* just after the ',' */
                    continue;
                }
            }
        }
        i = fs_skip_ws(s, i, len);
        if (i >= len || s[i] != '{')
            goto bail;
        i++;
        f.v6 = UINT32_MAX;
        f.v6_len = 0;
        for (;;) {
            size_t k, klen, vat, vend;
            unsigned bit;
            i = fs_skip_ws(s, i, len);
            if (i >= len || s[i] != '"')
                goto bail;
            k = i + 1;
            i = fs_string_end(s, k, len);
            if (i == SIZE_MAX)
                goto bail;
            klen = i - k;
            i = fs_skip_ws(s, i + 1, len);
            if (i >= len || s[i] != ':')
                goto bail;
            i = fs_skip_ws(s, i + 1, len);
            if (i >= len)
                goto bail;
            if (klen == 4 && fs_is4(text + k, "name"))
                bit = 1;
            else if (klen == 4 && fs_is4(text + k, "cidr"))
                bit = 2;
            else if (klen == 9 && memcmp(text + k, "cidr_ipv6", 9) == 0)
                bit = 4;
            else
                goto bail; /* unknown key: the tree path says which */
            if (seen & bit)
                goto bail; /* duplicate key: jansson reports it */
            seen |= bit;
            if (bit == 4 && len - i >= 4 && memcmp(text + i, "null", 4) == 0) {
                i += 4;
            } else {
                if (s[i] != '"')
                    goto bail;
                vat = i + 1;
                vend = fs_string_end(s, vat, len);
                if (vend == SIZE_MAX || (bit == 1 && vend - vat > FAST_NAME_MAX))
                    goto bail;
                if (bit == 1) {
                    f.name = (uint32_t)vat;
                    f.name_len = (uint32_t)(vend - vat);
                } else if (bit == 2) {
                    f.cidr = (uint32_t)vat;
                    f.cidr_len = (uint32_t)(vend - vat);
                } else {
                    f.v6 = (uint32_t)vat;
                    f.v6_len = (uint32_t)(vend - vat);
                }
                if (nkeys < 2) {
                    val_at[nkeys] = vat;
                    val_end[nkeys] = vend;
                }
                if (nkeys == 0)
                    name_first = bit == 1;
                i = vend + 1;
            }
            nkeys++;
            i = fs_skip_ws(s, i, len);
            if (i >= len)
                goto bail;
            if (s[i] == ',') {
                i++;
                continue;
            }
            if (s[i] != '}')
                goto bail;
            i++;
            break;
        }
        if ((seen & 3) != 3)
            goto bail; /* a required key is missing: the tree path says which */
        if (fs_push(plan, &v, &n, &cap, &f) != AKSNET_OK)
            return AKSNET_ENOMEM;
        i = fs_skip_ws(s, i, len);
        if (i >= len)
            goto bail;
        if (s[i] == ',') {
            i++;
            /* learn this element's spelling (see fs_template) */
            if (after_comma && nkeys == 2 && seen == 3 && val_at[0] - top <= FS_SEG_MAX &&
                val_at[1] - val_end[0] <= FS_SEG_MAX && i - val_end[1] <= FS_SEG_MAX) {
                tp.pre = s + top;
                tp.npre = val_at[0] - top;
                tp.mid = s + val_end[0];
                tp.nmid = val_at[1] - val_end[0];
                tp.post = s + val_end[1];
                tp.npost = i - val_end[1];
                tp.name_first = name_first;
            }
            after_comma = true;
            continue;
        }
        if (s[i] != ']')
            goto bail;
        *end_out = i + 1;
        *out = v;
        *n_out = n;
        *plain = true;
        return AKSNET_OK;
    }
bail:
    aksnet__free(&plan->alloc, v);
    return AKSNET_OK;
}

/* The "/vnet/subnets/<i>" pointer without printf (it is built for every element). */
static void fast_path(char out[AKSNET_ERROR_PATH_MAX], size_t i)
{
    static const char base[] = "/vnet/subnets/";
    char digits[24];
    size_t nd = 0;
    memcpy(out, base, sizeof(base) - 1);
    do {
        digits[nd++] = (char)('0' + i % 10);
        i /= 10;
    } while (i > 0);
    for (i = 0; i < nd; i++)
        out[sizeof(base) - 1 + i] = digits[nd - 1 - i];
    out[sizeof(base) - 1 + nd] = '\0';
}

/* One element read by the fast path, converted exactly as load_vnet converts a tree node. */
static aksnet_status load_fast_subnet(loader *L, size_t i)
{
    const fast_subnet *f = &L->fast[i];
    char p[AKSNET_ERROR_PATH_MAX], name[FAST_NAME_MAX + 1];
    aksnet_prefix cidr, cidr6;
    aksnet_status st;
    fast_path(p, i);
    if (f->name_len > FAST_NAME_MAX) /* fs_read_subnets never lets one through */
        return fail_at(L, AKSNET_ERROR, p, "internal error: fast-path name of %zu bytes",
                       (size_t)f->name_len);
    memcpy(name, L->text + f->name, f->name_len);
    name[f->name_len] = '\0';
    st = parse_prefix_text(L, L->text + f->cidr, f->cidr_len, NULL, p, "cidr", &cidr);
    if (st != AKSNET_OK)
        return st;
    memset(&cidr6, 0, sizeof(cidr6));
    if (f->v6 != UINT32_MAX) {
        st = parse_prefix_text(L, L->text + f->v6, f->v6_len, NULL, p, "cidr_ipv6", &cidr6);
        if (st != AKSNET_OK)
            return st;
    }
    if (aksnet__plan_add_existing(L->plan, name, &cidr,
                                  aksnet__prefix_is_set(&cidr6) ? &cidr6 : NULL,
                                  p) != AKSNET_OK)
        return builder_failed(L, p);
    return AKSNET_OK;
}

/* The elements read by the fast path. Room for all of them is made at once; an element with
 * a plain IPv4 cidr, no cidr_ipv6 and a name that is neither empty nor taken is added by
 * aksnet__plan_add_existing_quick (no JSON pointer built, no allocation); any other goes
 * through load_fast_subnet, which does what the tree path does and says what is wrong. */
static aksnet_status load_fast_subnets(loader *L)
{
    size_t i, name_bytes = 0;
    aksnet_plan *plan = L->plan;
    for (i = 0; i < L->nfast; i++)
        name_bytes += L->fast[i].name_len;
    if (aksnet__plan_reserve_existing(plan, L->nfast, name_bytes) != AKSNET_OK)
        return fail_at(L, AKSNET_ENOMEM, "/vnet/subnets", "out of memory");
    for (i = 0; i < L->nfast; i++) {
        const fast_subnet *f = &L->fast[i];
        aksnet_prefix cidr;
        aksnet_status st;
        if (f->v6 == UINT32_MAX &&
            aksnet__prefix_parse_v4_plain(&cidr, L->text + f->cidr, f->cidr_len) &&
            aksnet__plan_add_existing_quick(plan, L->text + f->name, f->name_len, &cidr))
            continue;
        st = load_fast_subnet(L, i);
        if (st != AKSNET_OK)
            return st;
    }
    return AKSNET_OK;
}

static aksnet_status load_vnet(loader *L, json_t *vnet)
{
    aksnet_status st;
    const char *name;
    json_t *arr, *v;
    size_t i;
    st = check_object(L, vnet, "/vnet", vnet_keys, "vnet");
    if (st != AKSNET_OK)
        return st;
    st = get_string(L, vnet, "name", "/vnet", false, &name);
    if (st != AKSNET_OK)
        return st;
    if (name != NULL && aksnet_plan_set_vnet_name(L->plan, name) != AKSNET_OK)
        return builder_failed(L, "/vnet/name");
    st = get_array(L, vnet, "address_space", "/vnet", true, &arr);
    if (st != AKSNET_OK)
        return st;
    if (json_array_size(arr) == 0)
        return fail_at(L, AKSNET_EPARSE, "/vnet/address_space",
                       "address_space needs at least one prefix");
    st = load_prefix_list(L, arr, "/vnet/address_space", aksnet__plan_add_space);
    if (st != AKSNET_OK)
        return st;
    st = get_array(L, vnet, "subnets", "/vnet", false, &arr);
    if (st != AKSNET_OK)
        return st;
    if (L->fast != NULL) {
        st = load_fast_subnets(L);
        if (st != AKSNET_OK)
            return st;
        arr = NULL; /* the tree holds an empty array in its place */
    }
    json_array_foreach(arr, i, v) {
        char p[AKSNET_ERROR_PATH_MAX];
        aksnet_prefix cidr, cidr6;
        index_path(p, sizeof(p), "/vnet/subnets", i);
        st = check_object(L, v, p, subnet_keys, "an existing subnet");
        if (st != AKSNET_OK)
            return st;
        st = get_string(L, v, "name", p, true, &name);
        if (st != AKSNET_OK)
            return st;
        if (json_object_get(v, "cidr") == NULL)
            return fail_at(L, AKSNET_EPARSE, p, "missing required key \"cidr\"");
        st = get_prefix(L, v, "cidr", p, &cidr);
        if (st != AKSNET_OK)
            return st;
        if (!aksnet__prefix_is_set(&cidr))
            return fail_at(L, AKSNET_EPARSE, p, "missing required key \"cidr\"");
        st = get_prefix(L, v, "cidr_ipv6", p, &cidr6);
        if (st != AKSNET_OK)
            return st;
        if (aksnet__plan_add_existing(L->plan, name, &cidr,
                                      aksnet__prefix_is_set(&cidr6) ? &cidr6 : NULL,
                                      p) != AKSNET_OK)
            return builder_failed(L, p);
    }
    st = get_array(L, vnet, "reserved", "/vnet", false, &arr);
    if (st != AKSNET_OK)
        return st;
    if (arr != NULL) {
        st = load_prefix_list(L, arr, "/vnet/reserved", aksnet__plan_add_reserved);
        if (st != AKSNET_OK)
            return st;
    }
    return AKSNET_OK;
}

static aksnet_status load_requests(loader *L, json_t *arr)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        char p[AKSNET_ERROR_PATH_MAX];
        aksnet_request_options r;
        const char *name;
        uint64_t n;
        bool has_len, has_ips, has_cidr, ipv6;
        aksnet_status st;
        index_path(p, sizeof(p), "/subnet_requests", i);
        st = check_object(L, v, p, request_keys, "a subnet request");
        if (st != AKSNET_OK)
            return st;
        aksnet_request_options_init(&r);
        st = get_string(L, v, "name", p, true, &name);
        if (st != AKSNET_OK)
            return st;
        r.name = name;
        has_cidr = json_object_get(v, "cidr") != NULL;
        st = get_uint(L, v, "prefix_length", p, 128, &has_len, &n);
        if (st != AKSNET_OK)
            return st;
        r.prefix_length = (uint8_t)n;
        st = get_uint(L, v, "ips", p, UINT64_MAX >> 1, &has_ips, &r.ips);
        if (st != AKSNET_OK)
            return st;
        st = get_prefix(L, v, "cidr", p, &r.cidr);
        if (st != AKSNET_OK)
            return st;
        st = get_prefix(L, v, "cidr_ipv6", p, &r.cidr_ipv6);
        if (st != AKSNET_OK)
            return st;
        st = get_bool(L, v, "ipv6", p, &ipv6);
        if (st != AKSNET_OK)
            return st;
        r.ipv6 = ipv6;
        if ((int)has_len + (int)has_ips + (int)has_cidr != 1)
            return fail_at(L, AKSNET_ECONFLICT, p,
                           "a subnet request gives exactly one of \"prefix_length\", \"ips\" "
                           "and \"cidr\"");
        r.kind = has_len ? AKSNET_REQUEST_PREFIX_LENGTH
                         : has_ips ? AKSNET_REQUEST_IPS : AKSNET_REQUEST_CIDR;
        if (aksnet__plan_add_request(L->plan, &r, p) != AKSNET_OK)
            return builder_failed(L, p);
    }
    return AKSNET_OK;
}

static aksnet_status load_surge(loader *L, json_t *pool, const char *path,
                                aksnet_pool_options *o)
{
    json_t *v = json_object_get(pool, "max_surge");
    char p[AKSNET_ERROR_PATH_MAX];
    join_path(p, sizeof(p), path, "max_surge");
    if (v == NULL || json_is_null(v))
        return AKSNET_OK;
    if (json_is_integer(v)) {
        json_int_t n = json_integer_value(v);
        if (n < 0 || n > 1000000)
            return fail_at(L, AKSNET_ERANGE, p, "max_surge %lld is outside 0..1000000 nodes",
                           (long long)n);
        o->max_surge_kind = AKSNET_SURGE_COUNT;
        o->max_surge = (uint32_t)n;
        return AKSNET_OK;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v), k;
        unsigned value = 0;
        if (len >= 2 && len <= 4 && s[len - 1] == '%') {
            for (k = 0; k + 1 < len; k++) {
                if (s[k] < '0' || s[k] > '9')
                    break;
                value = value * 10 + (unsigned)(s[k] - '0');
            }
            if (k + 1 == len && !(len > 2 && s[0] == '0')) {
                if (value > 100)
                    return fail_at(L, AKSNET_ERANGE, p, "max_surge \"%s\" is above 100%%", s);
                o->max_surge_kind = AKSNET_SURGE_PERCENT;
                o->max_surge = value;
                return AKSNET_OK;
            }
        }
        return fail_at(L, AKSNET_EPARSE, p,
                       "max_surge \"%.40s\" must be a node count (integer) or a percentage "
                       "such as \"33%%\"",
                       s);
    }
    return fail_at(L, AKSNET_EPARSE, p,
                   "max_surge must be a node count or a percentage string, not %s", type_name(v));
}

static aksnet_status load_pool(loader *L, size_t cluster, json_t *v, const char *p)
{
    static const char *const mode_names[] = {"System", "User", NULL};
    static const int mode_values[] = {AKSNET_POOL_MODE_SYSTEM, AKSNET_POOL_MODE_USER};
    static const char *const os_names[] = {"Linux", "Windows", NULL};
    static const int os_values[] = {AKSNET_OS_LINUX, AKSNET_OS_WINDOWS};
    static const char *const alloc_names[] = {"DynamicIndividual", "StaticBlock", NULL};
    static const int alloc_values[] = {AKSNET_POD_ALLOCATION_DYNAMIC, AKSNET_POD_ALLOCATION_STATIC};
    aksnet_pool_options o;
    aksnet_status st;
    uint64_t n;
    bool has_count, has_min, has_max, present;
    st = check_object(L, v, p, pool_keys, "a node pool");
    if (st != AKSNET_OK)
        return st;
    aksnet_pool_options_init(&o);
    if ((st = get_string(L, v, "name", p, true, &o.name)) != AKSNET_OK ||
        (st = get_enum(L, v, "mode", p, mode_names, mode_values, &o.mode, &present)) !=
            AKSNET_OK ||
        (st = get_enum(L, v, "os_type", p, os_names, os_values, &o.os_type, &present)) !=
            AKSNET_OK ||
        (st = get_string(L, v, "vm_size", p, false, &o.vm_size)) != AKSNET_OK ||
        (st = get_string(L, v, "subnet", p, false, &o.subnet)) != AKSNET_OK ||
        (st = get_string(L, v, "pod_subnet", p, false, &o.pod_subnet)) != AKSNET_OK ||
        (st = get_enum(L, v, "pod_ip_allocation_mode", p, alloc_names, alloc_values,
                       &o.pod_allocation, &present)) != AKSNET_OK)
        return st;
    if ((st = get_uint(L, v, "count", p, 1000000, &has_count, &n)) != AKSNET_OK)
        return st;
    o.count = (uint32_t)n;
    if ((st = get_uint(L, v, "min_count", p, 1000000, &has_min, &n)) != AKSNET_OK)
        return st;
    o.min_count = (uint32_t)n;
    if ((st = get_uint(L, v, "max_count", p, 1000000, &has_max, &n)) != AKSNET_OK)
        return st;
    o.max_count = (uint32_t)n;
    if (has_min != has_max)
        return fail_at(L, AKSNET_ECONFLICT, p,
                       "the autoscaler needs both \"min_count\" and \"max_count\"");
    o.autoscale = has_min && has_max;
    if (!o.autoscale && !has_count)
        return fail_at(L, AKSNET_EPARSE, p,
                       "a node pool needs \"count\", or \"min_count\" and \"max_count\"");
    if ((st = get_uint(L, v, "max_pods", p, 100000, &present, &n)) != AKSNET_OK)
        return st;
    if (present && n == 0)
        return fail_at(L, AKSNET_ERANGE, p, "max_pods 0 is outside 10..250");
    o.max_pods = (uint32_t)n;
    if ((st = get_uint(L, v, "expected_pods", p, 100000, &present, &n)) != AKSNET_OK)
        return st;
    if (present && n == 0)
        return fail_at(L, AKSNET_ERANGE, p, "expected_pods must be at least 1");
    o.expected_pods = (uint32_t)n;
    if ((st = load_surge(L, v, p, &o)) != AKSNET_OK)
        return st;
    if (aksnet__plan_add_pool(L->plan, cluster, &o, has_count, p) != AKSNET_OK)
        return builder_failed(L, p);
    return AKSNET_OK;
}

static const struct {
    const char *name;
    unsigned bit;
} feature_names[] = {
    {"private_link_service", AKSNET_FEATURE_PRIVATE_LINK_SERVICE},
    {"virtual_nodes", AKSNET_FEATURE_VIRTUAL_NODES},
    {"app_gateway_ingress", AKSNET_FEATURE_APP_GATEWAY_INGRESS},
    {"app_gateway_for_containers", AKSNET_FEATURE_APP_GATEWAY_FOR_CONTAINERS},
    {"windows", AKSNET_FEATURE_WINDOWS},
    {"nat_gateway", AKSNET_FEATURE_NAT_GATEWAY},
    {"availability_sets", AKSNET_FEATURE_AVAILABILITY_SETS},
    {"api_server_vnet_integration", AKSNET_FEATURE_API_SERVER_VNET_INTEGRATION},
};

static aksnet_status load_cluster(loader *L, json_t *v, const char *p)
{
    static const char *const plugin_names[] = {"azure", "kubenet", "none", NULL};
    static const int plugin_values[] = {AKSNET_PLUGIN_AZURE, AKSNET_PLUGIN_KUBENET,
                                        AKSNET_PLUGIN_NONE};
    static const char *const pmode_names[] = {"overlay", NULL};
    static const int pmode_values[] = {AKSNET_PLUGIN_MODE_OVERLAY};
    static const char *const dp_names[] = {"azure", "cilium", NULL};
    static const int dp_values[] = {AKSNET_DATAPLANE_AZURE, AKSNET_DATAPLANE_CILIUM};
    static const char *const pol_names[] = {"none", "azure", "calico", "cilium", NULL};
    static const int pol_values[] = {AKSNET_POLICY_NONE, AKSNET_POLICY_AZURE,
                                     AKSNET_POLICY_CALICO, AKSNET_POLICY_CILIUM};
    aksnet_cluster_options o;
    aksnet_status st;
    bool present, b;
    unsigned given = 0;
    uint64_t n;
    json_t *arr, *item;
    size_t i, idx;
    const char *s;
    char q[AKSNET_ERROR_PATH_MAX];

    st = check_object(L, v, p, cluster_keys, "a cluster");
    if (st != AKSNET_OK)
        return st;
    aksnet_cluster_options_init(&o);
    if ((st = get_string(L, v, "name", p, true, &o.name)) != AKSNET_OK)
        return st;
    if ((st = get_enum(L, v, "network_plugin", p, plugin_names, plugin_values, &o.network_plugin,
                       &present)) != AKSNET_OK)
        return st;
    if ((st = get_enum(L, v, "network_plugin_mode", p, pmode_names, pmode_values,
                       &o.network_plugin_mode, &present)) != AKSNET_OK)
        return st;
    if ((st = get_enum(L, v, "network_data_plane", p, dp_names, dp_values, &o.network_dataplane,
                       &present)) != AKSNET_OK)
        return st;
    if (present)
        given |= AKSNET__GIVEN_DATAPLANE;
    if ((st = get_enum(L, v, "network_policy", p, pol_names, pol_values, &o.network_policy,
                       &present)) != AKSNET_OK)
        return st;
    if (present)
        given |= AKSNET__GIVEN_POLICY;
    /* ip_families */
    if ((st = get_array(L, v, "ip_families", p, false, &arr)) != AKSNET_OK)
        return st;
    if (arr != NULL) {
        const char *f0 = NULL, *f1 = NULL;
        join_path(q, sizeof(q), p, "ip_families");
        json_array_foreach(arr, i, item) {
            char qi[AKSNET_ERROR_PATH_MAX];
            index_path(qi, sizeof(qi), q, i);
            if (!json_is_string(item))
                return fail_at(L, AKSNET_EPARSE, qi, "ip_families entries are strings, not %s",
                               type_name(item));
            if (i == 0)
                f0 = json_string_value(item);
            else if (i == 1)
                f1 = json_string_value(item);
        }
        if (f0 == NULL) {
            return fail_at(L, AKSNET_EPARSE, q,
                           "ip_families must be [\"IPv4\"] or [\"IPv4\", \"IPv6\"]");
        } else if (json_array_size(arr) == 1 && strcmp(f0, "IPv4") == 0) {
            o.dual_stack = 0;
        } else if (json_array_size(arr) == 2 && f1 != NULL && strcmp(f0, "IPv4") == 0 &&
                   strcmp(f1, "IPv6") == 0) {
            o.dual_stack = 1;
        } else if (json_array_size(arr) == 1 && strcmp(f0, "IPv6") == 0) {
            return fail_at(L, AKSNET_ECONFLICT, q,
                           "IPv6-only clusters are not supported by AKS; use [\"IPv4\", \"IPv6\"] "
                           "(azure-cni-overlay.md)");
        } else {
            return fail_at(L, AKSNET_EPARSE, q,
                           "ip_families must be [\"IPv4\"] or [\"IPv4\", \"IPv6\"]");
        }
    }
    if ((st = get_prefix(L, v, "pod_cidr", p, &o.pod_cidr)) != AKSNET_OK ||
        (st = get_prefix(L, v, "pod_cidr_ipv6", p, &o.pod_cidr_ipv6)) != AKSNET_OK ||
        (st = get_prefix(L, v, "service_cidr", p, &o.service_cidr)) != AKSNET_OK ||
        (st = get_prefix(L, v, "service_cidr_ipv6", p, &o.service_cidr_ipv6)) != AKSNET_OK)
        return st;
    if ((st = get_string(L, v, "dns_service_ip", p, false, &s)) != AKSNET_OK)
        return st;
    if (s != NULL) {
        aksnet_error e;
        aksnet_error_init(&e);
        join_path(q, sizeof(q), p, "dns_service_ip");
        if (aksnet_address_parse(&o.dns_service_ip, s, strlen(s), 0, &e) != AKSNET_OK)
            return fail_at(L, e.code, q, "%s", e.message);
    }
    if ((st = get_bool(L, v, "private_cluster", p, &b)) != AKSNET_OK)
        return st;
    o.private_cluster = b;
    if ((st = get_uint(L, v, "load_balancer_ips", p, 65536, &present, &n)) != AKSNET_OK)
        return st;
    o.load_balancer_ips = (uint32_t)n;
    if ((st = get_uint(L, v, "private_link_service_ips", p, 65536, &present, &n)) != AKSNET_OK)
        return st;
    o.private_link_service_ips = (uint32_t)n;
    if (present)
        given |= AKSNET__GIVEN_PLS_IPS;
    {
        json_t *g = json_object_get(v, "growth");
        if (g != NULL && !json_is_null(g)) {
            join_path(q, sizeof(q), p, "growth");
            if (!json_is_number(g))
                return fail_at(L, AKSNET_EPARSE, q, "growth must be a number, not %s",
                               type_name(g));
            o.growth = json_number_value(g);
            if (!(o.growth >= 1.0 && o.growth <= 100.0))
                return fail_at(L, AKSNET_ERANGE, q,
                               "growth %g is outside 1.0..100.0 (it multiplies node counts)",
                               o.growth);
        }
    }
    if ((st = get_array(L, v, "features", p, false, &arr)) != AKSNET_OK)
        return st;
    json_array_foreach(arr, i, item) {
        size_t k;
        bool ok = false;
        join_path(q, sizeof(q), p, "features");
        {
            char qi[AKSNET_ERROR_PATH_MAX];
            index_path(qi, sizeof(qi), q, i);
            if (!json_is_string(item))
                return fail_at(L, AKSNET_EPARSE, qi, "features are strings, not %s",
                               type_name(item));
            for (k = 0; k < AKSNET_ARRAY_LEN(feature_names); k++) {
                if (strcmp(json_string_value(item), feature_names[k].name) == 0) {
                    if (o.features & feature_names[k].bit)
                        return fail_at(L, AKSNET_EPARSE, qi, "feature \"%s\" is listed twice",
                                       feature_names[k].name);
                    o.features |= feature_names[k].bit;
                    ok = true;
                }
            }
            if (!ok)
                return fail_at(L, AKSNET_EPARSE, qi,
                               "unknown feature \"%.60s\" (known: private_link_service, "
                               "virtual_nodes, app_gateway_ingress, app_gateway_for_containers, "
                               "windows, nat_gateway, availability_sets, "
                               "api_server_vnet_integration)",
                               json_string_value(item));
        }
    }
    if ((st = get_string(L, v, "kubernetes_version", p, false, &o.kubernetes_version)) !=
        AKSNET_OK)
        return st;
    if ((st = get_array(L, v, "node_pools", p, true, &arr)) != AKSNET_OK)
        return st;
    if (aksnet__plan_add_cluster(L->plan, &o, given, p, &idx) != AKSNET_OK)
        return builder_failed(L, p);
    json_array_foreach(arr, i, item) {
        char qi[AKSNET_ERROR_PATH_MAX];
        join_path(q, sizeof(q), p, "node_pools");
        index_path(qi, sizeof(qi), q, i);
        st = load_pool(L, idx, item, qi);
        if (st != AKSNET_OK)
            return st;
    }
    return AKSNET_OK;
}

static aksnet_status load_root(loader *L, json_t *root)
{
    aksnet_status st;
    json_t *v, *arr, *item;
    uint64_t n;
    bool present;
    const char *s;
    size_t i;

    if (!json_is_object(root))
        return fail_at(L, AKSNET_EPARSE, "", "a plan must be a JSON object, not %s",
                       type_name(root));
    st = check_object(L, root, "", top_keys, "the plan");
    if (st != AKSNET_OK)
        return st;
    v = json_object_get(root, "schema_version");
    if (v == NULL)
        return fail_at(L, AKSNET_EPARSE, "", "missing required key \"schema_version\" (use 1)");
    st = get_uint(L, root, "schema_version", "", 1000, &present, &n);
    if (st != AKSNET_OK)
        return st;
    if (n != 1)
        return fail_at(L, AKSNET_EPARSE, "/schema_version",
                       "schema_version %llu is not supported by libaksnet %s (use 1)",
                       (unsigned long long)n, AKSNET_VERSION_STRING);
    if ((st = get_string(L, root, "$schema", "", false, &s)) != AKSNET_OK ||
        (st = get_string(L, root, "description", "", false, &s)) != AKSNET_OK)
        return st;
    st = get_string(L, root, "name", "", false, &s);
    if (st != AKSNET_OK)
        return st;
    if (s != NULL && aksnet_plan_set_name(L->plan, s) != AKSNET_OK)
        return builder_failed(L, "/name");
    v = json_object_get(root, "vnet");
    if (v == NULL)
        return fail_at(L, AKSNET_EPARSE, "", "missing required key \"vnet\"");
    st = load_vnet(L, v);
    if (st != AKSNET_OK)
        return st;
    st = get_array(L, root, "avoid", "", false, &arr);
    if (st != AKSNET_OK)
        return st;
    if (arr != NULL) {
        st = load_prefix_list(L, arr, "/avoid", aksnet__plan_add_avoid);
        if (st != AKSNET_OK)
            return st;
    }
    st = get_array(L, root, "subnet_requests", "", false, &arr);
    if (st != AKSNET_OK)
        return st;
    if (arr != NULL) {
        st = load_requests(L, arr);
        if (st != AKSNET_OK)
            return st;
    }
    st = get_array(L, root, "clusters", "", false, &arr);
    if (st != AKSNET_OK)
        return st;
    json_array_foreach(arr, i, item) {
        char p[AKSNET_ERROR_PATH_MAX];
        index_path(p, sizeof(p), "/clusters", i);
        st = load_cluster(L, item, p);
        if (st != AKSNET_OK)
            return st;
    }
    v = json_object_get(root, "allocation");
    if (v != NULL && !json_is_null(v)) {
        static const char *const names[] = {"compact", "ordered", "terraform", NULL};
        static const int values[] = {AKSNET_STRATEGY_COMPACT, AKSNET_STRATEGY_ORDERED,
                                     AKSNET_STRATEGY_TERRAFORM};
        int strategy = AKSNET_STRATEGY_COMPACT;
        st = check_object(L, v, "/allocation", alloc_keys, "allocation");
        if (st != AKSNET_OK)
            return st;
        st = get_enum(L, v, "strategy", "/allocation", names, values, &strategy, &present);
        if (st != AKSNET_OK)
            return st;
        L->plan->strategy = strategy;
    }
    if (aksnet__plan_finish(L->plan) != AKSNET_OK)
        return builder_failed(L, "");
    return AKSNET_OK;
}

/* aksnet_plan_from_json with the fast path of /vnet/subnets on or off. Internal (hidden):
 * tests/bench/loadcheck.c links the static archive and checks that both give the same plan
 * or the same error for every document it generates. */
aksnet_status aksnet__plan_from_json_impl(aksnet_plan **out, const char *text, size_t len,
                                          const aksnet_plan_options *opts, aksnet_error *err,
                                          int fast_path);

aksnet_status aksnet_plan_from_json(aksnet_plan **out, const char *text, size_t len,
                                    const aksnet_plan_options *opts, aksnet_error *err)
{
    return aksnet__plan_from_json_impl(out, text, len, opts, err, 1);
}

aksnet_status aksnet__plan_from_json_impl(aksnet_plan **out, const char *text, size_t len,
                                          const aksnet_plan_options *opts, aksnet_error *err,
                                          int fast_path)
{
    aksnet_plan *plan = NULL;
    json_t *root;
    json_error_t je;
    loader L;
    aksnet_status st;
    fast_subnet *fast = NULL;

    aksnet__error_clear(err);
    if (out == NULL || (text == NULL && len > 0))
        return aksnet__error(err, AKSNET_EINVAL, NULL, "NULL argument");
    *out = NULL;
    if (len == 0)
        return aksnet__error(err, AKSNET_EPARSE, "", "empty plan document");
    st = aksnet_plan_new(&plan, opts);
    if (st != AKSNET_OK)
        return aksnet__error(err, st, NULL, "cannot create plan: %s", aksnet_strerror(st));
    /* the fast path for /vnet/subnets (above): jansson gets a copy with the array emptied */
    L.fast = NULL;
    L.nfast = 0;
    root = NULL;
    {
        size_t at, end;
        char *copy = NULL;
        bool plain = false;
        if (fast_path && len < UINT32_MAX && fs_find_subnets(text, len, &at) &&
            fs_read_subnets(plan, text, len, at, &fast, &L.nfast, &end, &plain) != AKSNET_OK) {
            aksnet_plan_free(plan);
            return aksnet__error(err, AKSNET_ENOMEM, NULL, "out of memory");
        }
        if (plain) {
            /* the document with the array emptied: "[" and "]" made adjacent */
            size_t head = at + 1, tail = len - (end - 1);
            copy = aksnet__malloc(&plan->alloc, head + tail);
            if (copy == NULL) {
                aksnet__free(&plan->alloc, fast);
                aksnet_plan_free(plan);
                return aksnet__error(err, AKSNET_ENOMEM, NULL, "out of memory");
            }
            memcpy(copy, text, head);
            memcpy(copy + head, text + end - 1, tail);
            root = json_loadb(copy, head + tail, JSON_REJECT_DUPLICATES, &je);
            aksnet__free(&plan->alloc, copy);
            if (root != NULL) {
                L.fast = fast;
            } else {
                /* positions in the copy are not the document's: let jansson read the
                 * document itself for its error message */
                aksnet__free(&plan->alloc, fast);
                fast = NULL;
                L.nfast = 0;
            }
        }
        if (root == NULL)
            root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    }
    if (root == NULL) {
        const char *nul = memchr(text, '\0', len);
        uint32_t line = je.line > 0 ? (uint32_t)je.line : 0;
        uint32_t col = je.column > 0 ? (uint32_t)je.column : 0;
        size_t off = je.position >= 0 ? (size_t)je.position : 0;
        if (nul != NULL && (size_t)(nul - text) <= off + 1) {
            /* jansson reports a NUL byte as whatever it expected there: name it */
            off = (size_t)(nul - text);
            offset_to_line_col(text, len, off, &line, &col);
            aksnet__error(err, AKSNET_EPARSE, "",
                          "line %u, column %u: NUL byte (offset %zu); a plan is UTF-8 text",
                          line, col, off);
        } else {
            if (col == 0 && je.position >= 0) /* jansson says column 0 at a line end */
                offset_to_line_col(text, len, off, &line, &col);
            aksnet__error(err, AKSNET_EPARSE, "", "line %u, column %u: %s", line, col, je.text);
        }
        aksnet__error_set_offset(err, off);
        aksnet__error_set_position(err, line, col);
        aksnet_plan_free(plan);
        return AKSNET_EPARSE;
    }
    L.plan = plan;
    L.text = text;
    L.len = len;
    L.err = err;
    st = load_root(&L, root);
    json_decref(root);
    aksnet__free(&plan->alloc, fast);
    if (st != AKSNET_OK) {
        /* make sure the message carries the line and column */
        if (AKSNET__ERR_HAS(err, column) && err->line > 0) {
            char pre[64];
            snprintf(pre, sizeof(pre), "line %u, column %u: ", err->line, err->column);
            aksnet__error_prepend(err, pre);
        }
        aksnet_plan_free(plan);
        return st;
    }
    aksnet__plan_shrink(plan);
    *out = plan;
    return AKSNET_OK;
}

aksnet_status aksnet_plan_from_file(aksnet_plan **out, const char *path,
                                    const aksnet_plan_options *opts, aksnet_error *err)
{
    FILE *f;
    struct stat sb;
    aksnet__alloc a;
    char *buf;
    size_t n, cap, got;
    aksnet_status st;
    aksnet__error_clear(err);
    if (out == NULL || path == NULL)
        return aksnet__error(err, AKSNET_EINVAL, NULL, "NULL argument");
    *out = NULL;
    if (opts != NULL && (opts->version < 1 ||
                         (opts->allocator != NULL && (opts->allocator->malloc_fn == NULL ||
                                                      opts->allocator->realloc_fn == NULL ||
                                                      opts->allocator->free_fn == NULL))))
        return aksnet__error(err, AKSNET_EINVAL, NULL, "bad aksnet_plan_options");
    aksnet__alloc_init(&a, opts ? opts->allocator : NULL);
    f = fopen(path, "rb");
    if (f == NULL)
        return aksnet__error(err, AKSNET_EIO, path, "cannot open \"%.200s\": %s", path,
                             strerror(errno));
    if (fstat(fileno(f), &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            fclose(f);
            return aksnet__error(err, AKSNET_EIO, path, "\"%.200s\" is a directory, not a file",
                                 path);
        }
        if (S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > MAX_FILE_BYTES) {
            fclose(f);
            return aksnet__error(err, AKSNET_EIO, path,
                                 "\"%.200s\" is larger than 64 MiB; refusing to load it", path);
        }
    }
    /* read (works for pipes and character devices too), bounded */
    cap = 65536;
    buf = aksnet__malloc(&a, cap);
    if (buf == NULL) {
        fclose(f);
        return aksnet__error(err, AKSNET_ENOMEM, NULL, "out of memory");
    }
    n = 0;
    for (;;) {
        if (n == cap) {
            char *nb;
            if (cap >= MAX_FILE_BYTES) {
                aksnet__free(&a, buf);
                fclose(f);
                return aksnet__error(err, AKSNET_EIO, path,
                                     "\"%.200s\" is larger than 64 MiB; refusing to load it",
                                     path);
            }
            cap *= 2;
            nb = aksnet__realloc(&a, buf, cap);
            if (nb == NULL) {
                aksnet__free(&a, buf);
                fclose(f);
                return aksnet__error(err, AKSNET_ENOMEM, NULL, "out of memory");
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        aksnet__free(&a, buf);
        fclose(f);
        return aksnet__error(err, AKSNET_EIO, path, "cannot read \"%.200s\": %s", path,
                             strerror(e));
    }
    fclose(f);
    st = aksnet_plan_from_json(out, buf, n, opts, err);
    aksnet__free(&a, buf);
    return st;
}
