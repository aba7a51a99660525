"""Target handling of the neural estimators: regression and classification.

Mixed in before :class:`~sktseq.nn._base.SequenceNetBase`; each mixin picks
the skorch net class and loss, validates ``y`` and turns the network's
outputs into predictions.
"""

import numpy as np
import torch
from sklearn.base import ClassifierMixin, RegressorMixin
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_array
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d
from skorch import NeuralNetClassifier, NeuralNetRegressor

__all__ = ["ClassifierNetMixin", "RegressorNetMixin"]


class RegressorNetMixin(RegressorMixin):
    """Targets of the regressors: float, 1-D or 2-D (several horizons)."""

    _net_class = NeuralNetRegressor
    _criterion = torch.nn.MSELoss

    def _net_class_params(self):
        return {}

    def _n_net_outputs(self):
        return self.n_outputs_

    def _validate_y(self, y, *, reset):
        y = check_array(
            y, ensure_2d=False, dtype=np.float32, input_name="y", estimator=self
        )
        if y.ndim > 2:
            raise ValueError(f"y must be 1-D or 2-D, got {y.ndim} dimensions.")
        n_outputs = 1 if y.ndim == 1 else y.shape[1]
        if reset:
            self.n_outputs_ = n_outputs
            self._y_ndim = y.ndim
        elif n_outputs != self.n_outputs_:
            raise ValueError(
                f"y has {n_outputs} targets, but the fitted model has "
                f"{self.n_outputs_} (warm_start)."
            )
        # 1-D y must become (n, 1): skorch's MSE would broadcast (n,) vs (n, 1).
        return y.reshape(len(y), -1)

    def predict(self, X):
        """Predict targets for ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or (n_samples, seq_len)
            Input of the same kind as in ``fit``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Same number of dimensions as the ``y`` given to ``fit``.
        """
        out = self._forward(X).astype(np.float64)
        return out.ravel() if self._y_ndim == 1 else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        # sklearn's regression check reads a 10-column table as a 10-step
        # sequence with one informative step and wants R^2 > 0.5: recurrent
        # nets need ~40 epochs for that, far more than the tiny check budget.
        # tests/nn asserts that every regressor learns.
        tags.regressor_tags.poor_score = True
        return tags


class ClassifierNetMixin(ClassifierMixin):
    """Targets of the classifiers: any labels, binary or multiclass."""

    _net_class = NeuralNetClassifier
    _criterion = torch.nn.CrossEntropyLoss

    def _net_class_params(self):
        return {"classes": list(range(len(self.classes_)))}

    def _n_net_outputs(self):
        return len(self.classes_)

    def _validate_y(self, y, *, reset):
        y = column_or_1d(
            check_array(y, ensure_2d=False, dtype=None, input_name="y"), warn=True
        )
        check_classification_targets(y)
        if reset:
            self.label_encoder_ = LabelEncoder().fit(y)
            self.classes_ = self.label_encoder_.classes_
            if len(self.classes_) < 2:
                raise ValueError(
                    f"{type(self).__name__} needs samples of at least 2 classes "
                    f"in y; got 1 class ({self.classes_[0]!r})."
                )
        unseen = np.setdiff1d(y, self.classes_)
        if len(unseen):
            raise ValueError(f"y contains labels not seen at first fit: {unseen}.")
        return self.label_encoder_.transform(y).astype(np.int64)

    def predict_proba(self, X):
        """Class probabilities for ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or (n_samples, seq_len)
            Input of the same kind as in ``fit``.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``.
        """
        proba = self._forward(X).astype(np.float64)
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X):
        """Predict class labels for ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len, n_features) or (n_samples, seq_len)
            Input of the same kind as in ``fit``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        check_is_fitted(self)
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
