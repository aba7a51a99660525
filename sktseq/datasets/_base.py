"""Where data sets live on disk, and a checksummed download into that cache."""

import hashlib
import os
import shutil
import tempfile
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["fetch_file", "get_data_home", "read_dated_csv", "sha256sum"]


def get_data_home(data_home=None):
    """Return the cache folder for downloaded data sets, creating it.

    Parameters
    ----------
    data_home : str or path-like, default=None
        The folder to use.  By default ``$SKTSEQ_DATA`` or ``~/sktseq_data``.

    Returns
    -------
    data_home : pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> from sktseq.datasets import get_data_home
    >>> get_data_home(tempfile.mkdtemp()).is_dir()
    True
    """
    if data_home is None:
        data_home = os.environ.get("SKTSEQ_DATA", Path("~") / "sktseq_data")
    path = Path(data_home).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def sha256sum(path, chunk_size=1 << 20):
    """Return the hex SHA-256 of a file, read in chunks.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "f.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256sum(p)[:12]
    'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_file(url, *, filename, sha256=None, data_home=None, timeout=60, hint=""):
    """Download ``url`` into the cache once and return its local path.

    A file already in the cache is reused (and re-checked when ``sha256`` is
    given).  The download goes to a temporary file first and is checked
    there, so an interrupted transfer or a corrupt download never leaves a
    file in the cache.

    Parameters
    ----------
    url : str
        Address to download from.
    filename : str
        Name of the file inside ``data_home``.
    sha256 : str, default=None
        Expected SHA-256 of the file; a mismatch raises ``OSError``.
    data_home : str or path-like, default=None
        Cache folder, see :func:`get_data_home`.
    timeout : float, default=60
        Socket timeout in seconds.
    hint : str, default=""
        Appended to the message of a failed download: what the caller can do
        instead (another source, a local copy).

    Returns
    -------
    path : pathlib.Path

    Raises
    ------
    ConnectionError
        When the download fails (no network, unknown host, HTTP error); the
        message names the address and the cache folder.
    OSError
        When the file does not have the expected SHA-256.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> src = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = src.write_text("hi")
    >>> fetch_file(src.as_uri(), filename="a.txt",
    ...            data_home=tempfile.mkdtemp()).read_text()
    'hi'
    """
    path = get_data_home(data_home) / filename
    if path.exists():
        if sha256 is not None:
            _check_sha256(path, sha256, f"{path} (delete it to download it again)")
        return path
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{filename}.")
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    shutil.copyfileobj(response, out)
            except (OSError, TimeoutError) as exc:  # URLError, HTTPError, sockets
                reason = getattr(exc, "reason", None) or exc
                raise ConnectionError(
                    f"Could not download {url} into {path.parent} ({reason})."
                    + (f" {hint}" if hint else "")
                ) from exc
        if sha256 is not None:
            _check_sha256(tmp, sha256, f"The download of {url} (not kept)")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _check_sha256(path, expected, what):
    actual = sha256sum(path)
    if actual != expected:
        raise OSError(
            f"{what} has SHA-256 {actual}, expected {expected}: the file is "
            "corrupt or not the official one."
        )


def read_dated_csv(source, *, name, kind, date_column, date_format, columns, **kw):
    """Read a CSV of a date column and float columns, checking its format.

    Parameters
    ----------
    source : path or file object
        What :func:`pandas.read_csv` reads.
    name : str
        File name for the error messages.
    kind : str
        What the file should be ("a Jena climate file"), for the errors.
    date_column, date_format : str
        The date column and its ``strftime`` format.
    columns : sequence of str
        The numeric columns, in order after the date column.
    **kw
        Passed to :func:`pandas.read_csv` (e.g. ``compression``).

    Returns
    -------
    frame : pandas.DataFrame
        float64 ``columns`` indexed by a DatetimeIndex named ``date_column``.

    Examples
    --------
    >>> import io
    >>> text = io.StringIO("day,x\\n2020-01-02,1.5\\n")
    >>> read_dated_csv(text, name="t.csv", kind="a test file", date_column="day",
    ...                date_format="%Y-%m-%d", columns=["x"])
                  x
    day
    2020-01-02  1.5
    """
    frame = pd.read_csv(source, **kw)
    expected = [date_column, *columns]
    if list(frame.columns) != expected:
        raise ValueError(
            f"{name} is not {kind}: expected the columns {expected}, got "
            f"{list(frame.columns)}."
        )
    not_numeric = [c for c in columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if not_numeric:
        raise ValueError(f"{name}: columns {not_numeric} are not all numbers.")
    try:
        # An explicit format parses the whole column at once (no guessing).
        dates = pd.to_datetime(frame.pop(date_column), format=date_format)
    except ValueError as exc:
        raise ValueError(
            f"{name}: the {date_column!r} column is not in the format "
            f"{date_format!r}: {exc}"
        ) from exc
    frame.index = pd.DatetimeIndex(dates, name=date_column)
    return frame.astype(np.float64)
