"""The JSON contract: the Python objects and the CLI say the same thing for the same plan.

For every example plan of the documentation (docs/examples/*.json):
  Result.to_dict() == aksnet plan FILE --format json --as-of 2026-11-26
  the objects (from the C record getters) == the entries of that JSON
  to_text / to_tfvars / to_svg == the CLI's other formats
  Plan.check() == aksnet check --format json; Plan.compare() == aksnet compare --format json
"""

import json
import xml.etree.ElementTree as ET

import pytest

import aksnet
from conftest import AS_OF, AS_OF_TEXT, EXAMPLES, EXAMPLES_DIR

IDS = [p.name for p in EXAMPLES]


def test_there_are_examples():
    assert len(EXAMPLES) >= 1
    assert EXAMPLES_DIR / "private-cluster-isolated-pools.json" in EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
def test_plan_json_equals_cli(cli, path):
    result = aksnet.Plan.from_file(path).allocate(as_of=AS_OF)
    proc = cli("plan", path, "--format", "json", "--as-of", AS_OF_TEXT)
    assert result.to_dict() == json.loads(proc.stdout)
    assert result.to_json() == proc.stdout  # byte for byte
    # the CLI exits 1 exactly when the plan does not fit
    assert proc.returncode == (0 if result.fits else 1)


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
def test_objects_equal_contract_entries(path):
    """The objects come from the C record getters; the JSON from the library's writer: the two
    views of one result must agree field by field."""
    r = aksnet.Plan.from_file(path).allocate(as_of=AS_OF)
    d = r.to_dict()
    assert [s.to_dict() for s in r.subnets] == d["subnets"]
    assert [c.to_dict() for c in r.clusters] == d["clusters"]
    assert [str(p) for p in r.free] == d["free"]
    assert [g.to_dict() for g in r.diagnostics] == d["diagnostics"]
    assert r.vnet.to_dict() == d["vnet"]
    assert (r.fits, r.strategy, r.as_of.isoformat(), r.name) == (
        d["fits"], d["strategy"], d["as_of"], d["name"])
    # the record fields are a subset of the contract's keys, nothing invented
    for s, js in zip(r.subnets, d["subnets"]):
        assert set(s.to_dict()) == set(js)


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
@pytest.mark.parametrize("fmt", ["text", "tfvars", "svg"])
def test_other_formats_equal_cli(cli, path, fmt):
    r = aksnet.Plan.from_file(path).allocate(as_of=AS_OF)
    out = cli("plan", path, "--format", fmt, "--as-of", AS_OF_TEXT).stdout
    assert {"text": r.to_text, "tfvars": r.to_tfvars, "svg": r.to_svg}[fmt]() == out
    if fmt == "svg":
        assert ET.fromstring(out).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
@pytest.mark.parametrize("strategy", ["ordered", "terraform"])
def test_strategies_equal_cli(cli_json, path, strategy):
    r = aksnet.Plan.from_file(path).allocate(strategy=strategy, as_of=AS_OF)
    assert r.to_dict() == cli_json("plan", path, "--format", "json", "--as-of", AS_OF_TEXT,
                                   "--strategy", strategy)


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
def test_check_equals_cli(cli, path):
    report = aksnet.Plan.from_file(path).check(as_of=AS_OF)
    proc = cli("check", path, "--format", "json", "--as-of", AS_OF_TEXT)
    assert report.to_dict() == json.loads(proc.stdout)
    assert proc.returncode == (0 if report.ok else 1)


@pytest.mark.parametrize("path", EXAMPLES, ids=IDS)
def test_compare_equals_cli(cli_json, path):
    cmp = aksnet.Plan.from_file(path).compare(as_of=AS_OF)
    doc = cli_json("compare", path, "--format", "json", "--as-of", AS_OF_TEXT)
    assert cmp.to_dict() == doc
    assert [m.to_dict() for m in cmp.modes] == doc["modes"]
    assert cmp.current == doc["current"]


def test_rules_equal_cli(cli_json):
    assert [r.to_dict() for r in aksnet.rules()] == cli_json("rules", "--format", "json")


def test_version_equals_cli(cli):
    assert cli("--version").stdout.strip() == f"aksnet {aksnet.__version__}"


BROKEN = sorted((EXAMPLES_DIR / "errors").glob("*.json"))


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_examples_raise_what_the_cli_prints(cli, path):
    with pytest.raises(aksnet.Error) as info:
        aksnet.Plan.from_file(path)
    proc = cli("plan", path, check_usage=False)
    assert proc.returncode == 2
    # the CLI prints "aksnet plan: FILE: <the library's message>"
    assert info.value.message in proc.stderr
