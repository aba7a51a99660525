"""TsfreshFeatures on collections of different lengths, dropped features,
progress output, warnings and parameter validation.

tsfresh is slow: these tests use a few cheap calculators, "minimal", or
"efficient" on a handful of short sequences.
"""

import io
import sys
import tracemalloc
import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from numpy.testing import assert_allclose, assert_array_equal

from sktseq.features import TsfreshFeatures

tsfresh = pytest.importorskip("tsfresh")
from tsfresh.feature_extraction.settings import from_columns  # noqa: E402
from tsfresh.utilities.dataframe_functions import (  # noqa: E402
    get_range_values_per_column,
)
from tsfresh.utilities.distribution import (  # noqa: E402
    IterableDistributorBaseClass,
    MapDistributor,
)

from sktseq.features._tsfresh_io import quiet_tsfresh, tsfresh_input  # noqa: E402
from sktseq.features._tsfresh_settings import _range_stats  # noqa: E402

FC = {
    "mean": None,
    "maximum": None,
    "autocorrelation": [{"lag": 1}, {"lag": 6}],  # lag 6: NaN on short sequences
    "agg_linear_trend": [{"attr": "slope", "chunk_len": 2, "f_agg": "mean"}],
}


def collection(lengths, n_features=2, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(n, n_features)).cumsum(axis=0) for n in lengths]


def test_each_sequence_uses_its_real_steps_only(tsfresh_reference):
    seqs = collection([9, 3, 14, 7, 20])
    tf = TsfreshFeatures(default_fc_parameters=FC, impute=False)
    out = tf.fit_transform(seqs)
    expected = tsfresh_reference.features(seqs, FC)
    names = list(tf.get_feature_names_out())
    assert_allclose(out, expected[names].to_numpy(), rtol=1e-12)
    # the same rows alone, as an object array, and with longer neighbours
    assert_allclose(
        tf.transform(np.array([seqs[1], seqs[1]], dtype=object)), out[[1, 1]]
    )
    assert_allclose(tf.transform([seqs[3], np.zeros((50, 2))])[0], out[3])
    assert tf.n_features_in_ == 2
    assert_array_equal(tf.kinds_, ["x0", "x1"])
    assert tf.get_feature_names_out(["T", "p"])[0].startswith("T__")


def test_univariate_collections_and_windows_agree():
    seqs = collection([5, 8, 6], n_features=1)
    flat = [s[:, 0] for s in seqs]  # 1-D arrays: univariate sequences
    fc = {"mean": None, "maximum": None}
    as_2d = TsfreshFeatures(default_fc_parameters=fc).fit_transform(seqs)
    as_1d = TsfreshFeatures(default_fc_parameters=fc).fit_transform(flat)
    assert_array_equal(as_1d, as_2d)
    series = pd.Series(flat, index=[10, 11, 12])  # an object Series of sequences
    assert_array_equal(
        TsfreshFeatures(default_fc_parameters=fc).fit_transform(series), as_2d
    )
    assert_allclose(as_2d[:, 1], [s.mean() for s in flat])  # x0__mean
    # fitted on equal-length windows, a ragged collection transforms too
    windows = np.stack([s[:5] for s in seqs])
    tf = TsfreshFeatures(default_fc_parameters=fc).fit(windows)
    assert_allclose(tf.transform(seqs), as_2d)
    # fitted on univariate (n, L) sequences: univariate collections only
    tf2 = TsfreshFeatures(default_fc_parameters=fc).fit(windows[:, :, 0])
    assert_allclose(tf2.transform(flat), as_2d)
    with pytest.raises(ValueError, match=r"X has 2 features per time step, but .*1"):
        tf2.transform(collection([4, 6], n_features=2))
    with pytest.raises(ValueError, match=r"X has 3 features per time step, but .*1"):
        tf.transform(collection([4, 6], n_features=3))


@pytest.mark.parametrize(
    ("X", "match"),
    [
        ([], "empty collection"),
        ([np.ones((3, 2)), np.ones((0, 2))], r"X\[1\] is an empty sequence"),
        ([np.ones((3, 2)), np.ones(4)], r"mixes 1-D and 2-D sequences: X\[1\] is 1-D"),
        ([np.ones((3, 2)), np.ones((4, 3))], r"X\[1\] has 3 features .* X\[0\] has 2"),
        ([np.ones(3), np.ones((2, 2, 2))], r"X\[1\] has 3 dimensions"),
        ([np.ones((3, 2)), np.array([[1, 2], [np.nan, 1]])], r"X\[1\] .*NaN.*step 1"),
        ([np.ones(2), np.ones(5), np.array([1, np.inf])], r"X\[2\] .*time step 1"),
        ([np.ones(2), np.array(["a", "b", "c"])], r"X\[1\] is not a numeric seq"),
    ],
)
def test_bad_collections_name_the_sequence(X, match):
    if not X:  # an empty list is not a collection: the empty object array is
        X = np.array([], dtype=object)
    with pytest.raises(ValueError, match=match):
        TsfreshFeatures(default_fc_parameters="minimal").fit(X)


def test_sequences_of_one_step_only_need_one_step_calculators():
    one_step = [np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]])]
    with pytest.raises(ValueError, match=r"single time step.*'autocorrelation'"):
        TsfreshFeatures(default_fc_parameters=FC).fit(one_step)
    out = TsfreshFeatures(default_fc_parameters="minimal").fit_transform(one_step)
    assert np.isfinite(out).all()


def test_no_dense_copy_of_a_long_and_many_short_sequences():
    # dense padding would be 2,000 x 20,000 x 2 float64 = 640 MB
    seqs = [np.ones((20_000, 2))] + [np.ones((3, 2))] * 1_999
    tf = TsfreshFeatures(default_fc_parameters="minimal")
    tracemalloc.start()
    try:
        frame, _, kinds = tsfresh_input(tf, seqs, reset=True, fc=({}, {}))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    n_rows = 20_000 + 3 * 1_999
    assert len(frame) == n_rows
    assert peak < 10 * n_rows * 3 * 8  # the rows and their ids, a few times
    assert kinds == ["x0", "x1"]


def test_features_without_values_are_dropped_and_not_computed(
    extracted, tsfresh_reference
):
    short = collection([3, 5, 4, 6])  # autocorrelation at lag 6: NaN for all
    tf = TsfreshFeatures(default_fc_parameters=FC, verbose=0)
    out = tf.fit_transform(short)
    expected_dropped = {"x0__autocorrelation__lag_6", "x1__autocorrelation__lag_6"}
    assert set(tf.dropped_features_) == expected_dropped
    assert set(extracted[0]) - set(tf.get_feature_names_out()) == expected_dropped
    names = list(tf.get_feature_names_out())
    assert out.shape == (4, len(names))
    assert np.isfinite(out).all()
    assert tf.default_fc_parameters_ == {}
    assert tf.kind_to_fc_parameters_ == from_columns(names)
    longer = collection([12, 30])
    out_longer = tf.transform(longer)
    assert sorted(extracted[-1]) == sorted(names)  # transform computed only those
    assert_allclose(
        out_longer, tsfresh_reference.features(longer, FC)[names].to_numpy()
    )
    # tsfresh's long format: the same columns dropped, the same values kept
    long = TsfreshFeatures(
        default_fc_parameters=FC,
        column_id="id",
        column_sort="time",
        column_kind="kind",
        column_value="value",
    )
    assert_allclose(long.fit_transform(tsfresh_reference.frame(short)), out)
    assert set(long.dropped_features_) == expected_dropped
    # nothing dropped: the settings stay as given
    full = TsfreshFeatures(default_fc_parameters=FC).fit(collection([8, 9]))
    assert len(full.dropped_features_) == 0
    assert full.default_fc_parameters_ == FC


def _always_nan(x):
    return np.nan


_always_nan.fctype = "simple"


def _first(x, param):
    return [(f"k_{p['k']}", x[p["k"]] if p["k"] < len(x) else np.nan) for p in param]


_first.fctype = "combiner"


def test_custom_calculators_are_dropped_whole_or_kept_whole(extracted):
    fc = {"mean": None, _always_nan: None, _first: [{"k": 0}, {"k": 9}]}
    seqs = collection([3, 4], n_features=1)
    tf = TsfreshFeatures(default_fc_parameters=fc)
    out = tf.fit_transform(seqs)
    assert set(tf.dropped_features_) == {"x0___always_nan", "x0___first__k_9"}
    assert list(tf.get_feature_names_out()) == ["x0___first__k_0", "x0__mean"]
    assert_allclose(out[:, 0], [s[0, 0] for s in seqs])
    tf.transform(seqs)
    # _always_nan is not computed again; _first's parameters cannot be split
    assert sorted(extracted[-1]) == ["x0___first__k_0", "x0___first__k_9", "x0__mean"]


def test_every_feature_dropped_and_select_sees_only_kept():
    with pytest.raises(ValueError, match="None of the 2 tsfresh features has a finite"):
        TsfreshFeatures(default_fc_parameters={"autocorrelation": [{"lag": 6}]}).fit(
            collection([3, 4], n_features=2)
        )
    seqs = collection([3, 4, 5, 3, 4, 5] * 4, n_features=1, seed=2)
    y = np.array([s.mean() for s in seqs])
    sel = TsfreshFeatures(default_fc_parameters=FC, select=True).fit(seqs, y)
    assert "x0__autocorrelation__lag_6" not in sel.relevance_table_.index
    assert "x0__autocorrelation__lag_6" in sel.dropped_features_


def test_range_stats_match_tsfresh_and_no_warning_escapes():
    rng = np.random.default_rng(5)
    values = rng.normal(size=(30, 4))
    values[rng.random(values.shape) < 0.3] = np.nan
    values[rng.random(values.shape) < 0.1] = np.inf
    frame = pd.DataFrame(values, columns=list("abcd"))
    expected = [list(stat.values()) for stat in get_range_values_per_column(frame)]
    assert_allclose(_range_stats(frame), expected)
    # Short sequences with "efficient": hundreds of features without values,
    # which tsfresh's range function used to name in a multi-kilobyte warning.
    seqs = collection([4, 5, 6, 4, 5], n_features=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tf = TsfreshFeatures(default_fc_parameters="efficient").fit(seqs)
        tf.transform(seqs)
    assert len(tf.dropped_features_) > 100


def test_quiet_tsfresh_filters_tsfresh_and_pandas4_warnings():
    pandas4 = getattr(pd.errors, "Pandas4Warning", DeprecationWarning)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with quiet_tsfresh():
            warnings.warn("from pandas", pandas4, stacklevel=1)
            warnings.warn_explicit(
                "calc", RuntimeWarning, "x.py", 1, module="tsfresh.a"
            )
        warnings.warn("user code warns still", UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["user code warns still"]


def test_verbose_prints_progress_lines(capsys):
    seqs = collection([3, 4, 5, 6] * 5)
    tf = TsfreshFeatures(default_fc_parameters=FC, verbose=1)
    tf.fit(seqs)
    lines = capsys.readouterr().out.splitlines()
    progress = [line for line in lines if "% of 40 series x kinds" in line]
    percents = [int(line.split(":")[1].split("%")[0]) for line in progress]
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert 5 <= len(percents) <= 11  # a line per tenth, not per chunk
    assert all(line.startswith("[TsfreshFeatures] fit:") for line in lines)
    assert any("features of 20 sequences in" in line for line in lines)
    assert any("dropped 2 features without a finite value" in line for line in lines)
    tf.transform(seqs[:3])
    assert "[TsfreshFeatures] transform: 100% of 6 series" in capsys.readouterr().out
    TsfreshFeatures(default_fc_parameters=FC).fit(seqs)
    assert capsys.readouterr().out == ""


class _AllAtOnce(IterableDistributorBaseClass):
    """Like tsfresh's Dask distributors: every row returned at once, flat."""

    def __init__(self):
        self.n_workers = 1

    def distribute(self, func, partitioned_chunks, kwargs):
        return [row for chunk in partitioned_chunks for row in func(chunk, **kwargs)]


@pytest.mark.parametrize(
    "params",
    [
        {"distributor": MapDistributor(disable_progressbar=True)},
        {"distributor": _AllAtOnce()},
        {"n_jobs": 2},
    ],
)
def test_verbose_with_every_kind_of_distributor(params, capsys):
    seqs = collection([5, 6, 7] * 4)
    quiet = TsfreshFeatures(default_fc_parameters=FC).fit_transform(seqs)
    out = TsfreshFeatures(default_fc_parameters=FC, verbose=1, **params)
    assert_allclose(out.fit_transform(seqs), quiet)
    assert "fit: 100% of 24 series x kinds" in capsys.readouterr().out


def test_verbose_on_a_terminal_redraws_one_line(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    TsfreshFeatures(default_fc_parameters={"mean": None}, verbose=1).fit(
        collection([4, 5, 6])
    )
    text = terminal.getvalue()
    assert "\r[TsfreshFeatures] fit: 100% of 6 series x kinds" in text
    assert text.count("\n") == 2  # the progress line, then the summary


def test_parameter_validation_once_and_skippable(monkeypatch):
    calls = []
    original = TsfreshFeatures._validate_params

    def counting(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(TsfreshFeatures, "_validate_params", counting)
    seqs = collection([4, 5])
    TsfreshFeatures(default_fc_parameters={"mean": None}).fit(seqs)
    TsfreshFeatures(default_fc_parameters={"mean": None}).fit_transform(seqs)
    assert len(calls) == 2
    with sklearn.config_context(skip_parameter_validation=True):
        TsfreshFeatures(default_fc_parameters={"mean": None}).fit(seqs)
        TsfreshFeatures(default_fc_parameters={"mean": None}).fit_transform(seqs)
    assert len(calls) == 2
    with pytest.raises(ValueError, match="'verbose' parameter"):
        TsfreshFeatures(verbose="loud").fit(seqs)
