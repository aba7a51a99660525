"""Jena climate: the persistence baseline on Keras-exact windows
==============================================================

The weather example of "Deep Learning with Python": the first 50% of the rows
train, the next 25% validate, the last 25% test; each input is the previous
120 hours of the 14 variables; the target is ``T (degC)`` 24 hours after the
last input hour; the metric is the MAE in degrees Celsius.  The baseline says
"the temperature in 24 hours equals the temperature now".  Published
(10-minute file, Keras ``sampling_rate=6``): validation MAE 2.44, test MAE
2.62.

Windows and targets are made exactly as Keras' ``timeseries_dataset_from_array``
does (:func:`sktseq.windows.make_windows`), and predicted by
:class:`sktseq.baselines.PersistenceRegressor`, checked against a direct
NumPy computation.  The figure shows two validation weeks of the forecast
against the temperature it forecasts, and the MAE of each split beside the
published one.

Run it on the shared hourly file (a few seconds; it prints 2.440 / 2.620), on
the official 10-minute archive, or as a smoke run::

    python examples/plot_jena_baselines.py
    python examples/plot_jena_baselines.py --data jena_climate_2009_2016.csv.zip --sampling-rate 6
    python examples/plot_jena_baselines.py --quick

``--quick`` keeps the first 3,000 rows (of the bundled 2009 sample when
``--data`` is absent, which is what the documentation's gallery shows): a
smoke run of the code, whose MAE is not the protocol's.
"""

import argparse
from pathlib import Path

import numpy as np

from sktseq.baselines import PersistenceRegressor
from sktseq.datasets import load_jena_climate
from sktseq.windows import make_windows

try:
    HERE = Path(__file__).resolve().parent
except NameError:  # sphinx-gallery runs the examples without __file__, from here
    HERE = Path.cwd()
SHARED = HERE.parents[1] / "shared" / "data" / "jena_climate_2009_2016_hourly.csv.gz"
PUBLISHED = {"validation": 2.44, "test": 2.62}
SEQ_LEN, HOURS_AHEAD, QUICK_ROWS = 120, 24, 3000
SMOKE = "SMOKE RUN (--quick)"


def plot(frame, bounds, delay, rate, results, title):
    """Two validation weeks of forecast vs actual; MAE per split vs published."""
    import matplotlib.pyplot as plt

    temperature = frame["T (degC)"].to_numpy()
    start = bounds["validation"][0] + delay  # the first validation target
    week2 = np.arange(start, min(start + 14 * 24 * rate, len(frame)), rate)
    fig, (ax1, ax2) = plt.subplots(
        1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [2.2, 1]}
    )
    ax1.plot(frame.index[week2], temperature[week2], color="black", label="actual")
    ax1.plot(
        frame.index[week2],
        temperature[week2 - HOURS_AHEAD * rate],
        ls="--",
        label="persistence: T 24 h earlier",
    )
    ax1.set(title="Validation: T 24 h ahead", ylabel="T (degC)", xlabel="date")
    ax1.tick_params(axis="x", labelrotation=30)
    ax1.legend(fontsize=8)
    x = np.arange(len(results))
    ax2.bar(x - 0.2, list(results.values()), width=0.4, label="this run")
    published = [PUBLISHED[s] for s in results]
    ax2.bar(x + 0.2, published, width=0.4, label="published (2009-2016)")
    ax2.set_xticks(x, list(results))
    ax2.set(title="Persistence MAE", ylabel="MAE (degC)")
    ax2.set_ylim(0, 1.35 * max(*results.values(), *published))  # room for the legend
    ax2.legend(fontsize=8, loc="upper center", ncols=2)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def main(argv=None):
    """Score the persistence baseline on the validation and test windows.

    Parameters
    ----------
    argv : list of str, default=None
        Command-line arguments (None reads ``sys.argv``).

    Returns
    -------
    dict
        ``{"validation": MAE, "test": MAE}`` in degrees Celsius.
    """
    parser = argparse.ArgumentParser(
        description=__doc__.partition("\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=SHARED, help="a Jena climate file")
    parser.add_argument(
        "--sampling-rate",
        type=int,
        default=1,
        help="rows per hour in --data (1: hourly file, 6: official 10-minute file)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: the first {QUICK_ROWS:,} rows (of the bundled 2009 "
        "sample when --data is absent); not the protocol",
    )
    parser.add_argument("--out", type=Path, default=Path("."), help="figure folder")
    args = parser.parse_args(argv)
    if args.data.exists():
        frame, source = load_jena_climate(args.data), args.data.name
    elif args.quick:
        frame, source = load_jena_climate(sample=True), "bundled 2009 sample"
    else:
        parser.error(f"{args.data} does not exist; pass --data (see --help)")
    if args.quick:
        frame = frame.iloc[:QUICK_ROWS]
        print(f"{SMOKE}: the first {QUICK_ROWS:,} rows only; not a result.")

    raw = frame.to_numpy()
    temperature = frame["T (degC)"].to_numpy()
    target_index = frame.columns.get_loc("T (degC)")
    rate = args.sampling_rate
    # Keras pairs a window with the target at the row where it *starts*;
    # this delay puts the target 24 hours after the window's last row.
    delay = rate * (SEQ_LEN + HOURS_AHEAD - 1)
    n_train, n_val = int(0.5 * len(raw)), int(0.25 * len(raw))
    bounds = {
        "validation": (n_train, n_train + n_val),
        "test": (n_train + n_val, None),
    }
    print(
        f"{source}: {len(raw)} rows; train/validation/test rows "
        f"{n_train}/{n_val}/{len(raw) - n_train - n_val}; windows of {SEQ_LEN} "
        f"hours (sampling_rate={rate}); target T (degC) 24 h after the last hour."
    )
    print(f"{'split':<11} {'windows':>8} {'MAE (degC)':>11} {'published':>10}")
    results = {}
    for split, (start, end) in bounds.items():
        X, y = make_windows(
            raw[:-delay],
            temperature[delay:],
            sequence_length=SEQ_LEN,
            sampling_rate=rate,
            start_index=start,
            end_index=end,
        )
        model = PersistenceRegressor(target_index=target_index).fit(X, y)
        pred = model.predict(X)
        # "T now" (PersistenceRegressor computes in float32: 1e-5 degC apart)
        assert np.allclose(pred, X[:, -1, target_index], atol=1e-4)
        results[split] = float(np.abs(pred - y).mean())
        print(
            f"{split:<11} {len(X):>8} {results[split]:>11.3f} {PUBLISHED[split]:>10.2f}"
        )
    if args.quick:
        print(f"{SMOKE}: these MAEs are not the protocol's.")

    title = f"Jena persistence baseline ({source})"
    if args.quick:
        title = f"{SMOKE}, not a result: {title}"
    fig = plot(frame, bounds, delay, rate, results, title)
    args.out.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out / "jena_baselines.png", dpi=100)
    print(f"figure: {args.out / 'jena_baselines.png'}")
    return results


if __name__ == "__main__":
    main()
