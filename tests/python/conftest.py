"""Shared fixtures of the Python binding tests.

ctest runs every test_*.py here with PYTHONPATH set to the build tree's package directory and
AKSNET_CLI / AKSNET_SOURCE_DIR / AKSNET_BUILD_DIR in the environment (tests/CMakeLists.txt).
Run by hand:

    B=build/dev; PYTHONPATH=$B/bindings/python/python AKSNET_CLI=$B/bindings/cli/aksnet \
        AKSNET_SOURCE_DIR=$PWD /usr/bin/python3 -m pytest tests/python
"""

import datetime
import json
import os
import subprocess
from pathlib import Path

import pytest

import aksnet

SOURCE_DIR = Path(os.environ.get("AKSNET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EXAMPLES_DIR = SOURCE_DIR / "docs" / "examples"
# every example plan of the documentation (docs/examples/*.json; the errors/ folder holds
# deliberately broken ones)
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.json"))
# a fixed date so that the lifecycle rules (retirements) give the same answer every day
AS_OF = datetime.date(2026, 11, 26)
AS_OF_TEXT = "2026-11-26"
SANITIZED = bool(os.environ.get("AKSNET_SANITIZED"))


@pytest.fixture(scope="session")
def cli():
    """Run the aksnet CLI: cli("plan", path, "--format", "json") -> CompletedProcess."""
    exe = os.environ.get("AKSNET_CLI")
    if not exe or not Path(exe).exists():
        pytest.skip("AKSNET_CLI is not set (run through ctest)")

    def run(*args, check_usage=True):
        proc = subprocess.run([exe, *map(str, args)], capture_output=True, text=True,
                              timeout=120)
        if check_usage:
            assert proc.returncode in (0, 1), proc.stderr
        return proc

    return run


@pytest.fixture(scope="session")
def cli_json(cli):
    """Run the CLI and parse its JSON output."""

    def run(*args):
        return json.loads(cli(*args).stdout)

    return run


@pytest.fixture
def example_plan():
    """The private-cluster example (docs/examples/private-cluster-isolated-pools.json)."""
    return aksnet.Plan.from_file(EXAMPLES_DIR / "private-cluster-isolated-pools.json")


@pytest.fixture
def small_plan_dict():
    """A minimal plan document: one VNet, one overlay cluster with one pool."""
    return {
        "schema_version": 1,
        "name": "small",
        "vnet": {"name": "vnet-small", "address_space": ["10.30.0.0/16"]},
        "clusters": [
            {
                "name": "aks-small",
                "network_plugin": "azure",
                "network_plugin_mode": "overlay",
                "kubernetes_version": "1.33",
                "node_pools": [{"name": "system", "mode": "System", "count": 3}],
            }
        ],
    }
