"""Windows to flat tables: raw values (FlattenWindows) or summaries (WindowSummary).

Both turn ``(n_samples, seq_len, n_features)`` windows (or 2-D univariate
sequences, read as one feature) into a 2-D table, so that Ridge,
HistGradientBoosting or an MLP train on exactly the windows a sequence model
sees.  WindowSummary also summarizes collections of sequences of different
lengths (their statistics live in :mod:`._ragged_summary`); FlattenWindows
cannot, as each step becomes a column.
"""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .._compat import _check_feature_names_in, _fit_context
from .._ragged import Ragged, check_ragged, is_ragged
from .._validation import check_sequences
from ..windows._window_array import frame_on_window_index
from ._ragged_summary import RAGGED_SUMMARIES

__all__ = ["FlattenWindows", "WindowSummary"]

# Keep float32 windows float32 (no copy), float64 stays float64.
_FLOATS = [np.float32, np.float64]


class _WindowTable(TransformerMixin, BaseEstimator):
    """Shared fit/transform, validation and naming: windows in, a table out.

    Subclasses define ``_table(X)`` on validated ``(n, seq_len, n_features)``
    windows or a :class:`~sktseq._ragged.Ragged` collection, and may check
    their parameters in ``_check_params()``.
    """

    _parameter_constraints = {}

    def _check_params(self):
        pass

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check the parameters and record the window shape.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or \
(n_samples, seq_len), or list of arrays
            Windows, univariate sequences (one feature), or a collection of
            ``(length, n_features)`` (or 1-D) sequences.
        y : None
            Ignored.

        Returns
        -------
        self : estimator
            This transformer.
        """
        self._check_params()
        self._validate(X, reset=True)
        return self

    def transform(self, X):
        """Turn each window into one row of the table.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or \
(n_samples, seq_len), or list of arrays
            Windows or sequences with the features per time step seen in
            ``fit``.

        Returns
        -------
        X_table : ndarray or DataFrame of shape (n_samples, n_features_out)
            Same float dtype as ``X`` (float32 or float64); the columns are
            named by ``get_feature_names_out``.  Under
            ``set_output(transform="pandas")``, a DataFrame on the index of
            the table the windows were made from (see
            :class:`~sktseq.windows.WindowArray`), or of a pandas Series of
            sequences.
        """
        check_is_fitted(self)
        table = self._table(self._validate(X, reset=False))
        return frame_on_window_index(self, table, X)

    def _validate(self, X, *, reset):
        kwargs = {"reset": reset, "dtype": _FLOATS, "ensure_all_finite": "allow-nan"}
        if is_ragged(X):
            return check_ragged(X, estimator=self, **kwargs)
        return check_sequences(self, X, **kwargs)

    def _feature_names(self, input_features):
        """Names of the features per time step (one, ``x0``, for 2-D input)."""
        check_is_fitted(self)
        names = _check_feature_names_in(self, input_features)
        if self._sequence_ndim == 2:
            return names, np.asarray(["x0"], dtype=object)
        return names, names

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


class FlattenWindows(_WindowTable):
    """Flatten windows ``(n, seq_len, n_features)`` into ``(n, seq_len * n_features)``.

    The columns are in time order, all features of the oldest step first:
    ``x0_t-{seq_len-1}, x1_t-{seq_len-1}, ..., x0_t-0, x1_t-0``, where
    ``t-0`` is the last (most recent) step of the window.  This is NumPy's
    C order, so a contiguous window array is flattened without a copy.

    Missing values pass through unchanged (e.g. the padded first windows of
    :class:`~sktseq.WindowTransformer`).  Windows that
    :class:`~sktseq.WindowTransformer` made of a DataFrame name the features
    after its columns (``T_t-0``) and, under pandas output, give a DataFrame
    on its index (see :class:`~sktseq.windows.WindowArray`).

    A list of sequences is accepted when they all have one length (it is
    then windows); sequences of different lengths are refused, since each
    step becomes a column: summarize them with :class:`~sktseq.WindowSummary`
    or :class:`~sktseq.TsfreshFeatures`, give them to a neural estimator as
    they are, or pad or resample them to one length first.

    Attributes
    ----------
    n_features_in_ : int
        Features per time step (3-D input), or ``seq_len`` for 2-D input.
    seq_len_ : int
        Number of time steps per window seen in ``fit``.

    See Also
    --------
    sktseq.WindowSummary : A few statistics per window instead of every value.
    sktseq.WindowTransformer : Makes the windows from a time-ordered table.

    Examples
    --------
    >>> import numpy as np
    >>> from sktseq.features import FlattenWindows
    >>> windows = np.arange(12.0).reshape(2, 3, 2)   # 2 windows, 3 steps, 2 features
    >>> flat = FlattenWindows().fit(windows)
    >>> flat.transform(windows)
    array([[ 0.,  1.,  2.,  3.,  4.,  5.],
           [ 6.,  7.,  8.,  9., 10., 11.]])
    >>> flat.get_feature_names_out(["T", "p"]).tolist()
    ['T_t-2', 'p_t-2', 'T_t-1', 'p_t-1', 'T_t-0', 'p_t-0']
    """

    def _validate(self, X, *, reset):
        X = super()._validate(X, reset=reset)
        if isinstance(X, Ragged):
            X = _one_length(X, type(self).__name__)
        if reset:
            self.seq_len_ = X.shape[1]
        elif X.shape[1] != self.seq_len_:
            # Different lengths would give a table with other columns.
            raise ValueError(
                f"X has windows of {X.shape[1]} time steps, but "
                f"{type(self).__name__} was fitted on {self.seq_len_}."
            )
        return X

    def _table(self, X):
        return X.reshape(len(X), -1)

    def get_feature_names_out(self, input_features=None):
        """Names ``<feature>_t-<k>``, ``k`` steps before the window's last step.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Names of the features per time step (3-D input) or of the input
            columns (2-D input, returned unchanged).

        Returns
        -------
        feature_names_out : ndarray of str
        """
        names, features = self._feature_names(input_features)
        if self._sequence_ndim == 2 and (
            input_features is not None or hasattr(self, "feature_names_in_")
        ):
            return names  # the columns already name the time steps
        lags = np.arange(self.seq_len_ - 1, -1, -1)
        return np.asarray([f"{f}_t-{k}" for k in lags for f in features], dtype=object)


def _one_length(ragged, name):
    """A collection of equal lengths as windows (a view); refuse other lengths."""
    lengths = ragged.lengths
    other = np.flatnonzero(lengths != lengths[0])
    if other.size:
        i = other[0]
        raise ValueError(
            f"{name} needs sequences of one length, but X[{i}] has {lengths[i]} "
            f"time steps and X[0] has {lengths[0]}: each step becomes a column, "
            "so different lengths would give rows of different widths. Use "
            "WindowSummary (statistics over each sequence's own steps) or "
            "TsfreshFeatures, give the list as it is to a neural estimator "
            "(GRUClassifier, ...), or pad or resample the sequences to one "
            "length first."
        )
    return ragged.values.reshape(len(ragged), lengths[0], ragged.n_features)


def _slope(X):
    """Least-squares slope per step along axis 1 (0 for one-step windows)."""
    steps = np.arange(X.shape[1], dtype=X.dtype)
    steps -= steps.mean()
    denom = (steps**2).sum()
    if denom == 0:
        return np.zeros_like(X[:, 0])
    return np.einsum("ntf,t->nf", X, steps) / denom


# statistic name -> function of (n, seq_len, n_features) -> (n, n_features)
_SUMMARIES = {
    "mean": lambda X: X.mean(axis=1),
    "std": lambda X: X.std(axis=1),
    "var": lambda X: X.var(axis=1),
    "min": lambda X: X.min(axis=1),
    "max": lambda X: X.max(axis=1),
    "median": lambda X: np.median(X, axis=1),
    "sum": lambda X: X.sum(axis=1),
    "first": lambda X: X[:, 0],
    "last": lambda X: X[:, -1],
    "slope": _slope,
}


class WindowSummary(_WindowTable):
    """Summary statistics of every feature over each window or sequence.

    Takes windows ``(n, seq_len, n_features)``, univariate sequences
    ``(n, seq_len)``, or a collection of sequences of different lengths (a
    list of ``(L_i, n_features)`` or 1-D arrays, e.g. from
    :func:`~sktseq.datasets.load_ts`): each statistic is then computed over
    the real steps of each sequence, vectorized over the whole collection
    with no padding.  Windows or sequences of any length are accepted at
    ``transform``.

    Parameters
    ----------
    stats : tuple of str, default=("mean", "std", "min", "max", "last")
        Statistics over the time steps of a window: ``"mean"``, ``"std"``,
        ``"var"`` (population, ``ddof=0``), ``"min"``, ``"max"``,
        ``"median"``, ``"sum"``, ``"first"``, ``"last"`` (the most recent
        step) and ``"slope"`` (least-squares trend per time step).

    Attributes
    ----------
    n_features_in_ : int
        Features per time step (3-D input and collections), or ``seq_len``
        for 2-D input.

    See Also
    --------
    sktseq.FlattenWindows : Every value of every window.
    sktseq.TsfreshFeatures : Hundreds of tsfresh features per sequence.
    sktseq.RollingStats : Rolling statistics straight from a time-ordered table.

    Notes
    -----
    The output has ``n_features * len(stats)`` columns grouped by feature:
    ``x0_mean, x0_std, ..., x1_mean, ...``; 2-D input is one feature, ``x0``.
    Windows from :class:`~sktseq.WindowTransformer` on a DataFrame carry its
    column names (``T_mean, ...``) and, under ``set_output(transform=
    "pandas")``, give a DataFrame on its index (see
    :class:`~sktseq.windows.WindowArray`); a pandas Series of sequences
    gives a DataFrame on the Series' index.
    A window containing NaN gives NaN statistics (except ``first``/``last``
    when those steps are present).

    On a collection, sums accumulate in float64 (``numpy.add.reduceat`` over
    the sequence starts); ``median`` sorts every sequence's values in one
    ``numpy.lexsort`` keyed by sequence; ``slope`` is the least-squares fit
    against each sequence's own step numbers (see
    ``sktseq/features/_ragged_summary.py``).

    Examples
    --------
    >>> import numpy as np
    >>> from sktseq.features import WindowSummary
    >>> windows = np.array([[[1.0, 10.0], [2.0, 20.0], [6.0, 30.0]]])
    >>> summary = WindowSummary(stats=("mean", "last", "slope")).fit(windows)
    >>> summary.transform(windows)
    array([[ 3. ,  6. ,  2.5, 20. , 30. , 10. ]])
    >>> summary.get_feature_names_out(["T", "p"]).tolist()
    ['T_mean', 'T_last', 'T_slope', 'p_mean', 'p_last', 'p_slope']

    Sequences of different lengths (here univariate, one feature ``x0``):

    >>> series = [np.array([1.0, 2.0, 6.0]), np.array([4.0, 2.0])]
    >>> WindowSummary(stats=("mean", "max", "slope")).fit_transform(series)
    array([[ 3. ,  6. ,  2.5],
           [ 3. ,  4. , -2. ]])
    """

    _parameter_constraints = {"stats": [list, tuple]}

    def __init__(self, *, stats=("mean", "std", "min", "max", "last")):
        self.stats = stats

    def _check_params(self):
        unknown = [s for s in self.stats if s not in _SUMMARIES]
        if unknown or len(self.stats) == 0:
            raise ValueError(
                f"stats: {list(self.stats)!r} must be a non-empty list of "
                f"{list(_SUMMARIES)}."
            )

    def _table(self, X):
        summaries = RAGGED_SUMMARIES if isinstance(X, Ragged) else _SUMMARIES
        out = np.stack([summaries[s](X) for s in self.stats], axis=2)
        return out.reshape(len(X), -1).astype(X.dtype, copy=False)

    def get_feature_names_out(self, input_features=None):
        """Names ``<feature>_<stat>``, grouped by feature.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Names of the features per time step (3-D input).

        Returns
        -------
        feature_names_out : ndarray of str
        """
        _, features = self._feature_names(input_features)
        return np.asarray(
            [f"{f}_{s}" for f in features for s in self.stats], dtype=object
        )
