"""Smoke tests of the example scripts: their results, and their command lines."""

import importlib.util
import json
import runpy
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_jena_course_table_quick(shared_data, tmp_path):
    pytest.importorskip("torch")
    module = _load("plot_jena_course_table")
    table = module.main(
        [
            "--quick",
            "--data",
            str(shared_data / "jena_climate_2009_2016_hourly.csv.gz"),
            "--models",
            "persistence,lstm16",
            "--out",
            str(tmp_path),
        ]
    )
    assert list(table["model"]) == ["persistence", "lstm16"]
    assert np.isfinite(table[["val_mae", "test_mae"]].to_numpy()).all()
    # The baseline needs no training: its MAE is the course's "T now" rule.
    assert table["epochs"].tolist() == [0, 1]
    for ext in ("csv", "md", "png"):
        assert (tmp_path / f"jena_course_table.{ext}").stat().st_size > 0


def _fake_imdb(root, n_per_label=24):
    """A tiny aclImdb folder: 'good'/'bad' words decide the label."""
    rng = np.random.default_rng(0)
    filler = ["the", "movie", "plot", "actor", "scene", "was", "a", "very"]
    for split in ("train", "test"):
        for label, word, rating in (("pos", "good", 9), ("neg", "bad", 2)):
            folder = root / "aclImdb" / split / label
            folder.mkdir(parents=True)
            for i in range(n_per_label):
                words = list(rng.choice(filler, size=12)) + [word] * 2
                rng.shuffle(words)
                (folder / f"{i}_{rating}.txt").write_text(" ".join(words))
    return root


def test_imdb_course_table_quick(tmp_path):
    pytest.importorskip("torch")
    module = _load("plot_imdb_course_table")
    data = _fake_imdb(tmp_path / "data")
    table = module.main(
        [
            "--quick",
            "--path",
            str(data),
            "--models",
            "majority,bigram_logreg,bilstm,cnn,transformer",
            "--seq-len",
            "16",
            "--out",
            str(tmp_path),
        ]
    )
    assert list(table["model"]) == [
        "majority",
        "bigram_logreg",
        "bilstm",
        "cnn",
        "transformer",
    ]
    assert table.loc[0, "test_acc"] == pytest.approx(0.5)
    # One decisive word per review: a bag of bigrams separates them.
    assert table.loc[1, "test_acc"] > 0.9
    assert (tmp_path / "imdb_course_table.png").stat().st_size > 0


def test_etth1_long_horizon_quick(shared_data, tmp_path):
    module = _load("plot_etth1_long_horizon")
    data = shared_data / "ETTh1.csv.gz"
    table = module.main(["--quick", "--data", str(data), "--out", str(tmp_path)])
    rows = table.set_index("model")
    assert list(table["horizon"]) == [96, 96]
    # As many test windows as the benchmark (2880 - 96 + 1), and persistence,
    # which has no parameters, reproduces the published "Repeat" figures:
    # the protocol (split, scaling, context, averaging) is the papers'.
    assert (table["test_windows"] == 2785).all()
    assert rows.loc["persistence", "test_mse"] == pytest.approx(1.295, abs=2e-3)
    assert rows.loc["persistence", "test_mae"] == pytest.approx(0.713, abs=2e-3)
    # DLinear's published test MSE / MAE at horizon 96: 0.375 / 0.399.
    assert rows.loc["dlinear", "test_mse"] <= 0.375
    assert rows.loc["dlinear", "test_mae"] <= 0.399


def _fake_ucr_zip(path, rng):
    """Two classes of ragged 2-feature sequences: rising vs falling."""
    header = (
        "@problemName Fake\n@univariate false\n@dimensions 2\n"
        "@equalLength false\n@classLabel true up down\n@data\n"
    )
    with zipfile.ZipFile(path, "w") as archive:
        for split, n in (("TRAIN", 30), ("TEST", 20)):
            lines = []
            for i in range(n):
                label = ("up", "down")[i % 2]
                steps = np.arange(rng.integers(8, 20), dtype=float)
                trend = steps if label == "up" else -steps
                dims = [
                    trend + rng.normal(size=len(steps)),
                    rng.normal(size=len(steps)),
                ]
                lines.append(
                    ":".join(",".join(map(str, d)) for d in dims) + f":{label}"
                )
            archive.writestr(f"Fake/Fake_{split}.ts", header + "\n".join(lines))
    return path


def test_ucr_collections_quick(tmp_path):
    module = _load("plot_ucr_collections")
    data = _fake_ucr_zip(tmp_path / "Fake.zip", np.random.default_rng(0))
    table = module.main(
        ["--quick", "--name", "Fake", "--path", str(data), "--out", str(tmp_path)]
    )
    assert list(table["model"]) == [
        "1nn_euclidean",
        "tsfresh_forest",
        "summary_forest",
        "gru",
    ]
    # The trend's sign decides the class: features, resampled 1-NN and the
    # GRU on the ragged list as it is see it.
    assert (table["test_accuracy"] > 0.9).all()
    assert (tmp_path / "ucr_collections.png").stat().st_size > 0


def test_imdb_course_table_nb_row_quick(tmp_path):
    module = _load("plot_imdb_course_table")
    data = _fake_imdb(tmp_path / "data")
    args = ["--quick", "--path", str(data), "--models", "nb_logreg_trigram"]
    table = module.main([*args, "--out", str(tmp_path)])
    assert table["model"].tolist() == ["nb_logreg_trigram"]
    assert table.loc[0, "test_acc"] > 0.9  # 'good' / 'bad' decide the label
    assert "chosen on validation" in table.loc[0, "note"]


def test_jena_intervals_quick(tmp_path):
    pytest.importorskip("mapie")
    module = _load("plot_jena_intervals")
    figure = tmp_path / "jena_intervals.png"
    table = module.main(["--quick", "--out", str(tmp_path)])
    assert table["method"].str.startswith(("quantile", "split", "ACI")).all()
    assert len(table) == 3
    assert table["coverage"].between(0, 1).all()
    assert (table["mean_width_degC"] > 0).all()
    assert figure.stat().st_size > 0


def test_jena_seq2seq_quick(tmp_path):
    module = _load("plot_jena_seq2seq")
    figure = tmp_path / "jena_seq2seq.png"
    table = module.main(["--quick", "--out", str(tmp_path)])
    assert list(table.index) == list(range(1, 25))
    assert np.isfinite(table[["seq2seq", "direct LSTM", "persistence"]]).all().all()
    # persistence's error grows from +1 h to +12 h: the table is per horizon
    assert table.loc[1, "persistence"] < table.loc[12, "persistence"]
    assert figure.stat().st_size > 0


# --- every example is a command-line tool ------------------------------------
# Found by name, so a new examples/plot_*.py is held to the same contract
# (and run by the documentation's gallery) as soon as it exists.

SCRIPTS = sorted(EXAMPLES.glob("plot_*.py"))

_HELP_ALL = """
import contextlib, io, json, runpy, sys
report = {}
for path in sys.argv[1:]:
    torch_before = "torch" in sys.modules
    sys.argv = [path, "--help"]
    text, code = io.StringIO(), None
    with contextlib.redirect_stdout(text):
        try:
            runpy.run_path(path, run_name="__main__")
        except SystemExit as exc:
            code = exc.code
    report[path] = {"help": text.getvalue(), "exit": code,
                    "torch_before": torch_before, "torch": "torch" in sys.modules}
print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def help_pages():
    """``--help`` of every example, run in one fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", _HELP_ALL, *map(str, SCRIPTS)],
        capture_output=True,
        text=True,
        check=True,
        timeout=240,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_help_shows_defaults_and_does_not_import_torch(script, help_pages):
    page = help_pages[str(script)]
    assert page["exit"] == 0, page["help"]
    assert page["help"].startswith("usage:")
    assert "--quick" in page["help"]
    assert "(default: " in page["help"]  # ArgumentDefaultsHelpFormatter
    # torch takes seconds to import: --help must answer before it is needed.
    assert not page["torch_before"], "an earlier example's --help imported torch"
    assert not page["torch"], f"{script.name} --help imported torch"


def _quick_args(stem, tmp_path):
    """Small, fast inputs per example; others run on their defaults."""
    if stem in ("plot_imdb_course_table", "plot_imdb_bag_of_words"):
        args = ["--path", str(_fake_imdb(tmp_path / "imdb"))]
        if stem == "plot_imdb_course_table":
            args += ["--models", "majority,bigram_logreg,bilstm", "--seq-len", "16"]
        return args + (["--epochs", "2"] if stem.endswith("course_table") else [])
    if stem == "plot_ucr_collections":
        path = _fake_ucr_zip(tmp_path / "Fake.zip", np.random.default_rng(0))
        return ["--name", "Fake", "--path", str(path)]
    return {
        "plot_jena_course_table": ["--models", "persistence,lstm16", "--epochs", "2"],
        "plot_jena_forecasting": ["--epochs", "2", "--hidden-size", "4"],
        "plot_attention_heatmap": ["--max-epochs", "2"],
    }.get(stem, [])


# What the output says when an epoch option given with --quick is honoured.
_EPOCHS_SAID = {
    "plot_imdb_course_table": "max epochs 2",
    "plot_jena_course_table": "2 epoch(s)",
    "plot_jena_forecasting": "epochs run: 2",
    "plot_attention_heatmap": "(2 epochs)",
}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_quick_run_says_it_is_a_smoke_run(script, tmp_path, capsys):
    plt = pytest.importorskip("matplotlib.pyplot")
    main = runpy.run_path(str(script))["main"]
    plt.close("all")
    argv = ["--quick", *_quick_args(script.stem, tmp_path)]
    if '"--out"' in script.read_text():
        argv += ["--out", str(tmp_path / "out")]
    try:
        main(argv)
        out = capsys.readouterr().out
        figures = [plt.figure(n) for n in plt.get_fignums()]
        titles = [
            " ".join([fig.get_suptitle(), *(ax.get_title() for ax in fig.axes)])
            for fig in figures
        ]
    finally:
        plt.close("all")
    assert "SMOKE RUN (--quick)" in out
    if "skipped" not in out:  # the data is absent: nothing to draw
        assert figures, f"{script.name} --quick drew no figure"
        for title in titles:
            assert "SMOKE RUN (--quick)" in title, title
    assert _EPOCHS_SAID.get(script.stem, "") in out
