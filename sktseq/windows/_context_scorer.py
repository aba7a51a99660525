"""The scorer of :class:`ForecastSplit`: score test folds after their context.

A :class:`ForecastSplit` test fold holds ``context`` rows of history, then the
rows to score.  The scorer predicts the whole fold, so the first scored
windows reach back into the context, and compares only the rest with ``y``.
It also checks that the context covers every window's look-back.
"""

import functools

import numpy as np
import pandas as pd
from sklearn.metrics import check_scoring

from ._window_transformer import WindowTransformer

__all__ = ["ContextScorer", "check_span"]

_RESPONSE_METHODS = (
    "predict",
    "predict_proba",
    "predict_log_proba",
    "decision_function",
)


def _window_spans(estimator):
    """``(rows of history, description)`` for every WindowTransformer inside."""
    found = [estimator]
    if hasattr(estimator, "get_params"):
        found += list(estimator.get_params(deep=True).values())
    return [
        (
            (est.seq_len - 1) * est.sampling_rate,
            f"WindowTransformer(seq_len={est.seq_len}, "
            f"sampling_rate={est.sampling_rate})",
        )
        for est in found
        if isinstance(est, WindowTransformer)
    ]


def check_span(estimator, context):
    for span, what in _window_spans(estimator):
        if span > context:
            raise ValueError(
                f"context={context} is shorter than the {span} rows of history "
                f"that {what} needs: the first scored windows would be padded; "
                f"use forecast_cv(..., context={span}) or more."
            )


def _rows_after(values, context):
    """Drop the first ``context`` rows (pandas by position)."""
    return values.iloc[context:] if hasattr(values, "iloc") else values[context:]


class _ScoredRows:
    """The fitted estimator, answering only for the rows after the context.

    Scorers call ``predict`` (or ``predict_proba``...) on the whole test fold,
    so the windows of the first scored rows reach back into the context rows;
    the context rows' own outputs are then dropped.  Everything else (tags,
    ``classes_``) is the estimator's own.
    """

    def __init__(self, estimator, context):
        self._estimator = estimator
        self._context = context

    def __getattr__(self, name):
        attr = getattr(self._estimator, name)
        if name not in _RESPONSE_METHODS:
            return attr
        context = self._context

        # wraps keeps the method's __name__, which sklearn's scorers read.
        @functools.wraps(attr)
        def response(X, *args, **kwargs):
            return _rows_after(attr(X, *args, **kwargs), context)

        return response


def _looks_shuffled(index):
    """Whether a numeric or datetime row index was drawn out of order.

    Real records have a few timestamps out of order (the Jena hourly file has
    2 in 70,092 rows) while their rows are in recorded order; rows drawn at
    random step backwards about half the time.  More than a quarter of
    backward steps is taken as a reordering.
    """
    if index is None or not (
        pd.api.types.is_numeric_dtype(index)
        or pd.api.types.is_datetime64_any_dtype(index)
    ):
        return False
    values = index.asi8 if isinstance(index, pd.DatetimeIndex) else np.asarray(index)
    steps = np.diff(values)
    return np.count_nonzero(steps < 0) > 0.25 * len(steps)


class ContextScorer:
    """A scorer that ignores the first ``context`` rows of each test fold."""

    def __init__(self, scoring, context):
        if scoring is None:
            # estimator.score would predict and score every row of the fold.
            raise ValueError(
                "scoring=None cannot drop the context rows; name a metric, e.g. "
                "cv.scorer('neg_mean_absolute_error'), or give a scorer."
            )
        self.scoring = scoring
        self.context = context
        self._scorer = check_scoring(scoring=scoring)

    def __call__(self, estimator, X, y_true=None, **kwargs):
        k = self.context
        check_span(estimator, k)
        if _looks_shuffled(getattr(X, "index", None)):
            raise ValueError(
                "The test fold's rows are not in time order, so its first "
                f"context={k} rows are not the history of the rest; "
                "HalvingGridSearchCV's default resource='n_samples' draws rows at "
                "random: give it resource=<an estimator parameter> instead."
            )
        n_rows = len(X)
        if n_rows <= k:
            raise ValueError(
                f"The test fold has {n_rows} rows, no more than context={k}: "
                "nothing is left to score; use this scorer with the ForecastSplit "
                "that made it."
            )
        scored = _ScoredRows(estimator, k)
        kwargs = {
            key: _rows_after(value, k)
            if hasattr(value, "__len__") and len(value) == n_rows
            else value
            for key, value in kwargs.items()
        }
        if y_true is None:
            return self._scorer(scored, X, **kwargs)
        return self._scorer(scored, X, _rows_after(y_true, k), **kwargs)

    def __repr__(self):
        return f"ForecastSplit.scorer({self.scoring!r}) with context={self.context}"
