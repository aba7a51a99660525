"""WindowSummary's statistics over a collection of sequences of different lengths.

Every statistic is computed over the real steps of every sequence at once,
from the concatenated steps ``values`` ``(sum L_i, F)`` and the sequence
``offsets`` of a :class:`~sktseq._ragged.Ragged`: no padding, no loop over
the sequences.

* ``sum``, ``mean``, ``min``, ``max``: ufunc ``reduceat`` over the sequence
  starts (sums accumulate in float64: ``reduceat`` adds step after step,
  not pairwise as ``ndarray.sum`` does).
* ``var``, ``std``: two passes, as numpy's: the deviations from each
  sequence's mean (repeated over its steps), squared and summed.
* ``slope``: least squares against the centred step number ``t - (L-1)/2``;
  its sum of squares is ``L (L^2 - 1) / 12``, 0 for one step (slope 0, as
  for one-step windows).
* ``median``: one ``numpy.lexsort`` of every feature column at once, keyed by
  sequence then value, puts each sequence's values in order inside its own
  block; the median is the mean of the block's middle one or two values.  A
  sequence holding NaN gets NaN, as with ``numpy.median``.

NaN propagates as in the windowed statistics: a sequence with a NaN step
gets NaN for every statistic but ``first``/``last`` (when those steps are
present).
"""

import numpy as np

__all__ = ["RAGGED_SUMMARIES"]


def _starts(r):
    return r.offsets[:-1]


def _sum(r):
    return np.add.reduceat(r.values, _starts(r), axis=0, dtype=np.float64)


def _mean(r):
    return _sum(r) / r.lengths[:, None]


def _var(r):
    deviations = r.values - np.repeat(_mean(r), r.lengths, axis=0)  # float64
    np.square(deviations, out=deviations)
    return np.add.reduceat(deviations, _starts(r), axis=0) / r.lengths[:, None]


def _slope(r):
    lengths = r.lengths
    steps = np.arange(len(r.values)) - np.repeat(_starts(r), lengths)
    centred = steps - np.repeat((lengths - 1) / 2, lengths)
    cross = np.add.reduceat(centred[:, None] * r.values, _starts(r), axis=0)
    squares = (lengths * (lengths**2 - 1) / 12)[:, None]
    out = np.zeros(cross.shape)
    return np.divide(cross, squares, out=out, where=squares > 0)


def _median(r):
    starts, lengths = _starts(r), r.lengths
    sequence = np.repeat(np.arange(len(lengths)), lengths)
    keys = (r.values, np.broadcast_to(sequence[:, None], r.values.shape))
    ordered = np.take_along_axis(r.values, np.lexsort(keys, axis=0), axis=0)
    low = ordered[starts + (lengths - 1) // 2]
    median = (low + ordered[starts + lengths // 2]) / 2
    median[np.logical_or.reduceat(np.isnan(r.values), starts, axis=0)] = np.nan
    return median


# statistic name -> function of a Ragged -> (n_sequences, n_features)
RAGGED_SUMMARIES = {
    "mean": _mean,
    "std": lambda r: np.sqrt(_var(r)),
    "var": _var,
    "min": lambda r: np.minimum.reduceat(r.values, _starts(r), axis=0),
    "max": lambda r: np.maximum.reduceat(r.values, _starts(r), axis=0),
    "median": _median,
    "sum": _sum,
    "first": lambda r: r.values[_starts(r)],
    "last": lambda r: r.values[r.offsets[1:] - 1],
    "slope": _slope,
}
