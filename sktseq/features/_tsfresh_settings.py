"""tsfresh settings for TsfreshFeatures: presets, validation, imputation, n_jobs.

Kept apart from the transformer so each reads in one sitting.  tsfresh is
imported inside the functions only (~5 s to import).
"""

import numpy as np
import pandas as pd
from joblib import effective_n_jobs

_PRESETS = {
    "minimal": "MinimalFCParameters",
    "efficient": "EfficientFCParameters",
    "comprehensive": "ComprehensiveFCParameters",
}


def _imputed(features, col_max, col_min, col_median):
    """``features`` with +inf, -inf, NaN replaced by the per-column arrays.

    The rule of tsfresh's ``impute_dataframe_range``, vectorized: that one
    builds three frames from ``n_rows`` dicts, ~10 % of a "minimal" extraction.
    """
    values = features.to_numpy(dtype=np.float64, copy=True)
    rows, cols = np.nonzero(~np.isfinite(values))
    bad = values[rows, cols]
    values[rows, cols] = np.where(
        np.isnan(bad), col_median[cols], np.where(bad > 0, col_max[cols], col_min[cols])
    )
    return pd.DataFrame(
        values, index=features.index, columns=features.columns, copy=False
    )


def _range_stats(features):
    """Per-column max, min and median of the finite values, shape (3, n_columns).

    tsfresh's ``get_range_values_per_column`` as arrays in ``features.columns``
    order, for columns with at least one finite value (TsfreshFeatures drops
    the others first).  That function also warns with every column name of a
    column without finite values, several kilobytes on short series.
    """
    values = features.to_numpy(dtype=np.float64, copy=True)
    values[~np.isfinite(values)] = np.nan
    return np.array(
        [
            np.nanmax(values, axis=0),
            np.nanmin(values, axis=0),
            np.nanmedian(values, axis=0),
        ]
    )


def settings_for_columns(names, default_fc, kind_fc):
    """Per-kind fc parameters that compute exactly the feature columns ``names``.

    tsfresh's ``from_columns`` rebuilds each column's calculator and
    parameters from its name.  It cannot for custom calculators (callables):
    those keep all their parameters, and ``transform`` drops the extra
    columns they compute.
    """
    from tsfresh.feature_extraction import feature_calculators
    from tsfresh.feature_extraction.settings import from_columns

    def builtin(name):
        calculator = getattr(feature_calculators, name.split("__")[1], None)
        return hasattr(calculator, "fctype")

    settings = from_columns([n for n in names if builtin(n)])
    for name in names:
        if not builtin(name):
            kind, calculator = name.split("__")[:2]
            fc = kind_fc.get(kind) or default_fc
            for key, params in fc.items():
                if callable(key) and key.__name__ == calculator:
                    settings.setdefault(kind, {})[key] = params
    return settings


def _tsfresh_n_jobs(n_jobs):
    """sklearn's n_jobs (None: 1, -1: all cores) to tsfresh's (0: no pool)."""
    n = 1 if n_jobs is None else effective_n_jobs(n_jobs)
    return 0 if n == 1 else n


def _resolve_fc(fc, name):
    """A tsfresh fc-parameters dict from a preset name, a dict or None."""
    from tsfresh.feature_extraction import feature_calculators, settings

    if fc is None:
        return {}
    if isinstance(fc, str):
        if fc not in _PRESETS:
            raise ValueError(
                f"Unknown {name} preset {fc!r}; use one of {sorted(_PRESETS)} "
                "or a dict {calculator name: parameters}."
            )
        return dict(getattr(settings, _PRESETS[fc])())
    if not isinstance(fc, dict):
        raise TypeError(f"{name} must be a preset name or a dict; got {fc!r}.")
    unknown = [
        key
        for key in fc
        if not callable(key)
        and not hasattr(getattr(feature_calculators, str(key), None), "fctype")
    ]
    if unknown:
        raise ValueError(
            f"{name} names unknown tsfresh feature calculators {unknown} (see "
            "tsfresh.feature_extraction.feature_calculators)."
        )
    return dict(fc)


def _resolve_settings(default_fc_parameters, kind_to_fc_parameters):
    """(default fc dict, {kind: fc dict}) from the parameters; raise if empty."""
    default_fc = _resolve_fc(default_fc_parameters, "default_fc_parameters")
    kind_fc = {
        kind: _resolve_fc(fc, f"kind_to_fc_parameters[{kind!r}]")
        for kind, fc in (kind_to_fc_parameters or {}).items()
    }
    if not default_fc and not any(kind_fc.values()):
        raise ValueError(
            "TsfreshFeatures has no feature calculator to run: set "
            "default_fc_parameters (e.g. 'minimal') or kind_to_fc_parameters."
        )
    return default_fc, kind_fc


def _check_one_step(kinds, default_fc, kind_fc):
    """Raise when a configured calculator needs more than one time step.

    The calculators run on a one-step series and on a 32-step one; those that
    give NaN on the first but not on the second need more steps (skewness,
    autocorrelation, ...).  The 'minimal' preset works on one step.
    """
    from tsfresh import extract_features

    long = np.sin(np.arange(32.0)) + np.arange(32.0) / 8  # no constant stretch
    frame = pd.DataFrame(dict.fromkeys(kinds, np.r_[1.0, long]))
    frame.insert(0, "id", np.r_[0, np.ones(32, dtype=int)])
    try:
        probe = extract_features(
            frame,
            column_id="id",
            default_fc_parameters=default_fc,
            kind_to_fc_parameters=kind_fc or None,
            n_jobs=0,
            disable_progressbar=True,
            show_warnings=False,
        )
    except Exception as exc:
        raise ValueError(
            f"tsfresh failed on windows of a single time step: {exc}"
        ) from exc
    short = probe.loc[0].isna() & probe.loc[1].notna()
    needy = sorted({name.split("__")[1] for name in short.index[short]})
    if needy:
        raise ValueError(
            "X has windows of a single time step, but these tsfresh feature "
            f"calculators need more: {needy}. Use longer windows (seq_len) or "
            "leave them out of the fc parameters ('minimal' works on one step)."
        )
