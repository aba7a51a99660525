"""Batch-at-a-time data path between numpy windows and skorch.

skorch's default path (``DataLoader`` over a per-sample ``__getitem__`` plus
``default_collate``) costs about a third of an epoch for a small LSTM on
windows.  Here one batch is one fancy-index gather from the (possibly strided)
window view and one ``torch.from_numpy``: no per-sample Python, and the full
``(n, L, F)`` array is never materialized.
"""

import numpy as np
import torch

__all__ = ["BatchIterator", "MostRecentSplit", "SequenceDataset"]


class SequenceDataset(torch.utils.data.Dataset):
    """Rows ``indices`` of ``X`` (and ``y``), gathered lazily.

    Parameters
    ----------
    X : ndarray of shape (n, L, F) float32 or (n, L) int64
        Windows or token ids; may be a read-only strided view.
    y : ndarray of shape (n, ...) or None
        Targets, already in the dtype the loss expects.
    indices : ndarray of int or None
        Rows of ``X`` this dataset covers (all rows when None).
    """

    def __init__(self, X, y=None, indices=None):
        self.X = X
        self.y = y
        self.indices = np.arange(len(X)) if indices is None else indices

    def __len__(self):
        return len(self.indices)

    def __getitem__(self, i):
        # Per-sample access, for users who swap in a plain DataLoader.
        xb, yb = self.gather(self.indices[[i]])
        return xb[0], (yb[0] if yb is not None else torch.zeros(0))

    def subset(self, positions):
        """Dataset of the rows at ``positions`` (0..len-1) of this one."""
        return type(self)(self.X, self.y, self.indices[positions])

    def gather(self, rows):
        """One batch: ``X[rows]`` and ``y[rows]`` as tensors (one copy each)."""
        # The gather copies, so from_numpy never sees a read-only view.
        xb = torch.from_numpy(np.ascontiguousarray(self.X[rows]))
        yb = None if self.y is None else torch.from_numpy(self.y[rows])
        return xb, yb


class BatchIterator:
    """Iterate a :class:`SequenceDataset` in batches (skorch ``iterator_*``).

    Parameters
    ----------
    dataset : SequenceDataset
    batch_size : int
    shuffle : bool, default=False
        Visit rows in a random order (drawn from ``generator``).
    generator : numpy.random.Generator or None, default=None
        Source of the shuffling order; the same object is passed for every
        epoch, so successive epochs see different orders and a seeded fit is
        reproducible.
    """

    def __init__(self, dataset, batch_size, shuffle=False, generator=None):
        if not isinstance(dataset, SequenceDataset):
            raise TypeError(
                "BatchIterator reads SequenceDataset objects; pass "
                "iterator_train=torch.utils.data.DataLoader for other datasets."
            )
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.generator = generator

    def __len__(self):
        return -(-len(self.dataset) // self.batch_size)

    def __iter__(self):
        rows = self.dataset.indices
        if self.shuffle:
            rng = self.generator or np.random.default_rng()
            rows = rows[rng.permutation(len(rows))]
        for start in range(0, len(rows), self.batch_size):
            xb, yb = self.dataset.gather(rows[start : start + self.batch_size])
            yield xb, yb


class MostRecentSplit:
    """skorch ``train_split`` holding out the most recent rows for validation.

    Rows are assumed to be in time order (as ``WindowTransformer`` and
    ``TimeSeriesSplit`` give them): the last ``ceil(fraction * n)`` rows are
    the validation set, never a random or the oldest slice.

    Parameters
    ----------
    fraction : float in (0, 1)
        Share of the rows held out.
    """

    def __init__(self, fraction):
        self.fraction = fraction

    def __call__(self, dataset, y=None, groups=None):
        n = len(dataset)
        n_valid = int(np.ceil(self.fraction * n))
        if n_valid < 1 or n_valid >= n:
            raise ValueError(
                f"validation_fraction={self.fraction} leaves no training or no "
                f"validation rows out of {n}."
            )
        positions = np.arange(n)
        return (
            dataset.subset(positions[: n - n_valid]),
            dataset.subset(positions[n - n_valid :]),
        )
