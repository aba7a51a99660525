"""WindowSummary and FlattenWindows on collections of sequences of different lengths.

The reference is numpy on each sequence alone, in float64.
"""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.pipeline import FeatureUnion

from sktseq.features import FlattenWindows, WindowSummary

STATS = ("mean", "std", "var", "min", "max", "median", "sum", "first", "last", "slope")
# one step, two steps, odd and even lengths, a long one
LENGTHS = [1, 2, 5, 4, 17, 3, 60, 8]


def collection(lengths=LENGTHS, n_features=3, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(L, n_features)).astype(dtype) for L in lengths]


def reference(seq, stat):
    """One statistic of every feature of one (L, F) sequence, plain numpy."""
    seq = seq.astype(np.float64)
    if stat == "slope":
        if len(seq) == 1:
            return np.zeros(seq.shape[1])
        return np.polyfit(np.arange(len(seq)), seq, 1)[0]
    if stat in ("first", "last"):
        return seq[0 if stat == "first" else -1]
    return getattr(np, stat)(seq, axis=0)


def expected_table(seqs, stats):
    rows = [np.column_stack([reference(s, stat) for stat in stats]) for s in seqs]
    return np.stack([r.reshape(-1) for r in rows])  # grouped by feature


def test_every_statistic_over_each_sequence_s_own_steps():
    seqs = collection()
    summary = WindowSummary(stats=STATS).fit(seqs)
    out = summary.transform(seqs)
    assert out.dtype == np.float64
    assert out.shape == (len(seqs), 3 * len(STATS))
    assert_allclose(out, expected_table(seqs, STATS), rtol=1e-10, atol=1e-12)
    assert summary.n_features_in_ == 3
    assert summary.get_feature_names_out()[len(STATS)] == "x1_mean"
    # each row depends on its own sequence only
    assert_allclose(summary.transform([seqs[4], seqs[0]]), out[[4, 0]])


def test_float32_stays_float32_and_close_to_float64():
    seqs = collection(dtype=np.float32, seed=1)
    out = WindowSummary(stats=STATS).fit_transform(seqs)
    assert out.dtype == np.float32
    assert_allclose(out, expected_table(seqs, STATS), rtol=1e-5, atol=1e-5)


def test_missing_values_give_nan_as_in_the_windowed_case():
    seqs = collection(lengths=[4, 5, 3, 6], n_features=2, seed=2)
    seqs[1][2, 0] = np.nan  # inside: every statistic of x0 is NaN
    seqs[2][-1, 1] = np.nan  # the last step of x1: "first" is still real
    summary = WindowSummary(stats=STATS).fit(seqs)
    out = summary.transform(seqs)
    names = summary.get_feature_names_out().tolist()
    assert_allclose(out, expected_table(seqs, STATS), rtol=1e-10, equal_nan=True)
    assert not np.isnan(out[1, names.index("x0_first")])
    assert np.isnan(out[1, names.index("x0_median")])
    assert not np.isnan(out[2, names.index("x1_first")])
    assert not np.isnan(out[[0, 3]]).any()
    with pytest.raises(ValueError, match=r"X\[1\] contains infinity \(time step 2\)"):
        summary.transform([seqs[0], np.array([[0, 1], [1, 1], [np.inf, 1]])])


def test_equal_lengths_and_univariate_collections_agree_with_arrays():
    windows = np.random.default_rng(3).normal(size=(6, 7, 2))
    on_windows = WindowSummary(stats=STATS).fit(windows)
    assert_allclose(
        WindowSummary(stats=STATS).fit_transform(list(windows)),
        on_windows.transform(windows),
        rtol=1e-12,
        atol=1e-12,
    )
    seqs = collection(n_features=2)
    # fitted on windows, a collection of any lengths; and the other way round
    assert_allclose(on_windows.transform(seqs), expected_table(seqs, STATS), 1e-10)
    on_seqs = WindowSummary(stats=STATS).fit(seqs)
    assert_allclose(
        on_seqs.transform(windows[:, :3]), on_windows.transform(windows[:, :3])
    )
    # 1-D sequences are one feature; fitted on (n, L) univariate sequences too
    flat = [s[:, 0] for s in seqs]
    one = WindowSummary(stats=("median", "slope")).fit(flat)
    assert one.get_feature_names_out().tolist() == ["x0_median", "x0_slope"]
    expected = expected_table([s[:, :1] for s in seqs], ("median", "slope"))
    assert_allclose(one.transform(flat), expected, rtol=1e-10, atol=1e-12)
    on_2d = WindowSummary(stats=("median", "slope")).fit(windows[:, :, 0])
    assert_allclose(on_2d.transform(flat), expected, rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError, match=r"2 features per time step.*expecting 1"):
        on_2d.transform(seqs)


def test_pandas_output_on_a_series_keeps_its_index():
    seqs = collection(lengths=[3, 9, 4], n_features=1)
    series = pd.Series([s[:, 0] for s in seqs], index=["u1", "u7", "u9"], name="utt")
    summary = WindowSummary(stats=("mean", "max")).set_output(transform="pandas")
    out = summary.fit_transform(series)
    assert isinstance(out, pd.DataFrame)
    assert out.index.tolist() == ["u1", "u7", "u9"]
    assert out.columns.tolist() == ["x0_mean", "x0_max"]
    assert_allclose(out.to_numpy(), expected_table(seqs, ("mean", "max")))
    assert summary.transform(seqs).index.tolist() == [0, 1, 2]  # a list: no index
    # FeatureUnion joins its branches on that index: no doubled rows
    union = FeatureUnion(
        [("a", WindowSummary(stats=("mean",))), ("b", WindowSummary(stats=("min",)))]
    ).set_output(transform="pandas")
    joined = union.fit_transform(series)
    assert joined.shape == (3, 2)
    assert joined.index.tolist() == ["u1", "u7", "u9"]


def test_flatten_refuses_different_lengths_and_says_what_to_use():
    seqs = collection(lengths=[4, 4, 6])
    with pytest.raises(
        ValueError,
        match=r"FlattenWindows needs sequences of one length, but X\[2\] has 6 "
        r"time steps and X\[0\] has 4: each step becomes a column.*WindowSummary"
        r".*TsfreshFeatures.*neural estimator.*pad or resample",
    ):
        FlattenWindows().fit(seqs)
    flat = FlattenWindows().fit(seqs[:2])
    assert_array_equal(flat.transform(seqs[:2]), np.stack(seqs[:2]).reshape(2, -1))
    assert flat.seq_len_ == 4
    with pytest.raises(ValueError, match=r"X\[1\] has 6 time steps"):
        flat.transform([seqs[0], seqs[2]])
    with pytest.raises(ValueError, match=r"windows of 6 time steps.*fitted on 4"):
        flat.transform(seqs[2:])


def test_bad_collections_name_the_sequence():
    with pytest.raises(ValueError, match=r"mixes 1-D and 2-D sequences: X\[1\]"):
        WindowSummary().fit([np.ones((3, 2)), np.ones(4)])
    with pytest.raises(ValueError, match=r"X\[0\] is an empty sequence"):
        WindowSummary().fit([np.ones((0, 2)), np.ones((4, 2))])
