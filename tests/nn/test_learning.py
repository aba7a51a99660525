"""Defaults learn: untuned estimators fit small, trivial tasks.

A model that does not learn these with its default settings is a bug (the
defaults decide the batch size, the epochs and the learning-rate schedule).
Scores are on held-out rows.
"""

import numpy as np
import pytest

from sktseq.nn import (
    AttentionClassifier,
    AttentionRegressor,
    Conv1DClassifier,
    Conv1DRegressor,
    GRUClassifier,
    GRURegressor,
    LSTMClassifier,
    LSTMRegressor,
    RNNClassifier,
    RNNRegressor,
)


def _regression_task(n_train=300, n_test=100, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_train + n_test, 12, 3)).astype(np.float32)
    # Far from unit scale on purpose: the regressors standardize y.
    y = 50.0 + 20.0 * (2 * X[:, -1, 0] + X[:, -3, 1])
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


@pytest.mark.parametrize(
    ("cls", "max_error"),
    [
        (LSTMRegressor, 0.05),
        (GRURegressor, 0.05),
        (RNNRegressor, 0.05),
        # Global pooling over time blurs which step is the last one, and
        # attention must learn positions from 300 rows: looser, still far
        # below a constant forecast (1.0).
        (Conv1DRegressor, 0.35),
        (AttentionRegressor, 0.35),
    ],
)
def test_default_regressors_learn(cls, max_error):
    X, y, X_test, y_test = _regression_task()
    model = cls(random_state=0).fit(X, y)
    relative_mse = np.mean((model.predict(X_test) - y_test) ** 2) / y_test.var()
    assert relative_mse < max_error


def _token_task(n_train=400, n_test=300, seed=0):
    """Label: is the first token of the (padded) document above 15?"""
    rng = np.random.default_rng(seed)
    ids = rng.integers(1, 30, size=(n_train + n_test, 12))
    lengths = rng.integers(3, 13, size=len(ids))
    ids[np.arange(12) >= lengths[:, None]] = 0
    y = np.where(ids[:, 0] > 15, "pos", "neg")
    return ids[:n_train], y[:n_train], ids[n_train:], y[n_train:]


@pytest.mark.parametrize(
    ("cls", "min_accuracy"),
    [
        (GRUClassifier, 0.95),
        (LSTMClassifier, 0.95),
        (RNNClassifier, 0.95),
        (AttentionClassifier, 0.95),
        # Max pooling over time does not know which token came first.
        (Conv1DClassifier, 0.75),
    ],
)
def test_default_classifiers_learn(cls, min_accuracy):
    ids, y, ids_test, y_test = _token_task()
    model = cls(random_state=0).fit(ids, y)
    assert np.mean(model.predict(ids_test) == y_test) >= min_accuracy


def test_training_stops_when_the_loss_stops_improving():
    X, y, _, _ = _regression_task()
    model = LSTMRegressor(random_state=0, max_epochs=500).fit(X, y)
    epochs = len(model.history_)
    assert epochs < 500
    # the learning rate was lowered on the plateau before stopping
    assert model.history_[-1, "event_lr"] < model.history_[0, "event_lr"]
