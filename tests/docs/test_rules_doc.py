"""docs/rules.md documents exactly the codes of `aksnet rules --format json`, with the same
highest severities, and every example in it still produces the message it shows.

docs/rules.md is parsed in two places:
* the "All codes" table: rows "| `code` | severity | summary |", in catalogue order;
* one "### `code`" section per code, holding "**Severity:** <severity>.", an example
  "**Example** (`tests/rules/<code>/<case>.json`, `<pointer>` | the plan, as of <date>):" with a
  ```json fragment of that plan at that pointer and a ```text block of the message lines, and a
  "**Source:**" line with at least one link.
"""
import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("AKSNET_SOURCE_DIR", HERE.parent.parent))
DOC = SOURCE_DIR / "docs" / "rules.md"

ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (error|warning|info) \| (.+) \|$")
HEAD = re.compile(r"^### `([a-z0-9-]+)`$")
EXAMPLE = re.compile(r"^\*\*Example\*\* \(`(tests/rules/([a-z0-9-]+)/([a-z0-9-]+)\.json)`, "
                     r"(the plan|`(/[^`]*)`), as of (\d{4}-\d{2}-\d{2})\):$")


def cli():
    path = os.environ.get("AKSNET_CLI")
    if not path:
        pytest.fail("AKSNET_CLI is not set (run through ctest, or export the built CLI path)")
    return shlex.split(os.environ.get("AKSNET_CLI_WRAPPER", "")) + [path]


def catalogue():
    r = subprocess.run(cli() + ["rules", "--format", "json"], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def doc_lines():
    assert DOC.is_file(), "docs/rules.md is missing"
    return DOC.read_text().splitlines()


def table():
    return [ROW.match(l).groups() for l in doc_lines() if ROW.match(l)]


def sections():
    """code -> list of lines of its section (up to the next ### or ## heading)."""
    out, cur = {}, None
    for l in doc_lines():
        m = HEAD.match(l)
        if m:
            cur = m.group(1)
            assert cur not in out, "section %s appears twice" % cur
            out[cur] = []
        elif l.startswith("## ") or l.startswith("# "):
            cur = None
        elif cur is not None:
            out[cur].append(l)
    return out


def fenced(lines, lang):
    """Contents of the ```lang blocks in lines."""
    blocks, cur = [], None
    for l in lines:
        if cur is None and l == "```" + lang:
            cur = []
        elif cur is not None and l == "```":
            blocks.append("\n".join(cur))
            cur = None
        elif cur is not None:
            cur.append(l)
    assert cur is None, "unterminated ``` block"
    return blocks


def test_table_lists_exactly_the_catalogue():
    cat = catalogue()
    rows = table()
    assert [c for c, _, _ in rows] == [r["code"] for r in cat], "same codes, same order"
    assert {c: s for c, s, _ in rows} == {r["code"]: r["severity"] for r in cat}, \
        "same highest severities"
    for (code, _, summary), r in zip(rows, cat):
        assert summary.replace("\\|", "|") == r["summary"], code


def test_one_section_per_code_with_its_severity():
    cat = catalogue()
    secs = sections()
    assert list(secs) == [r["code"] for r in cat]
    for r in cat:
        lines = secs[r["code"]]
        sev = [l for l in lines if l.startswith("**Severity:** ")]
        assert len(sev) == 1, r["code"]
        assert sev[0].startswith("**Severity:** %s. " % r["severity"]), r["code"]
        assert len(sev[0]) > 60, "%s: say what the code means" % r["code"]
        src = [l for l in lines if l.startswith("**Source:** ")]
        assert len(src) == 1, r["code"]
        # a link, an owner/repo reference, or libaksnet itself for its own bookkeeping codes
        assert ("](https://" in src[0] or re.search(r"\b[\w.-]+/[\w.-]+[ #]", src[0]) or
                r["source"].startswith("libaksnet")), r["code"]
        assert r["source"] in src[0], "%s: the catalogue source is quoted" % r["code"]


def test_examples_produce_the_messages_shown():
    secs = sections()
    for code, lines in secs.items():
        ex = [EXAMPLE.match(l) for l in lines if l.startswith("**Example**")]
        assert len(ex) == 1 and ex[0], "%s: one parseable example line" % code
        m = ex[0]
        rel, ex_code, case, _, pointer, as_of = m.groups()
        assert ex_code == code, "%s: the example is a case of its own code" % code
        case_path = SOURCE_DIR / rel
        assert case_path.is_file(), rel
        assert case.startswith("fires-"), "%s: the example shows the code firing" % code
        plan = json.loads(case_path.read_text())
        # the fragment is a part of the plan at the pointer
        frags = fenced(lines, "json")
        assert len(frags) == 1, code
        frag = json.loads(frags[0])
        obj = plan
        for tok in (pointer or "")[1:].split("/") if pointer else []:
            obj = obj[int(tok)] if isinstance(obj, list) else obj[tok]
        if isinstance(frag, dict) and isinstance(obj, dict):
            for k, v in frag.items():
                assert obj.get(k) == v, "%s: fragment key %s differs from %s" % (code, k, rel)
        else:
            assert frag == obj, code
        # the message lines are what `aksnet check` prints for the case
        texts = fenced(lines, "text")
        assert len(texts) == 1, code
        expect = json.loads(case_path.with_name(case + ".expect.json").read_text())
        assert expect["as_of"] == as_of, code
        r = subprocess.run(cli() + ["check", str(case_path), "--as-of", as_of]
                           + expect.get("args", []), capture_output=True, text=True,
                           timeout=600)
        shown = texts[0].splitlines()
        assert shown, code
        for l in shown:
            assert re.match(r"^(error|warning|info): %s at " % re.escape(code), l), l
            assert l in r.stdout.splitlines(), "%s: %r is not what the CLI prints" % (code, l)


def test_conflicts_document_the_reading_chosen():
    secs = sections()
    for code in ("service-cidr-too-large", "pod-cidr-overlap", "cilium-dataplane-plugin",
                 "virtual-nodes-plugin", "network-policy-version", "default-plugin",
                 "kubenet-retirement", "cluster-node-limit"):
        assert any(l.startswith("**Reading chosen:** ") for l in secs[code]), code


def test_lifecycle_codes_and_as_of_are_explained():
    text = DOC.read_text()
    assert "--as-of YYYY-MM-DD" in text
    for code, date in (("kubenet-retirement", "2028-03-31"),
                       ("npm-windows-retired", "2026-09-30"),
                       ("npm-linux-retirement", "2028-09-30"),
                       ("availability-sets-retired", "2025-09-30")):
        assert date in "\n".join(sections()[code]), code
