import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.model_selection import TimeSeriesSplit, cross_val_score
from sklearn.pipeline import make_pipeline

from sktseq.features import RollingStats

ALL_STATS = ("mean", "std", "var", "min", "max", "median", "sum", "skew", "kurt")


@pytest.fixture
def frame():
    """Hourly table with a gap (so '5h' and 5 rows differ) and a NaN."""
    rng = np.random.default_rng(0)
    index = pd.date_range("2016-01-01", periods=60, freq="h").delete([10, 11, 30])
    df = pd.DataFrame(
        {"T": rng.normal(size=57), "p": rng.normal(size=57) + 1000.0}, index=index
    )
    df.iloc[20, 0] = np.nan
    return df


def test_matches_pandas_column_by_column(frame):
    rs = RollingStats(
        windows=(5, "5h"),
        stats=ALL_STATS,
        quantiles=(0.1, 0.9),
        lags=(1, 3),
        diffs=(2,),
    )
    out = pd.DataFrame(
        rs.fit_transform(frame), columns=rs.get_feature_names_out(), index=frame.index
    )
    expected = {c: frame[c] for c in frame}
    for c in frame:
        for w in (5, "5h"):
            roll = frame[c].rolling(w)
            for s in ALL_STATS:
                expected[f"{c}_{s}_{w}"] = roll.agg(s)
            expected[f"{c}_q0.1_{w}"] = roll.quantile(0.1)
            expected[f"{c}_q0.9_{w}"] = roll.quantile(0.9)
        expected[f"{c}_lag_1"] = frame[c].shift(1)
        expected[f"{c}_lag_3"] = frame[c].shift(3)
        expected[f"{c}_diff_2"] = frame[c].diff(2)
    assert sorted(out.columns) == sorted(expected)
    for name, col in expected.items():
        assert_allclose(out[name], col, err_msg=name)


def test_integer_window_matches_a_plain_loop():
    X = np.random.default_rng(1).normal(size=(30, 2))
    out = RollingStats(windows=(4,), stats=("mean", "max"), passthrough=False)
    out = out.fit_transform(X)
    for i in range(30):
        if i < 3:
            assert np.isnan(out[i]).all()
        else:
            win = X[i - 3 : i + 1]
            assert_allclose(out[i], np.r_[win.mean(axis=0), win.max(axis=0)])


def test_offset_window_covers_time_not_rows(frame):
    out = RollingStats(windows=("3h",), stats=("sum",), passthrough=False)
    out = out.fit_transform(frame[["p"]])[:, 0]
    times, p = frame.index, frame["p"].to_numpy()
    for i in range(len(frame)):
        inside = (times > times[i] - pd.Timedelta("3h")) & (times <= times[i])
        assert_allclose(out[i], p[inside].sum())


def test_nothing_from_the_future(frame):
    rs = RollingStats(windows=(3, "4h"), quantiles=(0.5,), lags=(1,), diffs=(1,))
    before = rs.fit_transform(frame)
    changed = frame.copy()
    changed.iloc[40:] += 100.0
    after = rs.transform(changed)
    assert before.shape[0] == len(frame)
    assert_array_equal(before[:40], after[:40])
    assert not np.allclose(before[40:], after[40:], equal_nan=True)


def test_first_rows_policy():
    X = np.arange(6.0).reshape(-1, 1)
    nan = RollingStats(windows=(3,), stats=("mean", "std"), passthrough=False)
    out = nan.fit_transform(X)
    assert np.isnan(out[:2]).all()
    assert not np.isnan(out[2:]).any()
    partial = RollingStats(
        windows=(3,), stats=("mean", "std"), min_periods=1, passthrough=False
    )
    out = partial.fit_transform(X)
    assert_allclose(out[:, 0], [0.0, 0.5, 1.0, 2.0, 3.0, 4.0])
    assert np.isnan(out[0, 1])
    assert not np.isnan(out[1:, 1]).any()
    filled = RollingStats(windows=(3,), stats=("mean",), lags=(1,), fill_value=-1.0)
    out = filled.fit_transform(X)
    assert_allclose(out[:, 0], X[:, 0])  # passthrough is never filled
    assert_allclose(out[:, 1], [-1.0, -1.0, 1.0, 2.0, 3.0, 4.0])  # mean_3
    assert_allclose(out[:, 2], [-1.0, 0.0, 1.0, 2.0, 3.0, 4.0])  # lag_1


def test_columns_and_passthrough(frame):
    kept = RollingStats(windows=(2,), stats=("mean",), columns=["p"]).fit(frame)
    assert kept.get_feature_names_out().tolist() == ["T", "p", "p_mean_2"]
    assert_allclose(kept.transform(frame)[:, :2], frame.to_numpy())
    dropped = RollingStats(
        windows=(2,), stats=("mean",), columns=[1], passthrough=False
    )
    assert dropped.fit(frame).get_feature_names_out().tolist() == ["p_mean_2"]
    assert_allclose(dropped.transform(frame)[:, 0], frame["p"].rolling(2).mean())


def test_array_feature_names():
    rs = RollingStats(windows=(24,), stats=("mean",), quantiles=(0.9,), lags=(1,))
    rs.fit(np.zeros((5, 2)))
    assert rs.get_feature_names_out().tolist() == [
        "x0",
        "x1",
        "x0_mean_24",
        "x1_mean_24",
        "x0_q0.9_24",
        "x1_q0.9_24",
        "x0_lag_1",
        "x1_lag_1",
    ]
    assert rs.get_feature_names_out(["T", "p"])[2] == "T_mean_24"


def test_set_output_pandas_keeps_the_index(frame):
    rs = RollingStats(windows=("24h",), stats=("mean",)).set_output(transform="pandas")
    out = rs.fit_transform(frame)
    assert out.index.equals(frame.index)
    assert out.columns.tolist() == ["T", "p", "T_mean_24h", "p_mean_24h"]
    assert_allclose(out["T_mean_24h"], frame["T"].rolling("24h").mean())


def test_transform_uses_the_index_of_its_own_input(frame):
    rs = RollingStats(windows=("3h",), stats=("sum",))
    rs.fit(frame)
    later = frame.iloc[30:]
    assert_allclose(
        rs.transform(later)[:, 2], later["T"].rolling("3h").sum(), equal_nan=True
    )


@pytest.mark.parametrize(
    ("params", "X", "match"),
    [
        ({"windows": ("24h",)}, np.zeros((5, 1)), "need a DataFrame with a Datetime"),
        ({"windows": ("24h",)}, pd.DataFrame({"a": [1.0, 2.0]}), "RangeIndex"),
        ({"windows": ("1M",)}, None, "fixed-length pandas offset"),
        ({"windows": (0,)}, None, "positive int or an offset"),
        ({"windows": (3, 3)}, None, "duplicates"),
        ({"windows": ()}, None, "at least one window"),
        ({"windows": (2,), "min_periods": 3}, None, "exceeds the window 2"),
        ({"stats": ("mean", "mode")}, None, "unknown statistic"),
        ({"quantiles": (1.5,)}, None, r"quantiles must be floats in \[0, 1\]"),
        ({"lags": (0,)}, None, "lags must be positive"),
        ({"stats": ()}, None, "nothing to compute"),
        ({"columns": ["nope"]}, None, "'nope' is not a column"),
        ({"columns": [5]}, None, "neither a column name nor a position"),
        ({"columns": ["a"]}, np.zeros((5, 2)), "X has no column names"),
    ],
)
def test_bad_parameters_raise(params, X, match, frame):
    with pytest.raises(ValueError, match=match):
        RollingStats(**params).fit(frame if X is None else X)


def test_unordered_time_index_is_refused_by_offset_windows(frame):
    assert RollingStats(windows=(3,)).fit_transform(frame.iloc[::-1]).shape[0] == 57
    rs = RollingStats(windows=(3, "3h"))
    with pytest.raises(ValueError, match="not sorted"):
        rs.fit(frame.iloc[::-1])
    rs.fit(frame)
    duplicated = pd.concat([frame.iloc[:5], frame.iloc[4:]])
    with pytest.raises(ValueError, match="duplicated timestamps"):
        rs.transform(duplicated)


def test_in_a_time_series_pipeline(frame):
    X = frame.ffill()
    y = X["T"].shift(-1).ffill()
    pipe = make_pipeline(
        RollingStats(windows=(3, "6h"), lags=(1,)),
        HistGradientBoostingRegressor(max_iter=10),
    )
    scores = cross_val_score(pipe, X, y, cv=TimeSeriesSplit(n_splits=3))
    assert np.isfinite(scores).all()
