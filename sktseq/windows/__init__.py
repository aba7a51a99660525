"""Sliding windows over time-ordered tables, forecast targets and CV.

- :class:`WindowTransformer`: one look-back window per row (sample-preserving,
  for pipelines and grid search), returned as a :class:`WindowArray` that
  carries the input's feature names and row index.
- :func:`make_windows`: Keras ``timeseries_dataset_from_array`` windows and
  targets as zero-copy numpy views.
- :func:`align_horizon`: pair each row with the target ``horizon`` rows later.
- :func:`forecast_cv` / :class:`ForecastSplit` and :func:`check_cv_gap`:
  time-series CV with a gap that keeps training labels out of the test period
  and test folds whose windows see ``context`` rows of real history.
"""

from ._forecast_cv import ForecastSplit, check_cv_gap, forecast_cv
from ._horizon import align_horizon
from ._make_windows import make_windows
from ._window_array import WindowArray
from ._window_transformer import WindowTransformer

__all__ = [
    "ForecastSplit",
    "WindowArray",
    "WindowTransformer",
    "align_horizon",
    "check_cv_gap",
    "forecast_cv",
    "make_windows",
]
