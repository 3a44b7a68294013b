"""Run the code cells of a Jupyter notebook with plain Python (no Jupyter needed).

Cells run in order in one namespace, in the notebook's folder, like a kernel would: standard
output becomes a "stream" output, and the value of a final expression an "execute_result" with
its text/plain repr (plus image/svg+xml when the value has ``_repr_svg_``, as an aksnet.Result
does). pandas is hidden while the notebook runs so that its outputs do not depend on whether it
is installed (the notebook uses it only when importable).

    /usr/bin/python3 tests/python/nbrun.py docs/examples/capacity-planning.ipynb           # check
    /usr/bin/python3 tests/python/nbrun.py --update docs/examples/capacity-planning.ipynb  # refill

--update rewrites the stored outputs from a fresh run (what is committed so the notebook reads
well on GitHub); without it the script reports cells whose outputs differ.
"""

import ast
import contextlib
import io
import json
import os
import sys
from pathlib import Path


def _lines(text):
    return text.splitlines(keepends=True)


def run(path):
    """Execute every code cell of the notebook at ``path``; return one output list per code cell
    (nbformat 4 output dicts)."""
    path = Path(path).resolve()
    nb = json.loads(path.read_text(encoding="utf-8"))
    ns = {"__name__": "__main__"}
    results = []
    old_cwd = os.getcwd()
    saved_pandas = sys.modules.get("pandas", ...)
    sys.modules["pandas"] = None  # "import pandas" raises ImportError while the notebook runs
    os.chdir(path.parent)
    try:
        count = 0
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            count += 1
            source = "".join(cell["source"])
            tree = ast.parse(source, filename=f"<cell {count}>")
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = ast.Expression(tree.body.pop().value)
            buf = io.StringIO()
            value = None
            with contextlib.redirect_stdout(buf):
                exec(compile(tree, f"<cell {count}>", "exec"), ns)
                if last is not None:
                    value = eval(compile(last, f"<cell {count}>", "eval"), ns)
            outputs = []
            if buf.getvalue():
                outputs.append({"name": "stdout", "output_type": "stream",
                                "text": _lines(buf.getvalue())})
            if value is not None:
                data = {"text/plain": _lines(repr(value))}
                svg = getattr(value, "_repr_svg_", None)
                if svg is not None:
                    data["image/svg+xml"] = _lines(svg())
                outputs.append({"data": data, "execution_count": count, "metadata": {},
                                "output_type": "execute_result"})
            results.append(outputs)
    finally:
        os.chdir(old_cwd)
        if saved_pandas is ...:
            del sys.modules["pandas"]
        else:
            sys.modules["pandas"] = saved_pandas
    return results


def update(path):
    """Run the notebook and store the fresh outputs and execution counts in it."""
    path = Path(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    outputs = iter(run(path))
    count = 0
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            count += 1
            cell["outputs"] = next(outputs)
            cell["execution_count"] = count
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv):
    if argv[:1] == ["--update"]:
        update(argv[1])
        return 0
    nb = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    stored = [c["outputs"] for c in nb["cells"] if c["cell_type"] == "code"]
    bad = [i + 1 for i, (a, b) in enumerate(zip(run(argv[0]), stored)) if a != b]
    print("outputs differ in code cells:", bad or "none")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
