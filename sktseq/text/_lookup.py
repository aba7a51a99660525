"""A fixed vocabulary in integer form: its strings, and n-gram lookups in it.

A vocabulary entry is a row of word ids (``entry_words``, -1 past the end of
a shorter n-gram) into an array of distinct words; strings are built from
that only when asked for, and looking the n-grams of new documents up is one
hash probe per position and n-gram level.
"""

import numpy as np
import pandas as pd

__all__ = ["NGramLookup", "token_strings"]


def token_strings(words, entry_words):
    """The entries of ``entry_words`` as space-joined strings (a list)."""
    lengths = (entry_words >= 0).sum(axis=1)
    out = np.empty(len(entry_words), dtype=object)
    for n in np.unique(lengths).tolist():
        rows = np.flatnonzero(lengths == n)
        parts = [words[entry_words[rows, k]].tolist() for k in range(n)]
        out[rows] = parts[0] if n == 1 else list(map(" ".join, zip(*parts)))
    return out.tolist()


class NGramLookup:
    """Maps the n-grams of a new token stream to vocabulary indices.

    Level m keeps the distinct m-word prefixes of the vocabulary's n-grams
    (m <= n) as encoded keys ``(prefix id) * n_words + (word id)``, so that a
    lookup is one hash probe per position and level.

    Parameters
    ----------
    words : array-like of str
        The distinct words of the entries.
    entry_words : ndarray of shape (n_entries, max_n)
        Word ids of each entry, in vocabulary order (entry i has index
        ``start + i``), -1 past its last word.
    start : int
        Index of the first entry.
    oov : int
        Index given to n-grams that are not in the vocabulary.
    """

    def __init__(self, words, entry_words, *, start, oov):
        self.oov = oov
        self.words = pd.Index(np.asarray(words, dtype=object), dtype=object)
        self.n_words = max(len(self.words), 1)
        n_entries, max_n = entry_words.shape
        lengths = (entry_words >= 0).sum(axis=1)
        # vocabulary indices as int32 where they fit: half the memory per n-gram
        dtype = np.int32 if start + n_entries < 2**31 else np.int64
        index = np.arange(n_entries, dtype=dtype) + start
        # each level's table ends with oov: prefix -1 (not found) reads it
        vocab1 = np.full(len(self.words) + 1, oov, dtype=dtype)
        one = lengths == 1
        vocab1[entry_words[one, 0]] = index[one]
        self.prefixes = [None]  # level m: pd.Index of encoded m-word prefixes
        self.vocab = [vocab1]  # level m: vocabulary index of each prefix (or oov)
        prev = entry_words[:, 0] if max_n else np.empty(0, dtype=np.int64)
        for m in range(2, max_n + 1):
            longer = lengths >= m
            code, keys = pd.factorize(
                prev[longer] * self.n_words + entry_words[longer, m - 1]
            )
            prev = np.full(n_entries, -1, dtype=np.int64)
            prev[longer] = code
            vocab = np.full(len(keys) + 1, oov, dtype=dtype)
            exact = lengths == m
            vocab[prev[exact]] = index[exact]
            self.prefixes.append(pd.Index(keys))
            self.vocab.append(vocab)

    @classmethod
    def from_tokens(cls, tokens, *, start, oov):
        """Build from vocabulary strings; multi-word entries are n-grams."""
        parts = [token.split(" ") for token in tokens]
        max_n = max(map(len, parts), default=1)
        codes, words = pd.factorize(
            np.array([w for p in parts for w in p], dtype=object).reshape(-1)
        )
        entry_words = np.full((len(parts), max_n), -1, dtype=np.int64)
        lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
        rows = np.repeat(np.arange(len(parts)), lengths)
        cols = np.arange(len(codes)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        entry_words[rows, cols] = codes
        return cls(np.asarray(words, dtype=object), entry_words, start=start, oov=oov)

    def pieces(self, stream, sizes):
        """``[(count, index)]``: the n-grams of each size in ``sizes``, looked up.

        ``index`` is the vocabulary index of every n-gram of that size in
        stream order, ``count[d]`` the number of them in document ``d``.
        """
        out = []
        comp = self.words.get_indexer(stream.words)[stream.codes]
        doc = stream.doc
        prefix = comp
        for m in range(1, max(sizes) + 1):
            if m > 1:
                last = comp[m - 1 :]
                prev = prefix[:-1]
                ok = (prev >= 0) & (last >= 0) & (doc[m - 1 :] == doc[m - 2 : -1])
                prefix = np.full(len(last), -1, dtype=np.int64)
                if m <= len(self.prefixes) and ok.any():
                    prefix[ok] = self.prefixes[m - 1].get_indexer(
                        prev[ok] * self.n_words + last[ok]
                    )
            if m in sizes:
                p, d = prefix, doc  # every token starts a unigram
                if m > 1:
                    valid = stream.valid_starts(m)
                    p, d = prefix[valid], doc[: len(valid)][valid]
                if m <= len(self.vocab):
                    index = self.vocab[m - 1][p]
                else:  # longer than any entry
                    index = np.full(len(p), self.oov, dtype=self.vocab[0].dtype)
                out.append((np.bincount(d, minlength=stream.n_docs), index))
        return out
