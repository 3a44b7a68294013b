"""docs/plan.schema.json: every example plan validates, and the schema's keys are exactly the
keys the strict loader (libaksnet/plan_json.c) accepts, so neither can drift from the other."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(os.environ.get("AKSNET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SCHEMA = json.loads((ROOT / "docs" / "plan.schema.json").read_text())
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.json"))
CLI = os.environ.get("AKSNET_CLI")


def validator():
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA)


def test_there_are_examples():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_validates_against_schema(path):
    errors = sorted(validator().iter_errors(json.loads(path.read_text())), key=str)
    assert not errors, "\n".join(e.message for e in errors)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_loads(path):
    if not CLI:
        pytest.skip("AKSNET_CLI not set")
    r = subprocess.run([CLI, "check", str(path), "--format", "json", "--as-of", "2026-11-26"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode in (0, 1), r.stderr  # 2 would be an input error


def loader_keys():
    src = (ROOT / "libaksnet" / "plan_json.c").read_text()
    out = {}
    for name, body in re.findall(r"static const char \*const (\w+_keys)\[\] = \{(.*?)\};", src, re.S):
        out[name] = {k for k in re.findall(r'"([^"]+)"', body)}
    return out


def test_schema_keys_match_loader():
    keys = loader_keys()
    props = SCHEMA["properties"]
    defs = SCHEMA["$defs"]
    assert set(props) == keys["top_keys"]
    assert set(props["vnet"]["properties"]) == keys["vnet_keys"]
    assert set(props["vnet"]["properties"]["subnets"]["items"]["properties"]) == keys["subnet_keys"]
    assert set(props["subnet_requests"]["items"]["properties"]) == keys["request_keys"]
    assert set(props["allocation"]["properties"]) == keys["alloc_keys"]
    assert set(defs["cluster"]["properties"]) == keys["cluster_keys"]
    assert set(defs["pool"]["properties"]) == keys["pool_keys"]


@pytest.mark.parametrize("where", ["top", "vnet", "cluster", "pool"])
def test_schema_and_loader_reject_unknown_keys(where, tmp_path):
    plan = json.loads((ROOT / "docs" / "examples" / "overlay-pod-cidr-reuse.json").read_text())
    target = {"top": plan, "vnet": plan["vnet"], "cluster": plan["clusters"][0],
              "pool": plan["clusters"][0]["node_pools"][0]}[where]
    target["colour"] = "blue"
    assert list(validator().iter_errors(plan)), "schema accepted an unknown key"
    if CLI:
        f = tmp_path / "p.json"
        f.write_text(json.dumps(plan))
        r = subprocess.run([CLI, "plan", str(f)], capture_output=True, text=True, timeout=60)
        assert r.returncode == 2 and 'unknown key "colour"' in r.stderr
        assert r.stdout == ""
