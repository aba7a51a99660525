"""Recurrent estimators: LSTM, GRU and plain RNN, regressor and classifier.

Thin classes: all behaviour lives in :mod:`sktseq.nn._base`; a family class
declares its parameters (explicit ``__init__`` for scikit-learn) and module,
and each public class picks the cell and the target mixin.
"""

import numbers

from .._compat import Interval, StrOptions
from ._base import SequenceNetBase
from ._docs import fill_doc
from ._recurrent import RecurrentModule
from ._targets import ClassifierNetMixin, RegressorNetMixin

__all__ = [
    "GRUClassifier",
    "GRURegressor",
    "LSTMClassifier",
    "LSTMRegressor",
    "RNNClassifier",
    "RNNRegressor",
]

_RECURRENT_PARAMS = """\
    hidden_size : int, default=32
        Units per direction and layer.
    num_layers : int, default=1
        Stacked recurrent layers.
    bidirectional : bool, default=False
        Also read each sequence backwards; the head sees both directions.
    dropout : float in [0, 1), default=0.0
        Dropout between stacked layers and before the head.
    recurrent_dropout : float in [0, 1), default=0.0
        DropConnect on the hidden-to-hidden weights (one mask per batch), so
        the fused recurrent kernel still runs.
    pooling : {"last", "mean"}, default="last"
        What the head reads: the final hidden state (the last *real* step
        for padded token ids, which are packed so padding is never read), or
        the mean of the outputs over the real steps."""


class _RecurrentNet(SequenceNetBase):
    _module = RecurrentModule
    _module_params = (
        "hidden_size",
        "num_layers",
        "bidirectional",
        "dropout",
        "recurrent_dropout",
        "pooling",
    )
    _parameter_constraints = {
        **SequenceNetBase._parameter_constraints,
        "hidden_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "num_layers": [Interval(numbers.Integral, 1, None, closed="left")],
        "bidirectional": ["boolean"],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "recurrent_dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "pooling": [StrOptions({"last", "mean"})],
    }

    def __init__(
        self,
        *,
        hidden_size=32,
        num_layers=1,
        bidirectional=False,
        dropout=0.0,
        recurrent_dropout=0.0,
        pooling="last",
        embedding_dim=None,
        vocab_size=None,
        pretrained_embeddings=None,
        freeze_embeddings=False,
        max_epochs=10,
        batch_size=128,
        lr=1e-3,
        optimizer="adam",
        weight_decay=0.0,
        clip_grad_norm=None,
        lr_schedule=None,
        early_stopping=False,
        validation_fraction=None,
        patience=5,
        callbacks=None,
        verbose=0,
        random_state=None,
        device="cpu",
        warm_start=False,
        **kwargs,
    ):
        self._store_params(locals())


_REGRESSOR_DOC = """{cell} regressor on windows, univariate sequences or token ids.

    A stacked {cell} (skorch-trained) reads each sequence and a linear head
    maps its final state to one or several targets.

    Parameters
    ----------
    {recurrent_params}
    {input_params}
    {training_params}

    Attributes
    ----------
    {attributes}
    n_outputs_ : int
        Number of targets.

    See Also
    --------
    sktseq.WindowTransformer : Windows from a time-ordered table.

    Examples
    --------
    >>> import numpy as np
    >>> from sktseq.nn import {name}
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(64, 12, 3)).astype("float32")
    >>> y = X[:, -1, 0]
    >>> model = {name}(hidden_size=8, max_epochs=2, random_state=0).fit(X, y)
    >>> model.predict(X[:2]).shape
    (2,)
    """

_CLASSIFIER_DOC = """{cell} classifier on windows, univariate sequences or token ids.

    A stacked {cell} (skorch-trained) reads each sequence and a linear head
    gives class scores (softmax, cross-entropy); labels may be of any type.

    Parameters
    ----------
    {recurrent_params}
    {input_params}
    {training_params}

    Attributes
    ----------
    {attributes}
    classes_ : ndarray of shape (n_classes,)
        Class labels.

    See Also
    --------
    sktseq.TextVectorizer : Token ids from documents.

    Examples
    --------
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
    (3, 2)
    """


def _doc(template, cell, name):
    # Keep the shared {..._params} fields for fill_doc; set cell and name now.
    return template.replace("{cell}", cell).replace("{name}", name)


@fill_doc(recurrent_params=_RECURRENT_PARAMS)
class LSTMRegressor(RegressorNetMixin, _RecurrentNet):
    __doc__ = _doc(_REGRESSOR_DOC, "LSTM", "LSTMRegressor")
    _fixed_module_params = {"cell": "lstm"}


@fill_doc(recurrent_params=_RECURRENT_PARAMS)
class LSTMClassifier(ClassifierNetMixin, _RecurrentNet):
    __doc__ = _doc(_CLASSIFIER_DOC, "LSTM", "LSTMClassifier")
    _fixed_module_params = {"cell": "lstm"}


@fill_doc(recurrent_params=_RECURRENT_PARAMS)
class GRURegressor(RegressorNetMixin, _RecurrentNet):
    __doc__ = _doc(_REGRESSOR_DOC, "GRU", "GRURegressor")
    _fixed_module_params = {"cell": "gru"}


@fill_doc(recurrent_params=_RECURRENT_PARAMS)
class GRUClassifier(ClassifierNetMixin, _RecurrentNet):
    __doc__ = _doc(_CLASSIFIER_DOC, "GRU", "GRUClassifier")
    _fixed_module_params = {"cell": "gru"}


@fill_doc(recurrent_params=_RECURRENT_PARAMS)
class RNNRegressor(RegressorNetMixin, _RecurrentNet):
    __doc__ = _doc(_REGRESSOR_DOC, "Elman RNN (tanh)", "RNNRegressor")
    _fixed_module_params = {"cell": "rnn"}


@fill_doc(recurrent_params=_RECURRENT_PARAMS)
class RNNClassifier(ClassifierNetMixin, _RecurrentNet):
    __doc__ = _doc(_CLASSIFIER_DOC, "Elman RNN (tanh)", "RNNClassifier")
    _fixed_module_params = {"cell": "rnn"}
