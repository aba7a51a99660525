"""DLinear: a channel-independent linear forecaster, fitted in closed form.

DLinear (Zeng et al., "Are Transformers Effective for Time Series
Forecasting?", AAAI 2023) maps each channel's last ``L`` values to its next
``H`` values with one linear layer shared by all channels, after splitting the
window into a moving-average trend and a remainder, each with its own weights.
NLinear subtracts the window's last value first and adds it back after.

Both parts are linear in the window, so the model is ``y = x M V + b`` with a
fixed ``L x 2L`` matrix ``M = [(I - A)', A']`` (``A`` the moving average) and
learned weights ``V``.  With the mean squared error, the best ``V`` solves a
(weighted, ridge) least-squares problem on the pooled channel windows: sums
of ``L x L`` products over the training windows, then one ``L x L`` linear
solve.  That is exact and needs no learning rate, epochs or early stopping;
``examples/plot_etth1_long_horizon.py`` prints the fit time (seconds for ETTh1's
8,305 windows x 7 channels).  The ridge penalty on the
trend and remainder weights is what makes the split matter: without it, the
split spans the same functions as one linear layer.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils import check_array
from sklearn.utils.validation import check_consistent_length, check_is_fitted

from .._compat import Interval, StrOptions, _check_sample_weight, _fit_context
from .._layout import check_target_index, n_horizons_of
from .._validation import check_sequences

__all__ = ["DLinearRegressor"]

# Windows gathered per block: bounds the float64 copy to ~32 MB whatever the
# number of windows (the input is usually a zero-copy view).
_BLOCK_VALUES = 1 << 22


def moving_average_matrix(seq_len, kernel_size):
    """``A`` with ``trend = x @ A.T``: DLinear's centred moving average.

    The window is padded at both ends by repeating its first and last values,
    ``(kernel_size - 1) // 2`` times each, as in DLinear's ``moving_avg``.

    Examples
    --------
    >>> moving_average_matrix(3, 3) * 3
    array([[2., 1., 0.],
           [1., 1., 1.],
           [0., 1., 2.]])
    """
    half = (kernel_size - 1) // 2
    rows = np.repeat(np.arange(seq_len), kernel_size)
    cols = np.clip(
        np.arange(seq_len)[:, None] + np.arange(-half, half + 1)[None, :],
        0,
        seq_len - 1,
    ).ravel()
    A = np.zeros((seq_len, seq_len))
    np.add.at(A, (rows, cols), 1.0 / kernel_size)
    return A


class DLinearRegressor(RegressorMixin, BaseEstimator):
    """Channel-independent linear forecaster on windows (DLinear, NLinear).

    Each target channel's window ``x`` (its last ``seq_len`` values) is
    mapped to its next ``n_horizons`` values by one linear map shared by all
    channels: ``y = (x - s) W + b + s``, where ``s`` is the window's last
    value or mean (``normalize``) and ``W`` acts on a moving-average trend
    and the remainder with separate weights (``kernel_size``).  The weights
    are the exact weighted ridge least-squares solution on the windows of all
    target channels pooled together, computed in closed form.

    ``y`` is in :func:`~sktseq.windows.align_horizon`'s layout: ``n_targets *
    n_horizons`` columns, target-major.  The long-horizon benchmark protocol
    forecasts every channel from itself (``target_index=None``)::

        X, y = align_horizon(df, target=list(df.columns), horizon=range(1, 97))
        make_pipeline(WindowTransformer(seq_len=336), DLinearRegressor()).fit(X, y)

    Parameters
    ----------
    kernel_size : int or None, default=25
        Length of the centred moving average that splits each window into
        trend and remainder (odd; DLinear uses 25).  None: no split (one
        linear map, as in NLinear).
    normalize : {"last", "mean"} or None, default="last"
        Per-window normalization: subtract the window's last value
        (NLinear) or its mean (RevIN without scaling) from the window and
        from its targets, and add it back to the forecast.  Forecasts then
        follow the level of the series however far it drifts from the
        training data.  None: raw values (DLinear's paper).
    alpha : float, default=1.0
        Ridge penalty on the trend and remainder weights (>= 0), in the
        units of the summed squared error over the training windows and
        target channels.  0: ordinary (minimum-norm) least squares, where the
        trend split makes no difference.
    target_index : int, sequence of int or None, default=None
        Channels (last axis of the windows) to forecast, in ``y``'s order.
        None: every channel.  Other channels are not inputs (the model is
        channel-independent).

    Attributes
    ----------
    coef_ : ndarray of shape (seq_len, n_horizons)
        Effective weights on a normalized window (trend and remainder
        weights combined): ``y = (x - s) @ coef_ + intercept_ + s``.
    intercept_ : ndarray of shape (n_horizons,)
        Bias per horizon.
    n_horizons_ : int
        Horizons per target channel, from the width of ``y``.
    n_features_in_ : int
        Channels per time step (3-D windows) or sequence length (2-D input).
    n_outputs_ : int
        Columns of ``y`` (``n_targets * n_horizons_``).

    See Also
    --------
    sktseq.PersistenceRegressor : the last value, for every horizon.
    sktseq.windows.align_horizon : builds ``y`` in this layout.

    Notes
    -----
    The paper trains with Adam and early stopping, which regularizes
    implicitly; here ``alpha`` plays that part.  ``sample_weight`` weighs each
    window (all its target channels) in the squared error: a weight of 0
    leaves the fit exactly as if the window were absent, an integer weight
    as if it were repeated.

    References
    ----------
    Zeng, Chen, Zhang and Xu, "Are Transformers Effective for Time Series
    Forecasting?", AAAI 2023.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.pipeline import make_pipeline
    >>> from sktseq import DLinearRegressor, WindowTransformer, align_horizon
    >>> t = np.arange(400.0)
    >>> table = np.c_[np.sin(t / 4), np.cos(t / 6)]  # two channels
    >>> X, y = align_horizon(table, target=[0, 1], horizon=[1, 2, 3])
    >>> y.shape  # channel 0 at h=1..3, then channel 1 at h=1..3
    (397, 6)
    >>> model = make_pipeline(WindowTransformer(seq_len=48),
    ...                       DLinearRegressor(alpha=1e-3)).fit(X, y)
    >>> bool(np.abs(model.predict(X)[100:] - y[100:]).max() < 0.01)
    True
    """

    _parameter_constraints = {
        "kernel_size": [Interval(Integral, 1, None, closed="left"), None],
        "normalize": [StrOptions({"last", "mean"}), None],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "target_index": [Integral, "array-like", None],
    }

    def __init__(
        self, *, kernel_size=25, normalize="last", alpha=1.0, target_index=None
    ):
        self.kernel_size = kernel_size
        self.normalize = normalize
        self.alpha = alpha
        self.target_index = target_index

    def _windows(self, X, *, reset):
        # float32 views pass without a copy; blocks are gathered in float64.
        X = check_sequences(self, X, reset=reset, dtype=(np.float32, np.float64))
        if reset:
            self._targets = check_target_index(self.target_index, X.shape[2])
        elif X.shape[1] != self.coef_.shape[0]:
            raise ValueError(
                f"X has windows of {X.shape[1]} time steps, but "
                f"{type(self).__name__} was fitted on {self.coef_.shape[0]}."
            )
        return X

    def _blocks(self, X):
        """Normalized target-channel windows and shifts, one block at a time."""
        n, L, _ = X.shape
        step = max(1, _BLOCK_VALUES // (L * len(self._targets)))
        for start in range(0, n, step):
            # (b, L, T) -> (b, T, L): one row per (window, target channel).
            x = np.asarray(X[start : start + step][:, :, self._targets], np.float64)
            x = x.transpose(0, 2, 1)
            if self.normalize == "last":
                shift = x[:, :, -1:]
            elif self.normalize == "mean":
                shift = x.mean(axis=2, keepdims=True)
            else:
                shift = np.zeros_like(x[:, :, -1:])
            yield slice(start, start + step), x - shift, shift

    def _basis(self, seq_len):
        """``M`` such that the regression features are ``x @ M``."""
        if self.kernel_size is None:
            return np.eye(seq_len)
        if self.kernel_size % 2 == 0:
            raise ValueError(
                f"kernel_size={self.kernel_size} must be odd (a centred moving "
                "average, as DLinear's 25), or None for no trend split."
            )
        A = moving_average_matrix(seq_len, self.kernel_size)
        return np.hstack([np.eye(seq_len) - A.T, A.T])

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the shared weights by weighted ridge least squares.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_channels) or \
(n_samples, seq_len)
            Windows (e.g. from :class:`~sktseq.WindowTransformer`), or
            univariate sequences (one channel).
        y : array-like of shape (n_samples,) or (n_samples, n_targets * n_horizons)
            Future values of the target channels, target-major.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each window; 0 leaves it out of the fit.

        Returns
        -------
        self : DLinearRegressor
            This regressor.
        """
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y "
                "is None."
            )
        X = self._windows(X, reset=True)
        y = check_array(y, ensure_2d=False, dtype=np.float64, input_name="y")
        check_consistent_length(X, y)
        if y.ndim > 2:
            raise ValueError(f"y must be 1-D or 2-D; got y with shape {y.shape}.")
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )
        n, L, _ = X.shape
        T = len(self._targets)
        self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]
        self._y_ndim = y.ndim
        H = self.n_horizons_ = n_horizons_of(self.n_outputs_, T, type(self).__name__)
        M = self._basis(L)
        Y = y.reshape(n, T, H)

        # Two passes: weighted means, then centred sums (no cancellation).
        total = sample_weight.sum() * T
        x_mean, y_mean = np.zeros(L), np.zeros(H)
        for rows, x, shift in self._blocks(X):
            w = sample_weight[rows, None, None]
            x_mean += (w * x).sum(axis=(0, 1))
            y_mean += (w * (Y[rows] - shift)).sum(axis=(0, 1))
        x_mean /= total
        y_mean /= total
        gram, cross = np.zeros((L, L)), np.zeros((L, H))
        for rows, x, shift in self._blocks(X):
            root_w = np.sqrt(sample_weight[rows, None, None])
            xw = (root_w * (x - x_mean)).reshape(-1, L)
            yw = (root_w * (Y[rows] - shift - y_mean)).reshape(-1, H)
            gram += xw.T @ xw  # numpy computes a.T @ a as one symmetric update
            cross += xw.T @ yw

        if self.alpha == 0:
            # Ordinary least squares: the trend and remainder span the same
            # functions as the window, so the split changes nothing.
            self.coef_ = np.linalg.lstsq(gram, cross, rcond=None)[0]
        else:
            # Ridge on the trend/remainder weights V: V = (M'GM + aI)^-1 M'C.
            # As (M'GM + aI)^-1 M' = M'(GMM' + aI)^-1, the effective weights
            # W = MV come from one L x L solve instead of a 2L x 2L one.
            K = M @ M.T
            self.coef_ = K @ np.linalg.solve(gram @ K + self.alpha * np.eye(L), cross)
        self.intercept_ = y_mean - x_mean @ self.coef_
        return self

    def predict(self, X):
        """Forecast every target channel at every horizon.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_channels) or \
(n_samples, seq_len)
            Windows shaped as in ``fit``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets * n_horizons)
            Target-major, as ``y`` in ``fit``; float64.
        """
        check_is_fitted(self)
        X = self._windows(X, reset=False)
        y_pred = np.empty((X.shape[0], len(self._targets), self.n_horizons_))
        for rows, x, shift in self._blocks(X):
            y_pred[rows] = x @ self.coef_ + self.intercept_ + shift
        y_pred = y_pred.reshape(X.shape[0], -1)
        return y_pred[:, 0] if self._y_ndim == 1 else y_pred

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.single_output = True
        tags.target_tags.multi_output = True
        return tags
