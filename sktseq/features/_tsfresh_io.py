"""tsfresh's input frames and the extraction call, for TsfreshFeatures.

tsfresh is imported inside the functions only (~5 s to import).
"""

import numpy as np
import pandas as pd

from .._validation import check_sequences
from ..parallel import _tsfresh_distributor
from ._tsfresh_settings import _check_one_step, _tsfresh_n_jobs


def wide_frame(windows, kinds):
    """tsfresh's wide format of ``windows`` (n, seq_len, n_kinds).

    One row per time step, an ``id`` column (the window) and one column per
    kind.  The only copy of the data: float64 (tsfresh's calculators are not
    meant for float32) and C order, so the reshape is free.
    """
    n, seq_len, n_kinds = windows.shape
    values = np.ascontiguousarray(windows, dtype=np.float64)
    frame = pd.DataFrame(values.reshape(n * seq_len, n_kinds), copy=False)
    frame.columns = kinds
    frame.insert(0, "id", np.repeat(np.arange(n), seq_len))
    return frame


def tsfresh_input(estimator, X, *, reset, fc):
    """tsfresh input for ``X``: (frame, column arguments, kinds or None).

    Windows or sequences become :func:`wide_frame` with kinds ``x0, x1, ...``;
    with ``estimator.column_id`` set, ``X`` is checked as tsfresh's own
    DataFrame and passed on.  Sets or checks ``n_features_in_`` (and
    ``feature_names_in_``) like sklearn's ``validate_data``.
    """
    if estimator.column_id is None:
        windows = check_sequences(
            estimator, X, reset=reset, dtype=[np.float64, np.float32]
        )
        kinds = [f"x{j}" for j in range(windows.shape[2])]
        if windows.shape[1] == 1:
            _check_one_step(kinds, *fc)
        return wide_frame(windows, kinds), {"column_id": "id"}, kinds

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


def extract(frame, columns, default_fc, kind_fc, *, n_jobs, chunksize, distributor):
    """``tsfresh.extract_features`` without imputation, progress bar or warnings.

    ``n_jobs`` follows sklearn (None: 1); ``distributor`` is a Dask scheduler
    address, a tsfresh distributor (left open) or None.
    """
    from tsfresh import extract_features

    distributor, owned = _tsfresh_distributor(distributor)
    try:
        return extract_features(
            frame,
            **columns,
            default_fc_parameters=default_fc,
            kind_to_fc_parameters=kind_fc or None,
            n_jobs=_tsfresh_n_jobs(n_jobs),
            chunksize=chunksize,
            distributor=distributor,
            disable_progressbar=True,
            show_warnings=False,
            impute_function=None,
        )
    finally:
        if owned:
            distributor.close()  # tsfresh closes it too; closing twice is fine
