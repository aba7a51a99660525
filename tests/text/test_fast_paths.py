"""The vectorizer's fast paths against plain Python / scipy references.

The byte-level whitespace splitter must give exactly ``str.split()``'s
tokens, and the per-document scatters of the encoders exactly what a loop
over documents (or scipy's COO constructor) gives.
"""

import sys

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from sktseq.text._encode import bag_of_tokens, int_sequences
from sktseq.text._split import _NON_ASCII_WS, _WS_FLAGS, split_utf8
from sktseq.text._standardize import tokenize

ALL_WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def tokens_by_document(docs, **kw):
    stream = tokenize(
        docs, standardize=None, strip_html=False, split="whitespace", **kw
    )
    out = [[] for _ in docs]
    for d, word in zip(stream.doc.tolist(), stream.words[stream.codes].tolist()):
        out[d].append(word)
    return out


def test_whitespace_tables_cover_every_code_point():
    ascii_ws = {chr(c) for c in range(256) if _WS_FLAGS[c]}
    assert ascii_ws == {c for c in ALL_WHITESPACE if ord(c) < 128}
    others = [c for c in ALL_WHITESPACE if ord(c) >= 128]
    assert all(_NON_ASCII_WS.fullmatch(c.encode()) for c in others)
    joined = "".join(chr(c) for c in range(128, 0x3100) if not chr(c).isspace())
    assert not _NON_ASCII_WS.search(joined.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize(
    "docs",
    [
        # 8-byte words: tokens of 7, 8, 9, 16, 17 bytes sharing prefixes
        ["abcdefg abcdefgh abcdefghi abcdefgh", "abcdefghijklmnop abcdefghijklmnopq"],
        # multi-byte characters across the 8-byte boundaries, lone surrogates
        ["aaaaaaaé aaaaaaa€ aaaaaaaé", "\ud800x \ud800x€ ü"],
        # every kind of whitespace between tokens, leading and trailing
        ["".join(f"w{i}{ws}" for i, ws in enumerate(ALL_WHITESPACE)), "", "  "],
        ["x" * 5000, "x" * 4999 + "y", "x" * 5000],
    ],
)
def test_split_matches_str_split(docs):
    assert tokens_by_document(docs) == [d.split() for d in docs]


def test_nul_bytes_take_the_slow_path_with_the_same_tokens():
    docs = ["a\x00 a b", "a\x00\x00 a"]
    assert split_utf8([d.encode() for d in docs]) is None
    assert tokens_by_document(docs) == [d.split() for d in docs]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.one_of(
                st.sampled_from([*ALL_WHITESPACE, "\x00", "\x08", "a", "é", "€"]),
                st.characters(),
            ),
            max_size=40,
        ),
        max_size=6,
    )
)
def test_property_split_matches_str_split(docs):
    assert tokens_by_document(docs) == [d.split() for d in docs]


def random_pieces(rng, n_docs, sizes=(1, 2, 3), n_columns=50):
    """Pieces as the lookups give them: per-document counts, ids in order."""
    pieces = []
    for _ in sizes:
        count = rng.integers(0, 12, n_docs)
        pieces.append((count, rng.integers(0, n_columns, int(count.sum()))))
    return pieces


def test_bag_of_tokens_matches_scipy_coo():
    rng = np.random.default_rng(0)
    pieces = random_pieces(rng, 30)
    rows = np.concatenate([np.repeat(np.arange(30), c) for c, _ in pieces])
    cols = np.concatenate([index for _, index in pieces])
    expected = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(30, 50))
    out = bag_of_tokens(pieces, 30, 50, "count")
    assert out.has_canonical_format
    np.testing.assert_array_equal(out.toarray(), expected.toarray())
    hot = bag_of_tokens(pieces, 30, 50, "multi_hot")
    np.testing.assert_array_equal(hot.toarray(), expected.toarray() > 0)


@pytest.mark.parametrize("width", [1, 7, 40])
def test_int_sequences_matches_a_loop_over_documents(width):
    rng = np.random.default_rng(1)
    pieces = random_pieces(rng, 20)
    expected = np.zeros((20, width), dtype=np.int64)
    for d in range(20):
        row = []
        for count, index in pieces:  # the unigrams, then the bigrams, ...
            start = int(count[:d].sum())
            row += index[start : start + count[d]].tolist()
        row = row[:width]
        expected[d, : len(row)] = row
    np.testing.assert_array_equal(int_sequences(pieces, 20, width), expected)
