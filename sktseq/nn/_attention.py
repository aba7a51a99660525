"""Transformer-encoder estimators, regressor and classifier.

The torch module is :class:`sktseq.nn.modules.TransformerEncoderModule`
(``modules/_attention.py``); training lives in :mod:`sktseq.nn._base`.
"""

import numbers

from .._compat import Interval, StrOptions
from ._base import SequenceNetBase
from ._docs import CLASSIFIER_DOC, REGRESSOR_DOC, fill_doc
from ._targets import ClassifierNetMixin, RegressorNetMixin
from .modules import TransformerEncoderModule

__all__ = ["AttentionClassifier", "AttentionRegressor"]

_POSITIVE_INT = [Interval(numbers.Integral, 1, None, closed="left")]

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
    pooling : {"mean", "max", "cls"}, default="mean"
        Mean or maximum over real (non-padding) steps, or a learned class
        token.  Padding is also masked out of every attention softmax."""

_CONSTRAINTS = {
    **SequenceNetBase._parameter_constraints,
    "d_model": _POSITIVE_INT,
    "num_heads": _POSITIVE_INT,
    "num_layers": _POSITIVE_INT,
    "dim_feedforward": [*_POSITIVE_INT, None],
    "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
    "positional": [StrOptions({"sinusoidal", "learned"}), None],
    "max_len": _POSITIVE_INT,
    "pooling": [StrOptions({"mean", "max", "cls"})],
}
_MODULE_PARAMS = (
    "d_model",
    "num_heads",
    "num_layers",
    "dim_feedforward",
    "dropout",
    "positional",
    "max_len",
    "pooling",
)

_EXAMPLE_REGRESSOR = """\
    >>> import numpy as np
    >>> from sktseq.nn import AttentionRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(64, 12, 3)).astype("float32")
    >>> model = AttentionRegressor(d_model=8, max_epochs=2, random_state=0)
    >>> model.fit(X, X[:, -1, 0]).predict(X[:2]).shape
    (2,)
    >>> model.attention_weights(X[:2]).shape
    (2, 1, 4, 12, 12)"""

_EXAMPLE_CLASSIFIER = """\
    >>> import numpy as np
    >>> from sktseq.nn import AttentionClassifier
    >>> rng = np.random.default_rng(0)
    >>> ids = rng.integers(1, 20, size=(64, 10))
    >>> ids[:, 7:] = 0  # padding
    >>> y = np.where(ids[:, 0] > 10, "pos", "neg")
    >>> model = AttentionClassifier(d_model=8, max_epochs=2, random_state=0).fit(ids, y)
    >>> model.predict_proba(ids[:3]).shape
    (3, 2)
    >>> w = model.attention_weights(ids[:1])
    >>> w.shape, bool(w[0, 0, 0, 0, 7:].sum() == 0)  # padded keys get 0
    ((1, 1, 4, 10, 10), True)"""


class _AttentionWeights:
    """``attention_weights`` for both tasks."""

    def attention_weights(self, X):
        """Attention weights of every layer and head for ``X`` (for heat maps).

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or \
(n_samples, seq_len), or list of arrays
            Input of the same kind as in ``fit``.

        Returns
        -------
        weights : ndarray of shape (n_samples, num_layers, num_heads, L, L)
            ``weights[i, l, h, q, k]``: attention of query step ``q`` to key
            step ``k``; rows sum to 1 and padded keys get 0.  ``L`` is the
            input's length (the longest sequence of a collection); with
            ``pooling="cls"``, ``L = seq_len + 1`` and index 0 is the class
            token.
        """
        return self._module_batches(X, "attention_weights")


@fill_doc(
    template=REGRESSOR_DOC,
    title="Transformer-encoder regressor on windows, sequences, ids or collections.",
    summary=(
        "Self-attention layers with positional encoding, masked pooling and a "
        "linear head mapping to one or several targets (skorch-trained)."
    ),
    family_params=_ATTENTION_PARAMS,
    see_also=(
        "AttentionClassifier : The classifier; ``attention_weights`` for heat maps."
    ),
    example=_EXAMPLE_REGRESSOR,
)
class AttentionRegressor(_AttentionWeights, RegressorNetMixin, SequenceNetBase):
    _module = TransformerEncoderModule
    _module_params = _MODULE_PARAMS
    _parameter_constraints = {
        **_CONSTRAINTS,
        "loss": [StrOptions({"squared_error", "absolute_error", "huber"})],
        "quantiles": ["array-like", None],
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
        self.d_model = d_model
        self.num_heads = num_heads
        self.num_layers = num_layers
        self.dim_feedforward = dim_feedforward
        self.dropout = dropout
        self.positional = positional
        self.max_len = max_len
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


@fill_doc(
    template=CLASSIFIER_DOC,
    title="Transformer-encoder classifier on windows, sequences, ids or collections.",
    summary=(
        "Self-attention layers with positional encoding, masked pooling and a "
        "softmax head (skorch-trained)."
    ),
    family_params=_ATTENTION_PARAMS,
    see_also="AttentionRegressor : The regressor.",
    example=_EXAMPLE_CLASSIFIER,
)
class AttentionClassifier(_AttentionWeights, ClassifierNetMixin, SequenceNetBase):
    _module = TransformerEncoderModule
    _module_params = _MODULE_PARAMS
    _parameter_constraints = _CONSTRAINTS

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
        self.d_model = d_model
        self.num_heads = num_heads
        self.num_layers = num_layers
        self.dim_feedforward = dim_feedforward
        self.dropout = dropout
        self.positional = positional
        self.max_len = max_len
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
