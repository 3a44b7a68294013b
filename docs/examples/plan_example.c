/*
 * plan_example: the C tutorial of docs/c-api.md.
 *
 * Loads a plan file, sizes and places every subnet, and prints the subnets, the clusters
 * with their pools, and the diagnostics. Exit status like the aksnet CLI: 0 when the plan
 * fits, 1 when something does not fit or an error diagnostic is reported, 2 on bad usage or
 * input.
 *
 *   plan_example FILE [--as-of YYYY-MM-DD] [--json]
 *
 * Build: cc -std=c11 -Wall -Wextra -Werror plan_example.c \
 *            $(pkg-config --cflags --libs libaksnet) -o plan_example
 */
#include <aksnet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Format a prefix, or "-" when it is not set (family 0). */
static const char *prefix_text(char *buf, size_t len, const aksnet_prefix *p)
{
    if (p->family == AKSNET_FAMILY_UNSET || aksnet_prefix_format(buf, len, NULL, p) != AKSNET_OK)
        return "-";
    return buf;
}

/* The size-query pattern: ask for the size, allocate, then write. The caller frees. */
static char *render(const aksnet_result *result, int format)
{
    size_t needed = 0;
    char *buf;
    aksnet_status st = aksnet_result_write(NULL, 0, &needed, result, format);
    if (st != AKSNET_EBUFS && st != AKSNET_OK)
        return NULL;
    buf = malloc(needed);
    if (buf == NULL)
        return NULL;
    if (aksnet_result_write(buf, needed, NULL, result, format) != AKSNET_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void print_subnets(const aksnet_result *result)
{
    size_t i, n = aksnet_result_subnet_count(result);
    printf("Subnets (%zu):\n", n);
    for (i = 0; i < n; i++) {
        aksnet_subnet_info s;
        char cidr[AKSNET_PREFIX_STRLEN];
        s.size = sizeof(s); /* records are versioned by their size: set it first */
        if (aksnet_result_subnet(&s, result, i) != AKSNET_OK)
            continue;
        printf("  %-24s %-18s %-9s %6llu of %6llu IPs", s.name,
               s.placed ? prefix_text(cidr, sizeof(cidr), &s.cidr) : "(not placed)",
               aksnet_purpose_name(s.purpose), (unsigned long long)s.ips_required,
               (unsigned long long)s.usable_ips);
        if (s.node_pool_count > 0)
            printf("  %s: %s", s.cluster, s.node_pools[0]);
        if (s.cidr_ipv6.family == AKSNET_FAMILY_IPV6)
            printf("  + %s", prefix_text(cidr, sizeof(cidr), &s.cidr_ipv6));
        printf("\n");
    }
}

static void print_clusters(const aksnet_result *result)
{
    size_t i, j, n = aksnet_result_cluster_count(result);
    for (i = 0; i < n; i++) {
        aksnet_cluster_info c;
        char svc[AKSNET_PREFIX_STRLEN], pod[AKSNET_PREFIX_STRLEN], dns[AKSNET_ADDRESS_STRLEN];
        c.size = sizeof(c);
        if (aksnet_result_cluster(&c, result, i) != AKSNET_OK)
            continue;
        if (aksnet_address_format(dns, sizeof(dns), NULL, &c.dns_service_ip) != AKSNET_OK)
            strcpy(dns, "-");
        printf("Cluster %s: %s, %u nodes planned (surge included)\n", c.name,
               aksnet_mode_name(c.mode), c.nodes);
        printf("  service CIDR %s, DNS service IP %s, pod CIDR %s\n",
               prefix_text(svc, sizeof(svc), &c.service_cidr), dns,
               prefix_text(pod, sizeof(pod), &c.pod_cidr));
        if (c.dual_stack)
            printf("  IPv6: service CIDR %s, pod CIDR %s\n",
                   prefix_text(svc, sizeof(svc), &c.service_cidr_ipv6),
                   prefix_text(pod, sizeof(pod), &c.pod_cidr_ipv6));
        for (j = 0; j < c.pool_count; j++) {
            aksnet_pool_info p;
            p.size = sizeof(p);
            if (aksnet_result_pool(&p, result, i, j) != AKSNET_OK)
                continue;
            printf("  pool %-10s %3u + %u surge nodes, max pods %3u, %5llu IPs in %s", p.name,
                   p.nodes, p.surge_nodes, p.max_pods, (unsigned long long)p.node_subnet_ips,
                   p.subnet);
            if (p.pod_subnet[0] != '\0')
                printf(", %llu in %s", (unsigned long long)p.pod_ips, p.pod_subnet);
            printf("\n");
        }
    }
}

static void print_diagnostics(const aksnet_result *result)
{
    size_t i, n = aksnet_result_diagnostic_count(result);
    printf("Diagnostics (%zu):\n", n);
    for (i = 0; i < n; i++) {
        aksnet_diagnostic d;
        d.size = sizeof(d);
        if (aksnet_result_diagnostic(&d, result, i) != AKSNET_OK)
            continue;
        printf("  %s %s at %s: %s\n", aksnet_severity_name(d.severity), d.code, d.path,
               d.message);
    }
}

static int usage(void)
{
    fprintf(stderr, "usage: plan_example FILE [--as-of YYYY-MM-DD] [--json]\n");
    return 2;
}

/* "2026-11-26" -> 20261126, or -1; the library rejects dates that do not exist. */
static long parse_date(const char *s)
{
    long v = 0;
    int i;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int main(int argc, char **argv)
{
    const char *file = NULL;
    int json = 0, i, rc;
    long as_of = 0;
    aksnet_plan *plan = NULL;
    aksnet_result *result = NULL;
    aksnet_allocate_options opts;
    aksnet_error err;
    aksnet_status st;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--as-of") == 0 && i + 1 < argc) {
            as_of = parse_date(argv[++i]);
            if (as_of < 0)
                return usage();
        } else if (file == NULL && argv[i][0] != '-') {
            file = argv[i];
        } else {
            return usage();
        }
    }
    if (file == NULL)
        return usage();
    /* The header and the library must agree on the major version (the ABI). */
    if (aksnet_version_number() / 10000 != AKSNET_VERSION_MAJOR) {
        fprintf(stderr, "plan_example: built for libaksnet %s, running with %s\n",
                AKSNET_VERSION_STRING, aksnet_version_string());
        return 2;
    }

    /* 1. Load the plan. Errors name the JSON pointer, line and column. */
    aksnet_error_init(&err);
    st = aksnet_plan_from_file(&plan, file, NULL, &err);
    if (st != AKSNET_OK) {
        fprintf(stderr, "plan_example: %s: %s (%s)\n", file, err.message, aksnet_strerror(st));
        return 2;
    }

    /* 2. Size, place and validate. A plan that does not fit is still a result. */
    aksnet_allocate_options_init(&opts);
    opts.as_of = (int32_t)as_of; /* 0: today (UTC) */
    st = aksnet_plan_allocate(&result, plan, &opts);
    if (st != AKSNET_OK) {
        fprintf(stderr, "plan_example: %s: %s\n", file, aksnet_plan_last_error(plan)->message);
        aksnet_plan_free(plan);
        return 2;
    }
    aksnet_plan_free(plan); /* the result does not borrow from the plan */

    /* 3. Read the result: records through getters, or a whole document. */
    if (json) {
        char *text = render(result, AKSNET_FORMAT_JSON);
        if (text == NULL) {
            fprintf(stderr, "plan_example: cannot render the result\n");
            aksnet_result_free(result);
            return 2;
        }
        fputs(text, stdout);
        free(text);
    } else {
        printf("Plan %s (strategy %s)\n", aksnet_result_fits(result) ? "fits" : "does NOT fit",
               aksnet_strategy_name(aksnet_result_strategy(result)));
        print_subnets(result);
        print_clusters(result);
        print_diagnostics(result);
    }
    rc = aksnet_result_fits(result) ? 0 : 1;
    aksnet_result_free(result);
    return rc;
}
