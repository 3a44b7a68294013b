"""Every command shown in the documentation runs, and its shown output is exact.

Scope: every ```console block of docs/*.md and README.md. In a block, a line starting with
"$ " is a command (a trailing backslash continues it on the next line); the lines after it, up
to the next "$ " line or the end of the block, are its expected output: standard output
followed by standard error, as a terminal shows them. Trailing whitespace at line ends and
blank lines at the end of the output are not significant; everything else is.

How commands run:
- through bash, from a scratch copy of the repository root: docs/ is copied (so --output
  PATH writes into the copy, never into the tree), everything else is a symlink;
- "aksnet" is the CLI under test ($AKSNET_CLI, through $AKSNET_CLI_WRAPPER when set, e.g.
  valgrind), "./plan_example" the C tutorial built by ctest (docs/c-api.md), and "./NAME" a
  complete C program shown in a ```c block of a page whose first line is "/* NAME.c: ... */"
  (compiled here, with -Werror, against the library of $AKSNET_BUILD_DIR);
- the commands of one block run in order in the same scratch directory, so a block may write
  a file and read it back; "$ echo $?" prints the exit status of the previous command, which
  is how a page states an exit status, and is checked like any other output;
- only read-only tools may appear (see ALLOWED); install or build commands belong in blocks
  marked ```console no-test, which are skipped (use them sparingly). A block that uses a
  tool that is not installed (jq, say) is skipped, and says so.

Date drift: output of "aksnet plan|check|compare" can depend on the date (retirement rules,
the "as_of" of JSON output). A command shown without --as-of must print the same output with
--as-of 2099-12-31, so that a page cannot silently go stale when a retirement date passes.

Other checks that keep docs/c-api.md and docs/cli.md true to the code: the C tutorial shown
in c-api.md is docs/examples/plan_example.c, every function of include/aksnet.h is
documented in c-api.md, every command and option of `aksnet help` is documented in cli.md,
and relative links of the pages resolve.
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
WRAPPER = os.environ.get("AKSNET_CLI_WRAPPER", "")
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
FUTURE = "2099-12-31"
TIMEOUT = 300 if WRAPPER else 60

# Commands a tested block may run (first word of every pipeline stage).
ALLOWED = {"aksnet", "./plan_example", "echo", "cat", "head", "tail", "grep", "sed", "wc",
           "sort", "uniq", "cut", "tr", "diff", "cmp", "ls", "jq"}

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*?)\s*$")


class Command:
    def __init__(self, page, line, text, expected):
        self.page, self.line, self.text, self.expected = page, line, text, expected


class Block:
    def __init__(self, page, line, info, body):
        self.page, self.line, self.info, self.body = page, line, info, body
        self.error = None
        try:
            self.commands = parse_commands(page, line, body)
        except ValueError as e:  # reported by the block's test, not at collection
            self.commands, self.error = [], str(e)

    @property
    def id(self):
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def fenced_blocks(page):
    """Yield (first line number, language, rest of the info string, body lines)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang, rest = m.groups()
        start, body = i + 1, []
        i += 1
        while i < len(lines):
            close = lines[i].strip()
            if close.startswith(fence) and set(close) == {fence[0]}:
                break
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        yield start, lang, rest, body
        i += 1


def parse_commands(page, line, body):
    cmds, k = [], 0
    if body and not body[0].startswith("$ "):
        raise ValueError(f"{page.name}:{line}: a console block must start with a '$ ' command")
    while k < len(body):
        text, first = body[k][2:], line + 1 + k
        while text.endswith("\\") and k + 1 < len(body):
            k += 1
            text = text[:-1] + body[k].lstrip()
        k += 1
        out = []
        while k < len(body) and not body[k].startswith("$ "):
            out.append(body[k])
            k += 1
        cmds.append(Command(page, first, text, out))
    return cmds


def console_blocks():
    blocks = []
    for page in PAGES:
        if not page.exists():
            continue
        for line, lang, rest, body in fenced_blocks(page):
            if lang == "console":
                blocks.append(Block(page, line, rest, body))
    return blocks


BLOCKS = console_blocks()
TESTED = [b for b in BLOCKS if "no-test" not in b.info.split()]


def normalise(text):
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def plan_example_binary():
    if not BUILD:
        return None
    for p in Path(BUILD).rglob("plan_example"):
        if p.is_file() and os.access(p, os.X_OK):
            return p
    return None


@pytest.fixture(scope="module")
def tools(tmp_path_factory):
    if not CLI:
        pytest.skip("AKSNET_CLI is not set (run through ctest)")
    bindir = tmp_path_factory.mktemp("bin")
    shim = bindir / "aksnet"
    shim.write_text("#!/bin/sh\nexec %s %s \"$@\"\n" % (WRAPPER, shlex.quote(str(Path(CLI).resolve()))))
    shim.chmod(0o755)
    return bindir


PROGRAM = re.compile(r"^/\* ([A-Za-z_][\w-]*)\.c: ")


def c_programs():
    """{name: (page, line, source)} of the complete C programs shown in the pages."""
    out = {}
    for page in PAGES:
        if not page.exists():
            continue
        for line, lang, _rest, body in fenced_blocks(page):
            m = PROGRAM.match(body[0]) if lang == "c" and body else None
            if m and any("int main(" in b for b in body):
                out[m.group(1)] = (page, line, "\n".join(body) + "\n")
    return out


def build_settings():
    """Compiler and flags matching the build in AKSNET_BUILD_DIR (sanitizers included)."""
    cache = {}
    path = Path(BUILD) / "CMakeCache.txt"
    if path.exists():
        for ln in path.read_text().splitlines():
            m = re.match(r"^([A-Za-z_0-9]+):[A-Z]+=(.*)$", ln)
            if m:
                cache[m.group(1)] = m.group(2)
    cc = cache.get("CMAKE_C_COMPILER") or os.environ.get("CC", "cc")
    flags = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-Wshadow", "-Wstrict-prototypes",
             "-Wmissing-prototypes", "-Wformat=2", "-Wcast-qual", "-Wwrite-strings", "-Wvla"]
    if cache.get("AKSNET_SANITIZE", "OFF").upper() in ("ON", "TRUE", "1"):
        flags += ["-fsanitize=address,undefined", "-fno-omit-frame-pointer"]
    elif cache.get("AKSNET_TSAN", "OFF").upper() in ("ON", "TRUE", "1"):
        flags += ["-fsanitize=thread"]
    if cache.get("AKSNET_COVERAGE", "OFF").upper() in ("ON", "TRUE", "1"):
        flags += ["--coverage"]
    return cc, flags


def shared_library():
    for p in sorted(Path(BUILD).rglob("libaksnet.so")):
        return p
    return None


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    """Compile every complete C program of the pages: ({name: binary}, {name: error})."""
    progs, built, errors = c_programs(), {}, {}
    lib = shared_library() if BUILD else None
    if lib is None:
        return built, {name: "AKSNET_BUILD_DIR with libaksnet.so is needed to build it"
                       for name in progs}
    out_dir = tmp_path_factory.mktemp("cprogs")
    cc, flags = build_settings()
    for name, (page, line, source) in progs.items():
        src = out_dir / f"{name}.c"
        src.write_text(source)
        exe = out_dir / name
        r = subprocess.run([cc, *flags, "-I", str(ROOT / "include"), str(src), "-o", str(exe),
                            str(lib), f"-Wl,-rpath,{lib.parent}"],
                           capture_output=True, text=True, timeout=120)
        if r.returncode == 0:
            built[name] = exe
        else:
            errors[name] = f"{page.name}:{line}: {name}.c does not compile:\n{r.stdout}{r.stderr}"
    return built, errors


def test_c_programs_compile(programs):
    if not BUILD:
        pytest.skip("AKSNET_BUILD_DIR is not set (run through ctest)")
    built, errors = programs
    assert not errors, "\n".join(errors.values())
    assert set(built) == set(c_programs())


def scratch_root(tmp_path, programs=None):
    """A scratch repository root: docs/ copied, everything else linked."""
    work = tmp_path / "repo"
    work.mkdir()
    for entry in ROOT.iterdir():
        if entry.name in (".git", "build"):
            continue
        if entry.name == "docs":
            shutil.copytree(entry, work / "docs", symlinks=True,
                            ignore=shutil.ignore_patterns(".terraform", "*.tfstate*"))
        else:
            (work / entry.name).symlink_to(entry)
    exe = plan_example_binary()
    if exe is not None:
        (work / "plan_example").symlink_to(exe)
    for name, binary in (programs or {}).items():
        if not (work / name).exists():
            (work / name).symlink_to(binary)
    return work


def first_words(text):
    """The command word of every pipeline stage or list element of a shell command."""
    lex = shlex.shlex(text, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    words, expect = [], True
    for tok in lex:
        if tok in ("|", "||", "&&", ";", "&", "|&"):
            expect = True
        elif expect:
            words.append(tok)
            expect = False
    return words


def check_allowed(cmd, programs=()):
    for word in first_words(cmd.text):
        if word not in ALLOWED and word not in {f"./{name}" for name in programs}:
            raise AssertionError(
                f"{cmd.page.name}:{cmd.line}: '{word}' may not run in a tested console "
                f"block (allowed: {', '.join(sorted(ALLOWED))}); mark the block "
                "```console no-test if it must be shown")


def run(cmd_text, cwd, env, prev_rc):
    # "(exit N)" first, so that "echo $?" sees the previous command's status
    script = f"(exit {prev_rc}); {cmd_text}"
    r = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=TIMEOUT)
    return r.returncode, r.stdout + r.stderr


def base_env(bindir):
    env = dict(os.environ)
    env["PATH"] = f"{bindir}:/usr/local/bin:/usr/bin:/bin"
    env["LC_ALL"] = "C.UTF-8"
    env["COLUMNS"] = "80"
    return env


def date_dependent_variant(text):
    """The same aksnet plan/check/compare command with --as-of FUTURE, or None."""
    if any(ch in text for ch in "|;&<>$`"):
        return None
    words = shlex.split(text)
    if len(words) < 3 or words[0] != "aksnet" or words[1] not in ("plan", "check", "compare"):
        return None
    if any(w == "--as-of" or w.startswith("--as-of=") or w in ("--help", "-h") for w in words):
        return None
    if "--output" in words or any(w.startswith("--output=") for w in words):
        return None
    return shlex.join(words[:2] + ["--as-of", FUTURE] + words[2:])


def test_pages_have_tested_blocks():
    assert TESTED, "no tested ```console block found"
    mine = {"index.md", "cli.md", "c-api.md", "choosing-a-plugin.md", "terraform.md"}
    present = {b.page.name for b in TESTED}
    missing = {p for p in mine if (ROOT / "docs" / p).exists()} - present
    assert not missing, f"pages without a tested console block: {sorted(missing)}"


@pytest.mark.parametrize("block", TESTED, ids=lambda b: b.id)
def test_console_block(block, tools, programs, tmp_path):
    if block.error:
        pytest.fail(block.error)
    built, errors = programs
    work = scratch_root(tmp_path, built)
    env = base_env(tools)
    rc = 0
    for cmd in block.commands:
        check_allowed(cmd, list(built) + list(errors))
        for word in first_words(cmd.text):
            if word.startswith("./") and not BUILD:
                pytest.skip("AKSNET_BUILD_DIR is not set (run through ctest)")
            if word.startswith("./") and word[2:] in errors:
                pytest.fail(errors[word[2:]])
        for word in first_words(cmd.text):
            if not word.startswith("./") and shutil.which(word, path=env["PATH"]) is None:
                pytest.skip(f"{cmd.page.name}:{cmd.line}: '{word}' is not installed")
        if cmd.text.startswith("./plan_example") and not (work / "plan_example").exists():
            pytest.fail(f"{cmd.page.name}:{cmd.line}: plan_example was not built in "
                        f"AKSNET_BUILD_DIR={BUILD}")
        rc, out = run(cmd.text, work, env, rc)
        expected = normalise("\n".join(cmd.expected))
        got = normalise(out)
        assert got == expected, (
            f"\n{cmd.page.name}:{cmd.line}: $ {cmd.text}\n"
            f"--- shown in the page\n{expected}\n--- printed (exit status {rc})\n{got}\n")
        variant = date_dependent_variant(cmd.text)
        if variant is not None:
            rc2, out2 = run(variant, work, env, 0)
            assert (rc2, normalise(out2)) == (rc, got), (
                f"{cmd.page.name}:{cmd.line}: '$ {cmd.text}' prints something else on "
                f"{FUTURE} (exit {rc2}):\n{normalise(out2)}\nShow it with --as-of so the page "
                "cannot go stale.")


# ---- docs/c-api.md ---------------------------------------------------------------------------

def code_blocks(page, lang):
    return [(line, body) for line, lg, _rest, body in fenced_blocks(page) if lg == lang]


def test_c_api_shows_the_tutorial_program():
    page = ROOT / "docs" / "c-api.md"
    source = (ROOT / "docs" / "examples" / "plan_example.c").read_text().rstrip("\n")
    shown = ["\n".join(body) for _line, body in code_blocks(page, "c")]
    assert source in shown, ("docs/c-api.md must show docs/examples/plan_example.c verbatim "
                             "in one ```c block")


def public_functions():
    header = (ROOT / "include" / "aksnet.h").read_text()
    names = re.findall(r"AKSNET_API[^;{(]*?\b(aksnet_\w+)\s*\(", header)
    assert len(names) > 50, names
    return sorted(set(names))


def test_c_api_documents_every_function():
    text = (ROOT / "docs" / "c-api.md").read_text()
    missing = [f for f in public_functions() if not re.search(rf"\b{f}\b", text)]
    assert not missing, f"functions of include/aksnet.h missing from docs/c-api.md: {missing}"


# ---- docs/cli.md -----------------------------------------------------------------------------

def cli_help(*args):
    r = subprocess.run([CLI, "help", *args], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def cli_commands():
    text = cli_help()
    block = text.split("Commands:", 1)[1].split("\n\n", 1)[0]
    return [ln.split()[0] for ln in block.strip().splitlines()]


def in_code_span(text, opt):
    return re.search(r"`[^`\n]*" + re.escape(opt) + r"(?![\w-])[^`\n]*`", text) is not None


def test_cli_page_documents_every_command_and_option():
    if not CLI:
        pytest.skip("AKSNET_CLI is not set")
    page = (ROOT / "docs" / "cli.md").read_text()
    missing = []
    for cmd in cli_commands():
        if not re.search(rf"^#+ .*\baksnet {cmd}\b", page, re.M):
            missing.append(f"section for 'aksnet {cmd}'")
        for opt in sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", cli_help(cmd)))):
            if not in_code_span(page, opt):
                missing.append(f"{cmd} {opt}")
    for opt in re.findall(r"(?<![\w-])--[a-z][a-z-]*", cli_help().split("Options:", 1)[1]):
        if not in_code_span(page, opt):
            missing.append(opt)
    assert not missing, f"docs/cli.md does not document: {missing}"


# ---- links -----------------------------------------------------------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(page):
    """GitHub-style heading anchors of a Markdown page."""
    seen, out = {}, set()
    in_code = False
    for line in page.read_text().splitlines():
        if FENCE.match(line):
            in_code = not in_code
            continue
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if in_code or not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


@pytest.mark.parametrize("page", [p for p in PAGES if p.exists()], ids=lambda p: p.name)
def test_relative_links_resolve(page):
    """Relative links point to existing files, and #anchors to existing headings."""
    text = page.read_text()
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path) if path else page
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(target)
    assert not broken, f"{page.name}: broken relative links {broken}"
