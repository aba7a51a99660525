"""Which features TsfreshFeatures keeps: those with values, the relevant ones.

:func:`learn_columns` is what ``fit`` learns from the extracted table: the
columns kept, their imputation values and the settings ``transform`` computes.

tsfresh is imported inside the function only (~5 s to import).
"""

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_array

from ._tsfresh_io import quiet_tsfresh
from ._tsfresh_progress import Progress
from ._tsfresh_settings import (
    _imputed,
    _range_stats,
    _tsfresh_n_jobs,
    settings_for_columns,
)


def relevant_features(
    features,
    y,
    *,
    fdr_level,
    ml_task,
    hypotheses_independent,
    max_features,
    n_jobs,
    chunksize,
):
    """tsfresh's relevance table(s) for ``y`` and the names of the kept features.

    A feature is relevant when tsfresh's FDR-controlled tests find it relevant
    for at least one column of ``y``.  With ``max_features`` only that many
    relevant features are kept, those with the smallest p-value (over the
    columns of ``y``); ties keep the earlier column.  The names come back in
    the order of ``features.columns``.  ``n_jobs`` follows sklearn (None: 1).

    Returns
    -------
    table : pandas.DataFrame
        tsfresh's relevance table; for 2-D ``y`` the tables of every column,
        indexed by (target, feature).
    names : list of str
        The kept features.
    """
    from tsfresh.feature_selection.relevance import calculate_relevance_table

    y = check_array(y, ensure_2d=False, dtype=None, input_name="y")
    if y.shape[0] != len(features):
        raise ValueError(
            f"y has {y.shape[0]} rows, but X gave {len(features)} windows."
        )
    if features.isna().to_numpy().any():
        raise ValueError(
            "Some features are NaN, and select=True cannot test them: set impute=True."
        )
    targets = y.reshape(len(y), -1)
    tables = []
    for j in range(targets.shape[1]):
        target = pd.Series(targets[:, j], index=features.index)
        if target.nunique() < 2:
            raise ValueError(
                "select=True needs a y that varies, but y"
                + (f"[:, {j}]" if y.ndim == 2 else "")
                + " is constant: no feature can be relevant to it."
            )
        with quiet_tsfresh():
            table = calculate_relevance_table(
                features,
                target,
                ml_task=ml_task,
                n_jobs=_tsfresh_n_jobs(n_jobs),
                chunksize=chunksize,
                fdr_level=fdr_level,
                hypotheses_independent=hypotheses_independent,
                show_warnings=False,
            )
        tables.append(table)
    # Per feature, in column order: relevant for any target, smallest p-value.
    relevant = np.zeros(features.shape[1], dtype=bool)
    p_value = np.full(features.shape[1], np.inf)
    for table in tables:
        relevant |= (
            table["relevant"].reindex(features.columns, fill_value=False).to_numpy(bool)
        )
        p_value = np.fmin(  # fmin: constant features have a NaN p-value
            p_value, table["p_value"].reindex(features.columns).to_numpy(np.float64)
        )
    if not relevant.any():
        raise ValueError(
            f"None of the {features.shape[1]} features is relevant for y at "
            f"fdr_level={fdr_level}; raise fdr_level, compute more features, or "
            "use select=False."
        )
    keep = np.flatnonzero(relevant)
    if max_features is not None and keep.size > max_features:
        best = np.argsort(p_value[keep], kind="stable")[:max_features]
        keep = np.sort(keep[best])
    if y.ndim == 1:
        table = tables[0]
    else:
        table = pd.concat(tables, keys=range(len(tables)), names=["target", "feature"])
    return table, list(features.columns[keep])


def finite_features(features, kinds, kind_fc):
    """Columns in a fixed order, less those without a finite value.

    Returns ``(features, kinds, dropped)``: the kept columns ordered by kind
    (in ``kinds`` order; for DataFrame input, ``kinds=None``, the kinds
    tsfresh found, sorted) then by name, whatever order the distributor
    returned chunks in; the kinds; the names of the dropped columns, those
    NaN or infinite for every row.
    """
    if features.shape[1] == 0:
        raise ValueError(
            "TsfreshFeatures computed no feature: the kinds in "
            f"kind_to_fc_parameters {sorted(kind_fc)} are not in X "
            f"(kinds: {kinds}) and default_fc_parameters is empty."
        )
    if kinds is None:
        kinds = sorted({name.split("__", 1)[0] for name in features.columns})
    rank = {kind: i for i, kind in enumerate(kinds)}
    names = sorted(features.columns, key=lambda c: (rank[c.split("__")[0]], c))
    features = features[names]
    finite = np.isfinite(features.to_numpy(dtype=np.float64)).any(axis=0)
    if not finite.any():
        raise ValueError(
            f"None of the {len(finite)} tsfresh features has a finite value on "
            "the training data: use longer sequences or other calculators."
        )
    dropped = np.asarray(features.columns[~finite], dtype=object)
    return features.loc[:, finite], kinds, dropped


def dropped_summary(dropped, kept):
    """One line on the dropped features, for ``verbose`` output."""
    calculators = sorted({name.split("__")[1] for name in dropped})
    shown = ", ".join(calculators[:5]) + (", ..." if len(calculators) > 5 else "")
    return (
        f"dropped {len(dropped)} features without a finite value on the training "
        f"data ({len(calculators)} calculators: {shown}); kept {kept.shape[1]}."
    )


def check_select(select, max_features, y):
    """Raise when ``max_features`` or ``y`` do not fit ``select``."""
    if max_features is not None and not select:
        raise ValueError(
            f"max_features={max_features} caps the features that "
            "select=True keeps; set select=True or max_features=None."
        )
    if select and y is None:
        raise ValueError(
            "TsfreshFeatures(select=True) keeps the features relevant for y, "
            "so fit needs y; got y=None."
        )


def learn_columns(est, features, kinds, y, default_fc, kind_fc):
    """What ``est.fit`` learns from its extracted training ``features``.

    Drops the columns without a finite value, imputes (``est.impute``),
    keeps the relevant ones (``est.select``) and derives the settings that
    make ``transform`` compute exactly the kept columns.

    Returns
    -------
    features : pandas.DataFrame
        The kept, imputed training features.
    fitted : dict
        The fitted attributes (``kinds_``, ``dropped_features_``,
        ``feature_names_out_``, ``default_fc_parameters_``,
        ``kind_to_fc_parameters_``, and ``impute_*_`` / ``relevance_table_``
        when imputing / selecting).
    """
    features, kinds, dropped = finite_features(features, kinds, kind_fc)
    fitted = {"kinds_": np.asarray(kinds, dtype=object), "dropped_features_": dropped}
    if est.verbose and len(dropped):
        Progress("fit").message(dropped_summary(dropped, features))
    if est.impute:
        stats = _range_stats(features)  # rows max, min, median
        features = _imputed(features, *stats)
    names = list(features.columns)
    if est.select:
        fitted["relevance_table_"], names = relevant_features(
            features,
            y,
            fdr_level=est.fdr_level,
            ml_task=est.ml_task,
            hypotheses_independent=est.hypotheses_independent,
            max_features=est.max_features,
            n_jobs=est.n_jobs,
            chunksize=est.chunksize,
        )
        if est.verbose:
            Progress("fit").message(
                f"select kept {len(names)} of {features.shape[1]} features "
                f"(fdr_level={est.fdr_level})."
            )
        if est.impute:
            stats = stats[:, features.columns.get_indexer(names)]
        features = features[names]
    fitted["feature_names_out_"] = np.asarray(names, dtype=object)
    if est.impute:
        fitted["impute_max_"], fitted["impute_min_"], fitted["impute_median_"] = stats
    if est.select or len(dropped):
        # transform computes exactly the kept features, nothing else.
        fitted["default_fc_parameters_"] = {}
        fitted["kind_to_fc_parameters_"] = settings_for_columns(
            names, default_fc, kind_fc
        )
    else:
        fitted["default_fc_parameters_"] = default_fc
        fitted["kind_to_fc_parameters_"] = kind_fc
    return features, fitted
