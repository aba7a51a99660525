"""Tests for the pure-torch 1-D convolutional network (sktseq.nn.modules._conv)."""

import warnings

import numpy as np
import pytest
import torch
from torch import nn

from sktseq.nn.modules import Conv1DModule

VOCAB = 15


def make(**params):
    """A small module for token ids; ``params`` override the defaults."""
    defaults = {
        "n_features": 1,
        "n_outputs": 2,
        "vocab_size": VOCAB,
        "embedding_dim": 4,
        "filters": 6,
        "kernel_size": 3,
        "num_layers": 3,
    }
    torch.manual_seed(0)
    return Conv1DModule(**{**defaults, **params})


IDS = torch.tensor([[5, 3, 7, 9, 2], [2, 11, 4, 0, 0], [8, 0, 0, 0, 0]])


def reference(module, x):
    """The same network written plainly, for float input (B, L, F)."""
    pool = nn.MaxPool1d if module.pooling == "max" else nn.AvgPool1d
    pooled = []
    for convs in module.branches:
        h = x.transpose(1, 2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # even kernels + "same"
            for i, conv in enumerate(convs):
                if i > 0:
                    h = pool(module.pool_size, ceil_mode=True)(h)
                h = torch.relu(
                    nn.functional.conv1d(h, conv.weight, conv.bias, padding="same")
                )
        pooled.append(h.amax(2) if module.pooling == "max" else h.mean(2))
    return module.head(torch.cat(pooled, dim=1))


@pytest.mark.parametrize("pooling", ["max", "avg"])
@pytest.mark.parametrize("kernel_size", [1, 2, 3, 4, 7])
@pytest.mark.parametrize("length", [1, 5, 12])
def test_float_input_matches_plain_reference(pooling, kernel_size, length):
    torch.manual_seed(0)
    module = Conv1DModule(
        n_features=3,
        n_outputs=2,
        filters=5,
        kernel_size=kernel_size,
        num_layers=3,
        pooling=pooling,
    )
    x = torch.randn(4, length, 3)
    out = module(x)
    assert out.shape == (4, 2)
    torch.testing.assert_close(out, reference(module, x))


def test_univariate_float_sequences():
    torch.manual_seed(0)
    module = Conv1DModule(n_features=1, n_outputs=1, filters=4)
    x = torch.randn(3, 10)
    torch.testing.assert_close(module(x), module(x.unsqueeze(-1)))


@pytest.mark.parametrize("pooling", ["max", "avg"])
@pytest.mark.parametrize("kernel_size", [2, 3, 4])
@pytest.mark.parametrize("pool_size", [2, 3])
def test_trailing_padding_is_ignored(pooling, kernel_size, pool_size):
    # A non-zero padding row in the pretrained matrix must not leak either.
    matrix = np.random.default_rng(0).normal(size=(VOCAB, 4))
    module = make(
        pooling=pooling,
        kernel_size=kernel_size,
        pool_size=pool_size,
        pretrained_embeddings=matrix,
    )
    padded = torch.cat([IDS, torch.zeros(3, 7, dtype=torch.long)], dim=1)
    torch.testing.assert_close(module(padded), module(IDS))
    # Each document equals itself alone and unpadded.
    for i, length in enumerate([5, 3, 1]):
        torch.testing.assert_close(module(padded[[i]]), module(IDS[[i], :length]))


@pytest.mark.parametrize("pooling", ["max", "avg"])
def test_several_kernel_widths_side_by_side_match_the_reference(pooling):
    torch.manual_seed(0)
    module = Conv1DModule(
        n_features=3,
        n_outputs=2,
        filters=4,
        kernel_size=(3, 4, 5),
        num_layers=2,
        pooling=pooling,
    ).eval()
    assert module.head.in_features == 12
    x = torch.randn(2, 9, 3)
    torch.testing.assert_close(module(x), reference(module, x))


def test_leading_and_middle_padding_are_ignored_too():
    module = make(kernel_size=(2, 3), num_layers=2)
    pre = torch.nn.functional.pad(IDS, (4, 0))
    middle = torch.tensor([[5, 0, 3, 7, 9, 2], [2, 11, 0, 0, 4, 0], [0, 8, 0, 0, 0, 0]])
    torch.testing.assert_close(module(pre), module(IDS))
    torch.testing.assert_close(module(middle), module(IDS))


def test_ragged_float_rows_ignore_their_padding():
    torch.manual_seed(0)
    module = Conv1DModule(n_features=2, n_outputs=1, filters=4, pooling="avg").eval()
    x = torch.randn(2, 7, 2)
    lengths = torch.tensor([4, 7])
    garbage = 50.0 * (torch.arange(7) >= lengths[:, None]).unsqueeze(-1)
    out = module(x + garbage, lengths)
    torch.testing.assert_close(out[0], module(x[:1, :4])[0])
    torch.testing.assert_close(out[1], module(x[1:])[0])


def test_global_average_is_over_real_steps():
    # One block: the pooled vector is the mean of the conv output over real
    # steps of the unpadded document, computed here by hand.
    module = make(num_layers=1, pooling="avg", kernel_size=3)
    seen = {}
    module.head.register_forward_hook(lambda mod, args, out: seen.update(x=args[0]))
    module(IDS[[1]])  # 3 real tokens, 2 padding
    emb = module.input.embedding(IDS[[1], :3]).transpose(1, 2)
    conv = module.branches[0][0]
    h = torch.relu(nn.functional.conv1d(emb, conv.weight, conv.bias, padding=1))
    torch.testing.assert_close(seen["x"], h.mean(2))


def test_all_padding_document_gives_head_bias():
    module = make()
    out = module(torch.zeros(2, 6, dtype=torch.long))
    torch.testing.assert_close(out, module.head.bias.expand(2, -1))


@pytest.mark.parametrize("pooling", ["max", "avg"])
def test_gradient_reaches_every_parameter(pooling):
    module = make(pooling=pooling)
    module(IDS).logsumexp(-1).sum().backward()
    for name, param in module.named_parameters():
        assert param.grad is not None, name
        assert param.grad.abs().sum() > 0, name
    assert torch.all(module.input.embedding.weight.grad[0] == 0)


def test_dropout_only_in_training_mode():
    module = make(dropout=0.5)
    torch.manual_seed(1)
    train_a = module(IDS)
    torch.manual_seed(2)
    train_b = module(IDS)
    assert not torch.allclose(train_a, train_b)
    module.eval()
    torch.testing.assert_close(module(IDS), module(IDS))


def test_deterministic_under_manual_seed():
    outs = [make(dropout=0.3)(IDS) for _ in range(2)]  # make() seeds
    torch.testing.assert_close(outs[0], outs[1], rtol=0, atol=0)


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"pooling": "median"}, "pooling must be one of"),
        ({"filters": 0}, "filters must be at least 1"),
        ({"kernel_size": 0}, "kernel_size must be at least 1"),
        ({"num_layers": 0}, "num_layers must be at least 1"),
        ({"pool_size": 0}, "pool_size must be at least 1"),
    ],
)
def test_bad_parameters_raise(params, match):
    with pytest.raises(ValueError, match=match):
        make(**params)


def test_token_ids_to_float_module_raise():
    torch.manual_seed(0)
    module = Conv1DModule(n_features=2, n_outputs=1)
    with pytest.raises(ValueError, match="Token ids"):
        module(IDS)


def test_learns_a_local_pattern():
    # Regression target: the largest sum of two consecutive steps, a pattern
    # a width-2 convolution followed by global max pooling can express.
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(128, 10, 1, generator=gen)
    y = (x[:, 1:, 0] + x[:, :-1, 0]).amax(1, keepdim=True)
    torch.manual_seed(0)
    module = Conv1DModule(
        n_features=1, n_outputs=1, filters=8, kernel_size=2, num_layers=1
    )
    optimizer = torch.optim.Adam(module.parameters(), lr=0.03)
    baseline = ((y - y.mean()) ** 2).mean().item()
    for _ in range(150):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(module(x), y)
        loss.backward()
        optimizer.step()
    assert loss.item() < 0.1 * baseline
