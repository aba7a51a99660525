"""Shared base of the sktseq neural estimators: validation, skorch net, training.

Design: every public estimator is a plain scikit-learn estimator whose
``fit`` builds a skorch ``NeuralNetRegressor`` / ``NeuralNetClassifier`` and
stores it as ``net_``.  Subclassing ``NeuralNet`` directly was rejected:
its ``__init__`` sets ``history_``, ``initialized_`` and ``virtual_params_``
(fails sklearn's init checks), its defaults include a ``ValidSplit``
instance, and its validation split is random or the *oldest* rows.  Wrapping
keeps ``__init__`` sklearn-clean while skorch does the training:

* flat parameters (``hidden_size``, ``lr``, ``early_stopping``...) are
  translated into skorch parameters and callbacks in :meth:`_build_net`;
* any skorch parameter can still be given by its skorch name as an extra
  keyword (``module__hidden_size=8``, ``optimizer__momentum=0.9``,
  ``criterion=torch.nn.L1Loss``, ``callbacks__early_stopping__threshold=0``);
  such keywords are ordinary parameters for ``get_params``/``set_params``/
  ``clone``/``GridSearchCV``, and win over the flat parameter they shadow.
"""

import inspect
import numbers

import numpy as np
import torch
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
)
from skorch import NeuralNet
from skorch.callbacks import (
    EarlyStopping,
    GradientNormClipping,
    LRScheduler,
    ProgressBar,
)

from .._compat import Interval, StrOptions
from .._validation import check_sequences, is_token_ids
from ._data import BatchIterator, MostRecentSplit, SequenceDataset

__all__ = ["SequenceNetBase"]

_OPTIMIZERS = {
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "sgd": torch.optim.SGD,
    "rmsprop": torch.optim.RMSprop,
}
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
    :mod:`sktseq.nn._layers` contract), ``_module_params`` (names of their
    own parameters forwarded to the module) and ``_fixed_module_params``,
    and mix in :class:`~sktseq.nn._targets.RegressorNetMixin` or
    :class:`~sktseq.nn._targets.ClassifierNetMixin` for the target
    handling and the skorch net class.
    """

    _module = None
    _module_params = ()
    _fixed_module_params = {}

    _parameter_constraints = {
        "embedding_dim": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "vocab_size": [Interval(numbers.Integral, 2, None, closed="left"), None],
        "pretrained_embeddings": ["array-like", None],
        "freeze_embeddings": ["boolean"],
        "max_epochs": [Interval(numbers.Integral, 0, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "optimizer": [StrOptions(set(_OPTIMIZERS)), type],
        "weight_decay": [Interval(numbers.Real, 0, None, closed="left")],
        "clip_grad_norm": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "lr_schedule": [StrOptions({"cosine", "plateau"}), None],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(numbers.Real, 0, 1, closed="left"), None],
        "patience": [Interval(numbers.Integral, 1, None, closed="left")],
        "callbacks": [list, None],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
        "device": [str, torch.device],
        "warm_start": ["boolean"],
    }

    def _store_params(self, params):
        """``__init__`` helper: store every argument verbatim, nothing else."""
        params = dict(params)
        params.pop("self")
        params.pop("__class__", None)
        for name, value in {**params.pop("kwargs"), **params}.items():
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
        """Get parameters, including skorch-named extras such as ``module__x``."""
        params = super().get_params(deep=deep)
        params.update(self._skorch_kwargs())
        return params

    def set_params(self, **params):
        """Set parameters; skorch names (``optimizer__momentum``...) are accepted."""
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
        X = check_sequences(self, X, reset=reset, allow_ids=reset or fitted_on_ids)
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

    def _check_device(self):
        device = str(self.device)
        if device.startswith("cuda") and not torch.cuda.is_available():
            raise ValueError(
                f"device={device!r} was requested, but CUDA is not available "
                "on this machine (torch.cuda.is_available() is False); use "
                "device='cpu'."
            )

    # -- skorch net -------------------------------------------------------------

    def _module_kwargs(self, X):
        ids = is_token_ids(X)
        kwargs = {
            "n_features": 1 if ids else X.shape[2],
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

    def _callbacks(self, has_valid):
        monitor = "valid_loss" if has_valid else "train_loss"
        callbacks = []
        if self.early_stopping:
            callbacks.append(
                (
                    "early_stopping",
                    EarlyStopping(
                        monitor="valid_loss",
                        patience=self.patience,
                        load_best=True,
                        sink=print if self.verbose else _silent,
                    ),
                )
            )
        if self.clip_grad_norm is not None:
            callbacks.append(
                (
                    "grad_clip",
                    GradientNormClipping(gradient_clip_value=self.clip_grad_norm),
                )
            )
        if self.lr_schedule == "cosine":
            callbacks.append(
                (
                    "lr_scheduler",
                    LRScheduler(
                        policy="CosineAnnealingLR", T_max=max(self.max_epochs, 1)
                    ),
                )
            )
        elif self.lr_schedule == "plateau":
            callbacks.append(
                (
                    "lr_scheduler",
                    LRScheduler(policy="ReduceLROnPlateau", monitor=monitor),
                )
            )
        if self.verbose:
            callbacks.append(("progress_bar", ProgressBar()))
        return callbacks + list(self.callbacks or [])

    def _build_net(self, X, seed):
        fraction = self.validation_fraction
        if fraction is None:
            fraction = 0.1 if self.early_stopping else 0.0
        if self.early_stopping and fraction == 0:
            raise ValueError("early_stopping=True needs validation_fraction > 0.")
        optimizer = self.optimizer
        if isinstance(optimizer, str):
            optimizer = _OPTIMIZERS[optimizer]
        params = {
            "criterion": self._criterion,
            "optimizer": optimizer,
            "optimizer__weight_decay": self.weight_decay,
            "lr": self.lr,
            "max_epochs": self.max_epochs,
            "batch_size": self.batch_size,
            "iterator_train": BatchIterator,
            "iterator_train__shuffle": True,
            "iterator_train__generator": np.random.default_rng(seed),
            "iterator_valid": BatchIterator,
            "train_split": MostRecentSplit(fraction) if fraction > 0 else None,
            "callbacks": self._callbacks(has_valid=fraction > 0),
            "verbose": self.verbose,
            "device": self.device,
            **self._net_class_params(),
            **self._module_kwargs(X),
        }
        extra = self._skorch_kwargs()
        if extra.get("iterator_train", BatchIterator) is not BatchIterator:
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

    def fit(self, X, y):
        """Fit the network on sequences ``X`` and targets ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or (n_samples, seq_len)
            Float windows, float univariate sequences, or int token ids
            (0 = padding).
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Targets (labels for classifiers).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        self._validate_params()
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target "
                "y is None."
            )
        warm = self.warm_start and hasattr(self, "net_")
        X = self._validate_X(X, reset=not warm)
        y = self._validate_y(y, reset=not warm)
        check_consistent_length(X, y)
        self._check_device()
        rng = check_random_state(self.random_state)
        seed = None if self.random_state is None else int(rng.randint(2**31 - 1))
        if not warm:
            self.net_ = self._build_net(X, seed)
        data = SequenceDataset(X, y)
        with torch.random.fork_rng(devices=[], enabled=seed is not None):
            if seed is not None:
                torch.manual_seed(seed)
            if warm:
                self.net_.partial_fit(data, None)
            else:
                self.net_.fit(data, None)
        return self

    def _forward(self, X):
        """Validate ``X`` and return the net's outputs (probabilities/values)."""
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        return self.net_.predict_proba(SequenceDataset(X))

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


def _silent(*args, **kwargs):
    """Module-level (picklable) sink that drops skorch's messages."""
