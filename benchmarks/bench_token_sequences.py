"""Seconds per epoch on token ids: sktseq estimators vs hand-written PyTorch loops.

The course's IMDB sequence workload: 2,000 training reviews cut at 600 tokens
(``TextVectorizer(max_tokens=20000, output_sequence_length=600)``), batch 32,
one epoch.  Both sides use the same layers; the hand-written loop is the one
a PyTorch user writes first: shuffle, take 32 padded rows of 600 tokens, run
the layers over them (no packing), step.

* BiLSTM: ``Embedding(20000, 64)`` + bidirectional ``LSTM(32)`` + linear head.
  sktseq: ``LSTMClassifier(embedding_dim=64, hidden_size=32)``.
* Transformer: ``Embedding(20000, 64)`` + sinusoidal positions + one pre-norm
  ``TransformerEncoderLayer(64, 2 heads, feed-forward 32)`` (key padding mask)
  + mean pooling + head.  sktseq: ``AttentionClassifier(embedding_dim=64,
  d_model=64, num_heads=2, dim_feedforward=32)``.

sktseq's side is its whole ``fit`` with ``max_epochs=1`` and the defaults
otherwise, except ``early_stopping=False`` so that both sides train on the
same 2,000 rows.  It batches reviews of similar length and trims each batch to
its longest review; padding is never read (the tests check that a review's
prediction does not depend on the others in its batch), while the hand loop
reads it.  Rounds alternate the order of the sides; best and median printed.

sktseq trains with subnormal floats flushed to zero (backpropagating through
hundreds of steps makes gradients subnormal, which x86 computes many times
slower).  The ``hand+ftz`` side is the hand loop with the same setting
(``torch.set_flush_denormal(True)``), so the benchmark shows the gain of
bucketing alone (``ratio ftz``) besides the gain over the loop a PyTorch user
writes first (``ratio``).

    python benchmarks/bench_token_sequences.py            # 2,000 reviews
    python benchmarks/bench_token_sequences.py --quick    # smoke run
    python benchmarks/bench_token_sequences.py --threads 2 --rounds 5

Without the IMDB archive (``--path``), token ids with IMDB's length
distribution are generated (stated in the output).
"""

import argparse
import contextlib
import math
import statistics
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from sktseq.nn._training import flush_denormals

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SEQ_LEN, VOCAB, BATCH, EMB = 600, 20000, 32, 64


def load_ids(path, n):
    """``n`` IMDB training reviews as int ids, or IMDB-like synthetic ids."""
    if path is not None and Path(path).exists():
        from sktseq.datasets import load_imdb
        from sktseq.text import TextVectorizer

        data = load_imdb(path)
        docs, y = data.X_train[:n], np.asarray(data.y_train[:n])
        vec = TextVectorizer(
            max_tokens=VOCAB, output_sequence_length=SEQ_LEN, strip_html=True
        )
        return vec.fit_transform(docs), y, f"IMDB ({Path(path).name})"
    rng = np.random.default_rng(0)
    # IMDB's review lengths are roughly log-normal (median ~170 tokens).
    lengths = np.clip(rng.lognormal(5.2, 0.7, size=n).astype(int), 10, SEQ_LEN)
    ids = rng.integers(2, VOCAB, size=(n, SEQ_LEN))
    ids[np.arange(SEQ_LEN) >= lengths[:, None]] = 0
    return ids, rng.integers(0, 2, size=n), "synthetic IMDB-like lengths"


class HandBiLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMB, padding_idx=0)
        self.lstm = nn.LSTM(EMB, 32, batch_first=True, bidirectional=True)
        self.head = nn.Linear(64, 2)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))
        return self.head(torch.cat([h[0], h[1]], dim=1))


class HandTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMB, padding_idx=0)
        self.layer = nn.TransformerEncoderLayer(
            EMB, 2, dim_feedforward=32, batch_first=True, norm_first=True
        )
        self.head = nn.Linear(EMB, 2)
        half = torch.arange(0, EMB, 2) / EMB
        angles = torch.arange(SEQ_LEN)[:, None] / 10000**half
        self.register_buffer("pe", torch.stack([angles.sin(), angles.cos()], -1))

    def forward(self, ids):
        mask = ids != 0
        x = self.embedding(ids) + self.pe[: ids.shape[1]].flatten(1)
        x = self.layer(x, src_key_padding_mask=~mask)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return self.head(pooled)


def hand_epoch(module_cls, ids, y, seed, flush=False):
    with flush_denormals() if flush else contextlib.nullcontext():
        return _hand_epoch(module_cls, ids, y, seed)


def _hand_epoch(module_cls, ids, y, seed):
    torch.manual_seed(seed)
    module = module_cls()
    optimizer = torch.optim.Adam(module.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    order = np.random.default_rng(seed).permutation(len(ids))
    start = time.perf_counter()
    module.train()
    for i in range(0, len(ids), BATCH):
        rows = order[i : i + BATCH]
        xb, yb = torch.from_numpy(ids[rows]), torch.from_numpy(y[rows])
        optimizer.zero_grad()
        loss = loss_fn(module(xb), yb)
        loss.backward()
        optimizer.step()
        loss.item()
    return time.perf_counter() - start


def sktseq_epoch(name, ids, y, seed):
    from sktseq.nn import AttentionClassifier, LSTMClassifier

    common = {
        "vocab_size": VOCAB,
        "embedding_dim": EMB,
        "batch_size": BATCH,
        "max_epochs": 1,
        "early_stopping": False,
        "random_state": seed,
    }
    if name == "BiLSTM":
        est = LSTMClassifier(hidden_size=32, bidirectional=True, **common)
    else:
        est = AttentionClassifier(
            d_model=EMB, num_heads=2, dim_feedforward=32, **common
        )
    start = time.perf_counter()
    est.fit(ids, y)
    return time.perf_counter() - start


MODELS = {"BiLSTM": HandBiLSTM, "Transformer": HandTransformer}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=SHARED / "aclImdb_v1_labeled.tar.gz")
    parser.add_argument("--quick", action="store_true", help="200 reviews, 1 round")
    parser.add_argument("--reviews", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    n = 200 if args.quick else args.reviews
    rounds = 1 if args.quick else args.rounds
    ids, y, source = load_ids(None if args.quick else args.path, n)
    lengths = (ids != 0).sum(1)
    print(
        f"{n} reviews from {source}, {SEQ_LEN} tokens (real: mean "
        f"{lengths.mean():.0f}, median {np.median(lengths):.0f}), batch {BATCH}, "
        f"torch threads {torch.get_num_threads()}, {rounds} rounds"
    )
    print(
        f"{'model':<12} {'side':<8} {'best s':>8} {'median s':>9} "
        f"{'ratio':>7} {'ratio ftz':>10}"
    )
    for name, hand_cls in MODELS.items():
        sides = {
            "hand": lambda X, t, seed, cls=hand_cls: hand_epoch(cls, X, t, seed),
            "hand+ftz": lambda X, t, seed, cls=hand_cls: hand_epoch(
                cls, X, t, seed, flush=True
            ),
            "sktseq": lambda X, t, seed, name=name: sktseq_epoch(name, X, t, seed),
        }
        for side in sides.values():  # warm-up: first-call allocations, imports
            side(ids[:64], y[:64], 0)
        times = {side: [] for side in sides}
        for r in range(rounds):
            for side in list(sides) if r % 2 == 0 else list(sides)[::-1]:
                times[side].append(sides[side](ids, y, r))
        best_hand, best_ftz = min(times["hand"]), min(times["hand+ftz"])
        for side, ts in times.items():
            print(
                f"{name:<12} {side:<8} {min(ts):8.2f} {statistics.median(ts):9.2f} "
                f"{min(ts) / best_hand:7.3f} {min(ts) / best_ftz:10.3f}"
            )
        if math.isfinite(best_hand) and rounds > 1:
            for hand in ("hand", "hand+ftz"):
                paired = [s / h for s, h in zip(times["sktseq"], times[hand])]
                print(
                    f"{name:<12} sktseq/{hand} per round: "
                    f"{[round(p, 3) for p in paired]}"
                )


if __name__ == "__main__":
    main()
