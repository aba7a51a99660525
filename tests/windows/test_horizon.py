"""align_horizon: targets h rows ahead, several targets and horizons."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal

from sktseq.windows import align_horizon


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
        ({"horizon": [1, 2], "y": np.ones((10, 2, 2))}, "y must be 1-D or 2-D"),
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
    with pytest.raises(ValueError, match="target='x' is not a column"):
        align_horizon(pd.DataFrame({"a": [1.0, 2, 3]}), target=["a", "x"], horizon=1)
    with pytest.raises(ValueError, match="target=-3 is not a column position"):
        align_horizon(np.ones((3, 2)), target=[0, -3], horizon=1)
    with pytest.raises(ValueError, match="target must name at least one column"):
        align_horizon(np.ones((3, 2)), target=[], horizon=1)


def reference_layout(table, targets, horizons):
    """Column j * len(horizons) + k is target j at horizon k, row by row."""
    n_out = len(table) - max(horizons)
    out = np.empty((n_out, len(targets) * len(horizons)))
    for t in range(n_out):
        for j, col in enumerate(targets):
            for k, h in enumerate(horizons):
                out[t, j * len(horizons) + k] = table[t + h, col]
    return out


def test_several_targets_and_horizons_are_target_major():
    rng = np.random.default_rng(0)
    table = rng.normal(size=(30, 4))
    horizons = [1, 5, 2]
    Xa, ya = align_horizon(table, target=[3, 0], horizon=horizons)
    assert_array_equal(Xa, table[:25])
    assert_array_equal(ya, reference_layout(table, [3, 0], horizons))
    # The same from a separate 2-D y (numpy in, numpy out).
    _, y2 = align_horizon(table, table[:, [3, 0]], horizon=horizons)
    assert isinstance(y2, np.ndarray)
    assert_array_equal(y2, ya)
    # One target in a list stays 2-D; an int horizon keeps one column per target.
    _, y_one = align_horizon(table, target=[1], horizon=2)
    assert y_one.shape == (28, 1)
    _, y_int = align_horizon(table, target=[1, 2], horizon=2)
    assert_array_equal(y_int, table[2:, [1, 2]])


def test_several_targets_from_a_dataframe_are_named():
    idx = pd.date_range("2016-07-01", periods=12, freq="h")
    df = pd.DataFrame(
        np.arange(36.0).reshape(12, 3), index=idx, columns=["HUFL", "HULL", "OT"]
    )
    Xa, ya = align_horizon(df, target=["OT", "HUFL"], horizon=range(1, 4))
    assert list(ya.columns) == [
        "OT_h1", "OT_h2", "OT_h3", "HUFL_h1", "HUFL_h2", "HUFL_h3",
    ]  # fmt: skip
    assert_array_equal(ya.index, idx[:9])
    assert_array_equal(
        ya.to_numpy(), reference_layout(df.to_numpy(), [2, 0], [1, 2, 3])
    )
    assert list(Xa.columns) == ["HUFL", "HULL", "OT"]  # targets stay inputs
    # A 2-D y DataFrame with several horizons is named the same way.
    _, y2 = align_horizon(df, df[["OT", "HUFL"]], horizon=[1, 2, 3])
    assert list(y2.columns) == list(ya.columns)
    # int horizon: one column per target, named as the targets.
    _, y_int = align_horizon(df, target=["OT", "HUFL"], horizon=4)
    assert list(y_int.columns) == ["OT", "HUFL"]
    assert_array_equal(y_int.to_numpy(), df[["OT", "HUFL"]].to_numpy()[4:])


def test_horizon_zero_is_for_a_separate_y_only():
    # Nowcasting: a separate y at the same row is a meaningful target...
    X = np.arange(10.0).reshape(5, 2)
    _, y = align_horizon(X, np.arange(5.0) * 3, horizon=[0, 1])
    assert_array_equal(y[:, 0], np.arange(4.0) * 3)
    # ...but a target taken from X at horizon 0 is its own input.
    with pytest.raises(ValueError, match="horizon=0 with target= pairs each row"):
        align_horizon(X, target=0, horizon=0)
    with pytest.raises(ValueError, match="horizon=0 with target="):
        align_horizon(X, target=[0, 1], horizon=[0, 1])
