"""tsfresh's input frames and the extraction call, for TsfreshFeatures.

Windows ``(n, L, F)``, univariate sequences ``(n, L)`` and collections of
sequences of different lengths all become tsfresh's wide frame: one row per
real time step, an ``id`` column, one column per kind.  No padding, and never
a dense ``(n, max_len, F)`` copy.

tsfresh is imported inside the functions only (~5 s to import).
"""

import contextlib
import warnings

import numpy as np
import pandas as pd

from .._ragged import check_ragged, is_ragged
from .._validation import check_sequences
from ..parallel import _tsfresh_distributor
from ._tsfresh_progress import default_distributor, progress_distributor
from ._tsfresh_settings import _check_one_step, _tsfresh_n_jobs


@contextlib.contextmanager
def quiet_tsfresh():
    """Silence what tsfresh warns about its own internals while it runs.

    Its calculators' RuntimeWarnings on short or constant series, and
    pandas' ``Pandas4Warning`` about how tsfresh calls pandas 3: neither is
    something the user of TsfreshFeatures can act on.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"tsfresh(\.|$)")
        pandas4 = getattr(pd.errors, "Pandas4Warning", None)
        if pandas4 is not None:
            warnings.filterwarnings("ignore", category=pandas4)
        yield


def wide_frame(values, lengths, kinds):
    """tsfresh's wide format of the rows ``values`` (sum(lengths), n_kinds).

    ``lengths[i]`` consecutive rows are sequence ``i`` (its ``id``).
    """
    frame = pd.DataFrame(values, copy=False)
    frame.columns = kinds
    frame.insert(0, "id", np.repeat(np.arange(len(lengths)), lengths))
    return frame


def tsfresh_input(estimator, X, *, reset, fc):
    """tsfresh input for ``X``: (frame, column arguments, kinds or None).

    Windows, sequences or collections become :func:`wide_frame` with kinds
    ``x0, x1, ...``; with ``estimator.column_id`` set, ``X`` is checked as
    tsfresh's own DataFrame and passed on.  Sets or checks ``n_features_in_``
    (and ``feature_names_in_``) like sklearn's ``validate_data``.
    """
    if estimator.column_id is None:
        if is_ragged(X):
            # float64 once (tsfresh's calculators are not meant for float32).
            ragged = check_ragged(X, estimator=estimator, reset=reset, dtype=np.float64)
            values, lengths = ragged.values, ragged.lengths
        else:
            windows = check_sequences(
                estimator, X, reset=reset, dtype=[np.float64, np.float32]
            )
            n, seq_len, n_kinds = windows.shape
            # float64 (tsfresh's calculators are not meant for float32), C
            # order so that the reshape is free: the only copy of the data.
            values = np.ascontiguousarray(windows, dtype=np.float64)
            values = values.reshape(n * seq_len, n_kinds)
            lengths = np.full(n, seq_len)
        kinds = [f"x{j}" for j in range(values.shape[1])]
        if lengths.max() == 1:
            with quiet_tsfresh():
                _check_one_step(kinds, *fc)
        return wide_frame(values, lengths, kinds), {"column_id": "id"}, kinds

    columns = {
        "column_id": estimator.column_id,
        "column_sort": estimator.column_sort,
        "column_kind": estimator.column_kind,
        "column_value": estimator.column_value,
    }
    if not isinstance(X, pd.DataFrame):
        raise TypeError(
            f"column_id={estimator.column_id!r} is set, so X must be a pandas "
            f"DataFrame in tsfresh's format; got {type(X).__name__}."
        )
    absent = [c for c in columns.values() if c is not None and c not in X]
    if absent:
        raise ValueError(f"X has no column(s) {absent}; it has {list(X.columns)}.")
    if reset:
        estimator.n_features_in_ = X.shape[1]
        estimator.feature_names_in_ = np.asarray(X.columns, dtype=object)
    elif set(X.columns) != set(estimator.feature_names_in_):
        raise ValueError(
            f"X has columns {list(X.columns)}, but {type(estimator).__name__} was "
            f"fitted on {list(estimator.feature_names_in_)}."
        )
    return X, columns, None


def extract(
    frame,
    columns,
    default_fc,
    kind_fc,
    *,
    n_jobs,
    chunksize,
    distributor,
    progress=None,
):
    """``tsfresh.extract_features`` without imputation, progress bar or warnings.

    ``n_jobs`` follows sklearn (None: 1); ``distributor`` is a Dask scheduler
    address, a tsfresh distributor (left open) or None.  With a
    :class:`Progress`, the extraction reports to it as chunks come back.
    """
    from tsfresh import extract_features

    distributor, owned = _tsfresh_distributor(distributor)
    n_jobs = _tsfresh_n_jobs(n_jobs)
    made = progress is not None and distributor is None
    try:
        if progress is not None:
            inner = default_distributor(n_jobs) if made else distributor
            distributor = progress_distributor(inner, progress)
        with quiet_tsfresh():
            features = extract_features(
                frame,
                **columns,
                default_fc_parameters=default_fc,
                kind_to_fc_parameters=kind_fc or None,
                n_jobs=n_jobs,
                chunksize=chunksize,
                distributor=distributor,
                disable_progressbar=True,
                show_warnings=False,
                impute_function=None,
            )
    except BaseException:
        if made:
            inner.close()  # tsfresh closes it only when map_reduce completes
        raise
    finally:
        if owned:
            distributor.close()  # tsfresh closes it too; closing twice is fine
    if progress is not None:
        progress.message(
            f"{features.shape[1]} features of {len(features)} sequences in "
            f"{progress.elapsed():.1f} s."
        )
    return features
