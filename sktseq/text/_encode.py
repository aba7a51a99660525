"""Turning looked-up token indices into the output arrays of each mode.

The input is one *piece* per n-gram size: ``(count, index)``, where
``index`` holds the vocabulary index of every n-gram of the corpus in stream
order and ``count[d]`` how many of them document ``d`` has (so each
document's entries are contiguous).
"""

import numpy as np
import scipy.sparse as sp

__all__ = [
    "bag_of_tokens",
    "decode_ids",
    "idf_weights",
    "int_sequences",
    "tokens_per_document",
]


def tokens_per_document(stream, sizes):
    """Number of n-grams (all sizes in ``sizes`` together) in every document."""
    total = np.zeros(stream.n_docs, dtype=np.int64)
    for n in sizes:
        valid = stream.valid_starts(n)
        total += np.bincount(stream.doc[: len(valid)][valid], minlength=stream.n_docs)
    return total


def int_sequences(pieces, n_docs, width):
    """``(n_docs, width)`` int64 ids: each document's unigrams, then bigrams, ...

    Keras' order (``tf.strings.ngrams`` concatenates the sizes), padded with 0
    and truncated at the end.  Each n-gram size is one gather and one scatter
    of the entries that fit, found per document (not per token).
    """
    out = np.zeros(n_docs * width, dtype=np.int64)
    filled = np.zeros(n_docs, dtype=np.int64)  # ids already in each row
    row_start = np.arange(n_docs, dtype=np.int64) * width
    for count, index in pieces:
        fit = np.minimum(count, width - filled)
        kept_before = np.cumsum(fit) - fit
        step = np.arange(int(fit.sum()), dtype=np.int64)
        src = step + np.repeat(np.cumsum(count) - count - kept_before, fit)
        dst = step + np.repeat(row_start + filled - kept_before, fit)
        out[dst] = index[src]
        filled += fit
    return out.reshape(n_docs, width)


def bag_of_tokens(pieces, n_docs, n_columns, mode, idf=None):
    """CSR ``(n_docs, n_columns)`` float32 multi-hot, count or tf-idf matrix.

    Built in CSR order directly: each document's entries of every n-gram
    size are contiguous, so they are placed with one scatter per size; scipy
    then sorts each row and sums the duplicates (the counts) in place.
    """
    per_doc = sum((count for count, _ in pieces), np.zeros(n_docs, dtype=np.int64))
    nnz = int(per_doc.sum())
    index_dtype = np.int32 if max(nnz, n_columns) < 2**31 else np.int64
    indptr = np.zeros(n_docs + 1, dtype=index_dtype)
    np.cumsum(per_doc, out=indptr[1:])
    indices = np.empty(nnz, dtype=index_dtype)
    filled = indptr[:-1].astype(np.int64)  # entries already placed per row
    for count, index in pieces:
        shift = filled - (np.cumsum(count) - count)
        indices[np.arange(len(index)) + np.repeat(shift, count)] = index
        filled += count
    data = np.ones(nnz, dtype=np.float32)
    out = sp.csr_matrix((data, indices, indptr), shape=(n_docs, n_columns))
    out.sum_duplicates()
    if mode == "multi_hot":
        out.data[:] = 1
    elif mode == "tf_idf":
        out.data *= idf[out.indices]
    return out


def idf_weights(pieces, n_docs, n_columns):
    """Keras' idf ``log(1 + n_docs / (1 + document frequency))`` per column."""
    presence = bag_of_tokens(pieces, n_docs, n_columns, "multi_hot")
    df = np.bincount(presence.indices, minlength=n_columns)
    return np.log1p(n_docs / (1.0 + df)).astype(np.float32)


def decode_ids(X, tokens):
    """The tokens of each row of int ids ``X``, joined by a space (0 dropped)."""
    X = np.asarray(X)
    if X.ndim != 2 or not np.issubdtype(X.dtype, np.integer):
        raise ValueError(
            f"X must be a 2-D array of integer token ids, got dtype {X.dtype} "
            f"and shape {X.shape}."
        )
    if X.size and (X.min() < 0 or X.max() >= len(tokens)):
        raise ValueError(
            f"X has token ids outside [0, {len(tokens)}): not produced by "
            "this vectorizer."
        )
    tokens = np.array(tokens, dtype=object)
    return np.array(
        [" ".join(tokens[row[row > 0]]) for row in X], dtype=object
    ).reshape(-1)
