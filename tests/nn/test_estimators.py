"""Behaviour of the neural estimators: targets, training options, skorch routes."""

import numpy as np
import pytest
import torch
from skorch.callbacks import Callback

from sktseq.nn import (
    AttentionClassifier,
    AttentionRegressor,
    Conv1DRegressor,
    GRUClassifier,
    GRURegressor,
    LSTMClassifier,
    LSTMRegressor,
    RNNRegressor,
)
from sktseq.nn._data import SequenceDataset

FAST = {"max_epochs": 2, "batch_size": 32, "random_state": 0}


def _windows(n=96, seq_len=8, n_features=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, seq_len, n_features)).astype(np.float32)
    return X, X[:, -1, 0] + 0.5 * X[:, -2, -1]


def _ids(n=96, seq_len=10, seed=0):
    rng = np.random.default_rng(seed)
    ids = rng.integers(1, 30, size=(n, seq_len))
    lengths = rng.integers(3, seq_len + 1, size=n)
    ids[np.arange(seq_len) >= lengths[:, None]] = 0
    return ids


@pytest.mark.parametrize(
    ("cls", "params"),
    [
        (LSTMRegressor, {"hidden_size": 16}),
        (GRURegressor, {"hidden_size": 16}),
        (RNNRegressor, {"hidden_size": 16}),
        (Conv1DRegressor, {"filters": 16}),
        (AttentionRegressor, {"d_model": 16, "dropout": 0.0}),
    ],
)
def test_every_regressor_learns(cls, params):
    X, y = _windows(n=128)
    est = cls(**params, max_epochs=20, lr=0.02, batch_size=32, random_state=0)
    mse = np.mean((est.fit(X, y).predict(X) - y) ** 2)
    assert mse < 0.25 * y.var()  # a constant prediction scores 1.0


def test_one_and_two_dimensional_y():
    X, y = _windows()
    est = LSTMRegressor(hidden_size=4, **FAST).fit(X, y)
    assert est.predict(X).shape == (len(X),)
    assert est.n_outputs_ == 1
    Y = np.column_stack([y, -y])
    est = LSTMRegressor(hidden_size=4, **FAST).fit(X, Y)
    assert est.predict(X).shape == (len(X), 2)
    assert est.n_outputs_ == 2
    assert est.predict(X).dtype == np.float64


def test_univariate_float_sequences_are_one_feature():
    X, _ = _windows(n_features=1)
    y = X[:, -1, 0]
    a = GRURegressor(hidden_size=4, **FAST).fit(X[:, :, 0], y)
    b = GRURegressor(hidden_size=4, **FAST).fit(X, y)
    np.testing.assert_allclose(a.predict(X[:, :, 0]), b.predict(X), rtol=1e-6)
    assert a.n_features_in_ == 8
    assert b.n_features_in_ == 1


@pytest.mark.parametrize(
    "labels",
    [np.array(["neg", "pos"]), np.array([3, 7, 11]), np.array(["a", "b", "c"])],
)
def test_classifier_labels(labels):
    ids = _ids()
    y = labels[ids[:, 0] % len(labels)]
    est = GRUClassifier(hidden_size=8, **FAST).fit(ids, y)
    assert est.classes_.tolist() == sorted(labels.tolist())
    proba = est.predict_proba(ids)
    assert proba.shape == (len(ids), len(labels))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(est.predict(ids), est.classes_[proba.argmax(1)])


def test_token_id_padding_is_ignored_by_the_estimator():
    ids = _ids()
    y = (ids[:, 0] > 15).astype(int)
    est = LSTMClassifier(hidden_size=8, bidirectional=True, **FAST).fit(ids, y)
    # same documents, padded in front instead of behind (Keras pad_sequences)
    lengths = (ids != 0).sum(axis=1)
    pre = np.zeros_like(ids)
    for row, n in enumerate(lengths):
        pre[row, ids.shape[1] - n :] = ids[row, :n]
    assert not np.array_equal(pre, ids)
    np.testing.assert_allclose(
        est.predict_proba(pre), est.predict_proba(ids), atol=1e-6
    )
    assert est.vocab_size_ == ids.max() + 1


def test_random_state_reproducible_and_global_rng_untouched():
    X, y = _windows()
    params = {"hidden_size": 8, "dropout": 0.3, "num_layers": 2, **FAST}
    torch.manual_seed(123)
    state = torch.get_rng_state()
    a = LSTMRegressor(**params).fit(X, y).predict(X)
    assert torch.equal(torch.get_rng_state(), state)
    b = LSTMRegressor(**params).fit(X, y).predict(X)
    c = LSTMRegressor(**{**params, "random_state": 1}).fit(X, y).predict(X)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


@pytest.mark.parametrize("before", [False, True])
def test_subnormals_flushed_during_fit_and_predict_only(before):
    from sktseq.nn._training import _flushing_denormals

    class Record(Callback):
        def on_batch_begin(self, net, **kwargs):
            seen.append(_flushing_denormals())

    seen = []
    X, y = _windows(n=64)
    torch.set_flush_denormal(before)
    try:
        est = LSTMRegressor(hidden_size=4, callbacks=[("record", Record())], **FAST)
        est.fit(X, y)
        assert seen
        assert all(seen)
        assert _flushing_denormals() == before
        hook = torch.nn.modules.module.register_module_forward_hook(
            lambda *args: seen.append(_flushing_denormals())
        )
        seen.clear()
        try:
            est.predict(X)
        finally:
            hook.remove()
        assert seen
        assert all(seen)
        assert _flushing_denormals() == before
    finally:
        torch.set_flush_denormal(False)


def _scaled_mse(est, X, y):
    """MSE in the standardized units the network trains in."""
    return np.mean(((est.predict(X) - y) / est.y_scale_[0]) ** 2)


def test_validation_is_the_most_recent_rows():
    X, y = _windows(n=100)
    est = LSTMRegressor(
        hidden_size=4, early_stopping=True, validation_fraction=0.2, **FAST
    ).fit(X, y)
    # the best epoch's validation loss (restored at the end) is the MSE of
    # the final model on exactly the last 20 rows
    best = min(est.history_[:, "valid_loss"])
    assert best == pytest.approx(_scaled_mse(est, X[-20:], y[-20:]), rel=1e-5)
    assert best != pytest.approx(_scaled_mse(est, X[:20], y[:20]), rel=1e-3)
    assert est.history_[-1, "train_batch_count"] == 3  # 80 rows / 32


def test_early_stopping_restores_the_best_weights():
    # Training rows want +x, the held-out (most recent) rows want -x, so the
    # validation loss gets worse as training goes on.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4, 1)).astype(np.float32)
    y = X[:, -1, 0] * np.where(np.arange(200) < 160, 1.0, -1.0)
    est = GRURegressor(
        hidden_size=8,
        lr=0.02,
        max_epochs=30,
        batch_size=32,
        early_stopping=True,
        validation_fraction=0.2,
        patience=3,
        random_state=0,
    ).fit(X, y)
    losses = est.history_[:, "valid_loss"]
    best = int(np.argmin(losses))
    assert best < len(losses) - 1 < 29  # stopped early, after the best epoch
    final = _scaled_mse(est, X[160:], y[160:])
    assert final == pytest.approx(losses[best], rel=1e-5)


def test_early_stopping_needs_validation_rows():
    X, y = _windows()
    est = LSTMRegressor(early_stopping=True, validation_fraction=0.0, **FAST)
    with pytest.raises(ValueError, match="validation_fraction"):
        est.fit(X, y)


def test_training_options_reach_skorch():
    X, y = _windows()
    est = LSTMRegressor(
        hidden_size=4,
        optimizer="sgd",
        optimizer__momentum=0.9,
        weight_decay=0.01,
        clip_grad_norm=0.5,
        lr_schedule="cosine",
        lr=0.1,
        **{**FAST, "max_epochs": 4},
    ).fit(X, y)
    opt = est.net_.optimizer_
    assert isinstance(opt, torch.optim.SGD)
    group = opt.param_groups[0]
    assert group["momentum"] == 0.9
    assert group["weight_decay"] == 0.01
    assert dict(est.net_.callbacks_)["grad_clip"].gradient_clip_value == 0.5
    # cosine annealing over 4 epochs: lr of epoch e is 0.05 * (1 + cos(pi e / 4))
    expected = [0.05 * (1 + np.cos(np.pi * e / 4)) for e in range(4)]
    np.testing.assert_allclose(est.history_[:, "event_lr"], expected, rtol=1e-6)


@pytest.mark.parametrize("estimator", [GRURegressor, LSTMClassifier])
def test_head_and_layer_dropout_reach_the_module(estimator):
    X, y = _windows()
    if estimator is LSTMClassifier:
        y = y > 0
    params = {"num_layers": 2, "dropout": 0.2, "layer_dropout": 0.3, **FAST}
    module = estimator(**params).fit(X, y).net_.module_
    assert (module.dropout.p, module.layer_dropout.p) == (0.2, 0.3)


def test_skorch_parameters_are_ordinary_parameters():
    est = LSTMRegressor(hidden_size=4, module__hidden_size=6, **FAST)
    assert est.get_params()["module__hidden_size"] == 6
    est.set_params(optimizer__momentum=0.5, module__hidden_size=5)
    assert est.get_params()["optimizer__momentum"] == 0.5
    X, y = _windows()
    est.set_params(optimizer="sgd").fit(X, y)
    assert est.net_.module_.layers[0][0].hidden_size == 5  # the skorch name wins
    assert "module__hidden_size=5" in repr(est)
    with pytest.raises(ValueError, match="Invalid parameter"):
        est.set_params(hiden_size=3)
    with pytest.raises(ValueError, match="skorch parameters"):
        LSTMRegressor(hiden_size=3, **FAST).fit(X, y)


def test_user_callbacks_and_callback_parameters():
    class CountBatches(Callback):
        def initialize(self):
            self.n = 0
            return self

        def on_batch_end(self, net, **kwargs):
            self.n += 1

    counter = CountBatches()
    X, y = _windows(n=64)
    est = LSTMRegressor(
        hidden_size=4, callbacks=[("count", counter)], early_stopping=True, **FAST
    )
    est.set_params(callbacks__early_stopping__patience=1).fit(X, y)
    cbs = dict(est.net_.callbacks_)
    assert cbs["early_stopping"].patience == 1
    assert cbs["count"].n > 0


def test_no_per_sample_getitem_during_fit(monkeypatch):
    def fail(self, i):
        raise AssertionError("per-sample __getitem__ was called")

    monkeypatch.setattr(SequenceDataset, "__getitem__", fail)
    X, y = _windows()
    LSTMRegressor(hidden_size=4, early_stopping=True, **FAST).fit(X, y).predict(X)


def test_embedding_options():
    ids = _ids()
    y = ids[:, 0].astype(np.float32)
    emb = np.random.default_rng(0).normal(size=(40, 6)).astype(np.float32)
    frozen = LSTMRegressor(
        hidden_size=4, pretrained_embeddings=emb, freeze_embeddings=True, **FAST
    ).fit(ids, y)
    weight = frozen.net_.module_.input.embedding.weight.detach().numpy()
    np.testing.assert_array_equal(weight, emb)
    assert frozen.vocab_size_ == 40
    trained = LSTMRegressor(hidden_size=4, pretrained_embeddings=emb, **FAST).fit(
        ids, y
    )
    assert not np.allclose(trained.net_.module_.input.embedding.weight.detach(), emb)
    sized = LSTMRegressor(hidden_size=4, vocab_size=50, embedding_dim=3, **FAST)
    sized.fit(ids, y)
    assert sized.net_.module_.input.embedding.weight.shape == (50, 3)


def test_warm_start_continues_training():
    X, y = _windows()
    est = LSTMRegressor(hidden_size=4, warm_start=True, **FAST).fit(X, y)
    module = est.net_.module_
    est.fit(X, y)
    assert est.net_.module_ is module
    assert len(est.history_) == 4
    cold = LSTMRegressor(hidden_size=4, **FAST).fit(X, y)
    first = cold.net_.module_
    cold.fit(X, y)
    assert cold.net_.module_ is not first
    assert len(cold.history_) == 2


def test_verbose_prints_epochs(capsys):
    X, y = _windows(n=32)
    LSTMRegressor(hidden_size=4, verbose=0, **FAST).fit(X, y)
    assert capsys.readouterr().out == ""
    LSTMRegressor(hidden_size=4, verbose=1, **FAST).fit(X, y)
    assert "train_loss" in capsys.readouterr().out


def test_attention_weights_batches_over_x():
    ids = _ids(n=40)
    est = AttentionClassifier(d_model=8, num_heads=2, batch_size=16, max_epochs=1)
    est.fit(ids, ids[:, 0] % 2)
    w = est.attention_weights(ids)
    assert w.shape == (40, 1, 2, 10, 10)
    ref = est.net_.module_.attention_weights(torch.as_tensor(ids)).numpy()
    np.testing.assert_allclose(w, ref, atol=1e-6)
    np.testing.assert_allclose(w.sum(-1), 1.0, atol=1e-5)
    pad_cols = np.broadcast_to((ids == 0)[:, None, None, None, :], w.shape)
    assert np.all(w[pad_cols] == 0)
