"""Neural estimators inside scikit-learn: pipelines, search, CV, persistence."""

import subprocess
import sys
import warnings

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sktseq import WindowTransformer
from sktseq.nn import GRURegressor, LSTMClassifier, LSTMRegressor

FAST = {"max_epochs": 2, "batch_size": 32, "random_state": 0}


def _table(n=160, seed=0):
    """Hourly-like table (n rows x 3 features) and a target 2 rows ahead."""
    rng = np.random.default_rng(seed)
    t = np.arange(n + 2)
    series = np.sin(t / 5.0) + 0.1 * rng.normal(size=n + 2)
    X = np.column_stack([series[:n], rng.normal(size=n), t[:n] / n]) * 10 + 3
    return X, series[2:]


def _pipe(**params):
    return make_pipeline(
        StandardScaler(),
        WindowTransformer(seq_len=6),
        LSTMRegressor(hidden_size=4, **{**FAST, **params}),
    )


def test_grid_search_over_window_and_network_in_a_pipeline():
    X, y = _table()
    grid = {
        "windowtransformer__seq_len": [4, 8],
        "lstmregressor__hidden_size": [3, 5],
        "lstmregressor__num_layers": [1, 2],
    }
    search = GridSearchCV(
        _pipe(),
        grid,
        cv=TimeSeriesSplit(n_splits=2, gap=2),
        scoring="neg_mean_absolute_error",
        error_score="raise",
    ).fit(X, y)
    assert len(search.cv_results_["params"]) == 8
    best = search.best_estimator_[-1]
    assert best.hidden_size == search.best_params_["lstmregressor__hidden_size"]
    assert len(best.net_.module_.layers) == best.num_layers
    assert best.n_features_in_ == 3


def test_grid_search_reaches_skorch_parameters():
    X, y = _table(n=80)
    search = GridSearchCV(
        _pipe(optimizer="sgd"),
        {
            "lstmregressor__optimizer__momentum": [0.0, 0.9],
            "lstmregressor__module__hidden_size": [2],
        },
        cv=TimeSeriesSplit(n_splits=2),
    ).fit(X, y)
    net = search.best_estimator_[-1].net_
    assert net.module_.layers[0][0].hidden_size == 2
    assert net.optimizer_.param_groups[0]["momentum"] in (0.0, 0.9)


def test_clone_cross_val_predict_and_transformed_target():
    X, y = _table()
    est = _pipe()
    clone(est)  # parameters survive clone (sklearn checks identity)
    pred = cross_val_predict(est, X, y, cv=3)
    assert pred.shape == y.shape
    assert np.isfinite(pred).all()
    wrapped = TransformedTargetRegressor(
        regressor=_pipe(), func=np.expm1, inverse_func=np.log1p
    )
    # target given in log1p space, model trained on expm1(y)
    y_log = np.log1p(y - y.min() + 0.1)
    fitted = wrapped.fit(X, y_log)
    inner = fitted.regressor_
    np.testing.assert_allclose(fitted.predict(X), np.log1p(inner.predict(X)), rtol=1e-6)


_FRESH = """
import sys, joblib, numpy as np
model = joblib.load(sys.argv[1])
X = np.load(sys.argv[2])
np.save(sys.argv[3], model.predict(X))
"""


def test_joblib_round_trip_into_a_fresh_process(tmp_path):
    X, y = _table()
    pipe = _pipe(dropout=0.2, early_stopping=True).fit(X, y)
    joblib.dump(pipe, tmp_path / "model.joblib")
    np.save(tmp_path / "X.npy", X)
    subprocess.run(
        [
            sys.executable,
            "-c",
            _FRESH,
            str(tmp_path / "model.joblib"),
            str(tmp_path / "X.npy"),
            str(tmp_path / "pred.npy"),
        ],
        check=True,
        timeout=240,
    )
    np.testing.assert_array_equal(np.load(tmp_path / "pred.npy"), pipe.predict(X))


def test_classifier_round_trip_keeps_labels(tmp_path):
    rng = np.random.default_rng(0)
    ids = rng.integers(1, 20, size=(40, 6))
    y = np.where(ids[:, 0] > 10, "long", "short")
    est = LSTMClassifier(hidden_size=4, **FAST).fit(ids, y)
    joblib.dump(est, tmp_path / "clf.joblib")
    loaded = joblib.load(tmp_path / "clf.joblib")
    np.testing.assert_array_equal(loaded.predict(ids), est.predict(ids))
    np.testing.assert_array_equal(loaded.predict_proba(ids), est.predict_proba(ids))


def test_model_marked_as_fitted_on_cuda_loads_on_cpu(tmp_path):
    # No GPU here: fit on CPU, then mark the net as a CUDA net before pickling,
    # which is what a GPU fit stores.  skorch's unpickler maps the weights to
    # the CPU (with a warning) when CUDA is unavailable.
    X, y = _table()
    est = GRURegressor(hidden_size=4, **FAST).fit(X[:, :, None], y)
    expected = est.predict(X[:, :, None])
    est.set_params(device="cuda")
    est.net_.device = "cuda"
    joblib.dump(est, tmp_path / "cuda.joblib")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = joblib.load(tmp_path / "cuda.joblib")
    if sys.modules["torch"].cuda.is_available():  # pragma: no cover
        pytest.skip("CUDA present: the CPU fallback is not exercised")
    assert str(loaded.net_.device) == "cpu"
    assert any("CUDA" in str(w.message) for w in caught)
    np.testing.assert_allclose(loaded.predict(X[:, :, None]), expected, rtol=1e-6)
