"""fetch_ucr_uea: archives and folders, the download cache, offline errors.

No test touches the network: downloads read file:// addresses or a patched
urlopen.
"""

import urllib.error
import urllib.request
import zipfile

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from sktseq.datasets import _ucr, fetch_ucr_uea, load_ts

HEADER = (
    "#Toy data.\n@problemName Toy\n@univariate {uni}\n@classLabel true a b\n@data\n"
)
TRAIN = HEADER.format(uni="true") + "1,2,3:a\n3,2,1:b\n"
TEST = HEADER.format(uni="true") + "1,2:a\n2,2,2,1:b\n0:b\n"


def make_zip(path, files, folder="Toy/"):
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(folder + name, text)
        z.writestr("__MACOSX/Toy/._Toy_TRAIN.ts", b"\x00junk")
        z.writestr(folder + "Toy_TRAIN.arff", "@relation Toy\n")
    return path


@pytest.fixture
def archive(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    return make_zip(src / "Toy.zip", {"Toy_TRAIN.ts": TRAIN, "Toy_TEST.ts": TEST})


def check_toy(data):
    assert data.X_train.shape == (2, 3, 1)
    assert_array_equal(data.X_train[:, :, 0], [[1, 2, 3], [3, 2, 1]])
    assert data.y_train.tolist() == ["a", "b"]
    assert [x.ravel().tolist() for x in data.X_test] == [[1, 2], [2, 2, 2, 1], [0]]
    assert data.y_test.tolist() == ["a", "b", "b"]
    assert data.target_names.tolist() == ["a", "b"]
    assert data.DESCR == "Toy data."
    assert data.name == "Toy"


def test_reads_a_zip_or_a_folder_without_extracting(archive, tmp_path):
    check_toy(fetch_ucr_uea("Toy", path=archive))
    folder = tmp_path / "unzipped"
    zipfile.ZipFile(archive).extractall(folder)
    check_toy(fetch_ucr_uea("Toy", path=folder))
    _, (X_test, y_test) = fetch_ucr_uea("Toy", path=archive, return_X_y=True)
    X_ref, y_ref = load_ts(folder / "Toy" / "Toy_TEST.ts")
    assert all(np.array_equal(a, b) for a, b in zip(X_test, X_ref))
    assert_array_equal(y_test, y_ref)


def test_downloads_once_into_the_cache(archive, tmp_path, monkeypatch):
    monkeypatch.setattr(
        _ucr, "UCR_UEA_URL", archive.parent.as_uri() + "/{name}.zip", raising=True
    )
    home = tmp_path / "home"
    check_toy(fetch_ucr_uea("Toy", data_home=home))
    cached = home / "ucr_uea" / "Toy.zip"
    assert cached.read_bytes() == archive.read_bytes()
    archive.unlink()  # the second call reads the cache, not the address
    check_toy(fetch_ucr_uea("Toy", data_home=home, download_if_missing=False))
    # SKTSEQ_DATA is the default cache
    monkeypatch.setenv("SKTSEQ_DATA", str(home))
    check_toy(fetch_ucr_uea("Toy"))


def test_offline_error_names_the_address_and_the_ways_out(tmp_path, monkeypatch):
    def offline(url, timeout=None):
        raise urllib.error.URLError("[Errno -2] Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(ConnectionError) as info:
        fetch_ucr_uea("GunPoint", data_home=tmp_path)
    message = str(info.value)
    assert "https://timeseriesclassification.com/aeon-toolkit/GunPoint.zip" in message
    assert "Name or service not known" in message
    assert "path=" in message
    assert "SKTSEQ_DATA" in message
    assert str(tmp_path / "ucr_uea" / "GunPoint.zip") in message
    assert list((tmp_path / "ucr_uea").iterdir()) == []  # nothing half-written


def test_unknown_names(tmp_path, monkeypatch):
    def not_found(url, timeout=None):
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)

    monkeypatch.setattr(urllib.request, "urlopen", not_found)
    with pytest.raises(ValueError, match=r"HTTP 404: is 'Gunpoint' spelt as"):
        fetch_ucr_uea("Gunpoint", data_home=tmp_path)
    # the server may answer an unknown name with a web page: not a zip
    page = tmp_path / "Nope.zip"
    page.write_text("<html>not found</html>")
    monkeypatch.undo()
    monkeypatch.setattr(_ucr, "UCR_UEA_URL", tmp_path.as_uri() + "/{name}.zip")
    with pytest.raises(ValueError, match="did not return a zip archive"):
        fetch_ucr_uea("Nope", data_home=tmp_path / "home")
    assert not (tmp_path / "home" / "ucr_uea" / "Nope.zip").exists()
    for bad in ("../GunPoint", "", "Gun Point", None):
        with pytest.raises(ValueError, match="must be a UCR/UEA data set name"):
            fetch_ucr_uea(bad, data_home=tmp_path)


def test_missing_files_and_bad_paths(archive, tmp_path):
    with pytest.raises(FileNotFoundError, match="download_if_missing=False; down"):
        fetch_ucr_uea("Toy", data_home=tmp_path, download_if_missing=False)
    only_train = make_zip(tmp_path / "train.zip", {"Toy_TRAIN.ts": TRAIN})
    with pytest.raises(ValueError, match=r"exactly one Toy_TEST.ts, found none"):
        fetch_ucr_uea("Toy", path=only_train)
    with pytest.raises(ValueError, match=r"exactly one Toy_TRAIN\.ts .*found none"):
        fetch_ucr_uea("Toy", path=tmp_path / "src" / "..")  # no folder holds it
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ValueError, match="neither a zip archive nor a folder"):
        fetch_ucr_uea("Toy", path=text)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        fetch_ucr_uea("Toy", path=tmp_path / "absent.zip")


def test_bad_files_inside_and_split_mismatch(tmp_path):
    bad = make_zip(
        tmp_path / "bad.zip",
        {"Toy_TRAIN.ts": TRAIN, "Toy_TEST.ts": TEST.replace("0:b", "0:c")},
    )
    with pytest.raises(ValueError, match=r"bad.zip:Toy/Toy_TEST.ts, line 8: label 'c'"):
        fetch_ucr_uea("Toy", path=bad)
    two_dims = HEADER.format(uni="false") + "1,2:3,4:a\n"
    mixed = make_zip(
        tmp_path / "mixed.zip", {"Toy_TRAIN.ts": TRAIN, "Toy_TEST.ts": two_dims}
    )
    with pytest.raises(ValueError, match=r"TRAIN\.ts has 1 dimensions, but .* has 2"):
        fetch_ucr_uea("Toy", path=mixed)
