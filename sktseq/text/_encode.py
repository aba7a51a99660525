"""Turning looked-up token indices into the output arrays of each mode."""

import numpy as np
import scipy.sparse as sp

__all__ = [
    "bag_of_tokens",
    "decode_ids",
    "idf_weights",
    "int_sequences",
    "tokens_per_document",
]


def tokens_per_document(pieces, doc, n_docs):
    """Number of tokens (all n-gram sizes together) in every document."""
    total = np.zeros(n_docs, dtype=np.int64)
    for starts, _ in pieces:
        total += np.bincount(doc[starts], minlength=n_docs)
    return total


def int_sequences(pieces, doc, n_docs, width):
    """``(n_docs, width)`` int64 ids: each document's unigrams, then bigrams, ...

    Keras' order (``tf.strings.ngrams`` concatenates the sizes), padded with 0
    and truncated at the end.  Filled with one scatter per n-gram size.
    """
    out = np.zeros((n_docs, width), dtype=np.int64)
    offset = np.zeros(n_docs, dtype=np.int64)
    for starts, index in pieces:
        d = doc[starts]  # non-decreasing: positions are in stream order
        count = np.bincount(d, minlength=n_docs)
        first = np.cumsum(count) - count
        pos = np.arange(len(d)) - first[d] + offset[d]
        keep = pos < width
        out[d[keep], pos[keep]] = index[keep]
        offset += count
    return out


def bag_of_tokens(pieces, doc, n_docs, n_columns, mode, idf=None):
    """CSR ``(n_docs, n_columns)`` float32 multi-hot, count or tf-idf matrix."""
    if pieces:
        rows = np.concatenate([doc[starts] for starts, _ in pieces])
        cols = np.concatenate([index for _, index in pieces])
    else:
        rows = cols = np.empty(0, dtype=np.int64)
    data = np.ones(len(rows), dtype=np.float32)
    # tocsr() sums the duplicates (token counts) in O(nnz).
    out = sp.coo_matrix((data, (rows, cols)), shape=(n_docs, n_columns)).tocsr()
    out.sum_duplicates()
    if mode == "multi_hot":
        out.data[:] = 1
    elif mode == "tf_idf":
        out.data *= idf[out.indices]
    return out


def idf_weights(pieces, doc, n_docs, n_columns):
    """Keras' idf ``log(1 + n_docs / (1 + document frequency))`` per column."""
    presence = bag_of_tokens(pieces, doc, n_docs, n_columns, "multi_hot")
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
