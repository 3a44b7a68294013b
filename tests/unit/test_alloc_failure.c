/*
 * Allocation-failure tests (c-library-style P4, P5, P8, P18).
 *
 * An injectable allocator, passed per handle through aksnet_plan_options.allocator (never
 * process-wide), counts every allocation call and fails the n-th one. For each main path of
 * the public API the test sweeps n = 1, 2, ... until the operation no longer reaches the
 * n-th allocation and succeeds. At every n it checks that:
 *
 *   - the call returns AKSNET_ENOMEM (or, for a document that is invalid anyway, the status
 *     the header documents once no allocation fails), never crashes and never "succeeds"
 *     after an allocation failed;
 *   - an output handle (*out) is NULL after a failure, an output buffer holds "" and the
 *     plan's last error says AKSNET_ENOMEM;
 *   - after everything is freed, no block and no byte is still live (no leak), no pointer
 *     was freed twice or freed without coming from this allocator;
 *   - once nothing fails, the output equals the output made with the default allocator.
 *
 * Paths swept: aksnet_plan_from_json (every docs/examples file, read at run time, and inline
 * plans, valid and invalid), aksnet_plan_from_file, aksnet_plan_new and every builder,
 * aksnet_plan_allocate with each strategy, aksnet_result_write in every format,
 * aksnet_plan_to_json, aksnet_plan_pin, aksnet_plan_compare and aksnet_comparison_write.
 *
 * A second mode ("sticky") fails the n-th call and every later one, so that error paths that
 * allocate again are exercised too (for the costly comparison and serialiser sweeps, on the
 * first STICKY_DOCS documents; the one-shot sweep covers every document). Serialisers are swept
 * on a handle made once: they never change it, and the allocator must be back to the
 * handle's own blocks after every write. A third check ("retry") fails one builder call, repeats
 * it, and requires the finished plan to be exactly the plan built without failures: a call
 * that failed with AKSNET_ENOMEM left nothing half-added behind.
 *
 * One failure may be absorbed: a realloc that shrinks a block (aksnet_plan_from_json trims its
 * arrays) may fail and the call still succeed, since keeping the larger block is correct; the
 * output must then still equal the reference. Any other failed allocation must surface.
 *
 * jansson's own allocations inside json_loadb() use jansson's allocator, which libaksnet
 * never changes (documented in aksnet.h), so they are not counted and never fail here.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <aksnet.h>

/* A fixed date keeps the lifecycle rules (and so every output) the same on every day. */
#define AS_OF 20260315
/* No path of the library needs anywhere near this many allocations for these inputs; a
 * sweep that gets here has found an operation that never stops allocating. */
#define SWEEP_LIMIT 200000ul

/* ---- the failing, counting allocator -------------------------------------------------- */

#define BLOCK_MAGIC 0xA115C0DEu
#define BLOCK_DEAD 0xDEADB10Cu

typedef union block_hdr {
    struct {
        size_t size;
        unsigned int magic;
    } h;
    max_align_t align; /* keeps the payload aligned like malloc's */
} block_hdr;

typedef struct failalloc {
    int armed;            /* only calls made while armed are counted and may fail */
    unsigned long calls;  /* allocation calls (malloc and realloc) while armed */
    unsigned long fail_at; /* fail the call with this number (1-based); 0 = never */
    int sticky;           /* also fail every call after fail_at */
    unsigned long injected; /* failures injected */
    unsigned long injected_shrinks; /* of which: a realloc to the same or a smaller size */
    long live_blocks;
    long long live_bytes;
    unsigned long total_allocs; /* every successful malloc, armed or not */
    unsigned long bad_frees;    /* free/realloc of a pointer that is not a live block */
} failalloc;

static int fa_should_fail(failalloc *fa, int shrink)
{
    if (!fa->armed)
        return 0;
    fa->calls++;
    if (fa->fail_at != 0 &&
        (fa->calls == fa->fail_at || (fa->sticky && fa->calls > fa->fail_at))) {
        fa->injected++;
        if (shrink)
            fa->injected_shrinks++;
        return 1;
    }
    return 0;
}

static void *fa_malloc(size_t size, void *payload)
{
    failalloc *fa = payload;
    block_hdr *b;
    if (fa_should_fail(fa, 0))
        return NULL;
    if (size > SIZE_MAX - sizeof(block_hdr))
        return NULL;
    b = malloc(sizeof(block_hdr) + size);
    if (b == NULL)
        return NULL;
    b->h.size = size;
    b->h.magic = BLOCK_MAGIC;
    fa->live_blocks++;
    fa->live_bytes += (long long)size;
    fa->total_allocs++;
    return b + 1;
}

static void *fa_realloc(void *ptr, size_t size, void *payload)
{
    failalloc *fa = payload;
    block_hdr *b, *nb;
    size_t old;
    if (ptr == NULL)
        return fa_malloc(size, payload);
    b = (block_hdr *)ptr - 1;
    if (b->h.magic != BLOCK_MAGIC) {
        fa->bad_frees++;
        return NULL;
    }
    if (fa_should_fail(fa, size <= b->h.size))
        return NULL; /* like realloc(3): the old block stays valid and allocated */
    if (size > SIZE_MAX - sizeof(block_hdr))
        return NULL;
    old = b->h.size;
    nb = realloc(b, sizeof(block_hdr) + size);
    if (nb == NULL)
        return NULL;
    nb->h.size = size;
    fa->live_bytes += (long long)size - (long long)old;
    return nb + 1;
}

static void fa_free(void *ptr, void *payload)
{
    failalloc *fa = payload;
    block_hdr *b;
    if (ptr == NULL)
        return;
    b = (block_hdr *)ptr - 1;
    if (b->h.magic != BLOCK_MAGIC) {
        fa->bad_frees++;
        return;
    }
    b->h.magic = BLOCK_DEAD;
    fa->live_blocks--;
    fa->live_bytes -= (long long)b->h.size;
    free(b);
}

static void fa_reset(failalloc *fa, unsigned long fail_at, int sticky)
{
    memset(fa, 0, sizeof(*fa));
    fa->fail_at = fail_at;
    fa->sticky = sticky;
}

static void fa_options(aksnet_plan_options *po, aksnet_allocator *al, failalloc *fa)
{
    al->malloc_fn = fa_malloc;
    al->realloc_fn = fa_realloc;
    al->free_fn = fa_free;
    al->payload = fa;
    aksnet_plan_options_init(po);
    po->allocator = al;
}

/* ---- test data ------------------------------------------------------------------------ */

typedef struct doc {
    char name[160];
    char *text; /* owned (test's malloc, not counted) */
    size_t len;
    aksnet_status expect; /* status of aksnet_plan_from_json without failures */
} doc;

#define MAX_DOCS 64
static doc docs[MAX_DOCS];
static size_t ndocs;

static const struct {
    const char *name;
    aksnet_status expect;
    const char *text;
} inline_docs[] = {
    {"inline: kubenet, existing subnets, every request kind, Windows pool", AKSNET_OK,
     "{\"schema_version\": 1, \"name\": \"kubenet with existing subnets\",\n"
     " \"vnet\": {\"name\": \"vnet-a\", \"address_space\": [\"10.10.0.0/16\"],\n"
     "  \"subnets\": [{\"name\": \"snet-db\", \"cidr\": \"10.10.0.0/24\"}],\n"
     "  \"reserved\": [\"10.10.250.0/24\"]},\n"
     " \"avoid\": [\"10.0.0.0/16\"],\n"
     " \"subnet_requests\": [{\"name\": \"AzureBastionSubnet\", \"prefix_length\": 26},\n"
     "   {\"name\": \"snet-pe\", \"ips\": 40}, {\"name\": \"snet-fixed\", \"cidr\": \"10.10.200.0/24\"}],\n"
     " \"clusters\": [{\"name\": \"aks-k\", \"network_plugin\": \"kubenet\",\n"
     "   \"network_policy\": \"calico\", \"kubernetes_version\": \"1.31\",\n"
     "   \"node_pools\": [{\"name\": \"system\", \"mode\": \"System\", \"count\": 3},\n"
     "     {\"name\": \"win\", \"mode\": \"User\", \"os_type\": \"Windows\", \"count\": 2,\n"
     "      \"max_surge\": 1}]}],\n"
     " \"allocation\": {\"strategy\": \"ordered\"}}\n"},
    {"inline: pod subnets (dynamic and static block) and BYO CNI", AKSNET_OK,
     "{\"schema_version\": 1, \"name\": \"pod subnets, dynamic and static block\",\n"
     " \"vnet\": {\"name\": \"vnet-b\", \"address_space\": [\"10.30.0.0/16\"]},\n"
     " \"clusters\": [{\"name\": \"aks-p\", \"network_plugin\": \"azure\",\n"
     "   \"network_policy\": \"azure\", \"private_cluster\": true,\n"
     "   \"features\": [\"api_server_vnet_integration\", \"nat_gateway\"],\n"
     "   \"node_pools\": [{\"name\": \"system\", \"mode\": \"System\", \"count\": 3,\n"
     "      \"pod_subnet\": \"snet-pods-dyn\"},\n"
     "     {\"name\": \"batch\", \"mode\": \"User\", \"min_count\": 0, \"max_count\": 30,\n"
     "      \"max_pods\": 60, \"pod_subnet\": \"snet-pods-static\",\n"
     "      \"pod_ip_allocation_mode\": \"StaticBlock\"},\n"
     "     {\"name\": \"web\", \"mode\": \"User\", \"count\": 5, \"expected_pods\": 20,\n"
     "      \"pod_subnet\": \"snet-pods-dyn\"}]},\n"
     "  {\"name\": \"aks-none\", \"network_plugin\": \"none\",\n"
     "   \"node_pools\": [{\"name\": \"system\", \"count\": 2}]}]}\n"},
    {"inline: a plan that does not fit", AKSNET_OK,
     "{\"schema_version\": 1, \"name\": \"does not fit\",\n"
     " \"vnet\": {\"address_space\": [\"10.99.0.0/26\"]},\n"
     " \"subnet_requests\": [{\"name\": \"snet-big\", \"prefix_length\": 24}],\n"
     " \"clusters\": [{\"name\": \"aks-x\", \"network_plugin\": \"azure\",\n"
     "   \"node_pools\": [{\"name\": \"system\", \"count\": 50, \"max_pods\": 250}]}]}\n"},
    {"inline: dual-stack existing subnet", AKSNET_OK,
     "{\"schema_version\": 1,\n"
     " \"vnet\": {\"address_space\": [\"10.70.0.0/20\", \"fd00:70::/48\"],\n"
     "  \"subnets\": [{\"name\": \"snet-ds\", \"cidr\": \"10.70.0.0/24\",\n"
     "                \"cidr_ipv6\": \"fd00:70::/64\"}]},\n"
     " \"clusters\": [{\"name\": \"aks-ds\", \"network_plugin\": \"azure\",\n"
     "   \"network_plugin_mode\": \"overlay\", \"ip_families\": [\"IPv4\", \"IPv6\"],\n"
     "   \"node_pools\": [{\"name\": \"system\", \"count\": 3, \"subnet\": \"snet-ds\"}]}]}\n"},
    /* invalid documents: the sweep expects AKSNET_ENOMEM or, once nothing fails, this code */
    {"inline invalid: unknown key", AKSNET_EPARSE,
     "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/16\"]},\n"
     " \"clusters\": [{\"name\": \"a\", \"node_pools\": [{\"name\": \"p\", \"count\": 1,\n"
     "   \"colour\": \"blue\"}]}]}\n"},
    {"inline invalid: min_count without max_count", AKSNET_ECONFLICT,
     "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/16\"]},\n"
     " \"subnet_requests\": [{\"name\": \"snet-a\", \"prefix_length\": 24}],\n"
     " \"clusters\": [{\"name\": \"a\", \"node_pools\": [{\"name\": \"p\", \"min_count\": 1}]}]}\n"},
    {"inline invalid: duplicate subnet name", AKSNET_ECONFLICT,
     "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/16\"],\n"
     "  \"subnets\": [{\"name\": \"x\", \"cidr\": \"10.0.0.0/24\"}]},\n"
     " \"subnet_requests\": [{\"name\": \"x\", \"prefix_length\": 24}]}\n"},
};

static char *read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, len = 0;
    if (f == NULL)
        return NULL;
    for (;;) {
        size_t got;
        if (len == cap) {
            char *nb;
            cap = cap ? cap * 2 : 8192;
            nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len_out = len;
    return buf;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .json file of docs/examples, read at run time, then the inline documents. */
static int load_docs(void **state)
{
    DIR *d;
    struct dirent *e;
    char *names[MAX_DOCS];
    size_t n = 0, i;
    (void)state;
    d = opendir(AKSNET_EXAMPLES);
    if (d == NULL) {
        fprintf(stderr, "cannot open %s\n", AKSNET_EXAMPLES);
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0 && n < MAX_DOCS / 2) {
            names[n] = malloc(l + 1);
            if (names[n] == NULL)
                break;
            memcpy(names[n], e->d_name, l + 1);
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp_names);
    ndocs = 0;
    for (i = 0; i < n; i++) {
        char path[1024];
        doc *dc = &docs[ndocs];
        snprintf(path, sizeof(path), "%s/%s", AKSNET_EXAMPLES, names[i]);
        dc->text = read_file(path, &dc->len);
        if (dc->text == NULL) {
            fprintf(stderr, "cannot read %s\n", path);
            return -1;
        }
        snprintf(dc->name, sizeof(dc->name), "example %s", names[i]);
        dc->expect = AKSNET_OK;
        ndocs++;
        free(names[i]);
    }
    if (ndocs == 0) {
        fprintf(stderr, "no docs/examples/*.json found in %s\n", AKSNET_EXAMPLES);
        return -1;
    }
    for (i = 0; i < sizeof(inline_docs) / sizeof(inline_docs[0]) && ndocs < MAX_DOCS; i++) {
        doc *dc = &docs[ndocs++];
        dc->len = strlen(inline_docs[i].text);
        dc->text = malloc(dc->len + 1);
        if (dc->text == NULL)
            return -1;
        memcpy(dc->text, inline_docs[i].text, dc->len + 1);
        snprintf(dc->name, sizeof(dc->name), "%s", inline_docs[i].name);
        dc->expect = inline_docs[i].expect;
    }
    return 0;
}

static int free_docs(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < ndocs; i++)
        free(docs[i].text);
    ndocs = 0;
    return 0;
}

/* ---- serialising with the two-call (buf, buflen, needed) contract -------------------- */

enum what { W_RESULT, W_PLAN, W_COMPARISON };

static aksnet_status write_once(enum what w, const void *obj, int format, char *buf,
                                size_t buflen, size_t *needed)
{
    switch (w) {
    case W_RESULT:
        return aksnet_result_write(buf, buflen, needed, obj, format);
    case W_COMPARISON:
        return aksnet_comparison_write(buf, buflen, needed, obj, format);
    case W_PLAN:
    default:
        return aksnet_plan_to_json(buf, buflen, needed, (aksnet_plan *)(uintptr_t)obj);
    }
}

/* Size query, then the real call. On failure checks the buffer contract and returns NULL
 * with *st set; on success returns a malloc'd string (the test's malloc). */
static char *write_string(enum what w, const void *obj, int format, aksnet_status *st)
{
    size_t needed = 12345;
    char *buf;
    *st = write_once(w, obj, format, NULL, 0, &needed);
    if (*st != AKSNET_EBUFS) {
        assert_int_not_equal(*st, AKSNET_OK); /* a NULL buffer can never be enough */
        assert_int_equal(needed, 0);
        return NULL;
    }
    assert_true(needed > 1);
    buf = malloc(needed);
    assert_non_null(buf);
    memset(buf, 'x', needed);
    *st = write_once(w, obj, format, buf, needed, &needed);
    if (*st != AKSNET_OK) {
        assert_int_equal(buf[0], '\0'); /* nothing that looks like a complete result */
        free(buf);
        return NULL;
    }
    assert_int_equal(strlen(buf) + 1, needed);
    return buf;
}

/* ---- the sweep ---------------------------------------------------------------------- */

/* One scenario: set up (unarmed), arm, run the operation under test, disarm, check the
 * failure contract, free everything. Returns the operation's status; *out_text receives
 * the output (malloc'd) when the operation succeeded and makes text. */
typedef aksnet_status (*scenario_fn)(failalloc *fa, const void *arg, char **out_text);

static unsigned long total_iterations;
static unsigned long absorbed_shrinks;

/* Runs fn with fail_at = 1, 2, ... until a run injects no failure. Returns the number of
 * allocation calls the operation makes when nothing fails. */
static unsigned long sweep(const char *label, scenario_fn fn, const void *arg, int sticky,
                           aksnet_status expect, const char *reference)
{
    unsigned long n;
    for (n = 1; n < SWEEP_LIMIT; n++) {
        failalloc fa;
        char *text = NULL;
        aksnet_status st;
        fa_reset(&fa, n, sticky);
        st = fn(&fa, arg, &text);
        total_iterations++;
        if (fa.live_blocks != 0 || fa.live_bytes != 0 || fa.bad_frees != 0)
            fail_msg("%s: fail_at=%lu%s: %ld blocks / %lld bytes still live, %lu bad frees "
                     "(status %d)",
                     label, n, sticky ? " (sticky)" : "", fa.live_blocks, fa.live_bytes,
                     fa.bad_frees, st);
        if (fa.injected == 0) {
            /* the operation finished before its n-th allocation: the sweep is complete */
            if (st != expect)
                fail_msg("%s: without failures: status %d (%s), expected %d", label, st,
                         aksnet_strerror(st), expect);
            if (reference != NULL) {
                assert_non_null(text);
                if (strcmp(text, reference) != 0)
                    fail_msg("%s: output with the counting allocator differs from the "
                             "default allocator's",
                             label);
            }
            free(text);
            return n - 1;
        }
        if (st == AKSNET_OK && fa.injected == fa.injected_shrinks) {
            /* Only a realloc that shrinks a block failed. Shrinking is an optimisation
             * (aksnet_plan_from_json trims its arrays); keeping the larger block is a
             * correct answer, so the call may succeed, but the output must be intact. */
            if (reference != NULL) {
                assert_non_null(text);
                if (strcmp(text, reference) != 0)
                    fail_msg("%s: a failed shrink at %lu changed the output", label, n);
            }
            free(text);
            absorbed_shrinks++;
            continue;
        }
        if (st != AKSNET_ENOMEM)
            fail_msg("%s: allocation %lu failed%s but the call returned %d (%s), not "
                     "AKSNET_ENOMEM",
                     label, n, sticky ? " (sticky)" : "", st, aksnet_strerror(st));
        assert_null(text);
    }
    fail_msg("%s: still allocating after %lu calls", label, n);
    return 0;
}

static void sweep_both(const char *label, scenario_fn fn, const void *arg, aksnet_status expect,
                       const char *reference)
{
    unsigned long a = sweep(label, fn, arg, 0, expect, reference);
    unsigned long b = sweep(label, fn, arg, 1, expect, reference);
    assert_int_equal(a, b);
    print_message("  %-70.70s %5lu allocations\n", label, a);
}

/* Sweep of a serialiser on a handle made once: writers never change their handle (a result
 * or comparison is immutable; aksnet_plan_to_json only sets the plan's last error), so the
 * handle is kept across the sweep and only the write runs with failures. After every write
 * the allocator must hold exactly the handle's own blocks again (every temporary buffer came
 * back); the caller checks that freeing the handle brings it to zero. */
static unsigned long sweep_write(const char *label, failalloc *fa, enum what w, const void *obj,
                                 int format, int sticky, const char *reference)
{
    long base_blocks = fa->live_blocks;
    long long base_bytes = fa->live_bytes;
    unsigned long n;
    size_t reflen = strlen(reference);
    for (n = 1; n < SWEEP_LIMIT; n++) {
        /* one call into a buffer of the right size (the size query serialises the same way
         * and fails the same way; write_string's two-call path is checked by the references) */
        char *text = malloc(reflen + 1);
        size_t needed = 12345;
        aksnet_status st;
        assert_non_null(text);
        memset(text, 'x', reflen + 1);
        fa->calls = 0;
        fa->fail_at = n;
        fa->sticky = sticky;
        fa->injected = fa->injected_shrinks = 0;
        fa->armed = 1;
        st = write_once(w, obj, format, text, reflen + 1, &needed);
        fa->armed = 0;
        total_iterations++;
        if (st != AKSNET_OK) {
            assert_int_equal(text[0], '\0'); /* nothing that looks like a complete result */
            assert_int_equal(needed, 0);
            free(text);
            text = NULL;
        }
        if (fa->live_blocks != base_blocks || fa->live_bytes != base_bytes || fa->bad_frees)
            fail_msg("%s: fail_at=%lu%s: %ld blocks / %lld bytes more than before the write, "
                     "%lu bad frees (status %d)",
                     label, n, sticky ? " (sticky)" : "", fa->live_blocks - base_blocks,
                     fa->live_bytes - base_bytes, fa->bad_frees, st);
        if (w == W_PLAN)
            assert_int_equal(aksnet_plan_last_error((const aksnet_plan *)obj)->code, st);
        if (fa->injected == 0) {
            if (st != AKSNET_OK || text == NULL || strcmp(text, reference) != 0)
                fail_msg("%s: without failures: status %d or output differs from the default "
                         "allocator's",
                         label, st);
            free(text);
            fa->fail_at = 0;
            return n - 1;
        }
        if (st != AKSNET_ENOMEM)
            fail_msg("%s: allocation %lu failed%s but the call returned %d (%s), not "
                     "AKSNET_ENOMEM",
                     label, n, sticky ? " (sticky)" : "", st, aksnet_strerror(st));
        assert_null(text);
    }
    fail_msg("%s: still allocating after %lu calls", label, n);
    return 0;
}

static void sweep_write_both(const char *label, failalloc *fa, enum what w, const void *obj,
                             int format, const char *reference, int sticky_too)
{
    unsigned long a = sweep_write(label, fa, w, obj, format, 0, reference);
    if (sticky_too)
        assert_int_equal(sweep_write(label, fa, w, obj, format, 1, reference), a);
    print_message("  %-70.70s %5lu allocations\n", label, a);
}

/* The comparison and the serialisers are the costly sweeps (above all under valgrind):
 * every document gets the one-shot sweep, which reaches every allocation; the sticky sweep,
 * which only adds the error paths that allocate again, runs on the first few documents. */
#define STICKY_DOCS 3

/* A sentinel that a failing call must overwrite with NULL. */
static char sentinel_byte;
#define SENTINEL ((void *)&sentinel_byte)

static aksnet_plan *load_plan_or_die(const doc *dc, failalloc *fa)
{
    aksnet_plan_options po;
    aksnet_allocator al;
    aksnet_plan *plan = NULL;
    aksnet_status st;
    fa_options(&po, &al, fa);
    /* the allocator struct is copied: a stack one is fine */
    st = aksnet_plan_from_json(&plan, dc->text, dc->len, &po, NULL);
    if (st != AKSNET_OK)
        fail_msg("%s: aksnet_plan_from_json: %d", dc->name, st);
    return plan;
}

static aksnet_allocate_options alloc_opts(int strategy)
{
    aksnet_allocate_options o;
    aksnet_allocate_options_init(&o);
    o.strategy = strategy;
    o.as_of = AS_OF;
    return o;
}

/* ---- aksnet_plan_from_json / aksnet_plan_from_file ----------------------------------- */

static aksnet_status sc_from_json(failalloc *fa, const void *arg, char **out_text)
{
    const doc *dc = arg;
    aksnet_plan_options po;
    aksnet_allocator al;
    aksnet_plan *plan = SENTINEL;
    aksnet_error err;
    aksnet_status st;
    fa_options(&po, &al, fa);
    aksnet_error_init(&err);
    fa->armed = 1;
    st = aksnet_plan_from_json(&plan, dc->text, dc->len, &po, &err);
    fa->armed = 0;
    assert_int_equal(err.code, st);
    if (st != AKSNET_OK) {
        assert_null(plan);
        assert_true(err.message[0] != '\0');
        return st;
    }
    assert_non_null(plan);
    {
        aksnet_status wst;
        *out_text = write_string(W_PLAN, plan, 0, &wst);
        assert_int_equal(wst, AKSNET_OK);
    }
    aksnet_plan_free(plan);
    return st;
}

static aksnet_status sc_from_file(failalloc *fa, const void *arg, char **out_text)
{
    const char *path = arg;
    aksnet_plan_options po;
    aksnet_allocator al;
    aksnet_plan *plan = SENTINEL;
    aksnet_error err;
    aksnet_status st;
    (void)out_text;
    fa_options(&po, &al, fa);
    aksnet_error_init(&err);
    fa->armed = 1;
    st = aksnet_plan_from_file(&plan, path, &po, &err);
    fa->armed = 0;
    assert_int_equal(err.code, st);
    if (st != AKSNET_OK) {
        assert_null(plan);
        return st;
    }
    assert_non_null(plan);
    aksnet_plan_free(plan);
    return st;
}

/* The reference: the same document loaded with the default allocator, written back. */
static char *plan_json_default(const doc *dc)
{
    aksnet_plan *plan = NULL;
    aksnet_status st = aksnet_plan_from_json(&plan, dc->text, dc->len, NULL, NULL);
    char *text;
    if (st != AKSNET_OK)
        return NULL;
    text = write_string(W_PLAN, plan, 0, &st);
    assert_int_equal(st, AKSNET_OK);
    aksnet_plan_free(plan);
    return text;
}

static void test_alloc_failure_plan_from_json(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < ndocs; i++) {
        char *ref = plan_json_default(&docs[i]);
        char label[200];
        aksnet_plan *p = NULL;
        /* the default allocator agrees with the expectation */
        assert_int_equal(aksnet_plan_from_json(&p, docs[i].text, docs[i].len, NULL, NULL),
                         docs[i].expect);
        aksnet_plan_free(p);
        snprintf(label, sizeof(label), "plan_from_json %s", docs[i].name);
        sweep_both(label, sc_from_json, &docs[i], docs[i].expect, ref);
        free(ref);
    }
}

static void test_alloc_failure_plan_from_file(void **state)
{
    DIR *d;
    struct dirent *e;
    unsigned files = 0;
    (void)state;
    d = opendir(AKSNET_EXAMPLES);
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        char path[1024], label[300];
        if (l <= 5 || strcmp(e->d_name + l - 5, ".json") != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", AKSNET_EXAMPLES, e->d_name);
        snprintf(label, sizeof(label), "plan_from_file %s", e->d_name);
        sweep_both(label, sc_from_file, path, AKSNET_OK, NULL);
        files++;
    }
    closedir(d);
    assert_true(files > 0);
}

/* ---- aksnet_plan_allocate with each strategy, and aksnet_result_write ---------------- */

typedef struct alloc_arg {
    const doc *dc;
    int strategy;
    int format; /* for write scenarios */
} alloc_arg;

static aksnet_status sc_allocate(failalloc *fa, const void *arg, char **out_text)
{
    const alloc_arg *a = arg;
    aksnet_plan *plan = load_plan_or_die(a->dc, fa);
    aksnet_allocate_options o = alloc_opts(a->strategy);
    aksnet_result *r = SENTINEL;
    aksnet_status st;
    fa->armed = 1;
    st = aksnet_plan_allocate(&r, plan, &o);
    fa->armed = 0;
    assert_int_equal(aksnet_plan_last_error(plan)->code, st);
    if (st != AKSNET_OK) {
        assert_null(r);
        aksnet_plan_free(plan);
        return st;
    }
    /* the result outlives its plan and keeps using the plan's allocator */
    aksnet_plan_free(plan);
    *out_text = write_string(W_RESULT, r, AKSNET_FORMAT_JSON, &st);
    assert_int_equal(st, AKSNET_OK);
    aksnet_result_free(r);
    return AKSNET_OK;
}

static char *result_default(const doc *dc, int strategy, int format)
{
    aksnet_plan *plan = NULL;
    aksnet_result *r = NULL;
    aksnet_allocate_options o = alloc_opts(strategy);
    aksnet_status st;
    char *text;
    assert_int_equal(aksnet_plan_from_json(&plan, dc->text, dc->len, NULL, NULL), AKSNET_OK);
    assert_int_equal(aksnet_plan_allocate(&r, plan, &o), AKSNET_OK);
    aksnet_plan_free(plan);
    text = write_string(W_RESULT, r, format, &st);
    assert_int_equal(st, AKSNET_OK);
    aksnet_result_free(r);
    return text;
}

static const int strategies[] = {AKSNET_STRATEGY_DEFAULT, AKSNET_STRATEGY_COMPACT,
                                 AKSNET_STRATEGY_ORDERED, AKSNET_STRATEGY_TERRAFORM};
static const int result_formats[] = {AKSNET_FORMAT_JSON, AKSNET_FORMAT_TEXT,
                                     AKSNET_FORMAT_TFVARS, AKSNET_FORMAT_SVG};
static const char *const format_names[] = {"?", "json", "text", "tfvars", "svg"};

static void test_alloc_failure_plan_allocate(void **state)
{
    size_t i, s;
    (void)state;
    for (i = 0; i < ndocs; i++) {
        if (docs[i].expect != AKSNET_OK)
            continue;
        for (s = 0; s < sizeof(strategies) / sizeof(strategies[0]); s++) {
            alloc_arg a;
            char label[240];
            char *ref = result_default(&docs[i], strategies[s], AKSNET_FORMAT_JSON);
            a.dc = &docs[i];
            a.strategy = strategies[s];
            a.format = AKSNET_FORMAT_JSON;
            snprintf(label, sizeof(label), "allocate/%s %s", aksnet_strategy_name(strategies[s]),
                     docs[i].name);
            sweep_both(label, sc_allocate, &a, AKSNET_OK, ref);
            free(ref);
        }
    }
}

static void test_alloc_failure_result_write(void **state)
{
    size_t i, f;
    (void)state;
    for (i = 0; i < ndocs; i++) {
        failalloc fa;
        aksnet_plan *plan;
        aksnet_result *r = NULL;
        aksnet_allocate_options o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
        if (docs[i].expect != AKSNET_OK)
            continue;
        fa_reset(&fa, 0, 0);
        plan = load_plan_or_die(&docs[i], &fa);
        assert_int_equal(aksnet_plan_allocate(&r, plan, &o), AKSNET_OK);
        aksnet_plan_free(plan); /* the result keeps using the plan's allocator */
        for (f = 0; f < sizeof(result_formats) / sizeof(result_formats[0]); f++) {
            char label[240];
            char *ref = result_default(&docs[i], AKSNET_STRATEGY_DEFAULT, result_formats[f]);
            snprintf(label, sizeof(label), "result_write/%s %s", format_names[result_formats[f]],
                     docs[i].name);
            sweep_write_both(label, &fa, W_RESULT, r, result_formats[f], ref, i < STICKY_DOCS);
            free(ref);
        }
        aksnet_result_free(r);
        assert_int_equal(fa.live_blocks, 0);
        assert_int_equal(fa.live_bytes, 0);
    }
}

/* ---- aksnet_plan_to_json ------------------------------------------------------------ */

static void test_alloc_failure_plan_to_json(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < ndocs; i++) {
        failalloc fa;
        aksnet_plan *plan;
        char label[200];
        char *ref;
        if (docs[i].expect != AKSNET_OK)
            continue;
        ref = plan_json_default(&docs[i]);
        fa_reset(&fa, 0, 0);
        plan = load_plan_or_die(&docs[i], &fa);
        snprintf(label, sizeof(label), "plan_to_json %s", docs[i].name);
        sweep_write_both(label, &fa, W_PLAN, plan, 0, ref, 1);
        aksnet_plan_free(plan);
        assert_int_equal(fa.live_blocks, 0);
        assert_int_equal(fa.live_bytes, 0);
        free(ref);
    }
}

/* ---- aksnet_plan_compare and aksnet_comparison_write -------------------------------- */

static aksnet_status sc_compare(failalloc *fa, const void *arg, char **out_text)
{
    const doc *dc = arg;
    aksnet_plan *plan = load_plan_or_die(dc, fa);
    aksnet_allocate_options o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
    aksnet_comparison *c = SENTINEL;
    aksnet_status st;
    fa->armed = 1;
    st = aksnet_plan_compare(&c, plan, &o);
    fa->armed = 0;
    assert_int_equal(aksnet_plan_last_error(plan)->code, st);
    aksnet_plan_free(plan);
    if (st != AKSNET_OK) {
        assert_null(c);
        return st;
    }
    *out_text = write_string(W_COMPARISON, c, AKSNET_FORMAT_JSON, &st);
    assert_int_equal(st, AKSNET_OK);
    aksnet_comparison_free(c);
    return AKSNET_OK;
}

static char *comparison_default(const doc *dc, int format)
{
    aksnet_plan *plan = NULL;
    aksnet_comparison *c = NULL;
    aksnet_allocate_options o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
    aksnet_status st;
    char *text;
    assert_int_equal(aksnet_plan_from_json(&plan, dc->text, dc->len, NULL, NULL), AKSNET_OK);
    assert_int_equal(aksnet_plan_compare(&c, plan, &o), AKSNET_OK);
    aksnet_plan_free(plan);
    text = write_string(W_COMPARISON, c, format, &st);
    assert_int_equal(st, AKSNET_OK);
    aksnet_comparison_free(c);
    return text;
}

/* A comparison runs the whole pipeline once per plugin mode (about ten allocations of a
 * cloned plan): see STICKY_DOCS. */
static void test_alloc_failure_plan_compare(void **state)
{
    size_t i, sticky_done = 0;
    (void)state;
    for (i = 0; i < ndocs; i++) {
        char label[200];
        char *ref;
        unsigned long a, b;
        if (docs[i].expect != AKSNET_OK)
            continue;
        ref = comparison_default(&docs[i], AKSNET_FORMAT_JSON);
        snprintf(label, sizeof(label), "compare %s", docs[i].name);
        a = sweep(label, sc_compare, &docs[i], 0, AKSNET_OK, ref);
        if (sticky_done < STICKY_DOCS) {
            b = sweep(label, sc_compare, &docs[i], 1, AKSNET_OK, ref);
            assert_int_equal(a, b);
            sticky_done++;
        }
        print_message("  %-70.70s %5lu allocations\n", label, a);
        free(ref);
    }
}

static void test_alloc_failure_comparison_write(void **state)
{
    static const int formats[] = {AKSNET_FORMAT_JSON, AKSNET_FORMAT_TEXT};
    size_t i, f;
    (void)state;
    for (i = 0; i < ndocs; i++) {
        failalloc fa;
        aksnet_plan *plan;
        aksnet_comparison *c = NULL;
        aksnet_allocate_options o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
        if (docs[i].expect != AKSNET_OK)
            continue;
        fa_reset(&fa, 0, 0);
        plan = load_plan_or_die(&docs[i], &fa);
        assert_int_equal(aksnet_plan_compare(&c, plan, &o), AKSNET_OK);
        aksnet_plan_free(plan); /* the comparison outlives its plan */
        for (f = 0; f < 2; f++) {
            char label[200];
            char *ref = comparison_default(&docs[i], formats[f]);
            snprintf(label, sizeof(label), "comparison_write/%s %s", format_names[formats[f]],
                     docs[i].name);
            sweep_write_both(label, &fa, W_COMPARISON, c, formats[f], ref, i < STICKY_DOCS);
            free(ref);
        }
        aksnet_comparison_free(c);
        assert_int_equal(fa.live_blocks, 0);
        assert_int_equal(fa.live_bytes, 0);
    }
}

/* ---- aksnet_plan_pin ---------------------------------------------------------------- */

/* Pin a fresh copy of the plan to the subnets an earlier allocation placed. */
static aksnet_status sc_pin(failalloc *fa, const void *arg, char **out_text)
{
    const doc *dc = arg;
    aksnet_plan *old = load_plan_or_die(dc, fa), *plan = load_plan_or_die(dc, fa);
    aksnet_allocate_options o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
    aksnet_result *r = NULL;
    aksnet_status st;
    size_t pinned = 999;
    assert_int_equal(aksnet_plan_allocate(&r, old, &o), AKSNET_OK);
    aksnet_plan_free(old);
    fa->armed = 1;
    st = aksnet_plan_pin(plan, r, &pinned);
    fa->armed = 0;
    assert_int_equal(aksnet_plan_last_error(plan)->code, st);
    aksnet_result_free(r);
    if (st == AKSNET_OK) {
        *out_text = write_string(W_PLAN, plan, 0, &st);
        assert_int_equal(st, AKSNET_OK);
    }
    aksnet_plan_free(plan);
    return st;
}

static char *pinned_default(const doc *dc)
{
    aksnet_plan *old = NULL, *plan = NULL;
    aksnet_result *r = NULL;
    aksnet_allocate_options o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
    aksnet_status st;
    char *text;
    assert_int_equal(aksnet_plan_from_json(&old, dc->text, dc->len, NULL, NULL), AKSNET_OK);
    assert_int_equal(aksnet_plan_from_json(&plan, dc->text, dc->len, NULL, NULL), AKSNET_OK);
    assert_int_equal(aksnet_plan_allocate(&r, old, &o), AKSNET_OK);
    assert_int_equal(aksnet_plan_pin(plan, r, NULL), AKSNET_OK);
    text = write_string(W_PLAN, plan, 0, &st);
    assert_int_equal(st, AKSNET_OK);
    aksnet_result_free(r);
    aksnet_plan_free(old);
    aksnet_plan_free(plan);
    return text;
}

static void test_alloc_failure_plan_pin(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < ndocs; i++) {
        char label[200];
        char *ref;
        if (docs[i].expect != AKSNET_OK)
            continue;
        ref = pinned_default(&docs[i]);
        snprintf(label, sizeof(label), "plan_pin %s", docs[i].name);
        sweep_both(label, sc_pin, &docs[i], AKSNET_OK, ref);
        free(ref);
    }
}

/* ---- the programmatic builders ------------------------------------------------------ */

static aksnet_prefix pfx(const char *s)
{
    aksnet_prefix p;
    assert_int_equal(aksnet_prefix_parse(&p, s, strlen(s), 0, NULL), AKSNET_OK);
    return p;
}

static aksnet_address addr(const char *s)
{
    aksnet_address a;
    assert_int_equal(aksnet_address_parse(&a, s, strlen(s), 0, NULL), AKSNET_OK);
    return a;
}

/* Call a builder. In "retry" mode a call that failed with AKSNET_ENOMEM is repeated once
 * (the allocator fails only one call), so the plan must end up exactly as without
 * failures. Otherwise the first failure ends the build. */
#define BUILD(expr)                                                                          \
    do {                                                                                     \
        aksnet_status st_ = (expr);                                                          \
        if (st_ == AKSNET_ENOMEM) {                                                          \
            assert_int_equal(aksnet_plan_last_error(plan)->code, AKSNET_ENOMEM);             \
            if (!retry)                                                                      \
                goto failed;                                                                 \
            st_ = (expr);                                                                    \
        }                                                                                    \
        if (st_ != AKSNET_OK)                                                                \
            fail_msg("%s: %d (%s)", #expr, st_, aksnet_strerror(st_));                       \
        assert_int_equal(aksnet_plan_last_error(plan)->code, AKSNET_OK);                     \
    } while (0)

/* Builds a plan that uses every builder. fa == NULL: the default allocator. Returns the
 * status of the build (AKSNET_ENOMEM when an allocation failed and retry is 0); on success
 * *out_plan receives the plan. */
static aksnet_status build_plan(failalloc *fa, int retry, aksnet_plan **out_plan)
{
    aksnet_plan_options po;
    aksnet_allocator al;
    aksnet_plan *plan = SENTINEL;
    aksnet_request_options rq;
    aksnet_cluster_options co;
    aksnet_pool_options pl;
    size_t c1 = 99, c2 = 99;
    aksnet_status st;
    const char *long_name =
        "a-rather-long-plan-name-so-that-the-string-arena-needs-more-than-one-chunk-"
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678";

    *out_plan = NULL;
    if (fa != NULL)
        fa_options(&po, &al, fa);
    else
        aksnet_plan_options_init(&po);
    st = aksnet_plan_new(&plan, &po);
    if (st == AKSNET_ENOMEM && retry)
        st = aksnet_plan_new(&plan, &po);
    if (st != AKSNET_OK) {
        assert_int_equal(st, AKSNET_ENOMEM);
        assert_null(plan);
        return st;
    }
    BUILD(aksnet_plan_set_name(plan, long_name));
    BUILD(aksnet_plan_set_vnet_name(plan, "vnet-built"));
    BUILD(aksnet_plan_set_strategy(plan, AKSNET_STRATEGY_ORDERED));
    {
        aksnet_prefix s1 = pfx("10.80.0.0/16"), s2 = pfx("fd00:80::/48");
        aksnet_prefix e1 = pfx("10.80.0.0/24"), e1v6 = pfx("fd00:80::/64");
        aksnet_prefix e2 = pfx("10.80.1.0/24"), rs = pfx("10.80.255.0/24");
        aksnet_prefix av1 = pfx("10.0.0.0/16"), av2 = pfx("192.168.0.0/16");
        BUILD(aksnet_plan_add_address_space(plan, &s1));
        BUILD(aksnet_plan_add_address_space(plan, &s2));
        BUILD(aksnet_plan_add_subnet(plan, "snet-existing-ds", &e1, &e1v6));
        BUILD(aksnet_plan_add_subnet(plan, "snet-existing", &e2, NULL));
        BUILD(aksnet_plan_add_reserved(plan, &rs));
        BUILD(aksnet_plan_add_avoid(plan, &av1));
        BUILD(aksnet_plan_add_avoid(plan, &av2));
    }
    aksnet_request_options_init(&rq);
    rq.name = "AzureFirewallSubnet";
    rq.kind = AKSNET_REQUEST_PREFIX_LENGTH;
    rq.prefix_length = 26;
    BUILD(aksnet_plan_add_request(plan, &rq));
    aksnet_request_options_init(&rq);
    rq.name = "snet-pe";
    rq.kind = AKSNET_REQUEST_IPS;
    rq.ips = 100;
    rq.ipv6 = 1;
    BUILD(aksnet_plan_add_request(plan, &rq));
    aksnet_request_options_init(&rq);
    rq.name = "snet-pinned";
    rq.kind = AKSNET_REQUEST_CIDR;
    rq.cidr = pfx("10.80.200.0/24");
    BUILD(aksnet_plan_add_request(plan, &rq));

    aksnet_cluster_options_init(&co);
    co.name = "aks-one";
    co.network_plugin = AKSNET_PLUGIN_AZURE;
    co.network_plugin_mode = AKSNET_PLUGIN_MODE_OVERLAY;
    co.network_dataplane = AKSNET_DATAPLANE_CILIUM;
    co.network_policy = AKSNET_POLICY_CILIUM;
    co.dual_stack = 1;
    co.service_cidr = pfx("10.2.0.0/16");
    co.dns_service_ip = addr("10.2.0.10");
    co.private_cluster = 1;
    co.load_balancer_ips = 3;
    co.growth = 1.5;
    co.features = AKSNET_FEATURE_PRIVATE_LINK_SERVICE | AKSNET_FEATURE_NAT_GATEWAY;
    co.kubernetes_version = "1.33";
    BUILD(aksnet_plan_add_cluster(&c1, plan, &co));
    aksnet_pool_options_init(&pl);
    pl.name = "system";
    pl.mode = AKSNET_POOL_MODE_SYSTEM;
    pl.vm_size = "Standard_D4ds_v5";
    pl.count = 3;
    pl.subnet = "snet-existing-ds";
    BUILD(aksnet_plan_add_pool(plan, c1, &pl));
    aksnet_pool_options_init(&pl);
    pl.name = "apps";
    pl.mode = AKSNET_POOL_MODE_USER;
    pl.autoscale = 1;
    pl.min_count = 2;
    pl.max_count = 40;
    pl.max_pods = 110;
    pl.max_surge_kind = AKSNET_SURGE_PERCENT;
    pl.max_surge = 33;
    pl.subnet = "snet-existing-ds";
    BUILD(aksnet_plan_add_pool(plan, c1, &pl));

    aksnet_cluster_options_init(&co);
    co.name = "aks-two";
    co.network_plugin = AKSNET_PLUGIN_AZURE;
    co.network_policy = AKSNET_POLICY_AZURE;
    BUILD(aksnet_plan_add_cluster(&c2, plan, &co));
    aksnet_pool_options_init(&pl);
    pl.name = "system";
    pl.count = 3;
    pl.pod_subnet = "snet-two-pods";
    BUILD(aksnet_plan_add_pool(plan, c2, &pl));
    aksnet_pool_options_init(&pl);
    pl.name = "batch";
    pl.mode = AKSNET_POOL_MODE_USER;
    pl.count = 10;
    pl.max_pods = 60;
    pl.pod_subnet = "snet-two-static";
    pl.pod_allocation = AKSNET_POD_ALLOCATION_STATIC;
    pl.max_surge_kind = AKSNET_SURGE_COUNT;
    pl.max_surge = 2;
    BUILD(aksnet_plan_add_pool(plan, c2, &pl));
    *out_plan = plan;
    return AKSNET_OK;
failed:
    aksnet_plan_free(plan);
    return AKSNET_ENOMEM;
}

static aksnet_status sc_builders(failalloc *fa, const void *arg, char **out_text)
{
    aksnet_plan *plan = NULL;
    aksnet_status st;
    (void)arg;
    fa->armed = 1;
    st = build_plan(fa, 0, &plan);
    fa->armed = 0;
    if (st != AKSNET_OK)
        return st;
    *out_text = write_string(W_PLAN, plan, 0, &st);
    assert_int_equal(st, AKSNET_OK);
    aksnet_plan_free(plan);
    return AKSNET_OK;
}

static aksnet_status sc_builders_allocate(failalloc *fa, const void *arg, char **out_text)
{
    const int *strategy = arg;
    aksnet_plan *plan = NULL;
    aksnet_result *r = SENTINEL;
    aksnet_allocate_options o = alloc_opts(*strategy);
    aksnet_status st;
    assert_int_equal(build_plan(fa, 0, &plan), AKSNET_OK);
    fa->armed = 1;
    st = aksnet_plan_allocate(&r, plan, &o);
    fa->armed = 0;
    aksnet_plan_free(plan);
    if (st != AKSNET_OK) {
        assert_null(r);
        return st;
    }
    *out_text = write_string(W_RESULT, r, AKSNET_FORMAT_JSON, &st);
    assert_int_equal(st, AKSNET_OK);
    aksnet_result_free(r);
    return AKSNET_OK;
}

static void test_alloc_failure_builders(void **state)
{
    aksnet_plan *plan = NULL;
    aksnet_status st;
    char *ref;
    size_t s;
    (void)state;
    assert_int_equal(build_plan(NULL, 0, &plan), AKSNET_OK);
    ref = write_string(W_PLAN, plan, 0, &st);
    assert_int_equal(st, AKSNET_OK);
    sweep_both("builders (plan_new, set_*, add_*)", sc_builders, NULL, AKSNET_OK, ref);
    free(ref);
    for (s = 0; s < sizeof(strategies) / sizeof(strategies[0]); s++) {
        aksnet_result *r = NULL;
        aksnet_allocate_options o = alloc_opts(strategies[s]);
        char label[120];
        assert_int_equal(aksnet_plan_allocate(&r, plan, &o), AKSNET_OK);
        ref = write_string(W_RESULT, r, AKSNET_FORMAT_JSON, &st);
        assert_int_equal(st, AKSNET_OK);
        aksnet_result_free(r);
        snprintf(label, sizeof(label), "allocate/%s of the built plan",
                 aksnet_strategy_name(strategies[s]));
        sweep_both(label, sc_builders_allocate, &strategies[s], AKSNET_OK, ref);
        free(ref);
    }
    aksnet_plan_free(plan);
}

/* A builder that failed with AKSNET_ENOMEM changed nothing: repeating it gives the plan that
 * was built without failures, byte for byte. */
static void test_alloc_failure_builders_retry(void **state)
{
    aksnet_plan *plan = NULL;
    aksnet_status st;
    char *ref;
    unsigned long n;
    (void)state;
    assert_int_equal(build_plan(NULL, 1, &plan), AKSNET_OK);
    ref = write_string(W_PLAN, plan, 0, &st);
    assert_int_equal(st, AKSNET_OK);
    aksnet_plan_free(plan);
    for (n = 1; n < SWEEP_LIMIT; n++) {
        failalloc fa;
        char *text;
        fa_reset(&fa, n, 0);
        fa.armed = 1;
        assert_int_equal(build_plan(&fa, 1, &plan), AKSNET_OK);
        fa.armed = 0;
        text = write_string(W_PLAN, plan, 0, &st);
        assert_int_equal(st, AKSNET_OK);
        if (strcmp(text, ref) != 0)
            fail_msg("builder retry after failing allocation %lu: the plan differs:\n%s\n"
                     "expected:\n%s",
                     n, text, ref);
        free(text);
        aksnet_plan_free(plan);
        assert_int_equal(fa.live_blocks, 0);
        assert_int_equal(fa.live_bytes, 0);
        assert_int_equal(fa.bad_frees, 0);
        if (fa.injected == 0)
            break;
    }
    free(ref);
}

/* ---- the allocator itself is what the library uses ----------------------------------- */

/* Guards against a sweep that passes because the allocator is never called: every path
 * above must go through the per-handle allocator, and a handle made with the default
 * allocator must not touch ours (no process-wide allocator state). */
static void test_alloc_failure_allocator_is_per_handle(void **state)
{
    failalloc fa, other;
    aksnet_plan_options po;
    aksnet_allocator al;
    aksnet_plan *plan = NULL, *plain = NULL;
    aksnet_result *r = NULL;
    aksnet_allocate_options o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
    aksnet_status st;
    char *text;
    unsigned long before;
    (void)state;
    fa_reset(&fa, 0, 0);
    fa_reset(&other, 0, 0);
    fa_options(&po, &al, &fa);
    assert_int_equal(aksnet_plan_from_json(&plan, docs[0].text, docs[0].len, &po, NULL),
                     AKSNET_OK);
    assert_true(fa.live_blocks > 0);
    assert_int_equal(aksnet_plan_allocate(&r, plan, &o), AKSNET_OK);
    before = fa.total_allocs;
    text = write_string(W_RESULT, r, AKSNET_FORMAT_TEXT, &st);
    assert_int_equal(st, AKSNET_OK);
    free(text);
    assert_true(fa.total_allocs > before); /* the result's writer uses the plan's allocator */
    /* a second plan with the default allocator: ours sees nothing */
    before = fa.total_allocs;
    assert_int_equal(aksnet_plan_from_json(&plain, docs[0].text, docs[0].len, NULL, NULL),
                     AKSNET_OK);
    aksnet_plan_free(plain);
    assert_int_equal(fa.total_allocs, before);
    aksnet_result_free(r);
    aksnet_plan_free(plan);
    assert_int_equal(fa.live_blocks, 0);
    assert_int_equal(fa.live_bytes, 0);
    assert_int_equal(other.total_allocs, 0);

    /* an allocator with a missing function is rejected, not half-used */
    al.realloc_fn = NULL;
    plan = SENTINEL;
    assert_int_equal(aksnet_plan_new(&plan, &po), AKSNET_EINVAL);
    assert_null(plan);
    plan = SENTINEL;
    assert_int_equal(aksnet_plan_from_json(&plan, docs[0].text, docs[0].len, &po, NULL),
                     AKSNET_EINVAL);
    assert_null(plan);
}

/* The allocator really fails: the very first allocation of aksnet_plan_new failing gives
 * AKSNET_ENOMEM and no plan (this also proves the sweep harness can fail). */
static void test_alloc_failure_first_allocation(void **state)
{
    failalloc fa;
    aksnet_plan_options po;
    aksnet_allocator al;
    aksnet_plan *plan = SENTINEL;
    (void)state;
    fa_reset(&fa, 1, 0);
    fa_options(&po, &al, &fa);
    fa.armed = 1;
    assert_int_equal(aksnet_plan_new(&plan, &po), AKSNET_ENOMEM);
    assert_null(plan);
    assert_int_equal(fa.injected, 1);
    assert_int_equal(fa.live_blocks, 0);
}

static int setup_group(void **state)
{
    total_iterations = 0;
    return load_docs(state);
}

static int teardown_group(void **state)
{
    print_message("  %lu sweep iterations in all (%lu failed shrinks absorbed)\n",
                  total_iterations, absorbed_shrinks);
    return free_docs(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_failure_first_allocation),
        cmocka_unit_test(test_alloc_failure_allocator_is_per_handle),
        cmocka_unit_test(test_alloc_failure_plan_from_json),
        cmocka_unit_test(test_alloc_failure_plan_from_file),
        cmocka_unit_test(test_alloc_failure_builders),
        cmocka_unit_test(test_alloc_failure_builders_retry),
        cmocka_unit_test(test_alloc_failure_plan_allocate),
        cmocka_unit_test(test_alloc_failure_result_write),
        cmocka_unit_test(test_alloc_failure_plan_to_json),
        cmocka_unit_test(test_alloc_failure_plan_pin),
        cmocka_unit_test(test_alloc_failure_plan_compare),
        cmocka_unit_test(test_alloc_failure_comparison_write),
    };
    return cmocka_run_group_tests_name("alloc_failure", tests, setup_group, teardown_group);
}
