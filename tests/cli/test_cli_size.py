"""CLI tests of `aksnet size` and `aksnet capacity` (text, JSON, exit status, usage errors).

Expected numbers come from Azure's published articles (MicrosoftDocs/azure-aks-docs,
articles/aks/<file>.md), from AKS RP error texts quoted in public issues (owner/repo#n), or
from a hand calculation written next to the assertion. Environment (set by ctest):
AKSNET_CLI, the built CLI; AKSNET_CLI_WRAPPER, an optional command prefix (e.g. valgrind).
"""
import json
import os
import shlex
import subprocess

import pytest

CLI = os.environ.get("AKSNET_CLI")
if not CLI and os.environ.get("AKSNET_BUILD_DIR"):
    CLI = os.path.join(os.environ["AKSNET_BUILD_DIR"], "bindings", "cli", "aksnet")
if not CLI or not os.path.exists(CLI):
    pytest.skip("AKSNET_CLI is not set to the built aksnet", allow_module_level=True)
WRAPPER = shlex.split(os.environ.get("AKSNET_CLI_WRAPPER", ""))


def run(*args):
    proc = subprocess.run(WRAPPER + [CLI] + [str(a) for a in args], capture_output=True,
                          text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def run_json(*args, expect_rc=0):
    rc, out, err = run(*args, "--format", "json")
    assert rc == expect_rc, (rc, out, err)
    assert err == ""
    return json.loads(out)


def usage_error(*args):
    """Exit status 2, nothing on stdout, one message on stderr; returns that message."""
    rc, out, err = run(*args)
    assert rc == 2, (args, rc, out, err)
    assert out == ""
    assert err.startswith("aksnet "), err
    return err


def usable(prefix_length):
    # Azure reserves 5 addresses per subnet (virtual-networks-faq.md)
    return 2 ** (32 - prefix_length) - 5


# ---- size: text -------------------------------------------------------------------------

def test_size_text_planning_article_example():
    # concepts-network-ip-address-planning.md, Subnet row: 50 nodes and the older default
    # max surge of 1 node: (51) + (51 * 30) = 1,581 -> /21 (2^11 - 5 = 2043 usable)
    rc, out, err = run("size", "--plugin", "azure", "--nodes", 50, "--max-pods", 30,
                       "--surge", 1)
    assert rc == 0 and err == ""
    lines = out.splitlines()
    assert "Plugin mode: azure (Azure CNI node subnet)" in lines
    assert "Nodes: 50 + 1 surge (max surge 1) = 51" in lines
    assert "Max pods per node: 30" in lines
    # the example of the arithmetic shown
    assert ("Node subnet: (50 nodes + 1 surge) x (30 max pods + 1) = 1581 IPs -> /21, "
            "2043 usable") in lines


def test_size_text_shows_default_max_pods_and_surge():
    # kubenet default max pods 110 (configure-kubenet.md); default surge 10%, rounded up:
    # ceil(10% x 20) = 2; 22 nodes x 256 = 5632 addresses -> 24 - ceil(log2 22) = /19
    rc, out, _ = run("size", "--plugin", "kubenet", "--nodes", 20)
    assert rc == 0
    assert "Max pods per node: 110 (mode default)" in out
    assert "Nodes: 20 + 2 surge (default 10% of 20, rounded up) = 22" in out
    assert "Node subnet: 20 nodes + 2 surge = 22 IPs -> /27, 27 usable" in out
    assert "Pod CIDR: 22 nodes x 256 (one /24 each) = 5632 addresses -> /19" in out


def test_size_text_dynamic_pod_subnet_arithmetic():
    # configure-azure-cni-dynamic-ip-allocation.md: batches of 16, refill below 8 free.
    # Per node min(16 x ceil((250 + 8) / 16), 16 x ceil(250 / 16)) = min(272, 256) = 256.
    # The article's 2 nodes + ceil(0.2) = 1 surge = 3 nodes x 256 = 768 -> /22 (1019 usable)
    rc, out, _ = run("size", "--plugin", "azure-pod-subnet", "--nodes", 2, "--max-pods", 250)
    assert rc == 0
    assert ("Pod subnet per node: min(16 x ceil((250 expected pods + 8) / 16), "
            "16 x ceil(250 max pods / 16)) = min(272, 256) = 256 IPs") in out
    assert "Pod subnet: 3 nodes x 256 IPs = 768 IPs -> /22, 1019 usable" in out
    assert "Node subnet: 2 nodes + 1 surge = 3 IPs -> /29, 3 usable" in out


def test_size_text_static_block_arithmetic():
    # configure-azure-cni-static-block-allocation.md Example 3: max_pods 32 -> 3 blocks
    # (ceil(33 / 16) = 3); 4 nodes, no surge: 12 blocks. /25: 2^3 - 2 = 6 < 12;
    # /24: 2^4 - 2 = 14 >= 12
    rc, out, _ = run("size", "--plugin", "azure-static-block", "--nodes", 4, "--max-pods", 32,
                     "--surge", 0)
    assert rc == 0
    assert ("Pod subnet: 4 nodes x ceil((32 max pods + 1) / 16) = 12 /28 blocks (192 IPs) -> /24 "
            "(2^(28-24) - 2 = 14 blocks)") in out


def test_size_text_byo_cni_pod_cidr_not_sized():
    # use-byo-cni.md: AKS does not preassign per-node pod CIDR ranges with BYO CNI
    rc, out, _ = run("size", "--plugin", "none", "--nodes", 3)
    assert rc == 0
    assert "Pod CIDR: required but not sized" in out
    assert "256" not in out


def test_size_text_limit_exceeded_exit_1():
    # configure-kubenet.md: at most 400 nodes (400 UDRs); 401 + 0 surge breaks it
    rc, out, err = run("size", "--plugin", "kubenet", "--nodes", 401, "--surge", 0)
    assert rc == 1 and err == ""
    assert "Nodes: 401 + 0 surge (max surge 0) = 401" in out
    assert "Limit exceeded: kubenet_limit (kubenet allows at most 400 nodes" in out
    rc, out, _ = run("size", "--plugin", "kubenet", "--nodes", 400, "--surge", 0)
    assert rc == 0 and "Limit exceeded" not in out


# ---- size: JSON -------------------------------------------------------------------------

SIZE_KEYS = {"plugin", "nodes", "surge_nodes", "max_pods", "node_subnet", "pod_subnet",
             "pod_cidr"}


@pytest.mark.parametrize("mode,has_pod_subnet,has_pod_cidr", [
    ("kubenet", False, True),
    ("azure", False, False),
    ("azure-pod-subnet", True, False),
    ("azure-static-block", True, False),
    ("azure-overlay", False, True),
    ("none", False, False),
])
def test_size_json_contract(mode, has_pod_subnet, has_pod_cidr):
    doc = run_json("size", "--plugin", mode, "--nodes", 10)
    assert SIZE_KEYS <= set(doc)
    assert doc["plugin"] == mode
    assert doc["nodes"] == 10
    assert doc["surge_nodes"] == 1  # ceil(10% x 10)
    assert set(doc["node_subnet"]) >= {"ips_required", "prefix_length", "usable_ips"}
    ns = doc["node_subnet"]
    assert ns["usable_ips"] == usable(ns["prefix_length"])
    assert ns["ips_required"] <= ns["usable_ips"]
    # the smallest such subnet: the next longer prefix is too small (or it is /29)
    assert ns["prefix_length"] == 29 or ns["ips_required"] > usable(ns["prefix_length"] + 1)
    if has_pod_subnet:
        ps = doc["pod_subnet"]
        assert set(ps) >= {"ips_required", "prefix_length", "usable_ips"}
        assert ps["usable_ips"] == usable(ps["prefix_length"])
        assert ps["ips_required"] <= ps["usable_ips"]
    else:
        assert doc["pod_subnet"] is None
    if has_pod_cidr:
        pc = doc["pod_cidr"]
        assert set(pc) >= {"addresses_required", "prefix_length", "addresses"}
        assert pc["addresses_required"] == 11 * 256
        assert pc["addresses"] == 2 ** (32 - pc["prefix_length"])
        assert pc["prefix_length"] == 20  # 24 - ceil(log2 11) = 24 - 4
    else:
        assert doc["pod_cidr"] is None


def test_size_json_rp_error_texts():
    # Azure/AKS#456: "Pre-allocated IPs 310 exceeds IPs available in Subnet 251": 10 nodes x
    # (30 + 1) at create time (no surge); a /24 has 251, so a /23 (507) is needed
    doc = run_json("size", "--plugin", "azure", "--nodes", 10, "--max-pods", 30, "--surge", 0)
    assert doc["node_subnet"]["ips_required"] == 310
    assert doc["node_subnet"]["prefix_length"] == 23
    # rancher/rancher#22616: "Pre-allocated IPs 333 exceeds IPs available in Subnet 251":
    # 3 nodes x (110 + 1)
    doc = run_json("size", "--plugin", "azure", "--nodes", 3, "--max-pods", 110, "--surge", 0)
    assert doc["node_subnet"]["ips_required"] == 333
    assert doc["node_subnet"]["prefix_length"] == 23
    # Azure/AKS-Construction#701: "Pre-allocated IPs 1280 exceeds IPs available 1024 in
    # Subnet Cidr 10.240.100.0/22, Subnet Name networkProfile.podCIDR": 5 nodes x 256
    doc = run_json("size", "--plugin", "azure-overlay", "--nodes", 5, "--surge", 0)
    assert doc["pod_cidr"]["addresses_required"] == 1280
    assert doc["pod_cidr"]["prefix_length"] == 21  # a /22 (1024) is too small
    assert doc["pod_cidr"]["addresses"] == 2048


@pytest.mark.parametrize("max_pods,blocks", [(30, 2), (31, 2), (32, 3)])
def test_size_json_static_block_article_examples(max_pods, blocks):
    # configure-azure-cni-static-block-allocation.md, Examples 1-3
    doc = run_json("size", "--plugin", "azure-static-block", "--nodes", 1, "--max-pods",
                   max_pods, "--surge", 0)
    assert doc["pod_subnet"]["ips_per_node"] == 16 * blocks
    assert doc["pod_subnet"]["blocks_required"] == blocks
    assert doc["pod_subnet"]["ips_required"] == 16 * blocks


def test_size_json_surge_rolling_upgrade_example():
    # upgrade-aks-node-pools-rolling.md: 5 pools x 4 nodes at 50% need 10 extra nodes
    doc = run_json("size", "--plugin", "azure-overlay", "--nodes", 4, "--surge", "50%")
    assert doc["surge_nodes"] * 5 == 10
    # a count above the pool size uses the pool size
    doc = run_json("size", "--plugin", "azure-overlay", "--nodes", 4, "--surge", 9)
    assert doc["surge_nodes"] == 4


def test_size_json_expected_pods():
    # dynamic: D = 8 pods -> one batch of 16 per node (16 x ceil(16 / 16))
    doc = run_json("size", "--plugin", "azure-pod-subnet", "--nodes", 10, "--surge", 0,
                   "--expected-pods", 8)
    assert doc["expected_pods"] == 8
    assert doc["pod_subnet"]["ips_per_node"] == 16
    assert doc["pod_subnet"]["ips_required"] == 160


@pytest.mark.parametrize("args,limit", [
    # 910 + ceil(91.0) = 1001 > 1,000 per pool including surge
    (["--plugin", "azure-overlay", "--nodes", 910], "pool_limit"),
    (["--plugin", "kubenet", "--nodes", 201, "--surge", 0, "--dual-stack"], "kubenet_limit"),
    # maxPods 10 needs 3 nodes (30 pods per pool): 2 x 10 = 20
    (["--plugin", "azure", "--nodes", 2, "--max-pods", 10], "max_pods"),
    # more than a /8 holds: 2^24 - 4 IPs
    (["--plugin", "azure-overlay", "--nodes", 0, "--extra-ips", 16777212], "subnet_size"),
])
def test_size_json_exceeded_exit_1(args, limit):
    doc = run_json("size", *args, expect_rc=1)
    assert doc["exceeded"] == limit


@pytest.mark.parametrize("args", [
    ["--plugin", "azure-overlay", "--nodes", 909],  # 909 + 91 = 1000
    ["--plugin", "kubenet", "--nodes", 200, "--surge", 0, "--dual-stack"],
    ["--plugin", "azure", "--nodes", 3, "--max-pods", 10],  # 3 x 10 = 30
    ["--plugin", "azure-overlay", "--nodes", 0, "--extra-ips", 16777211],  # exactly a /8
])
def test_size_json_at_limit_exit_0(args):
    doc = run_json("size", *args)
    assert doc["exceeded"] is None


def test_size_json_large_counts_not_wrapped():
    # 4294967295 nodes at 100% surge: 8589934590 nodes x 251 = 2156073582090 IPs
    doc = run_json("size", "--plugin", "azure", "--nodes", 4294967295, "--max-pods", 250,
                   "--surge", "100%", expect_rc=1)
    assert doc["node_subnet"]["ips_required"] == 2156073582090
    assert doc["node_subnet"]["prefix_length"] is None
    assert doc["exceeded"] == "pool_limit"


# ---- capacity -----------------------------------------------------------------------------

CAPACITY_KEYS = {"plugin", "max_nodes", "max_pool_nodes", "surge_nodes", "limited_by"}


def test_capacity_text_node_subnet():
    # a /24 at 30 max pods: floor(251 / 31) = 8 nodes; default surge: P + ceil(P/10) <= 8
    # -> P = 7
    rc, out, err = run("capacity", "--plugin", "azure", "--subnet", "10.0.0.0/24")
    assert rc == 0 and err == ""
    lines = out.splitlines()
    assert "Node subnet 10.0.0.0/24: (251 usable - 0 extra) / (30 max pods + 1) = 8 nodes" in lines
    assert "Max nodes at once (surge included): 8" in lines
    assert "Largest pool: 7 nodes + 1 surge (default 10% of 7, rounded up) = 8" in lines
    assert lines[-1] == "Limited by: node_subnet"
    # with 3 other IPs: (251 - 3) / 31 = 8; with 4: 247 / 31 = 7
    rc, out, _ = run("capacity", "--plugin", "azure", "--subnet", "10.0.0.0/24", "--extra-ips", 4)
    assert "Node subnet 10.0.0.0/24: (251 usable - 4 extra) / (30 max pods + 1) = 7 nodes" in out


def test_capacity_text_pod_subnet_and_pod_cidr():
    # static block article deployment: pod subnet /13, 250 max pods: (2^15 - 2) / 16 = 2047
    rc, out, _ = run("capacity", "--plugin", "azure-static-block", "--subnet", "10.240.0.0/16",
                     "--pod-subnet", "10.40.0.0/13", "--max-pods", 250)
    assert rc == 0
    assert ("Pod subnet 10.40.0.0/13: (2^(28-13) - 2 = 32766 /28 blocks) / ceil((250 max pods "
            "+ 1) / 16) = 2047 nodes") in out
    assert "Max nodes at once (surge included): 2047 (pod_subnet)" in out
    assert "Limited by: pool_limit" in out
    # kubenet default pod CIDR 10.244.0.0/16: 2^(24-16) = 256 nodes
    rc, out, _ = run("capacity", "--plugin", "kubenet", "--subnet", "10.0.0.0/16")
    assert rc == 0
    assert "Pod CIDR 10.244.0.0/16 (default): 2^(24-16) = 256 nodes (one /24 each)" in out
    assert "kubenet limit: 400 nodes (one route per node)" in out
    # dynamic: the dynamic article's /16 pod subnet, 250 max pods: 65531 / 256 = 255
    rc, out, _ = run("capacity", "--plugin", "azure-pod-subnet", "--subnet", "10.240.0.0/16",
                     "--pod-subnet", "10.241.0.0/16", "--max-pods", 250)
    assert rc == 0
    assert ("Pod subnet per node: min(16 x ceil((250 expected pods + 8) / 16), "
            "16 x ceil(250 max pods / 16)) = min(272, 256) = 256 IPs") in out
    assert "Pod subnet 10.241.0.0/16: 65531 usable / 256 IPs per node = 255 nodes" in out
    # BYO CNI
    rc, out, _ = run("capacity", "--plugin", "none", "--subnet", "10.0.0.0/16")
    assert rc == 0
    assert "Pod CIDR: not counted" in out
    assert "Max nodes at once (surge included): 5000 (cluster_limit)" in out


@pytest.mark.parametrize("args,expected", [
    # configure-kubenet.md: a /24 supports 251 nodes with kubenet, 8 with Azure CNI (no
    # room for upgrades: surge 0)
    (["--plugin", "kubenet", "--subnet", "192.168.1.0/24", "--surge", 0],
     {"max_nodes": 251, "max_pool_nodes": 251, "limited_by": "node_subnet", "max_pods": 110}),
    (["--plugin", "azure", "--subnet", "192.168.1.0/24", "--surge", 0],
     {"max_nodes": 8, "max_pool_nodes": 8, "limited_by": "node_subnet", "max_pods": 30}),
    # Azure/AKS-Construction#701: a /22 pod CIDR has 1024 addresses = 4 nodes of 256
    (["--plugin", "azure-overlay", "--subnet", "10.240.0.0/24", "--pod-cidr",
      "10.240.100.0/22", "--surge", 0],
     {"max_nodes": 4, "max_pool_nodes": 4, "limited_by": "pod_cidr", "pod_nodes": 4}),
    # MicrosoftDocs/azure-docs#97370: 16 IPs per node, a /24 pod subnet holds 15 nodes
    (["--plugin", "azure-pod-subnet", "--subnet", "10.240.0.0/16", "--pod-subnet",
      "10.241.0.0/24", "--expected-pods", 8, "--surge", 0],
     {"max_nodes": 15, "max_pool_nodes": 15, "limited_by": "pod_subnet", "pod_nodes": 15}),
    # dynamic article deployment: /16 pod subnet at 250: floor(65531 / 256) = 255;
    # P + ceil(P/10) <= 255 -> 231 + 24
    (["--plugin", "azure-pod-subnet", "--subnet", "10.240.0.0/16", "--pod-subnet",
      "10.241.0.0/16", "--max-pods", 250],
     {"max_nodes": 255, "max_pool_nodes": 231, "surge_nodes": 24, "limited_by": "pod_subnet",
      "max_nodes_limited_by": "pod_subnet"}),
    # kubenet in a /16 with a /12 pod CIDR: the 400-node limit; 363 + ceil(36.3) = 400
    (["--plugin", "kubenet", "--subnet", "10.0.0.0/16", "--pod-cidr", "10.16.0.0/12"],
     {"max_nodes": 400, "max_pool_nodes": 363, "surge_nodes": 37,
      "limited_by": "kubenet_limit", "max_nodes_limited_by": "kubenet_limit"}),
    # dual-stack kubenet: 200; 181 + 19
    (["--plugin", "kubenet", "--subnet", "10.0.0.0/16", "--pod-cidr", "10.16.0.0/12",
      "--dual-stack"],
     {"max_nodes": 200, "max_pool_nodes": 181, "limited_by": "kubenet_limit"}),
    # a huge overlay: 5,000 nodes per cluster, 1,000 per pool (909 + 91)
    (["--plugin", "azure-overlay", "--subnet", "10.0.0.0/8", "--pod-cidr", "100.64.0.0/10"],
     {"max_nodes": 5000, "max_nodes_limited_by": "cluster_limit", "max_pool_nodes": 909,
      "surge_nodes": 91, "limited_by": "pool_limit"}),
    # surge 1: 999 + 1
    (["--plugin", "azure-overlay", "--subnet", "10.0.0.0/16", "--pod-cidr", "100.64.0.0/10",
      "--surge", 1],
     {"max_pool_nodes": 999, "surge_nodes": 1, "limited_by": "pool_limit"}),
    # BYO CNI: the pod CIDR is not counted (use-byo-cni.md)
    (["--plugin", "none", "--subnet", "10.0.0.0/16", "--pod-cidr", "10.10.0.0/16"],
     {"max_nodes": 5000, "limited_by": "pool_limit", "pod_nodes": None}),
])
def test_capacity_json(args, expected):
    doc = run_json("capacity", *args)
    assert CAPACITY_KEYS <= set(doc)
    for key, value in expected.items():
        assert doc[key] == value, (key, doc)
    assert "max_nodes_limited_by" in doc


def test_capacity_max_pods_rule_exit_1():
    # 10 max pods in a /27: floor(27 / 11) = 2 nodes, 20 pods < 30 (planning article)
    doc = run_json("capacity", "--plugin", "azure", "--subnet", "10.0.0.0/27", "--max-pods", 10,
                   "--surge", 0, expect_rc=1)
    assert doc["limited_by"] == "max_pods"
    rc, out, _ = run("capacity", "--plugin", "azure", "--subnet", "10.0.0.0/27", "--max-pods",
                     10, "--surge", 0)
    assert rc == 1
    assert "Limited by: max_pods (10 max pods x 2 nodes = 20 pods;" in out
    assert "No valid pool fits." in out


def test_capacity_nothing_fits_exit_1():
    # a /29 at 30 max pods: floor(3 / 31) = 0 nodes
    doc = run_json("capacity", "--plugin", "azure", "--subnet", "10.0.0.0/29", expect_rc=1)
    assert doc["max_nodes"] == 0
    assert doc["max_pool_nodes"] == 0
    assert doc["limited_by"] == "node_subnet"


@pytest.mark.parametrize("mode,subnet,extra", [
    ("azure", "10.0.0.0/22", ["--max-pods", 30]),
    ("azure", "10.0.0.0/20", ["--max-pods", 110, "--surge", "33%"]),
    ("kubenet", "10.0.0.0/23", ["--pod-cidr", "10.244.0.0/17"]),
    ("azure-overlay", "10.0.0.0/24", ["--pod-cidr", "10.244.0.0/19", "--surge", 5]),
    ("azure-pod-subnet", "10.0.0.0/24", ["--pod-subnet", "10.1.0.0/20", "--max-pods", 60]),
    ("azure-static-block", "10.0.0.0/24", ["--pod-subnet", "10.1.0.0/20", "--max-pods", 47]),
])
def test_capacity_is_exact_via_size(mode, subnet, extra):
    """`size` of max_pool_nodes fits the subnet; one more node does not."""
    cap = run_json("capacity", "--plugin", mode, "--subnet", subnet, *extra)
    length = int(subnet.split("/")[1])
    size_extra = [a for a in extra]
    other = None
    for opt in ("--pod-cidr", "--pod-subnet"):
        if opt in size_extra:
            i = size_extra.index(opt)
            other = size_extra[i + 1]
            del size_extra[i:i + 2]
    other_len = int(other.split("/")[1]) if other else None

    def fits(doc):
        if doc["node_subnet"]["ips_required"] > usable(length):
            return False
        if mode in ("kubenet", "azure-overlay"):
            return doc["pod_cidr"]["addresses_required"] <= 2 ** (32 - other_len)
        if mode == "azure-pod-subnet":
            return doc["pod_subnet"]["ips_required"] <= usable(other_len)
        if mode == "azure-static-block":
            return doc["pod_subnet"]["blocks_required"] <= 2 ** (28 - other_len) - 2
        return True

    p = cap["max_pool_nodes"]
    assert p > 0
    at = run_json("size", "--plugin", mode, "--nodes", p, *size_extra)
    assert at["surge_nodes"] == cap["surge_nodes"]
    assert fits(at)
    rc, out, _ = run("size", "--plugin", mode, "--nodes", p + 1, *size_extra, "--format", "json")
    above = json.loads(out)
    assert not fits(above) or above["exceeded"] is not None


# ---- help ---------------------------------------------------------------------------------

@pytest.mark.parametrize("cmd", ["size", "capacity"])
def test_help(cmd):
    rc, out, err = run(cmd, "--help")
    assert rc == 0 and err == ""
    assert out.startswith("Usage: aksnet %s --plugin MODE" % cmd)
    assert "Exit status" in out
    rc2, out2, _ = run("help", cmd)
    assert rc2 == 0 and out2 == out
    rc3, out3, _ = run(cmd, "-h")
    assert rc3 == 0 and out3 == out


def test_option_equals_form():
    doc = run_json("size", "--plugin=azure", "--nodes=50", "--max-pods=30", "--surge=1")
    assert doc["node_subnet"]["ips_required"] == 1581


# ---- usage errors -------------------------------------------------------------------------

@pytest.mark.parametrize("args,names", [
    ([], "--plugin"),
    (["--nodes", 3], "--plugin"),
    (["--plugin", "azure"], "--nodes"),
    (["--plugin", "bogus", "--nodes", 3], "--plugin"),
    (["--plugin"], "--plugin"),
    (["--plugin", "azure", "--nodes"], "--nodes"),
    (["--plugin", "azure", "--nodes", "abc"], "--nodes"),
    (["--plugin", "azure", "--nodes", "-1"], "--nodes"),
    (["--plugin", "azure", "--nodes", "010"], "--nodes"),
    (["--plugin", "azure", "--nodes="], "--nodes"),
    (["--plugin", "azure", "--nodes", "4294967296"], "--nodes"),
    (["--plugin", "azure", "--nodes", 3, "--max-pods", 9], "--max-pods"),
    (["--plugin", "azure", "--nodes", 3, "--max-pods", 251], "--max-pods"),
    (["--plugin", "azure", "--nodes", 3, "--surge", "101%"], "--surge"),
    (["--plugin", "azure", "--nodes", 3, "--surge", "abc"], "--surge"),
    (["--plugin", "azure", "--nodes", 3, "--surge", "%"], "--surge"),
    (["--plugin", "azure", "--nodes", 3, "--surge", "-1"], "--surge"),
    (["--plugin", "azure", "--nodes", 3, "--dataplane", "calico"], "--dataplane"),
    (["--plugin", "kubenet", "--nodes", 3, "--dataplane", "cilium"], "--dataplane"),
    (["--plugin", "none", "--nodes", 3, "--dataplane", "cilium"], "--dataplane"),
    (["--plugin", "azure-pod-subnet", "--nodes", 3, "--expected-pods", 0], "--expected-pods"),
    (["--plugin", "azure-pod-subnet", "--nodes", 3, "--expected-pods", 251], "--expected-pods"),
    (["--plugin", "azure-pod-subnet", "--nodes", 3, "--max-pods", 30, "--expected-pods", 31],
     "--expected-pods"),
    (["--plugin", "azure-overlay", "--nodes", 3, "--expected-pods", 20], "--expected-pods"),
    (["--plugin", "azure-static-block", "--nodes", 3, "--expected-pods", 20], "--expected-pods"),
    (["--plugin", "azure", "--nodes", 3, "--extra-ips", "x"], "--extra-ips"),
    (["--plugin", "azure", "--nodes", 3, "--format", "xml"], "--format"),
    (["--plugin", "azure", "--nodes", 3, "--format", "tfvars"], "--format"),
    (["--plugin", "azure", "--nodes", 3, "--bogus"], "--bogus"),
    (["--plugin", "azure", "--nodes", 3, "--pod-cidr", "10.244.0.0/16"], "--pod-cidr"),
])
def test_size_usage_errors(args, names):
    err = usage_error("size", *args)
    assert err.startswith("aksnet size: ")
    assert names in err
    assert "Try 'aksnet help size'." in err


@pytest.mark.parametrize("args,names", [
    ([], "--plugin"),
    (["--plugin", "azure"], "--subnet"),
    (["--plugin", "azure", "--subnet"], "--subnet"),
    (["--plugin", "azure", "--subnet", "10.0.0.0"], "--subnet"),
    (["--plugin", "azure", "--subnet", "10.0.0.1/24"], "--subnet"),
    (["--plugin", "azure", "--subnet", "10.0.0.0/33"], "--subnet"),
    (["--plugin", "azure", "--subnet", "fd00::/64"], "--subnet"),
    (["--plugin", "azure", "--subnet", "10.0.0.0/30"], "--subnet"),
    (["--plugin", "azure", "--subnet", "10.0.0.0/7"], "--subnet"),
    (["--plugin", "azure-pod-subnet", "--subnet", "10.0.0.0/24"], "--pod-subnet"),
    (["--plugin", "azure-static-block", "--subnet", "10.0.0.0/24"], "--pod-subnet"),
    (["--plugin", "azure-static-block", "--subnet", "10.0.0.0/24", "--pod-subnet",
      "10.32.0.0/11"], "--pod-subnet"),
    (["--plugin", "azure-pod-subnet", "--subnet", "10.0.0.0/24", "--pod-subnet", "bad"],
     "--pod-subnet"),
    (["--plugin", "azure-overlay", "--subnet", "10.0.0.0/24", "--pod-subnet", "10.1.0.0/16"],
     "--pod-subnet"),
    (["--plugin", "azure", "--subnet", "10.0.0.0/24", "--pod-cidr", "10.244.0.0/16"],
     "--pod-cidr"),
    (["--plugin", "azure-pod-subnet", "--subnet", "10.0.0.0/24", "--pod-subnet",
      "10.1.0.0/16", "--pod-cidr", "10.244.0.0/16"], "--pod-cidr"),
    (["--plugin", "kubenet", "--subnet", "10.0.0.0/24", "--pod-cidr", "10.244.0.0"],
     "--pod-cidr"),
    (["--plugin", "azure", "--subnet", "10.0.0.0/24", "--max-pods", 251], "--max-pods"),
    (["--plugin", "azure", "--subnet", "10.0.0.0/24", "--max-pods", 9], "--max-pods"),
    (["--plugin", "azure", "--subnet", "10.0.0.0/24", "--surge", "101%"], "--surge"),
    (["--plugin", "kubenet", "--subnet", "10.0.0.0/24", "--expected-pods", 10],
     "--expected-pods"),
    (["--plugin", "kubenet", "--subnet", "10.0.0.0/24", "--dataplane", "cilium"],
     "--dataplane"),
    (["--plugin", "azure", "--subnet", "10.0.0.0/24", "--format", "svg"], "--format"),
    (["--plugin", "azure", "--subnet", "10.0.0.0/24", "--nodes", 3], "--nodes"),
])
def test_capacity_usage_errors(args, names):
    err = usage_error("capacity", *args)
    assert err.startswith("aksnet capacity: ")
    assert names in err
    assert "Try 'aksnet help capacity'." in err


def test_help_unknown_command():
    err = usage_error("help", "sizes")
    assert "sizes" in err
