"""``config_context(skip_parameter_validation=True)`` is honoured by every estimator.

scikit-learn checks ``_parameter_constraints`` in ``fit`` through
``@_fit_context``, which skips the check under that configuration (nested
estimators and users who validated once rely on it).  An estimator that calls
``_validate_params()`` itself ignores it.  The test replaces the check by a
sentinel and asks that ``fit`` reach it normally and skip it when configured.
"""

import inspect

import numpy as np
import pytest
from sklearn import config_context
from sklearn.base import BaseEstimator, is_classifier

import sktseq

# Only to make fits small and fast; none switches validation off.
PARAMS = {
    "SeasonalNaiveRegressor": {"season_length": 2},
    "RollingStats": {"windows": (3,)},
    "TsfreshFeatures": {"default_fc_parameters": "minimal"},
    "WindowTransformer": {"seq_len": 3},
    **{
        f"{family}{kind}": {"max_epochs": 1}
        for family in ("LSTM", "GRU", "RNN", "Conv1D", "Attention")
        for kind in ("Regressor", "Classifier")
    },
}


def estimators():
    for name in sktseq.__all__:
        cls = getattr(sktseq, name)
        if inspect.isclass(cls) and issubclass(cls, BaseEstimator):
            yield cls(**PARAMS.get(name, {}))


class Validated(Exception):
    """Raised by the sentinel that replaces ``_validate_params``."""


def _sentinel(self):
    raise Validated


def test_every_checked_estimator_is_listed():
    names = {type(est).__name__ for est in estimators()}
    # every family of sktseq, so an empty list cannot pass
    for name in (
        "WindowTransformer",
        "RollingStats",
        "WindowSummary",
        "FlattenWindows",
        "PersistenceRegressor",
        "TsfreshFeatures",
        "LSTMRegressor",
        "AttentionClassifier",
        "TextVectorizer",
        "NBLogCountRatio",
        "DLinearRegressor",
    ):
        assert name in names


@pytest.mark.parametrize(
    "estimator", list(estimators()), ids=lambda e: type(e).__name__
)
def test_skip_parameter_validation_is_honoured(estimator, monkeypatch):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 6)), rng.normal(size=30)
    if is_classifier(estimator) or type(estimator).__name__ == "NBLogCountRatio":
        y = y > 0
        X = np.abs(X)  # NB log-count ratios need counts
    if type(estimator).__name__ == "TextVectorizer":
        X = [f"word{i} and {i % 3} more" for i in range(30)]
    monkeypatch.setattr(type(estimator), "_validate_params", _sentinel)
    with pytest.raises(Validated):
        estimator.fit(X, y)
    with config_context(skip_parameter_validation=True):
        estimator.fit(X, y)  # the sentinel is never called
    assert hasattr(estimator, "n_features_in_") or hasattr(estimator, "vocabulary_")


@pytest.mark.parametrize(
    ("estimator", "param", "invalid"),
    [
        # an array is not the list or tuple the constraint asks for, but works
        (sktseq.WindowSummary(), "stats", np.array(["mean", "max"])),
        (sktseq.RollingStats(windows=(3,)), "passthrough", "yes"),
    ],
    ids=["WindowSummary", "RollingStats"],
)
def test_invalid_value_passes_when_validation_is_skipped(estimator, param, invalid):
    X = np.random.default_rng(0).normal(size=(30, 6))
    estimator.set_params(**{param: invalid})
    with pytest.raises(ValueError, match=f"'{param}' parameter"):
        estimator.fit(X)
    with config_context(skip_parameter_validation=True):
        assert estimator.fit_transform(X).shape[0] == 30
