"""WindowTransformer: exact values, views, no look-ahead, sklearn integration."""

import pickle
import tracemalloc
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal
from sklearn import config_context
from sklearn.base import clone
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sktseq.baselines import PersistenceRegressor
from sktseq.windows import WindowTransformer


def reference_windows(X, seq_len, sampling_rate, padding):
    """Straightforward loop over the documented definition."""
    X = np.asarray(X, dtype=np.float64)
    out = np.empty((len(X), seq_len, X.shape[1]))
    for i in range(len(X)):
        for k in range(seq_len):
            row = i - (seq_len - 1 - k) * sampling_rate
            if row >= 0:
                out[i, k] = X[row]
            else:
                out[i, k] = X[0] if padding == "edge" else 0.0
    return out


def _root(a):
    while a.base is not None:
        a = a.base
    return a


def _flatten(X):
    return X.reshape(len(X), -1)


@pytest.mark.parametrize("seq_len", [1, 2, 5])
@pytest.mark.parametrize("sampling_rate", [1, 3])
@pytest.mark.parametrize("padding", ["edge", "zero"])
@pytest.mark.parametrize("n_rows", [1, 4, 23])
def test_matches_loop_reference(seq_len, sampling_rate, padding, n_rows):
    X = np.random.default_rng(0).normal(size=(n_rows, 3))
    wt = WindowTransformer(
        seq_len=seq_len, sampling_rate=sampling_rate, padding=padding
    )
    with warnings.catch_warnings():
        # n_rows shorter than a window span warns; tested on its own below.
        warnings.simplefilter("ignore", UserWarning)
        Xt = wt.fit_transform(X)
    assert Xt.shape == (n_rows, seq_len, 3)
    assert Xt.dtype == np.float32
    np.testing.assert_allclose(
        Xt, reference_windows(X, seq_len, sampling_rate, padding), rtol=1e-6
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, bool])
def test_output_is_read_only_float32_view_over_one_padded_buffer(dtype):
    n, f, seq_len, rate = 50, 2, 7, 3
    X = (np.arange(n * f).reshape(n, f) % 5).astype(dtype)
    Xt = WindowTransformer(seq_len=seq_len, sampling_rate=rate).fit_transform(X)
    assert Xt.dtype == np.float32
    assert not Xt.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        Xt[0, 0, 0] = 1.0
    buf = _root(Xt)
    # the only allocation is the padded (n + pad, f) float32 table: O(rows),
    # not O(rows * seq_len)
    assert buf.nbytes == (n + (seq_len - 1) * rate) * f * 4
    assert np.shares_memory(Xt, buf)
    assert not np.shares_memory(Xt, X)  # the caller's data is never aliased


def test_transform_memory_does_not_grow_with_seq_len():
    X = np.random.default_rng(0).normal(size=(20_000, 4)).astype(np.float32)
    wt = WindowTransformer(seq_len=200).fit(X)
    tracemalloc.start()
    Xt = wt.transform(X)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 2 * X.nbytes  # materialized windows would be 200 * X.nbytes
    assert Xt.shape == (20_000, 200, 4)


def test_windows_never_look_forward():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 3))
    wt = WindowTransformer(seq_len=6, sampling_rate=2).fit(X)
    before = wt.transform(X)
    X_future_changed = X.copy()
    X_future_changed[25:] = rng.normal(size=(15, 3)) * 100
    after = wt.transform(X_future_changed)
    assert_array_equal(before[:25], after[:25])
    assert not np.array_equal(before[25:], after[25:])
    # the last step of each window is the row itself
    assert_array_equal(before[:, -1], X.astype(np.float32))


def test_dataframe_input_and_feature_names():
    X = np.random.default_rng(0).normal(size=(10, 2))
    df = pd.DataFrame(
        X, columns=["T (degC)", "p (mbar)"], index=pd.date_range("2020", periods=10)
    )
    wt = WindowTransformer(seq_len=3).fit(df)
    assert_array_equal(wt.feature_names_in_, ["T (degC)", "p (mbar)"])
    assert_array_equal(wt.transform(df), WindowTransformer(seq_len=3).fit_transform(X))
    names = wt.get_feature_names_out()
    assert names.dtype == object
    assert_array_equal(names, ["T (degC)", "p (mbar)"])  # names of Xt[:, :, j]
    wt_np = WindowTransformer(seq_len=3).fit(X)
    assert_array_equal(wt_np.get_feature_names_out(), ["x0", "x1"])
    assert_array_equal(wt_np.get_feature_names_out(["a", "b"]), ["a", "b"])
    with pytest.raises(ValueError, match="input_features should have length"):
        wt_np.get_feature_names_out(["a"])


def test_nan_policy():
    X = np.ones((6, 2))
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        WindowTransformer(seq_len=2).fit(X)
    Xt = WindowTransformer(seq_len=2, allow_nan=True).fit_transform(X)
    assert np.isnan(Xt[3, 1, 1])
    assert np.isnan(Xt[4, 0, 1])
    assert np.isfinite(Xt[5]).all()
    X[3, 1] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        WindowTransformer(seq_len=2, allow_nan=True).fit(X)
    wt = WindowTransformer(seq_len=2).fit(np.ones((6, 2)))
    with pytest.raises(ValueError, match="NaN"):
        wt.transform(np.full((6, 2), np.nan))


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"seq_len": 0}, "'seq_len' parameter"),
        ({"seq_len": 2.5}, "'seq_len' parameter"),
        ({"sampling_rate": 0}, "'sampling_rate' parameter"),
        ({"padding": "reflect"}, "'padding' parameter"),
        ({"allow_nan": "yes"}, "'allow_nan' parameter"),
    ],
)
def test_bad_parameters_name_the_parameter(params, match):
    with pytest.raises(ValueError, match=match):
        WindowTransformer(**params).fit(np.ones((5, 2)))


def test_bad_input_errors():
    wt = WindowTransformer(seq_len=3)
    with pytest.raises(ValueError, match="Expected 2D array, got 1D"):
        wt.fit(np.ones(5))
    with pytest.raises(ValueError, match="dim 3"):
        wt.fit(np.ones((5, 3, 2)))
    with pytest.raises(ValueError, match="could not convert string to float"):
        wt.fit(pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]}))
    wt.fit(np.ones((5, 2)))
    with pytest.raises(ValueError, match="X has 3 features, but WindowTransformer"):
        wt.transform(np.ones((5, 3)))
    with pytest.raises(ValueError, match="0 sample"):
        wt.transform(np.ones((0, 2)))


def test_table_shorter_than_window_is_padded():
    X = np.array([[1.0], [2.0]])
    with pytest.warns(UserWarning, match="every window is padded"):
        Xt = WindowTransformer(seq_len=4, padding="edge").fit_transform(X)
    assert_array_equal(Xt[:, :, 0], [[1, 1, 1, 1], [1, 1, 1, 2]])


def test_set_output_reaches_the_windows_and_they_stay_arrays():
    # Details of pandas output downstream: tests/features/test_pandas_output.py
    X = np.ones((5, 2))
    pipe = make_pipeline(StandardScaler(), WindowTransformer(seq_len=2))
    for transform in ("default", "pandas"):
        Xt = pipe.set_output(transform=transform).fit_transform(X)
        assert isinstance(Xt, np.ndarray)
        assert Xt.shape == (5, 2, 2)
    with config_context(transform_output="pandas"):
        Xt = WindowTransformer(seq_len=2).fit_transform(X)
    assert isinstance(Xt, np.ndarray)
    assert Xt.shape == (5, 2, 2)


@pytest.mark.parametrize(
    ("seq_len", "sampling_rate", "n_rows", "warns"),
    [(50, 1, 10, True), (4, 3, 9, True), (4, 3, 10, False), (50, 1, 50, False)],
)
def test_warns_when_every_window_is_padding(seq_len, sampling_rate, n_rows, warns):
    # One window spans (seq_len - 1) * sampling_rate + 1 rows; with fewer
    # rows no window holds real history, silently.
    X = np.arange(float(n_rows)).reshape(-1, 1)
    wt = WindowTransformer(seq_len=seq_len, sampling_rate=sampling_rate).fit(X)
    span = (seq_len - 1) * sampling_rate + 1
    if warns:
        match = (
            rf"seq_len={seq_len}, sampling_rate={sampling_rate}\) got {n_rows} "
            rf"rows, fewer than the {span} rows one window spans"
        )
        with pytest.warns(UserWarning, match=match):
            Xt = wt.transform(X)
        assert (Xt[:, 0, 0] == 0.0).all()  # every window starts in the padding
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            Xt = wt.transform(X)
        assert Xt[-1, 0, 0] == n_rows - span  # the last window is all real rows


def test_fit_stores_nothing_of_the_data_and_round_trips(tmp_path):
    X = np.random.default_rng(0).normal(size=(5000, 3))
    wt = WindowTransformer(seq_len=4, sampling_rate=2).fit(X)
    assert len(pickle.dumps(wt)) < 1000
    joblib.dump(wt, tmp_path / "wt.joblib")
    loaded = joblib.load(tmp_path / "wt.joblib")
    assert_array_equal(loaded.transform(X), wt.transform(X))
    cloned = clone(wt)
    assert cloned.get_params() == wt.get_params()
    assert not hasattr(cloned, "n_features_in_")
    assert repr(WindowTransformer(seq_len=24)) == "WindowTransformer(seq_len=24)"


def test_grid_search_over_seq_len_in_a_pipeline(tmp_path):
    # y[t] = x[t - 4]: only windows reaching 4 rows back can predict it.
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 1))
    y = np.r_[np.zeros(4), x[:-4, 0]]
    pipe = make_pipeline(
        WindowTransformer(seq_len=2),
        FunctionTransformer(_flatten),
        Ridge(alpha=1e-3),
    )
    search = GridSearchCV(
        pipe,
        {
            "windowtransformer__seq_len": [2, 3, 5],
            "windowtransformer__sampling_rate": [1, 2],
        },
        cv=TimeSeriesSplit(n_splits=3, gap=4),
        scoring="neg_mean_absolute_error",
    )
    search.fit(x, y)
    best = search.best_params_
    assert (best["windowtransformer__seq_len"] - 1) * best[
        "windowtransformer__sampling_rate"
    ] >= 4
    # the first rows of each test fold are padded, so not exactly 0
    assert -search.best_score_ < 0.2
    short = np.flatnonzero(
        np.asarray(search.cv_results_["param_windowtransformer__seq_len"]) == 2
    )
    assert -search.cv_results_["mean_test_score"][short].max() > 0.5
    joblib.dump(search.best_estimator_, tmp_path / "model.joblib")
    loaded = joblib.load(tmp_path / "model.joblib")
    assert_array_equal(loaded.predict(x), search.best_estimator_.predict(x))


def test_pipeline_with_persistence_baseline():
    x = np.arange(20.0).reshape(20, 1)
    pipe = make_pipeline(WindowTransformer(seq_len=3), PersistenceRegressor())
    assert_array_equal(pipe.fit(x, x[:, 0] + 1).predict(x), x[:, 0])
