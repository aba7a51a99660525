"""Whitespace splitting of a whole corpus in numpy passes over its bytes.

``str.split`` makes one Python string per token and hashing those strings
was most of TextVectorizer's time on the IMDB reviews (5.8 million tokens).
Here the standardized documents are UTF-8 bytes joined into one buffer: token
boundaries come from a whitespace mask, every token is read as little-endian
8-byte words (zero-padded past its end) that are factorized as integers, and
strings are built only for the distinct tokens.  The result is exactly
``str.split()``'s tokens: equal byte strings are equal texts in UTF-8, and
the non-ASCII whitespace ``str.split`` knows becomes a space first.
"""

import re

import numpy as np
import pandas as pd

__all__ = ["split_utf8"]

# 1 for the bytes str.split() treats as whitespace, for bytes.translate.
_WS_FLAGS = bytes(int(c < 128 and chr(c).isspace()) for c in range(256))
# The non-ASCII characters str.split() splits on (U+0085 ... U+3000; none
# above, tested against every code point), as UTF-8 byte sequences.
_NON_ASCII_WS = re.compile(
    b"|".join(
        re.escape(chr(c).encode()) for c in range(128, 0x3001) if chr(c).isspace()
    )
)
# _MASKS[k] keeps the first k bytes of a little-endian 8-byte word.
_MASKS = np.array(
    [(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64
)
_PAD = 16  # spaces after the corpus: the last token ends, reads stay inside


def _read_words(words8, starts, lengths):
    """The 8 bytes at each of ``starts`` as uint64, bytes past ``lengths`` zeroed."""
    return words8[starts] & _MASKS[np.minimum(lengths, 8)]


def _texts(buffer, starts, lengths):
    """The byte ranges of ``buffer`` as an object array of str.

    Gathered into one space-separated buffer and decoded and split once (a
    token never holds a space), rather than sliced and decoded one by one.
    """
    ends = np.cumsum(lengths + 1)
    shift = np.repeat(starts - (ends - lengths - 1), lengths + 1)
    picked = buffer.take(np.arange(int(ends[-1]) if len(ends) else 0) + shift)
    picked[ends - 1] = ord(" ")  # each token's last position + 1: the separator
    text = picked[:-1].tobytes().decode("utf-8", "surrogatepass")
    return np.array(text.split(" ") if len(starts) else [], dtype=object)


def split_utf8(encoded):
    """Split UTF-8 documents on whitespace into one factorized token stream.

    Parameters
    ----------
    encoded : list of bytes
        The standardized documents, UTF-8 encoded.

    Returns
    -------
    (codes, doc, words) or None
        ``codes``: int64 code of every token of the corpus, in order;
        ``doc``: int64 document of every token; ``words``: object array,
        ``words[code]`` the token's text.  None when the corpus holds a NUL
        byte, which zero-padding cannot tell from the end of a token (the
        caller then splits the slow way).
    """
    n_docs = len(encoded)
    encoded = [b if b.isascii() else _NON_ASCII_WS.sub(b" ", b) for b in encoded]
    corpus = b" ".join(encoded)
    if b"\x00" in corpus:
        return None
    padded = corpus + b" " * _PAD
    ws = np.frombuffer(padded.translate(_WS_FLAGS), dtype=bool)
    edges = np.flatnonzero(ws[1:] != ws[:-1])
    edges += 1
    if not ws[0]:
        edges = np.concatenate(([0], edges))
    del ws
    starts = edges[0::2].copy()
    lengths = edges[1::2] - starts
    del edges
    # uint64 at every byte offset (unaligned, overlapping): one gather reads
    # 8 bytes from anywhere in the corpus.
    words8 = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))

    codes = pd.factorize(_read_words(words8, starts, lengths))[0]
    # Tokens longer than 8 bytes: refine their code with each further word.
    longer, offset = np.flatnonzero(lengths > 8), 8
    n_codes = int(codes.max()) + 1 if codes.size else 0
    while longer.size:
        word = pd.factorize(
            _read_words(words8, starts[longer] + offset, lengths[longer] - offset)
        )[0]
        new = pd.factorize(codes[longer] * (int(word.max()) + 1) + word)[0]
        codes[longer] = new + n_codes
        n_codes += int(new.max()) + 1
        offset += 8
        longer = longer[lengths[longer] > offset]
    # Compact the codes (a prefix only long tokens had leaves a gap) and read
    # the text of each distinct token at one of its occurrences.
    used = np.zeros(n_codes, dtype=bool)
    used[codes] = True
    if not used.all():
        codes = (np.cumsum(used) - 1)[codes]
    at = np.empty(int(used.sum()), dtype=np.int64)
    at[codes] = np.arange(len(codes))
    words = _texts(np.frombuffer(padded, dtype=np.uint8), starts[at], lengths[at])
    # Document of each token: documents start one byte after the previous one.
    sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=n_docs) + 1
    first = np.searchsorted(starts, np.cumsum(sizes) - sizes)
    doc = np.repeat(np.arange(n_docs), np.diff(np.append(first, len(starts))))
    return codes.astype(np.int64, copy=False), doc, words
