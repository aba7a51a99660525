"""Reading ``.ts`` files: ``load_ts`` against a pure-Python parser and pandas.

Two files written in the archive format, each read by every parser in turn
(best of ``--repeat`` runs, interleaved), all results checked equal:

1. univariate, equal length, class labels: 10,000 series of 500 values
   (``--quick``: 1,000 of 100), the size the issue asks to read "in a few
   seconds";
2. multivariate (3 dimensions), unequal lengths 20-400, ``?`` for 1% missing
   values: 3,000 cases (``--quick``: 300).

Parsers:

* ``load_ts`` (sktseq): per line, numpy converts the values of each
  dimension in C; one array per case, one 3-D array when lengths agree;
* pure Python: the same splits, then ``float()`` on every value, lists of
  lists turned into arrays at the end (what a user writes in a hurry);
* pandas ``read_csv`` (file 1 only: its C parser needs a table): values and
  ``value:label`` in the last column, split afterwards.

Usage: ``python benchmarks/bench_load_ts.py [--quick] [--repeat N]``.
"""

import argparse
import io
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from sktseq.datasets import load_ts


def write_univariate(path, n, length, rng):
    values = rng.normal(size=(n, length)).round(6)
    labels = rng.integers(1, 4, size=n)
    header = (
        f"#Synthetic.\n@problemName Uni\n@timeStamps false\n@missing false\n"
        f"@univariate true\n@equalLength true\n@seriesLength {length}\n"
        "@classLabel true 1 2 3\n@data\n"
    )
    body = "\n".join(
        ",".join(map(repr, row.tolist())) + f":{label}"
        for row, label in zip(values, labels)
    )
    path.write_text(header + body + "\n")
    return values[:, :, None], labels.astype(str)


def write_ragged(path, n, rng, n_dims=3):
    cases = [
        rng.normal(size=(rng.integers(20, 401), n_dims)).round(6) for _ in range(n)
    ]
    for case in cases:
        case[rng.random(case.shape) < 0.01] = np.nan
    labels = rng.choice(["a", "b"], size=n)
    lines = [
        "@problemName Ragged\n@missing true\n@univariate false\n"
        f"@dimensions {n_dims}\n@equalLength false\n@classLabel true a b\n@data"
    ]
    for case, label in zip(cases, labels):
        dims = [
            ",".join("?" if np.isnan(v) else repr(v) for v in case[:, j].tolist())
            for j in range(n_dims)
        ]
        lines.append(":".join(dims) + f":{label}")
    path.write_text("\n".join(lines) + "\n")
    return cases, labels


def pure_python(path):
    """A straightforward parser: split, float() every value, arrays at the end."""
    cases, labels = [], []
    in_data = False
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not in_data:
                in_data = line.lower() == "@data"
                continue
            *dims, label = line.split(":")
            values = [
                [float("nan") if v == "?" else float(v) for v in d.split(",")]
                for d in dims
            ]
            cases.append(np.array(values).T)
            labels.append(label)
    if len({len(c) for c in cases}) == 1:
        return np.stack(cases), np.array(labels)
    return cases, np.array(labels)


def with_pandas(path):
    """pandas' C parser on the data lines; the last column holds 'value:label'."""
    text = Path(path).read_text()
    data = text[text.index("@data") + len("@data") :]
    frame = pd.read_csv(io.StringIO(data), header=None, dtype=str)
    last = frame.iloc[:, -1].str.rpartition(":")
    values = frame.iloc[:, :-1].astype(np.float64).to_numpy()
    X = np.column_stack([values, last[0].astype(np.float64).to_numpy()])
    return X[:, :, None], last[2].to_numpy(dtype=str)


def same(result, X_ref, y_ref):
    X, y = result
    if isinstance(X_ref, list):
        ok = len(X) == len(X_ref) and all(
            np.array_equal(a, b, equal_nan=True) for a, b in zip(X, X_ref)
        )
    else:
        ok = np.array_equal(X, X_ref, equal_nan=True)
    return ok and np.array_equal(np.asarray(y, dtype=str), y_ref)


def best_times(parsers, path, X_ref, y_ref, repeat):
    times = dict.fromkeys(parsers, np.inf)
    for _ in range(repeat):
        for name, parse in parsers.items():
            start = time.perf_counter()
            result = parse(path)
            times[name] = min(times[name], time.perf_counter() - start)
            if not same(result, X_ref, y_ref):
                raise AssertionError(f"{name} read {path.name} differently")
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small files")
    parser.add_argument("--repeat", type=int, default=None, help="runs per parser")
    args = parser.parse_args(argv)
    n_uni, length, n_ragged = (1_000, 100, 300) if args.quick else (10_000, 500, 3_000)
    repeat = args.repeat or (2 if args.quick else 3)
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        uni, ragged = Path(tmp) / "uni.ts", Path(tmp) / "ragged.ts"
        files = [
            (
                f"univariate {n_uni} x {length}",
                uni,
                write_univariate(uni, n_uni, length, rng),
                True,
            ),
            (
                f"3-D ragged, {n_ragged} cases",
                ragged,
                write_ragged(ragged, n_ragged, rng),
                False,
            ),
        ]
        print(f"best of {repeat} runs (seconds); ratio = other / load_ts")
        columns = ("MB", "load_ts", "python", "ratio", "pandas", "ratio")
        print(f"{'file':<28} " + " ".join(f"{c:>8}" for c in columns))
        for label, path, (X_ref, y_ref), tabular in files:
            parsers = {"load_ts": load_ts, "python": pure_python}
            if tabular:
                parsers["pandas"] = with_pandas
            t = best_times(parsers, path, X_ref, y_ref, repeat)
            cells = [
                f"{path.stat().st_size / 1e6:.1f}",
                f"{t['load_ts']:.3f}",
                f"{t['python']:.3f}",
                f"{t['python'] / t['load_ts']:.2f}x",
            ]
            if tabular:
                cells += [f"{t['pandas']:.3f}", f"{t['pandas'] / t['load_ts']:.2f}x"]
            print(f"{label:<28} " + " ".join(f"{c:>8}" for c in cells))


if __name__ == "__main__":
    main()
