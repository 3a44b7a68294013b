/*
 * Fuzz harness: the strict JSON plan loader, allocation under every strategy, validation,
 * every serialiser, plan_to_json round trip, comparison and out-of-memory behaviour.
 *
 * Input: a plan document (at most 64 KiB, to keep every input far below the 1 s budget).
 *
 * Properties checked (each failure aborts with a message):
 *  - a rejected document returns no plan and an error record with a message, a JSON
 *    pointer path and a position inside the document;
 *  - allocation returns OK or a documented status; every result getter works on every
 *    index and fails cleanly past the end; records with a truncated `size` are written
 *    only up to that size (ASan sees any overrun of the heap block);
 *  - every serialiser honours the (buf, buflen, needed) contract; the JSON and tfvars
 *    outputs are valid JSON; no output contains a NUL byte;
 *  - allocation is deterministic (the same plan and options give the same JSON);
 *  - aksnet_plan_to_json writes a document that loads again, writes back identically and
 *    allocates to the same JSON result under every strategy;
 *  - pinning a plan to its own result and allocating again keeps every placed subnet;
 *  - with an allocator that fails at the N-th call (once, or from then on), every call
 *    returns a status instead of crashing, nothing leaks (live allocations return to zero)
 *    and a call that still reports success produced exactly the normal output.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_common.h"

#include <aksnet.h>

#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#define MAX_INPUT (64u * 1024u)
/* inputs up to this size also run every strategy, compare and the OOM pass */
#define SMALL_INPUT (8u * 1024u)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* ---- a counting, optionally failing allocator --------------------------------------------- */

typedef struct counting {
    size_t calls;   /* malloc and realloc calls */
    long live;      /* blocks currently allocated */
    size_t fail_at; /* 0: never fail; else fail call number fail_at ... */
    bool sticky;    /* ... and every later one */
    size_t failures;
} counting;

static bool should_fail(counting *c)
{
    c->calls++;
    if (c->fail_at == 0)
        return false;
    if (c->calls == c->fail_at || (c->sticky && c->calls > c->fail_at)) {
        c->failures++;
        return true;
    }
    return false;
}

static void *c_malloc(size_t size, void *payload)
{
    counting *c = payload;
    void *p;
    if (should_fail(c))
        return NULL;
    p = malloc(size ? size : 1);
    if (p)
        c->live++;
    return p;
}

static void *c_realloc(void *ptr, size_t size, void *payload)
{
    counting *c = payload;
    void *p;
    if (should_fail(c))
        return NULL;
    p = realloc(ptr, size ? size : 1);
    if (p && ptr == NULL)
        c->live++;
    return p;
}

static void c_free(void *ptr, void *payload)
{
    counting *c = payload;
    if (ptr) {
        c->live--;
        free(ptr);
    }
}

/* ---- helpers -------------------------------------------------------------------------------- */

static const int strategies[] = {AKSNET_STRATEGY_DEFAULT, AKSNET_STRATEGY_COMPACT,
                                 AKSNET_STRATEGY_ORDERED, AKSNET_STRATEGY_TERRAFORM};
static const int32_t dates[] = {20240101, 20250331, 20250930, 20260401, 20280101};
static const int formats[] = {AKSNET_FORMAT_JSON, AKSNET_FORMAT_TEXT, AKSNET_FORMAT_TFVARS,
                              AKSNET_FORMAT_SVG};

static bool status_known(aksnet_status st)
{
    return st <= AKSNET_OK && st >= AKSNET_ECONFLICT;
}

static void check_json_text(const char *text, size_t len, const char *what)
{
    json_error_t je;
    json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    FUZZ_CHECK(v != NULL, "%s is not valid JSON: line %d column %d: %s", what, je.line,
               je.column, je.text);
    json_decref(v);
}

/* Write a result or comparison with the buffer contract checked. Returns a malloc'ed string
 * or NULL when the library reported an error (only allowed under allocation failure). */
typedef aksnet_status (*write_fn)(char *, size_t, size_t *, const void *, int);

static aksnet_status w_result(char *b, size_t n, size_t *need, const void *obj, int f)
{
    return aksnet_result_write(b, n, need, obj, f);
}

static aksnet_status w_comparison(char *b, size_t n, size_t *need, const void *obj, int f)
{
    return aksnet_comparison_write(b, n, need, obj, f);
}

static aksnet_status w_plan(char *b, size_t n, size_t *need, const void *obj, int f)
{
    (void)f;
    return aksnet_plan_to_json(b, n, need, (aksnet_plan *)(uintptr_t)obj);
}

static char *render(write_fn fn, const void *obj, int format, bool oom)
{
    size_t need = 0, need2 = 0;
    char *buf, small[4];
    aksnet_status st = fn(NULL, 0, &need, obj, format);
    if (st != AKSNET_EBUFS) {
        FUZZ_CHECK(oom && st == AKSNET_ENOMEM, "size query for format %d returned %d", format,
                   st);
        return NULL;
    }
    FUZZ_CHECK(need >= 1, "needed 0 for format %d", format);
    memset(small, 'x', sizeof(small));
    st = fn(small, sizeof(small), &need2, obj, format);
    if (need > sizeof(small))
        FUZZ_CHECK((st == AKSNET_EBUFS && small[0] == '\0' && need2 == need) ||
                       (oom && st == AKSNET_ENOMEM),
                   "short buffer for format %d: status %d, needed %zu/%zu", format, st, need2,
                   need);
    buf = malloc(need);
    FUZZ_CHECK(buf != NULL, "harness out of memory");
    st = fn(buf, need, &need2, obj, format);
    if (st != AKSNET_OK) {
        FUZZ_CHECK(oom && st == AKSNET_ENOMEM, "writing format %d returned %d", format, st);
        free(buf);
        return NULL;
    }
    FUZZ_CHECK(need2 == need && strlen(buf) + 1 == need,
               "format %d: needed %zu, then %zu, text %zu bytes (embedded NUL?)", format, need,
               need2, strlen(buf));
    return buf;
}

/* Call a getter on a heap block of exactly `size` bytes so that ASan catches any write past
 * the size the caller declared. */
static void *sized_record(size_t size)
{
    size_t *p = malloc(size);
    FUZZ_CHECK(p != NULL, "harness out of memory");
    memset(p, 0xA5, size);
    *p = size;
    return p;
}

static void check_result(const aksnet_result *r)
{
    size_t i, j, n;
    n = aksnet_result_subnet_count(r);
    for (i = 0; i <= n; i++) {
        aksnet_subnet_info s;
        aksnet_status st;
        void *half;
        s.size = sizeof(s);
        st = aksnet_result_subnet(&s, r, i);
        if (i == n) {
            FUZZ_CHECK(st == AKSNET_ENOTFOUND, "subnet past the end: %d", st);
            continue;
        }
        FUZZ_CHECK(st == AKSNET_OK && s.name != NULL && s.cluster != NULL, "subnet %zu", i);
        FUZZ_CHECK(s.node_pool_count == 0 || s.node_pools != NULL, "subnet pools");
        for (j = 0; j < s.node_pool_count; j++)
            FUZZ_CHECK(s.node_pools[j] != NULL, "subnet pool name");
        if (s.placed)
            FUZZ_CHECK(s.cidr.family || s.cidr_ipv6.family, "placed without a prefix");
        half = sized_record(offsetof(aksnet_subnet_info, cidr_ipv6));
        aksnet_result_subnet(half, r, i);
        free(half);
    }
    n = aksnet_result_cluster_count(r);
    for (i = 0; i <= n; i++) {
        aksnet_cluster_info c;
        aksnet_status st;
        void *half;
        c.size = sizeof(c);
        st = aksnet_result_cluster(&c, r, i);
        if (i == n) {
            FUZZ_CHECK(st == AKSNET_ENOTFOUND, "cluster past the end: %d", st);
            continue;
        }
        FUZZ_CHECK(st == AKSNET_OK && c.name != NULL, "cluster %zu", i);
        for (j = 0; j <= c.pool_count; j++) {
            aksnet_pool_info p;
            p.size = sizeof(p);
            st = aksnet_result_pool(&p, r, i, j);
            if (j == c.pool_count) {
                FUZZ_CHECK(st == AKSNET_ENOTFOUND, "pool past the end: %d", st);
                continue;
            }
            FUZZ_CHECK(st == AKSNET_OK && p.name != NULL && p.subnet != NULL &&
                           p.pod_subnet != NULL,
                       "pool %zu/%zu", i, j);
            half = sized_record(offsetof(aksnet_pool_info, max_pods));
            aksnet_result_pool(half, r, i, j);
            free(half);
        }
        half = sized_record(offsetof(aksnet_cluster_info, service_cidr));
        aksnet_result_cluster(half, r, i);
        free(half);
    }
    n = aksnet_result_free_count(r);
    for (i = 0; i <= n; i++) {
        aksnet_prefix p;
        char t[AKSNET_PREFIX_STRLEN];
        aksnet_status st = aksnet_result_free_prefix(&p, r, i);
        if (i == n) {
            FUZZ_CHECK(st == AKSNET_ENOTFOUND, "free prefix past the end: %d", st);
            continue;
        }
        FUZZ_CHECK(st == AKSNET_OK && aksnet_prefix_format(t, sizeof(t), NULL, &p) == AKSNET_OK,
                   "free prefix %zu is not a valid prefix", i);
    }
    n = aksnet_result_diagnostic_count(r);
    for (i = 0; i <= n; i++) {
        aksnet_diagnostic d;
        aksnet_status st;
        void *half;
        d.size = sizeof(d);
        st = aksnet_result_diagnostic(&d, r, i);
        if (i == n) {
            FUZZ_CHECK(st == AKSNET_ENOTFOUND, "diagnostic past the end: %d", st);
            continue;
        }
        FUZZ_CHECK(st == AKSNET_OK && d.code && d.path && d.message && d.source,
                   "diagnostic %zu", i);
        FUZZ_CHECK(d.severity >= AKSNET_SEVERITY_INFO && d.severity <= AKSNET_SEVERITY_ERROR,
                   "severity %d", d.severity);
        half = sized_record(offsetof(aksnet_diagnostic, path));
        aksnet_result_diagnostic(half, r, i);
        free(half);
    }
    (void)aksnet_result_fits(r);
    FUZZ_CHECK(aksnet_result_strategy(r) >= AKSNET_STRATEGY_COMPACT &&
                   aksnet_result_strategy(r) <= AKSNET_STRATEGY_TERRAFORM,
               "strategy %d", aksnet_result_strategy(r));
}

/* ---- "fits" means sound: an independent check of the placement --------------------------- */

#define MAX_SOUND 512

typedef struct pset {
    aksnet_prefix p[MAX_SOUND];
    const char *what[MAX_SOUND];
    size_t n;
} pset;

static void pset_add(pset *s, const aksnet_prefix *p, const char *what)
{
    if (p->family != 0 && s->n < MAX_SOUND) {
        s->p[s->n] = *p;
        s->what[s->n++] = what;
    }
}

/* the prefixes of a JSON array of CIDR strings (the document already loaded) */
static void pset_from_json(pset *s, json_t *arr, const char *what)
{
    size_t i;
    json_t *v;
    if (!json_is_array(arr))
        return;
    json_array_foreach(arr, i, v) {
        aksnet_prefix p;
        if (json_is_string(v) && aksnet_prefix_parse(&p, json_string_value(v),
                                                     json_string_length(v), 0, NULL) == AKSNET_OK)
            pset_add(s, &p, what);
    }
}

static void no_overlap(const pset *a, const aksnet_prefix *p, const char *what, const char *name)
{
    size_t i;
    char x[AKSNET_PREFIX_STRLEN], y[AKSNET_PREFIX_STRLEN];
    for (i = 0; i < a->n; i++) {
        if (aksnet_prefix_overlaps(&a->p[i], p)) {
            aksnet_prefix_format(x, sizeof(x), NULL, p);
            aksnet_prefix_format(y, sizeof(y), NULL, &a->p[i]);
            FUZZ_CHECK(0, "the result fits, but %s %s of \"%s\" overlaps %s %s", what, x, name,
                       a->what[i], y);
        }
    }
}

/* When a result fits (everything placed, no error diagnostic), the documented overlap rules
 * (docs/rules.md: subnet-outside-vnet, subnet-overlap, avoid-overlap, service-cidr-overlap,
 * pod-cidr-overlap, dns-ip-outside-service-cidr) hold. Checked here from the result getters
 * and the document itself, independently of rules.c: a violation is a silent mis-plan. */
static void check_sound(const aksnet_result *r, const char *text, size_t len)
{
    static pset spaces, avoid, reserved, subnets;
    json_t *root, *vnet;
    size_t i, j;
    if (!aksnet_result_fits(r))
        return;
    root = json_loadb(text, len, 0, NULL);
    if (root == NULL)
        return;
    spaces.n = avoid.n = reserved.n = subnets.n = 0;
    vnet = json_object_get(root, "vnet");
    pset_from_json(&spaces, json_object_get(vnet, "address_space"), "address space");
    pset_from_json(&reserved, json_object_get(vnet, "reserved"), "reserved range");
    pset_from_json(&avoid, json_object_get(root, "avoid"), "avoided range");
    for (i = 0; i < aksnet_result_subnet_count(r); i++) {
        aksnet_subnet_info si;
        const aksnet_prefix *two[2];
        si.size = sizeof(si);
        if (aksnet_result_subnet(&si, r, i) != AKSNET_OK)
            continue;
        two[0] = &si.cidr;
        two[1] = &si.cidr_ipv6;
        for (j = 0; j < 2; j++) {
            size_t k;
            int inside = 0;
            if (two[j]->family == 0)
                continue;
            for (k = 0; k < spaces.n; k++)
                inside |= aksnet_prefix_contains(&spaces.p[k], two[j]);
            FUZZ_CHECK(inside, "the result fits, but subnet \"%s\" is outside the VNet", si.name);
            no_overlap(&subnets, two[j], "subnet", si.name);
            no_overlap(&reserved, two[j], "subnet", si.name);
            no_overlap(&avoid, two[j], "subnet", si.name);
            pset_add(&subnets, two[j], "a subnet");
        }
    }
    for (i = 0; i < spaces.n; i++)
        no_overlap(&avoid, &spaces.p[i], "address space", "the VNet");
    for (i = 0; i < aksnet_result_cluster_count(r); i++) {
        aksnet_cluster_info ci;
        pset own;
        ci.size = sizeof(ci);
        if (aksnet_result_cluster(&ci, r, i) != AKSNET_OK)
            continue;
        own.n = 0;
        pset_add(&own, &ci.service_cidr, "its service CIDR");
        pset_add(&own, &ci.service_cidr_ipv6, "its IPv6 service CIDR");
        no_overlap(&subnets, &ci.service_cidr, "service CIDR", ci.name);
        no_overlap(&subnets, &ci.service_cidr_ipv6, "IPv6 service CIDR", ci.name);
        no_overlap(&avoid, &ci.service_cidr, "service CIDR", ci.name);
        no_overlap(&subnets, &ci.pod_cidr, "pod CIDR", ci.name);
        no_overlap(&subnets, &ci.pod_cidr_ipv6, "IPv6 pod CIDR", ci.name);
        no_overlap(&avoid, &ci.pod_cidr, "pod CIDR", ci.name);
        no_overlap(&own, &ci.pod_cidr, "pod CIDR", ci.name);
        no_overlap(&own, &ci.pod_cidr_ipv6, "IPv6 pod CIDR", ci.name);
        if (ci.network_plugin == AKSNET_PLUGIN_KUBENET)
            no_overlap(&spaces, &ci.pod_cidr, "kubenet pod CIDR", ci.name);
        if (ci.service_cidr.family == AKSNET_FAMILY_IPV4 &&
            ci.dns_service_ip.family == AKSNET_FAMILY_IPV4)
            FUZZ_CHECK(aksnet_prefix_contains_address(&ci.service_cidr, &ci.dns_service_ip),
                       "the result fits, but the DNS service IP of \"%s\" is outside its service "
                       "CIDR", ci.name);
    }
    json_decref(root);
}

/* Every serialiser; returns the JSON text (caller frees) or NULL under OOM. */
static char *write_all(const aksnet_result *r, bool oom)
{
    char *json = NULL;
    size_t k;
    for (k = 0; k < sizeof(formats) / sizeof(formats[0]); k++) {
        char *t = render(w_result, r, formats[k], oom);
        if (t == NULL)
            continue;
        if (formats[k] == AKSNET_FORMAT_JSON || formats[k] == AKSNET_FORMAT_TFVARS)
            check_json_text(t, strlen(t), formats[k] == AKSNET_FORMAT_JSON ? "result JSON"
                                                                           : "tfvars");
        if (formats[k] == AKSNET_FORMAT_JSON)
            json = t;
        else
            free(t);
    }
    {
        size_t need = 1;
        char b[8] = "x";
        FUZZ_CHECK(aksnet_result_write(b, sizeof(b), &need, r, 0) == AKSNET_EINVAL &&
                       need == 0 && b[0] == '\0',
                   "format 0 accepted");
    }
    return json;
}

static aksnet_status allocate(aksnet_result **out, aksnet_plan *plan, int strategy, int32_t date)
{
    aksnet_allocate_options ao;
    aksnet_status st;
    aksnet_allocate_options_init(&ao);
    ao.strategy = strategy;
    ao.as_of = date;
    st = aksnet_plan_allocate(out, plan, &ao);
    FUZZ_CHECK(status_known(st), "allocate returned %d", st);
    if (st != AKSNET_OK) {
        const aksnet_error *e = aksnet_plan_last_error(plan);
        FUZZ_CHECK(*out == NULL, "result returned with status %d", st);
        FUZZ_CHECK(e != NULL && e->code == st && e->message[0] != '\0',
                   "allocate failed (%d) without an error record", st);
    }
    return st;
}

static aksnet_status load(aksnet_plan **out, const char *text, size_t len, counting *cnt)
{
    aksnet_allocator a;
    aksnet_plan_options po;
    aksnet_error e;
    aksnet_status st;
    a.malloc_fn = c_malloc;
    a.realloc_fn = c_realloc;
    a.free_fn = c_free;
    a.payload = cnt;
    aksnet_plan_options_init(&po);
    po.allocator = &a; /* copied by the library */
    aksnet_error_init(&e);
    st = aksnet_plan_from_json(out, text, len, &po, &e);
    FUZZ_CHECK(status_known(st), "load returned %d", st);
    if (st != AKSNET_OK) {
        size_t lines = 1, i;
        FUZZ_CHECK(*out == NULL, "plan returned with status %d", st);
        FUZZ_CHECK(e.code == st, "error code %d, status %d", e.code, st);
        FUZZ_CHECK(e.message[0] != '\0', "empty error message");
        FUZZ_CHECK(memchr(e.message, '\0', sizeof(e.message)) &&
                       memchr(e.path, '\0', sizeof(e.path)) &&
                       memchr(e.suggestion, '\0', sizeof(e.suggestion)),
                   "unterminated error strings");
        FUZZ_CHECK(e.offset <= len, "error offset %zu beyond %zu", e.offset, len);
        for (i = 0; i < len; i++)
            lines += text[i] == '\n';
        FUZZ_CHECK(e.line <= lines, "error line %u beyond the %zu lines", e.line, lines);
        if (len > 0 && (st == AKSNET_EPARSE || st == AKSNET_ECONFLICT || st == AKSNET_ERANGE))
            /* jansson reports column 0 for errors at the start of a line or at the end of
             * the text, so only the line is required */
            FUZZ_CHECK(e.line >= 1, "input error without a position: %s", e.message);
    }
    return st;
}

/* ---- the normal pass ------------------------------------------------------------------------ */

typedef struct expected {
    aksnet_status load_st;
    char *json[4]; /* JSON result per strategy index (NULL: not run or failed) */
    aksnet_status st[4];
    char *plan_json;
} expected;

static void free_expected(expected *x)
{
    size_t i;
    for (i = 0; i < 4; i++)
        free(x->json[i]);
    free(x->plan_json);
}

#ifdef AKSNET_FUZZ_HAVE_PIN
static void check_pin(const char *text, size_t len, const aksnet_result *r, int strategy,
                      int32_t date)
{
    counting cnt;
    aksnet_plan *plan = NULL;
    aksnet_result *r2 = NULL;
    size_t pinned = 0, i, j;
    memset(&cnt, 0, sizeof(cnt));
    FUZZ_CHECK(load(&plan, text, len, &cnt) == AKSNET_OK, "second load failed");
    FUZZ_CHECK(aksnet_plan_pin(plan, r, &pinned) == AKSNET_OK, "pin failed");
    if (allocate(&r2, plan, strategy, date) == AKSNET_OK) {
        /* every subnet placed before keeps its prefix */
        for (i = 0; i < aksnet_result_subnet_count(r); i++) {
            aksnet_subnet_info a, b;
            a.size = b.size = sizeof(a);
            aksnet_result_subnet(&a, r, i);
            if (!a.placed || a.existing || a.cidr.family == 0)
                continue;
            for (j = 0; j < aksnet_result_subnet_count(r2); j++) {
                b.size = sizeof(b);
                aksnet_result_subnet(&b, r2, j);
                if (strcmp(a.name, b.name) == 0)
                    break;
            }
            FUZZ_CHECK(j < aksnet_result_subnet_count(r2), "pinned subnet \"%s\" vanished",
                       a.name);
            FUZZ_CHECK(memcmp(&a.cidr, &b.cidr, sizeof(a.cidr)) == 0,
                       "pinned subnet \"%s\" moved", a.name);
        }
        aksnet_result_free(r2);
    }
    aksnet_plan_free(plan);
    FUZZ_CHECK(cnt.live == 0, "%ld blocks leaked by pin/allocate", cnt.live);
}
#endif

static void normal_pass(const char *text, size_t len, uint64_t h, expected *x, size_t *calls)
{
    counting cnt;
    aksnet_plan *plan = NULL, *plan2 = NULL;
    aksnet_result *r = NULL;
    int32_t date = dates[h % (sizeof(dates) / sizeof(dates[0]))];
    size_t si, nstrat = len <= SMALL_INPUT ? 4 : 2;
    bool small = len <= SMALL_INPUT;

    memset(&cnt, 0, sizeof(cnt));
    memset(x, 0, sizeof(*x));
    x->load_st = load(&plan, text, len, &cnt);
    if (x->load_st != AKSNET_OK) {
        FUZZ_CHECK(cnt.live == 0, "%ld blocks leaked by a failed load", cnt.live);
        *calls = cnt.calls;
        return;
    }
    FUZZ_CHECK(aksnet_plan_last_error(plan) != NULL, "no last error record");

    for (si = 0; si < nstrat; si++) {
        /* large inputs: the plan's own strategy and one more picked by the hash */
        int strategy = si == 0 || small ? strategies[si] : strategies[1 + (h >> 8) % 3];
        size_t idx = si == 0 || small ? si : (size_t)(1 + (h >> 8) % 3);
        x->st[idx] = allocate(&r, plan, strategy, date);
        if (x->st[idx] != AKSNET_OK)
            continue;
        check_result(r);
        check_sound(r, text, len);
        x->json[idx] = write_all(r, false);
        FUZZ_CHECK(x->json[idx] != NULL, "no JSON without OOM");
        /* deterministic (one strategy per input, picked by the hash, to save time) */
        if (si == (size_t)((h >> 24) % nstrat)) {
            aksnet_result *again = NULL;
            char *j2;
            FUZZ_CHECK(allocate(&again, plan, strategy, date) == AKSNET_OK, "second allocate");
            j2 = render(w_result, again, AKSNET_FORMAT_JSON, false);
            FUZZ_CHECK(strcmp(j2, x->json[idx]) == 0, "allocation is not deterministic");
            free(j2);
            aksnet_result_free(again);
        }
#ifdef AKSNET_FUZZ_HAVE_PIN
        if (small && si == 0)
            check_pin(text, len, r, strategy, date);
#endif
        aksnet_result_free(r);
        r = NULL;
    }

    /* plan_to_json round trip */
    x->plan_json = render(w_plan, plan, 0, false);
    FUZZ_CHECK(x->plan_json != NULL, "plan_to_json failed");
    check_json_text(x->plan_json, strlen(x->plan_json), "plan_to_json output");
    {
        counting cnt2;
        aksnet_error e;
        aksnet_plan_options po;
        aksnet_status st;
        char *again;
        memset(&cnt2, 0, sizeof(cnt2));
        aksnet_plan_options_init(&po);
        aksnet_error_init(&e);
        st = aksnet_plan_from_json(&plan2, x->plan_json, strlen(x->plan_json), &po, &e);
        FUZZ_CHECK(st == AKSNET_OK, "plan_to_json output does not load again (%d): %s\n%s", st,
                   e.message, x->plan_json);
        again = render(w_plan, plan2, 0, false);
        FUZZ_CHECK(strcmp(again, x->plan_json) == 0,
                   "plan_to_json is not stable:\n%s\n---- then ----\n%s", x->plan_json, again);
        free(again);
        for (si = 0; si < 4; si++) {
            char *j2;
            /* the plan's own strategy and one more picked by the hash */
            if (x->json[si] == NULL || (si != 0 && si != 1 + (h >> 12) % 3))
                continue;
            FUZZ_CHECK(allocate(&r, plan2, strategies[si], date) == AKSNET_OK,
                       "reloaded plan does not allocate with strategy %d", strategies[si]);
            j2 = render(w_result, r, AKSNET_FORMAT_JSON, false);
            FUZZ_CHECK(strcmp(j2, x->json[si]) == 0,
                       "reloaded plan allocates differently (strategy %d):\n%s", strategies[si],
                       x->plan_json);
            free(j2);
            aksnet_result_free(r);
            r = NULL;
        }
        aksnet_plan_free(plan2);
    }

    /* comparison (it allocates the plan under every mode: small inputs, and half of them) */
    if (small && (h >> 4) % 2 == 0) {
        aksnet_comparison *cmp = NULL;
        aksnet_allocate_options ao;
        aksnet_status st;
        aksnet_allocate_options_init(&ao);
        ao.as_of = date;
        st = aksnet_plan_compare(&cmp, plan, &ao);
        FUZZ_CHECK(status_known(st), "compare returned %d", st);
        if (st == AKSNET_OK) {
            size_t i, n = aksnet_comparison_count(cmp);
            char *t;
            for (i = 0; i <= n; i++) {
                aksnet_mode_summary m;
                const aksnet_result *cr;
                m.size = sizeof(m);
                st = aksnet_comparison_get(&m, cmp, i);
                cr = aksnet_comparison_result(cmp, i);
                if (i == n) {
                    FUZZ_CHECK(st == AKSNET_ENOTFOUND && cr == NULL, "row past the end");
                    continue;
                }
                FUZZ_CHECK(st == AKSNET_OK && m.label != NULL && cr != NULL, "row %zu", i);
                check_result(cr);
            }
            t = render(w_comparison, cmp, AKSNET_FORMAT_JSON, false);
            check_json_text(t, strlen(t), "comparison JSON");
            free(t);
            t = render(w_comparison, cmp, AKSNET_FORMAT_TEXT, false);
            free(t);
            aksnet_comparison_free(cmp);
        } else {
            FUZZ_CHECK(cmp == NULL, "comparison returned with status %d", st);
        }
    }
    aksnet_plan_free(plan);
    FUZZ_CHECK(cnt.live == 0, "%ld blocks leaked", cnt.live);
    *calls = cnt.calls;
}

/* ---- the out-of-memory pass ----------------------------------------------------------------- */

static void oom_pass(const char *text, size_t len, uint64_t h, const expected *x, size_t calls)
{
    counting cnt;
    aksnet_plan *plan = NULL;
    aksnet_result *r = NULL;
    int32_t date = dates[h % (sizeof(dates) / sizeof(dates[0]))];
    size_t si;
    aksnet_status st;

    if (calls == 0)
        return;
    memset(&cnt, 0, sizeof(cnt));
    cnt.fail_at = 1 + (size_t)((h >> 16) % calls);
    cnt.sticky = (h >> 40) & 1;
    st = load(&plan, text, len, &cnt);
    FUZZ_CHECK(st == x->load_st || st == AKSNET_ENOMEM,
               "load under a failing allocator returned %d, normally %d", st, x->load_st);
    if (st == AKSNET_OK) {
        /* one strategy per input (picked by the hash) keeps the pass cheap */
        for (si = (h >> 32) % 4; si < 4; si += 4) {
            char *json, *pj;
            if (x->json[si] == NULL)
                continue;
            st = allocate(&r, plan, strategies[si], date);
            FUZZ_CHECK(st == AKSNET_OK || st == AKSNET_ENOMEM,
                       "allocate under a failing allocator returned %d", st);
            if (st != AKSNET_OK)
                continue;
            json = write_all(r, true);
            if (json != NULL) {
                FUZZ_CHECK(strcmp(json, x->json[si]) == 0,
                           "allocation under a failing allocator (call %zu%s) reported success "
                           "but planned differently",
                           cnt.fail_at, cnt.sticky ? " on" : "");
                free(json);
            }
            aksnet_result_free(r);
            r = NULL;
            pj = render(w_plan, plan, 0, true);
            if (pj != NULL && x->plan_json != NULL) {
                FUZZ_CHECK(strcmp(pj, x->plan_json) == 0, "plan_to_json differs under OOM");
            }
            free(pj);
        }
        if (len <= SMALL_INPUT / 4 && (h >> 48) % 4 == 0) {
            aksnet_comparison *cmp = NULL;
            aksnet_allocate_options ao;
            aksnet_allocate_options_init(&ao);
            ao.as_of = date;
            if (aksnet_plan_compare(&cmp, plan, &ao) == AKSNET_OK) {
                char *t = render(w_comparison, cmp, AKSNET_FORMAT_JSON, true);
                free(t);
                aksnet_comparison_free(cmp);
            }
        }
        aksnet_plan_free(plan);
    }
    FUZZ_CHECK(cnt.live == 0, "%ld blocks leaked with allocation failure at call %zu%s",
               cnt.live, cnt.fail_at, cnt.sticky ? " and later" : "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    expected x;
    size_t calls = 0;
    uint64_t h;
    if (size > MAX_INPUT)
        return 0;
    h = fuzz_hash(data, size);
    normal_pass((const char *)data, size, h, &x, &calls);
    if (size <= SMALL_INPUT)
        oom_pass((const char *)data, size, h, &x, calls);
    free_expected(&x);
    return 0;
}
