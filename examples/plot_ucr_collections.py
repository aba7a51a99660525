"""Classify a collection of separate sequences from the UCR/UEA archive
=====================================================================

Reads a data set of the archive with :func:`sktseq.datasets.fetch_ucr_uea`
(the official ``.ts`` files and train/test split) and scores, on the official
test split, scikit-learn pipelines fitted on the training split only:

``1nn_euclidean``
    1-NN with Euclidean distance (scikit-learn's
    ``KNeighborsClassifier(n_neighbors=1)``), the archive's usual baseline.
    Euclidean distance needs equal lengths: a collection of unequal lengths is
    resampled (linear interpolation of every feature) to the longest training
    length first; equal-length data is used as it is.
``tsfresh_forest``
    :class:`sktseq.TsfreshFeatures` on the sequences as they are (lists of
    ``(L_i, F)`` arrays: every feature over the real steps only, no padding)
    and a ``RandomForestClassifier(n_estimators=500)``.
``summary_forest``
    :class:`sktseq.WindowSummary` (eight statistics of every feature over each
    sequence's real steps) and the same forest: a cheap start before tsfresh.
``gru``
    :class:`sktseq.GRUClassifier` with its defaults on the sequences as they
    are (padded per batch, padding never read) and
    ``validation_split="stratified"``: the archive's files are sorted by
    class, not by time, so a validation slice must be stratified, not the
    default most recent rows.  With under 1,000 training sequences (as
    JapaneseVowels) the defaults stop on the training loss and hold out
    nothing, so the option changes nothing there; on larger data sets it is
    the one that fits.

It also draws the first feature of three training sequences of up to six
classes (``ucr_collections.png`` in ``--out``).  ``--quick`` is a smoke run
(60 sequences spread over each split, tsfresh's "minimal" set, 5 epochs): its
table and figure say so, and its accuracies are not the protocol's.  When the
data set cannot be read (offline, nothing cached, no ``--path``), ``--quick``
runs on a synthetic collection instead (ragged sequences whose trend decides
the class), labelled as such: the documentation's gallery, built offline,
shows that.

The default data set is JapaneseVowels (9 speakers, 270 training and 370 test
utterances of 12 LPC coefficients, 7 to 29 steps).  ``--path`` reads the data
set's ``.zip`` (or any zip or folder holding ``<name>_TRAIN.ts`` and
``<name>_TEST.ts``) instead of the cache / download.

::

    python examples/plot_ucr_collections.py --quick             # smoke run, "minimal"
    python examples/plot_ucr_collections.py --path JapaneseVowels.zip --n-jobs 2

torch runs on ``--threads`` threads (default 1): on a machine shared with
other jobs its two intra-op threads wait on each other (the course tables'
recurrent models ran at least 5 times slower per epoch with 2 threads, see
``examples/README.md``).  ``--help`` does not import torch.
"""

import argparse
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils import Bunch

from sktseq import TsfreshFeatures, WindowSummary
from sktseq.datasets import fetch_ucr_uea

MODELS = ("1nn_euclidean", "tsfresh_forest", "summary_forest", "gru")
STATS = ("mean", "std", "min", "max", "median", "first", "last", "slope")


def flat(X):
    """Equal-length sequences ``(n, L, F)`` as rows ``(n, L * F)``."""
    return np.asarray(X).reshape(len(X), -1)


def resampled_flat(X, length):
    """Each sequence linearly resampled to ``length`` steps, then flattened."""
    rows = []
    for seq in X:
        seq = np.asarray(seq, dtype=np.float64).reshape(len(seq), -1)
        old = np.linspace(0.0, 1.0, len(seq))
        new = np.linspace(0.0, 1.0, length)
        rows.append(np.column_stack([np.interp(new, old, col) for col in seq.T]))
    return np.stack(rows).reshape(len(rows), -1)


def spread_out(X, y, n):
    """``n`` sequences spread over the split (its files are sorted by class)."""
    keep = np.linspace(0, len(X) - 1, min(n, len(X))).astype(int)
    return [X[i] for i in keep], y[keep]


def make_model(name, X_train, fc, n_jobs, max_epochs):
    """The unfitted pipeline ``name`` for the data set's training sequences."""
    if name == "1nn_euclidean":
        if isinstance(X_train, np.ndarray):  # equal lengths: flatten as is
            flatten = FunctionTransformer(flat)
        else:
            longest = max(len(seq) for seq in X_train)
            flatten = FunctionTransformer(resampled_flat, kw_args={"length": longest})
        return make_pipeline(flatten, KNeighborsClassifier(n_neighbors=1))
    forest = RandomForestClassifier(n_estimators=500, random_state=0, n_jobs=n_jobs)
    if name == "tsfresh_forest":
        features = TsfreshFeatures(default_fc_parameters=fc, n_jobs=n_jobs, verbose=1)
        return make_pipeline(features, forest)
    if name == "summary_forest":
        return make_pipeline(WindowSummary(stats=STATS), forest)
    from sktseq.nn import GRUClassifier  # imports torch: only when asked for

    return GRUClassifier(
        validation_split="stratified", max_epochs=max_epochs, random_state=0
    )


def synthetic_collection(n_train=60, n_test=60, seed=0):
    """Ragged 2-feature sequences of 3 classes: rising, falling, flat (noisy).

    A stand-in for an archive data set that cannot be read, with its fields.
    """
    rng = np.random.default_rng(seed)

    def split(n):
        X, y = [], []
        for i in range(n):
            label = ("rising", "falling", "flat")[i % 3]
            steps = np.arange(rng.integers(10, 30), dtype=float)
            slope = {"rising": 0.2, "falling": -0.2, "flat": 0.0}[label]
            X.append(np.column_stack([slope * steps, np.zeros_like(steps)]))
            X[-1] += rng.normal(scale=0.5, size=X[-1].shape)
            y.append(label)
        return X, np.array(y)

    (X_train, y_train), (X_test, y_test) = split(n_train), split(n_test)
    return Bunch(X_train=X_train, y_train=y_train, X_test=X_test, y_test=y_test)


def plot_classes(X, y, path, title, per_class=3, max_classes=6):
    classes = list(dict.fromkeys(y))[:max_classes]
    n_cols = min(len(classes), 3)
    n_rows = -(-len(classes) // n_cols)
    fig, axes = plt.subplots(
        n_rows, n_cols, figsize=(3.2 * n_cols, 2.4 * n_rows), sharey=True, squeeze=False
    )
    for ax in axes.ravel()[len(classes) :]:
        ax.set_visible(False)
    for ax, label in zip(axes.ravel(), classes):
        for i in np.flatnonzero(y == label)[:per_class]:
            ax.plot(np.asarray(X[i])[:, 0], lw=1)
        ax.set_title(f"class {label}")
        ax.set_xlabel("time step")
    for ax in axes[:, 0]:
        ax.set_ylabel("feature 0")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)  # left open: the docs' gallery shows it
    return fig


def main(argv=None):
    """Fit every model, print and return the results table.

    Parameters
    ----------
    argv : list of str, default=None
        Command-line arguments (None reads ``sys.argv``).

    Returns
    -------
    pandas.DataFrame
        One row per model: ``model``, ``test_accuracy``, ``fit_s``,
        ``predict_s``.
    """
    parser = argparse.ArgumentParser(
        description=__doc__.partition("\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--name", default="JapaneseVowels", help="archive data set")
    parser.add_argument("--path", type=Path, default=None, help="local .zip or folder")
    parser.add_argument(
        "--fc", default="efficient", help="tsfresh preset (minimal, efficient, ...)"
    )
    parser.add_argument("--n-jobs", type=int, default=None, help="tsfresh processes")
    parser.add_argument(
        "--quick", action="store_true", help='smoke run: "minimal", 60 sequences'
    )
    parser.add_argument(
        "--models", default=",".join(MODELS), help=f"comma-separated, of {MODELS}"
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--out", type=Path, default=Path("."), help="output folder")
    args = parser.parse_args(argv)
    models = args.models.split(",")
    unknown = sorted(set(models) - set(MODELS))
    if unknown:
        parser.error(f"--models: unknown {unknown}; choose from {MODELS}")
    if "gru" in models:
        import torch

        torch.set_num_threads(args.threads)

    try:
        data = fetch_ucr_uea(args.name, path=args.path)
    except ConnectionError as exc:
        if not args.quick:
            raise
        print(f"{exc}\nSMOKE RUN (--quick): a synthetic collection instead.")
        args.name, data = "synthetic collection", synthetic_collection()
    X_train, y_train, X_test, y_test = (
        data.X_train,
        data.y_train,
        data.X_test,
        data.y_test,
    )
    fc, max_epochs, run = args.fc, 100, "full protocol"
    if args.quick:
        fc, max_epochs, run = "minimal", 5, "QUICK SMOKE RUN, not the protocol"
        X_train, y_train = spread_out(X_train, y_train, 60)
        X_test, y_test = spread_out(X_test, y_test, 60)
    lengths = [len(seq) for seq in X_train]
    print(
        f"{args.name} ({run}): {len(X_train)} training / {len(X_test)} test "
        f"sequences, {np.asarray(X_train[0]).shape[1]} features, lengths "
        f"{min(lengths)}-{max(lengths)}, {len(np.unique(y_train))} classes"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    title = f"{args.name}, training sequences"
    if args.quick:
        title = f"SMOKE RUN (--quick), not a result: {title}"
    plot_classes(X_train, y_train, args.out / "ucr_collections.png", title)

    rows = []
    for name in models:
        model = make_model(name, X_train, fc, args.n_jobs, max_epochs)
        start = time.perf_counter()
        model.fit(X_train, y_train)
        fit_s = time.perf_counter() - start
        start = time.perf_counter()
        accuracy = float(np.mean(model.predict(X_test) == y_test))
        rows.append((name, accuracy, fit_s, time.perf_counter() - start))
    table = pd.DataFrame(rows, columns=["model", "test_accuracy", "fit_s", "predict_s"])
    if args.quick:
        print("SMOKE RUN (--quick) on 60 sequences: these are not the accuracies")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return table


if __name__ == "__main__":
    main()
