import gzip
import zipfile

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal

from sktseq.datasets import _base, _jena, load_jena_climate
from sktseq.datasets._jena import JENA_COLUMNS

HEADER = '"Date Time",' + ",".join(f'"{c}"' for c in JENA_COLUMNS)


def official_text(n_rows=13, start="2009-01-01 00:10"):
    """A 10-minute file in the official text format, values = row + column/100."""
    times = pd.date_range(start, periods=n_rows, freq="10min")
    lines = [HEADER]
    for i, t in enumerate(times.strftime("%d.%m.%Y %H:%M:%S")):
        lines.append(t + "," + ",".join(f"{i + j / 100:.2f}" for j in range(14)))
    return "\n".join(lines) + "\n"


@pytest.fixture
def csv_path(tmp_path):
    path = tmp_path / "jena_climate_2009_2016.csv"
    path.write_text(official_text())
    return path


def check_frame(frame, rows):
    assert list(frame.columns) == list(JENA_COLUMNS)
    assert (frame.dtypes == np.float64).all()
    assert frame.index.name == "Date Time"
    expected_times = pd.date_range("2009-01-01 00:10", periods=13, freq="10min")[rows]
    assert frame.index.equals(pd.DatetimeIndex(expected_times, name="Date Time"))
    assert_array_equal(frame["p (mbar)"], rows)
    assert_array_equal(frame["T (degC)"], np.asarray(rows) + 0.01)


def test_reads_csv_gzip_and_zip(csv_path, tmp_path):
    check_frame(load_jena_climate(csv_path), list(range(13)))
    gz = tmp_path / "hourly.csv.gz"
    gz.write_bytes(gzip.compress(csv_path.read_bytes()))
    check_frame(load_jena_climate(str(gz)), list(range(13)))
    archive = tmp_path / "jena.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(csv_path, "jena_climate_2009_2016.csv")
        z.writestr("__MACOSX/._jena_climate_2009_2016.csv", b"\x00junk")
    check_frame(load_jena_climate(archive), list(range(13)))


def test_sampling_rate_keeps_every_nth_row_from_the_first(csv_path):
    check_frame(load_jena_climate(csv_path, sampling_rate=6), [0, 6, 12])


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda s: s.replace('"T (degC)"', '"T"'), "not a Jena climate file"),
        (lambda s: s.replace("01.01.2009 00:20:00", "2009-01-01 00:20"), "format"),
        (lambda s: s.replace("1.01,", "x,", 1), "not all numbers"),
    ],
)
def test_bad_files_raise(edit, match, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(edit(official_text()))
    with pytest.raises(ValueError, match=match):
        load_jena_climate(path)


def test_zip_without_a_single_csv(tmp_path):
    archive = tmp_path / "x.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.csv", official_text())
        z.writestr("b.csv", official_text())
    with pytest.raises(ValueError, match="exactly one CSV"):
        load_jena_climate(archive)


def test_bad_arguments(csv_path):
    with pytest.raises(ValueError, match="sampling_rate"):
        load_jena_climate(csv_path, sampling_rate=0)
    with pytest.raises(ValueError, match="not both"):
        load_jena_climate(csv_path, sample=True)


def test_bundled_sample():
    frame = load_jena_climate(sample=True)
    assert frame.shape == (8760, 14)
    assert frame.index[0] == pd.Timestamp("2009-01-01 00:10")
    assert frame.index[-1] == pd.Timestamp("2009-12-31 23:30")
    assert frame.index.is_monotonic_increasing
    assert frame.index.is_unique
    assert frame.notna().all().all()
    assert (frame["wv (m/s)"] >= 0).all()
    hourly = load_jena_climate(sample=True, sampling_rate=24)
    assert len(hourly) == 365
    assert hourly.index[1] == pd.Timestamp("2009-01-02 00:10")


@pytest.mark.realdata
def test_shared_hourly_file_and_sample_agree(shared_data):
    frame = load_jena_climate(shared_data / "jena_climate_2009_2016_hourly.csv.gz")
    assert frame.shape == (70092, 14)
    assert frame.index[-1] == pd.Timestamp("2016-12-31 23:20")
    # the record's known faults are kept as published (see the docstring)
    assert frame.index.duplicated().sum() == 24
    assert (frame["wv (m/s)"] == -9999.0).any()
    pd.testing.assert_frame_equal(frame.iloc[:8760], load_jena_climate(sample=True))


# -- the download path, against a local "server" (tests never download) ------


@pytest.fixture
def fake_server(tmp_path, monkeypatch):
    served = tmp_path / "server" / "jena_climate_2009_2016.csv.zip"
    served.parent.mkdir()
    with zipfile.ZipFile(served, "w") as z:
        z.writestr("jena_climate_2009_2016.csv", official_text())
    monkeypatch.setattr(_jena, "JENA_URL", served.as_uri())
    monkeypatch.setattr(_jena, "_ZIP_SIZE", served.stat().st_size)
    monkeypatch.setattr(_jena, "_FULL_ROWS", 13)
    return served


def test_download_into_data_home_once(fake_server, tmp_path):
    home = tmp_path / "home"
    check_frame(load_jena_climate(data_home=home), list(range(13)))
    assert (home / "jena_climate_2009_2016.csv.zip").is_file()
    fake_server.unlink()  # a second call reads the cache
    check_frame(load_jena_climate(data_home=home, sampling_rate=6), [0, 6, 12])


def test_download_checks_size_and_rows(fake_server, tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setattr(_jena, "_ZIP_SIZE", 1)
    with pytest.raises(OSError, match="bytes, expected 1"):
        load_jena_climate(data_home=home)
    assert not (home / "jena_climate_2009_2016.csv.zip").exists()
    monkeypatch.setattr(_jena, "_ZIP_SIZE", fake_server.stat().st_size)
    monkeypatch.setattr(_jena, "_FULL_ROWS", 420_551)
    with pytest.raises(OSError, match="13 rows, expected 420551"):
        load_jena_climate(data_home=home)


def test_no_download_when_not_allowed(tmp_path):
    with pytest.raises(FileNotFoundError, match="download_if_missing=False"):
        load_jena_climate(data_home=tmp_path, download_if_missing=False)


def test_offline_download_names_the_address_and_the_ways_out(offline_failure):
    message = offline_failure(
        load_jena_climate, _jena.JENA_URL, "jena_climate_2009_2016.csv.zip"
    )
    assert "load_jena_climate(sample=True)" in message
    assert "load_jena_climate(path=...)" in message
    # the first way out works offline
    assert load_jena_climate(sample=True).shape == (8760, 14)


def test_the_cache_folder_comes_from_sktseq_data(tmp_path, monkeypatch):
    # The third way out: a copy of the archive in $SKTSEQ_DATA is used as is.
    served = tmp_path / "copy.zip"
    with zipfile.ZipFile(served, "w") as z:
        z.writestr("jena_climate_2009_2016.csv", official_text())
    home = tmp_path / "sktseq_data"
    home.mkdir()
    (home / "jena_climate_2009_2016.csv.zip").write_bytes(served.read_bytes())
    monkeypatch.setenv("SKTSEQ_DATA", str(home))
    monkeypatch.setattr(_jena, "_ZIP_SIZE", served.stat().st_size)
    monkeypatch.setattr(_jena, "_FULL_ROWS", 13)
    monkeypatch.setattr(_base.urllib.request, "urlopen", None)  # no download
    check_frame(load_jena_climate(), list(range(13)))
