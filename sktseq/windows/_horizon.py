"""Forecast targets: pair each row with the values ``horizon`` rows later.

With ``y`` aligned to a horizon ``h`` (row ``t`` labelled with the value at
``t + h``), the label of the last training row lies ``h`` rows after it; see
:func:`~sktseq.windows.forecast_cv` for the CV gap this calls for.

Several targets and several horizons give a 2-D ``y`` of ``n_targets *
n_horizons`` columns, *target-major*: all horizons of the first target, then
all horizons of the next.  The baselines and :class:`~sktseq.DLinearRegressor`
read and predict that layout.
"""

from numbers import Integral

import numpy as np
import pandas as pd

from .._compat import Interval, validate_params

__all__ = ["align_horizon"]


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


def _target_of(X, target):
    """The target column(s) of ``X``: 1-D for one target, 2-D for a list."""
    several = not isinstance(target, str | Integral)
    targets = list(target) if several else [target]
    if not targets:
        raise ValueError("target must name at least one column; got [].")
    if isinstance(X, pd.DataFrame):
        for name in targets:
            if name not in X.columns:
                raise ValueError(f"target={name!r} is not a column of X.")
        return X[targets] if several else X[target]
    if X.ndim != 2:
        raise ValueError(f"target= needs a 2-D X; got X with shape {X.shape}.")
    for position in targets:
        if not isinstance(position, Integral) or not (
            -X.shape[1] <= position < X.shape[1]
        ):
            raise ValueError(
                f"target={position!r} is not a column position of X with "
                f"shape {X.shape}."
            )
    return X[:, targets] if several else X[:, target]


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like", None],
        "horizon": [Interval(Integral, 0, None, closed="left"), "array-like"],
        "target": [str, Integral, "array-like", None],
    },
    prefer_skip_nested_validation=True,
)
def align_horizon(X, y=None, *, horizon, target=None):
    """Pair each row of ``X`` with the target ``horizon`` rows later.

    Row ``t`` of the returned ``X`` is paired with ``y[t + h]``; the last
    ``max(horizon)`` rows, which have no target yet, are dropped:
    ``X[:-h], y[h:]``.  Use a CV gap of at least ``max(horizon)`` (see
    :func:`forecast_cv`).

    Several horizons, several targets, or both, give a 2-D ``y`` of
    ``n_targets * n_horizons`` columns, target-major: column ``j *
    n_horizons + k`` holds target ``j`` at horizon ``horizon[k]``.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_rows, n_features)
        Time-ordered inputs.
    y : array-like, Series or DataFrame of shape (n_rows,) or (n_rows, n_targets), \
default=None
        Time-ordered target series, row for row with ``X``.  None: give
        ``target``.
    horizon : int or sequence of int
        Rows ahead (>= 0; >= 1 with ``target``, whose value at ``t`` is an
        input of row ``t``).  A sequence such as ``range(1, 25)`` gives one
        ``y`` column per horizon and target.  ``0`` pairs each row with the
        concurrent value of a separate ``y`` (nowcasting).
    target : str, int or list of them, default=None
        When ``y`` is None, the column(s) of ``X`` to forecast (names for a
        DataFrame, positions otherwise).  They stay in ``X``: their history is
        an input.  A list, even of one name, gives a 2-D ``y``.

    Returns
    -------
    X_aligned : ndarray or DataFrame of shape (n_rows - max(horizon), n_features)
        A view (numpy) or ``iloc`` slice of ``X``, index kept.
    y_aligned : ndarray, Series or DataFrame
        An int ``horizon`` keeps the shape of ``y`` (1-D, or one column per
        target).  A sequence of horizons gives ``(n_rows - max(horizon),
        n_targets * len(horizon))``, target-major.  pandas when ``y`` is
        pandas or comes from a DataFrame, indexed like ``X_aligned`` (the
        forecast origin); with several horizons the columns are named
        ``"<name>_h<h>"`` (``"y_h<h>"`` for an unnamed Series).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
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
    >>> df = pd.DataFrame({"OT": [0.0, 1, 2, 3], "HUFL": [10.0, 11, 12, 13]})
    >>> align_horizon(df, target=["OT", "HUFL"], horizon=[1, 2])[1]
        OT_h1  OT_h2  HUFL_h1  HUFL_h2
    0    1.0    2.0     11.0     12.0
    1    2.0    3.0     12.0     13.0
    """
    horizons = _horizons(horizon)
    if (y is None) == (target is None):
        raise ValueError("Give exactly one of y (a target series) and target.")
    if not hasattr(X, "shape"):
        X = np.asarray(X)
    if y is None:
        if 0 in horizons:
            raise ValueError(
                "horizon=0 with target= pairs each row with its own input "
                f"value (a leak); use horizons >= 1 (got {horizon!r}), or pass "
                "y separately to nowcast a series that is not in X."
            )
        y = _target_of(X, target)
    elif not hasattr(y, "shape"):
        y = np.asarray(y)

    n_rows = X.shape[0]
    if y.ndim not in (1, 2):
        raise ValueError(
            f"y must be 1-D or 2-D (one column per target); got shape {y.shape}."
        )
    if y.shape[0] != n_rows:
        raise ValueError(
            f"X and y must have the same number of rows; got {n_rows} and {y.shape[0]}."
        )
    max_h = max(horizons)
    if max_h >= n_rows:
        raise ValueError(f"horizon={max_h} leaves no rows: X has only {n_rows} rows.")
    n_out = n_rows - max_h

    X_out = X.iloc[:n_out] if isinstance(X, pd.DataFrame | pd.Series) else X[:n_out]
    is_pandas = isinstance(y, pd.Series | pd.DataFrame)
    y_values = y.to_numpy() if is_pandas else y
    index = None
    if is_pandas:
        index = X.index[:n_out] if isinstance(X, pd.DataFrame) else pd.RangeIndex(n_out)

    if isinstance(horizon, Integral):
        y_out = y_values[horizons[0] : horizons[0] + n_out]  # a view
        if not is_pandas:
            return X_out, y_out
        if isinstance(y, pd.Series):
            return X_out, pd.Series(y_out, index=index, name=y.name)
        return X_out, pd.DataFrame(y_out, index=index, columns=y.columns)

    # (n_out, n_targets, n_horizons) flattened row-major: target-major columns.
    per_target = y_values.reshape(n_rows, -1)
    y_out = np.stack([per_target[h : h + n_out] for h in horizons], axis=2)
    y_out = y_out.reshape(n_out, -1)
    if not is_pandas:
        return X_out, y_out
    if isinstance(y, pd.Series):
        names = [y.name if y.name is not None else "y"]
    else:
        names = list(y.columns)
    columns = [f"{name}_h{h}" for name in names for h in horizons]
    return X_out, pd.DataFrame(y_out, index=index, columns=columns)
