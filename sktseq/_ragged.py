"""Collections of sequences of different lengths (ragged input).

Users pass a list (or object array) of ``(L_i, n_features)`` float arrays, or
of 1-D arrays for univariate sequences.  :func:`check_ragged` validates them
once and stores them as :class:`Ragged`: every step of every sequence in one
``(sum L_i, n_features)`` array plus row offsets.  Nothing is padded here:
consumers gather and pad one batch at a time (:meth:`Ragged.pad`) or reduce
over the real steps directly (``numpy.add.reduceat`` over ``offsets``).
"""

import numpy as np

__all__ = ["Ragged", "check_ragged", "is_ragged"]


def is_ragged(X):
    """True for a collection of sequences of different lengths.

    A list or tuple of sequences whose lengths differ, or a 1-D object array
    of sequences.  Equal-length lists are ordinary arrays.

    Examples
    --------
    >>> import numpy as np
    >>> is_ragged([np.zeros(3), np.zeros(5)]), is_ragged([[1, 2], [3, 4]])
    (True, False)
    """
    if isinstance(X, np.ndarray):
        return (
            X.dtype == object
            and X.ndim == 1
            and len(X) > 0
            and all(hasattr(x, "__len__") and not isinstance(x, str) for x in X)
        )
    if not isinstance(X, list | tuple) or not X:
        return False
    if any(isinstance(x, str) or not hasattr(x, "__len__") for x in X):
        return False
    return len({len(x) for x in X}) > 1


class Ragged:
    """Sequences of different lengths stored as one array and offsets.

    Parameters
    ----------
    values : ndarray of shape (sum of lengths, n_features)
        Every step of every sequence, sequence after sequence.
    offsets : ndarray of int64, shape (n_sequences + 1,)
        Sequence ``i`` is ``values[offsets[i]:offsets[i + 1]]``.

    Examples
    --------
    >>> import numpy as np
    >>> r = check_ragged([np.arange(3.0), np.arange(2.0)], dtype=np.float64)
    >>> len(r), r.lengths.tolist(), r.n_features
    (2, [3, 2], 1)
    >>> padded, lengths = r.pad(np.array([1, 0]))
    >>> padded[..., 0].tolist(), lengths.tolist()
    ([[0.0, 1.0, 0.0], [0.0, 1.0, 2.0]], [2, 3])
    """

    ndim = 3  # a sequence of (length, n_features) steps, like windows

    def __init__(self, values, offsets):
        self.values = values
        self.offsets = offsets

    def __len__(self):
        return len(self.offsets) - 1

    @property
    def lengths(self):
        """Number of steps of every sequence."""
        return np.diff(self.offsets)

    @property
    def n_features(self):
        """Features per step."""
        return self.values.shape[1]

    @property
    def dtype(self):
        """dtype of the values."""
        return self.values.dtype

    def __getitem__(self, i):
        return self.values[self.offsets[i] : self.offsets[i + 1]]

    def take(self, rows):
        """The sequences at ``rows`` as a new :class:`Ragged` (one copy)."""
        rows = np.asarray(rows, dtype=np.intp)
        lengths = self.lengths[rows]
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return Ragged(self.values[_step_index(self.offsets[rows], lengths)], offsets)

    def pad(self, rows, fill=0.0):
        """Gather ``rows`` into one zero-padded ``(B, max_len, F)`` array.

        Returns the padded batch and the lengths of its rows.
        """
        rows = np.asarray(rows, dtype=np.intp)
        lengths = self.lengths[rows]
        width = int(lengths.max()) if len(rows) else 0
        steps = np.arange(width)
        real = steps < lengths[:, None]
        index = np.where(real, self.offsets[rows][:, None] + steps, 0)
        batch = self.values[index]
        batch[~real] = fill
        return batch, lengths


def _step_index(starts, lengths):
    """Flat positions of ``lengths[i]`` steps from ``starts[i]``, row after row."""
    total = int(lengths.sum())
    row_start = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return row_start + np.arange(total)


def check_ragged(
    X, *, estimator=None, reset=False, dtype=np.float32, ensure_all_finite=True
):
    """Validate a collection of sequences and return it as :class:`Ragged`.

    Parameters
    ----------
    X : list, tuple or object array of array-like
        Each element a ``(L_i, n_features)`` sequence, or a 1-D ``(L_i,)``
        univariate one; all of the same kind.
    estimator : estimator instance or None, default=None
        Receives ``n_features_in_`` when ``reset`` and is checked against it
        otherwise; named in error messages.
    reset : bool, default=False
        True in ``fit``.
    dtype : numpy dtype, default=np.float32
        dtype of the stored values.
    ensure_all_finite : bool or "allow-nan", default=True
        Reject NaN (unless "allow-nan") and infinity.

    Returns
    -------
    Ragged

    Examples
    --------
    >>> import numpy as np
    >>> check_ragged([np.ones((4, 2)), np.ones((1, 2))]).lengths.tolist()
    [4, 1]
    >>> check_ragged([np.ones((4, 2)), np.ones(3)])
    Traceback (most recent call last):
    ...
    ValueError: X[1] is a 1-D sequence, but X[0] is 2-D: ...
    """
    name = type(estimator).__name__ if estimator is not None else "X"
    arrays = []
    first_ndim = None
    for i, x in enumerate(X):
        try:
            a = np.asarray(x, dtype=dtype)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"X[{i}] is not a numeric sequence: {exc}") from None
        if a.ndim not in (1, 2):
            raise ValueError(
                f"X[{i}] has {a.ndim} dimensions; each sequence must be 1-D "
                "(length,) or 2-D (length, n_features)."
            )
        if first_ndim is None:
            first_ndim = a.ndim
        elif a.ndim != first_ndim:
            raise ValueError(
                f"X[{i}] is a {a.ndim}-D sequence, but X[0] is {first_ndim}-D: "
                "give every sequence as (length, n_features), or every one as "
                "(length,) for univariate sequences."
            )
        a = a.reshape(len(a), -1)
        if len(a) == 0:
            raise ValueError(f"X[{i}] is an empty sequence; every row needs a step.")
        if a.shape[1] != (arrays[0].shape[1] if arrays else a.shape[1]):
            raise ValueError(
                f"X[{i}] has {a.shape[1]} features per step, but X[0] has "
                f"{arrays[0].shape[1]}."
            )
        arrays.append(a)
    values = np.concatenate(arrays)
    if ensure_all_finite:
        bad = ~np.isfinite(values)
        if ensure_all_finite == "allow-nan":
            bad &= ~np.isnan(values)
        if bad.any():
            offsets = np.cumsum([0] + [len(a) for a in arrays])
            first = np.flatnonzero(bad.any(axis=1))[0]
            row = int(np.searchsorted(offsets, first, side="right")) - 1
            what = "infinity" if ensure_all_finite == "allow-nan" else "NaN or infinity"
            raise ValueError(f"X[{row}] contains {what}; {name} needs finite values.")
    offsets = np.zeros(len(arrays) + 1, dtype=np.int64)
    np.cumsum([len(a) for a in arrays], out=offsets[1:])
    ragged = Ragged(values, offsets)
    if estimator is not None:
        if reset:
            estimator.n_features_in_ = ragged.n_features
        elif ragged.n_features != estimator.n_features_in_:
            raise ValueError(
                f"X has {ragged.n_features} features per time step, but {name} "
                f"is expecting {estimator.n_features_in_} features as input."
            )
    return ragged
