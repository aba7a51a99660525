"""PersistenceRegressor and SeasonalNaiveRegressor."""

import gzip
import tracemalloc

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sktseq.baselines import PersistenceRegressor, SeasonalNaiveRegressor
from sktseq.windows import WindowTransformer, align_horizon, forecast_cv


def test_persistence_predicts_last_value_of_target_feature():
    rng = np.random.default_rng(0)
    windows = rng.normal(size=(30, 5, 3)).astype(np.float32)
    model = PersistenceRegressor(target_index=2).fit(windows, rng.normal(size=30))
    assert model.n_features_in_ == 3
    assert model.n_outputs_ == 1
    y_pred = model.predict(windows)
    assert y_pred.shape == (30,)
    assert y_pred.dtype == np.float64
    assert_array_equal(y_pred, windows[:, -1, 2])
    # several horizons: each output is the same last value
    y_pred2 = model.fit(windows, np.zeros((30, 4))).predict(windows)
    assert y_pred2.shape == (30, 4)
    assert_array_equal(y_pred2, np.repeat(windows[:, -1, 2:3], 4, axis=1))
    # univariate 2-D sequences
    seqs = windows[:, :, 0]
    assert_array_equal(
        PersistenceRegressor().fit(seqs, seqs[:, 0]).predict(seqs), seqs[:, -1]
    )
    assert_array_equal(
        PersistenceRegressor(target_index=-1)
        .fit(windows, np.ones(30))
        .predict(windows),
        windows[:, -1, 2],
    )


def test_persistence_in_a_forecasting_pipeline_matches_shifted_series():
    series = np.cumsum(np.random.default_rng(0).normal(size=200))
    X, y = align_horizon(np.c_[series, series**2], target=0, horizon=5)
    pipe = make_pipeline(WindowTransformer(seq_len=7), PersistenceRegressor())
    scores = cross_val_score(
        pipe, X, y, cv=forecast_cv(3, horizon=5), scoring="neg_mean_absolute_error"
    )
    assert_allclose(pipe.fit(X, y).predict(X), series[:-5], rtol=1e-6)
    for score, (_, test) in zip(scores, forecast_cv(3, horizon=5).split(X)):
        expected = np.mean(np.abs(series[test + 5] - series[test]))
        assert_allclose(-score, expected, rtol=1e-5)


def reference_seasonal_naive(series, t, h, m):
    """x[t + h - m * ceil(h / m)] computed on the raw series."""
    k = 1
    while k * m < h:
        k += 1
    return series[t + h - k * m]


@pytest.mark.parametrize(
    ("m", "h"), [(24, 1), (24, 24), (24, 25), (5, 3), (1, 4), (3, 7)]
)
def test_seasonal_naive_matches_reference(m, h):
    series = np.random.default_rng(0).normal(size=300)
    X, y = align_horizon(series.reshape(-1, 1), target=0, horizon=h)
    seq_len = 50
    windows = WindowTransformer(seq_len=seq_len).fit_transform(X)
    model = SeasonalNaiveRegressor(season_length=m, horizon=h).fit(windows, y)
    y_pred = model.predict(windows)
    for t in range(seq_len, len(X)):  # rows with full history
        assert y_pred[t] == np.float32(reference_seasonal_naive(series, t, h, m))


def test_seasonal_naive_several_horizons():
    series = np.arange(100.0)
    X, y = align_horizon(series.reshape(-1, 1), target=0, horizon=[1, 3, 4, 9])
    windows = WindowTransformer(seq_len=10).fit_transform(X)
    model = SeasonalNaiveRegressor(season_length=4, horizon=[1, 3, 4, 9]).fit(
        windows, y
    )
    y_pred = model.predict(windows)
    assert y_pred.shape == (len(X), 4)
    t = np.arange(20, len(X))
    # t + h - m * ceil(h / m) with m = 4: offsets -3, -1, 0, -3
    assert_array_equal(y_pred[t], np.c_[t - 3, t - 1, t, t - 3])
    # one int horizon applies to every column
    y_int = SeasonalNaiveRegressor(season_length=4, horizon=1).fit(windows, y)
    assert_array_equal(y_int.predict(windows)[t], np.c_[t - 3, t - 3, t - 3, t - 3])


def test_seasonal_naive_errors():
    windows = np.zeros((10, 5, 2))
    with pytest.raises(ValueError, match="needs at least 24"):
        SeasonalNaiveRegressor().fit(windows, np.zeros(10))
    with pytest.raises(ValueError, match="X has sequences of 3 time steps"):
        SeasonalNaiveRegressor(season_length=4).fit(np.zeros((10, 3)), np.zeros(10))
    with pytest.raises(ValueError, match="horizon has 2 values but y has 3"):
        SeasonalNaiveRegressor(season_length=2, horizon=[1, 2]).fit(
            windows, np.zeros((10, 3))
        )
    with pytest.raises(ValueError, match="horizon must be an int >= 1"):
        SeasonalNaiveRegressor(season_length=2, horizon=[0]).fit(windows, np.zeros(10))
    with pytest.raises(ValueError, match="'season_length' parameter"):
        SeasonalNaiveRegressor(season_length=0).fit(windows, np.zeros(10))
    model = SeasonalNaiveRegressor(season_length=2).fit(windows, np.zeros(10))
    with pytest.raises(ValueError, match="needs at least 2"):
        model.predict(np.zeros((10, 1, 2)))


def test_baseline_input_errors():
    windows = np.zeros((10, 5, 2))
    with pytest.raises(ValueError, match="target_index=2 is out of range"):
        PersistenceRegressor(target_index=2).fit(windows, np.zeros(10))
    with pytest.raises(ValueError, match="target_index=1 is out of range"):
        PersistenceRegressor(target_index=1).fit(np.zeros((10, 5)), np.zeros(10))
    with pytest.raises(ValueError, match="requires y to be passed"):
        PersistenceRegressor().fit(windows, None)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        PersistenceRegressor().fit(windows, np.zeros(9))
    with pytest.raises(ValueError, match="dim 3, while dim <= 2"):
        PersistenceRegressor().fit(windows, np.zeros((10, 2, 2)))
    model = PersistenceRegressor().fit(windows, np.zeros(10))
    with pytest.raises(ValueError, match="3 features per time step"):
        model.predict(np.zeros((10, 5, 3)))
    with pytest.raises(ValueError, match=r"2-D with 5 columns.*needs 2 columns"):
        model.predict(np.zeros((10, 5)))
    with pytest.raises(ValueError, match="NaN"):
        model.predict(np.full((10, 5, 2), np.nan))


def test_persistence_reads_table_rows_as_one_step_windows():
    # A model fitted on windows reads a 2-D (n, n_features) table as its rows
    # (MAPIE probes a pipeline's last step this way): the forecast is the
    # row's own target value.
    rng = np.random.default_rng(0)
    table = rng.normal(size=(12, 3))
    windows = WindowTransformer(seq_len=4).fit_transform(table)
    model = PersistenceRegressor(target_index=1).fit(windows, np.zeros(12))
    assert_array_equal(model.predict(table), table[:, 1])


def test_predict_does_not_copy_the_windows():
    X = np.random.default_rng(0).normal(size=(20_000, 4)).astype(np.float32)
    windows = WindowTransformer(seq_len=100).fit_transform(X)
    model = SeasonalNaiveRegressor(season_length=24).fit(windows, np.zeros(len(X)))
    tracemalloc.start()
    model.predict(windows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < X.nbytes  # a copy of the windows would be 100 * X.nbytes


def test_scaled_windows_need_a_scaled_target():
    # StandardScaler before the windows puts persistence in scaled units;
    # TransformedTargetRegressor scales y the same way (see module notes).
    rng = np.random.default_rng(0)
    series = 1000 + np.cumsum(rng.normal(size=400))
    X, y = align_horizon(series.reshape(-1, 1), target=0, horizon=1)
    naive = make_pipeline(
        StandardScaler(), WindowTransformer(seq_len=3), PersistenceRegressor()
    )
    assert mean_absolute_error(y, naive.fit(X, y).predict(X)) > 100
    wrapped = TransformedTargetRegressor(naive, transformer=StandardScaler())
    mae_wrapped = mean_absolute_error(y, wrapped.fit(X, y).predict(X))
    assert mae_wrapped < 1.2 * np.mean(np.abs(np.diff(series)))


@pytest.mark.realdata
def test_jena_persistence_baseline_mae(shared_data):
    # Published protocol: validation MAE 2.44 for "T in 24 h = T now"
    # (50 / 25 / 25 split); the hourly file gives the same figure.
    with gzip.open(shared_data / "jena_climate_2009_2016_hourly.csv.gz") as f:
        df = pd.read_csv(f, usecols=["p (mbar)", "T (degC)"])
    X, y = align_horizon(df, target="T (degC)", horizon=24)
    n = len(df)
    val = slice(n // 2, 3 * n // 4)
    model = make_pipeline(
        WindowTransformer(seq_len=120), PersistenceRegressor(target_index=1)
    )
    model.fit(X.iloc[: n // 2], y.iloc[: n // 2])
    mae = mean_absolute_error(y.iloc[val], model.predict(X.iloc[val]))
    assert 2.3 < mae < 2.6


def test_several_targets_predict_in_align_horizons_layout():
    rng = np.random.default_rng(1)
    table = rng.normal(size=(120, 3))
    horizons = [1, 3, 7]
    X, y = align_horizon(table, target=[2, 0], horizon=horizons)
    windows = WindowTransformer(seq_len=10).fit_transform(X)
    t = np.arange(9, len(X))  # rows with full history
    # Persistence: every horizon of target j is target j's last value.
    pers = PersistenceRegressor(target_index=[2, 0]).fit(windows, y)
    expected = np.repeat(table[t][:, [2, 0]], 3, axis=1)
    assert_array_equal(pers.predict(windows)[t], expected.astype(np.float32))
    # Seasonal naive: target j at horizon h is table[t + h - m * ceil(h / m), j].
    naive = SeasonalNaiveRegressor(
        season_length=4, horizon=horizons, target_index=[2, 0]
    )
    y_pred = naive.fit(windows, y).predict(windows)
    for row in t:
        ref = [
            reference_seasonal_naive(table[:, col], row, h, 4)
            for col in (2, 0)
            for h in horizons
        ]
        assert_array_equal(y_pred[row], np.float32(ref))
    # An int horizon applies to every column of every target.
    one_h = SeasonalNaiveRegressor(season_length=4, horizon=1, target_index=[2, 0])
    assert one_h.fit(windows, y).predict(windows).shape == (len(X), 6)


def test_target_index_list_of_one_and_negative_positions():
    windows = np.random.default_rng(2).normal(size=(20, 4, 3))
    y = np.zeros((20, 2))
    a = PersistenceRegressor(target_index=[-1]).fit(windows, y).predict(windows)
    b = PersistenceRegressor(target_index=2).fit(windows, y).predict(windows)
    assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("model", "y", "match"),
    [
        (
            PersistenceRegressor(target_index=[0, 1]),
            np.zeros((10, 3)),
            "y has 3 column",
        ),
        (PersistenceRegressor(target_index=[0, 1]), np.zeros(10), "y has 1 column"),
        (
            SeasonalNaiveRegressor(
                season_length=2, horizon=[1, 2], target_index=[0, 1]
            ),
            np.zeros((10, 6)),
            "horizon has 2 values but y has 3 output column",
        ),
        (PersistenceRegressor(target_index=[0, 5]), np.zeros(10), "target_index=5 is"),
        (PersistenceRegressor(target_index=[]), np.zeros(10), "non-empty sequence"),
        (PersistenceRegressor(target_index=[0.5]), np.zeros(10), "sequence of ints"),
    ],
)
def test_layout_errors_name_the_parameter(model, y, match):
    with pytest.raises(ValueError, match=match):
        model.fit(np.zeros((10, 5, 2)), y)


def test_baselines_validate_and_ignore_sample_weight():
    rng = np.random.default_rng(3)
    windows = rng.normal(size=(30, 6, 2))
    y = rng.normal(size=(30, 2))
    for model in (PersistenceRegressor(), SeasonalNaiveRegressor(season_length=3)):
        plain = model.fit(windows, y).predict(windows)
        weighted = model.fit(windows, y, sample_weight=rng.uniform(size=30))
        assert_array_equal(weighted.predict(windows), plain)
        with pytest.raises(
            ValueError, match="Negative values in data passed to `sample_"
        ):
            model.fit(windows, y, sample_weight=-np.ones(30))
        with pytest.raises(ValueError, match=r"sample_weight.shape == \(29,\)"):
            model.fit(windows, y, sample_weight=np.ones(29))
    # Routed through a pipeline like the weights of the model it is compared with.
    pipe = make_pipeline(WindowTransformer(seq_len=3), PersistenceRegressor())
    X = rng.normal(size=(30, 1))
    pipe.fit(X, X[:, 0], persistenceregressor__sample_weight=np.ones(30))
