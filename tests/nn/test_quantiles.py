"""Quantile regression: pinball loss, one output per level, ordered quantiles."""

import numpy as np
import pytest
import torch

from sktseq.nn import (
    AttentionRegressor,
    Conv1DRegressor,
    GRURegressor,
    LSTMRegressor,
)
from sktseq.nn.modules import PinballLoss

FAST = {"max_epochs": 2, "batch_size": 32, "random_state": 0}


def _windows(n=96, seq_len=6, n_features=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, seq_len, n_features)).astype(np.float32)
    return X, X[:, -1, 0] + 0.5 * X[:, -2, 1]


@pytest.mark.parametrize(
    ("quantiles", "match"),
    [
        ((0.0, 0.5), "strictly between 0 and 1"),
        ((0.5, 1.2), "strictly between 0 and 1"),
        ((), "strictly between 0 and 1"),
        ((0.9, 0.5, 0.1), "strictly increasing"),
        ((0.1, 0.5, 0.5, 0.9), "no duplicates"),
        ((0.1, 0.9), "must contain 0.5"),
    ],
)
def test_bad_quantiles_name_the_parameter(quantiles, match):
    X, y = _windows()
    with pytest.raises(ValueError, match=match) as info:
        GRURegressor(quantiles=quantiles, hidden_size=4, **FAST).fit(X, y)
    message = str(info.value)
    assert message.startswith("quantiles")
    assert "\n" not in message


def test_predict_quantiles_needs_a_model_fitted_with_quantiles():
    X, y = _windows()
    model = GRURegressor(hidden_size=4, **FAST).fit(X, y)
    with pytest.raises(ValueError, match=r"fitted without quantiles; set quantiles="):
        model.predict_quantiles(X)
    # set_params after fit changes nothing until the next fit.
    model.set_params(quantiles=(0.1, 0.5, 0.9))
    with pytest.raises(ValueError, match="fitted without quantiles"):
        model.predict_quantiles(X)
    assert model.predict(X).shape == (len(X),)


def test_quantiles_never_cross_even_untrained():
    # An untrained head outputs its levels in random order: the raw outputs
    # cross, predict_quantiles sorts each row (and maps back to y's units).
    X, y = _windows()
    levels = (0.1, 0.25, 0.5, 0.75, 0.9)
    model = LSTMRegressor(
        hidden_size=4, quantiles=levels, max_epochs=0, early_stopping=False
    ).fit(X, y)
    raw = model._forward(X).reshape(len(X), len(levels))
    assert (np.diff(raw, axis=1) < 0).any()
    q = model.predict_quantiles(X)
    assert q.shape == (len(X), len(levels))
    assert (np.diff(q, axis=1) >= 0).all()
    expected = np.sort(raw, axis=1) * model.y_scale_[0] + model.y_mean_[0]
    np.testing.assert_allclose(q, expected, rtol=1e-6)
    np.testing.assert_array_equal(model.predict(X), q[:, 2])


@pytest.mark.parametrize(
    ("cls", "params"),
    [
        (LSTMRegressor, {"hidden_size": 4}),
        (Conv1DRegressor, {"filters": 4}),
        (AttentionRegressor, {"d_model": 8, "num_heads": 2}),
    ],
)
def test_layout_for_one_and_two_dimensional_y(cls, params):
    X, y = _windows()
    levels = (0.2, 0.5, 0.8)
    model = cls(quantiles=levels, **params, **FAST).fit(X, y)
    assert model.quantiles_.tolist() == list(levels)
    assert model.predict_quantiles(X).shape == (len(X), 3)
    np.testing.assert_array_equal(model.predict(X), model.predict_quantiles(X)[:, 1])

    Y = np.column_stack([y, -2 * y, y + 10])  # target-major, 3 targets
    model = cls(quantiles=levels, **params, **FAST).fit(X, Y)
    assert model.net_.module_(torch.from_numpy(X[:2])).shape == (2, 3 * 3)
    q = model.predict_quantiles(X)
    assert q.shape == (len(X), 3, 3)  # (n_samples, n_targets, n_quantiles)
    np.testing.assert_array_equal(model.predict(X), q[:, :, 1])
    assert (np.diff(q, axis=2) >= 0).all()
    # each target is mapped back to its own units
    np.testing.assert_allclose(q[:, 2, 1].mean(), 10 + y.mean(), atol=1.5)


def test_a_single_level_is_what_predict_returns():
    X, y = _windows()
    model = GRURegressor(quantiles=(0.9,), hidden_size=4, **FAST).fit(X, y)
    assert model.predict_quantiles(X).shape == (len(X), 1)
    np.testing.assert_array_equal(model.predict(X), model.predict_quantiles(X)[:, 0])


def test_learned_quantiles_cover_their_levels():
    # y = signal + noise whose spread grows with |x|: the 10% and 90%
    # quantiles must follow it, so about 80% of held-out rows fall between.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 4, 1)).astype(np.float32)
    scale = 0.2 + np.abs(X[:, -1, 0])
    y = X[:, -1, 0] + scale * rng.normal(size=len(X))
    model = GRURegressor(
        hidden_size=16, quantiles=(0.1, 0.5, 0.9), lr=0.01, random_state=0
    ).fit(X[:2000], y[:2000])
    q = model.predict_quantiles(X[2000:])
    y_test = y[2000:]
    below = np.mean(y_test < q[:, 0])
    above = np.mean(y_test > q[:, 2])
    assert 0.05 < below < 0.15
    assert 0.05 < above < 0.15
    # narrower where the noise is small (|x| < 0.5) than where it is large
    small = np.abs(X[2000:, -1, 0]) < 0.5
    width = q[:, 2] - q[:, 0]
    assert width[small].mean() < 0.6 * width[~small].mean()


def test_pinball_loss_matches_the_formula():
    rng = np.random.default_rng(0)
    levels = np.array([0.1, 0.5, 0.9])
    pred = rng.normal(size=(5, 2 * 3))  # 2 targets x 3 levels, target-major
    true = rng.normal(size=(5, 2))
    error = true[:, :, None] - pred.reshape(5, 2, 3)
    expected = np.where(error >= 0, levels * error, (levels - 1) * error)
    loss = PinballLoss(levels.tolist(), reduction="none")(
        torch.tensor(pred, dtype=torch.float32), torch.tensor(true, dtype=torch.float32)
    )
    np.testing.assert_allclose(loss.numpy(), expected.reshape(5, 6), rtol=1e-5)


def test_pinball_loss_is_weighted_per_row():
    X, y = _windows()
    model = GRURegressor(quantiles=(0.1, 0.5, 0.9), hidden_size=4, **FAST).fit(X, y)
    net = model.net_
    pred = torch.zeros(2, 3)
    target = torch.tensor([[1.0], [-1.0]])
    per_row = [np.mean([0.1, 0.5, 0.9]), np.mean([0.9, 0.5, 0.1])]
    weighted = net.get_loss(pred, (target, torch.tensor([3.0, 1.0])))
    expected = (3 * per_row[0] + per_row[1]) / 4
    assert weighted.item() == pytest.approx(expected, rel=1e-6)


def test_zero_weight_rows_do_not_move_a_quantile_fit():
    X, y = _windows()
    w = np.ones(len(y))
    w[::3] = 0.0
    garbage_a, garbage_b = y.copy(), y.copy()
    garbage_a[::3] = 1e4
    garbage_b[::3] = -5e3
    kw = {"quantiles": (0.1, 0.5, 0.9), "hidden_size": 4, **FAST}
    a = GRURegressor(**kw).fit(X, garbage_a, sample_weight=w)
    b = GRURegressor(**kw).fit(X, garbage_b, sample_weight=w)
    np.testing.assert_array_equal(a.predict_quantiles(X), b.predict_quantiles(X))
    plain = GRURegressor(**kw).fit(X, garbage_a)
    assert not np.allclose(plain.predict_quantiles(X), a.predict_quantiles(X))
