"""Loaders for the official sequence data sets, with a small bundled sample.

Also the ``.ts`` format of the UCR/UEA classification archives (:func:`load_ts`)
and a fetcher for that archive's data sets by name (:func:`fetch_ucr_uea`).

Files are read from any path in their official format, or downloaded once
into :func:`get_data_home` when a network is available.
"""

from ._base import fetch_file, get_data_home
from ._etth1 import ETTH1_SPLITS, load_etth1
from ._imdb import load_imdb
from ._jena import load_jena_climate
from ._ts import load_ts
from ._ucr import fetch_ucr_uea

__all__ = [
    "ETTH1_SPLITS",
    "fetch_file",
    "fetch_ucr_uea",
    "get_data_home",
    "load_etth1",
    "load_imdb",
    "load_jena_climate",
    "load_ts",
]
