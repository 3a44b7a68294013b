"""Every validation rule, case by case: `aksnet check FILE --format json --as-of DATE`.

The cases live in tests/rules/<code>/ (see tests/rules/README.md): a plan file per case and a
sidecar <name>.expect.json with the date, the expected exit status and the diagnostics
{code, severity, path} that must be reported. Every code of `aksnet rules --format json` must
have at least one firing and one silent case; the test fails when one is missing.

Environment (set by ctest): AKSNET_CLI (the built CLI), AKSNET_SOURCE_DIR; optional
AKSNET_CLI_WRAPPER, a command prefix such as "valgrind -q --error-exitcode=99".
"""
import collections
import datetime
import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("AKSNET_SOURCE_DIR", HERE.parent.parent))
RULES_DIR = SOURCE_DIR / "tests" / "rules"
SEVERITIES = ("info", "warning", "error")
RANK = {s: i for i, s in enumerate(SEVERITIES)}
EXPECT_KEYS = {"why", "as_of", "args", "exit", "diagnostics", "counts"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def cli():
    path = os.environ.get("AKSNET_CLI")
    if not path:
        pytest.fail("AKSNET_CLI is not set (run through ctest, or export the built CLI path)")
    return shlex.split(os.environ.get("AKSNET_CLI_WRAPPER", "")) + [path]


def run(*args, stdin=None):
    return subprocess.run(cli() + [str(a) for a in args], input=stdin, capture_output=True,
                          text=True, timeout=600)


def discover():
    cases = []
    if RULES_DIR.is_dir():
        for plan in sorted(RULES_DIR.glob("*/*.json")):
            if plan.name.endswith(".expect.json"):
                continue
            cases.append(plan)
    return cases


CASES = discover()


def case_id(plan):
    return "%s/%s" % (plan.parent.name, plan.stem)


def load_expect(plan):
    sidecar = plan.with_name(plan.stem + ".expect.json")
    assert sidecar.is_file(), "%s has no sidecar %s" % (plan, sidecar.name)
    return json.loads(sidecar.read_text())


def resolve_pointer(doc, pointer):
    """True when the RFC 6901 pointer exists in doc."""
    if pointer == "":
        return True
    if not pointer.startswith("/"):
        return False
    cur = doc
    for raw in pointer[1:].split("/"):
        tok = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(cur, dict) and tok in cur:
            cur = cur[tok]
        elif isinstance(cur, list) and tok.isdigit() and int(tok) < len(cur):
            cur = cur[int(tok)]
        else:
            return False
    return True


def pointer_points_into(doc, pointer):
    """The diagnostic path names a field of the plan, or a field the plan may set but left
    out (its parent object exists)."""
    if resolve_pointer(doc, pointer):
        return True
    parent = pointer.rsplit("/", 1)[0]
    return resolve_pointer(doc, parent)


def triples(diags):
    return collections.Counter((d["code"], d["severity"], d["path"]) for d in diags)


def check_json(plan, expect):
    args = ["check", plan, "--format", "json", "--as-of", expect["as_of"]] + expect.get("args", [])
    r = run(*args)
    assert r.returncode in (0, 1), "exit %d, stderr:\n%s" % (r.returncode, r.stderr)
    return r, json.loads(r.stdout)


# ---- the cases ----------------------------------------------------------------------------------

@pytest.mark.parametrize("plan", CASES, ids=[case_id(p) for p in CASES])
def test_expect_file_is_well_formed(plan):
    e = load_expect(plan)
    code = plan.parent.name
    assert set(e) <= EXPECT_KEYS, "unknown keys %s" % (set(e) - EXPECT_KEYS)
    assert isinstance(e.get("why"), str) and len(e["why"]) >= 20, "cite the AKS rule in 'why'"
    assert DATE_RE.match(e.get("as_of", "")), "as_of must be YYYY-MM-DD"
    assert e.get("exit") in (0, 1)
    assert isinstance(e.get("diagnostics"), list)
    for d in e["diagnostics"]:
        assert set(d) == {"code", "severity", "path"}, d
        assert d["severity"] in SEVERITIES, d
    own = [d for d in e["diagnostics"] if d["code"] == code]
    if plan.stem.startswith("fires-"):
        assert own, "a fires- case must expect at least one %s diagnostic" % code
    else:
        assert plan.stem.startswith("silent-"), "case names start with fires- or silent-"
        assert not own, "a silent- case cannot expect %s" % code
    # the exit status follows from the expectations: 1 exactly when an error is expected
    assert e["exit"] == int(any(d["severity"] == "error" for d in e["diagnostics"])), \
        "exit must be 1 exactly when an error diagnostic is expected"
    json.loads(plan.read_text())


@pytest.mark.parametrize("plan", CASES, ids=[case_id(p) for p in CASES])
def test_check_json(plan):
    e = load_expect(plan)
    code = plan.parent.name
    r, out = check_json(plan, e)
    doc = json.loads(plan.read_text())
    got = out["diagnostics"]
    shown = "\n".join("  %s %s %s: %s" % (d["severity"], d["code"], d["path"], d["message"])
                      for d in got)

    # contract of the JSON document
    assert set(out) == {"diagnostics", "errors", "warnings", "fits"}
    assert out["errors"] == sum(d["severity"] == "error" for d in got)
    assert out["warnings"] == sum(d["severity"] == "warning" for d in got)
    assert out["fits"] == (out["errors"] == 0)
    for d in got:
        assert set(d) == {"severity", "code", "path", "message", "source"}
        assert d["severity"] in SEVERITIES
        assert d["message"].strip() and d["source"].strip(), d
        assert pointer_points_into(doc, d["path"]), \
            "path %r of %s is not a JSON pointer into the plan" % (d["path"], d["code"])
    # errors first, then warnings, then infos
    ranks = [RANK[d["severity"]] for d in got]
    assert ranks == sorted(ranks, reverse=True)

    # expected exit status
    assert r.returncode == e["exit"], "exit %d, expected %d; got:\n%s" % (
        r.returncode, e["exit"], shown)

    # every expected diagnostic is there (as often as listed)
    have = triples(got)
    want = triples(e["diagnostics"])
    for key, n in want.items():
        assert have[key] >= n, "missing %s (x%d); got:\n%s" % (key, n, shown)

    # the directory's own code fires exactly as expected: nothing more, nothing less
    own_have = {k: v for k, v in have.items() if k[0] == code}
    own_want = {k: v for k, v in want.items() if k[0] == code}
    assert own_have == own_want, "%s: expected %s, got:\n%s" % (code, own_want, shown)

    for other, n in e.get("counts", {}).items():
        assert sum(1 for d in got if d["code"] == other) == n, "%s count; got:\n%s" % (other,
                                                                                        shown)


@pytest.mark.parametrize("plan", CASES, ids=[case_id(p) for p in CASES])
def test_check_text(plan):
    """The text format reports the same diagnostics and the same exit status."""
    e = load_expect(plan)
    r = run("check", plan, "--as-of", e["as_of"], *e.get("args", []))
    assert r.returncode == e["exit"], r.stdout + r.stderr
    lines = r.stdout.splitlines()
    heads = [l for l in lines if re.match(r"^(error|warning|info): ", l)]
    for d in e["diagnostics"]:
        head = "%s: %s at %s: " % (d["severity"], d["code"], d["path"] or "/")
        assert any(l.startswith(head) for l in heads), "%r not in:\n%s" % (head, r.stdout)
    sources = [l for l in lines if l.startswith("  source: ")]
    assert len(sources) == len(heads)
    m = re.match(r"^(\d+) errors?, (\d+) warnings?$", lines[-1])
    assert m, lines[-1]
    assert int(m.group(1)) == sum(l.startswith("error: ") for l in heads)
    assert int(m.group(2)) == sum(l.startswith("warning: ") for l in heads)


# ---- coverage of the catalogue ------------------------------------------------------------------

def catalogue():
    r = run("rules", "--format", "json")
    assert r.returncode == 0, r.stderr
    rules = json.loads(r.stdout)
    assert rules, "empty catalogue"
    return rules


def test_every_code_has_firing_and_silent_cases():
    missing = []
    for rule in catalogue():
        d = RULES_DIR / rule["code"]
        fires = list(d.glob("fires-*.json")) if d.is_dir() else []
        silent = list(d.glob("silent-*.json")) if d.is_dir() else []
        fires = [p for p in fires if not p.name.endswith(".expect.json")]
        silent = [p for p in silent if not p.name.endswith(".expect.json")]
        if not fires:
            missing.append("%s: no fires- case" % rule["code"])
        if not silent:
            missing.append("%s: no silent- case" % rule["code"])
    assert not missing, "\n".join(missing)


def test_no_directory_for_an_unknown_code():
    codes = {r["code"] for r in catalogue()}
    stale = sorted(p.name for p in RULES_DIR.iterdir() if p.is_dir() and p.name not in codes)
    assert not stale, "directories for codes not in the catalogue: %s" % stale


def test_highest_severity_of_each_code_is_exercised():
    """The severity the catalogue lists (the highest a rule emits) is reached by a case."""
    seen = collections.defaultdict(int)
    for plan in CASES:
        for d in load_expect(plan)["diagnostics"]:
            if d["code"] == plan.parent.name:
                seen[d["code"]] = max(seen[d["code"]], RANK[d["severity"]] + 1)
    wrong = ["%s: catalogue %s, highest expected %s" % (
        r["code"], r["severity"], SEVERITIES[seen[r["code"]] - 1] if seen[r["code"]] else None)
        for r in catalogue() if seen[r["code"]] != RANK[r["severity"]] + 1]
    assert not wrong, "\n".join(wrong)


def test_catalogue_entries():
    rules = catalogue()
    codes = [r["code"] for r in rules]
    assert len(codes) == len(set(codes)), "duplicate codes"
    for r in rules:
        assert set(r) == {"code", "severity", "summary", "source"}
        assert re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", r["code"]), r["code"]
        assert r["severity"] in SEVERITIES
        assert r["summary"].strip().endswith(".")
        assert r["source"].strip()
    # the codes the issue asks for, with their highest severity
    required = {
        "subnet-outside-vnet": "error", "subnet-overlap": "error", "subnet-too-small": "error",
        "subnet-below-minimum": "error", "ipv6-subnet-not-64": "error",
        "forbidden-range": "error", "avoid-overlap": "error", "vnet-ip-limit": "warning",
        "subnet-count-limit": "error", "service-cidr-overlap": "error",
        "service-cidr-too-large": "error", "service-cidr-public": "error",
        "dns-ip-outside-service-cidr": "error", "dns-ip-reserved": "error",
        "service-dns-pairing": "error", "pod-cidr-overlap": "error",
        "pod-cidr-too-small": "error", "pod-cidr-not-allowed": "error",
        "pod-cidr-missing": "warning", "pod-cidr-public": "warning",
        "max-pods-out-of-range": "error", "max-pods-min-rule": "error",
        "pool-node-limit": "error", "cluster-node-limit": "error", "pool-count-limit": "error",
        "kubenet-node-limit": "error", "pool-name-invalid": "error",
        "system-pool-required": "error", "npm-node-limit": "warning",
        "windows-kubenet": "error", "windows-cilium": "error", "virtual-nodes-plugin": "error",
        "network-policy-plugin": "error", "cilium-dataplane-plugin": "error",
        "dual-stack-unsupported": "error", "private-link-static-block": "error",
        "private-link-dynamic-history": "info", "overlay-vm-unsupported": "error",
        "pod-subnet-mixed-modes": "error", "kubenet-shared-subnet": "error",
        "app-gateway-containers-kubenet": "error", "kubenet-retirement": "error",
        "npm-windows-retired": "error", "npm-linux-retirement": "error",
        "default-plugin": "info",
    }
    have = {r["code"]: r["severity"] for r in rules}
    wrong = ["%s: %s (want %s)" % (c, have.get(c), s) for c, s in required.items()
             if have.get(c) != s]
    assert not wrong, "\n".join(wrong)


def test_rules_text_lists_every_code():
    r = run("rules")
    assert r.returncode == 0
    listed = [l.split()[0] for l in r.stdout.splitlines() if l.strip()]
    assert listed == [x["code"] for x in catalogue()]


# ---- the check command itself -------------------------------------------------------------------

BASE = RULES_DIR / "default-plugin" / "silent-explicit.json"
KUBENET = RULES_DIR / "kubenet-retirement" / "fires-day-before-warning.json"


def test_as_of_defaults_to_today():
    """Without --as-of the retirement rules use today's date (UTC)."""
    today = datetime.datetime.now(datetime.timezone.utc).date()
    r = run("check", KUBENET, "--format", "json")
    out = json.loads(r.stdout)
    sev = [d["severity"] for d in out["diagnostics"] if d["code"] == "kubenet-retirement"]
    want = "error" if today >= datetime.date(2028, 3, 31) else "warning"
    assert sev == [want]
    assert r.returncode == (1 if want == "error" else 0)


@pytest.mark.parametrize("args", [
    ["--as-of", "2026-02-30"], ["--as-of", "20260101"], ["--as-of"], ["--format", "svg"],
    ["--format", "tfvars"], ["--bogus"], ["second-file.json"],
])
def test_bad_arguments_exit_2(args):
    r = run("check", BASE, *args)
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stdout == ""
    assert r.stderr.strip()


def test_input_errors_exit_2(tmp_path):
    missing = tmp_path / "missing.json"
    r = run("check", missing)
    assert r.returncode == 2 and r.stdout == "" and "missing.json" in r.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "vnet": {"address_space": ["10.0.0.1/16"]}}')
    r = run("check", bad, "--format", "json")
    assert r.returncode == 2 and r.stdout == ""
    assert "10.0.0.0/16" in r.stderr  # the loader suggests the network address
    r = run("check", "-", "--format", "json", stdin="{")
    assert r.returncode == 2 and r.stdout == ""


def test_plan_from_stdin():
    r = run("check", "-", "--format", "json", "--as-of", "2026-06-01",
            stdin=(RULES_DIR / "dns-ip-reserved" / "fires-first.json").read_text())
    assert r.returncode == 1
    assert [d["code"] for d in json.loads(r.stdout)["diagnostics"]
            if d["severity"] == "error"] == ["dns-ip-reserved"]


def test_exported_deployment_with_every_cidr_given():
    """A plan whose subnets, service CIDR, DNS IP and pod CIDR are all given (as exported from
    a running cluster) is validated as it is: nothing is moved."""
    plan = {
        "schema_version": 1,
        "vnet": {"name": "vnet-prod", "address_space": ["10.20.0.0/16"],
                 "subnets": [{"name": "snet-aks", "cidr": "10.20.0.0/22"},
                             {"name": "snet-pe", "cidr": "10.20.4.0/27"}]},
        "clusters": [{"name": "aks-prod", "network_plugin": "azure",
                      "network_plugin_mode": "overlay", "kubernetes_version": "1.33",
                      "pod_cidr": "10.244.0.0/16", "service_cidr": "10.0.0.0/16",
                      "dns_service_ip": "10.0.0.10",
                      "node_pools": [{"name": "system", "mode": "System", "count": 3,
                                      "subnet": "snet-aks"}]}],
    }
    r = run("check", "-", "--format", "json", "--as-of", "2026-06-01", stdin=json.dumps(plan))
    assert r.returncode == 0, r.stdout
    assert json.loads(r.stdout)["diagnostics"] == []
    # the same deployment with the DNS IP on the kubernetes service address
    plan["clusters"][0]["dns_service_ip"] = "10.0.0.1"
    r = run("check", "-", "--format", "json", "--as-of", "2026-06-01", stdin=json.dumps(plan))
    assert r.returncode == 1
    got = [d for d in json.loads(r.stdout)["diagnostics"] if d["severity"] != "info"]
    assert [(d["code"], d["path"]) for d in got] == [("dns-ip-reserved",
                                                      "/clusters/0/dns_service_ip")]
    assert "10.0.0.1" in got[0]["message"] and "10.0.0.0/16" in got[0]["message"]
