/*
 * rulecheck: the rules' shortcuts for large plans against the rules without them
 * (docs/performance.md, W5).
 *
 * rules.c reads every subnet once (scan_subnets) and lets the per-subnet rules walk only the
 * subnets that one of them may report; subnet-overlap orders IPv4 subnets with a radix sort
 * (aksnet__sort_u64) instead of qsort. For every plan named on the command line, under each
 * strategy, this allocates twice and runs the rules with the shortcuts
 * (aksnet__run_rules_impl(..., 1), what aksnet_plan_allocate does) and without them (0), and
 * requires the same diagnostics in the same order (severity, code, path, message, source)
 * and the same count of dropped ones. It first checks aksnet__sort_u64 against a stable
 * comparison sort on random keys. Internal interface: the program links the static archive.
 * Exit status 1 on any difference. The plans come from tests/bench/bench_inputs.py
 * (rule_variants: overlaps, duplicates, reserved and avoided ranges, forbidden ranges,
 * subnets outside the VNet, /30s, IPv6, clusters using existing subnets) and docs/examples.
 */
#include "result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AS_OF 20250601

_Noreturn static void die(const char *what, const char *detail)
{
    fprintf(stderr, "rulecheck: %s: %s\n", what, detail);
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
    buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die("cannot read", path);
    fclose(f);
    *len_out = (size_t)n;
    return buf;
}

/* ---- aksnet__sort_u64 against a stable comparison sort ---------------------------------- */

static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

typedef struct keyed {
    uint64_t key;
    size_t pos;
} keyed;

static unsigned cmp_from_bit;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    uint64_t kx = x->key >> cmp_from_bit, ky = y->key >> cmp_from_bit;
    if (kx != ky)
        return kx < ky ? -1 : 1;
    return x->pos < y->pos ? -1 : (x->pos > y->pos);
}

static int sort_check(int trials)
{
    int t;
    for (t = 0; t < trials; t++) {
        size_t n = (size_t)(rnd() % (t % 5 == 0 ? 70 : 6000)), i;
        unsigned from_bit = (unsigned)(t % 3 == 0 ? 26 : (t % 3 == 1 ? 0 : rnd() % 40));
        unsigned bits = (unsigned)(t % 2 ? 38 : 64 - from_bit);
        uint64_t *v = malloc(n * sizeof(*v) + 1);
        keyed *ref = malloc(n * sizeof(*ref) + 1);
        if (v == NULL || ref == NULL)
            die("out of memory", "sort check");
        if (bits > 64 - from_bit)
            bits = 64 - from_bit;
        for (i = 0; i < n; i++) {
            uint64_t high = rnd();
            if (bits < 64)
                high &= (UINT64_C(1) << bits) - 1;
            if (rnd() % 4 == 0)
                high &= 0xFF0F; /* ties */
            v[i] = (from_bit ? (high << from_bit) | (rnd() & ((UINT64_C(1) << from_bit) - 1))
                             : high);
            ref[i].key = v[i];
            ref[i].pos = i;
        }
        if (aksnet__sort_u64(&aksnet__default_alloc, v, n, from_bit, bits) != AKSNET_OK)
            die("aksnet__sort_u64", "failed");
        cmp_from_bit = from_bit;
        qsort(ref, n, sizeof(*ref), cmp_keyed);
        for (i = 0; i < n; i++) {
            if (v[i] != ref[i].key) {
                fprintf(stderr,
                        "rulecheck: aksnet__sort_u64 differs from a stable sort (n %zu, "
                        "from_bit %u, bits %u, at %zu)\n",
                        n, from_bit, bits, i);
                free(v);
                free(ref);
                return 1;
            }
        }
        free(v);
        free(ref);
    }
    return 0;
}

/* ---- rules with and without the shortcuts --------------------------------------------- */

static int same_diags(const char *path, int strategy, const aksnet_result *a,
                      const aksnet_result *b)
{
    size_t i;
    if (a->ndiags != b->ndiags || a->diag_dropped != b->diag_dropped) {
        fprintf(stderr, "%s (strategy %d): %zu diagnostics (%zu dropped) vs %zu (%zu)\n", path,
                strategy, a->ndiags, a->diag_dropped, b->ndiags, b->diag_dropped);
        return 0;
    }
    for (i = 0; i < a->ndiags; i++) {
        const aksnet__rdiag *x = &a->diags[i], *y = &b->diags[i];
        if (x->severity != y->severity || strcmp(x->code, y->code) != 0 ||
            strcmp(x->path, y->path) != 0 || strcmp(x->message, y->message) != 0 ||
            strcmp(x->source, y->source) != 0) {
            fprintf(stderr, "%s (strategy %d): diagnostic %zu differs\n  fast: %s %s %s\n  "
                            "full: %s %s %s\n",
                    path, strategy, i, x->code, x->path, x->message, y->code, y->path,
                    y->message);
            return 0;
        }
    }
    return 1;
}

/* 0: same (or not loadable), 1: different; *diags_out: diagnostics compared */
static int check(const char *path, size_t *diags_out, int *loaded)
{
    static const int strategies[] = {AKSNET_STRATEGY_COMPACT, AKSNET_STRATEGY_ORDERED,
                                     AKSNET_STRATEGY_TERRAFORM};
    size_t len, k;
    char *text = read_file(path, &len);
    aksnet_plan *plan = NULL;
    int bad = 0;
    *loaded = 0;
    if (aksnet_plan_from_json(&plan, text, len, NULL, NULL) != AKSNET_OK) {
        free(text);
        return 0;
    }
    *loaded = 1;
    for (k = 0; k < sizeof(strategies) / sizeof(strategies[0]) && !bad; k++) {
        aksnet_result *fast = NULL, *full = NULL;
        aksnet_status s1, s2;
        if (plan->nspaces == 0)
            break;
        s1 = aksnet__allocate(&fast, plan, strategies[k], AS_OF);
        s2 = aksnet__allocate(&full, plan, strategies[k], AS_OF);
        if (s1 != AKSNET_OK || s2 != AKSNET_OK)
            die("aksnet__allocate failed", path);
        s1 = aksnet__run_rules_impl(fast, plan, 1);
        s2 = aksnet__run_rules_impl(full, plan, 0);
        if (s1 != s2) {
            fprintf(stderr, "%s: rules status %d (fast) vs %d (full)\n", path, s1, s2);
            bad = 1;
        } else if (!same_diags(path, strategies[k], fast, full)) {
            bad = 1;
        }
        *diags_out += fast->ndiags;
        aksnet_result_free(fast);
        aksnet_result_free(full);
    }
    aksnet_plan_free(plan);
    free(text);
    return bad;
}

int main(int argc, char **argv)
{
    int i, bad = 0, loaded = 0, sort_bad;
    size_t diags = 0;
    sort_bad = sort_check(2000);
    for (i = 1; i < argc; i++) {
        int ok = 0;
        bad += check(argv[i], &diags, &ok);
        loaded += ok;
    }
    printf("{\"workload\": \"rulecheck\", \"plans\": %d, \"loaded\": %d, \"diagnostics\": %zu, "
           "\"sort_differences\": %d, \"differences\": %d}\n",
           argc - 1, loaded, diags, sort_bad, bad);
    return bad || sort_bad ? 1 : 0;
}
