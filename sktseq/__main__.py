"""Demo: forecast the Jena temperature 24 hours ahead (``python -m sktseq``).

Every model is an ordinary scikit-learn pipeline on the hourly table: the
same rows, the same aligned target, the same leak-free time-series CV
(:func:`sktseq.windows.forecast_cv`) and the same MAE in degrees Celsius.
The best model is saved with joblib, reloaded, and its predictions checked.

Run ``python -m sktseq --help`` for the options; ``--quick`` is a smoke run.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn.compose import TransformedTargetRegressor
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sktseq.baselines import PersistenceRegressor
from sktseq.datasets import load_jena_climate
from sktseq.features import FlattenWindows, RollingStats, WindowSummary
from sktseq.nn import LSTMRegressor
from sktseq.windows import WindowTransformer, align_horizon, forecast_cv

TARGET = "T (degC)"


def make_models(*, seq_len, target_index, max_epochs=8):
    """Return the ``(name, estimator)`` entries the demo compares.

    Every estimator takes the hourly table (rows = hours, columns = the 14
    variables) and predicts ``y`` in degrees Celsius.

    Parameters
    ----------
    seq_len : int
        Hours of history in each window.
    target_index : int
        Column of the temperature in the table.
    max_epochs : int, default=8
        Training budget of the neural model.

    Returns
    -------
    models : list of (str, estimator)

    Examples
    --------
    >>> [name for name, _ in make_models(seq_len=24, target_index=1)]
    ['persistence', 'ridge_flat_windows', 'ridge_window_summary', \
'ridge_rolling_stats', 'lstm']
    """
    return [
        # "Temperature in 24 h = temperature now".  No scaler: the baseline
        # returns a value of its windows, which must be in degrees Celsius.
        (
            "persistence",
            make_pipeline(
                WindowTransformer(seq_len=1),
                PersistenceRegressor(target_index=target_index),
            ),
        ),
        # The scalers below only condition the inputs; y stays in degrees C.
        (
            "ridge_flat_windows",
            make_pipeline(
                StandardScaler(),
                WindowTransformer(seq_len=seq_len),
                FlattenWindows(),
                Ridge(alpha=10.0),
            ),
        ),
        (
            "ridge_window_summary",
            make_pipeline(
                StandardScaler(),
                WindowTransformer(seq_len=seq_len),
                WindowSummary(stats=("mean", "std", "min", "max", "last", "slope")),
                Ridge(alpha=10.0),
            ),
        ),
        # Rolling statistics straight from the table.  Ridge refuses NaN, so
        # the first rows use partial windows and undefined values (std of one
        # row, lags before the start) become 0, the mean of scaled data.
        (
            "ridge_rolling_stats",
            make_pipeline(
                StandardScaler(),
                RollingStats(
                    windows=(6, 24, 72),
                    lags=(1, 24),
                    diffs=(1, 24),
                    min_periods=1,
                    fill_value=0.0,
                ),
                Ridge(alpha=100.0),
            ),
        ),
        # A small LSTM on the same windows.  The target is standardized too
        # (TransformedTargetRegressor) so the net regresses unit-scale values;
        # early stopping watches the most recent 10% of each training fold.
        (
            "lstm",
            TransformedTargetRegressor(
                make_pipeline(
                    StandardScaler(),
                    WindowTransformer(seq_len=seq_len),
                    LSTMRegressor(
                        hidden_size=16,
                        max_epochs=max_epochs,
                        lr=3e-3,
                        early_stopping=True,
                        patience=3,
                        random_state=0,
                    ),
                ),
                transformer=StandardScaler(),
            ),
        ),
    ]


def _parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m sktseq", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="smoke run (seconds)")
    parser.add_argument(
        "--data",
        type=Path,
        help="a Jena climate file (default: the bundled 2009 hourly sample)",
    )
    parser.add_argument(
        "--sampling-rate",
        type=int,
        default=1,
        help="keep every n-th row of --data (6 for the 10-minute file)",
    )
    parser.add_argument("--horizon", type=int, default=24, help="hours ahead")
    parser.add_argument("--seq-len", type=int, help="hours of history per window")
    parser.add_argument("--n-splits", type=int, help="time-series CV splits")
    parser.add_argument(
        "--model-dir",
        type=Path,
        help="keep the saved best model in this folder (default: a temporary one)",
    )
    return parser.parse_args(argv)


def main(argv=None):
    """Run the demo and return its results.

    Parameters
    ----------
    argv : list of str, default=None
        Command-line arguments (``sys.argv[1:]`` when None).

    Returns
    -------
    results : dict
        ``"scores"``: DataFrame indexed by model: mean and standard
        deviation of the CV MAE (degrees Celsius), its ratio to the
        persistence baseline's, and the mean fit time in seconds;
        ``"best"``: name of the best model; ``"holdout_mae"``: its MAE on the
        last 20% of the rows after fitting on the earlier rows;
        ``"reloaded_identical"``: whether the joblib-reloaded model predicts
        exactly the same values; ``"model_path"``: the saved file (None
        without ``--model-dir``: it went to a temporary folder, now deleted).
    """
    args = _parse_args(argv)
    seq_len = args.seq_len or (12 if args.quick else 24)
    n_splits = args.n_splits or (2 if args.quick else 4)
    frame = (
        load_jena_climate(args.data, sampling_rate=args.sampling_rate)
        if args.data
        else load_jena_climate(sample=True)
    )
    # The full record has -9999 error codes in its wind speeds (2015); set
    # them to 0 as TensorFlow's time-series tutorial does.  (None in 2009.)
    wind = ["wv (m/s)", "max. wv (m/s)"]
    frame[wind] = frame[wind].where(frame[wind] >= 0, 0.0)
    X, y = align_horizon(frame, target=TARGET, horizon=args.horizon)
    target_index = frame.columns.get_loc(TARGET)
    # Test folds of 30 days at the end: every model trains on at least seven
    # months (one trained on winter alone cannot forecast spring).
    cv = forecast_cv(n_splits, horizon=args.horizon, test_size=30 * 24)
    print(
        f"Jena climate, {len(frame)} rows x {frame.shape[1]} variables "
        f"({frame.index[0]} .. {frame.index[-1]}); predict {TARGET} "
        f"{args.horizon} rows ahead from {seq_len} rows of history; "
        f"{n_splits}-fold time-series CV, gap {cv.gap}."
    )

    models = make_models(
        seq_len=seq_len, target_index=target_index, max_epochs=2 if args.quick else 8
    )
    rows = {}
    for name, model in models:
        cv_result = cross_validate(
            model, X, y, cv=cv, scoring="neg_mean_absolute_error", error_score="raise"
        )
        mae = -cv_result["test_score"]
        rows[name] = {
            "cv_mae": mae.mean(),
            "cv_mae_std": mae.std(),
            "fit_s": cv_result["fit_time"].mean(),
        }
        print(f"  {name:<22} MAE {mae.mean():.3f} +- {mae.std():.3f} degC")
    scores = pd.DataFrame.from_dict(rows, orient="index").rename_axis("model")
    scores.insert(
        2, "vs_persistence", scores["cv_mae"] / scores.loc["persistence", "cv_mae"]
    )
    best = scores["cv_mae"].idxmin()

    # Refit the best model on the first 80% of the rows (minus a horizon of
    # rows whose targets reach into the hold-out), save, reload, compare.
    split = int(0.8 * len(X))
    train = slice(0, split - args.horizon)
    model = dict(models)[best].fit(X.iloc[train], y.iloc[train])
    X_test, y_test = X.iloc[split:], y.iloc[split:]
    pred = model.predict(X_test)
    with tempfile.TemporaryDirectory(prefix="sktseq-demo-") as tmp:
        model_dir = args.model_dir or Path(tmp)
        model_dir.mkdir(parents=True, exist_ok=True)
        model_path = model_dir / f"{best}.joblib"
        joblib.dump(model, model_path)
        identical = bool(np.array_equal(pred, joblib.load(model_path).predict(X_test)))
    holdout_mae = mean_absolute_error(y_test, pred)

    print()
    print(scores.round(3).to_string())
    print(
        f"\nbest: {best}; hold-out MAE {holdout_mae:.3f} degC on the last "
        f"{len(X_test)} rows; saved with joblib"
        f"{f' to {model_path}' if args.model_dir else ''}, reloaded: predictions "
        f"{'identical' if identical else 'DIFFERENT'}."
    )
    return {
        "scores": scores,
        "best": best,
        "holdout_mae": holdout_mae,
        "reloaded_identical": identical,
        "model_path": model_path if args.model_dir else None,
    }


if __name__ == "__main__":
    start = time.perf_counter()
    results = main()
    print(f"({time.perf_counter() - start:.1f} s)")
    sys.exit(0 if results["reloaded_identical"] else 1)
