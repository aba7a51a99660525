"""TsfreshFeatures: selected-transform speed-up and overhead over tsfresh itself.

Prints, measured side by side in one run on the same windows (the bundled
2009 Jena sample: hourly windows of 120 hours of ``T``, ``p`` and ``rh``,
strided views of one array; target: ``T`` 24 hours after the window's last
hour, the course's forecasting task):

1. "efficient" extraction of every feature (TsfreshFeatures.fit_transform) vs
   the transform of a TsfreshFeatures(select=True) fitted on the first
   windows, which computes only the selected features: with tsfresh's FDR
   selection alone, then capped at each ``--max-features`` (the smallest
   p-values; default 100 and 20).  Target: >= 10x.
2. Overhead of TsfreshFeatures over ``tsfresh.extract_features`` called
   directly on the same data (tsfresh's wide frame, built once outside the
   timing) with the same settings, best of several runs, interleaved, the
   order alternating: "minimal" on all windows, "efficient" on a fifth of
   them (single runs of minutes vary by +-15 % on these shared machines).
   Target: <= 5 %.

Usage: ``python benchmarks/bench_tsfresh.py [--quick] [--n-jobs N]
[--max-features K ...] [--minimal-only]`` (full: 1,000 windows x 120 steps
x 3 features, about 15 minutes on 2 cores).
"""

import argparse
import time
import warnings

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from sktseq.datasets import load_jena_climate


def make_windows(n_windows, seq_len, horizon=24):
    """Jena windows ``(n_windows, seq_len, 3)`` and ``T`` ``horizon`` hours later."""
    table = load_jena_climate(sample=True)[["T (degC)", "p (mbar)", "rh (%)"]]
    values = table.to_numpy(np.float64)[: n_windows + seq_len - 1 + horizon]
    # window i = rows i .. i+seq_len-1 (a strided view, as WindowTransformer
    # gives); its target is T at row i + seq_len - 1 + horizon.
    windows = sliding_window_view(values[:-horizon], seq_len, axis=0)
    return windows.transpose(0, 2, 1), values[seq_len - 1 + horizon :, 0]


def wide_frame(windows):
    n, seq_len, n_features = windows.shape
    frame = pd.DataFrame(
        np.ascontiguousarray(windows).reshape(n * seq_len, n_features),
        columns=[f"x{j}" for j in range(n_features)],
    )
    frame.insert(0, "id", np.repeat(np.arange(n), seq_len))
    return frame


def calculators(names):
    return len({name.split("__")[1] for name in names})


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny smoke run")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--max-features",
        type=int,
        nargs="*",
        default=[100, 20],
        help="caps of the further selectors (one fit each)",
    )
    parser.add_argument(
        "--minimal-only", action="store_true", help="only the 'minimal' overhead rows"
    )
    args = parser.parse_args()

    import tsfresh
    from tsfresh.feature_extraction import settings

    from sktseq.features import TsfreshFeatures

    n, seq_len, n_fit = (40, 30, 40) if args.quick else (1000, 120, 400)
    # --quick swaps "efficient" for a few calculators to stay a smoke run.
    efficient = settings.EfficientFCParameters()
    if args.quick:
        efficient = {
            "mean": None,
            "maximum": None,
            "autocorrelation": [{"lag": 1}],
            "fft_coefficient": [{"coeff": k, "attr": "abs"} for k in range(4)],
        }
    windows, y = make_windows(n, seq_len)
    jobs = {"n_jobs": args.n_jobs}
    tsfresh_jobs = 0 if args.n_jobs == 1 else args.n_jobs
    rows = []

    def overhead(label, n_windows, fc, repeats):
        """Best of `repeats` of both sides, interleaved, the order alternating."""
        frame = wide_frame(windows[:n_windows])  # tsfresh's input, untimed

        def direct():
            return tsfresh.extract_features(
                frame,
                column_id="id",
                default_fc_parameters=fc,
                n_jobs=tsfresh_jobs,
                disable_progressbar=True,
            )

        def ours():
            tf = TsfreshFeatures(default_fc_parameters=dict(fc), **jobs)
            tf.fit_transform(windows[:n_windows])
            # the kept features and those dropped for having no finite value
            return [*tf.get_feature_names_out(), *tf.dropped_features_]

        t_direct, t_ours, outputs = [], [], {}
        for repeat in range(repeats):
            pair = [(t_direct, direct), (t_ours, ours)]
            for times, func in pair[:: 1 if repeat % 2 == 0 else -1]:
                seconds, outputs[func] = timed(func)
                times.append(seconds)
        # Both sides computed the same features (ours dropped the empty ones).
        assert set(outputs[direct].columns) == set(outputs[ours])
        head = f"{label}, {n_windows} windows, best of {repeats}:"
        rows.append((f"{head} tsfresh.extract_features", min(t_direct), ""))
        rows.append(
            (
                f"{head} TsfreshFeatures.fit_transform",
                min(t_ours),
                f"overhead {100 * (min(t_ours) / min(t_direct) - 1):+.1f} %",
            )
        )

    overhead("minimal", n, settings.MinimalFCParameters(), args.repeats)
    if args.minimal_only:
        return report(rows, windows, args)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN fft columns
        overhead("efficient", n // 5, efficient, 3)
        # -- the selected transforms against full extraction --------------------
        full = TsfreshFeatures(default_fc_parameters=dict(efficient), **jobs)
        t_eff, ours_out = timed(lambda: full.fit_transform(windows))
        selectors = {
            "FDR" if k is None else f"FDR, max_features={k}": TsfreshFeatures(
                default_fc_parameters=dict(efficient),
                select=True,
                max_features=k,
                **jobs,
            )
            for k in [None, *args.max_features]
        }
        selected = {}
        for label, selector in selectors.items():
            t_fit, _ = timed(lambda s=selector: s.fit(windows[:n_fit], y[:n_fit]))
            t_sel, out = timed(lambda s=selector: s.transform(windows))
            selected[label] = (t_fit, t_sel, out.shape[1], selector)
    rows.append((f"efficient, {n} windows: TsfreshFeatures.fit_transform", t_eff, ""))
    n_calculators = calculators(full.get_feature_names_out())
    for label, (t_fit, t_sel, n_kept, selector) in selected.items():
        kept = calculators(selector.get_feature_names_out())
        rows.append(
            (
                f"select ({label}): fit on {n_fit} windows",
                t_fit,
                f"{n_kept} of {ours_out.shape[1]} features "
                f"({kept} of {n_calculators} calculators) kept",
            )
        )
        rows.append(
            (
                f"select ({label}): transform",
                t_sel,
                f"{t_eff / t_sel:.1f}x faster than full extraction (target >= 10x)",
            )
        )
    return report(rows, windows, args)


def report(rows, windows, args):
    n, seq_len = windows.shape[:2]
    print(
        f"\n{n} windows x {seq_len} steps x {windows.shape[2]} features, "
        f"n_jobs={args.n_jobs}\n"
    )
    width = max(len(name) for name, _, _ in rows)
    print(f"{'case':<{width}} {'seconds':>9}  ratio")
    for name, seconds, note in rows:
        print(f"{name:<{width}} {seconds:>9.2f}  {note}")


if __name__ == "__main__":
    main()
