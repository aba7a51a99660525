"""Tests for the pure-torch transformer encoder (sktseq.nn.modules._attention)."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from sktseq.nn.modules import TransformerEncoderModule, sinusoidal_encoding

VOCAB = 12


def make(**params):
    """A small module for token ids; ``params`` override the defaults."""
    defaults = {
        "n_features": 1,
        "n_outputs": 3,
        "vocab_size": VOCAB,
        "embedding_dim": 6,
        "d_model": 8,
        "num_heads": 2,
        "num_layers": 2,
    }
    torch.manual_seed(0)
    return TransformerEncoderModule(**{**defaults, **params})


IDS = torch.tensor([[5, 3, 7, 4], [2, 9, 0, 0], [8, 0, 0, 0]])


def pad(ids, before=0, after=0):
    n = ids.shape[0]
    zeros = torch.zeros
    return torch.cat(
        [zeros(n, before, dtype=ids.dtype), ids, zeros(n, after, dtype=ids.dtype)],
        dim=1,
    )


@pytest.mark.parametrize("pooling", ["mean", "max", "cls"])
@pytest.mark.parametrize(
    ("shape", "kwargs"),
    [
        ((4, 7, 3), {"n_features": 3}),
        ((4, 7), {"n_features": 1}),  # univariate float sequences
        ((4, 1, 2), {"n_features": 2}),  # a single time step
    ],
)
def test_float_input_shapes(pooling, shape, kwargs):
    torch.manual_seed(0)
    module = TransformerEncoderModule(
        n_outputs=2, d_model=8, num_heads=2, pooling=pooling, **kwargs
    )
    out = module(torch.randn(*shape))
    assert out.shape == (4, 2)
    assert out.dtype == torch.float32
    weights = module.attention_weights(torch.randn(*shape))
    extra = 1 if pooling == "cls" else 0
    length = shape[1] + extra
    assert weights.shape == (4, 1, 2, length, length)
    torch.testing.assert_close(weights.sum(-1), torch.ones(4, 1, 2, length))


@pytest.mark.parametrize("pooling", ["mean", "max", "cls"])
def test_id_input_shapes(pooling):
    module = make(pooling=pooling, n_outputs=5)
    assert module(IDS).shape == (3, 5)
    extra = 1 if pooling == "cls" else 0
    assert module.attention_weights(IDS).shape == (3, 2, 2, 4 + extra, 4 + extra)


@pytest.mark.parametrize("positional", ["sinusoidal", "learned", None])
@pytest.mark.parametrize("pooling", ["mean", "max", "cls"])
@pytest.mark.parametrize(("before", "after"), [(0, 5), (3, 0), (2, 4)])
def test_padding_is_ignored(positional, pooling, before, after):
    # Trailing, leading and surrounding padding all leave the output unchanged.
    module = make(positional=positional, pooling=pooling).eval()
    with torch.no_grad():
        expected = module(IDS)
        padded = module(pad(IDS, before, after))
    torch.testing.assert_close(padded, expected, rtol=1e-5, atol=1e-6)


def test_padding_between_tokens_is_ignored():
    module = make().eval()
    gappy = torch.tensor([[5, 0, 3, 0, 0, 7, 4]])
    with torch.no_grad():
        torch.testing.assert_close(module(gappy), module(IDS[:1]), rtol=1e-5, atol=1e-6)


def test_padding_changes_nothing_in_training_mode_gradients():
    # Padded positions must not receive gradient through attention or pooling:
    # the embedding row of id 0 stays at zero gradient and the loss is equal.
    module = make(dropout=0.0)
    module(pad(IDS, 0, 3)).sum().backward()
    grad = module.input.embedding.weight.grad
    assert torch.all(grad[0] == 0)
    assert grad[5].abs().sum() > 0


@pytest.mark.parametrize("pooling", ["mean", "cls"])
def test_attention_weights_are_zero_on_padded_keys(pooling):
    module = make(pooling=pooling)
    ids = pad(IDS, 1, 2)
    weights = module.attention_weights(ids)
    key_real = ids != 0
    if pooling == "cls":
        key_real = torch.cat([torch.ones(3, 1, dtype=torch.bool), key_real], 1)
    # (B, 1, 1, 1, L') broadcast over layers, heads and queries.
    padded = ~key_real[:, None, None, None, :].expand_as(weights)
    assert torch.all(weights[padded] == 0)
    assert torch.all(weights[~padded] > 0)
    torch.testing.assert_close(weights.sum(-1), torch.ones(weights.shape[:-1]))


def test_attention_weights_match_reference_softmax():
    # Layer 0's weights recomputed by hand from its projection matrices.
    module = make(num_layers=1, positional="sinusoidal").eval()
    with torch.no_grad():
        h = module.project(module.input.embedding(IDS))
        positions = (IDS != 0).long().cumsum(1) - 1
        h = h + sinusoidal_encoding(positions.clamp(min=0), 8)
        h = module.layers[0].norm1(h)
        attn = module.layers[0].attn
        q_w, k_w, _ = attn.in_proj_weight.chunk(3)
        q_b, k_b, _ = attn.in_proj_bias.chunk(3)
        q = (h @ q_w.T + q_b).view(3, 4, 2, 4).transpose(1, 2)
        k = (h @ k_w.T + k_b).view(3, 4, 2, 4).transpose(1, 2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(4)
        scores = scores.masked_fill((IDS == 0)[:, None, None, :], -math.inf)
        expected = scores.softmax(-1)
    torch.testing.assert_close(module.attention_weights(IDS)[:, 0], expected)


def test_attention_weights_keep_training_mode_and_skip_dropout():
    module = make(dropout=0.5)
    module.train()
    first = module.attention_weights(IDS)
    second = module.attention_weights(IDS)
    assert module.training
    assert not first.requires_grad
    torch.testing.assert_close(first, second)
    torch.testing.assert_close(first.sum(-1), torch.ones(first.shape[:-1]))


def test_encoder_layer_matches_torch_transformer_layer():
    # Our layer equals PyTorch's pre-norm TransformerEncoderLayer with the
    # same weights: an independent reference for the whole layer.
    module = make(num_layers=1, dim_feedforward=16, dropout=0.0).eval()
    ours = module.layers[0]
    ref = nn.TransformerEncoderLayer(
        8, 2, dim_feedforward=16, dropout=0.0, batch_first=True, norm_first=True
    ).eval()
    ref.self_attn.load_state_dict(ours.attn.state_dict())
    ref.linear1.load_state_dict(ours.ff[0].state_dict())
    ref.linear2.load_state_dict(ours.ff[3].state_dict())
    ref.norm1.load_state_dict(ours.norm1.state_dict())
    ref.norm2.load_state_dict(ours.norm2.state_dict())
    x = torch.randn(3, 5, 8)
    key_padding_mask = torch.tensor([[0, 0, 0, 1, 1], [0, 0, 0, 0, 0], [0, 1, 1, 1, 1]])
    key_padding_mask = key_padding_mask.bool()
    with torch.no_grad():
        got, _ = ours(x, key_padding_mask)
        expected = ref(x, src_key_padding_mask=key_padding_mask)
    real = ~key_padding_mask  # torch's fast path may zero padded query rows
    torch.testing.assert_close(got[real], expected[real], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("d_model", [8, 7])
def test_sinusoidal_matches_formula(d_model):
    positions = torch.arange(50)
    got = sinusoidal_encoding(positions, d_model)
    expected = np.zeros((50, d_model))
    for p in range(50):
        for j in range(d_model):
            angle = p / 10000 ** (2 * (j // 2) / d_model)
            expected[p, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5, atol=1e-5)


def test_sinusoidal_positions_are_added_to_float_input():
    torch.manual_seed(0)
    with_pe = TransformerEncoderModule(
        n_features=2, n_outputs=1, d_model=8, num_heads=2
    )
    torch.manual_seed(0)
    without = TransformerEncoderModule(
        n_features=2, n_outputs=1, d_model=8, num_heads=2, positional=None
    )
    with_pe.eval()
    without.eval()
    x = torch.randn(2, 6, 2)
    with torch.no_grad():
        assert not torch.allclose(with_pe(x), without(x))


def test_without_positions_encoder_is_order_blind():
    # No positional encoding + mean pooling: a bag of steps, so permuting the
    # time axis cannot change the output; with positions it does.
    x = torch.randn(2, 6, 3)
    perm = torch.tensor([3, 0, 5, 1, 4, 2])
    for positional, same in [(None, True), ("sinusoidal", False)]:
        torch.manual_seed(0)
        module = TransformerEncoderModule(
            n_features=3, n_outputs=1, d_model=8, num_heads=2, positional=positional
        ).eval()
        with torch.no_grad():
            close = torch.allclose(module(x), module(x[:, perm]), atol=1e-6)
        assert close is same


def test_learned_positions_limit_length():
    module = make(positional="learned", max_len=4)
    assert module(IDS).shape == (3, 3)  # exactly max_len is fine
    with pytest.raises(ValueError, match=r"length 5 exceeds max_len=4"):
        module(pad(IDS, 0, 1))
    with pytest.raises(ValueError, match="max_len"):
        module.attention_weights(pad(IDS, 0, 1))


def test_sinusoidal_positions_accept_any_length():
    module = make(positional="sinusoidal", max_len=4)
    assert module(pad(IDS, 0, 20)).shape == (3, 3)


def test_cls_token_is_the_pooled_vector():
    module = make(pooling="cls").eval()
    seen = {}
    module.head.register_forward_hook(lambda mod, args, out: seen.update(x=args[0]))
    with torch.no_grad():
        module(IDS)
        encoded, _, _ = module._encode(IDS)
    torch.testing.assert_close(seen["x"], encoded[:, 0])
    # Changing the class token changes the prediction.
    before = module(IDS).detach()
    with torch.no_grad():
        module.cls_token.add_(1.0)
    assert not torch.allclose(module(IDS), before)


def test_all_padding_sequence_is_finite():
    empty = torch.zeros(2, 5, dtype=torch.long)
    mean_module = make(pooling="mean").eval()
    with torch.no_grad():
        out = mean_module(empty)
    # Mean over no real token is zero, so the head outputs its bias.
    torch.testing.assert_close(out, mean_module.head.bias.expand(2, -1))
    cls_module = make(pooling="cls").eval()
    assert torch.isfinite(cls_module(empty)).all()
    # With no real key, every query attends to the first step.
    weights = mean_module.attention_weights(empty)
    torch.testing.assert_close(weights[..., 0], torch.ones(weights.shape[:-1]))


@pytest.mark.parametrize("pooling", ["mean", "max", "cls"])
@pytest.mark.parametrize("positional", ["sinusoidal", "learned"])
def test_gradient_reaches_every_parameter(pooling, positional):
    module = make(pooling=pooling, positional=positional)
    module(IDS).logsumexp(-1).sum().backward()
    for name, param in module.named_parameters():
        assert param.grad is not None, name
        assert param.grad.abs().sum() > 0, name


def test_frozen_embeddings_get_no_gradient():
    matrix = np.random.default_rng(0).normal(size=(VOCAB, 6))
    module = make(pretrained_embeddings=matrix, freeze_embeddings=True)
    module(IDS).sum().backward()
    assert module.input.embedding.weight.grad is None
    np.testing.assert_allclose(
        module.input.embedding.weight.detach().numpy(), matrix, rtol=1e-6
    )


def test_token_embedding_as_wide_as_the_encoder_is_not_projected():
    matrix = np.random.default_rng(0).normal(size=(VOCAB, 8))
    assert isinstance(make(embedding_dim=8).project, nn.Identity)
    assert isinstance(make(embedding_dim=6).project, nn.Linear)  # other width
    frozen = make(
        pretrained_embeddings=matrix, embedding_dim=None, freeze_embeddings=True
    )
    assert isinstance(frozen.project, nn.Linear)  # the trainable step it has
    floats = TransformerEncoderModule(n_features=8, n_outputs=1, d_model=8)
    assert isinstance(floats.project, nn.Linear)


def test_deterministic_under_manual_seed():
    x = torch.randn(4, 5, 3)
    outs = []
    for _ in range(2):
        torch.manual_seed(42)
        module = TransformerEncoderModule(
            n_features=3, n_outputs=2, d_model=8, num_heads=2, pooling="cls"
        )
        outs.append(module(x))  # training mode: dropout draws from the seed
    torch.testing.assert_close(outs[0], outs[1], rtol=0, atol=0)


def test_dim_feedforward_default_and_override():
    assert make().layers[0].ff[0].out_features == 32
    assert make(dim_feedforward=10).layers[0].ff[0].out_features == 10


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"d_model": 10, "num_heads": 4}, "divisible by num_heads"),
        ({"positional": "rotary"}, "positional must be one of"),
        ({"pooling": "median"}, "pooling must be one of"),
    ],
)
def test_bad_parameters_raise(params, match):
    with pytest.raises(ValueError, match=match):
        make(**params)


@pytest.mark.parametrize("pooling", ["mean", "cls"])
def test_learns_which_token_decides_the_label(pooling):
    # Label = whether token 3 occurs anywhere in a padded sequence.
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(2, VOCAB, (128, 8), generator=gen)
    lengths = torch.randint(2, 9, (128,), generator=gen)
    ids[torch.arange(8) >= lengths[:, None]] = 0
    y = (ids == 3).any(1).long()
    module = make(pooling=pooling, n_outputs=2, num_layers=1, dropout=0.0)
    optimizer = torch.optim.Adam(module.parameters(), lr=0.02)
    for _ in range(30):
        optimizer.zero_grad()
        nn.functional.cross_entropy(module(ids), y).backward()
        optimizer.step()
    module.eval()
    with torch.no_grad():
        accuracy = (module(ids).argmax(1) == y).float().mean().item()
    assert accuracy > 0.95


def test_training_forward_uses_the_fused_attention_kernel(monkeypatch):
    # forward asks for no weights, so MultiheadAttention calls PyTorch's
    # scaled_dot_product_attention (fused kernels) once per layer.
    calls = []
    fused = nn.functional.scaled_dot_product_attention

    def counting(*args, **kwargs):
        calls.append(1)
        return fused(*args, **kwargs)

    monkeypatch.setattr(nn.functional, "scaled_dot_product_attention", counting)
    module = make(num_layers=2).train()
    module(IDS).sum().backward()
    assert len(calls) == 2
    calls.clear()
    module.attention_weights(IDS)  # the weights path computes them explicitly
    assert calls == []
