"""Sample-preserving sliding windows for scikit-learn pipelines."""

import warnings
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from .._compat import Interval, StrOptions, _fit_context
from ._make_windows import _window_view
from ._window_array import WindowArray

__all__ = ["WindowTransformer"]


# OneToOneFeatureMixin: windowing keeps the features (the windows' last axis),
# so get_feature_names_out returns the input's names, as StandardScaler's.
# auto_wrap_output_keys=None: the output is 3-D, which no DataFrame can hold,
# so sklearn's set_output machinery must never try to wrap it; the names and
# index travel on the WindowArray instead.
class WindowTransformer(
    OneToOneFeatureMixin, TransformerMixin, BaseEstimator, auto_wrap_output_keys=None
):
    """Turn a time-ordered table into one look-back window per row.

    Row ``i`` of the input becomes the window of the ``seq_len`` rows that
    *end* at row ``i``, taking every ``sampling_rate``-th row: rows
    ``i - (seq_len - 1) * sampling_rate, ..., i - sampling_rate, i``, oldest
    first.  Windows only look backwards, so nothing leaks from later rows,
    and the number of rows is unchanged, which is what lets a ``Pipeline``
    keep its ``y`` and lets ``GridSearchCV`` search ``seq_len``.

    The first ``(seq_len - 1) * sampling_rate`` rows of every transformed
    table lack history and are padded (see ``padding``).  A table shorter
    than one window span (``(seq_len - 1) * sampling_rate + 1`` rows) is
    accepted with a warning: every one of its windows is padded.
    Note that a ``Pipeline`` transforms each CV test fold on its own, so the
    first rows of a test fold are padded too rather than taking their
    history from the training fold.

    The output is a read-only, zero-copy view
    (:func:`numpy.lib.stride_tricks.sliding_window_view`) over one padded
    float32 copy of the input: memory O(rows x features), not O(rows x
    seq_len x features).  Gather batches with ``Xt[idx]`` (a small copy).
    Nothing of the training data is stored.

    Windowing keeps the features: ``get_feature_names_out()`` returns the
    input's names, those of ``Xt[:, :, j]`` for each feature ``j``; a step
    that flattens the windows combines them with the time-step axis.

    Parameters
    ----------
    seq_len : int, default=10
        Number of time steps per window (>= 1).
    sampling_rate : int, default=1
        Rows between successive time steps of a window (>= 1), as in Keras'
        ``timeseries_dataset_from_array``: 6 turns 10-minute rows into hourly
        steps.
    padding : {"edge", "zero"}, default="edge"
        Value of the missing history before the first row.  ``"edge"``
        repeats the first row: it stays in the data's units and range and
        uses no information from after the window's last row, so it is safe
        on unscaled data.  ``"zero"`` fills zeros, which equals the training
        mean only if the input was standardized (elsewhere it injects
        out-of-range values, e.g. a pressure of 0 mbar).
    allow_nan : bool, default=False
        Windows usually feed neural networks, where one NaN poisons a whole
        batch, so NaN is rejected by default.  True lets NaN through
        (infinity is always rejected).

    Attributes
    ----------
    n_features_in_ : int
        Number of features (columns) seen during ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names seen during ``fit``, when ``X`` was a DataFrame with
        string column names.

    See Also
    --------
    make_windows : Keras-style windows (one per stride) with their targets.
    align_horizon : pair each row with the target ``horizon`` rows later.

    Examples
    --------
    >>> import numpy as np
    >>> from sktseq.windows import WindowTransformer
    >>> X = np.arange(12.0).reshape(6, 2)
    >>> Xt = WindowTransformer(seq_len=3, sampling_rate=2).fit_transform(X)
    >>> Xt.shape, Xt.dtype
    ((6, 3, 2), dtype('float32'))
    >>> Xt[5]  # rows 1, 3, 5
    array([[ 2.,  3.],
           [ 6.,  7.],
           [10., 11.]], dtype=float32)
    >>> Xt[1]  # rows -3, -1 do not exist: "edge" repeats row 0
    array([[0., 1.],
           [0., 1.],
           [2., 3.]], dtype=float32)
    """

    _parameter_constraints = {
        "seq_len": [Interval(Integral, 1, None, closed="left")],
        "sampling_rate": [Interval(Integral, 1, None, closed="left")],
        "padding": [StrOptions({"edge", "zero"})],
        "allow_nan": ["boolean"],
    }

    def __init__(self, *, seq_len=10, sampling_rate=1, padding="edge", allow_nan=False):
        self.seq_len = seq_len
        self.sampling_rate = sampling_rate
        self.padding = padding
        self.allow_nan = allow_nan

    def _validate(self, X, *, reset):
        # float32/float64 pass without a copy; only the padded buffer copies.
        return validate_data(
            self,
            X,
            reset=reset,
            dtype=(np.float32, np.float64),
            ensure_all_finite="allow-nan" if self.allow_nan else True,
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check ``X`` and record its number and names of features.

        Parameters
        ----------
        X : array-like of shape (n_rows, n_features)
            Time-ordered table, one row per time step.
        y : None
            Ignored.

        Returns
        -------
        self : WindowTransformer
            This transformer.
        """
        self._validate(X, reset=True)
        return self

    def transform(self, X):
        """Return the look-back window of every row.

        Parameters
        ----------
        X : array-like of shape (n_rows, n_features)
            Time-ordered table with the features seen in ``fit``.

        Returns
        -------
        Xt : WindowArray of shape (n_rows, seq_len, n_features), float32
            Read-only view; ``Xt[i]`` holds rows ``i - (seq_len - 1) *
            sampling_rate, ..., i`` of ``X`` (padded before row 0).
            ``Xt.feature_names`` and ``Xt.index`` are the names and index of
            a DataFrame ``X`` (None for arrays).

        Warns
        -----
        UserWarning
            When ``X`` has fewer rows than one window spans, so that every
            window is padded.
        """
        check_is_fitted(self)
        index = getattr(X, "index", None) if hasattr(X, "columns") else None
        X = self._validate(X, reset=False)
        n_pad = (self.seq_len - 1) * self.sampling_rate
        if 0 < X.shape[0] <= n_pad:
            warnings.warn(
                f"WindowTransformer(seq_len={self.seq_len}, sampling_rate="
                f"{self.sampling_rate}) got {X.shape[0]} rows, fewer than the "
                f"{n_pad + 1} rows one window spans: every window is padded "
                f"(padding={self.padding!r}). Pass more rows (e.g. the rows "
                "before these as history) or lower seq_len or sampling_rate.",
                UserWarning,
                stacklevel=2,
            )
        buf = np.empty((n_pad + X.shape[0], X.shape[1]), dtype=np.float32)
        buf[n_pad:] = X
        buf[:n_pad] = buf[n_pad] if self.padding == "edge" else 0.0
        return WindowArray(
            _window_view(buf, self.seq_len, self.sampling_rate),
            feature_names=getattr(self, "feature_names_in_", None),
            index=index,
        )

    def set_output(self, *, transform=None):
        """Set the output container of a pipeline; windows stay 3-D arrays.

        Windows are 3-D, which no DataFrame can hold, so ``transform`` always
        returns a :class:`~sktseq.windows.WindowArray`, whatever is set here.
        It carries the input's names and index, so that under
        ``Pipeline(...).set_output(transform="pandas")`` the steps after the
        windows (:class:`~sktseq.WindowSummary`,
        :class:`~sktseq.FlattenWindows`) return DataFrames on the input's
        index.  Present so that ``set_output`` reaches every pipeline step.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"} or None, default=None
            Recorded like any transformer's setting; None leaves it unchanged.

        Returns
        -------
        self : WindowTransformer
            This transformer.
        """
        if transform is None:
            return self
        if transform not in ("default", "pandas", "polars"):
            raise ValueError(
                "transform must be 'default', 'pandas', 'polars' or None, got "
                f"{transform!r}."
            )
        # Where sklearn's own set_output keeps it, for code that reads it.
        self._sklearn_output_config = {"transform": transform}
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = self.allow_nan
        tags.transformer_tags.preserves_dtype = ["float32"]
        return tags
