"""The forecast layout shared by the window regressors.

``y`` of several targets and horizons has ``n_targets * n_horizons`` columns,
target-major (all horizons of the first target, then the next), as
:func:`~sktseq.windows.align_horizon` builds it.  The baselines and
:class:`~sktseq.DLinearRegressor` read their target channels from
``target_index`` and ``y``'s width from this module, so they agree on it.
"""

from numbers import Integral

import numpy as np

__all__ = ["check_target_index", "n_horizons_of"]


def check_target_index(target_index, n_features, *, default="all"):
    """Target channel positions as a 1-D int array (errors name ``target_index``).

    ``None`` means every channel when ``default="all"``.  An int gives one
    target, a sequence several (in that order).

    Examples
    --------
    >>> check_target_index([2, 0], 3)
    array([2, 0])
    >>> check_target_index(None, 3)
    array([0, 1, 2])
    """
    if target_index is None and default == "all":
        return np.arange(n_features)
    values = np.atleast_1d(np.asarray(target_index))
    if (
        isinstance(target_index, str | bool)
        or values.ndim != 1
        or values.size == 0
        or not all(
            isinstance(v, Integral | np.integer) and not isinstance(v, bool)
            for v in values.tolist()
        )
    ):
        raise ValueError(
            "target_index must be an int or a non-empty sequence of ints; got "
            f"{target_index!r}."
        )
    bad = values[(values < -n_features) | (values >= n_features)]
    if bad.size:
        raise ValueError(
            f"target_index={int(bad[0])} is out of range for windows with "
            f"{n_features} feature(s) per time step."
        )
    return values.astype(np.intp)


def n_horizons_of(n_outputs, n_targets, estimator):
    """Horizons per target in a target-major ``y`` of ``n_outputs`` columns.

    Examples
    --------
    >>> n_horizons_of(14, 7, "DLinearRegressor")
    2
    """
    if n_outputs % n_targets:
        raise ValueError(
            f"y has {n_outputs} column(s), which is not n_targets * n_horizons "
            f"for the {n_targets} target channel(s) of {estimator}: give y in "
            "align_horizon's target-major layout or set target_index."
        )
    return n_outputs // n_targets
