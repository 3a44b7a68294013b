"""`aksnet plan` end to end: formats, exit codes, files and standard input, strategies,
pinning, and the terraform strategy checked against a real `terraform console` when the
terraform binary is on PATH (its cidrsubnets() is the reference)."""
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("AKSNET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CLI = os.environ.get("AKSNET_CLI")
WRAP = shlex.split(os.environ.get("AKSNET_CLI_WRAPPER", ""))
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.json"))
ASOF = "2026-11-26"

pytestmark = pytest.mark.skipif(not CLI, reason="AKSNET_CLI not set")


def aksnet(*args, stdin=None, timeout=120):
    return subprocess.run(WRAP + [CLI, *map(str, args)], input=stdin, capture_output=True,
                          text=True, timeout=timeout)


def plan_json(doc, *extra):
    r = aksnet("plan", "-", "--format", "json", "--as-of", ASOF, *extra, stdin=json.dumps(doc))
    assert r.returncode in (0, 1), r.stderr
    return r, json.loads(r.stdout)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_every_format(path, tmp_path):
    r = aksnet("plan", path, "--format", "json", "--as-of", ASOF)
    data = json.loads(r.stdout)
    assert r.returncode == (0 if data["fits"] else 1)
    for key in ("fits", "strategy", "subnets", "clusters", "free", "diagnostics"):
        assert key in data
    for s in data["subnets"]:
        for key in ("name", "cidr", "purpose", "cluster", "node_pools", "ips_required",
                    "usable_ips", "existing"):
            assert key in s
        assert s["purpose"] in ("nodes", "pods", "requested", "existing", "apiserver")
    for c in data["clusters"]:
        for key in ("name", "network_plugin", "network_plugin_mode", "pod_cidr", "service_cidr",
                    "dns_service_ip", "node_pools"):
            assert key in c
        for p in c["node_pools"]:
            for key in ("name", "nodes", "surge_nodes", "max_pods", "subnet", "pod_subnet",
                        "node_subnet_ips", "pod_ips"):
                assert key in p
    for d in data["diagnostics"]:
        assert set(d) >= {"severity", "code", "path", "message"}
    # text shows the arithmetic
    t = aksnet("plan", path, "--as-of", ASOF)
    assert t.returncode == r.returncode
    assert "Subnets" in t.stdout and "Free space" in t.stdout
    # tfvars is JSON with the keys docs/terraform.md uses
    tf = json.loads(aksnet("plan", path, "--format", "tfvars", "--as-of", ASOF).stdout)
    assert set(tf) >= {"vnet_address_space", "subnets", "existing_subnets", "clusters"}
    # svg to a file via --output: nothing on stdout
    out = tmp_path / "map.svg"
    s = aksnet("plan", path, "--format", "svg", "--output", out, "--as-of", ASOF)
    assert s.returncode == r.returncode and s.stdout == ""
    assert ET.parse(out).getroot().tag.endswith("svg")


def test_stdin_and_file_agree():
    path = ROOT / "docs" / "examples" / "hub-spoke-spoke.json"
    a = aksnet("plan", path, "--format", "json", "--as-of", ASOF)
    b = aksnet("plan", "-", "--format", "json", "--as-of", ASOF, stdin=path.read_text())
    assert a.stdout == b.stdout and a.returncode == b.returncode == 0


def test_does_not_fit_exit_1():
    doc = {"schema_version": 1, "vnet": {"address_space": ["10.0.0.0/24"]},
           "subnet_requests": [{"name": "big", "prefix_length": 22}]}
    r, data = plan_json(doc)
    assert r.returncode == 1 and data["fits"] is False
    assert data["subnets"][0]["cidr"] is None and data["subnets"][0]["placed"] is False
    assert "does not fit" in r.stderr
    t = aksnet("plan", "-", "--as-of", ASOF, stdin=json.dumps(doc))
    assert t.returncode == 1 and "DOES NOT FIT" in t.stdout and "allocation-failed" in t.stdout


@pytest.mark.parametrize("args,fragment", [
    ([], "a plan FILE"),
    (["a.json", "b.json"], "unexpected argument"),
    (["-", "--format", "yaml"], "--format"),
    (["-", "--strategy", "best"], "--strategy"),
    (["-", "--as-of", "2026-13-01"], "--as-of"),
    (["-", "--as-of", "tomorrow"], "--as-of"),
    (["-", "--frobnicate"], "unknown option"),
    (["-", "--output"], "--output needs a value"),
    (["/nonexistent/plan.json"], "cannot open"),
])
def test_usage_errors(args, fragment):
    r = aksnet("plan", *args, stdin="{}")
    assert r.returncode == 2, r.stderr
    assert fragment in r.stderr
    assert r.stdout == ""


def test_strategy_flag_overrides_plan():
    doc = {"schema_version": 1, "vnet": {"address_space": ["10.0.0.0/22"]},
           "allocation": {"strategy": "ordered"},
           "subnet_requests": [{"name": "a", "prefix_length": 26},
                               {"name": "b", "prefix_length": 24}]}
    _, d1 = plan_json(doc)
    _, d2 = plan_json(doc, "--strategy", "compact")
    cidr = lambda d, n: next(s["cidr"] for s in d["subnets"] if s["name"] == n)
    # ordered: a first at 10.0.0.0/26, b at the next /24 boundary; compact: b first
    assert (d1["strategy"], cidr(d1, "a"), cidr(d1, "b")) == ("ordered", "10.0.0.0/26", "10.0.1.0/24")
    assert (d2["strategy"], cidr(d2, "a"), cidr(d2, "b")) == ("compact", "10.0.1.0/26", "10.0.0.0/24")


def test_pin_from_keeps_earlier_subnets(tmp_path):
    old = {"schema_version": 1, "vnet": {"address_space": ["10.0.0.0/16"]},
           "subnet_requests": [{"name": "a", "prefix_length": 24}]}
    new = dict(old, subnet_requests=old["subnet_requests"] + [{"name": "big", "prefix_length": 20}])
    (tmp_path / "old.json").write_text(json.dumps(old))
    # compact alone moves a (the /20 goes first); pinned, a stays at 10.0.0.0/24
    _, moved = plan_json(new)
    assert next(s["cidr"] for s in moved["subnets"] if s["name"] == "a") == "10.0.16.0/24"
    _, kept = plan_json(new, "--pin-from", tmp_path / "old.json")
    assert next(s["cidr"] for s in kept["subnets"] if s["name"] == "a") == "10.0.0.0/24"
    assert next(s["cidr"] for s in kept["subnets"] if s["name"] == "big") == "10.0.16.0/20"
    r = aksnet("plan", "-", "--pin-from", tmp_path / "missing.json", stdin=json.dumps(new))
    assert r.returncode == 2 and "missing.json" in r.stderr


def test_check_exit_codes():
    ok = ROOT / "docs" / "examples" / "overlay-pod-cidr-reuse.json"
    r = aksnet("check", ok, "--as-of", ASOF)
    assert r.returncode == 0, r.stdout
    assert r.stdout.strip().endswith("0 errors, 0 warnings")
    bad = {"schema_version": 1, "vnet": {"address_space": ["10.0.0.0/16"],
           "subnets": [{"name": "a", "cidr": "10.0.0.0/24"}, {"name": "b", "cidr": "10.0.0.128/25"}]}}
    r = aksnet("check", "-", "--format", "json", "--as-of", ASOF, stdin=json.dumps(bad))
    data = json.loads(r.stdout)
    assert r.returncode == 1 and data["errors"] >= 1
    assert any(d["code"] == "subnet-overlap" and d["path"] == "/vnet/subnets/1"
               for d in data["diagnostics"])


# ---- the terraform strategy against terraform's own cidrsubnets() ---------------------------

TERRAFORM = shutil.which("terraform")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def terraform_cidrsubnets(base, newbits, workdir):
    expr = 'cidrsubnets("%s", %s)' % (base, ", ".join(map(str, newbits)))
    env = dict(os.environ, TF_CLI_CONFIG_FILE="/dev/null", CHECKPOINT_DISABLE="1")
    r = subprocess.run([TERRAFORM, "console"], input=expr + "\n", capture_output=True,
                       text=True, cwd=workdir, env=env, timeout=60)
    text = ANSI.sub("", r.stdout + r.stderr)
    if "Error" in text:
        msg = " ".join(re.sub(r"[│╷╵]", " ", text).split())
        m = re.search(r"(not enough remaining address space for a subnet with a prefix of \d+ "
                      r"bits after [0-9./]+)", msg)
        return None, (m.group(1).rstrip(".") if m else msg)
    return re.findall(r'"([0-9a-f.:/]+)"', text), None


def aksnet_terraform(base, newbits):
    length = int(base.split("/")[1])
    doc = {"schema_version": 1, "vnet": {"address_space": [base]},
           "allocation": {"strategy": "terraform"},
           "subnet_requests": [{"name": "s%d" % i, "prefix_length": length + n}
                               for i, n in enumerate(newbits)]}
    r, data = plan_json(doc)
    failed = [d for d in data["diagnostics"] if d["code"] == "allocation-failed"]
    if failed:
        m = re.search(r"(not enough remaining address space for a subnet with a prefix of \d+ "
                      r"bits after [0-9./]+)", failed[0]["message"])
        return None, (m.group(1).rstrip(".") if m else failed[0]["message"])
    return [s["cidr"] for s in data["subnets"]], None


def cases():
    rnd = random.Random(20261126)
    out = [("10.1.0.0/16", [4, 4, 8, 4]), ("10.0.0.0/24", [1, 1, 1]),
           ("10.0.0.0/24", [1, 1]), ("172.16.0.0/12", [4, 8, 4, 12, 1]),
           ("192.168.0.0/16", [8, 2, 8, 8]), ("10.20.0.0/20", [6, 2, 4, 4, 4])]
    for _ in range(40):
        base_len = rnd.choice([12, 16, 18, 20, 22])
        base = "10.%d.0.0/%d" % (rnd.randrange(0, 256) & ~((1 << max(0, 16 - base_len + 8)) - 1)
                                 if base_len <= 16 else rnd.randrange(0, 256), base_len)
        if base_len > 16:
            base = "10.64.%d.0/%d" % (rnd.randrange(0, 256) & ~((1 << (24 - base_len)) - 1), base_len)
        else:
            base = "10.%d.0.0/%d" % (rnd.randrange(0, 256) & ~((1 << (16 - base_len)) - 1), base_len)
        # only lengths that are Azure subnet sizes (/29 at most)
        maxbits = 29 - base_len
        out.append((base, [rnd.randint(1, maxbits) for _ in range(rnd.randint(1, 7))]))
    return out


@pytest.mark.skipif(TERRAFORM is None, reason="no terraform binary")
@pytest.mark.parametrize("base,newbits", cases(), ids=lambda v: str(v))
def test_terraform_strategy_matches_terraform_console(base, newbits, tmp_path):
    want, want_err = terraform_cidrsubnets(base, newbits, tmp_path)
    got, got_err = aksnet_terraform(base, newbits)
    assert (got, got_err) == (want, want_err)
