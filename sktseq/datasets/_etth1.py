"""ETTh1: Electricity Transformer Temperature, hourly, station 1.

The long-horizon forecasting benchmark of Zhou et al. (Informer, AAAI 2021),
used by DLinear, PatchTST and their successors: 17,420 hourly rows from
2016-07-01 to 2018-06-26, six power-load series and the oil temperature
``OT``.
"""

from pathlib import Path

from ._base import fetch_file, get_data_home, read_dated_csv

__all__ = ["ETTH1_SPLITS", "load_etth1"]

ETTH1_URL = (
    "https://raw.githubusercontent.com/zhouhaoyi/ETDataset/main/ETT-small/ETTh1.csv"
)
ETTH1_COLUMNS = ("HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT")
# SHA-256 of the authors' CSV (the shared copy, byte-identical to it).
_SHA256 = "f18de3ad269cef59bb07b5438d79bb3042d3be49bdeecf01c1cd6d29695ee066"

#: The benchmark protocol's rows (12 / 4 / 4 months of 30 days): train,
#: validation and test, as ``slice`` objects over the file's rows.
ETTH1_SPLITS = {
    "train": slice(0, 12 * 30 * 24),
    "val": slice(12 * 30 * 24, 16 * 30 * 24),
    "test": slice(16 * 30 * 24, 20 * 30 * 24),
}


def load_etth1(path=None, *, data_home=None, download_if_missing=True):
    """Load ETTh1 as a DataFrame indexed by hour.

    Reads the authors' CSV (header ``date,HUFL,HULL,MUFL,MULL,LUFL,LULL,OT``),
    compressed or not, from ``path``; without one, from ``data_home``, where
    it is downloaded once from the authors' repository (2.6 MB, checked
    against its SHA-256).

    The benchmark protocol (Zhou et al. 2021; DLinear, PatchTST) uses rows
    0-8639 to train, 8640-11519 to validate and 11520-14399 to test
    (:data:`ETTH1_SPLITS`), standardizes every column with the training
    rows' mean and standard deviation, and reports MSE and MAE on that
    scale, averaged over all channels and horizons.

    Parameters
    ----------
    path : str or path-like, default=None
        File to read (``.csv`` or any compression pandas recognises from the
        suffix, e.g. ``.csv.gz``).
    data_home : str or path-like, default=None
        Download cache, see :func:`sktseq.datasets.get_data_home`.
    download_if_missing : bool, default=True
        With ``path=None``, download the file when it is not in
        ``data_home``; otherwise raise :class:`FileNotFoundError`.

    Returns
    -------
    frame : pandas.DataFrame of shape (17420, 7)
        float64 columns ``HUFL, HULL, MUFL, MULL, LUFL, LULL, OT``, indexed by
        a :class:`~pandas.DatetimeIndex` named ``"date"``.

    Raises
    ------
    ValueError
        When the file does not have ETTh1's columns or dates.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sktseq.datasets import load_etth1
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ETTh1.csv"
    >>> _ = path.write_text("date,HUFL,HULL,MUFL,MULL,LUFL,LULL,OT\\n"
    ...                     "2016-07-01 00:00:00,5.8,2.0,1.6,0.5,4.2,1.3,30.5\\n")
    >>> load_etth1(path)["OT"]
    date
    2016-07-01    30.5
    Name: OT, dtype: float64
    """
    if path is None:
        cached = get_data_home(data_home) / "ETTh1.csv"
        if not cached.exists() and not download_if_missing:
            raise FileNotFoundError(
                f"{cached} does not exist and download_if_missing=False; download "
                f"{ETTH1_URL} there, or pass path= to a copy of the file."
            )
        path = fetch_file(
            ETTH1_URL, filename="ETTh1.csv", sha256=_SHA256, data_home=data_home
        )
    path = Path(path)
    return read_dated_csv(
        path,
        name=path.name,
        kind="an ETTh1 file",
        date_column="date",
        date_format="%Y-%m-%d %H:%M:%S",
        columns=ETTH1_COLUMNS,
    )
