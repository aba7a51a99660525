import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline

from sktseq.features import FlattenWindows, WindowSummary


def windows_of(table, seq_len):
    """(n - seq_len + 1, seq_len, F) read-only view, like WindowTransformer's."""
    return sliding_window_view(table, seq_len, axis=0).transpose(0, 2, 1)


@pytest.fixture
def windows():
    table = np.random.default_rng(0).normal(size=(40, 3)).astype(np.float32)
    return windows_of(table, 5)


def test_flatten_matches_a_plain_loop_and_names(windows):
    flat = FlattenWindows().fit(windows)
    out = flat.transform(windows)
    names = flat.get_feature_names_out(["T", "p", "rh"])
    n, L, F = windows.shape
    assert out.shape == (n, L * F)
    assert out.dtype == np.float32
    for t in range(L):
        for f, feature in enumerate(["T", "p", "rh"]):
            col = names.tolist().index(f"{feature}_t-{L - 1 - t}")
            assert_array_equal(out[:, col], windows[:, t, f])
    assert names[-1] == "rh_t-0"
    assert names[0] == "T_t-4"
    assert flat.get_feature_names_out()[0] == "x0_t-4"


def test_flatten_contiguous_input_is_not_copied():
    X = np.zeros((4, 3, 2), dtype=np.float64)
    out = FlattenWindows().fit_transform(X)
    assert out.dtype == np.float64
    assert np.shares_memory(out, X)


def test_flatten_univariate_sequences():
    X = np.arange(12.0).reshape(4, 3)
    flat = FlattenWindows().fit(X)
    assert_array_equal(flat.transform(X), X)
    assert flat.get_feature_names_out().tolist() == ["x0_t-2", "x0_t-1", "x0_t-0"]
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    # named columns are usually a table's variables: warned, still accepted
    with pytest.warns(UserWarning, match="one univariate sequence of 3 time steps"):
        flat = FlattenWindows().fit(frame)
    assert flat.get_feature_names_out().tolist() == ["a", "b", "c"]


def test_flatten_passes_missing_values_through(windows):
    X = windows.copy()
    X[0, 0, 0] = np.nan
    out = FlattenWindows().fit_transform(X)
    assert np.isnan(out[0, 0])
    assert np.isnan(out).sum() == 1


@pytest.mark.parametrize("est", [FlattenWindows(), WindowSummary()])
def test_shape_mismatch_raises(est, windows):
    est.fit(windows)
    if isinstance(est, FlattenWindows):  # other lengths, other columns
        with pytest.raises(ValueError, match=r"windows of 4 time steps.*fitted on 5"):
            est.transform(windows[:, 1:])
    else:  # statistics of any length
        assert_allclose(
            est.transform(windows[:, 1:]), est.fit_transform(windows[:, 1:])
        )
    with pytest.raises(ValueError, match="2 features per time step"):
        est.transform(windows[:, :, :2])
    with pytest.raises(ValueError, match="fitted on 3-D input"):
        est.transform(windows[:, :, 0])


def reference_summary(window, stat):
    """Straightforward per-window statistic for one feature."""
    if stat == "slope":
        return np.polyfit(np.arange(len(window)), window, 1)[0]
    if stat in ("first", "last"):
        return window[0 if stat == "first" else -1]
    return getattr(np, stat)(window)


STATS = ("mean", "std", "var", "min", "max", "median", "sum", "first", "last", "slope")


def test_summary_matches_a_plain_loop(windows):
    X = windows.astype(np.float64)
    summary = WindowSummary(stats=STATS).fit(X)
    out = summary.transform(X)
    names = summary.get_feature_names_out().tolist()
    assert out.shape == (len(X), 3 * len(STATS))
    assert names[: len(STATS)] == [f"x0_{s}" for s in STATS]
    for i in range(len(X)):
        for f in range(3):
            for s in STATS:
                expected = reference_summary(X[i, :, f], s)
                assert_allclose(out[i, names.index(f"x{f}_{s}")], expected, atol=1e-12)


def test_summary_keeps_float32_and_univariate_input(windows):
    assert WindowSummary().fit_transform(windows).dtype == np.float32
    X = np.array([[1.0, 2.0, 4.0], [3.0, 3.0, 3.0]])
    summary = WindowSummary(stats=("max", "slope")).fit(X)
    assert_allclose(summary.transform(X), [[4.0, 1.5], [3.0, 0.0]])
    assert summary.get_feature_names_out().tolist() == ["x0_max", "x0_slope"]
    one_step = WindowSummary(stats=("slope",)).fit_transform(X[:, :1])
    assert_array_equal(one_step, 0.0)


def test_summary_bad_stats():
    with pytest.raises(ValueError, match="stats"):
        WindowSummary(stats=("mean", "mode")).fit(np.zeros((2, 3, 1)))
    with pytest.raises(ValueError, match="stats"):
        WindowSummary(stats=()).fit(np.zeros((2, 3, 1)))


@pytest.mark.parametrize(
    ("est", "first"), [(FlattenWindows(), "x0_t-4"), (WindowSummary(), "x0_mean")]
)
def test_set_output_pandas(est, first, windows):
    out = est.set_output(transform="pandas").fit_transform(windows)
    assert isinstance(out, pd.DataFrame)
    assert out.columns[0] == first
    assert len(out) == len(windows)


@pytest.mark.parametrize("table_maker", [FlattenWindows, WindowSummary])
def test_ridge_on_windows(table_maker):
    table = np.random.default_rng(1).normal(size=(200, 2))
    X = windows_of(table, 6)[:-1]
    y = table[6:, 0]
    pipe = make_pipeline(table_maker(), Ridge()).fit(X, y)
    assert pipe.predict(X).shape == y.shape


def test_importing_features_does_not_import_tsfresh():
    code = "import sys, sktseq.features; print('tsfresh' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
