"""Neural sequence estimators: PyTorch modules trained by skorch.

LSTM, GRU, plain RNN, Transformer-encoder and 1-D convolutional regressors and
classifiers, and an encoder-decoder (seq2seq) regressor with attention, that
take float windows ``(n, seq_len, n_features)``, univariate sequences ``(n,
seq_len)``, integer token ids ``(n, seq_len)`` (0 = padding) or collections of
sequences of different lengths, and behave as scikit-learn estimators
(``Pipeline``, ``GridSearchCV``, ``clone``, ``joblib``).

Rooms by family: ``_recurrent.py``, ``_conv.py``, ``_attention.py`` and
``_seq2seq.py`` hold the estimators, ``modules/`` the pure torch module of
the same name.
"""

from ._attention import AttentionClassifier, AttentionRegressor
from ._conv import Conv1DClassifier, Conv1DRegressor
from ._recurrent import (
    GRUClassifier,
    GRURegressor,
    LSTMClassifier,
    LSTMRegressor,
    RNNClassifier,
    RNNRegressor,
)
from ._seq2seq import Seq2SeqRegressor

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
    "Seq2SeqRegressor",
]
