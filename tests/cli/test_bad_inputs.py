"""Bad-input catalogue of the aksnet CLI (docs/reliability.md, "Bad-input catalogue").

Every case of tests/cli/bad-inputs/cases.json runs the CLI on a malformed or hostile input
and checks that it
  - finishes within its time limit (10 s unless the case says otherwise),
  - is not killed by a signal (no crash, no sanitizer abort),
  - exits with the expected status,
  - names the problem: stderr contains the expected fragment (and stdout the "stdout"
    fragment when given),
  - prints no partial plan: stdout is empty when the exit status is 2 (input error).

Inputs that cannot be committed are made at test time in a temporary directory: a
directory, a missing path, an unreadable file, a FIFO fed by a writer thread, a sparse
65 MiB file, deeply nested JSON, and huge generated plans (1,000,000 avoid entries,
100,000 node pools, 10,000 clusters, 2,000 clusters x 50 subnets).

Environment:
  AKSNET_CLI                       the CLI to run (default: build/dev/bindings/cli/aksnet)
  AKSNET_SOURCE_DIR                the source tree (default: two levels up from here)
  AKSNET_CLI_WRAPPER               a command prefix, e.g. a valgrind invocation (shlex-split)
  AKSNET_BAD_INPUTS_TIMEOUT_SCALE  multiplies every time limit (default 1, 20 with a wrapper)
  AKSNET_BAD_INPUTS_HEAVY=1        run the huge generated inputs under a wrapper too
  AKSNET_BAD_INPUTS_ALL_COMMANDS=1 under a wrapper, run plan files with every command, not
                                   only the first (plan), which shares the loading path
  AKSNET_BAD_INPUTS_SLOW=1         also run cases known to exceed the time budget

Unreadable files: CI runs as root, and root reads a chmod-000 file anyway (and enters a
directory without search permission), so the chmod case is skipped when the effective user
id is 0; the case "unreadable-proc-self-mem" (a file that opens but fails to read with EIO)
covers the read-error path for every user.
"""

import json
import os
import shlex
import signal
import subprocess
import sys
import threading

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("AKSNET_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))
CASES_DIR = os.path.join(SOURCE, "tests", "cli", "bad-inputs")
CLI = os.environ.get("AKSNET_CLI",
                     os.path.join(SOURCE, "build", "dev", "bindings", "cli", "aksnet"))
WRAPPER = shlex.split(os.environ.get("AKSNET_CLI_WRAPPER", ""))
SCALE = float(os.environ.get("AKSNET_BAD_INPUTS_TIMEOUT_SCALE", "20" if WRAPPER else "1"))

with open(os.path.join(CASES_DIR, "cases.json"), encoding="utf-8") as _f:
    MANIFEST = json.load(_f)


def _runs():
    """One pytest parameter per (case, argument list)."""
    out = []
    for case in MANIFEST["cases"]:
        if "args" in case:
            out.append(pytest.param(case, None, id=case["name"]))
        else:
            commands = case.get("commands", MANIFEST["default_commands"])
            if WRAPPER and os.environ.get("AKSNET_BAD_INPUTS_ALL_COMMANDS") != "1":
                # under valgrind the load path is the same for every command: one is enough
                commands = commands[:1]
            for cmd in commands:
                out.append(pytest.param(case, cmd, id="%s-%s" % (case["name"], cmd)))
    return out


# ---- inputs made at test time ------------------------------------------------------------------

def _write_plan(path, doc):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))


def _generate(kind, tmp, case):
    """Create the input of a 'generate' case; returns (path, cleanup or None)."""
    p = os.path.join(str(tmp), kind)
    if kind == "directory":
        os.mkdir(p)
    elif kind == "nonexistent":
        p = os.path.join(str(tmp), "no-such-dir", "plan.json")
    elif kind == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads a chmod 000 file; unreadable-proc-self-mem covers read "
                        "errors for root")
        with open(p, "w") as f:
            f.write('{"schema_version": 1}')
        os.chmod(p, 0)
    elif kind == "fifo":
        os.mkfifo(p)
        with open(os.path.join(CASES_DIR, case["fifo_content"]), "rb") as f:
            content = f.read()

        def writer():
            # blocks until the CLI opens the FIFO for reading
            with open(p, "wb") as w:
                w.write(content)

        t = threading.Thread(target=writer, daemon=True)
        t.start()

        def cleanup():
            if t.is_alive():  # the CLI never opened it: unblock the writer
                fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
                os.close(fd)
            t.join(5)
        return p, cleanup
    elif kind == "sparse-65mib":
        with open(p, "wb") as f:
            f.truncate(65 * 1024 * 1024)
    elif kind == "deep-nesting":
        with open(p, "w") as f:
            f.write("[" * 100000)
    elif kind == "deep-nesting-in-value":
        with open(p, "w") as f:
            f.write('{"schema_version": 1, "vnet": {"address_space": ["10.0.0.0/16"]}, '
                    '"description": ' + "[" * 3000 + "]" * 3000 + "}")
    elif kind == "avoid-1m":
        avoid = ["100.%d.%d.%d/32" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)
                 for i in range(1000000)]
        _write_plan(p, {"schema_version": 1, "vnet": {"address_space": ["10.0.0.0/16"]},
                        "avoid": avoid})
    elif kind == "pools-100k":
        clusters = [{"name": "c%d" % c,
                     "node_pools": [{"name": "p%d" % n, "count": 1} for n in range(100)]}
                    for c in range(1000)]
        _write_plan(p, {"schema_version": 1, "vnet": {"address_space": ["10.0.0.0/8"]},
                        "clusters": clusters})
    elif kind == "clusters-subnets":
        clusters = [{"name": "c%d" % c, "network_plugin": "azure", "network_plugin_mode": "overlay",
                     "node_pools": [{"name": "p%d" % n, "count": 1, "subnet": "s%d-%d" % (c, n)}
                                    for n in range(50)]}
                    for c in range(2000)]
        _write_plan(p, {"schema_version": 1,
                        "vnet": {"address_space": ["10.0.0.0/8", "100.64.0.0/10"]},
                        "clusters": clusters})
    elif kind == "clusters-10k":
        clusters = [{"name": "c%d" % c, "node_pools": [{"name": "p", "count": 1}]}
                    for c in range(10000)]
        _write_plan(p, {"schema_version": 1,
                        "vnet": {"address_space": ["10.0.0.0/8", "100.64.0.0/10"]},
                        "clusters": clusters})
    else:
        raise AssertionError("unknown generate kind %r" % kind)
    return p, None


# ---- the test ----------------------------------------------------------------------------------

@pytest.mark.parametrize("case,command", _runs())
def test_bad_input(case, command, tmp_path):
    if case.get("slow") and os.environ.get("AKSNET_BAD_INPUTS_SLOW") != "1":
        pytest.skip("slow (set AKSNET_BAD_INPUTS_SLOW=1): " + case["slow"])
    if case.get("heavy") and WRAPPER and os.environ.get("AKSNET_BAD_INPUTS_HEAVY") != "1":
        pytest.skip("huge input under %s (set AKSNET_BAD_INPUTS_HEAVY=1)" % WRAPPER[0])
    if case.get("linux_only") and not sys.platform.startswith("linux"):
        pytest.skip("needs Linux /proc")

    cleanup = None
    if "input" in case:
        path = os.path.join(CASES_DIR, case["input"])
    elif "path" in case:
        path = case["path"]
    elif "generate" in case:
        path, cleanup = _generate(case["generate"], tmp_path, case)
    else:
        path = None

    if "args" in case:
        args = [a.replace("{input}", path or "").replace("{dir}", CASES_DIR)
                for a in case["args"]]
    else:
        args = [command, path]

    stdin = b""
    if "stdin" in case:
        with open(os.path.join(CASES_DIR, case["stdin"]), "rb") as f:
            stdin = f.read()

    # --output must never leave a file behind on failure: run in the scratch directory
    limit = case.get("timeout", 10) * SCALE
    try:
        proc = subprocess.run(WRAPPER + [CLI] + args, input=stdin, capture_output=True,
                              timeout=limit, cwd=str(tmp_path))
    except subprocess.TimeoutExpired:
        pytest.fail("aksnet %s did not finish within %.0f s (hang?)"
                    % (" ".join(args)[:200], limit))
    finally:
        if cleanup:
            cleanup()

    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    where = "aksnet %s\n--- exit %d\n--- stderr:\n%s\n--- stdout (first 500):\n%s" % (
        " ".join(args)[:200], proc.returncode, err[-2000:], out[:500])

    assert proc.returncode >= 0, "killed by signal %s\n%s" % (
        signal.Signals(-proc.returncode).name, where)
    assert proc.returncode == case["exit"], "exit status %d, expected %d\n%s" % (
        proc.returncode, case["exit"], where)
    assert case["stderr"] in err, "stderr lacks %r\n%s" % (case["stderr"], where)
    if "stdout" in case:
        assert case["stdout"] in out, "stdout lacks %r\n%s" % (case["stdout"], where)
    if case["exit"] == 2:
        assert proc.stdout == b"", "an input error printed output (a partial plan?)\n" + where
    # nothing written next to the scratch directory's inputs
    if "--output" in args:
        target = args[args.index("--output") + 1]
        assert not os.path.isfile(target), "--output file created on failure: " + target


def test_manifest_is_complete():
    """Every committed input is used by a case, every case is well formed, and there are at
    least 60 cases."""
    cases = MANIFEST["cases"]
    assert len(cases) >= 60
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    used = {c["input"] for c in cases if "input" in c} | {c["stdin"] for c in cases if "stdin" in c}
    used |= {c["fifo_content"] for c in cases if "fifo_content" in c}
    used.add("valid-base.json")  # the valid plan the argument cases use
    files = {f for f in os.listdir(CASES_DIR) if f != "cases.json"}
    assert files - used == set(), "inputs without a case: %s" % sorted(files - used)
    assert used - files == set(), "cases without an input: %s" % sorted(used - files)
    for c in cases:
        assert c["exit"] in (0, 1, 2), c["name"]
        assert c.get("why"), c["name"]
        assert sum(k in c for k in ("input", "path", "generate", "args")) >= 1, c["name"]
        if c["exit"] == 2:
            assert c["stderr"], "input errors must name the problem: " + c["name"]
