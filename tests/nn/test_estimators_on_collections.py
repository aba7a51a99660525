"""Every neural estimator on collections of sequences of different lengths.

The reference for a sequence's prediction is the same model on that sequence
given alone as a ``(1, L, F)`` array: no padding, no lengths, no mask.  A
collection must give the same numbers whatever else is in the batch, whatever
sits where padding would be, and without ever padding the whole collection.
"""

import tracemalloc

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sktseq._ragged import Ragged
from sktseq.nn import (
    AttentionClassifier,
    AttentionRegressor,
    Conv1DClassifier,
    Conv1DRegressor,
    GRUClassifier,
    GRURegressor,
    LSTMClassifier,
    LSTMRegressor,
    RNNClassifier,
    RNNRegressor,
)

SMALL = {"max_epochs": 2, "batch_size": 8, "random_state": 0}
FAMILIES = [
    (LSTMRegressor, {"hidden_size": 8, "bidirectional": True}),
    (GRURegressor, {"hidden_size": 8, "pooling": "mean"}),
    (RNNRegressor, {"hidden_size": 8, "num_layers": 2}),
    (Conv1DRegressor, {"filters": 8, "pooling": "avg"}),
    (AttentionRegressor, {"d_model": 8, "num_heads": 2, "pooling": "max"}),
    (LSTMClassifier, {"hidden_size": 8, "pooling": "max"}),
    (GRUClassifier, {"hidden_size": 8, "bidirectional": True}),
    (RNNClassifier, {"hidden_size": 8, "pooling": "mean"}),
    (Conv1DClassifier, {"filters": 8, "kernel_size": (2, 3)}),
    (AttentionClassifier, {"d_model": 8, "num_heads": 2, "pooling": "cls"}),
]
IDS = [cls.__name__ for cls, _ in FAMILIES]
# float32 kernels round differently for other batch shapes (~1e-7).
TIGHT = {"rtol": 1e-5, "atol": 1e-6}


def collection(n=40, n_features=2, low=2, high=15, seed=0):
    rng = np.random.default_rng(seed)
    lengths = rng.integers(low, high, size=n)
    X = [rng.normal(size=(L, n_features)).astype(np.float32) for L in lengths]
    y = np.array([x[:, 0].mean() + x[-1, -1] for x in X])
    return X, y


def outputs(est, X):
    """Probabilities for classifiers (continuous), predictions otherwise."""
    return est.predict_proba(X) if hasattr(est, "predict_proba") else est.predict(X)


def fitted(cls, params, X, y):
    y = (y > np.median(y)).astype(int) if "Classifier" in cls.__name__ else y
    return cls(**params, **SMALL).fit(X, y)


@pytest.mark.parametrize(("cls", "params"), FAMILIES, ids=IDS)
def test_fits_and_predicts_2d_and_1d_collections(cls, params):
    X, y = collection()
    est = fitted(cls, params, X, y)
    assert est.n_features_in_ == 2
    out = outputs(est, X)
    assert len(out) == len(X)
    assert np.isfinite(out).all()
    assert len(est.predict(X)) == len(X)
    univariate = [x[:, 0] for x in X]  # 1-D arrays: one feature per step
    est1 = fitted(cls, params, univariate, y)
    assert est1.n_features_in_ == 1
    as_columns = outputs(est1, [x[:, None] for x in univariate])
    assert_allclose(outputs(est1, univariate), as_columns, **TIGHT)
    # a reference per sequence: the sequence alone, as a (1, L, 1) array
    alone = outputs(est1, univariate[3][None, :, None])[0]
    assert_allclose(as_columns[3], alone, **TIGHT)


@pytest.mark.parametrize(("cls", "params"), FAMILIES, ids=IDS)
def test_prediction_is_the_same_alone_or_beside_longer_sequences(cls, params):
    X, y = collection()
    est = fitted(cls, params, X, y)
    rng = np.random.default_rng(1)
    longer = [rng.normal(size=(40, 2)).astype(np.float32) for _ in range(12)]
    whole = outputs(est, X)
    mixed = outputs(est, longer + X)[len(longer) :]
    for i in np.argsort([len(x) for x in X])[:5]:  # the shortest rows
        alone = outputs(est, X[i][None])[0]  # (1, L, F): nothing padded
        assert_allclose(whole[i], alone, **TIGHT)
        assert_allclose(mixed[i], alone, **TIGHT)
        assert_allclose(outputs(est, [X[i]])[0], alone, **TIGHT)


def _garbage_pad(fill):
    original = Ragged.pad

    def pad(self, rows, fill_=0.0):
        return original(self, rows, fill=fill)

    return pad


@pytest.mark.parametrize(("cls", "params"), FAMILIES, ids=IDS)
@pytest.mark.parametrize("garbage", [np.nan, 1e30])
def test_padding_is_never_read(cls, params, garbage, monkeypatch):
    X, y = collection(n=30)
    est = fitted(cls, params, X, y)
    expected = outputs(est, X)
    monkeypatch.setattr(Ragged, "pad", _garbage_pad(garbage))
    assert_array_equal(outputs(est, X), expected)
    # and training: the same seed gives the same model
    assert_array_equal(outputs(fitted(cls, params, X, y), X), expected)


@pytest.mark.parametrize(("cls", "params"), FAMILIES, ids=IDS)
def test_only_batches_are_padded(cls, params, monkeypatch):
    X, y = collection(n=50)
    calls = []
    original = Ragged.pad

    def spy(self, rows, fill=0.0):
        calls.append(len(rows))
        return original(self, rows, fill)

    monkeypatch.setattr(Ragged, "pad", spy)
    est = fitted(cls, params, X, y)
    outputs(est, X)
    assert calls
    assert max(calls) <= SMALL["batch_size"] < len(X)
    # every row of every epoch and of predict went through a batch
    assert sum(calls) == (SMALL["max_epochs"] + 1) * len(X)


def test_no_dense_copy_of_one_long_and_many_short_sequences():
    # Padding the whole collection would be 400 x 4,000 x 8 float32 = 51 MB.
    rng = np.random.default_rng(0)
    X = [rng.normal(size=(4, 8)).astype(np.float32) for _ in range(399)]
    X.insert(7, rng.normal(size=(4000, 8)).astype(np.float32))
    y = rng.normal(size=400)
    est = Conv1DRegressor(filters=4, max_epochs=1, batch_size=16, random_state=0)
    tracemalloc.start()
    try:
        est.fit(X, y).predict(X)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    dense = 400 * 4000 * 8 * 4
    assert peak < dense / 8  # a batch with the long row is 16 x 4,000 x 8


@pytest.mark.parametrize(
    ("cls", "params"),
    [FAMILIES[i] for i in (1, 4, 8)],
    ids=[IDS[i] for i in (1, 4, 8)],
)
def test_windows_and_collections_are_interchangeable_at_predict(cls, params):
    rng = np.random.default_rng(0)
    windows = rng.normal(size=(40, 9, 2)).astype(np.float32)
    y = windows[:, -1, 0]
    X, _ = collection()
    on_windows = fitted(cls, params, windows, y)
    # a list of windows is a collection (of equal lengths): the same numbers
    assert_allclose(
        outputs(on_windows, list(windows)), outputs(on_windows, windows), **TIGHT
    )
    ragged = outputs(on_windows, X)
    assert_allclose(ragged[5], outputs(on_windows, X[5][None])[0], **TIGHT)
    on_collection = fitted(cls, params, X, y)
    assert_allclose(
        outputs(on_collection, windows), outputs(on_collection, list(windows)), **TIGHT
    )
    # fitted on univariate (n, L) sequences: univariate collections of any length
    univariate = fitted(cls, params, windows[:, :, 0], y)
    assert univariate.n_features_in_ == 9
    assert_allclose(
        outputs(univariate, list(windows[:, :, 0])),
        outputs(univariate, windows[:, :, 0]),
        **TIGHT,
    )
    short = [x[:, 0] for x in X[:5]]
    assert_allclose(
        outputs(univariate, short)[2], outputs(univariate, [short[2]])[0], **TIGHT
    )


def test_mismatched_inputs_say_what_to_pass():
    X, y = collection()
    est = fitted(GRURegressor, {"hidden_size": 4}, X, y)
    with pytest.raises(ValueError, match=r"X has 3 features per time step, but .* 2"):
        est.predict([np.ones((4, 3)), np.ones((2, 3))])
    univariate = fitted(GRURegressor, {"hidden_size": 4}, [x[:, 0] for x in X], y)
    with pytest.raises(ValueError, match=r"fitted on windows.*X\[:, :, None\]"):
        univariate.predict(np.ones((3, 5)))  # a 2-D array could be a table
    on_2d = fitted(GRURegressor, {"hidden_size": 4}, np.ones((40, 5)), y)
    with pytest.raises(ValueError, match=r"expecting 1 .*fitted on univariate"):
        on_2d.predict(X)
    ids = np.random.default_rng(0).integers(1, 9, size=(40, 6))
    on_ids = fitted(GRURegressor, {"hidden_size": 4}, ids, y)
    with pytest.raises(ValueError, match="fitted on token ids; a collection"):
        on_ids.predict(X)
    with pytest.raises(ValueError, match=r"embeds token ids, but X has dtype float"):
        GRURegressor(vocab_size=10).fit(X, y)


def test_bad_collections_name_the_sequence():
    X, y = collection(n=5)
    bad = [*X[:3], np.full((4, 2), np.nan), X[4]]
    with pytest.raises(ValueError, match=r"X\[3\] contains NaN .*GRURegressor needs"):
        GRURegressor().fit(bad, y)
    with pytest.raises(ValueError, match=r"X\[1\] is an empty sequence"):
        GRURegressor().fit([X[0], np.ones((0, 2)), *X[2:]], y)


def test_stratified_validation_on_a_collection():
    X, _ = collection(n=60)
    labels = np.repeat(["a", "b", "c"], 20)  # sorted by class: not time order
    est = GRUClassifier(
        hidden_size=4,
        early_stopping=True,
        validation_split="stratified",
        validation_fraction=0.25,
        **SMALL,
    ).fit(X, labels)
    assert len(est.history_[:, "valid_loss"]) == SMALL["max_epochs"]
    assert set(est.predict(X)) <= {"a", "b", "c"}


def test_token_id_sequences_of_different_lengths_are_embedded():
    from sktseq.nn import GRUClassifier

    rng = np.random.default_rng(0)
    docs = [rng.integers(1, 30, size=rng.integers(2, 9)) for _ in range(60)]
    y = np.array([int(d[0] > 15) for d in docs])
    model = GRUClassifier(hidden_size=4, max_epochs=2, random_state=0).fit(docs, y)
    assert model.vocab_size_ == max(int(d.max()) for d in docs) + 1
    padded = np.zeros((60, 8), dtype=np.int64)
    for i, d in enumerate(docs):
        padded[i, : len(d)] = d
    assert_allclose(model.predict_proba(docs), model.predict_proba(padded), **TIGHT)
