"""Counting n-grams and choosing the vocabulary.

Everything works on integer codes: the corpus is one factorized token stream
(a :class:`~._standardize.TokenStream`), an n-gram is encoded as
``(code of its (n-1)-gram prefix) * n_words + (code of its last word)`` and
factorized again, so counting bigrams of 25,000 reviews is a few numpy and
pandas hash passes.  The vocabulary is ordered on integer keys too (word
ranks), and strings are built only for the n-grams that are kept.
"""

from collections import Counter
from numbers import Integral

import numpy as np
import pandas as pd

from ._lookup import NGramLookup, token_strings
from ._standardize import check_documents

__all__ = [
    "NGramCounts",
    "check_vocabulary",
    "fit_vocabulary",
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


class NGramCounts:
    """Every n-gram of a token stream, factorized level by level.

    ``levels[n - 1]`` holds, for each start position, the code of the n-gram
    starting there (-1 where it would cross a document boundary or run past
    the end); ``keys[n - 1]`` the encoded (prefix, last word) of each code.
    """

    def __init__(self, stream, max_n):
        codes, doc = stream.codes, stream.doc
        self.words = words = stream.words
        self.n_words = max(len(words), 1)
        self.levels = [codes]
        self.keys = [None]
        for n in range(2, max_n + 1):
            prev, last = self.levels[-1][:-1], codes[n - 1 :]
            # the n-gram's first n-1 words exist and its last one is in their doc
            valid = (prev >= 0) & (doc[n - 1 :] == doc[n - 2 : -1])
            level = np.full(len(last), -1, dtype=np.int64)
            level[valid], keys = pd.factorize(prev[valid] * self.n_words + last[valid])
            self.levels.append(level)
            self.keys.append(np.asarray(keys, dtype=np.int64))

    def n_unique(self, n):
        return len(self.words) if n == 1 else len(self.keys[n - 1])

    def counts(self, n):
        level = self.levels[n - 1]
        return np.bincount(level[level >= 0], minlength=self.n_unique(n))

    def entry_words(self, sizes, codes, max_n):
        """``(len(codes), max_n)`` word codes of n-grams (size, code), -1 padded."""
        out = np.full((len(codes), max_n), -1, dtype=np.int64)
        for n in np.unique(sizes).tolist():
            rows = np.flatnonzero(sizes == n)
            code = codes[rows]
            for m in range(n, 1, -1):
                keys = self.keys[m - 1][code]
                out[rows, m - 1] = keys % self.n_words
                code = keys // self.n_words
            out[rows, 0] = code
        return out


def _keras_order(words, entry_words, count):
    """Indices sorting n-grams by count descending, then token descending.

    Keras sorts the strings (``np.lexsort((tokens, counts))[::-1]``).  Without
    building them: an n-gram ``w1 w2 ... wn`` compares with another as the
    tuple of the ranks of ``"w1 "``, ``"w2 "``, ..., ``"wn"`` among all words
    and words-plus-space, shorter tuples padded with 0 (the end of a string
    sorts first).  This holds when no word contains a space, which
    whitespace splitting guarantees; otherwise the strings are sorted.
    """
    n_entries, max_n = entry_words.shape
    if max_n > 1 and " " in "".join(words.tolist()):
        strings = np.array(token_strings(words, entry_words), dtype=object)
        by_token_desc = np.argsort(strings, kind="stable")[::-1]
    else:
        n_words = len(words)
        used = np.zeros(n_words + 1, dtype=bool)
        used[entry_words] = True  # -1 (no word) marks the spare last slot
        ids = np.flatnonzero(used[:-1])
        names = words[ids]
        if max_n > 1:
            ids = np.concatenate([ids, ids + n_words])
            names = np.concatenate([names, names + " "])
        rank = np.zeros(2 * n_words + 1, dtype=np.int64)  # [-1]: no word, 0
        rank[ids[np.argsort(names)]] = np.arange(1, len(ids) + 1)
        last = (entry_words >= 0).sum(axis=1) - 1
        # a word followed by another is ranked as "word " (index + n_words)
        ranks = [
            rank[col + n_words * (k < last)] for k, col in enumerate(entry_words.T)
        ]
        del last
        base = 2 * n_words + 1
        if base**max_n < 2**63:
            key = np.zeros(n_entries, dtype=np.int64)
            while ranks:
                key *= base
                key += ranks.pop(0)
            np.negative(key, out=key)
            by_token_desc = np.argsort(key)  # keys are distinct
        else:
            by_token_desc = np.lexsort(ranks[::-1])[::-1]
    return by_token_desc[np.argsort(-count[by_token_desc], kind="stable")]


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
    chosen_n, chosen_code : ndarray
        Size and level code of each chosen n-gram, most frequent first.
    entry_words : ndarray of shape (n_chosen, max(sizes))
        Their word codes, -1 padded (see :class:`NGramLookup`).
    """
    cand_n, cand_code, cand_count = [], [], []
    for n in sizes:
        c = counts.counts(n)
        keep = c >= min_frequency
        if n == 1:
            keep &= counts.words != OOV_TOKEN  # the reserved token is not learned
        code = np.flatnonzero(keep)
        cand_n.append(np.full(len(code), n, dtype=np.int8))
        cand_code.append(code)
        cand_count.append(c[code])
    cand_n, cand_code, cand_count = map(np.concatenate, (cand_n, cand_code, cand_count))
    if max_learned is not None and len(cand_count) > max_learned:
        # Only the tokens tied at the cut-off count need to be ordered among
        # themselves; everything more frequent is in, everything rarer out.
        cutoff = np.partition(cand_count, len(cand_count) - max_learned)[
            len(cand_count) - max_learned
        ]
        keep = cand_count >= cutoff
        cand_n, cand_code, cand_count = cand_n[keep], cand_code[keep], cand_count[keep]
    entry_words = counts.entry_words(cand_n, cand_code, max(sizes))
    order = _keras_order(counts.words, entry_words, cand_count)[:max_learned]
    return cand_n[order], cand_code[order], entry_words[order]


def learn_vocabulary(stream, sizes, *, start, max_learned, min_frequency, pieces):
    """Count, select, and return ``(tokens, lookup, pieces)`` for the stream.

    ``pieces`` (only when asked for) are the training stream's n-grams looked
    up (as :meth:`NGramLookup.pieces` gives them), read off the factorized
    levels without a second lookup.
    """
    counts = NGramCounts(stream, max(sizes))
    chosen_n, chosen_code, entry_words = select_vocabulary(
        counts, sizes, max_learned=max_learned, min_frequency=min_frequency
    )
    # The lookup keeps only the words its entries use.
    used = np.zeros(len(stream.words) + 1, dtype=bool)
    used[entry_words] = True
    used = np.flatnonzero(used[:-1])
    remap = np.full(len(stream.words) + 1, -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    entry_words = remap[entry_words]
    words = stream.words[used]
    lookup = NGramLookup(words, entry_words, start=start, oov=start - 1)
    if pieces:
        pieces = []
        for n in sizes:
            at = np.flatnonzero(chosen_n == n)
            level = counts.levels[n - 1]
            lut = np.full(counts.n_unique(n), start - 1, dtype=lookup.vocab[0].dtype)
            lut[chosen_code[at]] = at + start
            valid = level >= 0  # the n-grams within one document
            count = np.bincount(
                stream.doc[: len(valid)][valid], minlength=stream.n_docs
            )
            pieces.append((count, lut[level[valid]]))
    del counts, chosen_code  # before the strings: the peak of memory is there
    return token_strings(words, entry_words), lookup, pieces or None


def fit_vocabulary(
    stream, sizes, *, vocabulary, start, max_tokens, min_frequency, pieces
):
    """The learned or the given vocabulary: ``(tokens, lookup, pieces)``.

    ``start`` is the number of reserved tokens (the index of the first
    learned one); ``pieces=True`` also returns the training stream's n-grams
    looked up (see :meth:`NGramLookup.pieces`), else None.
    """
    max_learned = None if max_tokens is None else max_tokens - start
    if vocabulary is None:
        return learn_vocabulary(
            stream,
            sizes,
            start=start,
            max_learned=max_learned,
            min_frequency=min_frequency,
            pieces=pieces,
        )
    tokens = check_vocabulary(vocabulary, max_learned)
    lookup = NGramLookup.from_tokens(tokens, start=start, oov=start - 1)
    return tokens, lookup, lookup.pieces(stream, sizes) if pieces else None


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
