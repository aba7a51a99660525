import runpy
from pathlib import Path

import joblib
import numpy as np
import pytest

from sktseq.__main__ import main, make_models
from sktseq.datasets import load_jena_climate
from sktseq.windows import align_horizon


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """One quick demo run (a few seconds) shared by the tests below."""
    model_dir = tmp_path_factory.mktemp("models")
    return main(["--quick", "--model-dir", str(model_dir)]), model_dir


def test_quick_demo_scores_saves_and_reloads(quick_run):
    results, model_dir = quick_run
    scores = results["scores"]
    names = [name for name, _ in make_models(seq_len=12, target_index=1)]
    assert names == ["persistence", "ridge_flat_windows", "ridge_rolling_stats", "lstm"]
    assert scores.index.tolist() == names
    assert np.isfinite(scores["cv_mae"]).all()
    assert (scores["cv_mae"] > 0).all()
    assert results["best"] == scores["cv_mae"].idxmin()
    assert results["reloaded_identical"] is True
    assert np.isfinite(results["holdout_mae"])
    assert results["model_path"] == model_dir / f"{results['best']}.joblib"
    assert hasattr(joblib.load(results["model_path"]), "predict")


def test_demo_persistence_matches_a_direct_computation(quick_run):
    # The persistence row must equal |T in 24 h - T now| averaged over the
    # last 30-day blocks (the scored rows of the CV test folds, after their
    # 11 context rows), computed here without any sktseq estimator.
    results, _ = quick_run
    frame = load_jena_climate(sample=True)
    X, y = align_horizon(frame, target="T (degC)", horizon=24)
    T, target = X["T (degC)"].to_numpy(), y.to_numpy()
    blocks = [slice(len(X) - 2 * 720, len(X) - 720), slice(len(X) - 720, len(X))]
    maes = [np.abs(target[b] - T[b]).mean() for b in blocks]
    assert results["scores"].loc["persistence", "cv_mae"] == pytest.approx(
        np.mean(maes)
    )
    assert results["scores"].loc["persistence", "vs_persistence"] == 1.0


@pytest.mark.realdata
def test_example_reproduces_the_published_persistence_figures(shared_data, tmp_path):
    # examples/plot_jena_baselines.py on the shared hourly file: the course's
    # protocol gives validation / test MAE 2.44 / 2.62.
    path = Path(__file__).resolve().parents[1] / "examples" / "plot_jena_baselines.py"
    example = runpy.run_path(str(path))
    data = shared_data / "jena_climate_2009_2016_hourly.csv.gz"
    results = example["main"](["--data", str(data), "--out", str(tmp_path)])
    assert round(results["validation"], 2) == 2.44
    assert round(results["test"], 2) == 2.62
