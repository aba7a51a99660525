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
(``refit_time_``), so the second ratio is the smaller one: the refit trains
on all rows, the cross-validation fits on half of them on average.

Each round runs both searches, the order alternating between rounds, and
the ratios compare the best run of each side (the machines are shared: one
parallel search measured 55.7 s and, an hour later, 64.7 s).

Usage: ``python benchmarks/bench_grid_search_parallel.py [--quick] [--n-jobs N]
[--rows N] [--rounds N]``
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
    parser.add_argument(
        "--rounds", type=int, default=2, help="rounds, the order alternating"
    )
    args = parser.parse_args()

    import torch
    from joblib.externals.loky import get_reusable_executor

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
    runs = []  # (round, n_jobs, search seconds, refit seconds, fitted search)
    for round_ in range(1 if args.quick else args.rounds):
        order = (1, args.n_jobs) if round_ % 2 == 0 else (args.n_jobs, 1)
        for n_jobs in order:
            # Every parallel run starts its workers afresh, start-up included.
            get_reusable_executor().shutdown(wait=True)
            search = GridSearchCV(
                pipe, grid, cv=cv, scoring="neg_mean_absolute_error", n_jobs=n_jobs
            )
            start = time.perf_counter()
            search.fit(X, y)
            total = time.perf_counter() - start
            runs.append((round_, n_jobs, total - search.refit_time_, total, search))

    n_fits = cv.get_n_splits() * len(ParameterGrid(grid))
    print(
        f"\nLSTM grid: {n_fits} fits + refit, {n_rows} rows, {epochs} epochs, "
        f"{torch.get_num_threads()} torch threads in this process\n"
    )
    print(f"{'round':<6} {'n_jobs':<7} {'search s':>9} {'refit s':>8} {'total s':>8}")
    for round_, n_jobs, search_s, total, _ in runs:
        print(
            f"{round_:<6} {n_jobs:<7} {search_s:>9.1f} {total - search_s:>8.1f} "
            f"{total:>8.1f}"
        )

    def best(n_jobs, column):
        return min(run[column] for run in runs if run[1] == n_jobs)

    print(
        f"\nspeed-up n_jobs={args.n_jobs} vs 1 (best of {len(runs) // 2} each): "
        f"search {best(1, 2) / best(args.n_jobs, 2):.2f}x, "
        f"search + refit {best(1, 3) / best(args.n_jobs, 3):.2f}x (target >= 1.8x)"
    )
    reference = runs[0][4]
    same = all(r[4].best_params_ == reference.best_params_ for r in runs)
    diff = max(
        np.max(
            np.abs(
                r[4].cv_results_["mean_test_score"]
                - reference.cv_results_["mean_test_score"]
            )
        )
        for r in runs
    )
    print(f"same best_params_ in every run: {same}; max |score difference|: {diff:.2g}")


if __name__ == "__main__":
    main()
