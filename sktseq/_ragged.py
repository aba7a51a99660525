"""Collections of sequences of different lengths (ragged input).

Users pass a list (or object array, or pandas Series) of ``(L_i, n_features)``
float arrays, or of 1-D arrays for univariate sequences.  :func:`check_ragged`
validates them once, for every consumer (the neural estimators,
:class:`~sktseq.WindowSummary`, :class:`~sktseq.TsfreshFeatures`), and stores
them as :class:`Ragged`: every step of every sequence in one
``(sum L_i, n_features)`` array plus row offsets.  Nothing is padded here:
consumers gather and pad one batch at a time (:meth:`Ragged.pad`) or reduce
over the real steps directly (``numpy.add.reduceat`` over ``offsets``).

``n_features_in_`` means *features per time step*, as for 3-D windows in
:func:`~sktseq._validation.check_sequences`; so a model fitted on windows
``(n, L, F)`` takes a collection of ``(L_i, F)`` sequences and the other way
round, and a model fitted on univariate ``(n, L)`` sequences (whose
``n_features_in_`` is ``L``, scikit-learn's meaning for 2-D input) takes a
collection of univariate ones.
"""

import numpy as np

__all__ = ["Ragged", "check_ragged", "is_ragged", "pad_token_ids"]


def _is_sequence(x):
    return hasattr(x, "__len__") and not isinstance(x, str | bytes)


def is_ragged(X):
    """True for a collection of separate sequences.

    A 1-D object array or pandas Series of sequences, or a list or tuple of
    sequences that holds arrays (``ndarray``, DataFrame...) or whose lengths
    differ.  A list of equal-length lists is a table, and a 2-D or 3-D array
    is windows or sequences, not a collection.

    Examples
    --------
    >>> import numpy as np
    >>> is_ragged([np.zeros(3), np.zeros(5)]), is_ragged([[1, 2], [3, 4]])
    (True, False)
    >>> is_ragged([np.zeros(4)])  # one sequence given as a list of arrays
    True
    """
    if hasattr(X, "dtype") and hasattr(X, "ndim"):  # arrays, pandas Series
        return X.dtype == object and X.ndim == 1 and all(map(_is_sequence, X))
    if not isinstance(X, list | tuple) or not X or not all(map(_is_sequence, X)):
        return False
    return any(hasattr(x, "ndim") for x in X) or len({len(x) for x in X}) > 1


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


def check_ragged(
    X, *, estimator=None, reset=False, dtype=np.float32, ensure_all_finite=True
):
    """Validate a collection of sequences and return it as :class:`Ragged`.

    Every error names the first offending sequence ``X[i]`` (and the time
    step, for non-finite values).

    Parameters
    ----------
    X : list, tuple, object array or Series of array-like
        Each element a ``(L_i, n_features)`` sequence, or a 1-D ``(L_i,)``
        univariate one; all of the same kind, none empty.
    estimator : estimator instance or None, default=None
        When ``reset``, receives ``n_features_in_`` (features per time step,
        as for 3-D windows) and loses any ``feature_names_in_``; otherwise
        the features per step are checked against what it was fitted on
        (1 for a model fitted on univariate ``(n, L)`` sequences).  Named in
        error messages.
    reset : bool, default=False
        True in ``fit``.
    dtype : numpy dtype or list of dtypes, default=np.float32
        dtype of the stored values.  A list keeps the sequences' common
        dtype when it is in the list and converts to the first otherwise.
    ensure_all_finite : bool or "allow-nan", default=True
        Reject NaN (unless "allow-nan") and infinity.

    Returns
    -------
    Ragged
        The values in one array of ``dtype``: the only copy of the data.

    Examples
    --------
    >>> import numpy as np
    >>> check_ragged([np.ones((4, 2)), np.ones((1, 2))]).lengths.tolist()
    [4, 1]
    >>> check_ragged([np.ones((4, 2)), np.ones(3)])
    Traceback (most recent call last):
    ...
    ValueError: X mixes 1-D and 2-D sequences: X[1] is 1-D, but X[0] is 2-D; ...
    """
    name = type(estimator).__name__ if estimator is not None else "the estimator"
    arrays = [_check_one(i, x) for i, x in enumerate(X)]
    if not arrays:
        raise ValueError(
            f"X is an empty collection: 0 sequences, {name} needs at least 1."
        )
    _check_alike(arrays)
    if isinstance(dtype, list | tuple):
        common = np.result_type(*{a.dtype for a in arrays})
        dtype = common if common in dtype else dtype[0]
    lengths = np.array([len(a) for a in arrays], dtype=np.int64)
    offsets = np.zeros(len(arrays) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    n_features = 1 if arrays[0].ndim == 1 else arrays[0].shape[1]
    values = np.empty((offsets[-1], n_features), dtype=dtype)
    for a, start, stop in zip(arrays, offsets[:-1], offsets[1:]):
        values[start:stop] = a.reshape(len(a), n_features)  # the one copy, cast
    if ensure_all_finite:
        _check_finite(values, offsets, ensure_all_finite, name)
    if estimator is not None:
        _record_or_check_features(estimator, n_features, reset)
    return Ragged(values, offsets)


def _check_one(i, x):
    """Sequence ``X[i]`` as a numeric 1-D or 2-D array with at least one step."""
    try:
        a = np.asarray(x)
        if a.dtype.kind == "c":
            raise TypeError("complex values are not supported")
        if a.dtype.kind not in "biuf":
            a = a.astype(np.float64)  # numbers stored as objects; str fails
    except (TypeError, ValueError) as exc:
        raise ValueError(f"X[{i}] is not a numeric sequence: {exc}") from None
    if a.ndim not in (1, 2):
        raise ValueError(
            f"X[{i}] has {a.ndim} dimensions; each sequence must be 1-D "
            "(length,) for a univariate one or 2-D (length, n_features)."
        )
    if len(a) == 0:
        raise ValueError(
            f"X[{i}] is an empty sequence (0 time steps); every sequence needs "
            "at least one."
        )
    return a


def _check_alike(arrays):
    """All 1-D, or all 2-D with the same number of features."""
    first = arrays[0]
    for i, a in enumerate(arrays):
        if a.ndim != first.ndim:
            raise ValueError(
                f"X mixes 1-D and 2-D sequences: X[{i}] is {a.ndim}-D, but X[0] "
                f"is {first.ndim}-D; give every sequence as (length, n_features) "
                "(x.reshape(-1, 1) for a univariate one), or every one as "
                "(length,)."
            )
        if a.shape[1:] != first.shape[1:]:
            raise ValueError(
                f"X[{i}] has {a.shape[1]} features per time step, but X[0] has "
                f"{first.shape[1]}."
            )


def _check_finite(values, offsets, ensure_all_finite, name):
    bad = np.isinf(values) if ensure_all_finite == "allow-nan" else ~np.isfinite(values)
    steps = np.flatnonzero(bad.any(axis=1))
    if steps.size:
        row = int(np.searchsorted(offsets, steps[0], side="right")) - 1
        what = "infinity" if ensure_all_finite == "allow-nan" else "NaN or infinity"
        raise ValueError(
            f"X[{row}] contains {what} (time step {steps[0] - offsets[row]}); "
            f"{name} needs finite values: drop or fill them first."
        )


def _record_or_check_features(estimator, n_features, reset):
    """``n_features_in_`` is the number of features per time step."""
    if reset:
        estimator.n_features_in_ = n_features
        estimator._sequence_ndim = 3  # features per step, as for windows
        if hasattr(estimator, "feature_names_in_"):
            del estimator.feature_names_in_
        return
    # A model fitted on univariate (n, L) sequences has n_features_in_ = L.
    univariate = getattr(estimator, "_sequence_ndim", 3) == 2
    expected = 1 if univariate else estimator.n_features_in_
    if n_features != expected:
        fitted = " (it was fitted on univariate sequences)" if univariate else ""
        raise ValueError(
            f"X has {n_features} features per time step, but "
            f"{type(estimator).__name__} is expecting {expected} features as "
            f"input{fitted}."
        )


def pad_token_ids(X):
    """Token-id sequences of different lengths as one post-padded int64 array.

    A collection whose sequences are all 1-D integer arrays holds token ids
    (a tokenizer's output, say); padded with 0 they are the ``(n, max_len)``
    ids every neural estimator embeds and masks.  Returns None for any other
    collection.

    Examples
    --------
    >>> import numpy as np
    >>> pad_token_ids([np.array([4, 5, 6]), np.array([7])])
    array([[4, 5, 6],
           [7, 0, 0]])
    >>> pad_token_ids([np.array([0.5, 1.0]), np.array([2.0])]) is None
    True
    """
    arrays = [np.asarray(x) for x in X]
    if not all(a.ndim == 1 and a.dtype.kind in "iu" for a in arrays):
        return None
    lengths = np.array([len(a) for a in arrays])
    ids = np.zeros((len(arrays), max(int(lengths.max()), 1)), dtype=np.int64)
    ids[np.arange(ids.shape[1]) < lengths[:, None]] = np.concatenate(arrays)
    return ids
