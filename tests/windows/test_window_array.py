"""WindowArray: windows that carry their table's names and index, and stay arrays."""

import copy
import pickle

import joblib
import numpy as np
import pandas as pd
import pytest
import torch
from numpy.testing import assert_array_equal
from sklearn.base import clone
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline

from sktseq.baselines import PersistenceRegressor
from sktseq.features import WindowSummary
from sktseq.windows import WindowArray, WindowTransformer


@pytest.fixture
def table():
    index = pd.date_range("2016-01-01", periods=30, freq="h", name="time")
    values = np.random.default_rng(0).normal(size=(30, 2))
    return pd.DataFrame(values, index=index, columns=["T", "p"])


def test_windows_of_a_frame_carry_its_names_and_index(table):
    Xt = WindowTransformer(seq_len=4).fit_transform(table)
    assert isinstance(Xt, WindowArray)
    assert_array_equal(Xt.feature_names, ["T", "p"])
    assert Xt.index is table.index
    # still the zero-copy read-only float32 view of plain windows
    plain = WindowTransformer(seq_len=4).fit_transform(table.to_numpy())
    assert_array_equal(Xt, plain)
    assert not Xt.flags.writeable
    assert not Xt.flags.owndata


def test_windows_of_an_array_carry_nothing():
    Xt = WindowTransformer(seq_len=2).fit_transform(np.ones((5, 3)))
    assert isinstance(Xt, WindowArray)
    assert Xt.feature_names is None
    assert Xt.index is None


def test_anything_derived_is_plain_or_carries_nothing(table):
    Xt = WindowTransformer(seq_len=3).fit_transform(table)
    derived = {
        "window": Xt[0],
        "batch": Xt[[3, 1]],
        "slice": Xt[5:],
        "mask": Xt[np.arange(30) % 2 == 0],
        "sum": Xt + 1.0,
        "mean": Xt.mean(axis=1),
        "median": np.median(Xt, axis=1),
        "concat": np.concatenate([Xt, Xt]),
        "asarray": np.asarray(Xt),
    }
    for name, array in derived.items():
        assert type(array) is np.ndarray, name
    assert np.shares_memory(np.asarray(Xt), Xt)  # unwrapping does not copy
    for array in (Xt.reshape(30, -1), Xt.copy(), Xt.astype(np.float64)):
        assert (array.feature_names, array.index) == (None, None)
    assert_array_equal(Xt.mean(axis=1), np.asarray(Xt).mean(axis=1))
    assert repr(Xt[-1]).startswith("array(")


def test_pickle_joblib_and_deepcopy_keep_values_names_and_index(table, tmp_path):
    Xt = WindowTransformer(seq_len=3, sampling_rate=2).fit_transform(table)
    joblib.dump(Xt, tmp_path / "w.joblib")
    for other in (
        pickle.loads(pickle.dumps(Xt)),
        joblib.load(tmp_path / "w.joblib"),
        copy.deepcopy(Xt),
    ):
        assert type(other) is WindowArray
        assert_array_equal(other, Xt)
        assert_array_equal(other.feature_names, ["T", "p"])
        assert other.index.equals(table.index)
        assert not other.flags.writeable


def test_torch_reads_gathered_batches(table):
    Xt = WindowTransformer(seq_len=4).fit_transform(table)
    batch = torch.from_numpy(Xt[[0, 5, 9]])
    assert batch.shape == (3, 4, 2)
    assert_array_equal(batch.numpy(), np.asarray(Xt)[[0, 5, 9]])


def test_consumers_learn_names_and_check_them(table):
    Xt = WindowTransformer(seq_len=3).fit_transform(table)
    summary = WindowSummary(stats=("mean",)).fit(Xt)
    assert_array_equal(summary.feature_names_in_, ["T", "p"])
    assert summary.get_feature_names_out().tolist() == ["T_mean", "p_mean"]
    # plain windows (a slice, an array) are accepted as they come
    assert summary.transform(Xt[2:]).shape == (28, 2)
    swapped = WindowTransformer(seq_len=3).fit_transform(table[["p", "T"]])
    with pytest.raises(ValueError, match=r"features \['p', 'T'\].*\['T', 'p'\]"):
        summary.transform(swapped)
    # a model fitted on windows keeps them as sklearn's feature_names_in_
    model = PersistenceRegressor().fit(Xt, table["T"])
    assert_array_equal(model.feature_names_in_, ["T", "p"])
    refit = PersistenceRegressor().fit(np.asarray(Xt), table["T"])
    assert not hasattr(refit, "feature_names_in_")


def test_cross_validation_over_window_arrays(table):
    # sklearn indexes X per fold: each fold gets plain windows of its rows.
    Xt = WindowTransformer(seq_len=3).fit_transform(table)
    y = table["T"].to_numpy()
    scores = cross_val_score(PersistenceRegressor(), Xt, y, cv=3)
    expected = cross_val_score(PersistenceRegressor(), np.asarray(Xt), y, cv=3)
    assert_array_equal(scores, expected)
    pipe = make_pipeline(WindowTransformer(seq_len=3), PersistenceRegressor())
    assert clone(pipe).fit(table, y).predict(table).shape == (30,)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"feature_names": ["a"]}, "1 names for 2 features"),
        ({"index": pd.RangeIndex(3)}, "3 labels for 4 rows"),
    ],
)
def test_constructor_checks_names_and_index(kwargs, match):
    with pytest.raises(ValueError, match=match):
        WindowArray(np.zeros((4, 3, 2)), **kwargs)
    with pytest.raises(ValueError, match="3-D"):
        WindowArray(np.zeros((4, 3)))
