"""Jena climate: an attentive encoder-decoder against a direct LSTM, horizons 1-24 h
=================================================================================

Both forecast ``T (degC)`` 1, 2, ..., 24 hours after the last of 48 hourly
inputs (all 14 variables), from the same windows and the same targets
(:func:`~sktseq.windows.align_horizon` with ``horizon=range(1, 25)``), each in
``make_pipeline(StandardScaler(), WindowTransformer(seq_len=48), model)``:

* **seq2seq**: ``Seq2SeqRegressor()``, a GRU encoder and a decoder unrolled
  over the 24 horizons with additive (Bahdanau) attention over the 48 input
  hours;
* **direct LSTM**: ``LSTMRegressor()``, whose last state is mapped to the 24
  outputs at once.

Both use their defaults (training until the loss on the most recent 10% of the
training rows stops improving).  The most recent 30% of the rows are the test
period; the training rows end 24 rows before it (no target of a training row
is in the test period).  Each row of the test period is predicted from its
real 48-hour history (``pipe[:-1].transform(X)`` makes the windows of the
whole record once).  The script prints the test MAE at every horizon for both
models and persistence ("T in h hours = T now"), averaged over ``--seeds``
random seeds, and draws the MAE per horizon and the seq2seq model's mean
attention (which past hours each horizon reads).

    python examples/plot_jena_seq2seq.py              # bundled 2009 sample
    python examples/plot_jena_seq2seq.py --data ../shared/data/jena_climate_2009_2016_hourly.csv.gz
    python examples/plot_jena_seq2seq.py --quick      # smoke run (seconds)
"""

import argparse
import time
from pathlib import Path

import numpy as np

SEQ_LEN, HORIZONS = 48, list(range(1, 25))


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
    parser.add_argument("--seeds", type=int, default=1, help="random seeds")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--out", type=Path, default=Path("."), help="figure folder")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    # Heavy imports here, so that --help stays instant (no torch).
    import pandas as pd
    import torch
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from sktseq.datasets import load_jena_climate
    from sktseq.nn import LSTMRegressor, Seq2SeqRegressor
    from sktseq.windows import WindowTransformer, align_horizon

    torch.set_num_threads(args.threads)
    if args.data is not None:
        frame = load_jena_climate(args.data)
        source = args.data.name
    else:
        frame = load_jena_climate(sample=True)
        source = "bundled 2009 sample"
    if args.quick:
        frame = frame.iloc[:1500]
    values = frame.to_numpy(np.float32)
    t_col = frame.columns.get_loc("T (degC)")
    X, y = align_horizon(values, target=t_col, horizon=HORIZONS)
    n = len(X)
    test = slice(int(0.7 * n), n)
    train = slice(0, test.start - max(HORIZONS))
    quick = {"max_epochs": 2} if args.quick else {}
    models = {
        "seq2seq": lambda seed: Seq2SeqRegressor(random_state=seed, **quick),
        "direct LSTM": lambda seed: LSTMRegressor(random_state=seed, **quick),
    }

    mae, fits, attention = {}, [], None
    for name, make in models.items():
        per_seed = []
        for seed in range(args.seeds):
            pipe = make_pipeline(
                StandardScaler(), WindowTransformer(seq_len=SEQ_LEN), make(seed)
            )
            start = time.perf_counter()
            pipe.fit(X[train], y[train])
            seconds = time.perf_counter() - start
            windows = pipe[:-1].transform(X)  # every row with its real history
            pred = pipe[-1].predict(windows[test])
            per_seed.append(np.abs(pred - y[test]).mean(axis=0))
            fits.append((name, seed, len(pipe[-1].history_), seconds))
            if name == "seq2seq" and seed == 0:
                attention = pipe[-1].attention_weights(windows[test]).mean(axis=0)
        mae[name] = np.mean(per_seed, axis=0)
        if args.seeds > 1:  # max - min over the seeds, at each horizon
            mae[f"{name} seed range"] = np.ptp(per_seed, axis=0)
    mae["persistence"] = np.abs(X[test, t_col][:, None] - y[test]).mean(axis=0)

    table = pd.DataFrame(mae, index=pd.Index(HORIZONS, name="horizon_h"))
    smoke = " -- SMOKE RUN (--quick): not a result" if args.quick else ""
    print(
        f"\nJena ({source}, {len(values)} hourly rows): test MAE of T (degC) per "
        f"horizon, {len(y[test])} test rows, mean over {args.seeds} seed(s){smoke}"
    )
    print(table.loc[[1, 6, 12, 18, 24]].to_string(float_format=lambda v: f"{v:.3f}"))
    print(
        f"+24 h MAE: seq2seq {mae['seq2seq'][-1]:.3f}, direct LSTM "
        f"{mae['direct LSTM'][-1]:.3f}, persistence {mae['persistence'][-1]:.3f} "
        f"degC; mean over horizons: seq2seq {mae['seq2seq'].mean():.3f}, direct "
        f"LSTM {mae['direct LSTM'].mean():.3f}"
    )
    for name, seed, epochs, seconds in fits:
        print(f"fit {name} seed {seed}: {epochs} epochs, {seconds:.0f} s")
    args.out.mkdir(parents=True, exist_ok=True)
    _plot(args.out / "jena_seq2seq.png", table, attention, source, smoke)
    print(f"figure: {args.out / 'jena_seq2seq.png'}")
    return table


def _plot(path, table, attention, source, smoke):
    import matplotlib.pyplot as plt

    from sktseq.plotting import plot_attention

    fig, (left, right) = plt.subplots(
        1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [1, 1.4]}
    )
    for name, style in (
        ("seq2seq", "-o"),
        ("direct LSTM", "-s"),
        ("persistence", "--"),
    ):
        left.plot(table.index, table[name], style, markersize=3, label=name)
    left.set_xlabel("horizon (hours after the last input hour)")
    left.set_ylabel("test MAE of T (degC)")
    left.set_title("MAE per horizon")
    left.legend()
    steps = [str(i - SEQ_LEN + 1) if i % 6 == 5 else "" for i in range(SEQ_LEN)]
    hours = [f"+{h} h" if h % 3 == 0 or h == 1 else "" for h in HORIZONS]
    plot_attention(attention, tokens=steps, query_labels=hours, ax=right)
    right.set_xlabel("input hour (0 = the last one)")
    right.set_ylabel("forecast horizon")
    right.set_title(
        "seq2seq attention, mean over the test windows "
        f"(uniform: 1/{SEQ_LEN} = {1 / SEQ_LEN:.3f})"
    )
    title = f"Jena ({source}): T (degC) 1-24 h ahead from 48 hours of 14 variables"
    if smoke:
        title += "\nSMOKE RUN (--quick): tiny data, 2 epochs, not a result"
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


if __name__ == "__main__":
    main()
