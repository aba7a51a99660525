"""1-D convolutional network for sequences (pure torch).

:class:`Conv1DModule` is the module that ``Conv1DClassifier`` and
``Conv1DRegressor`` drive: the course baseline of stacked ``Conv1d + ReLU``
blocks with local pooling between them, global pooling over time, and a
linear head (Chollet, *Deep Learning with Python*, ch. 10 and 11).
"""

import itertools

import torch
from torch import nn
from torch.nn import functional as F

from ._layers import SequenceInput, masked_mean

__all__ = ["Conv1DModule"]

_POOLING = ("max", "avg")


class Conv1DModule(nn.Module):
    """Stacked ``Conv1d + ReLU`` blocks, global pooling and a linear head.

    Each of the ``num_layers`` blocks is a "same"-padded ``Conv1d`` with
    ``filters`` channels followed by ReLU; blocks are separated by local
    pooling of width and stride ``pool_size``.  The last block's output is
    pooled over time (global max or average) and mapped to ``n_outputs``.

    Parameters
    ----------
    n_features : int
        Features per time step of float input.
    n_outputs : int
        Width of the output (classes for logits, targets for regression).
    vocab_size, embedding_dim, pretrained_embeddings, freeze_embeddings
        Token-id input; see :class:`~sktseq.nn._layers.SequenceInput`.
    filters : int, default=32
        Channels of every convolution.
    kernel_size : int, default=5
        Width of every convolution.  "Same" padding keeps the length, so any
        sequence length is accepted.
    num_layers : int, default=2
        Number of ``Conv1d + ReLU`` blocks.
    pooling : {"max", "avg"}, default="max"
        Kind of both the local pooling between blocks and the global pooling.
    pool_size : int, default=2
        Width and stride of the local pooling between blocks.  A trailing
        partial window is kept, so short sequences never shrink to nothing.
    dropout : float, default=0.0
        Dropout before the head.

    Notes
    -----
    With token ids, padding (id 0) is ignored in the sense a convolutional
    net allows: padded steps are set to zero at the input and after every
    block, local average pooling divides by the number of real steps in its
    window, and global pooling runs over real steps only.  Kernels that
    overlap the end of a document still see zeros where padding sits, exactly
    the zeros "same" padding adds at the end of an unpadded document, so
    *trailing* padding (what ``TextVectorizer`` produces) leaves the output
    unchanged.  *Leading* padding shifts the local pooling grid and the
    kernels' view of the document start, so it is not exactly ignored.

    Examples
    --------
    >>> import torch
    >>> from sktseq.nn._conv import Conv1DModule
    >>> _ = torch.manual_seed(0)
    >>> module = Conv1DModule(n_features=3, n_outputs=1, filters=8)
    >>> module(torch.randn(4, 24, 3)).shape
    torch.Size([4, 1])
    >>> module = Conv1DModule(
    ...     n_features=1, n_outputs=2, vocab_size=50, embedding_dim=8, filters=8)
    >>> ids = torch.tensor([[5, 9, 2, 0, 0], [7, 0, 0, 0, 0]])
    >>> module(ids).shape
    torch.Size([2, 2])
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
        filters=32,
        kernel_size=5,
        num_layers=2,
        pooling="max",
        pool_size=2,
        dropout=0.0,
    ):
        super().__init__()
        if pooling not in _POOLING:
            raise ValueError(f"pooling must be one of {_POOLING}, got {pooling!r}.")
        for name, value in [
            ("filters", filters),
            ("kernel_size", kernel_size),
            ("num_layers", num_layers),
            ("pool_size", pool_size),
        ]:
            if int(value) < 1:
                raise ValueError(f"{name} must be at least 1, got {value!r}.")
        self.pooling = pooling
        self.pool_size = int(pool_size)
        self.input = SequenceInput(
            n_features=n_features,
            vocab_size=vocab_size,
            embedding_dim=embedding_dim,
            pretrained_embeddings=pretrained_embeddings,
            freeze_embeddings=freeze_embeddings,
        )
        # "Same" padding as PyTorch splits it: the odd zero of an even kernel
        # goes on the right.  Conv1d(padding="same") warns on every even
        # kernel, so an asymmetric split is padded explicitly in forward.
        kernel_size = int(kernel_size)
        self._pad = ((kernel_size - 1) // 2, kernel_size // 2)
        symmetric = self._pad[0] if self._pad[0] == self._pad[1] else 0
        channels = [self.input.output_size] + [int(filters)] * int(num_layers)
        self.convs = nn.ModuleList(
            nn.Conv1d(c_in, c_out, kernel_size, padding=symmetric)
            for c_in, c_out in itertools.pairwise(channels)
        )
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(int(filters), n_outputs)

    def _local_pool(self, x, mask):
        """Pool (B, C, L) over time; return the pooled x and (B, L') mask."""
        k = self.pool_size
        if self.pooling == "max":
            # After ReLU every value is >= 0 and padded steps are 0, so a
            # plain max over a window equals the max over its real steps.
            x = F.max_pool1d(x, k, k, ceil_mode=True)
        elif mask is None:
            x = F.avg_pool1d(x, k, k, ceil_mode=True)
        else:
            m = mask.unsqueeze(1).to(x.dtype)
            # sum / count of real steps; the count is >= 1 wherever the
            # pooled step is real, and padded pooled steps are zeroed below.
            total = F.avg_pool1d(x * m, k, k, ceil_mode=True)
            count = F.avg_pool1d(m, k, k, ceil_mode=True)
            x = total / count.clamp(min=torch.finfo(x.dtype).tiny)
        if mask is not None:
            mask = F.max_pool1d(mask.unsqueeze(1).to(x.dtype), k, k, ceil_mode=True)
            mask = mask.squeeze(1) > 0
            x = x * mask.unsqueeze(1)
        return x, mask

    def forward(self, X):
        """Map float (B, L, F) / (B, L) or int64 ids (B, L) to (B, n_outputs)."""
        h, mask = self.input(X)
        if mask is not None:
            # Pretrained matrices may hold a non-zero padding row.
            h = h * mask.unsqueeze(-1)
        x = h.transpose(1, 2)  # Conv1d wants (B, C, L)
        for i, conv in enumerate(self.convs):
            if i > 0:
                x, mask = self._local_pool(x, mask)
            if self._pad[0] != self._pad[1]:
                x = F.pad(x, self._pad)
            x = F.relu(conv(x))
            if mask is not None:
                x = x * mask.unsqueeze(1)
        if self.pooling == "avg":
            pooled = masked_mean(x.transpose(1, 2), mask)
        else:
            # Values are >= 0 and padded steps are 0 (see _local_pool), so
            # this is the max over real steps; an all-padding row gives zeros.
            pooled = x.amax(dim=2)
        return self.head(self.dropout(pooled))
