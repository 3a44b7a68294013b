/*
 * Plan documents: the strict loader (JSON pointer, line and column of every problem), the
 * programmatic builders, and the plan writer (round trips). Positions in the expected errors
 * are counted by hand from the inline documents (1-based lines and columns).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <aksnet.h>

static aksnet_status load(const char *text, aksnet_plan **plan, aksnet_error *err)
{
    aksnet_error_init(err);
    return aksnet_plan_from_json(plan, text, strlen(text), NULL, err);
}

/* Load must fail with `code`, at `path`, line/col (0 = don't check), message containing frag. */
static void expect_fail(const char *text, aksnet_status code, const char *path, unsigned line,
                        unsigned col, const char *frag)
{
    aksnet_plan *plan = (aksnet_plan *)1;
    aksnet_error err;
    aksnet_status st = load(text, &plan, &err);
    if (st != code || (path && strcmp(err.path, path) != 0) ||
        (frag && strstr(err.message, frag) == NULL) || (line && err.line != line) ||
        (col && err.column != col))
        fail_msg("expected %d at %s %u:%u containing \"%s\"; got %d at \"%s\" %u:%u: %s", code,
                 path ? path : "-", line, col, frag ? frag : "", st, err.path, err.line,
                 err.column, err.message);
    assert_null(plan); /* nothing partial is returned */
    assert_int_equal(err.code, code);
}

#define MIN_VNET "\"vnet\": {\"address_space\": [\"10.0.0.0/16\"]}"

static void test_plan_json_minimal(void **state)
{
    aksnet_plan *plan = NULL;
    aksnet_error err;
    (void)state;
    assert_int_equal(load("{\"schema_version\": 1, " MIN_VNET "}", &plan, &err), AKSNET_OK);
    assert_non_null(plan);
    assert_int_equal(aksnet_plan_last_error(plan)->code, AKSNET_OK);
    aksnet_plan_free(plan);
}

static void test_plan_json_syntax_errors(void **state)
{
    (void)state;
    expect_fail("", AKSNET_EPARSE, NULL, 0, 0, "empty");
    /* truncated: jansson reports the end of input */
    expect_fail("{\"schema_version\": 1, \"vnet\": {", AKSNET_EPARSE, "", 1, 0, "line 1");
    expect_fail("{\"schema_version\": 1, \"schema_version\": 1, " MIN_VNET "}", AKSNET_EPARSE, "",
                1, 0, "duplicate");
    expect_fail("{\"schema_version\": 1, " MIN_VNET "} trailing", AKSNET_EPARSE, "", 1, 0,
                "end of file expected");
    expect_fail("[1, 2]", AKSNET_EPARSE, "", 1, 1, "must be a JSON object");
    /* a number beyond 64 bits */
    expect_fail("{\"schema_version\": 123456789012345678901234567890, " MIN_VNET "}",
                AKSNET_EPARSE, "", 1, 0, "too big");
    /* invalid UTF-8 */
    expect_fail("{\"schema_version\": 1, \"name\": \"\xff\xfe\", " MIN_VNET "}", AKSNET_EPARSE,
                "", 1, 0, NULL);
    /* embedded NUL in the document */
    {
        static const char doc[] = "{\"schema_version\": 1,\0 " MIN_VNET "}";
        aksnet_plan *plan = NULL;
        aksnet_error err;
        aksnet_error_init(&err);
        assert_int_equal(aksnet_plan_from_json(&plan, doc, sizeof(doc) - 1, NULL, &err),
                         AKSNET_EPARSE);
        assert_null(plan);
    }
}

static void test_plan_json_unknown_keys_located(void **state)
{
    (void)state;
    /* line 3, column 5 is where "colour" starts */
    expect_fail("{\n  \"schema_version\": 1,\n    \"colour\": 1,\n  " MIN_VNET "\n}",
                AKSNET_EPARSE, "/colour", 3, 5, "unknown key \"colour\"");
    /* did-you-mean for a near miss, deep in a pool; the key "max_pod" is at line 6 col 30
     * (3 spaces, then {"name": "p", "count": 3, is 26 characters) */
    expect_fail("{\n"
                "\"schema_version\": 1,\n"
                MIN_VNET ",\n"
                "\"clusters\": [{\"name\": \"c\", \"network_plugin\": \"azure\",\n"
                " \"node_pools\": [\n"
                "   {\"name\": \"p\", \"count\": 3, \"max_pod\": 30}]}]}",
                AKSNET_EPARSE, "/clusters/0/node_pools/0/max_pod", 6, 30,
                "did you mean \"max_pods\"?");
    expect_fail("{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/16\"], "
                "\"subnet\": []}}",
                AKSNET_EPARSE, "/vnet/subnet", 1, 0, "did you mean \"subnets\"?");
}

static void test_plan_json_types_and_ranges(void **state)
{
    const char *pre = "{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                      "\"network_plugin\": \"azure\", \"node_pools\": [{\"name\": \"p\", ";
    char doc[512];
    (void)state;
    snprintf(doc, sizeof(doc), "%s\"count\": \"3\"}]}]}", pre);
    expect_fail(doc, AKSNET_EPARSE, "/clusters/0/node_pools/0/count", 0, 0, "must be an integer");
    snprintf(doc, sizeof(doc), "%s\"count\": 3.5}]}]}", pre);
    expect_fail(doc, AKSNET_EPARSE, "/clusters/0/node_pools/0/count", 0, 0, "whole number");
    snprintf(doc, sizeof(doc), "%s\"count\": -1}]}]}", pre);
    expect_fail(doc, AKSNET_ERANGE, "/clusters/0/node_pools/0/count", 0, 0, "negative");
    snprintf(doc, sizeof(doc), "%s\"count\": 1000001}]}]}", pre);
    expect_fail(doc, AKSNET_ERANGE, "/clusters/0/node_pools/0/count", 0, 0, "1000000");
    snprintf(doc, sizeof(doc), "%s\"count\": 3, \"max_surge\": \"101%%\"}]}]}", pre);
    expect_fail(doc, AKSNET_ERANGE, "/clusters/0/node_pools/0/max_surge", 0, 0, "above 100%");
    snprintf(doc, sizeof(doc), "%s\"count\": 3, \"max_surge\": \"ten\"}]}]}", pre);
    expect_fail(doc, AKSNET_EPARSE, "/clusters/0/node_pools/0/max_surge", 0, 0, "percentage");
    snprintf(doc, sizeof(doc), "%s\"count\": 3, \"mode\": \"system\"}]}]}", pre);
    expect_fail(doc, AKSNET_EPARSE, "/clusters/0/node_pools/0/mode", 0, 0,
                "allowed: \"System\", \"User\"");
    snprintf(doc, sizeof(doc), "%s\"count\": true}]}]}", pre);
    expect_fail(doc, AKSNET_EPARSE, "/clusters/0/node_pools/0/count", 0, 0, "not a boolean");
    expect_fail("{\"schema_version\": 2, " MIN_VNET "}", AKSNET_EPARSE, "/schema_version", 0, 0,
                "not supported");
    expect_fail("{" MIN_VNET "}", AKSNET_EPARSE, "", 0, 0, "schema_version");
    expect_fail("{\"schema_version\": 1}", AKSNET_EPARSE, "", 0, 0, "\"vnet\"");
    expect_fail("{\"schema_version\": 1, \"vnet\": {\"address_space\": []}}", AKSNET_EPARSE,
                "/vnet/address_space", 0, 0, "at least one");
}

static void test_plan_json_cidrs(void **state)
{
    (void)state;
    /* line 3, column 34: the value "10.20.0.1/16" (2 spaces, "name": "v", then
     * "address_space": [ ends at column 33) */
    expect_fail("{\"schema_version\": 1,\n"
                "\"vnet\": {\n"
                "  \"name\": \"v\", \"address_space\": [\"10.20.0.1/16\"]}}",
                AKSNET_EPARSE, "/vnet/address_space/0", 3, 34, "did you mean 10.20.0.0/16?");
    {
        aksnet_plan *plan = NULL;
        aksnet_error err;
        assert_int_equal(load("{\"schema_version\": 1, \"vnet\": {\"address_space\": "
                              "[\"10.20.0.1/16\"]}}",
                              &plan, &err),
                         AKSNET_EPARSE);
        assert_string_equal(err.suggestion, "10.20.0.0/16");
    }
    expect_fail("{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"010.0.0.0/8\"]}}",
                AKSNET_EPARSE, "/vnet/address_space/0", 0, 0, "leading zero");
    expect_fail("{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/16\", "
                "\"10.0.128.0/17\"]}}",
                AKSNET_EOVERLAP, "/vnet/address_space/1", 0, 0, "overlaps");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"avoid\": [\"fe80::1%eth0/64\"]}",
                AKSNET_EPARSE, "/avoid/0", 0, 0, "zone");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"dns_service_ip\": \"10.0.0.256\", \"node_pools\": []}]}",
                AKSNET_EPARSE, "/clusters/0/dns_service_ip", 0, 0, "above 255");
}

static void test_plan_json_contradictions(void **state)
{
    (void)state;
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"node_pools\": [{\"name\": \"p\", \"min_count\": 1}]}]}",
                AKSNET_ECONFLICT, "/clusters/0/node_pools/0", 0, 0, "both");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"node_pools\": [{\"name\": \"p\"}]}]}",
                AKSNET_EPARSE, "/clusters/0/node_pools/0", 0, 0, "count");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"node_pools\": [{\"name\": \"p\", \"count\": 9, \"min_count\": 1, "
                "\"max_count\": 5}]}]}",
                AKSNET_ECONFLICT, "/clusters/0/node_pools/0/count", 0, 0, "outside");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"network_plugin\": \"azure\", \"network_plugin_mode\": \"overlay\", "
                "\"node_pools\": [{\"name\": \"p\", \"count\": 3, \"pod_subnet\": \"x\"}]}]}",
                AKSNET_ECONFLICT, "/clusters/0/node_pools/0/pod_subnet", 0, 0,
                "without network_plugin_mode");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"network_plugin\": \"kubenet\", \"network_plugin_mode\": \"overlay\", "
                "\"node_pools\": []}]}",
                AKSNET_ECONFLICT, "/clusters/0/network_plugin_mode", 0, 0, "requires");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"node_pools\": []}, {\"name\": \"c\", \"node_pools\": []}]}",
                AKSNET_ECONFLICT, "/clusters/1/name", 0, 0, "used twice");
    expect_fail("{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.0.0.0/16\"], "
                "\"subnets\": [{\"name\": \"s\", \"cidr\": \"10.0.0.0/24\"}]}, "
                "\"subnet_requests\": [{\"name\": \"s\", \"prefix_length\": 24}]}",
                AKSNET_ECONFLICT, "/subnet_requests/0", 0, 0, "used twice");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"subnet_requests\": [{\"name\": \"s\", "
                "\"prefix_length\": 24, \"ips\": 10}]}",
                AKSNET_ECONFLICT, "/subnet_requests/0", 0, 0, "exactly one");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"ip_families\": [\"IPv6\"], \"node_pools\": []}]}",
                AKSNET_ECONFLICT, "/clusters/0/ip_families", 0, 0, "IPv6-only");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"growth\": 0.5, \"node_pools\": []}]}",
                AKSNET_ERANGE, "/clusters/0/growth", 0, 0, "1.0..100.0");
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"network_plugin\": \"azure\", \"node_pools\": [{\"name\": \"p\", \"count\": 3, "
                "\"expected_pods\": 20}]}]}",
                AKSNET_ECONFLICT, "/clusters/0/node_pools/0/expected_pods", 0, 0,
                "dynamic pod_subnet");
    /* a subnet cannot be a node subnet and a pod subnet */
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"clusters\": [{\"name\": \"c\", "
                "\"network_plugin\": \"azure\", \"node_pools\": ["
                "{\"name\": \"a\", \"count\": 3, \"subnet\": \"s1\", \"pod_subnet\": \"s2\"},"
                "{\"name\": \"b\", \"count\": 3, \"subnet\": \"s2\"}]}]}",
                AKSNET_ECONFLICT, NULL, 0, 0, "pod subnet");
    /* a subnet request naming a cluster subnet may not size it by ips */
    expect_fail("{\"schema_version\": 1, " MIN_VNET ", \"subnet_requests\": [{\"name\": "
                "\"c-nodes\", \"ips\": 100}], \"clusters\": [{\"name\": \"c\", "
                "\"node_pools\": [{\"name\": \"p\", \"count\": 3}]}]}",
                AKSNET_ECONFLICT, "/subnet_requests/0/ips", 0, 0, "cluster subnet");
}

static void test_plan_json_api_contract(void **state)
{
    aksnet_plan *plan = NULL;
    aksnet_error err, small;
    (void)state;
    assert_int_equal(aksnet_plan_from_json(NULL, "{}", 2, NULL, NULL), AKSNET_EINVAL);
    assert_int_equal(aksnet_plan_from_json(&plan, NULL, 5, NULL, NULL), AKSNET_EINVAL);
    assert_int_equal(aksnet_plan_from_json(&plan, "{", 1, NULL, NULL), AKSNET_EPARSE);
    assert_null(plan);
    /* an error struct that only holds `size` and `code` gets only those */
    memset(&small, 0x55, sizeof(small));
    small.size = offsetof(aksnet_error, message);
    assert_int_equal(aksnet_plan_from_json(&plan, "{", 1, NULL, &small), AKSNET_EPARSE);
    assert_int_equal(small.code, AKSNET_EPARSE);
    assert_int_equal((unsigned char)small.message[0], 0x55);
    /* files */
    aksnet_error_init(&err);
    assert_int_equal(aksnet_plan_from_file(&plan, "/nonexistent/plan.json", NULL, &err),
                     AKSNET_EIO);
    assert_non_null(strstr(err.message, "cannot open"));
    assert_string_equal(err.path, "/nonexistent/plan.json");
    assert_int_equal(aksnet_plan_from_file(&plan, "/", NULL, &err), AKSNET_EIO);
    assert_non_null(strstr(err.message, "directory"));
    assert_int_equal(aksnet_plan_from_file(&plan, "/dev/null", NULL, &err), AKSNET_EPARSE);
    assert_null(plan);
    /* bad options */
    {
        aksnet_plan_options o;
        aksnet_plan_options_init(&o);
        o.flags = 1;
        assert_int_equal(aksnet_plan_new(&plan, &o), AKSNET_EINVAL);
        assert_null(plan);
    }
    aksnet_plan_free(NULL);
    assert_null(aksnet_plan_last_error(NULL));
}

/* Read a whole file (test helper). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static char *result_json(aksnet_plan *plan)
{
    aksnet_result *r = NULL;
    aksnet_allocate_options o;
    size_t need = 0;
    char *buf;
    aksnet_allocate_options_init(&o);
    o.as_of = 20261126;
    assert_int_equal(aksnet_plan_allocate(&r, plan, &o), AKSNET_OK);
    assert_int_equal(aksnet_result_write(NULL, 0, &need, r, AKSNET_FORMAT_JSON), AKSNET_EBUFS);
    buf = malloc(need);
    assert_non_null(buf);
    assert_int_equal(aksnet_result_write(buf, need, &need, r, AKSNET_FORMAT_JSON), AKSNET_OK);
    aksnet_result_free(r);
    return buf;
}

static void test_plan_json_round_trip_examples(void **state)
{
    static const char *const names[] = {"private-cluster-isolated-pools.json",
                                        "hub-spoke-spoke.json", "overlay-pod-cidr-reuse.json",
                                        "dual-stack.json"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char path[512], *text, *written, *j1, *j2;
        size_t len = 0, need = 0;
        aksnet_plan *p1 = NULL, *p2 = NULL;
        aksnet_error err;
        snprintf(path, sizeof(path), "%s/%s", AKSNET_EXAMPLES, names[i]);
        text = slurp(path, &len);
        assert_non_null(text);
        aksnet_error_init(&err);
        if (aksnet_plan_from_json(&p1, text, len, NULL, &err) != AKSNET_OK)
            fail_msg("%s: %s", names[i], err.message);
        assert_int_equal(aksnet_plan_to_json(NULL, 0, &need, p1), AKSNET_EBUFS);
        written = malloc(need);
        assert_int_equal(aksnet_plan_to_json(written, need, NULL, p1), AKSNET_OK);
        if (aksnet_plan_from_json(&p2, written, strlen(written), NULL, &err) != AKSNET_OK)
            fail_msg("%s written back does not load: %s\n%s", names[i], err.message, written);
        j1 = result_json(p1);
        j2 = result_json(p2);
        assert_string_equal(j1, j2);
        free(j1);
        free(j2);
        free(written);
        free(text);
        aksnet_plan_free(p1);
        aksnet_plan_free(p2);
    }
}

static aksnet_prefix pfx(const char *s)
{
    aksnet_prefix p;
    assert_int_equal(aksnet_prefix_parse(&p, s, strlen(s), 0, NULL), AKSNET_OK);
    return p;
}

/* The builders produce the same plan as the JSON document they mirror. */
static void test_plan_builders_match_json(void **state)
{
    static const char doc[] =
        "{\"schema_version\": 1, \"name\": \"b\", \"vnet\": {\"name\": \"v\", "
        "\"address_space\": [\"10.60.0.0/22\"], \"subnets\": [{\"name\": \"old\", \"cidr\": "
        "\"10.60.3.0/24\"}], \"reserved\": [\"10.60.2.0/25\"]}, \"avoid\": [\"10.0.0.0/16\"], "
        "\"subnet_requests\": [{\"name\": \"pe\", \"prefix_length\": 28}], "
        "\"clusters\": [{\"name\": \"k\", \"network_plugin\": \"azure\", "
        "\"network_plugin_mode\": \"overlay\", \"node_pools\": [{\"name\": \"system\", "
        "\"mode\": \"System\", \"count\": 3}, {\"name\": \"apps\", \"min_count\": 2, "
        "\"max_count\": 40, \"max_surge\": \"33%\", \"subnet\": \"apps\"}]}]}";
    aksnet_plan *a = NULL, *b = NULL;
    aksnet_error err;
    aksnet_request_options rq;
    aksnet_cluster_options co;
    aksnet_pool_options po;
    aksnet_prefix p;
    size_t ci = 99;
    char *ja, *jb;
    (void)state;
    assert_int_equal(load(doc, &a, &err), AKSNET_OK);
    assert_int_equal(aksnet_plan_new(&b, NULL), AKSNET_OK);
    assert_int_equal(aksnet_plan_set_name(b, "b"), AKSNET_OK);
    assert_int_equal(aksnet_plan_set_vnet_name(b, "v"), AKSNET_OK);
    p = pfx("10.60.0.0/22");
    assert_int_equal(aksnet_plan_add_address_space(b, &p), AKSNET_OK);
    p = pfx("10.60.3.0/24");
    assert_int_equal(aksnet_plan_add_subnet(b, "old", &p, NULL), AKSNET_OK);
    p = pfx("10.60.2.0/25");
    assert_int_equal(aksnet_plan_add_reserved(b, &p), AKSNET_OK);
    p = pfx("10.0.0.0/16");
    assert_int_equal(aksnet_plan_add_avoid(b, &p), AKSNET_OK);
    aksnet_request_options_init(&rq);
    rq.name = "pe";
    rq.kind = AKSNET_REQUEST_PREFIX_LENGTH;
    rq.prefix_length = 28;
    assert_int_equal(aksnet_plan_add_request(b, &rq), AKSNET_OK);
    aksnet_cluster_options_init(&co);
    co.name = "k";
    co.network_plugin = AKSNET_PLUGIN_AZURE;
    co.network_plugin_mode = AKSNET_PLUGIN_MODE_OVERLAY;
    assert_int_equal(aksnet_plan_add_cluster(&ci, b, &co), AKSNET_OK);
    assert_int_equal(ci, 0);
    aksnet_pool_options_init(&po);
    po.name = "system";
    po.mode = AKSNET_POOL_MODE_SYSTEM;
    po.count = 3;
    assert_int_equal(aksnet_plan_add_pool(b, ci, &po), AKSNET_OK);
    aksnet_pool_options_init(&po);
    po.name = "apps";
    po.autoscale = 1;
    po.min_count = 2;
    po.max_count = 40;
    po.max_surge_kind = AKSNET_SURGE_PERCENT;
    po.max_surge = 33;
    po.subnet = "apps";
    assert_int_equal(aksnet_plan_add_pool(b, ci, &po), AKSNET_OK);
    ja = result_json(a);
    jb = result_json(b);
    assert_string_equal(ja, jb);
    free(ja);
    free(jb);
    /* builder errors are recorded on the plan with the field */
    po.name = "apps";
    assert_int_equal(aksnet_plan_add_pool(b, ci, &po), AKSNET_ECONFLICT);
    assert_non_null(strstr(aksnet_plan_last_error(b)->message, "used twice"));
    assert_int_equal(aksnet_plan_add_pool(b, 7, &po), AKSNET_ENOTFOUND);
    /* from the C API the error path names the field, not a JSON pointer */
    po.name = "other";
    po.max_surge_kind = AKSNET_SURGE_PERCENT;
    po.max_surge = 150;
    assert_int_equal(aksnet_plan_add_pool(b, ci, &po), AKSNET_ERANGE);
    assert_string_equal(aksnet_plan_last_error(b)->path, "max_surge");
    p = pfx("10.60.0.0/23");
    assert_int_equal(aksnet_plan_add_address_space(b, &p), AKSNET_EOVERLAP);
    p.bytes[3] = 1; /* host bits */
    assert_int_equal(aksnet_plan_add_reserved(b, &p), AKSNET_EINVAL);
    assert_int_equal(aksnet_plan_set_strategy(b, 42), AKSNET_EINVAL);
    assert_int_equal(aksnet_plan_set_strategy(b, AKSNET_STRATEGY_ORDERED), AKSNET_OK);
    assert_int_equal(aksnet_plan_last_error(b)->code, AKSNET_OK);
    aksnet_plan_free(a);
    aksnet_plan_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_json_minimal),
        cmocka_unit_test(test_plan_json_syntax_errors),
        cmocka_unit_test(test_plan_json_unknown_keys_located),
        cmocka_unit_test(test_plan_json_types_and_ranges),
        cmocka_unit_test(test_plan_json_cidrs),
        cmocka_unit_test(test_plan_json_contradictions),
        cmocka_unit_test(test_plan_json_api_contract),
        cmocka_unit_test(test_plan_json_round_trip_examples),
        cmocka_unit_test(test_plan_builders_match_json),
    };
    return cmocka_run_group_tests_name("plan_json", tests, NULL, NULL);
}
