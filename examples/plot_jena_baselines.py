"""Jena protocol of "Deep Learning with Python": the persistence baseline.

The course's weather example: the first 50% of the rows train, the next 25%
validate, the last 25% test; each input is the previous 120 hours of the 14
variables; the target is ``T (degC)`` 24 hours after the last input hour; the
metric is the MAE in degrees Celsius.  The baseline says "the temperature in
24 hours equals the temperature now".  Published (10-minute file, Keras
``sampling_rate=6``): validation MAE 2.44, test MAE 2.62.

Windows and targets are made exactly as Keras' ``timeseries_dataset_from_array``
does (:func:`sktseq.windows.make_windows`), and predicted by
:class:`sktseq.baselines.PersistenceRegressor`, checked against a direct
NumPy computation.

Run ``python examples/plot_jena_baselines.py`` (reads the shared hourly file) or
``python examples/plot_jena_baselines.py --data jena_climate_2009_2016.csv.zip
--sampling-rate 6`` on the official 10-minute archive.
"""

import argparse
from pathlib import Path

import numpy as np

from sktseq.baselines import PersistenceRegressor
from sktseq.datasets import load_jena_climate
from sktseq.windows import make_windows

SHARED = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "jena_climate_2009_2016_hourly.csv.gz"
)
PUBLISHED = {"validation": 2.44, "test": 2.62}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED, help="a Jena climate file")
    parser.add_argument(
        "--sampling-rate",
        type=int,
        default=1,
        help="rows per hour in --data (1: hourly file, 6: official 10-minute file)",
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        parser.error(f"{args.data} does not exist; pass --data (see --help)")

    frame = load_jena_climate(args.data)
    raw = frame.to_numpy()
    temperature = frame["T (degC)"].to_numpy()
    target_index = frame.columns.get_loc("T (degC)")
    rate, seq_len = args.sampling_rate, 120
    # Keras pairs a window with the target at the row where it *starts*;
    # this delay puts the target 24 hours after the window's last row.
    delay = rate * (seq_len + 24 - 1)
    n_train, n_val = int(0.5 * len(raw)), int(0.25 * len(raw))
    bounds = {
        "validation": (n_train, n_train + n_val),
        "test": (n_train + n_val, None),
    }
    print(
        f"{args.data.name}: {len(raw)} rows; train/validation/test rows "
        f"{n_train}/{n_val}/{len(raw) - n_train - n_val}; windows of {seq_len} "
        f"hours (sampling_rate={rate}); target T (degC) 24 h after the last hour."
    )
    print(f"{'split':<11} {'windows':>8} {'MAE (degC)':>11} {'published':>10}")
    results = {}
    for split, (start, end) in bounds.items():
        X, y = make_windows(
            raw[:-delay],
            temperature[delay:],
            sequence_length=seq_len,
            sampling_rate=rate,
            start_index=start,
            end_index=end,
        )
        model = PersistenceRegressor(target_index=target_index).fit(X, y)
        pred = model.predict(X)
        # "T now" (PersistenceRegressor computes in float32: 1e-5 degC apart)
        assert np.allclose(pred, X[:, -1, target_index], atol=1e-4)
        results[split] = np.abs(pred - y).mean()
        print(
            f"{split:<11} {len(X):>8} {results[split]:>11.3f} {PUBLISHED[split]:>10.2f}"
        )
    return results


if __name__ == "__main__":
    main()
