"""Jena climate: an LSTM pipeline against the persistence baseline
================================================================

The protocol of "Deep Learning with Python" (see ``../shared/data/README.md``):
the first 50% of the hourly rows train, the next 25% validate; each input is
the previous 120 hours of the 14 variables, normalized with the training
statistics; the target is ``T (degC)`` 24 hours after the last input hour;
the metric is the validation MAE in degrees Celsius.

The model is one scikit-learn object::

    TransformedTargetRegressor(            # y scaled for training, MAE in degC
        make_pipeline(StandardScaler(),      # training mean / std
                      WindowTransformer(seq_len=120),  # zero-copy windows
                      LSTMRegressor(...)),   # skorch-trained, early stopping
        transformer=StandardScaler())

Pairs come from :func:`sktseq.windows.align_horizon` (row t with T at t+24).
Validation rows are scored only where their 120-hour window lies inside the
validation segment.  (Keras' ``timeseries_dataset_from_array`` in the course
takes the windows that *start* in the segment, so the two sets differ by up to
119 windows at its edges: persistence 2.440 either way.)  Published (10-minute
file, about 6 times more training windows): persistence 2.44, LSTM(16)
2.53-2.55, LSTM(32) with dropout 2.45.  The figure shows two validation weeks
of both forecasts against the actual temperature
(:func:`sktseq.plotting.plot_forecast`) and the learning curves
(:func:`sktseq.plotting.plot_learning_curves`).

::

    python examples/plot_jena_forecasting.py            # CPU budget, a few minutes
    python examples/plot_jena_forecasting.py --quick    # smoke run (seconds)

``--quick`` trains on the first 4,000 rows (of the bundled 2009 sample when
``--data`` is absent, as in the documentation's gallery) for 1 epoch (or
``--epochs``) without early stopping: a smoke run of the code, not a result.
"""

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sktseq.baselines import PersistenceRegressor
from sktseq.datasets import load_jena_climate
from sktseq.windows import WindowTransformer, align_horizon

try:
    HERE = Path(__file__).resolve().parent
except NameError:  # sphinx-gallery runs the examples without __file__, from here
    HERE = Path.cwd()
SHARED = HERE.parents[1] / "shared" / "data" / "jena_climate_2009_2016_hourly.csv.gz"
SEQ_LEN, HORIZON, QUICK_ROWS = 120, 24, 4000
SMOKE = "SMOKE RUN (--quick)"


def mae(a, b):
    return float(np.mean(np.abs(np.asarray(a) - np.asarray(b))))


def plot(index, actual, forecasts, net, title):
    """Two validation weeks of the forecasts; the learning curves."""
    import matplotlib.pyplot as plt

    from sktseq.plotting import plot_forecast, plot_learning_curves

    fig, (ax1, ax2) = plt.subplots(
        1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [2.2, 1]}
    )
    week2 = slice(SEQ_LEN - 1, SEQ_LEN - 1 + 24 * 14)
    plot_forecast(
        actual[week2],
        {name: pred[week2] for name, pred in forecasts.items()},
        index=index[week2],
        ax=ax1,
    )
    ax1.set(title="Validation: T 24 h ahead", ylabel="T (degC)", xlabel="date")
    ax1.tick_params(axis="x", labelrotation=30)
    plot_learning_curves(net, ax=ax2)
    ax2.set(title="LSTM training", ylabel="MSE (standardized T)")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def main(argv=None):
    """Fit the LSTM pipeline and the baseline; print their validation MAE.

    Parameters
    ----------
    argv : list of str, default=None
        Command-line arguments (None reads ``sys.argv``).

    Returns
    -------
    tuple of float
        Validation MAE (degC) of persistence and of the LSTM.
    """
    parser = argparse.ArgumentParser(
        description=__doc__.partition("\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=SHARED, help="hourly Jena file")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: the first {QUICK_ROWS:,} rows (of the bundled 2009 "
        "sample when --data is absent), 1 epoch unless --epochs, no early "
        "stopping; not a result",
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=None,
        help="maximum epochs (None: 12 with early stopping; 1 with --quick)",
    )
    parser.add_argument("--hidden-size", type=int, default=32, help="LSTM units")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--out", type=Path, default=Path("."), help="figure folder")
    args = parser.parse_args(argv)
    if args.data.exists():
        frame, source = load_jena_climate(args.data), args.data.name
    elif args.quick:
        frame, source = load_jena_climate(sample=True), "bundled 2009 sample"
    else:
        parser.error(f"{args.data} does not exist; pass --data (see --help)")
    import torch  # after parsing: --help answers without loading torch

    from sktseq.nn import LSTMRegressor

    torch.set_num_threads(args.threads)
    epochs = args.epochs or (1 if args.quick else 12)
    if args.quick:
        frame = frame.iloc[:QUICK_ROWS]
        print(
            f"{SMOKE}: the first {QUICK_ROWS:,} rows, {epochs} epoch(s), no "
            "early stopping; not a result."
        )
    values = frame.to_numpy(np.float32)
    t_col = frame.columns.get_loc("T (degC)")
    X, y = align_horizon(values, target=t_col, horizon=HORIZON)
    n_train, n_val = int(0.5 * len(values)), int(0.25 * len(values))
    X_train, y_train = X[:n_train], y[:n_train]
    X_val, y_val = X[n_train : n_train + n_val], y[n_train : n_train + n_val]
    scored = slice(SEQ_LEN - 1, None)  # windows fully inside the segment

    baseline = make_pipeline(
        WindowTransformer(seq_len=SEQ_LEN), PersistenceRegressor(target_index=t_col)
    ).fit(X_train, y_train)
    base_pred = baseline.predict(X_val)
    base_mae = mae(base_pred[scored], y_val[scored])

    lstm = LSTMRegressor(
        hidden_size=args.hidden_size,
        dropout=0.25,
        recurrent_dropout=0.1,
        max_epochs=epochs,
        batch_size=256,
        lr=2e-3,
        lr_schedule="cosine",
        early_stopping=not args.quick,
        validation_fraction=0.1,
        patience=4,
        random_state=0,
        verbose=1,
    )
    model = TransformedTargetRegressor(
        regressor=make_pipeline(
            StandardScaler(), WindowTransformer(seq_len=SEQ_LEN), lstm
        ),
        transformer=StandardScaler(),
    )
    start = time.perf_counter()
    model.fit(X_train, y_train)
    fit_s = time.perf_counter() - start
    pred = model.predict(X_val)
    lstm_mae = mae(pred[scored], y_val[scored])
    net = model.regressor_[-1]
    durations = net.history_[:, "dur"]

    print()
    print(
        f"{source}: {len(values)} hourly rows; train windows {len(X_train)}, "
        f"validation windows scored {len(y_val[scored])}"
    )
    print(f"{'model':<34} {'val MAE degC':>12}")
    print(f"{'persistence (T in 24 h = T now)':<34} {base_mae:12.3f}")
    print(f"{f'LSTMRegressor(hidden_size={args.hidden_size})':<34} {lstm_mae:12.3f}")
    print(
        f"epochs run: {len(durations)}"
        + ("" if args.quick else " (best restored)")
        + f", seconds/epoch: mean {np.mean(durations):.1f}, min "
        f"{np.min(durations):.1f}; fit {fit_s:.0f} s"
    )
    print(f"LSTM beats persistence: {lstm_mae < base_mae}")
    if args.quick:
        print(f"{SMOKE}: these MAEs are not results.")

    title = f"Jena: LSTM vs persistence ({source})"
    if args.quick:
        title = f"{SMOKE}, not a result: {title}"
    index = frame.index[n_train : n_train + n_val]
    forecasts = {"LSTM": pred, "persistence": base_pred}
    fig = plot(index, y_val, forecasts, net, title)
    args.out.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out / "jena_forecasting.png", dpi=100)
    print(f"figure: {args.out / 'jena_forecasting.png'}")
    return base_mae, lstm_mae


if __name__ == "__main__":
    main()
