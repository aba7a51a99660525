"""Input layer shared by every sktseq torch module.

Every module in :mod:`sktseq.nn` reads its input through :class:`SequenceInput`,
so float windows and integer token ids are handled in one place:

* float ``(B, L, F)`` windows pass through unchanged; the mask is ``None``
  (every step is real);
* int64 ``(B, L)`` token ids go through an ``nn.Embedding`` with
  ``padding_idx=0`` and come back with a ``(B, L)`` bool mask, True where the
  token is real (id != 0).  Modules use the mask to ignore padding (packed
  sequences for RNNs, key padding masks for attention, masked pooling).

Module constructor contract (all modules, keyword-only)::

    Module(*, n_features, n_outputs, vocab_size=None, embedding_dim=None,
           pretrained_embeddings=None, freeze_embeddings=False, <model params>)
    forward(X) -> (B, n_outputs)
"""

import numpy as np
import torch
from torch import nn

__all__ = ["SequenceInput", "last_valid_step", "masked_mean"]


class SequenceInput(nn.Module):
    """Embed token ids or pass float windows through, returning ``(h, mask)``.

    Parameters
    ----------
    n_features : int
        Features per time step of float input (ignored for token ids).
    vocab_size : int or None, default=None
        Number of token ids (including 0 = padding and 1 = out-of-vocabulary).
        None means float input: no embedding is built.  Inferred from the
        pretrained matrix when that is given.
    embedding_dim : int or None, default=None
        Embedding width.  Inferred from ``pretrained_embeddings`` when given;
        required otherwise when ``vocab_size`` is set.
    pretrained_embeddings : array-like of shape (vocab_size, embedding_dim), \
default=None
        Initial embedding matrix (row 0 is the padding vector).
    freeze_embeddings : bool, default=False
        Keep the embedding matrix fixed during training.

    Attributes
    ----------
    output_size : int
        Width ``D`` of the returned ``h``.
    embedding : torch.nn.Embedding or None
        The embedding, for token-id input.
    """

    def __init__(
        self,
        *,
        n_features,
        vocab_size=None,
        embedding_dim=None,
        pretrained_embeddings=None,
        freeze_embeddings=False,
    ):
        super().__init__()
        self.embedding = None
        if pretrained_embeddings is not None:
            # torch.tensor copies: training must never write into the
            # caller's matrix (an estimator parameter).
            weight = torch.tensor(
                np.asarray(pretrained_embeddings), dtype=torch.float32
            )
            if weight.ndim != 2:
                raise ValueError(
                    "pretrained_embeddings must be a 2-D (vocab_size, "
                    f"embedding_dim) matrix, got shape {tuple(weight.shape)}."
                )
            if vocab_size is not None and vocab_size > weight.shape[0]:
                raise ValueError(
                    f"vocab_size={vocab_size} is larger than the "
                    f"{weight.shape[0]} rows of pretrained_embeddings."
                )
            if embedding_dim is not None and embedding_dim != weight.shape[1]:
                raise ValueError(
                    f"embedding_dim={embedding_dim} does not match the "
                    f"{weight.shape[1]} columns of pretrained_embeddings."
                )
            self.embedding = nn.Embedding.from_pretrained(
                weight, freeze=bool(freeze_embeddings), padding_idx=0
            )
        elif vocab_size is not None:
            if embedding_dim is None:
                raise ValueError("embedding_dim is required for token-id input.")
            self.embedding = nn.Embedding(int(vocab_size), int(embedding_dim), 0)
            if freeze_embeddings:
                self.embedding.weight.requires_grad_(False)
        self.output_size = (
            self.embedding.embedding_dim
            if self.embedding is not None
            else int(n_features)
        )

    def forward(self, X):
        if X.dtype in (torch.int64, torch.int32):
            if self.embedding is None:
                raise ValueError(
                    "Token ids given to a module built for float input (no vocab_size)."
                )
            return self.embedding(X), X != 0
        if X.ndim == 2:  # univariate float sequences: one feature per step
            X = X.unsqueeze(-1)
        return X, None


def masked_mean(h, mask):
    """Mean of ``h`` (B, L, D) over real steps; plain mean when mask is None."""
    if mask is None:
        return h.mean(dim=1)
    weights = mask.unsqueeze(-1).to(h.dtype)
    # clamp: an all-padding row gives zeros instead of NaN.
    return (h * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)


def last_valid_step(h, lengths):
    """Pick ``h[b, lengths[b] - 1]`` from (B, L, D); last step when lengths is None."""
    if lengths is None:
        return h[:, -1]
    idx = (lengths.clamp(min=1) - 1).to(h.device)
    return h[torch.arange(h.shape[0], device=h.device), idx]
