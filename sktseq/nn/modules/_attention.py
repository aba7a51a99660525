"""Transformer encoder for sequence classification and regression (pure torch).

:class:`TransformerEncoderModule` is the module that ``AttentionClassifier``
and ``AttentionRegressor`` drive.  It reads float windows or token ids through
:class:`~sktseq.nn.modules.SequenceInput`, projects them to ``d_model`` (a
trained token embedding ``d_model`` wide is used as it is), adds positional
encodings, runs pre-norm self-attention encoder layers built on
:class:`torch.nn.MultiheadAttention`, pools, and maps to ``n_outputs``.

Padding (token id 0, or steps past ``lengths``) is ignored exactly: padded
keys are masked out of every attention softmax, excluded from mean pooling,
and positions are counted over real tokens only, so extra padding before,
between or after the real tokens
leaves the output unchanged.

The layers are written here rather than taken from
:class:`torch.nn.TransformerEncoderLayer` so that :meth:`attention_weights`
can return each layer's weights from the very computation used in
``forward``.  ``forward`` asks for no weights, which keeps
``MultiheadAttention`` on PyTorch's fused scaled-dot-product kernel.
"""

import math

import torch
from torch import nn

from ._layers import SequenceInput, masked_max, masked_mean

__all__ = ["TransformerEncoderModule", "sinusoidal_encoding"]

_POSITIONAL = ("sinusoidal", "learned", None)
_POOLING = ("mean", "max", "cls")


def sinusoidal_encoding(positions, d_model):
    """Sinusoidal positional encoding of Vaswani et al. (2017).

    ``PE[p, 2i] = sin(p / 10000**(2i / d_model))`` and
    ``PE[p, 2i + 1] = cos(p / 10000**(2i / d_model))``.

    Parameters
    ----------
    positions : torch.Tensor of int or float, any shape
        Positions to encode.
    d_model : int
        Width of the encoding (odd widths drop the last cosine column).

    Returns
    -------
    torch.Tensor of shape (*positions.shape, d_model), float32

    Examples
    --------
    >>> import torch
    >>> pe = sinusoidal_encoding(torch.arange(3), 4)
    >>> pe.shape
    torch.Size([3, 4])
    >>> pe[0].tolist()
    [0.0, 1.0, 0.0, 1.0]
    """
    half = torch.arange(0, d_model, 2, dtype=torch.float32, device=positions.device)
    inv_freq = torch.exp(-math.log(10000.0) * half / d_model)
    angles = positions.to(torch.float32).unsqueeze(-1) * inv_freq
    pe = torch.stack([angles.sin(), angles.cos()], dim=-1).flatten(-2)
    return pe[..., :d_model]


class _EncoderLayer(nn.Module):
    """Pre-norm encoder layer: ``x + MHA(LN(x))`` then ``x + FFN(LN(x))``.

    Pre-norm (as in GPT-2 and ``norm_first=True``) trains small models from
    scratch without learning-rate warm-up, which suits default skorch training.
    """

    def __init__(self, d_model, num_heads, dim_feedforward, dropout):
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model)
        self.attn = nn.MultiheadAttention(
            d_model, num_heads, dropout=dropout, batch_first=True
        )
        self.norm2 = nn.LayerNorm(d_model)
        self.ff = nn.Sequential(
            nn.Linear(d_model, dim_feedforward),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(dim_feedforward, d_model),
        )
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)

    def forward(self, x, key_padding_mask=None, need_weights=False):
        h = self.norm1(x)
        h, weights = self.attn(
            h,
            h,
            h,
            key_padding_mask=key_padding_mask,
            need_weights=need_weights,
            average_attn_weights=False,
        )
        x = x + self.dropout1(h)
        x = x + self.dropout2(self.ff(self.norm2(x)))
        return x, weights


class TransformerEncoderModule(nn.Module):
    """Self-attention encoder with pooling and a linear head.

    Parameters
    ----------
    n_features : int
        Features per time step of float input.
    n_outputs : int
        Width of the output (classes for logits, targets for regression).
    vocab_size, embedding_dim, pretrained_embeddings, freeze_embeddings
        Token-id input; see :class:`~sktseq.nn.modules.SequenceInput`.
    d_model : int, default=32
        Width of the encoder; must be divisible by ``num_heads``.
    num_heads : int, default=4
        Attention heads per layer.
    num_layers : int, default=1
        Encoder layers.
    dim_feedforward : int or None, default=None
        Hidden width of each layer's feed-forward block; None means
        ``4 * d_model``.
    dropout : float, default=0.1
        Dropout on attention weights, residual branches and before the head.
    positional : {"sinusoidal", "learned", None}, default="sinusoidal"
        Positional encoding added after the input projection.  "learned"
        holds ``max_len`` trainable vectors; None adds nothing (the encoder
        then sees a bag of tokens).
    max_len : int, default=512
        Longest sequence accepted with ``positional="learned"``; longer input
        raises a ValueError.  Sinusoidal encodings work for any length.
    pooling : {"mean", "max", "cls"}, default="mean"
        "mean" / "max" average / take the maximum of the encoder output over
        real (non-padding) steps; "cls" prepends a learned class token and
        reads its output.

    Notes
    -----
    Positions are counted over real tokens, so a token's position is the
    number of real tokens before it.  For float input and trailing padding
    this is the plain index; it also makes leading padding (Keras'
    ``pad_sequences`` default) leave the output unchanged.  The class token
    gets no positional encoding: its learned vector already marks it.

    A sequence made only of padding has no real key to attend to; it then
    attends to its first step so the softmax stays defined, and mean pooling
    returns zeros (the head outputs its bias).  With ``pooling="cls"`` the
    class token is always a real key.

    Examples
    --------
    >>> import torch
    >>> from sktseq.nn.modules import TransformerEncoderModule
    >>> _ = torch.manual_seed(0)
    >>> module = TransformerEncoderModule(
    ...     n_features=3, n_outputs=2, d_model=8, num_heads=2)
    >>> module(torch.randn(5, 7, 3)).shape
    torch.Size([5, 2])
    >>> ids = torch.tensor([[4, 2, 3, 0, 0]])
    >>> module = TransformerEncoderModule(
    ...     n_features=1, n_outputs=1, vocab_size=10, embedding_dim=6,
    ...     d_model=8, num_heads=2, pooling="cls")
    >>> module.attention_weights(ids).shape  # (B, layers, heads, L + 1, L + 1)
    torch.Size([1, 1, 2, 6, 6])
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
        d_model=32,
        num_heads=4,
        num_layers=1,
        dim_feedforward=None,
        dropout=0.1,
        positional="sinusoidal",
        max_len=512,
        pooling="mean",
    ):
        super().__init__()
        if d_model % num_heads != 0:
            raise ValueError(
                f"d_model={d_model} must be divisible by num_heads={num_heads}."
            )
        if positional not in _POSITIONAL:
            raise ValueError(
                f"positional must be one of {_POSITIONAL}, got {positional!r}."
            )
        if pooling not in _POOLING:
            raise ValueError(f"pooling must be one of {_POOLING}, got {pooling!r}.")
        self.positional = positional
        self.max_len = int(max_len)
        self.pooling = pooling
        self.input = SequenceInput(
            n_features=n_features,
            vocab_size=vocab_size,
            embedding_dim=embedding_dim,
            pretrained_embeddings=pretrained_embeddings,
            freeze_embeddings=freeze_embeddings,
        )
        embedding = self.input.embedding
        if (
            embedding is not None
            and embedding.embedding_dim == d_model
            and embedding.weight.requires_grad
        ):
            # A linear map after a trained embedding is only another one.
            self.project = nn.Identity()
        else:
            self.project = nn.Linear(self.input.output_size, d_model)
        if positional == "learned":
            self.position = nn.Embedding(self.max_len, d_model)
            # Small start (BERT's 0.02) so positions do not drown the tokens.
            nn.init.normal_(self.position.weight, std=0.02)
        else:
            self.position = None
        if pooling == "cls":
            self.cls_token = nn.Parameter(torch.randn(1, 1, d_model) * 0.02)
        else:
            self.cls_token = None
        self.dropout = nn.Dropout(dropout)
        dim_feedforward = 4 * d_model if dim_feedforward is None else dim_feedforward
        self.layers = nn.ModuleList(
            _EncoderLayer(d_model, num_heads, dim_feedforward, dropout)
            for _ in range(num_layers)
        )
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, n_outputs)

    def _positions(self, x, mask):
        """(B, L) or (L,) positions: the count of real tokens before each step."""
        if mask is None:
            return torch.arange(x.shape[1], device=x.device)
        return (mask.long().cumsum(dim=1) - 1).clamp(min=0)

    def _encode(self, X, lengths=None, need_weights=False):
        """Run input, positions and layers; return (x, key mask, weights list)."""
        h, mask = self.input(X, lengths)
        x = self.project(h)
        if self.positional is not None:
            if self.positional == "learned" and x.shape[1] > self.max_len:
                raise ValueError(
                    f"Sequence length {x.shape[1]} exceeds max_len={self.max_len} "
                    "of the learned positional encoding; raise max_len or use "
                    "positional='sinusoidal'."
                )
            positions = self._positions(x, mask)
            if self.positional == "learned":
                x = x + self.position(positions)
            else:
                x = x + sinusoidal_encoding(positions, x.shape[-1]).to(x.dtype)
        key_padding_mask = None
        if self.cls_token is not None:
            x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1)
            if mask is not None:
                mask = torch.cat([mask.new_ones(mask.shape[0], 1), mask], dim=1)
        if mask is not None:
            # MultiheadAttention's key_padding_mask is True where a key is ignored.
            key_padding_mask = ~mask
            # A row with no real key would make every softmax 0/0 (NaN): let
            # it attend to its first step.  Pooling still uses ``mask``.
            # (In place and branch-free: no host sync on GPU.)
            key_padding_mask[:, 0] &= mask.any(dim=1)
        x = self.dropout(x)
        weights = []
        for layer in self.layers:
            x, w = layer(x, key_padding_mask, need_weights=need_weights)
            weights.append(w)
        return self.norm(x), mask, weights

    def forward(self, X, lengths=None):
        """Map float (B, L, F) / (B, L) or int64 ids (B, L) to (B, n_outputs)."""
        x, mask, _ = self._encode(X, lengths)
        if self.pooling == "cls":
            pooled = x[:, 0]
        elif self.pooling == "max":
            pooled = masked_max(x, mask)
        else:
            pooled = masked_mean(x, mask)
        return self.head(self.dropout(pooled))

    def attention_weights(self, X, lengths=None):
        """Attention weights of every layer and head, as in evaluation mode.

        Parameters
        ----------
        X : torch.Tensor
            Float (B, L, F) or (B, L), or int64 token ids (B, L).
        lengths : torch.Tensor of shape (B,) or None, default=None
            Real steps of padded float rows (ragged collections).

        Returns
        -------
        torch.Tensor of shape (B, num_layers, num_heads, L', L')
            ``weights[b, l, h, i, j]`` is how much query ``i`` attends to key
            ``j``; ``L' = L + 1`` with ``pooling="cls"`` (index 0 is the class
            token).  Every row sums to 1 over the real keys and is exactly 0
            on padded keys.  Dropout is off and no gradient is recorded.
        """
        was_training = self.training
        self.eval()
        try:
            with torch.no_grad():
                _, _, weights = self._encode(X, lengths, need_weights=True)
        finally:
            self.train(was_training)
        return torch.stack(weights, dim=1)
