"""IMDB sentiment with a bag of words: TextVectorizer + logistic regression
=========================================================================

The course's protocol ("Deep Learning with Python", ch. 11): train on 20,000
official training reviews, choose on the other 5,000 (validation), report the
accuracy on the official 25,000 test reviews; ``max_tokens=20000``.  The
course's best bag-of-words model, bigram multi-hot + Dense(16), scores 90.4%.

Each vectorizer (:class:`sktseq.text.TextVectorizer` in three of its output
modes) is fitted once on the training split; the regularization C of the
logistic regression is chosen on the validation split; the chosen pipeline is
refitted on the training split and scored on the test set.  With the
course's ``max_tokens=20000`` bigram tf-idf wins (test ~89.6%);
``--max-tokens 100000`` reaches ~90.2%.  The figure shows the validation
accuracy of every vectorizer against C.

::

    python examples/plot_imdb_bag_of_words.py [--path aclImdb_v1.tar.gz] [--out results/]
    python examples/plot_imdb_bag_of_words.py --quick

``--quick`` is a smoke run on 2,000 / 1,000 / 2,000 reviews: its output and
figure say so, and its accuracies are not the protocol's.  Without the archive
it says so and stops (the documentation's gallery then shows no figure).
"""

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from sktseq.datasets import load_imdb
from sktseq.text import TextVectorizer

try:
    HERE = Path(__file__).resolve().parent
except NameError:  # sphinx-gallery runs the examples without __file__, from here
    HERE = Path.cwd()
SHARED = HERE.parents[1] / "shared" / "data"
VECTORIZERS = {
    "unigram multi-hot": {"output_mode": "multi_hot"},
    "bigram multi-hot": {"output_mode": "multi_hot", "ngrams": 2},
    "bigram tf-idf": {"output_mode": "tf_idf", "ngrams": 2},
}
C_GRID = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3]
QUICK_SIZES = (2000, 1000, 2000)  # train, validation, test reviews
SMOKE = "SMOKE RUN (--quick)"


def _subset(X, y, n, rng):
    """``n`` random reviews of a split (the loader sorts them by label)."""
    keep = rng.permutation(len(X))[:n]
    return [X[i] for i in keep], np.asarray(y)[keep]


def plot(scores, max_tokens, accuracy, title):
    """Validation accuracy against C, one line per vectorizer."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.3))
    for name, values in scores.items():
        ax.plot(C_GRID, values, marker="o", label=name)
    ax.set_xscale("log")
    ax.set_xlabel("C (inverse L2 penalty of the logistic regression)")
    ax.set_ylabel("validation accuracy")
    ax.set_title(
        f"max_tokens={max_tokens}; the chosen pipeline's test accuracy: {accuracy:.3f}",
        fontsize=10,
    )
    fig.suptitle(title, fontsize=11)
    ax.legend(title="TextVectorizer", fontsize=8)
    fig.tight_layout()
    return fig


def main(argv=None):
    """Choose a vectorizer and C on validation; print the test accuracy.

    Parameters
    ----------
    argv : list of str, default=None
        Command-line arguments (None reads ``sys.argv``).

    Returns
    -------
    float or None
        Test accuracy of the chosen pipeline (None when ``--quick`` found no
        archive).
    """
    parser = argparse.ArgumentParser(
        description=__doc__.partition("\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--path",
        type=Path,
        default=SHARED / "aclImdb_v1_labeled.tar.gz",
        help="the IMDB archive (aclImdb_v1.tar.gz) or its extracted folder",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: {:,} / {:,} / {:,} reviews (a check, not a result)".format(
            *QUICK_SIZES
        ),
    )
    parser.add_argument("--out", type=Path, default=Path("."), help="figure folder")
    parser.add_argument(
        "--max-tokens", type=int, default=20000, help="the course uses 20000"
    )
    args = parser.parse_args(argv)
    if not args.path.exists():
        if not args.quick:
            parser.error(f"{args.path} does not exist; pass --path (see --help)")
        print(f"{SMOKE} skipped: no IMDB archive at {args.path} (pass --path).")
        return None

    data = load_imdb(args.path, validation_split=0.2)
    splits = [(data.X_train, data.y_train), (data.X_val, data.y_val)]
    splits.append((data.X_test, data.y_test))
    if args.quick:
        rng = np.random.default_rng(0)
        splits = [_subset(X, y, n, rng) for (X, y), n in zip(splits, QUICK_SIZES)]
        print(f"{SMOKE}: subsets of the splits; not a result.")
    (X_train, y_train), (X_val, y_val), (X_test, y_test) = splits
    print(f"train {len(X_train)}, validation {len(X_val)}, test {len(X_test)} reviews")

    scores = {}
    for name, params in VECTORIZERS.items():
        start = time.perf_counter()
        vec = TextVectorizer(max_tokens=args.max_tokens, strip_html=True, **params)
        A_train = vec.fit_transform(X_train)
        A_val = vec.transform(X_val)
        scores[name] = []
        for C in C_GRID:
            model = LogisticRegression(C=C, solver="liblinear", max_iter=1000)
            scores[name].append(model.fit(A_train, y_train).score(A_val, y_val))
        best = max(range(len(C_GRID)), key=scores[name].__getitem__)
        print(
            f"{name:18s} best C={C_GRID[best]:<5} validation accuracy "
            f"{scores[name][best]:.4f}  ({time.perf_counter() - start:.0f} s)"
        )

    name, best = max(
        ((n, i) for n in scores for i in range(len(C_GRID))),
        key=lambda ni: scores[ni[0]][ni[1]],
    )
    pipe = make_pipeline(
        TextVectorizer(
            max_tokens=args.max_tokens, strip_html=True, **VECTORIZERS[name]
        ),
        LogisticRegression(C=C_GRID[best], solver="liblinear", max_iter=1000),
    )
    pipe.fit(X_train, y_train)
    accuracy = pipe.score(X_test, y_test)
    print(f"\nbest on validation: {name}, C={C_GRID[best]}")
    print(
        f"IMDB test accuracy: {accuracy:.4f}  (course, bigram multi-hot + "
        "Dense(16): 0.904)"
    )
    if args.quick:
        print(f"{SMOKE}: this accuracy is not a result.")

    title = "IMDB sentiment, bag of words + logistic regression"
    if args.quick:
        title = f"{SMOKE}, not a result: {title}"
    fig = plot(scores, args.max_tokens, accuracy, title)
    args.out.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out / "imdb_bag_of_words.png", dpi=100)
    print(f"figure: {args.out / 'imdb_bag_of_words.png'}")
    return accuracy


if __name__ == "__main__":
    main()
