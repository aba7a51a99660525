"""The data path: batched gathers through torch's DataLoader, buckets, splits."""

import numpy as np
import pytest
import torch

from sktseq._ragged import check_ragged
from sktseq.nn._data import (
    BucketBatchSampler,
    MostRecentSplit,
    SequenceDataset,
    SequenceLoader,
)


def _view(n=20):
    base = np.arange(2 * n, dtype=np.float32).reshape(n, 2)
    X = np.lib.stride_tricks.sliding_window_view(base, 3, axis=0).transpose(0, 2, 1)
    return X, np.arange(len(X), dtype=np.float32)


def test_loader_gathers_whole_batches_from_a_read_only_view(monkeypatch):
    X, y = _view()
    assert not X.flags.writeable
    data = SequenceDataset(X, y)
    monkeypatch.setattr(
        SequenceDataset, "__getitem__", lambda *a: pytest.fail("per-sample access")
    )
    loader = SequenceLoader(data, batch_size=7)
    assert isinstance(loader, torch.utils.data.DataLoader)
    batches = list(loader)
    assert [len(xb) for xb, _ in batches] == [7, 7, 4]
    np.testing.assert_array_equal(torch.cat([xb for xb, _ in batches]).numpy(), X)


def test_shuffling_is_seeded_and_changes_every_epoch():
    X, y = _view()
    data = SequenceDataset(X, y)
    rng = np.random.default_rng(0)

    def epoch(generator):
        loader = SequenceLoader(data, 7, shuffle=True, generator=generator)
        return torch.cat([yb for _, yb in loader]).numpy()

    first, second = epoch(rng), epoch(rng)
    assert sorted(first) == list(y)
    assert not np.array_equal(first, y)
    assert not np.array_equal(first, second)  # one generator: a new order
    np.testing.assert_array_equal(epoch(np.random.default_rng(0)), first)


def test_dataloader_options_reach_torch():
    X, y = _view()
    loader = SequenceLoader(
        SequenceDataset(X, y), batch_size=4, num_workers=1, drop_last=True
    )
    assert loader.num_workers == 1
    assert [len(xb) for xb, _ in loader] == [4, 4, 4, 4]


def test_token_ids_are_trimmed_and_compacted_per_batch():
    ids = np.array([[5, 6, 0, 0, 0], [0, 7, 0, 8, 0], [9, 0, 0, 0, 0]])
    data = SequenceDataset(ids, np.arange(3))
    np.testing.assert_array_equal(data.lengths, [2, 2, 1])
    xb, yb = data.__getitems__([2, 1])
    assert xb.tolist() == [[9, 0], [7, 8]]  # real tokens first, 2 columns
    assert yb.tolist() == [2, 1]


def test_ragged_rows_are_padded_per_batch_with_lengths():
    X = check_ragged([np.ones((3, 2)), 2 * np.ones((1, 2)), 3 * np.ones((2, 2))])
    xb, _ = SequenceDataset(X, np.zeros(3)).__getitems__([1, 2])
    assert xb["lengths"].tolist() == [1, 2]
    assert xb["X"].shape == (2, 2, 2)
    assert xb["X"][0, :, 0].tolist() == [2.0, 0.0]


def test_sample_weights_travel_with_the_targets():
    X, y = _view(6)
    w = np.linspace(0, 1, len(X)).astype(np.float32)
    _, (yb, wb) = SequenceDataset(X, y, w).__getitems__([0, 3])
    assert yb.tolist() == [0.0, 3.0]
    np.testing.assert_allclose(wb.numpy(), w[[0, 3]])


def test_bucket_sampler_groups_similar_lengths_and_covers_every_row():
    lengths = np.random.default_rng(0).integers(1, 600, size=1000)
    sampler = BucketBatchSampler(
        lengths, 32, generator=torch.Generator().manual_seed(0)
    )
    batches = list(sampler)
    assert len(batches) == len(sampler) == 32
    assert sorted(np.concatenate(batches).tolist()) == list(range(1000))
    # padding left after trimming each batch to its longest row
    bucketed = sum(lengths[b].max() * len(b) for b in batches)
    plain = sum(lengths[b].max() * len(b) for b in np.array_split(np.arange(1000), 32))
    assert bucketed < 0.6 * plain


def test_most_recent_split_holds_out_the_last_rows():
    data = SequenceDataset(np.zeros((10, 2, 1), np.float32), np.zeros(10, np.float32))
    train, valid = MostRecentSplit(0.25)(data)
    assert list(train.indices) == list(range(7))
    assert list(valid.indices) == [7, 8, 9]
    with pytest.raises(ValueError, match="validation_fraction"):
        MostRecentSplit(0.01)(SequenceDataset(np.zeros((1, 2, 1))))


def test_most_recent_split_warns_when_validation_misses_a_class():
    y = np.repeat([0, 1], 10)  # sorted by class: the last rows are all 1
    data = SequenceDataset(np.zeros((20, 2, 1), np.float32), y)
    with pytest.warns(UserWarning, match=r"no sample of class\(es\) \['a'\]"):
        MostRecentSplit(0.2, classes=np.array(["a", "b"]))(data, y)
