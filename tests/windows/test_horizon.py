"""align_horizon, forecast_cv and check_cv_gap."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal
from sklearn.model_selection import (
    KFold,
    PredefinedSplit,
    ShuffleSplit,
    TimeSeriesSplit,
)

from sktseq.windows import align_horizon, check_cv_gap, forecast_cv


def test_align_horizon_arrays():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10) * 10
    Xa, ya = align_horizon(X, y, horizon=3)
    assert_array_equal(Xa, X[:7])
    assert_array_equal(ya, y[3:])
    assert np.shares_memory(Xa, X)
    for t in range(7):  # row t is paired with y[t + h]
        assert ya[t] == y[t + 3]


def test_align_horizon_several_horizons():
    y = np.arange(10.0)
    X = y.reshape(-1, 1) * 2
    Xa, ya = align_horizon(X, y, horizon=[1, 4, 2])
    assert Xa.shape == (6, 1)
    assert ya.shape == (6, 3)
    for t in range(6):
        assert_array_equal(ya[t], [y[t + 1], y[t + 4], y[t + 2]])
    _, ya_range = align_horizon(X, y, horizon=range(1, 3))
    assert_array_equal(ya_range, np.c_[y[1:9], y[2:10]])
    _, ya_np = align_horizon(X, y, horizon=np.array([2]))
    assert ya_np.shape == (8, 1)


def test_align_horizon_pandas_keeps_index_of_X():
    idx = pd.date_range("2020-01-01", periods=8, freq="h")
    df = pd.DataFrame({"T": np.arange(8.0), "p": np.arange(8.0) + 100}, index=idx)
    Xa, ya = align_horizon(df, target="T", horizon=2)
    assert isinstance(Xa, pd.DataFrame)
    assert list(Xa.columns) == ["T", "p"]
    assert ya.name == "T"
    assert_array_equal(ya.index, idx[:6])  # labelled by forecast origin
    assert_array_equal(ya.to_numpy(), np.arange(2.0, 8.0))
    _, y_multi = align_horizon(df, df["T"], horizon=[1, 2])
    assert list(y_multi.columns) == ["T_h1", "T_h2"]
    assert_array_equal(y_multi.index, idx[:6])
    # Series y with numpy X: RangeIndex
    _, ys = align_horizon(df.to_numpy(), pd.Series(np.arange(8.0)), horizon=1)
    assert isinstance(ys, pd.Series)
    assert len(ys) == 7
    # 2-D y with one horizon
    _, y2 = align_horizon(df, df[["T", "p"]], horizon=1)
    assert list(y2.columns) == ["T", "p"]
    assert_array_equal(y2.to_numpy(), df.to_numpy()[1:])
    # numpy X with target position
    _, yt = align_horizon(df.to_numpy(), target=1, horizon=1)
    assert_array_equal(yt, np.arange(101.0, 108.0))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"horizon": -1}, "'horizon' parameter"),
        ({"horizon": [1, -2]}, "horizon must be an int >= 0"),
        ({"horizon": []}, "horizon must be an int >= 0"),
        ({"horizon": [1.5]}, "horizon must be an int >= 0"),
        ({"horizon": 10}, "horizon=10 leaves no rows"),
        ({"horizon": 1, "y": np.arange(5)}, "same number of rows"),
        ({"horizon": [1, 2], "y": np.ones((10, 2))}, "Several horizons need a 1-D y"),
        ({"horizon": 1, "y": None}, "exactly one of y"),
        ({"horizon": 1, "target": 0}, "exactly one of y"),
    ],
)
def test_align_horizon_errors(kwargs, match):
    kwargs = {"y": np.arange(10), **kwargs}
    with pytest.raises(ValueError, match=match):
        align_horizon(np.ones((10, 2)), **kwargs)


def test_align_horizon_bad_target():
    with pytest.raises(ValueError, match="target='x' is not a column"):
        align_horizon(pd.DataFrame({"a": [1.0, 2, 3]}), target="x", horizon=1)
    with pytest.raises(ValueError, match="target=5 is not a column position"):
        align_horizon(np.ones((3, 2)), target=5, horizon=1)


@pytest.mark.parametrize("horizon", [1, 24, [1, 6, 12]])
def test_forecast_cv_training_labels_stay_before_the_test_period(horizon):
    n = 500
    cv = forecast_cv(4, horizon=horizon, max_train_size=200)
    h = np.max(horizon)
    assert isinstance(cv, TimeSeriesSplit)
    assert cv.gap == h
    assert cv.max_train_size == 200
    assert cv.n_splits == 4
    X, y = align_horizon(np.arange(n).reshape(-1, 1), target=0, horizon=horizon)
    for train, test in cv.split(X):
        # the latest training label is the value at row train.max() + h,
        # strictly before the first test input row
        label_rows = train.max() + h
        assert label_rows < test.min()
        assert np.max(y[train]) < X[test.min(), 0]
    assert check_cv_gap(cv, horizon=horizon) is cv


def test_forecast_cv_test_size_and_errors():
    cv = forecast_cv(3, horizon=2, test_size=10)
    assert cv.test_size == 10
    with pytest.raises(ValueError, match="'n_splits' parameter"):
        forecast_cv(1, horizon=1)
    with pytest.raises(ValueError, match="horizon must be an int >= 0"):
        forecast_cv(horizon=[])


def test_check_cv_gap_rejects_leaky_or_unordered_splitters():
    with pytest.raises(ValueError, match="gap=3 < horizon=5"):
        check_cv_gap(TimeSeriesSplit(3, gap=3), horizon=5)
    with pytest.raises(ValueError, match="gap=0 < horizon=6"):
        check_cv_gap(TimeSeriesSplit(3), horizon=[1, 6])
    with pytest.raises(ValueError, match="cv=5 means"):
        check_cv_gap(5, horizon=1)
    with pytest.raises(ValueError, match="cv=None means"):
        check_cv_gap(None, horizon=1)
    with pytest.raises(ValueError, match="KFold shuffles rows"):
        check_cv_gap(KFold(3, shuffle=True, random_state=0), horizon=1)
    with pytest.raises(ValueError, match="Cannot check the time order of KFold"):
        check_cv_gap(KFold(3), horizon=1)
    with pytest.raises(ValueError, match="Cannot check the time order of ShuffleSplit"):
        check_cv_gap(ShuffleSplit(3), horizon=1)
    with pytest.raises(ValueError, match="Cannot check the time order of Predefined"):
        check_cv_gap(PredefinedSplit([0, 0, 1, 1]), horizon=1)


def test_check_cv_gap_on_explicit_splits():
    good = [(np.arange(10), np.arange(13, 20)), (np.arange(15), np.arange(17, 25))]
    splits = check_cv_gap(iter(good), horizon=2)
    assert isinstance(splits, list)
    assert len(splits) == 2
    with pytest.raises(ValueError, match="Split 1: training row 14"):
        check_cv_gap(good, horizon=3)
    future_train = [(np.r_[0:5, 30:40], np.arange(10, 20))]
    with pytest.raises(ValueError, match="Split 0"):
        check_cv_gap(future_train, horizon=1)
    masks = [(np.arange(20) < 10, np.arange(20) >= 12)]
    assert check_cv_gap(masks, horizon=2)[0] is masks[0]
    with pytest.raises(ValueError, match="training row 9"):
        check_cv_gap(masks, horizon=3)
