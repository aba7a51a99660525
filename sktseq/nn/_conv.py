"""1-D convolutional estimators, regressor and classifier.

The torch module is :class:`sktseq.nn.modules.Conv1DModule`
(``modules/_conv.py``); training lives in :mod:`sktseq.nn._base`.
"""

import numbers

from .._compat import Interval, StrOptions
from ._base import SequenceNetBase
from ._docs import CLASSIFIER_DOC, REGRESSOR_DOC, fill_doc
from ._targets import ClassifierNetMixin, RegressorNetMixin
from .modules import Conv1DModule

__all__ = ["Conv1DClassifier", "Conv1DRegressor"]

_POSITIVE_INT = [Interval(numbers.Integral, 1, None, closed="left")]

_CONV_PARAMS = """\
    filters : int, default=32
        Channels of every convolution.
    kernel_size : int or tuple of int, default=5
        Width of every ("same"-padded) convolution.  A tuple such as
        ``(3, 4, 5)`` builds one branch per width side by side (Kim, 2014),
        their globally pooled features concatenated.
    num_layers : int, default=2
        ``Conv1d + ReLU`` blocks (per branch), separated by local pooling.
    pooling : {"max", "avg"}, default="max"
        Local pooling between blocks and global pooling at the end.
    pool_size : int, default=2
        Width and stride of the local pooling.
    dropout : float in [0, 1), default=0.0
        Dropout before the head."""

_CONSTRAINTS = {
    **SequenceNetBase._parameter_constraints,
    "filters": _POSITIVE_INT,
    "kernel_size": [*_POSITIVE_INT, tuple, list],
    "num_layers": _POSITIVE_INT,
    "pooling": [StrOptions({"max", "avg"})],
    "pool_size": _POSITIVE_INT,
    "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
}
_MODULE_PARAMS = (
    "filters",
    "kernel_size",
    "num_layers",
    "pooling",
    "pool_size",
    "dropout",
)

_EXAMPLE_REGRESSOR = """\
    >>> import numpy as np
    >>> from sktseq.nn import Conv1DRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(64, 12, 3)).astype("float32")
    >>> model = Conv1DRegressor(filters=8, max_epochs=2, random_state=0)
    >>> model.fit(X, X[:, -1, 0]).predict(X[:2]).shape
    (2,)"""

_EXAMPLE_CLASSIFIER = """\
    >>> import numpy as np
    >>> from sktseq.nn import Conv1DClassifier
    >>> rng = np.random.default_rng(0)
    >>> ids = rng.integers(1, 20, size=(64, 10))
    >>> ids[:, 7:] = 0  # padding
    >>> y = np.where(ids[:, 0] > 10, "pos", "neg")
    >>> model = Conv1DClassifier(filters=8, kernel_size=(3, 4, 5), num_layers=1,
    ...                          max_epochs=2, random_state=0).fit(ids, y)
    >>> model.predict_proba(ids[:3]).shape
    (3, 2)"""


@fill_doc(
    template=REGRESSOR_DOC,
    title="1-D convolutional regressor (a fast baseline for sequence models).",
    summary=(
        'Stacked "same" convolutions with local pooling, global pooling and '
        "a linear head mapping to one or several targets (skorch-trained)."
    ),
    family_params=_CONV_PARAMS,
    see_also="LSTMRegressor : Recurrent regressor.",
    example=_EXAMPLE_REGRESSOR,
)
class Conv1DRegressor(RegressorNetMixin, SequenceNetBase):
    _module = Conv1DModule
    _module_params = _MODULE_PARAMS
    _parameter_constraints = {
        **_CONSTRAINTS,
        "loss": [StrOptions({"squared_error", "absolute_error", "huber"})],
        "quantiles": ["array-like", None],
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
        self.filters = filters
        self.kernel_size = kernel_size
        self.num_layers = num_layers
        self.pooling = pooling
        self.pool_size = pool_size
        self.dropout = dropout
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
    title="1-D convolutional classifier (a fast baseline for sequence models).",
    summary=(
        'Stacked "same" convolutions with local pooling, global pooling and '
        "a softmax head (skorch-trained); ``kernel_size=(3, 4, 5)`` gives "
        "Kim's sentence CNN."
    ),
    family_params=_CONV_PARAMS,
    see_also="LSTMClassifier : Recurrent classifier.",
    example=_EXAMPLE_CLASSIFIER,
)
class Conv1DClassifier(ClassifierNetMixin, SequenceNetBase):
    _module = Conv1DModule
    _module_params = _MODULE_PARAMS
    _parameter_constraints = _CONSTRAINTS

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
        self.filters = filters
        self.kernel_size = kernel_size
        self.num_layers = num_layers
        self.pooling = pooling
        self.pool_size = pool_size
        self.dropout = dropout
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
