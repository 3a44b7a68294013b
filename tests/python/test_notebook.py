"""docs/examples/capacity-planning.ipynb: every code cell runs in order with plain Python, and
gives the outputs stored in the notebook (refresh them with
``tests/python/nbrun.py --update docs/examples/capacity-planning.ipynb``).
"""

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import EXAMPLES_DIR
import nbrun

NOTEBOOK = EXAMPLES_DIR / "capacity-planning.ipynb"


@pytest.fixture(scope="module")
def notebook():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fresh():
    return nbrun.run(NOTEBOOK)


def _stored(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _text(outputs):
    """Everything a reader sees as text: stdout and the text/plain of results."""
    out = []
    for o in outputs:
        if o["output_type"] == "stream":
            out.append("".join(o["text"]))
        elif o["output_type"] == "execute_result":
            out.append("".join(o["data"]["text/plain"]))
    return "".join(out)


def test_notebook_is_nbformat_4(notebook):
    assert notebook["nbformat"] == 4
    assert notebook["metadata"]["kernelspec"]["language"] == "python"
    cells = _stored(notebook)
    assert len(cells) >= 10
    # committed with outputs from a real run, numbered in order
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1))
    assert all(c["outputs"] for c in cells[2:])  # every cell after the helper shows something


def test_every_cell_gives_its_stored_outputs(notebook, fresh):
    stored = _stored(notebook)
    assert len(fresh) == len(stored)
    for i, (cell, new) in enumerate(zip(stored, fresh), start=1):
        assert _text(new) == _text(cell["outputs"]), f"code cell {i} differs"


def test_key_numbers(fresh):
    text = "".join(_text(o) for o in fresh)
    # (60 + ceil(33% x 60) = 20) nodes x (30 + 1) = 2480 IPs -> /20 (4096 - 5 = 4091 usable)
    assert "60 nodes + 20 surge = 80 nodes" in text
    assert "node subnet: 2480 IPs -> /20 (4091 usable)" in text
    # (60 + 20) x (50 + 1) = 4080 IPs -> /20 after the pool grows
    assert "snet-aks-internet: 10.20.0.0/20, 4080 of 4091 usable IPs" in text
    assert "ParseError at /vnet/address_space/0 - did you mean 10.20.0.0/16" in text


def test_address_map_is_svg(fresh):
    last = fresh[-1]
    results = [o for o in last if o["output_type"] == "execute_result"]
    assert results and "image/svg+xml" in results[0]["data"]
    root = ET.fromstring("".join(results[0]["data"]["image/svg+xml"]))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_notebook_does_not_need_pandas(notebook):
    # nbrun hides pandas; the notebook must import it only optionally
    source = "".join("".join(c["source"]) for c in _stored(notebook))
    assert "except ImportError" in source and "import pandas" in source
