"""Trailing rolling statistics, lags and differences of a time-ordered table."""

from numbers import Integral, Real

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from .._compat import Interval, _check_feature_names_in, _fit_context

__all__ = ["RollingStats"]

# Statistics computed by the pandas Rolling method of the same name.
_STATS = ("mean", "std", "var", "min", "max", "median", "sum", "skew", "kurt")


class RollingStats(TransformerMixin, BaseEstimator):
    """Trailing rolling statistics, lags and differences, one row per time step.

    Rows of ``X`` are time steps in time order.  Row *i* of the output holds
    statistics of the rows that *end* at row *i* (``DataFrame.rolling``):
    nothing is taken from later rows, and the number of rows is preserved, so
    the transformer fits in a :class:`~sklearn.pipeline.Pipeline` before a
    regressor and under :class:`~sklearn.model_selection.TimeSeriesSplit`.

    Parameters
    ----------
    windows : tuple of int or str, default=(24,)
        Window lengths.  An int counts rows; a string is a fixed pandas offset
        such as ``"7D"`` or ``"24h"`` and covers that much time up to and
        including the current row.  Offset windows need a DataFrame whose
        index is a sorted, unique :class:`~pandas.DatetimeIndex` (checked in
        ``fit`` and ``transform``); integer windows ignore the index, so rows
        must already be in time order.
    stats : tuple of str, default=("mean", "std", "min", "max")
        Statistics computed on every window; any of ``"mean"``, ``"std"``,
        ``"var"``, ``"min"``, ``"max"``, ``"median"``, ``"sum"``, ``"skew"``,
        ``"kurt"`` (pandas' definitions: ``std`` and ``var`` use ``ddof=1``).
    quantiles : tuple of float, default=()
        Rolling quantiles in [0, 1] (linear interpolation), named ``q0.9``.
    lags : tuple of int, default=()
        Lagged copies: ``lag_k`` at row *i* is the value at row *i - k*.
    diffs : tuple of int, default=()
        Differences: ``diff_k`` at row *i* is ``x[i] - x[i - k]``.
    columns : list of str or int, default=None
        Columns the statistics are computed on (names need DataFrame input);
        ``None`` means all columns.
    passthrough : bool, default=True
        Whether the input columns (all of them, selected or not) come first in
        the output, unchanged.  With ``False`` only the new features are
        returned and unselected columns are dropped.
    min_periods : int, default=None
        Number of non-missing rows a window needs to produce a value; must not
        exceed an integer window.  ``None`` follows pandas: the full window
        length for integer windows, one row for offset windows.
    fill_value : float, default=None
        Replaces the missing values of the new features.  ``None`` leaves them
        as NaN, see Notes.

    Attributes
    ----------
    n_features_in_ : int
        Number of input columns.
    feature_names_in_ : ndarray of str
        Input column names, when ``X`` was a DataFrame with string columns.
    column_indices_ : ndarray of int
        Positions of the columns the statistics are computed on.

    See Also
    --------
    sktseq.WindowTransformer : The raw windows themselves, for sequence models.
    sktseq.WindowSummary : Summary statistics of ready-made windows.

    Notes
    -----
    **First rows.**  A row whose window has fewer than ``min_periods`` rows,
    a lag or difference reaching before the first row, and ``std``/``var`` of
    a single row, are NaN.  With the defaults and an integer window ``w`` the
    first ``w - 1`` rows of its statistics are NaN.  Estimators that accept
    NaN (:class:`~sklearn.ensemble.HistGradientBoostingRegressor`) can use them
    as they are; otherwise set ``fill_value``, lower ``min_periods`` (partial
    windows at the start), or drop those rows before fitting.  Missing values
    in ``X`` are skipped by the statistics (pandas semantics).

    **Output order.**  The passed-through input columns, then for each window,
    each statistic and each quantile, one block over the selected columns;
    then the lags, then the differences.  Names are
    ``<column>_<stat>_<window>`` (``T_mean_24``, ``T_q0.9_24h``),
    ``<column>_lag_<k>`` and ``<column>_diff_<k>``; arrays have columns
    ``x0``, ``x1``, ...

    The output keeps the input index under ``set_output(transform="pandas")``.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sktseq.features import RollingStats
    >>> X = pd.DataFrame({"T": [1.0, 2.0, 3.0, 4.0]},
    ...                  index=pd.date_range("2016-01-01", periods=4, freq="h"))
    >>> rs = RollingStats(windows=(2, "3h"), stats=("mean",), lags=(1,))
    >>> rs.fit_transform(X)
    array([[1. , nan, 1. , nan],
           [2. , 1.5, 1.5, 1. ],
           [3. , 2.5, 2. , 2. ],
           [4. , 3.5, 3. , 3. ]])
    >>> rs.get_feature_names_out().tolist()
    ['T', 'T_mean_2', 'T_mean_3h', 'T_lag_1']
    """

    _parameter_constraints = {
        "windows": [list, tuple],
        "stats": [list, tuple],
        "quantiles": [list, tuple],
        "lags": [list, tuple],
        "diffs": [list, tuple],
        "columns": [list, tuple, None],
        "passthrough": ["boolean"],
        "min_periods": [Interval(Integral, 1, None, closed="left"), None],
        "fill_value": [Real, None],
    }

    def __init__(
        self,
        *,
        windows=(24,),
        stats=("mean", "std", "min", "max"),
        quantiles=(),
        lags=(),
        diffs=(),
        columns=None,
        passthrough=True,
        min_periods=None,
        fill_value=None,
    ):
        self.windows = windows
        self.stats = stats
        self.quantiles = quantiles
        self.lags = lags
        self.diffs = diffs
        self.columns = columns
        self.passthrough = passthrough
        self.min_periods = min_periods
        self.fill_value = fill_value

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check the parameters and record the input columns.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
            Time-ordered rows.
        y : None
            Ignored.

        Returns
        -------
        self : RollingStats
        """
        self._check_options()
        validate_data(self, X, dtype=np.float64, ensure_all_finite="allow-nan")
        self._check_index(X)
        self.column_indices_ = self._resolve_columns()
        return self

    def transform(self, X):
        """Compute the rolling features.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
            Time-ordered rows with the columns seen in ``fit``.

        Returns
        -------
        X_out : ndarray of shape (n_samples, n_features_out)
            Float64 features, NaN where undefined (see Notes).
        """
        check_is_fitted(self)
        index = self._check_index(X)
        values = validate_data(
            self, X, reset=False, dtype=np.float64, ensure_all_finite="allow-nan"
        )
        # Integer windows count rows, so they get a positional index (and
        # pandas never re-checks an arbitrary user index).
        frame = pd.DataFrame(values[:, self.column_indices_], index=index)
        blocks = []
        for window in self.windows:
            rolling = frame.rolling(window, min_periods=self.min_periods)
            blocks += [getattr(rolling, stat)() for stat in self.stats]
            blocks += [rolling.quantile(q) for q in self.quantiles]
        blocks += [frame.shift(k) for k in self.lags]
        blocks += [frame - frame.shift(k) for k in self.diffs]
        new = np.hstack([b.to_numpy(np.float64) for b in blocks])  # never empty
        if self.fill_value is not None:
            new[np.isnan(new)] = self.fill_value
        return np.hstack([values, new]) if self.passthrough else new

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns, see Notes.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input column names; default ``feature_names_in_`` or ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str
        """
        check_is_fitted(self)
        names = _check_feature_names_in(self, input_features)
        selected = names[self.column_indices_]
        out = list(names) if self.passthrough else []
        for window in self.windows:
            tags = list(self.stats) + [f"q{q:g}" for q in self.quantiles]
            out += [f"{c}_{tag}_{window}" for tag in tags for c in selected]
        out += [f"{c}_lag_{k}" for k in self.lags for c in selected]
        out += [f"{c}_diff_{k}" for k in self.diffs for c in selected]
        return np.asarray(out, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags

    # -- helpers -------------------------------------------------------------

    def _has_offsets(self):
        return any(isinstance(w, str) for w in self.windows)

    def _check_options(self):
        """Errors for values the constraint table cannot express."""
        if not self.windows:
            raise ValueError("windows must contain at least one window.")
        if len(set(self.windows)) != len(self.windows):
            raise ValueError(f"windows has duplicates: {self.windows!r}.")
        for w in self.windows:
            if isinstance(w, str):
                try:
                    pd.Timedelta(to_offset(w))
                except (ValueError, TypeError) as exc:
                    raise ValueError(
                        f"windows: {w!r} is not a fixed-length pandas offset "
                        "such as '24h' or '7D'."
                    ) from exc
            elif not isinstance(w, Integral) or isinstance(w, bool) or w < 1:
                raise ValueError(
                    f"windows: {w!r} must be a positive int or an offset string."
                )
            elif self.min_periods is not None and self.min_periods > w:
                raise ValueError(
                    f"min_periods={self.min_periods} exceeds the window {w}."
                )
        unknown = set(self.stats) - set(_STATS)
        if unknown:
            raise ValueError(
                f"stats: unknown statistic(s) {sorted(unknown)}; "
                f"choose from {list(_STATS)}."
            )
        if not all(isinstance(q, Real) and 0 <= q <= 1 for q in self.quantiles):
            raise ValueError(
                f"quantiles must be floats in [0, 1], got {self.quantiles}."
            )
        for name in ("lags", "diffs"):
            ks = getattr(self, name)
            if not all(isinstance(k, Integral) and k >= 1 for k in ks):
                raise ValueError(f"{name} must be positive ints, got {ks!r}.")
        if not (self.stats or self.quantiles or self.lags or self.diffs):
            raise ValueError(
                "RollingStats has nothing to compute: give stats, quantiles, "
                "lags or diffs."
            )

    def _check_index(self, X):
        """Return X's DatetimeIndex, checked for order, when offsets need it."""
        if not self._has_offsets():
            return None  # integer windows count rows; the index plays no part
        index = getattr(X, "index", None)
        if not isinstance(index, pd.DatetimeIndex):
            raise ValueError(
                "Offset windows such as '24h' need a DataFrame with a "
                f"DatetimeIndex; got {type(X).__name__}"
                + (f" with a {type(index).__name__}." if index is not None else ".")
            )
        # A shuffled or duplicated time index means rows are not time steps in
        # order, and every trailing window would silently mix the wrong rows.
        if not index.is_monotonic_increasing:
            raise ValueError(
                "X's DatetimeIndex is not sorted in increasing order; sort the "
                "rows by time (X.sort_index()) first."
            )
        if not index.is_unique:
            dup = index[index.duplicated()][:3].tolist()
            raise ValueError(
                f"X's DatetimeIndex has duplicated timestamps (e.g. {dup}); "
                "aggregate or drop them first."
            )
        return index

    def _resolve_columns(self):
        if self.columns is None:
            return np.arange(self.n_features_in_)
        names = getattr(self, "feature_names_in_", None)
        indices = []
        for c in self.columns:
            if isinstance(c, str):
                if names is None:
                    raise ValueError(
                        f"columns: {c!r} is a name, but X has no column names "
                        "(pass a DataFrame or use integer positions)."
                    )
                hits = np.flatnonzero(names == c)
                if not len(hits):
                    raise ValueError(f"columns: {c!r} is not a column of X.")
                indices.append(hits[0])
            elif isinstance(c, Integral) and -self.n_features_in_ <= c < (
                self.n_features_in_
            ):
                indices.append(int(c) % self.n_features_in_)
            else:
                raise ValueError(
                    f"columns: {c!r} is neither a column name nor a position "
                    f"in [0, {self.n_features_in_})."
                )
        if len(set(indices)) != len(indices):
            raise ValueError(f"columns has duplicates: {self.columns!r}.")
        return np.asarray(indices, dtype=np.intp)
