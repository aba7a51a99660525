"""Recurrent torch modules (LSTM, GRU, plain RNN) behind the sktseq estimators.

Pure torch: no skorch, no numpy.  The estimators in :mod:`sktseq.nn` build
:class:`RecurrentModule` with the keyword-only contract of
:mod:`sktseq.nn._layers`.
"""

import torch
from torch import nn
from torch.func import functional_call
from torch.nn.utils.rnn import pack_padded_sequence

from ._layers import SequenceInput, masked_mean

__all__ = ["RecurrentModule"]

_CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


def compact_padding(ids, mask):
    """Move the real tokens of each row to the front, keeping their order.

    Packed sequences assume real steps come first.  Sorting on the mask
    (stable) makes pre-padding, post-padding and padding in the middle all
    equivalent, so padding is ignored wherever it sits.
    """
    order = torch.argsort((~mask).to(torch.int8), dim=1, stable=True)
    return torch.gather(ids, 1, order)


class RecurrentModule(nn.Module):
    """Stacked (bi)directional LSTM/GRU/RNN with a linear head.

    Parameters
    ----------
    n_features, n_outputs, vocab_size, embedding_dim, pretrained_embeddings, \
freeze_embeddings
        See :class:`sktseq.nn._layers.SequenceInput`; ``n_outputs`` is the
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
        Dropout between stacked layers and before the head.
    recurrent_dropout : float, default=0.0
        DropConnect on the hidden-to-hidden weights (AWD-LSTM style): one
        mask per forward pass on the weight matrices, so the fused (cuDNN /
        oneDNN) kernel still runs, unlike per-step state dropout.
    pooling : {"last", "mean"}, default="last"
        ``"last"``: final hidden state of the top layer (the last *real* step
        for padded token ids; both directions' final states when
        bidirectional).  ``"mean"``: mean of the top layer's outputs over the
        real steps.
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
        recurrent_dropout=0.0,
        pooling="last",
    ):
        super().__init__()
        if cell not in _CELLS:
            raise ValueError(f"cell must be one of {sorted(_CELLS)}, got {cell!r}.")
        if pooling not in ("last", "mean"):
            raise ValueError(f"pooling must be 'last' or 'mean', got {pooling!r}.")
        self.input = SequenceInput(
            n_features=n_features,
            vocab_size=vocab_size,
            embedding_dim=embedding_dim,
            pretrained_embeddings=pretrained_embeddings,
            freeze_embeddings=freeze_embeddings,
        )
        self.rnn = _CELLS[cell](
            self.input.output_size,
            hidden_size,
            num_layers=num_layers,
            bidirectional=bidirectional,
            # torch warns when dropout is set on a single layer.
            dropout=dropout if num_layers > 1 else 0.0,
            batch_first=True,
        )
        self.recurrent_dropout = float(recurrent_dropout)
        self.pooling = pooling
        self.num_directions = 2 if bidirectional else 1
        self.head_dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden_size * self.num_directions, n_outputs)

    def _run_rnn(self, x):
        if not (self.training and self.recurrent_dropout > 0):
            return self.rnn(x)
        # DropConnect: swap dropped hidden-to-hidden weights in for this call.
        params = dict(self.rnn.named_parameters())
        for name in params:
            if name.startswith("weight_hh"):
                params[name] = nn.functional.dropout(
                    params[name], self.recurrent_dropout, training=True
                )
        return functional_call(self.rnn, params, (x,))

    def forward(self, X):
        mask = None
        if X.dtype in (torch.int64, torch.int32):
            mask = X != 0
            X = compact_padding(X, mask)
            mask = X != 0
        h, _ = self.input(X)
        if mask is not None:
            # clamp: an all-padding row is read as one (zero) padding vector.
            lengths = mask.sum(dim=1).clamp(min=1).cpu()
            h = pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
        out, state = self._run_rnn(h)
        if self.pooling == "last":
            h_n = state[0] if isinstance(state, tuple) else state  # LSTM: (h, c)
            # top layer's final state per direction -> (B, directions * hidden)
            pooled = torch.cat(list(h_n[-self.num_directions :]), dim=1)
        else:
            if mask is not None:
                out, _ = nn.utils.rnn.pad_packed_sequence(
                    out, batch_first=True, total_length=mask.shape[1]
                )
            pooled = masked_mean(out, mask)
        return self.head(self.head_dropout(pooled))
