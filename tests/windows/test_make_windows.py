"""make_windows against a loop reference of Keras' timeseries_dataset_from_array."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from sktseq.windows import make_windows


class KerasError(ValueError):
    pass


def keras_reference(data, targets, L, stride, rate, start_index, end_index):
    """Keras' documented/implemented semantics, written as plain loops.

    Window i starts at ``start + i * stride`` (positions counted from
    ``start_index``), holds ``L`` rows ``rate`` apart, must end before
    ``end_index``; at most ``len(targets)`` start positions; its target is
    ``targets[start_index:end_index][position]``.
    """
    n = len(data)
    # Keras validates with truthiness: start_index=0 is never checked.
    if start_index and (start_index < 0 or start_index >= n):
        raise KerasError("start_index")
    if end_index is not None:  # Keras: `if end_index:`; see end_index=0 test
        if start_index and end_index <= start_index:
            raise KerasError("end_index")
        if end_index >= n or end_index <= 0:
            raise KerasError("end_index")
    if not 0 < rate < n:
        raise KerasError("sampling_rate")
    if not 0 < stride < n:
        raise KerasError("sequence_stride")
    start = start_index or 0
    end = n if end_index is None else end_index
    num_seqs = end - start - (L - 1) * rate
    if targets is not None:
        num_seqs = min(num_seqs, len(targets))
    windows, ys = [], []
    for pos in range(0, max(num_seqs, 0), stride):
        rows = [start + pos + k * rate for k in range(L)]
        assert rows[-1] < end
        windows.append(np.stack([data[r] for r in rows]))
        if targets is not None:
            target_slice = targets[start:end]
            if pos >= len(target_slice):
                raise KerasError("targets")  # tf.gather would fail
            ys.append(target_slice[pos])
    return windows, ys


def check_against_reference(data, targets, L, stride, rate, start_index, end_index):
    kwargs = {
        "sequence_length": L,
        "sequence_stride": stride,
        "sampling_rate": rate,
        "start_index": start_index,
        "end_index": end_index,
    }
    try:
        expected_X, expected_y = keras_reference(
            data, targets, L, stride, rate, start_index, end_index
        )
    except KerasError as exc:
        with pytest.raises(ValueError, match=str(exc)):
            make_windows(data, targets, **kwargs)
        return
    X, y = make_windows(data, targets, **kwargs)
    assert X.shape == (len(expected_X), L, *data.shape[1:])
    if expected_X:
        assert_array_equal(X, np.stack(expected_X))
    assert not X.flags.writeable
    if len(X):
        assert np.shares_memory(X, data)
    if targets is None:
        assert y is None
    else:
        assert_array_equal(y, np.asarray(expected_y).reshape(y.shape))
        assert len(y) == len(X)
        assert not y.flags.writeable


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(1, 30),
    n_features=st.sampled_from([None, 2]),
    L=st.integers(1, 7),
    stride=st.integers(0, 6),
    rate=st.integers(0, 5),
    start_index=st.one_of(st.none(), st.integers(-2, 32)),
    end_index=st.one_of(st.none(), st.integers(-2, 32)),
    target_delta=st.one_of(st.none(), st.integers(-12, 3)),
)
def test_matches_keras_reference(
    n, n_features, L, stride, rate, start_index, end_index, target_delta
):
    shape = (n,) if n_features is None else (n, n_features)
    data = np.arange(np.prod(shape)).reshape(shape)
    targets = (
        None if target_delta is None else 1000 + np.arange(max(n + target_delta, 1))
    )
    check_against_reference(data, targets, L, stride, rate, start_index, end_index)


@pytest.mark.parametrize(
    ("L", "stride", "rate", "start_index", "end_index", "target_len"),
    [
        (1, 1, 1, None, None, 20),  # every row is a window
        (20, 1, 1, None, None, 20),  # span equals the data: one window
        (21, 1, 1, None, None, 20),  # span longer than data: none
        (4, 3, 6, None, None, 20),  # (4-1)*6+1 = 19 rows: two windows
        (4, 1, 6, None, 19, 20),  # end_index cuts the second window
        (3, 2, 2, 5, 15, 20),
        (3, 2, 2, 0, 15, 20),  # start_index=0 behaves like None
        (2, 1, 1, 3, None, 10),  # targets shorter: window count capped
        (2, 1, 1, 12, None, 10),  # targets too short for start_index
        (2, 1, 1, None, 19, 40),  # longer targets are fine
    ],
)
def test_off_by_one_edges(L, stride, rate, start_index, end_index, target_len):
    data = np.arange(20.0)
    targets = np.arange(target_len) * 10
    check_against_reference(data, targets, L, stride, rate, start_index, end_index)
    check_against_reference(data, None, L, stride, rate, start_index, end_index)


def test_keras_docstring_example_1():
    X, y = make_windows(
        np.arange(99), sequence_length=10, sampling_rate=2, sequence_stride=3
    )
    assert y is None
    assert_array_equal(X[0], np.arange(0, 20, 2))
    assert_array_equal(X[1], np.arange(3, 23, 2))
    assert_array_equal(X[2], np.arange(6, 26, 2))
    assert_array_equal(X[-1], np.arange(78, 98, 2))


def test_keras_docstring_example_2_next_step_regression():
    data = np.arange(100.0)
    X, y = make_windows(data[:-10], data[10:], sequence_length=10)
    assert_array_equal(X[0], data[:10])
    assert y[0] == data[10]
    assert_array_equal(y, X[:, -1] + 1)  # every target is the next step
    assert len(X) == 81


def test_views_over_the_data_and_dataframes():
    data = np.random.default_rng(0).normal(size=(500, 3)).astype(np.float32)
    X, y = make_windows(data, data[:, 0], sequence_length=50, sampling_rate=2)
    assert X.shape == (402, 50, 3)
    assert X.dtype == np.float32
    assert np.shares_memory(X, data)
    assert np.shares_memory(y, data)
    root = X
    while root.base is not None:
        root = root.base
    assert root.nbytes <= data.nbytes  # no copy of any window
    with pytest.raises(ValueError, match="read-only"):
        y[0] = 1
    assert data.flags.writeable  # the caller's array keeps its flags
    X_df, _ = make_windows(pd.DataFrame(data), sequence_length=50, sampling_rate=2)
    assert_array_equal(X_df, X)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"start_index": -1}, "start_index must be 0 or greater"),
        ({"start_index": 10}, "start_index must be lower than the length"),
        ({"end_index": 10}, "end_index must be lower than the length"),
        (
            {"start_index": 4, "end_index": 4},
            "end_index must be higher than start_index",
        ),
        ({"end_index": -3}, "end_index must be higher than 0"),
        # Keras silently yields nothing for end_index=0; we raise.
        ({"end_index": 0}, "end_index must be higher than 0"),
        ({"sampling_rate": 0}, "sampling_rate must be higher than 0"),
        ({"sampling_rate": 10}, "sampling_rate must be lower than the length"),
        ({"sequence_stride": 0}, "sequence_stride must be higher than 0"),
        ({"sequence_stride": 10}, "sequence_stride must be lower than the length"),
        ({"sequence_length": 0}, "'sequence_length' parameter"),
        ({"sequence_stride": 1.5}, "'sequence_stride' parameter"),
    ],
)
def test_keras_errors(kwargs, match):
    kwargs = {"sequence_length": 2, **kwargs}
    with pytest.raises(ValueError, match=match):
        make_windows(np.arange(10), **kwargs)


def test_scalar_inputs_rejected():
    with pytest.raises(ValueError, match="data must have at least one dimension"):
        make_windows(np.array(3.0), sequence_length=1)
    with pytest.raises(ValueError, match="targets must have at least one dimension"):
        make_windows(np.arange(5), np.array(3.0), sequence_length=1)
