"""forecast_cv / ForecastSplit (gap, context, scorer) and check_cv_gap."""

import pickle
import warnings
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.metrics import mean_absolute_error, mean_squared_error
from sklearn.model_selection import (
    GridSearchCV,
    HalvingGridSearchCV,
    KFold,
    PredefinedSplit,
    ShuffleSplit,
    TimeSeriesSplit,
    cross_val_predict,
    cross_validate,
)
from sklearn.pipeline import make_pipeline

from sktseq import DLinearRegressor, PersistenceRegressor
from sktseq.features import FlattenWindows
from sktseq.windows import (
    ForecastSplit,
    WindowTransformer,
    align_horizon,
    check_cv_gap,
    forecast_cv,
)

N_SPLITS, HORIZON, TEST_SIZE = 3, 2, 40


@pytest.fixture
def series_xy():
    """A noisy two-channel series with a daily-like cycle, aligned at h=1, 2."""
    rng = np.random.default_rng(0)
    t = np.arange(400.0)
    table = np.c_[np.sin(2 * np.pi * t / 12), np.cos(2 * np.pi * t / 30)]
    table += 0.2 * rng.normal(size=table.shape)
    return align_horizon(table, target=0, horizon=[1, HORIZON])


def walk_forward(pipe, X, y, metric, *, params=None):
    """Fit on each training fold; predict the test rows with all rows before.

    The reference the context mechanism must reproduce: the model sees the
    series from row 0 up to each test row, as a deployed forecaster does.
    """
    cv = TimeSeriesSplit(N_SPLITS, gap=HORIZON, test_size=TEST_SIZE)
    scores = []
    for train, test in cv.split(X):
        model = clone(pipe).set_params(**(params or {})).fit(X[train], y[train])
        pred = model.predict(X[: test[-1] + 1])[test]
        scores.append(metric(y[test], pred))
    return np.array(scores)


def dlinear_pipe(seq_len=8):
    return make_pipeline(
        WindowTransformer(seq_len=seq_len), DLinearRegressor(kernel_size=3, alpha=0.1)
    )


def test_context_scores_equal_a_walk_forward_with_full_history(series_xy):
    X, y = series_xy
    cv = forecast_cv(N_SPLITS, horizon=[1, HORIZON], context=7, test_size=TEST_SIZE)
    for pipe in (dlinear_pipe(8), make_pipeline(WindowTransformer(seq_len=8),
                                                PersistenceRegressor())):  # fmt: skip
        scores = cross_validate(
            pipe, X, y, cv=cv, scoring=cv.scorer("neg_mean_absolute_error")
        )["test_score"]
        expected = -walk_forward(pipe, X, y, mean_absolute_error)
        assert_array_equal(scores, expected)
    # Without context the first windows of each fold are padded: other scores.
    expected = -walk_forward(dlinear_pipe(8), X, y, mean_absolute_error)
    padded = cross_validate(
        dlinear_pipe(8),
        X,
        y,
        cv=forecast_cv(N_SPLITS, horizon=HORIZON, test_size=TEST_SIZE),
        scoring="neg_mean_absolute_error",
    )["test_score"]
    assert not np.allclose(padded, expected)


def test_grid_search_scores_each_candidate_like_a_walk_forward(series_xy):
    X, y = series_xy
    cv = forecast_cv(N_SPLITS, horizon=HORIZON, context=11, test_size=TEST_SIZE)
    pipe = dlinear_pipe()
    grid = {"windowtransformer__seq_len": [4, 12], "dlinearregressor__alpha": [0.1, 10]}
    search = GridSearchCV(
        pipe,
        grid,
        cv=cv.check_context(pipe, grid),
        scoring=cv.scorer("neg_mean_absolute_error"),
    ).fit(X, y)
    for params, score in zip(
        search.cv_results_["params"], search.cv_results_["mean_test_score"]
    ):
        expected = -walk_forward(pipe, X, y, mean_absolute_error, params=params)
        assert score == expected.mean()


def test_several_metrics_at_once(series_xy):
    X, y = series_xy
    cv = forecast_cv(N_SPLITS, horizon=HORIZON, context=7, test_size=TEST_SIZE)
    scorer = cv.scorer(["neg_mean_absolute_error", "neg_mean_squared_error"])
    predict = DLinearRegressor.predict
    with mock.patch.object(
        DLinearRegressor, "predict", autospec=True, side_effect=predict
    ) as spy:
        result = cross_validate(dlinear_pipe(), X, y, cv=cv, scoring=scorer)
    assert spy.call_count == N_SPLITS  # one prediction per fold for both metrics
    for name, metric in (
        ("neg_mean_absolute_error", mean_absolute_error),
        ("neg_mean_squared_error", mean_squared_error),
    ):
        expected = -walk_forward(dlinear_pipe(), X, y, metric)
        assert_allclose(result[f"test_{name}"], expected, rtol=1e-12)
    # A dict of scorers, refit on one of them, in a grid search.
    scoring = {"mae": "neg_mean_absolute_error", "mse": "neg_mean_squared_error"}
    search = GridSearchCV(
        dlinear_pipe(),
        {"windowtransformer__seq_len": [4, 8]},
        cv=cv,
        scoring=cv.scorer(scoring),
        refit="mae",
    ).fit(X, y)
    assert set(search.cv_results_) >= {"mean_test_mae", "mean_test_mse"}
    assert search.best_index_ == np.argmax(search.cv_results_["mean_test_mae"])


def test_halving_grid_search_with_an_estimator_resource(series_xy):
    X, y = series_xy
    y = y[:, 0]
    cv = forecast_cv(N_SPLITS, horizon=HORIZON, context=7, test_size=TEST_SIZE)
    pipe = make_pipeline(
        WindowTransformer(seq_len=8),
        FlattenWindows(),
        HistGradientBoostingRegressor(early_stopping=False, random_state=0),
    )
    search = HalvingGridSearchCV(
        pipe,
        {
            "windowtransformer__seq_len": [4, 8],
            "histgradientboostingregressor__max_depth": [2, 3],
        },
        cv=cv,
        scoring=cv.scorer("neg_mean_absolute_error"),
        resource="histgradientboostingregressor__max_iter",
        min_resources=5,
        max_resources=10,
        factor=2,
    ).fit(X, y)
    results = search.cv_results_
    assert len(results["params"]) == 6  # 4 candidates, then the best 2
    for params, score in zip(results["params"], results["mean_test_score"]):
        expected = -walk_forward(pipe, X, y, mean_absolute_error, params=params)
        assert score == expected.mean()


def test_halving_search_drawing_rows_at_random_is_refused(series_xy):
    X, y = series_xy
    cv = forecast_cv(N_SPLITS, horizon=HORIZON, context=7, test_size=TEST_SIZE)
    search = HalvingGridSearchCV(
        dlinear_pipe(),
        {"dlinearregressor__alpha": [0.1, 1.0]},
        cv=cv,
        scoring=cv.scorer("neg_mean_absolute_error"),
        error_score="raise",
        random_state=0,
    )
    with pytest.raises(ValueError, match="HalvingGridSearchCV's default resource"):
        search.fit(pd.DataFrame(X), y)


def test_a_few_timestamps_out_of_order_are_not_a_shuffle(series_xy):
    # Real records have clock glitches (the Jena hourly file: 2 backward
    # steps in 70,092 rows) while their rows are in recorded order.
    X, y = series_xy
    index = pd.date_range("2009-01-01", periods=len(X), freq="h")
    stamps = index.to_numpy().copy()
    stamps[[150, 300, 370]] = stamps[[149, 299, 369]] - np.timedelta64(30, "m")
    frame = pd.DataFrame(X, index=pd.DatetimeIndex(stamps))
    assert not frame.index.is_monotonic_increasing
    cv = forecast_cv(N_SPLITS, horizon=HORIZON, context=7, test_size=TEST_SIZE)
    scores = cross_validate(
        dlinear_pipe(8), frame, y, cv=cv, scoring=cv.scorer("neg_mean_absolute_error")
    )["test_score"]
    assert_allclose(scores, -walk_forward(dlinear_pipe(8), X, y, mean_absolute_error))
    # Rows drawn at random step backwards far more often: refused.
    shuffled = frame.iloc[np.random.default_rng(0).permutation(len(frame))]
    with pytest.raises(ValueError, match="not in time order"):
        cv.scorer("neg_mean_absolute_error")(
            dlinear_pipe(8).fit(X, y), shuffled.iloc[:100], y[:100]
        )


def test_cross_val_predict_refuses_overlapping_test_folds(series_xy):
    X, y = series_xy
    cv = forecast_cv(N_SPLITS, horizon=HORIZON, context=7, test_size=TEST_SIZE)
    with pytest.raises(ValueError, match="cross_val_predict only works for partitions"):
        cross_val_predict(dlinear_pipe(), X, y, cv=cv)


def test_context_shorter_than_the_windows_is_reported(series_xy):
    X, y = series_xy
    cv = forecast_cv(N_SPLITS, horizon=HORIZON, context=7, test_size=TEST_SIZE)
    grid = {"windowtransformer__seq_len": [4, 12]}
    msg = (
        r"context=7 is shorter than the 11 rows of history that "
        r"WindowTransformer\(seq_len=12, sampling_rate=1\) needs"
    )
    # Before fitting, from the grid.
    with pytest.raises(ValueError, match=msg):
        cv.check_context(dlinear_pipe(), grid)
    assert (
        cv.check_context(dlinear_pipe(), {"windowtransformer__seq_len": [4, 8]}) is cv
    )
    # sampling_rate counts: 8 steps, 3 rows apart, need 21 rows.
    with pytest.raises(ValueError, match="the 21 rows of history"):
        cv.check_context(dlinear_pipe(), {"windowtransformer__sampling_rate": [3]})
    # At scoring time: raised with error_score="raise"...
    search = GridSearchCV(
        dlinear_pipe(),
        grid,
        cv=cv,
        scoring=cv.scorer("neg_mean_absolute_error"),
        error_score="raise",
    )
    with pytest.raises(ValueError, match=msg):
        search.fit(X, y)
    # ...and otherwise that candidate scores NaN with sklearn's warning.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.set_params(error_score=np.nan).fit(X, y)
    assert any("context=7 is shorter" in str(w.message) for w in caught)
    assert np.isnan(search.cv_results_["mean_test_score"][1])
    assert search.best_params_ == {"windowtransformer__seq_len": 4}


def test_windows_nested_in_a_target_transformer_are_found(series_xy):
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.preprocessing import StandardScaler

    X, y = series_xy
    cv = forecast_cv(N_SPLITS, horizon=HORIZON, context=7, test_size=TEST_SIZE)
    model = TransformedTargetRegressor(dlinear_pipe(12), transformer=StandardScaler())
    model.fit(X, y)
    with pytest.raises(ValueError, match="context=7 is shorter than the 11 rows"):
        cv.scorer("neg_mean_absolute_error")(model, X[-47:], y[-47:])


def test_predicting_the_next_block_from_the_latest_rows(series_xy):
    X, y = series_xy
    context = 7
    history, block = X[:300], X[300:340]
    model = dlinear_pipe(8).fit(history[:-HORIZON], y[: 300 - HORIZON])
    # The last `context` rows of history + the block, then drop their outputs.
    pred = model.predict(np.vstack([history[-context:], block]))[context:]
    assert pred.shape == (40, 2)
    assert_allclose(pred, model.predict(X[:340])[300:], rtol=1e-12)
    # On its own, the block's first windows are padded: other forecasts.
    alone = model.predict(block)
    assert not np.allclose(alone[:context], pred[:context])
    assert_allclose(alone[context:], pred[context:], rtol=1e-12)


def test_split_starts_test_folds_context_rows_early():
    X = np.zeros((50, 1))
    plain = TimeSeriesSplit(3, gap=2, test_size=8)
    cv = ForecastSplit(3, gap=2, context=5, test_size=8)
    assert isinstance(cv, TimeSeriesSplit)
    assert cv.get_n_splits() == 3
    for (train, test), (train0, test0) in zip(cv.split(X), plain.split(X)):
        assert_array_equal(train, train0)
        assert_array_equal(test, np.r_[test0[0] - 5 : test0[0], test0])
    # The gap still separates training rows from the scored rows.
    assert check_cv_gap(cv, horizon=2) is cv
    splits = list(cv.split(X))
    with pytest.raises(ValueError, match=r"Split 0: training row 23 .* test row 21"):
        check_cv_gap(splits, horizon=2)
    assert check_cv_gap(splits, horizon=2, context=5) == splits
    with pytest.raises(ValueError, match=r"Split 0: training row 23 .* test row 26"):
        check_cv_gap(splits, horizon=3, context=5)


def test_split_and_scorer_errors():
    X = np.zeros((50, 1))
    with pytest.raises(ValueError, match="context=30 reaches before row 0: split 0"):
        list(ForecastSplit(3, context=30, test_size=8).split(X))
    with pytest.raises(ValueError, match="context must be an int >= 0"):
        list(ForecastSplit(3, context=-1).split(X))
    with pytest.raises(ValueError, match="'context' parameter"):
        forecast_cv(3, horizon=1, context=-1)
    scorer = forecast_cv(3, horizon=1, context=10).scorer("neg_mean_absolute_error")
    model = make_pipeline(WindowTransformer(seq_len=3), PersistenceRegressor())
    model.fit(np.ones((20, 1)), np.ones(20))
    with pytest.raises(ValueError, match="The test fold has 10 rows, no more than"):
        scorer(model, np.ones((10, 1)), np.ones(10))
    with pytest.raises(ValueError, match="scoring=None cannot drop the context"):
        forecast_cv(3, horizon=1).scorer(None)
    with pytest.raises(ValueError, match="looks like it is a metric function"):
        forecast_cv(3, horizon=1).scorer(mean_absolute_error)


def test_scorer_pickles_and_slices_pandas(series_xy):
    X, y = series_xy
    cv = forecast_cv(N_SPLITS, horizon=HORIZON, context=7, test_size=TEST_SIZE)
    scorer = pickle.loads(pickle.dumps(cv.scorer("neg_mean_absolute_error")))
    model = dlinear_pipe().fit(X[:300], y[:300])
    Xdf = pd.DataFrame(X[293:340], index=np.arange(293, 340))
    ydf = pd.DataFrame(y[293:340], index=Xdf.index)
    expected = -mean_absolute_error(y[300:340], model.predict(X[:340])[300:])
    assert scorer(model, Xdf, ydf) == pytest.approx(expected, rel=1e-12)
    assert scorer(model, X[293:340], y[293:340]) == pytest.approx(expected, rel=1e-12)
    # Per-row scoring arguments are cut like y.
    w = np.arange(47.0)
    weighted = -mean_absolute_error(
        y[300:340], model.predict(X[:340])[300:], sample_weight=w[7:]
    )
    got = scorer(model, X[293:340], y[293:340], sample_weight=w)
    assert got == pytest.approx(weighted, rel=1e-12)
    assert "context=7" in repr(scorer)


@pytest.mark.parametrize("horizon", [1, 24, [1, 6, 12]])
def test_forecast_cv_training_labels_stay_before_the_test_period(horizon):
    n = 500
    cv = forecast_cv(4, horizon=horizon, max_train_size=200)
    h = np.max(horizon)
    assert isinstance(cv, TimeSeriesSplit)
    assert cv.gap == h
    assert cv.context == 0
    assert cv.max_train_size == 200
    assert cv.n_splits == 4
    X, y = align_horizon(np.arange(n).reshape(-1, 1), target=0, horizon=horizon)
    for train, test in cv.split(X):
        # the latest training label is the value at row train.max() + h,
        # strictly before the first test input row
        label_rows = train.max() + h
        assert label_rows < test.min()
        assert np.max(y[train]) < X[test.min(), 0]
    assert check_cv_gap(cv, horizon=horizon) is cv


def test_forecast_cv_test_size_and_errors():
    cv = forecast_cv(3, horizon=2, test_size=10)
    assert cv.test_size == 10
    with pytest.raises(ValueError, match="'n_splits' parameter"):
        forecast_cv(1, horizon=1)
    with pytest.raises(ValueError, match="horizon must be an int >= 0"):
        forecast_cv(horizon=[])


def test_check_cv_gap_rejects_leaky_or_unordered_splitters():
    with pytest.raises(ValueError, match="gap=3 < horizon=5"):
        check_cv_gap(TimeSeriesSplit(3, gap=3), horizon=5)
    with pytest.raises(ValueError, match="gap=0 < horizon=6"):
        check_cv_gap(TimeSeriesSplit(3), horizon=[1, 6])
    with pytest.raises(ValueError, match="ForecastSplit has gap=1 < horizon=2"):
        check_cv_gap(ForecastSplit(3, gap=1, context=10), horizon=2)
    with pytest.raises(ValueError, match="cv=5 means"):
        check_cv_gap(5, horizon=1)
    with pytest.raises(ValueError, match="cv=None means"):
        check_cv_gap(None, horizon=1)
    with pytest.raises(ValueError, match="KFold shuffles rows"):
        check_cv_gap(KFold(3, shuffle=True, random_state=0), horizon=1)
    with pytest.raises(ValueError, match="Cannot check the time order of KFold"):
        check_cv_gap(KFold(3), horizon=1)
    with pytest.raises(ValueError, match="Cannot check the time order of ShuffleSplit"):
        check_cv_gap(ShuffleSplit(3), horizon=1)
    with pytest.raises(ValueError, match="Cannot check the time order of Predefined"):
        check_cv_gap(PredefinedSplit([0, 0, 1, 1]), horizon=1)


def test_check_cv_gap_on_explicit_splits():
    good = [(np.arange(10), np.arange(13, 20)), (np.arange(15), np.arange(17, 25))]
    splits = check_cv_gap(iter(good), horizon=2)
    assert isinstance(splits, list)
    assert len(splits) == 2
    with pytest.raises(ValueError, match="Split 1: training row 14"):
        check_cv_gap(good, horizon=3)
    future_train = [(np.r_[0:5, 30:40], np.arange(10, 20))]
    with pytest.raises(ValueError, match="Split 0"):
        check_cv_gap(future_train, horizon=1)
    masks = [(np.arange(20) < 10, np.arange(20) >= 12)]
    assert check_cv_gap(masks, horizon=2)[0] is masks[0]
    with pytest.raises(ValueError, match="training row 9"):
        check_cv_gap(masks, horizon=3)
