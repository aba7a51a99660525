"""sktseq: scikit-learn-compatible tools for sequential data.

Time series (sliding windows, rolling statistics, tsfresh features, baselines)
and text (Keras-style vectorization) feeding skorch-wrapped PyTorch sequence
models, all usable in ``Pipeline``, ``GridSearchCV`` and ``joblib``.

Public names are imported lazily, so ``import sktseq`` stays cheap: torch,
skorch, tsfresh and dask are only imported by the code that uses them.

Examples
--------
>>> import sktseq
>>> sktseq.WindowTransformer(seq_len=24)
WindowTransformer(seq_len=24)
"""

import importlib

__version__ = "0.1.0"

# public name -> module that defines it.  One place to read the whole API.
_LAZY = {
    # windows
    "WindowTransformer": "sktseq.windows",
    "WindowArray": "sktseq.windows",
    "make_windows": "sktseq.windows",
    "align_horizon": "sktseq.windows",
    "forecast_cv": "sktseq.windows",
    "ForecastSplit": "sktseq.windows",
    "check_cv_gap": "sktseq.windows",
    # features
    "RollingStats": "sktseq.features",
    "FlattenWindows": "sktseq.features",
    "WindowSummary": "sktseq.features",
    "TsfreshFeatures": "sktseq.features",
    # baselines
    "PersistenceRegressor": "sktseq.baselines",
    "SeasonalNaiveRegressor": "sktseq.baselines",
    # linear forecasters (closed form)
    "DLinearRegressor": "sktseq.linear",
    # text
    "TextVectorizer": "sktseq.text",
    "NBLogCountRatio": "sktseq.text",
    "load_word_vectors": "sktseq.text",
    "make_embedding_matrix": "sktseq.text",
    # neural estimators
    "LSTMRegressor": "sktseq.nn",
    "LSTMClassifier": "sktseq.nn",
    "GRURegressor": "sktseq.nn",
    "GRUClassifier": "sktseq.nn",
    "RNNRegressor": "sktseq.nn",
    "RNNClassifier": "sktseq.nn",
    "Conv1DRegressor": "sktseq.nn",
    "Conv1DClassifier": "sktseq.nn",
    "AttentionRegressor": "sktseq.nn",
    "AttentionClassifier": "sktseq.nn",
    "Seq2SeqRegressor": "sktseq.nn",
    # parallel (Dask connection, worker thread limits)
    "connect_dask": "sktseq.parallel",
    "thread_limits": "sktseq.parallel",
}

_SUBMODULES = {
    "windows",
    "features",
    "baselines",
    "linear",
    "text",
    "nn",
    "datasets",
    "plotting",
    "parallel",
}

__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # cache: __getattr__ runs once per name
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"sktseq.{name}")
    raise AttributeError(f"module 'sktseq' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)
