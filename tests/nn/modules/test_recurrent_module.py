"""Recurrent torch module: padding, pooling, DropConnect; the shared input layer."""

import numpy as np
import pytest
import torch

from sktseq.nn.modules import (
    RecurrentModule,
    SequenceInput,
    compact_padding,
    last_real_step,
    masked_max,
    masked_mean,
    reverse_padded,
)


def _module(**params):
    torch.manual_seed(0)
    module = RecurrentModule(
        n_features=1, n_outputs=2, vocab_size=12, embedding_dim=5, **params
    )
    return module.eval()


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize(
    ("bidirectional", "pooling"),
    [(False, "last"), (True, "last"), (True, "mean"), (True, "max")],
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
    out, (_h, _) = m.layers[0][0](x)
    torch.testing.assert_close(m(x), m.head(out[:, -1]))
    m.pooling = "mean"
    torch.testing.assert_close(m(x), m.head(out.mean(dim=1)))
    m.pooling = "max"
    torch.testing.assert_close(m(x), m.head(out.amax(dim=1)))


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
    rnn = m.layers[0][0]
    assert rnn.weight_hh_l0.grad is not None  # gradient reaches the raw weight
    for k, v in m.state_dict().items():  # stored weights never modified
        torch.testing.assert_close(v, before[k])
    m.eval()
    torch.testing.assert_close(m(x), m(x))
    m.recurrent_dropout = 0.0
    m.train()
    torch.testing.assert_close(m(x), m.head(rnn(x)[1][0][-1]))


@pytest.mark.parametrize(
    ("dropout", "layer_dropout"), [(0.0, 0.0), (0.9, 0.0), (0.0, 0.9)]
)
def test_dropout_before_the_head_and_layer_dropout_between_layers(
    dropout, layer_dropout
):
    torch.manual_seed(0)
    m = RecurrentModule(
        n_features=3,
        n_outputs=1,
        cell="gru",
        hidden_size=16,
        num_layers=2,
        dropout=dropout,
        layer_dropout=layer_dropout,
    ).train()
    seen = {}
    m.layers[1][0].register_forward_pre_hook(lambda _, a: seen.update(second=a[0]))
    m.head.register_forward_pre_hook(lambda _, a: seen.update(head=a[0]))
    x = torch.randn(64, 5, 3)
    m(x)
    first = m.layers[0][0](x)[0]
    top = m.layers[1][0](seen["second"])[0][:, -1]
    # Layer outputs are tanh-bounded and almost never exactly 0: the share of
    # zeros is the dropout rate (scaled survivors elsewhere).
    zeros = (seen["second"] == 0).float().mean().item()
    assert zeros == pytest.approx(layer_dropout, abs=0.05)
    kept = seen["second"] != 0
    torch.testing.assert_close(
        seen["second"][kept], (first / (1 - layer_dropout))[kept]
    )
    assert (seen["head"] == 0).float().mean().item() == pytest.approx(dropout, abs=0.05)
    kept = seen["head"] != 0
    torch.testing.assert_close(seen["head"][kept], (top / (1 - dropout))[kept])


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
    torch.testing.assert_close(masked_max(h, mask)[0], h[0, :2].amax(0))
    torch.testing.assert_close(masked_max(h, mask)[1], torch.zeros(2))
    torch.testing.assert_close(
        last_real_step(h, torch.tensor([2, 3])), h[[0, 1], [1, 2]]
    )


def test_reverse_padded_reverses_within_each_length():
    h = torch.arange(8.0).reshape(2, 4, 1)
    out = reverse_padded(h, torch.tensor([3, 4]))
    assert out[..., 0].tolist() == [[2.0, 1.0, 0.0, 3.0], [7.0, 6.0, 5.0, 4.0]]
    torch.testing.assert_close(reverse_padded(out, torch.tensor([3, 4])), h)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_bidirectional_matches_torch_bidirectional_rnn(cell):
    # Same weights in torch's fused bidirectional layer: identical outputs on
    # full-length input, and on padded input per row run alone.
    torch.manual_seed(0)
    m = RecurrentModule(
        n_features=3, n_outputs=2, cell=cell, hidden_size=4, bidirectional=True
    ).eval()
    cls = torch.nn.LSTM if cell == "lstm" else torch.nn.GRU
    ref = cls(3, 4, batch_first=True, bidirectional=True)
    fwd, bwd = m.layers[0]
    with torch.no_grad():
        for name, p in fwd.named_parameters():
            getattr(ref, name).copy_(p)
        for name, p in bwd.named_parameters():
            getattr(ref, f"{name}_reverse").copy_(p)
    x = torch.randn(2, 5, 3)
    _, h_n = ref(x)
    h_n = h_n[0] if cell == "lstm" else h_n
    torch.testing.assert_close(m(x), m.head(torch.cat([h_n[0], h_n[1]], dim=1)))
    padded = torch.nn.functional.pad(x[:, :3], (0, 0, 0, 4))
    out = m(padded, torch.tensor([3, 3]))
    torch.testing.assert_close(out, m(x[:, :3]))


def test_stacked_bidirectional_ignores_padding_of_float_sequences():
    torch.manual_seed(0)
    m = RecurrentModule(
        n_features=2, n_outputs=1, hidden_size=4, num_layers=2, bidirectional=True
    ).eval()
    x = torch.randn(3, 6, 2)
    lengths = torch.tensor([6, 2, 4])
    padded = x * (torch.arange(6) < lengths[:, None]).unsqueeze(-1)
    garbage = padded + 99.0 * (torch.arange(6) >= lengths[:, None]).unsqueeze(-1)
    out = m(garbage, lengths)
    for row, n in enumerate(lengths.tolist()):
        torch.testing.assert_close(out[row], m(x[row : row + 1, :n])[0])
