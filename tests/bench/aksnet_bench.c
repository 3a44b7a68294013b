/*
 * aksnet_bench: the C side of the libaksnet benchmark suite (docs/performance.md).
 *
 * Every workload reads its input from files that tests/bench/run_bench.py generated from a
 * fixed seed (the Python peers read the same files), runs through the public API only
 * (aksnet.h), times the work with CLOCK_MONOTONIC, writes its answer to a file for the
 * driver to compare with the peers, and prints one JSON object of raw timings on stdout:
 *
 *   aksnet_bench w1 <cidrs.txt> <reps> <aksnet.out> <floor.out>   parse+format vs inet_pton
 *   aksnet_bench w2 <prefixes.txt> <reps> <normalized.out>        normalise + overlap pairs
 *   aksnet_bench w3 <existing.txt> <requests.txt> <reps> <out>    allocation (ordered)
 *   aksnet_bench w4 <aksnet-cli> <reps> <plan.json>...            process runs, peak RSS
 *   aksnet_bench w5 <plan.json> <reps> <placements.out>           load + validate + allocate
 *   aksnet_bench w5mem <plan.json>                                heap accounting, peak RSS
 *
 * Timings are never judged here: the driver computes medians and ratios. Linux only (wait4,
 * ru_maxrss in KiB).
 */
#include "aksnet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* A fixed date: the lifecycle rules must not make results depend on the day of the run. */
#define AS_OF 20250601

/* ---- small utilities ------------------------------------------------------------------------ */

/* CPU time of this (single-threaded) process: the benchmark machine may be shared, and CPU
 * time does not count the time other processes hold the CPU. Wall time is recorded too. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

_Noreturn static void die(const char *what, const char *detail)
{
    fprintf(stderr, "aksnet_bench: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        die("out of memory", NULL);
    return p;
}

/* Whole file, NUL-terminated; *len_out excludes the NUL. */
static char *read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t cap = 1 << 20, n = 0, got;
    if (f == NULL)
        die("cannot open", path);
    buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            char *nb;
            cap *= 2;
            nb = realloc(buf, cap);
            if (nb == NULL)
                die("out of memory", NULL);
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        die("cannot read", path);
    fclose(f);
    buf[n] = '\0';
    *len_out = n;
    return buf;
}

typedef struct line {
    const char *s;
    size_t len;
} line;

/* Split text into non-empty lines (the text is not modified). */
static line *split_lines(const char *text, size_t len, size_t *count_out)
{
    size_t n = 0, cap = 1024, i = 0;
    line *v = xmalloc(cap * sizeof(*v));
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (end > i) {
            if (n == cap) {
                line *nv;
                cap *= 2;
                nv = realloc(v, cap * sizeof(*v));
                if (nv == NULL)
                    die("out of memory", NULL);
                v = nv;
            }
            v[n].s = text + i;
            v[n].len = end - i;
            n++;
        }
        i = end + 1;
    }
    *count_out = n;
    return v;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        die("cannot write", path);
}

static void print_times(const char *key, const double *t, int n, int last)
{
    int i;
    printf("\"%s\": [", key);
    for (i = 0; i < n; i++)
        printf("%s%.9f", i ? ", " : "", t[i]);
    printf("]%s\n", last ? "" : ",");
}

static int parse_reps(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end != '\0' || v < 1 || v > 1000)
        die("bad repetition count", s);
    return (int)v;
}

static void prefix_from_line(aksnet_prefix *p, const line *l)
{
    aksnet_error e;
    aksnet_error_init(&e);
    if (aksnet_prefix_parse(p, l->s, l->len, 0, &e) != AKSNET_OK)
        die("bad input prefix", e.message);
}

/* ---- a counting allocator (aksnet_plan_options.allocator, and jansson's) ---------------- */

typedef struct counter {
    size_t live, peak, calls;
} counter;

/* 16-byte header keeps malloc's alignment */
#define HDR 16

static void count_add(counter *c, size_t n)
{
    c->live += n;
    c->calls++;
    if (c->live > c->peak)
        c->peak = c->live;
}

static void *cnt_malloc(size_t size, void *payload)
{
    counter *c = payload;
    unsigned char *p = malloc(size + HDR);
    if (p == NULL)
        return NULL;
    memcpy(p, &size, sizeof(size));
    count_add(c, size);
    return p + HDR;
}

static void cnt_free(void *ptr, void *payload)
{
    counter *c = payload;
    unsigned char *p;
    size_t size;
    if (ptr == NULL)
        return;
    p = (unsigned char *)ptr - HDR;
    memcpy(&size, p, sizeof(size));
    c->live -= size;
    free(p);
}

static void *cnt_realloc(void *ptr, size_t size, void *payload)
{
    counter *c = payload;
    unsigned char *p, *np;
    size_t old = 0;
    if (ptr == NULL)
        return cnt_malloc(size, payload);
    p = (unsigned char *)ptr - HDR;
    memcpy(&old, p, sizeof(old));
    np = realloc(p, size + HDR);
    if (np == NULL)
        return NULL;
    memcpy(np, &size, sizeof(size));
    c->live -= old;
    count_add(c, size);
    return np + HDR;
}

/* jansson's allocator hooks have no payload: one process-wide counter (bench only). */
static counter jansson_counter;

static void *jn_malloc(size_t size)
{
    return cnt_malloc(size, &jansson_counter);
}

static void jn_free(void *ptr)
{
    cnt_free(ptr, &jansson_counter);
}

/* ---- W1: parse + format, libaksnet and the inet_pton floor -------------------------------- */

/* libaksnet: strict parse, canonical format. Returns bytes written (with the newline). */
static size_t w1_aksnet(const line *v, size_t n, char *out, size_t *bad_out)
{
    size_t i, o = 0, bad = 0;
    for (i = 0; i < n; i++) {
        aksnet_prefix p;
        size_t need = 0;
        if (aksnet_prefix_parse(&p, v[i].s, v[i].len, AKSNET_PARSE_STRICT, NULL) != AKSNET_OK ||
            aksnet_prefix_format(out + o, AKSNET_PREFIX_STRLEN, &need, &p) != AKSNET_OK) {
            bad++;
            out[o++] = '!';
        } else {
            o += need - 1;
        }
        out[o++] = '\n';
    }
    *bad_out = bad;
    return o;
}

/* The floor: what libc alone does. Address to a NUL-terminated copy, inet_pton, the prefix
 * length as decimal digits (no sign, no leading zero, in range), host bits clear, then
 * inet_ntop and the length appended by hand. */
static size_t floor_one(char *dst, const char *s, size_t len, int *ok)
{
    char tmp[64];
    unsigned char b[16];
    const char *slash = memchr(s, '/', len), *p, *end = s + len;
    size_t alen, n;
    unsigned bits, plen = 0, k;
    int af;
    *ok = 0;
    if (slash == NULL || slash == s || (size_t)(slash - s) >= sizeof(tmp))
        return 0;
    alen = (size_t)(slash - s);
    memcpy(tmp, s, alen);
    tmp[alen] = '\0';
    af = memchr(tmp, ':', alen) ? AF_INET6 : AF_INET;
    if (inet_pton(af, tmp, b) != 1)
        return 0;
    bits = af == AF_INET6 ? 128u : 32u;
    p = slash + 1;
    if (p == end || (*p == '0' && end - p > 1))
        return 0;
    for (; p < end; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        plen = plen * 10u + (unsigned)(*p - '0');
        if (plen > bits)
            return 0;
    }
    for (k = plen; k < bits; k++)
        if (b[k >> 3] & (0x80u >> (k & 7)))
            return 0;
    if (inet_ntop(af, b, dst, 46) == NULL)
        return 0;
    n = strlen(dst);
    dst[n++] = '/';
    if (plen >= 100)
        dst[n++] = (char)('0' + plen / 100);
    if (plen >= 10)
        dst[n++] = (char)('0' + (plen / 10) % 10);
    dst[n++] = (char)('0' + plen % 10);
    *ok = 1;
    return n;
}

static size_t w1_floor(const line *v, size_t n, char *out, size_t *bad_out)
{
    size_t i, o = 0, bad = 0;
    for (i = 0; i < n; i++) {
        int ok;
        size_t w = floor_one(out + o, v[i].s, v[i].len, &ok);
        if (!ok) {
            bad++;
            out[o++] = '!';
        } else {
            o += w;
        }
        out[o++] = '\n';
    }
    *bad_out = bad;
    return o;
}

static int run_w1(int argc, char **argv)
{
    size_t len, n, bad_a = 0, bad_f = 0, oa = 0, of = 0;
    char *text, *out_a, *out_f;
    line *v;
    int reps, r;
    double *ta, *tf;
    if (argc != 6)
        die("usage: w1 <cidrs.txt> <reps> <aksnet.out> <floor.out>", NULL);
    text = read_file(argv[2], &len);
    v = split_lines(text, len, &n);
    reps = parse_reps(argv[3]);
    out_a = xmalloc(n * (AKSNET_PREFIX_STRLEN + 1));
    out_f = xmalloc(n * (AKSNET_PREFIX_STRLEN + 1));
    ta = xmalloc(sizeof(double) * (size_t)reps);
    tf = xmalloc(sizeof(double) * (size_t)reps);
    /* warm-up (page faults of the output buffers), then interleaved repetitions */
    w1_aksnet(v, n, out_a, &bad_a);
    w1_floor(v, n, out_f, &bad_f);
    for (r = 0; r < reps; r++) {
        double t0 = now();
        oa = w1_aksnet(v, n, out_a, &bad_a);
        ta[r] = now() - t0;
        t0 = now();
        of = w1_floor(v, n, out_f, &bad_f);
        tf[r] = now() - t0;
    }
    write_file(argv[4], out_a, oa);
    write_file(argv[5], out_f, of);
    printf("{\"workload\": \"w1\", \"count\": %zu, \"aksnet_rejected\": %zu, "
           "\"floor_rejected\": %zu,\n",
           n, bad_a, bad_f);
    print_times("aksnet", ta, reps, 0);
    print_times("floor", tf, reps, 1);
    printf("}\n");
    free(ta);
    free(tf);
    free(out_a);
    free(out_f);
    free(v);
    free(text);
    return 0;
}

/* ---- W2: normalise and count overlapping pairs ------------------------------------------- */

static int run_w2(int argc, char **argv)
{
    size_t len, n, i, count_out = 0, o = 0;
    uint64_t pairs = 0;
    char *text, *out;
    line *v;
    int reps, r;
    double *tt, *tn;
    aksnet_prefix *work, *parsed;
    if (argc != 5)
        die("usage: w2 <prefixes.txt> <reps> <normalized.out>", NULL);
    text = read_file(argv[2], &len);
    v = split_lines(text, len, &n);
    reps = parse_reps(argv[3]);
    work = xmalloc(n * sizeof(*work));
    parsed = xmalloc(n * sizeof(*parsed));
    tt = xmalloc(sizeof(double) * (size_t)reps);
    tn = xmalloc(sizeof(double) * (size_t)reps);
    for (i = 0; i < n; i++)
        prefix_from_line(&parsed[i], &v[i]);
    for (r = 0; r < reps; r++) {
        /* the whole job: text lines to a normalised list and a pair count */
        double t0 = now();
        for (i = 0; i < n; i++)
            if (aksnet_prefix_parse(&work[i], v[i].s, v[i].len, 0, NULL) != AKSNET_OK)
                die("parse failed", NULL);
        if (aksnet_prefix_normalize(work, n, &count_out, &pairs) != AKSNET_OK)
            die("aksnet_prefix_normalize failed", NULL);
        tt[r] = now() - t0;
        /* normalisation alone, from parsed prefixes (the copy is not timed) */
        memcpy(work, parsed, n * sizeof(*work));
        t0 = now();
        if (aksnet_prefix_normalize(work, n, &count_out, &pairs) != AKSNET_OK)
            die("aksnet_prefix_normalize failed", NULL);
        tn[r] = now() - t0;
    }
    out = xmalloc(count_out * (AKSNET_PREFIX_STRLEN + 1) + 1);
    for (i = 0; i < count_out; i++) {
        size_t need = 0;
        if (aksnet_prefix_format(out + o, AKSNET_PREFIX_STRLEN, &need, &work[i]) != AKSNET_OK)
            die("format failed", NULL);
        o += need - 1;
        out[o++] = '\n';
    }
    write_file(argv[4], out, o);
    printf("{\"workload\": \"w2\", \"count\": %zu, \"normalized\": %zu, \"pairs\": %llu,\n", n,
           count_out, (unsigned long long)pairs);
    print_times("aksnet", tt, reps, 0);
    print_times("aksnet_normalize_only", tn, reps, 1);
    printf("}\n");
    free(out);
    free(tt);
    free(tn);
    free(work);
    free(parsed);
    free(v);
    free(text);
    return 0;
}

/* ---- W3: allocation among N existing subnets ------------------------------------------------ */

static aksnet_plan *w3_plan(const aksnet_prefix *existing, size_t n, const uint8_t *req,
                            size_t nreq, double *build_s)
{
    aksnet_plan *plan = NULL;
    aksnet_prefix vnet;
    size_t i;
    char name[32];
    double t0 = now();
    if (aksnet_plan_new(&plan, NULL) != AKSNET_OK)
        die("aksnet_plan_new failed", NULL);
    if (aksnet_prefix_parse(&vnet, "10.0.0.0/8", 10, 0, NULL) != AKSNET_OK ||
        aksnet_plan_add_address_space(plan, &vnet) != AKSNET_OK ||
        aksnet_plan_set_strategy(plan, AKSNET_STRATEGY_ORDERED) != AKSNET_OK)
        die("plan setup failed", NULL);
    for (i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "snet-%06zu", i);
        if (aksnet_plan_add_subnet(plan, name, &existing[i], NULL) != AKSNET_OK)
            die("aksnet_plan_add_subnet failed", aksnet_plan_last_error(plan)->message);
    }
    for (i = 0; i < nreq; i++) {
        aksnet_request_options q;
        aksnet_request_options_init(&q);
        snprintf(name, sizeof(name), "req-%05zu", i);
        q.name = name;
        q.kind = AKSNET_REQUEST_PREFIX_LENGTH;
        q.prefix_length = req[i];
        if (aksnet_plan_add_request(plan, &q) != AKSNET_OK)
            die("aksnet_plan_add_request failed", aksnet_plan_last_error(plan)->message);
    }
    *build_s = now() - t0;
    return plan;
}

static double time_allocate(aksnet_plan *plan, aksnet_result **keep)
{
    aksnet_allocate_options ao;
    aksnet_result *r = NULL;
    double t0, t;
    aksnet_allocate_options_init(&ao);
    ao.strategy = AKSNET_STRATEGY_ORDERED;
    ao.as_of = AS_OF;
    t0 = now();
    if (aksnet_plan_allocate(&r, plan, &ao) != AKSNET_OK)
        die("aksnet_plan_allocate failed", aksnet_plan_last_error(plan)->message);
    t = now() - t0;
    if (keep != NULL && *keep == NULL)
        *keep = r;
    else
        aksnet_result_free(r);
    return t;
}

/* The placements of the non-existing subnets, in result order (= request order). */
static size_t write_placements(const aksnet_result *r, const char *path, size_t *placed_out)
{
    size_t i, n = aksnet_result_subnet_count(r), o = 0, cap = 4096, count = 0, placed = 0;
    char *out = xmalloc(cap);
    for (i = 0; i < n; i++) {
        aksnet_subnet_info s;
        char buf[AKSNET_PREFIX_STRLEN];
        int w;
        s.size = sizeof(s);
        if (aksnet_result_subnet(&s, r, i) != AKSNET_OK)
            die("aksnet_result_subnet failed", NULL);
        if (s.existing)
            continue;
        count++;
        if (s.placed && aksnet_prefix_format(buf, sizeof(buf), NULL, &s.cidr) == AKSNET_OK)
            placed++;
        else
            strcpy(buf, "-");
        if (o + 400 > cap) {
            char *nb;
            cap *= 2;
            nb = realloc(out, cap);
            if (nb == NULL)
                die("out of memory", NULL);
            out = nb;
        }
        w = snprintf(out + o, cap - o, "%s %s\n", s.name, buf);
        if (w < 0 || (size_t)w >= cap - o)
            die("name too long", s.name);
        o += (size_t)w;
    }
    write_file(path, out, o);
    free(out);
    *placed_out = placed;
    return count;
}

static int run_w3(int argc, char **argv)
{
    size_t len, lenr, n, nreq, i, placed = 0, written;
    char *text, *rtext;
    line *v, *rv;
    aksnet_prefix *existing;
    uint8_t *req;
    int reps, r;
    double *t0s, *t1s, build0, build1;
    aksnet_plan *p0, *p1;
    aksnet_result *keep = NULL;
    if (argc != 6)
        die("usage: w3 <existing.txt> <requests.txt> <reps> <placements.out>", NULL);
    text = read_file(argv[2], &len);
    v = split_lines(text, len, &n);
    rtext = read_file(argv[3], &lenr);
    rv = split_lines(rtext, lenr, &nreq);
    reps = parse_reps(argv[4]);
    existing = xmalloc(n * sizeof(*existing));
    req = xmalloc(nreq ? nreq : 1);
    for (i = 0; i < n; i++)
        prefix_from_line(&existing[i], &v[i]);
    for (i = 0; i < nreq; i++)
        req[i] = (uint8_t)strtol(rv[i].s, NULL, 10);
    t0s = xmalloc(sizeof(double) * (size_t)reps);
    t1s = xmalloc(sizeof(double) * (size_t)reps);
    p0 = w3_plan(existing, n, req, 0, &build0);
    p1 = w3_plan(existing, n, req, nreq, &build1);
    time_allocate(p0, NULL); /* warm-up */
    time_allocate(p1, NULL);
    for (r = 0; r < reps; r++) {
        t0s[r] = time_allocate(p0, NULL);
        t1s[r] = time_allocate(p1, r == 0 ? &keep : NULL);
    }
    written = write_placements(keep, argv[5], &placed);
    printf("{\"workload\": \"w3\", \"existing\": %zu, \"requests\": %zu, \"written\": %zu, "
           "\"placed\": %zu, \"build_s\": %.9f,\n",
           n, nreq, written, placed, build1);
    print_times("allocate_baseline", t0s, reps, 0);
    print_times("allocate", t1s, reps, 1);
    printf("}\n");
    aksnet_result_free(keep);
    aksnet_plan_free(p0);
    aksnet_plan_free(p1);
    free(t0s);
    free(t1s);
    free(existing);
    free(req);
    free(v);
    free(rv);
    free(text);
    free(rtext);
    return 0;
}

/* A "VmHWM:"/"VmRSS:" line of /proc/self/status in KiB, or -1. getrusage's ru_maxrss is not
 * used here: Linux carries it across fork and exec, so it reports the peak of the Python
 * driver that started this program. */
static long status_kib(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char buf[256];
    long v = -1;
    size_t n = strlen(key);
    if (f == NULL)
        return -1;
    while (fgets(buf, sizeof(buf), f) != NULL) {
        if (strncmp(buf, key, n) == 0) {
            v = strtol(buf + n, NULL, 10);
            break;
        }
    }
    fclose(f);
    return v;
}

/* Reset the peak RSS (VmHWM) to the current RSS (Linux 4.0+); false when not possible. */
static int reset_peak_rss(void)
{
    int fd = open("/proc/self/clear_refs", O_WRONLY);
    int ok;
    if (fd < 0)
        return 0;
    ok = write(fd, "5", 1) == 1;
    close(fd);
    return ok;
}

/* ---- W4: the CLI as a process: wall time and peak RSS ------------------------------------- */

typedef struct proc_run {
    double wall, cpu; /* cpu: the child's user + system time */
    long maxrss_kib;
    int status;
} proc_run;

static proc_run spawn_once(char *const *args)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status = 0, rc;
    struct rusage ru;
    proc_run out;
    double t0;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    t0 = wall();
    rc = posix_spawn(&pid, args[0], &fa, NULL, args, environ);
    if (rc != 0)
        die("posix_spawn failed", strerror(rc));
    if (wait4(pid, &status, 0, &ru) != pid)
        die("wait4 failed", strerror(errno));
    out.wall = wall() - t0;
    out.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
              (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
    posix_spawn_file_actions_destroy(&fa);
    out.maxrss_kib = ru.ru_maxrss;
    out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

static void w4_series(const char *label, char *const *args, int reps, int last)
{
    int r;
    long rss = 0;
    int status = 0;
    double *t = xmalloc(sizeof(double) * (size_t)reps);
    double *c = xmalloc(sizeof(double) * (size_t)reps);
    spawn_once(args); /* warm-up: page cache, dynamic loader cache */
    for (r = 0; r < reps; r++) {
        proc_run pr = spawn_once(args);
        t[r] = pr.wall;
        c[r] = pr.cpu;
        if (pr.maxrss_kib > rss)
            rss = pr.maxrss_kib;
        if (r == 0 || pr.status != 0)
            status = pr.status;
    }
    printf("{\"label\": \"%s\", \"status\": %d, \"maxrss_kib\": %ld, ", label, status, rss);
    print_times("cpu", c, reps, 0);
    print_times("wall", t, reps, 1);
    printf("}%s\n", last ? "" : ",");
    free(t);
    free(c);
}

static int run_w4(int argc, char **argv)
{
    static char opt_version[] = "--version", opt_plan[] = "plan",
                opt_as_of[] = "--as-of=2025-06-01";
    int reps, i;
    char *version_args[3];
    if (argc < 5)
        die("usage: w4 <aksnet-cli> <reps> <plan.json>...", NULL);
    reps = parse_reps(argv[3]);
    version_args[0] = argv[2];
    version_args[1] = opt_version;
    version_args[2] = NULL;
    /* Linux reports max(the spawner's peak RSS at exec, the child's own) as the child's
     * ru_maxrss: print ours so that the reader knows the floor of those numbers */
    printf("{\"workload\": \"w4\", \"spawner_peak_rss_kib\": %ld, \"runs\": [\n",
           status_kib("VmHWM:"));
    w4_series("--version", version_args, reps, 0);
    for (i = 4; i < argc; i++) {
        char *args[5];
        args[0] = argv[2];
        args[1] = opt_plan;
        args[2] = opt_as_of;
        args[3] = argv[i];
        args[4] = NULL;
        w4_series(argv[i], args, reps, i + 1 == argc);
    }
    printf("]}\n");
    return 0;
}

/* ---- W5: load + validate + allocate a large plan document ---------------------------------- */

static int run_w5(int argc, char **argv)
{
    size_t len, placed = 0, written = 0, nsub = 0;
    char *text;
    int reps, r;
    double *tl, *ta, *tt;
    aksnet_result *keep = NULL;
    if (argc != 5)
        die("usage: w5 <plan.json> <reps> <placements.out>", NULL);
    text = read_file(argv[2], &len);
    reps = parse_reps(argv[3]);
    tl = xmalloc(sizeof(double) * (size_t)reps);
    ta = xmalloc(sizeof(double) * (size_t)reps);
    tt = xmalloc(sizeof(double) * (size_t)reps);
    for (r = -1; r < reps; r++) { /* r == -1: warm-up */
        aksnet_plan *plan = NULL;
        aksnet_result *res = NULL;
        aksnet_allocate_options ao;
        aksnet_error e;
        double t0, t1, t2;
        aksnet_error_init(&e);
        aksnet_allocate_options_init(&ao);
        ao.as_of = AS_OF; /* the document asks for the ordered strategy */
        t0 = now();
        if (aksnet_plan_from_json(&plan, text, len, NULL, &e) != AKSNET_OK)
            die("aksnet_plan_from_json failed", e.message);
        t1 = now();
        if (aksnet_plan_allocate(&res, plan, &ao) != AKSNET_OK)
            die("aksnet_plan_allocate failed", aksnet_plan_last_error(plan)->message);
        t2 = now();
        aksnet_plan_free(plan);
        if (r >= 0) {
            tl[r] = t1 - t0;
            ta[r] = t2 - t1;
            tt[r] = t2 - t0;
        }
        if (r == 0) {
            keep = res;
        } else {
            aksnet_result_free(res);
        }
    }
    written = write_placements(keep, argv[4], &placed);
    nsub = aksnet_result_subnet_count(keep) - written;
    printf("{\"workload\": \"w5\", \"bytes\": %zu, \"existing\": %zu, \"requests\": %zu, "
           "\"placed\": %zu, \"fits\": %d, \"diagnostics\": %zu,\n",
           len, nsub, written, placed, aksnet_result_fits(keep),
           aksnet_result_diagnostic_count(keep));
    print_times("load", tl, reps, 0);
    print_times("allocate", ta, reps, 0);
    print_times("total", tt, reps, 1);
    printf("}\n");
    aksnet_result_free(keep);
    free(tl);
    free(ta);
    free(tt);
    free(text);
    return 0;
}

/* One load with counting allocators: what the loaded plan retains, what the load peaks at
 * (libaksnet's allocations and, separately, jansson's DOM), and the process's peak RSS. */
static int run_w5mem(int argc, char **argv)
{
    size_t len, i, n, name_bytes = 0, existing = 0, retained, peak_load;
    char *text;
    counter plan_c, result_c;
    aksnet_allocator a, ar;
    aksnet_plan_options o, oreq;
    aksnet_plan *plan = NULL, *probe = NULL; /* probe: the same plan for the result's counter */
    aksnet_result *res = NULL;
    aksnet_allocate_options ao;
    aksnet_error e;
    long rss_before, rss_after_load, rss_after_alloc;
    int reset;
    if (argc != 3)
        die("usage: w5mem <plan.json>", NULL);
    text = read_file(argv[2], &len);
    memset(&plan_c, 0, sizeof(plan_c));
    memset(&result_c, 0, sizeof(result_c));
    a.malloc_fn = cnt_malloc;
    a.realloc_fn = cnt_realloc;
    a.free_fn = cnt_free;
    a.payload = &plan_c;
    aksnet_plan_options_init(&o);
    o.allocator = &a;
    json_set_alloc_funcs(jn_malloc, jn_free);
    reset = reset_peak_rss();
    rss_before = status_kib("VmRSS:");
    aksnet_error_init(&e);
    if (aksnet_plan_from_json(&plan, text, len, &o, &e) != AKSNET_OK)
        die("aksnet_plan_from_json failed", e.message);
    rss_after_load = status_kib("VmHWM:");
    retained = plan_c.live;
    peak_load = plan_c.peak;
    aksnet_plan_free(plan);
    /* the result gets its own counter: allocate a fresh copy of the plan made with that one */
    ar = a;
    ar.payload = &result_c;
    aksnet_plan_options_init(&oreq);
    oreq.allocator = &ar;
    if (aksnet_plan_from_json(&probe, text, len, &oreq, &e) != AKSNET_OK)
        die("aksnet_plan_from_json failed", e.message);
    result_c.live = result_c.peak = 0;
    aksnet_allocate_options_init(&ao);
    ao.as_of = AS_OF;
    if (aksnet_plan_allocate(&res, probe, &ao) != AKSNET_OK)
        die("aksnet_plan_allocate failed", aksnet_plan_last_error(probe)->message);
    rss_after_alloc = status_kib("VmHWM:");
    n = aksnet_result_subnet_count(res);
    for (i = 0; i < n; i++) {
        aksnet_subnet_info s;
        s.size = sizeof(s);
        if (aksnet_result_subnet(&s, res, i) != AKSNET_OK)
            die("aksnet_result_subnet failed", NULL);
        name_bytes += strlen(s.name) + 1;
        if (s.existing)
            existing++;
    }
    printf("{\"workload\": \"w5mem\", \"bytes\": %zu, \"existing\": %zu, \"subnets\": %zu,\n"
           "\"plan_retained\": %zu, \"plan_peak_during_load\": %zu, \"plan_alloc_calls\": %zu,\n"
           "\"name_bytes\": %zu, \"jansson_peak\": %zu, \"jansson_calls\": %zu,\n"
           "\"result_retained\": %zu, \"result_peak\": %zu,\n"
           "\"peak_reset\": %d, \"rss_before_kib\": %ld, \"peak_rss_load_kib\": %ld,\n"
           "\"peak_rss_allocate_kib\": %ld}\n",
           len, existing, n, retained, peak_load, plan_c.calls, name_bytes, jansson_counter.peak,
           jansson_counter.calls, result_c.live, result_c.peak, reset, rss_before, rss_after_load,
           rss_after_alloc);
    aksnet_result_free(res);
    aksnet_plan_free(probe);
    free(text);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        die("usage: aksnet_bench w1|w2|w3|w4|w5|w5mem ...", NULL);
    if (strcmp(argv[1], "w1") == 0)
        return run_w1(argc, argv);
    if (strcmp(argv[1], "w2") == 0)
        return run_w2(argc, argv);
    if (strcmp(argv[1], "w3") == 0)
        return run_w3(argc, argv);
    if (strcmp(argv[1], "w4") == 0)
        return run_w4(argc, argv);
    if (strcmp(argv[1], "w5") == 0)
        return run_w5(argc, argv);
    if (strcmp(argv[1], "w5mem") == 0)
        return run_w5mem(argc, argv);

    die("unknown workload", argv[1]);
    return 2;
}
