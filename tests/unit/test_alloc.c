/*
 * Allocation: strategies, fixed ranges, service/DNS/pod CIDR choice, free space, stability
 * and pinning. Every expected prefix is worked out by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <aksnet.h>

static aksnet_result *run(const char *doc, int strategy)
{
    aksnet_plan *plan = NULL;
    aksnet_result *r = NULL;
    aksnet_error err;
    aksnet_allocate_options o;
    aksnet_error_init(&err);
    if (aksnet_plan_from_json(&plan, doc, strlen(doc), NULL, &err) != AKSNET_OK)
        fail_msg("plan does not load: %s", err.message);
    aksnet_allocate_options_init(&o);
    o.strategy = strategy;
    o.as_of = 20261126;
    assert_int_equal(aksnet_plan_allocate(&r, plan, &o), AKSNET_OK);
    aksnet_plan_free(plan);
    return r;
}

static const char *cidr_of(const aksnet_result *r, const char *name, char *buf)
{
    size_t i;
    for (i = 0; i < aksnet_result_subnet_count(r); i++) {
        aksnet_subnet_info si;
        si.size = sizeof(si);
        assert_int_equal(aksnet_result_subnet(&si, r, i), AKSNET_OK);
        if (strcmp(si.name, name) == 0) {
            if (!si.placed)
                return "unplaced";
            assert_int_equal(aksnet_prefix_format(buf, AKSNET_PREFIX_STRLEN, NULL, &si.cidr),
                             AKSNET_OK);
            return buf;
        }
    }
    fail_msg("no subnet %s", name);
    return NULL;
}

#define ASSERT_CIDR(r, name, want)                                                             \
    do {                                                                                       \
        char b__[AKSNET_PREFIX_STRLEN];                                                        \
        assert_string_equal(cidr_of((r), (name), b__), (want));                                \
    } while (0)

static bool has_diag(const aksnet_result *r, const char *code, const char *frag)
{
    size_t i;
    for (i = 0; i < aksnet_result_diagnostic_count(r); i++) {
        aksnet_diagnostic d;
        d.size = sizeof(d);
        assert_int_equal(aksnet_result_diagnostic(&d, r, i), AKSNET_OK);
        if (strcmp(d.code, code) == 0 && (frag == NULL || strstr(d.message, frag) != NULL))
            return true;
    }
    return false;
}

static char *free_list(const aksnet_result *r)
{
    static char out[2048];
    size_t i, o = 0;
    out[0] = '\0';
    for (i = 0; i < aksnet_result_free_count(r); i++) {
        aksnet_prefix p;
        char b[AKSNET_PREFIX_STRLEN];
        assert_int_equal(aksnet_result_free_prefix(&p, r, i), AKSNET_OK);
        aksnet_prefix_format(b, sizeof(b), NULL, &p);
        o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s", i ? " " : "", b);
    }
    return out;
}

static const char three_requests[] =
    "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/22\"]},"
    " \"subnet_requests\": [{\"name\": \"a\", \"prefix_length\": 26},"
    " {\"name\": \"b\", \"prefix_length\": 24}, {\"name\": \"c\", \"prefix_length\": 28}]}";

static void test_alloc_compact_largest_first(void **state)
{
    /* compact: b (/24) first at 10.0.0.0, then a (/26) at 10.0.1.0, then c (/28) at
     * 10.0.1.64; free: .1.80/28 .1.96/27 .1.128/25 and 10.0.2.0/23 */
    aksnet_result *r = run(three_requests, AKSNET_STRATEGY_COMPACT);
    (void)state;
    assert_int_equal(aksnet_result_strategy(r), AKSNET_STRATEGY_COMPACT);
    ASSERT_CIDR(r, "b", "10.0.0.0/24");
    ASSERT_CIDR(r, "a", "10.0.1.0/26");
    ASSERT_CIDR(r, "c", "10.0.1.64/28");
    assert_string_equal(free_list(r), "10.0.1.80/28 10.0.1.96/27 10.0.1.128/25 10.0.2.0/23");
    assert_true(aksnet_result_fits(r));
    aksnet_result_free(r);
}

static void test_alloc_ordered_first_fit(void **state)
{
    /* ordered: a at 10.0.0.0/26; b needs a /24 boundary: 10.0.1.0/24; c fills 10.0.0.64/28 */
    aksnet_result *r = run(three_requests, AKSNET_STRATEGY_ORDERED);
    (void)state;
    ASSERT_CIDR(r, "a", "10.0.0.0/26");
    ASSERT_CIDR(r, "b", "10.0.1.0/24");
    ASSERT_CIDR(r, "c", "10.0.0.64/28");
    assert_string_equal(free_list(r), "10.0.0.80/28 10.0.0.96/27 10.0.0.128/25 10.0.2.0/23");
    aksnet_result_free(r);
}

static void test_alloc_terraform_doc_example(void **state)
{
    /* Terraform's documentation: cidrsubnets("10.1.0.0/16", 4, 4, 8, 4) =
     * ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"] */
    static const char doc[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.1.0.0/16\"]},"
        " \"allocation\": {\"strategy\": \"terraform\"},"
        " \"subnet_requests\": [{\"name\": \"s1\", \"prefix_length\": 20},"
        " {\"name\": \"s2\", \"prefix_length\": 20}, {\"name\": \"s3\", \"prefix_length\": 24},"
        " {\"name\": \"s4\", \"prefix_length\": 20}]}";
    aksnet_result *r = run(doc, AKSNET_STRATEGY_DEFAULT);
    (void)state;
    assert_int_equal(aksnet_result_strategy(r), AKSNET_STRATEGY_TERRAFORM);
    ASSERT_CIDR(r, "s1", "10.1.0.0/20");
    ASSERT_CIDR(r, "s2", "10.1.16.0/20");
    ASSERT_CIDR(r, "s3", "10.1.32.0/24");
    ASSERT_CIDR(r, "s4", "10.1.48.0/20");
    assert_true(aksnet_result_fits(r));
    aksnet_result_free(r);
}

static void test_alloc_terraform_errors(void **state)
{
    /* three /25 in a /24: the third has no room after 10.0.0.128/25 and cidrsubnets fails
     * as a whole, so nothing is placed */
    static const char doc[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/24\"]},"
        " \"subnet_requests\": [{\"name\": \"x\", \"prefix_length\": 25},"
        " {\"name\": \"y\", \"prefix_length\": 25}, {\"name\": \"z\", \"prefix_length\": 25}]}";
    static const char doc2[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/24\"]},"
        " \"subnet_requests\": [{\"name\": \"x\", \"prefix_length\": 24}]}";
    aksnet_result *r = run(doc, AKSNET_STRATEGY_TERRAFORM);
    (void)state;
    assert_false(aksnet_result_fits(r));
    ASSERT_CIDR(r, "x", "unplaced");
    ASSERT_CIDR(r, "z", "unplaced");
    assert_true(has_diag(r, "allocation-failed",
                         "not enough remaining address space for a subnet with a prefix of 25 "
                         "bits after 10.0.0.128/25"));
    aksnet_result_free(r);
    r = run(doc2, AKSNET_STRATEGY_TERRAFORM);
    assert_true(has_diag(r, "allocation-failed", "must extend prefix by at least one bit"));
    aksnet_result_free(r);
}

static void test_alloc_fixed_ranges_avoided(void **state)
{
    /* VNet 192.0.0.0/22 contains 192.0.2.0/24 (forbidden by AKS); existing 192.0.0.0/24;
     * reserved 192.0.3.0/25; avoid 192.0.1.0/26. A /26 request can only go to
     * 192.0.1.64/26 (lowest free /26); a /25 only to 192.0.1.128/25; a third /26 fits nowhere
     * except 192.0.3.128/26. */
    static const char doc[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"192.0.0.0/22\"],"
        " \"subnets\": [{\"name\": \"old\", \"cidr\": \"192.0.0.0/24\"}],"
        " \"reserved\": [\"192.0.3.0/25\"]}, \"avoid\": [\"192.0.1.0/26\"],"
        " \"subnet_requests\": [{\"name\": \"p\", \"prefix_length\": 26},"
        " {\"name\": \"q\", \"prefix_length\": 25}, {\"name\": \"r\", \"prefix_length\": 26}]}";
    aksnet_result *r = run(doc, AKSNET_STRATEGY_ORDERED);
    (void)state;
    ASSERT_CIDR(r, "old", "192.0.0.0/24");
    ASSERT_CIDR(r, "p", "192.0.1.64/26");
    ASSERT_CIDR(r, "q", "192.0.1.128/25");
    ASSERT_CIDR(r, "r", "192.0.3.128/26");
    /* the address space overlapping 192.0.2.0/24 is reported */
    assert_true(has_diag(r, "forbidden-range", "192.0.2.0/24"));
    assert_true(has_diag(r, "avoid-overlap", "192.0.1.0/26"));
    assert_string_equal(free_list(r), "192.0.3.192/26");
    aksnet_result_free(r);
}

static void test_alloc_does_not_fit(void **state)
{
    static const char doc[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.9.0.0/24\"]},"
        " \"subnet_requests\": [{\"name\": \"big\", \"prefix_length\": 23},"
        " {\"name\": \"ok\", \"prefix_length\": 25}]}";
    aksnet_result *r = run(doc, AKSNET_STRATEGY_COMPACT);
    (void)state;
    assert_false(aksnet_result_fits(r));
    ASSERT_CIDR(r, "big", "unplaced");
    ASSERT_CIDR(r, "ok", "10.9.0.0/25"); /* nothing else is dropped */
    assert_true(has_diag(r, "allocation-failed", "needs a /23"));
    assert_true(has_diag(r, "allocation-failed", "largest free block is a /24"));
    aksnet_result_free(r);
}

static void test_alloc_cluster_subnets_and_defaults(void **state)
{
    /* Azure CNI node subnet, 3 nodes + 1 surge (10% of 3, rounded up) = 4 nodes, 4 x (30 + 1)
     * = 124 IPs, plus 1 private endpoint + 4 ILB + 1 PLS NAT IP = 130: a /25 holds 123, so a
     * /24 (251). Service CIDR 10.0.0.0/16 and DNS 10.0.0.10 are free: the AKS defaults. */
    static const char doc[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.20.0.0/16\"]},"
        " \"clusters\": [{\"name\": \"k\", \"network_plugin\": \"azure\","
        " \"private_cluster\": true, \"load_balancer_ips\": 4,"
        " \"features\": [\"private_link_service\"],"
        " \"node_pools\": [{\"name\": \"sys\", \"count\": 3, \"max_pods\": 30}]}]}";
    aksnet_result *r = run(doc, AKSNET_STRATEGY_COMPACT);
    aksnet_subnet_info si;
    aksnet_cluster_info ci;
    aksnet_pool_info pi;
    char b[AKSNET_PREFIX_STRLEN];
    (void)state;
    si.size = sizeof(si);
    assert_int_equal(aksnet_result_subnet(&si, r, 0), AKSNET_OK);
    assert_string_equal(si.name, "k-nodes");
    assert_int_equal(si.ips_required, 130);
    assert_int_equal(si.cidr.length, 24);
    assert_int_equal(si.usable_ips, 251);
    assert_int_equal(si.purpose, AKSNET_PURPOSE_NODES);
    assert_int_equal(si.node_pool_count, 1);
    assert_string_equal(si.node_pools[0], "sys");
    ci.size = sizeof(ci);
    assert_int_equal(aksnet_result_cluster(&ci, r, 0), AKSNET_OK);
    aksnet_prefix_format(b, sizeof(b), NULL, &ci.service_cidr);
    assert_string_equal(b, "10.0.0.0/16");
    aksnet_address_format(b, sizeof(b), NULL, &ci.dns_service_ip);
    assert_string_equal(b, "10.0.0.10");
    assert_int_equal(ci.pod_cidr.family, AKSNET_FAMILY_UNSET); /* node subnet: no pod CIDR */
    assert_int_equal(ci.mode, AKSNET_MODE_AZURE_NODE_SUBNET);
    pi.size = sizeof(pi);
    assert_int_equal(aksnet_result_pool(&pi, r, 0, 0), AKSNET_OK);
    assert_int_equal(pi.nodes, 3);
    assert_int_equal(pi.surge_nodes, 1);
    assert_int_equal(pi.node_subnet_ips, 124);
    assert_int_equal(aksnet_result_pool(&pi, r, 0, 1), AKSNET_ENOTFOUND);
    assert_int_equal(aksnet_result_cluster(&ci, r, 1), AKSNET_ENOTFOUND);
    aksnet_result_free(r);
}

static void test_alloc_service_and_pod_cidr_fallback(void **state)
{
    /* VNet 10.0.0.0/8 takes every default: service CIDR -> first free /16 of 172.16.0.0/12
     * = 172.16.0.0/16, DNS 172.16.0.10; the overlay pod CIDR (10.244.0.0/16 taken) -> next
     * free /16 of 172.16.0.0/12 = 172.17.0.0/16. */
    static const char doc[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/8\"]},"
        " \"clusters\": [{\"name\": \"k\", \"network_plugin\": \"azure\","
        " \"network_plugin_mode\": \"overlay\","
        " \"node_pools\": [{\"name\": \"sys\", \"count\": 3}]}]}";
    /* 400 nodes + 40 surge = 440 nodes need 440 /24s: a /15 (512); the /16 default is too
     * small, the first free /15 of 10.0.0.0/8 outside the VNet 10.20.0.0/16 and the service
     * CIDR 10.0.0.0/16 is 10.2.0.0/15 */
    static const char doc2[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.20.0.0/16\"]},"
        " \"clusters\": [{\"name\": \"k\", \"network_plugin\": \"azure\","
        " \"network_plugin_mode\": \"overlay\","
        " \"node_pools\": [{\"name\": \"sys\", \"count\": 400}]}]}";
    aksnet_result *r = run(doc, AKSNET_STRATEGY_COMPACT);
    aksnet_cluster_info ci;
    char b[AKSNET_PREFIX_STRLEN];
    (void)state;
    ci.size = sizeof(ci);
    assert_int_equal(aksnet_result_cluster(&ci, r, 0), AKSNET_OK);
    aksnet_prefix_format(b, sizeof(b), NULL, &ci.service_cidr);
    assert_string_equal(b, "172.16.0.0/16");
    aksnet_address_format(b, sizeof(b), NULL, &ci.dns_service_ip);
    assert_string_equal(b, "172.16.0.10");
    aksnet_prefix_format(b, sizeof(b), NULL, &ci.pod_cidr);
    assert_string_equal(b, "172.17.0.0/16");
    aksnet_result_free(r);
    r = run(doc2, AKSNET_STRATEGY_COMPACT);
    assert_int_equal(aksnet_result_cluster(&ci, r, 0), AKSNET_OK);
    assert_int_equal(ci.nodes, 440);
    aksnet_prefix_format(b, sizeof(b), NULL, &ci.pod_cidr);
    assert_string_equal(b, "10.2.0.0/15");
    aksnet_result_free(r);
}

static void test_alloc_dual_stack(void **state)
{
    /* the first /64 of fd00:50::/48 goes to the first dual-stack subnet */
    static const char doc[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.50.0.0/16\", "
        "\"fd00:50::/48\"]}, \"clusters\": [{\"name\": \"k\", \"network_plugin\": \"azure\","
        " \"network_plugin_mode\": \"overlay\", \"ip_families\": [\"IPv4\", \"IPv6\"],"
        " \"node_pools\": [{\"name\": \"sys\", \"count\": 3}]}]}";
    aksnet_result *r = run(doc, AKSNET_STRATEGY_COMPACT);
    aksnet_subnet_info si;
    aksnet_cluster_info ci;
    char b[AKSNET_PREFIX_STRLEN];
    (void)state;
    si.size = sizeof(si);
    assert_int_equal(aksnet_result_subnet(&si, r, 0), AKSNET_OK);
    aksnet_prefix_format(b, sizeof(b), NULL, &si.cidr_ipv6);
    assert_string_equal(b, "fd00:50::/64");
    ci.size = sizeof(ci);
    assert_int_equal(aksnet_result_cluster(&ci, r, 0), AKSNET_OK);
    aksnet_prefix_format(b, sizeof(b), NULL, &ci.service_cidr_ipv6);
    assert_string_equal(b, "fd12:3456:789a:1::/108");
    aksnet_prefix_format(b, sizeof(b), NULL, &ci.pod_cidr_ipv6);
    assert_string_equal(b, "fd12:3456:789a::/64");
    assert_true(aksnet_result_fits(r));
    aksnet_result_free(r);
}

static void test_alloc_growth_and_apiserver_subnet(void **state)
{
    /* count 10 x growth 1.5 = 15 nodes; surge 10% of 15 = 1.5 -> 2; overlay node subnet
     * 17 IPs -> /27 (27 usable); the API server subnet is a /28 */
    static const char doc[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.7.0.0/24\"]},"
        " \"clusters\": [{\"name\": \"k\", \"network_plugin\": \"azure\","
        " \"network_plugin_mode\": \"overlay\", \"growth\": 1.5,"
        " \"features\": [\"api_server_vnet_integration\"],"
        " \"node_pools\": [{\"name\": \"sys\", \"count\": 10}]}]}";
    aksnet_result *r = run(doc, AKSNET_STRATEGY_COMPACT);
    aksnet_pool_info pi;
    (void)state;
    pi.size = sizeof(pi);
    assert_int_equal(aksnet_result_pool(&pi, r, 0, 0), AKSNET_OK);
    assert_int_equal(pi.nodes, 15);
    assert_int_equal(pi.surge_nodes, 2);
    ASSERT_CIDR(r, "k-nodes", "10.7.0.0/27");
    ASSERT_CIDR(r, "k-apiserver", "10.7.0.32/28");
    aksnet_result_free(r);
}

static void test_alloc_pinned_cluster_subnet(void **state)
{
    /* a request named like the pool's subnet pins it */
    static const char doc[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.8.0.0/16\"]},"
        " \"subnet_requests\": [{\"name\": \"nodes\", \"cidr\": \"10.8.200.0/24\"},"
        " {\"name\": \"extra\", \"prefix_length\": 24}],"
        " \"clusters\": [{\"name\": \"k\", \"network_plugin\": \"azure\","
        " \"network_plugin_mode\": \"overlay\","
        " \"node_pools\": [{\"name\": \"sys\", \"count\": 3, \"subnet\": \"nodes\"}]}]}";
    aksnet_result *r = run(doc, AKSNET_STRATEGY_COMPACT);
    (void)state;
    ASSERT_CIDR(r, "nodes", "10.8.200.0/24");
    ASSERT_CIDR(r, "extra", "10.8.0.0/24");
    assert_int_equal(aksnet_result_subnet_count(r), 2);
    aksnet_result_free(r);
}

static char *json_of(const aksnet_result *r)
{
    size_t need = 0;
    char *buf;
    assert_int_equal(aksnet_result_write(NULL, 0, &need, r, AKSNET_FORMAT_JSON), AKSNET_EBUFS);
    buf = malloc(need);
    assert_int_equal(aksnet_result_write(buf, need, NULL, r, AKSNET_FORMAT_JSON), AKSNET_OK);
    return buf;
}

static void test_alloc_deterministic_and_append_stable(void **state)
{
    static const char before[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/16\"]},"
        " \"subnet_requests\": [{\"name\": \"a\", \"prefix_length\": 24},"
        " {\"name\": \"b\", \"prefix_length\": 26}]}";
    static const char after[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/16\"]},"
        " \"subnet_requests\": [{\"name\": \"a\", \"prefix_length\": 24},"
        " {\"name\": \"b\", \"prefix_length\": 26}, {\"name\": \"c\", \"prefix_length\": 20}]}";
    int strategies[] = {AKSNET_STRATEGY_ORDERED, AKSNET_STRATEGY_TERRAFORM};
    size_t i;
    (void)state;
    for (i = 0; i < 2; i++) {
        aksnet_result *r1 = run(before, strategies[i]), *r2 = run(before, strategies[i]);
        aksnet_result *r3 = run(after, strategies[i]);
        char *j1 = json_of(r1), *j2 = json_of(r2), b1[AKSNET_PREFIX_STRLEN], b3[AKSNET_PREFIX_STRLEN];
        assert_string_equal(j1, j2); /* deterministic */
        assert_string_equal(cidr_of(r1, "a", b1), cidr_of(r3, "a", b3));
        assert_string_equal(cidr_of(r1, "b", b1), cidr_of(r3, "b", b3));
        free(j1);
        free(j2);
        aksnet_result_free(r1);
        aksnet_result_free(r2);
        aksnet_result_free(r3);
    }
    /* compact: appending a larger subnet moves the earlier ones (largest first: c takes
     * 10.0.0.0/20), and pinning the earlier result keeps them */
    {
        aksnet_result *r1 = run(before, AKSNET_STRATEGY_COMPACT), *r3;
        aksnet_plan *plan = NULL;
        aksnet_allocate_options o;
        size_t pinned = 0;
        ASSERT_CIDR(r1, "a", "10.0.0.0/24");
        ASSERT_CIDR(r1, "b", "10.0.1.0/26");
        r3 = run(after, AKSNET_STRATEGY_COMPACT);
        ASSERT_CIDR(r3, "c", "10.0.0.0/20");
        ASSERT_CIDR(r3, "a", "10.0.16.0/24");
        aksnet_result_free(r3);
        assert_int_equal(aksnet_plan_from_json(&plan, after, strlen(after), NULL, NULL), AKSNET_OK);
        assert_int_equal(aksnet_plan_pin(plan, r1, &pinned), AKSNET_OK);
        assert_int_equal(pinned, 2);
        aksnet_allocate_options_init(&o);
        o.as_of = 20261126;
        assert_int_equal(aksnet_plan_allocate(&r3, plan, &o), AKSNET_OK);
        ASSERT_CIDR(r3, "a", "10.0.0.0/24");
        ASSERT_CIDR(r3, "b", "10.0.1.0/26");
        /* c is the lowest free /20 after 10.0.0.0/24 and 10.0.1.0/26: 10.0.16.0/20 */
        ASSERT_CIDR(r3, "c", "10.0.16.0/20");
        assert_int_equal(aksnet_plan_pin(plan, NULL, NULL), AKSNET_EINVAL);
        aksnet_result_free(r3);
        aksnet_result_free(r1);
        aksnet_plan_free(plan);
    }
}

static void test_alloc_free_space_accounts_for_everything(void **state)
{
    /* free + placed + reserved + (avoid and forbidden inside the VNet) = the VNet */
    aksnet_plan *plan = NULL;
    aksnet_result *r = NULL;
    char path[512];
    uint64_t total = 0;
    size_t i;
    (void)state;
    snprintf(path, sizeof(path), "%s/hub-spoke-spoke.json", AKSNET_EXAMPLES);
    assert_int_equal(aksnet_plan_from_file(&plan, path, NULL, NULL), AKSNET_OK);
    assert_int_equal(aksnet_plan_allocate(&r, plan, NULL), AKSNET_OK);
    for (i = 0; i < aksnet_result_free_count(r); i++) {
        aksnet_prefix p;
        aksnet_result_free_prefix(&p, r, i);
        total += aksnet_prefix_num_addresses(&p);
    }
    for (i = 0; i < aksnet_result_subnet_count(r); i++) {
        aksnet_subnet_info si;
        si.size = sizeof(si);
        aksnet_result_subnet(&si, r, i);
        total += aksnet_prefix_num_addresses(&si.cidr);
    }
    total += 256; /* reserved 10.40.15.0/24 */
    assert_int_equal(total, 4096);  /* the VNet is 10.40.0.0/20 */
    assert_int_equal(aksnet_result_free_prefix(NULL, r, 0), AKSNET_EINVAL);
    assert_int_equal(aksnet_result_free_prefix(&(aksnet_prefix){0}, r, 9999), AKSNET_ENOTFOUND);
    aksnet_result_free(r);
    aksnet_plan_free(plan);
}

static void test_alloc_options_and_getters_contract(void **state)
{
    aksnet_plan *plan = NULL;
    aksnet_result *r = NULL;
    aksnet_allocate_options o;
    aksnet_subnet_info si;
    (void)state;
    assert_int_equal(aksnet_plan_new(&plan, NULL), AKSNET_OK);
    /* no address space */
    assert_int_equal(aksnet_plan_allocate(&r, plan, NULL), AKSNET_EINVAL);
    assert_null(r);
    assert_non_null(strstr(aksnet_plan_last_error(plan)->message, "address space"));
    aksnet_allocate_options_init(&o);
    o.as_of = 20260231; /* no such date */
    {
        aksnet_prefix p;
        aksnet_prefix_parse(&p, "10.0.0.0/24", 11, 0, NULL);
        aksnet_plan_add_address_space(plan, &p);
    }
    assert_int_equal(aksnet_plan_allocate(&r, plan, &o), AKSNET_EINVAL);
    o.as_of = 0;
    o.strategy = 17;
    assert_int_equal(aksnet_plan_allocate(&r, plan, &o), AKSNET_EINVAL);
    o.strategy = 0;
    o.flags = 1;
    assert_int_equal(aksnet_plan_allocate(&r, plan, &o), AKSNET_EINVAL);
    assert_int_equal(aksnet_plan_allocate(&r, plan, NULL), AKSNET_OK);
    /* records: size too small -> EINVAL; bad index -> ENOTFOUND */
    si.size = 8;
    assert_int_equal(aksnet_result_subnet(&si, r, 0), AKSNET_EINVAL);
    si.size = sizeof(si);
    assert_int_equal(aksnet_result_subnet(&si, r, 0), AKSNET_ENOTFOUND);
    assert_int_equal(aksnet_result_write(NULL, 0, NULL, r, 99), AKSNET_EINVAL);
    assert_int_equal(aksnet_result_write(NULL, 0, NULL, NULL, AKSNET_FORMAT_JSON), AKSNET_EINVAL);
    {
        char small[4];
        size_t need = 0;
        assert_int_equal(aksnet_result_write(small, sizeof(small), &need, r, AKSNET_FORMAT_TEXT),
                         AKSNET_EBUFS);
        assert_int_equal(small[0], '\0');
        assert_true(need > sizeof(small));
    }
    assert_int_equal(aksnet_result_fits(NULL), 0);
    assert_int_equal(aksnet_result_subnet_count(NULL), 0);
    aksnet_result_free(r);
    aksnet_result_free(NULL);
    aksnet_plan_free(plan);
}

static void test_alloc_result_outlives_plan(void **state)
{
    aksnet_result *r = run(three_requests, AKSNET_STRATEGY_COMPACT);
    char *j;
    (void)state;
    /* run() freed the plan already; everything must still be readable */
    j = json_of(r);
    assert_non_null(strstr(j, "\"name\": \"b\""));
    free(j);
    aksnet_result_free(r);
}

static void test_alloc_record_details(void **state)
{
    /* static block: 3 nodes + 1 surge, ceil((250 + 1) / 16) = 16 blocks each = 64 blocks ->
     * the smallest pod subnet with 2^(28-L) - 2 >= 64 is a /21 (126 blocks); an IPv6-only
     * existing subnet reports its /64 as cidr */
    static const char doc[] =
        "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.3.0.0/16\", \"fd00:3::/48\"],"
        " \"subnets\": [{\"name\": \"v6only\", \"cidr\": \"fd00:3:0:9::/64\"}]},"
        " \"clusters\": [{\"name\": \"k\", \"network_plugin\": \"azure\","
        " \"node_pools\": [{\"name\": \"sys\", \"count\": 3, \"subnet\": \"nodes\","
        " \"pod_subnet\": \"pods\", \"pod_ip_allocation_mode\": \"StaticBlock\"},"
        " {\"name\": \"apps\", \"min_count\": 1, \"max_count\": 10, \"max_surge\": 2,"
        " \"subnet\": \"nodes\", \"pod_subnet\": \"dyn\", \"expected_pods\": 30}]}]}";
    aksnet_result *r = run(doc, AKSNET_STRATEGY_COMPACT);
    aksnet_subnet_info si;
    aksnet_pool_info pi;
    aksnet_cluster_info ci;
    size_t i;
    bool seen_pods = false, seen_v6 = false;
    char b[AKSNET_PREFIX_STRLEN];
    (void)state;
    for (i = 0; i < aksnet_result_subnet_count(r); i++) {
        si.size = sizeof(si);
        assert_int_equal(aksnet_result_subnet(&si, r, i), AKSNET_OK);
        if (strcmp(si.name, "pods") == 0) {
            seen_pods = true;
            assert_int_equal(si.blocks_required, 64);
            assert_int_equal(si.cidr.length, 21);
            assert_int_equal(si.blocks_available, 126);
            assert_string_equal(si.path, "/clusters/0/node_pools/0/pod_subnet");
        }
        if (strcmp(si.name, "v6only") == 0) {
            seen_v6 = true;
            aksnet_prefix_format(b, sizeof(b), NULL, &si.cidr);
            assert_string_equal(b, "fd00:3:0:9::/64");
            assert_int_equal(si.cidr_ipv6.family, AKSNET_FAMILY_UNSET);
            assert_true(si.placed);
            assert_string_equal(si.path, "/vnet/subnets/0");
            assert_int_equal(si.blocks_required, 0);
        }
    }
    assert_true(seen_pods && seen_v6);
    /* apps: autoscaler max 10, surge count 2; dynamic: 16 * ceil((30 + 8) / 16) = 48 IPs */
    pi.size = sizeof(pi);
    assert_int_equal(aksnet_result_pool(&pi, r, 0, 1), AKSNET_OK);
    assert_true(pi.autoscale);
    assert_int_equal(pi.nodes, 10);
    assert_int_equal(pi.max_surge_kind, AKSNET_SURGE_COUNT);
    assert_int_equal(pi.max_surge, 2);
    assert_int_equal(pi.surge_nodes, 2);
    assert_int_equal(pi.expected_pods, 30);
    assert_int_equal(pi.pod_ips_per_node, 48);
    assert_int_equal(pi.pod_ips, 12 * 48);
    ci.size = sizeof(ci);
    assert_int_equal(aksnet_result_cluster(&ci, r, 0), AKSNET_OK);
    assert_int_equal(ci.pod_cidr_addresses_required, 0); /* pod-subnet modes have no pod CIDR */
    aksnet_result_free(r);
    /* overlay: 256 addresses per node, 3 + 1 surge = 4 nodes */
    r = run("{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.3.0.0/16\"]},"
            " \"clusters\": [{\"name\": \"k\", \"network_plugin\": \"azure\","
            " \"network_plugin_mode\": \"overlay\","
            " \"node_pools\": [{\"name\": \"sys\", \"count\": 3}]}]}",
            AKSNET_STRATEGY_COMPACT);
    assert_int_equal(aksnet_result_cluster(&ci, r, 0), AKSNET_OK);
    assert_int_equal(ci.pod_cidr_addresses_required, 1024);
    aksnet_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_compact_largest_first),
        cmocka_unit_test(test_alloc_ordered_first_fit),
        cmocka_unit_test(test_alloc_terraform_doc_example),
        cmocka_unit_test(test_alloc_terraform_errors),
        cmocka_unit_test(test_alloc_fixed_ranges_avoided),
        cmocka_unit_test(test_alloc_does_not_fit),
        cmocka_unit_test(test_alloc_cluster_subnets_and_defaults),
        cmocka_unit_test(test_alloc_service_and_pod_cidr_fallback),
        cmocka_unit_test(test_alloc_dual_stack),
        cmocka_unit_test(test_alloc_growth_and_apiserver_subnet),
        cmocka_unit_test(test_alloc_pinned_cluster_subnet),
        cmocka_unit_test(test_alloc_deterministic_and_append_stable),
        cmocka_unit_test(test_alloc_free_space_accounts_for_everything),
        cmocka_unit_test(test_alloc_options_and_getters_contract),
        cmocka_unit_test(test_alloc_result_outlives_plan),
        cmocka_unit_test(test_alloc_record_details),
    };
    return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}
