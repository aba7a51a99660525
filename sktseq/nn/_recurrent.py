"""Recurrent estimators: LSTM, GRU and plain RNN, regressor and classifier.

The torch module is :class:`sktseq.nn.modules.RecurrentModule`
(``modules/_recurrent.py``); training lives in :mod:`sktseq.nn._base`.  The
public classes only pick the cell.
"""

import numbers

from .._compat import Interval, StrOptions
from ._base import SequenceNetBase
from ._docs import CLASSIFIER_DOC, REGRESSOR_DOC, fill_doc
from ._targets import ClassifierNetMixin, RegressorNetMixin
from .modules import RecurrentModule

__all__ = [
    "GRUClassifier",
    "GRURegressor",
    "LSTMClassifier",
    "LSTMRegressor",
    "RNNClassifier",
    "RNNRegressor",
]


_EXAMPLES = {
    "regressor": """\
    >>> import numpy as np
    >>> from sktseq.nn import {name}
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(64, 12, 3)).astype("float32")
    >>> y = X[:, -1, 0]
    >>> model = {name}(hidden_size=8, max_epochs=2, random_state=0).fit(X, y)
    >>> model.predict(X[:2]).shape
    (2,)""",
    "classifier": """\
    >>> import numpy as np
    >>> from sktseq.nn import {name}
    >>> rng = np.random.default_rng(0)
    >>> ids = rng.integers(1, 20, size=(64, 10))
    >>> ids[:, 7:] = 0  # padding is ignored
    >>> y = np.where(ids[:, 0] > 10, "pos", "neg")
    >>> model = {name}(hidden_size=8, max_epochs=2, random_state=0).fit(ids, y)
    >>> model.classes_.tolist()
    ['neg', 'pos']
    >>> model.predict_proba(ids[:3]).shape
    (3, 2)""",
}

_RECURRENT_CONSTRAINTS = {
    **SequenceNetBase._parameter_constraints,
    "hidden_size": [Interval(numbers.Integral, 1, None, closed="left")],
    "num_layers": [Interval(numbers.Integral, 1, None, closed="left")],
    "bidirectional": ["boolean"],
    "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
    "layer_dropout": [Interval(numbers.Real, 0, 1, closed="left")],
    "recurrent_dropout": [Interval(numbers.Real, 0, 1, closed="left")],
    "pooling": [StrOptions({"last", "mean", "max"})],
}
_MODULE_PARAMS = (
    "hidden_size",
    "num_layers",
    "bidirectional",
    "dropout",
    "layer_dropout",
    "recurrent_dropout",
    "pooling",
)


class _RecurrentRegressor(RegressorNetMixin, SequenceNetBase):
    """Recurrent regressors; the public classes pick the cell."""

    _module = RecurrentModule
    _module_params = _MODULE_PARAMS
    _parameter_constraints = {
        **_RECURRENT_CONSTRAINTS,
        "loss": [StrOptions({"squared_error", "absolute_error", "huber"})],
        "quantiles": ["array-like", None],
    }

    def __init__(
        self,
        *,
        hidden_size=32,
        num_layers=1,
        bidirectional=False,
        dropout=0.0,
        layer_dropout=0.0,
        recurrent_dropout=0.0,
        pooling="last",
        loss="squared_error",
        quantiles=None,
        embedding_dim=None,
        vocab_size=None,
        pretrained_embeddings=None,
        freeze_embeddings=False,
        max_epochs=100,
        batch_size="auto",
        lr=1e-3,
        optimizer="adam",
        weight_decay=0.0,
        clip_grad_norm=None,
        ema_momentum=None,
        lr_schedule="plateau",
        early_stopping="auto",
        validation_fraction=0.1,
        validation_split="recent",
        patience=10,
        callbacks=None,
        verbose=0,
        random_state=None,
        device="cpu",
        warm_start=False,
        **kwargs,
    ):
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bidirectional = bidirectional
        self.dropout = dropout
        self.layer_dropout = layer_dropout
        self.recurrent_dropout = recurrent_dropout
        self.pooling = pooling
        self.loss = loss
        self.quantiles = quantiles
        super().__init__(
            embedding_dim=embedding_dim,
            vocab_size=vocab_size,
            pretrained_embeddings=pretrained_embeddings,
            freeze_embeddings=freeze_embeddings,
            max_epochs=max_epochs,
            batch_size=batch_size,
            lr=lr,
            optimizer=optimizer,
            weight_decay=weight_decay,
            clip_grad_norm=clip_grad_norm,
            ema_momentum=ema_momentum,
            lr_schedule=lr_schedule,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            validation_split=validation_split,
            patience=patience,
            callbacks=callbacks,
            verbose=verbose,
            random_state=random_state,
            device=device,
            warm_start=warm_start,
            **kwargs,
        )


class _RecurrentClassifier(ClassifierNetMixin, SequenceNetBase):
    """Recurrent classifiers; the public classes pick the cell."""

    _module = RecurrentModule
    _module_params = _MODULE_PARAMS
    _parameter_constraints = _RECURRENT_CONSTRAINTS

    def __init__(
        self,
        *,
        hidden_size=32,
        num_layers=1,
        bidirectional=True,
        dropout=0.0,
        layer_dropout=0.0,
        recurrent_dropout=0.0,
        pooling="last",
        embedding_dim=None,
        vocab_size=None,
        pretrained_embeddings=None,
        freeze_embeddings=False,
        max_epochs=100,
        batch_size="auto",
        lr=1e-3,
        optimizer="adam",
        weight_decay=0.0,
        clip_grad_norm=None,
        ema_momentum=None,
        lr_schedule="plateau",
        early_stopping="auto",
        validation_fraction=0.1,
        validation_split="recent",
        patience=10,
        callbacks=None,
        verbose=0,
        random_state=None,
        device="cpu",
        warm_start=False,
        **kwargs,
    ):
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bidirectional = bidirectional
        self.dropout = dropout
        self.layer_dropout = layer_dropout
        self.recurrent_dropout = recurrent_dropout
        self.pooling = pooling
        super().__init__(
            embedding_dim=embedding_dim,
            vocab_size=vocab_size,
            pretrained_embeddings=pretrained_embeddings,
            freeze_embeddings=freeze_embeddings,
            max_epochs=max_epochs,
            batch_size=batch_size,
            lr=lr,
            optimizer=optimizer,
            weight_decay=weight_decay,
            clip_grad_norm=clip_grad_norm,
            ema_momentum=ema_momentum,
            lr_schedule=lr_schedule,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            validation_split=validation_split,
            patience=patience,
            callbacks=callbacks,
            verbose=verbose,
            random_state=random_state,
            device=device,
            warm_start=warm_start,
            **kwargs,
        )


def _recurrent_params(kind):
    """The family's parameter section; only the bidirectional default differs."""
    if kind == "regressor":
        bidirectional = """False
        Also read each sequence backwards; the head sees both directions.
        A forecast mostly depends on the latest steps, which a forward
        reading ends on."""
    else:
        bidirectional = """True
        Also read each sequence backwards; the head sees both directions.
        A classifier sees the whole sequence: reading it both ways puts its
        start and its end next to the head, where a forward-only reading
        must carry the start through every later step."""
    return f"""\
    hidden_size : int, default=32
        Units per direction and layer.
    num_layers : int, default=1
        Stacked recurrent layers.
    bidirectional : bool, default={bidirectional}
    dropout : float in [0, 1), default=0.0
        Dropout on what the head reads (the Keras ``Dropout`` layer before
        ``Dense``).
    layer_dropout : float in [0, 1), default=0.0
        Dropout on each stacked layer's outputs, every step, before the next
        layer reads them (torch's ``nn.LSTM(dropout=...)``); unused with one
        layer.  Off by default, as in the Keras stacks it translates: on the
        Jena protocol two GRU(32) layers with ``dropout=0.5`` reached a test
        MAE of 2.38 without it, 2.44-2.45 with 0.25 or 0.5 (one seed each;
        ``examples/README.md``).
    recurrent_dropout : float in [0, 1), default=0.0
        DropConnect on the hidden-to-hidden weights (one mask per batch), so
        the fused recurrent kernel still runs.
    pooling : {{"last", "mean", "max"}}, default="last"
        What the head reads: the state after the last *real* step (padding
        is never read, in either direction), or the mean or maximum of the
        outputs over the real steps."""


def _doc(cell, name, kind):
    return fill_doc(
        template=REGRESSOR_DOC if kind == "regressor" else CLASSIFIER_DOC,
        title=f"{cell} {kind} on windows, sequences, token ids or collections.",
        summary=(
            f"A stacked {cell} (skorch-trained) reads each sequence and a "
            + (
                "linear head maps its final state to one or several targets "
                "(or quantiles of them)."
                if kind == "regressor"
                else "linear head gives class scores (softmax, cross-entropy)."
            )
        ),
        family_params=_recurrent_params(kind),
        see_also=(
            "sktseq.WindowTransformer : Windows from a time-ordered table."
            if kind == "regressor"
            else "sktseq.TextVectorizer : Token ids from documents."
        ),
        example=_EXAMPLES[kind].format(name=name),
    )


@_doc("LSTM", "LSTMRegressor", "regressor")
class LSTMRegressor(_RecurrentRegressor):
    _fixed_module_params = {"cell": "lstm"}


@_doc("LSTM", "LSTMClassifier", "classifier")
class LSTMClassifier(_RecurrentClassifier):
    _fixed_module_params = {"cell": "lstm"}


@_doc("GRU", "GRURegressor", "regressor")
class GRURegressor(_RecurrentRegressor):
    _fixed_module_params = {"cell": "gru"}


@_doc("GRU", "GRUClassifier", "classifier")
class GRUClassifier(_RecurrentClassifier):
    _fixed_module_params = {"cell": "gru"}


@_doc("Elman RNN (tanh)", "RNNRegressor", "regressor")
class RNNRegressor(_RecurrentRegressor):
    _fixed_module_params = {"cell": "rnn"}


@_doc("Elman RNN (tanh)", "RNNClassifier", "classifier")
class RNNClassifier(_RecurrentClassifier):
    _fixed_module_params = {"cell": "rnn"}
