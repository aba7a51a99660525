"""Seq2SeqRegressor: decoder over horizons, additive attention, teacher forcing."""

import numpy as np
import pytest
import torch

from sktseq.nn import Seq2SeqRegressor
from sktseq.nn.modules import AdditiveAttention, Seq2SeqModule

FAST = {"hidden_size": 8, "max_epochs": 2, "batch_size": 32, "random_state": 0}


def _windows(n=96, seq_len=8, n_features=2, n_horizons=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, seq_len, n_features)).astype(np.float32)
    # horizon k reads input step 2k: a job for attention
    y = np.stack([X[:, 2 * k, 0] for k in range(n_horizons)], axis=1)
    return X, y


def test_shapes_and_attention_rows():
    X, y = _windows()
    model = Seq2SeqRegressor(**FAST).fit(X, y)
    assert model.n_horizons_ == 4
    assert model.predict(X).shape == (len(X), 4)
    weights = model.attention_weights(X)
    assert weights.shape == (len(X), 4, 8)
    np.testing.assert_allclose(weights.sum(axis=2), 1.0, rtol=1e-5)
    assert (weights >= 0).all()
    # 1-D y: one horizon
    model = Seq2SeqRegressor(**FAST).fit(X, y[:, 0])
    assert model.predict(X).shape == (len(X),)
    assert model.attention_weights(X[:3]).shape == (3, 1, 8)


def test_several_targets_in_align_horizons_layout():
    X, y = _windows(n_horizons=3)
    Y = np.column_stack([y, 10 - y])  # target-major: 2 targets x 3 horizons
    model = Seq2SeqRegressor(n_horizons=3, **FAST).fit(X, Y)
    assert model.net_.module_.n_targets == 2
    assert model.predict(X).shape == (len(X), 6)
    assert model.attention_weights(X[:2]).shape == (2, 3, 8)
    # each target in its own units
    assert model.predict(X)[:, 3:].mean() == pytest.approx(10 - y.mean(), abs=1.0)


@pytest.mark.parametrize(("n_horizons", "n_columns"), [(4, 5), (4, 9), (3, 2)])
def test_y_columns_must_match_the_horizons(n_horizons, n_columns):
    X, _ = _windows()
    y = np.zeros((len(X), n_columns))
    with pytest.raises(ValueError, match=rf"^n_horizons={n_horizons}, but y has") as e:
        Seq2SeqRegressor(n_horizons=n_horizons, **FAST).fit(X, y)
    assert "\n" not in str(e.value)


def test_default_seq2seq_learns():
    # Defaults learn (as every sktseq regressor): horizon k is input step 2k.
    X, y = _windows(n=400)
    model = Seq2SeqRegressor(random_state=0).fit(X[:300], y[:300])
    mse = np.mean((model.predict(X[300:]) - y[300:]) ** 2, axis=0)
    assert (mse < 0.2 * y.var(axis=0)).all()


def test_additive_attention_matches_the_formula():
    torch.manual_seed(0)
    attention = AdditiveAttention(query_size=3, key_size=2, attention_size=4)
    query, keys = torch.randn(2, 3), torch.randn(2, 5, 2)
    mask = torch.tensor([[True] * 5, [True, True, True, False, False]])
    weights = attention(query, attention.project_keys(keys), mask)
    W_q, W_k, b_k = attention.query.weight, attention.key.weight, attention.key.bias
    v = attention.score.weight[0]
    for b in range(2):
        scores = torch.stack(
            [v @ torch.tanh(W_q @ query[b] + W_k @ keys[b, i] + b_k) for i in range(5)]
        )
        scores[~mask[b]] = float("-inf")
        torch.testing.assert_close(weights[b], torch.softmax(scores, dim=0))


def test_teacher_forcing_feeds_the_true_previous_value_in_training_only():
    torch.manual_seed(0)
    x = torch.randn(5, 6, 2)
    teacher = torch.randn(5, 4)
    changed = teacher.clone()
    changed[:, 1] += 3.0  # the true value of horizon 1 (index 1)

    forced = Seq2SeqModule(n_features=2, n_outputs=4, n_horizons=4, teacher_forcing=1.0)
    forced.train()
    a, b = forced(x, teacher=teacher), forced(x, teacher=changed)
    # horizons 0 and 1 are computed before the value is read; 2 and 3 after
    torch.testing.assert_close(a[:, :2], b[:, :2])
    assert not torch.allclose(a[:, 2:], b[:, 2:])
    forced.eval()  # predict never reads the truth
    torch.testing.assert_close(forced(x, teacher=teacher), forced(x))

    free = Seq2SeqModule(n_features=2, n_outputs=4, n_horizons=4, teacher_forcing=0.0)
    free.train()
    torch.testing.assert_close(free(x, teacher=teacher), free(x, teacher=changed))


def test_the_estimator_hands_the_targets_to_the_decoder():
    # Without teacher forcing no random draw is made and the fit is the same
    # with or without the targets in forward; with it, the fit changes.
    X, y = _windows()
    free = Seq2SeqRegressor(teacher_forcing=0.0, **FAST).fit(X, y)
    forced = Seq2SeqRegressor(teacher_forcing=1.0, **FAST).fit(X, y)
    assert not np.allclose(free.predict(X), forced.predict(X))
    again = Seq2SeqRegressor(teacher_forcing=1.0, **FAST).fit(X, y)
    np.testing.assert_array_equal(forced.predict(X), again.predict(X))


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_quantiles_one_output_per_level_and_horizon(cell):
    X, y = _windows(n_horizons=3)
    levels = (0.1, 0.5, 0.9)
    model = Seq2SeqRegressor(cell=cell, quantiles=levels, **FAST).fit(X, y)
    assert model.net_.module_(torch.from_numpy(X[:2])).shape == (2, 3 * 3)
    assert model.net_.module_.feedback_level == 1  # the median is fed back
    q = model.predict_quantiles(X)
    assert q.shape == (len(X), 3, 3)  # (n_samples, horizons, levels)
    assert (np.diff(q, axis=2) >= 0).all()
    np.testing.assert_array_equal(model.predict(X), q[:, :, 1])


def test_ragged_collections_never_read_padding():
    rng = np.random.default_rng(0)
    lengths = rng.integers(3, 9, size=60)
    X = [rng.normal(size=(n, 2)).astype(np.float32) for n in lengths]
    y = np.stack([[x[-1, 0], x[0, 1]] for x in X])
    model = Seq2SeqRegressor(**FAST).fit(X, y)
    short = int(np.argmin(lengths))
    alone = model.predict([X[short]])
    np.testing.assert_allclose(model.predict(X)[short], alone[0], rtol=1e-5)
    weights = model.attention_weights(X)
    assert weights.shape == (60, 2, lengths.max())
    assert (weights[short, :, lengths[short] :] == 0).all()
    np.testing.assert_allclose(weights.sum(axis=2), 1.0, rtol=1e-5)


def test_token_ids_are_embedded_and_masked():
    rng = np.random.default_rng(0)
    ids = rng.integers(1, 20, size=(64, 7))
    ids[:, 5:] = 0
    y = np.column_stack([ids[:, 0] / 10.0, ids[:, 1] / 10.0])
    model = Seq2SeqRegressor(**FAST).fit(ids, y)
    weights = model.attention_weights(ids[:4])
    assert (weights[:, :, 5:] == 0).all()
    # padding in front instead of behind: the same real steps, read the same
    pre_padded = np.column_stack([ids[:4, 5:], ids[:4, :5]])
    np.testing.assert_allclose(
        model.predict(pre_padded), model.predict(ids[:4]), rtol=1e-5
    )
