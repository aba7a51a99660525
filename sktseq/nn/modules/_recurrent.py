"""Recurrent torch module (LSTM, GRU, plain RNN) behind the recurrent estimators.

Pure torch: no skorch, no numpy.  Padding is ignored without packing: on CPU,
``pack_padded_sequence`` made a bidirectional LSTM over IMDB batches several
times slower than the fused kernel over the padded batch.  Real steps come
first in every row (``SequenceInput(compact=True)``), so a forward recurrence
never reads padding before a real step; the backward direction runs a second
forward recurrence over each row reversed *within its length*
(:func:`~sktseq.nn.modules._layers.reverse_padded`).
"""

import torch
from torch import nn
from torch.func import functional_call

from ._layers import (
    SequenceInput,
    last_real_step,
    masked_max,
    masked_mean,
    reverse_padded,
)

__all__ = ["RecurrentModule"]

_CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


class RecurrentModule(nn.Module):
    """Stacked (bi)directional LSTM/GRU/RNN with a linear head.

    Parameters
    ----------
    n_features, n_outputs, vocab_size, embedding_dim, pretrained_embeddings, \
freeze_embeddings
        See :class:`~sktseq.nn.modules.SequenceInput`; ``n_outputs`` is the
        width of the head.
    cell : {"lstm", "gru", "rnn"}, default="lstm"
        Recurrent cell.
    hidden_size : int, default=32
        Units per direction and layer.
    num_layers : int, default=1
        Stacked recurrent layers.
    bidirectional : bool, default=False
        Also read the sequence backwards; the head sees both directions.
    dropout : float, default=0.0
        Dropout on what the head reads (the Keras ``Dropout`` layer before
        ``Dense``).
    layer_dropout : float, default=0.0
        Dropout on each stacked layer's outputs before the next layer reads
        them (torch's ``nn.LSTM(dropout=...)``); unused with one layer.
    recurrent_dropout : float, default=0.0
        DropConnect on the hidden-to-hidden weights (AWD-LSTM style): one
        mask per forward pass on the weight matrices, so the fused (cuDNN /
        oneDNN) kernel still runs, unlike per-step state dropout.
    pooling : {"last", "mean", "max"}, default="last"
        ``"last"``: final state of the top layer after the last *real* step
        (both directions' final states when bidirectional).  ``"mean"`` /
        ``"max"``: mean / maximum of the top layer's outputs over the real
        steps.

    Examples
    --------
    >>> import torch
    >>> from sktseq.nn.modules import RecurrentModule
    >>> _ = torch.manual_seed(0)
    >>> module = RecurrentModule(n_features=3, n_outputs=2, hidden_size=8,
    ...                          bidirectional=True).eval()
    >>> x = torch.randn(2, 5, 3)
    >>> module(x).shape
    torch.Size([2, 2])
    >>> padded = torch.cat([x[:1], torch.zeros(1, 4, 3)], dim=1)  # 5 real steps
    >>> torch.allclose(module(padded, torch.tensor([5])), module(x[:1]), atol=1e-6)
    True
    """

    def __init__(
        self,
        *,
        n_features,
        n_outputs,
        vocab_size=None,
        embedding_dim=None,
        pretrained_embeddings=None,
        freeze_embeddings=False,
        cell="lstm",
        hidden_size=32,
        num_layers=1,
        bidirectional=False,
        dropout=0.0,
        layer_dropout=0.0,
        recurrent_dropout=0.0,
        pooling="last",
    ):
        super().__init__()
        if cell not in _CELLS:
            raise ValueError(f"cell must be one of {sorted(_CELLS)}, got {cell!r}.")
        if pooling not in ("last", "mean", "max"):
            raise ValueError(
                f"pooling must be 'last', 'mean' or 'max', got {pooling!r}."
            )
        self.input = SequenceInput(
            n_features=n_features,
            vocab_size=vocab_size,
            embedding_dim=embedding_dim,
            pretrained_embeddings=pretrained_embeddings,
            freeze_embeddings=freeze_embeddings,
            compact=True,
        )
        self.num_directions = 2 if bidirectional else 1
        # One single-layer recurrence per layer and direction: the backward
        # direction must see each row reversed within its own length.
        self.layers = nn.ModuleList()
        width = self.input.output_size
        for _ in range(num_layers):
            self.layers.append(
                nn.ModuleList(
                    _CELLS[cell](width, hidden_size, batch_first=True)
                    for _ in range(self.num_directions)
                )
            )
            width = hidden_size * self.num_directions
        self.recurrent_dropout = float(recurrent_dropout)
        self.pooling = pooling
        self.hidden_size = hidden_size
        self.dropout = nn.Dropout(dropout)
        self.layer_dropout = nn.Dropout(layer_dropout)
        self.head = nn.Linear(width, n_outputs)

    def _recur(self, rnn, x):
        """Outputs of one single-layer recurrence (DropConnect in training)."""
        if not (self.training and self.recurrent_dropout > 0):
            return rnn(x)[0]
        params = dict(rnn.named_parameters())
        for name in params:
            if name.startswith("weight_hh"):
                params[name] = nn.functional.dropout(
                    params[name], self.recurrent_dropout, training=True
                )
        return functional_call(rnn, params, (x,))[0]

    def forward(self, X, lengths=None):
        """Map float (B, L, F) / (B, L) or int64 ids (B, L) to (B, n_outputs)."""
        h, mask = self.input(X, lengths)
        lengths = None if mask is None else mask.sum(dim=1)
        for i, directions in enumerate(self.layers):
            if i > 0:
                h = self.layer_dropout(h)
            out = [self._recur(directions[0], h)]
            if self.num_directions == 2:
                back = self._recur(directions[1], reverse_padded(h, lengths))
                # Back in time order: step t holds the state after reading
                # the real steps from the end down to t.
                out.append(reverse_padded(back, lengths))
            h = torch.cat(out, dim=-1) if len(out) == 2 else out[0]
        if self.pooling == "mean":
            pooled = masked_mean(h, mask)
        elif self.pooling == "max":
            pooled = masked_max(h, mask)
        else:
            pooled = last_real_step(h[..., : self.hidden_size], lengths)
            if self.num_directions == 2:
                # The backward direction ends at the first step.
                pooled = torch.cat([pooled, h[:, 0, self.hidden_size :]], dim=-1)
        return self.head(self.dropout(pooled))
