"""MAPIE wraps fitted sktseq forecasters: split conformal, CQR, ACI and EnbPI.

MAPIE is an optional extra (``pip install sktseq[mapie]``); these tests skip
without it.  Each interval is checked against the conformal formula applied
by hand to the sktseq model's own predictions, so a model that predicted
differently inside MAPIE (or a MAPIE that probed it wrongly) would fail.
"""

import math

import numpy as np
import pytest
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sktseq.nn import GRURegressor, LSTMRegressor
from sktseq.windows import WindowTransformer, align_horizon

mapie_regression = pytest.importorskip("mapie.regression")

TINY = {"hidden_size": 8, "max_epochs": 5, "random_state": 0}
LEVEL = 0.8
TRAIN, CALIB, TEST = slice(0, 250), slice(250, 400), slice(400, None)


@pytest.fixture(scope="module")
def series():
    """A noisy two-feature series; y is feature 0 three steps ahead."""
    rng = np.random.default_rng(0)
    t = np.arange(520)
    table = np.column_stack(
        [np.sin(t / 8) + 0.3 * rng.normal(size=len(t)), np.cos(t / 8)]
    )
    return align_horizon(table, target=0, horizon=3)


def _pipeline(model):
    return make_pipeline(StandardScaler(), WindowTransformer(seq_len=8), model)


@pytest.fixture(scope="module")
def fitted(series):
    X, y = series
    return _pipeline(GRURegressor(**TINY)).fit(X[TRAIN], y[TRAIN])


def _conformal_quantile(scores, level):
    # MAPIE's finite-sample quantile: level ceil((n + 1) * level) / n, "lower".
    n = len(scores)
    return np.quantile(scores, math.ceil((n + 1) * level) / n, method="lower")


def _coverage(y, intervals):
    return np.mean((y >= intervals[:, 0, 0]) & (y <= intervals[:, 1, 0]))


def test_split_conformal_wraps_a_fitted_pipeline(series, fitted):
    X, y = series
    mapie = mapie_regression.SplitConformalRegressor(
        fitted, prefit=True, confidence_level=LEVEL
    )
    # calibrated on the most recent rows before the test period
    mapie.conformalize(X[CALIB], y[CALIB])
    point, intervals = mapie.predict_interval(X[TEST])
    np.testing.assert_allclose(point, fitted.predict(X[TEST]), rtol=1e-6)
    residuals = np.abs(y[CALIB] - fitted.predict(X[CALIB]))
    q = _conformal_quantile(residuals, LEVEL)
    np.testing.assert_allclose(intervals[:, 0, 0], point - q, rtol=1e-6)
    np.testing.assert_allclose(intervals[:, 1, 0], point + q, rtol=1e-6)
    assert 0.6 < _coverage(y[TEST], intervals) < 0.95


def test_conformalized_quantile_regression_with_single_level_regressors(series):
    # MAPIE's prefit CQR takes [lower, upper, median] regressors: an sktseq
    # regressor fitted with one quantile level predicts that level.
    X, y = series
    low, high = (1 - LEVEL) / 2, (1 + LEVEL) / 2
    models = [
        _pipeline(LSTMRegressor(quantiles=(q,), **TINY)).fit(X[TRAIN], y[TRAIN])
        for q in (low, high, 0.5)
    ]
    mapie = mapie_regression.ConformalizedQuantileRegressor(
        models, confidence_level=LEVEL, prefit=True
    ).conformalize(X[CALIB], y[CALIB])
    point, intervals = mapie.predict_interval(X[TEST], symmetric_correction=True)
    lower, upper, median = (m.predict(X[TEST]) for m in models)
    np.testing.assert_allclose(point, median, rtol=1e-6)
    scores = np.maximum(
        models[0].predict(X[CALIB]) - y[CALIB], y[CALIB] - models[1].predict(X[CALIB])
    )
    q = _conformal_quantile(scores, LEVEL)
    np.testing.assert_allclose(intervals[:, 0, 0], lower - q, rtol=1e-6)
    np.testing.assert_allclose(intervals[:, 1, 0], upper + q, rtol=1e-6)


def test_aci_on_windows_widens_after_misses(series, fitted):
    # ACI predicts and updates row by row, so it is given windows made once
    # over the whole record (every row keeps its real history) and the
    # pipeline's fitted regressor.
    X, y = series
    windows = fitted[:-1].transform(X)
    model = fitted[-1]
    aci = mapie_regression.TimeSeriesRegressor(model, method="aci", cv="prefit")
    aci.fit(windows[CALIB], y[CALIB])
    test_windows, y_test = windows[TEST], y[TEST]
    point, before = aci.predict(test_windows[:10], confidence_level=LEVEL)
    np.testing.assert_allclose(point, model.predict(test_windows[:10]), rtol=1e-6)
    # targets far outside every interval: each miss lowers alpha_t by gamma * 0.8
    aci.adapt_conformal_inference(
        test_windows[:5], y_test[:5] + 100, gamma=0.02, confidence_level=LEVEL
    )
    (alpha,) = aci.current_alpha.values()
    assert alpha == pytest.approx(0.2 - 5 * 0.02 * 0.8)
    _, after = aci.predict(test_windows[:10], confidence_level=LEVEL)
    assert np.all(np.diff(after[:, :, 0], axis=1) > np.diff(before[:, :, 0], axis=1))


@pytest.mark.filterwarnings("ignore::UserWarning:mapie")
@pytest.mark.filterwarnings("ignore::RuntimeWarning:mapie")
def test_enbpi_fits_bootstrap_copies_on_windows(series, fitted):
    from mapie.subsample import BlockBootstrap

    X, y = series
    windows = fitted[:-1].transform(X)
    enbpi = mapie_regression.TimeSeriesRegressor(
        GRURegressor(hidden_size=4, max_epochs=2, random_state=0),
        method="enbpi",
        cv=BlockBootstrap(n_resamplings=4, n_blocks=4, random_state=0),
    ).fit(windows[:400], y[:400])
    point, intervals = enbpi.predict(
        windows[TEST], confidence_level=LEVEL, ensemble=True
    )
    assert point.shape == (len(y[TEST]),)
    assert np.all(intervals[:, 0, 0] <= intervals[:, 1, 0])
    assert _coverage(y[TEST], intervals) > 0.5
