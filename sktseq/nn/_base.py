"""Shared base of the sktseq neural estimators: validation, skorch net, training.

Every public estimator is a plain scikit-learn estimator whose ``fit`` builds
a skorch net (:mod:`sktseq.nn._net`) and stores it as ``net_``.  Subclassing
``NeuralNet`` directly was rejected: its ``__init__`` sets attributes (fails
scikit-learn's init checks), its defaults include a ``ValidSplit`` instance,
and its validation split is random or the *oldest* rows.  Wrapping keeps
``__init__`` clean while skorch does the training:

* flat parameters (``hidden_size``, ``lr``, ``early_stopping``...) become
  skorch parameters and callbacks in :meth:`SequenceNetBase._build_net`;
* any skorch parameter can still be given by its skorch name as an extra
  keyword (``module__hidden_size=8``, ``optimizer__momentum=0.9``,
  ``iterator_train__num_workers=2``, ``train_split=ValidSplit(5)``); such
  keywords are ordinary parameters for ``get_params``/``set_params``/
  ``clone``/``GridSearchCV``, and win over the flat parameter they shadow.

Defaults learn (see :mod:`sktseq.nn._training`): training runs until the
loss stops improving, with a learning-rate schedule and a batch size that
gives enough steps on small data.
"""

import inspect
import numbers

import numpy as np
import torch
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_consistent_length, check_is_fitted
from skorch import NeuralNet

from .._compat import Interval, _check_sample_weight, _fit_context
from .._ragged import Ragged, check_ragged, is_ragged, pad_token_ids
from .._validation import check_sequences, is_token_ids
from ._data import SequenceDataset, SequenceLoader, call_in_batches
from ._training import (
    OPTIMIZERS,
    TRAINING_CONSTRAINTS,
    build_callbacks,
    build_train_split,
    check_device,
    flush_denormals,
    print_log,
    resolve_training,
    seeded,
)

__all__ = ["SequenceNetBase"]

# skorch parameters that may be passed by their skorch name (besides the
# prefixed ``module__x``-style ones).
_SKORCH_PARAMS = (
    frozenset(inspect.signature(NeuralNet.__init__).parameters) - {"self", "kwargs"}
) | {"classes"}
_DEFAULT_EMBEDDING_DIM = 32


def _is_skorch_key(name):
    return "__" in name or name in _SKORCH_PARAMS


class SequenceNetBase(BaseEstimator):
    """Behaviour shared by every sktseq neural estimator.

    Subclasses set ``_module`` (a torch module class following the
    :mod:`sktseq.nn.modules` contract), ``_module_params`` (names of their
    own parameters forwarded to the module) and ``_fixed_module_params``,
    and mix in :class:`~sktseq.nn._targets.RegressorNetMixin` or
    :class:`~sktseq.nn._targets.ClassifierNetMixin` for the targets.
    """

    _module = None
    _module_params = ()
    _fixed_module_params = {}

    _parameter_constraints = {
        "embedding_dim": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "vocab_size": [Interval(numbers.Integral, 2, None, closed="left"), None],
        "pretrained_embeddings": ["array-like", None],
        "freeze_embeddings": ["boolean"],
        **TRAINING_CONSTRAINTS,
    }

    def __init__(
        self,
        *,
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
        self.embedding_dim = embedding_dim
        self.vocab_size = vocab_size
        self.pretrained_embeddings = pretrained_embeddings
        self.freeze_embeddings = freeze_embeddings
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.optimizer = optimizer
        self.weight_decay = weight_decay
        self.clip_grad_norm = clip_grad_norm
        self.ema_momentum = ema_momentum
        self.lr_schedule = lr_schedule
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.validation_split = validation_split
        self.patience = patience
        self.callbacks = callbacks
        self.verbose = verbose
        self.random_state = random_state
        self.device = device
        self.warm_start = warm_start
        # skorch parameters by their skorch names (module__x, iterator_...).
        for name, value in kwargs.items():
            setattr(self, name, value)

    # -- parameters: flat ones plus skorch-named extras -------------------------

    def _skorch_kwargs(self):
        # Fitted attributes end with "_" and private state starts with "_",
        # so any other attribute not in the signature came in as a keyword.
        own = self._get_param_names()
        return {
            k: v
            for k, v in vars(self).items()
            if not (k.startswith("_") or k.endswith("_") or k in own)
        }

    def get_params(self, deep=True):
        """Get parameters, including skorch-named extras such as ``module__x``.

        Parameters
        ----------
        deep : bool, default=True
            Also return the parameters of contained estimators.

        Returns
        -------
        params : dict
            Parameter names mapped to their values.
        """
        params = super().get_params(deep=deep)
        params.update(self._skorch_kwargs())
        return params

    def set_params(self, **params):
        """Set parameters; skorch names (``optimizer__momentum``...) are accepted.

        Parameters
        ----------
        **params : dict
            Estimator parameters.

        Returns
        -------
        self : estimator
            This estimator.
        """
        own = set(self._get_param_names())
        extra = [
            k
            for k in params
            if k not in own and (_is_skorch_key(k) or k in self._skorch_kwargs())
        ]
        for name in extra:
            setattr(self, name, params.pop(name))
        return super().set_params(**params)

    # -- validation -------------------------------------------------------------

    def _validate_X(self, X, *, reset):
        fitted_on_ids = not reset and self.vocab_size_ is not None
        if is_ragged(X) and (ids := pad_token_ids(X)) is not None:
            X = ids  # token-id sequences of different lengths
        if is_ragged(X):
            if fitted_on_ids:
                raise ValueError(
                    f"{type(self).__name__} was fitted on token ids; a "
                    "collection of float sequences cannot be embedded."
                )
            X = check_ragged(X, estimator=self, reset=reset)
            ids = False
        else:
            X = check_sequences(
                self,
                X,
                reset=reset,
                allow_ids=reset or fitted_on_ids,
                table_rows=True,
            )
            ids = is_token_ids(X)
        embeds = self.vocab_size is not None or self.pretrained_embeddings is not None
        if (reset and embeds and not ids) or (fitted_on_ids and not ids):
            raise ValueError(
                f"{type(self).__name__} embeds token ids, but X has dtype "
                f"{X.dtype}: pass integer token ids (0 = padding)."
            )
        if not ids:
            if reset:
                self.vocab_size_ = None
            return X
        if X.size and X.min() < 0:
            raise ValueError("X contains negative token ids; ids must be >= 0.")
        if reset:
            self.vocab_size_ = self._infer_vocab_size(X)
        if X.size and X.max() >= self.vocab_size_:
            raise ValueError(
                f"X contains token id {X.max()}, but the vocabulary has "
                f"{self.vocab_size_} ids (vocab_size_); map unknown tokens to "
                "1 (out-of-vocabulary) or set vocab_size."
            )
        return X

    def _infer_vocab_size(self, X):
        if self.vocab_size is not None:
            return int(self.vocab_size)
        if self.pretrained_embeddings is not None:
            return int(np.shape(self.pretrained_embeddings)[0])
        return max(int(X.max()) + 1, 2)

    # -- skorch net -------------------------------------------------------------

    def _module_kwargs(self, X):
        ids = is_token_ids(X)
        n_features = X.n_features if isinstance(X, Ragged) else X.shape[-1]
        kwargs = {
            "n_features": 1 if ids else n_features,
            "n_outputs": self._n_net_outputs(),
            "vocab_size": self.vocab_size_,
            "embedding_dim": None,
            "pretrained_embeddings": None,
            "freeze_embeddings": self.freeze_embeddings,
            **self._fixed_module_params,
            **{name: getattr(self, name) for name in self._module_params},
        }
        if ids:
            kwargs["pretrained_embeddings"] = self.pretrained_embeddings
            kwargs["embedding_dim"] = self.embedding_dim
            if self.embedding_dim is None and self.pretrained_embeddings is None:
                kwargs["embedding_dim"] = _DEFAULT_EMBEDDING_DIM
        return {f"module__{k}": v for k, v in kwargs.items()}

    def _build_net(self, X, seed):
        batch_size, stopping = resolve_training(self.get_params(), len(X))
        optimizer = self.optimizer
        if isinstance(optimizer, str):
            optimizer = OPTIMIZERS[optimizer]
        params = {
            "criterion": self._criterion(),
            "criterion__reduction": "none",
            "optimizer": optimizer,
            "optimizer__weight_decay": self.weight_decay,
            "lr": self.lr,
            "max_epochs": self.max_epochs,
            "batch_size": batch_size,
            "iterator_train": SequenceLoader,
            "iterator_train__shuffle": True,
            "iterator_train__generator": np.random.default_rng(seed),
            "iterator_valid": SequenceLoader,
            "train_split": build_train_split(self, stopping, seed),
            "callbacks": build_callbacks(self, stopping),
            "callbacks__print_log": print_log(),
            "verbose": self.verbose,
            "device": self.device,
            **self._net_class_params(),
            **self._module_kwargs(X),
        }
        extra = self._skorch_kwargs()
        if "criterion" in extra:
            del params["criterion__reduction"]  # a user loss reduces by itself
        if extra.get("iterator_train", SequenceLoader) is not SequenceLoader:
            del params["iterator_train__generator"]
        unknown = sorted(k for k in extra if not _is_skorch_key(k))
        if unknown:
            raise ValueError(
                f"Unknown parameters {unknown} for {type(self).__name__}; extra "
                "keywords must be skorch parameters such as module__<name>, "
                "optimizer__<name> or criterion."
            )
        params.update(extra)
        return self._net_class(self._module, **params)

    # -- fit / predict ----------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the network on sequences ``X`` and targets ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or \
(n_samples, seq_len), or list of arrays
            Float windows, float univariate sequences, int token ids
            (0 = padding), or a collection of ``(length, n_features)`` float
            sequences of different lengths.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Targets (labels for classifiers).
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each row in the loss (validation loss
            included); rows of weight 0 do not move the fit.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target "
                "y is None."
            )
        warm = self.warm_start and hasattr(self, "net_")
        X = self._validate_X(X, reset=not warm)
        check_consistent_length(X, y)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, np.empty(len(X)), ensure_non_negative=True
            ).astype(np.float32)
        y = self._validate_y(y, reset=not warm, sample_weight=sample_weight)
        check_device(self.device)
        rng = check_random_state(self.random_state)
        seed = None if self.random_state is None else int(rng.randint(2**31 - 1))
        if not warm:
            self.net_ = self._build_net(X, seed)
        data = SequenceDataset(X, y, sample_weight)
        with seeded(seed, self.device), flush_denormals():
            if warm:
                self.net_.partial_fit(data, y)
            else:
                self.net_.fit(data, y)
        return self

    def _forward(self, X):
        """Validate ``X`` and return the net's outputs (probabilities/values)."""
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        data = SequenceDataset(X)
        with flush_denormals():
            if data.lengths is None:
                return self.net_.predict_proba(data)
            # Batches of similar lengths (trimmed to their longest row), then
            # back to the caller's order.
            order = np.argsort(data.lengths, kind="stable")
            out = self.net_.predict_proba(torch.utils.data.Subset(data, order))
        return out[np.argsort(order)]

    def _module_batches(self, X, method):
        """The fitted module's ``method`` over ``X``, batch by batch (numpy)."""
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        net = self.net_
        return call_in_batches(net.module_, method, X, net.batch_size, net.device)

    @property
    def history_(self):
        """skorch ``History`` of the fit: per-epoch losses, durations, ..."""
        check_is_fitted(self)
        return self.net_.history

    def __sklearn_is_fitted__(self):
        return hasattr(self, "net_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags
