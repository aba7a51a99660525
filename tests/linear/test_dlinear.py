"""DLinearRegressor against reference implementations and its contracts."""

import tracemalloc

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.pipeline import make_pipeline

import sktseq.linear._dlinear as dlinear_module
from sktseq import DLinearRegressor, PersistenceRegressor
from sktseq.linear._dlinear import moving_average_matrix
from sktseq.windows import WindowTransformer, align_horizon


def reference_moving_average(x, kernel_size):
    """DLinear's moving_avg in numpy: repeat both ends, then a mean pool."""
    half = (kernel_size - 1) // 2
    padded = np.concatenate([np.repeat(x[:1], half), x, np.repeat(x[-1:], half)])
    return np.convolve(padded, np.ones(kernel_size) / kernel_size, mode="valid")


def reference_predictions(windows, y, fit_windows, *, kernel_size, normalize, alpha,
                          targets=None, sample_weight=None):  # fmt: skip
    """sklearn Ridge on the pooled (window, channel) rows, written out.

    Each target channel's window is one regression row (features: remainder
    and trend, or the raw window), after subtracting the window's last value
    or mean from it and from its targets.
    """

    def rows(W):
        x = W[:, :, targets].transpose(0, 2, 1).reshape(-1, W.shape[1])
        shift = {"last": x[:, -1:], "mean": x.mean(axis=1, keepdims=True)}.get(
            normalize, np.zeros((len(x), 1))
        )
        x = x - shift
        if kernel_size is not None:
            trend = np.array([reference_moving_average(r, kernel_size) for r in x])
            x = np.hstack([x - trend, trend])
        return x, shift

    n, _, C = fit_windows.shape
    targets = np.arange(C) if targets is None else np.asarray(targets)
    H = y.shape[1] // len(targets)
    Z, shift = rows(fit_windows)
    Y = y.reshape(n * len(targets), H) - shift
    w = None if sample_weight is None else np.repeat(sample_weight, len(targets))
    model = Ridge(alpha=alpha, solver="cholesky").fit(Z, Y, sample_weight=w)
    Z_new, shift_new = rows(windows)
    # Ridge predicts 1-D for a one-column y: keep the rows apart.
    y_new = model.predict(Z_new).reshape(len(Z_new), -1) + shift_new
    return y_new.reshape(len(windows), -1)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    t = np.arange(300.0)
    table = np.c_[
        np.sin(2 * np.pi * t / 24) + 0.01 * t,
        np.cos(2 * np.pi * t / 12),
        rng.normal(size=300).cumsum() * 0.1,
    ] + 0.1 * rng.normal(size=(300, 3))
    X, y = align_horizon(table, target=[0, 1, 2], horizon=range(1, 5))
    windows = WindowTransformer(seq_len=16).fit_transform(X)
    return np.asarray(windows, dtype=np.float64), y


@pytest.mark.parametrize(("seq_len", "kernel_size"), [(10, 3), (10, 25), (7, 1)])
def test_moving_average_matches_dlinear(seq_len, kernel_size):
    x = np.random.default_rng(0).normal(size=seq_len)
    A = moving_average_matrix(seq_len, kernel_size)
    assert_allclose(x @ A.T, reference_moving_average(x, kernel_size), atol=1e-12)


@pytest.mark.parametrize("kernel_size", [None, 5])
@pytest.mark.parametrize("normalize", [None, "last", "mean"])
@pytest.mark.parametrize("alpha", [0.5, 20.0])
def test_fit_is_ridge_on_the_pooled_channel_windows(
    data, kernel_size, normalize, alpha
):
    windows, y = data
    model = DLinearRegressor(kernel_size=kernel_size, normalize=normalize, alpha=alpha)
    y_pred = model.fit(windows, y).predict(windows)
    expected = reference_predictions(
        windows, y, windows, kernel_size=kernel_size, normalize=normalize, alpha=alpha
    )
    assert y_pred.shape == y.shape == (296, 12)
    assert_allclose(y_pred, expected, rtol=1e-7, atol=1e-8)
    assert model.coef_.shape == (16, 4)
    assert model.n_horizons_ == 4
    assert model.n_outputs_ == 12


@pytest.mark.parametrize("kernel_size", [None, 5])
def test_without_penalty_the_split_spans_one_linear_layer(data, kernel_size):
    # alpha=0: minimum-norm least squares; the trend/remainder features span
    # the same space as the window, so the fitted values are OLS's.
    windows, y = data
    model = DLinearRegressor(kernel_size=kernel_size, normalize=None, alpha=0.0)
    y_pred = model.fit(windows, y).predict(windows).reshape(-1, 3, 4)
    Z = windows.transpose(0, 2, 1).reshape(-1, 16)
    ols = LinearRegression().fit(Z, y.reshape(-1, 4))
    assert_allclose(y_pred.reshape(-1, 4), ols.predict(Z), rtol=1e-6, atol=1e-8)


def test_target_channels_subset_and_order(data):
    windows, y_all = data
    y = y_all.reshape(-1, 3, 4)[:, [2, 0]].reshape(-1, 8)  # channels 2 then 0
    model = DLinearRegressor(target_index=[2, 0], alpha=1.0).fit(windows, y)
    expected = reference_predictions(
        windows, y, windows, kernel_size=25, normalize="last", alpha=1.0, targets=[2, 0]
    )
    assert_allclose(model.predict(windows), expected, rtol=1e-7, atol=1e-8)
    # Channel-independent: only the target channels are read.
    other = windows.copy()
    other[:, :, 1] = 1e6
    assert_array_equal(model.predict(other), model.predict(windows))
    # Shared weights: swapping two channels' windows swaps their forecasts.
    swapped = windows[:, :, [2, 1, 0]]
    y_sw = model.predict(swapped).reshape(-1, 2, 4)
    assert_allclose(y_sw[:, [1, 0]].reshape(-1, 8), model.predict(windows), rtol=1e-9)


def test_one_target_one_horizon_and_univariate_sequences():
    rng = np.random.default_rng(1)
    seqs = rng.normal(size=(50, 12)).cumsum(axis=1)
    y = seqs[:, -1] + rng.normal(size=50) * 0.01
    model = DLinearRegressor(kernel_size=3).fit(seqs, y)
    assert model.predict(seqs).shape == (50,)
    expected = reference_predictions(
        seqs[:, :, None], y[:, None], seqs[:, :, None],
        kernel_size=3, normalize="last", alpha=1.0,
    )  # fmt: skip
    assert_allclose(model.predict(seqs), expected[:, 0], rtol=1e-7, atol=1e-8)


def test_zero_weights_leave_the_fit_as_if_the_rows_were_absent(data):
    windows, y = data
    w = np.ones(len(windows))
    w[:50] = 0  # e.g. windows padded before the first row, or filled targets
    w[60:70] = 3
    model = DLinearRegressor(alpha=2.0)
    weighted = model.fit(windows, y, sample_weight=w).predict(windows)
    keep = np.r_[50 : len(windows), np.repeat(np.arange(60, 70), 2)]
    repeated = model.fit(windows[keep], y[keep]).predict(windows)
    assert_allclose(weighted, repeated, rtol=1e-9, atol=1e-10)
    expected = reference_predictions(
        windows, y, windows, kernel_size=25, normalize="last", alpha=2.0,
        sample_weight=w,
    )  # fmt: skip
    assert_allclose(weighted, expected, rtol=1e-7, atol=1e-8)


def test_sample_weight_through_a_pipeline():
    rng = np.random.default_rng(2)
    table = rng.normal(size=(200, 2)).cumsum(axis=0)
    X, y = align_horizon(table, target=[0, 1], horizon=[1, 2])
    pipe = make_pipeline(WindowTransformer(seq_len=8), DLinearRegressor(kernel_size=3))
    w = np.ones(len(X))
    w[:7] = 0  # the padded windows
    pipe.fit(X, y, dlinearregressor__sample_weight=w)
    direct = DLinearRegressor(kernel_size=3).fit(
        WindowTransformer(seq_len=8).fit_transform(X)[7:], y[7:]
    )
    assert_allclose(pipe[-1].coef_, direct.coef_, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "fit_kwargs", "match"),
    [
        ({}, {"y": np.zeros((20, 5))}, "y has 5 column"),
        ({"target_index": [0, 1]}, {"y": np.zeros(20)}, "y has 1 column"),
        ({"target_index": 3}, {}, "target_index=3 is out of range"),
        ({"kernel_size": 4}, {}, "kernel_size=4 must be odd"),
        ({"alpha": -1.0}, {}, "'alpha' parameter"),
        ({"normalize": "std"}, {}, "'normalize' parameter"),
        ({}, {"sample_weight": -np.ones(20)}, "Negative values in data passed to `s"),
        ({}, {"sample_weight": np.ones(19)}, r"sample_weight.shape == \(19,\)"),
        ({}, {"y": np.zeros((20, 3, 2))}, "y must be 1-D or 2-D|dim 3"),
        ({}, {"y": None}, "requires y to be passed"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, fit_kwargs, match):
    fit_kwargs = {"y": np.zeros((20, 6)), **fit_kwargs}
    with pytest.raises(ValueError, match=match):
        DLinearRegressor(**kwargs).fit(np.zeros((20, 10, 3)), **fit_kwargs)


def test_predict_checks_the_windows_it_was_fitted_on():
    model = DLinearRegressor().fit(np.ones((20, 10, 3)), np.ones((20, 6)))
    with pytest.raises(
        ValueError, match=r"windows of 8 time steps, but .* fitted on 10"
    ):
        model.predict(np.ones((5, 8, 3)))
    with pytest.raises(ValueError, match="2 features per time step"):
        model.predict(np.ones((5, 10, 2)))


def test_blocks_give_the_same_fit_and_never_copy_the_windows(data, monkeypatch):
    windows, y = data
    whole = DLinearRegressor().fit(windows, y)
    whole_pred = whole.predict(windows)
    monkeypatch.setattr(dlinear_module, "_BLOCK_VALUES", 16 * 3 * 7)  # 7 windows
    # A row's forecast does not depend on the rows predicted with it.
    assert_array_equal(whole.predict(windows), whole_pred)
    blocked = DLinearRegressor().fit(windows, y)
    assert_allclose(blocked.coef_, whole.coef_, rtol=1e-9, atol=1e-12)
    assert_allclose(blocked.predict(windows), whole_pred, rtol=1e-9, atol=1e-12)

    monkeypatch.setattr(dlinear_module, "_BLOCK_VALUES", 1 << 14)
    table = np.random.default_rng(0).normal(size=(20_000, 4)).astype(np.float32)
    big = WindowTransformer(seq_len=100).fit_transform(table)  # a view
    target = np.zeros((len(table), 4 * 3))
    tracemalloc.start()
    model = DLinearRegressor().fit(big, target)
    model.predict(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # The windows as one float64 array would take 64 MB; the predictions ~2 MB.
    assert peak < 4 * target.nbytes


def test_default_model_learns_a_seasonal_series_better_than_persistence():
    rng = np.random.default_rng(3)
    t = np.arange(2000.0)
    table = np.c_[np.sin(2 * np.pi * t / 24), np.sin(2 * np.pi * t / 36 + 1)]
    table += 0.1 * rng.normal(size=table.shape)
    X, y = align_horizon(table, target=[0, 1], horizon=range(1, 13))
    models = {
        name: make_pipeline(WindowTransformer(seq_len=72), est).fit(X[:1500], y[:1500])
        for name, est in [
            ("dlinear", DLinearRegressor()),
            ("persistence", PersistenceRegressor(target_index=[0, 1])),
        ]
    }
    mse = {
        name: np.mean((m.predict(X[1400:])[100:] - y[1500:]) ** 2)
        for name, m in models.items()
    }
    assert mse["dlinear"] < 0.03  # the noise alone gives 0.01
    assert mse["dlinear"] < mse["persistence"] / 10
