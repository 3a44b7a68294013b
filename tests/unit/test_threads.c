/* aksnet-test: thread */
/*
 * Thread safety (c-library-style P8, P9; docs/threading.md). Run under ThreadSanitizer by the
 * "tsan" preset (ctest -L thread), where any data race fails the run.
 *
 * 1. Separate handles on separate threads at once: every thread loads, builds, allocates
 *    (every strategy), compares and serialises its own plans, and every output must equal
 *    the output made beforehand on one thread. Each thread's plans use that thread's own
 *    allocator, which must only ever be called from that thread (no process-wide allocator,
 *    no handle shared behind the caller's back).
 * 2. One result and one comparison shared by several threads: every getter,
 *    aksnet_result_write in every format, aksnet_comparison_get/result/write, and
 *    aksnet_plan_pin of a thread's own plan to the shared result, at once. The
 *    shared handles' allocator (used for the writers' temporary buffers) is thread-safe, as
 *    docs/threading.md requires of an allocator behind a shared result.
 * 3. The functions documented as always safe (aksnet_strerror, the version functions, the
 *    rule catalogue, the name functions, prefix arithmetic, aksnet_size, aksnet_capacity)
 *    from several threads at once.
 *
 * Worker threads never call cmocka (it is not thread-safe): they count failures and keep the
 * first message; the main thread asserts after joining them.
 */
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <aksnet.h>

#define NTHREADS 4
/* Rounds per thread. Small by default: the memcheck run executes this test under valgrind,
 * which serialises threads, and ThreadSanitizer needs overlap, not repetition. Set
 * AKSNET_THREAD_ROUNDS=N for a longer stress run. */
#define ROUNDS_SEPARATE_DEFAULT 2
#define ROUNDS_SHARED_DEFAULT 3
static size_t rounds_separate = ROUNDS_SEPARATE_DEFAULT, rounds_shared = ROUNDS_SHARED_DEFAULT;
#define AS_OF 20260315
#define MAX_DOCS 48

/* ---- per-thread failure record -------------------------------------------------------- */

typedef struct report {
    unsigned long checks;
    unsigned long failures;
    char first[512];
} report;

#if defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

static void report_fail(report *r, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void report_fail(report *r, const char *fmt, ...)
{
    va_list ap;
    if (r->failures++ == 0) {
        va_start(ap, fmt);
        vsnprintf(r->first, sizeof(r->first), fmt, ap);
        va_end(ap);
    }
}

#define CHECK(rep, cond, ...)                                                                \
    do {                                                                                     \
        (rep)->checks++;                                                                     \
        if (!(cond))                                                                         \
            report_fail((rep), __VA_ARGS__);                                                 \
    } while (0)

/* ---- allocators ------------------------------------------------------------------------ */

/* A per-thread allocator: counts blocks, and remembers calls from any other thread. */
typedef struct owned_alloc {
    pthread_t owner;
    long live;
    unsigned long calls;
    unsigned long foreign_calls;
} owned_alloc;

static void owned_note(owned_alloc *a)
{
    a->calls++;
    if (!pthread_equal(pthread_self(), a->owner))
        a->foreign_calls++; /* a race in itself: TSan reports it too */
}

static void *owned_malloc(size_t size, void *payload)
{
    owned_alloc *a = payload;
    void *p;
    owned_note(a);
    p = malloc(size);
    if (p)
        a->live++;
    return p;
}

static void *owned_realloc(void *ptr, size_t size, void *payload)
{
    owned_alloc *a = payload;
    void *p;
    owned_note(a);
    p = realloc(ptr, size);
    if (p && !ptr)
        a->live++;
    return p;
}

static void owned_free(void *ptr, void *payload)
{
    owned_alloc *a = payload;
    if (ptr == NULL)
        return;
    owned_note(a);
    a->live--;
    free(ptr);
}

/* A thread-safe allocator for handles shared between threads. */
typedef struct shared_alloc {
    atomic_long live;
    atomic_ulong calls;
} shared_alloc;

static void *shared_malloc(size_t size, void *payload)
{
    shared_alloc *a = payload;
    void *p = malloc(size);
    atomic_fetch_add(&a->calls, 1);
    if (p)
        atomic_fetch_add(&a->live, 1);
    return p;
}

static void *shared_realloc(void *ptr, size_t size, void *payload)
{
    shared_alloc *a = payload;
    void *p = realloc(ptr, size);
    atomic_fetch_add(&a->calls, 1);
    if (p && !ptr)
        atomic_fetch_add(&a->live, 1);
    return p;
}

static void shared_free(void *ptr, void *payload)
{
    shared_alloc *a = payload;
    if (ptr == NULL)
        return;
    atomic_fetch_sub(&a->live, 1);
    free(ptr);
}

/* ---- documents and their single-threaded reference outputs ---------------------------- */

static const int strategies[] = {AKSNET_STRATEGY_DEFAULT, AKSNET_STRATEGY_COMPACT,
                                 AKSNET_STRATEGY_ORDERED, AKSNET_STRATEGY_TERRAFORM};
#define NSTRATEGIES 4
static const int extra_formats[] = {AKSNET_FORMAT_TEXT, AKSNET_FORMAT_TFVARS, AKSNET_FORMAT_SVG};
#define NEXTRA 3

typedef struct doc {
    char name[160];
    char *text;
    size_t len;
    /* references */
    char *plan_json;
    char *result_json[NSTRATEGIES];
    char *result_extra[NEXTRA]; /* default strategy */
    char *getters;              /* default strategy */
    char *cmp_json, *cmp_text;
    char *pinned_json; /* the plan pinned to its default-strategy result */
} doc;

static doc docs[MAX_DOCS];
static size_t ndocs;
static char *built_plan_json;   /* reference of build_plan() */
static char *built_result_json; /* ... allocated with the default strategy */

static const char *const inline_docs[] = {
    "{\"schema_version\": 1, \"name\": \"kubenet and requests\",\n"
    " \"vnet\": {\"address_space\": [\"10.10.0.0/16\"],\n"
    "  \"subnets\": [{\"name\": \"snet-db\", \"cidr\": \"10.10.0.0/24\"}],\n"
    "  \"reserved\": [\"10.10.250.0/24\"]},\n"
    " \"avoid\": [\"10.0.0.0/16\"],\n"
    " \"subnet_requests\": [{\"name\": \"AzureBastionSubnet\", \"prefix_length\": 26},\n"
    "   {\"name\": \"snet-pe\", \"ips\": 40}],\n"
    " \"clusters\": [{\"name\": \"aks-k\", \"network_plugin\": \"kubenet\",\n"
    "   \"node_pools\": [{\"name\": \"system\", \"count\": 3},\n"
    "     {\"name\": \"user\", \"mode\": \"User\", \"min_count\": 1, \"max_count\": 50}]}]}\n",
    "{\"schema_version\": 1, \"name\": \"pod subnets\",\n"
    " \"vnet\": {\"address_space\": [\"10.30.0.0/16\"]},\n"
    " \"clusters\": [{\"name\": \"aks-p\", \"network_plugin\": \"azure\",\n"
    "   \"node_pools\": [{\"name\": \"system\", \"count\": 3, \"pod_subnet\": \"snet-pods\"},\n"
    "     {\"name\": \"batch\", \"mode\": \"User\", \"count\": 10, \"max_pods\": 60,\n"
    "      \"pod_subnet\": \"snet-static\", \"pod_ip_allocation_mode\": \"StaticBlock\"}]}]}\n",
    "{\"schema_version\": 1, \"name\": \"does not fit\",\n"
    " \"vnet\": {\"address_space\": [\"10.99.0.0/26\"]},\n"
    " \"clusters\": [{\"name\": \"aks-x\", \"network_plugin\": \"azure\",\n"
    "   \"node_pools\": [{\"name\": \"system\", \"count\": 50, \"max_pods\": 250}]}]}\n",
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

/* Serialise with the two-call contract into a malloc'd string; NULL on failure. */
enum what { W_RESULT, W_PLAN, W_COMPARISON };

static char *write_string(enum what w, const void *obj, int format)
{
    size_t needed = 0;
    char *buf;
    aksnet_status st;
    switch (w) {
    case W_RESULT:
        st = aksnet_result_write(NULL, 0, &needed, obj, format);
        break;
    case W_COMPARISON:
        st = aksnet_comparison_write(NULL, 0, &needed, obj, format);
        break;
    default:
        st = aksnet_plan_to_json(NULL, 0, &needed, (aksnet_plan *)(uintptr_t)obj);
    }
    if (st != AKSNET_EBUFS || needed == 0)
        return NULL;
    buf = malloc(needed);
    if (buf == NULL)
        return NULL;
    switch (w) {
    case W_RESULT:
        st = aksnet_result_write(buf, needed, NULL, obj, format);
        break;
    case W_COMPARISON:
        st = aksnet_comparison_write(buf, needed, NULL, obj, format);
        break;
    default:
        st = aksnet_plan_to_json(buf, needed, NULL, (aksnet_plan *)(uintptr_t)obj);
    }
    if (st != AKSNET_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* A growable text built with the test's malloc (for getter dumps). */
typedef struct text {
    char *s;
    size_t len, cap;
    int failed;
} text;

static void tprintf(text *t, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void tprintf(text *t, const char *fmt, ...)
{
    va_list ap;
    int n;
    for (;;) {
        size_t room = t->cap - t->len;
        va_start(ap, fmt);
        n = vsnprintf(t->s ? t->s + t->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = 1;
            return;
        }
        if ((size_t)n < room) {
            t->len += (size_t)n;
            return;
        }
        {
            size_t ncap = (t->cap ? t->cap * 2 : 1024) + (size_t)n;
            char *ns = realloc(t->s, ncap);
            if (ns == NULL) {
                t->failed = 1;
                return;
            }
            t->s = ns;
            t->cap = ncap;
        }
    }
}

static void tprefix(text *t, const aksnet_prefix *p)
{
    char b[AKSNET_PREFIX_STRLEN];
    if (p->family == 0 || aksnet_prefix_format(b, sizeof(b), NULL, p) != AKSNET_OK)
        b[0] = '\0';
    tprintf(t, "[%s]", b);
}

/* Every getter of a result (and the strings they borrow), as text. */
static char *dump_getters(const aksnet_result *r)
{
    text t = {NULL, 0, 0, 0};
    size_t i, j, n;
    tprintf(&t, "fits=%d strategy=%d\n", aksnet_result_fits(r), aksnet_result_strategy(r));
    n = aksnet_result_subnet_count(r);
    for (i = 0; i < n; i++) {
        aksnet_subnet_info s;
        memset(&s, 0, sizeof(s));
        s.size = sizeof(s);
        if (aksnet_result_subnet(&s, r, i) != AKSNET_OK) {
            tprintf(&t, "subnet %zu: error\n", i);
            continue;
        }
        tprintf(&t, "subnet %s ", s.name);
        tprefix(&t, &s.cidr);
        tprefix(&t, &s.cidr_ipv6);
        tprintf(&t, " %s %s %zu %llu %llu %u %u", aksnet_purpose_name(s.purpose), s.cluster,
                s.node_pool_count, (unsigned long long)s.ips_required,
                (unsigned long long)s.usable_ips, s.existing, s.placed);
        for (j = 0; j < s.node_pool_count; j++)
            tprintf(&t, " %s", s.node_pools[j]);
        tprintf(&t, "\n");
    }
    n = aksnet_result_cluster_count(r);
    for (i = 0; i < n; i++) {
        aksnet_cluster_info c;
        char dns[AKSNET_ADDRESS_STRLEN];
        memset(&c, 0, sizeof(c));
        c.size = sizeof(c);
        if (aksnet_result_cluster(&c, r, i) != AKSNET_OK) {
            tprintf(&t, "cluster %zu: error\n", i);
            continue;
        }
        if (c.dns_service_ip.family == 0 ||
            aksnet_address_format(dns, sizeof(dns), NULL, &c.dns_service_ip) != AKSNET_OK)
            dns[0] = '\0';
        tprintf(&t, "cluster %s %d %d %d %d %s %u ", c.name, c.network_plugin,
                c.network_plugin_mode, c.network_dataplane, c.network_policy,
                aksnet_mode_name(c.mode), c.dual_stack);
        tprefix(&t, &c.pod_cidr);
        tprefix(&t, &c.pod_cidr_ipv6);
        tprefix(&t, &c.service_cidr);
        tprefix(&t, &c.service_cidr_ipv6);
        tprintf(&t, " %s %u %zu\n", dns, c.nodes, c.pool_count);
        for (j = 0; j < c.pool_count; j++) {
            aksnet_pool_info p;
            memset(&p, 0, sizeof(p));
            p.size = sizeof(p);
            if (aksnet_result_pool(&p, r, i, j) != AKSNET_OK) {
                tprintf(&t, "  pool %zu: error\n", j);
                continue;
            }
            tprintf(&t, "  pool %s %d %d %d %u %u %u %s %s %llu %llu\n", p.name, p.mode,
                    p.pool_mode, p.os_type, p.nodes, p.surge_nodes, p.max_pods, p.subnet,
                    p.pod_subnet, (unsigned long long)p.node_subnet_ips,
                    (unsigned long long)p.pod_ips);
        }
    }
    n = aksnet_result_free_count(r);
    for (i = 0; i < n; i++) {
        aksnet_prefix p;
        if (aksnet_result_free_prefix(&p, r, i) == AKSNET_OK)
            tprefix(&t, &p);
    }
    tprintf(&t, "\n");
    n = aksnet_result_diagnostic_count(r);
    for (i = 0; i < n; i++) {
        aksnet_diagnostic d;
        memset(&d, 0, sizeof(d));
        d.size = sizeof(d);
        if (aksnet_result_diagnostic(&d, r, i) != AKSNET_OK) {
            tprintf(&t, "diag %zu: error\n", i);
            continue;
        }
        tprintf(&t, "diag %s %s %s %s %s\n", aksnet_severity_name(d.severity), d.code, d.path,
                d.message, d.source);
    }
    /* out-of-range indexes are errors, not crashes */
    {
        aksnet_subnet_info s;
        s.size = sizeof(s);
        tprintf(&t, "oob %d\n", aksnet_result_subnet(&s, r, (size_t)-1));
    }
    if (t.failed) {
        free(t.s);
        return NULL;
    }
    return t.s;
}

static aksnet_allocate_options alloc_opts(int strategy)
{
    aksnet_allocate_options o;
    aksnet_allocate_options_init(&o);
    o.strategy = strategy;
    o.as_of = AS_OF;
    return o;
}

static aksnet_prefix pfx(const char *s)
{
    aksnet_prefix p;
    memset(&p, 0, sizeof(p));
    aksnet_prefix_parse(&p, s, strlen(s), 0, NULL);
    return p;
}

/* A plan built with the builders (no JSON). Returns NULL on any failure. */
static aksnet_plan *build_plan(const aksnet_plan_options *po)
{
    aksnet_plan *plan = NULL;
    aksnet_request_options rq;
    aksnet_cluster_options co;
    aksnet_pool_options pl;
    aksnet_prefix s1 = pfx("10.80.0.0/16"), e1 = pfx("10.80.0.0/24"), av = pfx("10.0.0.0/16");
    size_t ci = 0;
    if (aksnet_plan_new(&plan, po) != AKSNET_OK)
        return NULL;
    aksnet_request_options_init(&rq);
    rq.name = "AzureFirewallSubnet";
    rq.kind = AKSNET_REQUEST_PREFIX_LENGTH;
    rq.prefix_length = 26;
    aksnet_cluster_options_init(&co);
    co.name = "aks-built";
    co.network_plugin = AKSNET_PLUGIN_AZURE;
    co.network_plugin_mode = AKSNET_PLUGIN_MODE_OVERLAY;
    co.growth = 1.25;
    aksnet_pool_options_init(&pl);
    pl.name = "system";
    pl.count = 3;
    pl.subnet = "snet-existing";
    if (aksnet_plan_set_name(plan, "built on a thread") != AKSNET_OK ||
        aksnet_plan_add_address_space(plan, &s1) != AKSNET_OK ||
        aksnet_plan_add_subnet(plan, "snet-existing", &e1, NULL) != AKSNET_OK ||
        aksnet_plan_add_avoid(plan, &av) != AKSNET_OK ||
        aksnet_plan_add_request(plan, &rq) != AKSNET_OK ||
        aksnet_plan_add_cluster(&ci, plan, &co) != AKSNET_OK ||
        aksnet_plan_add_pool(plan, ci, &pl) != AKSNET_OK) {
        aksnet_plan_free(plan);
        return NULL;
    }
    aksnet_pool_options_init(&pl);
    pl.name = "apps";
    pl.mode = AKSNET_POOL_MODE_USER;
    pl.autoscale = 1;
    pl.min_count = 1;
    pl.max_count = 30;
    if (aksnet_plan_add_pool(plan, ci, &pl) != AKSNET_OK) {
        aksnet_plan_free(plan);
        return NULL;
    }
    return plan;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A fresh copy of the document's plan pinned to `previous` (which may be shared), as JSON. */
static char *pin_copy(const doc *d, const aksnet_result *previous, const aksnet_plan_options *po)
{
    aksnet_plan *plan = NULL;
    char *json = NULL;
    if (aksnet_plan_from_json(&plan, d->text, d->len, po, NULL) != AKSNET_OK)
        return NULL;
    if (aksnet_plan_pin(plan, previous, NULL) == AKSNET_OK)
        json = write_string(W_PLAN, plan, 0);
    aksnet_plan_free(plan);
    return json;
}

/* References for one document, on the calling (main) thread, default allocator. */
static int make_references(doc *d)
{
    aksnet_plan *plan = NULL;
    aksnet_comparison *c = NULL;
    aksnet_allocate_options o;
    size_t s, f;
    if (aksnet_plan_from_json(&plan, d->text, d->len, NULL, NULL) != AKSNET_OK)
        return -1;
    d->plan_json = write_string(W_PLAN, plan, 0);
    for (s = 0; s < NSTRATEGIES; s++) {
        aksnet_result *r = NULL;
        o = alloc_opts(strategies[s]);
        if (aksnet_plan_allocate(&r, plan, &o) != AKSNET_OK)
            return -1;
        d->result_json[s] = write_string(W_RESULT, r, AKSNET_FORMAT_JSON);
        if (s == 0) {
            for (f = 0; f < NEXTRA; f++)
                d->result_extra[f] = write_string(W_RESULT, r, extra_formats[f]);
            d->getters = dump_getters(r);
            d->pinned_json = pin_copy(d, r, NULL);
        }
        aksnet_result_free(r);
    }
    o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
    if (aksnet_plan_compare(&c, plan, &o) != AKSNET_OK)
        return -1;
    d->cmp_json = write_string(W_COMPARISON, c, AKSNET_FORMAT_JSON);
    d->cmp_text = write_string(W_COMPARISON, c, AKSNET_FORMAT_TEXT);
    aksnet_comparison_free(c);
    aksnet_plan_free(plan);
    if (!d->plan_json || !d->cmp_json || !d->cmp_text || !d->getters || !d->pinned_json)
        return -1;
    for (s = 0; s < NSTRATEGIES; s++)
        if (!d->result_json[s])
            return -1;
    for (f = 0; f < NEXTRA; f++)
        if (!d->result_extra[f])
            return -1;
    return 0;
}

static int setup(void **state)
{
    DIR *dir;
    struct dirent *e;
    char *names[MAX_DOCS];
    size_t n = 0, i;
    aksnet_plan *plan;
    aksnet_result *r = NULL;
    aksnet_allocate_options o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
    (void)state;
    if (getenv("AKSNET_THREAD_ROUNDS") != NULL) {
        long rounds = strtol(getenv("AKSNET_THREAD_ROUNDS"), NULL, 10);
        if (rounds > 0 && rounds < 100000)
            rounds_separate = rounds_shared = (size_t)rounds;
    }
    dir = opendir(AKSNET_EXAMPLES);
    if (dir == NULL)
        return -1;
    while ((e = readdir(dir)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0 && n < MAX_DOCS / 2) {
            names[n] = malloc(l + 1);
            if (names[n] == NULL)
                break;
            memcpy(names[n++], e->d_name, l + 1);
        }
    }
    closedir(dir);
    qsort(names, n, sizeof(names[0]), cmp_names);
    for (i = 0; i < n; i++) {
        char path[1024];
        doc *d = &docs[ndocs++];
        snprintf(path, sizeof(path), "%s/%s", AKSNET_EXAMPLES, names[i]);
        snprintf(d->name, sizeof(d->name), "%s", names[i]);
        d->text = read_file(path, &d->len);
        free(names[i]);
        if (d->text == NULL)
            return -1;
    }
    if (ndocs == 0)
        return -1;
    for (i = 0; i < sizeof(inline_docs) / sizeof(inline_docs[0]); i++) {
        doc *d = &docs[ndocs++];
        snprintf(d->name, sizeof(d->name), "inline document %zu", i);
        d->len = strlen(inline_docs[i]);
        d->text = malloc(d->len + 1);
        if (d->text == NULL)
            return -1;
        memcpy(d->text, inline_docs[i], d->len + 1);
    }
    for (i = 0; i < ndocs; i++)
        if (make_references(&docs[i]) != 0) {
            fprintf(stderr, "cannot make the references of %s\n", docs[i].name);
            return -1;
        }
    plan = build_plan(NULL);
    if (plan == NULL)
        return -1;
    built_plan_json = write_string(W_PLAN, plan, 0);
    if (aksnet_plan_allocate(&r, plan, &o) != AKSNET_OK)
        return -1;
    built_result_json = write_string(W_RESULT, r, AKSNET_FORMAT_JSON);
    aksnet_result_free(r);
    aksnet_plan_free(plan);
    return built_plan_json && built_result_json ? 0 : -1;
}

static int teardown(void **state)
{
    size_t i, s;
    (void)state;
    for (i = 0; i < ndocs; i++) {
        doc *d = &docs[i];
        free(d->text);
        free(d->plan_json);
        for (s = 0; s < NSTRATEGIES; s++)
            free(d->result_json[s]);
        for (s = 0; s < NEXTRA; s++)
            free(d->result_extra[s]);
        free(d->getters);
        free(d->cmp_json);
        free(d->cmp_text);
        free(d->pinned_json);
    }
    ndocs = 0;
    free(built_plan_json);
    free(built_result_json);
    return 0;
}

/* Compare a produced string with a reference; frees `got`. */
static void expect_text(report *rep, char *got, const char *want, const char *what,
                        const char *docname)
{
    CHECK(rep, got != NULL && strcmp(got, want) == 0, "%s of %s differs from the reference%s",
          what, docname, got == NULL ? " (the call failed)" : "");
    free(got);
}

/* ---- 1. separate handles on separate threads ------------------------------------------ */

typedef struct worker {
    pthread_t tid;
    size_t index;
    pthread_barrier_t *start;
    int custom_alloc; /* use this thread's own allocator (else the default) */
    owned_alloc alloc;
    report rep;
} worker;

static void one_document(worker *w, const doc *d, const aksnet_plan_options *po)
{
    report *rep = &w->rep;
    aksnet_plan *plan = NULL;
    aksnet_comparison *c = NULL;
    aksnet_allocate_options o;
    aksnet_error err;
    size_t s, f;
    aksnet_status st;
    aksnet_error_init(&err);
    st = aksnet_plan_from_json(&plan, d->text, d->len, po, &err);
    CHECK(rep, st == AKSNET_OK, "loading %s: %d %s", d->name, st, err.message);
    if (st != AKSNET_OK)
        return;
    expect_text(rep, write_string(W_PLAN, plan, 0), d->plan_json, "plan_to_json", d->name);
    for (s = 0; s < NSTRATEGIES; s++) {
        aksnet_result *r = NULL;
        o = alloc_opts(strategies[s]);
        st = aksnet_plan_allocate(&r, plan, &o);
        CHECK(rep, st == AKSNET_OK, "allocating %s: %d", d->name, st);
        if (st != AKSNET_OK)
            continue;
        expect_text(rep, write_string(W_RESULT, r, AKSNET_FORMAT_JSON), d->result_json[s],
                    "result JSON", d->name);
        if (s == 0) {
            for (f = 0; f < NEXTRA; f++)
                expect_text(rep, write_string(W_RESULT, r, extra_formats[f]),
                            d->result_extra[f], "result text/tfvars/svg", d->name);
            expect_text(rep, dump_getters(r), d->getters, "result getters", d->name);
        }
        aksnet_result_free(r);
    }
    CHECK(rep, aksnet_plan_last_error(plan)->code == AKSNET_OK, "last error of %s", d->name);
    o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
    st = aksnet_plan_compare(&c, plan, &o);
    CHECK(rep, st == AKSNET_OK, "comparing %s: %d", d->name, st);
    if (w->index % 2)
        aksnet_plan_free(plan); /* the comparison outlives its plan */
    if (st == AKSNET_OK) {
        expect_text(rep, write_string(W_COMPARISON, c, AKSNET_FORMAT_JSON), d->cmp_json,
                    "comparison JSON", d->name);
        expect_text(rep, write_string(W_COMPARISON, c, AKSNET_FORMAT_TEXT), d->cmp_text,
                    "comparison text", d->name);
    }
    aksnet_comparison_free(c);
    if (w->index % 2 == 0)
        aksnet_plan_free(plan);
}

static void *separate_worker(void *arg)
{
    worker *w = arg;
    aksnet_allocator al;
    aksnet_plan_options po;
    size_t round, k;
    w->alloc.owner = pthread_self();
    al.malloc_fn = owned_malloc;
    al.realloc_fn = owned_realloc;
    al.free_fn = owned_free;
    al.payload = &w->alloc;
    aksnet_plan_options_init(&po);
    if (w->custom_alloc)
        po.allocator = &al;
    pthread_barrier_wait(w->start);
    for (round = 0; round < rounds_separate; round++) {
        /* each thread walks the documents from a different starting point */
        for (k = 0; k < ndocs; k++)
            one_document(w, &docs[(k + w->index * 3 + round) % ndocs], &po);
        {
            aksnet_plan *plan = build_plan(&po);
            aksnet_result *r = NULL;
            aksnet_allocate_options o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
            CHECK(&w->rep, plan != NULL, "build_plan failed");
            if (plan != NULL) {
                expect_text(&w->rep, write_string(W_PLAN, plan, 0), built_plan_json,
                            "plan_to_json", "the built plan");
                CHECK(&w->rep, aksnet_plan_allocate(&r, plan, &o) == AKSNET_OK,
                      "allocating the built plan");
                aksnet_plan_free(plan);
                if (r != NULL)
                    expect_text(&w->rep, write_string(W_RESULT, r, AKSNET_FORMAT_JSON),
                                built_result_json, "result JSON", "the built plan");
                aksnet_result_free(r);
            }
        }
    }
    return NULL;
}

static void test_threads_separate_handles(void **state)
{
    worker w[NTHREADS];
    pthread_barrier_t start;
    size_t i;
    unsigned long checks = 0;
    (void)state;
    assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
    memset(w, 0, sizeof(w));
    for (i = 0; i < NTHREADS; i++) {
        w[i].index = i;
        w[i].start = &start;
        w[i].custom_alloc = i != 0; /* thread 0 uses the default allocator */
        assert_int_equal(pthread_create(&w[i].tid, NULL, separate_worker, &w[i]), 0);
    }
    for (i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_join(w[i].tid, NULL), 0);
    pthread_barrier_destroy(&start);
    for (i = 0; i < NTHREADS; i++) {
        if (w[i].rep.failures)
            fail_msg("thread %zu: %lu of %lu checks failed; first: %s", i, w[i].rep.failures,
                     w[i].rep.checks, w[i].rep.first);
        checks += w[i].rep.checks;
        /* each thread's allocator saw only its own thread, and got everything back */
        assert_int_equal(w[i].alloc.foreign_calls, 0);
        assert_int_equal(w[i].alloc.live, 0);
        if (w[i].custom_alloc)
            assert_true(w[i].alloc.calls > 0);
        else
            assert_int_equal(w[i].alloc.calls, 0);
    }
    print_message("  %d threads, %lu output comparisons, all equal to the references\n",
                  NTHREADS, checks);
}

/* ---- 2. one result and one comparison read by several threads ------------------------ */

typedef struct reader {
    pthread_t tid;
    pthread_barrier_t *start;
    const aksnet_result *result;
    const aksnet_comparison *cmp;
    const doc *d;
    report rep;
} reader;

static void *shared_reader(void *arg)
{
    reader *rd = arg;
    report *rep = &rd->rep;
    size_t round, f, i, n;
    pthread_barrier_wait(rd->start);
    for (round = 0; round < rounds_shared; round++) {
        expect_text(rep, write_string(W_RESULT, rd->result, AKSNET_FORMAT_JSON),
                    rd->d->result_json[0], "shared result JSON", rd->d->name);
        for (f = 0; f < NEXTRA; f++)
            expect_text(rep, write_string(W_RESULT, rd->result, extra_formats[f]),
                        rd->d->result_extra[f], "shared result text/tfvars/svg", rd->d->name);
        expect_text(rep, dump_getters(rd->result), rd->d->getters, "shared result getters",
                    rd->d->name);
        /* aksnet_plan_pin reads a shared result into this thread's own plan */
        expect_text(rep, pin_copy(rd->d, rd->result, NULL), rd->d->pinned_json,
                    "plan pinned to the shared result", rd->d->name);
        expect_text(rep, write_string(W_COMPARISON, rd->cmp, AKSNET_FORMAT_JSON),
                    rd->d->cmp_json, "shared comparison JSON", rd->d->name);
        expect_text(rep, write_string(W_COMPARISON, rd->cmp, AKSNET_FORMAT_TEXT),
                    rd->d->cmp_text, "shared comparison text", rd->d->name);
        n = aksnet_comparison_count(rd->cmp);
        CHECK(rep, n > 0, "empty comparison");
        for (i = 0; i < n; i++) {
            aksnet_mode_summary m;
            const aksnet_result *r;
            memset(&m, 0, sizeof(m));
            m.size = sizeof(m);
            CHECK(rep, aksnet_comparison_get(&m, rd->cmp, i) == AKSNET_OK, "comparison_get");
            CHECK(rep, m.label != NULL && m.label[0] != '\0', "comparison row label");
            r = aksnet_comparison_result(rd->cmp, i);
            CHECK(rep, r != NULL, "comparison_result");
            if (r != NULL) {
                char *g = dump_getters(r);
                CHECK(rep, g != NULL, "getters of a comparison row");
                free(g);
                CHECK(rep, aksnet_result_fits(r) == (int)(m.fits != 0), "row fits");
            }
        }
    }
    return NULL;
}

static void test_threads_shared_result(void **state)
{
    reader rd[NTHREADS];
    pthread_barrier_t start;
    shared_alloc sa;
    aksnet_allocator al;
    aksnet_plan_options po;
    aksnet_plan *plan = NULL;
    aksnet_result *result = NULL;
    aksnet_comparison *cmp = NULL;
    aksnet_allocate_options o = alloc_opts(AKSNET_STRATEGY_DEFAULT);
    size_t i, k;
    long live_before;
    unsigned long calls_before;
    (void)state;
    /* the documents with the most diagnostics and subnets make the best shared results */
    for (k = 0; k < ndocs; k++) {
        const doc *d = &docs[k];
        atomic_init(&sa.live, 0);
        atomic_init(&sa.calls, 0);
        al.malloc_fn = shared_malloc;
        al.realloc_fn = shared_realloc;
        al.free_fn = shared_free;
        al.payload = &sa;
        aksnet_plan_options_init(&po);
        po.allocator = &al;
        assert_int_equal(aksnet_plan_from_json(&plan, d->text, d->len, &po, NULL), AKSNET_OK);
        assert_int_equal(aksnet_plan_allocate(&result, plan, &o), AKSNET_OK);
        assert_int_equal(aksnet_plan_compare(&cmp, plan, &o), AKSNET_OK);
        aksnet_plan_free(plan);
        live_before = atomic_load(&sa.live);
        calls_before = atomic_load(&sa.calls);
        assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
        memset(rd, 0, sizeof(rd));
        for (i = 0; i < NTHREADS; i++) {
            rd[i].start = &start;
            rd[i].result = result;
            rd[i].cmp = cmp;
            rd[i].d = d;
            assert_int_equal(pthread_create(&rd[i].tid, NULL, shared_reader, &rd[i]), 0);
        }
        for (i = 0; i < NTHREADS; i++)
            assert_int_equal(pthread_join(rd[i].tid, NULL), 0);
        pthread_barrier_destroy(&start);
        for (i = 0; i < NTHREADS; i++)
            if (rd[i].rep.failures)
                fail_msg("%s: reader %zu: %lu of %lu checks failed; first: %s", d->name, i,
                         rd[i].rep.failures, rd[i].rep.checks, rd[i].rep.first);
        /* the writers allocated through the shared handles' allocator, from several
         * threads, and gave every temporary block back */
        assert_true(atomic_load(&sa.calls) > calls_before);
        assert_int_equal(atomic_load(&sa.live), live_before);
        aksnet_comparison_free(cmp);
        aksnet_result_free(result);
        assert_int_equal(atomic_load(&sa.live), 0);
        cmp = NULL;
        result = NULL;
    }
}

/* ---- 3. the always-safe functions ---------------------------------------------------- */

typedef struct pure_ref {
    const char *strerror[16];
    size_t nrules;
    aksnet_size_result size;
    aksnet_capacity_result cap;
} pure_ref;

typedef struct pure_worker {
    pthread_t tid;
    pthread_barrier_t *start;
    const pure_ref *ref;
    report rep;
} pure_worker;

static void size_and_capacity(aksnet_size_result *sr, aksnet_capacity_result *cr,
                              aksnet_status *st1, aksnet_status *st2)
{
    aksnet_size_options so;
    aksnet_capacity_options co;
    aksnet_size_options_init(&so);
    so.mode = AKSNET_MODE_AZURE_POD_SUBNET;
    so.nodes = 40;
    so.max_pods = 60;
    so.max_surge_kind = AKSNET_SURGE_PERCENT;
    so.max_surge = 33;
    so.expected_pods = 25;
    memset(sr, 0, sizeof(*sr));
    sr->size = sizeof(*sr);
    *st1 = aksnet_size(sr, &so, NULL);
    aksnet_capacity_options_init(&co);
    co.mode = AKSNET_MODE_AZURE_NODE_SUBNET;
    co.node_subnet = pfx("10.1.0.0/22");
    co.max_pods = 30;
    memset(cr, 0, sizeof(*cr));
    cr->size = sizeof(*cr);
    *st2 = aksnet_capacity(cr, &co, NULL);
}

static void *pure_thread(void *arg)
{
    pure_worker *pw = arg;
    report *rep = &pw->rep;
    int round, code;
    size_t i;
    pthread_barrier_wait(pw->start);
    for (round = 0; round < 200; round++) {
        for (code = -15; code <= 0; code++)
            CHECK(rep, strcmp(aksnet_strerror(code), pw->ref->strerror[-code]) == 0,
                  "strerror(%d)", code);
        CHECK(rep, strcmp(aksnet_version_string(), AKSNET_VERSION_STRING) == 0, "version");
        CHECK(rep, aksnet_version_number() == AKSNET_VERSION_NUMBER, "version number");
        CHECK(rep, aksnet_rule_count() == pw->ref->nrules, "rule count");
        for (i = 0; i < pw->ref->nrules; i++) {
            aksnet_rule_info ri;
            memset(&ri, 0, sizeof(ri));
            ri.size = sizeof(ri);
            CHECK(rep, aksnet_rule_get(&ri, i) == AKSNET_OK && ri.code && ri.summary,
                  "rule %zu", i);
        }
        {
            int m = 0, s = 0;
            CHECK(rep, aksnet_mode_from_name(&m, aksnet_mode_name(AKSNET_MODE_AZURE_OVERLAY)) ==
                           AKSNET_OK && m == AKSNET_MODE_AZURE_OVERLAY,
                  "mode names");
            CHECK(rep, aksnet_strategy_from_name(&s, "terraform") == AKSNET_OK &&
                           s == AKSNET_STRATEGY_TERRAFORM,
                  "strategy names");
            CHECK(rep, strcmp(aksnet_limit_name(AKSNET_LIMIT_POD_CIDR), "pod_cidr") == 0,
                  "limit names");
            CHECK(rep, aksnet_severity_name(AKSNET_SEVERITY_ERROR) != NULL &&
                           aksnet_purpose_name(AKSNET_PURPOSE_PODS) != NULL &&
                           aksnet_migration_name(AKSNET_MIGRATION_IN_PLACE) != NULL,
                  "names");
        }
        {
            aksnet_prefix p, q;
            char buf[AKSNET_PREFIX_STRLEN];
            aksnet_error err;
            aksnet_error_init(&err);
            CHECK(rep, aksnet_prefix_parse(&p, "10.0.0.1/24", 11, 0, &err) == AKSNET_EPARSE &&
                           strcmp(err.suggestion, "10.0.0.0/24") == 0,
                  "prefix parse error");
            CHECK(rep, aksnet_prefix_parse(&p, "fd00:1::/64", 11, 0, NULL) == AKSNET_OK &&
                           aksnet_prefix_format(buf, sizeof(buf), NULL, &p) == AKSNET_OK &&
                           strcmp(buf, "fd00:1::/64") == 0,
                  "prefix round trip");
            CHECK(rep, aksnet_prefix_subnet(&q, &p, 80, 3) == AKSNET_OK &&
                           aksnet_prefix_contains(&p, &q),
                  "prefix subnet");
        }
        {
            aksnet_size_result sr;
            aksnet_capacity_result cr;
            aksnet_status s1, s2;
            size_and_capacity(&sr, &cr, &s1, &s2);
            CHECK(rep, s1 == AKSNET_OK && memcmp(&sr, &pw->ref->size, sizeof(sr)) == 0,
                  "aksnet_size");
            CHECK(rep, s2 == AKSNET_OK && memcmp(&cr, &pw->ref->cap, sizeof(cr)) == 0,
                  "aksnet_capacity");
        }
    }
    return NULL;
}

static void test_threads_always_safe_functions(void **state)
{
    pure_ref ref;
    pure_worker pw[NTHREADS];
    pthread_barrier_t start;
    aksnet_status s1, s2;
    int code;
    size_t i;
    (void)state;
    memset(&ref, 0, sizeof(ref));
    for (code = -15; code <= 0; code++)
        ref.strerror[-code] = aksnet_strerror(code);
    ref.nrules = aksnet_rule_count();
    assert_true(ref.nrules > 0);
    size_and_capacity(&ref.size, &ref.cap, &s1, &s2);
    assert_int_equal(s1, AKSNET_OK);
    assert_int_equal(s2, AKSNET_OK);
    assert_int_equal(pthread_barrier_init(&start, NULL, NTHREADS), 0);
    memset(pw, 0, sizeof(pw));
    for (i = 0; i < NTHREADS; i++) {
        pw[i].start = &start;
        pw[i].ref = &ref;
        assert_int_equal(pthread_create(&pw[i].tid, NULL, pure_thread, &pw[i]), 0);
    }
    for (i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_join(pw[i].tid, NULL), 0);
    pthread_barrier_destroy(&start);
    for (i = 0; i < NTHREADS; i++)
        if (pw[i].rep.failures)
            fail_msg("thread %zu: %lu of %lu checks failed; first: %s", i, pw[i].rep.failures,
                     pw[i].rep.checks, pw[i].rep.first);
}

/* The comparisons above can fail: a reference that does not match is reported. */
static void test_threads_mismatch_is_detected(void **state)
{
    report rep;
    char *copy;
    (void)state;
    memset(&rep, 0, sizeof(rep));
    copy = malloc(strlen(docs[0].result_json[0]) + 1);
    assert_non_null(copy);
    strcpy(copy, docs[0].result_json[0]);
    copy[0] = '[';
    expect_text(&rep, copy, docs[0].result_json[0], "result JSON", docs[0].name);
    assert_int_equal(rep.failures, 1);
    assert_int_equal(rep.checks, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_mismatch_is_detected),
        cmocka_unit_test(test_threads_always_safe_functions),
        cmocka_unit_test(test_threads_separate_handles),
        cmocka_unit_test(test_threads_shared_result),
    };
    return cmocka_run_group_tests_name("threads", tests, setup, teardown);
}
