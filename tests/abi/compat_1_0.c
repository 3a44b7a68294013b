/*
 * Built against the committed 1.0 header (aksnet-1.0.h) and run against the current
 * library: every 1.x release must keep it working (docs/api-stability.md). It touches every
 * struct layout and each family of functions of the 1.0 ABI. Expected numbers are hand
 * calculations: (3 nodes + 1 surge) x (30 + 1) = 124 IPs -> /25 (123 usable) fails, /24 holds.
 */
#include <aksnet.h>
#include <stdio.h>
#include <string.h>

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "compat_1_0: check failed at line %d: %s\n", __LINE__, #cond);    \
            return 1;                                                                          \
        }                                                                                      \
    } while (0)

static const char plan_json[] =
    "{\"schema_version\": 1, \"vnet\": {\"address_space\": [\"10.1.0.0/16\"]},"
    " \"clusters\": [{\"name\": \"c1\", \"network_plugin\": \"azure\","
    " \"node_pools\": [{\"name\": \"sys\", \"count\": 3, \"max_pods\": 30}]}]}";

int main(void)
{
    aksnet_prefix p;
    aksnet_error err;
    char buf[AKSNET_PREFIX_STRLEN];
    aksnet_size_options so;
    aksnet_size_result sr;
    aksnet_plan *plan = NULL;
    aksnet_result *res = NULL;
    aksnet_subnet_info si;
    aksnet_diagnostic di;
    aksnet_allocate_options ao;
    size_t need = 0;

    CHECK(aksnet_version_number() / 10000 == 1);
    aksnet_error_init(&err);
    CHECK(aksnet_prefix_parse(&p, "10.0.0.1/24", 11, 0, &err) == AKSNET_EPARSE);
    CHECK(strcmp(err.suggestion, "10.0.0.0/24") == 0);
    CHECK(aksnet_prefix_parse(&p, "2001:DB8::/32", 13, 0, NULL) == AKSNET_OK);
    CHECK(aksnet_prefix_format(buf, sizeof(buf), NULL, &p) == AKSNET_OK);
    CHECK(strcmp(buf, "2001:db8::/32") == 0);

    aksnet_size_options_init(&so);
    so.mode = AKSNET_MODE_AZURE_NODE_SUBNET;
    so.nodes = 3;
    so.max_pods = 30;
    memset(&sr, 0, sizeof(sr));
    sr.size = sizeof(sr);
    CHECK(aksnet_size(&sr, &so, NULL) == AKSNET_OK);
    CHECK(sr.surge_nodes == 1 && sr.node_subnet_ips == 124 && sr.node_subnet_prefix_length == 24);

    CHECK(aksnet_plan_from_json(&plan, plan_json, sizeof(plan_json) - 1, NULL, &err) == AKSNET_OK);
    aksnet_allocate_options_init(&ao);
    ao.as_of = 20260101;
    CHECK(aksnet_plan_allocate(&res, plan, &ao) == AKSNET_OK);
    aksnet_plan_free(plan);
    CHECK(aksnet_result_subnet_count(res) == 1);
    si.size = sizeof(si);
    CHECK(aksnet_result_subnet(&si, res, 0) == AKSNET_OK);
    CHECK(strcmp(si.name, "c1-nodes") == 0 && si.cidr.length == 24 && si.ips_required == 124);
    di.size = sizeof(di);
    CHECK(aksnet_result_diagnostic_count(res) == 0 ||
          aksnet_result_diagnostic(&di, res, 0) == AKSNET_OK);
    CHECK(aksnet_result_write(NULL, 0, &need, res, AKSNET_FORMAT_JSON) == AKSNET_EBUFS && need > 2);
    aksnet_result_free(res);
    printf("ok: a program built against the 1.0 header runs against libaksnet %s\n",
           aksnet_version_string());
    return 0;
}
