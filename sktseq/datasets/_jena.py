"""Jena climate record 2009-2016 (Max Planck Institute for Biogeochemistry).

The data set of the Keras weather-forecasting example: 14 weather variables
recorded every 10 minutes on the roof of the institute in Jena, Germany.
"""

import io
import zipfile
from importlib import resources
from numbers import Integral
from pathlib import Path

from ._base import fetch_file, get_data_home, read_dated_csv

__all__ = ["load_jena_climate"]

JENA_URL = (
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
    "jena_climate_2009_2016.csv.zip"
)
JENA_FILENAME = "jena_climate_2009_2016.csv.zip"
JENA_COLUMNS = (
    "p (mbar)",
    "T (degC)",
    "Tpot (K)",
    "Tdew (degC)",
    "rh (%)",
    "VPmax (mbar)",
    "VPact (mbar)",
    "VPdef (mbar)",
    "sh (g/kg)",
    "H2OC (mmol/mol)",
    "rho (g/m**3)",
    "wv (m/s)",
    "max. wv (m/s)",
    "wd (deg)",
)
_DATE_COLUMN = "Date Time"
_DATE_FORMAT = "%d.%m.%Y %H:%M:%S"
# No checksum of the official archive is published, so a download is checked
# by structure: the archive's size (as Keras reports it while downloading),
# then the header and the row count of the CSV inside.
_ZIP_SIZE = 13_568_290
_FULL_ROWS = 420_551
_SAMPLE = "jena_climate_2009_hourly.csv.gz"


def load_jena_climate(
    path=None,
    *,
    sample=False,
    sampling_rate=1,
    data_home=None,
    download_if_missing=True,
):
    """Load the Jena climate record as a DataFrame indexed by time.

    Reads the file in its official format: the header ``"Date Time","p
    (mbar)","T (degC)",...`` and one row per record, dates written
    ``01.01.2009 00:10:00``.  Sources, by priority:

    * ``sample=True``: a small real sample bundled with sktseq, every hour of
      2009 (8,760 rows, 2009-01-01 00:10 to 2009-12-31 23:30), that is rows
      0, 6, ..., 52,554 of the official 10-minute file, unchanged;
    * ``path``: the official ``jena_climate_2009_2016.csv`` (10-minute rows),
      its Keras ``.zip`` archive, or any file in the same format, compressed
      or not (e.g. the hourly ``jena_climate_2009_2016_hourly.csv.gz``);
    * otherwise the official archive in ``data_home``, downloaded once from
      the Keras address (13.6 MB) when missing.

    Parameters
    ----------
    path : str or path-like, default=None
        File to read: ``.csv``, ``.zip`` (the CSV inside is used) or any
        compression pandas recognises from the suffix (``.gz``, ``.bz2``...).
    sample : bool, default=False
        Load the bundled one-year hourly sample; needs ``path=None``.
    sampling_rate : int, default=1
        Keep every ``sampling_rate``-th row, starting with the first, like
        Keras' ``sampling_rate``: 6 turns the 10-minute file into hourly rows
        (exactly the rows of the hourly file and of the sample).
    data_home : str or path-like, default=None
        Download cache, see :func:`sktseq.datasets.get_data_home`.
    download_if_missing : bool, default=True
        With ``path=None`` and ``sample=False``, download the archive when it
        is not in ``data_home``; otherwise raise :class:`FileNotFoundError`.

    Returns
    -------
    frame : pandas.DataFrame
        The 14 variables as float64 columns named as in the file (``"T
        (degC)"`` is the temperature), indexed by a :class:`~pandas.DatetimeIndex`
        named ``"Date Time"`` (local time, no time zone).

    Raises
    ------
    ValueError
        When the file is not in the Jena format (header, dates or numbers).
    ConnectionError
        When the download fails (e.g. offline); the message names the address
        and the ways out (``sample=True``, ``path=``, ``SKTSEQ_DATA``).
    OSError
        When a downloaded archive does not have the official size or rows.

    Notes
    -----
    The record is returned as published, including its known faults, so that
    results stay comparable with the Keras example: in the full file,
    2010-07-01 appears twice in a row (the index is not unique) and a few
    stretches run backwards or are missing in 2014 (it is not sorted
    everywhere); ``"wv (m/s)"`` and ``"max. wv (m/s)"`` hold a few ``-9999.0``
    error codes (in 2015).  The bundled 2009 sample has none of these faults.
    Before time-based windows, remove duplicates with
    ``frame[~frame.index.duplicated()]`` and sort with ``frame.sort_index()``.

    No checksum of the official archive is published (Keras downloads it
    unchecked), so sktseq does not check one: a download is checked by its
    size (13,568,290 bytes), the CSV header and the row count (420,551)
    instead.

    Examples
    --------
    >>> from sktseq.datasets import load_jena_climate
    >>> frame = load_jena_climate(sample=True)
    >>> frame.shape
    (8760, 14)
    >>> frame.index[0]
    Timestamp('2009-01-01 00:10:00')
    >>> frame["T (degC)"].head(3).tolist()
    [-8.02, -7.62, -8.85]
    """
    if not isinstance(sampling_rate, Integral) or sampling_rate < 1:
        raise ValueError(
            f"sampling_rate must be a positive int, got {sampling_rate!r}."
        )
    if sample:
        if path is not None:
            raise ValueError("Give either path or sample=True, not both.")
        source = resources.files("sktseq.datasets") / "data" / _SAMPLE
        with source.open("rb") as f:
            frame = _read_jena(f, name=_SAMPLE, compression="gzip")
    elif path is not None:
        frame = _read_path(Path(path))
    else:
        frame = _read_path(_official_archive(data_home, download_if_missing))
        if len(frame) != _FULL_ROWS:
            raise OSError(
                f"The Jena archive in {get_data_home(data_home)} has {len(frame)} "
                f"rows, expected {_FULL_ROWS}; delete it and download it again."
            )
    return frame.iloc[::sampling_rate] if sampling_rate > 1 else frame


def _official_archive(data_home, download_if_missing):
    """Path of the cached official archive, downloaded when allowed."""
    cached = get_data_home(data_home) / JENA_FILENAME
    if not cached.exists() and not download_if_missing:
        raise FileNotFoundError(
            f"{cached} does not exist and download_if_missing=False; download "
            f"{JENA_URL} there, or pass path= to a copy of the file."
        )
    folder = get_data_home(data_home)
    archive = fetch_file(
        JENA_URL,
        filename=JENA_FILENAME,
        data_home=data_home,
        hint=(
            "Ways out: load_jena_climate(sample=True) loads the bundled hourly "
            "sample of 2009 (no network needed); load_jena_climate(path=...) "
            f"reads a copy of {JENA_FILENAME} or of the CSV inside it from "
            f"anywhere; or put {JENA_FILENAME} into {folder}, the download "
            "cache (choose another with data_home= or the SKTSEQ_DATA "
            "environment variable)."
        ),
    )
    size = archive.stat().st_size
    if size != _ZIP_SIZE:
        archive.unlink()  # so that the next call downloads it again
        raise OSError(
            f"The downloaded {JENA_FILENAME} has {size} bytes, expected "
            f"{_ZIP_SIZE}; it was deleted, try again."
        )
    return archive


def _read_path(path):
    if path.suffix.lower() != ".zip":
        return _read_jena(path, name=path.name, compression="infer")
    with zipfile.ZipFile(path) as archive:
        # macOS-made archives add __MACOSX/._name entries next to the data.
        members = [
            m
            for m in archive.namelist()
            if m.lower().endswith(".csv") and not Path(m).name.startswith(".")
        ]
        if len(members) != 1:
            raise ValueError(
                f"{path} should hold exactly one CSV file, found {members or 'none'}."
            )
        with archive.open(members[0]) as f:
            return _read_jena(io.BufferedReader(f), name=members[0], compression=None)


def _read_jena(source, *, name, compression):
    """Parse one Jena CSV (file object or path) and check its format."""
    return read_dated_csv(
        source,
        name=name,
        kind="a Jena climate file",
        date_column=_DATE_COLUMN,
        date_format=_DATE_FORMAT,
        columns=JENA_COLUMNS,
        compression=compression,
    )
