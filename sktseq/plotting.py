"""Plots for sequence models: learning curves, forecasts, attention heat maps.

matplotlib is an optional dependency (``pip install sktseq[plot]``) and is
imported only when a function here is called.  Every function draws on the
given Axes (or a new figure's) and returns that Axes.
"""

from collections.abc import Mapping

import numpy as np

__all__ = ["plot_attention", "plot_forecast", "plot_learning_curves"]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - matplotlib is a dev dependency
        raise ImportError(
            "sktseq.plotting needs matplotlib: pip install 'sktseq[plot]'."
        ) from exc
    return plt


def _axes(ax):
    if ax is None:
        _, ax = _pyplot().subplots()
    return ax


def _history_rows(estimator_or_history):
    """Per-epoch dicts from an sktseq estimator, a skorch net or a list."""
    if hasattr(estimator_or_history, "history_"):  # sktseq estimators
        history = estimator_or_history.history_
    elif hasattr(estimator_or_history, "history"):  # a bare skorch NeuralNet
        history = estimator_or_history.history
    else:  # a skorch History (a list) or any sequence of dicts
        history = estimator_or_history
    if isinstance(history, Mapping | str) or not hasattr(history, "__len__"):
        raise TypeError(
            "estimator_or_history must be a fitted sktseq estimator, a skorch "
            "net or History, or a list of per-epoch dicts; got "
            f"{type(estimator_or_history).__name__}."
        )
    rows = list(history)
    if not rows:
        raise ValueError("The history is empty: no epoch has been recorded.")
    if not all(isinstance(row, Mapping) for row in rows):
        raise TypeError("Every history entry must be a dict of per-epoch values.")
    return rows


def plot_learning_curves(estimator_or_history, ax=None, *, keys=None):
    """Plot training and validation loss per epoch.

    Parameters
    ----------
    estimator_or_history : estimator, skorch net, skorch History or list of dict
        A fitted sktseq neural estimator (its ``history_`` is read), a skorch
        ``NeuralNet`` (its ``history``), or the per-epoch records themselves:
        dicts with an ``"epoch"`` number (optional; 1, 2, ... otherwise) and
        the values to plot.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure's when None.
    keys : sequence of str, default=None
        History keys to draw, one line each.  None draws those of
        ``"train_loss"`` and ``"valid_loss"`` that were recorded.  Epochs
        without a key leave a gap in its line.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sktseq.plotting import plot_learning_curves
    >>> history = [
    ...     {"epoch": 1, "train_loss": 0.9, "valid_loss": 1.0},
    ...     {"epoch": 2, "train_loss": 0.5, "valid_loss": 0.7},
    ...     {"epoch": 3, "train_loss": 0.3, "valid_loss": 0.6},
    ... ]
    >>> ax = plot_learning_curves(history)
    >>> [line.get_label() for line in ax.get_lines()]
    ['train loss', 'valid loss']
    """
    rows = _history_rows(estimator_or_history)
    recorded = set().union(*rows)
    if keys is None:
        keys = [k for k in ("train_loss", "valid_loss") if k in recorded]
        if not keys:
            raise ValueError(
                "The history has neither 'train_loss' nor 'valid_loss'; pass "
                f"keys= from the recorded ones: {sorted(recorded)}."
            )
    else:
        keys = [keys] if isinstance(keys, str) else list(keys)
        missing = [k for k in keys if k not in recorded]
        if missing:
            raise ValueError(
                f"keys {missing} were never recorded; the history has "
                f"{sorted(recorded)}."
            )
    epochs = [row.get("epoch", i + 1) for i, row in enumerate(rows)]
    ax = _axes(ax)
    for key in keys:
        values = np.array([row.get(key, np.nan) for row in rows], dtype=float)
        ax.plot(epochs, values, marker="o", label=key.replace("_", " "))
    from matplotlib.ticker import MaxNLocator

    # Whole epochs only, also for a single epoch (no tick at 1.5 or 0.95).
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss" if all(k.endswith("loss") for k in keys) else "value")
    ax.legend()
    return ax


def _as_column(y, name, output):
    """``y`` as a 1-D float array; ``output`` picks a column of 2-D targets."""
    y = np.asarray(y, dtype=float)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim == 2:
        if output is None:
            raise ValueError(
                f"{name} has {y.shape[1]} outputs (one per column); pass "
                "output=<column index> to choose the one to plot."
            )
        y = y[:, output]
    elif y.ndim != 1:
        raise ValueError(f"{name} must be 1-D or 2-D, got shape {y.shape}.")
    return y


def plot_forecast(
    y_true,
    y_pred,
    index=None,
    ax=None,
    *,
    output=None,
    label_true="actual",
    label_pred="forecast",
):
    """Plot a forecast against the actual values.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Actual values.  A pandas Series or DataFrame lends its index.
    y_pred : array-like of the same shape, or dict of str to array-like
        Predictions; a dict draws one line per model, labelled by its keys
        (for example a model and a persistence baseline).
    index : array-like of shape (n_samples,), default=None
        x values (time stamps or step numbers).  None uses the index of a
        pandas ``y_true``, else ``0, 1, ..., n_samples - 1``.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure's when None.
    output : int, default=None
        Column to draw when the targets have several outputs (horizons).
    label_true, label_pred : str, default="actual", "forecast"
        Legend labels (``label_pred`` is unused when ``y_pred`` is a dict).

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sktseq.plotting import plot_forecast
    >>> y = np.sin(np.arange(48) / 4)
    >>> ax = plot_forecast(y, {"model": 0.9 * y, "persistence": np.roll(y, 1)})
    >>> [line.get_label() for line in ax.get_lines()]
    ['actual', 'model', 'persistence']
    """
    if index is None and hasattr(y_true, "index"):
        index = y_true.index
    truth = _as_column(y_true, "y_true", output)
    preds = y_pred if isinstance(y_pred, Mapping) else {label_pred: y_pred}
    preds = {
        label: _as_column(values, f"y_pred[{label!r}]", output)
        for label, values in preds.items()
    }
    for label, values in preds.items():
        if values.shape != truth.shape:
            raise ValueError(
                f"y_pred[{label!r}] has {values.shape[0]} values but y_true has "
                f"{truth.shape[0]}."
            )
    if index is None:
        index = np.arange(truth.shape[0])
    elif len(index) != truth.shape[0]:
        raise ValueError(
            f"index has {len(index)} entries but y_true has {truth.shape[0]}."
        )
    ax = _axes(ax)
    ax.plot(index, truth, color="black", label=label_true)
    for label, values in preds.items():
        ax.plot(index, values, linestyle="--", label=label)
    ax.set_xlabel(getattr(index, "name", None) or "time")
    ax.legend()
    return ax


def _attention_matrix(weights, layer, head):
    """Reduce weights to one (L, L) matrix and a title describing it."""
    if hasattr(weights, "detach"):  # a torch tensor; no torch import needed
        weights = weights.detach().cpu().numpy()
    w = np.asarray(weights, dtype=float)
    if w.ndim == 5:
        if w.shape[0] != 1:
            raise ValueError(
                f"weights holds {w.shape[0]} samples; pass one sample's "
                "weights, e.g. model.attention_weights(X)[i]."
            )
        w = w[0]
    title = []
    if w.ndim == 4:  # (num_layers, num_heads, L, L)
        if not -w.shape[0] <= layer < w.shape[0]:
            raise ValueError(f"layer={layer} is out of range for {w.shape[0]} layers.")
        title.append(f"layer {layer % w.shape[0]}")
        w = w[layer]
    if w.ndim == 3:  # (num_heads, L, L)
        if head is None:
            w = w.mean(axis=0)
            title.append("mean over heads")
        elif not -w.shape[0] <= head < w.shape[0]:
            raise ValueError(f"head={head} is out of range for {w.shape[0]} heads.")
        else:
            w = w[head]
            title.append(f"head {head}")
    elif head is not None:
        raise ValueError("head= needs weights with a heads axis (3-D or more).")
    if w.ndim != 2:
        raise ValueError(
            "weights must be a (queries, keys) matrix such as (L, L) or "
            "Seq2SeqRegressor's (n_horizons, seq_len), (num_heads, L, L), "
            "(num_layers, num_heads, L, L) or one sample of "
            f"attention_weights; got shape {np.shape(weights)}."
        )
    return w, ", ".join(title)


def plot_attention(
    weights,
    tokens=None,
    ax=None,
    layer=-1,
    head=None,
    *,
    cmap="viridis",
    query_labels=None,
):
    """Heat map of an attention matrix, queries on rows and keys on columns.

    Parameters
    ----------
    weights : array-like or torch.Tensor
        Attention weights of one sample: ``(num_layers, num_heads, L, L)``
        (``AttentionClassifier.attention_weights(X)[i]``; a leading axis of
        size 1 is also accepted), ``(num_heads, L, L)``, or a ``(queries,
        keys)`` matrix: self-attention's ``(L, L)``, or
        ``Seq2SeqRegressor.attention_weights(X)[i]`` (or its mean over
        samples), ``(n_horizons, seq_len)``: which input steps each horizon
        reads.
    tokens : sequence of str, default=None
        Labels of the keys (columns), one per step (with ``pooling="cls"``
        include the class token first); they also label the queries of a
        square matrix unless ``query_labels`` is given.  To leave out
        padding, slice both: ``weights[..., :n, :n]`` and ``tokens[:n]``.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure's when None.
    layer : int, default=-1
        Layer to draw from 4-D weights (the last by default).
    head : int, default=None
        Head to draw; None averages over heads.
    cmap : str, default="viridis"
        matplotlib colour map.
    query_labels : sequence of str, default=None
        Labels of the queries (rows), e.g. ``["+1 h", ..., "+24 h"]`` for a
        seq2seq model's horizons.

    Returns
    -------
    ax : matplotlib Axes
        The image is ``ax.images[0]``; a colour bar is added beside it.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sktseq.plotting import plot_attention
    >>> rng = np.random.default_rng(0)
    >>> scores = rng.normal(size=(2, 4, 3, 3))  # (layers, heads, L, L)
    >>> weights = np.exp(scores) / np.exp(scores).sum(-1, keepdims=True)
    >>> ax = plot_attention(weights, tokens=["the", "film", "rocks"])
    >>> ax.get_title()
    'layer 1, mean over heads'
    >>> np.allclose(ax.images[0].get_array(), weights[-1].mean(0))
    True
    """
    matrix, title = _attention_matrix(weights, layer, head)
    n_queries, n_keys = matrix.shape
    if query_labels is None and tokens is not None and n_queries == n_keys:
        query_labels = tokens
    for name, labels, n in (
        ("tokens", tokens, n_keys),
        ("query_labels", query_labels, n_queries),
    ):
        if labels is not None and len(labels) != n:
            raise ValueError(
                f"{name} has {len(labels)} labels but the attention matrix is "
                f"{n_queries} x {n_keys} (queries x keys)."
            )
    ax = _axes(ax)
    # A horizons x steps matrix fills the axes; a square one keeps square cells.
    aspect = "equal" if n_queries == n_keys else "auto"
    image = ax.imshow(
        matrix, cmap=cmap, vmin=0.0, interpolation="nearest", aspect=aspect
    )
    ax.figure.colorbar(image, ax=ax, label="attention weight")
    if tokens is not None:
        ax.set_xticks(np.arange(n_keys), labels=[str(t) for t in tokens], rotation=90)
    if query_labels is not None:
        ax.set_yticks(np.arange(n_queries), labels=[str(t) for t in query_labels])
    ax.set_xlabel("key")
    ax.set_ylabel("query")
    ax.set_title(title)
    return ax
