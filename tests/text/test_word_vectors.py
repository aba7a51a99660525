"""GloVe / word2vec text files -> embedding matrix aligned with TextVectorizer."""

import gzip

import numpy as np
import pytest

from sktseq.text import TextVectorizer, load_word_vectors, make_embedding_matrix

VECTORS = {
    "the": [0.1, 0.2, 0.3],
    "cat": [1.0, -1.0, 0.5],
    "sat": [2.0, 0.0, -2.5],
    "zebra": [9.0, 9.0, 9.0],
}


def write_vectors(path, header=False, gz=False):
    lines = [f"{w} " + " ".join(map(str, v)) for w, v in VECTORS.items()]
    if header:
        lines.insert(0, f"{len(VECTORS)} 3")
    text = "\n".join(lines) + "\n"
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "header", "gz"),
    [("glove.txt", False, False), ("w2v.txt", True, False), ("g.txt.gz", False, True)],
)
def test_load_word_vectors_formats(tmp_path, name, header, gz):
    words, vectors = load_word_vectors(write_vectors(tmp_path / name, header, gz))
    assert words == list(VECTORS)
    np.testing.assert_allclose(vectors, list(VECTORS.values()), rtol=1e-6)
    assert vectors.dtype == np.float32


def test_load_word_vectors_keeps_only_vocabulary_and_first_duplicate(tmp_path):
    path = tmp_path / "v.txt"
    path.write_text("a 1 2\nb 3 4\na 5 6\nc 7 8\n")
    words, vectors = load_word_vectors(path, vocabulary=["a", "c", "missing"])
    assert words == ["a", "c"]
    np.testing.assert_array_equal(vectors, [[1, 2], [7, 8]])


def test_load_word_vectors_words_with_spaces_and_many_rows(tmp_path):
    # more rows than the initial buffer, and a GloVe-840B-style spaced "word"
    path = tmp_path / "big.txt"
    rows = [f"w{i} {i} {-i}" for i in range(2500)] + [". . . 0.5 0.25"]
    path.write_text("\n".join(rows) + "\n")
    words, vectors = load_word_vectors(path)
    assert len(words) == 2501
    assert words[-1] == ". . ."
    np.testing.assert_array_equal(vectors[1234], [1234, -1234])


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("a 1 2\nb 3\n", "line 2: expected a word and 2 numbers"),
        ("a 1 x\n", "not numeric"),
        ("", "no word vectors"),
    ],
)
def test_load_word_vectors_bad_files(tmp_path, text, match):
    path = tmp_path / "bad.txt"
    path.write_text(text)
    with pytest.raises(ValueError, match=match):
        load_word_vectors(path)


def test_missing_file():
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_word_vectors("/nonexistent/glove.txt")


def test_embedding_matrix_aligned_with_vectorizer(tmp_path):
    path = write_vectors(tmp_path / "glove.txt")
    vec = TextVectorizer().fit(["the cat sat on the mat", "the cat"])
    vocab = vec.get_vocabulary()
    matrix = make_embedding_matrix(vec, path)
    assert matrix.shape == (len(vocab), 3)
    assert matrix.dtype == np.float32
    for i, token in enumerate(vocab):
        expected = (
            VECTORS.get(token, [0, 0, 0]) if token not in ("", "[UNK]") else [0, 0, 0]
        )
        np.testing.assert_allclose(matrix[i], expected, rtol=1e-6)
    # same result from loaded vectors, a dict, or the vocabulary list
    loaded = load_word_vectors(path)
    np.testing.assert_array_equal(make_embedding_matrix(vocab, loaded), matrix)
    np.testing.assert_array_equal(make_embedding_matrix(vocab, VECTORS), matrix)
    # the rows line up with the int output: row of id -> that token's vector
    ids = vec.transform(["cat sat"])[0, :2]
    np.testing.assert_allclose(matrix[ids], [VECTORS["cat"], VECTORS["sat"]])


def test_embedding_matrix_missing_rows(tmp_path):
    vocab = ["", "[UNK]", "the", "unknownword"]
    mean = np.mean(list(VECTORS.values()), axis=0)
    m = make_embedding_matrix(vocab, VECTORS, missing="mean")
    np.testing.assert_array_equal(m[0], 0)  # padding stays zero
    np.testing.assert_allclose(m[[1, 3]], [mean, mean], rtol=1e-6)
    r1 = make_embedding_matrix(vocab, VECTORS, missing="random", random_state=0)
    r2 = make_embedding_matrix(vocab, VECTORS, missing="random", random_state=0)
    np.testing.assert_array_equal(r1, r2)
    assert not np.allclose(r1[1], r1[3])
    np.testing.assert_allclose(r1[2], VECTORS["the"], rtol=1e-6)
    with pytest.raises(ValueError, match="missing must be"):
        make_embedding_matrix(vocab, VECTORS, missing="ones")
    with pytest.raises(TypeError, match="fitted TextVectorizer or a list of str"):
        make_embedding_matrix("the cat", VECTORS)


def test_embedding_matrix_feeds_the_neural_estimators(tmp_path):
    nn = pytest.importorskip("sktseq.nn")
    if not hasattr(nn, "GRUClassifier"):  # pragma: no cover
        pytest.skip("sktseq.nn.GRUClassifier does not exist yet")
    from sklearn.pipeline import make_pipeline

    docs = ["the cat sat", "the dog sat", "a cat", "a dog"] * 4
    y = [1, 0, 1, 0] * 4
    vec = TextVectorizer(output_sequence_length=3).fit(docs)
    matrix = make_embedding_matrix(vec, write_vectors(tmp_path / "g.txt"))
    pipe = make_pipeline(
        vec,
        nn.GRUClassifier(
            pretrained_embeddings=matrix,
            freeze_embeddings=True,
            hidden_size=4,
            max_epochs=2,
            batch_size=4,
            random_state=0,
        ),
    ).fit(docs, y)
    assert pipe.predict(docs).shape == (16,)
