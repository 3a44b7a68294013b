"""aksnet.size() and aksnet.capacity(): numbers worked out by hand, the CLI JSON contract, errors.

Formulas (docs/sizing.md; Microsoft Learn "IP address planning for your AKS clusters",
concepts-network-ip-address-planning.md, and the Azure CNI pages):
  nodes reserved   P + S, S = min(N, P) for a surge count N, ceil(x% * P) for x%, default 10%
  node subnet      azure (node subnet): (P + S) * (maxPods + 1); other modes: P + S
  pod CIDR         kubenet, overlay: 256 addresses (one /24) per node
  dynamic pod subnet  per node min(16 * ceil((D + 8) / 16), 16 * ceil(maxPods / 16))
  static block     ceil((maxPods + 1) / 16) /28 blocks per node; a /L holds 2^(28-L) - 2 blocks
  subnet size      smallest /L with 2^(32-L) - 5 usable addresses (Azure reserves 5)
Default max pods: kubenet 110, azure 30, others 250 (AKS "Maximum pods per node" table).
"""

import dataclasses

import pytest

import aksnet


def test_azure_node_subnet_issue_example():
    r = aksnet.size(plugin="azure", nodes=50, max_pods=30, surge=1)
    assert isinstance(r, aksnet.SizeResult)
    # S = min(1, 50) = 1; (50 + 1) * (30 + 1) = 1581 IPs;
    # /22 has 1024 - 5 = 1019 < 1581, /21 has 2048 - 5 = 2043 >= 1581
    assert (r.nodes, r.surge_nodes, r.total_nodes) == (50, 1, 51)
    assert r.max_pods == 30
    assert r.node_subnet == aksnet.NodeSubnetSize(1581, 21, 2043)
    assert r.pod_subnet is None and r.pod_cidr is None
    assert r.exceeded is None and r.fits
    assert r.plugin == "azure" and r.data_plane == "azure"


def test_kubenet_defaults():
    r = aksnet.size(plugin="kubenet", nodes=10)
    # default surge 10%: ceil(0.1 * 10) = 1; node subnet 11 IPs -> /28 (16 - 5 = 11)
    # pod CIDR 11 * 256 = 2816 addresses -> /20 (4096; a /21 has 2048 < 2816)
    assert (r.surge_nodes, r.max_pods) == (1, 110)
    assert r.node_subnet == aksnet.NodeSubnetSize(11, 28, 11)
    assert r.pod_cidr == aksnet.PodCidrSize(2816, 20, 4096)


def test_overlay_percent_surge():
    r = aksnet.size(plugin="azure-overlay", nodes=100, surge="33%")
    # S = ceil(0.33 * 100) = 33; 133 IPs -> /24 (251; /25 has 123); 133 * 256 = 34048 -> /16
    assert (r.surge_nodes, r.max_pods) == (33, 250)
    assert r.node_subnet == aksnet.NodeSubnetSize(133, 24, 251)
    assert r.pod_cidr == aksnet.PodCidrSize(34048, 16, 65536)


def test_dynamic_pod_subnet():
    r = aksnet.size(plugin="azure-pod-subnet", nodes=20, max_pods=50, expected_pods=20, surge=0)
    # S = min(0, 20) = 0; node subnet 20 IPs -> /27 (27 usable; /28 has 11)
    # per node min(16 * ceil(28/16), 16 * ceil(50/16)) = min(32, 64) = 32; 20 * 32 = 640
    # -> /22 (1019; /23 has 507)
    assert r.expected_pods == 20
    assert r.node_subnet == aksnet.NodeSubnetSize(20, 27, 27)
    assert r.pod_subnet == aksnet.PodSubnetSize(640, 22, 1019, 32, None, None)
    assert "blocks_required" not in r.pod_subnet.to_dict()


def test_static_block_pod_subnet():
    r = aksnet.size(plugin="azure-static-block", nodes=10, max_pods=30, surge=1)
    # 11 nodes * ceil(31/16) = 11 * 2 = 22 blocks = 352 IPs; /23 holds 2^5 - 2 = 30 blocks,
    # /24 only 14; a /23 has 512 - 5 = 507 usable
    assert r.pod_subnet == aksnet.PodSubnetSize(352, 23, 507, 32, 22, 30)
    assert r.expected_pods is None
    assert "expected_pods" not in r.to_dict()


def test_limits_are_reported_not_raised():
    # kubenet: 400 + 40 surge = 440 nodes > 400 (AKS kubenet limit)
    assert aksnet.size(plugin="kubenet", nodes=400).exceeded == "kubenet_limit"
    # 1000 + 100 surge > 1000 nodes per pool
    r = aksnet.size(plugin="azure", nodes=1000)
    assert r.exceeded == "pool_limit" and not r.fits


def test_size_errors():
    with pytest.raises(aksnet.InvalidArgumentError) as info:
        aksnet.size(plugin="azure-cni", nodes=3)
    assert isinstance(info.value, ValueError) and info.value.path == "plugin"
    with pytest.raises(aksnet.RangeError) as info:
        aksnet.size(plugin="azure", nodes=3, max_pods=300)
    assert info.value.code == aksnet.Status.ERANGE and "max_pods" in info.value.path
    with pytest.raises(aksnet.RangeError):
        aksnet.size(plugin="azure", nodes=3, surge="101%")
    with pytest.raises(aksnet.ParseError):
        aksnet.size(plugin="azure", nodes=3, surge="a lot")
    with pytest.raises(aksnet.RangeError):
        aksnet.size(plugin="azure", nodes=-1)
    with pytest.raises(aksnet.RangeError):
        aksnet.size(plugin="azure-pod-subnet", nodes=3, expected_pods=0)
    with pytest.raises(aksnet.RangeError):
        aksnet.size(plugin="azure", nodes=3, max_pods=0)  # 0 is not "the default": None is
    with pytest.raises(aksnet.ConflictError):
        # expected pods exist only in the dynamic pod subnet mode (the library: ECONFLICT)
        aksnet.size(plugin="azure", nodes=3, expected_pods=20)
    with pytest.raises(aksnet.ArgumentTypeError):
        aksnet.size(plugin="azure", nodes="50")
    with pytest.raises(aksnet.ArgumentTypeError):
        aksnet.size(plugin="azure", nodes=True)
    with pytest.raises(aksnet.InvalidArgumentError):
        aksnet.size(plugin="azure", nodes=3, dataplane="ebpf")
    with pytest.raises(aksnet.InvalidArgumentError):
        # Cilium needs an Azure CNI mode (the library refuses kubenet + cilium)
        aksnet.size(plugin="kubenet", nodes=3, dataplane="cilium")


def test_results_are_frozen():
    r = aksnet.size(plugin="azure", nodes=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.nodes = 4
    assert r == aksnet.size(plugin="azure", nodes=3)
    assert hash(r.node_subnet) == hash(aksnet.size(plugin="azure", nodes=3).node_subnet)


def test_capacity_azure_issue_example():
    c = aksnet.capacity(plugin="azure", subnet="10.0.0.0/24")
    assert isinstance(c, aksnet.CapacityResult)
    # 251 usable / (30 + 1) = 8 nodes (8 * 31 = 248); P + ceil(P/10) <= 8 -> P = 7, S = 1
    assert (c.max_nodes, c.max_pool_nodes, c.surge_nodes) == (8, 7, 1)
    assert c.limited_by == "node_subnet" and c.max_nodes_limited_by == "node_subnet"
    assert c.node_subnet == aksnet.Prefix("10.0.0.0/24")
    assert c.pod_nodes is None and c.fits


def test_capacity_kubenet_default_pod_cidr():
    c = aksnet.capacity(plugin="kubenet", subnet="10.0.0.0/24")
    # node subnet 251 nodes; 10.244.0.0/16 holds 65536 / 256 = 256 nodes; kubenet 400
    # P + ceil(P/10) <= 251 -> P = 228 (228 + 23 = 251; 229 + 23 = 252)
    assert (c.node_subnet_nodes, c.pod_nodes, c.max_nodes) == (251, 256, 251)
    assert (c.max_pool_nodes, c.surge_nodes) == (228, 23)
    assert c.max_nodes_limited_by == "node_subnet"


def test_capacity_overlay_limited_by_pod_cidr():
    c = aksnet.capacity(plugin="azure-overlay", subnet="10.0.0.0/26", pod_cidr="10.244.0.0/20")
    # /26: 64 - 5 = 59 nodes; /20: 4096 / 256 = 16 nodes; P + ceil(P/10) <= 16 -> P = 14
    assert (c.node_subnet_nodes, c.pod_nodes, c.max_nodes) == (59, 16, 16)
    assert (c.max_pool_nodes, c.surge_nodes, c.limited_by) == (14, 2, "pod_cidr")
    assert c.max_nodes_limited_by == "pod_cidr"


def test_capacity_max_pods_below_30_needs_three_nodes():
    c = aksnet.capacity(plugin="azure", subnet="10.0.0.0/29", max_pods=10)
    # a /29 has 3 usable IPs: 3 // (10 + 1) = 0 nodes, so no valid pool (and max pods 10 needs
    # room for 30 pods, i.e. 3 nodes: AKS "maximum pods per node" minimum)
    assert c.node_subnet_nodes == 0 and c.max_pool_nodes == 0
    assert not c.fits


def test_capacity_static_block():
    c = aksnet.capacity(plugin="azure-static-block", subnet="10.0.0.0/24",
                        pod_subnet="10.1.0.0/22", max_pods=30)
    # /22 holds 2^(28-22) - 2 = 62 blocks, ceil(31/16) = 2 per node -> 31 nodes
    # P + ceil(P/10) <= 31 -> P = 28 (28 + 3 = 31)
    assert (c.pod_nodes, c.max_nodes, c.max_pool_nodes) == (31, 31, 28)
    assert c.limited_by == "pod_subnet"


def test_capacity_errors():
    with pytest.raises(aksnet.ParseError) as info:
        aksnet.capacity(plugin="azure", subnet="10.0.0.1/24")
    assert info.value.suggestion == "10.0.0.0/24" and info.value.path == "subnet"
    with pytest.raises(aksnet.InvalidArgumentError):
        # a pod-subnet mode needs its pod subnet
        aksnet.capacity(plugin="azure-pod-subnet", subnet="10.0.0.0/24")
    with pytest.raises(aksnet.RangeError):
        aksnet.capacity(plugin="azure", subnet="10.0.0.0/30")  # smaller than /29
    with pytest.raises(aksnet.ArgumentTypeError):
        aksnet.capacity(plugin="azure", subnet=None)


# ---- the CLI contract ------------------------------------------------------------------------

SIZE_CASES = [
    (dict(plugin="azure", nodes=50, max_pods=30, surge=1),
     ["--plugin", "azure", "--nodes", "50", "--max-pods", "30", "--surge", "1"]),
    (dict(plugin="kubenet", nodes=10), ["--plugin", "kubenet", "--nodes", "10"]),
    (dict(plugin="azure-overlay", nodes=100, surge="33%", dataplane="cilium", extra_ips=7),
     ["--plugin", "azure-overlay", "--nodes", "100", "--surge", "33%", "--dataplane",
      "cilium", "--extra-ips", "7"]),
    (dict(plugin="azure-pod-subnet", nodes=20, max_pods=50, expected_pods=20, surge=0),
     ["--plugin", "azure-pod-subnet", "--nodes", "20", "--max-pods", "50",
      "--expected-pods", "20", "--surge", "0"]),
    (dict(plugin="azure-pod-subnet", nodes=20), ["--plugin", "azure-pod-subnet", "--nodes", "20"]),
    (dict(plugin="azure-static-block", nodes=10, max_pods=30, surge=1),
     ["--plugin", "azure-static-block", "--nodes", "10", "--max-pods", "30", "--surge", "1"]),
    (dict(plugin="azure-static-block", nodes=100000, max_pods=250),
     ["--plugin", "azure-static-block", "--nodes", "100000", "--max-pods", "250"]),
    (dict(plugin="kubenet", nodes=400, dual_stack=True),
     ["--plugin", "kubenet", "--nodes", "400", "--dual-stack"]),
    (dict(plugin="none", nodes=5), ["--plugin", "none", "--nodes", "5"]),
    (dict(plugin="azure", nodes=600000), ["--plugin", "azure", "--nodes", "600000"]),
]


@pytest.mark.parametrize("kwargs,args", SIZE_CASES)
def test_size_matches_cli_json(cli_json, kwargs, args):
    assert aksnet.size(**kwargs).to_dict() == cli_json("size", *args, "--format", "json")


CAPACITY_CASES = [
    (dict(plugin="azure", subnet="10.0.0.0/24"), ["--plugin", "azure", "--subnet", "10.0.0.0/24"]),
    (dict(plugin="kubenet", subnet="10.0.0.0/24"),
     ["--plugin", "kubenet", "--subnet", "10.0.0.0/24"]),
    (dict(plugin="kubenet", subnet="10.0.0.0/16", dual_stack=True),
     ["--plugin", "kubenet", "--subnet", "10.0.0.0/16", "--dual-stack"]),
    (dict(plugin="azure-overlay", subnet="10.0.0.0/26", pod_cidr="10.244.0.0/20"),
     ["--plugin", "azure-overlay", "--subnet", "10.0.0.0/26", "--pod-cidr", "10.244.0.0/20"]),
    (dict(plugin="azure-overlay", subnet="10.0.0.0/16", surge="50%", max_pods=110),
     ["--plugin", "azure-overlay", "--subnet", "10.0.0.0/16", "--surge", "50%",
      "--max-pods", "110"]),
    (dict(plugin="azure-pod-subnet", subnet="10.0.0.0/24", pod_subnet="10.1.0.0/20",
          expected_pods=30, extra_ips=3),
     ["--plugin", "azure-pod-subnet", "--subnet", "10.0.0.0/24", "--pod-subnet", "10.1.0.0/20",
      "--expected-pods", "30", "--extra-ips", "3"]),
    (dict(plugin="azure-static-block", subnet="10.0.0.0/24", pod_subnet="10.1.0.0/22",
          max_pods=30, dataplane="cilium"),
     ["--plugin", "azure-static-block", "--subnet", "10.0.0.0/24", "--pod-subnet",
      "10.1.0.0/22", "--max-pods", "30", "--dataplane", "cilium"]),
    (dict(plugin="none", subnet="10.0.0.0/28"), ["--plugin", "none", "--subnet", "10.0.0.0/28"]),
    (dict(plugin="none", subnet="10.0.0.0/28", pod_cidr="192.168.0.0/16"),
     ["--plugin", "none", "--subnet", "10.0.0.0/28", "--pod-cidr", "192.168.0.0/16"]),
    (dict(plugin="azure", subnet="10.0.0.0/29", max_pods=10),
     ["--plugin", "azure", "--subnet", "10.0.0.0/29", "--max-pods", "10"]),
]


@pytest.mark.parametrize("kwargs,args", CAPACITY_CASES)
def test_capacity_matches_cli_json(cli_json, kwargs, args):
    assert aksnet.capacity(**kwargs).to_dict() == cli_json("capacity", *args, "--format", "json")
