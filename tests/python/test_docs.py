"""docs/python.md runs: its ```pycon examples, in order, as one doctest session.

Reads:      docs/python.md (the ```pycon blocks; other blocks are the docs test's, tests/docs).
Guarantees: every `>>>` example gives the output the page shows (doctest, with ELLIPSIS and
            NORMALIZE_WHITESPACE), run from the repository root like a reader would.
Example:    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python/test_docs.py
"""

import doctest
import os
import re
import sys

import pytest


def pycon_blocks(text):
    return re.findall(r"^```pycon\n(.*?)^```$", text, flags=re.S | re.M)


def test_python_md(src):
    pytest.importorskip("torch", reason="docs/python.md's session uses torch")
    path = src / "docs" / "python.md"
    blocks = pycon_blocks(path.read_text())
    assert len(blocks) >= 8, "docs/python.md lost its examples"
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "docs/python.md",
                                               str(path), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    cwd = os.getcwd()
    os.chdir(src)
    try:
        runner.run(test, out=sys.stdout.write)
    finally:
        os.chdir(cwd)
    result = runner.summarize(verbose=False)
    assert result.attempted > 30
    assert result.failed == 0, "docs/python.md: examples failed (see the output above)"
