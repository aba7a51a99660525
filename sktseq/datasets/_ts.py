"""Reader for the ``.ts`` format of the UCR/UEA archives (also sktime's, aeon's).

A ``.ts`` file is a block of ``#`` comments, a header of ``@<key> <value>``
lines ending with ``@data``, then one case per line: the dimensions separated
by ``:``, the values of a dimension by ``,``, and (when the header says so) the
label after the last ``:``; ``?`` marks a missing value.  Header keys are
case-insensitive (the archives write ``@problemName`` and ``@problemname``,
``@dimension`` and ``@dimensions``).
"""

from pathlib import Path

import numpy as np

__all__ = ["load_ts"]

_BOOLEAN_KEYS = ("timestamps", "missing", "univariate", "equallength", "targetlabel")
# header key -> name in the parsed header ("@dimension" is the older spelling)
_INT_KEYS = {
    "dimension": "dimensions",
    "dimensions": "dimensions",
    "serieslength": "serieslength",
}


def load_ts(path):
    """Read a ``.ts`` file (UCR/UEA archive format) into ``(X, y)``.

    The header (``@problemName``, ``@timeStamps``, ``@missing``,
    ``@univariate``, ``@dimensions``, ``@equalLength``, ``@seriesLength``,
    ``@classLabel true <labels>`` or ``@targetLabel true``, then ``@data``)
    is checked against every case: the number of dimensions, the series
    length when ``@equalLength true``, the labels when ``@classLabel``
    lists them; a key the header leaves out is not checked (the first case
    sets the number of dimensions).  Header keys are case-insensitive;
    unknown keys are ignored.
    Comment lines (``#``; in the header also ARFF's ``%``) and blank lines
    are skipped.

    Parameters
    ----------
    path : str or path-like
        The ``.ts`` file (UTF-8, a byte-order mark is allowed).

    Returns
    -------
    X : ndarray of shape (n_cases, series_length, n_dimensions) or list
        float64.  When all cases have the same length, one 3-D array
        ``(n, L, F)``, univariate files included (``F = 1``; ``X[..., 0]``
        gives the 2-D ``(n, L)`` table that e.g. a
        :class:`~sklearn.neighbors.KNeighborsClassifier` takes).  Otherwise a
        list of ``(L_i, F)`` arrays, one per case, always 2-D.  Both are what
        sktseq's sequence estimators and :class:`~sktseq.TsfreshFeatures`
        accept.  Missing values (``?``, also ``NaN``) are NaN.
    y : ndarray of shape (n_cases,) or None
        The labels as strings (``@classLabel true``) or the targets as
        float64 (``@targetLabel true``); None when the file has neither.

    Raises
    ------
    ValueError
        Naming the file and line: a header value that is not ``true``/
        ``false`` or an integer, no ``@data`` line, ``@timeStamps true``
        (timestamped values are not supported), a case with the wrong number
        of dimensions, dimensions of different lengths within a case, an
        empty dimension, a value that is not a number, a missing label, a
        label not listed in ``@classLabel``, a target that is not a number, or
        a length other than ``@seriesLength``.

    See Also
    --------
    fetch_ucr_uea : Download a UCR/UEA data set by name and read its splits.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "Toy_TRAIN.ts"
    >>> _ = path.write_text(
    ...     "# two cases of two dimensions, lengths 3 and 2\\n"
    ...     "@problemName Toy\\n@univariate false\\n@dimensions 2\\n"
    ...     "@equalLength false\\n@classLabel true up down\\n@data\\n"
    ...     "1,2,3:4,5,6:up\\n"
    ...     "3,?:2,1:down\\n")
    >>> X, y = load_ts(path)
    >>> [x.shape for x in X], y.tolist()
    ([(3, 2), (2, 2)], ['up', 'down'])
    >>> X[1]
    array([[ 3.,  2.],
           [nan,  1.]])
    """
    path = Path(path)
    X, y, _ = read_ts(path.read_bytes(), name=str(path))
    return X, y


def read_ts(data, *, name):
    """Parse the bytes of a ``.ts`` file: ``(X, y, header)``.

    ``header`` holds the lower-case header keys (``problemname``,
    ``classlabel``, ``class_values``, ...) and ``description``, the comment
    lines before the header.  ``name`` (a path, or ``archive.zip:member``)
    prefixes every error message.
    """
    lines = data.decode("utf-8-sig").splitlines()
    header, start = _read_header(lines, name)
    labelled = header["classlabel"] or header["targetlabel"]
    n_dims = header.get("dimensions")
    if header["univariate"]:
        n_dims = 1
    length = header.get("serieslength") if header["equallength"] else None
    allowed = set(header["class_values"]) if header["class_values"] else None

    cases, labels = [], []
    first_line = None  # where the number of dimensions (and length) was learned
    for lineno in range(start, len(lines)):
        line = lines[lineno].strip()
        if not line or line.startswith("#"):
            continue
        where = f"{name}, line {lineno + 1}"
        if line.startswith("@"):
            raise ValueError(f"{where}: header line {line.split()[0]!r} after @data.")
        if "(" in line:
            raise ValueError(
                f"{where}: timestamped values '(time,value)' are not supported."
            )
        body = line
        if labelled:
            body, sep, label = line.rpartition(":")
            if not sep:
                raise ValueError(
                    f"{where}: no label after a ':' although the header declares "
                    f"{'@classLabel' if header['classlabel'] else '@targetLabel'}."
                )
            label = label.strip()
            if allowed is not None and label not in allowed:
                raise ValueError(
                    f"{where}: label {label!r} is not among the @classLabel values "
                    f"{sorted(allowed)}."
                )
            if header["targetlabel"]:
                try:
                    label = float(label)
                except ValueError:
                    raise ValueError(
                        f"{where}: target {label!r} is not a number "
                        "(@targetLabel true)."
                    ) from None
            labels.append(label)
        dims = body.split(":")
        if n_dims is None:
            n_dims, first_line = len(dims), lineno + 1
        if len(dims) != n_dims:
            if first_line is not None:
                declared = f"as on line {first_line}"
            elif header["univariate"]:
                declared = "@univariate true"
            else:
                declared = f"@dimensions {n_dims}"
            raise ValueError(
                f"{where}: {len(dims)} dimensions, expected {n_dims} ({declared})."
            )
        case = _parse_case(dims, where)
        if length is not None and len(case) != length:
            raise ValueError(
                f"{where}: series of length {len(case)}, but the header declares "
                f"@equalLength true with @seriesLength {length}."
            )
        cases.append(case)
    if not cases:
        raise ValueError(f"{name}: no cases after @data.")

    lengths = {len(case) for case in cases}
    if header["equallength"] and len(lengths) > 1:
        raise ValueError(
            f"{name}: @equalLength true, but the cases have "
            f"{len(lengths)} different lengths ({min(lengths)} to {max(lengths)})."
        )
    X = np.stack(cases) if len(lengths) == 1 else cases
    y = None
    if header["classlabel"]:
        y = np.asarray(labels, dtype=str)
    elif header["targetlabel"]:
        y = np.asarray(labels, dtype=np.float64)
    return X, y, header


def _parse_case(dims, where):
    """One case's dimensions (strings of comma-separated values) as (L, F)."""
    columns = []
    for j, text in enumerate(dims):
        if not text.strip():
            raise ValueError(f"{where}: dimension {j + 1} is an empty series.")
        if "?" in text:
            text = text.replace("?", "nan")
        try:
            # numpy converts the list of strings in C: ~10x a Python float loop
            columns.append(np.array(text.split(","), dtype=np.float64))
        except ValueError as exc:
            raise ValueError(f"{where}, dimension {j + 1}: {exc}.") from None
    if len({len(c) for c in columns}) > 1:
        raise ValueError(
            f"{where}: the dimensions have different lengths "
            f"{[len(c) for c in columns]}; within a case they must be equal."
        )
    if len(columns) == 1:
        return columns[0][:, None]
    return np.stack(columns, axis=1)


def _read_header(lines, name):
    """The header as a dict and the index of the first line after ``@data``."""
    header = {
        "problemname": None,
        "timestamps": False,
        "missing": False,
        "univariate": None,  # None: not in the header, the data decides
        "equallength": None,
        "classlabel": False,
        "targetlabel": False,
        "class_values": [],
        "description": "",
    }
    has_keys = False
    comments = []  # the description: the comment lines before the first key
    for lineno, raw in enumerate(lines):
        line = raw.strip()
        if line.startswith(("#", "%")):  # "%": ARFF-style comments occur too
            if not has_keys:
                comments.append(line.lstrip("#%\ufeff").strip())
            continue
        if not line:
            continue
        where = f"{name}, line {lineno + 1}"
        if not line.startswith("@"):
            raise ValueError(
                f"{where}: data before the @data line (is this a .ts file?)."
            )
        has_keys = True
        written, *values = line.split()
        key = written[1:].lower()
        if key == "data":
            header["description"] = "\n".join(comments).strip()
            _check_header(header, name)
            return header, lineno + 1
        if key in _BOOLEAN_KEYS or key == "classlabel":
            if not values or values[0].lower() not in ("true", "false"):
                raise ValueError(
                    f"{where}: {written} needs the value true or false, got "
                    f"{' '.join(values)!r}."
                )
            header[key] = values[0].lower() == "true"
            if key == "classlabel":
                header["class_values"] = values[1:] if header[key] else []
        elif key in _INT_KEYS:
            if len(values) != 1 or not values[0].isdigit() or int(values[0]) < 1:
                raise ValueError(
                    f"{where}: {written} needs a positive integer, got "
                    f"{' '.join(values)!r}."
                )
            header[_INT_KEYS[key]] = int(values[0])
        elif key == "problemname":
            header[key] = " ".join(values)
    raise ValueError(f"{name}: no @data line; is this a .ts file?")


def _check_header(header, name):
    if header["timestamps"]:
        raise ValueError(
            f"{name}: @timeStamps true is not supported (timestamped values); "
            "only files of plain comma-separated values can be read."
        )
    if header["classlabel"] and header["targetlabel"]:
        raise ValueError(
            f"{name}: the header declares both @classLabel true and "
            "@targetLabel true; a file has class labels or targets, not both."
        )
    dims = header.get("dimensions")
    if header["univariate"] and dims not in (None, 1):
        raise ValueError(
            f"{name}: the header declares @univariate true and @dimensions {dims}."
        )
