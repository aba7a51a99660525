"""Sequence input: the mistakes that used to pass silently now say what to do."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn import config_context
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sktseq.baselines import PersistenceRegressor
from sktseq.datasets import load_jena_climate
from sktseq.features import FlattenWindows, WindowSummary
from sktseq.windows import WindowTransformer, align_horizon

# Every sequence estimator outside sktseq.nn (whose tests cover its own).
SEQUENCE_ESTIMATORS = [PersistenceRegressor, WindowSummary, FlattenWindows]


def small_lstm():
    # The LSTMRegressor().fit(jena_frame, y), made quick.
    from sktseq.nn import LSTMRegressor

    return LSTMRegressor(hidden_size=4, max_epochs=1, random_state=0)


@pytest.fixture(scope="module")
def jena():
    frame = load_jena_climate(sample=True).iloc[:2000]
    return align_horizon(frame, target="T (degC)", horizon=24)


def test_persistence_on_the_jena_frame_warns_instead_of_forecasting_wind(jena):
    X, y = jena
    with pytest.warns(UserWarning, match="DataFrame with named columns") as record:
        model = PersistenceRegressor().fit(X, y)
    message = str(record[0].message)
    # what was assumed, and both ways out
    assert "one univariate sequence of 14 time steps" in message
    assert "'p (mbar)', 'T (degC)', 'Tpot (K)', ..." in message
    assert "WindowTransformer(seq_len=...) before PersistenceRegressor" in message
    assert "X.to_numpy()" in message
    # what it would have done: forecast the last column, wind direction
    np.testing.assert_array_equal(model.predict(X), X["wd (deg)"])
    # the fix the warning names gives the real persistence forecast, silently
    pipe = make_pipeline(
        WindowTransformer(seq_len=24),
        PersistenceRegressor(target_index=list(X.columns).index("T (degC)")),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pipe.fit(X, y)
    np.testing.assert_allclose(pipe.predict(X), X["T (degC)"], rtol=1e-6)


@pytest.mark.parametrize("estimator", [*SEQUENCE_ESTIMATORS, small_lstm])
def test_named_table_warns_in_every_sequence_estimator(estimator):
    X = pd.DataFrame(np.ones((10, 3)), columns=["T", "p", "rh"])
    y = np.ones(10)
    name = type(estimator()).__name__
    with pytest.warns(UserWarning, match=rf"put WindowTransformer.*{name}"):
        estimator().fit(X, y)


def test_lstm_on_the_jena_frame_warns(jena):
    X, y = jena
    with pytest.warns(UserWarning, match="LSTMRegressor reads each of its 1976 rows"):
        small_lstm().fit(X, y)


@pytest.mark.parametrize("estimator", SEQUENCE_ESTIMATORS)
def test_no_warning_where_rows_are_sequences(estimator):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 4)), np.ones(10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        estimator().fit(X, y)  # an array: rows are sequences
        estimator().fit(pd.DataFrame(X).to_numpy(), y)  # the way out
        # unnamed columns, and the x0, x1, ... of a pandas-output step
        estimator().fit(pd.DataFrame(X), y)
        with config_context(transform_output="pandas"):
            make_pipeline(StandardScaler(), estimator()).fit(X, y)
        # windows are never mistaken for a table
        windows = WindowTransformer(seq_len=3).fit_transform(
            pd.DataFrame(X, columns=["a", "b", "c", "d"])
        )
        estimator().fit(windows, y)


def test_warning_is_once_per_fit_not_per_predict(jena):
    X, y = jena
    with pytest.warns(UserWarning, match="DataFrame with named columns"):
        model = PersistenceRegressor().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.predict(X)


@pytest.mark.parametrize("estimator", SEQUENCE_ESTIMATORS)
def test_one_dimensional_x_gets_sequence_advice(estimator):
    x = np.arange(12.0)
    with pytest.raises(ValueError) as excinfo:
        estimator().fit(x, x)
    message = str(excinfo.value)
    assert f"{estimator.__name__} expects sequences" in message
    assert "shape (12,)" in message
    assert "X[None, :] (X.reshape(1, -1))" in message  # one sequence
    assert "WindowTransformer(seq_len=...)" in message  # a series
    assert "reshape(-1, 1) if your data has a single feature" not in message
    # the advice works: one sequence, or one window per step
    estimator().fit(x[None, :], x[:1])
    windows = WindowTransformer(seq_len=3).fit_transform(x.reshape(-1, 1))
    estimator().fit(windows, x)


def test_cross_validation_of_a_fixed_pipeline_is_silent(jena):
    X, y = jena
    pipe = make_pipeline(
        WindowTransformer(seq_len=24), PersistenceRegressor(target_index=1)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scores = cross_val_score(pipe, X, y, scoring="neg_mean_absolute_error")
    assert (-scores < 5).all()  # degrees, not the hundreds of wind direction
