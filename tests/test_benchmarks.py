"""Smoke runs of the benchmark scripts (``--quick``), so they do not rot.

They check that each script runs and prints its table of ratios, not the
figures: timings on shared machines are noise at this size.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
# script -> a regular expression its --quick output must match
SCRIPTS = {
    "bench_window_memory.py": r"WindowTransformer",
    "bench_nn_overhead.py": r"\d\.\d+",
    "bench_tsfresh.py": r"transform +\d+\.\d+ +\d+\.\dx faster",
    "bench_grid_search_parallel.py": r"search \d+\.\d+x, search \+ refit \d+\.\d+x",
    "bench_text_vectorizer.py": r"CountVectorizer",
    "bench_load_ts.py": r"univariate .* \d+\.\d+x +\d+\.\d+ +\d+\.\d+x",
    "bench_token_sequences.py": r"Transformer +sktseq +\d+\.\d+",
}


def test_every_benchmark_is_smoke_tested():
    assert {p.name for p in BENCHMARKS.glob("bench_*.py")} == set(SCRIPTS)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_benchmark_quick_run(script, request, tmp_path):
    args = [sys.executable, str(BENCHMARKS / script), "--quick"]
    if script == "bench_text_vectorizer.py":  # reads the IMDB archive
        shared_data = request.getfixturevalue("shared_data")  # skips when absent
        args += ["--path", str(shared_data / "aclImdb_v1_labeled.tar.gz")]
    run = subprocess.run(
        args, capture_output=True, text=True, timeout=240, cwd=tmp_path, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert re.search(SCRIPTS[script], run.stdout), run.stdout[-3000:]
