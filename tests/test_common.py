"""scikit-learn's estimator checks over every public sktseq estimator.

Estimators are discovered from ``sktseq.__all__``, so a new public estimator is
checked without touching this file.  ``CHECK_PARAMS`` only makes instances
small and fast enough for sklearn's tiny test tables; it never switches a
feature off to get a check through.
"""

import inspect
import subprocess
import sys

import pytest
from sklearn.base import BaseEstimator
from sklearn.utils.estimator_checks import parametrize_with_checks

import sktseq

_FAST_NET = {"max_epochs": 5, "batch_size": 16, "lr": 0.02, "random_state": 0}

_NN_NAMES = [
    f"{family}{kind}"
    for family in ("LSTM", "GRU", "RNN", "Conv1D", "Attention")
    for kind in ("Regressor", "Classifier")
] + ["Seq2SeqRegressor"]

CHECK_PARAMS = {
    # sklearn's check tables have as few as 1 row and 1 column.
    "WindowTransformer": {"seq_len": 3},
    # default season_length=24 needs windows of 24 steps; the tables have < 24.
    "SeasonalNaiveRegressor": {"season_length": 2},
    "RollingStats": {"windows": (3,)},
    "TsfreshFeatures": {"default_fc_parameters": "minimal"},
    "LSTMRegressor": {**_FAST_NET, "hidden_size": 4},
    "LSTMClassifier": {**_FAST_NET, "hidden_size": 4},
    "GRURegressor": {**_FAST_NET, "hidden_size": 4},
    "GRUClassifier": {**_FAST_NET, "hidden_size": 4},
    "RNNRegressor": {**_FAST_NET, "hidden_size": 4},
    "RNNClassifier": {**_FAST_NET, "hidden_size": 4},
    "Conv1DRegressor": {**_FAST_NET},
    "Conv1DClassifier": {**_FAST_NET},
    "AttentionRegressor": {**_FAST_NET, "d_model": 8, "num_heads": 2},
    "AttentionClassifier": {**_FAST_NET, "d_model": 8, "num_heads": 2},
    "Seq2SeqRegressor": {**_FAST_NET, "hidden_size": 4},
}

# name -> {check name: written reason}.  Keep this as short as possible.
EXPECTED_FAILED_CHECKS = {
    # Rows are time steps: trailing windows over shuffled or split rows see
    # other rows, so these two checks cannot hold for rolling statistics.
    "RollingStats": {
        "check_methods_sample_order_invariance": "rows are ordered time steps",
        "check_methods_subset_invariance": "windows reach into earlier rows",
    },
    # Same reason: row i's window holds rows i - (seq_len-1)*sampling_rate..i.
    "WindowTransformer": {
        "check_methods_sample_order_invariance": "rows are ordered time steps",
        "check_methods_subset_invariance": "windows reach into earlier rows",
    },
    # Stochastic mini-batch training: a row of weight 2 and the same row
    # repeated land in different batches, so the fits differ.  tests/nn
    # checks the weighted loss and that zero-weight rows do not move the fit.
    **{
        name: {
            "check_sample_weight_equivalence_on_dense_data": (
                "mini-batch SGD: weights are not repetitions"
            )
        }
        for name in _NN_NAMES
    },
}


def public_estimators():
    """Yield one instance of every estimator class in ``sktseq.__all__``."""
    for name in sktseq.__all__:
        obj = getattr(sktseq, name)
        if inspect.isclass(obj) and issubclass(obj, BaseEstimator):
            yield obj(**CHECK_PARAMS.get(name, {}))


@parametrize_with_checks(
    list(public_estimators()),
    expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS.get(
        type(est).__name__, {}
    ),
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


@pytest.mark.parametrize("name", sktseq.__all__)
def test_public_name_has_numpydoc_example(name):
    doc = inspect.getdoc(getattr(sktseq, name)) or ""
    assert "Examples\n--------" in doc, f"{name} has no Examples section"
    assert ">>> " in doc, f"{name}'s Examples section has no runnable example"


def test_all_names_resolve_and_are_sorted():
    assert sktseq.__all__ == sorted(sktseq.__all__)
    for name in sktseq.__all__:
        assert getattr(sktseq, name).__name__ == name


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = sktseq.nope


def test_import_is_lazy():
    # tsfresh and skorch each take ~5 s to import; dask is optional.
    code = (
        "import sys, sktseq; "
        "print(sorted(m for m in ('tsfresh', 'dask', 'skorch', 'torch') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
