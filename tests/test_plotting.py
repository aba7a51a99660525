"""Tests for sktseq.plotting: assertions on the drawn artists (Agg backend)."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sktseq.plotting import (  # noqa: E402
    plot_attention,
    plot_forecast,
    plot_learning_curves,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


HISTORY = [
    {"epoch": 1, "train_loss": 0.9, "valid_loss": 1.1, "dur": 0.1},
    {"epoch": 2, "train_loss": 0.6, "valid_loss": 0.8, "dur": 0.1},
    {"epoch": 3, "train_loss": 0.4, "valid_loss": 0.7, "dur": 0.1},
]


def lines_by_label(ax):
    return {line.get_label(): line for line in ax.get_lines()}


# --- learning curves --------------------------------------------------------


def test_learning_curves_draw_train_and_valid_loss():
    ax = plot_learning_curves(HISTORY)
    lines = lines_by_label(ax)
    assert list(lines) == ["train loss", "valid loss"]
    np.testing.assert_array_equal(lines["train loss"].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines["train loss"].get_ydata(), [0.9, 0.6, 0.4])
    np.testing.assert_array_equal(lines["valid loss"].get_ydata(), [1.1, 0.8, 0.7])
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "loss"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(lines)
    # Epochs are whole numbers: no tick at 1.5 between two epochs, nor at
    # 0.95 around a single one.
    for history in (HISTORY, HISTORY[:1]):
        ax = plot_learning_curves(history, ax=plt.figure().subplots())
        ax.figure.canvas.draw()
        assert all(float(t).is_integer() for t in ax.get_xticks())


def test_learning_curves_on_given_axes_without_validation():
    _, ax = plt.subplots()
    history = [{"train_loss": v} for v in (3.0, 2.0)]  # no "epoch" key
    assert plot_learning_curves(history, ax=ax) is ax
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2])


def test_learning_curves_gap_where_an_epoch_lacks_a_key():
    history = [dict(row) for row in HISTORY]
    del history[1]["valid_loss"]
    ydata = lines_by_label(plot_learning_curves(history))["valid loss"].get_ydata()
    np.testing.assert_array_equal(ydata, [1.1, np.nan, 0.7])


def test_learning_curves_custom_keys():
    ax = plot_learning_curves(HISTORY, keys=["dur"])
    assert [line.get_label() for line in ax.get_lines()] == ["dur"]
    assert ax.get_ylabel() == "value"


def test_learning_curves_read_estimator_and_net_history():
    # An sktseq estimator exposes history_; a bare skorch net exposes history.
    for owner in (SimpleNamespace(history_=HISTORY), SimpleNamespace(history=HISTORY)):
        assert len(plot_learning_curves(owner).get_lines()) == 2


def test_learning_curves_from_a_skorch_history():
    from skorch.history import History

    history = History()
    for row in HISTORY:
        history.new_epoch()
        for key, value in row.items():
            history.record(key, value)
    ydata = lines_by_label(plot_learning_curves(history))["train loss"].get_ydata()
    np.testing.assert_array_equal(ydata, [0.9, 0.6, 0.4])


def test_learning_curves_from_a_fitted_estimator():
    from sktseq.nn import Conv1DRegressor

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 6, 2)).astype("float32")
    model = Conv1DRegressor(
        filters=4,
        max_epochs=3,
        early_stopping=True,
        validation_fraction=0.25,
        random_state=0,
    ).fit(X, X[:, -1, 0])
    lines = lines_by_label(plot_learning_curves(model))
    assert list(lines) == ["train loss", "valid loss"]
    expected = [row["valid_loss"] for row in model.history_]
    np.testing.assert_allclose(lines["valid loss"].get_ydata(), expected)


@pytest.mark.parametrize(
    ("history", "kwargs", "error", "match"),
    [
        ([], {}, ValueError, "history is empty"),
        ([{"dur": 1.0}], {}, ValueError, "neither 'train_loss' nor 'valid_loss'"),
        (HISTORY, {"keys": ["accuracy"]}, ValueError, r"\['accuracy'\] were never"),
        ([1.0, 2.0], {}, TypeError, "dict of per-epoch values"),
        ({"train_loss": 1.0}, {}, TypeError, "list of per-epoch dicts"),
        (42, {}, TypeError, "got int"),
    ],
)
def test_learning_curves_bad_input(history, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_learning_curves(history, **kwargs)


# --- forecast ---------------------------------------------------------------


def test_forecast_draws_actual_and_forecast():
    y = np.arange(10.0)
    ax = plot_forecast(y, y + 1)
    lines = lines_by_label(ax)
    assert list(lines) == ["actual", "forecast"]
    np.testing.assert_array_equal(lines["actual"].get_ydata(), y)
    np.testing.assert_array_equal(lines["forecast"].get_ydata(), y + 1)
    np.testing.assert_array_equal(lines["forecast"].get_xdata(), np.arange(10))
    assert ax.get_xlabel() == "time"


def test_forecast_uses_the_series_index():
    index = pd.date_range("2020-01-01", periods=5, freq="h", name="timestamp")
    y = pd.Series(np.arange(5.0), index=index)
    ax = plot_forecast(y, y.to_numpy() * 2)
    xdata = lines_by_label(ax)["forecast"].get_xdata()
    assert pd.DatetimeIndex(xdata).equals(index.rename(None))
    assert ax.get_xlabel() == "timestamp"


def test_forecast_several_models_and_explicit_index():
    y = np.arange(6.0)
    ax = plot_forecast(y, {"lstm": y * 0.5, "persistence": y - 1}, index=y * 10)
    lines = lines_by_label(ax)
    assert list(lines) == ["actual", "lstm", "persistence"]
    np.testing.assert_array_equal(lines["persistence"].get_ydata(), y - 1)
    np.testing.assert_array_equal(lines["lstm"].get_xdata(), y * 10)


def test_forecast_picks_an_output_of_multi_horizon_targets():
    y = np.arange(12.0).reshape(6, 2)
    ax = plot_forecast(y, y + 1, output=1)
    np.testing.assert_array_equal(lines_by_label(ax)["actual"].get_ydata(), y[:, 1])
    # A single-column target needs no output=.
    ax = plot_forecast(y[:, :1], y[:, 0])
    np.testing.assert_array_equal(lines_by_label(ax)["actual"].get_ydata(), y[:, 0])


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((np.zeros((4, 2)), np.zeros((4, 2))), {}, "has 2 outputs.*output="),
        ((np.zeros(4), np.zeros(3)), {}, "has 3 values but y_true has 4"),
        ((np.zeros(4), np.zeros(4)), {"index": np.arange(5)}, "index has 5"),
        ((np.zeros((2, 2, 2)), np.zeros(2)), {}, "must be 1-D or 2-D"),
    ],
)
def test_forecast_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_forecast(*args, **kwargs)


# --- attention --------------------------------------------------------------


def softmax_weights(shape, seed=0):
    scores = np.random.default_rng(seed).normal(size=shape)
    return np.exp(scores) / np.exp(scores).sum(-1, keepdims=True)


def test_attention_image_is_the_head_mean_of_the_last_layer():
    weights = softmax_weights((2, 3, 4, 4))
    ax = plot_attention(weights, tokens=["a", "b", "c", "d"])
    (image,) = ax.images
    np.testing.assert_allclose(image.get_array(), weights[-1].mean(0))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c", "d"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c", "d"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("key", "query")
    assert ax.get_title() == "layer 1, mean over heads"
    assert len(ax.figure.axes) == 2  # the heat map and its colour bar


def test_attention_layer_and_head_selection():
    weights = softmax_weights((3, 2, 5, 5))
    ax = plot_attention(weights, layer=0, head=1)
    np.testing.assert_allclose(ax.images[0].get_array(), weights[0, 1])
    assert ax.get_title() == "layer 0, head 1"
    ax = plot_attention(weights[2], head=-1)  # (heads, L, L)
    np.testing.assert_allclose(ax.images[0].get_array(), weights[2, -1])
    ax = plot_attention(weights[1, 0])  # a plain matrix
    np.testing.assert_allclose(ax.images[0].get_array(), weights[1, 0])


def test_attention_accepts_a_torch_batch_of_one():
    torch = pytest.importorskip("torch")
    weights = softmax_weights((1, 1, 2, 3, 3)).astype(np.float32)
    _, ax = plt.subplots()
    assert plot_attention(torch.from_numpy(weights), ax=ax) is ax
    np.testing.assert_allclose(ax.images[0].get_array(), weights[0, 0].mean(0))


def test_attention_of_a_fitted_classifier():
    from sktseq.nn import AttentionClassifier

    rng = np.random.default_rng(0)
    ids = rng.integers(2, 10, size=(32, 6))
    ids[:, 4:] = 0
    y = ids[:, 0] > 5
    model = AttentionClassifier(
        d_model=8, num_heads=2, max_epochs=1, random_state=0
    ).fit(ids, y)
    weights = model.attention_weights(ids[:1])
    ax = plot_attention(weights[0, :, :, :4, :4], tokens=list("wxyz"))
    np.testing.assert_allclose(
        ax.images[0].get_array(), weights[0, -1, :, :4, :4].mean(0), rtol=1e-6
    )


def test_attention_of_a_seq2seq_model_horizons_by_steps():
    from sktseq.nn import Seq2SeqRegressor

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 6, 2)).astype(np.float32)
    y = X[:, [1, 3, 5], 0]  # three horizons
    model = Seq2SeqRegressor(hidden_size=4, max_epochs=1, random_state=0).fit(X, y)
    weights = model.attention_weights(X).mean(axis=0)  # (horizons, steps)
    steps = [f"t-{5 - i}" for i in range(6)]
    ax = plot_attention(weights, tokens=steps, query_labels=["+1", "+2", "+3"])
    np.testing.assert_allclose(ax.images[0].get_array(), weights)
    assert [t.get_text() for t in ax.get_xticklabels()] == steps
    assert [t.get_text() for t in ax.get_yticklabels()] == ["+1", "+2", "+3"]


@pytest.mark.parametrize(
    ("weights", "kwargs", "match"),
    [
        (softmax_weights((2, 1, 1, 3, 3)), {}, "holds 2 samples"),
        (softmax_weights((2, 1, 3, 3)), {"layer": 2}, "layer=2 is out of range"),
        (softmax_weights((2, 3, 3)), {"head": 5}, "head=5 is out of range"),
        (softmax_weights((3, 3)), {"head": 0}, "needs weights with a heads axis"),
        (softmax_weights((4,)), {}, r"must be a \(queries, keys\) matrix"),
        (softmax_weights((3, 3)), {"tokens": ["a", "b"]}, "tokens has 2 labels"),
        (softmax_weights((2, 3)), {"query_labels": ["a"]}, "query_labels has 1"),
    ],
)
def test_attention_bad_input(weights, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_attention(weights, **kwargs)
