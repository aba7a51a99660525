"""Losses the estimators train with beyond torch's own (pure torch)."""

import torch
from torch import nn

__all__ = ["PinballLoss"]


class PinballLoss(nn.Module):
    """Pinball (quantile) loss for several quantile levels at once.

    ``y_pred`` holds, for every target column, one output per level
    (target-major: all levels of target 0, then target 1, ...).  For level
    ``q`` and error ``e = y - y_pred`` the loss is ``max(q * e, (q - 1) * e)``;
    its minimizer is the ``q``-quantile of ``y``.

    Parameters
    ----------
    quantiles : sequence of float in (0, 1)
        Quantile levels.
    reduction : {"mean", "none"}, default="mean"
        "none" returns the loss per row and output, ``(B, T * Q)``.

    Examples
    --------
    >>> import torch
    >>> loss = PinballLoss([0.1, 0.9], reduction="none")
    >>> loss(torch.zeros(1, 2), torch.ones(1, 1))  # under-prediction by 1
    tensor([[0.1000, 0.9000]])
    """

    def __init__(self, quantiles, reduction="mean"):
        super().__init__()
        self.register_buffer(
            "quantiles", torch.as_tensor(quantiles, dtype=torch.float32)
        )
        self.reduction = reduction

    def forward(self, y_pred, y_true):
        n_levels = len(self.quantiles)
        pred = y_pred.reshape(len(y_pred), -1, n_levels)
        error = y_true.reshape(len(y_true), -1, 1) - pred
        q = self.quantiles.to(pred.dtype)
        loss = torch.maximum(q * error, (q - 1) * error).reshape(len(y_pred), -1)
        return loss if self.reduction == "none" else loss.mean()
