"""Leak-free time-series cross-validation whose test windows see real history.

Two facts shape a forecasting CV:

* With ``y`` aligned to a horizon ``h``, the label of the last training row
  lies ``h`` rows after it.  A gap of at least the largest horizon between
  training and test rows keeps every training label before the test period.
* A ``Pipeline`` windows each test fold on its own, so the first ``seq_len``
  rows of a fold would see padding instead of the history a forecaster has.
  :class:`ForecastSplit` starts each test fold ``context`` rows early (inputs
  only) and its :meth:`~ForecastSplit.scorer` drops those rows before
  scoring, so a CV score equals a walk-forward evaluation with full history.
"""

from numbers import Integral

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import ParameterGrid, TimeSeriesSplit

from .._compat import Interval, validate_params
from ._context_scorer import ContextScorer, check_span
from ._horizon import _horizons

__all__ = ["ForecastSplit", "check_cv_gap", "forecast_cv"]


class ForecastSplit(TimeSeriesSplit):
    """Time-series CV whose test folds carry ``context`` rows of history.

    The splits of :class:`~sklearn.model_selection.TimeSeriesSplit` (same
    ``n_splits``, ``gap``, ``test_size``, ``max_train_size``), except that
    each test fold also holds the ``context`` rows just before it.  Those
    rows are inputs only: a window transformer in the pipeline reads them
    as the history of the first test rows, and the scorer returned by
    :meth:`scorer` drops their predictions.  The gap still separates the
    training rows from the *scored* test rows, so no training label reaches
    into the scored period; the context rows may overlap training rows
    (their inputs are history the forecaster has).

    Build it with :func:`forecast_cv`, which sets ``gap`` from the horizon.

    ``cross_val_predict`` refuses it (overlapping test folds are not a
    partition: "cross_val_predict only works for partitions"); for
    out-of-fold predictions predict each fold's rows with their context, as
    in the example below.  With ``HalvingGridSearchCV`` give ``resource`` an
    estimator parameter: its default ``"n_samples"`` draws rows at random.

    Parameters
    ----------
    n_splits : int, default=5
        Number of splits (>= 2).
    gap : int, default=0
        Rows left out between the training rows and the scored test rows.
    context : int, default=0
        Rows of history given to each test fold (>= 0); at least the
        look-back of the windows, ``(seq_len - 1) * sampling_rate``.
    test_size : int, default=None
        Scored rows per test fold (see ``TimeSeriesSplit``).
    max_train_size : int, default=None
        Cap on training rows (a rolling window instead of an expanding one).

    See Also
    --------
    forecast_cv : build one from the forecast horizon.
    check_cv_gap : check that a splitter keeps training labels out.

    Examples
    --------
    >>> import numpy as np
    >>> from sktseq.windows import ForecastSplit
    >>> cv = ForecastSplit(2, gap=1, context=2, test_size=3)
    >>> for train, test in cv.split(np.zeros((10, 1))):
    ...     print(train, test)
    [0 1 2] [2 3 4 5 6]
    [0 1 2 3 4 5] [5 6 7 8 9]

    Predicting the next block of rows: give the model the last ``context``
    rows before it and drop their predictions.

    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sktseq.features import FlattenWindows
    >>> from sktseq.windows import WindowTransformer
    >>> series = np.sin(np.arange(60.0)).reshape(-1, 1)
    >>> model = make_pipeline(WindowTransformer(seq_len=3), FlattenWindows(),
    ...                       LinearRegression()).fit(series[:-1], series[1:, 0])
    >>> history, block = series[:50], series[50:]
    >>> pred = model.predict(np.vstack([history[-2:], block]))[2:]
    >>> bool(np.allclose(pred, model.predict(series)[50:]))
    True
    """

    def __init__(
        self, n_splits=5, *, gap=0, context=0, test_size=None, max_train_size=None
    ):
        super().__init__(
            n_splits, gap=gap, test_size=test_size, max_train_size=max_train_size
        )
        self.context = context

    def split(self, X, y=None, groups=None):
        """Generate training and test indices; test folds start ``context`` early.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Time-ordered rows.
        y : array-like of shape (n_samples,), default=None
            Ignored (splits depend on the number of rows only).
        groups : None
            Ignored.

        Yields
        ------
        train : ndarray
            Training row indices.
        test : ndarray
            The ``context`` rows before the scored rows, then the scored rows.
        """
        context = self.context
        if not isinstance(context, Integral) or context < 0:
            raise ValueError(f"context must be an int >= 0; got {context!r}.")
        for i, (train, test) in enumerate(super().split(X, y, groups)):
            start = test[0] - context
            if start < 0:
                raise ValueError(
                    f"context={context} reaches before row 0: split {i}'s scored "
                    f"rows start at row {test[0]}; use a smaller context, or "
                    "fewer splits or a smaller test_size."
                )
            yield train, np.arange(start, test[-1] + 1)

    def scorer(self, scoring):
        """A scorer that ignores the ``context`` rows of each test fold.

        Parameters
        ----------
        scoring : str, callable, list, tuple or dict
            What ``GridSearchCV(scoring=...)`` accepts: a scorer name such as
            ``"neg_mean_absolute_error"``, a scorer callable
            ``(estimator, X, y)``, or several (a list of names or a dict of
            name -> scorer), in which case the scorer returns a dict (use
            ``refit="<name>"`` in a search).

        Returns
        -------
        scorer : callable
            ``scorer(estimator, X_test, y_test)`` predicts the whole test fold
            and scores the rows after the first ``context``.  It raises a
            ValueError when a WindowTransformer of ``estimator`` needs more
            history than ``context`` (inside a search this becomes the score
            ``error_score`` with sklearn's "Scoring failed" warning; see
            :meth:`check_context` to catch it before fitting).

        Examples
        --------
        >>> from sktseq.windows import forecast_cv
        >>> cv = forecast_cv(3, horizon=24, context=47)
        >>> cv.scorer("neg_mean_absolute_error")
        ForecastSplit.scorer('neg_mean_absolute_error') with context=47
        """
        return ContextScorer(scoring, self.context)

    def check_context(self, estimator, param_grid=None):
        """Check that ``context`` covers the windows of every candidate.

        Parameters
        ----------
        estimator : estimator
            The pipeline to evaluate.
        param_grid : dict or list of dicts, default=None
            The grid of a ``GridSearchCV``; every combination is checked.

        Returns
        -------
        self : ForecastSplit
            This splitter, so that ``cv=cv.check_context(pipe, grid)`` reads.

        Raises
        ------
        ValueError
            Naming ``context`` and the WindowTransformer that needs more rows.

        Examples
        --------
        >>> from sktseq.windows import WindowTransformer, forecast_cv
        >>> cv = forecast_cv(3, horizon=1, context=23)
        >>> grid = {"seq_len": [12, 48]}
        >>> cv.check_context(WindowTransformer(), grid)
        Traceback (most recent call last):
        ...
        ValueError: context=23 is shorter than the 47 rows of history ...
        """
        for params in ParameterGrid(param_grid if param_grid is not None else {}):
            check_span(clone(estimator).set_params(**params), self.context)
        return self


@validate_params(
    {
        "n_splits": [Interval(Integral, 2, None, closed="left")],
        "horizon": [Interval(Integral, 0, None, closed="left"), "array-like"],
        "context": [Interval(Integral, 0, None, closed="left")],
        "test_size": [Interval(Integral, 1, None, closed="left"), None],
        "max_train_size": [Interval(Integral, 1, None, closed="left"), None],
    },
    prefer_skip_nested_validation=True,
)
def forecast_cv(n_splits=5, *, horizon, context=0, test_size=None, max_train_size=None):
    """Time-series CV that keeps training labels out and gives test folds history.

    Parameters
    ----------
    n_splits : int, default=5
        Number of splits (>= 2).
    horizon : int or sequence of int
        Forecast horizon(s) used with :func:`align_horizon`; the gap is the
        largest.
    context : int, default=0
        Rows of history prepended to each test fold (inputs only; see
        :class:`ForecastSplit`).  Set it to the windows' look-back,
        ``(seq_len - 1) * sampling_rate`` for the largest ``seq_len`` searched,
        and score with ``cv.scorer(...)``.
    test_size : int, default=None
        Scored rows per test fold (see ``TimeSeriesSplit``).
    max_train_size : int, default=None
        Cap on training rows (a rolling window instead of an expanding one).

    Returns
    -------
    cv : ForecastSplit
        A ``TimeSeriesSplit`` with ``gap = max(horizon)`` and ``context``.

    Examples
    --------
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.pipeline import make_pipeline
    >>> from sktseq import DLinearRegressor, WindowTransformer, forecast_cv
    >>> cv = forecast_cv(3, horizon=24, context=167)
    >>> cv
    ForecastSplit(context=167, gap=24, max_train_size=None, n_splits=3,
                  test_size=None)
    >>> pipe = make_pipeline(WindowTransformer(), DLinearRegressor())
    >>> grid = {"windowtransformer__seq_len": [48, 168]}
    >>> search = GridSearchCV(pipe, grid, cv=cv.check_context(pipe, grid),
    ...                       scoring=cv.scorer("neg_mean_absolute_error"))
    """
    return ForecastSplit(
        n_splits,
        gap=max(_horizons(horizon)),
        context=context,
        test_size=test_size,
        max_train_size=max_train_size,
    )


def check_cv_gap(cv, *, horizon, context=0):
    """Check that ``cv`` keeps training labels out of the test period.

    Accepted: a splitter with a ``gap`` attribute (``TimeSeriesSplit``,
    :class:`ForecastSplit`) and ``gap >= max(horizon)``, or an explicit list
    of ``(train, test)`` index pairs in which every training row is more than
    ``max(horizon)`` rows before the first scored test row.

    Parameters
    ----------
    cv : cross-validation splitter or iterable of (train, test) index pairs
        What would be given to ``GridSearchCV(cv=...)``.
    horizon : int or sequence of int
        Forecast horizon(s) of the aligned target.
    context : int, default=0
        For explicit splits: leading rows of each test fold that are history
        only (not scored), as :meth:`ForecastSplit.split` yields them.

    Returns
    -------
    cv : splitter or list
        ``cv`` itself; an iterable of splits is returned as a list (it was
        consumed by the check).

    Raises
    ------
    ValueError
        If the gap is smaller than the horizon; for an int or None (KFold,
        which trains on the future), a shuffling splitter, or a splitter
        without a ``gap`` whose time order cannot be checked (pass
        ``list(cv.split(X))`` to have its splits checked).

    Examples
    --------
    >>> from sklearn.model_selection import TimeSeriesSplit
    >>> from sktseq.windows import check_cv_gap
    >>> check_cv_gap(TimeSeriesSplit(3, gap=24), horizon=24)
    TimeSeriesSplit(gap=24, max_train_size=None, n_splits=3, test_size=None)
    >>> check_cv_gap(TimeSeriesSplit(3), horizon=24)
    Traceback (most recent call last):
    ...
    ValueError: TimeSeriesSplit has gap=0 < horizon=24: ...
    """
    max_h = max(_horizons(horizon))
    fix = f"use forecast_cv(horizon={max_h}) or TimeSeriesSplit(gap={max_h})."
    if cv is None or isinstance(cv, Integral):
        raise ValueError(
            f"cv={cv!r} means (Stratified)KFold, which trains on rows after the "
            f"test rows; {fix}"
        )
    name = type(cv).__name__
    if getattr(cv, "shuffle", False):
        raise ValueError(f"{name} shuffles rows, which breaks time order; {fix}")
    if hasattr(cv, "gap"):
        if cv.gap < max_h:
            raise ValueError(
                f"{name} has gap={cv.gap} < horizon={max_h}: training labels "
                f"({max_h} rows ahead) would reach into the test period; {fix}"
            )
        return cv
    if hasattr(cv, "split"):
        raise ValueError(
            f"Cannot check the time order of {name} (no gap attribute); {fix} "
            "Or pass list(cv.split(X)) to have its splits checked."
        )
    splits = list(cv)
    for i, (train, test) in enumerate(splits):
        train, test = _as_indices(train), _as_indices(test)[context:]
        if len(train) and len(test) and train.max() + max_h >= test.min():
            raise ValueError(
                f"Split {i}: training row {train.max()} is not more than "
                f"horizon={max_h} rows before the first scored test row "
                f"{test.min()}; {fix}"
            )
    return splits


def _as_indices(rows):
    rows = np.asarray(rows)
    return np.flatnonzero(rows) if rows.dtype == bool else rows
