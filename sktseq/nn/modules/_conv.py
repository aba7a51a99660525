"""1-D convolutional network for sequences (pure torch).

:class:`Conv1DModule` is the module that ``Conv1DClassifier`` and
``Conv1DRegressor`` drive: the course baseline of stacked ``Conv1d + ReLU``
blocks with local pooling between them, global pooling over time, and a
linear head (Chollet, *Deep Learning with Python*, ch. 10 and 11).  Several
kernel widths side by side (``kernel_size=(3, 4, 5)``) give Kim's (2014)
sentence CNN: one branch per width, their pooled features concatenated.
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
        Token-id input; see :class:`~sktseq.nn.modules.SequenceInput`.
    filters : int, default=32
        Channels of every convolution.
    kernel_size : int or tuple of int, default=5
        Width of the convolutions.  "Same" padding keeps the length, so any
        sequence length is accepted.  A tuple builds one branch of
        ``num_layers`` blocks per width; the branches' pooled features are
        concatenated (``filters * len(kernel_size)`` of them).
    num_layers : int, default=2
        Number of ``Conv1d + ReLU`` blocks (per branch).
    pooling : {"max", "avg"}, default="max"
        Kind of both the local pooling between blocks and the global pooling.
    pool_size : int, default=2
        Width and stride of the local pooling between blocks.  A trailing
        partial window is kept, so short sequences never shrink to nothing.
    dropout : float, default=0.0
        Dropout before the head.

    Notes
    -----
    Padding (token id 0, or the steps past ``lengths``) is ignored exactly:
    the real tokens of each row are moved to the front first, padded steps
    are set to zero at the input and after every block, local average
    pooling divides by the number of real steps in its window, and global
    pooling runs over real steps only.  Kernels that overlap the end of a
    sequence see zeros where padding sits, exactly the zeros "same" padding
    adds at the end of an unpadded sequence.

    Examples
    --------
    >>> import torch
    >>> from sktseq.nn.modules import Conv1DModule
    >>> _ = torch.manual_seed(0)
    >>> module = Conv1DModule(n_features=3, n_outputs=1, filters=8)
    >>> module(torch.randn(4, 24, 3)).shape
    torch.Size([4, 1])
    >>> module = Conv1DModule(
    ...     n_features=1, n_outputs=2, vocab_size=50, embedding_dim=8, filters=8)
    >>> ids = torch.tensor([[5, 9, 2, 0, 0], [7, 0, 0, 0, 0]])
    >>> module(ids).shape
    torch.Size([2, 2])
    >>> kim = Conv1DModule(n_features=1, n_outputs=2, vocab_size=50,
    ...                    embedding_dim=8, filters=4, kernel_size=(3, 4, 5),
    ...                    num_layers=1)
    >>> kim(ids).shape
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
        widths = (kernel_size,) if isinstance(kernel_size, int) else tuple(kernel_size)
        for name, value, values in [
            ("filters", filters, [filters]),
            ("kernel_size", kernel_size, widths),
            ("num_layers", num_layers, [num_layers]),
            ("pool_size", pool_size, [pool_size]),
        ]:
            if not values or any(int(v) < 1 for v in values):
                raise ValueError(f"{name} must be at least 1, got {value!r}.")
        self.pooling = pooling
        self.pool_size = int(pool_size)
        self.input = SequenceInput(
            n_features=n_features,
            vocab_size=vocab_size,
            embedding_dim=embedding_dim,
            pretrained_embeddings=pretrained_embeddings,
            freeze_embeddings=freeze_embeddings,
            compact=True,
        )
        channels = [self.input.output_size] + [int(filters)] * int(num_layers)
        # "Same" padding as PyTorch splits it: the odd zero of an even kernel
        # goes on the right.  Conv1d(padding="same") warns on every even
        # kernel, so an asymmetric split is padded explicitly in forward.
        self._pads = [((int(k) - 1) // 2, int(k) // 2) for k in widths]
        self.branches = nn.ModuleList(
            nn.ModuleList(
                nn.Conv1d(c_in, c_out, int(k), padding=left if left == right else 0)
                for c_in, c_out in itertools.pairwise(channels)
            )
            for k, (left, right) in zip(widths, self._pads)
        )
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(int(filters) * len(widths), n_outputs)

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

    def _branch(self, convs, pad, x, mask):
        """Run one branch's blocks on (B, C, L) and pool globally."""
        for i, conv in enumerate(convs):
            if i > 0:
                x, mask = self._local_pool(x, mask)
            if pad[0] != pad[1]:
                x = F.pad(x, pad)
            x = F.relu(conv(x))
            if mask is not None:
                x = x * mask.unsqueeze(1)
        if self.pooling == "avg":
            return masked_mean(x.transpose(1, 2), mask)
        # Values are >= 0 and padded steps are 0 (see _local_pool), so this
        # is the max over real steps; an all-padding row gives zeros.
        return x.amax(dim=2)

    def forward(self, X, lengths=None):
        """Map float (B, L, F) / (B, L) or int64 ids (B, L) to (B, n_outputs)."""
        h, mask = self.input(X, lengths)
        if mask is not None:
            # Pretrained matrices may hold a non-zero padding row.
            h = h * mask.unsqueeze(-1)
        x = h.transpose(1, 2)  # Conv1d wants (B, C, L)
        pooled = [
            self._branch(convs, pad, x, mask)
            for convs, pad in zip(self.branches, self._pads)
        ]
        pooled = pooled[0] if len(pooled) == 1 else torch.cat(pooled, dim=1)
        return self.head(self.dropout(pooled))
