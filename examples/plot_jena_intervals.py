"""Jena climate: 80% prediction intervals for the temperature 24 hours ahead
=========================================================================

Three ways to put an 80% band around a forecast of ``T (degC)`` 24 hours
after the last of 48 hourly inputs (all 14 variables), scored on the most
recent 30% of the rows (the test period):

* **quantile LSTM**: ``make_pipeline(StandardScaler(), WindowTransformer(seq_len=48),
  LSTMRegressor(quantiles=(0.1, 0.5, 0.9)))`` trained with the pinball loss on
  every row before the test period; the band is its 10% and 90% quantiles;
* **split conformal around a GRU**: ``GRURegressor`` in the same pipeline,
  trained on the rows before a calibration period (the most recent 20% of the
  rows before the test period), then MAPIE's
  ``SplitConformalRegressor(prefit=True)`` adds the 80% quantile of the
  calibration rows' absolute errors on both sides;
* **ACI** (adaptive conformal inference, Gibbs & Candes 2021) around the same
  GRU: MAPIE's ``TimeSeriesRegressor(method="aci")`` starts from the same
  calibration scores and, once a day, moves its miss rate ``alpha_t`` by
  ``gamma * (0.2 - missed)`` for every row whose label has arrived (a row's
  label, the temperature 24 h later, is known one day after its forecast).

A row's input window always holds its real history: the fitted pipeline's
first steps (scaler and ``WindowTransformer``) make the windows of the whole
record once, ``pipe[:-1].transform(X)``, and MAPIE wraps the fitted regressor
``pipe[-1]`` on them.  (A fitted pipeline can also be given to MAPIE directly,
as in the tests; then the first 47 rows of each block it predicts are padded.
ACI predicts row by row, so it needs the windows.)

The bundled sample is one year (2009): training on January to August and
testing on September to December is a distribution shift (autumn is not in
the training rows), which conformal guarantees (exchangeable rows) do not
cover.  ``--data`` runs the full 2009-2016 hourly record.

    python examples/plot_jena_intervals.py              # bundled 2009 sample
    python examples/plot_jena_intervals.py --data ../shared/data/jena_climate_2009_2016_hourly.csv.gz
    python examples/plot_jena_intervals.py --quick      # smoke run (seconds)
"""

import argparse
import time
from pathlib import Path

import numpy as np

SEQ_LEN, HORIZON, LEVEL = 48, 24, 0.8
QUANTILES = ((1 - LEVEL) / 2, 0.5, (1 + LEVEL) / 2)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.partition("\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="Jena CSV (e.g. the hourly 2009-2016 file); none: the bundled 2009 sample",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run (seconds)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--gamma", type=float, default=0.01, help="ACI step size")
    parser.add_argument("--out", type=Path, default=Path("."), help="figure folder")
    return parser.parse_args(argv)


def _interval_stats(y, lower, upper):
    inside = (y >= lower) & (y <= upper)
    width = upper - lower
    finite = np.isfinite(width)
    return {
        "coverage": float(inside.mean()),
        "mean_width": float(width[finite].mean()),
        "infinite": int((~finite).sum()),
    }


def _aci_intervals(gru, windows, y, calib, test, gamma):
    """ACI bands over the test rows, updated daily with the labels known."""
    from mapie.regression import TimeSeriesRegressor

    aci = TimeSeriesRegressor(gru, method="aci", cv="prefit")
    aci.fit(windows[calib], y[calib])
    starts = range(test.start, len(y), HORIZON)
    point, bands = [], []
    for k, start in enumerate(starts):
        if k >= 2:  # rows of day k-2 have their labels by the start of day k
            done = slice(start - 2 * HORIZON, start - HORIZON)
            aci.adapt_conformal_inference(
                windows[done], y[done], gamma=gamma, confidence_level=LEVEL
            )
        rows = slice(start, min(start + HORIZON, len(y)))
        p, b = aci.predict(
            windows[rows], confidence_level=LEVEL, allow_infinite_bounds=True
        )
        point.append(p)
        bands.append(b[:, :, 0])
    bands = np.concatenate(bands)
    return np.concatenate(point), bands[:, 0], bands[:, 1]


def main(argv=None):
    args = parse_args(argv)
    # Heavy imports here, so that --help stays instant (no torch).
    import pandas as pd
    import torch
    from mapie.regression import SplitConformalRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from sktseq.datasets import load_jena_climate
    from sktseq.nn import GRURegressor, LSTMRegressor
    from sktseq.windows import WindowTransformer, align_horizon

    torch.set_num_threads(args.threads)
    if args.data is not None:
        frame = load_jena_climate(args.data)
        source = f"{args.data.name}"
    else:
        frame = load_jena_climate(sample=True)
        source = "bundled 2009 sample"
    if args.quick:
        frame = frame.iloc[:1500]
    values = frame.to_numpy(np.float32)
    t_col = frame.columns.get_loc("T (degC)")
    X, y = align_horizon(values, target=t_col, horizon=HORIZON)
    y = y.astype(np.float64)
    target_time = frame.index[HORIZON:]  # when each forecast comes true

    n = len(X)
    test = slice(int(0.7 * n), n)
    calib = slice(test.start - int(0.2 * test.start), test.start)
    # Training rows end HORIZON rows early: their labels (T 24 h later) must
    # not overlap the labels of the rows they are evaluated on.
    train_all = slice(0, test.start - HORIZON)
    train_gru = slice(0, calib.start - HORIZON)
    quick = {"max_epochs": 2} if args.quick else {}

    def pipeline(model):
        return make_pipeline(
            StandardScaler(), WindowTransformer(seq_len=SEQ_LEN), model
        )

    results, bands = [], {}
    y_test = y[test]

    start = time.perf_counter()
    lstm = pipeline(LSTMRegressor(quantiles=QUANTILES, random_state=0, **quick))
    lstm.fit(X[train_all], y[train_all])
    fit_s = time.perf_counter() - start
    windows = lstm[:-1].transform(X)  # every row with its real history
    q = lstm[-1].predict_quantiles(windows[test])
    bands["quantile LSTM"] = (q[:, 1], q[:, 0], q[:, 2])
    # Where the band was fitted: its coverage there is ~80% by construction
    # of the pinball loss; a gap to the test coverage is the shift.
    q_train = lstm[-1].predict_quantiles(windows[train_all])
    inside = (y[train_all] >= q_train[:, 0]) & (y[train_all] <= q_train[:, 2])
    recent = int(np.ceil(0.1 * len(inside)))  # its early-stopping rows
    fitted_coverage = (inside[:-recent].mean(), inside[-recent:].mean())
    results.append(("quantile LSTM", fit_s, len(lstm[-1].history_)))

    start = time.perf_counter()
    gru_pipe = pipeline(GRURegressor(random_state=0, **quick))
    gru_pipe.fit(X[train_gru], y[train_gru])
    fit_s = time.perf_counter() - start
    windows = gru_pipe[:-1].transform(X)
    gru = gru_pipe[-1]
    split = SplitConformalRegressor(gru, prefit=True, confidence_level=LEVEL)
    split.conformalize(windows[calib], y[calib])
    point, band = split.predict_interval(windows[test])
    bands["split conformal GRU"] = (point, band[:, 0, 0], band[:, 1, 0])
    results.append(("split conformal GRU", fit_s, len(gru.history_)))

    start = time.perf_counter()
    bands[f"ACI GRU (gamma={args.gamma})"] = _aci_intervals(
        gru, windows, y, calib, test, args.gamma
    )
    results.append((f"ACI GRU (gamma={args.gamma})", time.perf_counter() - start, 0))

    persistence_mae = float(np.mean(np.abs(X[test, t_col] - y_test)))
    rows = []
    for (name, seconds, epochs), (point, lower, upper) in zip(results, bands.values()):
        stats = _interval_stats(y_test, lower, upper)
        rows.append(
            {
                "method": name,
                "coverage": stats["coverage"],
                "mean_width_degC": stats["mean_width"],
                "infinite": stats["infinite"],
                "point_mae_degC": float(np.mean(np.abs(point - y_test))),
                "epochs": epochs,
                "seconds": seconds,
            }
        )
    table = pd.DataFrame(rows)
    smoke = " -- SMOKE RUN (--quick): not a result" if args.quick else ""
    print(
        f"\nJena ({source}, {len(values)} hourly rows): T (degC) {HORIZON} h ahead, "
        f"{int(LEVEL * 100)}% intervals{smoke}"
    )
    print(
        f"test rows {len(y_test)} ({target_time[test.start]:%Y-%m-%d} to "
        f"{target_time[n - 1]:%Y-%m-%d}); calibration rows {calib.stop - calib.start}; "
        f"persistence MAE {persistence_mae:.3f} degC"
    )
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(
        "quantile LSTM coverage on the rows it was fitted on: "
        f"{fitted_coverage[0]:.3f} (training), {fitted_coverage[1]:.3f} "
        "(the most recent 10%, held out for early stopping)"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    _plot(
        args.out / "jena_intervals.png",
        target_time[test],
        y_test,
        bands,
        table,
        source,
        smoke,
    )
    print(f"figure: {args.out / 'jena_intervals.png'}")
    return table


def _plot(path, when, y, bands, table, source, smoke):
    import matplotlib.pyplot as plt

    n_bands = len(bands)
    fig, axes = plt.subplots(
        n_bands + 1, 1, figsize=(10, 2.6 * (n_bands + 1)), constrained_layout=True
    )
    shown = slice(0, min(len(y), 24 * 14))  # the first two test weeks
    colors = ["tab:blue", "tab:orange", "tab:green"]
    for ax, (name, (point, lower, upper)), color, (_, row) in zip(
        axes, bands.items(), colors, table.iterrows()
    ):
        ax.fill_between(
            when[shown],
            lower[shown],
            upper[shown],
            color=color,
            alpha=0.3,
            label=f"{int(LEVEL * 100)}% band",
        )
        ax.plot(when[shown], point[shown], color=color, label="forecast")
        ax.plot(when[shown], y[shown], color="black", lw=1, label="actual")
        ax.set_title(
            f"{name}: coverage {row['coverage']:.1%} over the test period, "
            f"mean width {row['mean_width_degC']:.2f} degC",
            fontsize=10,
        )
        ax.set_ylabel("T (degC)")
        ax.legend(loc="best", fontsize=8, ncol=3)
    # Coverage over the whole test period, 30-day rolling window (shorter
    # on a smoke run's few test rows).
    ax = axes[-1]
    days = min(24 * 30, max(24, len(y) // 24 // 3 * 24))
    for (name, (_, lower, upper)), color in zip(bands.items(), colors):
        inside = ((y >= lower) & (y <= upper)).astype(float)
        rolling = np.convolve(inside, np.ones(days) / days, mode="valid")
        ax.plot(when[days - 1 :], rolling, color=color, label=name)
    ax.axhline(LEVEL, color="black", ls="--", lw=1, label="target 80%")
    ax.set_ylabel(f"coverage ({days // 24}-day rolling)")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower left", fontsize=8)
    axes[n_bands - 1].set_xlabel("date of the forecast target")
    ax.set_xlabel("date of the forecast target (whole test period)")
    title = (
        f"Jena ({source}): temperature {HORIZON} h ahead, "
        f"{int(LEVEL * 100)}% intervals, first two test weeks"
    )
    if smoke:
        title += "\nSMOKE RUN (--quick): tiny data, 2 epochs, not a result"
    fig.suptitle(title)
    fig.savefig(path, dpi=100)


if __name__ == "__main__":
    main()
