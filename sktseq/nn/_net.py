"""The skorch nets the estimators train: weighted losses, batch-independent inference.

Two behaviours skorch does not have are added here, once for both tasks:

* **Per-row weights.**  Batches may carry ``(y, sample_weight)``; the
  criterion runs with ``reduction="none"`` and the loss is the weighted mean
  over the batch's rows, so a row of weight 0 never moves the fit.
* **Inference independent of batching.**  CPU float32 kernels (oneDNN) round
  differently for different batch shapes, so a row's prediction could change
  (by ~1e-7) with the number of rows predicted alongside it.  Every inference
  batch is padded to the same number of rows, which makes a row's output the
  same alone, in a subset or in the whole set.
"""

import torch
from skorch import NeuralNetClassifier, NeuralNetRegressor
from skorch.dataset import unpack_data
from skorch.utils import to_tensor

__all__ = ["ClassifierNet", "RegressorNet"]


def _pad_rows(x, n_rows):
    """Append zero rows (ones for ``lengths``) up to ``n_rows``."""
    if isinstance(x, dict):
        return {k: _pad_rows(v, n_rows) for k, v in x.items()}
    extra = x.new_zeros((n_rows - len(x), *x.shape[1:]))
    if x.ndim == 1:  # lengths: a padded row of length 1 reads no real data
        extra += 1
    return torch.cat([x, extra])


def _n_rows(x):
    return len(next(iter(x.values()))) if isinstance(x, dict) else len(x)


class _SequenceNetMixin:
    def get_loss(self, y_pred, y_true, X=None, training=False):
        weight = None
        if isinstance(y_true, tuple | list):
            y_true, weight = y_true
        loss = self.criterion_(y_pred, to_tensor(y_true, device=self.device))
        if loss.ndim == 0:  # a user criterion that reduces by itself
            if weight is not None:
                raise ValueError(
                    "sample_weight needs a criterion with reduction='none'."
                )
            return loss
        loss = loss.reshape(len(loss), -1).mean(dim=1)
        if weight is None:
            return loss.mean()
        weight = to_tensor(weight, device=self.device).to(loss.dtype)
        return (loss * weight).sum() / weight.sum().clamp(min=1e-12)

    def evaluation_step(self, batch, training=False):
        Xi, _ = unpack_data(batch)
        n = _n_rows(Xi)
        size = self.get_params_for("iterator_valid").get("batch_size", self.batch_size)
        if n < size:
            Xi = _pad_rows(Xi, size)
        return super().evaluation_step((Xi, None), training=training)[:n]


class RegressorNet(_SequenceNetMixin, NeuralNetRegressor):
    """skorch ``NeuralNetRegressor`` with weighted losses and fixed-shape inference.

    Examples
    --------
    >>> import torch
    >>> from sktseq.nn._net import RegressorNet
    >>> net = RegressorNet(torch.nn.Linear, module__in_features=2,
    ...                    module__out_features=1, criterion__reduction="none",
    ...                    batch_size=4, max_epochs=1, train_split=None)
    >>> _ = net.initialize()
    >>> net.get_loss(torch.ones(2, 1), (torch.zeros(2, 1), torch.tensor([1.0, 0.0])))
    tensor(1.)
    """


class ClassifierNet(_SequenceNetMixin, NeuralNetClassifier):
    """skorch ``NeuralNetClassifier`` with weighted losses and fixed-shape inference.

    Examples
    --------
    >>> import torch
    >>> from sktseq.nn._net import ClassifierNet
    >>> net = ClassifierNet(torch.nn.Linear, module__in_features=2,
    ...                     module__out_features=2,
    ...                     criterion=torch.nn.CrossEntropyLoss,
    ...                     criterion__reduction="none",
    ...                     classes=[0, 1], max_epochs=1, train_split=None)
    >>> _ = net.initialize()
    >>> logits = torch.tensor([[2.0, 0.0], [0.0, 2.0]])
    >>> loss = net.get_loss(logits, (torch.tensor([0, 0]), torch.tensor([1.0, 0.0])))
    >>> round(loss.item(), 4)  # only the first row counts
    0.1269
    """
