#!/usr/bin/env python3
"""Refresh the outputs shown in the docs' ```console blocks from the current build.

tests/docs/test_doc_commands.py checks that every shown output is exact; when a change to
the tool changes an output on purpose, run this, review `git diff docs/ README.md`, and
commit. It runs the commands exactly as the test does (same scratch root, same PATH shim,
same rules), and rewrites only the output lines of tested blocks.

Usage (from the repository root, after building):
  AKSNET_CLI=build/dev/bindings/cli/aksnet AKSNET_BUILD_DIR=build/dev \\
      /usr/bin/python3 tests/docs/update_doc_outputs.py [PAGE...]
"""
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
os.environ.setdefault("AKSNET_SOURCE_DIR", str(ROOT))
if not os.environ.get("AKSNET_CLI"):
    sys.exit("set AKSNET_CLI (and AKSNET_BUILD_DIR for the C programs)")
os.environ["AKSNET_CLI"] = str(Path(os.environ["AKSNET_CLI"]).resolve())
if os.environ.get("AKSNET_BUILD_DIR"):
    os.environ["AKSNET_BUILD_DIR"] = str(Path(os.environ["AKSNET_BUILD_DIR"]).resolve())

spec = importlib.util.spec_from_file_location("doc_commands", HERE / "test_doc_commands.py")
T = importlib.util.module_from_spec(spec)
spec.loader.exec_module(T)


def build_programs(out_dir):
    built = {}
    lib = T.shared_library() if T.BUILD else None
    if lib is None:
        return built
    cc, flags = T.build_settings()
    for name, (_page, _line, source) in T.c_programs().items():
        src = out_dir / f"{name}.c"
        src.write_text(source)
        exe = out_dir / name
        r = subprocess.run([cc, *flags, "-I", str(ROOT / "include"), str(src), "-o", str(exe),
                            str(lib), f"-Wl,-rpath,{lib.parent}"], capture_output=True, text=True)
        if r.returncode == 0:
            built[name] = exe
        else:
            print(f"warning: {name}.c does not compile:\n{r.stderr}", file=sys.stderr)
    return built


def refresh(page, tmp, env, programs):
    lines = page.read_text(encoding="utf-8").split("\n")
    out, i, changed = [], 0, 0
    while i < len(lines):
        m = T.FENCE.match(lines[i])
        out.append(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang, rest = m.groups()
        j = i + 1
        while j < len(lines):
            close = lines[j].strip()
            if close.startswith(fence) and set(close) == {fence[0]}:
                break
            j += 1
        body = [ln[len(indent):] if ln.startswith(indent) else ln for ln in lines[i + 1:j]]
        if lang != "console" or "no-test" in rest.split() or not body:
            out.extend(lines[i + 1:j + 1])
            i = j + 1
            continue
        try:
            for cmd in T.parse_commands(page, i + 1, body):
                T.check_allowed(cmd, list(programs))
        except (AssertionError, ValueError) as e:
            print(f"skipped {page.name}:{i + 1}: {e}", file=sys.stderr)
            out.extend(lines[i + 1:j + 1])
            i = j + 1
            continue
        work = T.scratch_root(Path(tempfile.mkdtemp(dir=tmp)), programs)
        rc, new_body, k = 0, [], 0
        while k < len(body):
            # the command, with its continuation lines, as written
            cmd_lines = [body[k]]
            text = body[k][2:]
            while text.endswith("\\") and k + 1 < len(body):
                k += 1
                cmd_lines.append(body[k])
                text = text[:-1] + body[k].lstrip()
            k += 1
            # skip the old output
            while k < len(body) and not body[k].startswith("$ "):
                k += 1
            rc, output = T.run(text, work, env, rc)
            new_body.extend(cmd_lines)
            shown = T.normalise(output)
            if shown:
                new_body.extend(shown.split("\n"))
        new_lines = [indent + ln if ln else ln for ln in new_body]
        if new_lines != lines[i + 1:j]:
            changed += 1
        out.extend(new_lines)
        out.append(lines[j] if j < len(lines) else "")
        i = j + 1
    if changed:
        page.write_text("\n".join(out), encoding="utf-8")
    return changed


def main(argv):
    pages = [Path(a).resolve() for a in argv] or T.PAGES
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        bindir = tmp / "bin"
        bindir.mkdir()
        shim = bindir / "aksnet"
        shim.write_text("#!/bin/sh\nexec %s \"$@\"\n" % os.environ["AKSNET_CLI"])
        shim.chmod(0o755)
        progs_dir = tmp / "progs"
        progs_dir.mkdir()
        programs = build_programs(progs_dir)
        env = T.base_env(bindir)
        for page in pages:
            if page.exists():
                n = refresh(page, tmp, env, programs)
                if n:
                    print(f"{page.relative_to(ROOT)}: {n} block(s) updated")


if __name__ == "__main__":
    main(sys.argv[1:])
