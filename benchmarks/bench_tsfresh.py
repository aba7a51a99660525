"""TsfreshFeatures: selected-transform speed-up and overhead over tsfresh itself.

Prints, measured side by side in one run on the same windows (3 features of an
AR(1) process, strided views of one array, target = next value of feature 0
plus the window's mean of it):

1. "efficient" extraction of every feature (TsfreshFeatures.fit_transform) vs
   the transform of a TsfreshFeatures(select=True) fitted on the first windows
   (it computes only the selected features).  Target: >= 10x.
2. Overhead of TsfreshFeatures over ``tsfresh.extract_features`` called
   directly on the same data (tsfresh's wide frame, built once outside the
   timing) with the same settings, for "minimal" (best of several runs) and
   "efficient" (one run each).  Target: <= 5 %.

Usage: ``python benchmarks/bench_tsfresh.py [--quick] [--n-jobs N]``
(full: 1,000 windows x 120 steps x 3 features, several minutes on 2 cores).
"""

import argparse
import time
import warnings

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view


def make_windows(n_windows, seq_len, n_features=3, seed=0):
    rng = np.random.default_rng(seed)
    n_rows = n_windows + seq_len
    series = np.zeros((n_rows, n_features))
    noise = rng.normal(size=(n_rows, n_features))
    for t in range(1, n_rows):  # AR(1); a loop over rows of test data only
        series[t] = 0.8 * series[t - 1] + noise[t]
    # window i = rows i .. i+seq_len-1 (a strided view, as WindowTransformer
    # gives); target: next value of feature 0 plus the window's mean of it.
    windows = sliding_window_view(series[:-1], seq_len, axis=0).transpose(0, 2, 1)
    return windows, series[seq_len:, 0] + windows[:, :, 0].mean(axis=1)


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
    frame = wide_frame(windows)
    jobs = {"n_jobs": args.n_jobs}
    tsfresh_jobs = 0 if args.n_jobs == 1 else args.n_jobs
    rows = []

    def direct(fc):
        return tsfresh.extract_features(
            frame,
            column_id="id",
            default_fc_parameters=fc,
            n_jobs=tsfresh_jobs,
            disable_progressbar=True,
        )

    # -- overhead, minimal: best of `repeats`, interleaved -----------------------
    t_direct, t_ours = [], []
    for _ in range(args.repeats):
        t_direct.append(timed(lambda: direct(settings.MinimalFCParameters()))[0])
        tf = TsfreshFeatures(default_fc_parameters="minimal", **jobs)
        t_ours.append(timed(lambda tf=tf: tf.fit_transform(windows))[0])
    rows.append(("minimal: tsfresh.extract_features", min(t_direct), ""))
    rows.append(
        (
            "minimal: TsfreshFeatures.fit_transform",
            min(t_ours),
            f"overhead {100 * (min(t_ours) / min(t_direct) - 1):+.1f} %",
        )
    )

    if args.minimal_only:
        return report(rows, windows, args)

    # -- efficient: direct vs ours (one run each), then the selected transform --
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN fft columns
        t_eff_direct, direct_out = timed(lambda: direct(efficient))
        full = TsfreshFeatures(default_fc_parameters=dict(efficient), **jobs)
        t_eff, ours_out = timed(lambda: full.fit_transform(windows))
        selector = TsfreshFeatures(
            default_fc_parameters=dict(efficient), select=True, **jobs
        )
        t_fit, _ = timed(lambda: selector.fit(windows[:n_fit], y[:n_fit]))
        t_sel, selected = timed(lambda: selector.transform(windows))
    rows.append(("efficient: tsfresh.extract_features", t_eff_direct, ""))
    rows.append(
        (
            "efficient: TsfreshFeatures.fit_transform",
            t_eff,
            f"overhead {100 * (t_eff / t_eff_direct - 1):+.1f} %",
        )
    )
    rows.append(
        (
            f"efficient + select: fit on {n_fit} windows",
            t_fit,
            f"{selected.shape[1]} of {ours_out.shape[1]} features "
            f"({calculators(selector.get_feature_names_out())} of "
            f"{calculators(full.get_feature_names_out())} calculators) kept",
        )
    )
    rows.append(
        (
            "efficient + select: transform",
            t_sel,
            f"{t_eff / t_sel:.1f}x faster than full extraction (target >= 10x)",
        )
    )
    assert direct_out.shape == ours_out.shape
    return report(rows, windows, args)


def report(rows, windows, args):
    n, seq_len = windows.shape[:2]
    print(
        f"\n{n} windows x {seq_len} steps x {windows.shape[2]} features, "
        f"n_jobs={args.n_jobs}\n"
    )
    print(f"{'case':<45} {'seconds':>9}  ratio")
    for name, seconds, note in rows:
        print(f"{name:<45} {seconds:>9.2f}  {note}")


if __name__ == "__main__":
    main()
