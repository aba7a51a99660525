"""The one validator of collections of sequences: what is one, errors, storage."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal
from sklearn.base import BaseEstimator

from sktseq._ragged import check_ragged, is_ragged
from sktseq._validation import check_sequences


@pytest.mark.parametrize(
    ("X", "expected"),
    [
        ([np.zeros(3), np.zeros(5)], True),
        ([np.zeros((4, 2))], True),  # one sequence, as a list of arrays
        ([np.zeros((4, 2)), np.zeros((4, 2))], True),  # equal lengths too
        ([[1.0, 2.0], [3.0]], True),  # lists of different lengths
        ((np.zeros(2), np.zeros(1)), True),
        (np.array([np.zeros(2), np.zeros(1)], dtype=object), True),
        (pd.Series([np.zeros(2), np.zeros(5)]), True),
        ([[1.0, 2.0], [3.0, 4.0]], False),  # a table
        (np.zeros((4, 3)), False),
        (np.zeros((4, 3, 2)), False),
        ([], False),
        (["ab", "c"], False),  # documents
        (np.array(["ab", "c"], dtype=object), False),
        (pd.Series([1.0, 2.0]), False),
    ],
)
def test_what_is_a_collection(X, expected):
    assert is_ragged(X) is expected


def test_values_and_offsets_hold_every_step_once():
    seqs = [np.arange(6.0).reshape(3, 2), np.array([[7.0, 8.0]]), np.ones((2, 2))]
    r = check_ragged(seqs, dtype=np.float64)
    assert r.values.shape == (6, 2)
    assert r.offsets.tolist() == [0, 3, 4, 6]
    for i, s in enumerate(seqs):
        assert_array_equal(r[i], s)
    batch, lengths = r.pad(np.array([1, 0]), fill=-1.0)
    assert lengths.tolist() == [1, 3]
    assert_array_equal(batch[0], [[7, 8], [-1, -1], [-1, -1]])
    assert_array_equal(batch[1], seqs[0])
    univariate = check_ragged([np.arange(3), [4, 5]])
    assert univariate.values.shape == (5, 1)
    assert univariate.dtype == np.float32


@pytest.mark.parametrize(
    ("dtypes", "wanted", "expected"),
    [
        ((np.float32, np.float32), [np.float32, np.float64], np.float32),
        ((np.float32, np.float64), [np.float32, np.float64], np.float64),
        ((np.int64, np.int64), [np.float32, np.float64], np.float32),
        ((np.float64, np.float64), np.float32, np.float32),
    ],
)
def test_dtype_list_keeps_the_common_float(dtypes, wanted, expected):
    seqs = [np.ones(3, dtype=dtypes[0]), np.ones(2, dtype=dtypes[1])]
    assert check_ragged(seqs, dtype=wanted).dtype == expected


@pytest.mark.parametrize(
    ("X", "match"),
    [
        (np.array([], dtype=object), "X is an empty collection: 0 sequences"),
        ([np.ones((3, 2)), np.ones((0, 2))], r"X\[1\] is an empty sequence"),
        ([np.ones((3, 2)), np.ones(4)], r"mixes 1-D and 2-D sequences: X\[1\] is 1-D"),
        ([np.ones((3, 2)), np.ones((4, 3))], r"X\[1\] has 3 features .* X\[0\] has 2"),
        ([np.ones(3), np.ones((2, 2, 2))], r"X\[1\] has 3 dimensions"),
        ([np.ones(2), np.array(["a", "b"])], r"X\[1\] is not a numeric sequence"),
        ([np.ones(2), [1.0, None]], r"X\[1\] contains NaN .*time step 1\)"),
        ([np.ones(2), np.ones(3) * 1j], r"X\[1\] is not a numeric .*complex"),
        ([np.ones(2), [[1.0], [2.0, 3.0]]], r"X\[1\] is not a numeric sequence"),
        ([np.ones((3, 2)), [[1, 2], [np.nan, 1]]], r"X\[1\] contains NaN.*step 1\)"),
        ([np.ones(2), np.ones(5), [1, np.inf]], r"X\[2\] .*infinity.*time step 1"),
    ],
)
def test_bad_collections_name_the_sequence(X, match):
    with pytest.raises(ValueError, match=match):
        check_ragged(X, estimator=BaseEstimator(), reset=True)


def test_allow_nan_still_rejects_infinity():
    nan = [np.ones(2), np.array([1.0, np.nan])]
    assert np.isnan(check_ragged(nan, ensure_all_finite="allow-nan").values).any()
    with pytest.raises(ValueError, match=r"X\[1\] contains infinity \(time step 0"):
        check_ragged([np.ones(2), [np.inf]], ensure_all_finite="allow-nan")
    with pytest.raises(ValueError, match=r"X\[1\] contains NaN or infinity"):
        check_ragged(nan)


def test_features_per_step_agree_with_windows_and_sequences():
    est = BaseEstimator()
    with pytest.warns(UserWarning, match="named columns"):
        check_sequences(
            est, pd.DataFrame(np.ones((3, 4)), columns=list("abcd")), reset=True
        )
    assert hasattr(est, "feature_names_in_")
    check_ragged([np.ones((3, 2)), np.ones((5, 2))], estimator=est, reset=True)
    # as for windows: features per step, no column names, 3-D from now on
    assert est.n_features_in_ == 2
    assert not hasattr(est, "feature_names_in_")
    assert check_sequences(est, np.ones((4, 7, 2)), reset=False).shape == (4, 7, 2)
    with pytest.raises(ValueError, match="expecting 2 features"):
        check_sequences(est, np.ones((4, 7, 3)), reset=False)
    with pytest.raises(ValueError, match=r"X has 3 features per time step, but"):
        check_ragged([np.ones((2, 3))], estimator=est)
    windows = BaseEstimator()
    check_sequences(windows, np.ones((4, 7, 2)), reset=True)
    check_ragged([np.ones((3, 2))], estimator=windows)  # accepted
    univariate = BaseEstimator()
    check_sequences(univariate, np.ones((4, 7)), reset=True)
    assert univariate.n_features_in_ == 7  # scikit-learn's meaning for 2-D
    check_ragged([np.ones(3), np.ones(9)], estimator=univariate)  # one per step
    with pytest.raises(ValueError, match=r"expecting 1 features as input .*univar"):
        check_ragged([np.ones((3, 7))], estimator=univariate)
