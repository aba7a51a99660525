"""load_ts: the .ts format of the UCR/UEA archives, values, labels, bad files."""

import re

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from sktseq.datasets import load_ts

HEADER = {  # key -> value, in the archives' spelling
    "problemName": "Toy",
    "timeStamps": "false",
    "missing": "true",
    "univariate": "false",
    "dimensions": "2",
    "equalLength": "false",
    "classLabel": "true up down",
}


def ts_text(cases, labels=None, header=HEADER, comments=("A toy file.",)):
    """A .ts file written with plain loops: cases are (L_i, F) arrays."""
    lines = [f"#{c}" for c in comments]
    lines += [f"@{key} {value}" for key, value in header.items()]
    lines.append("@data")
    for i, case in enumerate(cases):
        dims = [
            ",".join("?" if np.isnan(v) else repr(float(v)) for v in case[:, j])
            for j in range(case.shape[1])
        ]
        if labels is not None:
            dims.append(str(labels[i]))
        lines.append(":".join(dims))
    return "\n".join(lines) + "\n"


def write(tmp_path, text, name="Toy_TRAIN.ts"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_unequal_lengths_give_a_list_of_2d_arrays_with_nan_for_missing(tmp_path):
    rng = np.random.default_rng(0)
    cases = [rng.normal(size=(n, 2)) for n in (5, 1, 9, 3)]
    cases[2][4, 1] = np.nan
    labels = ["up", "down", "down", "up"]
    X, y = load_ts(write(tmp_path, ts_text(cases, labels)))
    assert isinstance(X, list)
    assert len(X) == len(cases)
    for got, expected in zip(X, cases):
        assert got.dtype == np.float64
        assert got.shape == expected.shape
        assert_array_equal(got, expected)  # repr() round-trips floats exactly
    assert np.isnan(X[2][4, 1])
    assert y.tolist() == labels
    assert y.dtype.kind == "U"


def test_equal_lengths_give_one_3d_array_also_for_univariate(tmp_path):
    rng = np.random.default_rng(1)
    values = rng.normal(size=(6, 7, 1))
    header = {**HEADER, "univariate": "true", "equalLength": "true"}
    del header["dimensions"]
    header["seriesLength"] = "7"
    X, _ = load_ts(write(tmp_path, ts_text(values, ["up"] * 6, header=header)))
    assert isinstance(X, np.ndarray)
    assert X.shape == (6, 7, 1)
    assert_array_equal(X, values)
    # @equalLength false but every case as long: still one array
    X2, _ = load_ts(write(tmp_path, ts_text(values[:, :, [0, 0]], ["up"] * 6)))
    assert X2.shape == (6, 7, 2)


def test_regression_targets_and_unlabelled_files(tmp_path):
    cases = [np.arange(3.0)[:, None], np.arange(2.0)[:, None]]
    header = {**HEADER, "univariate": "true", "targetLabel": "true"}
    del header["classLabel"], header["dimensions"]
    X, y = load_ts(write(tmp_path, ts_text(cases, ["1.5", "-2e3"], header=header)))
    assert y.dtype == np.float64
    assert_array_equal(y, [1.5, -2000.0])
    header = {**header, "targetLabel": "false"}
    X, y = load_ts(write(tmp_path, ts_text(cases, header=header)))
    assert y is None
    assert_array_equal(X[0], cases[0])


def test_lenient_spelling_comments_crlf_and_bom(tmp_path):
    text = (
        "\ufeff# description line 1\n"
        "#\n"
        "@problemname Toy\r\n"
        "@TIMESTAMPS False\r\n"
        "@univariate false\r\n"
        "@dimension 2\r\n"
        "@equallength true\r\n"
        "@serieslength 2\r\n"
        "@unknownKey whatever\r\n"  # ignored
        "@classlabel true 1 2\r\n"
        "@data\r\n"
        "\r\n"
        "1, 2:3,4 :1\r\n"
        "# a comment between cases\r\n"
        "NaN,-inf:1e-3,5 : 2\r\n"
    )
    path = tmp_path / "x.ts"
    path.write_bytes(text.encode("utf-8"))
    X, y = load_ts(path)
    assert_array_equal(X[0], [[1, 3], [2, 4]])
    assert_array_equal(X[1], [[np.nan, 1e-3], [-np.inf, 5]])
    assert y.tolist() == ["1", "2"]


def test_labels_are_not_checked_when_the_header_lists_none(tmp_path):
    header = {**HEADER, "classLabel": "true"}
    _, y = load_ts(write(tmp_path, ts_text([np.ones((2, 2))], ["any"], header)))
    assert y.tolist() == ["any"]


GOOD = ts_text(  # header on lines 1-9, cases on lines 10 and 11
    [np.arange(1.0, 7.0).reshape(3, 2), np.arange(7.0, 11.0).reshape(2, 2)],
    ["up", "down"],
)
LAST = "7.0,9.0:8.0,10.0:down"


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (LAST, "7.0:8.0:9.0:down", r"line 11: 3 dimensions, expected 2 \(@dimen"),
        (LAST, "7.0,9.0:8.0,10.0:bad", r"line 11: label 'bad' is not among .*'down'"),
        (LAST, "7.0,9.0:8.0,1,10.0:down", r"line 11: .*different lengths \[2, 3"),
        (LAST, ":8.0,10.0:down", "line 11: dimension 1 is an empty series"),
        (LAST, "7.0,x:8.0,10.0:down", r"line 11, dimension 1: .*float: 'x'"),
        (LAST, "7.0,:8.0,10.0:down", r"line 11, dimension 1: .*float: ''"),
        (LAST, "7.0,9.0", "line 11: no label after a ':'"),
        (LAST, "(1,7.0):(1,8.0):down", "line 11: timestamped values"),
        (LAST, "@data", "line 11: header line '@data' after @data"),
        ("@timeStamps false", "@timeStamps true", "@timeStamps true is not supported"),
        ("@missing true", "@missing maybe", r"line 4: @missing needs .* got 'maybe'"),
        ("@dimensions 2", "@dimensions two", r"line 6: @dimensions needs a positive"),
        ("@dimensions 2", "@dimensions 2\n@targetLabel true", "both @classLabel"),
        ("@univariate false", "@univariate true", "@univariate true and @dimensions 2"),
        (
            "@problemName Toy",
            "1,2:up\n@problemName Toy",
            "line 2: data before the @data",
        ),
        ("@data\n", "@data_\n", "line 10: data before the @data line"),
    ],
)
def test_bad_files_name_the_file_and_line(tmp_path, old, new, match):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ValueError, match=re.escape(str(path)) + ".*" + match):
        load_ts(path)


def test_bad_cases_against_the_header_or_the_first_case(tmp_path):
    header = {**HEADER, "equalLength": "true", "seriesLength": "3"}
    path = write(
        tmp_path, ts_text([np.ones((3, 2)), np.ones((2, 2))], ["up"] * 2, header)
    )
    with pytest.raises(ValueError, match=r"line 12: .* length 2, .*@seriesLength 3"):
        load_ts(path)
    header = {**HEADER, "equalLength": "true"}  # no @seriesLength: cases must agree
    path = write(
        tmp_path, ts_text([np.ones((3, 2)), np.ones((2, 2))], ["up"] * 2, header)
    )
    with pytest.raises(ValueError, match=r"@equalLength true, but .* lengths \(2 to 3"):
        load_ts(path)
    del header["dimensions"]  # no @dimensions: the first case decides
    path = write(
        tmp_path, ts_text([np.ones((3, 2)), np.ones((3, 1))], ["up"] * 2, header)
    )
    with pytest.raises(ValueError, match=r"line 10: 1 dimensions, .*as on line 9"):
        load_ts(path)
    header = {**HEADER, "univariate": "true"}
    del header["dimensions"]
    path = write(tmp_path, ts_text([np.ones((3, 2))], ["up"], header))
    with pytest.raises(ValueError, match=r"2 dimensions, expected 1 \(@univariate"):
        load_ts(path)
    path = write(tmp_path, ts_text([], [], HEADER))
    with pytest.raises(ValueError, match="no cases after @data"):
        load_ts(path)
    path = write(tmp_path, GOOD.split("@data")[0])
    with pytest.raises(ValueError, match="no @data line"):
        load_ts(path)
    header = {**HEADER, "targetLabel": "true"}
    del header["classLabel"]
    path = write(tmp_path, ts_text([np.ones((3, 2))], ["high"], header))
    with pytest.raises(ValueError, match="line 10: target 'high' is not a number"):
        load_ts(path)
