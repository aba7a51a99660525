"""The UCR/UEA time series classification archive, one data set by name.

Each data set is published as ``<name>.zip`` holding ``<name>_TRAIN.ts`` and
``<name>_TEST.ts`` (with other formats beside them); the files are read from
the archive directly, without extracting it.
"""

import re
import urllib.error
import zipfile
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

from ._base import fetch_file, get_data_home
from ._ts import read_ts

__all__ = ["fetch_ucr_uea"]

# The archive's per-data-set address, the one aeon's loaders use.
UCR_UEA_URL = "https://timeseriesclassification.com/aeon-toolkit/{name}.zip"
_SUBDIR = "ucr_uea"
_NAME = re.compile(r"[A-Za-z0-9_-]+")


def fetch_ucr_uea(
    name,
    *,
    path=None,
    data_home=None,
    download_if_missing=True,
    return_X_y=False,
    timeout=60,
):
    """Load a data set of the UCR/UEA archive by name, with its official split.

    Reads ``<name>_TRAIN.ts`` and ``<name>_TEST.ts`` (see :func:`load_ts`)
    from, by priority:

    * ``path``: the data set's ``.zip`` (or any zip holding the two files, in
      any folder), or a folder holding them (in any sub-folder);
    * otherwise ``<name>.zip`` in ``data_home/ucr_uea/``, downloaded once
      from ``https://timeseriesclassification.com/aeon-toolkit/<name>.zip``
      when missing.

    No checksum of the archive's files is published, so a download is not
    checked against one.  What is checked: that the file is a zip archive,
    that it holds both ``.ts`` files, that each passes :func:`load_ts`'s
    format checks (header against every case), and that both splits have the
    same number of dimensions.  A download that is not a zip archive (the
    server answers unknown names with a web page) is deleted again.

    Parameters
    ----------
    name : str
        The data set's name as the archive spells it (case matters), e.g.
        ``"GunPoint"``, ``"JapaneseVowels"``, ``"BasicMotions"``.
    path : str or path-like, default=None
        A local ``.zip`` or folder to read instead of the cache.
    data_home : str or path-like, default=None
        Cache folder, see :func:`get_data_home` (``$SKTSEQ_DATA`` or
        ``~/sktseq_data``); the archive is kept in its ``ucr_uea`` folder.
    download_if_missing : bool, default=True
        With ``path=None``, download the archive when it is not cached;
        otherwise raise :class:`FileNotFoundError`.
    return_X_y : bool, default=False
        Return ``((X_train, y_train), (X_test, y_test))`` instead of a Bunch.
    timeout : float, default=60
        Socket timeout of the download, in seconds.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``X_train``, ``y_train``, ``X_test``, ``y_test`` as :func:`load_ts`
        returns them (a 3-D float array ``(n, L, F)`` when all series of a
        split have one length, else a list of ``(L_i, F)`` arrays; labels as
        strings, regression targets as floats); ``target_names``, the class
        labels in the order the header lists them (None for regression);
        ``name``; ``DESCR``, the file's description comments.

    Raises
    ------
    ConnectionError
        When the download fails (e.g. offline); the message names the address
        and the ways out: ``path=``, or the archive placed in the cache.
    ValueError
        When the name is not a plain archive name, the archive lacks the two
        files, or a file is malformed (naming the file and line).

    See Also
    --------
    load_ts : Read one ``.ts`` file.

    Examples
    --------
    >>> import tempfile, zipfile, pathlib
    >>> from sktseq.datasets import fetch_ucr_uea
    >>> archive = pathlib.Path(tempfile.mkdtemp()) / "Toy.zip"
    >>> header = "@problemName Toy\\n@classLabel true a b\\n@data\\n"
    >>> with zipfile.ZipFile(archive, "w") as z:
    ...     z.writestr("Toy_TRAIN.ts", header + "1,2,3:a\\n3,2,1:b\\n")
    ...     z.writestr("Toy_TEST.ts", header + "1,2,2:a\\n")
    >>> data = fetch_ucr_uea("Toy", path=archive)
    >>> data.X_train.shape, data.y_train.tolist(), data.target_names.tolist()
    ((2, 3, 1), ['a', 'b'], ['a', 'b'])
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(
            f"name must be a UCR/UEA data set name such as 'GunPoint' (letters, "
            f"digits, '_' or '-'), got {name!r}."
        )
    if path is None:
        path = _cached_archive(name, data_home, download_if_missing, timeout)
    path = Path(path).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist.")
    splits = {}
    for split in ("TRAIN", "TEST"):
        data, where = _read_member(path, f"{name}_{split}.ts")
        splits[split] = read_ts(data, name=where)
    (X_train, y_train, header), (X_test, y_test, _) = splits.values()
    f_train, f_test = (_n_dims(X) for X in (X_train, X_test))
    if f_train != f_test:
        raise ValueError(
            f"{path}: {name}_TRAIN.ts has {f_train} dimensions, but "
            f"{name}_TEST.ts has {f_test}."
        )
    if return_X_y:
        return (X_train, y_train), (X_test, y_test)
    classes = header["class_values"]
    return Bunch(
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        target_names=np.asarray(classes, dtype=str) if classes else None,
        name=name,
        DESCR=header["description"],
    )


def _n_dims(X):
    return X.shape[2] if isinstance(X, np.ndarray) else X[0].shape[1]


def _cached_archive(name, data_home, download_if_missing, timeout):
    """Path of ``<name>.zip`` in the cache, downloaded when missing and allowed."""
    folder = get_data_home(data_home) / _SUBDIR
    folder.mkdir(exist_ok=True)
    cached = folder / f"{name}.zip"
    url = UCR_UEA_URL.format(name=name)
    ways_out = (
        f"download {url} yourself and pass path= to it (or to a folder with "
        f"{name}_TRAIN.ts and {name}_TEST.ts), or put it at {cached} (the "
        "cache folder follows data_home= or the SKTSEQ_DATA environment "
        "variable)."
    )
    if cached.exists():
        return cached
    if not download_if_missing:
        raise FileNotFoundError(
            f"{cached} does not exist and download_if_missing=False; {ways_out}"
        )
    try:
        archive = fetch_file(
            url, filename=cached.name, data_home=folder, timeout=timeout
        )
    except OSError as exc:  # URLError, timeouts, refused connections
        http = exc if isinstance(exc, urllib.error.HTTPError) else exc.__cause__
        if isinstance(http, urllib.error.HTTPError):
            raise ValueError(
                f"{url} answered HTTP {http.code}: is {name!r} spelt as in the "
                "archive (case matters)?"
            ) from exc
        reason = getattr(exc, "reason", exc)
        raise ConnectionError(
            f"Could not download the UCR/UEA data set {name!r} from {url} "
            f"({reason}). Offline? Then {ways_out}"
        ) from exc
    if not zipfile.is_zipfile(archive):
        archive.unlink()  # so that the next call downloads again
        raise ValueError(
            f"{url} did not return a zip archive (it was deleted again): is "
            f"{name!r} a data set of the archive, spelt as there (case matters)?"
        )
    return archive


def _read_member(path, filename):
    """Bytes of ``filename`` inside the zip or folder ``path``, and its label."""
    if path.is_dir():
        found = sorted(path.rglob(filename))
        if len(found) != 1:
            raise ValueError(
                f"{path} should hold exactly one {filename} (in any sub-folder), "
                f"found {len(found) or 'none'}."
            )
        return found[0].read_bytes(), str(found[0])
    if not zipfile.is_zipfile(path):
        raise ValueError(
            f"{path} is neither a zip archive nor a folder; pass the data set's "
            f".zip or a folder holding {filename}."
        )
    with zipfile.ZipFile(path) as archive:
        # macOS-made archives add __MACOSX/._name entries next to the data.
        members = [
            m
            for m in archive.namelist()
            if Path(m).name.lower() == filename.lower()
            and not m.startswith("__MACOSX/")
        ]
        if len(members) != 1:
            shown = [Path(m).name for m in archive.namelist()][:8]
            raise ValueError(
                f"{path} should hold exactly one {filename}, found "
                f"{len(members) or 'none'} (it holds {shown}"
                f"{', ...' if len(archive.namelist()) > 8 else ''})."
            )
        return archive.read(members[0]), f"{path}:{members[0]}"
