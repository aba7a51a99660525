"""Linear forecasters on windows, fitted in closed form.

- :class:`DLinearRegressor`: channel-independent linear map from each
  channel's last ``seq_len`` values to its next ``n_horizons`` values
  (DLinear / NLinear, Zeng et al. 2023), with a moving-average trend split
  and per-window normalization.
"""

from ._dlinear import DLinearRegressor

__all__ = ["DLinearRegressor"]
