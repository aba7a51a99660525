"""Loaders for the official sequence data sets, with a small bundled sample.

Files are read from any path in their official format, or downloaded once
into :func:`get_data_home` when a network is available.
"""

from ._base import fetch_file, get_data_home
from ._imdb import load_imdb
from ._jena import load_jena_climate

__all__ = ["fetch_file", "get_data_home", "load_imdb", "load_jena_climate"]
