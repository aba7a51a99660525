"""Windows that remember the table they came from: feature names and row index.

Windows are 3-D, so no DataFrame can hold them, yet every step after them
(:class:`~sktseq.FlattenWindows`, :class:`~sktseq.WindowSummary`, ...) makes a
table whose rows are the rows of the input table and whose columns are named
after its features.  Under ``set_output(transform="pandas")`` such a table
must sit on the input's index (a ``FeatureUnion`` joins its branches on it)
with the names ``get_feature_names_out()`` reports.  :class:`WindowArray`
carries both across the 3-D step, and :func:`frame_on_window_index` is the
one place a window consumer turns its table into that DataFrame.
"""

import numpy as np

from .._compat import _get_output_config

__all__ = ["WindowArray", "frame_on_window_index", "window_feature_names"]


def _plain(result):
    """``result`` with every WindowArray in it viewed as a plain ndarray."""
    if isinstance(result, WindowArray):
        return result.view(np.ndarray)
    if isinstance(result, tuple | list):
        return type(result)(_plain(r) for r in result)
    return result


class WindowArray(np.ndarray):
    """Windows ``(n_rows, seq_len, n_features)`` with their table's names and index.

    What :class:`~sktseq.WindowTransformer` returns: an ndarray (a zero-copy,
    read-only view, usable wherever an array is) that also knows which table
    it was made from.  ``index[i]`` labels the row whose look-back window is
    ``windows[i]``, and ``feature_names[j]`` names ``windows[:, :, j]``.  The
    steps that turn windows into a table read them, so that under
    ``set_output(transform="pandas")`` their DataFrame has the input's index
    and column names such as ``T_mean`` rather than ``x0_mean``.

    The names and index belong to this array only: anything derived from it
    (a slice, a gathered batch, arithmetic, a reshape, a copy) may hold other
    rows or features, so it is a plain ndarray or carries neither.  Pickling
    and :func:`copy.deepcopy` keep them.

    Parameters
    ----------
    windows : array-like of shape (n_rows, seq_len, n_features)
        The windows; an ndarray is viewed, not copied.
    feature_names : array-like of str, default=None
        Name of each feature (last axis), or None.
    index : pandas.Index, default=None
        Label of each row (first axis), or None.

    Attributes
    ----------
    feature_names : ndarray of str objects of shape (n_features,) or None
        Names of the features at each time step.
    index : pandas.Index or None
        Row labels of the table the windows were made from.

    See Also
    --------
    sktseq.WindowTransformer : Makes the windows of a time-ordered table.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sktseq.windows import WindowTransformer
    >>> table = pd.DataFrame({"T": [1.0, 2.0, 3.0]},
    ...                      index=pd.date_range("2016-01-01", periods=3, freq="h"))
    >>> Xt = WindowTransformer(seq_len=2).fit_transform(table)
    >>> type(Xt).__name__, Xt.feature_names.tolist(), str(Xt.index[-1])
    ('WindowArray', ['T'], '2016-01-01 02:00:00')
    >>> Xt[-1]  # a single window is a plain array
    array([[2.],
           [3.]], dtype=float32)
    """

    def __new__(cls, windows, *, feature_names=None, index=None):
        obj = np.asarray(windows).view(cls)
        if obj.ndim != 3:
            raise ValueError(f"windows must be 3-D, got shape {obj.shape}.")
        if feature_names is not None:
            feature_names = np.asarray(feature_names, dtype=object)
            if feature_names.shape != (obj.shape[2],):
                raise ValueError(
                    f"feature_names has {feature_names.size} names for "
                    f"{obj.shape[2]} features."
                )
        if index is not None and len(index) != len(obj):
            raise ValueError(f"index has {len(index)} labels for {len(obj)} rows.")
        obj.feature_names = feature_names
        obj.index = index
        return obj

    def __array_finalize__(self, obj):
        # Called for every new array of this type (views, copies, results):
        # none of them inherits the names or index, see the class docstring.
        self.feature_names = None
        self.index = None

    def __getitem__(self, key):
        return _plain(super().__getitem__(key))

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        inputs = _plain(inputs)
        if "out" in kwargs:
            kwargs["out"] = _plain(kwargs["out"])
        return getattr(ufunc, method)(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return _plain(super().__array_function__(func, types, args, kwargs))

    def __reduce__(self):
        rebuild, args, state = super().__reduce__()
        return rebuild, args, (state, self.feature_names, self.index)

    def __setstate__(self, state):
        array_state, feature_names, index = state
        super().__setstate__(array_state)
        self.flags.writeable = False  # windows are read-only, copied or not
        self.feature_names = feature_names
        self.index = index

    def __deepcopy__(self, memo):
        import copy

        out = super().__deepcopy__(memo)
        out.flags.writeable = False
        out.feature_names = copy.deepcopy(self.feature_names, memo)
        out.index = copy.deepcopy(self.index, memo)
        return out


def window_feature_names(X):
    """Feature names carried by windows ``X`` (a :class:`WindowArray`), or None."""
    return X.feature_names if isinstance(X, WindowArray) else None


def frame_on_window_index(estimator, table, X):
    """``table`` as a DataFrame on ``X``'s row index when pandas output is set.

    For transformers that turn windows into a table, one row per window:
    call it at the end of ``transform`` with the windows ``X`` as given.  When
    ``estimator`` is configured for pandas output and ``X`` is a
    :class:`WindowArray` with an index, the table becomes a DataFrame on that
    index with the columns ``estimator.get_feature_names_out()`` (the
    ``set_output`` wrapper keeps both); otherwise it is returned unchanged
    and scikit-learn's wrapper gives its usual ``RangeIndex``.

    Parameters
    ----------
    estimator : transformer
        The window consumer; its output configuration decides.
    table : ndarray of shape (n_rows, n_features_out)
        The transformed table.
    X : array-like
        The windows ``transform`` was given.

    Returns
    -------
    table : ndarray or pandas.DataFrame
    """
    index = X.index if isinstance(X, WindowArray) else None
    if index is None or _get_output_config("transform", estimator)["dense"] != (
        "pandas"
    ):
        return table
    import pandas as pd  # only reached when pandas output is asked for

    return pd.DataFrame(
        table, index=index, columns=estimator.get_feature_names_out(), copy=False
    )
