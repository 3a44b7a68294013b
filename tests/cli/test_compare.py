"""`aksnet compare`: the plan evaluated under every plugin mode (pools, features and VNet kept).

Contract: JSON {libaksnet_version, current, modes: [{plugin, ipam_mode, network_data_plane, fits,
vnet_ips, max_nodes, errors, warnings, migration, diagnostics}]}; rows that fit come first,
fewest VNet IPs first; the others follow and are explained by their error diagnostics.

Migration paths come from update-azure-cni.md (learn.microsoft.com/azure/aks/update-azure-cni):
the IPAM mode moves in place only to overlay, only from kubenet or node subnet; the data plane
moves in place to Cilium from any Azure CNI IPAM mode (node subnet, dynamic pod subnet, overlay),
never back; kubenet reaches Cilium through overlay (two operations); the rest is a new cluster.
"""
import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("AKSNET_SOURCE_DIR", HERE.parent.parent))
AS_OF = "2026-06-01"

LABELS = ["kubenet", "azure", "azure+cilium", "azure-pod-subnet", "azure-pod-subnet+cilium",
          "azure-static-block", "azure-overlay", "azure-overlay+cilium", "none"]
ROW_KEYS = {"plugin", "ipam_mode", "network_data_plane", "fits", "vnet_ips", "max_nodes",
            "errors", "warnings", "migration", "migration_note", "diagnostics"}


def cli():
    path = os.environ.get("AKSNET_CLI")
    if not path:
        pytest.fail("AKSNET_CLI is not set (run through ctest, or export the built CLI path)")
    return shlex.split(os.environ.get("AKSNET_CLI_WRAPPER", "")) + [path]


def run(*args, stdin=None):
    return subprocess.run(cli() + [str(a) for a in args], input=stdin, capture_output=True,
                          text=True, timeout=600)


def compare(plan, fmt="json", as_of=AS_OF):
    r = run("compare", "-", "--format", fmt, "--as-of", as_of, stdin=json.dumps(plan))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout) if fmt == "json" else r.stdout


def rows_by_label(out):
    return {m["plugin"]: m for m in out["modes"]}


def simple_plan(plugin="azure", mode=None, dataplane=None, pool=None, space="10.10.0.0/16",
                **cluster):
    c = {"name": "aks", "network_plugin": plugin, "kubernetes_version": "1.33",
         "node_pools": [pool or {"name": "system", "mode": "System", "count": 10,
                                 "max_pods": 30}]}
    if mode:
        c["network_plugin_mode"] = mode
    if dataplane:
        c["network_data_plane"] = dataplane
    c.update(cluster)
    return {"schema_version": 1, "vnet": {"name": "vnet", "address_space": [space]},
            "clusters": [c]}


POD_SUBNET = {"name": "system", "mode": "System", "count": 10, "max_pods": 30,
              "pod_subnet": "snet-pods"}


def with_pod_subnet(alloc):
    p = dict(POD_SUBNET)
    p["pod_ip_allocation_mode"] = alloc
    return p


# the plan's current mode -> the plan that has it
CURRENT = {
    "kubenet": simple_plan("kubenet"),
    "azure": simple_plan("azure"),
    "azure+cilium": simple_plan("azure", dataplane="cilium"),
    "azure-pod-subnet": simple_plan("azure", pool=with_pod_subnet("DynamicIndividual")),
    "azure-pod-subnet+cilium": simple_plan("azure", dataplane="cilium",
                                           pool=with_pod_subnet("DynamicIndividual")),
    "azure-static-block": simple_plan("azure", pool=with_pod_subnet("StaticBlock")),
    "azure-overlay": simple_plan("azure", "overlay"),
    "azure-overlay+cilium": simple_plan("azure", "overlay", "cilium"),
    "none": simple_plan("none", pod_cidr="10.244.0.0/16"),
}

# update-azure-cni.md, row by row: which targets each current mode reaches in place
IN_PLACE = {
    "kubenet": {"azure-overlay", "azure-overlay+cilium"},
    "azure": {"azure+cilium", "azure-overlay", "azure-overlay+cilium"},
    "azure+cilium": {"azure-overlay+cilium"},
    "azure-pod-subnet": {"azure-pod-subnet+cilium"},
    "azure-pod-subnet+cilium": set(),
    "azure-static-block": set(),
    "azure-overlay": {"azure-overlay+cilium"},
    "azure-overlay+cilium": set(),
    "none": set(),
}


@pytest.mark.parametrize("current", sorted(CURRENT))
def test_migration_from_each_current_mode(current):
    out = compare(CURRENT[current])
    assert out["current"] == current
    got = {m["plugin"]: m["migration"] for m in out["modes"]}
    want = {label: ("current" if label == current else
                    "in-place" if label in IN_PLACE[current] else "new-cluster")
            for label in LABELS}
    assert got == want


@pytest.mark.parametrize("current", sorted(CURRENT))
def test_json_contract(current):
    out = compare(CURRENT[current])
    assert set(out) == {"libaksnet_version", "current", "modes"}
    assert re.match(r"^\d+\.\d+\.\d+$", out["libaksnet_version"])
    labels = [m["plugin"] for m in out["modes"]]
    assert sorted(labels) == sorted(LABELS), "every plugin mode exactly once"
    for m in out["modes"]:
        assert set(m) == ROW_KEYS, m.keys()
        assert isinstance(m["fits"], bool)
        assert m["migration"] in ("current", "in-place", "new-cluster")
        assert m["network_data_plane"] == ("cilium" if m["plugin"].endswith("+cilium")
                                           else "azure")
        assert m["plugin"].split("+")[0] == m["ipam_mode"]
        for k in ("vnet_ips", "max_nodes", "errors", "warnings"):
            assert isinstance(m[k], int) and m[k] >= 0
        # the counts are the row's diagnostics (infos are left out of the list)
        sev = [d["severity"] for d in m["diagnostics"]]
        assert set(sev) <= {"error", "warning"}
        assert m["errors"] == sev.count("error")
        assert m["warnings"] == sev.count("warning")
        for d in m["diagnostics"]:
            assert set(d) == {"severity", "code", "path", "message"}
            assert d["message"].strip()
        # a mode fits when nothing it reports is an error
        assert m["fits"] == (m["errors"] == 0)


@pytest.mark.parametrize("current", sorted(CURRENT))
def test_ranking(current):
    out = compare(CURRENT[current])
    modes = out["modes"]
    fits = [m["fits"] for m in modes]
    assert fits == sorted(fits, reverse=True), "rows that fit come first"
    fitting = [m for m in modes if m["fits"]]
    keys = [(m["vnet_ips"], m["warnings"]) for m in fitting]
    assert keys == sorted(keys), "fewest VNet IPs first, then fewest warnings"
    others = [m["errors"] for m in modes if not m["fits"]]
    assert others == sorted(others)


def test_vnet_ips_and_capacity_follow_the_sizing_rules():
    """One pool, 10 nodes, max_pods 30, default surge 10% (1 node) -> 11 nodes at once.
    Overlay, kubenet and BYO CNI take one node IP each: 11 IPs -> a /28 (2^4 - 5 = 11 usable,
    concepts-network-ip-address-planning + virtual-networks-faq), 16 VNet addresses, 11 nodes at
    once. Node subnet takes 11 x (30 + 1) = 341 -> a /23 (507 usable), 512 addresses; at 31 IPs a
    node it holds 16 nodes at once. Pod subnet modes add a pod subnet to the /28."""
    rows = rows_by_label(compare(CURRENT["azure"]))
    for label in ("kubenet", "azure-overlay", "azure-overlay+cilium", "none"):
        assert rows[label]["vnet_ips"] == 16, label
        assert rows[label]["max_nodes"] == 11, label
    for label in ("azure", "azure+cilium"):
        assert rows[label]["vnet_ips"] == 512, label
        assert rows[label]["max_nodes"] == 16, label
    for label in ("azure-pod-subnet", "azure-pod-subnet+cilium", "azure-static-block"):
        # a /28 node subnet plus a pod subnet of at least 16 IPs per node (11 x 16 = 176)
        assert rows[label]["vnet_ips"] >= 16 + 256, label
    # the cheapest mode without warnings ranks first: overlay, reached in place from node subnet
    first = compare(CURRENT["azure"])["modes"][0]
    assert first["plugin"] == "azure-overlay" and first["migration"] == "in-place"


def test_modes_that_do_not_fit_are_explained():
    """A /24 VNet: 341 node-subnet IPs cannot fit (largest Azure subnet in it: 251 usable)."""
    plan = simple_plan("kubenet", space="10.10.0.0/24")
    out = compare(plan)
    rows = rows_by_label(out)
    assert rows["kubenet"]["fits"] and rows["azure-overlay"]["fits"]
    for label in ("azure", "azure+cilium"):
        m = rows[label]
        assert not m["fits"]
        errs = [d for d in m["diagnostics"] if d["severity"] == "error"]
        assert errs and errs[0]["code"] == "allocation-failed"
        assert "341" in errs[0]["message"]
    text = compare(plan, "text")
    for m in out["modes"]:
        header = "Why %s does not fit:" % m["plugin"]
        if m["fits"]:
            assert header not in text
            continue
        assert header in text
        block = text.split(header, 1)[1].split("\nWhy ", 1)[0]
        for d in m["diagnostics"]:
            if d["severity"] == "error":
                assert "  %s: %s" % (d["code"], d["message"]) in block


def test_features_and_pools_are_kept_in_every_row():
    """Windows pools rule out kubenet (configure-kubenet) and Cilium (azure-cni-powered-by-cilium);
    Private Link Service rules out static block (concepts-network-azure-cni-pod-subnet)."""
    plan = simple_plan("azure", "overlay", features=["private_link_service"])
    plan["clusters"][0]["node_pools"].append({"name": "win1", "mode": "User",
                                              "os_type": "Windows", "count": 2})
    rows = rows_by_label(compare(plan))
    codes = {label: {d["code"] for d in m["diagnostics"] if d["severity"] == "error"}
             for label, m in rows.items()}
    assert "windows-kubenet" in codes["kubenet"]
    for label in LABELS:
        assert ("windows-cilium" in codes[label]) == label.endswith("+cilium"), label
    assert "private-link-static-block" in codes["azure-static-block"]
    assert rows["azure-overlay"]["fits"] and rows["azure"]["fits"]
    assert not rows["kubenet"]["fits"] and not rows["azure-static-block"]["fits"]


def test_as_of_reaches_every_row():
    """kubenet is no longer supported from 2028-03-31 (includes/kubenet-retirement.md)."""
    before = rows_by_label(compare(CURRENT["kubenet"], as_of="2028-03-30"))["kubenet"]
    after = rows_by_label(compare(CURRENT["kubenet"], as_of="2028-03-31"))["kubenet"]
    assert before["fits"] and before["warnings"] == 1
    assert not after["fits"] and after["errors"] == 1
    assert [d["code"] for d in after["diagnostics"]] == ["kubenet-retirement"]


def test_text_output():
    out = compare(CURRENT["azure"])
    text = compare(CURRENT["azure"], "text")
    lines = text.splitlines()
    assert lines[0] == "Current mode: azure"
    header = next(l for l in lines if l.strip().startswith("MODE"))
    assert header.split() == ["MODE", "FITS", "VNET", "IPS", "MAX", "NODES", "ERRORS",
                              "WARNINGS", "MIGRATION"]
    table = lines[lines.index(header) + 1:lines.index(header) + 1 + len(LABELS)]
    assert [l.split()[0] for l in table] == [m["plugin"] for m in out["modes"]]
    for l, m in zip(table, out["modes"]):
        cols = l.split()
        assert cols[1] == ("yes" if m["fits"] else "no")
        assert [int(c) for c in cols[2:6]] == [m["vnet_ips"], m["max_nodes"], m["errors"],
                                               m["warnings"]]
        assert cols[6] == m["migration"]


def test_default_format_is_text_and_json_is_stable():
    a = run("compare", SOURCE_DIR / "docs/examples/private-cluster-isolated-pools.json",
            "--as-of", AS_OF)
    assert a.returncode == 0 and a.stdout.startswith("Current mode: ")
    b = run("compare", SOURCE_DIR / "docs/examples/private-cluster-isolated-pools.json",
            "--as-of", AS_OF, "--format", "json")
    c = run("compare", SOURCE_DIR / "docs/examples/private-cluster-isolated-pools.json",
            "--as-of", AS_OF, "--format", "json")
    assert b.stdout == c.stdout, "deterministic"


@pytest.mark.parametrize("args", [["--format", "svg"], ["--format", "tfvars"], ["--as-of", "x"],
                                  ["--strategy", "compact"], ["--bogus"], []])
def test_bad_arguments_exit_2(args, tmp_path):
    target = [] if args == [] else [SOURCE_DIR / "docs/examples/private-cluster-isolated-pools.json"]
    r = run("compare", *target, *args)
    assert r.returncode == 2 and r.stdout == "" and r.stderr.strip()


def test_input_errors_exit_2(tmp_path):
    r = run("compare", tmp_path / "missing.json")
    assert r.returncode == 2 and r.stdout == ""
    r = run("compare", "-", stdin='{"schema_version": 1}')
    assert r.returncode == 2 and r.stdout == ""


def test_plan_without_clusters():
    """No cluster: nothing is current, every mode would be a new cluster, and every row holds
    the same subnets."""
    plan = {"schema_version": 1, "vnet": {"name": "vnet", "address_space": ["10.10.0.0/16"]},
            "subnet_requests": [{"name": "snet-app", "prefix_length": 24}]}
    out = compare(plan)
    assert out["current"] is None
    assert sorted(m["plugin"] for m in out["modes"]) == sorted(LABELS)
    for m in out["modes"]:
        assert m["fits"] and m["migration"] == "new-cluster"
        assert m["vnet_ips"] == 256 and m["max_nodes"] == 0
    assert not compare(plan, "text").startswith("Current mode")


def test_migration_notes_name_steps_and_blockers():
    # update-azure-cni.md: kubenet -> overlay is one az aks update; it needs Kubernetes 1.27+
    # and no network policy engine; Cilium is a second operation
    plain = rows_by_label(compare(simple_plan("kubenet")))
    note = plain["azure-overlay"]["migration_note"]
    assert "--network-plugin-mode overlay" in note and "1.27" in note
    assert "Blocked now" not in note
    two = plain["azure-overlay+cilium"]["migration_note"]
    assert "second operation" in two and "--network-dataplane cilium" in two
    assert plain["kubenet"]["migration_note"] == ""  # the current mode
    assert "new cluster" in plain["azure-static-block"]["migration_note"]
    # with Calico installed and an old Kubernetes version the same path is blocked now
    blocked = rows_by_label(compare(simple_plan("kubenet", network_policy="calico",
                                                kubernetes_version="1.26")))
    note = blocked["azure-overlay"]["migration_note"]
    assert "Blocked now: upgrade Kubernetes to 1.27" in note
    assert "Blocked now: the cluster has a network policy engine" in note
    # Windows pools block the Cilium data plane
    win = simple_plan("azure", mode="overlay", features=["windows"])
    assert "Blocked now: the cluster has Windows pools" in \
        rows_by_label(compare(win))["azure-overlay+cilium"]["migration_note"]
    text = compare(simple_plan("kubenet"), fmt="text")
    assert "In-place migrations:" in text and "to azure-overlay:" in text
