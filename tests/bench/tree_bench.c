/*
 * tree_bench: the allocator's free-space treap alone (docs/performance.md, W3), through the
 * library's internal interface (prefixset.h; the program links the static archive).
 *
 *   aksnet_tree_bench <existing.txt> <requests.txt> <reps>
 *
 * Builds the free ranges of 10.0.0.0/8 minus the existing subnets, then times taking the
 * lowest free aligned block for every request in order (what the ordered strategy does per
 * subnet, without building a result). Prints CPU seconds per repetition as JSON.
 */
#include "prefixset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

_Noreturn static void die(const char *what)
{
    fprintf(stderr, "aksnet_tree_bench: %s\n", what);
    exit(2);
}

static char **lines(const char *path, size_t *n_out)
{
    FILE *f = fopen(path, "r");
    char buf[128], **v = NULL;
    size_t n = 0, cap = 0;
    if (f == NULL)
        die("cannot open input");
    while (fgets(buf, sizeof(buf), f) != NULL) {
        size_t len = strcspn(buf, "\r\n");
        if (len == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            v = realloc(v, cap * sizeof(*v));
            if (v == NULL)
                die("out of memory");
        }
        v[n] = malloc(len + 1);
        if (v[n] == NULL)
            die("out of memory");
        memcpy(v[n], buf, len);
        v[n][len] = '\0';
        n++;
    }
    fclose(f);
    *n_out = n;
    return v;
}

int main(int argc, char **argv)
{
    size_t n, nreq, i;
    char **ex, **rq;
    unsigned *k;
    int reps, r;
    aksnet__rangeset space, used, fr;
    aksnet_prefix vnet;
    const aksnet__alloc *a = &aksnet__default_alloc;
    if (argc != 4)
        die("usage: aksnet_tree_bench <existing.txt> <requests.txt> <reps>");
    ex = lines(argv[1], &n);
    rq = lines(argv[2], &nreq);
    reps = (int)strtol(argv[3], NULL, 10);
    if (reps < 1)
        die("bad repetition count");
    k = malloc((nreq ? nreq : 1) * sizeof(*k));
    if (k == NULL)
        die("out of memory");
    for (i = 0; i < nreq; i++)
        k[i] = 32u - (unsigned)strtol(rq[i], NULL, 10);
    aksnet__rangeset_init(&space, a, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&used, a, AKSNET_FAMILY_IPV4);
    aksnet__rangeset_init(&fr, a, AKSNET_FAMILY_IPV4);
    if (aksnet_prefix_parse(&vnet, "10.0.0.0/8", 10, 0, NULL) != AKSNET_OK ||
        aksnet__rangeset_add_prefix(&space, &vnet) != AKSNET_OK)
        die("setup failed");
    for (i = 0; i < n; i++) {
        aksnet_prefix p;
        if (aksnet_prefix_parse(&p, ex[i], strlen(ex[i]), 0, NULL) != AKSNET_OK ||
            aksnet__rangeset_add_prefix(&used, &p) != AKSNET_OK)
            die("bad existing subnet");
    }
    aksnet__rangeset_normalize(&space);
    aksnet__rangeset_normalize(&used);
    if (aksnet__rangeset_subtract(&fr, &space, &used) != AKSNET_OK)
        die("subtract failed");
    printf("{\"workload\": \"w3tree\", \"existing\": %zu, \"free_ranges\": %zu, "
           "\"requests\": %zu, \"take\": [",
           n, fr.n, nreq);
    for (r = 0; r < reps; r++) {
        aksnet__freetree t;
        double t0, t1;
        size_t placed = 0;
        if (aksnet__freetree_init(&t, a, AKSNET_FAMILY_IPV4, &fr) != AKSNET_OK)
            die("tree init failed");
        t0 = now();
        for (i = 0; i < nreq; i++) {
            aksnet_u128 start;
            if (aksnet__freetree_take(&t, k[i], &start) == AKSNET_OK)
                placed++;
        }
        t1 = now();
        aksnet__freetree_dispose(&t);
        if (placed != nreq)
            die("a request did not fit");
        printf("%s%.9f", r ? ", " : "", t1 - t0);
    }
    printf("]}\n");
    aksnet__rangeset_dispose(&space);
    aksnet__rangeset_dispose(&used);
    aksnet__rangeset_dispose(&fr);
    for (i = 0; i < n; i++)
        free(ex[i]);
    for (i = 0; i < nreq; i++)
        free(rq[i]);
    free(ex);
    free(rq);
    free(k);
    return 0;
}
