"""docs/aksnet.1: renders without warnings, documents every command and option of the CLI,
names the current version, shows only valid commands, and is installed.

The options are taken from the CLI's own help (`aksnet help`, `aksnet help COMMAND`), so a new
option fails this test until the man page describes it.
"""
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("AKSNET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CLI = os.environ.get("AKSNET_CLI")
BUILD = os.environ.get("AKSNET_BUILD_DIR")
PAGE = ROOT / "docs" / "aksnet.1"
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")

needs_man = pytest.mark.skipif(shutil.which("man") is None, reason="man (man-db) is not installed")
needs_cli = pytest.mark.skipif(not CLI, reason="AKSNET_CLI is not set (run through ctest)")


def render(width="80"):
    env = dict(os.environ, MANWIDTH=width, LC_ALL="C.UTF-8")
    env.pop("MAN_KEEP_FORMATTING", None)  # plain text, no overstrike sequences
    r = subprocess.run(["man", "--warnings", "-l", str(PAGE)], capture_output=True, text=True,
                       env=env, timeout=60)
    return r


def help_text(*args):
    r = subprocess.run([CLI, "help", *args], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def commands():
    block = help_text().split("Commands:", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.strip().splitlines()]


@needs_man
def test_renders_without_warnings():
    r = render()
    assert r.returncode == 0, r.stderr
    assert r.stderr == "", f"man --warnings printed:\n{r.stderr}"
    assert "aksnet" in r.stdout


@needs_man
@pytest.mark.parametrize("width", ["60", "120"])
def test_renders_at_other_widths(width):
    r = render(width)
    assert r.returncode == 0 and r.stderr == "", r.stderr


@needs_man
@needs_cli
def test_every_command_is_documented():
    text = render().stdout
    synopsis = text.split("SYNOPSIS", 1)[1].split("DESCRIPTION", 1)[0]
    described = text.split("COMMANDS", 1)[1].split("OPTIONS", 1)[0]
    for cmd in commands():
        assert f"aksnet {cmd}" in synopsis, f"'aksnet {cmd}' missing from SYNOPSIS"
        assert re.search(rf"^ {{7}}{cmd}\b", described, re.M), f"'{cmd}' missing from COMMANDS"


@needs_man
@needs_cli
def test_every_option_is_documented():
    text = render().stdout
    options = text.split("\nOPTIONS", 1)[1].split("\nPLUGIN MODES", 1)[0]
    wanted = set(OPTION.findall(help_text().split("Options:", 1)[1]))
    for cmd in commands():
        wanted |= set(OPTION.findall(help_text(cmd)))
    missing = sorted(o for o in wanted
                     if not re.search(rf"^ {{7}}{re.escape(o)}(?![\w-])", options, re.M))
    assert not missing, f"options without an entry in the OPTIONS section: {missing}"


@needs_cli
def test_version_matches_the_library():
    version = subprocess.run([CLI, "--version"], capture_output=True, text=True,
                             timeout=60).stdout.split()[-1]
    th = next(line for line in PAGE.read_text().splitlines() if line.startswith(".TH "))
    assert f'"libaksnet {version}"' in th, f"{th!r} does not name libaksnet {version}"


@needs_man
@needs_cli
def test_examples_are_valid_commands(tmp_path):
    """Every '$ aksnet ...' example runs (plan.json standing for a real plan): no usage error."""
    example = ROOT / "docs" / "examples" / "private-cluster-isolated-pools.json"
    lines = [ln.strip()[2:] for ln in render().stdout.splitlines()
             if ln.strip().startswith("$ aksnet ")]
    assert len(lines) >= 5
    for line in lines:
        words = [str(example) if w == "plan.json" else w for w in shlex.split(line)]
        r = subprocess.run([CLI, *words[1:]], capture_output=True, text=True, cwd=tmp_path,
                           timeout=60)
        assert r.returncode in (0, 1), f"$ {line}\n{r.stderr}"


@pytest.mark.skipif(not BUILD or shutil.which("cmake") is None,
                    reason="needs AKSNET_BUILD_DIR and cmake")
def test_installed_as_section_1(tmp_path):
    r = subprocess.run(["cmake", "--install", BUILD, "--prefix", str(tmp_path),
                        "--component", "doc"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    installed = list(tmp_path.rglob("man1/aksnet.1"))
    assert installed, "cmake --install did not install aksnet.1 into a man1 directory"
    assert installed[0].read_bytes() == PAGE.read_bytes()
