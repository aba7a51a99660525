"""How the neural estimators train: optimizer, batch size, stopping, callbacks.

The policy behind "defaults learn" (:func:`resolve_training`) and the skorch
pieces it turns into (:func:`build_train_split`, :func:`build_callbacks`), read from an
estimator's flat parameters by ``SequenceNetBase._build_net``; plus the
seeding of one fit (:class:`seeded`) and its floating-point mode
(:func:`flush_denormals`).
"""

import contextlib
import numbers
import sys

import torch
from skorch.callbacks import (
    Callback,
    EarlyStopping,
    GradientNormClipping,
    LRScheduler,
    PrintLog,
    ProgressBar,
)
from skorch.dataset import ValidSplit
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

from .._compat import Interval, StrOptions
from ._data import MostRecentSplit

__all__ = [
    "OPTIMIZERS",
    "TRAINING_CONSTRAINTS",
    "PlainPrintLog",
    "WeightEMA",
    "build_callbacks",
    "build_train_split",
    "check_device",
    "flush_denormals",
    "print_log",
    "resolve_training",
    "seeded",
]

OPTIMIZERS = {
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "sgd": torch.optim.SGD,
    "rmsprop": torch.optim.RMSprop,
}
# The training parameters every neural estimator shares, as scikit-learn
# constraints (``SequenceNetBase._parameter_constraints`` takes them in).
TRAINING_CONSTRAINTS = {
    "max_epochs": [Interval(numbers.Integral, 0, None, closed="left")],
    "batch_size": [
        Interval(numbers.Integral, 1, None, closed="left"),
        StrOptions({"auto"}),
    ],
    "lr": [Interval(numbers.Real, 0, None, closed="neither")],
    "optimizer": [StrOptions(set(OPTIMIZERS)), type],
    "weight_decay": [Interval(numbers.Real, 0, None, closed="left")],
    "clip_grad_norm": [Interval(numbers.Real, 0, None, closed="neither"), None],
    "ema_momentum": [Interval(numbers.Real, 0, 1, closed="left"), None],
    "lr_schedule": [StrOptions({"cosine", "plateau"}), None],
    "early_stopping": ["boolean", StrOptions({"auto"})],
    "validation_fraction": [Interval(numbers.Real, 0, 1, closed="neither")],
    "validation_split": [StrOptions({"recent", "stratified", "random"})],
    "patience": [Interval(numbers.Integral, 1, None, closed="left")],
    "callbacks": [list, None],
    "verbose": ["verbose"],
    "random_state": ["random_state"],
    "device": [str, torch.device],
    "warm_start": ["boolean"],
}
# "auto" settings: validation-based early stopping from this many rows on.
_MIN_ROWS_FOR_VALIDATION = 1000


def check_device(device):
    """Refuse a CUDA ``device`` where torch sees no GPU, saying what to pass."""
    device = str(device)
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(
            f"device={device!r} was requested, but CUDA is not available "
            "on this machine (torch.cuda.is_available() is False); use "
            "device='cpu'."
        )


def resolve_training(params, n_rows):
    """Concrete batch size and stopping rule for ``n_rows`` training rows.

    ``batch_size="auto"``: ``min(128, max(16, n_rows // 16))``, so small data
    still gets about 16 steps per epoch.  ``early_stopping="auto"``: stop on
    the most recent ``validation_fraction`` of the rows when there are at
    least 1,000 rows, on the training loss otherwise.

    Examples
    --------
    >>> resolve_training({"batch_size": "auto", "early_stopping": "auto"}, 300)
    (18, 'train')
    >>> resolve_training({"batch_size": 64, "early_stopping": "auto"}, 5000)
    (64, 'valid')
    """
    batch_size = params["batch_size"]
    if batch_size == "auto":
        batch_size = min(128, max(16, n_rows // 16))
    stopping = params["early_stopping"]
    if stopping == "auto":
        stopping = "valid" if n_rows >= _MIN_ROWS_FOR_VALIDATION else "train"
    elif stopping:
        stopping = "valid"
    else:
        stopping = None
    return batch_size, stopping


def build_train_split(estimator, stopping, seed):
    """skorch's ``train_split`` for ``estimator``: None unless stopping on validation.

    ``validation_split="recent"`` holds out the most recent rows (time-ordered
    data); "stratified" and "random" use skorch's ``ValidSplit``.
    """
    if stopping != "valid":
        return None
    if estimator.validation_split == "recent":
        return MostRecentSplit(
            estimator.validation_fraction,
            classes=getattr(estimator, "classes_", None),
        )
    stratified = estimator.validation_split == "stratified"
    if stratified and not hasattr(estimator, "classes_"):
        raise ValueError(
            "validation_split='stratified' needs class labels; regressors "
            "take 'recent' or 'random'."
        )
    return ValidSplit(
        estimator.validation_fraction, stratified=stratified, random_state=seed
    )


def build_callbacks(estimator, stopping):
    """skorch callbacks from ``estimator``'s flat parameters, then its own ones."""
    monitor = "valid_loss" if stopping == "valid" else "train_loss"
    out = []
    if estimator.clip_grad_norm is not None:
        clip = GradientNormClipping(gradient_clip_value=estimator.clip_grad_norm)
        out.append(("grad_clip", clip))
    if estimator.lr_schedule == "cosine":
        schedule = LRScheduler(
            policy="CosineAnnealingLR", T_max=max(estimator.max_epochs, 1)
        )
        out.append(("lr_scheduler", schedule))
    elif estimator.lr_schedule == "plateau":
        # Halve the rate after a third of ``patience`` stalled epochs, so
        # it can drop before early stopping gives up.
        schedule = LRScheduler(
            policy="ReduceLROnPlateau",
            monitor=monitor,
            factor=0.5,
            patience=max(estimator.patience // 3, 1),
        )
        out.append(("lr_scheduler", schedule))
    # Before early stopping: its checkpoints must hold the averaged weights.
    if estimator.ema_momentum is not None:
        out.append(("weight_ema", WeightEMA(estimator.ema_momentum)))
    # Last: the schedule records this epoch's rate before a stop.
    if stopping is not None:
        out.append(
            (
                "early_stopping",
                EarlyStopping(
                    monitor=monitor,
                    patience=estimator.patience,
                    # As MLPRegressor's tol: the losses are on unit-scale
                    # targets, so an absolute threshold means the same on
                    # any data (a relative one never stops as loss -> 0).
                    threshold=1e-4,
                    threshold_mode="abs",
                    load_best=True,
                    sink=print if estimator.verbose else _silent,
                ),
            )
        )
    # A bar redrawn with carriage returns only where someone watches it; a
    # log or a pipe gets skorch's plain per-epoch table instead.
    if estimator.verbose and sys.stdout.isatty():
        out.append(("progress_bar", ProgressBar()))
    return out + list(estimator.callbacks or [])


class WeightEMA(Callback):
    """Train the raw weights; validate, checkpoint and predict with their average.

    An exponential moving average of the module's parameters and buffers
    (torch's :class:`~torch.optim.swa_utils.AveragedModel` with
    :func:`~torch.optim.swa_utils.get_ema_multi_avg_fn`), updated after every
    training step: ``average = momentum * average + (1 - momentum) * weights``.
    From each epoch's validation pass (or its end, without one) until the
    next training step the module holds the average, so the validation loss,
    early stopping's checkpoints and the fitted model are the averaged
    weights', while the optimizer keeps stepping the raw ones.  It must come
    before ``EarlyStopping`` in the callbacks.

    Parameters
    ----------
    momentum : float in [0, 1)
        Weight of the running average at each step; 0.99 averages over
        about the last 100 steps.
    """

    def __init__(self, momentum):
        self.momentum = momentum

    def on_train_begin(self, net, **kwargs):
        self.average_ = AveragedModel(
            net.module_,
            multi_avg_fn=get_ema_multi_avg_fn(self.momentum),
            use_buffers=True,
        )
        self.raw_ = None

    def on_batch_begin(self, net, training=False, **kwargs):
        if training and self.raw_ is not None:
            # load_state_dict copies in place: the optimizer's tensors stay.
            net.module_.load_state_dict(self.raw_)
            self.raw_ = None
        elif not training:
            self._swap_in_average(net)

    def on_batch_end(self, net, training=False, **kwargs):
        if training:
            self.average_.update_parameters(net.module_)

    def on_epoch_end(self, net, **kwargs):
        self._swap_in_average(net)  # an epoch without validation rows

    def on_train_end(self, net, **kwargs):
        # The module holds the average (or early stopping's best one); the
        # copies are dropped so that a pickled estimator stays its size.
        self.average_ = self.raw_ = None

    def _swap_in_average(self, net):
        if self.raw_ is None:
            state = net.module_.state_dict()
            self.raw_ = {k: v.detach().clone() for k, v in state.items()}
            net.module_.load_state_dict(self.average_.module.state_dict())


class PlainPrintLog(PrintLog):
    """skorch's per-epoch table without the ANSI colours of its best values.

    Used when stdout is not a terminal: a log file or a pipe would otherwise
    hold escape codes around every improving loss.
    """

    def format_row(self, row, key, color):
        # Without its "<key>_best" entry a value is printed uncoloured.
        return super().format_row({key: row[key]}, key, color)


def print_log():
    """skorch's ``print_log`` callback: coloured on a terminal, plain elsewhere."""
    return PrintLog() if sys.stdout.isatty() else PlainPrintLog()


class seeded:
    """Seed torch for one fit and restore every generator it touched after."""

    def __init__(self, seed, device):
        self.seed = seed
        devices = []
        if str(device).startswith("cuda") and torch.cuda.is_available():
            devices = list(range(torch.cuda.device_count()))
        self._fork = torch.random.fork_rng(devices=devices, enabled=seed is not None)

    def __enter__(self):
        self._fork.__enter__()
        if self.seed is not None:
            torch.manual_seed(self.seed)  # seeds the CUDA generators too
        return self

    def __exit__(self, *exc):
        return self._fork.__exit__(*exc)


def _flushing_denormals():
    """True when this thread already treats subnormal floats as zero."""
    smallest = torch.tensor([1], dtype=torch.int32).view(torch.float32)
    return bool(smallest * 1.0 == 0)


@contextlib.contextmanager
def flush_denormals():
    """Treat subnormal floats as zero on this thread, then restore the mode.

    Backpropagation through many steps shrinks gradients into the subnormal
    range (below 1.2e-38), where x86 arithmetic is many times slower: the
    backward pass of a BiLSTM over IMDB reviews (up to 600 tokens) ran 7x
    slower than with the flush.  TensorFlow flushes subnormals in its CPU
    kernels; torch leaves it to :func:`torch.set_flush_denormal`, which acts
    on the calling thread (and on intra-op threads started after it, which
    keep it: only the calling thread's mode is restored).  The values
    flushed are below 1.2e-38, far under float32's resolution of any loss or
    weight.
    """
    was = _flushing_denormals()
    torch.set_flush_denormal(True)
    try:
        yield
    finally:
        torch.set_flush_denormal(was)


def _silent(*args, **kwargs):
    """Module-level (picklable) sink that drops skorch's messages."""
