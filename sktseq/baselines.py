"""Naive forecasting baselines as ordinary scikit-learn regressors on windows.

They take the same windows as the neural models (``(n, seq_len, n_features)``
from :class:`~sktseq.windows.WindowTransformer`, or 2-D univariate sequences)
and the same aligned ``y`` (:func:`~sktseq.windows.align_horizon`), so they
run in the same pipeline, CV and scoring as the models they are a baseline
for.  They learn nothing from ``y``.

Several target channels: give ``target_index`` a list and ``y`` in
:func:`~sktseq.windows.align_horizon`'s layout (``n_targets * n_horizons``
columns, target-major); the forecast comes in the same layout.

Units: a baseline returns values of the input windows.  If the pipeline
standardizes ``X`` (``StandardScaler`` before ``WindowTransformer``) while
``y`` is in original units, the prediction is in the wrong units.  Build the
baseline pipeline without the scaler (windows in original units), or wrap it
in ``TransformedTargetRegressor(transformer=StandardScaler())`` so that ``y``
is scaled too (approximately: ``y`` is the target column shifted by the
horizon, so its mean and std differ slightly from the column's).
"""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils import check_array
from sklearn.utils.validation import check_consistent_length, check_is_fitted

from ._compat import Interval, _check_sample_weight, _fit_context
from ._layout import check_target_index, n_horizons_of
from ._validation import check_sequences

__all__ = ["PersistenceRegressor", "SeasonalNaiveRegressor"]


class _WindowBaseline(RegressorMixin, BaseEstimator):
    """Shared fit/predict: validate, then read one past value per output."""

    def _min_steps(self):
        return 1

    def _check_X(self, X, *, reset):
        # float64 windows keep their precision; float32 views are not copied.
        X = check_sequences(
            self, X, reset=reset, dtype=(np.float64, np.float32), table_rows=True
        )
        needed = self._min_steps()
        if X.shape[1] < needed:
            params = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
            # 2-D input: the time steps are sklearn's "features".
            as_2d = f" ({X.shape[1]} feature(s))" if self._sequence_ndim == 2 else ""
            raise ValueError(
                f"X has sequences of {X.shape[1]} time steps{as_2d}, but "
                f"{type(self).__name__}({params}) needs at least {needed}: make "
                "the windows longer (seq_len)."
            )
        return X

    def _lags(self, n_horizons):
        """Steps back from the window's last step, one per horizon."""
        raise NotImplementedError

    def _layout(self, n_outputs):
        """Feature and steps back of each output column (target-major)."""
        n_features = self.n_features_in_ if self._sequence_ndim == 3 else 1
        targets = check_target_index(self.target_index, n_features, default=None)
        n_horizons = n_horizons_of(n_outputs, len(targets), type(self).__name__)
        lags = np.asarray(self._lags(n_horizons))
        return np.repeat(targets, n_horizons), np.tile(lags, len(targets))

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Record the input and output shapes (nothing is learned).

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or \
(n_samples, seq_len)
            Windows, or univariate sequences (one feature per step).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Aligned targets in :func:`~sktseq.windows.align_horizon`'s
            layout (``n_targets * n_horizons`` columns, target-major); only
            their shape is used.
        sample_weight : array-like of shape (n_samples,), default=None
            Validated (non-negative, one per sample) and otherwise unused:
            the forecast is a past value whatever the weights, which is the
            right way for a baseline to honour them.  Accepted so that the
            same ``fit(..., sample_weight=w)`` call reaches a baseline and
            the models it is compared with.

        Returns
        -------
        self : estimator
            This regressor.
        """
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y "
                "is None."
            )
        X = self._check_X(X, reset=True)
        # y is validated (numeric, finite, same length) but only its shape kept.
        y = check_array(y, ensure_2d=False, dtype="numeric", input_name="y")
        check_consistent_length(X, y)
        _check_sample_weight(sample_weight, X, ensure_non_negative=True)
        self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]
        self._y_ndim = y.ndim
        self._layout(self.n_outputs_)  # parameter errors surface at fit
        return self

    def predict(self, X):
        """Predict each output from a past value of its target feature.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or \
(n_samples, seq_len)
            Windows shaped as in ``fit``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            float64, in ``y``'s layout.
        """
        check_is_fitted(self)
        X = self._check_X(X, reset=False)
        features, lags = self._layout(self.n_outputs_)
        # Index only the needed steps: no copy of the (possibly huge) windows.
        y_pred = X[:, X.shape[1] - 1 - lags, features].astype(np.float64)
        return y_pred[:, 0] if self._y_ndim == 1 else y_pred

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Baselines ignore y, so sklearn's "fits the training data" score
        # threshold does not apply.
        tags.regressor_tags.poor_score = True
        tags.target_tags.single_output = True
        tags.target_tags.multi_output = True
        return tags


class PersistenceRegressor(_WindowBaseline):
    """Forecast that the target keeps its last value ("tomorrow = today").

    The prediction for any horizon is the last time step of the window's
    target feature; with a 2-D ``y`` (several horizons) every horizon gets
    that same value, and with several targets each target its own.  This is
    the baseline every forecasting model must beat (e.g. Jena: temperature in
    24 h = temperature now).

    The windows must be in the units of ``y``; see the module notes on
    scaled inputs (``sktseq.baselines``).

    Parameters
    ----------
    target_index : int or sequence of int, default=0
        Feature(s) (last axis of the windows) that hold the target series, in
        ``y``'s order.  Must be 0 (or -1) for 2-D univariate sequences.

    Attributes
    ----------
    n_features_in_ : int
        Features per time step (3-D windows) or sequence length (2-D input).
    n_outputs_ : int
        Number of columns of ``y`` seen in ``fit``.

    See Also
    --------
    SeasonalNaiveRegressor : the value one season before the target time.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.pipeline import make_pipeline
    >>> from sktseq.windows import WindowTransformer, align_horizon
    >>> from sktseq.baselines import PersistenceRegressor
    >>> X, y = align_horizon(np.arange(8.0).reshape(8, 1), target=0, horizon=2)
    >>> model = make_pipeline(WindowTransformer(seq_len=3), PersistenceRegressor())
    >>> model.fit(X, y).predict(X)
    array([0., 1., 2., 3., 4., 5.])

    Two targets, two horizons each (target-major columns):

    >>> table = np.c_[np.arange(5.0), np.arange(5.0) * 10]
    >>> X, y = align_horizon(table, target=[0, 1], horizon=[1, 2])
    >>> windows = WindowTransformer(seq_len=2).fit_transform(X)
    >>> PersistenceRegressor(target_index=[0, 1]).fit(windows, y).predict(windows)
    array([[ 0.,  0.,  0.,  0.],
           [ 1.,  1., 10., 10.],
           [ 2.,  2., 20., 20.]])
    """

    _parameter_constraints = {"target_index": [Integral, "array-like"]}

    def __init__(self, *, target_index=0):
        self.target_index = target_index

    def _lags(self, n_horizons):
        return [0] * n_horizons


class SeasonalNaiveRegressor(_WindowBaseline):
    """Forecast the value observed one season before the target time.

    For horizon ``h`` and ``m = season_length``, the forecast made at the
    window's last step ``t`` is ``x[t + h - m * ceil(h / m)]``: the most
    recent observation at the same phase of the season (yesterday's value at
    the same hour for hourly data with ``m = 24``).  The window must reach
    ``m * ceil(h / m) - h`` steps back.

    ``season_length`` and ``horizon`` count *window steps*: with windows
    built at ``sampling_rate=6`` from 10-minute rows, a step is an hour.

    The windows must be in the units of ``y``; see the module notes on
    scaled inputs (``sktseq.baselines``).

    Parameters
    ----------
    season_length : int, default=24
        Steps per season (>= 1).
    horizon : int or sequence of int, default=1
        Steps ahead of the window's last step that ``y`` is aligned to
        (>= 1).  A sequence gives one horizon per column of each target in
        ``y``; an int applies to every column.
    target_index : int or sequence of int, default=0
        Feature(s) (last axis of the windows) that hold the target series, in
        ``y``'s order (``n_targets * n_horizons`` columns, target-major).

    Attributes
    ----------
    n_features_in_ : int
        Features per time step (3-D windows) or sequence length (2-D input).
    n_outputs_ : int
        Number of columns of ``y`` seen in ``fit``.

    See Also
    --------
    PersistenceRegressor : the last observed value.

    Examples
    --------
    >>> import numpy as np
    >>> from sktseq.baselines import SeasonalNaiveRegressor
    >>> windows = np.array([[10.0, 20.0, 30.0, 11.0, 21.0, 31.0]])  # season 3
    >>> model = SeasonalNaiveRegressor(season_length=3, horizon=[1, 2, 4])
    >>> model.fit(windows, np.zeros((1, 3))).predict(windows)
    array([[11., 21., 11.]])
    """

    _parameter_constraints = {
        "season_length": [Interval(Integral, 1, None, closed="left")],
        "horizon": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "target_index": [Integral, "array-like"],
    }

    def __init__(self, *, season_length=24, horizon=1, target_index=0):
        self.season_length = season_length
        self.horizon = horizon
        self.target_index = target_index

    def _horizons(self):
        horizons = np.atleast_1d(np.asarray(self.horizon))
        if (
            horizons.ndim != 1
            or horizons.size == 0
            or not np.issubdtype(horizons.dtype, np.integer)
            or horizons.min() < 1
        ):
            raise ValueError(
                "horizon must be an int >= 1 or a non-empty sequence of such "
                f"ints; got {self.horizon!r}."
            )
        return horizons

    def _min_steps(self):
        m = self.season_length
        h = self._horizons()
        return int(np.max(-(-h // m) * m - h)) + 1

    def _lags(self, n_horizons):
        m = self.season_length
        h = self._horizons()
        if h.size == 1:
            h = np.repeat(h, n_horizons)
        elif h.size != n_horizons:
            raise ValueError(
                f"horizon has {h.size} values but y has {n_horizons} output "
                "column(s) per target; give one horizon per column or a single "
                "int."
            )
        return -(-h // m) * m - h  # m * ceil(h / m) - h, in integers
