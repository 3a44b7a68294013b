"""The SVG address map: `aksnet plan FILE --format svg`.

Checks that the map is well-formed XML, that every subnet of the result is on it with its
name and CIDR, that block widths and positions are proportional to address counts (numbers
computed by hand in the comments), that hostile names are escaped, that large plans stay
small and fast, and that a real renderer (rsvg-convert) turns every map into a PNG whose
pixels have the colours the blocks were given.

Environment (set by ctest): AKSNET_CLI, AKSNET_SOURCE_DIR; optional AKSNET_CLI_WRAPPER, a
command prefix such as "valgrind --error-exitcode=99".
"""

import glob
import ipaddress
import json
import os
import re
import shlex
import shutil
import struct
import subprocess
import time
import xml.etree.ElementTree as ET
import zlib

import pytest

SRC = os.environ.get("AKSNET_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ.get("AKSNET_CLI")
WRAPPER = shlex.split(os.environ.get("AKSNET_CLI_WRAPPER", ""))
SVG_DIR = os.path.join(SRC, "tests", "cli", "svg")
EXAMPLES = sorted(glob.glob(os.path.join(SRC, "docs", "examples", "*.json")))
EDGE = sorted(glob.glob(os.path.join(SVG_DIR, "*.json")))
AS_OF = "2026-11-26"
NS = "{http://www.w3.org/2000/svg}"

# Layout constants of write_svg.c: every band starts at x = 20 and is 1160 px wide.
BX = 20.0
BW = 1160.0

pytestmark = pytest.mark.skipif(CLI is None, reason="AKSNET_CLI is not set (run through ctest)")


def run_cli(*args, timeout=600):
    return subprocess.run(WRAPPER + [CLI] + list(args), capture_output=True, timeout=timeout)


def render(plan, fmt="svg"):
    """The CLI's output for a plan; exit status 0 (fits) or 1 (does not fit) are both fine."""
    p = run_cli("plan", plan, "--format", fmt, "--as-of", AS_OF)
    assert p.returncode in (0, 1), p.stderr.decode("utf-8", "replace")
    return p.stdout


def svg_of(plan):
    return ET.fromstring(render(plan))


def result_of(plan):
    return json.loads(render(plan, "json"))


def path(name):
    return os.path.join(SVG_DIR, name)


def ids(paths):
    return [os.path.relpath(p, SRC) for p in paths]


def blocks(root, band=None):
    out = [e for e in root.iter(NS + "rect") if e.get("class") == "block"]
    if band is not None:
        out = [e for e in out if e.get("data-band") == band]
    return out


def bands(root):
    return [e for e in root.iter(NS + "rect") if e.get("class") == "band"]


def title_of(e):
    t = e.find(NS + "title")
    return t.text if t is not None and t.text else ""


def visible_texts(root):
    """The text of every <text> element, without tooltips."""
    out = []
    for t in root.iter(NS + "text"):
        parts = [t.text or ""]
        for child in t:
            if child.tag != NS + "title":
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        out.append("".join(parts))
    return out


def addr(s):
    return int(ipaddress.ip_address(s))


def body_offset(root):
    """The y translation of the group that holds the bands."""
    for g in root.iter(NS + "g"):
        m = re.match(r"translate\(0 ([0-9.]+)\)", g.get("transform", ""))
        if m:
            return float(m.group(1))
    raise AssertionError("no translated body group")


# ---- well-formed, self-contained documents ---------------------------------------------------


@pytest.mark.parametrize("plan", EXAMPLES + EDGE, ids=ids(EXAMPLES + EDGE))
def test_well_formed_standalone_svg(plan):
    raw = render(plan)
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    raw.decode("utf-8")  # strict UTF-8
    root = ET.fromstring(raw)  # a real XML parser: fails on any escaping mistake
    assert root.tag == NS + "svg"
    assert root.get("width") == "1200"
    height = float(root.get("height"))
    assert root.get("viewBox") == "0 0 1200 %s" % root.get("height")
    assert "sans-serif" in root.get("font-family")
    # the document title names the plan
    name = result_of(plan)["name"]
    assert root.find(NS + "title").text == "Address map: %s" % name
    # nothing outside the document: no scripts, no external references
    for e in root.iter():
        assert e.tag.split("}")[-1] not in ("script", "foreignObject", "image", "a")
        for k, v in e.attrib.items():
            assert not k.lower().startswith("on")
            assert "javascript:" not in v.lower()
            if k.endswith("href"):
                assert v.startswith("#")
    # every block and band lies inside the picture
    off = body_offset(root)
    for e in blocks(root) + bands(root):
        x, w = float(e.get("x")), float(e.get("width"))
        y, h = float(e.get("y")) + off, float(e.get("height"))
        assert BX - 0.011 <= x and x + w <= BX + BW + 0.011  # two 2-decimal roundings
        assert 0 <= y and y + h <= height


def test_deterministic():
    plan = EXAMPLES[0] if EXAMPLES else path("proportions.json")
    assert render(plan) == render(plan)


# ---- every subnet is on the map ---------------------------------------------------------------


def _in_some_space(cidr, spaces):
    n = ipaddress.ip_network(cidr)
    return any(n.version == s.version and n.overlaps(s) for s in spaces)


def _name_shown(name, texts):
    """The name, or the start of it cut with an ellipsis, is visible text."""
    for t in texts:
        if name in t:
            return True
        for part in t.split("\u2026")[:-1]:
            # the text before an ellipsis ends with a cut name: find a name start in it
            for i in range(len(part)):
                tail = part[i:]
                if len(tail) >= 3 and name.startswith(tail):
                    return True
    return False


SMALL_PLANS = [p for p in EXAMPLES + EDGE if not p.endswith("many-subnets.json")]


@pytest.mark.parametrize("plan", SMALL_PLANS, ids=ids(SMALL_PLANS))
def test_every_subnet_appears_with_name_and_cidr(plan):
    res = result_of(plan)
    root = svg_of(plan)
    spaces = [ipaddress.ip_network(s) for s in res["vnet"]["address_space"]]
    texts = visible_texts(root)
    all_blocks = blocks(root)
    outside = [t for t in root.iter(NS + "text") if t.get("class") == "outside"]
    unplaced = [t for t in root.iter(NS + "text") if t.get("class") == "unplaced"]
    assert res["subnets"], "a plan without subnets tests nothing"
    for s in res["subnets"]:
        name = s["name"].replace("\uffff", "\ufffd").replace("\ufffe", "\ufffd")
        if not s["placed"]:
            assert [t for t in unplaced if t.get("data-name") == name], name
            assert _name_shown(name, texts), name
            continue
        for cidr in (s["cidr"], s["cidr_ipv6"]):
            if cidr is None:
                continue
            if not _in_some_space(cidr, spaces):
                assert [t for t in outside
                        if t.get("data-name") == name and t.get("data-cidr") == cidr], name
                continue
            mine = [b for b in all_blocks
                    if b.get("data-name") == name and b.get("data-cidr") == cidr]
            assert mine, "no block for %s %s" % (name, cidr)
            # the tooltip names it with its CIDR
            assert all(name in title_of(b) and cidr in title_of(b) for b in mine)
        assert _name_shown(name, texts), "name %r is not visible" % name


def test_dual_stack_subnet_in_both_families():
    root = svg_of(path("dual-stack-overlay.json"))
    shared = [b for b in blocks(root) if b.get("data-name") == "snet-shared"]
    assert {b.get("data-cidr") for b in shared} == {"10.40.15.0/26", "fd00:40:0:ff::/64"}
    assert all(b.get("data-existing") == "true" for b in shared)


# ---- drawn to scale ---------------------------------------------------------------------------


def _check_band_scale(root, band):
    n = int(band.get("data-addresses"))
    first = addr(band.get("data-first"))
    assert float(band.get("x")) == BX and float(band.get("width")) == BW
    lane0 = []
    for b in blocks(root, band.get("data-band")):
        a = int(b.get("data-addresses"))
        x, w = float(b.get("x")), float(b.get("width"))
        # width / band width == addresses / band addresses; printed with 2 decimals
        assert abs(w - BW * a / n) <= 0.006, (b.attrib, n)
        assert abs(x - (BX + BW * (addr(b.get("data-first")) - first) / n)) <= 0.006, b.attrib
        if b.get("data-lane") is None:
            lane0.append((addr(b.get("data-first")), a, x, w))
    # the blocks of the main lane tile the band: no gap, no overlap
    lane0.sort()
    assert lane0, band.attrib
    assert lane0[0][0] == first
    for (a0, n0, x0, w0), (a1, _, x1, _) in zip(lane0, lane0[1:]):
        assert a0 + n0 == a1
        assert abs(x0 + w0 - x1) <= 0.011
    assert sum(a for _, a, _, _ in lane0) == n


@pytest.mark.parametrize("plan", EXAMPLES + EDGE, ids=ids(EXAMPLES + EDGE))
def test_widths_proportional_to_addresses(plan):
    root = svg_of(plan)
    assert bands(root)
    for band in bands(root):
        _check_band_scale(root, band)


def _block(root, band, **attrs):
    found = [b for b in blocks(root, band)
             if all(b.get("data-" + k.replace("_", "-")) == v for k, v in attrs.items())]
    assert len(found) == 1, (band, attrs, len(found))
    return found[0]


def test_hand_computed_widths():
    # VNet 10.0.0.0/22 = 1,024 addresses on 1,160 px: 1.1328125 px per address.
    root = svg_of(path("proportions.json"))
    main = [b for b in bands(root) if b.get("data-band") == "s1"][0]
    assert main.get("data-addresses") == "1024"

    def geom(b):
        return float(b.get("x")), float(b.get("width"))

    # req-big 10.0.0.0/23: 512 addresses -> 1160 * 512/1024 = 580 px, at x = 20
    assert geom(_block(root, "s1", name="req-big")) == (20.0, 580.0)
    # req-mid 10.0.2.0/24: 256 -> 290 px, at 20 + 1160 * 512/1024 = 600
    assert geom(_block(root, "s1", name="req-mid")) == (600.0, 290.0)
    # req-small 10.0.3.0/27: 32 -> 36.25 px, at 20 + 1160 * 768/1024 = 890
    assert geom(_block(root, "s1", name="req-small")) == (890.0, 36.25)
    # ex-tiny 10.0.3.32/29: 8 -> 9.0625 px (printed 9.06), at 20 + 1160 * 800/1024 = 926.25
    assert geom(_block(root, "s1", name="ex-tiny")) == (926.25, 9.06)
    # free 10.0.3.40 - 10.0.3.63: 24 -> 27.1875 (27.19), at 20 + 1160 * 808/1024 = 935.3125
    free = _block(root, "s1", kind="free", first="10.0.3.40")
    assert geom(free) == (935.31, 27.19) and free.get("data-addresses") == "24"
    # reserved 10.0.3.64/26: 64 -> 72.5 px, at 20 + 1160 * 832/1024 = 962.5
    assert geom(_block(root, "s1", kind="reserved")) == (962.5, 72.5)
    # free 10.0.3.128/25: 128 -> 145 px, at 20 + 1160 * 896/1024 = 1035
    assert geom(_block(root, "s1", kind="free", first="10.0.3.128")) == (1035.0, 145.0)
    # The narrow blocks (req-small, ex-tiny, reserved) lie in 10.0.3.0/25, which is drawn
    # again 8 times larger: 128 addresses on 1,160 px.
    zoom = [b for b in bands(root) if b.get("data-addresses") == "128"]
    assert len(zoom) == 1 and zoom[0].get("data-first") == "10.0.3.0"
    z = zoom[0].get("data-band")
    # req-small: 32 of 128 -> 290 px at x = 20; ex-tiny: 8 -> 72.5 px at 20 + 290 = 310;
    # reserved 10.0.3.64/26: 64 -> 580 px at 20 + 1160 * 64/128 = 600
    assert geom(_block(root, z, name="req-small")) == (20.0, 290.0)
    assert geom(_block(root, z, name="ex-tiny")) == (310.0, 72.5)
    assert geom(_block(root, z, kind="reserved")) == (600.0, 580.0)
    # the header states the totals: 808 addresses in subnets (512 + 256 + 32 + 8) of 1,024
    # = 78.9 %, 152 free (24 + 128) = 14.8 %, in 3 blocks (/29, /28, /25)
    texts = visible_texts(root)
    assert any("subnets 808 (78.9%)" in t and "free 152 (14.8%) in 3 blocks" in t
               for t in texts), texts


def test_ipv6_drawn_to_scale_with_zoom():
    root = svg_of(path("dual-stack-overlay.json"))
    v6 = [b for b in bands(root) if b.get("data-first") == "fd00:40::" and
          b.get("data-band") == "s2"]
    assert len(v6) == 1
    # a /48 holds 2^80 addresses
    assert v6[0].get("data-addresses") == str(2 ** 80)
    # a /64 in the /48 is 1160 / 2^16 = 0.0177 px wide: invisible, so it is drawn again in a
    # zoom band, where a /64 in a /62 (2^66 addresses) is 1160 / 4 = 290 px wide
    zoom = [b for b in bands(root) if b.get("data-first") == "fd00:40::" and
            b.get("data-addresses") == str(2 ** 66)]
    assert len(zoom) == 1
    sysb = _block(root, zoom[0].get("data-band"), name="snet-dual-system")
    assert sysb.get("data-cidr") == "fd00:40::/64"
    assert (float(sysb.get("x")), float(sysb.get("width"))) == (20.0, 290.0)


def test_pod_cidr_one_slash24_per_node():
    # kubenet, pod CIDR 10.244.0.0/17 = 32,768 addresses = 128 slots of /24.
    # Nodes: system 3 + 1 surge (10% of 3 rounded up) = 4; batch 90 + 9 surge = 99; 103.
    # 103 nodes x 256 = 26,368 addresses -> 1160 * 26368/32768 = 933.4375 px (933.44).
    root = svg_of(path("kubenet-forbidden.json"))
    used = [b for b in blocks(root) if b.get("data-kind") == "pod-cidr-nodes"]
    assert len(used) == 1
    assert used[0].get("data-addresses") == "26368"
    assert float(used[0].get("width")) == 933.44
    room = [b for b in blocks(root) if b.get("data-kind") == "pod-cidr-free"]
    assert room[0].get("data-addresses") == str(32768 - 26368)
    assert any("room for 25 more nodes" in t for t in visible_texts(root))
    # the service CIDR band marks the DNS service IP: 10.0.0.10 is address 10 of 65,536, its
    # middle at 20 + 1160 * 10.5/65536 = 20.186 px
    dns = [p for p in root.iter(NS + "path") if p.get("class") == "dns"]
    assert len(dns) == 1 and dns[0].get("data-address") == "10.0.0.10"
    assert dns[0].get("d").startswith("M20.19 ")


# ---- narrow blocks get numbered keys ----------------------------------------------------------


def test_numbered_keys_and_zooms_for_narrow_blocks():
    # six /29s (8 addresses, 0.14 px each) far apart in a /16: the first four get zoom bands
    # (a /27 each, 2,048 times larger), the last two numbered keys
    root = svg_of(path("scattered.json"))
    zooms = [b for b in bands(root) if b.get("data-addresses") == "32"]
    assert [z.get("data-first") for z in zooms] == ["10.2.0.0", "10.2.40.0", "10.2.80.0",
                                                    "10.2.120.0"]
    key = [g for g in root.iter(NS + "g") if g.get("class") == "key"]
    key_text = [t for g in key for t in visible_texts(g)]
    assert any("tiny-e" in t and "10.2.160.0/29" in t for t in key_text), key_text
    assert any("tiny-f" in t and "10.2.200.0/29" in t for t in key_text), key_text
    # the markers under the band carry the numbers 1 and 2
    markers = [g for g in root.iter(NS + "g") if g.get("class") == "markers"]
    marks = [t for g in markers for t in visible_texts(g)]
    assert marks == ["A", "B", "C", "D", "1", "2"]
    # blocks under 1.5 px still show a tick
    ticks = [r for r in root.iter(NS + "rect") if r.get("class") == "tick"]
    assert len(ticks) == 6


def test_overlapping_blocks_go_to_a_second_lane():
    root = svg_of(path("does-not-fit.json"))
    ov = _block(root, "s1", name="snet-overlapping")
    assert ov.get("data-lane") == "1"
    assert "OVERLAPS" in title_of(ov)
    texts = visible_texts(root)
    assert any(t.startswith("Not placed: 2 subnets") for t in texts)
    assert any("snet-outside" in t and "10.99.0.0/24" in t for t in texts)
    assert any("DOES NOT FIT" in t for t in texts)


# ---- hostile names ------------------------------------------------------------------------------


def test_hostile_names_are_escaped():
    plan = path("hostile-names.json")
    raw = render(plan)
    root = ET.fromstring(raw)
    src = json.load(open(plan, encoding="utf-8"))
    # no markup from the input survives as markup
    assert b"<script" not in raw and b"<svg onload" not in raw and b"<img" not in raw
    assert b"<tag" not in raw and b"<b>" not in raw
    tags = {e.tag for e in root.iter()}
    assert all(t.startswith(NS) for t in tags)
    names = [s["name"] for s in src["vnet"]["subnets"]] + [r["name"] for r in
                                                          src["subnet_requests"]]
    names += [p["subnet"] for p in src["clusters"][0]["node_pools"]]
    data_names = {b.get("data-name") for b in blocks(root)}
    for n in names:
        # XML forbids U+FFFE and U+FFFF: they become U+FFFD; everything else round-trips
        want = n.replace("\uffff", "\ufffd").replace("\ufffe", "\ufffd")
        assert want in data_names, want
    # the quote-and-angle names are intact in tooltips and visible text
    texts = visible_texts(root)
    titles = [title_of(b) for b in blocks(root)]
    assert any("<script>alert(1)</script>" in t for t in texts)
    assert any("a&b \"double\" 'single' <tag attr=\"v\">" in t for t in titles)
    assert any("a&b \"double\"" in t for t in texts)
    # non-ASCII survives
    assert any("\u4e2d\u6587\u5b50\u7f51" in (b.get("data-name") or "") for b in blocks(root))
    assert any("caf\u00e9" in t and "\U0001F600" in t for t in titles)
    # the plan, VNet and cluster names too
    assert root.find(NS + "title").text == "Address map: " + src["name"]
    assert any(src["vnet"]["name"] in t for t in texts)
    assert any(src["clusters"][0]["name"] in t for t in texts)
    # the 256-byte name is kept whole in the data, and cut with an ellipsis where shown
    long_name = src["clusters"][0]["node_pools"][0]["subnet"]
    assert len(long_name) == 256
    assert long_name in data_names
    shown = [t for t in texts if long_name[:20] in t]
    assert shown and all(long_name not in t for t in shown)
    assert all("\u2026" in t for t in shown)


# ---- large plans ---------------------------------------------------------------------------------


def test_three_thousand_subnets_stay_small_and_fast():
    plan = path("many-subnets.json")
    t0 = time.monotonic()
    raw = render(plan)
    elapsed = time.monotonic() - t0
    assert len(raw) < 300_000, len(raw)
    if not WRAPPER:
        assert elapsed < 5, elapsed
    root = ET.fromstring(raw)
    res = result_of(plan)
    space = ipaddress.ip_network(res["vnet"]["address_space"][0])
    in_space = [s for s in res["subnets"] if s["cidr"] and
                ipaddress.ip_network(s["cidr"]).subnet_of(space)]
    assert len(in_space) == 3000
    # on the main band every subnet is a block of its own or counted in a run of small ones
    main = blocks(root, "s1")
    single = [b for b in main if b.get("data-name")]
    runs = [b for b in main if b.get("data-kind") == "small-blocks"]
    assert runs
    assert len(single) + sum(int(b.get("data-subnets")) for b in runs) == 3000
    for b in runs:
        assert "small subnets" in title_of(b)
    # a run's tooltip lists its first members and says how many more there are
    assert any("and " in title_of(b) and "more" in title_of(b) for b in runs)


# ---- a real renderer ------------------------------------------------------------------------------


def png_pixels(png, rows):
    """Decode an 8-bit RGB/RGBA PNG (no interlace) far enough to return the given rows."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, hdr = 8, b"", None
    while pos < len(png):
        n, typ = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", data)
        elif typ == b"IDAT":
            idat += data
        pos += 12 + n
    width, height, depth, ctype, _, _, interlace = hdr
    assert depth == 8 and ctype in (2, 6) and interlace == 0
    bpp = 4 if ctype == 6 else 3
    stride = width * bpp
    raw = zlib.decompress(idat)
    prev = bytearray(stride)
    out = {}
    last = max(rows)
    for y in range(last + 1):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        if y in rows:
            out[y] = [tuple(line[x * bpp:x * bpp + 3]) for x in range(width)]
        prev = line
    return width, height, out


RSVG = shutil.which("rsvg-convert")


def rsvg(svg_bytes, tmp_path, name):
    src = tmp_path / (name + ".svg")
    src.write_bytes(svg_bytes)
    out = tmp_path / (name + ".png")
    t0 = time.monotonic()
    subprocess.run([RSVG, "-w", "1200", str(src), "-o", str(out)], check=True, timeout=120)
    return out.read_bytes(), time.monotonic() - t0


@pytest.mark.skipif(RSVG is None, reason="rsvg-convert (librsvg2-bin) is not installed")
@pytest.mark.parametrize("plan", EDGE, ids=ids(EDGE))
def test_rsvg_renders_edge_cases(plan, tmp_path):
    raw = render(plan)
    png, seconds = rsvg(raw, tmp_path, os.path.basename(plan))
    assert seconds < 30
    w, h = struct.unpack(">II", png[16:24])
    assert w == 1200
    assert h == round(float(ET.fromstring(raw).get("height")))


@pytest.mark.skipif(RSVG is None, reason="rsvg-convert (librsvg2-bin) is not installed")
def test_rsvg_pixels_have_the_block_colours(tmp_path):
    raw = render(path("proportions.json"))
    root = ET.fromstring(raw)
    off = body_offset(root)
    big = _block(root, "s1", name="req-big")   # requested: Okabe-Ito orange #E69F00
    free = _block(root, "s1", kind="free", first="10.0.3.128")  # free: #F4F4F4

    def probe(b, dy):
        # a point inside the block away from its label text (labels are centred)
        return (int(float(b.get("x")) + 6), int(off + float(b.get("y")) + dy))

    px1 = probe(big, 4)
    px2 = probe(free, 4)
    png, _ = rsvg(raw, tmp_path, "proportions")
    _, _, rows = png_pixels(png, {px1[1], px2[1]})
    assert rows[px1[1]][px1[0]] == (0xE6, 0x9F, 0x00)
    assert rows[px2[1]][px2[0]] == (0xF4, 0xF4, 0xF4)
    # the page background is white
    assert rows[px1[1]][2] == (0xFF, 0xFF, 0xFF)
