"""NBLogCountRatio: hand-computed ratios, MultinomialNB as reference, errors."""

import math
import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline

from sktseq.text import NBLogCountRatio, TextVectorizer, _nb_features

X_SMALL = np.array([[1, 0, 2], [0, 1, 0], [1, 1, 0]], dtype=float)
Y_SMALL = ["pos", "neg", "pos"]


def test_binary_ratios_by_hand():
    # p = 1 + [2, 1, 2] = [3, 2, 3] (sum 8); q = 1 + [0, 1, 0] = [1, 2, 1] (sum 4)
    nb = NBLogCountRatio().fit(X_SMALL, Y_SMALL)
    expected = [math.log(3 / 8 / (1 / 4)), math.log(2 / 8 / (2 / 4)), math.log(1.5)]
    np.testing.assert_allclose(nb.log_count_ratio_, [expected])
    np.testing.assert_array_equal(nb.classes_, ["neg", "pos"])
    np.testing.assert_array_equal(nb.feature_count_, [[0, 1, 0], [2, 1, 2]])
    np.testing.assert_allclose(
        nb.transform([[2, 1, 0], [0, 0, 3]]),
        [[2 * expected[0], expected[1], 0], [0, 0, 3 * expected[2]]],
    )


def test_alpha_smooths_before_normalizing():
    # alpha=0.5: P = [2.5, 1.5, 2.5] (sum 6.5), Q = [0.5, 1.5, 0.5] (sum 2.5)
    nb = NBLogCountRatio(alpha=0.5).fit(X_SMALL, Y_SMALL)
    P, Q = np.array([2.5, 1.5, 2.5]) / 6.5, np.array([0.5, 1.5, 0.5]) / 2.5
    np.testing.assert_allclose(nb.log_count_ratio_[0], np.log(P / Q))


def test_multiclass_one_vs_rest_blocks_by_hand():
    X = np.array([[1, 0], [0, 1], [1, 1]], dtype=float)
    nb = NBLogCountRatio().fit(X, ["a", "b", "c"])
    # a: P = [2, 1]/3 against Q = 1 + (b + c) = [2, 3]/5; b mirrors a; c: 0
    r_a = [math.log(5 / 3), math.log(5 / 9)]
    r_b = [math.log(5 / 9), math.log(5 / 3)]
    np.testing.assert_allclose(nb.log_count_ratio_, [r_a, r_b, [0, 0]], atol=1e-12)
    out = nb.transform(np.array([[1.0, 2.0]]))
    np.testing.assert_allclose(
        out, [[r_a[0], 2 * r_a[1], r_b[0], 2 * r_b[1], 0, 0]], atol=1e-12
    )
    assert nb.get_feature_names_out().tolist() == [
        "x0_a",
        "x1_a",
        "x0_b",
        "x1_b",
        "x0_c",
        "x1_c",
    ]


def test_ratios_match_multinomial_nb_log_probabilities():
    rng = np.random.default_rng(0)
    X = rng.poisson(0.7, size=(60, 25)).astype(float)
    y = rng.integers(0, 2, 60)
    mnb = MultinomialNB(alpha=0.3).fit(X, y)
    nb = NBLogCountRatio(alpha=0.3).fit(X, y)
    np.testing.assert_allclose(
        nb.log_count_ratio_[0], mnb.feature_log_prob_[1] - mnb.feature_log_prob_[0]
    )
    y3 = rng.choice(["x", "y", "z"], 60)
    nb3 = NBLogCountRatio(alpha=0.3).fit(X, y3)
    for k, label in enumerate(nb3.classes_):
        ovr = MultinomialNB(alpha=0.3).fit(X, y3 == label).feature_log_prob_
        np.testing.assert_allclose(nb3.log_count_ratio_[k], ovr[1] - ovr[0])


def test_swapping_the_labels_negates_the_ratios():
    y = np.array([0, 1, 0])
    a = NBLogCountRatio().fit(X_SMALL, y).log_count_ratio_
    b = NBLogCountRatio().fit(X_SMALL, 1 - y).log_count_ratio_
    np.testing.assert_allclose(a, -b)


@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("labels", [[0, 1, 0, 1, 1], list("abcab")])
def test_sparse_in_sparse_out_equals_dense(fmt, dtype, labels):
    rng = np.random.default_rng(1)
    dense = ((rng.random((5, 7)) < 0.4) * rng.integers(1, 4, (5, 7))).astype(dtype)
    X = sp.csr_matrix(dense).asformat(fmt)
    nb = NBLogCountRatio().fit(X, labels)
    out = nb.transform(X)
    assert sp.issparse(out)
    assert out.format == "csr"
    assert out.dtype == dtype
    expected = NBLogCountRatio().fit(dense, labels).transform(dense)
    assert expected.dtype == dtype
    np.testing.assert_allclose(out.toarray(), expected, rtol=1e-6)
    assert out.shape[1] == 7 * (1 if len(set(labels)) == 2 else 3)


def test_nbsvm_pipeline_in_three_lines():
    docs = [
        "a great and wonderful film",
        "not good at all, boring",
        "wonderful acting, great plot",
        "boring and not funny",
        "great fun",
        "not great, boring plot",
    ]
    y = [1, 0, 1, 0, 1, 0]
    pipe = make_pipeline(
        TextVectorizer(ngrams=2, output_mode="multi_hot"),
        NBLogCountRatio(),
        LogisticRegression(C=10),
    ).fit(docs, y)
    assert pipe.score(docs, y) == 1
    assert pipe.predict(["a wonderful plot", "boring, not good"]).tolist() == [1, 0]
    names = pipe[:-1].get_feature_names_out()
    assert names.tolist() == pipe[0].get_feature_names_out().tolist()
    again = pickle.loads(pickle.dumps(pipe))
    np.testing.assert_array_equal(
        again.decision_function(docs), pipe.decision_function(docs)
    )


@pytest.mark.parametrize("as_sparse", [False, True])
def test_negative_values_are_refused_with_their_place(as_sparse):
    bad = X_SMALL.copy()
    bad[2, 1] = -0.5
    bad = sp.csr_matrix(bad) if as_sparse else bad
    with pytest.raises(
        ValueError, match=r"passed to NBLogCountRatio \(X\[2, 1\] = -0.5\)"
    ):
        NBLogCountRatio().fit(bad, Y_SMALL)
    nb = NBLogCountRatio().fit(X_SMALL, Y_SMALL)
    with pytest.raises(ValueError, match="non-negative features"):
        nb.transform(bad)


def test_single_class_is_refused():
    with pytest.raises(ValueError, match="at least two classes in y, got 1 class"):
        NBLogCountRatio().fit(X_SMALL, ["pos"] * 3)


def test_continuous_target_is_refused():
    with pytest.raises(ValueError, match="Unknown label type"):
        NBLogCountRatio().fit(X_SMALL, [0.1, 0.7, 0.3])


def test_alpha_must_be_positive():
    with pytest.raises(ValueError, match="'alpha' parameter of NBLogCountRatio"):
        NBLogCountRatio(alpha=0).fit(X_SMALL, Y_SMALL)


def test_dense_output_larger_than_memory_is_refused(monkeypatch):
    X = np.ones((40, 3))
    y = np.arange(40) % 4  # 4 classes: output 40 x 12 float64 = 3,840 bytes
    nb = NBLogCountRatio().fit(X, y)
    monkeypatch.setattr(_nb_features, "_memory_bytes", lambda: 3000)
    with pytest.raises(ValueError, match=r"pass X as a scipy\.sparse matrix"):
        nb.transform(X)
    assert nb.transform(sp.csr_matrix(X)).shape == (40, 12)  # sparse still works
    monkeypatch.setattr(_nb_features, "_memory_bytes", lambda: 4000)
    assert nb.transform(X).shape == (40, 12)
