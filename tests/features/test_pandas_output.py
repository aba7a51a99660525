"""pandas output never changes rows and never loses names or the index.

Every transformer downstream of windows returns a DataFrame on the original
row index with exactly the names ``get_feature_names_out()`` reports, under
the global configuration and under ``set_output`` alike.
"""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import config_context
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import StandardScaler

from sktseq.features import FlattenWindows, RollingStats, WindowSummary
from sktseq.windows import WindowTransformer

# Every window consumer: add new ones here.
CONSUMERS = [WindowSummary, FlattenWindows]


@pytest.fixture
def frame():
    index = pd.date_range("2016-01-01", periods=120, freq="h", name="Date Time")
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        rng.normal(size=(120, 2)) * [8.0, 3.0] + [10.0, 990.0],
        index=index,
        columns=["T (degC)", "p (mbar)"],
    )


def check_frame(out, frame, expected_names):
    assert isinstance(out, pd.DataFrame)
    assert out.index.equals(frame.index)
    assert out.index.name == frame.index.name
    assert out.columns.tolist() == list(expected_names)


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_global_pandas_output_keeps_index_and_names(consumer, frame):
    pipe = make_pipeline(WindowTransformer(seq_len=4), consumer())
    with config_context(transform_output="pandas"):
        out = pipe.fit_transform(frame)
        again = pipe.transform(frame)
    names = pipe.get_feature_names_out()
    assert names[0].startswith("T (degC)_")  # not x0_...
    check_frame(out, frame, names)
    check_frame(again, frame, names)
    # the values are those of the default (numpy) output
    assert_array_equal(out.to_numpy(), pipe.transform(frame))


def test_issue_example_names_are_the_pipelines():
    # make_pipeline(WindowTransformer(seq_len=4), WindowSummary()) on a frame
    # with column T: columns T_mean, ... on its DatetimeIndex.
    index = pd.date_range("2020-01-01", periods=10, freq="D")
    df = pd.DataFrame({"T": np.arange(10.0)}, index=index)
    pipe = make_pipeline(WindowTransformer(seq_len=4), WindowSummary())
    with config_context(transform_output="pandas"):
        out = pipe.fit_transform(df)
    assert out.columns.tolist() == ["T_mean", "T_std", "T_min", "T_max", "T_last"]
    assert out.columns.tolist() == pipe.get_feature_names_out().tolist()
    assert out.index.equals(index)
    # row 5 is the window of rows 2..5: hand-computed statistics
    assert_allclose(out.loc[index[5]], [3.5, np.std([2, 3, 4, 5]), 2, 5, 5])


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_pipeline_set_output_pandas_with_a_scaler(consumer, frame):
    # make_pipeline(StandardScaler(), WindowTransformer(...), ...).set_output
    # used to raise in WindowTransformer.set_output.
    pipe = make_pipeline(StandardScaler(), WindowTransformer(seq_len=4), consumer())
    out = pipe.set_output(transform="pandas").fit_transform(frame)
    check_frame(out, frame, pipe.get_feature_names_out())
    plain = make_pipeline(StandardScaler(), WindowTransformer(seq_len=4), consumer())
    assert_allclose(out.to_numpy(), plain.fit_transform(frame), rtol=1e-6)
    # and back to numpy everywhere
    default = pipe.set_output(transform="default").fit_transform(frame)
    assert isinstance(default, np.ndarray)


@pytest.mark.parametrize("how", ["global", "set_output"])
def test_feature_union_keeps_the_rows(frame, how):
    # The issue's call: 240 rows and 1,080 NaN cells before the fix.
    union = FeatureUnion(
        [
            ("r", RollingStats(windows=(3,))),
            ("w", make_pipeline(WindowTransformer(seq_len=4), WindowSummary())),
        ]
    )
    if how == "set_output":
        out = union.set_output(transform="pandas").fit_transform(frame)
    with config_context(transform_output="pandas"):
        if how == "global":
            out = union.fit_transform(frame)
        rolling = RollingStats(windows=(3,)).fit_transform(frame)
        summary = make_pipeline(
            WindowTransformer(seq_len=4), WindowSummary()
        ).fit_transform(frame)
    assert out.shape == (120, rolling.shape[1] + summary.shape[1])
    check_frame(out, frame, union.get_feature_names_out())
    # no NaN introduced: only RollingStats' own first-row NaN
    assert out.isna().sum().sum() == rolling.isna().sum().sum()
    assert summary.isna().sum().sum() == 0
    assert_array_equal(out.to_numpy()[:, rolling.shape[1] :], summary.to_numpy())


def test_rolling_stats_keeps_the_index_under_global_output(frame):
    rs = RollingStats(windows=(3, "6h"), stats=("mean",), lags=(1,))
    with config_context(transform_output="pandas"):
        out = rs.fit_transform(frame)
    check_frame(out, frame, rs.get_feature_names_out())


def test_window_transformer_set_output_keeps_windows_arrays(frame):
    wt = WindowTransformer(seq_len=2)
    for transform in ("pandas", "polars", "default"):
        assert wt.set_output(transform=transform) is wt
    assert wt.set_output(transform=None) is wt
    with pytest.raises(ValueError, match="'default', 'pandas', 'polars' or None"):
        wt.set_output(transform="arrow")
    with config_context(transform_output="pandas"):
        Xt = wt.set_output(transform="pandas").fit_transform(frame)
    assert isinstance(Xt, np.ndarray)
    assert Xt.shape == (120, 2, 2)


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_plain_windows_fall_back_to_positions(consumer):
    # Windows without a table behind them: sklearn's RangeIndex and x0 names.
    windows = np.random.default_rng(0).normal(size=(7, 3, 2))
    out = consumer().set_output(transform="pandas").fit_transform(windows)
    assert out.index.equals(pd.RangeIndex(7))
    assert out.columns[0].startswith("x0_")


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_transform_uses_the_index_of_the_rows_it_is_given(consumer, frame):
    pipe = make_pipeline(WindowTransformer(seq_len=3), consumer())
    pipe.set_output(transform="pandas").fit(frame.iloc[:80])
    out = pipe.transform(frame.iloc[80:])
    check_frame(out, frame.iloc[80:], pipe.get_feature_names_out())
