"""Local parallel grid search: GridSearchCV(n_jobs=2) vs n_jobs=1, same LSTM grid.

The pipeline is ``WindowTransformer -> LSTMRegressor`` on a synthetic 3-feature
series (target: feature 0 twelve rows later), searched over ``seq_len``,
``hidden_size`` and ``lr`` with ``TimeSeriesSplit``.  Both runs use the same
``random_state`` and must give the same ``best_params_``; the script checks
that and prints the wall-clock speed-up (target >= 1.8x on 2 free cores).

joblib's loky workers import torch with ``cpu_count // n_jobs`` threads, so
the parallel run does not oversubscribe; the sequential run lets torch use
its default threads (all cores).  The parallel time includes starting the
workers (importing torch and skorch there, a few seconds).

Two ratios are printed.  "search" is the cross-validated fits, the part
``n_jobs`` parallelizes; "search + refit" adds the final refit of the best
candidate on all rows, which GridSearchCV always runs in the calling process
(``refit_time_``).  By Amdahl's law the refit caps the second ratio: on this
grid the refit costs about as much as two of the fits (all rows against half
of them on average), so with 24 fits the cap is 26 / 14 = 1.86x.

Usage: ``python benchmarks/bench_grid_search_parallel.py [--quick] [--n-jobs N]
[--rows N]``
"""

import argparse
import time

import numpy as np
from sklearn.model_selection import GridSearchCV, ParameterGrid, TimeSeriesSplit
from sklearn.pipeline import make_pipeline


def make_series(n_rows, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n_rows + 12)
    daily = np.sin(2 * np.pi * t / 24)
    table = np.column_stack(
        [daily, np.cos(2 * np.pi * t / 24), rng.normal(size=t.size).cumsum() / 10]
    )
    table += 0.1 * rng.normal(size=table.shape)
    return table[:-12].astype(np.float32), table[12:, 0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny smoke run")
    parser.add_argument("--n-jobs", type=int, default=2)
    # Worker start-up (importing torch and skorch) costs seconds: the grid
    # must take minutes for the speed-up to measure the fits, not the start.
    parser.add_argument("--rows", type=int, default=20000)
    args = parser.parse_args()

    import torch

    from sktseq.nn import LSTMRegressor
    from sktseq.windows import WindowTransformer

    n_rows, epochs = (300, 1) if args.quick else (args.rows, 6)
    X, y = make_series(n_rows)
    pipe = make_pipeline(
        WindowTransformer(seq_len=24),
        LSTMRegressor(hidden_size=16, max_epochs=epochs, batch_size=64, random_state=0),
    )
    grid = {
        "windowtransformer__seq_len": [24, 48],
        "lstmregressor__hidden_size": [16, 32],
        "lstmregressor__lr": [1e-3, 3e-3],
    }
    if args.quick:
        del grid["lstmregressor__lr"], grid["lstmregressor__hidden_size"]
    cv = TimeSeriesSplit(n_splits=3, gap=12)
    times, searches = {}, {}
    for n_jobs in (1, args.n_jobs):
        search = GridSearchCV(
            pipe, grid, cv=cv, scoring="neg_mean_absolute_error", n_jobs=n_jobs
        )
        start = time.perf_counter()
        search.fit(X, y)
        times[n_jobs] = time.perf_counter() - start
        searches[n_jobs] = search

    n_fits = cv.get_n_splits() * len(ParameterGrid(grid))
    same = searches[1].best_params_ == searches[args.n_jobs].best_params_
    scores = [s.cv_results_["mean_test_score"] for s in searches.values()]
    print(
        f"\nLSTM grid: {n_fits} fits + refit, {n_rows} rows, {epochs} epochs, "
        f"{torch.get_num_threads()} torch threads in this process\n"
    )
    print(f"{'n_jobs':<8} {'search s':>9} {'refit s':>8} {'total s':>8}")
    for n_jobs, search in searches.items():
        refit = search.refit_time_
        print(
            f"{n_jobs:<8} {times[n_jobs] - refit:>9.1f} {refit:>8.1f} "
            f"{times[n_jobs]:>8.1f}"
        )
    search_ratio = (times[1] - searches[1].refit_time_) / (
        times[args.n_jobs] - searches[args.n_jobs].refit_time_
    )
    print(
        f"\nspeed-up n_jobs={args.n_jobs} vs 1: search {search_ratio:.2f}x, "
        f"search + refit {times[1] / times[args.n_jobs]:.2f}x (target >= 1.8x)"
    )
    print(
        f"same best_params_: {same}; max |score difference|: "
        f"{np.max(np.abs(scores[0] - scores[1])):.2g}"
    )


if __name__ == "__main__":
    main()
