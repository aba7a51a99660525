"""TextVectorizer against its scikit-learn counterpart, mode by mode, on IMDB.

Fit + transform of the 25,000 official IMDB training reviews, each
TextVectorizer mode beside the scikit-learn vectorizer that does the same
work: the int mode against a unigram ``CountVectorizer`` with the same
vocabulary size, the bag modes against ``CountVectorizer`` (``binary=True``
for multi-hot) or ``TfidfVectorizer(norm=None)`` with the same n-gram range
and ``max_features``.  The two sides of a row run alternately, ``--repeat``
times each, and the best time of each side is kept; the ratio is
TextVectorizer / counterpart (the target: <= 0.5 for every row).  CPU
time (``time.process_time``) is shown beside wall-clock time: on a shared
machine it is far less disturbed by other processes.

Peak memory: the trigram vocabulary of the reviews with ``max_tokens=None``
(every 1- to 3-gram, the NBSVM setting) is fitted and transformed in a fresh
process for each side.  After reading the reviews the process resets its
peak RSS (Linux ``/proc/self/clear_refs``), so the peak it reports is that of
fit + transform alone, beside the RSS it started from.

    python benchmarks/bench_text_vectorizer.py [--quick] [--repeat 3] [--rows 0,2]
        [--no-memory] [--path aclImdb_v1.tar.gz]
"""

import argparse
import gc
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from sktseq.datasets import load_imdb
from sktseq.text import TextVectorizer

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
V = 20000  # the course's vocabulary size

# row -> (TextVectorizer, its counterpart), both as constructors.
PAIRS = {
    "int, 600 tokens, unigrams": (
        lambda: TextVectorizer(max_tokens=V, output_sequence_length=600),
        lambda: CountVectorizer(max_features=V),
    ),
    "multi_hot, unigrams": (
        lambda: TextVectorizer(max_tokens=V, output_mode="multi_hot"),
        lambda: CountVectorizer(max_features=V, binary=True),
    ),
    "multi_hot, 1-2-grams": (
        lambda: TextVectorizer(max_tokens=V, output_mode="multi_hot", ngrams=2),
        lambda: CountVectorizer(max_features=V, binary=True, ngram_range=(1, 2)),
    ),
    "count, 1-2-grams": (
        lambda: TextVectorizer(max_tokens=V, output_mode="count", ngrams=2),
        lambda: CountVectorizer(max_features=V, ngram_range=(1, 2)),
    ),
    "tf_idf, 1-2-grams": (
        lambda: TextVectorizer(max_tokens=V, output_mode="tf_idf", ngrams=2),
        lambda: TfidfVectorizer(max_features=V, ngram_range=(1, 2), norm=None),
    ),
    "multi_hot, 1-3-grams, all n-grams": (
        lambda: TextVectorizer(output_mode="multi_hot", ngrams=3),
        lambda: CountVectorizer(binary=True, ngram_range=(1, 3)),
    ),
}
MEMORY_ROW = "multi_hot, 1-3-grams, all n-grams"


def _documents(path, quick):
    docs = load_imdb(path).X_train
    return docs[:2000] if quick else docs


def _time(make, docs):
    """(wall, CPU) seconds of ``make().fit(docs).transform(docs)`` and of
    ``make().fit_transform(docs)``, and the output's shape."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = make().fit(docs).transform(docs)
    wall2, cpu2 = time.perf_counter(), time.process_time()
    make().fit_transform(docs)
    wall3, cpu3 = time.perf_counter(), time.process_time()
    return (wall2 - wall, cpu2 - cpu, wall3 - wall2, cpu3 - cpu2), out.shape


def _rss_mb(field):
    """``VmRSS`` or ``VmHWM`` (peak) of this process in MB; None off Linux."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


def _peak_rss(side, path, quick):
    """Child process: fit + transform one side of MEMORY_ROW, print its RSS."""
    docs = _documents(path, quick)
    gc.collect()
    before = _rss_mb("VmRSS")
    try:
        Path("/proc/self/clear_refs").write_text("5")  # peak := current RSS
    except OSError:  # not Linux: the peak includes reading the reviews
        before = None
    out = PAIRS[MEMORY_ROW][side]().fit(docs).transform(docs)
    peak = _rss_mb("VmHWM")
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"before": before, "peak": peak, "shape": out.shape}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 reviews, 1 run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--path", default=SHARED / "aclImdb_v1_labeled.tar.gz")
    parser.add_argument(
        "--rows", default=None, help="comma-separated row numbers (default: all)"
    )
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the peak RSS measurement"
    )
    parser.add_argument("--rss-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child is not None:
        return _peak_rss(args.rss_child, args.path, args.quick)

    docs = _documents(args.path, args.quick)
    repeat = 1 if args.quick else args.repeat
    rows = list(PAIRS.items())
    if args.rows is not None:
        rows = [rows[int(i)] for i in args.rows.split(",")]
    print(
        f"{len(docs)} IMDB training reviews, best of {repeat} alternating runs; "
        f"max_tokens = max_features = {V} except in the 'all n-grams' row.\n"
        "CPU seconds of TextVectorizer / its counterpart = ratio (wall-clock "
        "ratio in brackets)\n"
    )
    print(
        f"{'mode':34s} {'columns':>9s} | {'fit + transform':^28s} | "
        f"{'fit_transform':^28s}"
    )
    for name, (tv, other) in rows:
        best = [[float("inf")] * 4, [float("inf")] * 4]
        for _ in range(repeat):
            for side, make in enumerate((tv, other)):
                times, shape = _time(make, docs)
                if side == 0:
                    columns = shape[1]
                best[side] = [min(b, t) for b, t in zip(best[side], times)]
        cells = [
            f"{best[0][k + 1]:6.2f} / {best[1][k + 1]:6.2f} = "
            f"{best[0][k + 1] / best[1][k + 1]:4.2f} ({best[0][k] / best[1][k]:4.2f})"
            for k in (0, 2)  # fit + transform, fit_transform
        ]
        print(f"{name:34s} {columns:9d} | " + " | ".join(cells), flush=True)
    print("\ncounterparts:")
    for name, (_, other) in rows:
        print(f"  {name:34s} {other()!r}")

    if args.no_memory:
        return
    print(f"\nPeak RSS of fit + transform, {MEMORY_ROW}, each in a fresh process:")
    for side, label in enumerate(("TextVectorizer", "CountVectorizer")):
        cmd = [sys.executable, __file__, "--rss-child", str(side), "--path"]
        cmd += [str(args.path)] + (["--quick"] if args.quick else [])
        run = subprocess.run(cmd, capture_output=True, text=True, check=True)
        rss = json.loads(run.stdout.strip().splitlines()[-1])
        start = "?" if rss["before"] is None else f"{rss['before']:.0f}"
        print(
            f"  {label:16s} peak {rss['peak']:6.0f} MB (from {start} MB with the "
            f"reviews read), output {rss['shape'][0]} x {rss['shape'][1]}",
            flush=True,
        )


if __name__ == "__main__":
    main()
