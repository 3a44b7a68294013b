/*
 * Sizing and capacity (aksnet_size, aksnet_capacity): every rule of docs/sizing.md and its
 * boundaries. Expected numbers come from Azure's published articles (cited by file name in
 * MicrosoftDocs/azure-aks-docs, articles/aks/), from AKS RP error texts quoted in public
 * issues (cited owner/repo#n), or from a hand calculation written out next to the assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <aksnet.h>

/* ---- helpers ---------------------------------------------------------------------------- */

static aksnet_prefix pfx(const char *text)
{
    aksnet_prefix p;
    memset(&p, 0, sizeof(p));
    assert_int_equal(aksnet_prefix_parse(&p, text, strlen(text), AKSNET_PARSE_STRICT, NULL),
                     AKSNET_OK);
    return p;
}

static aksnet_size_options sopts(int mode, uint32_t nodes, uint32_t max_pods)
{
    aksnet_size_options o;
    aksnet_size_options_init(&o);
    o.mode = mode;
    o.nodes = nodes;
    o.max_pods = max_pods;
    return o;
}

static void surge_count(aksnet_size_options *o, uint32_t n)
{
    o->max_surge_kind = AKSNET_SURGE_COUNT;
    o->max_surge = n;
}

static void surge_percent(aksnet_size_options *o, uint32_t x)
{
    o->max_surge_kind = AKSNET_SURGE_PERCENT;
    o->max_surge = x;
}

static aksnet_size_result size_ok(const aksnet_size_options *o)
{
    aksnet_size_result r;
    aksnet_error e;
    memset(&r, 0, sizeof(r));
    r.size = sizeof(r);
    aksnet_error_init(&e);
    if (aksnet_size(&r, o, &e) != AKSNET_OK)
        fail_msg("aksnet_size: %s: %s", e.path, e.message);
    return r;
}

static int size_status(const aksnet_size_options *o, aksnet_error *e)
{
    aksnet_size_result r;
    memset(&r, 0, sizeof(r));
    r.size = sizeof(r);
    aksnet_error_init(e);
    return aksnet_size(&r, o, e);
}

static aksnet_capacity_options copts(int mode, const char *subnet, uint32_t max_pods)
{
    aksnet_capacity_options o;
    aksnet_capacity_options_init(&o);
    o.mode = mode;
    o.node_subnet = pfx(subnet);
    o.max_pods = max_pods;
    return o;
}

static aksnet_capacity_result capacity_ok(const aksnet_capacity_options *o)
{
    aksnet_capacity_result r;
    aksnet_error e;
    memset(&r, 0, sizeof(r));
    r.size = sizeof(r);
    aksnet_error_init(&e);
    if (aksnet_capacity(&r, o, &e) != AKSNET_OK)
        fail_msg("aksnet_capacity: %s: %s", e.path, e.message);
    return r;
}

static int capacity_status(const aksnet_capacity_options *o, aksnet_error *e)
{
    aksnet_capacity_result r;
    memset(&r, 0, sizeof(r));
    r.size = sizeof(r);
    aksnet_error_init(e);
    return aksnet_capacity(&r, o, e);
}

/* Azure-usable IPs of an IPv4 subnet: 2^(32-L) - 5 (Azure virtual network FAQ). */
static uint64_t usable(unsigned length)
{
    return (UINT64_C(1) << (32 - length)) - 5;
}

/* ---- node subnet: the planning article and RP error texts ------------------------------ */

static void test_sizing_planning_article_examples(void **state)
{
    aksnet_size_options o;
    aksnet_size_result r;
    (void)state;
    /* concepts-network-ip-address-planning.md, "IP address sizing" table, Subnet row:
     * "(51) + (51 * 30 (default)) = 1,581 (/21 or larger)" for a 50-node cluster with the
     * older default max surge of 1 node, so the surge is given explicitly as 1. */
    o = sopts(AKSNET_MODE_AZURE_NODE_SUBNET, 50, 0); /* 0: the default, 30 */
    surge_count(&o, 1);
    r = size_ok(&o);
    assert_int_equal(r.max_pods, 30);
    assert_int_equal(r.surge_nodes, 1);
    assert_int_equal(r.node_subnet_ips, 1581);
    /* /22 gives 2^10 - 5 = 1019 < 1581; /21 gives 2^11 - 5 = 2043 >= 1581 */
    assert_int_equal(r.node_subnet_prefix_length, 21);
    assert_int_equal(r.node_subnet_usable, 2043);
    assert_int_equal(r.exceeded, AKSNET_LIMIT_NONE);
    assert_int_equal(r.has_pod_subnet, 0);
    assert_int_equal(r.has_pod_cidr, 0);

    /* same table: 50 nodes + 10 to scale + 1 surge: "(61) + (61 * 30 (default)) = 1,891
     * (/21 or larger)" */
    o = sopts(AKSNET_MODE_AZURE_NODE_SUBNET, 60, 30);
    surge_count(&o, 1);
    r = size_ok(&o);
    assert_int_equal(r.node_subnet_ips, 1891);
    assert_int_equal(r.node_subnet_prefix_length, 21);
}

static void test_sizing_rp_error_texts(void **state)
{
    aksnet_size_options o;
    aksnet_size_result r;
    aksnet_capacity_options c;
    aksnet_capacity_result cr;
    (void)state;
    /* Azure/AKS#456: "Pre-allocated IPs 310 exceeds IPs available in Subnet 251" for a
     * 10-node Azure CNI cluster in a /24 with the default 30 max pods. Create-time
     * validation counted no surge: 10 x (30 + 1) = 310. */
    o = sopts(AKSNET_MODE_AZURE_NODE_SUBNET, 10, 30);
    surge_count(&o, 0);
    r = size_ok(&o);
    assert_int_equal(r.node_subnet_ips, 310);
    assert_true(r.node_subnet_ips > usable(24)); /* 310 > 251 */
    assert_int_equal(r.node_subnet_prefix_length, 23); /* /23: 507 */
    /* and the inverse: a /24 holds floor(251 / 31) = 8 nodes (8 x 31 = 248 <= 251,
     * 9 x 31 = 279 > 251), fewer than the 10 requested */
    c = copts(AKSNET_MODE_AZURE_NODE_SUBNET, "172.16.0.0/24", 30);
    c.max_surge_kind = AKSNET_SURGE_COUNT;
    c.max_surge = 0;
    cr = capacity_ok(&c);
    assert_int_equal(cr.node_subnet_nodes, 8);
    assert_int_equal(cr.max_pool_nodes, 8);
    assert_int_equal(cr.limited_by, AKSNET_LIMIT_NODE_SUBNET);

    /* rancher/rancher#22616 (and #20784): "Pre-allocated IPs 333 exceeds IPs available in
     * Subnet 251": 3 nodes x (110 max pods + 1) = 333 in a /24 */
    o = sopts(AKSNET_MODE_AZURE_NODE_SUBNET, 3, 110);
    surge_count(&o, 0);
    r = size_ok(&o);
    assert_int_equal(r.node_subnet_ips, 333);
    assert_int_equal(r.node_subnet_prefix_length, 23);

    /* Azure/AKS-Construction#701: "Pre-allocated IPs 1280 exceeds IPs available 1024 in
     * Subnet Cidr 10.240.100.0/22, Subnet Name networkProfile.podCIDR": overlay pod CIDR,
     * 256 per node with no reserved addresses: 5 x 256 = 1280 > 2^10 = 1024 */
    o = sopts(AKSNET_MODE_AZURE_OVERLAY, 5, 0);
    surge_count(&o, 0);
    r = size_ok(&o);
    assert_int_equal(r.has_pod_cidr, 1);
    assert_int_equal(r.pod_cidr_addresses_required, 1280);
    assert_int_equal(r.pod_cidr_prefix_length, 21); /* 24 - ceil(log2 5) = 21: 2048 */
    assert_int_equal(r.pod_cidr_addresses, 2048);
    c = copts(AKSNET_MODE_AZURE_OVERLAY, "10.240.0.0/24", 0);
    c.pod_cidr = pfx("10.240.100.0/22");
    c.max_surge_kind = AKSNET_SURGE_COUNT;
    c.max_surge = 0;
    cr = capacity_ok(&c);
    assert_int_equal(cr.pod_nodes, 4); /* 1024 / 256 = 2^(24-22) */
    assert_int_equal(cr.max_nodes, 4);
    assert_int_equal(cr.max_pool_nodes, 4);
    assert_int_equal(cr.limited_by, AKSNET_LIMIT_POD_CIDR);

    /* MicrosoftDocs/azure-docs#97370 (Microsoft support): dynamic allocation pre-allocates 16
     * IPs per node, so a /24 pod subnet holds at most 15 nodes: floor(251 / 16) = 15.
     * One batch per node is what the formula gives for D <= 8: 16 x ceil((8 + 8) / 16) = 16. */
    c = copts(AKSNET_MODE_AZURE_POD_SUBNET, "10.240.0.0/16", 250);
    c.pod_subnet = pfx("10.241.0.0/24");
    c.expected_pods = 8;
    c.max_surge_kind = AKSNET_SURGE_COUNT;
    c.max_surge = 0;
    cr = capacity_ok(&c);
    assert_int_equal(cr.pod_nodes, 15);
    assert_int_equal(cr.max_pool_nodes, 15);
    assert_int_equal(cr.limited_by, AKSNET_LIMIT_POD_SUBNET);
}

/* ---- kubenet and overlay --------------------------------------------------------------- */

static void test_sizing_kubenet_article_examples(void **state)
{
    aksnet_capacity_options c;
    aksnet_capacity_result cr;
    (void)state;
    /* configure-kubenet.md, "IP address availability and exhaustion": a /24 supports up to
     * 251 nodes with kubenet (27,610 pods at 110 per node: 251 x 110 = 27,610) and 8 nodes
     * with Azure CNI (240 pods at 30 per node: 8 x 30 = 240). "These maximums don't take
     * into account upgrade or scale operations": surge 0. */
    c = copts(AKSNET_MODE_KUBENET, "192.168.1.0/24", 0);
    c.max_surge_kind = AKSNET_SURGE_COUNT;
    c.max_surge = 0;
    cr = capacity_ok(&c);
    assert_int_equal(cr.max_pods, 110);
    assert_int_equal(cr.max_nodes, 251);
    assert_int_equal((uint64_t)cr.max_nodes * cr.max_pods, 27610);
    assert_int_equal(cr.pod_nodes, 256); /* default pod CIDR 10.244.0.0/16: 2^(24-16) */
    assert_int_equal(cr.limited_by, AKSNET_LIMIT_NODE_SUBNET);

    c = copts(AKSNET_MODE_AZURE_NODE_SUBNET, "192.168.1.0/24", 0);
    c.max_surge_kind = AKSNET_SURGE_COUNT;
    c.max_surge = 0;
    cr = capacity_ok(&c);
    assert_int_equal(cr.max_pods, 30);
    assert_int_equal(cr.max_nodes, 8);
    assert_int_equal((uint64_t)cr.max_nodes * cr.max_pods, 240);

    /* same section: a /27 runs "a 20-25 node cluster with enough room to scale or upgrade":
     * 2^5 - 5 = 27 nodes at most */
    c = copts(AKSNET_MODE_KUBENET, "192.168.1.0/27", 0);
    cr = capacity_ok(&c);
    assert_int_equal(cr.max_nodes, 27);
    /* default 10% surge: P + ceil(P/10) <= 27 -> P = 24 (24 + 3 = 27); 25 + 3 = 28 > 27 */
    assert_int_equal(cr.max_pool_nodes, 24);
    assert_int_equal(cr.surge_nodes, 3);

    /* concepts-network-azure-cni-overlay.md, "Cluster nodes": a /24 fits up to 251 nodes */
    c = copts(AKSNET_MODE_AZURE_OVERLAY, "10.0.0.0/24", 0);
    c.pod_cidr = pfx("10.244.0.0/16");
    c.max_surge_kind = AKSNET_SURGE_COUNT;
    c.max_surge = 0;
    cr = capacity_ok(&c);
    assert_int_equal(cr.max_pods, 250); /* "The default for Azure CNI Overlay is 250" */
    assert_int_equal(cr.max_nodes, 251);
}

static void test_sizing_pod_cidr_per_node(void **state)
{
    /* one /24 per node (configure-kubenet.md, concepts-network-azure-cni-overlay.md):
     * prefix = 24 - ceil(log2(nodes)) */
    static const struct {
        uint32_t nodes;
        unsigned prefix;
    } cases[] = {
        {0, 24}, {1, 24}, {2, 23}, {3, 22}, {4, 22}, {5, 21}, {256, 16}, {257, 15},
        {400, 15}, {512, 15}, {513, 14}, {1000, 14},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        aksnet_size_options o = sopts(AKSNET_MODE_AZURE_OVERLAY, cases[i].nodes, 0);
        aksnet_size_result r;
        surge_count(&o, 0);
        r = size_ok(&o);
        assert_int_equal(r.pod_cidr_addresses_required, (uint64_t)cases[i].nodes * 256);
        assert_int_equal(r.pod_cidr_prefix_length, cases[i].prefix);
        assert_int_equal(r.pod_cidr_addresses, UINT64_C(1) << (32 - cases[i].prefix));
        /* the chosen CIDR holds the nodes and the next longer one does not */
        assert_true(r.pod_cidr_addresses >= r.pod_cidr_addresses_required);
        if (cases[i].nodes > 1)
            assert_true(r.pod_cidr_addresses / 2 < r.pod_cidr_addresses_required);
    }
}

static void test_sizing_byo_cni_pod_cidr_not_counted(void **state)
{
    aksnet_size_options o;
    aksnet_size_result r;
    aksnet_capacity_options c;
    aksnet_capacity_result cr;
    (void)state;
    /* use-byo-cni.md, "Pod networking and IP management": with BYO CNI AKS does not
     * "preassign per-node pod CIDR ranges"; only node subnet sizing applies. */
    o = sopts(AKSNET_MODE_NONE, 300, 0);
    surge_count(&o, 0);
    r = size_ok(&o);
    assert_int_equal(r.max_pods, 250);
    assert_int_equal(r.node_subnet_ips, 300); /* one IP per node */
    assert_int_equal(r.has_pod_cidr, 0);
    assert_int_equal(r.pod_cidr_prefix_length, 0);
    assert_int_equal(r.has_pod_subnet, 0);
    /* 300 nodes in a /16 node subnet with a /16 pod CIDR: kubenet or overlay would stop at
     * 256 nodes (2^(24-16)); none is limited only by the node subnet and AKS limits */
    c = copts(AKSNET_MODE_NONE, "10.1.0.0/16", 0);
    c.pod_cidr = pfx("10.10.0.0/16"); /* use-byo-cni.md example --pod-cidr */
    cr = capacity_ok(&c);
    assert_int_equal(cr.pod_nodes, UINT32_MAX);
    assert_int_equal(cr.node_subnet_nodes, 65531);
    assert_int_equal(cr.max_nodes, 5000);
    assert_int_equal(cr.limited_by, AKSNET_LIMIT_POOL);
}

/* ---- pod subnet modes ------------------------------------------------------------------- */

static void test_sizing_dynamic_batches(void **state)
{
    /* configure-azure-cni-dynamic-ip-allocation.md, "Plan IP addressing": batches of 16,
     * another batch when fewer than 8 are free. Per node 16 x ceil((D + 8) / 16), at most
     * 16 x ceil(maxPods / 16). Each row is worked out by hand. */
    static const struct {
        uint32_t max_pods, expected;
        uint64_t per_node;
    } cases[] = {
        {250, 0, 256},   /* D = 250: min(16 x ceil(258/16) = 272, 16 x ceil(250/16) = 256) */
        {250, 250, 256}, /* same, given explicitly */
        {250, 110, 128}, /* min(16 x ceil(118/16) = 128, 256) */
        {110, 0, 112},   /* min(16 x ceil(118/16) = 128, 16 x ceil(110/16) = 112) */
        {250, 8, 16},    /* 16 x ceil(16/16) = 16: one batch */
        {250, 9, 32},    /* 16 x ceil(17/16) = 32: 9 pods leave 7 < 8 free */
        {250, 1, 16},    /* 16 x ceil(9/16) = 16 */
        {30, 0, 32},     /* min(16 x ceil(38/16) = 48, 16 x ceil(30/16) = 32) */
        {10, 0, 16},     /* min(16 x ceil(18/16) = 32, 16 x ceil(10/16) = 16) */
        {16, 0, 16},     /* min(16 x ceil(24/16) = 32, 16 x 1 = 16) */
        {24, 24, 32},    /* min(16 x ceil(32/16) = 32, 16 x ceil(24/16) = 32) */
        {25, 24, 32},    /* min(16 x ceil(32/16) = 32, 16 x ceil(25/16) = 32) */
        {40, 24, 32},    /* min(16 x ceil(32/16) = 32, 16 x ceil(40/16) = 48) */
        {40, 25, 48},    /* min(16 x ceil(33/16) = 48, 48) */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        aksnet_size_options o = sopts(AKSNET_MODE_AZURE_POD_SUBNET, 10, cases[i].max_pods);
        aksnet_size_result r;
        o.expected_pods = cases[i].expected;
        surge_count(&o, 0);
        r = size_ok(&o);
        assert_int_equal(r.has_pod_subnet, 1);
        assert_int_equal(r.expected_pods, cases[i].expected ? cases[i].expected
                                                            : cases[i].max_pods);
        assert_int_equal(r.pod_ips_per_node, cases[i].per_node);
        assert_int_equal(r.pod_subnet_ips, 10 * cases[i].per_node);
        assert_int_equal(r.pod_subnet_blocks, 0);
        /* the node subnet holds one IP per node only */
        assert_int_equal(r.node_subnet_ips, 10);
        assert_int_equal(r.has_pod_cidr, 0);
    }
}

static void test_sizing_dynamic_article_deployment(void **state)
{
    aksnet_capacity_options c;
    aksnet_capacity_result cr;
    aksnet_size_options o;
    aksnet_size_result r;
    (void)state;
    /* configure-azure-cni-dynamic-ip-allocation.md deploys node subnet 10.240.0.0/16, pod
     * subnet 10.241.0.0/16, --max-pods 250, --node-count 2. Pod subnet: 65531 usable / 256
     * per node = 255 nodes (255 x 256 = 65280 <= 65531, 256 x 256 = 65536 > 65531). */
    c = copts(AKSNET_MODE_AZURE_POD_SUBNET, "10.240.0.0/16", 250);
    c.pod_subnet = pfx("10.241.0.0/16");
    cr = capacity_ok(&c);
    assert_int_equal(cr.pod_nodes, 255);
    assert_int_equal(cr.node_subnet_nodes, 65531);
    assert_int_equal(cr.max_nodes, 255);
    /* default 10% surge: P + ceil(P/10) <= 255 -> P = 231 (231 + 24 = 255);
     * 232 + ceil(23.2) = 256 > 255 */
    assert_int_equal(cr.max_pool_nodes, 231);
    assert_int_equal(cr.surge_nodes, 24);
    assert_int_equal(cr.limited_by, AKSNET_LIMIT_POD_SUBNET);
    /* the article's 2 nodes with default surge: 2 + ceil(0.2) = 3 nodes x 256 = 768 IPs,
     * /22 (1019 usable) since /23 has 507 */
    o = sopts(AKSNET_MODE_AZURE_POD_SUBNET, 2, 250);
    r = size_ok(&o);
    assert_int_equal(r.surge_nodes, 1);
    assert_int_equal(r.pod_subnet_ips, 768);
    assert_int_equal(r.pod_subnet_prefix_length, 22);
    assert_int_equal(r.pod_subnet_usable, 1019);
    assert_int_equal(r.node_subnet_ips, 3);
    assert_int_equal(r.node_subnet_prefix_length, 29);
}

static void test_sizing_static_block_examples(void **state)
{
    /* configure-azure-cni-static-block-allocation.md, "Plan IP addressing": Example 1
     * max_pods 30 -> 2 blocks; Example 2: 31 -> 2; Example 3: 32 -> 3. ceil((M + 1) / 16). */
    static const struct {
        uint32_t max_pods;
        uint64_t blocks;
    } cases[] = {
        {30, 2}, {31, 2}, {32, 3}, /* the article's three examples */
        {10, 1}, {15, 1}, {16, 2}, {47, 3}, {48, 4}, {110, 7}, {250, 16}, /* ceil((M+1)/16) */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        aksnet_size_options o = sopts(AKSNET_MODE_AZURE_STATIC_BLOCK, 3, cases[i].max_pods);
        aksnet_size_result r;
        surge_count(&o, 0);
        r = size_ok(&o);
        assert_int_equal(r.pod_ips_per_node, cases[i].blocks * 16);
        assert_int_equal(r.pod_subnet_blocks, 3 * cases[i].blocks);
        assert_int_equal(r.pod_subnet_ips, 3 * cases[i].blocks * 16);
        /* "(16 * N) - 1" pods usable per node: never fewer than max pods */
        assert_true(cases[i].blocks * 16 - 1 >= cases[i].max_pods);
        assert_int_equal(r.node_subnet_ips, 3);
    }
}

static void test_sizing_static_block_subnets(void **state)
{
    aksnet_size_options o;
    aksnet_size_result r;
    aksnet_capacity_options c;
    aksnet_capacity_result cr;
    (void)state;
    /* blocks of a pod subnet of length L: 2^(28-L) - 2 (first and last /28 hold Azure's
     * reserved addresses: conservative reading, docs/sizing.md) */
    /* 1 node, 250 max pods, no surge: 16 blocks. /24: 16 - 2 = 14 < 16; /23: 30 >= 16 */
    o = sopts(AKSNET_MODE_AZURE_STATIC_BLOCK, 1, 250);
    surge_count(&o, 0);
    r = size_ok(&o);
    assert_int_equal(r.pod_subnet_blocks, 16);
    assert_int_equal(r.pod_subnet_prefix_length, 23);
    /* 3 nodes of 1 block each (max pods 10: ceil(11/16) = 1): 3 blocks */
    o = sopts(AKSNET_MODE_AZURE_STATIC_BLOCK, 3, 10);
    surge_count(&o, 0);
    r = size_ok(&o);
    assert_int_equal(r.pod_subnet_blocks, 3);
    assert_int_equal(r.pod_subnet_prefix_length, 25); /* /26: 2 < 3; /25: 8 - 2 = 6 */
    /* the pod subnet is at most a /12 ("Maximum subnet size supported is x.x.x.x/12"):
     * 2^16 - 2 = 65534 blocks. 4095 nodes x 16 = 65520 fit; 4096 x 16 = 65536 do not (the
     * pool limit is broken too and reported first) */
    o = sopts(AKSNET_MODE_AZURE_STATIC_BLOCK, 4095, 250);
    surge_count(&o, 0);
    r = size_ok(&o);
    assert_int_equal(r.pod_subnet_blocks, 65520);
    assert_int_equal(r.pod_subnet_prefix_length, 12);
    o.nodes = 4096;
    r = size_ok(&o);
    assert_int_equal(r.pod_subnet_blocks, 65536);
    assert_int_equal(r.pod_subnet_prefix_length, 0);
    assert_int_equal(r.pod_subnet_usable, 0);
    assert_int_equal(r.exceeded, AKSNET_LIMIT_POOL);

    /* the article's deployment: pod subnet 10.40.0.0/13, --max-pods 250: (2^15 - 2) / 16 =
     * 32766 / 16 = 2047 nodes (2047 x 16 = 32752 <= 32766, 2048 x 16 = 32768 > 32766) */
    c = copts(AKSNET_MODE_AZURE_STATIC_BLOCK, "10.240.0.0/16", 250);
    c.pod_subnet = pfx("10.40.0.0/13");
    cr = capacity_ok(&c);
    assert_int_equal(cr.pod_nodes, 2047);
    assert_int_equal(cr.max_nodes, 2047);
    /* one pool: P + ceil(P/10) <= 1000 -> P = 909 (909 + 91 = 1000; 910 + 91 = 1001) */
    assert_int_equal(cr.max_pool_nodes, 909);
    assert_int_equal(cr.surge_nodes, 91);
    assert_int_equal(cr.limited_by, AKSNET_LIMIT_POOL);
    /* its second pool: pod2subnet 10.243.0.0/16: (2^12 - 2) / 16 = 4094 / 16 = 255 */
    c.pod_subnet = pfx("10.243.0.0/16");
    cr = capacity_ok(&c);
    assert_int_equal(cr.pod_nodes, 255);
    assert_int_equal(cr.limited_by, AKSNET_LIMIT_POD_SUBNET);
    /* "Maximum subnet size supported is x.x.x.x/12": (2^16 - 2) / 16 = 4095 nodes */
    c.pod_subnet = pfx("10.48.0.0/12");
    cr = capacity_ok(&c);
    assert_int_equal(cr.pod_nodes, 4095);
    /* a /27 or /28 has no usable whole block: 2^(28-27) - 2 = 0 */
    c.pod_subnet = pfx("10.50.0.0/27");
    cr = capacity_ok(&c);
    assert_int_equal(cr.pod_nodes, 0);
    assert_int_equal(cr.max_pool_nodes, 0);
    /* /26: 2 blocks, enough for 2 nodes of max pods 15 (1 block each) */
    c.max_pods = 15;
    c.pod_subnet = pfx("10.50.0.0/26");
    cr = capacity_ok(&c);
    assert_int_equal(cr.pod_nodes, 2);
}

/* ---- surge --------------------------------------------------------------------------------- */

static void test_sizing_surge_rules(void **state)
{
    static const struct {
        int kind;
        uint32_t value, nodes, surge;
    } cases[] = {
        /* upgrade-aks-node-pools-rolling.md: 5 pools x 4 nodes at 50% need 10 extra nodes,
         * two per pool: ceil(50% x 4) = 2 */
        {AKSNET_SURGE_PERCENT, 50, 4, 2},
        /* "A percent value is rounded up to the nearest node count" */
        {AKSNET_SURGE_PERCENT, 33, 3, 1},    /* ceil(0.99) */
        {AKSNET_SURGE_PERCENT, 33, 100, 33}, /* exactly 33 */
        {AKSNET_SURGE_PERCENT, 33, 101, 34}, /* ceil(33.33) */
        {AKSNET_SURGE_PERCENT, 100, 7, 7},
        {AKSNET_SURGE_PERCENT, 0, 7, 0},
        {AKSNET_SURGE_PERCENT, 1, 1, 1}, /* ceil(0.01) */
        /* default 10% (API text "If not specified, the default is 10%"), rounded up */
        {AKSNET_SURGE_DEFAULT, 0, 0, 0},
        {AKSNET_SURGE_DEFAULT, 0, 1, 1},
        {AKSNET_SURGE_DEFAULT, 0, 10, 1},
        {AKSNET_SURGE_DEFAULT, 0, 11, 2},
        {AKSNET_SURGE_DEFAULT, 0, 50, 5},
        {AKSNET_SURGE_DEFAULT, 0, 1000, 100},
        /* "If the max surge value is higher than the required number of nodes to be
         * upgraded, the number of nodes to be upgraded is used" */
        {AKSNET_SURGE_COUNT, 5, 3, 3},
        {AKSNET_SURGE_COUNT, 5, 5, 5},
        {AKSNET_SURGE_COUNT, 5, 6, 5},
        {AKSNET_SURGE_COUNT, 0, 6, 0},
        {AKSNET_SURGE_COUNT, UINT32_MAX, 2, 2},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        aksnet_size_options o = sopts(AKSNET_MODE_AZURE_OVERLAY, cases[i].nodes, 0);
        aksnet_size_result r;
        o.max_surge_kind = cases[i].kind;
        o.max_surge = cases[i].value;
        r = size_ok(&o);
        assert_int_equal(r.nodes, cases[i].nodes);
        assert_int_equal(r.surge_nodes, cases[i].surge);
        assert_int_equal(r.node_subnet_ips, (uint64_t)cases[i].nodes + cases[i].surge);
    }
}

static void test_sizing_surge_on_node_subnet(void **state)
{
    aksnet_size_options o;
    aksnet_size_result r;
    (void)state;
    /* surge nodes reserve IPs like any node (planning article: "(number of nodes + max surge
     * nodes)"): 20 nodes at 50%: (20 + 10) x (30 + 1) = 930 -> /22 (1019) */
    o = sopts(AKSNET_MODE_AZURE_NODE_SUBNET, 20, 30);
    surge_percent(&o, 50);
    r = size_ok(&o);
    assert_int_equal(r.surge_nodes, 10);
    assert_int_equal(r.node_subnet_ips, 930);
    assert_int_equal(r.node_subnet_prefix_length, 22);
}

/* ---- smallest subnet ---------------------------------------------------------------------- */

static void test_sizing_smallest_subnet_boundaries(void **state)
{
    /* usable(L) = 2^(32-L) - 5; the smallest subnet is /29 (3 usable) and the largest
     * libaksnet plans is /8 (Azure virtual network FAQ; docs/sizing.md) */
    static const struct {
        uint32_t ips;
        unsigned prefix;
    } cases[] = {
        {0, 29},   {1, 29},    {3, 29},    {4, 28},    {11, 28},   {12, 27},
        {27, 27},  {28, 26},   {251, 24},  {252, 23},  {507, 23},  {508, 22},
        {65531, 16}, {65532, 15}, {16777211, 8},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* overlay with 0 nodes: the node subnet holds exactly extra_ips */
        aksnet_size_options o = sopts(AKSNET_MODE_AZURE_OVERLAY, 0, 0);
        aksnet_size_result r;
        o.extra_ips = cases[i].ips;
        r = size_ok(&o);
        assert_int_equal(r.node_subnet_ips, cases[i].ips);
        assert_int_equal(r.node_subnet_prefix_length, cases[i].prefix);
        assert_int_equal(r.node_subnet_usable, usable(cases[i].prefix));
        assert_int_equal(r.exceeded, AKSNET_LIMIT_NONE);
    }
}

static void test_sizing_larger_than_a_slash8(void **state)
{
    aksnet_size_options o;
    aksnet_size_result r;
    (void)state;
    /* 2^24 - 4 = 16777212 IPs: one more than a /8 holds */
    o = sopts(AKSNET_MODE_AZURE_OVERLAY, 0, 0);
    o.extra_ips = 16777212;
    r = size_ok(&o);
    assert_int_equal(r.node_subnet_prefix_length, 0);
    assert_int_equal(r.node_subnet_usable, 0);
    assert_int_equal(r.exceeded, AKSNET_LIMIT_SUBNET_SIZE);
}

static void test_sizing_extra_ips(void **state)
{
    aksnet_size_options o;
    aksnet_size_result r;
    aksnet_capacity_options c;
    aksnet_capacity_result cr;
    (void)state;
    /* 7 nodes + 1 surge in node-subnet mode: 8 x 31 = 248, + 3 ILB/private endpoint IPs =
     * 251: still a /24; + 4 = 252: a /23 */
    o = sopts(AKSNET_MODE_AZURE_NODE_SUBNET, 7, 30);
    surge_count(&o, 1);
    o.extra_ips = 3;
    r = size_ok(&o);
    assert_int_equal(r.node_subnet_ips, 251);
    assert_int_equal(r.node_subnet_prefix_length, 24);
    o.extra_ips = 4;
    r = size_ok(&o);
    assert_int_equal(r.node_subnet_ips, 252);
    assert_int_equal(r.node_subnet_prefix_length, 23);
    /* inverse: (251 - 3) / 31 = 8 nodes; (251 - 4) / 31 = 7 */
    c = copts(AKSNET_MODE_AZURE_NODE_SUBNET, "10.0.0.0/24", 30);
    c.extra_ips = 3;
    cr = capacity_ok(&c);
    assert_int_equal(cr.node_subnet_nodes, 8);
    c.extra_ips = 4;
    cr = capacity_ok(&c);
    assert_int_equal(cr.node_subnet_nodes, 7);
    /* more extra IPs than usable: nothing fits */
    c.extra_ips = 1000;
    cr = capacity_ok(&c);
    assert_int_equal(cr.node_subnet_nodes, 0);
    assert_int_equal(cr.max_pool_nodes, 0);
    assert_int_equal(cr.limited_by, AKSNET_LIMIT_NODE_SUBNET);
}

/* ---- max pods ----------------------------------------------------------------------------- */

static void test_sizing_max_pods_defaults(void **state)
{
    /* concepts-network-ip-address-planning.md (kubenet 110, Azure CNI legacy 30, overlay
     * 250); dynamic pod subnet 250 per the 2022-2024 dynamic article (the planning table says
     * 110: the larger value is the conservative reading, docs/sizing.md); static block: the
     * article's examples use 250; none: "250 for none" (az aks create --max-pods help) */
    static const struct {
        int mode;
        uint32_t max_pods;
    } cases[] = {
        {AKSNET_MODE_KUBENET, 110},           {AKSNET_MODE_AZURE_NODE_SUBNET, 30},
        {AKSNET_MODE_AZURE_POD_SUBNET, 250},  {AKSNET_MODE_AZURE_STATIC_BLOCK, 250},
        {AKSNET_MODE_AZURE_OVERLAY, 250},     {AKSNET_MODE_NONE, 250},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        aksnet_size_options o = sopts(cases[i].mode, 3, 0);
        aksnet_capacity_options c = copts(cases[i].mode, "10.0.0.0/20", 0);
        assert_int_equal(size_ok(&o).max_pods, cases[i].max_pods);
        if (cases[i].mode == AKSNET_MODE_AZURE_POD_SUBNET ||
            cases[i].mode == AKSNET_MODE_AZURE_STATIC_BLOCK)
            c.pod_subnet = pfx("10.1.0.0/16");
        assert_int_equal(capacity_ok(&c).max_pods, cases[i].max_pods);
    }
}

static void test_sizing_max_pods_bounds(void **state)
{
    aksnet_size_options o;
    aksnet_error e;
    (void)state;
    /* "The maximum number of pods per node in an AKS cluster is 250"; minimum 10 */
    o = sopts(AKSNET_MODE_AZURE_OVERLAY, 3, 9);
    assert_int_equal(size_status(&o, &e), AKSNET_ERANGE);
    assert_string_equal(e.path, "max_pods");
    assert_int_equal(e.code, AKSNET_ERANGE);
    o = sopts(AKSNET_MODE_AZURE_OVERLAY, 3, 251);
    assert_int_equal(size_status(&o, &e), AKSNET_ERANGE);
    assert_string_equal(e.path, "max_pods");
    o = sopts(AKSNET_MODE_AZURE_OVERLAY, 3, 10);
    assert_int_equal(size_status(&o, &e), AKSNET_OK);
    o = sopts(AKSNET_MODE_AZURE_OVERLAY, 3, 250);
    assert_int_equal(size_status(&o, &e), AKSNET_OK);
}

static void test_sizing_max_pods_thirty_per_pool(void **state)
{
    /* planning article: "The minimum value ... is 10 if and only if the configuration of
     * each node pool has space for a minimum of 30 pods", e.g. 10 needs three nodes;
     * Azure/AKS#931: "20 OR 20 * NodeCount > 30 ... 3 nodes works as the value is >= 30" */
    static const struct {
        uint32_t max_pods, nodes;
        int exceeded;
    } cases[] = {
        {10, 3, AKSNET_LIMIT_NONE},     /* 10 x 3 = 30 */
        {10, 2, AKSNET_LIMIT_MAX_PODS}, /* 10 x 2 = 20 < 30 */
        {10, 0, AKSNET_LIMIT_MAX_PODS}, /* no room at all */
        {15, 2, AKSNET_LIMIT_NONE},     /* 30 */
        {14, 2, AKSNET_LIMIT_MAX_PODS}, /* 28 */
        {29, 1, AKSNET_LIMIT_MAX_PODS}, /* 29 */
        {30, 1, AKSNET_LIMIT_NONE},     /* 30 per node */
        {30, 0, AKSNET_LIMIT_NONE},     /* maxPods >= 30 needs nothing more */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        aksnet_size_options o =
            sopts(AKSNET_MODE_AZURE_NODE_SUBNET, cases[i].nodes, cases[i].max_pods);
        assert_int_equal(size_ok(&o).exceeded, cases[i].exceeded);
    }
}

/* ---- AKS limits --------------------------------------------------------------------------- */

static void test_sizing_limits(void **state)
{
    static const struct {
        int mode;
        uint32_t nodes;
        int surge_kind; /* default or a count of 0 */
        unsigned dual_stack;
        int exceeded;
    } cases[] = {
        /* 1,000 nodes per pool including surge (upgrade-aks-node-pools-rolling.md; AKS
         * limits): 909 + ceil(90.9) = 1000 fits, 910 + 91 = 1001 does not */
        {AKSNET_MODE_AZURE_OVERLAY, 909, AKSNET_SURGE_DEFAULT, 0, AKSNET_LIMIT_NONE},
        {AKSNET_MODE_AZURE_OVERLAY, 910, AKSNET_SURGE_DEFAULT, 0, AKSNET_LIMIT_POOL},
        {AKSNET_MODE_AZURE_OVERLAY, 1000, AKSNET_SURGE_COUNT, 0, AKSNET_LIMIT_NONE},
        {AKSNET_MODE_AZURE_OVERLAY, 1001, AKSNET_SURGE_COUNT, 0, AKSNET_LIMIT_POOL},
        /* a single pool above 5,000 nodes is above 1,000 first */
        {AKSNET_MODE_NONE, 6000, AKSNET_SURGE_COUNT, 0, AKSNET_LIMIT_POOL},
        /* kubenet: 400 routes per route table, one per node (configure-kubenet.md):
         * 363 + ceil(36.3) = 400 fits, 364 + 37 = 401 does not */
        {AKSNET_MODE_KUBENET, 363, AKSNET_SURGE_DEFAULT, 0, AKSNET_LIMIT_NONE},
        {AKSNET_MODE_KUBENET, 364, AKSNET_SURGE_DEFAULT, 0, AKSNET_LIMIT_KUBENET},
        {AKSNET_MODE_KUBENET, 400, AKSNET_SURGE_COUNT, 0, AKSNET_LIMIT_NONE},
        {AKSNET_MODE_KUBENET, 401, AKSNET_SURGE_COUNT, 0, AKSNET_LIMIT_KUBENET},
        /* kubenet is reported first when the pool limit is broken too */
        {AKSNET_MODE_KUBENET, 1001, AKSNET_SURGE_COUNT, 0, AKSNET_LIMIT_KUBENET},
        /* dual-stack kubenet: two routes per node, 200 nodes */
        {AKSNET_MODE_KUBENET, 200, AKSNET_SURGE_COUNT, 1, AKSNET_LIMIT_NONE},
        {AKSNET_MODE_KUBENET, 201, AKSNET_SURGE_COUNT, 1, AKSNET_LIMIT_KUBENET},
        /* the kubenet limit does not apply to overlay */
        {AKSNET_MODE_AZURE_OVERLAY, 401, AKSNET_SURGE_COUNT, 1, AKSNET_LIMIT_NONE},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        aksnet_size_options o = sopts(cases[i].mode, cases[i].nodes, 0);
        o.max_surge_kind = cases[i].surge_kind;
        o.max_surge = 0;
        o.dual_stack = cases[i].dual_stack;
        assert_int_equal(size_ok(&o).exceeded, cases[i].exceeded);
    }
}

/* ---- errors --------------------------------------------------------------------------------- */

static void test_sizing_size_errors(void **state)
{
    aksnet_size_options o;
    aksnet_size_result r;
    aksnet_error e;
    (void)state;
    o = sopts(AKSNET_MODE_AZURE_OVERLAY, 3, 0);
    memset(&r, 0, sizeof(r));
    r.size = sizeof(r);
    assert_int_equal(aksnet_size(NULL, &o, NULL), AKSNET_EINVAL);
    assert_int_equal(aksnet_size(&r, NULL, NULL), AKSNET_EINVAL);
    assert_int_equal(aksnet_size(&r, &o, NULL), AKSNET_OK); /* err is optional */

    o.version = 0;
    assert_int_equal(size_status(&o, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "version");

    o = sopts(AKSNET_MODE_UNSET, 3, 0);
    assert_int_equal(size_status(&o, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "mode");
    o = sopts(AKSNET_MODE_NONE + 1, 3, 0);
    assert_int_equal(size_status(&o, &e), AKSNET_EINVAL);

    /* Cilium needs Azure CNI (azure-cni-powered-by-cilium.md) */
    o = sopts(AKSNET_MODE_KUBENET, 3, 0);
    o.dataplane = AKSNET_DATAPLANE_CILIUM;
    assert_int_equal(size_status(&o, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "dataplane");
    o.mode = AKSNET_MODE_NONE;
    assert_int_equal(size_status(&o, &e), AKSNET_EINVAL);
    o.mode = AKSNET_MODE_AZURE_NODE_SUBNET; /* node subnet since 2025-02 */
    assert_int_equal(size_status(&o, &e), AKSNET_OK);
    o.mode = AKSNET_MODE_AZURE_OVERLAY;
    assert_int_equal(size_status(&o, &e), AKSNET_OK);
    o.dataplane = 2;
    assert_int_equal(size_status(&o, &e), AKSNET_EINVAL);

    /* expected_pods only for the dynamic pod subnet */
    o = sopts(AKSNET_MODE_AZURE_OVERLAY, 3, 0);
    o.expected_pods = 20;
    assert_int_equal(size_status(&o, &e), AKSNET_ECONFLICT);
    assert_string_equal(e.path, "expected_pods");
    o.mode = AKSNET_MODE_AZURE_STATIC_BLOCK;
    assert_int_equal(size_status(&o, &e), AKSNET_ECONFLICT);
    o.mode = AKSNET_MODE_AZURE_POD_SUBNET;
    assert_int_equal(size_status(&o, &e), AKSNET_OK);
    o.max_pods = 19; /* expected above max pods */
    assert_int_equal(size_status(&o, &e), AKSNET_ERANGE);
    assert_string_equal(e.path, "expected_pods");
    o.max_pods = 0;
    o.expected_pods = 251; /* above the default 250 */
    assert_int_equal(size_status(&o, &e), AKSNET_ERANGE);

    /* surge percentages run to 100% */
    o = sopts(AKSNET_MODE_AZURE_OVERLAY, 3, 0);
    surge_percent(&o, 101);
    assert_int_equal(size_status(&o, &e), AKSNET_ERANGE);
    assert_string_equal(e.path, "max_surge");
    assert_non_null(strstr(e.message, "101%"));
    surge_percent(&o, 100);
    assert_int_equal(size_status(&o, &e), AKSNET_OK);
    o.max_surge_kind = 3;
    assert_int_equal(size_status(&o, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "max_surge");
}

static void test_sizing_capacity_errors(void **state)
{
    aksnet_capacity_options c;
    aksnet_capacity_result r;
    aksnet_error e;
    (void)state;
    c = copts(AKSNET_MODE_AZURE_OVERLAY, "10.0.0.0/24", 0);
    memset(&r, 0, sizeof(r));
    r.size = sizeof(r);
    assert_int_equal(aksnet_capacity(NULL, &c, NULL), AKSNET_EINVAL);
    assert_int_equal(aksnet_capacity(&r, NULL, NULL), AKSNET_EINVAL);
    assert_int_equal(aksnet_capacity(&r, &c, NULL), AKSNET_OK);
    c.version = 0;
    assert_int_equal(capacity_status(&c, &e), AKSNET_EINVAL);

    /* node subnet: required, IPv4, /8../29 */
    aksnet_capacity_options_init(&c);
    c.mode = AKSNET_MODE_AZURE_OVERLAY;
    assert_int_equal(capacity_status(&c, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "subnet");
    c.node_subnet = pfx("fd00::/64");
    assert_int_equal(capacity_status(&c, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "subnet");
    c.node_subnet = pfx("10.0.0.0/30");
    assert_int_equal(capacity_status(&c, &e), AKSNET_ERANGE);
    assert_string_equal(e.path, "subnet");
    c.node_subnet = pfx("10.0.0.0/7");
    assert_int_equal(capacity_status(&c, &e), AKSNET_ERANGE);
    c.node_subnet = pfx("10.0.0.0/29");
    assert_int_equal(capacity_status(&c, &e), AKSNET_OK);
    c.node_subnet = pfx("10.0.0.0/8");
    assert_int_equal(capacity_status(&c, &e), AKSNET_OK);

    /* pod subnet: required in the pod-subnet modes, refused elsewhere */
    c = copts(AKSNET_MODE_AZURE_POD_SUBNET, "10.0.0.0/24", 0);
    assert_int_equal(capacity_status(&c, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "pod_subnet");
    c.pod_subnet = pfx("12.0.0.0/7");
    assert_int_equal(capacity_status(&c, &e), AKSNET_ERANGE);
    c.mode = AKSNET_MODE_AZURE_STATIC_BLOCK;
    c.pod_subnet = pfx("10.0.0.0/11"); /* static block: at most /12 */
    assert_int_equal(capacity_status(&c, &e), AKSNET_ERANGE);
    assert_string_equal(e.path, "pod_subnet");
    c.pod_subnet = pfx("10.16.0.0/12");
    assert_int_equal(capacity_status(&c, &e), AKSNET_OK);
    c = copts(AKSNET_MODE_AZURE_OVERLAY, "10.0.0.0/24", 0);
    c.pod_subnet = pfx("10.1.0.0/16");
    assert_int_equal(capacity_status(&c, &e), AKSNET_ECONFLICT);
    assert_string_equal(e.path, "pod_subnet");

    /* pod CIDR: only where the cluster has one (not Azure CNI with VNet pod IPs) */
    c = copts(AKSNET_MODE_AZURE_NODE_SUBNET, "10.0.0.0/24", 0);
    c.pod_cidr = pfx("10.244.0.0/16");
    assert_int_equal(capacity_status(&c, &e), AKSNET_ECONFLICT);
    assert_string_equal(e.path, "pod_cidr");
    c.mode = AKSNET_MODE_AZURE_POD_SUBNET;
    c.pod_subnet = pfx("10.1.0.0/16");
    assert_int_equal(capacity_status(&c, &e), AKSNET_ECONFLICT);
    c = copts(AKSNET_MODE_KUBENET, "10.0.0.0/24", 0);
    c.pod_cidr = pfx("fd00::/64");
    assert_int_equal(capacity_status(&c, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "pod_cidr");

    /* the same option checks as aksnet_size */
    c = copts(AKSNET_MODE_AZURE_OVERLAY, "10.0.0.0/24", 251);
    assert_int_equal(capacity_status(&c, &e), AKSNET_ERANGE);
    assert_string_equal(e.path, "max_pods");
    c.max_pods = 9;
    assert_int_equal(capacity_status(&c, &e), AKSNET_ERANGE);
    c.max_pods = 0;
    c.max_surge_kind = AKSNET_SURGE_PERCENT;
    c.max_surge = 101;
    assert_int_equal(capacity_status(&c, &e), AKSNET_ERANGE);
    assert_string_equal(e.path, "max_surge");
    c.max_surge_kind = 9;
    assert_int_equal(capacity_status(&c, &e), AKSNET_EINVAL);
    c.max_surge_kind = AKSNET_SURGE_DEFAULT;
    c.expected_pods = 30;
    assert_int_equal(capacity_status(&c, &e), AKSNET_ECONFLICT);
    assert_string_equal(e.path, "expected_pods");
    c = copts(AKSNET_MODE_AZURE_POD_SUBNET, "10.0.0.0/24", 30);
    c.pod_subnet = pfx("10.1.0.0/16");
    c.expected_pods = 31;
    assert_int_equal(capacity_status(&c, &e), AKSNET_ERANGE);
    c = copts(AKSNET_MODE_KUBENET, "10.0.0.0/24", 0);
    c.dataplane = AKSNET_DATAPLANE_CILIUM;
    assert_int_equal(capacity_status(&c, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "dataplane");
    c.mode = 0;
    c.dataplane = AKSNET_DATAPLANE_AZURE;
    assert_int_equal(capacity_status(&c, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "mode");
}

/* ---- output record size ---------------------------------------------------------------- */

static void test_sizing_record_size(void **state)
{
    aksnet_size_options o;
    aksnet_size_result r;
    aksnet_capacity_options c;
    aksnet_capacity_result cr;
    aksnet_error e;
    size_t cut;
    (void)state;
    o = sopts(AKSNET_MODE_AZURE_NODE_SUBNET, 50, 30);
    surge_count(&o, 1);

    /* size 0 (and anything smaller than the size member) is refused */
    memset(&r, 0xAA, sizeof(r));
    r.size = 0;
    aksnet_error_init(&e);
    assert_int_equal(aksnet_size(&r, &o, &e), AKSNET_EINVAL);
    assert_string_equal(e.path, "size");
    assert_int_equal(r.mode, (int)0xAAAAAAAA); /* untouched */
    r.size = sizeof(size_t) - 1;
    assert_int_equal(aksnet_size(&r, &o, NULL), AKSNET_EINVAL);

    /* a caller whose struct ends after node_subnet_ips gets the members up to it and
     * nothing after it */
    memset(&r, 0xAA, sizeof(r));
    cut = offsetof(aksnet_size_result, node_subnet_ips) + sizeof(r.node_subnet_ips);
    r.size = cut;
    assert_int_equal(aksnet_size(&r, &o, NULL), AKSNET_OK);
    assert_int_equal(r.size, cut);
    assert_int_equal(r.mode, AKSNET_MODE_AZURE_NODE_SUBNET);
    assert_int_equal(r.nodes, 50);
    assert_int_equal(r.surge_nodes, 1);
    assert_int_equal(r.node_subnet_ips, 1581);
    /* members before node_subnet_ips in memory are written, those after are not */
    assert_int_equal(r.node_subnet_prefix_length, 21);
    assert_int_equal(r.exceeded, AKSNET_LIMIT_NONE);
    assert_int_equal(r.node_subnet_usable, UINT64_C(0xAAAAAAAAAAAAAAAA));

    /* a size that ends inside a member: that member is not written */
    memset(&r, 0xAA, sizeof(r));
    r.size = offsetof(aksnet_size_result, node_subnet_ips) + 4;
    assert_int_equal(aksnet_size(&r, &o, NULL), AKSNET_OK);
    assert_int_equal(r.expected_pods, 0);
    assert_int_equal(r.node_subnet_ips, UINT64_C(0xAAAAAAAAAAAAAAAA));

    /* just the size member: nothing else written */
    memset(&r, 0xAA, sizeof(r));
    r.size = sizeof(size_t);
    assert_int_equal(aksnet_size(&r, &o, NULL), AKSNET_OK);
    assert_int_equal(r.mode, (int)0xAAAAAAAA);

    /* a larger caller struct: the whole 1.0 record, size kept, nothing written past it */
    {
        struct {
            aksnet_size_result r;
            unsigned char tail[64];
        } big;
        memset(&big, 0xAA, sizeof(big));
        big.r.size = sizeof(big);
        assert_int_equal(aksnet_size(&big.r, &o, NULL), AKSNET_OK);
        assert_int_equal(big.r.size, sizeof(big));
        assert_int_equal(big.r.exceeded, AKSNET_LIMIT_NONE);
        assert_int_equal(big.r.pod_cidr_addresses, 0);
        assert_int_equal(big.tail[0], 0xAA);
        assert_int_equal(big.tail[63], 0xAA);
    }

    /* the same for capacity */
    c = copts(AKSNET_MODE_AZURE_NODE_SUBNET, "10.0.0.0/24", 30);
    memset(&cr, 0xAA, sizeof(cr));
    cr.size = 0;
    assert_int_equal(aksnet_capacity(&cr, &c, NULL), AKSNET_EINVAL);
    memset(&cr, 0xAA, sizeof(cr));
    cr.size = offsetof(aksnet_capacity_result, max_nodes) + sizeof(cr.max_nodes);
    assert_int_equal(aksnet_capacity(&cr, &c, NULL), AKSNET_OK);
    assert_int_equal(cr.max_nodes, 8); /* floor(251 / 31) */
    assert_int_equal(cr.max_pool_nodes, 0xAAAAAAAAu);
    assert_int_equal(cr.pod_nodes, 0xAAAAAAAAu);
}

/* ---- 64-bit arithmetic ------------------------------------------------------------------ */

static void test_sizing_overflow_safety(void **state)
{
    aksnet_size_options o;
    aksnet_size_result r;
    (void)state;
    /* the largest inputs: P = 2^32 - 1 at 100% surge is 2 x 4294967295 = 8589934590 nodes */
    o = sopts(AKSNET_MODE_AZURE_NODE_SUBNET, UINT32_MAX, 250);
    surge_percent(&o, 100);
    o.extra_ips = UINT32_MAX;
    r = size_ok(&o);
    assert_int_equal(r.surge_nodes, UINT32_MAX);
    /* 8589934590 x 251 = 2147483647500 + 8589934590 = 2156073582090, + 4294967295 extra
     * = 2160368549385: exact, not wrapped */
    assert_int_equal(r.node_subnet_ips, UINT64_C(2160368549385));
    assert_int_equal(r.node_subnet_prefix_length, 0);
    assert_int_equal(r.exceeded, AKSNET_LIMIT_POOL);

    o.mode = AKSNET_MODE_AZURE_STATIC_BLOCK;
    o.extra_ips = 0;
    r = size_ok(&o);
    /* ceil(251/16) = 16 blocks per node: 8589934590 x 16 = 137438953440 blocks */
    assert_int_equal(r.pod_subnet_blocks, UINT64_C(137438953440));
    assert_int_equal(r.pod_subnet_ips, UINT64_C(137438953440) * 16);
    assert_int_equal(r.pod_subnet_prefix_length, 0);

    o.mode = AKSNET_MODE_AZURE_OVERLAY;
    r = size_ok(&o);
    /* 8589934590 x 256 = 2199023255040 addresses, more than any /8 pod CIDR holds */
    assert_int_equal(r.pod_cidr_addresses_required, UINT64_C(2199023255040));
    assert_int_equal(r.pod_cidr_prefix_length, 0);
    assert_int_equal(r.pod_cidr_addresses, 0);
    assert_int_equal(r.exceeded, AKSNET_LIMIT_POOL);

    /* 65536 nodes need a /8 pod CIDR (2^(24-8)); 65537 need more than a /8 */
    o = sopts(AKSNET_MODE_AZURE_OVERLAY, 65536, 0);
    surge_count(&o, 0);
    r = size_ok(&o);
    assert_int_equal(r.pod_cidr_prefix_length, 8);
    o.nodes = 65537;
    r = size_ok(&o);
    assert_int_equal(r.pod_cidr_prefix_length, 0);

    /* the pod subnet in dynamic mode: 8589934590 x 256 IPs */
    o = sopts(AKSNET_MODE_AZURE_POD_SUBNET, UINT32_MAX, 250);
    surge_percent(&o, 100);
    r = size_ok(&o);
    assert_int_equal(r.pod_subnet_ips, UINT64_C(2199023255040));
    assert_int_equal(r.pod_subnet_prefix_length, 0);
    assert_int_equal(r.pod_subnet_usable, 0);
}

/* ---- capacity: limited_by and exactness --------------------------------------------------- */

static void test_sizing_capacity_limited_by(void **state)
{
    aksnet_capacity_options c;
    aksnet_capacity_result r;
    (void)state;
    /* node_subnet: Azure CNI /24 at 30 max pods: 8 nodes; P + ceil(P/10) <= 8 -> P = 7 */
    c = copts(AKSNET_MODE_AZURE_NODE_SUBNET, "10.0.0.0/24", 30);
    r = capacity_ok(&c);
    assert_int_equal(r.max_nodes, 8);
    assert_int_equal(r.max_pool_nodes, 7);
    assert_int_equal(r.surge_nodes, 1);
    assert_int_equal(r.limited_by, AKSNET_LIMIT_NODE_SUBNET);
    assert_int_equal(r.pod_nodes, UINT32_MAX);

    /* pod_cidr: kubenet in a /16 with the default 10.244.0.0/16 pod CIDR: 256 nodes;
     * P + ceil(P/10) <= 256 -> P = 232 (232 + 24 = 256; 233 + 24 = 257) */
    c = copts(AKSNET_MODE_KUBENET, "10.0.0.0/16", 0);
    r = capacity_ok(&c);
    assert_int_equal(r.pod_nodes, 256);
    assert_int_equal(r.max_nodes, 256);
    assert_int_equal(r.max_pool_nodes, 232);
    assert_int_equal(r.surge_nodes, 24);
    assert_int_equal(r.limited_by, AKSNET_LIMIT_POD_CIDR);

    /* kubenet_limit: same with a /12 pod CIDR (4096 nodes): 400; P + ceil(P/10) <= 400 ->
     * P = 363 (363 + 37 = 400; 364 + 37 = 401) */
    c.pod_cidr = pfx("10.240.0.0/12");
    r = capacity_ok(&c);
    assert_int_equal(r.max_nodes, 400);
    assert_int_equal(r.max_pool_nodes, 363);
    assert_int_equal(r.limited_by, AKSNET_LIMIT_KUBENET);
    /* dual-stack: 200; P = 181 (181 + 19 = 200; 182 + 19 = 201) */
    c.dual_stack = 1;
    r = capacity_ok(&c);
    assert_int_equal(r.max_nodes, 200);
    assert_int_equal(r.max_pool_nodes, 181);
    assert_int_equal(r.limited_by, AKSNET_LIMIT_KUBENET);

    /* pod_subnet: dynamic /24 pod subnet at 30 max pods: 32 per node, floor(251/32) = 7 */
    c = copts(AKSNET_MODE_AZURE_POD_SUBNET, "10.0.0.0/24", 30);
    c.pod_subnet = pfx("10.1.0.0/24");
    r = capacity_ok(&c);
    assert_int_equal(r.pod_nodes, 7);
    assert_int_equal(r.limited_by, AKSNET_LIMIT_POD_SUBNET);

    /* pool_limit and cluster_limit: a /8 overlay node subnet and pod CIDR: 16777211 and
     * 65536 nodes; all pools together stop at 5,000 (max_nodes); one pool at 1,000 */
    c = copts(AKSNET_MODE_AZURE_OVERLAY, "10.0.0.0/8", 0);
    c.pod_cidr = pfx("100.64.0.0/10");
    r = capacity_ok(&c);
    assert_int_equal(r.node_subnet_nodes, 16777211);
    assert_int_equal(r.pod_nodes, 16384); /* 2^(24-10) */
    assert_int_equal(r.max_nodes, 5000);
    assert_int_equal(r.max_pool_nodes, 909);
    assert_int_equal(r.limited_by, AKSNET_LIMIT_POOL);
    /* surge 1: 999 + 1 */
    c.max_surge_kind = AKSNET_SURGE_COUNT;
    c.max_surge = 1;
    r = capacity_ok(&c);
    assert_int_equal(r.max_pool_nodes, 999);
    assert_int_equal(r.surge_nodes, 1);
    /* 100%: 500 + 500 */
    c.max_surge_kind = AKSNET_SURGE_PERCENT;
    c.max_surge = 100;
    r = capacity_ok(&c);
    assert_int_equal(r.max_pool_nodes, 500);
    assert_int_equal(r.surge_nodes, 500);

    /* max_pods: Azure CNI at 10 max pods in a /27: floor(27 / 11) = 2 nodes, and 2 x 10 =
     * 20 pods < 30, so no valid pool fits */
    c = copts(AKSNET_MODE_AZURE_NODE_SUBNET, "10.0.0.0/27", 10);
    c.max_surge_kind = AKSNET_SURGE_COUNT;
    c.max_surge = 0;
    r = capacity_ok(&c);
    assert_int_equal(r.max_pool_nodes, 2);
    assert_int_equal(r.limited_by, AKSNET_LIMIT_MAX_PODS);
    /* a /26: floor(59 / 11) = 5 nodes, 50 pods: the subnet binds */
    c.node_subnet = pfx("10.0.0.0/26");
    r = capacity_ok(&c);
    assert_int_equal(r.max_pool_nodes, 5);
    assert_int_equal(r.limited_by, AKSNET_LIMIT_NODE_SUBNET);
    /* a pod CIDR longer than /24 has no room for a node */
    c = copts(AKSNET_MODE_AZURE_OVERLAY, "10.0.0.0/24", 0);
    c.pod_cidr = pfx("10.244.0.0/25");
    r = capacity_ok(&c);
    assert_int_equal(r.pod_nodes, 0);
    assert_int_equal(r.max_pool_nodes, 0);
    assert_int_equal(r.limited_by, AKSNET_LIMIT_POD_CIDR);
}

/* Whether a size result fits the capacity request's subnets, restating each resource rule
 * independently of the library: usable(L) = 2^(32-L) - 5 (node and dynamic pod subnets),
 * 2^(28-L) - 2 whole /28 blocks (static block), 2^(32-L) addresses (pod CIDR). */
static int fits(const aksnet_size_result *r, const aksnet_capacity_options *c)
{
    if (r->node_subnet_ips > usable(c->node_subnet.length))
        return 0;
    if (c->mode == AKSNET_MODE_AZURE_POD_SUBNET &&
        r->pod_subnet_ips > usable(c->pod_subnet.length))
        return 0;
    if (c->mode == AKSNET_MODE_AZURE_STATIC_BLOCK) {
        uint64_t have =
            c->pod_subnet.length <= 26 ? (UINT64_C(1) << (28 - c->pod_subnet.length)) - 2 : 0;
        if (r->pod_subnet_blocks > have)
            return 0;
    }
    if (c->mode == AKSNET_MODE_KUBENET || c->mode == AKSNET_MODE_AZURE_OVERLAY) {
        unsigned len = c->pod_cidr.family ? c->pod_cidr.length : 16;
        if (r->pod_cidr_addresses_required > (UINT64_C(1) << (32 - len)))
            return 0;
    }
    return 1;
}

static aksnet_size_result size_for(const aksnet_capacity_options *c, uint32_t nodes, int kind,
                                   uint32_t surge)
{
    aksnet_size_options o = sopts(c->mode, nodes, c->max_pods);
    o.dataplane = c->dataplane;
    o.max_surge_kind = kind;
    o.max_surge = surge;
    o.expected_pods = c->expected_pods;
    o.extra_ips = c->extra_ips;
    o.dual_stack = c->dual_stack;
    return size_ok(&o);
}

static void check_exact(const aksnet_capacity_options *c)
{
    aksnet_capacity_result cap = capacity_ok(c);
    aksnet_size_result at, above;
    uint32_t mp = cap.max_pods;
    int pods_ok;

    /* the largest pool fits, with its surge, and breaks no limit */
    at = size_for(c, cap.max_pool_nodes, c->max_surge_kind, c->max_surge);
    assert_int_equal(at.surge_nodes, cap.surge_nodes);
    assert_true(fits(&at, c));
    pods_ok = mp >= 30 || (uint64_t)mp * cap.max_pool_nodes >= 30;
    if (pods_ok)
        assert_int_equal(at.exceeded, AKSNET_LIMIT_NONE);
    else
        assert_int_equal(at.exceeded, AKSNET_LIMIT_MAX_PODS);
    if (cap.max_pool_nodes > 0)
        assert_int_equal(cap.limited_by == AKSNET_LIMIT_MAX_PODS, !pods_ok);

    /* one more node does not: a resource runs out or a limit breaks */
    above = size_for(c, cap.max_pool_nodes + 1, c->max_surge_kind, c->max_surge);
    assert_true(!fits(&above, c) || above.exceeded == AKSNET_LIMIT_POOL ||
                above.exceeded == AKSNET_LIMIT_KUBENET);
    switch (cap.limited_by) {
    case AKSNET_LIMIT_NODE_SUBNET:
    case AKSNET_LIMIT_POD_CIDR:
    case AKSNET_LIMIT_POD_SUBNET:
        assert_false(fits(&above, c));
        break;
    case AKSNET_LIMIT_POOL:
        assert_int_equal(above.exceeded, AKSNET_LIMIT_POOL);
        break;
    case AKSNET_LIMIT_KUBENET:
        assert_int_equal(above.exceeded, AKSNET_LIMIT_KUBENET);
        break;
    default:
        break;
    }

    /* max_nodes: that many nodes fit at once (no surge on top: they include it) and one
     * more does not, or breaks the kubenet or cluster limit */
    at = size_for(c, cap.max_nodes, AKSNET_SURGE_COUNT, 0);
    assert_true(fits(&at, c));
    assert_true(at.exceeded != AKSNET_LIMIT_KUBENET);
    assert_true(cap.max_nodes <= 5000);
    above = size_for(c, cap.max_nodes + 1, AKSNET_SURGE_COUNT, 0);
    assert_true(!fits(&above, c) || above.exceeded == AKSNET_LIMIT_KUBENET ||
                cap.max_nodes == 5000);
    assert_true(cap.max_pool_nodes <= cap.max_nodes);
}

static void set_surge(aksnet_capacity_options *c, unsigned which)
{
    static const struct {
        int kind;
        uint32_t value;
    } s[] = {
        {AKSNET_SURGE_DEFAULT, 0}, {AKSNET_SURGE_COUNT, 0},    {AKSNET_SURGE_COUNT, 1},
        {AKSNET_SURGE_COUNT, 5},   {AKSNET_SURGE_PERCENT, 33}, {AKSNET_SURGE_PERCENT, 50},
        {AKSNET_SURGE_PERCENT, 100},
    };
    c->max_surge_kind = s[which % 7].kind;
    c->max_surge = s[which % 7].value;
}

static void test_sizing_capacity_exact(void **state)
{
    static const char *const node_subnets[] = {
        "10.0.0.0/29", "10.0.0.0/28", "10.0.0.0/27", "10.0.0.0/26", "10.0.0.0/24",
        "10.0.0.0/23", "10.0.0.0/22", "10.0.0.0/20", "10.0.0.0/16", "10.0.0.0/12",
    };
    static const char *const pod_cidrs[] = {"", "172.16.0.0/24", "172.16.0.0/22",
                                            "172.16.0.0/19", "172.16.0.0/16", "172.16.0.0/14",
                                            "100.64.0.0/10"};
    static const char *const pod_subnets[] = {"10.64.0.0/28", "10.64.0.0/26", "10.64.0.0/24",
                                              "10.64.0.0/21", "10.64.0.0/18", "10.64.0.0/16",
                                              "10.64.0.0/13", "10.64.0.0/12"};
    static const uint32_t max_pods[] = {0, 10, 15, 30, 31, 32, 110, 250};
    static const uint32_t extra[] = {0, 3};
    size_t n, p, m, x;
    unsigned which = 0;
    (void)state;
    for (n = 0; n < sizeof(node_subnets) / sizeof(node_subnets[0]); n++) {
        for (m = 0; m < sizeof(max_pods) / sizeof(max_pods[0]); m++) {
            for (x = 0; x < 2; x++) {
                aksnet_capacity_options c;
                /* node subnet mode and BYO CNI: the node subnet alone */
                c = copts(AKSNET_MODE_AZURE_NODE_SUBNET, node_subnets[n], max_pods[m]);
                c.extra_ips = extra[x];
                set_surge(&c, which++);
                check_exact(&c);
                c.mode = AKSNET_MODE_NONE;
                check_exact(&c);
                /* kubenet and overlay with each pod CIDR */
                for (p = 0; p < sizeof(pod_cidrs) / sizeof(pod_cidrs[0]); p++) {
                    c = copts(AKSNET_MODE_KUBENET, node_subnets[n], max_pods[m]);
                    c.extra_ips = extra[x];
                    if (pod_cidrs[p][0])
                        c.pod_cidr = pfx(pod_cidrs[p]);
                    set_surge(&c, which++);
                    c.dual_stack = (unsigned)(p & 1);
                    check_exact(&c);
                    c.mode = AKSNET_MODE_AZURE_OVERLAY;
                    check_exact(&c);
                }
                /* the two pod-subnet modes with each pod subnet */
                for (p = 0; p < sizeof(pod_subnets) / sizeof(pod_subnets[0]); p++) {
                    c = copts(AKSNET_MODE_AZURE_STATIC_BLOCK, node_subnets[n], max_pods[m]);
                    c.extra_ips = extra[x];
                    c.pod_subnet = pfx(pod_subnets[p]);
                    set_surge(&c, which++);
                    check_exact(&c);
                    c.mode = AKSNET_MODE_AZURE_POD_SUBNET;
                    check_exact(&c);
                    c.expected_pods = 8;
                    if (max_pods[m] == 0 || max_pods[m] >= 8)
                        check_exact(&c);
                    c.expected_pods = 9;
                    if (max_pods[m] == 0 || max_pods[m] >= 9)
                        check_exact(&c);
                }
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizing_planning_article_examples),
        cmocka_unit_test(test_sizing_rp_error_texts),
        cmocka_unit_test(test_sizing_kubenet_article_examples),
        cmocka_unit_test(test_sizing_pod_cidr_per_node),
        cmocka_unit_test(test_sizing_byo_cni_pod_cidr_not_counted),
        cmocka_unit_test(test_sizing_dynamic_batches),
        cmocka_unit_test(test_sizing_dynamic_article_deployment),
        cmocka_unit_test(test_sizing_static_block_examples),
        cmocka_unit_test(test_sizing_static_block_subnets),
        cmocka_unit_test(test_sizing_surge_rules),
        cmocka_unit_test(test_sizing_surge_on_node_subnet),
        cmocka_unit_test(test_sizing_smallest_subnet_boundaries),
        cmocka_unit_test(test_sizing_larger_than_a_slash8),
        cmocka_unit_test(test_sizing_extra_ips),
        cmocka_unit_test(test_sizing_max_pods_defaults),
        cmocka_unit_test(test_sizing_max_pods_bounds),
        cmocka_unit_test(test_sizing_max_pods_thirty_per_pool),
        cmocka_unit_test(test_sizing_limits),
        cmocka_unit_test(test_sizing_size_errors),
        cmocka_unit_test(test_sizing_capacity_errors),
        cmocka_unit_test(test_sizing_record_size),
        cmocka_unit_test(test_sizing_overflow_safety),
        cmocka_unit_test(test_sizing_capacity_limited_by),
        cmocka_unit_test(test_sizing_capacity_exact),
    };
    return cmocka_run_group_tests_name("sizing", tests, NULL, NULL);
}
