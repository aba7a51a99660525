"""Every code block of README.md runs as written and shows what it prints.

The blocks run in order, in one namespace, as a reader would paste them into
one session.  A ``pycon`` block is a doctest: its output is checked, with the
suite's ``ELLIPSIS``, ``NORMALIZE_WHITESPACE`` and ``NUMBER`` options.  A
``python`` block must run and print nothing (a block that prints shows its
output as a ``pycon`` block).  ``bash`` blocks are not run: they are the
``make`` commands, and ``make test`` is what runs this file.  ``text``
blocks are what a command printed (the demo's table), recorded, not run.
"""

import contextlib
import doctest
import io
import re
import traceback
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
RUN = {"python", "pycon"}
NOT_RUN = {"bash", "text"}  # shell commands, printed output (see the docstring)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
_FENCE = re.compile(r"^```(\S*)\s*$")
# A decimal point or an exponent makes a float; integers stay exact.
_FLOAT = re.compile(
    r"(?<![\w.])[-+]?(?:(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)"
)


class NumberChecker(doctest.OutputChecker):
    """doctest's checker with pytest's ``NUMBER`` option, always on.

    A float in the expected output matches any float within one unit of its
    last written digit (``4.8`` matches ``4.797...``, as in pytest), so a
    README shows figures as a reader would write them.  pytest keeps its own
    checker private, hence these few lines.
    """

    def check_output(self, want, got, optionflags):
        if super().check_output(want, got, optionflags):
            return True
        wanted, found = list(_FLOAT.finditer(want)), list(_FLOAT.finditer(got))
        if len(wanted) != len(found):
            return False
        pieces, last = [], 0
        for w, g in zip(wanted, found):
            fraction = w.group().lower().split("e")[0].partition(".")[2]
            exponent = int(w.group().lower().partition("e")[2] or 0)
            tolerance = 10.0 ** (exponent - len(fraction))
            if abs(float(w.group()) - float(g.group())) > tolerance:
                return False
            pieces += [got[last : g.start()], w.group()]
            last = g.end()
        return super().check_output(want, "".join(pieces) + got[last:], optionflags)


def code_blocks(text):
    """``(language, line of the first code line, code)`` of every fenced block."""
    blocks, language, start, lines = [], None, 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        if language is None:
            match = _FENCE.match(line)
            if match:
                language, start, lines = match.group(1), number + 1, []
        elif line.strip() == "```":
            blocks.append((language, start, "\n".join(lines) + "\n"))
            language = None
        else:
            lines.append(line)
    if language is not None:
        raise ValueError(
            f"README.md: the block opened at line {start - 1} never closes"
        )
    return blocks


def run_blocks(blocks, namespace, *, filename="README.md"):
    """Run the blocks in order in ``namespace``; return one message per failure."""
    failures = []
    for language, line, code in blocks:
        where = f"{filename} line {line}"
        if language == "pycon":
            test = doctest.DocTestParser().get_doctest(
                code, namespace, where, filename, line - 1
            )
            test.globs = namespace  # DocTest runs on a copy otherwise
            runner = doctest.DocTestRunner(checker=NumberChecker(), optionflags=FLAGS)
            report = io.StringIO()
            runner.run(test, out=report.write, clear_globs=False)
            if runner.failures:
                failures.append(report.getvalue())
        elif language == "python":
            printed = io.StringIO()
            try:
                with contextlib.redirect_stdout(printed):
                    exec(compile(code, where, "exec"), namespace)
            except Exception:
                failures.append(f"{where} raises:\n{traceback.format_exc()}")
            if printed.getvalue():
                failures.append(
                    f"{where} prints {printed.getvalue()!r} without showing it: "
                    "make it a pycon block with the output."
                )
    return failures


def _close_dask(namespace):
    # A block that failed half-way may leave a cluster running.
    for value in namespace.values():
        if type(value).__module__.startswith("distributed"):
            with contextlib.suppress(Exception):
                value.close()


@pytest.mark.slow
def test_readme_code_blocks_run_and_show_their_output(tmp_path, monkeypatch):
    pytest.importorskip("distributed")  # the "Scaling out" block
    blocks = code_blocks(README.read_text(encoding="utf-8"))
    assert sum(language in RUN for language, _, _ in blocks) >= 3
    monkeypatch.chdir(tmp_path)  # the Quickstart saves model.joblib
    namespace = {"__name__": "__readme__"}
    try:
        failures = run_blocks([b for b in blocks if b[0] in RUN], namespace)
    finally:
        _close_dask(namespace)
    assert not failures, "\n".join(failures)


def test_every_readme_block_is_run_or_known_not_to_be():
    for language, line, _ in code_blocks(README.read_text(encoding="utf-8")):
        assert language in RUN | NOT_RUN, (
            f"README.md line {line}: a ```{language} block is neither run by "
            "this test nor listed as not run (use ```pycon or ```python)."
        )


# -- the harness itself fails when it should ---------------------------------

SAMPLE = """\
Text.

```pycon
>>> x = 1 / 3
>>> x
0.333
```

```python
y = x * 3
```

```bash
make test
```
"""


def test_harness_finds_blocks_with_their_lines():
    assert code_blocks(SAMPLE) == [
        ("pycon", 4, ">>> x = 1 / 3\n>>> x\n0.333\n"),
        ("python", 10, "y = x * 3\n"),
        ("bash", 14, "make test\n"),
    ]
    with pytest.raises(ValueError, match="line 1 never closes"):
        code_blocks("```python\nx = 1\n")


def test_harness_shares_the_namespace_and_checks_numbers_to_their_precision():
    namespace = {}
    assert run_blocks(code_blocks(SAMPLE)[:2], namespace) == []
    assert namespace["y"] == 1.0
    checker = NumberChecker()
    for want, got, ok in [
        ("4.8\n", "4.797\n", True),
        ("(48, 4.8)\n", "(48, 4.95)\n", False),  # more than 0.1 apart
        ("[1.5, 2.25]\n", "[1.54, 2.2500001]\n", True),
        ("1e-3\n", "0.0012\n", True),
        ("1e-3\n", "0.0025\n", False),
        ("47\n", "48\n", False),  # integers are exact
        ("x 1.0\n", "y 1.0\n", False),
    ]:
        assert checker.check_output(want, got, FLAGS) is ok, (want, got)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (("pycon", 1, ">>> 1 + 1\n3\n"), "Expected:\n    3\nGot:\n    2"),
        (("pycon", 1, ">>> make_pipeline\n"), "NameError: name 'make_pipeline'"),
        (("python", 7, "undefined_name\n"), "README.md line 7 raises"),
        (("python", 2, "print('hidden')\n"), "prints 'hidden\\n' without showing"),
    ],
    ids=["wrong-output", "pycon-raises", "python-raises", "python-prints"],
)
def test_harness_reports_each_kind_of_failure(block, expected):
    failures = run_blocks([block], {})
    assert len(failures) == 1
    assert expected in failures[0]
