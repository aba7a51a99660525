"""load_etth1: the authors' CSV from any path, or downloaded once."""

import gzip

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal

from sktseq.datasets import ETTH1_SPLITS, _etth1, load_etth1
from sktseq.datasets._base import sha256sum

HEADER = "date,HUFL,HULL,MUFL,MULL,LUFL,LULL,OT"


def etth1_text(n_rows=5):
    """Rows in the authors' format, values = row + column / 10."""
    dates = pd.date_range("2016-07-01", periods=n_rows, freq="h")
    lines = [HEADER]
    for i, d in enumerate(dates.strftime("%Y-%m-%d %H:%M:%S")):
        lines.append(d + "," + ",".join(str(i + j / 10) for j in range(7)))
    return "\n".join(lines) + "\n"


def check_frame(frame, n_rows=5):
    assert list(frame.columns) == ["HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT"]
    assert (frame.dtypes == np.float64).all()
    assert frame.index.equals(
        pd.date_range("2016-07-01", periods=n_rows, freq="h", name="date")
    )
    assert_array_equal(frame["OT"], np.arange(n_rows) + 0.6)


def test_reads_plain_and_gzip(tmp_path):
    plain = tmp_path / "ETTh1.csv"
    plain.write_text(etth1_text())
    check_frame(load_etth1(plain))
    packed = tmp_path / "ETTh1.csv.gz"
    with gzip.open(packed, "wt") as f:
        f.write(etth1_text())
    check_frame(load_etth1(str(packed)))


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda t: t.replace("OT", "TEMP"), "is not an ETTh1 file"),
        (lambda t: t.replace("2016-07-01 01:00:00", "01.07.2016"), "'date' column"),
        (lambda t: t.replace(",1.6\n", ",x\n", 1), r"columns \['OT'\] are not"),
    ],
)
def test_bad_files_raise(edit, match, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(edit(etth1_text()))
    with pytest.raises(ValueError, match=match):
        load_etth1(path)


def test_download_once_and_checksum(tmp_path, monkeypatch):
    served = tmp_path / "server.csv"
    served.write_text(etth1_text())
    monkeypatch.setattr(_etth1, "ETTH1_URL", served.as_uri())
    home = tmp_path / "home"
    with pytest.raises(OSError, match="has SHA-256"):
        load_etth1(data_home=home)
    monkeypatch.setattr(_etth1, "_SHA256", sha256sum(served))
    check_frame(load_etth1(data_home=home))
    served.unlink()  # a second call reads the cache
    check_frame(load_etth1(data_home=home))
    with pytest.raises(FileNotFoundError, match="download_if_missing=False"):
        load_etth1(data_home=tmp_path / "empty", download_if_missing=False)


@pytest.mark.realdata
def test_shared_file(shared_data):
    frame = load_etth1(shared_data / "ETTh1.csv.gz")
    assert frame.shape == (17420, 7)
    assert frame.index[ETTH1_SPLITS["test"].start] == pd.Timestamp(
        "2017-10-24"
    )  # 480 days in
    assert ETTH1_SPLITS["test"].stop == 14400
    assert frame.index.is_monotonic_increasing
    assert frame.index.is_unique
