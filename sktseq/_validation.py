"""Input validation shared by every estimator that consumes sequences.

One helper for the whole library, so every estimator accepts and refuses the
same inputs with the same messages: windows ``(n, L, F)``,
univariate sequences ``(n, L)`` and integer token ids ``(n, L)`` all pass
through :func:`check_sequences`.

``n_features_in_`` follows scikit-learn's meaning for 2-D input (the number of
columns) and means *features per time step* for 3-D windows, as it does for
collections of sequences of different lengths (:mod:`sktseq._ragged`, which
estimators route ragged input to); likewise
``feature_names_in_`` holds a DataFrame's column names, or the feature names
that :class:`~sktseq.windows.WindowArray` windows carry.  The number of
dimensions seen at ``fit`` is remembered, so a model fitted on windows never
re-reads a 2-D table as univariate sequences: transformers refuse it, and
predictors (``table_rows=True``) read its rows as windows of one time step.

That last reading is what an estimator with ``n_features_in_ = F`` owes the
scikit-learn ecosystem: tools probe a fitted estimator with a 2-D row of
``n_features_in_`` values.  MAPIE's prefit check does exactly this to the last
step of a ``Pipeline`` (``pipe[-1].predict(np.zeros((1, pipe[-1].n_features_in_)))``),
bypassing the ``WindowTransformer`` before it; a refusal there made MAPIE
reject every fitted sktseq forecasting pipeline.

Two inputs are almost always mistakes and get a message that says what to do
instead: 1-D ``X`` (one series, not sequences) and, at ``fit``, a DataFrame
whose named columns are variables of a time-ordered table rather than time
steps (a forgotten :class:`~sktseq.WindowTransformer`).
"""

import warnings

import numpy as np
from sklearn.utils import check_array
from sklearn.utils.validation import validate_data

from .windows._window_array import window_feature_names

__all__ = ["check_sequences", "is_token_ids"]


def is_token_ids(X):
    """Return True when ``X`` holds integers (token ids): arrays and DataFrames.

    Examples
    --------
    >>> import numpy as np
    >>> is_token_ids(np.array([[3, 0]])), is_token_ids(np.array([[3.0, 0.0]]))
    (True, False)
    """
    dtypes = getattr(X, "dtypes", None)  # DataFrame: every column must be int
    if dtypes is not None and not hasattr(X, "dtype"):
        from pandas.api.types import is_integer_dtype  # pandas is loaded already

        return len(dtypes) > 0 and all(is_integer_dtype(d) for d in dtypes)
    dtype = getattr(X, "dtype", None)
    return dtype is not None and np.issubdtype(dtype, np.integer)


def check_sequences(
    estimator,
    X,
    *,
    reset,
    allow_ids=False,
    ensure_all_finite=True,
    dtype=np.float32,
    min_steps=1,
    table_rows=False,
):
    """Validate sequence input and record or check its shape on ``estimator``.

    Parameters
    ----------
    estimator : estimator instance
        Receives ``n_features_in_`` (and ``feature_names_in_`` for DataFrames)
        when ``reset=True``; is checked against them otherwise.
    X : array-like of shape (n_samples, seq_len, n_features) or (n_samples, seq_len)
        Windows, univariate sequences, or (with ``allow_ids``) integer token ids.
    reset : bool
        True in ``fit``, False in ``predict``/``transform``.
    allow_ids : bool, default=False
        Accept integer 2-D input as token ids (returned as int64, not cast).
    ensure_all_finite : bool, default=True
        Reject NaN and infinity.
    dtype : numpy dtype, default=np.float32
        dtype of the returned float array.  Views are kept when ``X`` already
        has this dtype (no copy of window views).
    min_steps : int, default=1
        Smallest accepted sequence length.
    table_rows : bool, default=False
        At ``predict`` (``reset=False``) on an estimator fitted on windows,
        read a 2-D float ``X`` of shape ``(n_samples, n_features)`` as rows
        of a time-ordered table: ``n_samples`` windows of one step, each
        without history.  False refuses 2-D input there.

    Returns
    -------
    X : ndarray
        ``(n_samples, seq_len, n_features)`` of ``dtype``, or ``(n_samples,
        seq_len)`` int64 token ids.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.base import BaseEstimator
    >>> est = BaseEstimator()
    >>> check_sequences(est, np.zeros((4, 5, 3)), reset=True).shape
    (4, 5, 3)
    >>> est.n_features_in_
    3
    """
    if not hasattr(X, "ndim"):  # lists and other array-likes
        X = np.asarray(X)
    ndim = X.ndim
    if ndim < 2:
        _raise_not_sequences(estimator, X)
    names = window_feature_names(X)
    if (
        table_rows
        and not reset
        and ndim == 2
        and getattr(estimator, "_sequence_ndim", 2) == 3
        and not is_token_ids(X)
    ):
        X, names = _table_rows_as_windows(estimator, X)
        ndim = 3
    if reset and ndim == 2 and not (allow_ids and is_token_ids(X)):
        _warn_if_table(estimator, X)
    if not reset:
        fitted_ndim = getattr(estimator, "_sequence_ndim", ndim)
        if fitted_ndim != ndim:
            raise ValueError(
                f"X has {ndim} dimensions, but {type(estimator).__name__} was "
                f"fitted on {fitted_ndim}-D input.{_WAY_OUT.get(fitted_ndim, '')}"
            )
    if ndim == 3:
        X = check_array(
            X,
            allow_nd=True,
            dtype=dtype,
            ensure_all_finite=ensure_all_finite,
            input_name="X",
            estimator=estimator,
        )
        n_features = X.shape[2]
    else:
        keep_ids = allow_ids and is_token_ids(X)
        # validate_data gives 1-D/sparse/feature-name errors in sklearn's words.
        X = validate_data(
            estimator,
            X,
            reset=reset,
            dtype=np.int64 if keep_ids else dtype,
            ensure_all_finite=ensure_all_finite,
        )
        n_features = X.shape[1]

    if reset:
        estimator.n_features_in_ = n_features
        estimator._sequence_ndim = ndim
        if ndim == 3 and names is not None:
            estimator.feature_names_in_ = names
        elif ndim == 3 and hasattr(estimator, "feature_names_in_"):
            del estimator.feature_names_in_
    elif ndim == 3:
        _check_window_features(estimator, n_features, names)
    if X.shape[1] < min_steps:
        raise ValueError(
            f"X has sequences of length {X.shape[1]}, but "
            f"{type(estimator).__name__} needs at least {min_steps} time steps."
        )
    if ndim == 2 and not (allow_ids and is_token_ids(X)):
        X = X[:, :, None]  # univariate sequences: one feature per step (a view)
    return X


# What to pass instead when predict's input has other dimensions than fit's.
_WAY_OUT = {
    3: (
        " A 2-D array is not read as sequences by a model fitted on windows or "
        "a collection (its rows could be a table's time steps): for univariate "
        "sequences pass X[:, :, None] or a list of 1-D arrays."
    ),
    2: " Pass (n_samples, seq_len) input as in fit (X[:, :, 0] for one feature).",
}


def _table_rows_as_windows(estimator, X):
    """2-D ``(n, F)`` table rows as ``(n, 1, F)`` one-step windows, with names.

    A DataFrame with named columns at ``predict`` is nearly always the raw
    table of a forgotten WindowTransformer: its rows are read right (time
    steps, variables in columns) but without their history, so say so.
    """
    columns = getattr(X, "columns", None)
    names = None
    if columns is not None and all(isinstance(c, str) for c in columns):
        names = np.asarray(columns, dtype=object)
        if list(columns) != [f"x{i}" for i in range(len(columns))]:
            name = type(estimator).__name__
            warnings.warn(
                f"X is a 2-D DataFrame; {name} was fitted on windows, so it "
                "reads each row as a window of one time step, without its "
                "history. If X is a time-ordered table, window it as in fit "
                f"(the same WindowTransformer) or predict with the pipeline.",
                UserWarning,
                stacklevel=4,
            )
    X = np.asarray(X)
    if X.shape[1] != estimator.n_features_in_:
        raise ValueError(
            f"X is 2-D with {X.shape[1]} columns; {type(estimator).__name__} "
            "was fitted on windows and reads 2-D input as table rows (windows "
            f"of one step), which needs {estimator.n_features_in_} columns. "
            "Pass windows of shape (n_samples, seq_len, "
            f"{estimator.n_features_in_}), e.g. from WindowTransformer"
            + (
                ", or for univariate sequences X[:, :, None] or a list of 1-D arrays."
                if estimator.n_features_in_ == 1
                else "."
            )
        )
    return X[:, None, :], names


def _check_window_features(estimator, n_features, names):
    """Windows at predict/transform: as many features, and the same names."""
    name = type(estimator).__name__
    if n_features != estimator.n_features_in_:
        raise ValueError(
            f"X has {n_features} features per time step, but {name} is "
            f"expecting {estimator.n_features_in_} features as input."
        )
    fitted = getattr(estimator, "feature_names_in_", None)
    # Windows without names (a slice, a plain array) are taken as they come.
    if names is not None and fitted is not None and list(names) != list(fitted):
        raise ValueError(
            f"X's windows have the features {list(names)}, but {name} was "
            f"fitted on windows of {list(fitted)}: give the columns in the "
            "same order as in fit."
        )


def _raise_not_sequences(estimator, X):
    """1-D (or 0-D) X: say how to make sequences of it, not sklearn's reshape.

    sklearn's advice ``reshape(-1, 1)`` would make n sequences of one step.
    """
    raise ValueError(
        f"{type(estimator).__name__} expects sequences: windows of shape "
        "(n_samples, seq_len, n_features) or univariate sequences of shape "
        f"(n_samples, seq_len), but X has shape {np.shape(X)}. Reshape your "
        "data: for one sequence use X[None, :] (X.reshape(1, -1)); for a "
        "time-ordered series (one value per time step) use "
        "WindowTransformer(seq_len=...).fit_transform(X.reshape(-1, 1)), "
        "one window per step."
    )


def _warn_if_table(estimator, X):
    """Warn when a 2-D DataFrame's named columns look like a table's variables.

    Sequence estimators read 2-D input as univariate sequences, the columns
    being time steps.  A DataFrame with named columns is nearly always a
    time-ordered table (rows = time steps, columns = variables) that missed
    its WindowTransformer, and reading it as sequences silently gives wrong
    answers (a persistence forecast of the last column).  Only a warning:
    a frame whose rows really are sequences is legitimate.  Columns named
    ``x0, x1, ...`` are what a scikit-learn step under pandas output makes of
    a plain array, so they are not a sign of a table.
    """
    columns = getattr(X, "columns", None)
    if columns is None or not all(isinstance(c, str) for c in columns):
        return
    if list(columns) == [f"x{i}" for i in range(len(columns))]:
        return
    name = type(estimator).__name__
    shown = ", ".join(repr(c) for c in list(columns)[:3])
    more = ", ..." if len(columns) > 3 else ""
    warnings.warn(
        f"X is a DataFrame with named columns ({shown}{more}), so {name} reads "
        f"each of its {len(X)} rows as one univariate sequence of "
        f"{len(columns)} time steps, one per column. If the rows are time "
        f"steps and the columns variables, put WindowTransformer(seq_len=...) "
        f"before {name}, e.g. make_pipeline(WindowTransformer(seq_len=24), "
        f"{name}(...)). If each row really is a sequence, pass X.to_numpy() to "
        "silence this warning.",
        UserWarning,
        stacklevel=3,
    )
