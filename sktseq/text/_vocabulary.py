"""Counting n-grams, choosing the vocabulary, and looking n-grams up.

Everything works on integer codes: the corpus is one factorized token stream
(``codes``, -1 between documents), an n-gram is encoded as
``(code of its (n-1)-gram prefix) * n_words + (code of its last word)`` and
factorized again, so counting bigrams of 25,000 reviews is a few numpy and
pandas hash passes; strings are only built for the n-grams that are kept.
"""

from collections import Counter
from numbers import Integral

import numpy as np
import pandas as pd

from ._standardize import check_documents

__all__ = [
    "NGramCounts",
    "NGramLookup",
    "check_vocabulary",
    "learn_vocabulary",
    "ngram_sizes",
    "select_vocabulary",
]

OOV_TOKEN = "[UNK]"
MASK_TOKEN = ""


def ngram_sizes(ngrams):
    """Sorted n-gram sizes from ``ngrams``: None (1), an int n (1..n) or sizes."""
    if ngrams is None:
        return (1,)
    if isinstance(ngrams, Integral):
        return tuple(range(1, ngrams + 1))
    sizes = tuple(ngrams)
    if not sizes or not all(isinstance(n, Integral) and n >= 1 for n in sizes):
        raise ValueError(
            f"ngrams must be None, a positive int or a tuple of positive "
            f"ints, got {ngrams!r}."
        )
    return tuple(sorted(set(sizes)))


def _valid_starts(codes, n):
    """Boolean mask of the positions where an n-gram without a separator starts."""
    seps = np.concatenate([[0], np.cumsum(codes < 0)])
    return (seps[n:] - seps[:-n]) == 0


def doc_index(codes):
    """Document number of every position of the stream."""
    return np.cumsum(codes < 0)


class NGramCounts:
    """Every n-gram of a token stream, factorized level by level.

    ``levels[n - 1]`` holds, for each start position, the code of the n-gram
    starting there (-1 where it would cross a document boundary or run past
    the end); ``keys[n - 1]`` the encoded (prefix, last word) of each code.
    """

    def __init__(self, codes, words, max_n):
        self.words = words
        self.n_words = max(len(words), 1)
        self.levels = [codes]
        self.keys = [None]
        for n in range(2, max_n + 1):
            prev, last = self.levels[-1][:-1], codes[n - 1 :]
            valid = (prev >= 0) & (last >= 0)
            level = np.full(len(last), -1, dtype=np.int64)
            level[valid], keys = pd.factorize(prev[valid] * self.n_words + last[valid])
            self.levels.append(level)
            self.keys.append(np.asarray(keys, dtype=np.int64))

    def n_unique(self, n):
        return len(self.words) if n == 1 else len(self.keys[n - 1])

    def counts(self, n):
        level = self.levels[n - 1]
        return np.bincount(level[level >= 0], minlength=self.n_unique(n))

    def word_codes(self, n, codes):
        """The n word codes (a list of arrays) of the n-grams ``codes``."""
        parts = []
        for m in range(n, 1, -1):
            keys = self.keys[m - 1][codes]
            parts.append(keys % self.n_words)
            codes = keys // self.n_words
        parts.append(codes)
        return parts[::-1]

    def strings(self, n, codes):
        """The n-grams ``codes`` as space-joined strings (object array)."""
        parts = [self.words[p] for p in self.word_codes(n, codes)]
        out = parts[0].astype(object)
        for part in parts[1:]:
            out = out + " " + part
        return out


def select_vocabulary(counts, sizes, *, max_learned, min_frequency):
    """Choose the vocabulary like Keras: count descending, ties by token descending.

    Parameters
    ----------
    counts : NGramCounts
    sizes : tuple of int
        n-gram sizes to consider.
    max_learned : int or None
        How many tokens to keep (``max_tokens`` minus the reserved tokens).
    min_frequency : int
        Smallest total count of a kept token.

    Returns
    -------
    tokens : list of str
        The vocabulary, most frequent first.
    selected : list of (n, codes) pairs
        The same tokens as level codes, with ``positions`` into ``tokens``:
        ``(n, codes, positions)``.
    """
    cand_n, cand_code, cand_count = [], [], []
    for n in sizes:
        c = counts.counts(n)
        keep = c >= min_frequency
        if n == 1:
            keep &= counts.words != OOV_TOKEN  # the reserved token is not learned
        code = np.flatnonzero(keep)
        cand_n.append(np.full(len(code), n))
        cand_code.append(code)
        cand_count.append(c[code])
    cand_n, cand_code, cand_count = map(np.concatenate, (cand_n, cand_code, cand_count))
    if max_learned is not None and len(cand_count) > max_learned:
        # Only the tokens tied at the cut-off count need their strings to be
        # compared; everything more frequent is in, everything rarer out.
        cutoff = np.partition(cand_count, len(cand_count) - max_learned)[
            len(cand_count) - max_learned
        ]
        keep = cand_count >= cutoff
        cand_n, cand_code, cand_count = cand_n[keep], cand_code[keep], cand_count[keep]
    strings = np.empty(len(cand_n), dtype=object)
    for n in sizes:
        at = cand_n == n
        strings[at] = counts.strings(n, cand_code[at])
    # Keras: np.lexsort((tokens, counts))[::-1]: count desc, then token desc.
    by_token_desc = np.argsort(strings, kind="stable")[::-1]
    order = by_token_desc[np.argsort(-cand_count[by_token_desc], kind="stable")]
    if max_learned is not None:
        order = order[:max_learned]
    selected = []
    for n in sizes:
        at = np.flatnonzero(cand_n[order] == n)
        selected.append((n, cand_code[order[at]], at))
    return strings[order].tolist(), selected


def learn_vocabulary(codes, words, sizes, *, start, max_learned, min_frequency):
    """Count, select, and return ``(tokens, lookup, pieces)`` for the stream.

    ``pieces`` are the training stream's ``(start positions, index)`` per
    n-gram size, read off the factorized levels without a second lookup.
    """
    counts = NGramCounts(codes, words, max(sizes))
    tokens, selected = select_vocabulary(
        counts, sizes, max_learned=max_learned, min_frequency=min_frequency
    )
    entries = [None] * len(tokens)
    pieces = []
    for n, code, at in selected:
        parts = [words[p] for p in counts.word_codes(n, code)]
        for i, entry in zip(at.tolist(), zip(*parts)):
            entries[i] = entry
        level = counts.levels[n - 1]
        lut = np.full(counts.n_unique(n), start - 1, dtype=np.int64)
        lut[code] = at + start
        starts = np.flatnonzero(level >= 0)
        pieces.append((starts, lut[level[starts]]))
    return tokens, NGramLookup(entries, start=start, oov=start - 1), pieces


def check_vocabulary(vocabulary, max_learned):
    """A given vocabulary, checked, without its leading reserved tokens."""
    vocab = check_documents(vocabulary, name="vocabulary")
    for prefix in ([MASK_TOKEN, OOV_TOKEN], [OOV_TOKEN]):
        if vocab[: len(prefix)] == prefix:
            vocab = vocab[len(prefix) :]
            break
    bad = {MASK_TOKEN, OOV_TOKEN}.intersection(vocab)
    if bad:
        raise ValueError(
            f"vocabulary contains the reserved token(s) {sorted(bad)} "
            "somewhere else than at its start."
        )
    if len(set(vocab)) != len(vocab):
        dup = [token for token, n in Counter(vocab).items() if n > 1]
        raise ValueError(f"vocabulary contains repeated tokens: {sorted(dup)[:5]}.")
    if max_learned is not None and len(vocab) > max_learned:
        raise ValueError(
            f"vocabulary has {len(vocab)} tokens, more than max_tokens minus the "
            f"reserved tokens allows ({max_learned})."
        )
    return vocab


class NGramLookup:
    """Maps the n-grams of a new token stream to vocabulary indices.

    Built from the vocabulary as word tuples.  Level m keeps the distinct
    m-word prefixes of the vocabulary's n-grams (m <= n) as encoded keys, so
    a lookup is one hash probe per position and level.
    """

    def __init__(self, entries, *, start, oov):
        # entries: list of word tuples, in vocabulary order (index start + i)
        self.oov = oov
        words = pd.unique(np.array([w for e in entries for w in e] or [""], object))
        self.words = pd.Index(words)
        self.n_words = max(len(words), 1)
        max_n = max((len(e) for e in entries), default=1)
        self.prefixes = [None]  # level m: pd.Index of encoded m-word prefixes
        self.vocab = []  # level m: vocabulary index of each prefix (or oov)
        first = self.words.get_indexer([e[0] for e in entries]).astype(np.int64)
        lengths = np.array([len(e) for e in entries], dtype=np.int64)
        index = np.arange(len(entries), dtype=np.int64) + start
        vocab1 = np.full(len(words), oov, dtype=np.int64)
        vocab1[first[lengths == 1]] = index[lengths == 1]
        self.vocab.append(vocab1)
        prev = first
        for m in range(2, max_n + 1):
            longer = lengths >= m
            last = self.words.get_indexer(
                [e[m - 1] if len(e) >= m else "" for e in entries]
            )
            key = np.where(longer, prev * self.n_words + last, -1)
            prefixes = pd.Index(pd.unique(key[longer]))
            prev = np.where(longer, prefixes.get_indexer(key), -1)
            vocab = np.full(len(prefixes), oov, dtype=np.int64)
            exact = lengths == m
            vocab[prev[exact]] = index[exact]
            self.prefixes.append(prefixes)
            self.vocab.append(vocab)

    def lookup(self, codes, words, sizes):
        """Yield ``(n, positions, vocabulary index)`` for each n in ``sizes``."""
        # one extra -1 at the end: code -1 (a document separator) reads it
        word_of_code = np.append(self.words.get_indexer(words), -1)
        comp = word_of_code[codes]
        prefix = comp
        for m in range(1, max(sizes) + 1):
            if m > 1:
                last = comp[m - 1 :]
                prev = prefix[:-1]
                ok = (prev >= 0) & (last >= 0)
                prefix = np.full(len(last), -1, dtype=np.int64)
                if m <= len(self.prefixes) and ok.any():
                    prefix[ok] = self.prefixes[m - 1].get_indexer(
                        prev[ok] * self.n_words + last[ok]
                    )
            if m in sizes:
                starts = np.flatnonzero(_valid_starts(codes, m))
                p = prefix[starts]
                index = np.full(len(starts), self.oov, dtype=np.int64)
                if m <= len(self.vocab):
                    found = p >= 0
                    index[found] = self.vocab[m - 1][p[found]]
                yield m, starts, index
