"""skorch's documented knobs reach the nets; validation splits; seeding; config."""

import pickle
import sys

import numpy as np
import pytest
import sklearn
import torch
from sklearn.utils._param_validation import InvalidParameterError
from skorch.callbacks import PrintLog
from skorch.dataset import ValidSplit

from sktseq.nn import AttentionRegressor, GRUClassifier, LSTMRegressor, _training

FAST = {"max_epochs": 2, "batch_size": 16, "random_state": 0}


def _windows(n=64, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 6, 2)).astype(np.float32)
    return X, X[:, -1, 0]


def test_dataloader_options_reach_torch_dataloader():
    X, y = _windows()
    est = LSTMRegressor(
        hidden_size=4,
        iterator_train__num_workers=1,
        iterator_valid__num_workers=1,
        **FAST,
    ).fit(X, y)
    loader = est.net_.get_iterator(est.net_.get_dataset(X), training=True)
    assert isinstance(loader, torch.utils.data.DataLoader)
    assert loader.num_workers == 1
    assert est.predict(X).shape == (len(X),)


def test_stratified_valid_split_gets_the_labels():
    rng = np.random.default_rng(0)
    ids = rng.integers(1, 20, size=(60, 8))
    y = np.repeat(["a", "b", "c"], 20)  # sorted by class
    est = GRUClassifier(
        hidden_size=4, train_split=ValidSplit(5, stratified=True), **FAST
    ).fit(ids, y)
    assert "valid_loss" in est.history_[-1]


def test_validation_split_options():
    rng = np.random.default_rng(0)
    ids = rng.integers(1, 20, size=(60, 8))
    y = np.repeat(["a", "b"], 30)
    kw = {"hidden_size": 4, "early_stopping": True, **FAST}
    with pytest.warns(UserWarning, match=r"no sample of class\(es\) \['a'\]"):
        GRUClassifier(**kw).fit(ids, y)
    est = GRUClassifier(validation_split="stratified", **kw)
    with np.testing.assert_no_warnings():
        est.fit(ids, y)
    assert isinstance(est.net_.train_split, ValidSplit)
    assert est.net_.train_split.stratified
    X, y_reg = _windows()
    with pytest.raises(ValueError, match="stratified"):
        LSTMRegressor(validation_split="stratified", **kw).fit(X, y_reg)
    est = LSTMRegressor(validation_split="random", **kw).fit(X, y_reg)
    assert not est.net_.train_split.stratified


def test_auto_settings_follow_the_data_size():
    assert _training.resolve_training(
        {"batch_size": "auto", "early_stopping": "auto"}, 200
    ) == (16, "train")
    assert _training.resolve_training(
        {"batch_size": "auto", "early_stopping": "auto"}, 50_000
    ) == (128, "valid")
    X, y = _windows(n=2000)
    est = LSTMRegressor(hidden_size=4, **{**FAST, "batch_size": "auto"}).fit(X, y)
    assert est.net_.batch_size == 125
    assert "valid_loss" in est.history_[-1]  # >= 1,000 rows: held-out rows
    est = LSTMRegressor(hidden_size=4, early_stopping=False, **FAST).fit(X, y)
    assert "valid_loss" not in est.history_[-1]
    assert len(est.history_) == 2


def test_skip_parameter_validation_is_honoured():
    X, y = _windows()
    with pytest.raises(sklearn.utils._param_validation.InvalidParameterError):
        LSTMRegressor(lr=-1.0, **FAST).fit(X, y)
    # sklearn's check is skipped: torch's optimizer complains instead.
    with (
        sklearn.config_context(skip_parameter_validation=True),
        pytest.raises(ValueError, match="Invalid learning rate"),
    ):
        LSTMRegressor(lr=-1.0, **FAST).fit(X, y)


def test_seeding_forks_the_cuda_generators_when_a_gpu_is_used(monkeypatch):
    seen = {}
    real_fork = torch.random.fork_rng

    def fake_fork(devices, enabled):
        seen["devices"] = devices
        return real_fork(devices=[], enabled=enabled)

    monkeypatch.setattr(torch.random, "fork_rng", fake_fork)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    with _training.seeded(0, "cuda"):
        pass
    assert seen["devices"] == [0, 1]
    with _training.seeded(0, "cpu"):
        pass
    assert seen["devices"] == []


@pytest.mark.parametrize("cls", [LSTMRegressor, AttentionRegressor])
def test_a_row_predicts_the_same_alone_in_a_subset_or_in_all_rows(cls):
    X, y = _windows(n=90)
    est = cls(**{**FAST, "batch_size": 32}).fit(X, y)
    full = est.predict(X)
    for rows in ([5], [0, 5, 88], list(range(40)), list(range(89, -1, -3))):
        # float32 kernels may round differently for another batch size (~1e-7)
        np.testing.assert_allclose(
            est.predict(X[rows]), full[rows], rtol=1e-5, atol=1e-6
        )


def test_training_log_is_plain_text_in_a_pipe_and_live_on_a_terminal(
    capsys, monkeypatch
):
    X, y = _windows()
    est = LSTMRegressor(hidden_size=4, verbose=1, **{**FAST, "max_epochs": 3})
    est.fit(X, y)
    out = capsys.readouterr().out
    # skorch's table, one plain line per epoch: no colour codes around the
    # best losses, no carriage returns of a progress bar.
    assert out.count("\n") >= 5
    assert "train_loss" in out
    assert "\x1b[" not in out
    assert "\r" not in out
    names = dict(est.net_.callbacks_)
    assert type(names["print_log"]) is _training.PlainPrintLog
    assert "progress_bar" not in names

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    est.fit(X, y)
    names = dict(est.net_.callbacks_)
    assert type(names["print_log"]) is PrintLog
    assert "progress_bar" in names


def _token_rows(n=200, seed=0):
    rng = np.random.default_rng(seed)
    ids = rng.integers(2, 50, size=(n, 12))
    return ids, (ids[:, 0] > 25).astype(int)


def test_weight_ema_validates_and_fits_the_average_of_the_raw_trajectory():
    ids, y = _token_rows()
    kw = {"hidden_size": 8, "early_stopping": True, "patience": 20, **FAST}
    kw["max_epochs"] = 6
    fits = {
        m: GRUClassifier(ema_momentum=m, validation_fraction=0.2, **kw).fit(ids, y)
        for m in (None, 0.0, 0.9)
    }
    plain, zero, ema = (fits[m].history_ for m in (None, 0.0, 0.9))
    # The optimizer steps the raw weights whatever is validated in between.
    np.testing.assert_allclose(ema[:, "train_loss"], plain[:, "train_loss"], rtol=1e-6)
    # Momentum 0 averages nothing: the validated weights are the raw ones.
    np.testing.assert_allclose(zero[:, "valid_loss"], plain[:, "valid_loss"], rtol=1e-6)
    assert not np.allclose(ema[:, "valid_loss"], plain[:, "valid_loss"], rtol=1e-3)
    # The fitted model is the validated average of the best epoch.
    val = slice(len(ids) - 40, None)  # the most recent 20%
    proba = fits[0.9].predict_proba(ids[val])
    nll = -np.mean(np.log(proba[np.arange(40), y[val]]))
    np.testing.assert_allclose(nll, min(ema[:, "valid_loss"]), rtol=1e-5)


def test_weight_ema_without_validation_fits_the_average():
    X, y = _windows()  # 64 rows: one step per epoch
    kw = {"hidden_size": 4, "early_stopping": False, **FAST, "batch_size": 64}
    one_step = LSTMRegressor(**{**kw, "max_epochs": 1}).fit(X, y).predict(X)
    # Momentum ~1 keeps the average where it started, at the weights after
    # the first step (torch's AveragedModel) ...
    est = LSTMRegressor(ema_momentum=1 - 1e-9, **{**kw, "max_epochs": 4}).fit(X, y)
    np.testing.assert_allclose(est.predict(X), one_step, rtol=1e-4, atol=1e-5)
    # ... while the raw weights trained on.
    assert est.history_[-1, "train_loss"] < est.history_[0, "train_loss"]
    assert dict(est.net_.callbacks_)["weight_ema"].average_ is None  # not pickled
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.predict(X), est.predict(X))
    with pytest.raises(InvalidParameterError, match="'ema_momentum'"):
        LSTMRegressor(ema_momentum=1.0, **kw).fit(X, y)
