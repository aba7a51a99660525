"""The Large Movie Review Dataset (IMDB, Maas et al., ACL 2011).

Reads the official ``aclImdb_v1.tar.gz`` archive in one streaming pass (no
extraction to disk), or its extracted folder, from any path; downloads it once
into the data cache when no path is given.
"""

import bz2
import gzip
import lzma
import random
import re
import tarfile
import zlib
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

from ._base import fetch_file, get_data_home

__all__ = ["load_imdb"]

IMDB_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"
# SHA-256 of the official archive (84,125,825 bytes), as published by several
# independent loaders that verify it on download (Julia DataDeps
# registrations, Go and Rust dataset loaders among them).
IMDB_SHA256 = "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe"
IMDB_FILENAME = "aclImdb_v1.tar.gz"

# <anything>/{train,test}/{pos,neg}/<id>_<rating>.txt; train/unsup is skipped.
_LAYOUT = "aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt"
_MEMBER = re.compile(r"(?:^|/)(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$")
_LABELS = {"neg": 0, "pos": 1}

_DESCR = """\
Large Movie Review Dataset v1.0 (Maas et al., ACL 2011): 25,000 training and
25,000 test movie reviews from IMDB, balanced, labelled 1 (positive, rating >= 7)
or 0 (negative, rating <= 4). Each split is shuffled (seeded) unless
shuffle=False, which keeps them sorted by (label, review id), negatives first.
"""


# Magic bytes of the compressions tar archives come in.  Their own readers
# raise EOFError on a stream cut short, where tarfile's "r|*" stops quietly
# and would return the reviews read so far.
_DECOMPRESSORS = {b"\x1f\x8b": gzip.open, b"BZh": bz2.open, b"\xfd7zXZ\x00": lzma.open}


def _open_stream(path):
    with open(path, "rb") as f:
        head = f.read(6)
    for magic, opener in _DECOMPRESSORS.items():
        if head.startswith(magic):
            return opener(path, "rb")
    return open(path, "rb")


def _read_archive(path):
    """Yield (split, label, review_id, rating, text) from a tar archive, streaming."""
    try:
        # "r|" reads the stream once, in order, without seeking.
        with (
            _open_stream(path) as stream,
            tarfile.open(fileobj=stream, mode="r|") as archive,
        ):
            for member in archive:
                match = _MEMBER.search(member.name) if member.isfile() else None
                if match is None:
                    continue
                text = archive.extractfile(member).read().decode("utf-8")
                split, label, review_id, rating = match.groups()
                yield split, _LABELS[label], int(review_id), int(rating), text
            while stream.read(1 << 20):  # to the end: checks the gzip CRC too
                pass
    except (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, OSError) as exc:
        raise ValueError(
            f"{path} is not a readable tar archive ({exc}). load_imdb reads "
            f"the official {IMDB_FILENAME}, or any tar archive or folder laid "
            f"out like it: {_LAYOUT}."
        ) from exc


def _read_folder(path):
    """Yield the same records from an extracted ``aclImdb`` folder."""
    for file in path.glob("**/*_*.txt"):
        match = _MEMBER.search(file.relative_to(path).as_posix())
        if match is not None:
            split, label, review_id, rating = match.groups()
            text = file.read_text(encoding="utf-8")
            yield split, _LABELS[label], int(review_id), int(rating), text


def _validation_mask(review_ids, labels, validation_split, random_state):
    """Per label: sort ids, shuffle with ``random.Random(seed)``, last fraction.

    This is the course's recipe (``random.Random(1337).shuffle(files)``, the
    last ``int(0.2 * len(files))`` files of each label move to ``val/``), made
    deterministic: the course shuffles ``os.listdir`` order, which depends on
    the file system; here the file names are sorted first.
    """
    mask = np.zeros(len(labels), dtype=bool)
    for label in (0, 1):
        where = np.flatnonzero(labels == label)
        # file names sort as strings ("10_7.txt" < "1_7.txt" is what ls gives)
        names = sorted(where, key=lambda i: f"{review_ids[i]}_")
        random.Random(random_state).shuffle(names)
        n_val = int(validation_split * len(names))
        if n_val:
            mask[names[len(names) - n_val :]] = True
    return mask


def load_imdb(
    path=None,
    *,
    validation_split=None,
    shuffle=True,
    random_state=1337,
    data_home=None,
    download_if_missing=True,
    return_X_y=False,
):
    """Load the IMDB Large Movie Review dataset (official 25k/25k split).

    Parameters
    ----------
    path : str or path-like, default=None
        The official ``aclImdb_v1.tar.gz`` (or any tar archive with its layout,
        ``aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt``), or the extracted
        ``aclImdb`` folder (or a folder containing it).  ``None`` uses the
        cached official archive in ``data_home``, downloading it (84 MB,
        SHA-256 checked) when missing.
    validation_split : float in (0, 1), default=None
        Move this fraction of each label's training reviews into a validation
        set.  ``0.2`` gives the course's 20,000 / 5,000 split ("Deep Learning
        with Python", ch. 11): per label the file names are sorted, shuffled
        with ``random.Random(random_state).shuffle`` and the last 20% (2,500
        per label) become validation, so the split is balanced and
        deterministic.  The unlabeled ``train/unsup`` reviews are never read.
    shuffle : bool, default=True
        Shuffle the reviews within each split (seeded by ``random_state``),
        as Keras' ``text_dataset_from_directory`` does.  Unshuffled splits
        are sorted by label, so a "most recent rows" validation slice (the
        neural estimators' early stopping) would hold a single class.
    random_state : int, default=1337
        Seed of the validation split and of the shuffle; 1337 is the
        course's.
    data_home : str or path-like, default=None
        Cache folder for the download, see :func:`get_data_home`.
    download_if_missing : bool, default=True
        When ``path`` is None and the archive is not cached, download it from
        the official address; otherwise raise ``FileNotFoundError``.
    return_X_y : bool, default=False
        Return ``((X_train, y_train), (X_test, y_test))`` (with
        ``(X_val, y_val)`` in the middle when ``validation_split`` is given),
        like ``keras.datasets.imdb.load_data``.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``X_train``, ``X_test`` (lists of review texts), ``y_train``, ``y_test``
        (int64 arrays, 1 = positive), ``rating_train``, ``rating_test`` (the
        1-10 star rating from the file name), ``id_train``, ``id_test`` (review
        ids), and ``X_val``, ``y_val``, ``rating_val``, ``id_val`` when
        ``validation_split`` is given; ``target_names`` and ``DESCR``.
        Within each split the reviews are shuffled, or sorted by (label, id)
        with ``shuffle=False``.

    Raises
    ------
    ValueError
        When ``path`` is not a tar archive, or holds no reviews in the
        ``aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt`` layout.
    ConnectionError
        When the download fails (e.g. offline); the message names the address
        and the ways out (``path=``, ``SKTSEQ_DATA``).
    OSError
        When the downloaded or cached archive does not have the official
        SHA-256.

    Examples
    --------
    >>> import io, tarfile, tempfile, pathlib
    >>> archive = pathlib.Path(tempfile.mkdtemp()) / "aclImdb_v1.tar.gz"
    >>> with tarfile.open(archive, "w:gz") as tar:
    ...     for name, text in [("train/pos/0_9.txt", b"Great!"),
    ...                        ("train/neg/1_2.txt", b"Awful."),
    ...                        ("test/pos/2_8.txt", b"Nice.")]:
    ...         info = tarfile.TarInfo("aclImdb/" + name)
    ...         info.size = len(text)
    ...         tar.addfile(info, io.BytesIO(text))
    >>> data = load_imdb(archive)
    >>> data.X_train, data.y_train.tolist(), data.rating_train.tolist()
    (['Awful.', 'Great!'], [0, 1], [2, 9])
    """
    if validation_split is not None and not 0 < validation_split < 1:
        raise ValueError(
            f"validation_split must be a float in (0, 1) or None, got "
            f"{validation_split!r}."
        )
    if path is None:
        cached = get_data_home(data_home) / IMDB_FILENAME
        if not (cached.exists() or download_if_missing):
            raise FileNotFoundError(
                f"The IMDB archive is not in {cached.parent} and "
                "download_if_missing=False; pass path= to a copy of "
                "aclImdb_v1.tar.gz."
            )
        path = fetch_file(
            IMDB_URL,
            filename=IMDB_FILENAME,
            sha256=IMDB_SHA256,
            data_home=data_home,
            hint=(
                "Ways out: load_imdb(path=...) reads a copy of "
                f"{IMDB_FILENAME} or its extracted aclImdb folder from "
                f"anywhere; or put {IMDB_FILENAME} into {cached.parent}, the "
                "download cache (choose another with data_home= or the "
                "SKTSEQ_DATA environment variable)."
            ),
        )
    path = Path(path).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"IMDB data not found at {path}.")
    records = list(_read_folder(path) if path.is_dir() else _read_archive(path))
    if not records:
        raise ValueError(f"No reviews found in {path}: expected the layout {_LAYOUT}.")
    records.sort(key=lambda r: r[:3])  # split, label, id: independent of tar order
    splits, labels, ids, ratings, texts = zip(*records)
    splits = np.array(splits)
    labels = np.array(labels, dtype=np.int64)
    ids = np.array(ids, dtype=np.int64)
    ratings = np.array(ratings, dtype=np.int64)

    parts = {"train": splits == "train", "test": splits == "test"}
    if validation_split is not None:
        train = np.flatnonzero(parts["train"])
        val = _validation_mask(
            ids[train], labels[train], validation_split, random_state
        )
        parts["val"] = np.zeros(len(splits), dtype=bool)
        parts["val"][train[val]] = True
        parts["train"] &= ~parts["val"]

    data = Bunch(target_names=["neg", "pos"], DESCR=_DESCR)
    for name in ("train", "val", "test"):
        if name in parts:
            rows = np.flatnonzero(parts[name])
            if shuffle:
                rows = np.random.default_rng(random_state).permutation(rows)
            data[f"X_{name}"] = [texts[i] for i in rows]
            data[f"y_{name}"] = labels[rows]
            data[f"rating_{name}"] = ratings[rows]
            data[f"id_{name}"] = ids[rows]
    if return_X_y:
        names = ("train", "val", "test") if "val" in parts else ("train", "test")
        return tuple((data[f"X_{n}"], data[f"y_{n}"]) for n in names)
    return data
