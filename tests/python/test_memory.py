"""Ownership and leaks: every C handle has exactly one owner, outlives what borrows from it, is
freed exactly once, and 10,000 rounds of the whole API leave no memory behind.

Under AddressSanitizer (the asan preset sets AKSNET_SANITIZED=1 and preloads the runtime) a
double free or a use after free in these tests aborts the interpreter; the RSS check is skipped
there because ASan's quarantine keeps freed memory mapped (the tracemalloc check stays).
"""

import copy
import gc
import json
import tracemalloc
import weakref

import pytest

import aksnet
from aksnet import _capi
from conftest import AS_OF, EXAMPLES_DIR, SANITIZED

EXAMPLE = EXAMPLES_DIR / "private-cluster-isolated-pools.json"
ROUNDS = 10_000


def _collect():
    for _ in range(3):
        gc.collect()


# ---- ownership -------------------------------------------------------------------------------

def test_handles_are_owned_once():
    plan = aksnet.Plan.from_file(EXAMPLE)
    result = plan.allocate(as_of=AS_OF)
    cmp = plan.compare(as_of=AS_OF)
    assert plan._h.thisown and result._h.thisown and cmp._h.thisown
    # a comparison row's result is borrowed from the comparison: Python must never free it
    row = cmp.modes[0].result
    assert not row._h.thisown


def test_result_outlives_its_plan():
    plan = aksnet.Plan.from_file(EXAMPLE)
    plan_ref = weakref.ref(plan._h)
    result = plan.allocate(as_of=AS_OF)
    expected = result.to_json()
    del plan
    _collect()
    assert plan_ref() is None  # the plan handle is gone (freed)...
    assert result.to_json() == expected  # ...and the result does not need it
    assert result.subnets[1].name == "snet-aks-system"


def test_row_result_keeps_the_comparison_alive():
    row = aksnet.Plan.from_file(EXAMPLE).compare(as_of=AS_OF)["azure"]
    _collect()  # plan and Comparison object are gone; the row's result still holds the handle
    assert row.result.to_dict()["fits"] is True
    result = aksnet.Plan.from_file(EXAMPLE).compare(as_of=AS_OF)["kubenet"].result
    _collect()
    assert "kubenet-retirement" in [d.code for d in result.diagnostics]


def test_comparison_handle_freed_when_rows_go():
    cmp = aksnet.Plan.from_file(EXAMPLE).compare(as_of=AS_OF)
    ref = weakref.ref(cmp._h)
    rows = cmp.modes
    del cmp
    _collect()
    assert ref() is not None  # rows still borrow from it
    del rows
    _collect()
    assert ref() is None  # no reference cycle keeps it alive


def test_records_outlive_everything():
    r = aksnet.Plan.from_file(EXAMPLE).allocate(as_of=AS_OF)
    subnets, clusters, free = r.subnets, r.clusters, r.free
    del r
    _collect()
    assert str(subnets[1].cidr) == "10.20.12.0/24"
    assert clusters[0].node_pools[2].name == "vpnonly"
    assert free[0].num_addresses == 16  # 10.20.13.48/28


def test_copying_a_handle_never_frees_twice():
    plan = aksnet.Plan.from_file(EXAMPLE)
    # a copy of the low-level proxy shares the one owning pointer object...
    h2 = copy.copy(plan._h)
    assert h2.this is plan._h.this
    # ...and a deep copy is refused rather than made into a second owner
    with pytest.raises(TypeError):
        copy.deepcopy(plan._h)
    text = plan.to_json()
    del plan
    _collect()
    assert _capi.plan_to_json(h2) == text  # still valid: not freed with the first proxy
    del h2
    _collect()


def test_wrapping_a_handle_twice_shares_ownership():
    plan = aksnet.Plan.from_file(EXAMPLE)
    r1 = plan.allocate(as_of=AS_OF)
    r2 = aksnet.Result(r1._h)
    del r1
    _collect()
    assert r2.fits
    with pytest.raises(aksnet.ArgumentTypeError):
        aksnet.Result(object())
    with pytest.raises(aksnet.ArgumentTypeError):
        aksnet.Comparison(plan._h)


def test_failed_constructors_leave_no_half_objects():
    with pytest.raises(aksnet.ParseError):
        aksnet.Plan.from_json('{"schema_version": 1, "vnet": {"address_space": ["x"]}}')
    with pytest.raises(aksnet.InvalidArgumentError):
        aksnet.Plan(address_space=["10.0.0.0/16"]).allocate(strategy="none")


# ---- leaks -----------------------------------------------------------------------------------

DOC = json.loads(EXAMPLE.read_text())


def _one_round(i, plan):
    """Every public entry point, including the error paths (the slow ones every 10th round)."""
    p = aksnet.parse_prefix("10.0.0.0/16")
    str(p), p.azure_usable, p.network, "10.0.1.0/24" in p, p.overlaps("10.0.0.0/8")
    p.subnet(24, 3).next()
    aksnet.parse_address("10.1.0.10")
    aksnet.normalize(["10.0.0.0/24", "10.0.1.0/24"])
    aksnet.length_for_ips(251)
    aksnet.size(plugin="azure-static-block", nodes=10, max_pods=30).to_dict()
    aksnet.capacity(plugin="kubenet", subnet="10.0.0.0/24").to_dict()
    loaded = aksnet.Plan.from_dict(DOC)
    r = loaded.allocate(as_of=AS_OF)
    r.to_dict(), r.subnets, r.clusters, r.free, r.diagnostics, r.records(), r.vnet
    r.to_text(), r.to_tfvars()
    loaded.check(as_of=AS_OF).to_dict()
    built = aksnet.Plan("b", address_space=["10.9.0.0/16"])
    built.add_pool(built.add_cluster("k", network_plugin="azure"), "p", count=2)
    built.to_json()
    for bad in (lambda: aksnet.parse_prefix("10.0.0.1/24"),
                lambda: aksnet.Plan.from_json("{"),
                lambda: aksnet.size(plugin="azure", nodes=3, max_pods=300),
                lambda: built.add_subnet("k-nodes", "10.9.1.0/24", "fd00::/64"),
                lambda: aksnet.Plan.from_file("/nonexistent/plan.json")):
        try:
            bad()
        except aksnet.Error:
            pass
    if i % 10 == 0:
        r.to_svg()
        cmp = plan.compare(as_of=AS_OF)
        cmp.to_dict(), [m.result.diagnostics for m in cmp.modes]


def _rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def test_no_leaks_over_10000_rounds():
    plan = aksnet.Plan.from_dict(DOC)
    for i in range(500):  # warm caches (interned strings, type caches, free lists, arenas)
        _one_round(i, plan)
    _collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        rss_before = _rss_kib()
        for i in range(ROUNDS):
            _one_round(i, plan)
        _collect()
        rss_after = _rss_kib()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    growth = sum(s.size_diff for s in after.compare_to(before, "filename"))
    # Python heap: one leaked object per round would be >= 32 B x 10,000 = 320 KB
    assert growth < 64 * 1024, f"Python heap grew by {growth} bytes over {ROUNDS} rounds"
    # C heap (RSS; tracemalloc does not see libaksnet's malloc): a leaked result alone is
    # several KiB per round, tens of MiB over 10,000 rounds. ASan's quarantine keeps freed
    # memory mapped, so RSS means nothing there.
    if not SANITIZED and rss_before is not None:
        assert rss_after - rss_before < 4096, (
            f"RSS grew by {rss_after - rss_before} KiB over {ROUNDS} rounds")
