"""Fixtures shared by the tsfresh tests."""

from types import SimpleNamespace

import pandas as pd
import pytest


@pytest.fixture
def extracted(monkeypatch):
    """Column lists of every tsfresh.extract_features call made during the test."""
    tsfresh = pytest.importorskip("tsfresh")
    calls = []
    extract = tsfresh.extract_features

    def spy(*args, **kwargs):
        out = extract(*args, **kwargs)
        calls.append(list(out.columns))
        return out

    monkeypatch.setattr(tsfresh, "extract_features", spy)
    return calls


@pytest.fixture
def tsfresh_reference():
    """tsfresh on its long format built with plain loops (independent of sktseq).

    ``frame(sequences, ids=None)``: the long frame of windows ``(n, L, F)`` or
    of a list of ``(L_i, F)`` sequences, over their real steps; kinds ``x0,
    x1, ...``.  ``features(sequences, fc)``: tsfresh's features of it.
    """
    tsfresh = pytest.importorskip("tsfresh")

    def frame(sequences, ids=None):
        ids = range(len(sequences)) if ids is None else ids
        rows = [
            (ids[i], t, f"x{f}", seq[t, f])
            for i, seq in enumerate(sequences)
            for t in range(seq.shape[0])
            for f in range(seq.shape[1])
        ]
        return pd.DataFrame(rows, columns=["id", "time", "kind", "value"])

    def features(sequences, fc):
        return tsfresh.extract_features(
            frame(sequences),
            column_id="id",
            column_sort="time",
            column_kind="kind",
            column_value="value",
            default_fc_parameters=fc,
            n_jobs=0,
            disable_progressbar=True,
        )

    return SimpleNamespace(frame=frame, features=features)
