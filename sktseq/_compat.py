"""The one door to scikit-learn's private helpers.

sktseq needs a few names that scikit-learn keeps private (parameter
constraints, the ``fit`` context that honours ``skip_parameter_validation``,
feature-name and output-config helpers).  Every module imports them from here,
so a scikit-learn upgrade that moves one touches this file only.
"""

from sklearn.base import _fit_context
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)
from sklearn.utils._set_output import _get_output_config
from sklearn.utils.validation import _check_feature_names_in, _check_sample_weight

__all__ = [
    "HasMethods",
    "Interval",
    "StrOptions",
    "_check_feature_names_in",
    "_check_sample_weight",
    "_fit_context",
    "_get_output_config",
    "validate_params",
]
