"""Forecast targets and leak-free time-series cross-validation.

With ``y`` aligned to a horizon ``h`` (row ``t`` labelled with the value at
``t + h``), the label of the last training row lies ``h`` rows after it.  A
``TimeSeriesSplit`` gap smaller than ``h`` therefore lets training labels
reach into the period whose rows are the test inputs; a gap of at least the
largest horizon keeps every training label strictly before the test period.
"""

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.model_selection import TimeSeriesSplit

from .._compat import Interval, validate_params

__all__ = ["align_horizon", "check_cv_gap", "forecast_cv"]


def _horizons(horizon):
    """Return the horizons as a tuple of ints >= 0 (error names ``horizon``)."""
    values = (horizon,) if isinstance(horizon, Integral) else tuple(horizon)
    if (
        not values
        or isinstance(horizon, str)
        or not all(isinstance(h, Integral) and not isinstance(h, bool) for h in values)
        or min(values) < 0
    ):
        raise ValueError(
            "horizon must be an int >= 0 or a non-empty sequence of such ints; "
            f"got {horizon!r}."
        )
    return tuple(int(h) for h in values)


def _as_indices(rows):
    rows = np.asarray(rows)
    return np.flatnonzero(rows) if rows.dtype == bool else rows


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like", None],
        "horizon": [Interval(Integral, 0, None, closed="left"), "array-like"],
        "target": [str, Integral, None],
    },
    prefer_skip_nested_validation=True,
)
def align_horizon(X, y=None, *, horizon, target=None):
    """Pair each row of ``X`` with the target ``horizon`` rows later.

    Row ``t`` of the returned ``X`` is paired with ``y[t + h]``; the last
    ``max(horizon)`` rows, which have no target yet, are dropped:
    ``X[:-h], y[h:]``.  Several horizons give a 2-D ``y``, one column per
    horizon.  Use a CV gap of at least ``max(horizon)`` (see
    :func:`forecast_cv`).

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_rows, n_features)
        Time-ordered inputs.
    y : array-like, Series or DataFrame of shape (n_rows,) or (n_rows, n_targets), \
default=None
        Time-ordered target series, row for row with ``X``.  2-D ``y`` is
        only accepted with a single horizon.  None: give ``target``.
    horizon : int or sequence of int
        Rows ahead (>= 0).  A sequence such as ``range(1, 25)`` gives one
        ``y`` column per horizon, in that order.
    target : str or int, default=None
        When ``y`` is None, the column of ``X`` to forecast (a name for a
        DataFrame, a position otherwise).  It stays in ``X``: its history is
        an input.

    Returns
    -------
    X_aligned : ndarray or DataFrame of shape (n_rows - max(horizon), n_features)
        A view (numpy) or ``iloc`` slice of ``X``, index kept.
    y_aligned : ndarray, Series or DataFrame
        Shape ``(n_rows - max(horizon),)`` for one horizon and 1-D ``y``,
        ``(n_rows - max(horizon), len(horizon))`` for several.  pandas when
        ``y`` is pandas or comes from a DataFrame column, indexed like
        ``X_aligned`` (the forecast origin); several horizons are named
        ``"<name>_h<h>"``.

    Examples
    --------
    >>> import numpy as np
    >>> from sktseq.windows import align_horizon
    >>> X = np.arange(6.0).reshape(6, 1)
    >>> Xa, ya = align_horizon(X, np.arange(6) * 10, horizon=2)
    >>> Xa.ravel(), ya
    (array([0., 1., 2., 3.]), array([20, 30, 40, 50]))
    >>> align_horizon(X, target=0, horizon=[1, 2])[1]
    array([[1., 2.],
           [2., 3.],
           [3., 4.],
           [4., 5.]])
    """
    horizons = _horizons(horizon)
    if (y is None) == (target is None):
        raise ValueError("Give exactly one of y (a target series) and target.")
    if not hasattr(X, "shape"):
        X = np.asarray(X)
    if y is None:
        if isinstance(X, pd.DataFrame):
            if target not in X.columns:
                raise ValueError(f"target={target!r} is not a column of X.")
            y = X[target]
        else:
            if X.ndim != 2 or not -X.shape[1] <= target < X.shape[1]:
                raise ValueError(
                    f"target={target!r} is not a column position of X with "
                    f"shape {X.shape}."
                )
            y = X[:, target]
    elif not hasattr(y, "shape"):
        y = np.asarray(y)

    n_rows = X.shape[0]
    if y.shape[0] != n_rows:
        raise ValueError(
            f"X and y must have the same number of rows; got {n_rows} and {y.shape[0]}."
        )
    max_h = max(horizons)
    if max_h >= n_rows:
        raise ValueError(f"horizon={max_h} leaves no rows: X has only {n_rows} rows.")
    n_out = n_rows - max_h
    if y.ndim > 1 and len(horizons) > 1:
        raise ValueError(
            "Several horizons need a 1-D y (one target series); got y with "
            f"shape {y.shape}."
        )

    X_out = X.iloc[:n_out] if isinstance(X, pd.DataFrame | pd.Series) else X[:n_out]
    index = X.index[:n_out] if isinstance(X, pd.DataFrame) else None
    is_pandas = isinstance(y, pd.Series | pd.DataFrame)
    y_values = y.to_numpy() if is_pandas else y
    if isinstance(horizon, Integral):
        y_out = y_values[horizons[0] : horizons[0] + n_out]
        if not is_pandas:
            return X_out, y_out
        if index is None:
            index = pd.RangeIndex(n_out)
        if isinstance(y, pd.Series):
            return X_out, pd.Series(y_out, index=index, name=y.name)
        return X_out, pd.DataFrame(y_out, index=index, columns=y.columns)

    y_out = np.column_stack([y_values[h : h + n_out] for h in horizons])
    if not is_pandas:
        return X_out, y_out
    name = y.name if isinstance(y, pd.Series) and y.name is not None else "y"
    if index is None:
        index = pd.RangeIndex(n_out)
    columns = [f"{name}_h{h}" for h in horizons]
    return X_out, pd.DataFrame(y_out, index=index, columns=columns)


@validate_params(
    {
        "n_splits": [Interval(Integral, 2, None, closed="left")],
        "horizon": [Interval(Integral, 0, None, closed="left"), "array-like"],
        "test_size": [Interval(Integral, 1, None, closed="left"), None],
        "max_train_size": [Interval(Integral, 1, None, closed="left"), None],
    },
    prefer_skip_nested_validation=True,
)
def forecast_cv(n_splits=5, *, horizon, test_size=None, max_train_size=None):
    """Time-series CV whose gap keeps training labels out of the test period.

    Parameters
    ----------
    n_splits : int, default=5
        Number of splits (>= 2).
    horizon : int or sequence of int
        Forecast horizon(s) used with :func:`align_horizon`; the gap is the
        largest.
    test_size : int, default=None
        Rows per test fold (see ``TimeSeriesSplit``).
    max_train_size : int, default=None
        Cap on training rows (a rolling window instead of an expanding one).

    Returns
    -------
    cv : sklearn.model_selection.TimeSeriesSplit
        With ``gap = max(horizon)``.

    Examples
    --------
    >>> from sktseq.windows import forecast_cv
    >>> forecast_cv(3, horizon=24)
    TimeSeriesSplit(gap=24, max_train_size=None, n_splits=3, test_size=None)
    """
    return TimeSeriesSplit(
        n_splits,
        gap=max(_horizons(horizon)),
        test_size=test_size,
        max_train_size=max_train_size,
    )


def check_cv_gap(cv, *, horizon):
    """Check that ``cv`` keeps training labels out of the test period.

    Accepted: a splitter with a ``gap`` attribute (``TimeSeriesSplit``) and
    ``gap >= max(horizon)``, or an explicit list of ``(train, test)`` index
    pairs in which every training row is more than ``max(horizon)`` rows
    before the first test row.

    Parameters
    ----------
    cv : cross-validation splitter or iterable of (train, test) index pairs
        What would be given to ``GridSearchCV(cv=...)``.
    horizon : int or sequence of int
        Forecast horizon(s) of the aligned target.

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
        train, test = _as_indices(train), _as_indices(test)
        if len(train) and len(test) and train.max() + max_h >= test.min():
            raise ValueError(
                f"Split {i}: training row {train.max()} is not more than "
                f"horizon={max_h} rows before the first test row {test.min()}; "
                f"{fix}"
            )
    return splits
