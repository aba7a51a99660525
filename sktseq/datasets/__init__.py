"""Loaders for the official sequence data sets, with a small bundled sample.

Files are read from any path in their official format, or downloaded once
into :func:`get_data_home` when a network is available.
"""

from ._base import fetch_file, get_data_home
from ._etth1 import ETTH1_SPLITS, load_etth1
from ._imdb import load_imdb
from ._jena import load_jena_climate

__all__ = [
    "ETTH1_SPLITS",
    "fetch_file",
    "get_data_home",
    "load_etth1",
    "load_imdb",
    "load_jena_climate",
]
