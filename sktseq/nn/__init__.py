"""Neural sequence estimators: PyTorch modules trained by skorch.

LSTM, GRU, plain RNN, Transformer-encoder and 1-D convolutional regressors and
classifiers that take float windows ``(n, seq_len, n_features)``, univariate
sequences ``(n, seq_len)`` or integer token ids ``(n, seq_len)`` (0 = padding),
and behave as scikit-learn estimators (``Pipeline``, ``GridSearchCV``,
``clone``, ``joblib``).
"""

from ._estimators import (
    GRUClassifier,
    GRURegressor,
    LSTMClassifier,
    LSTMRegressor,
    RNNClassifier,
    RNNRegressor,
)
from ._estimators_conv_attention import (
    AttentionClassifier,
    AttentionRegressor,
    Conv1DClassifier,
    Conv1DRegressor,
)

__all__ = [
    "AttentionClassifier",
    "AttentionRegressor",
    "Conv1DClassifier",
    "Conv1DRegressor",
    "GRUClassifier",
    "GRURegressor",
    "LSTMClassifier",
    "LSTMRegressor",
    "RNNClassifier",
    "RNNRegressor",
]
