"""Seconds per epoch: sktseq estimators vs a hand-written PyTorch loop.

Same torch module, optimizer (Adam), loss (MSE), batch size (256) and data
(50,000 windows of 120 x 14 from a ``WindowTransformer`` view) on both sides;
runs alternate (hand, sktseq, [plain skorch], then reversed) so machine load
hits all sides alike; min and median over rounds are printed.
Timed per side: one epoch of training, everything included (sktseq: the whole
``fit`` with ``max_epochs=1`` and ``early_stopping=False``, so that it trains
on the same rows: input checks, target scaling, net construction, the torch
``DataLoader`` path, training).  Every side runs with subnormal floats
flushed to zero, as sktseq's ``fit`` does (``torch.set_flush_denormal``;
see ``bench_token_sequences.py`` for what the flush itself is worth), so the
ratios measure the estimator's overhead alone.

    python benchmarks/bench_nn_overhead.py            # full size
    python benchmarks/bench_nn_overhead.py --quick    # smoke run
    python benchmarks/bench_nn_overhead.py --threads 1 --rounds 5

Plain skorch (``NeuralNetRegressor`` with its default ``DataLoader`` over
per-sample indexing) is shown for reference with ``--skorch``.
"""

import argparse
import statistics
import time
from functools import partial

import numpy as np
import torch
from skorch import NeuralNetRegressor

from sktseq import WindowTransformer
from sktseq.nn import GRURegressor, LSTMRegressor
from sktseq.nn._training import flush_denormals
from sktseq.nn.modules import RecurrentModule

BATCH = 256
MODELS = {
    "LSTM(16)": (LSTMRegressor, {"cell": "lstm", "hidden_size": 16, "num_layers": 1}),
    "GRU(32)x2": (GRURegressor, {"cell": "gru", "hidden_size": 32, "num_layers": 2}),
}


class _Timer:
    """Wall and CPU seconds of a block.

    On a shared machine wall time swings with other processes' load; the
    process CPU time (all of this process's threads) is the steadier
    measure of the work each side does, so both are reported.
    """

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def make_data(n_windows, seq_len=120, n_features=14, seed=0):
    rng = np.random.default_rng(seed)
    table = rng.normal(size=(n_windows, n_features)).astype(np.float32)
    X = WindowTransformer(seq_len=seq_len).fit_transform(table)  # strided view
    y = rng.normal(size=n_windows).astype(np.float32)
    return X, y


def module_for(params, n_features):
    return RecurrentModule(n_features=n_features, n_outputs=1, **params)


def hand_epoch(module, optimizer, X, y, rng):
    """The loop a PyTorch user writes: shuffle, gather, step."""
    module.train()
    loss_fn = torch.nn.MSELoss()
    order = rng.permutation(len(X))
    for start in range(0, len(X), BATCH):
        idx = order[start : start + BATCH]
        xb = torch.from_numpy(X[idx])
        yb = torch.from_numpy(y[idx]).unsqueeze(1)
        optimizer.zero_grad()
        loss = loss_fn(module(xb), yb)
        loss.backward()
        optimizer.step()
        loss.item()  # what every loop logs; sktseq (skorch) records it too


def time_hand(params, X, y, seed):
    torch.manual_seed(seed)
    module = module_for(params, X.shape[2])
    optimizer = torch.optim.Adam(module.parameters(), lr=1e-3)
    with flush_denormals(), _Timer() as t:
        hand_epoch(module, optimizer, X, y, np.random.default_rng(seed))
    return t


def time_sktseq(cls, params, X, y, seed):
    own = {k: v for k, v in params.items() if k != "cell"}
    # early_stopping=False: train on the same rows as the hand loop (the
    # default would hold the most recent 10% out for validation).
    est = cls(
        **own,
        max_epochs=1,
        batch_size=BATCH,
        lr=1e-3,
        early_stopping=False,
        random_state=seed,
    )
    with _Timer() as t:
        est.fit(X, y)
    return t


def time_skorch(params, X, y, seed):
    torch.manual_seed(seed)
    net = NeuralNetRegressor(
        RecurrentModule,
        module__n_features=X.shape[2],
        module__n_outputs=1,
        **{f"module__{k}": v for k, v in params.items()},
        optimizer=torch.optim.Adam,
        lr=1e-3,
        max_epochs=1,
        batch_size=BATCH,
        train_split=None,
        iterator_train__shuffle=True,
        verbose=0,
    )
    with flush_denormals(), _Timer() as t:
        net.fit(X, y.reshape(-1, 1))
    return t


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 windows, 1 round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None, help="torch threads")
    parser.add_argument("--skorch", action="store_true", help="also plain skorch")
    parser.add_argument("--windows", type=int, default=50_000)
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=MODELS)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    n = 1_000 if args.quick else args.windows
    rounds = 1 if args.quick else args.rounds
    X, y = make_data(n)
    print(
        f"{n} windows {X.shape[1:]} (strided view: {not X.flags.c_contiguous}), "
        f"batch {BATCH}, torch threads {torch.get_num_threads()}, {rounds} rounds"
    )
    cols = ("min s", "median s", "ratio min", "ratio med")
    print(
        f"{'model':<10} {'side':<7} {'clock':<5} " + " ".join(f"{c:>9}" for c in cols)
    )
    for name in args.models:
        cls, params = MODELS[name]
        # warm-up (first-call allocations, lazy imports) outside the timings
        time_hand(params, X[:2048], y[:2048], 0)
        time_sktseq(cls, params, X[:2048], y[:2048], 0)
        times = {"hand": [], "sktseq": [], "skorch": []}
        runs = {
            "hand": partial(time_hand, params, X, y),
            "sktseq": partial(time_sktseq, cls, params, X, y),
            "skorch": partial(time_skorch, params, X, y),
        }
        sides = ["hand", "sktseq"] + (["skorch"] if args.skorch else [])
        for r in range(rounds):
            # alternate the order (A B C, C B A, ...) so drift in machine
            # load does not favour one side
            for side in sides if r % 2 == 0 else sides[::-1]:
                times[side].append(runs[side](r))
        for clock in ("wall", "cpu"):
            hand = [getattr(t, clock) for t in times["hand"]]
            for side in sides:
                ts = [getattr(t, clock) for t in times[side]]
                t_min, t_med = min(ts), statistics.median(ts)
                print(
                    f"{name:<10} {side:<7} {clock:<5} {t_min:9.2f} {t_med:9.2f} "
                    f"{t_min / min(hand):9.3f} {t_med / statistics.median(hand):9.3f}"
                )
            if rounds > 1:
                # ratio of the runs taken side by side in the same round
                paired = [
                    getattr(s, clock) / getattr(h, clock)
                    for s, h in zip(times["sktseq"], times["hand"])
                ]
                print(
                    f"{name:<10} sktseq/hand {clock} per round: "
                    f"{[round(p, 3) for p in paired]}"
                )


if __name__ == "__main__":
    main()
