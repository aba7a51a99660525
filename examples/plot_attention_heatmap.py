"""Where does a transformer look?  An attention heat map on a toy sentiment task.

Each "review" is a handful of neutral words with exactly one decisive word,
"great" or "awful", at a random position, padded with id 0 to a fixed
length.  An ``AttentionClassifier`` with a class token learns the label; the
heat map of its attention shows the class token's row (the first row) putting
its weight on the decisive word, and no weight on the padding.

Run ``python examples/plot_attention_heatmap.py`` (about half a minute of CPU); it
prints the accuracy and writes ``attention_heatmap.png``.
"""

import argparse

import matplotlib

matplotlib.use("Agg")  # write a file, open no window
import matplotlib.pyplot as plt
import numpy as np

from sktseq.nn import AttentionClassifier
from sktseq.plotting import plot_attention

# id 0 = padding, 1 = out-of-vocabulary (sktseq's token-id convention).
NEUTRAL = ["the", "film", "plot", "was", "acting", "music", "and", "a", "very"]
VOCAB = ["<pad>", "<oov>", "great", "awful", *NEUTRAL]
GREAT, AWFUL = VOCAB.index("great"), VOCAB.index("awful")


def make_reviews(n, seq_len, rng):
    """Token ids (n, seq_len) and labels ("positive"/"negative")."""
    lengths = rng.integers(4, seq_len + 1, size=n)
    ids = rng.integers(4, len(VOCAB), size=(n, seq_len))
    ids[np.arange(seq_len) >= lengths[:, None]] = 0  # trailing padding
    positive = rng.random(n) < 0.5
    where = (rng.random(n) * lengths).astype(int)  # a position inside each review
    ids[np.arange(n), where] = np.where(positive, GREAT, AWFUL)
    return ids, np.where(positive, "positive", "negative")


def main(output, max_epochs):
    rng = np.random.default_rng(0)
    X_train, y_train = make_reviews(1000, 12, rng)
    X_test, y_test = make_reviews(500, 12, rng)
    model = AttentionClassifier(
        vocab_size=len(VOCAB),
        embedding_dim=16,
        d_model=16,
        num_heads=2,
        pooling="cls",
        dropout=0.0,
        lr=3e-3,
        batch_size=64,
        max_epochs=max_epochs,
        random_state=0,
    ).fit(X_train, y_train)
    print(f"test accuracy: {model.score(X_test, y_test):.3f}")

    # A short review, so the heat map also shows padding.
    i = int(np.flatnonzero((X_test != 0).sum(1) <= 7)[0])
    sample = X_test[i : i + 1]
    n_real = int((sample[0] != 0).sum())
    # Keep the class token, the real words and two padding steps in view.
    shown = 1 + n_real + 2
    tokens = ["[CLS]"] + [VOCAB[t] for t in sample[0]]
    weights = model.attention_weights(sample)[0]  # (layers, heads, L+1, L+1)
    fig, ax = plt.subplots(figsize=(6, 5))
    plot_attention(weights[..., :shown, :shown], tokens=tokens[:shown], ax=ax)
    ax.set_title(f"label: {y_test[i]}; {ax.get_title()}")
    fig.tight_layout()
    fig.savefig(output, dpi=100)
    cls_row = weights[-1].mean(0)[0]
    decisive = int(np.flatnonzero(np.isin(sample[0], [GREAT, AWFUL]))[0]) + 1
    print(
        f"class token's attention on the decisive word: {cls_row[decisive]:.2f} "
        f"(uniform would be {1 / (n_real + 1):.2f}); on padding: "
        f"{cls_row[1 + n_real :].sum():.2f}"
    )
    print(f"wrote {output}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="attention_heatmap.png")
    parser.add_argument("--max-epochs", type=int, default=10)
    args = parser.parse_args()
    main(args.output, args.max_epochs)
