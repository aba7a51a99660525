"""ETTh1 long-horizon benchmark: DLinear as one scikit-learn pipeline
===================================================================

The protocol of the LTSF papers (Informer, DLinear, PatchTST): rows 0-8639
train, 8640-11519 validate, 11520-14399 test (12 / 4 / 4 months); every
column standardized with the training rows' mean and standard deviation;
input the last 336 hours of all 7 channels; forecast all 7 channels at every
horizon 1..H; MSE and MAE on the standardized scale, averaged over windows,
channels and horizons.  As in the papers' code, the first validation and test
windows reach back into the rows before their period (context), and training
uses only windows that lie entirely in the training rows.

The model is ``make_pipeline(WindowTransformer(seq_len=336),
DLinearRegressor())`` with its defaults, fitted in closed form.  Training
windows that would be padded (the first 335 rows) get ``sample_weight=0``;
validation and test are scored with :meth:`sktseq.windows.ForecastSplit.scorer`
on their rows plus 335 rows of context.  ``PersistenceRegressor`` (the
papers' "Repeat": every horizon = the last value) is the sanity check of the
protocol: it has no parameters, so it matches the published figures (up to
the last incomplete batch of test windows, which the papers' loader drops).

Published (DLinear paper, Zeng et al. 2023, Table 2, input 336; the same
figures are quoted by PatchTST and FITS), test MSE / MAE:
DLinear 0.375 / 0.399, 0.405 / 0.416, 0.439 / 0.443, 0.472 / 0.490;
Repeat 1.295 / 0.713, 1.325 / 0.733, 1.323 / 0.744, 1.339 / 0.756
(horizons 96, 192, 336, 720).

The figure shows the oil temperature (``OT``, standardized) of the first
test origin: its 336 hours of input, then the 96 hours the two models
forecast against what happened, and the test MSE per horizon beside the
published figures.

::

    python examples/plot_etth1_long_horizon.py           # all four horizons, about a minute
    python examples/plot_etth1_long_horizon.py --quick   # horizon 96 only

``--quick`` runs horizon 96 only: its rows are the full protocol's, the other
horizons need the full run; output and figure say so.  Without the data file
it says so and stops (the documentation's gallery then shows no table).
"""

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import make_pipeline

from sktseq import DLinearRegressor, PersistenceRegressor, WindowTransformer
from sktseq.datasets import ETTH1_SPLITS, load_etth1
from sktseq.windows import ForecastSplit, align_horizon

try:
    HERE = Path(__file__).resolve().parent
except NameError:  # sphinx-gallery runs the examples without __file__, from here
    HERE = Path.cwd()
SHARED = HERE.parents[1] / "shared" / "data" / "ETTh1.csv.gz"
SMOKE = "SMOKE RUN (--quick)"
COLORS = {"persistence": "C0", "dlinear": "C1"}
SEQ_LEN = 336
HORIZONS = (96, 192, 336, 720)
PUBLISHED = {  # horizon -> model -> (test MSE, test MAE)
    96: {"dlinear": (0.375, 0.399), "persistence": (1.295, 0.713)},
    192: {"dlinear": (0.405, 0.416), "persistence": (1.325, 0.733)},
    336: {"dlinear": (0.439, 0.443), "persistence": (1.323, 0.744)},
    720: {"dlinear": (0.472, 0.490), "persistence": (1.339, 0.756)},
}


def make_model(name, n_channels):
    """The pipeline for one table row: windows of 336 hours, then the model."""
    final = {
        "dlinear": DLinearRegressor(),
        "persistence": PersistenceRegressor(target_index=list(range(n_channels))),
    }[name]
    return make_pipeline(WindowTransformer(seq_len=SEQ_LEN), final)


def evaluate(values, name, horizon):
    """Fit on the training rows; score validation and test with context.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_channels)
        The standardized series.
    name : {"dlinear", "persistence"}
        Model of the row.
    horizon : int
        Forecast every channel at 1..horizon hours.

    Returns
    -------
    row : dict
        Validation and test MSE / MAE, fit seconds.
    model : Pipeline
        The fitted pipeline.
    """
    n_channels = values.shape[1]
    targets = list(range(n_channels))
    horizons = range(1, horizon + 1)
    train = ETTH1_SPLITS["train"]
    X, y = align_horizon(values[train], target=targets, horizon=horizons)
    # Windows of the first 335 rows would be padded: they are not in the
    # benchmark's training set, so they weigh nothing.
    weight = np.ones(len(X))
    weight[: SEQ_LEN - 1] = 0.0
    model = make_model(name, n_channels)
    start = time.perf_counter()
    model.fit(X, y, **{f"{model.steps[-1][0]}__sample_weight": weight})
    row = {"horizon": horizon, "model": name, "fit_s": time.perf_counter() - start}

    context = SEQ_LEN - 1
    scorer = ForecastSplit(context=context).scorer(
        {"mse": "neg_mean_squared_error", "mae": "neg_mean_absolute_error"}
    )
    for period in ("val", "test"):
        rows = ETTH1_SPLITS[period]
        # The period's rows plus the `context` rows before its first origin
        # (the last row before the period, whose forecast starts the period).
        block = values[rows.start - 1 - context : rows.stop]
        Xp, yp = align_horizon(block, target=targets, horizon=horizons)
        scores = scorer(model, Xp, yp)
        row[f"{period}_mse"] = -scores["mse"]
        row[f"{period}_mae"] = -scores["mae"]
        row[f"{period}_windows"] = len(Xp) - context
    published = PUBLISHED[horizon][name]
    row["published"] = f"{published[0]:.3f} / {published[1]:.3f}"
    return row, model


def plot(values, models, table, title):
    """OT at the first test origin: input, forecasts, actual; MSE per horizon."""
    import matplotlib.pyplot as plt

    horizon = min(models)  # the shortest horizon's models
    origin = ETTH1_SPLITS["test"].start - 1  # the last row before the test rows
    history = np.arange(origin - SEQ_LEN + 1, origin + 1)
    future = np.arange(origin + 1, origin + 1 + horizon)
    ot = values.shape[1] - 1  # OT, the last channel; y is target-major
    fig, (ax1, ax2) = plt.subplots(
        1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [2.2, 1]}
    )
    ax1.plot(history - origin, values[history, ot], color="grey", label="input")
    ax1.plot(future - origin, values[future, ot], color="black", label="actual")
    for name, model in models[horizon].items():
        pred = model.predict(values[origin - SEQ_LEN + 1 : origin + 1])[-1]
        forecast = pred[ot * horizon : (ot + 1) * horizon]
        ax1.plot(future - origin, forecast, "--", color=COLORS[name], label=name)
    ax1.axvline(0.5, color="grey", lw=0.8)
    ax1.set(
        title=f"OT at the first test origin, {horizon} h ahead",
        xlabel="hours from the forecast origin",
        ylabel="OT (standardized)",
    )
    ax1.legend(fontsize=8)
    wide = table.pivot(index="horizon", columns="model", values="test_mse")
    bars = {name: wide[name] for name in ("persistence", "dlinear")}
    bars["DLinear, published"] = [PUBLISHED[h]["dlinear"][0] for h in wide.index]
    x = np.arange(len(wide))
    for k, (name, mse) in enumerate(bars.items()):
        color = COLORS.get(name, "C2")
        ax2.bar(x + 0.27 * (k - 1), mse, width=0.27, color=color, label=name)
    ax2.set_xticks(x, wide.index)
    ax2.set(title="Test MSE", xlabel="horizon (hours)", ylabel="MSE (standardized)")
    ax2.set_ylim(0, 1.45 * wide.to_numpy().max())  # room for the legend
    ax2.legend(fontsize=8, loc="upper center", ncols=2)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.partition("\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=SHARED, help="ETTh1 CSV file")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: horizon 96 only (its rows are the full protocol's)",
    )
    parser.add_argument("--out", type=Path, default=Path("."), help="figure folder")
    args = parser.parse_args(argv)
    if not args.data.exists():
        if not args.quick:
            parser.error(f"{args.data} does not exist; pass --data (see --help)")
        print(f"{SMOKE} skipped: no ETTh1 file at {args.data} (pass --data).")
        return None
    if args.quick:
        print(f"{SMOKE}: horizon 96 only; the other horizons need the full run.")

    frame = load_etth1(args.data)
    train = frame.iloc[ETTH1_SPLITS["train"]]
    # Standardized with the training rows' statistics (numpy's ddof=0, as the
    # papers' sklearn StandardScaler).
    values = ((frame - train.mean()) / train.std(ddof=0)).to_numpy()
    horizons = HORIZONS[:1] if args.quick else HORIZONS
    rows, models = [], {}
    for horizon in horizons:
        for name in ("persistence", "dlinear"):
            row, models.setdefault(horizon, {})[name] = evaluate(values, name, horizon)
            rows.append(row)
    table = pd.DataFrame(rows)[
        ["horizon", "model", "val_mse", "val_mae", "test_mse", "test_mae",
         "published", "test_windows", "fit_s"]
    ]  # fmt: skip
    print(
        f"ETTh1 ({args.data.name}): {len(frame)} rows, 7 channels, input "
        f"{SEQ_LEN} h; MSE / MAE on the standardized scale; 'published' is "
        "the test MSE / MAE of the DLinear paper (Table 2)."
    )
    with pd.option_context("display.width", 120, "display.precision", 4):
        print(table.to_string(index=False))
    if args.quick:
        print(f"{SMOKE}: horizon 96 only.")

    title = f"ETTh1, input {SEQ_LEN} h, all 7 channels forecast"
    if args.quick:
        title = f"{SMOKE}, horizon 96 only: {title}"
    fig = plot(values, models, table, title)
    args.out.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out / "etth1_long_horizon.png", dpi=100)
    print(f"figure: {args.out / 'etth1_long_horizon.png'}")
    return table


if __name__ == "__main__":
    main()
