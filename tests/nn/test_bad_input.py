"""Clear errors for every kind of bad input to the neural estimators."""

import numpy as np
import pytest
import torch

from sktseq.nn import AttentionRegressor, LSTMClassifier, LSTMRegressor

FAST = {"hidden_size": 4, "max_epochs": 1, "batch_size": 16, "random_state": 0}


@pytest.fixture
def windows():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 5, 3)).astype(np.float32)
    return X, X[:, -1, 0]


@pytest.fixture
def ids():
    rng = np.random.default_rng(0)
    return rng.integers(1, 9, size=(40, 6))


def test_wrong_number_of_dimensions(windows):
    X, y = windows
    with pytest.raises(ValueError, match="Found array with dim 4"):
        LSTMRegressor(**FAST).fit(X[..., None], y)
    with pytest.raises(ValueError, match="Reshape your data"):
        LSTMRegressor(**FAST).fit(X[:, 0, 0], y)
    est = LSTMRegressor(**FAST).fit(X, y)
    # 2-D input to a model fitted on windows is read as table rows (one-step
    # windows), which need one column per feature: (40, 5) has 5, not 3.
    with pytest.raises(ValueError, match=r"2-D with 5 columns.*needs 3 columns"):
        est.predict(X[:, :, 0])


def test_table_rows_are_one_step_windows(windows):
    # What MAPIE's prefit check sends to a pipeline's last step:
    # predict(np.zeros((1, n_features_in_))).
    X, y = windows
    est = LSTMRegressor(**FAST).fit(X, y)
    rows = X[:, -1, :]
    np.testing.assert_array_equal(est.predict(rows), est.predict(X[:, -1:, :]))
    assert est.predict(np.zeros((1, est.n_features_in_))).shape == (1,)


def test_a_named_frame_at_predict_is_flagged_as_a_forgotten_window(windows):
    import pandas as pd

    X, y = windows
    est = LSTMRegressor(**FAST).fit(X, y)
    frame = pd.DataFrame(X[:, -1, :], columns=["T", "p", "rh"])
    with pytest.warns(UserWarning, match=r"one time step, without its history"):
        pred = est.predict(frame)
    np.testing.assert_array_equal(pred, est.predict(X[:, -1:, :]))


def test_float_ids_into_an_embedding(windows, ids):
    _X, y = windows
    with pytest.raises(ValueError, match=r"embeds token ids.*float"):
        LSTMRegressor(vocab_size=10, **FAST).fit(ids.astype(float), y)
    est = LSTMRegressor(**FAST).fit(ids, y)
    with pytest.raises(ValueError, match=r"embeds token ids.*float"):
        est.predict(ids.astype(np.float32))


def test_negative_and_too_large_token_ids(windows, ids):
    _, y = windows
    bad = ids.copy()
    bad[0, 0] = -1
    with pytest.raises(ValueError, match="negative token ids"):
        LSTMRegressor(**FAST).fit(bad, y)
    with pytest.raises(ValueError, match=r"token id 8.*vocabulary has 5"):
        LSTMRegressor(vocab_size=5, **FAST).fit(ids, y)
    est = LSTMRegressor(**FAST).fit(ids, y)
    assert est.vocab_size_ == 9
    with pytest.raises(ValueError, match=r"token id 9.*vocab_size_"):
        est.predict(ids + 1)
    with pytest.raises(ValueError, match="negative"):
        est.predict(-ids)


def test_nan_in_x_or_y(windows):
    X, y = windows
    X_nan, y_nan = X.copy(), y.copy()
    X_nan[3, 2, 1] = np.nan
    y_nan[5] = np.nan
    with pytest.raises(ValueError, match="Input X contains NaN"):
        LSTMRegressor(**FAST).fit(X_nan, y)
    with pytest.raises(ValueError, match="Input y contains NaN"):
        LSTMRegressor(**FAST).fit(X, y_nan)
    est = LSTMRegressor(**FAST).fit(X, y)
    with pytest.raises(ValueError, match="Input X contains NaN"):
        est.predict(X_nan)


def test_one_class_only(ids):
    with pytest.raises(ValueError, match="at least 2 classes"):
        LSTMClassifier(**FAST).fit(ids, np.full(len(ids), "spam"))


def test_y_length_mismatch(windows):
    X, y = windows
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        LSTMRegressor(**FAST).fit(X, y[:-1])
    with pytest.raises(ValueError, match="requires y"):
        LSTMRegressor(**FAST).fit(X, None)


def test_feature_count_change_between_fit_and_predict(windows):
    X, y = windows
    est = LSTMRegressor(**FAST).fit(X, y)
    with pytest.raises(ValueError, match=r"X has 2 features per time step.*3"):
        est.predict(X[:, :, :2])
    est = LSTMRegressor(**FAST).fit(X[:, :, 0], y)
    with pytest.raises(ValueError, match=r"X has 4 features.*expecting 5"):
        est.predict(X[:, :4, 0])


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_cuda_requested_without_a_gpu(windows):
    X, y = windows
    with pytest.raises(ValueError, match=r"device='cuda'.*CUDA is not available"):
        LSTMRegressor(device="cuda", **FAST).fit(X, y)


def test_invalid_hyper_parameters(windows):
    X, y = windows
    with pytest.raises(ValueError, match="'hidden_size' parameter"):
        LSTMRegressor(hidden_size=0).fit(X, y)
    with pytest.raises(ValueError, match="'optimizer' parameter"):
        LSTMRegressor(optimizer="adagrad").fit(X, y)
    with pytest.raises(ValueError, match="divisible by num_heads"):
        AttentionRegressor(d_model=6, num_heads=4, max_epochs=1).fit(X, y)


def test_predict_before_fit(windows):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        LSTMRegressor().predict(windows[0])
