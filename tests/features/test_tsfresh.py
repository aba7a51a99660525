"""TsfreshFeatures: same numbers as tsfresh, selection, imputation, bad input.

tsfresh runs without a process pool here (n_jobs=None, tsfresh's n_jobs=0),
except in the one test of n_jobs; the Dask distributor is in tests/test_dask.py.
"""

import pickle
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline

from sktseq.features import TsfreshFeatures

tsfresh = pytest.importorskip("tsfresh")
from tsfresh.feature_extraction.settings import (  # noqa: E402
    MinimalFCParameters,
    from_columns,
)
from tsfresh.utilities.dataframe_functions import (  # noqa: E402
    get_range_values_per_column,
    impute_dataframe_range,
)
from tsfresh.utilities.distribution import MapDistributor  # noqa: E402

from sktseq.features._tsfresh import _imputed  # noqa: E402

FC = {  # a few cheap calculators, with and without parameters, one combiner
    "mean": None,
    "maximum": None,
    "autocorrelation": [{"lag": 1}, {"lag": 2}],
    "agg_linear_trend": [{"attr": "slope", "chunk_len": 2, "f_agg": "mean"}],
}


def windows_of(table, seq_len):
    """Read-only strided view (n - seq_len + 1, seq_len, F), like WindowTransformer."""
    return sliding_window_view(table, seq_len, axis=0).transpose(0, 2, 1)


@pytest.fixture(scope="module")
def table():
    return np.random.default_rng(0).normal(size=(60, 2)).cumsum(axis=0)


@pytest.fixture(scope="module")
def windows(table):
    return windows_of(table, 8)


def test_matches_tsfresh_on_strided_windows(windows, tsfresh_reference):
    tf = TsfreshFeatures(default_fc_parameters=FC, impute=False)
    out = tf.fit_transform(windows)
    expected = tsfresh_reference.features(windows, FC)
    names = tf.get_feature_names_out()
    assert sorted(names) == sorted(expected.columns)
    assert out.shape == (len(windows), len(names))
    assert_allclose(out, expected[names].to_numpy(), rtol=1e-12)
    # transform recomputes the same numbers; float32 input is widened first
    assert_allclose(tf.transform(windows), out)
    out32 = tf.transform(windows.astype(np.float32))
    assert out32.dtype == np.float64
    assert_allclose(out32, out, rtol=1e-5, atol=1e-5)


def test_long_format_input_matches_windows_and_keeps_ids(windows, tsfresh_reference):
    ids = [f"w{i:03d}" for i in range(len(windows))]
    frame = tsfresh_reference.frame(windows, ids=ids).sample(frac=1.0, random_state=0)
    tf = TsfreshFeatures(
        default_fc_parameters=FC,
        column_id="id",
        column_sort="time",
        column_kind="kind",
        column_value="value",
    ).set_output(transform="pandas")
    out = tf.fit_transform(frame)
    expected = TsfreshFeatures(default_fc_parameters=FC).fit_transform(windows)
    assert list(out.index) == ids  # one row per id, sorted
    assert list(out.columns) == list(tf.get_feature_names_out())
    assert_allclose(out.to_numpy(), expected)
    assert_array_equal(tf.kinds_, ["x0", "x1"])
    assert tf.n_features_in_ == 4
    # without set_output: a plain array
    assert isinstance(tf.set_output(transform="default").transform(frame), np.ndarray)
    with pytest.raises(ValueError, match=r"lacks the time series kinds \['x1'\]"):
        tf.transform(frame[frame["kind"] == "x0"])
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        tf.transform(windows)
    with pytest.raises(ValueError, match=r"no column\(s\) \['kind'\]"):
        clone(tf).fit(frame.drop(columns="kind"))


def test_set_output_pandas_on_windows(windows):
    tf = TsfreshFeatures(default_fc_parameters="minimal").set_output(transform="pandas")
    out = tf.fit_transform(windows)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(tf.get_feature_names_out())
    assert_array_equal(out.index, np.arange(len(windows)))


def test_presets_kind_overrides_and_names(windows):
    minimal = TsfreshFeatures(default_fc_parameters="minimal").fit(windows)
    expected = {f"x{j}__{name}" for j in (0, 1) for name in MinimalFCParameters()}
    assert set(minimal.get_feature_names_out()) == expected
    assert minimal.get_feature_names_out()[0].startswith("x0__")
    # per-kind settings pass through; None computes only the listed kinds
    tf = TsfreshFeatures(
        default_fc_parameters={"mean": None},
        kind_to_fc_parameters={"x1": {"maximum": None}},
    ).fit(windows)
    assert list(tf.get_feature_names_out()) == ["x0__mean", "x1__maximum"]
    assert list(tf.get_feature_names_out(["T", "p"])) == ["T__mean", "p__maximum"]
    only_x1 = TsfreshFeatures(
        default_fc_parameters=None, kind_to_fc_parameters={"x1": "minimal"}
    ).fit(windows)
    assert {n.split("__")[0] for n in only_x1.get_feature_names_out()} == {"x1"}


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"default_fc_parameters": "fast"}, "default_fc_parameters.*'fast'"),
        (
            {"default_fc_parameters": None, "kind_to_fc_parameters": {"x0": "fast"}},
            r"Unknown kind_to_fc_parameters\['x0'\] preset 'fast'",
        ),
        ({"default_fc_parameters": {"meen": None}}, r"unknown .*\['meen'\]"),
        ({"default_fc_parameters": None}, "no feature calculator"),
        (
            {"default_fc_parameters": None, "kind_to_fc_parameters": {"T": "minimal"}},
            r"computed no feature: the kinds .*\['T'\] are not in X",
        ),
    ],
)
def test_bad_fc_parameters(windows, params, match):
    with pytest.raises(ValueError, match=match):
        TsfreshFeatures(**params).fit(windows)


def test_select_computes_only_the_selected_features(windows, extracted):
    rng = np.random.default_rng(1)
    y = windows[:, :, 0].mean(axis=1) + 0.01 * rng.normal(size=len(windows))
    fc = {**FC, "minimum": None}
    sel = TsfreshFeatures(default_fc_parameters=fc, select=True).fit(windows, y)
    full = TsfreshFeatures(default_fc_parameters=fc).fit(windows)
    names = list(sel.get_feature_names_out())
    all_names = list(full.get_feature_names_out())
    assert "x0__mean" in names
    assert 0 < len(names) < len(all_names)
    assert set(names) == set(sel.relevance_table_.index[sel.relevance_table_.relevant])
    assert sel.default_fc_parameters_ == {}
    assert sel.kind_to_fc_parameters_ == from_columns(names)

    out = sel.transform(windows)
    assert sorted(extracted[-1]) == sorted(names)  # nothing else was computed
    idx = [all_names.index(n) for n in names]
    assert_allclose(out, full.transform(windows)[:, idx])


def test_select_with_two_targets_keeps_the_union(windows):
    y0 = windows[:, :, 0].mean(axis=1)
    y1 = windows[:, :, 1].max(axis=1)
    sel = TsfreshFeatures(default_fc_parameters=FC, select=True)
    sel.fit(windows, np.column_stack([y0, y1]))
    names = set(sel.get_feature_names_out())
    assert {"x0__mean", "x1__maximum"} <= names
    assert sel.relevance_table_.index.names == ["target", "feature"]


def test_max_features_keeps_the_smallest_p_values(windows, extracted):
    rng = np.random.default_rng(1)
    y = windows[:, :, 0].mean(axis=1) + 0.01 * rng.normal(size=len(windows))
    fc = {**FC, "minimum": None, "median": None}
    every = TsfreshFeatures(default_fc_parameters=fc, select=True).fit(windows, y)
    table = every.relevance_table_
    relevant = table[table.relevant].sort_values("p_value", kind="stable")
    assert len(relevant) > 3  # the cap below must bite

    capped = TsfreshFeatures(default_fc_parameters=fc, select=True, max_features=3)
    out = capped.fit_transform(windows, y)
    names = list(capped.get_feature_names_out())
    assert set(names) == set(relevant.index[:3])
    assert names == [n for n in every.get_feature_names_out() if n in names]
    assert capped.kind_to_fc_parameters_ == from_columns(names)
    assert_allclose(capped.transform(windows), out)
    assert sorted(extracted[-1]) == sorted(names)  # transform computed only those

    loose = TsfreshFeatures(default_fc_parameters=fc, select=True, max_features=999)
    assert_array_equal(
        loose.fit(windows, y).get_feature_names_out(), every.get_feature_names_out()
    )


def test_max_features_with_two_targets_ranks_by_the_best_p_value(windows):
    y = np.column_stack([windows[:, :, 0].mean(axis=1), -windows[:, :, 1].max(axis=1)])
    fc = {"mean": None, "maximum": None, "minimum": None}
    every = TsfreshFeatures(default_fc_parameters=fc, select=True).fit(windows, y)
    by_feature = every.relevance_table_.groupby(level="feature")
    relevant = by_feature["relevant"].any()
    best = by_feature["p_value"].min()[relevant].sort_values(kind="stable")
    assert len(best) > 2  # the cap below must bite
    capped = TsfreshFeatures(default_fc_parameters=fc, select=True, max_features=2)
    capped.fit(windows, y)
    assert set(capped.get_feature_names_out()) == set(best.index[:2])


def test_max_features_needs_select(windows):
    tf = TsfreshFeatures(default_fc_parameters=FC, max_features=5)
    with pytest.raises(ValueError, match=r"max_features=5 caps .* set select=True"):
        tf.fit(windows)
    with pytest.raises(ValueError, match="max_features"):
        TsfreshFeatures(select=True, max_features=0).fit(windows, windows[:, 0, 0])


def test_select_bad_y(windows):
    sel = TsfreshFeatures(default_fc_parameters=FC, select=True)
    with pytest.raises(ValueError, match="fit needs y; got y=None"):
        sel.fit(windows)
    with pytest.raises(ValueError, match="y is constant"):
        sel.fit(windows, np.ones(len(windows)))
    with pytest.raises(ValueError, match="y has 3 rows"):
        sel.fit(windows, np.arange(3.0))
    noise = np.random.default_rng(2).normal(size=len(windows))
    with pytest.raises(ValueError, match=r"None of the .* features is relevant"):
        sel.fit(windows, noise)


def _inf_calculator(x):
    """+inf, -inf or NaN depending on the first value (tsfresh custom calculator)."""
    return {1.0: np.inf, -1.0: -np.inf, 0.0: np.nan}.get(x[0], x[0])


_inf_calculator.fctype = "simple"


def test_imputation_uses_values_fitted_on_training_data():
    first = np.array([2.0, 3.0, 4.0, 10.0, 1.0, -1.0, 0.0])  # one window each
    train = np.repeat(first[:, None, None], 2, axis=1)
    tf = TsfreshFeatures(default_fc_parameters={_inf_calculator: None})
    out = tf.fit_transform(train)[:, 0]
    # finite training values 2, 3, 4, 10: min 2, max 10, median 3.5
    assert_array_equal(out, [2, 3, 4, 10, 10, 2, 3.5])
    assert (tf.impute_min_[0], tf.impute_max_[0], tf.impute_median_[0]) == (2, 10, 3.5)
    test = np.array([0.0, 1.0, -1.0, 7.0])[:, None, None]  # no finite stats here
    assert_array_equal(tf.transform(test)[:, 0], [3.5, 10, 2, 7])
    raw = TsfreshFeatures(default_fc_parameters={_inf_calculator: None}, impute=False)
    assert_array_equal(raw.fit_transform(test)[:, 0], [np.nan, np.inf, -np.inf, 7])


def test_imputation_follows_tsfresh_impute_dataframe_range():
    rng = np.random.default_rng(5)
    values = rng.normal(size=(30, 4))
    values[rng.random(values.shape) < 0.3] = np.nan
    values[rng.random(values.shape) < 0.1] = np.inf
    values[rng.random(values.shape) < 0.1] = -np.inf
    frame = pd.DataFrame(values, columns=list("abcd"))
    col_max, col_min, col_median = get_range_values_per_column(frame)
    ours = _imputed(
        frame,
        *(np.array(list(stat.values())) for stat in (col_max, col_min, col_median)),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tsfresh's own pandas deprecation
        impute_dataframe_range(frame, col_max, col_min, col_median)
    assert_array_equal(ours.to_numpy(), frame.to_numpy())


def test_stores_no_training_data(table):
    small = TsfreshFeatures(default_fc_parameters="minimal").fit(windows_of(table, 8))
    big_table = np.random.default_rng(3).normal(size=(600, 2))
    big = TsfreshFeatures(default_fc_parameters="minimal").fit(windows_of(big_table, 8))
    assert abs(len(pickle.dumps(big)) - len(pickle.dumps(small))) < 100
    for value in vars(big).values():
        assert np.ndim(value) == 0 or len(value) < 100


def test_single_time_step():
    one_step = np.random.default_rng(4).normal(size=(10, 1, 2))
    with pytest.raises(ValueError, match=r"single time step.*'skewness'"):
        TsfreshFeatures(default_fc_parameters="efficient").fit(one_step)
    with pytest.raises(
        ValueError, match=r"need more: \['agg_linear_trend', 'autocorrelation'\]"
    ):
        TsfreshFeatures(default_fc_parameters=FC).fit(one_step)
    out = TsfreshFeatures(default_fc_parameters="minimal").fit_transform(one_step)
    assert np.isfinite(out).all()


def test_distributor_instance_is_reused_not_closed(windows):
    class CountingDistributor(MapDistributor):
        closed = 0
        used = 0

        def distribute(self, func, partitioned_chunks, kwargs):
            CountingDistributor.used += 1
            return super().distribute(func, partitioned_chunks, kwargs)

        def close(self):
            CountingDistributor.closed += 1

    dist = CountingDistributor(disable_progressbar=True)
    tf = TsfreshFeatures(default_fc_parameters=FC, distributor=dist)
    out = tf.fit(windows).transform(windows)
    assert CountingDistributor.used == 2
    assert CountingDistributor.closed == 0
    assert_allclose(
        out, TsfreshFeatures(default_fc_parameters=FC).fit_transform(windows)
    )


def test_n_jobs_uses_a_pool_with_the_same_result(windows):
    tf = TsfreshFeatures(default_fc_parameters=FC, n_jobs=2, chunksize=5)
    assert_allclose(
        tf.fit_transform(windows),
        TsfreshFeatures(default_fc_parameters=FC).fit_transform(windows),
    )


def test_in_a_pipeline_and_not_fitted(windows):
    y = windows[:, -1, 0]
    pipe = make_pipeline(TsfreshFeatures(default_fc_parameters="minimal"), Ridge())
    assert pipe.fit(windows, y).predict(windows).shape == y.shape
    with pytest.raises(NotFittedError):
        TsfreshFeatures().transform(windows)


def test_import_does_not_import_tsfresh_or_dask():
    code = (
        "import sys, sktseq.features, sktseq.parallel; "
        "print(sorted(m for m in ('tsfresh', 'dask', 'distributed') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
