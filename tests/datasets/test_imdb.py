"""load_imdb on tiny archives with the official layout, and on the real one."""

import io
import random
import tarfile

import numpy as np
import pytest

from sktseq.datasets import _imdb, load_imdb
from sktseq.datasets._base import sha256sum


def review_files(n_per_label=10):
    """{relative path: text} for a small aclImdb tree (with distractors)."""
    files = {"aclImdb/README": "readme", "aclImdb/imdb.vocab": "the\nand\n"}
    review_id = 0
    for split in ("train", "test"):
        for label, rating in (("pos", 8), ("neg", 2)):
            for _ in range(n_per_label):
                name = f"aclImdb/{split}/{label}/{review_id}_{rating}.txt"
                files[name] = f"{split} {label} review {review_id} <br />é"
                review_id += 1
    files["aclImdb/train/unsup/99999_0.txt"] = "unlabeled"
    files["aclImdb/train/labeledBow.feat"] = "0:1"
    return files


def make_archive(path, files):
    items = list(files.items())
    random.Random(0).shuffle(items)  # member order must not matter
    with tarfile.open(path, "w:gz") as tar:
        for name, text in items:
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def make_folder(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_archive_and_folder_give_the_same_data(tmp_path):
    files = review_files()
    from_tar = load_imdb(
        make_archive(tmp_path / "aclImdb_v1.tar.gz", files), shuffle=False
    )
    folder = make_folder(tmp_path / "x", files)
    for path in (folder, folder / "aclImdb"):
        from_dir = load_imdb(path, shuffle=False)
        for key in ("X_train", "X_test"):
            assert from_dir[key] == from_tar[key]
        np.testing.assert_array_equal(from_dir.y_test, from_tar.y_test)
    assert len(from_tar.X_train) == len(from_tar.X_test) == 20
    assert from_tar.y_train.tolist() == [0] * 10 + [1] * 10
    assert set(from_tar.rating_train.tolist()) == {2, 8}
    # label comes from the folder, and the text is decoded UTF-8
    for text, label in zip(from_tar.X_train, from_tar.y_train):
        assert text.startswith("train " + ("pos" if label else "neg"))
        assert text.endswith("é")
    assert "unlabeled" not in from_tar.X_train


def test_splits_are_shuffled_reproducibly_and_keep_pairs(tmp_path):
    path = make_archive(tmp_path / "a.tar.gz", review_files(n_per_label=10))
    data = load_imdb(path)
    # sorted by label, the most recent 20% (early stopping) would be one class
    assert set(data.y_train[-4:].tolist()) == {0, 1}
    assert data.y_train.tolist() != sorted(data.y_train.tolist())
    again = load_imdb(path)
    assert again.X_train == data.X_train
    assert load_imdb(path, random_state=7).X_train != data.X_train
    for text, label, rating in zip(data.X_train, data.y_train, data.rating_train):
        assert text.startswith("train " + ("pos" if label else "neg"))
        assert rating == (8 if label else 2)
    ordered = load_imdb(path, shuffle=False)
    assert sorted(data.X_train) == sorted(ordered.X_train)


def test_validation_split_is_the_course_recipe(tmp_path):
    files = review_files(n_per_label=10)
    path = make_archive(tmp_path / "a.tar.gz", files)
    data = load_imdb(path, validation_split=0.2)
    assert len(data.X_train) == 16
    assert len(data.X_val) == 4
    assert data.y_val.tolist().count(1) == 2  # balanced: 20% of each label
    # course: sorted file names per label, random.Random(1337).shuffle, last 20%
    for label, folder in ((0, "neg"), (1, "pos")):
        names = sorted(n.rsplit("/", 1)[1] for n in files if f"train/{folder}/" in n)
        random.Random(1337).shuffle(names)
        expected = {int(n.split("_")[0]) for n in names[-2:]}
        assert set(data.id_val[data.y_val == label].tolist()) == expected
    assert not set(data.id_val) & set(data.id_train)
    again = load_imdb(path, validation_split=0.2)
    assert again.X_val == data.X_val
    (_Xtr, _ytr), (Xva, _yva), (Xte, _yte) = load_imdb(
        path, validation_split=0.2, return_X_y=True
    )
    assert Xva == data.X_val
    assert len(Xte) == 20


def test_download_uses_fetch_file_with_checksum(tmp_path, monkeypatch):
    archive = make_archive(tmp_path / "src.tar.gz", review_files(2))
    cache = tmp_path / "cache"
    monkeypatch.setattr(_imdb, "IMDB_URL", archive.as_uri())
    monkeypatch.setattr(_imdb, "IMDB_SHA256", "0" * 64)
    with pytest.raises(OSError, match="SHA-256"):
        load_imdb(data_home=cache)
    monkeypatch.setattr(_imdb, "IMDB_SHA256", sha256sum(archive))
    data = load_imdb(data_home=cache)
    assert len(data.X_train) == 4
    assert (cache / "aclImdb_v1.tar.gz").is_file()


def test_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found"):
        load_imdb(tmp_path / "nope.tar.gz")
    with pytest.raises(FileNotFoundError, match="download_if_missing=False"):
        load_imdb(download_if_missing=False, data_home=tmp_path)
    empty = make_archive(tmp_path / "e.tar.gz", {"aclImdb/README": "x"})
    with pytest.raises(ValueError, match="No reviews found"):
        load_imdb(empty)
    with pytest.raises(ValueError, match="validation_split"):
        load_imdb(empty, validation_split=1.5)


@pytest.mark.realdata
@pytest.mark.slow
def test_real_archive_counts_and_balance(shared_data):
    data = load_imdb(shared_data / "aclImdb_v1_labeled.tar.gz", validation_split=0.2)
    assert (len(data.X_train), len(data.X_val), len(data.X_test)) == (
        20000,
        5000,
        25000,
    )
    assert data.y_train.sum() == 10000
    assert data.y_val.sum() == 2500
    assert data.y_test.sum() == 12500


@pytest.mark.parametrize(
    "content",
    [b"this is a plain text file, not an archive\n", b"\x1f\x8b\x08\x00truncated"],
    ids=["text", "truncated-gzip"],
)
def test_a_file_that_is_not_an_archive_names_itself_and_the_layout(tmp_path, content):
    path = tmp_path / "reviews.tar.gz"
    path.write_bytes(content)
    with pytest.raises(ValueError) as excinfo:
        load_imdb(path)
    message = str(excinfo.value)
    assert f"{path} is not a readable tar archive" in message
    assert "aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt" in message
    assert "aclImdb_v1.tar.gz" in message
    # a good archive cut short is named the same way
    full = make_archive(tmp_path / "full.tar.gz", review_files(20)).read_bytes()
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(ValueError, match="is not a readable tar archive"):
        load_imdb(path)


def test_offline_download_names_the_address_and_the_ways_out(offline_failure):
    message = offline_failure(load_imdb, _imdb.IMDB_URL, "aclImdb_v1.tar.gz")
    assert "load_imdb(path=...)" in message


def test_a_corrupt_download_is_not_kept(tmp_path, monkeypatch):
    archive = make_archive(tmp_path / "src.tar.gz", review_files(2))
    monkeypatch.setattr(_imdb, "IMDB_URL", archive.as_uri())
    home = tmp_path / "home"
    with pytest.raises(OSError, match=r"download of .* \(not kept\) has SHA-256"):
        load_imdb(data_home=home)
    assert list(home.iterdir()) == []  # the next call downloads again
    # a cached file with the wrong checksum says how to get a fresh one
    (home / "aclImdb_v1.tar.gz").write_bytes(archive.read_bytes())
    with pytest.raises(OSError, match="delete it to download it again"):
        load_imdb(data_home=home)
