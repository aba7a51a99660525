"""Encoder-decoder regressor with additive attention over the input window.

The torch module is :class:`sktseq.nn.modules.Seq2SeqModule`
(``modules/_seq2seq.py``); training lives in :mod:`sktseq.nn._base`.  The one
thing the shared skorch net lacks is teacher forcing, which needs the true
targets inside ``forward`` during training: :class:`_Seq2SeqNet` passes them.
"""

import numbers

import numpy as np
from skorch.dataset import unpack_data
from skorch.utils import to_tensor

from .._compat import Interval, StrOptions
from ._base import SequenceNetBase
from ._docs import _REGRESSOR_ATTRIBUTES, REGRESSOR_DOC, fill_doc
from ._net import RegressorNet
from ._targets import RegressorNetMixin
from .modules import Seq2SeqModule

__all__ = ["Seq2SeqRegressor"]


class _Seq2SeqNet(RegressorNet):
    """``RegressorNet`` whose training steps hand the targets to the module."""

    def train_step_single(self, batch, **fit_params):
        # skorch's own step, plus ``teacher=y`` for the decoder.
        self._set_training(True)
        Xi, yi = unpack_data(batch)
        target = yi[0] if isinstance(yi, tuple | list) else yi
        teacher = to_tensor(target, device=self.device)
        y_pred = self.infer(Xi, teacher=teacher, **fit_params)
        loss = self.get_loss(y_pred, yi, X=Xi, training=True)
        loss.backward()
        return {"loss": loss, "y_pred": y_pred}


_SEQ2SEQ_PARAMS = """\
    n_horizons : int or None, default=None
        Decoder steps: the horizons forecast, one per column of each target
        in ``y`` (:func:`~sktseq.windows.align_horizon` with ``horizon=[1,
        ..., H]`` gives ``H`` columns per target, target-major).  None: one
        target, every column of ``y`` a horizon.  With ``n_targets`` targets
        ``y`` has ``n_targets * n_horizons`` columns.
    cell : {"gru", "lstm"}, default="gru"
        Encoder and decoder cell.
    hidden_size : int, default=32
        Width of the encoder and decoder states.
    num_layers : int, default=1
        Stacked encoder layers.
    attention_size : int or None, default=None
        Hidden width of the additive attention; None means ``hidden_size``.
    dropout : float in [0, 1), default=0.2
        Dropout between stacked encoder layers and before the output layer.
        Without it the decoder fits its training rows far more closely than
        a direct model: on the bundled Jena year (24 horizons) dropout 0.2
        took the validation loss from 0.155 to 0.118 (a direct LSTM's:
        0.11-0.12).
    teacher_forcing : float in [0, 1], default=0.0
        Probability, per sample and horizon in training, that the decoder
        reads the previous horizon's true value rather than its own output.
        At ``predict`` it always reads its own output.  On the Jena year,
        0.0 and 0.5 reached the same validation loss (0.121, 0.118), 0.0 in
        30 epochs instead of 80."""

_ATTRIBUTES = (
    _REGRESSOR_ATTRIBUTES
    + """
    n_horizons_ : int
        Horizons the decoder is unrolled over (``n_horizons``, or the
        number of columns of ``y``)."""
)

_EXAMPLE = """\
    >>> import numpy as np
    >>> from sktseq.nn import Seq2SeqRegressor
    >>> from sktseq.windows import WindowTransformer, align_horizon
    >>> rng = np.random.default_rng(0)
    >>> series = np.sin(np.arange(300) / 6) + 0.1 * rng.normal(size=300)
    >>> X, y = align_horizon(series[:, None], target=0, horizon=[1, 2, 3])
    >>> windows = WindowTransformer(seq_len=12).fit_transform(X)
    >>> model = Seq2SeqRegressor(hidden_size=8, max_epochs=2, random_state=0)
    >>> model.fit(windows, y).predict(windows[:2]).shape
    (2, 3)
    >>> weights = model.attention_weights(windows[:2])  # (n, horizon, step)
    >>> weights.shape, np.allclose(weights.sum(axis=2), 1)
    ((2, 3, 12), True)"""


@fill_doc(
    template=REGRESSOR_DOC,
    title="Encoder-decoder (seq2seq) regressor with additive attention.",
    summary=(
        "A GRU or LSTM encoder reads each window; a decoder cell is unrolled "
        "over the ``n_horizons`` forecast horizons and, at each, attends over "
        "every encoder step with additive (Bahdanau) attention, reads the "
        "previous horizon's value and outputs every target (or quantiles of "
        "them) at that horizon.  ``attention_weights`` shows which input "
        "steps each horizon reads (skorch-trained)."
    ),
    family_params=_SEQ2SEQ_PARAMS,
    regressor_attributes=_ATTRIBUTES,
    see_also=(
        "LSTMRegressor : Direct multi-output forecasts from the last state.\n"
        "    sktseq.plotting.plot_attention : Heat map of ``attention_weights``."
    ),
    example=_EXAMPLE,
)
class Seq2SeqRegressor(RegressorNetMixin, SequenceNetBase):
    _module = Seq2SeqModule
    _net_class = _Seq2SeqNet
    _module_params = (
        "cell",
        "hidden_size",
        "num_layers",
        "attention_size",
        "dropout",
        "teacher_forcing",
    )
    _parameter_constraints = {
        **SequenceNetBase._parameter_constraints,
        "n_horizons": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "cell": [StrOptions({"gru", "lstm"})],
        "hidden_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "num_layers": [Interval(numbers.Integral, 1, None, closed="left")],
        "attention_size": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "teacher_forcing": [Interval(numbers.Real, 0, 1, closed="both")],
        "loss": [StrOptions({"squared_error", "absolute_error", "huber"})],
        "quantiles": ["array-like", None],
    }

    def __init__(
        self,
        *,
        n_horizons=None,
        cell="gru",
        hidden_size=32,
        num_layers=1,
        attention_size=None,
        dropout=0.2,
        teacher_forcing=0.0,
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
        self.n_horizons = n_horizons
        self.cell = cell
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.attention_size = attention_size
        self.dropout = dropout
        self.teacher_forcing = teacher_forcing
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

    def _validate_y(self, y, *, reset, sample_weight=None):
        scaled = super()._validate_y(y, reset=reset, sample_weight=sample_weight)
        if reset:
            n_columns = self.n_outputs_
            horizons = n_columns if self.n_horizons is None else self.n_horizons
            if n_columns % horizons:
                raise ValueError(
                    f"n_horizons={horizons}, but y has {n_columns} columns, not "
                    "a multiple of it: y must hold n_targets * n_horizons "
                    "columns (align_horizon(..., horizon=[1, ..., H]), "
                    "target-major); set n_horizons to H, or None for one target."
                )
            self.n_horizons_ = horizons
        return scaled

    def _module_kwargs(self, X):
        kwargs = super()._module_kwargs(X)
        levels = self.quantiles_
        feedback = 0 if levels is None else int(np.argmin(np.abs(levels - 0.5)))
        kwargs.update(
            module__n_horizons=self.n_horizons_,
            module__n_levels=self._n_levels(),
            module__feedback_level=feedback,
        )
        return kwargs

    def attention_weights(self, X):
        """Attention of each forecast horizon over the input steps.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or \
(n_samples, seq_len), or list of arrays
            Input of the same kind as in ``fit``.

        Returns
        -------
        weights : ndarray of shape (n_samples, n_horizons_, seq_len)
            ``weights[i, k, t]``: how much the decoder reads input step ``t``
            (oldest first) when it forecasts horizon ``k``; each row sums to
            1, and padded steps get 0.  For a collection, ``seq_len`` is its
            longest sequence.  Draw one sample (or the mean over samples)
            with :func:`sktseq.plotting.plot_attention`.
        """
        return self._module_batches(X, "attention_weights")
