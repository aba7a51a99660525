"""README and docstrings say what the loaders really check on a download.

IMDB: the official archive's SHA-256 is published by independent loaders, so
the download is checked against it (behaviour: tests/datasets/test_imdb.py).
Jena: no checksum is published, so none is claimed; the download is checked
by size, header and rows (behaviour: tests/datasets/test_jena.py).
"""

import re
from pathlib import Path

from sktseq.datasets import _imdb, _jena, load_imdb, load_jena_climate

README = " ".join(
    (Path(__file__).resolve().parents[2] / "README.md").read_text().split()
)


def test_imdb_download_is_checked_against_its_sha256_and_says_so():
    assert re.fullmatch("[0-9a-f]{64}", _imdb.IMDB_SHA256)
    assert "SHA-256 checked" in " ".join(load_imdb.__doc__.split())
    assert "IMDB download is checked against the official archive's published" in (
        README
    )


def test_jena_download_claims_no_checksum():
    assert not [name for name in vars(_jena) if "SHA" in name.upper()]
    doc = " ".join(load_jena_climate.__doc__.split())
    assert "No checksum of the official archive is published" in doc
    assert "no checksum of the Jena archive is published, so its download is " in (
        README
    )
    assert "with a checksum" not in README  # the old claim, for both loaders
