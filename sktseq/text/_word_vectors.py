"""Pretrained word vectors (GloVe / word2vec text format) -> embedding matrix."""

import gzip
from collections.abc import Mapping
from os import PathLike
from pathlib import Path

import numpy as np
from sklearn.utils import check_random_state

from ._vocabulary import MASK_TOKEN, OOV_TOKEN

__all__ = ["load_word_vectors", "make_embedding_matrix"]


def _open_text(path, encoding):
    path = Path(path).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"word vector file {path} does not exist.")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding=encoding, newline="\n")
    return open(path, encoding=encoding, newline="\n")


def _header(fields):
    """``(n, dim)`` for a word2vec header line ("400000 100"), else None."""
    if len(fields) == 2 and all(f.isdigit() for f in fields):
        return int(fields[0]), int(fields[1])
    return None


def load_word_vectors(path, *, vocabulary=None, dtype=np.float32, encoding="utf-8"):
    """Read word vectors in GloVe or word2vec text format, streaming.

    One line per word, ``word v1 v2 ... vd`` separated by spaces; a word2vec
    header line ``n_words dim`` is detected and skipped.  The file is read
    line by line into a preallocated array: nothing is held twice, and with
    ``vocabulary`` only the wanted lines are parsed (a 5 GB GloVe file shrinks
    to the vectorizer's 20,000 words).  The first occurrence of a repeated
    word wins.

    Parameters
    ----------
    path : str or path-like
        A ``.txt`` (or ``.txt.gz``) file such as ``glove.6B.100d.txt``.
    vocabulary : collection of str, default=None
        Keep only these words.
    dtype : numpy dtype, default=np.float32
        dtype of the vectors.
    encoding : str, default="utf-8"
        Text encoding of the file.

    Returns
    -------
    words : list of str
        The words, in file order.
    vectors : ndarray of shape (len(words), dim)
        ``vectors[i]`` is the vector of ``words[i]``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "vectors.txt"
    >>> _ = path.write_text("the 0.1 0.2\\ncat 0.3 0.4\\ndog 0.5 0.6\\n")
    >>> words, vectors = load_word_vectors(path, vocabulary={"cat", "dog"})
    >>> words, vectors.tolist()
    (['cat', 'dog'], [[0.3..., 0.4...], [0.5, 0.6...]])
    """
    wanted = None if vocabulary is None else set(vocabulary)
    words, seen = [], set()
    vectors = np.empty((0, 0), dtype=dtype)
    dim = None
    with _open_text(path, encoding) as lines:
        for line_no, line in enumerate(lines, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            if dim is None:
                header = _header(line.split())
                if header is not None and line_no == 1:
                    dim = header[1]
                    n_rows = (
                        header[0] if wanted is None else min(header[0], len(wanted))
                    )
                    vectors = np.empty((n_rows, dim), dtype=dtype)
                    continue
                dim = len(line.rstrip(" ").split(" ")) - 1
                vectors = np.empty(
                    (1024 if wanted is None else len(wanted), dim), dtype
                )
            # rsplit: GloVe 840B has a few "words" containing spaces.
            fields = line.rstrip(" ").rsplit(" ", dim)
            word = fields[0]
            if len(fields) != dim + 1 or dim == 0:
                raise ValueError(
                    f"{path}, line {line_no}: expected a word and {dim} numbers, "
                    f"got {len(fields) - 1} fields."
                )
            if (wanted is not None and word not in wanted) or word in seen:
                continue
            if len(words) == len(vectors):  # grow geometrically, as a list does
                extra = np.empty((max(len(vectors), 1024), dim), dtype=dtype)
                vectors = np.concatenate([vectors, extra])
            try:
                vectors[len(words)] = fields[1:]
            except ValueError:
                raise ValueError(
                    f"{path}, line {line_no}: the vector of {word!r} is not numeric."
                ) from None
            words.append(word)
            seen.add(word)
    if dim is None:
        raise ValueError(f"{path} contains no word vectors.")
    return words, vectors[: len(words)].copy()


def make_embedding_matrix(
    vocabulary,
    word_vectors,
    *,
    missing="zeros",
    random_state=None,
    dtype=np.float32,
    encoding="utf-8",
):
    """Embedding matrix whose row ``i`` is the vector of token id ``i``.

    Aligned with a fitted :class:`TextVectorizer` (``output_mode="int"``):
    row 0 (padding, ``""``) is all zeros; row 1 (``"[UNK]"``) and the
    vocabulary words that have no pretrained vector are filled as ``missing``
    says (zeros by default, as in "Deep Learning with Python").  Ready for the
    neural estimators' pretrained-embedding option.

    Parameters
    ----------
    vocabulary : TextVectorizer or list of str
        A fitted vectorizer, or its ``get_vocabulary()`` list.
    word_vectors : str, path-like, (words, vectors) tuple or dict
        A GloVe/word2vec text file (streamed, keeping only the vocabulary's
        words), the result of :func:`load_word_vectors`, or a mapping from
        word to vector.
    missing : {"zeros", "mean", "random"}, default="zeros"
        Rows for ``"[UNK]"`` and words without a vector: zeros, the mean
        pretrained vector, or normal noise with the pretrained vectors' mean
        and standard deviation.
    random_state : int, RandomState instance or None, default=None
        Seed for ``missing="random"``.
    dtype : numpy dtype, default=np.float32
        dtype of the matrix.
    encoding : str, default="utf-8"
        Encoding of a word vector file.

    Returns
    -------
    matrix : ndarray of shape (len(vocabulary), dim)

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sktseq.text import TextVectorizer
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "glove.txt"
    >>> _ = path.write_text("cat 1 2\\nsat 3 4\\nunused 5 6\\n")
    >>> vec = TextVectorizer().fit(["the cat sat", "the cat"])
    >>> vec.get_vocabulary()
    ['', '[UNK]', 'the', 'cat', 'sat']
    >>> make_embedding_matrix(vec, path)
    array([[0., 0.],
           [0., 0.],
           [0., 0.],
           [1., 2.],
           [3., 4.]], dtype=float32)
    """
    if missing not in ("zeros", "mean", "random"):
        raise ValueError(
            f"missing must be 'zeros', 'mean' or 'random', got {missing!r}."
        )
    if hasattr(vocabulary, "get_vocabulary"):
        vocabulary = vocabulary.get_vocabulary()
    if isinstance(vocabulary, str) or not all(isinstance(t, str) for t in vocabulary):
        raise TypeError("vocabulary must be a fitted TextVectorizer or a list of str.")
    vocabulary = list(vocabulary)
    if isinstance(word_vectors, str | PathLike):
        words, vectors = load_word_vectors(
            word_vectors, vocabulary=vocabulary, dtype=dtype, encoding=encoding
        )
    elif isinstance(word_vectors, Mapping):
        words = list(word_vectors)
        vectors = np.array([word_vectors[w] for w in words], dtype=dtype)
    else:
        words, vectors = word_vectors
        vectors = np.asarray(vectors, dtype=dtype)
    if vectors.ndim != 2 or len(words) != len(vectors) or not len(words):
        raise ValueError(
            "word_vectors must hold at least one word and one vector per word; "
            f"got {len(words)} words and vectors of shape {vectors.shape}."
        )
    row_of = {w: i for i, w in enumerate(words)}
    found = np.array([row_of.get(t, -1) for t in vocabulary], dtype=np.int64)
    found[[t in (MASK_TOKEN, OOV_TOKEN) for t in vocabulary]] = -1
    matrix = np.zeros((len(vocabulary), vectors.shape[1]), dtype=dtype)
    fill = (found < 0) & np.array([t != MASK_TOKEN for t in vocabulary])
    if missing == "mean":
        matrix[fill] = vectors.mean(axis=0)
    elif missing == "random":
        rng = check_random_state(random_state)
        noise = rng.normal(size=(int(fill.sum()), vectors.shape[1]))
        matrix[fill] = vectors.mean(axis=0) + noise * vectors.std(axis=0)
    matrix[found >= 0] = vectors[found[found >= 0]]
    return matrix
