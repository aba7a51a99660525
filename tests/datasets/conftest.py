"""Shared by the loader tests: a machine without network."""

import urllib.error

import pytest

from sktseq.datasets import _base


@pytest.fixture
def offline_failure(monkeypatch, tmp_path):
    """Call ``load(data_home=...)`` offline; check and return the error message.

    Every download fails as on a machine without DNS.  The message must name
    the address, the cause, the cache folder and SKTSEQ_DATA, and no partial
    file may be left in the cache.
    """

    def urlopen(url, timeout):
        raise urllib.error.URLError("[Errno -2] Name or service not known")

    monkeypatch.setattr(_base.urllib.request, "urlopen", urlopen)

    def check(load, url, filename):
        home = tmp_path / "home"
        with pytest.raises(ConnectionError) as excinfo:
            load(data_home=home)
        message = str(excinfo.value)
        assert f"Could not download {url} into {home}" in message
        assert "Name or service not known" in message
        assert f"put {filename} into {home}" in message
        assert "SKTSEQ_DATA" in message
        assert list(home.iterdir()) == []
        return message

    return check
