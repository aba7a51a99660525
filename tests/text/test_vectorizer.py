"""TextVectorizer against a straightforward pure-Python reference of Keras' rules."""

import math
import re
import string
from collections import Counter

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sktseq.text import TextVectorizer

PUNCT = re.compile(f"[{re.escape(string.punctuation)}]")
DOCS = [
    "The cat sat on the mat.",
    "The dog sat on the log!",
    "A cat and a dog?",
    "the the the",
    "",
]


# -- reference implementation (per token, per document, no tricks) ------------
def ref_grams(doc, sizes, standardize="lower_and_strip_punctuation"):
    if standardize in ("lower_and_strip_punctuation", "lower"):
        doc = doc.lower()
    if standardize in ("lower_and_strip_punctuation", "strip_punctuation"):
        doc = PUNCT.sub("", doc)
    tokens = doc.split()
    return [
        " ".join(tokens[i : i + n]) for n in sizes for i in range(len(tokens) - n + 1)
    ]


def ref_vocabulary(docs, sizes, max_learned=None, **kw):
    counts = Counter(g for d in docs for g in ref_grams(d, sizes, **kw))
    counts.pop("[UNK]", None)
    ranked = sorted(counts.items(), key=lambda tc: (tc[1], tc[0]), reverse=True)
    return [t for t, _ in ranked][:max_learned]


def ref_int(docs, vocab, sizes, width, **kw):
    index = {t: i + 2 for i, t in enumerate(vocab)}
    out = np.zeros((len(docs), width), dtype=np.int64)
    for r, d in enumerate(docs):
        ids = [index.get(g, 1) for g in ref_grams(d, sizes, **kw)][:width]
        out[r, : len(ids)] = ids
    return out


def ref_bag(docs, vocab, sizes, mode, fit_docs=None, **kw):
    index = {t: i + 1 for i, t in enumerate(vocab)}
    counts = np.zeros((len(docs), len(vocab) + 1))
    for r, d in enumerate(docs):
        for g in ref_grams(d, sizes, **kw):
            counts[r, index.get(g, 0)] += 1
    if mode == "multi_hot":
        return (counts > 0).astype(float)
    if mode == "tf_idf":
        fit_counts = ref_bag(fit_docs, vocab, sizes, "count", **kw)
        df = (fit_counts > 0).sum(axis=0)
        return counts * np.log(1 + len(fit_docs) / (1 + df))
    return counts


# -- agreement with the reference --------------------------------------------
@pytest.mark.parametrize("ngrams", [None, 2, (1, 3), (2,)])
@pytest.mark.parametrize("max_tokens", [None, 5, 9])
def test_int_mode_matches_reference(ngrams, max_tokens):
    sizes = {None: (1,), 2: (1, 2)}.get(ngrams, ngrams)
    vec = TextVectorizer(max_tokens=max_tokens, ngrams=ngrams, output_sequence_length=7)
    out = vec.fit_transform(DOCS)
    learned = None if max_tokens is None else max_tokens - 2
    vocab = ref_vocabulary(DOCS, sizes, learned)
    assert vec.get_vocabulary() == ["", "[UNK]", *vocab]
    np.testing.assert_array_equal(out, ref_int(DOCS, vocab, sizes, 7))
    np.testing.assert_array_equal(vec.transform(DOCS), out)
    new = ["the cat sat on a dog", "unknown words only", "mat mat"]
    np.testing.assert_array_equal(vec.transform(new), ref_int(new, vocab, sizes, 7))


@pytest.mark.parametrize("mode", ["multi_hot", "count", "tf_idf"])
@pytest.mark.parametrize("ngrams", [None, 2, (3,)])
def test_bag_modes_match_reference(mode, ngrams):
    sizes = {None: (1,), 2: (1, 2)}.get(ngrams, ngrams)
    vec = TextVectorizer(max_tokens=8, ngrams=ngrams, output_mode=mode)
    out = vec.fit_transform(DOCS)
    vocab = ref_vocabulary(DOCS, sizes, 7)
    assert vec.get_vocabulary() == ["[UNK]", *vocab]
    assert list(vec.get_feature_names_out()) == ["[UNK]", *vocab]
    assert sp.issparse(out)
    assert out.format == "csr"
    assert out.dtype == np.float32
    expected = ref_bag(DOCS, vocab, sizes, mode, fit_docs=DOCS)
    np.testing.assert_allclose(out.toarray(), expected, rtol=1e-6)
    new = ["the cat sat on a dog", "zzz", ""]
    expected = ref_bag(new, vocab, sizes, mode, fit_docs=DOCS)
    np.testing.assert_allclose(vec.transform(new).toarray(), expected, rtol=1e-6)


def test_keras_idf_formula_and_exact_oov_idf():
    docs = ["a b", "a c", "a"]
    vec = TextVectorizer(output_mode="tf_idf", max_tokens=3).fit(docs)
    assert vec.get_vocabulary() == ["[UNK]", "a", "c"]
    # a in 3 docs, c in 1, [UNK] (the token b) in 1
    expected = [math.log(1 + 3 / 2), math.log(1 + 3 / 4), math.log(1 + 3 / 2)]
    np.testing.assert_allclose(vec.idf_, expected, rtol=1e-6)
    np.testing.assert_allclose(
        vec.transform(["a a b"]).toarray(),
        [[expected[0], 2 * expected[1], 0]],
        rtol=1e-6,
    )


# -- Keras semantics -----------------------------------------------------------
def test_standardize_strips_ascii_punctuation_without_space():
    vec = TextVectorizer().fit(["Don't STOP-me now, café!"])
    assert sorted(vec.get_vocabulary(include_special_tokens=False)) == [
        "café",
        "dont",
        "now",
        "stopme",
    ]


@pytest.mark.parametrize(
    ("standardize", "expected"),
    [
        ("lower", ["hello,", "world!"]),
        ("strip_punctuation", ["Hello", "World"]),
        (None, ["Hello,", "World!"]),
        (str.upper, ["HELLO,", "WORLD!"]),
    ],
)
def test_standardize_options(standardize, expected):
    vec = TextVectorizer(standardize=standardize).fit(["Hello, World!"])
    assert sorted(vec.get_vocabulary()[2:]) == sorted(expected)


def test_strip_html_removes_line_breaks_and_tags():
    doc = "Great film.<br /><br />The <i>best</i>!"
    assert "br" in TextVectorizer().fit([doc]).vocabulary_
    vec = TextVectorizer(strip_html=True).fit([doc])
    assert sorted(vec.get_vocabulary()[2:]) == ["best", "film", "great", "the"]


@pytest.mark.parametrize(
    ("split", "tokens"),
    [
        ("character", ["a", "b", " "]),
        (None, ["ab a"]),
        (lambda s: s.split("b"), ["a", " a"]),
    ],
)
def test_split_options(split, tokens):
    vec = TextVectorizer(split=split, standardize=None).fit(["ab a"])
    assert sorted(vec.get_vocabulary()[2:]) == sorted(tokens)


def test_vocabulary_order_count_then_token_descending():
    vec = TextVectorizer().fit(["b a c b", "a d"])
    # a:2 b:2 c:1 d:1 -> ties by token descending (Keras' lexsort reversed)
    assert vec.get_vocabulary() == ["", "[UNK]", "b", "a", "d", "c"]


@pytest.mark.parametrize("ngrams", [2, 3, (2,)])
def test_vocabulary_order_of_prefixes_and_control_characters(ngrams):
    # n-grams are ordered on word ranks, not strings: "a\x01 c" < "a b" <
    # "a" + "b" ... must still come out exactly as the strings sort.
    docs = ["a\x01 b a b", "a a\x01 c", "ab c a", "a b c", "\x08 a", "a\x08b a"]
    sizes = {2: (1, 2), 3: (1, 2, 3)}.get(ngrams, ngrams)
    vec = TextVectorizer(ngrams=ngrams, output_mode="count", standardize=None)
    vocab = ref_vocabulary(docs, sizes, standardize=None)
    assert vec.fit(docs).get_vocabulary() == ["[UNK]", *vocab]
    cut = TextVectorizer(ngrams=ngrams, max_tokens=6, standardize=None).fit(docs)
    assert cut.get_vocabulary() == ["", "[UNK]", *vocab[:4]]


def test_vocabulary_order_when_ranks_overflow_int64():
    # (2 * 4500 + 1) ** 5 > 2 ** 63: ranks are sorted column by column
    rng = np.random.default_rng(0)
    words = np.array([f"w{i}" for i in range(6000)])
    docs = [" ".join(rng.choice(words, 30)) for _ in range(300)]
    vec = TextVectorizer(ngrams=5, output_mode="count", max_tokens=3000).fit(docs)
    sizes = (1, 2, 3, 4, 5)
    assert vec.get_vocabulary() == ["[UNK]", *ref_vocabulary(docs, sizes, 2999)]


def split_on_commas(text):
    return text.split(",")


def test_vocabulary_order_of_tokens_with_spaces():
    # words with a space break the rank order: the strings are sorted instead
    vec = TextVectorizer(split=split_on_commas, ngrams=2, standardize=None).fit(
        ["x y,z", "x y,z", "q,x y"]
    )
    assert vec.get_vocabulary() == ["", "[UNK]", "x y", "z", "x y z", "q x y", "q"]


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("ngrams", "max_tokens"), [(None, 2000), (2, 20000), (3, None)]
)
def test_imdb_reviews_match_reference(shared_data, ngrams, max_tokens):
    from sktseq.datasets import load_imdb

    docs = load_imdb(shared_data / "aclImdb_v1_labeled.tar.gz").X_train[:1500]
    sizes = {None: (1,), 2: (1, 2), 3: (1, 2, 3)}[ngrams]
    vec = TextVectorizer(ngrams=ngrams, max_tokens=max_tokens, output_mode="count")
    out = vec.fit_transform(docs)
    learned = None if max_tokens is None else max_tokens - 1
    vocab = ref_vocabulary(docs, sizes, learned)
    assert vec.get_vocabulary() == ["[UNK]", *vocab]
    new = docs[-200:][::-1]  # reordered: a transform is not a replay of fit
    expected = ref_bag(new, vocab, sizes, "count")
    np.testing.assert_array_equal(vec.transform(new).toarray(), expected)
    np.testing.assert_array_equal(out[-200:][::-1].toarray(), expected)
    ids = TextVectorizer(
        ngrams=ngrams, max_tokens=max_tokens, output_sequence_length=300
    )
    ids.fit(docs)
    np.testing.assert_array_equal(
        ids.transform(new),
        ref_int(new, vocab[: len(ids.get_vocabulary()) - 2], sizes, 300),
    )


def test_max_tokens_counts_reserved_tokens():
    docs = ["a a a b b c"]
    assert len(TextVectorizer(max_tokens=3).fit(docs).get_vocabulary()) == 3
    bag = TextVectorizer(max_tokens=3, output_mode="count").fit(docs)
    assert bag.get_vocabulary() == ["[UNK]", "a", "b"]
    np.testing.assert_array_equal(bag.transform(docs).toarray(), [[1, 3, 2]])


def test_min_frequency():
    vec = TextVectorizer(min_frequency=2).fit(["a a b", "b c"])
    assert vec.get_vocabulary() == ["", "[UNK]", "b", "a"]


def test_pad_to_max_tokens():
    vec = TextVectorizer(output_mode="tf_idf", max_tokens=6, pad_to_max_tokens=True)
    out = vec.fit_transform(["a b", "b"])
    assert out.shape == (2, 6)
    assert vec.get_feature_names_out().tolist() == [
        "[UNK]",
        "b",
        "a",
        *["[PAD0]", "[PAD1]", "[PAD2]"],
    ]
    np.testing.assert_array_equal(vec.idf_[3:], 0)


def test_int_width_fixed_at_fit_and_truncation():
    vec = TextVectorizer().fit(["a b c", "a"])
    assert vec.output_sequence_length_ == 3
    out = vec.transform(["a b c d e", ""])
    np.testing.assert_array_equal(out, [[2, 4, 3], [0, 0, 0]])
    short = TextVectorizer(output_sequence_length=2).fit(["a b c"])
    np.testing.assert_array_equal(short.transform(["c b a"]), [[2, 3]])  # c, b, a


def test_ngrams_in_int_mode_follow_the_words():
    vec = TextVectorizer(ngrams=2).fit(["x y z"])
    decoded = vec.inverse_transform(vec.transform(["x y z"]))
    assert decoded.tolist() == ["x y z x y y z"]


def test_given_vocabulary():
    vec = TextVectorizer(
        vocabulary=["cat", "the cat", "dog"], ngrams=2, output_sequence_length=6
    ).fit(["irrelevant"])
    assert vec.get_vocabulary() == ["", "[UNK]", "cat", "the cat", "dog"]
    # the, cat, dog, "the cat", "cat dog"
    np.testing.assert_array_equal(vec.transform(["the cat dog"]), [[1, 2, 4, 3, 1, 0]])
    # the round trip through get_vocabulary() is accepted
    again = TextVectorizer(vocabulary=vec.get_vocabulary(), ngrams=2).fit(["x"])
    assert again.get_vocabulary() == vec.get_vocabulary()
    bag = TextVectorizer(vocabulary=["cat", "the cat"], ngrams=2, output_mode="count")
    # OOV: "the", "cat cat"
    np.testing.assert_array_equal(
        bag.fit_transform(["the cat cat"]).toarray(), [[2, 2, 1]]
    )


def test_inverse_transform_roundtrip():
    vec = TextVectorizer(max_tokens=4).fit(["a a b b c"])
    assert vec.inverse_transform(vec.transform(["a c b"])).tolist() == ["a [UNK] b"]
    with pytest.raises(ValueError, match="outside"):
        vec.inverse_transform([[99]])
    with pytest.raises(ValueError, match="output_mode='int'"):
        TextVectorizer(output_mode="count").fit(["a"]).inverse_transform([[1]])


def test_fit_transform_equals_fit_then_transform_on_imdb_like_text():
    rng = np.random.default_rng(0)
    words = np.array(["good", "bad", "movie", "plot", "<br />", "acting", "the", "!"])
    docs = [" ".join(rng.choice(words, size=rng.integers(0, 40))) for _ in range(200)]
    for kw in [
        {"output_mode": "int", "ngrams": 3, "max_tokens": 30},
        {"output_mode": "count", "ngrams": (2, 3), "max_tokens": 25},
        {"output_mode": "tf_idf", "ngrams": 2, "strip_html": True},
    ]:
        a = TextVectorizer(**kw).fit_transform(docs)
        b = TextVectorizer(**kw).fit(docs).transform(docs)
        a, b = (x.toarray() if sp.issparse(x) else x for x in (a, b))
        np.testing.assert_array_equal(a, b)


# -- property tests ---------------------------------------------------------------
documents = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.text(alphabet=string.punctuation + " ", max_size=20),
        st.sampled_from(["", " ", "\x01", "a \x01 b", "[UNK]", "x" * 5000]),
        st.lists(st.sampled_from(["a", "b", "c", "ab"]), max_size=2000).map(" ".join),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=documents,
    ngrams=st.sampled_from([None, 2, (1, 3)]),
    max_tokens=st.sampled_from([None, 3, 10]),
)
def test_property_int_mode_well_formed_and_matches_reference(docs, ngrams, max_tokens):
    sizes = {None: (1,), 2: (1, 2)}.get(ngrams, ngrams)
    vec = TextVectorizer(ngrams=ngrams, max_tokens=max_tokens)
    out = vec.fit_transform(docs)
    vocab = ref_vocabulary(docs, sizes, None if max_tokens is None else max_tokens - 2)
    assert vec.get_vocabulary() == ["", "[UNK]", *vocab]
    assert out.dtype == np.int64
    assert out.shape == (
        len(docs),
        vec.output_sequence_length_,
    )
    np.testing.assert_array_equal(out, ref_int(docs, vocab, sizes, out.shape[1]))
    np.testing.assert_array_equal(vec.transform(docs), out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=documents, mode=st.sampled_from(["multi_hot", "count", "tf_idf"]))
def test_property_bag_modes_well_formed_and_match_reference(docs, mode):
    vec = TextVectorizer(ngrams=2, max_tokens=12, output_mode=mode)
    out = vec.fit_transform(docs)
    vocab = ref_vocabulary(docs, (1, 2), 11)
    assert out.shape == (len(docs), len(vocab) + 1)
    assert np.isfinite(out.data).all()
    expected = ref_bag(docs, vocab, (1, 2), mode, fit_docs=docs)
    np.testing.assert_allclose(out.toarray(), expected, rtol=1e-5)
    np.testing.assert_allclose(vec.transform(docs).toarray(), expected, rtol=1e-5)


@settings(max_examples=30, deadline=None)
@given(docs=documents)
def test_property_character_split_and_no_standardize(docs):
    vec = TextVectorizer(split="character", standardize=None)
    out = vec.fit_transform(docs)
    vocab = vec.get_vocabulary()
    assert set(vocab[2:]) == {c for d in docs for c in d} - {"[UNK]"}
    decoded = vec.inverse_transform(out)
    assert decoded.tolist() == [" ".join(d) for d in docs]


@pytest.mark.parametrize("split", ["whitespace", "character", None])
@pytest.mark.parametrize("mode", ["int", "count", "tf_idf"])
def test_corpus_of_empty_documents_and_empty_transform(split, mode):
    vec = TextVectorizer(split=split, output_mode=mode, ngrams=2)
    out = vec.fit_transform(["", "", "!!!"])
    assert vec.get_vocabulary() == ["", "[UNK]"][2 - vec._n_reserved() :]
    assert out.shape == (3, 1)
    assert (out != 0).sum() == 0
    new = vec.transform(["", "x y"])
    assert new.shape == (2, 1)
    assert vec.transform([]).shape == (0, 1)
