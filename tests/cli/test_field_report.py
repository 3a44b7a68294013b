"""The field report, end to end through the CLI.

A team chose Azure CNI, built a private cluster exposing apps through Private Link Service, and
only then found PLS broken with the dynamic pod subnet ("PLS connectivity is broken if AzureCNI
V2 is used in cluster", kubernetes-sigs/cloud-provider-azure pls-integration.md, 2022-06-10);
they redeployed everything. libaksnet says it before anything is deployed:

* static block pod IP allocation + PLS: error private-link-static-block (still documented as
  unsupported: learn.microsoft.com/azure/aks/concepts-network-azure-cni-pod-subnet);
* dynamic pod subnet + PLS: info private-link-dynamic-history (broken in 2022, the restriction
  was lifted by cloud-provider-azure on 2023-05-22 and dropped from the AKS docs on 2024-07-09);
* compare ranks the modes that fit and explains the others, with the migration path.

The plan is docs/examples/private-cluster-isolated-pools.json (Azure CNI node subnet, private
cluster, private_link_service); the pod-subnet variants put every pool's pods in one pod subnet.
"""
import copy
import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("AKSNET_SOURCE_DIR", HERE.parent.parent))
EXAMPLE = SOURCE_DIR / "docs" / "examples" / "private-cluster-isolated-pools.json"
AS_OF = "2026-06-01"


def cli():
    path = os.environ.get("AKSNET_CLI")
    if not path:
        pytest.fail("AKSNET_CLI is not set (run through ctest, or export the built CLI path)")
    return shlex.split(os.environ.get("AKSNET_CLI_WRAPPER", "")) + [path]


def run(*args, stdin=None):
    return subprocess.run(cli() + [str(a) for a in args], input=stdin, capture_output=True,
                          text=True, timeout=600)


def example():
    return json.loads(EXAMPLE.read_text())


def variant(allocation):
    """The example with every pool's pods in the pod subnet snet-aks-pods."""
    plan = example()
    for pool in plan["clusters"][0]["node_pools"]:
        pool["pod_subnet"] = "snet-aks-pods"
        pool["pod_ip_allocation_mode"] = allocation
    return plan


def check(plan, fmt="json"):
    r = run("check", "-", "--format", fmt, "--as-of", AS_OF, stdin=json.dumps(plan))
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, (json.loads(r.stdout) if fmt == "json" else r.stdout)


def pls_diags(out):
    return [d for d in out["diagnostics"] if d["code"].startswith("private-link-")]


def test_the_example_is_the_field_report_cluster():
    plan = example()
    k = plan["clusters"][0]
    assert k["network_plugin"] == "azure" and "network_plugin_mode" not in k
    assert k["private_cluster"] is True
    assert "private_link_service" in k["features"]


def test_node_subnet_plan_passes():
    rc, out = check(example())
    assert rc == 0, out
    assert out["errors"] == 0 and out["fits"] is True
    assert pls_diags(out) == [], "node subnet has no Private Link Service restriction"


def test_static_block_fails_with_private_link_static_block():
    rc, out = check(variant("StaticBlock"))
    assert rc == 1
    errors = [d for d in out["diagnostics"] if d["severity"] == "error"]
    assert [(d["code"], d["path"]) for d in errors] == [("private-link-static-block",
                                                         "/clusters/0")]
    d = errors[0]
    assert "static block" in d["message"] and "aks-prod" in d["message"]
    assert "learn.microsoft.com/azure/aks/concepts-network-azure-cni-pod-subnet" in d["source"]
    assert out["fits"] is False
    rc, text = check(variant("StaticBlock"), "text")
    assert rc == 1
    assert "error: private-link-static-block at /clusters/0: " in text
    assert "  source: https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-pod-subnet" \
        in text


def test_dynamic_pod_subnet_gives_the_history_note():
    for allocation in ("DynamicIndividual", None):
        plan = variant(allocation or "DynamicIndividual")
        if allocation is None:  # a pod subnet without a mode is dynamic
            for pool in plan["clusters"][0]["node_pools"]:
                del pool["pod_ip_allocation_mode"]
        rc, out = check(plan)
        assert rc == 0, out
        notes = pls_diags(out)
        assert [(d["code"], d["severity"], d["path"]) for d in notes] == [
            ("private-link-dynamic-history", "info", "/clusters/0")]
        msg, src = notes[0]["message"], notes[0]["source"]
        # when it was broken, when and where it was lifted
        for fact in ("2022", "2023-05-22", "2024-07-09", "cloud-provider-azure"):
            assert fact in msg, fact
        assert "pls-integration" in src
        assert "learn.microsoft.com/azure/aks/configure-azure-cni-dynamic-ip-allocation" in src
    rc, text = check(variant("DynamicIndividual"), "text")
    assert rc == 0
    assert "info: private-link-dynamic-history at /clusters/0: " in text
    assert text.rstrip().endswith("0 errors, 0 warnings")


def compare(plan, fmt="json"):
    r = run("compare", "-", "--format", fmt, "--as-of", AS_OF, stdin=json.dumps(plan))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout) if fmt == "json" else r.stdout


def test_compare_ranks_the_modes_that_fit_and_explains_the_others():
    out = compare(example())
    assert out["current"] == "azure"
    modes = out["modes"]
    rows = {m["plugin"]: m for m in modes}
    # Private Link Service rules out static block only; every other mode fits
    assert [m["plugin"] for m in modes if not m["fits"]] == ["azure-static-block"]
    assert [d["code"] for d in rows["azure-static-block"]["diagnostics"]
            if d["severity"] == "error"] == ["private-link-static-block"]
    # fitting modes first, fewest VNet IPs first
    fitting = [m for m in modes if m["fits"]]
    assert modes[:len(fitting)] == fitting
    assert [m["vnet_ips"] for m in fitting] == sorted(m["vnet_ips"] for m in fitting)
    # overlay needs node IPs only, far fewer than the node subnet's (nodes + surge) x 31/51
    assert rows["azure-overlay"]["vnet_ips"] < rows["azure"]["vnet_ips"]
    # ... and it is reached in place from node subnet (update-azure-cni.md): it ranks first
    assert modes[0]["plugin"] == "azure-overlay" and modes[0]["migration"] == "in-place"
    assert rows["azure"]["migration"] == "current"
    assert rows["azure-pod-subnet"]["migration"] == "new-cluster"
    text = compare(example(), "text")
    assert "Why azure-static-block does not fit:\n  private-link-static-block: " in text
    assert text.count("Why ") == 1


def test_compare_from_the_dynamic_pod_subnet_needs_a_new_cluster_for_overlay():
    """What the team faced: from the dynamic pod subnet no IPAM migration exists (overlay needs
    a new cluster, update-azure-cni.md); only the Cilium data plane is reached in place."""
    out = compare(variant("DynamicIndividual"))
    assert out["current"] == "azure-pod-subnet"
    rows = {m["plugin"]: m for m in out["modes"]}
    assert rows["azure-pod-subnet"]["fits"]
    assert rows["azure-overlay"]["migration"] == "new-cluster"
    assert rows["azure-pod-subnet+cilium"]["migration"] == "in-place"
    assert not rows["azure-static-block"]["fits"]


def test_compare_from_static_block_explains_its_own_failure():
    out = compare(variant("StaticBlock"))
    assert out["current"] == "azure-static-block"
    rows = {m["plugin"]: m for m in out["modes"]}
    cur = rows["azure-static-block"]
    assert cur["migration"] == "current" and not cur["fits"]
    assert out["modes"][-1]["plugin"] == "azure-static-block"
    assert all(m["migration"] == "new-cluster" for m in out["modes"] if m is not cur)
    text = compare(variant("StaticBlock"), "text")
    assert text.startswith("Current mode: azure-static-block\n")
    assert "Why azure-static-block does not fit:" in text
