"""TextVectorizer vs scikit-learn's CountVectorizer on the IMDB training reviews.

Fit + transform of the 25,000 official training reviews, measured side by side
in one run (best of ``--repeat``), as ratios to ``CountVectorizer(ngram_range=
(1, 2))``.  The target of issue 4 is a ratio of at most 0.5 for both
TextVectorizer rows.

    python benchmarks/bench_text_vectorizer.py [--quick] [--path aclImdb_v1.tar.gz]
"""

import argparse
import time
from pathlib import Path

from sklearn.feature_extraction.text import CountVectorizer

from sktseq.datasets import load_imdb
from sktseq.text import TextVectorizer

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def candidates():
    return {
        "CountVectorizer(ngram_range=(1, 2))  [reference]": lambda: CountVectorizer(
            ngram_range=(1, 2)
        ),
        "CountVectorizer(ngram_range=(1, 2), max_features=20000, binary=True)": (
            lambda: CountVectorizer(ngram_range=(1, 2), max_features=20000, binary=True)
        ),
        "CountVectorizer()  [unigrams]": CountVectorizer,
        "TextVectorizer(int, output_sequence_length=600, max_tokens=20000)": (
            lambda: TextVectorizer(
                output_mode="int", output_sequence_length=600, max_tokens=20000
            )
        ),
        "TextVectorizer(multi_hot, ngrams=2, max_tokens=20000)": lambda: TextVectorizer(
            output_mode="multi_hot", ngrams=2, max_tokens=20000
        ),
    }


def measure(make, docs, repeat):
    """Best-of-``repeat`` (wall, CPU) seconds of fit + transform and fit_transform.

    CPU time (``time.process_time``) is reported too: on a shared machine it
    is far less disturbed by other processes than wall-clock time.
    """
    best = [float("inf")] * 4
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        make().fit(docs).transform(docs)
        wall2, cpu2 = time.perf_counter(), time.process_time()
        make().fit_transform(docs)
        wall3, cpu3 = time.perf_counter(), time.process_time()
        times = (wall2 - wall, cpu2 - cpu, wall3 - wall2, cpu3 - cpu2)
        best = [min(b, t) for b, t in zip(best, times)]
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 reviews, 1 run")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--path", default=SHARED / "aclImdb_v1_labeled.tar.gz")
    args = parser.parse_args()

    docs = load_imdb(args.path).X_train
    repeat = args.repeat
    if args.quick:
        docs, repeat = docs[:2000], 1
    print(f"{len(docs)} IMDB training reviews, best of {repeat}; seconds (ratio to")
    print("the reference) of wall-clock and CPU time\n")
    results = {name: measure(make, docs, repeat) for name, make in candidates().items()}
    ref = next(iter(results.values()))
    head = ("fit+transform", "CPU", "fit_transform", "CPU")
    print(f"{'vectorizer':70s}" + "".join(f"{h:>16s}" for h in head))
    for name, times in results.items():
        cells = "".join(f"{t:8.2f}s ({t / r:4.2f})" for t, r in zip(times, ref))
        print(f"{name:70s}{cells}")


if __name__ == "__main__":
    main()
