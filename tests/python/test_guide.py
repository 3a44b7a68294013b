"""docs/python.md: every ```python example runs and prints exactly what the guide shows.

The examples are doctests (">>>" prompts) run in order in one namespace from the top of the
source tree (they load docs/examples/... by relative path).
"""

import doctest
import os
import re

from conftest import SOURCE_DIR

GUIDE = SOURCE_DIR / "docs" / "python.md"


def _blocks():
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_guide_has_examples():
    assert len(_blocks()) >= 6


def test_guide_examples_run_and_outputs_are_exact():
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs = {}
    old = os.getcwd()
    os.chdir(SOURCE_DIR)
    try:
        for i, block in enumerate(_blocks(), start=1):
            test = parser.get_doctest(block, globs, f"docs/python.md block {i}", str(GUIDE), 0)
            runner.run(test, clear_globs=False)
            globs = test.globs  # DocTest copies its globals: carry them to the next block
    finally:
        os.chdir(old)
    result = runner.summarize(verbose=False)
    assert result.attempted > 20
    assert result.failed == 0, "see the doctest report above"
