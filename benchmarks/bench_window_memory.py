"""Peak memory of windowing a Jena-sized table: views vs materialized windows.

420,000 x 14 float32 rows (the 10-minute Jena record), windows of
seq_len=120 steps at sampling_rate=6 (the Keras weather protocol), every
window visited once in shuffled batches of 256 (``X[idx]`` gathered, then
summed), as a training epoch would.  Each variant runs in its own
subprocess; its peak RSS (``ru_maxrss``) minus that of a process that only
did the same imports is the memory the variant used.

    python benchmarks/bench_window_memory.py [--quick]

The table prints MB used, its ratio to (raw data + one batch), and the same
ratio for the memory beyond the raw data.  Views stay near 1x (make_windows,
zero copy) or 2x (WindowTransformer: its one padded float32 copy of the
table); materializing costs ~seq_len x.  A full run peaks at ~3 GB (the
materialized variant).
"""

import argparse
import json
import resource
import subprocess
import sys

import numpy as np

import sktseq.windows  # noqa: F401  (same imports in every variant)

N_ROWS, N_FEATURES, SEQ_LEN, SAMPLING_RATE, BATCH = 420_000, 14, 120, 6, 256
VARIANTS = {
    "baseline": "interpreter + imports only",
    "raw": "raw data only (sum once)",
    "make_windows": "make_windows view, batches gathered",
    "window_transformer": "WindowTransformer view, batches gathered",
    "materialized": "np.ascontiguousarray(windows), batches gathered",
}


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _iterate(X, rng):
    total = 0.0
    order = rng.permutation(len(X))
    for start in range(0, len(X), BATCH):
        total += float(X[order[start : start + BATCH]].sum())
    return total


def run_variant(name, n_rows):
    from sktseq.windows import WindowTransformer, make_windows

    if name == "baseline":
        return _peak_mb()
    rng = np.random.default_rng(0)
    data = rng.standard_normal((n_rows, N_FEATURES), dtype=np.float32)
    if name == "raw":
        data.sum()
    elif name == "make_windows":
        X, _ = make_windows(data, sequence_length=SEQ_LEN, sampling_rate=SAMPLING_RATE)
        _iterate(X, rng)
    elif name == "window_transformer":
        wt = WindowTransformer(seq_len=SEQ_LEN, sampling_rate=SAMPLING_RATE)
        _iterate(wt.fit_transform(data), rng)
    elif name == "materialized":
        X, _ = make_windows(data, sequence_length=SEQ_LEN, sampling_rate=SAMPLING_RATE)
        _iterate(np.ascontiguousarray(X), rng)
    return _peak_mb()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="42,000 rows")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    n_rows = N_ROWS // 10 if args.quick else N_ROWS
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.rows)))
        return

    peaks = {}
    for name in VARIANTS:
        out = subprocess.run(
            [sys.executable, __file__, "--variant", name, "--rows", str(n_rows)],
            capture_output=True,
            text=True,
            check=True,
        )
        peaks[name] = json.loads(out.stdout)

    raw_mb = n_rows * N_FEATURES * 4 / 2**20
    batch_mb = BATCH * SEQ_LEN * N_FEATURES * 4 / 2**20
    all_windows_mb = n_rows * SEQ_LEN * N_FEATURES * 4 / 2**20
    print(
        f"{n_rows:,} x {N_FEATURES} float32 rows ({raw_mb:.1f} MB), seq_len="
        f"{SEQ_LEN}, sampling_rate={SAMPLING_RATE}, batch={BATCH} "
        f"({batch_mb:.2f} MB); all windows materialized = {all_windows_mb:,.0f} MB"
    )
    print(f"baseline (interpreter + imports): {peaks['baseline']:.0f} MB peak RSS")
    print(
        f"{'variant':<20} {'MB used':>8} {'/ (raw + batch)':>16} "
        f"{'beyond raw / (raw + batch)':>27}  what"
    )
    raw_used = peaks["raw"] - peaks["baseline"]
    for name, what in VARIANTS.items():
        if name == "baseline":
            continue
        used = peaks[name] - peaks["baseline"]
        ratio = used / (raw_mb + batch_mb)
        beyond = (used - raw_used) / (raw_mb + batch_mb)
        print(f"{name:<20} {used:>8.1f} {ratio:>15.2f}x {beyond:>26.2f}x  {what}")
    print(
        "target: view path within 1.2x of (raw + batch).  WindowTransformer "
        "holds one padded float32 copy of the table (its first rows need "
        "history), so it adds ~1x raw on top of the caller's raw array."
    )


if __name__ == "__main__":
    main()
