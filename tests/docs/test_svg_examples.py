"""The address maps the docs embed (docs/examples/maps/*.svg) are up to date and render.

Every docs/examples/<name>.json plan has a committed docs/examples/maps/<name>.svg that is
byte for byte what the current CLI renders with --as-of 2026-11-26; every map has its plan;
and rsvg-convert (a real SVG renderer) turns every map into a 1200 px wide PNG.

Environment (set by ctest): AKSNET_CLI, AKSNET_SOURCE_DIR; optional AKSNET_CLI_WRAPPER.
"""

import glob
import os
import shlex
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET

import pytest

SRC = os.environ.get("AKSNET_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ.get("AKSNET_CLI")
WRAPPER = shlex.split(os.environ.get("AKSNET_CLI_WRAPPER", ""))
EXAMPLES = os.path.join(SRC, "docs", "examples")
MAPS = os.path.join(EXAMPLES, "maps")
PLANS = sorted(glob.glob(os.path.join(EXAMPLES, "*.json")))
SVGS = sorted(glob.glob(os.path.join(MAPS, "*.svg")))
AS_OF = "2026-11-26"  # the date tests/docs/regen_svg_examples.sh uses
REGEN = "tests/docs/regen_svg_examples.sh"
RSVG = shutil.which("rsvg-convert")


def name_of(p):
    return os.path.splitext(os.path.basename(p))[0]


def regen_hint():
    cli = CLI or "<build>/bindings/cli/aksnet"
    return "run %s %s to regenerate docs/examples/maps/, then commit the maps" % (REGEN, cli)


def test_there_are_examples():
    assert PLANS, "no docs/examples/*.json"


@pytest.mark.parametrize("plan", PLANS, ids=[name_of(p) for p in PLANS])
def test_map_is_up_to_date(plan):
    if CLI is None:
        pytest.skip("AKSNET_CLI is not set (run through ctest)")
    committed = os.path.join(MAPS, name_of(plan) + ".svg")
    assert os.path.isfile(committed), "docs/examples/maps/%s.svg is missing: %s" % (
        name_of(plan), regen_hint())
    p = subprocess.run(WRAPPER + [CLI, "plan", plan, "--format", "svg", "--as-of", AS_OF],
                       capture_output=True, timeout=600)
    assert p.returncode in (0, 1), p.stderr.decode("utf-8", "replace")
    with open(committed, "rb") as f:
        want = f.read()
    assert p.stdout == want, "docs/examples/maps/%s.svg is out of date: %s" % (
        name_of(plan), regen_hint())


@pytest.mark.parametrize("svg", SVGS, ids=[name_of(s) for s in SVGS])
def test_every_map_has_a_plan(svg):
    assert os.path.isfile(os.path.join(EXAMPLES, name_of(svg) + ".json")), (
        "docs/examples/maps/%s.svg has no docs/examples/%s.json: %s" % (
            name_of(svg), name_of(svg), regen_hint()))


@pytest.mark.skipif(RSVG is None, reason="rsvg-convert (librsvg2-bin) is not installed")
@pytest.mark.parametrize("svg", SVGS, ids=[name_of(s) for s in SVGS])
def test_map_renders_to_png(svg, tmp_path):
    root = ET.parse(svg).getroot()
    out = tmp_path / (name_of(svg) + ".png")
    p = subprocess.run([RSVG, "-w", "1200", svg, "-o", str(out)], capture_output=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    png = out.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 1200
    assert height == round(float(root.get("height")))
    # a picture, not an empty page: the PNG compresses worse than a blank one would
    assert len(png) > 20_000
