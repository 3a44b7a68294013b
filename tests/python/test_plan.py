"""Plans (loading, building, copying), results, checks, comparisons and the rule catalogue."""

import copy
import datetime
import json
import pickle
import xml.etree.ElementTree as ET

import pytest

import aksnet
from conftest import AS_OF, AS_OF_TEXT, EXAMPLES_DIR

EXAMPLE = EXAMPLES_DIR / "private-cluster-isolated-pools.json"


# ---- loading ---------------------------------------------------------------------------------

def test_from_file_dict_json_agree(small_plan_dict, tmp_path):
    path = tmp_path / "small.json"
    path.write_text(json.dumps(small_plan_dict))
    a = aksnet.Plan.from_file(path).allocate(as_of=AS_OF).to_dict()
    b = aksnet.Plan.from_file(str(path)).allocate(as_of=AS_OF).to_dict()
    c = aksnet.Plan.from_dict(small_plan_dict).allocate(as_of=AS_OF).to_dict()
    d = aksnet.Plan.from_json(json.dumps(small_plan_dict)).allocate(as_of=AS_OF).to_dict()
    e = aksnet.Plan.from_json(json.dumps(small_plan_dict).encode()).allocate(as_of=AS_OF).to_dict()
    assert a == b == c == d == e


def test_from_dict_accepts_prefix_values(small_plan_dict):
    small_plan_dict["vnet"]["address_space"] = [aksnet.Prefix("10.30.0.0/16")]
    r = aksnet.Plan.from_dict(small_plan_dict).allocate(as_of=AS_OF)
    assert [str(p) for p in r.vnet.address_space] == ["10.30.0.0/16"]


def test_from_dict_type_errors():
    with pytest.raises(aksnet.ArgumentTypeError):
        aksnet.Plan.from_dict([])
    with pytest.raises(aksnet.ArgumentTypeError):
        aksnet.Plan.from_dict({"x": object()})
    with pytest.raises(aksnet.ArgumentTypeError):
        aksnet.Plan.from_json(42)


def test_to_json_round_trip(example_plan):
    doc = example_plan.to_dict()
    again = aksnet.Plan.from_dict(doc)
    assert again.to_dict() == doc
    assert again.allocate(as_of=AS_OF).to_dict() == example_plan.allocate(as_of=AS_OF).to_dict()
    assert json.loads(example_plan.to_json()) == doc


# ---- building --------------------------------------------------------------------------------

def test_builder_gives_the_same_allocation_as_the_document():
    """The private-cluster example built call by call allocates exactly like the file."""
    doc = json.loads(EXAMPLE.read_text())
    plan = aksnet.Plan(doc["name"], vnet_name=doc["vnet"]["name"],
                       address_space=doc["vnet"]["address_space"])
    for s in doc["vnet"]["subnets"]:
        plan.add_subnet(s["name"], s["cidr"])
    for r in doc["vnet"]["reserved"]:
        plan.add_reserved(r)
    for a in doc["avoid"]:
        plan.add_avoid(a)
    cluster = dict(doc["clusters"][0])
    pools = cluster.pop("node_pools")
    index = plan.add_cluster(**cluster)
    assert index == 0
    for p in pools:
        plan.add_pool("aks-prod" if p["name"] == "system" else index, **p)
    for r in doc["subnet_requests"]:
        plan.add_request(**r)
    built = plan.allocate(as_of=AS_OF).to_dict()
    assert built == aksnet.Plan.from_file(EXAMPLE).allocate(as_of=AS_OF).to_dict()


def test_builder_chaining_and_defaults():
    plan = (aksnet.Plan().set_name("chain").set_vnet_name("vnet-chain")
            .add_address_space("10.40.0.0/16").set_strategy("ordered"))
    c = plan.add_cluster("aks", network_plugin="azure", network_plugin_mode="overlay",
                         node_pools=[{"name": "system", "count": 2}])
    plan.add_pool(c, "user", min_count=1, max_count=5, max_surge="50%")
    r = plan.allocate(as_of=AS_OF)
    assert r.name == "chain" and r.vnet.name == "vnet-chain" and r.strategy == "ordered"
    pools = r.cluster("aks").node_pools
    assert [p.name for p in pools] == ["system", "user"]
    assert pools[0].mode == "System"  # the first pool is System when not given
    # user pool: autoscaler max 5, surge ceil(50% of 5) = 3
    assert (pools[1].autoscale, pools[1].nodes, pools[1].surge_nodes) == (True, 5, 3)
    assert pools[1].max_surge == "50%"
    # overlay: one node subnet "<cluster>-nodes" with P + S IPs: (2 + 1) + (5 + 3) = 11,
    # default surge of the system pool ceil(10% of 2) = 1
    s = r.subnet("aks-nodes")
    assert s.purpose == "nodes" and s.ips_required == 11


def test_builder_argument_checks():
    plan = aksnet.Plan(address_space="10.0.0.0/16")  # one prefix needs no list
    c = plan.add_cluster("aks", network_plugin="azure")
    with pytest.raises(aksnet.InvalidArgumentError):
        plan.add_pool(c, "p")  # neither count nor min/max
    with pytest.raises(aksnet.ConflictError):
        plan.add_pool(c, "p", min_count=1)
    with pytest.raises(aksnet.ConflictError):
        plan.add_request("r")  # none of prefix_length, ips, cidr
    with pytest.raises(aksnet.ConflictError):
        plan.add_request("r", prefix_length=24, ips=5)
    with pytest.raises(aksnet.InvalidArgumentError):
        plan.add_cluster("k2", network_plugin="calico")
    with pytest.raises(aksnet.InvalidArgumentError):
        plan.add_cluster("k3", ip_families=["IPv6"])
    with pytest.raises(aksnet.InvalidArgumentError):
        plan.add_cluster("k4", features=["warp_drive"])
    with pytest.raises(aksnet.ArgumentTypeError):
        plan.add_cluster("k5", growth="fast")
    with pytest.raises(aksnet.InvalidArgumentError):
        plan.add_subnet("nul\0name", "10.0.9.0/24")
    with pytest.raises(aksnet.ParseError):
        plan.add_subnet("s", "10.0.9.1/24")
    with pytest.raises(aksnet.InvalidArgumentError):
        plan.set_strategy("fastest")


def test_not_found_is_also_invalid_argument_for_pool_without_cluster():
    # add_pool(0, ...) on a plan without clusters: the C library answers AKSNET_ENOTFOUND
    plan = aksnet.Plan(address_space="10.0.0.0/16")
    with pytest.raises(aksnet.NotFoundError):
        plan.add_pool(0, "p", count=3)


def test_dual_stack_builder_and_requests():
    plan = aksnet.Plan("ds", address_space=["10.50.0.0/16", "fd00:50::/48"])
    plan.add_request("snet-ingress", prefix_length=27, ipv6=True)
    plan.add_request("snet-pinned", cidr="10.50.200.0/24", cidr_ipv6="fd00:50:0:c8::/64")
    c = plan.add_cluster("aks-ds", network_plugin="azure", network_plugin_mode="overlay",
                         network_data_plane="cilium", network_policy="cilium",
                         ip_families=["IPv4", "IPv6"], kubernetes_version="1.33")
    plan.add_pool(c, "system", mode="System", count=3)
    r = plan.allocate(as_of=AS_OF)
    assert r.fits, r.to_text()
    assert r.cluster("aks-ds").ip_families == ("IPv4", "IPv6")
    ingress = r.subnet("snet-ingress")
    assert ingress.cidr.prefix_length == 27 and ingress.cidr_ipv6.prefix_length == 64
    pinned = r.subnet("snet-pinned")
    assert str(pinned.cidr) == "10.50.200.0/24"
    assert str(pinned.cidr_ipv6) == "fd00:50:0:c8::/64"


# ---- copies ----------------------------------------------------------------------------------

def test_copies_are_independent(example_plan):
    for other in (example_plan.copy(), copy.copy(example_plan), copy.deepcopy(example_plan),
                  pickle.loads(pickle.dumps(example_plan))):
        assert other is not example_plan and other._h is not example_plan._h
        assert other.to_dict() == example_plan.to_dict()
        other.set_name("changed")
        assert example_plan.to_dict()["name"] != "changed"


def test_repr(example_plan):
    assert repr(example_plan).startswith("<aksnet.Plan name='field-report")
    r = example_plan.allocate(as_of=AS_OF)
    assert repr(r) == ("<aksnet.Result fits=True strategy='compact' subnets=6 clusters=1 "
                       "diagnostics=0>")


# ---- results ---------------------------------------------------------------------------------

def test_result_values(example_plan):
    r = example_plan.allocate(as_of=AS_OF_TEXT)
    assert r.fits and r.strategy == "compact"
    assert r.as_of == AS_OF
    assert r.libaksnet_version == aksnet.__version__
    assert r.vnet.name == "vnet-aks-prod"
    assert r.vnet.address_space == (aksnet.Prefix("10.20.0.0/16"),)
    assert [s.name for s in r.subnets] == [
        "GatewaySubnet", "snet-aks-system", "snet-aks-internet", "snet-aks-vpn",
        "snet-private-endpoints", "snet-pls"]
    system = r.subnet("snet-aks-system")
    # Azure CNI node subnet: 3 nodes + ceil(10% of 3) = 1 surge -> 4 * (30 + 1) = 124 IPs for
    # the pool, plus 4 internal load balancer IPs, 1 private endpoint of the private cluster
    # and 1 Private Link Service NAT IP in the first pool's subnet = 130 -> /24 (251 usable)
    assert system.ips_required == 130
    assert system.cidr.prefix_length == 24 and system.usable_ips == 251
    internet = r.cluster("aks-prod").node_pools[1]
    # autoscaler max 20, surge ceil(33% of 20) = 7; 27 * (50 + 1) = 1377
    assert (internet.nodes, internet.surge_nodes, internet.node_subnet_ips) == (20, 7, 1377)
    assert r.subnet("snet-aks-internet").cidr.prefix_length == 21  # /22 holds 1019 < 1377
    # free space never overlaps a subnet, and lies inside the VNet
    vnet = r.vnet.address_space[0]
    for free in r.free:
        assert free in vnet
        assert not any(s.cidr is not None and s.cidr.overlaps(free) for s in r.subnets)
    assert r.diagnostics == () and r.errors == () and r.warnings == ()
    with pytest.raises(aksnet.NotFoundError):
        r.subnet("nope")
    with pytest.raises(aksnet.NotFoundError):
        r.cluster("nope")


def test_as_of_forms_agree(example_plan):
    a = example_plan.allocate(as_of=AS_OF).to_dict()
    assert example_plan.allocate(as_of=AS_OF_TEXT).to_dict() == a
    assert example_plan.allocate(as_of=datetime.datetime(2026, 11, 26, 13, 0)).to_dict() == a
    today = example_plan.allocate().as_of
    assert abs((today - datetime.datetime.utcnow().date()).days) <= 1
    with pytest.raises(aksnet.ParseError):
        example_plan.allocate(as_of="26.11.2026")
    with pytest.raises(aksnet.ArgumentTypeError):
        example_plan.allocate(as_of=20261126)


def test_strategies(example_plan):
    for s in aksnet.STRATEGIES:
        assert example_plan.allocate(strategy=s, as_of=AS_OF).strategy == s
    assert example_plan.allocate(as_of=AS_OF).strategy == "compact"  # the plan's own


def test_records_are_flat(example_plan):
    r = example_plan.allocate(as_of=AS_OF)
    rows = r.records()
    assert len(rows) == len(r.subnets)
    for row in rows:
        assert all(isinstance(v, (str, int, float, bool, type(None))) for v in row.values())
    system = rows[1]
    assert system["name"] == "snet-aks-system" and system["cidr"] == "10.20.12.0/24"
    assert system["node_pools"] == "system"
    assert system["utilization"] == round(130 / 251, 4)
    pools = r.records("node_pools")
    assert [(p["cluster"], p["name"]) for p in pools] == [
        ("aks-prod", "system"), ("aks-prod", "internet"), ("aks-prod", "vpnonly")]
    assert "node_pools" not in r.records("clusters")[0]
    assert r.records("free")[0] == {"cidr": str(r.free[0]),
                                    "num_addresses": r.free[0].num_addresses}
    assert r.records("diagnostics") == []
    with pytest.raises(aksnet.InvalidArgumentError):
        r.records("vnets")


def test_outputs(example_plan, tmp_path):
    r = example_plan.allocate(as_of=AS_OF)
    assert r.to_text().startswith('Plan "field-report')
    tf = json.loads(r.to_tfvars())
    assert tf["vnet_address_space"] == ["10.20.0.0/16"]
    svg = r.to_svg()
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert r._repr_svg_() == svg
    r.save(tmp_path / "plan.svg")
    r.save(tmp_path / "plan.json")
    r.save(tmp_path / "plan.tfvars.json")
    r.save(tmp_path / "plan.txt")
    assert json.loads((tmp_path / "plan.json").read_text()) == r.to_dict()
    assert (tmp_path / "plan.svg").read_text() == svg
    assert json.loads((tmp_path / "plan.tfvars.json").read_text()) == tf
    assert (tmp_path / "plan.txt").read_text() == r.to_text()
    with pytest.raises(aksnet.InvalidArgumentError):
        r.save(tmp_path / "x", format="pdf")


def test_results_are_immutable_values(example_plan):
    r = example_plan.allocate(as_of=AS_OF)
    s = r.subnets[0]
    with pytest.raises(AttributeError):
        s.name = "x"
    d = r.to_dict()
    d["subnets"].clear()  # a copy: the result is unchanged
    assert len(r.to_dict()["subnets"]) == 6
    assert copy.copy(r) is r and copy.deepcopy(r) is r
    with pytest.raises(TypeError):
        pickle.dumps(r)


def test_does_not_fit_is_a_result_not_an_exception():
    plan = aksnet.Plan.from_dict({
        "schema_version": 1,
        "vnet": {"address_space": ["10.0.0.0/24"]},
        "clusters": [{"name": "big", "network_plugin": "azure",
                      "node_pools": [{"name": "p", "count": 100, "max_pods": 30}]}],
    })
    r = plan.allocate(as_of=AS_OF)
    # 100 + 10 surge nodes * 31 = 3410 IPs: more than the whole /24 VNet
    assert not r.fits
    assert r.errors and all(d.severity == "error" for d in r.errors)
    report = plan.check(as_of=AS_OF)
    assert not report.ok and not report.fits and report.errors == len(r.errors)


# ---- check, compare, rules -------------------------------------------------------------------

def test_check(example_plan):
    report = example_plan.check(as_of=AS_OF)
    assert isinstance(report, aksnet.CheckReport)
    assert report.ok and report.fits and (report.errors, report.warnings) == (0, 0)
    assert report.to_dict() == {"diagnostics": [], "errors": 0, "warnings": 0, "fits": True}
    assert isinstance(report.result, aksnet.Result)
    kubenet = aksnet.Plan.from_file(EXAMPLES_DIR / "field-report-kubenet.json").check(as_of=AS_OF)
    codes = [d.code for d in kubenet.diagnostics]
    # kubenet retires on 2028-03-31 (Microsoft Learn, configure-kubenet): a warning on our date
    assert "kubenet-retirement" in codes
    assert kubenet.records()[0]["code"] == kubenet.diagnostics[0].code
    warnings = kubenet.result.warnings
    assert warnings and kubenet.warnings == len(warnings)
    assert all(d.severity == "warning" for d in warnings)


def test_diagnostic_text_is_the_cli_line(cli):
    path = EXAMPLES_DIR / "field-report-kubenet.json"
    report = aksnet.Plan.from_file(path).check(as_of=AS_OF)
    text = cli("check", path, "--as-of", AS_OF_TEXT).stdout
    for d in report.diagnostics:
        # aksnet check prints "<severity>: <code> at <path>: <message>" then the source
        assert str(d) + "\n  source: " + d.source in text


def test_compare(example_plan):
    cmp = example_plan.compare(as_of=AS_OF)
    assert isinstance(cmp, aksnet.Comparison)
    labels = [m.plugin for m in cmp]
    # every IPAM mode and data plane combination the library evaluates (docs: compare)
    assert sorted(labels) == sorted([
        "kubenet", "azure", "azure+cilium", "azure-pod-subnet", "azure-pod-subnet+cilium",
        "azure-static-block", "azure-overlay", "azure-overlay+cilium", "none"])
    assert len(cmp) == 9 and cmp.current == "azure"
    assert cmp["azure"].migration == "current"
    # kubenet and Azure CNI node subnet move to overlay in place (AKS update-azure-cni docs)
    assert cmp["azure-overlay"].migration == "in-place"
    assert cmp["kubenet"].migration == "new-cluster"
    assert cmp["azure"].migration_note == ""  # the current mode needs no migration
    assert "az aks update" in cmp["azure-overlay"].migration_note  # the in-place steps
    fitting = [m for m in cmp if m.fits]
    # rows that fit come first, by VNet IPs consumed
    assert [m.vnet_ips for m in fitting] == sorted(m.vnet_ips for m in fitting)
    assert cmp.modes[0] is cmp[0]
    row = cmp["azure"]
    assert row.result.to_dict() == example_plan.allocate(as_of=AS_OF).to_dict()
    assert cmp.records()[0]["plugin"] == cmp[0].plugin and "diagnostics" not in cmp.records()[0]
    assert cmp.to_text().startswith("Current mode: azure")
    with pytest.raises(aksnet.NotFoundError):
        cmp["calico"]
    assert repr(cmp) == "<aksnet.Comparison current='azure' modes=9>"


def test_rules():
    rules = aksnet.rules()
    assert len(rules) > 10
    codes = [r.code for r in rules]
    assert len(set(codes)) == len(codes)
    assert "kubenet-retirement" in codes and "subnet-outside-vnet" in codes
    for r in rules:
        assert r.severity in ("error", "warning", "info")
        assert r.summary and r.source


# ---- pinning ---------------------------------------------------------------------------------

def _grown(doc):
    doc = json.loads(json.dumps(doc))
    doc["subnet_requests"].append({"name": "snet-big", "prefix_length": 20})
    return doc


def test_pin_keeps_addresses_stable():
    doc = json.loads(EXAMPLE.read_text())
    before = aksnet.Plan.from_dict(doc).allocate(as_of=AS_OF)
    # without pinning, compact places the new /20 first, at 10.20.0.0/20, where the /21 of
    # snet-aks-internet was: it moves
    moved = aksnet.Plan.from_dict(_grown(doc)).allocate(as_of=AS_OF)
    assert str(moved.subnet("snet-big").cidr) == "10.20.0.0/20"
    assert moved.subnet("snet-aks-internet").cidr != before.subnet("snet-aks-internet").cidr
    plan = aksnet.Plan.from_dict(_grown(doc))
    # every placed subnet except the existing GatewaySubnet: 5
    assert plan.pin(before) == 5
    after = plan.allocate(as_of=AS_OF)
    for s in before.subnets:
        assert after.subnet(s.name).cidr == s.cidr, s.name
    # the pinned subnets fill 10.20.0.0/20 (a /21, a /22, a /24, a /27 and a /28 in its first
    # 3.4 KiB); the lowest free aligned /20 is the next one
    assert str(after.subnet("snet-big").cidr) == "10.20.16.0/20"
    with pytest.raises(aksnet.ArgumentTypeError):
        plan.pin(doc)


def test_pin_equals_cli_pin_from(cli_json, tmp_path):
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    doc = json.loads(EXAMPLE.read_text())
    old.write_text(json.dumps(doc))
    new.write_text(json.dumps(_grown(doc)))
    plan = aksnet.Plan.from_file(new)
    plan.pin(aksnet.Plan.from_file(old).allocate(as_of=AS_OF))
    assert plan.allocate(as_of=AS_OF).to_dict() == cli_json(
        "plan", new, "--pin-from", old, "--format", "json", "--as-of", AS_OF_TEXT)
