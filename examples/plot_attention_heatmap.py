"""Where does a transformer look?  An attention heat map on a toy sentiment task
=============================================================================

Each "review" is a handful of neutral words with exactly one decisive word,
"great" or "awful", at a random position, padded with id 0 to a fixed
length.  An :class:`sktseq.nn.AttentionClassifier` with a class token learns
the label.  The heat maps of its attention
(:func:`sktseq.plotting.plot_attention`) show where each query (row) looks;
the first row is the class token, whose output is classified.  No query puts
weight on the padding.  The script prints, over all test reviews and for each
head, how much of the class token's attention goes to the decisive word.  On
the full run the model learned a one-sided rule: one head puts almost all of
it on "awful" in negative reviews, little on "great" in positive ones (a
review without "awful" is positive), which the two heat maps show.  The data
are generated here, so the example needs no download.

::

    python examples/plot_attention_heatmap.py            # 10 epochs, about half a minute
    python examples/plot_attention_heatmap.py --quick    # smoke run: 5 epochs

It writes ``attention_heatmap.png`` into ``--out``.
"""

import argparse
from pathlib import Path

import numpy as np

# id 0 = padding, 1 = out-of-vocabulary (sktseq's token-id convention).
NEUTRAL = ["the", "film", "plot", "was", "acting", "music", "and", "a", "very"]
VOCAB = ["<pad>", "<oov>", "great", "awful", *NEUTRAL]
GREAT, AWFUL = VOCAB.index("great"), VOCAB.index("awful")
SMOKE = "SMOKE RUN (--quick)"


def make_reviews(n, seq_len, rng):
    """Token ids (n, seq_len) and labels ("positive"/"negative")."""
    lengths = rng.integers(4, seq_len + 1, size=n)
    ids = rng.integers(4, len(VOCAB), size=(n, seq_len))
    ids[np.arange(seq_len) >= lengths[:, None]] = 0  # trailing padding
    positive = rng.random(n) < 0.5
    where = (rng.random(n) * lengths).astype(int)  # a position inside each review
    ids[np.arange(n), where] = np.where(positive, GREAT, AWFUL)
    return ids, np.where(positive, "positive", "negative")


def main(argv=None):
    """Train the classifier, print its accuracy, draw one review's attention.

    Parameters
    ----------
    argv : list of str, default=None
        Command-line arguments (None reads ``sys.argv``).

    Returns
    -------
    float
        Test accuracy.
    """
    parser = argparse.ArgumentParser(
        description=__doc__.partition("\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 5 epochs unless --max-epochs (a check, not a result)",
    )
    parser.add_argument(
        "--max-epochs", type=int, default=None, help="None: 10; 5 with --quick"
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--out", type=Path, default=Path("."), help="figure folder")
    args = parser.parse_args(argv)
    import matplotlib.pyplot as plt
    import torch  # after parsing: --help answers without loading torch

    from sktseq.nn import AttentionClassifier
    from sktseq.plotting import plot_attention

    torch.set_num_threads(args.threads)
    max_epochs = args.max_epochs or (5 if args.quick else 10)
    if args.quick:
        print(f"{SMOKE}: {max_epochs} epochs; not a result.")
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
    accuracy = model.score(X_test, y_test)
    print(f"test accuracy: {accuracy:.3f} ({len(model.history_)} epochs)")

    # Over the test set: how much of the class token's attention each head
    # puts on the decisive word, for each label.
    weights = model.attention_weights(X_test)[:, -1]  # (n, heads, L+1, L+1)
    decisive = np.argmax(np.isin(X_test, [GREAT, AWFUL]), axis=1) + 1
    on_decisive = weights[np.arange(len(X_test)), :, 0, decisive]  # (n, heads)
    on_padding = (weights[:, :, 0, 1:] * (X_test == 0)[:, None]).sum(-1)
    uniform = np.mean(1 / (1 + (X_test != 0).sum(1)))
    for label in ("negative", "positive"):
        rows = y_test == label
        shares = ", ".join(
            f"head {h} {on_decisive[rows, h].mean():.2f}"
            for h in range(on_decisive.shape[1])
        )
        print(
            f"{label} reviews: class token's attention on the decisive word: "
            f"{shares} (uniform would be {uniform:.2f})"
        )
    print(f"on padding, any head: {on_padding.max():.2g} at most")

    # One short review of each label (the heat maps then show padding too),
    # in the head that looks most at the decisive word.
    head = int(on_decisive.mean(0).argmax())
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 5))
    for ax, label in zip(axes, ("negative", "positive")):
        i = int(np.flatnonzero(((X_test != 0).sum(1) <= 7) & (y_test == label))[0])
        shown = 1 + int((X_test[i] != 0).sum()) + 2  # [CLS], words, 2 padding
        tokens = (["[CLS]"] + [VOCAB[t] for t in X_test[i]])[:shown]
        plot_attention(weights[i, head, :shown, :shown], tokens=tokens, ax=ax)
        ax.set_title(f"a review labelled {label}, head {head}", fontsize=10)
    title = f"AttentionClassifier (test accuracy {accuracy:.3f}): attention weights"
    if args.quick:
        title = f"{SMOKE}, not a result:\n{title}"
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    args.out.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out / "attention_heatmap.png", dpi=100)
    if args.quick:
        print(f"{SMOKE}: these figures are not results.")
    print(f"figure: {args.out / 'attention_heatmap.png'}")
    return accuracy


if __name__ == "__main__":
    main()
