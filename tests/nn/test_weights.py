"""sample_weight: a weighted loss; rows of weight 0 never move the fit."""

import numpy as np
import pytest

from sktseq.nn import Conv1DClassifier, GRURegressor, LSTMClassifier

FAST = {"max_epochs": 3, "batch_size": 16, "random_state": 0}


def _windows(n=80, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 6, 2)).astype(np.float32)
    return X, X[:, -1, 0] + X[:, -2, 1]


@pytest.mark.parametrize("early_stopping", [False, True])
def test_zero_weight_rows_do_not_move_the_fit(early_stopping):
    X, y = _windows()
    w = np.ones(len(y))
    w[::4] = 0.0
    kw = {"hidden_size": 4, "early_stopping": early_stopping, **FAST}
    garbage_a, garbage_b = y.copy(), y.copy()
    garbage_a[::4] = 1e4
    garbage_b[::4] = -3e3
    a = GRURegressor(**kw).fit(X, garbage_a, sample_weight=w)
    b = GRURegressor(**kw).fit(X, garbage_b, sample_weight=w)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    # the target scaling ignores them too
    np.testing.assert_allclose(a.y_mean_, np.average(y, weights=w))
    plain = GRURegressor(**kw).fit(X, garbage_a)
    assert not np.allclose(plain.predict(X), a.predict(X))


def test_weights_change_a_classifier_and_scale_does_not_matter():
    rng = np.random.default_rng(0)
    ids = rng.integers(1, 20, size=(64, 8))
    y = (ids[:, 0] > 10).astype(int)
    w = rng.uniform(0.1, 2.0, size=len(y))
    kw = {"hidden_size": 4, **FAST}
    base = LSTMClassifier(**kw).fit(ids, y).predict_proba(ids)
    weighted = LSTMClassifier(**kw).fit(ids, y, sample_weight=w).predict_proba(ids)
    scaled = LSTMClassifier(**kw).fit(ids, y, sample_weight=10 * w).predict_proba(ids)
    assert not np.allclose(base, weighted)
    np.testing.assert_allclose(weighted, scaled, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        (-np.ones(20), "Negative values"),
        (np.ones(5), "shape"),
        (np.zeros(20), "non-zero"),
    ],
)
def test_bad_sample_weight(weights, match):
    rng = np.random.default_rng(0)
    ids = rng.integers(1, 20, size=(20, 8))
    with pytest.raises(ValueError, match=match):
        Conv1DClassifier(**FAST).fit(ids, ids[:, 0] % 2, sample_weight=weights)
