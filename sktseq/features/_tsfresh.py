"""tsfresh feature extraction (and relevance selection) as a scikit-learn transformer.

tsfresh (~5 s to import) is imported inside the methods only, so that
``import sktseq.features`` stays cheap.
"""

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .._compat import (
    HasMethods,
    Interval,
    StrOptions,
    _check_feature_names_in,
    _fit_context,
    _get_output_config,
)
from ._tsfresh_io import extract, tsfresh_input
from ._tsfresh_progress import Progress
from ._tsfresh_select import check_select, learn_columns
from ._tsfresh_settings import _PRESETS, _imputed, _resolve_settings

__all__ = ["TsfreshFeatures"]


class TsfreshFeatures(TransformerMixin, BaseEstimator):
    """tsfresh features of every window, optionally only the relevant ones.

    Each window ``(seq_len, n_features)`` gives one output row: tsfresh's
    feature calculators applied to every feature ("kind") of the window.
    Kinds of array input are named ``x0, x1, ...``; output columns carry
    tsfresh's own names, e.g. ``x0__mean`` or
    ``x1__fft_coefficient__attr_"abs"__coeff_3``.

    Input is either windows ``(n, seq_len, n_features)`` (e.g. the output of
    :class:`~sktseq.WindowTransformer`, strided views included), univariate
    sequences ``(n, seq_len)``, a collection of sequences of different
    lengths (a list or 1-D object array of ``(L_i, n_features)`` arrays, or
    of 1-D arrays for univariate ones, as :func:`~sktseq.datasets.load_ts`
    returns), or tsfresh's own DataFrame formats when ``column_id`` is set
    (long: id / sort / kind / value columns; wide: id / sort plus one column
    per kind).  Every feature of a sequence is computed over its real time
    steps only: nothing is padded, and a collection is never copied into a
    dense ``(n, max_len, n_features)`` array.  In the DataFrame case the
    output has one row per id, sorted by id, and ``y`` must follow that order.

    **Features without a value are dropped** at ``fit``: an output column
    (one calculator, one set of parameters, one kind) that is NaN or
    infinite for every training sequence (on short sequences "efficient"
    gives hundreds, e.g. autocorrelations at lags beyond their length) is
    removed rather than imputed to a constant, and ``transform`` does not
    compute it (custom calculators, callables, are computed and discarded).

    With ``select=True``, ``fit`` keeps only the features that tsfresh's
    FDR-controlled tests find relevant for ``y`` (``calculate_relevance_table``;
    ``max_features`` caps how many), and ``transform`` *computes only those*
    (settings rebuilt from their names with tsfresh's ``from_columns``).

    **Imputation policy** (``impute=True``): where a kept column is NaN or
    infinite for some windows (too short, constant, ...), ``fit`` and
    ``transform`` replace -inf, +inf and NaN by the column's minimum, maximum
    and median of the finite training values (tsfresh's
    ``impute_dataframe_range`` rule).  Only these three numbers per column
    are stored, no training data.

    Parameters
    ----------
    default_fc_parameters : {"minimal", "efficient", "comprehensive"}, dict \
            or None, default="efficient"
        Feature calculators for every kind not in ``kind_to_fc_parameters``:
        a tsfresh preset (``MinimalFCParameters`` etc.; "comprehensive" adds
        the costly calculators of tsfresh's default) or a dict ``{calculator
        name: None or list of parameter dicts}``.  None computes only the
        kinds listed in ``kind_to_fc_parameters``.
    kind_to_fc_parameters : dict or None, default=None
        ``{kind: fc parameters}`` overriding the defaults per kind, passed to
        tsfresh as is (values may be preset names as above).
    select : bool, default=False
        Keep only the features relevant for ``y`` (needs a non-constant ``y``
        in ``fit``).  For 2-D ``y`` a feature is kept when it is relevant for
        at least one column.
    fdr_level : float, default=0.05
        Expected share of irrelevant features among the selected ones.
    max_features : int or None, default=None
        With ``select=True``, keep at most this many of the relevant
        features: those with the smallest p-values (over the columns of a
        2-D ``y``).  The FDR tests alone often keep hundreds of features on
        overlapping windows, and ``transform`` costs what the kept
        calculators cost: a cap bounds both.  None keeps every relevant
        feature.
    ml_task : {"auto", "classification", "regression"}, default="auto"
        Which relevance tests to use; "auto" lets tsfresh decide from ``y``.
    hypotheses_independent : bool, default=False
        Whether the features' significance tests may be assumed independent
        (Benjamini-Hochberg) or not (Benjamini-Yekutieli, the safe default).
    impute : bool, default=True
        Replace NaN and infinity as described above.  With False they are
        returned as they are (``select=True`` then fails on NaN features).
    column_id, column_sort, column_kind, column_value : str or None, default=None
        Column names of tsfresh's DataFrame format.  Setting ``column_id``
        switches the input from windows to such a DataFrame.
    n_jobs : int or None, default=None
        Processes for extraction and relevance tests (a multiprocessing pool
        made by tsfresh). None means 1 (no pool); -1 means all cores.
    chunksize : int or None, default=None
        Time series per task sent to a worker; None lets the distributor
        choose.
    distributor : str, tsfresh distributor or None, default=None
        Where extraction runs.  A string is a Dask scheduler address
        (``"tcp://host:8786"``): each extraction connects a tsfresh
        ``ClusterDaskDistributor`` to it within Dask's
        ``distributed.comm.timeouts.connect`` and fails with a
        ``ConnectionError`` naming the address otherwise.  An instance of a
        tsfresh distributor (e.g. ``LocalDaskDistributor``) is used as is and
        left open (tsfresh would close it after one extraction); the caller
        closes it.  None uses ``n_jobs``.  Prefer the address in grid
        searches: strings clone and pickle, clients do not.
    verbose : int, default=0
        With 1 or more, print the extraction's progress to stdout (a line
        per tenth of the series, or one line redrawn in place on a terminal;
        a single line at the end with a Dask distributor), what ``fit``
        dropped and what ``select`` kept.

    Attributes
    ----------
    n_features_in_ : int
        Features per time step (3-D input), ``seq_len`` (2-D input), or number
        of columns (DataFrame input).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names of a DataFrame ``X``, when it had string column names.
    kinds_ : ndarray of str
        Names of the time series kinds seen in ``fit``.
    dropped_features_ : ndarray of str
        The output columns dropped at ``fit`` for having no finite value on
        the training data (empty when none was).
    default_fc_parameters_ : dict
        Calculators ``transform`` computes for kinds not in
        ``kind_to_fc_parameters_`` (empty after ``select=True`` or when
        features were dropped).
    kind_to_fc_parameters_ : dict
        Per-kind calculators ``transform`` computes (after ``select=True``
        or dropping: exactly the kept features).
    relevance_table_ : pandas.DataFrame
        tsfresh's relevance table (p-values, one row per extracted feature);
        only with ``select=True``.
    impute_min_, impute_max_, impute_median_ : ndarray of shape (n_features_out,)
        Values imputed for -inf, +inf and NaN (only with ``impute=True``).

    See Also
    --------
    sktseq.WindowSummary : A few fast statistics per window.
    sktseq.WindowTransformer : Makes the windows from a time-ordered table.

    Examples
    --------
    >>> import numpy as np
    >>> from sktseq.features import TsfreshFeatures
    >>> windows = np.arange(24.0).reshape(4, 3, 2)  # 4 windows, 3 steps, 2 features
    >>> tf = TsfreshFeatures(default_fc_parameters={"mean": None, "maximum": None})
    >>> tf.fit_transform(windows)
    array([[ 4.,  2.,  5.,  3.],
           [10.,  8., 11.,  9.],
           [16., 14., 17., 15.],
           [22., 20., 23., 21.]])
    >>> tf.get_feature_names_out()
    array(['x0__maximum', 'x0__mean', 'x1__maximum', 'x1__mean'], dtype=object)
    >>> sequences = [np.arange(3.0), np.arange(5.0)]  # lengths 3 and 5
    >>> TsfreshFeatures(default_fc_parameters={"mean": None}).fit_transform(sequences)
    array([[1.],
           [2.]])
    """

    _parameter_constraints = {
        "default_fc_parameters": [StrOptions(set(_PRESETS)), dict, None],
        "kind_to_fc_parameters": [dict, None],
        "select": ["boolean"],
        "fdr_level": [Interval(Real, 0, 1, closed="neither")],
        "max_features": [Interval(Integral, 1, None, closed="left"), None],
        "ml_task": [StrOptions({"auto", "classification", "regression"})],
        "hypotheses_independent": ["boolean"],
        "impute": ["boolean"],
        "column_id": [str, None],
        "column_sort": [str, None],
        "column_kind": [str, None],
        "column_value": [str, None],
        "n_jobs": [Integral, None],
        "chunksize": [Interval(Integral, 1, None, closed="left"), None],
        "distributor": [str, HasMethods(["map_reduce"]), None],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        default_fc_parameters="efficient",
        kind_to_fc_parameters=None,
        select=False,
        fdr_level=0.05,
        max_features=None,
        ml_task="auto",
        hypotheses_independent=False,
        impute=True,
        column_id=None,
        column_sort=None,
        column_kind=None,
        column_value=None,
        n_jobs=None,
        chunksize=None,
        distributor=None,
        verbose=0,
    ):
        self.default_fc_parameters = default_fc_parameters
        self.kind_to_fc_parameters = kind_to_fc_parameters
        self.select = select
        self.fdr_level = fdr_level
        self.max_features = max_features
        self.ml_task = ml_task
        self.hypotheses_independent = hypotheses_independent
        self.impute = impute
        self.column_id = column_id
        self.column_sort = column_sort
        self.column_kind = column_kind
        self.column_value = column_value
        self.n_jobs = n_jobs
        self.chunksize = chunksize
        self.distributor = distributor
        self.verbose = verbose

    def fit(self, X, y=None):
        """Learn the features' names, imputation values and (``select``) relevance.

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len[, n_features]), list or DataFrame
            Windows, univariate sequences, a list of ``(L_i, n_features)``
            sequences, or (``column_id`` set) tsfresh's DataFrame format.
        y : array-like of shape (n_samples,) or (n_samples, n_targets), default=None
            Targets; required when ``select=True``, ignored otherwise.

        Returns
        -------
        self : TsfreshFeatures
            The fitted transformer.
        """
        self.fit_transform(X, y)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Fit, and return the features of ``X`` (extracted once, not twice).

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len[, n_features]) or DataFrame
            As in :meth:`fit`.
        y : array-like of shape (n_samples,) or (n_samples, n_targets), default=None
            As in :meth:`fit`.

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_features_out)
            The (imputed, selected) features.
        """
        check_select(self.select, self.max_features, y)
        default_fc, kind_fc = _resolve_settings(
            self.default_fc_parameters, self.kind_to_fc_parameters
        )
        frame, columns, kinds = tsfresh_input(
            self, X, reset=True, fc=(default_fc, kind_fc)
        )
        features = self._extract(frame, columns, default_fc, kind_fc, "fit")
        features, fitted = learn_columns(self, features, kinds, y, default_fc, kind_fc)
        for name, value in fitted.items():
            setattr(self, name, value)
        return self._output(features)

    def transform(self, X):
        """Compute the fitted features of ``X`` (only the selected ones).

        Parameters
        ----------
        X : array-like of shape (n_samples, seq_len[, n_features]), list or DataFrame
            Windows, sequences or a collection with the features per time
            step seen in ``fit`` (any lengths), or tsfresh's DataFrame format.

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_features_out)
            One row per window (per id, sorted, for DataFrame input); a
            DataFrame indexed by id with ``set_output(transform="pandas")``.
        """
        check_is_fitted(self)
        fc = (self.default_fc_parameters_, self.kind_to_fc_parameters_)
        frame, columns, _ = tsfresh_input(self, X, reset=False, fc=fc)
        features = self._extract(frame, columns, *fc, "transform")
        missing = set(self.feature_names_out_).difference(features.columns)
        if missing:
            kinds = sorted({name.split("__", 1)[0] for name in missing})
            raise ValueError(
                f"X lacks the time series kinds {kinds} seen in fit "
                f"({len(missing)} fitted features could not be computed)."
            )
        features = features[self.feature_names_out_]
        if self.impute:
            features = _imputed(
                features, self.impute_max_, self.impute_min_, self.impute_median_
            )
        return self._output(features)

    def get_feature_names_out(self, input_features=None):
        """tsfresh's names of the output features, ``<kind>__<calculator>[__<params>]``.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Checked against the input seen in ``fit``.  For 3-D windows, the
            names of the ``n_features_in_`` features per time step: they
            replace the kinds ``x0, x1, ...`` in the output names (as in
            :class:`~sktseq.FlattenWindows`).

        Returns
        -------
        feature_names_out : ndarray of str objects
            The output column names.
        """
        check_is_fitted(self)
        names = self.feature_names_out_.copy()
        if input_features is None:
            return names
        input_features = _check_feature_names_in(self, input_features)
        if getattr(self, "_sequence_ndim", None) == 3:
            rename = dict(zip(self.kinds_, input_features))
            for i, name in enumerate(names):
                kind, rest = name.split("__", 1)
                names[i] = f"{rename[kind]}__{rest}"
        return names

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        return tags

    # -- helpers ----------------------------------------------------------------

    def _extract(self, frame, columns, default_fc, kind_fc, stage):
        return extract(
            frame,
            columns,
            default_fc,
            kind_fc,
            n_jobs=self.n_jobs,
            chunksize=self.chunksize,
            distributor=self.distributor,
            progress=Progress(stage) if self.verbose else None,
        )

    def _output(self, features):
        values = features.to_numpy(dtype=np.float64)
        if (
            self.column_id is not None
            and _get_output_config("transform", self)["dense"] == "pandas"
        ):
            # One row per id: sklearn would reuse X's (longer) row index.
            return pd.DataFrame(values, index=features.index, copy=False)
        return values
