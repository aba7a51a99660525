"""Data path between numpy inputs and skorch: a torch Dataset and DataLoader.

The neural estimators feed skorch through torch's real ``DataLoader``, so
every ``iterator_train__*`` / ``iterator_valid__*`` option skorch documents
(``num_workers``, ``pin_memory``, ...) and every ``train_split`` works.  Speed
comes from two things:

* :class:`SequenceDataset` implements ``__getitems__``: the loader asks for a
  whole batch at once, which is one fancy-index gather from the (possibly
  strided, read-only) window view and one ``torch.from_numpy``; the collate
  function passes the batch through.  No per-sample Python.
* :class:`SequenceLoader` groups rows of similar length into the same batch
  (token ids, ragged collections) and each batch is trimmed to its longest
  row, so an epoch over IMDB reviews costs their real lengths, not 600 steps
  each.
"""

import warnings

import numpy as np
import torch
from torch.utils.data import (
    BatchSampler,
    DataLoader,
    Dataset,
    RandomSampler,
    Sampler,
    SequentialSampler,
    Subset,
)

from .._ragged import Ragged

__all__ = [
    "BucketBatchSampler",
    "MostRecentSplit",
    "SequenceDataset",
    "SequenceLoader",
    "call_in_batches",
    "dataset_lengths",
]


class SequenceDataset(Dataset):
    """Rows of sequences (and targets) gathered a batch at a time.

    Parameters
    ----------
    X : ndarray or Ragged
        Float windows ``(n, L, F)`` (views welcome), int64 token ids
        ``(n, L)`` (0 = padding), or a :class:`~sktseq._ragged.Ragged`
        collection.
    y : ndarray of shape (n, ...) or None, default=None
        Targets, already in the dtype the loss expects.
    sample_weight : ndarray of shape (n,) or None, default=None
        Per-row loss weights.

    Attributes
    ----------
    lengths : ndarray of shape (n,) or None
        Real steps per row for token ids and collections; None when every row
        has all its steps.

    Examples
    --------
    >>> import numpy as np
    >>> ids = np.array([[4, 5, 0, 0], [6, 0, 0, 0]])
    >>> X, y = SequenceDataset(ids, np.array([0, 1])).__getitems__([1, 0])
    >>> X.tolist(), y.tolist()  # trimmed to the longest row of the batch
    ([[6, 0], [4, 5]], [1, 0])
    """

    def __init__(self, X, y=None, sample_weight=None):
        self.X = X
        self.y = y
        self.sample_weight = sample_weight
        self.lengths = None
        self._compact = False
        if isinstance(X, Ragged):
            self.lengths = X.lengths
        elif np.issubdtype(X.dtype, np.integer):
            real = X != 0
            self.lengths = real.sum(axis=1)
            # Trimming needs the real tokens first (TextVectorizer's layout);
            # other layouts are compacted batch by batch.
            self._compact = not np.array_equal(
                real, np.arange(X.shape[1]) < self.lengths[:, None]
            )

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        # One row, untrimmed: for inspection and per-sample loaders.
        x = self.X[i]
        y = None if self.y is None else torch.as_tensor(self.y[i])
        return torch.as_tensor(np.array(x)), y

    def __getitems__(self, indices):
        """One batch: ``(X_batch, y_batch)``, one gather each."""
        rows = np.asarray(indices, dtype=np.intp)
        if isinstance(self.X, Ragged):
            xb, lengths = self.X.pad(rows)
            xb = {
                "X": torch.from_numpy(xb),
                "lengths": torch.from_numpy(lengths.astype(np.int64)),
            }
        elif self.lengths is not None:
            ids = self.X[rows]
            if self._compact:
                order = np.argsort(ids == 0, axis=1, kind="stable")
                ids = np.take_along_axis(ids, order, axis=1)
            width = max(int(self.lengths[rows].max(initial=0)), 1)
            xb = torch.from_numpy(np.ascontiguousarray(ids[:, :width]))
        else:
            # The gather copies, so from_numpy never sees a read-only view.
            xb = torch.from_numpy(np.ascontiguousarray(self.X[rows]))
        if self.y is None:
            return xb, None
        yb = torch.from_numpy(self.y[rows])
        if self.sample_weight is not None:
            yb = (yb, torch.from_numpy(self.sample_weight[rows]))
        return xb, yb


def dataset_lengths(dataset):
    """Real steps per row of a :class:`SequenceDataset` or a ``Subset`` of one."""
    if isinstance(dataset, Subset):
        lengths = dataset_lengths(dataset.dataset)
        return None if lengths is None else lengths[np.asarray(dataset.indices)]
    return getattr(dataset, "lengths", None)


def pass_through(batch):
    """``collate_fn`` for batches that ``__getitems__`` already assembled."""
    return batch


class BucketBatchSampler(Sampler):
    """Random batches of rows of similar length.

    Each epoch shuffles the rows, sorts every chunk of ``50 * batch_size``
    rows by length, cuts the chunks into batches and shuffles the batches:
    batches stay random, but a batch holds rows of similar length, so
    trimming it to its longest row removes most of the padding.

    Parameters
    ----------
    lengths : ndarray of int
        Real steps per row.
    batch_size : int
        Rows per batch.
    generator : torch.Generator or None, default=None
        Source of randomness.
    drop_last : bool, default=False
        Drop batches smaller than ``batch_size``.

    Examples
    --------
    >>> import numpy as np, torch
    >>> sampler = BucketBatchSampler(np.array([5, 1, 5, 1]), 2,
    ...                              generator=torch.Generator().manual_seed(0))
    >>> sorted(sorted(b) for b in sampler)
    [[0, 2], [1, 3]]
    """

    chunk_batches = 50

    def __init__(self, lengths, batch_size, *, generator=None, drop_last=False):
        self.lengths = np.asarray(lengths)
        self.batch_size = batch_size
        self.generator = generator
        self.drop_last = drop_last

    def __len__(self):
        n, b = len(self.lengths), self.batch_size
        return n // b if self.drop_last else -(-n // b)

    def __iter__(self):
        seed = int(torch.randint(2**62, (1,), generator=self.generator))
        rng = np.random.default_rng(seed)
        order = rng.permutation(len(self.lengths))
        chunk = self.batch_size * self.chunk_batches
        batches = []
        for start in range(0, len(order), chunk):
            rows = order[start : start + chunk]
            rows = rows[np.argsort(self.lengths[rows], kind="stable")]
            batches += [
                rows[i : i + self.batch_size]
                for i in range(0, len(rows), self.batch_size)
            ]
        if self.drop_last:
            batches = [b for b in batches if len(b) == self.batch_size]
        for k in rng.permutation(len(batches)):
            yield batches[k].tolist()


class SequenceLoader(DataLoader):
    """torch ``DataLoader`` over a :class:`SequenceDataset`, a batch per fetch.

    skorch builds it with ``batch_size`` and ``shuffle`` (``iterator_train``
    / ``iterator_valid``); every other ``DataLoader`` argument passes through
    (``num_workers``, ``pin_memory``, ``prefetch_factor``, ...).

    Parameters
    ----------
    dataset : SequenceDataset or torch.utils.data.Subset of one
        The rows.
    batch_size : int, default=1
        Rows per batch.
    shuffle : bool, default=False
        Random batches each epoch (of similar lengths when the rows have
        lengths, see :class:`BucketBatchSampler`); otherwise batches follow
        the dataset's order.
    generator : numpy.random.Generator, torch.Generator or None, default=None
        Source of the shuffling; a numpy generator (picklable) is advanced
        once per loader, so successive epochs differ and a seeded fit repeats.
    drop_last : bool, default=False
        Drop the last, smaller batch.
    bucket : bool, default=True
        Group rows of similar length when shuffling.
    **kwargs
        Passed to :class:`torch.utils.data.DataLoader`.

    Examples
    --------
    >>> import numpy as np
    >>> data = SequenceDataset(np.zeros((5, 3, 2), np.float32), np.arange(5.0))
    >>> [tuple(X.shape) for X, _ in SequenceLoader(data, batch_size=2)]
    [(2, 3, 2), (2, 3, 2), (1, 3, 2)]
    """

    def __init__(
        self,
        dataset,
        batch_size=1,
        shuffle=False,
        *,
        generator=None,
        drop_last=False,
        bucket=True,
        **kwargs,
    ):
        if isinstance(generator, np.random.Generator):
            seed = int(generator.integers(2**62))
            generator = torch.Generator().manual_seed(seed)
        elif generator is None:
            # The loader draws a base seed for its workers from its generator
            # on every pass: a private one leaves torch's global RNG alone.
            generator = torch.Generator().manual_seed(0)
        lengths = dataset_lengths(dataset) if bucket else None
        if shuffle and lengths is not None:
            batches = BucketBatchSampler(
                lengths, batch_size, generator=generator, drop_last=drop_last
            )
        else:
            rows = (
                RandomSampler(dataset, generator=generator)
                if shuffle
                else SequentialSampler(dataset)
            )
            batches = BatchSampler(rows, batch_size, drop_last)
        kwargs.setdefault("collate_fn", pass_through)
        super().__init__(dataset, batch_sampler=batches, generator=generator, **kwargs)


class MostRecentSplit:
    """skorch ``train_split`` holding out the most recent rows for validation.

    Rows are assumed to be in time order (as ``WindowTransformer`` and
    ``TimeSeriesSplit`` give them): the last ``ceil(fraction * n)`` rows are
    the validation set, never a random or the oldest slice.

    Parameters
    ----------
    fraction : float in (0, 1)
        Share of the rows held out.
    classes : ndarray or None, default=None
        Class labels, for classifiers (``y`` holds indices into them): warn
        when the validation rows lack a class present in the training rows.

    Examples
    --------
    >>> import numpy as np
    >>> data = SequenceDataset(np.zeros((10, 2, 1), np.float32), np.zeros(10))
    >>> train, valid = MostRecentSplit(0.2)(data)
    >>> train.indices.tolist(), valid.indices.tolist()
    ([0, 1, 2, 3, 4, 5, 6, 7], [8, 9])
    """

    def __init__(self, fraction, *, classes=None):
        self.fraction = fraction
        self.classes = classes

    def __call__(self, dataset, y=None, groups=None):
        n = len(dataset)
        n_valid = int(np.ceil(self.fraction * n))
        if n_valid < 1 or n_valid >= n:
            raise ValueError(
                f"validation_fraction={self.fraction} leaves no training or no "
                f"validation rows out of {n}."
            )
        train, valid = np.arange(n - n_valid), np.arange(n - n_valid, n)
        if self.classes is not None and y is not None:
            y = np.asarray(y)
            missing = np.setdiff1d(y[train], y[valid])
            if len(missing):
                warnings.warn(
                    f"The validation rows (the most recent {self.fraction:.0%} "
                    "of the training rows) contain no sample of class(es) "
                    f"{self.classes[missing].tolist()}, so early stopping "
                    "cannot see them. If the rows are not in time order (e.g. "
                    "sorted by class), shuffle them or set "
                    "validation_split='stratified'.",
                    UserWarning,
                    stacklevel=2,
                )
        lengths = dataset_lengths(dataset)
        if lengths is not None:
            # Validation batches come in dataset order: sorting by length
            # keeps them tight (the loss does not depend on the order).
            valid = valid[np.argsort(lengths[valid], kind="stable")]
        return Subset(dataset, train), Subset(dataset, valid)


def call_in_batches(module, method, X, batch_size, device):
    """``module.<method>(X_batch, lengths)`` over validated ``X``, as one array.

    For per-sample diagnostics such as attention weights.  Rows of a
    :class:`~sktseq._ragged.Ragged` collection are padded to the longest
    sequence of all ``X``, so that the batches stack.

    Examples
    --------
    >>> import numpy as np
    >>> import torch
    >>> class Lengths(torch.nn.Module):
    ...     def steps(self, X, lengths=None):
    ...         return torch.full((len(X),), X.shape[1])
    >>> call_in_batches(Lengths(), "steps", np.zeros((5, 3, 1)), 2, "cpu").tolist()
    [3, 3, 3, 3, 3]
    """
    out = []
    for start in range(0, len(X), batch_size):
        rows = np.arange(start, min(start + batch_size, len(X)))
        lengths = None
        if isinstance(X, Ragged):
            xb, lengths = X.pad(np.r_[rows, np.argmax(X.lengths)])
            xb, lengths = xb[:-1], torch.from_numpy(lengths[:-1]).to(device)
        else:
            xb = np.ascontiguousarray(X[rows])
        result = getattr(module, method)(torch.from_numpy(xb).to(device), lengths)
        out.append(result.cpu().numpy())
    return np.concatenate(out) if out else np.empty((0,), dtype=np.float32)
