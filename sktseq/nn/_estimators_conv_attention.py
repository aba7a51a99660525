"""Transformer-encoder and 1-D convolutional estimators.

Thin classes over :mod:`sktseq.nn._base`, driving the torch modules of
:mod:`sktseq.nn._attention` and :mod:`sktseq.nn._conv`.
"""

import numbers

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .._compat import Interval, StrOptions
from ._attention import TransformerEncoderModule
from ._base import SequenceNetBase
from ._conv import Conv1DModule
from ._data import BatchIterator, SequenceDataset
from ._docs import fill_doc
from ._targets import ClassifierNetMixin, RegressorNetMixin

__all__ = [
    "AttentionClassifier",
    "AttentionRegressor",
    "Conv1DClassifier",
    "Conv1DRegressor",
]

_POSITIVE_INT = [Interval(numbers.Integral, 1, None, closed="left")]
_PROBABILITY = [Interval(numbers.Real, 0, 1, closed="left")]

_ATTENTION_PARAMS = """\
    d_model : int, default=32
        Width of the encoder; divisible by ``num_heads``.
    num_heads : int, default=4
        Attention heads per layer.
    num_layers : int, default=1
        Encoder layers (pre-norm multi-head self-attention + feed-forward).
    dim_feedforward : int or None, default=None
        Hidden width of the feed-forward blocks; None means ``4 * d_model``.
    dropout : float in [0, 1), default=0.1
        Dropout on attention weights, residual branches and before the head.
    positional : {"sinusoidal", "learned"} or None, default="sinusoidal"
        Positional encoding; None gives a bag-of-steps model.
    max_len : int, default=512
        Longest sequence with ``positional="learned"``.
    pooling : {"mean", "cls"}, default="mean"
        Mean over real (non-padding) steps, or a learned class token.
        Padding (token id 0) is also masked out of every attention softmax."""

_CONV_PARAMS = """\
    filters : int, default=32
        Channels of every convolution.
    kernel_size : int, default=5
        Width of every ("same"-padded) convolution.
    num_layers : int, default=2
        ``Conv1d + ReLU`` blocks, separated by local pooling.
    pooling : {"max", "avg"}, default="max"
        Local pooling between blocks and global pooling at the end.
    pool_size : int, default=2
        Width and stride of the local pooling.
    dropout : float in [0, 1), default=0.0
        Dropout before the head."""


class _AttentionNet(SequenceNetBase):
    _module = TransformerEncoderModule
    _module_params = (
        "d_model",
        "num_heads",
        "num_layers",
        "dim_feedforward",
        "dropout",
        "positional",
        "max_len",
        "pooling",
    )
    _parameter_constraints = {
        **SequenceNetBase._parameter_constraints,
        "d_model": _POSITIVE_INT,
        "num_heads": _POSITIVE_INT,
        "num_layers": _POSITIVE_INT,
        "dim_feedforward": [*_POSITIVE_INT, None],
        "dropout": _PROBABILITY,
        "positional": [StrOptions({"sinusoidal", "learned"}), None],
        "max_len": _POSITIVE_INT,
        "pooling": [StrOptions({"mean", "cls"})],
    }

    def __init__(
        self,
        *,
        d_model=32,
        num_heads=4,
        num_layers=1,
        dim_feedforward=None,
        dropout=0.1,
        positional="sinusoidal",
        max_len=512,
        pooling="mean",
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

    def attention_weights(self, X):
        """Attention weights of every layer and head for ``X`` (for heat maps).

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or (n_samples, seq_len)
            Input of the same kind as in ``fit``.

        Returns
        -------
        weights : ndarray of shape (n_samples, num_layers, num_heads, L, L)
            ``weights[i, l, h, q, k]``: attention of query step ``q`` to key
            step ``k``; rows sum to 1 and padded keys get 0.  With
            ``pooling="cls"``, ``L = seq_len + 1`` and index 0 is the class
            token.
        """
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        module = self.net_.module_
        batches = BatchIterator(SequenceDataset(X), self.batch_size)
        out = [
            module.attention_weights(xb.to(self.net_.device)).cpu().numpy()
            for xb, _ in batches
        ]
        return np.concatenate(out) if out else np.empty((0,), dtype=np.float32)


class _Conv1DNet(SequenceNetBase):
    _module = Conv1DModule
    _module_params = (
        "filters",
        "kernel_size",
        "num_layers",
        "pooling",
        "pool_size",
        "dropout",
    )
    _parameter_constraints = {
        **SequenceNetBase._parameter_constraints,
        "filters": _POSITIVE_INT,
        "kernel_size": _POSITIVE_INT,
        "num_layers": _POSITIVE_INT,
        "pooling": [StrOptions({"max", "avg"})],
        "pool_size": _POSITIVE_INT,
        "dropout": _PROBABILITY,
    }

    def __init__(
        self,
        *,
        filters=32,
        kernel_size=5,
        num_layers=2,
        pooling="max",
        pool_size=2,
        dropout=0.0,
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


_EXAMPLE_REGRESSOR = """\
    >>> import numpy as np
    >>> from sktseq.nn import {name}
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(64, 12, 3)).astype("float32")
    >>> model = {name}({small}, max_epochs=2, random_state=0)
    >>> model.fit(X, X[:, -1, 0]).predict(X[:2]).shape
    (2,)"""

_EXAMPLE_CLASSIFIER = """\
    >>> import numpy as np
    >>> from sktseq.nn import {name}
    >>> rng = np.random.default_rng(0)
    >>> ids = rng.integers(1, 20, size=(64, 10))
    >>> ids[:, 7:] = 0  # padding
    >>> y = np.where(ids[:, 0] > 10, "pos", "neg")
    >>> model = {name}({small}, max_epochs=2, random_state=0).fit(ids, y)
    >>> model.predict_proba(ids[:3]).shape
    (3, 2)"""


def _example(template, name, small):
    return template.format(name=name, small=small)


@fill_doc(
    family_params=_ATTENTION_PARAMS,
    example=_example(_EXAMPLE_REGRESSOR, "AttentionRegressor", "d_model=8"),
)
class AttentionRegressor(RegressorNetMixin, _AttentionNet):
    """Transformer-encoder regressor on windows, sequences or token ids.

    Self-attention layers with positional encoding, masked pooling and a
    linear head mapping to one or several targets (skorch-trained).

    Parameters
    ----------
    {family_params}
    {input_params}
    {training_params}

    Attributes
    ----------
    {attributes}
    n_outputs_ : int
        Number of targets.

    See Also
    --------
    AttentionClassifier : The classifier; ``attention_weights`` for heat maps.

    Examples
    --------
    {example}
    >>> model.attention_weights(X[:2]).shape
    (2, 1, 4, 12, 12)
    """


@fill_doc(
    family_params=_ATTENTION_PARAMS,
    example=_example(_EXAMPLE_CLASSIFIER, "AttentionClassifier", "d_model=8"),
)
class AttentionClassifier(ClassifierNetMixin, _AttentionNet):
    """Transformer-encoder classifier on windows, sequences or token ids.

    Self-attention layers with positional encoding, masked pooling and a
    softmax head (skorch-trained); labels may be of any type.

    Parameters
    ----------
    {family_params}
    {input_params}
    {training_params}

    Attributes
    ----------
    {attributes}
    classes_ : ndarray of shape (n_classes,)
        Class labels.

    See Also
    --------
    AttentionRegressor : The regressor.

    Examples
    --------
    {example}
    >>> w = model.attention_weights(ids[:1])
    >>> w.shape, bool(w[0, 0, 0, 0, 7:].sum() == 0)  # padded keys get 0
    ((1, 1, 4, 10, 10), True)
    """


@fill_doc(
    family_params=_CONV_PARAMS,
    example=_example(_EXAMPLE_REGRESSOR, "Conv1DRegressor", "filters=8"),
)
class Conv1DRegressor(RegressorNetMixin, _Conv1DNet):
    """1-D convolutional regressor (a fast baseline for sequence models).

    Stacked "same" convolutions with local pooling, global pooling and a
    linear head mapping to one or several targets (skorch-trained).

    Parameters
    ----------
    {family_params}
    {input_params}
    {training_params}

    Attributes
    ----------
    {attributes}
    n_outputs_ : int
        Number of targets.

    See Also
    --------
    LSTMRegressor : Recurrent regressor.

    Examples
    --------
    {example}
    """


@fill_doc(
    family_params=_CONV_PARAMS,
    example=_example(_EXAMPLE_CLASSIFIER, "Conv1DClassifier", "filters=8"),
)
class Conv1DClassifier(ClassifierNetMixin, _Conv1DNet):
    """1-D convolutional classifier (a fast baseline for sequence models).

    Stacked "same" convolutions with local pooling, global pooling and a
    softmax head (skorch-trained); labels may be of any type.

    Parameters
    ----------
    {family_params}
    {input_params}
    {training_params}

    Attributes
    ----------
    {attributes}
    classes_ : ndarray of shape (n_classes,)
        Class labels.

    See Also
    --------
    LSTMClassifier : Recurrent classifier.

    Examples
    --------
    {example}
    """
