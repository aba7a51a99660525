"""Jena climate: an LSTM pipeline against the persistence baseline.

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
119 windows at its edges: persistence 2.440 either way.)  Published (10-minute file, about 6 times more training windows):
persistence 2.44, LSTM(16) 2.53-2.55, LSTM(32) with dropout 2.45.

    python examples/plot_jena_forecasting.py            # CPU budget, a few minutes
    python examples/plot_jena_forecasting.py --quick    # smoke run (seconds)
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
from sktseq.nn import LSTMRegressor
from sktseq.windows import WindowTransformer, align_horizon

SHARED = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "jena_climate_2009_2016_hourly.csv.gz"
)
SEQ_LEN, HORIZON = 120, 24


def mae(a, b):
    return float(np.mean(np.abs(np.asarray(a) - np.asarray(b))))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED, help="hourly Jena file")
    parser.add_argument("--quick", action="store_true", help="smoke run")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--hidden-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=None, help="torch threads")
    parser.add_argument("--plot", type=Path, default=None, help="write a figure")
    args = parser.parse_args(argv)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)

    if args.data.exists():
        frame = load_jena_climate(args.data)
    else:
        print(f"{args.data} not found: using the bundled 2009 sample")
        frame = load_jena_climate(sample=True)
    if args.quick:
        frame = frame.iloc[:4000]
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
    base_mae = mae(baseline.predict(X_val)[scored], y_val[scored])

    lstm = LSTMRegressor(
        hidden_size=args.hidden_size,
        dropout=0.25,
        recurrent_dropout=0.1,
        max_epochs=1 if args.quick else args.epochs,
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
        f"rows: {len(values)} hourly; train windows {len(X_train)}, "
        f"validation windows scored {len(y_val[scored])}"
    )
    print(f"{'model':<34} {'val MAE degC':>12}")
    print(f"{'persistence (T in 24 h = T now)':<34} {base_mae:12.3f}")
    print(f"{f'LSTMRegressor(hidden_size={args.hidden_size})':<34} {lstm_mae:12.3f}")
    print(
        f"epochs run: {len(durations)} (best restored), seconds/epoch: "
        f"mean {np.mean(durations):.1f}, min {np.min(durations):.1f}; fit {fit_s:.0f} s"
    )
    print(f"LSTM beats persistence: {lstm_mae < base_mae}")

    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
        week = slice(SEQ_LEN - 1, SEQ_LEN - 1 + 24 * 14)
        ax1.plot(y_val[week], label="actual")
        ax1.plot(pred[week], label="LSTM")
        ax1.plot(baseline.predict(X_val)[week], label="persistence", alpha=0.6)
        ax1.set(title="T (degC) 24 h ahead, 2 validation weeks", xlabel="hour")
        ax1.legend()
        ax2.plot(net.history_[:, "train_loss"], label="train")
        ax2.plot(net.history_[:, "valid_loss"], label="validation (most recent 10%)")
        ax2.set(title="loss (scaled target)", xlabel="epoch")
        ax2.legend()
        fig.tight_layout()
        fig.savefig(args.plot, dpi=100)
        print(f"figure: {args.plot}")
    return base_mae, lstm_mae


if __name__ == "__main__":
    main()
