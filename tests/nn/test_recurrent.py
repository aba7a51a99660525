"""Recurrent torch module and data path: padding, pooling, DropConnect, batching."""

import numpy as np
import pytest
import torch

from sktseq.nn._data import BatchIterator, MostRecentSplit, SequenceDataset
from sktseq.nn._layers import SequenceInput, last_valid_step, masked_mean
from sktseq.nn._recurrent import RecurrentModule, compact_padding


def _module(**params):
    torch.manual_seed(0)
    module = RecurrentModule(
        n_features=1, n_outputs=2, vocab_size=12, embedding_dim=5, **params
    )
    return module.eval()


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize(
    ("bidirectional", "pooling"), [(False, "last"), (True, "last"), (True, "mean")]
)
def test_padding_is_ignored_wherever_it_sits(cell, bidirectional, pooling):
    module = _module(cell=cell, bidirectional=bidirectional, pooling=pooling)
    ids = torch.tensor([[3, 4, 5, 0], [7, 0, 0, 0], [1, 2, 3, 4]])
    ref = module(ids)
    post = torch.nn.functional.pad(ids, (0, 5))  # more trailing padding
    pre = torch.nn.functional.pad(ids, (6, 0))  # Keras pad_sequences style
    middle = torch.tensor([[3, 0, 4, 0, 5], [0, 7, 0, 0, 0], [1, 2, 0, 3, 4]])
    for padded in (post, pre, middle):
        torch.testing.assert_close(module(padded), ref)
    # and padding is not just "zero input": a real token 0-vector differs
    assert not torch.allclose(module(ids[:, :1]), ref)


def test_last_pooling_reads_last_real_step():
    # Reference: run the unpadded sequences one by one.
    module = _module(cell="gru", num_layers=2)
    ids = torch.tensor([[3, 4, 5, 0, 0], [7, 8, 0, 0, 0]])
    out = module(ids)
    for row, n in zip(range(2), (3, 2)):
        torch.testing.assert_close(out[row], module(ids[row : row + 1, :n])[0])


def test_float_input_uses_last_step_and_mean():
    torch.manual_seed(0)
    x = torch.randn(3, 6, 4)
    m = RecurrentModule(n_features=4, n_outputs=1, cell="lstm", hidden_size=5)
    m.eval()
    out, (_h, _) = m.rnn(x)
    torch.testing.assert_close(m(x), m.head(out[:, -1]))
    m.pooling = "mean"
    torch.testing.assert_close(m(x), m.head(out.mean(dim=1)))


def test_recurrent_dropout_is_dropconnect_on_hidden_weights():
    m = RecurrentModule(
        n_features=3, n_outputs=1, cell="lstm", hidden_size=8, recurrent_dropout=0.5
    )
    before = {k: v.clone() for k, v in m.state_dict().items()}
    x = torch.randn(4, 7, 3)
    m.train()
    a, b = m(x), m(x)
    assert not torch.allclose(a, b)  # a fresh weight mask per call
    a.sum().backward()
    assert m.rnn.weight_hh_l0.grad is not None  # gradient reaches the raw weight
    for k, v in m.state_dict().items():  # stored weights never modified
        torch.testing.assert_close(v, before[k])
    m.eval()
    torch.testing.assert_close(m(x), m(x))
    m.recurrent_dropout = 0.0
    m.train()
    torch.testing.assert_close(m(x), m.head(m.rnn(x)[1][0][-1]))


def test_compact_padding_keeps_order():
    ids = torch.tensor([[0, 3, 0, 4], [5, 0, 0, 6]])
    out = compact_padding(ids, ids != 0)
    assert out.tolist() == [[3, 4, 0, 0], [5, 6, 0, 0]]


def test_sequence_input_contract():
    layer = SequenceInput(n_features=3)
    x = torch.randn(2, 4, 3)
    h, mask = layer(x)
    assert h is x
    assert mask is None
    assert layer.output_size == 3
    emb = np.arange(12.0).reshape(4, 3)
    layer = SequenceInput(
        n_features=1, pretrained_embeddings=emb, freeze_embeddings=True
    )
    h, mask = layer(torch.tensor([[1, 3, 0]]))
    assert layer.output_size == 3
    assert not layer.embedding.weight.requires_grad
    assert mask.tolist() == [[True, True, False]]
    np.testing.assert_allclose(h[0, :2].numpy(), emb[[1, 3]])
    with pytest.raises(ValueError, match="embedding_dim"):
        SequenceInput(n_features=1, vocab_size=5)
    with pytest.raises(ValueError, match="columns of pretrained"):
        SequenceInput(n_features=1, pretrained_embeddings=emb, embedding_dim=4)
    with pytest.raises(ValueError, match="float input"):
        SequenceInput(n_features=1)(torch.tensor([[1, 2]]))


def test_pooling_helpers():
    h = torch.arange(12.0).reshape(2, 3, 2)
    mask = torch.tensor([[True, True, False], [False, False, False]])
    torch.testing.assert_close(masked_mean(h, mask)[0], h[0, :2].mean(0))
    torch.testing.assert_close(masked_mean(h, mask)[1], torch.zeros(2))
    torch.testing.assert_close(
        last_valid_step(h, torch.tensor([2, 3])), h[[0, 1], [1, 2]]
    )


def test_batch_iterator_gathers_whole_batches_from_a_view():
    base = np.arange(40, dtype=np.float32).reshape(20, 2)
    X = np.lib.stride_tricks.sliding_window_view(base, 3, axis=0).transpose(0, 2, 1)
    y = np.arange(len(X), dtype=np.float32)
    assert not X.flags.writeable
    data = SequenceDataset(X, y)
    batches = list(BatchIterator(data, batch_size=7))
    assert [len(xb) for xb, _ in batches] == [7, 7, 4]
    np.testing.assert_array_equal(torch.cat([xb for xb, _ in batches]).numpy(), X)
    rng = np.random.default_rng(0)
    shuffled = [yb for _, yb in BatchIterator(data, 7, shuffle=True, generator=rng)]
    seen = torch.cat(shuffled).numpy()
    assert sorted(seen) == list(y)
    assert not np.array_equal(seen, y)
    again = torch.cat([yb for _, yb in BatchIterator(data, 7, True, rng)]).numpy()
    assert not np.array_equal(seen, again)  # one generator: a new order per epoch


def test_most_recent_split_holds_out_the_last_rows():
    data = SequenceDataset(np.zeros((10, 2, 1), np.float32), np.zeros(10, np.float32))
    train, valid = MostRecentSplit(0.25)(data)
    assert train.indices.tolist() == list(range(7))
    assert valid.indices.tolist() == [7, 8, 9]
    # nested subsets keep original row numbers
    _, inner = MostRecentSplit(0.5)(train)
    assert inner.indices.tolist() == [3, 4, 5, 6]
    with pytest.raises(ValueError, match="validation_fraction"):
        MostRecentSplit(0.01)(SequenceDataset(np.zeros((1, 2, 1))))
