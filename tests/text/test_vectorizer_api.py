"""TextVectorizer as a scikit-learn citizen: errors, checks, pickling, pipelines."""

import io
import pickle

import joblib
import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.utils import estimator_checks as checks

from sktseq.text import TextVectorizer

POS = ["great movie", "loved the acting", "great plot and great acting", "superb"]
NEG = ["awful movie", "hated the plot", "awful acting and bad plot", "boring"]


def sentiment_corpus(n=60, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    docs = [
        " ".join(rng.choice((POS if label else NEG) + ["the", "film", "was"], size=6))
        for label in y
    ]
    return docs, y


# -- bad input ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("X", "error", "match"),
    [
        ("just one string", TypeError, "single str"),
        (b"bytes", TypeError, "single bytes"),
        (None, TypeError, "X is None"),
        (["ok", 3], TypeError, r"X\[1\] is int"),
        (["ok", None], TypeError, r"X\[1\] is NoneType"),
        (["ok", np.nan], TypeError, r"X\[1\] is float"),
        (["ok", b"caf\xc3\xa9"], TypeError, "encoding="),
        (np.array([["a", "b"], ["c", "d"]]), ValueError, "1-D"),
    ],
)
def test_bad_documents_raise_clear_errors(X, error, match):
    with pytest.raises(error, match=match):
        TextVectorizer().fit(X)
    fitted = TextVectorizer().fit(["ok"])
    with pytest.raises(error, match=match):
        fitted.transform(X)


def test_bytes_decoded_with_declared_encoding():
    vec = TextVectorizer(encoding="utf-8").fit([b"caf\xc3\xa9 ok", "ok"])
    assert "café" in vec.vocabulary_
    with pytest.raises(ValueError, match="cannot be decoded with encoding='ascii'"):
        TextVectorizer(encoding="ascii").fit([b"caf\xc3\xa9"])


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"max_tokens": 2}, "max_tokens=2 leaves no room.*reserves 2"),
        ({"max_tokens": 1, "output_mode": "count"}, "reserves 1"),
        (
            {"output_mode": "multi_hot", "output_sequence_length": 10},
            "output_sequence_length is only valid with output_mode='int'",
        ),
        ({"output_mode": "count", "pad_to_max_tokens": True}, "needs max_tokens"),
        ({"ngrams": (0, 2)}, "ngrams must be"),
        ({"vocabulary": ["a", "a"]}, "repeated tokens"),
        ({"vocabulary": ["a", "[UNK]"]}, "reserved token"),
        ({"vocabulary": ["a", "b", "c"], "max_tokens": 4}, "more than max_tokens"),
        ({"vocabulary": "abc"}, "vocabulary. parameter"),
        ({"output_mode": "one_hot"}, "output_mode"),
        ({"standardize": "upper"}, "standardize"),
    ],
)
def test_bad_parameters_raise_clear_errors(params, match):
    with pytest.raises((ValueError, TypeError), match=match):
        TextVectorizer(**params).fit(["a b c"])


def test_empty_fit_and_unfitted_transform():
    with pytest.raises(ValueError, match="at least one document"):
        TextVectorizer().fit([])
    with pytest.raises(NotFittedError):
        TextVectorizer().transform(["a"])


def test_accepts_series_arrays_and_column_vectors():
    docs = ["a b", "b c"]
    expected = TextVectorizer().fit_transform(docs)
    for X in (pd.Series(docs), np.array(docs), np.array(docs, dtype=object)[:, None]):
        np.testing.assert_array_equal(TextVectorizer().fit_transform(X), expected)


# -- scikit-learn API ---------------------------------------------------------------
@pytest.mark.parametrize(
    "check",
    [
        checks.check_estimator_cloneable,
        checks.check_estimator_repr,
        checks.check_no_attributes_set_in_init,
        checks.check_valid_tag_types,
        checks.check_estimator_tags_renamed,
        checks.check_mixin_order,
        checks.check_get_params_invariance,
        checks.check_set_params,
        checks.check_parameters_default_constructible,
        checks.check_do_not_raise_errors_in_init_or_set_params,
    ],
    ids=lambda c: c.__name__,
)
def test_data_free_sklearn_checks(check):
    # parametrize_with_checks skips every data check for two_d_array=False
    # (text) estimators, as it does for CountVectorizer; these need no data.
    check("TextVectorizer", TextVectorizer())


@pytest.mark.parametrize("method", ["fit", "fit_transform"])
def test_honours_skip_parameter_validation(method):
    # min_frequency=0 breaks its constraint but works (it keeps what 1 keeps)
    vec = TextVectorizer(min_frequency=0)
    with pytest.raises(ValueError, match="'min_frequency' parameter"):
        getattr(vec, method)(["a b", "b"])
    with sklearn.config_context(skip_parameter_validation=True):
        getattr(vec, method)(["a b", "b"])
    assert vec.get_vocabulary() == ["", "[UNK]", "b", "a"]


def test_fit_is_idempotent_and_does_not_touch_params():
    docs, _ = sentiment_corpus()
    vec = TextVectorizer(output_mode="count", ngrams=2, max_tokens=10)
    params = vec.get_params()
    first = vec.fit(docs).transform(docs).toarray()
    assert vec.get_params() == params
    vec.fit(docs[:10])
    np.testing.assert_array_equal(vec.fit(docs).transform(docs).toarray(), first)
    np.testing.assert_array_equal(clone(vec).fit_transform(docs).toarray(), first)


def test_pickles_without_training_documents():
    secret = "zqxv unique training sentence 12345"
    vec = TextVectorizer(max_tokens=4).fit([secret, "a a a b b b c c c d d d"])
    buffer = io.BytesIO()
    joblib.dump(vec, buffer)
    assert secret.encode() not in buffer.getvalue()
    assert b"zqxv" not in buffer.getvalue()  # dropped by max_tokens: not kept
    buffer.seek(0)
    loaded = joblib.load(buffer)
    np.testing.assert_array_equal(loaded.transform(["a b z"]), vec.transform(["a b z"]))
    assert pickle.loads(pickle.dumps(vec)).get_vocabulary() == vec.get_vocabulary()


def test_set_output_pandas_where_dense():
    docs = ["a b", "b c d"]
    out = TextVectorizer().set_output(transform="pandas").fit_transform(docs)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == [
        "textvectorizer0",
        "textvectorizer1",
        "textvectorizer2",
    ]
    bag = TextVectorizer(output_mode="count", sparse_output=False)
    out = bag.set_output(transform="pandas").fit(docs).transform(docs)
    assert list(out.columns) == bag.get_vocabulary()
    assert out.loc[1, "d"] == 1


def test_vocabulary_attribute_is_a_dict_of_indices():
    vec = TextVectorizer(output_mode="count").fit(["b a b"])
    assert vec.vocabulary_ == {"[UNK]": 0, "b": 1, "a": 2}
    assert vec.get_vocabulary(include_special_tokens=False) == ["b", "a"]


# -- pipelines ------------------------------------------------------------
def test_bag_of_words_pipeline_in_grid_search():
    docs, y = sentiment_corpus(80)
    pipe = make_pipeline(
        TextVectorizer(ngrams=2, output_mode="multi_hot"), LogisticRegression()
    )
    grid = {
        "textvectorizer__max_tokens": [5, 50],
        "textvectorizer__ngrams": [None, 2],
        "textvectorizer__output_mode": ["multi_hot", "count", "tf_idf"],
    }
    search = GridSearchCV(pipe, grid, cv=3).fit(docs, y)
    assert search.best_score_ > 0.9
    assert search.best_params_["textvectorizer__max_tokens"] == 50
    assert search.score(*sentiment_corpus(40, seed=1)) > 0.9


def test_int_mode_feeds_a_gru_classifier_in_grid_search():
    nn = pytest.importorskip("sktseq.nn")
    if not hasattr(nn, "GRUClassifier"):  # pragma: no cover
        pytest.skip("sktseq.nn.GRUClassifier does not exist yet")
    docs, y = sentiment_corpus(40)
    pipe = make_pipeline(
        TextVectorizer(output_mode="int", output_sequence_length=8),
        nn.GRUClassifier(hidden_size=4, max_epochs=2, batch_size=8, random_state=0),
    )
    grid = {"textvectorizer__max_tokens": [10, 30], "textvectorizer__ngrams": [None, 2]}
    search = GridSearchCV(pipe, grid, cv=2, error_score="raise").fit(docs, y)
    assert search.predict(docs[:3]).shape == (3,)


def test_refit_in_another_mode_drops_stale_attributes():
    vec = TextVectorizer(output_mode="tf_idf").fit(["a b"])
    assert hasattr(vec, "idf_")
    vec.set_params(output_mode="int").fit(["a b"])
    assert not hasattr(vec, "idf_")
    assert vec.output_sequence_length_ == 2
    vec.set_params(output_mode="count").fit(["a b"])
    assert not hasattr(vec, "output_sequence_length_")
