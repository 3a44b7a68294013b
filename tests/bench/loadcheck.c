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
 */
#include "aksnet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libaksnet/plan_json.c (hidden; not part of the API) */
aksnet_status aksnet__plan_from_json_impl(aksnet_plan **out, const char *text, size_t len,
                                          const aksnet_plan_options *opts, aksnet_error *err,
                                          int fast_path);

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

int main(int argc, char **argv)
{
    int i, bad = 0, ok = 0, failed = 0;
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
           "\"differences\": %d}\n",
           argc - 1, ok, failed, bad);
    return bad ? 1 : 0;
}
