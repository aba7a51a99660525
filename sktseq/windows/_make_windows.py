"""Keras-compatible sliding windows as zero-copy numpy views.

:func:`make_windows` returns exactly the windows and targets of
``keras.utils.timeseries_dataset_from_array`` (unshuffled, all batches
concatenated), as read-only views over the data instead of a ``tf.data``
pipeline.  :func:`_window_view` is the one strided-view helper shared with
:class:`~sktseq.windows.WindowTransformer`.
"""

from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._compat import Interval, validate_params

__all__ = ["make_windows"]


def _window_view(buf, seq_len, sampling_rate):
    """Read-only view of every window of ``buf`` along axis 0.

    Window ``k`` holds rows ``k, k + r, ..., k + (seq_len - 1) * r`` (oldest
    first), so the result has shape ``(len(buf) - span + 1, seq_len,
    *buf.shape[1:])`` with ``span = (seq_len - 1) * r + 1``.  No data is
    copied: the view only changes strides.
    """
    span = (seq_len - 1) * sampling_rate + 1
    if len(buf) < span:
        shape = (0, seq_len, *buf.shape[1:])
        return np.lib.stride_tricks.as_strided(
            buf, shape=shape, strides=(0,) * len(shape), writeable=False
        )
    # sliding_window_view appends the window axis last and is read-only.
    view = sliding_window_view(buf, span, axis=0)[..., ::sampling_rate]
    return np.moveaxis(view, -1, 1)


def _read_only(a):
    a = a.view()  # never change the flags of the caller's array
    a.flags.writeable = False
    return a


@validate_params(
    {
        "data": ["array-like"],
        "targets": ["array-like", None],
        "sequence_length": [Interval(Integral, 1, None, closed="left")],
        "sequence_stride": [Integral],
        "sampling_rate": [Integral],
        "start_index": [Integral, None],
        "end_index": [Integral, None],
    },
    prefer_skip_nested_validation=True,
)
def make_windows(
    data,
    targets=None,
    *,
    sequence_length,
    sequence_stride=1,
    sampling_rate=1,
    start_index=None,
    end_index=None,
):
    """Keras ``timeseries_dataset_from_array`` windows as numpy views.

    Gives the same windows and targets, in the same order, as
    ``keras.utils.timeseries_dataset_from_array(data, targets,
    sequence_length, sequence_stride, sampling_rate, shuffle=False,
    start_index=start_index, end_index=end_index)`` with all batches
    concatenated, but returns read-only views over ``data`` and ``targets``
    instead of a ``tf.data.Dataset``: no window is copied, so memory stays
    O(rows x features) whatever ``sequence_length``.  Gather a batch with
    ``X[idx]`` when a model needs it.

    Window ``i`` starts at data row ``s = start_index + i * sequence_stride``
    and holds rows ``s, s + sampling_rate, ..., s + (sequence_length - 1) *
    sampling_rate``; its target is ``targets[s]`` (Keras pairs a window with
    the target at the index where the window *starts*: to predict the row
    after a window, pass ``data[:-delay]`` and ``targets=series[delay:]``
    with ``delay = sequence_length`` as in Keras' own example).  Windows
    never reach row ``end_index`` (exclusive) and, when ``targets`` is given,
    no more than ``len(targets)`` start positions are used.

    Parameters
    ----------
    data : array-like of shape (n_rows, ...)
        Consecutive time steps along axis 0 (a DataFrame is read with
        ``numpy.asarray``).  The dtype is kept, as in Keras.
    targets : array-like of shape (n_targets, ...), default=None
        ``targets[i]`` is the target of the window that starts at row ``i``.
    sequence_length : int
        Number of time steps in a window (>= 1).
    sequence_stride : int, default=1
        Rows between the starts of successive windows.
    sampling_rate : int, default=1
        Rows between successive time steps inside a window.
    start_index : int, default=None
        First row that windows may use (None: 0).
    end_index : int, default=None
        Rows from ``end_index`` on are not used (None: ``len(data)``).

    Returns
    -------
    X : ndarray of shape (n_windows, sequence_length, ...)
        Read-only view over ``numpy.asarray(data)``.
    y : ndarray of shape (n_windows, ...) or None
        Read-only view over ``numpy.asarray(targets)``; None without targets.

    Raises
    ------
    ValueError
        With Keras' conditions: ``start_index`` negative or not below
        ``len(data)``; ``end_index`` not above ``start_index``, not below
        ``len(data)`` (Keras rejects ``end_index == len(data)``; use None),
        or not above 0 (Keras silently yields no windows for
        ``end_index=0``; this function raises instead); ``sampling_rate`` or
        ``sequence_stride`` not in ``[1, len(data))``.  Also when ``targets``
        is too short for a window that Keras would emit (Keras fails on
        iteration there).

    See Also
    --------
    WindowTransformer : one window per input row, for scikit-learn pipelines.

    Examples
    --------
    >>> import numpy as np
    >>> from sktseq.windows import make_windows
    >>> X, y = make_windows(np.arange(10), np.arange(10) * 10,
    ...                     sequence_length=3, sequence_stride=2, sampling_rate=2)
    >>> X
    array([[0, 2, 4],
           [2, 4, 6],
           [4, 6, 8]])
    >>> y
    array([ 0, 20, 40])
    """
    data = np.asarray(data)
    if data.ndim == 0:
        raise ValueError("data must have at least one dimension (time on axis 0).")
    n_rows = len(data)
    # Keras' bound checks, with its (truthiness-based) conditions: a
    # start_index of 0 is never checked, end_index=0 is (see Raises).
    if start_index:
        if start_index < 0:
            raise ValueError(
                f"start_index must be 0 or greater. Received: start_index={start_index}"
            )
        if start_index >= n_rows:
            raise ValueError(
                "start_index must be lower than the length of the data. Received: "
                f"start_index={start_index}, for data of length {n_rows}"
            )
    if end_index is not None:
        if start_index and end_index <= start_index:
            raise ValueError(
                "end_index must be higher than start_index. Received: "
                f"start_index={start_index}, and end_index={end_index}"
            )
        if end_index >= n_rows:
            raise ValueError(
                "end_index must be lower than the length of the data. Received: "
                f"end_index={end_index}, for data of length {n_rows}"
            )
        if end_index <= 0:
            raise ValueError(
                f"end_index must be higher than 0. Received: end_index={end_index}"
            )
    for name, value in (
        ("sampling_rate", sampling_rate),
        ("sequence_stride", sequence_stride),
    ):
        if value <= 0:
            raise ValueError(f"{name} must be higher than 0. Received: {name}={value}")
        if value >= n_rows:
            raise ValueError(
                f"{name} must be lower than the length of the data. Received: "
                f"{name}={value}, for data of length {n_rows}"
            )

    start = 0 if start_index is None else int(start_index)
    end = n_rows if end_index is None else int(end_index)
    num_seqs = end - start - (sequence_length - 1) * sampling_rate
    if targets is not None:
        targets = np.asarray(targets)
        if targets.ndim == 0:
            raise ValueError("targets must have at least one dimension.")
        num_seqs = min(num_seqs, len(targets))
    num_seqs = max(num_seqs, 0)

    windows = _window_view(data[start:end], sequence_length, sampling_rate)
    X = windows[:num_seqs:sequence_stride]
    if targets is None:
        return X, None
    n_windows = len(X)
    last_row = start + (n_windows - 1) * sequence_stride
    if n_windows and last_row >= min(len(targets), end):
        raise ValueError(
            f"targets has {len(targets)} rows, but the window starting at data "
            f"row {last_row} needs targets[{last_row}] (Keras reads targets "
            f"[start_index:end_index])."
        )
    y = targets[start : start + num_seqs : sequence_stride]
    return X, _read_only(y)
