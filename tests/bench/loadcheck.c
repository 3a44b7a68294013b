/*
 * loadcheck: the plan loader's fast path against its tree path (docs/performance.md, W5).
 *
 * plan_json.c reads /vnet/subnets straight from the text when the array has a plain shape,
 * and through jansson's tree otherwise. For every document named on the command line, this
 * loads it both ways (aksnet__plan_from_json_impl, internal: the program links the static
 * archive) and requires the same status and either the same error (code, message, JSON
 * pointer, suggestion, line, column, offset) or the same plan (aksnet_plan_to_json).
 * Exit status 1 on any difference. The documents come from tests/bench/bench_inputs.py
 * (loader_variants: valid arrays, every irregularity, truncations, random edits).
 *
 * First, the fast path's IPv4 parser (aksnet__prefix_parse_v4_plain) is held against
 * aksnet_prefix_parse on 400,000 strings: canonical IPv4 CIDRs (each must take the plain
 * path), random edits of them and random strings of digits, dots and slashes. Whatever the
 * plain parser accepts, aksnet_prefix_parse must accept with the same prefix. Then the
 * fast path's builder (aksnet__plan_add_existing_quick) against aksnet__plan_add_existing on
 * 3,000 random names (check_quick_builder).
 */
#include "aksnet.h"
#include "model.h" /* private: the quick builder of the fast path */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libaksnet/plan_json.c and prefix.c (hidden; not part of the API) */
aksnet_status aksnet__plan_from_json_impl(aksnet_plan **out, const char *text, size_t len,
                                          const aksnet_plan_options *opts, aksnet_error *err,
                                          int fast_path);
bool aksnet__prefix_parse_v4_plain(aksnet_prefix *out, const char *text, size_t len);

_Noreturn static void die(const char *what, const char *detail)
{
    fprintf(stderr, "loadcheck: %s: %s\n", what, detail);
    exit(2);
}

static char *read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0)
        die("cannot read", path);
    /* exactly n bytes, no terminating NUL: the loader must never read past len (an
     * AddressSanitizer build of this program checks that) */
    buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die("cannot read", path);
    fclose(f);
    *len_out = (size_t)n;
    return buf;
}

static char *plan_text(aksnet_plan *plan)
{
    size_t need = 0;
    char *buf;
    if (aksnet_plan_to_json(NULL, 0, &need, plan) != AKSNET_EBUFS)
        die("aksnet_plan_to_json", "size query failed");
    buf = malloc(need);
    if (buf == NULL || aksnet_plan_to_json(buf, need, &need, plan) != AKSNET_OK)
        die("aksnet_plan_to_json", "failed");
    return buf;
}

/* 0: same, 1: different */
static int check(const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    aksnet_plan *p1 = NULL, *p2 = NULL;
    aksnet_error e1, e2;
    aksnet_status s1, s2;
    int bad = 0;
    aksnet_error_init(&e1);
    aksnet_error_init(&e2);
    s1 = aksnet__plan_from_json_impl(&p1, text, len, NULL, &e1, 1);
    s2 = aksnet__plan_from_json_impl(&p2, text, len, NULL, &e2, 0);
    if (s1 != s2) {
        fprintf(stderr, "%s: status %d (fast path) vs %d (tree)\n", path, s1, s2);
        bad = 1;
    } else if (s1 != AKSNET_OK) {
        if (strcmp(e1.message, e2.message) != 0 || strcmp(e1.path, e2.path) != 0 ||
            strcmp(e1.suggestion, e2.suggestion) != 0 || e1.line != e2.line ||
            e1.column != e2.column || e1.offset != e2.offset || e1.code != e2.code) {
            fprintf(stderr,
                    "%s: errors differ\n  fast: %s [%s] %u:%u @%zu\n  tree: %s [%s] %u:%u @%zu\n",
                    path, e1.message, e1.path, e1.line, e1.column, e1.offset, e2.message,
                    e2.path, e2.line, e2.column, e2.offset);
            bad = 1;
        }
    } else {
        char *j1 = plan_text(p1), *j2 = plan_text(p2);
        if (strcmp(j1, j2) != 0) {
            fprintf(stderr, "%s: the loaded plans differ\n", path);
            bad = 1;
        }
        free(j1);
        free(j2);
    }
    aksnet_plan_free(p1);
    aksnet_plan_free(p2);
    free(text);
    return bad;
}

/* ---- the fast path's IPv4 parser against aksnet_prefix_parse -------------------------------- */

static uint64_t rng_state = UINT64_C(20250601);

static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (uint32_t)((rng_state >> 33) % n);
}

/* 1 when aksnet__prefix_parse_v4_plain says something aksnet_prefix_parse does not: it may
 * only accept text that aksnet_prefix_parse accepts, with the same prefix. *quick, *full:
 * what each accepted. */
static int check_cidr(const char *t, size_t len, int *quick, int *full)
{
    aksnet_prefix a, b;
    aksnet_status st = aksnet_prefix_parse(&b, t, len, 0, NULL);
    *full = st == AKSNET_OK;
    *quick = aksnet__prefix_parse_v4_plain(&a, t, len);
    if (*quick && (st != AKSNET_OK || memcmp(&a, &b, sizeof(a)) != 0)) {
        fprintf(stderr, "cidr \"%.*s\": plain IPv4 parser accepts, aksnet_prefix_parse %s\n",
                (int)len, t, st != AKSNET_OK ? "rejects" : "gives another prefix");
        return 1;
    }
    return 0;
}

/* Canonical IPv4 CIDRs (every one must take the plain path), their random edits, and
 * random strings over the characters of CIDRs; returns the differences. */
static int check_cidrs(long *checked, long *canonical_missed)
{
    static const char alphabet[] = "0123456789./ +-:x\t";
    int bad = 0, quick, full;
    long n;
    *checked = 0;
    *canonical_missed = 0;
    for (n = 0; n < 400000; n++) {
        char t[80];
        size_t len;
        if (n % 4 != 3) {
            /* a canonical prefix (length 0..32, host bits clear), perhaps edited */
            aksnet_prefix p;
            size_t need;
            uint32_t addr = (uint32_t)rnd(65536) << 16 | rnd(65536);
            unsigned length = rnd(33), e, edits = n % 4 == 0 ? 0 : 1 + rnd(3);
            if (length < 32)
                addr &= ~(UINT32_C(0xffffffff) >> length);
            memset(&p, 0, sizeof(p));
            p.family = AKSNET_FAMILY_IPV4;
            p.length = (uint8_t)length;
            p.bytes[0] = (uint8_t)(addr >> 24);
            p.bytes[1] = (uint8_t)(addr >> 16);
            p.bytes[2] = (uint8_t)(addr >> 8);
            p.bytes[3] = (uint8_t)addr;
            if (aksnet_prefix_format(t, sizeof(t), &need, &p) != AKSNET_OK)
                die("aksnet_prefix_format", "failed");
            len = strlen(t);
            if (edits == 0) {
                bad += check_cidr(t, len, &quick, &full);
                if (!quick)
                    (*canonical_missed)++;
                (*checked)++;
                continue;
            }
            for (e = 0; e < edits; e++) {
                size_t at = len ? rnd((uint32_t)len + 1) : 0;
                unsigned op = rnd(3);
                char c = alphabet[rnd(sizeof(alphabet) - 1)];
                if (op == 0 && at < len) {
                    t[at] = c;
                } else if (op == 1 && at < len) {
                    memmove(t + at, t + at + 1, len - at);
                    len--;
                } else if (len + 1 < sizeof(t)) {
                    memmove(t + at + 1, t + at, len - at + 1);
                    t[at] = c;
                    len++;
                }
            }
        } else {
            size_t k;
            len = rnd(24);
            for (k = 0; k < len; k++)
                t[k] = alphabet[rnd(12)]; /* digits, '.' and '/' */
        }
        bad += check_cidr(t, len, &quick, &full);
        (*checked)++;
    }
    return bad;
}

/* ---- the fast path's builder against aksnet__plan_add_existing ---------------------------- */

/* Random names (control bytes, DEL, bytes above 0x7f, NUL, lengths 0..300, a fifth of them
 * repeats) added to one plan by aksnet__plan_add_existing_quick (falling back to
 * aksnet__plan_add_existing, as the loader does) and to another by aksnet__plan_add_existing
 * alone: the same outcome for each, and the same plan. A name with a NUL byte must not take
 * the quick path (the full builder would see a shorter name). Returns the differences. */
static int check_quick_builder(long *checked)
{
    static const unsigned char bytes[] = {'a', 'b', '-', '0', ' ', 0x7e, 0x7f, 0x1f, 0x01,
                                          0x80, 0xc3, 0xa9, 0xff, '\t', 'z', 0};
    enum { N = 3000 };
    static char names[N][302];
    static size_t lens[N];
    aksnet_plan *a = NULL, *b = NULL;
    size_t i, total = 0;
    int bad = 0;
    if (aksnet_plan_new(&a, NULL) != AKSNET_OK || aksnet_plan_new(&b, NULL) != AKSNET_OK)
        die("aksnet_plan_new", "failed");
    for (i = 0; i < N; i++) {
        size_t k, len;
        if (i > 0 && rnd(5) == 0) {
            size_t j = rnd((uint32_t)i);
            memcpy(names[i], names[j], sizeof(names[i]));
            lens[i] = lens[j];
        } else {
            len = rnd(8) == 0 ? rnd(301) : rnd(20);
            for (k = 0; k < len; k++)
                names[i][k] = (char)(rnd(3) ? 'a' + rnd(26) : bytes[rnd(sizeof(bytes))]);
            names[i][len] = '\0';
            lens[i] = len;
        }
        total += lens[i];
    }
    if (aksnet__plan_reserve_existing(a, N, total) != AKSNET_OK)
        die("aksnet__plan_reserve_existing", "failed");
    for (i = 0; i < N; i++) {
        aksnet_prefix p;
        aksnet_status sa = AKSNET_OK, sb;
        bool has_nul = memchr(names[i], '\0', lens[i]) != NULL;
        bool quick;
        char cidr[32];
        snprintf(cidr, sizeof(cidr), "10.%u.%u.0/24", (unsigned)(i / 256), (unsigned)(i % 256));
        if (aksnet_prefix_parse(&p, cidr, strlen(cidr), 0, NULL) != AKSNET_OK)
            die("aksnet_prefix_parse", cidr);
        quick = aksnet__plan_add_existing_quick(a, names[i], lens[i], &p);
        if (quick && has_nul) {
            fprintf(stderr, "quick builder: took a name with a NUL byte (#%zu)\n", i);
            bad++;
        }
        if (!quick)
            sa = aksnet__plan_add_existing(a, names[i], &p, NULL, "/x");
        sb = aksnet__plan_add_existing(b, names[i], &p, NULL, "/x");
        if (sa != sb || strcmp(aksnet_plan_last_error(a)->message,
                               aksnet_plan_last_error(b)->message) != 0) {
            fprintf(stderr, "quick builder: name #%zu (%zu bytes): %d \"%s\" vs %d \"%s\"\n", i,
                    lens[i], sa, aksnet_plan_last_error(a)->message, sb,
                    aksnet_plan_last_error(b)->message);
            bad++;
        }
        (*checked)++;
    }
    {
        char *ja = plan_text(a), *jb = plan_text(b);
        if (strcmp(ja, jb) != 0) {
            fprintf(stderr, "quick builder: the plans differ\n");
            bad++;
        }
        free(ja);
        free(jb);
    }
    aksnet_plan_free(a);
    aksnet_plan_free(b);
    return bad;
}

int main(int argc, char **argv)
{
    int i, bad = 0, ok = 0, failed = 0, cidr_bad;
    long cidr_checked, canonical_missed;
    long names_checked = 0;
    cidr_bad = check_cidrs(&cidr_checked, &canonical_missed);
    cidr_bad += check_quick_builder(&names_checked);
    if (canonical_missed != 0) {
        fprintf(stderr, "%ld canonical IPv4 CIDRs missed the plain parser\n", canonical_missed);
        cidr_bad++;
    }
    for (i = 1; i < argc; i++) {
        bad += check(argv[i]);
    }
    /* how many documents loaded (so that a generator that only makes broken ones is seen) */
    for (i = 1; i < argc; i++) {
        size_t len;
        char *text = read_file(argv[i], &len);
        aksnet_plan *p = NULL;
        if (aksnet__plan_from_json_impl(&p, text, len, NULL, NULL, 1) == AKSNET_OK)
            ok++;
        else
            failed++;
        aksnet_plan_free(p);
        free(text);
    }
    printf("{\"workload\": \"loadcheck\", \"documents\": %d, \"loaded\": %d, \"rejected\": %d, "
           "\"cidrs\": %ld, \"names\": %ld, \"differences\": %d}\n",
           argc - 1, ok, failed, cidr_checked, names_checked, bad + cidr_bad);
    return bad + cidr_bad ? 1 : 0;
}
