"""Scaling out: grid searches and tsfresh extraction on a real Dask cluster.

One ``LocalCluster`` (2 worker processes, 1 thread each, 127.0.0.1 only) is
started for the module and always shut down.  Each test is bounded in time.
"""

import http.server
import socket
import threading

import numpy as np
import pytest
from joblib import Parallel, delayed, parallel_backend
from numpy.testing import assert_allclose
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline

from sktseq.features import FlattenWindows, TsfreshFeatures
from sktseq.parallel import connect_dask, thread_limits
from sktseq.windows import WindowTransformer

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

FC = {"mean": None, "maximum": None, "autocorrelation": [{"lag": 1}]}


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        with distributed.Client(cluster) as client:
            yield client
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def series():
    rng = np.random.default_rng(0)
    table = rng.normal(size=(240, 2)).cumsum(axis=0)
    return table[:-1], table[1:, 0]  # predict the next value of column 0


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once closed


def assert_same_search(local, remote):
    assert remote.best_params_ == local.best_params_
    for key in local.cv_results_:
        if key.endswith("_test_score") and not key.startswith("rank"):
            assert_allclose(remote.cv_results_[key], local.cv_results_[key], rtol=1e-5)


def run_search(pipe, grid, X, y, *, dask_client=None):
    search = GridSearchCV(
        pipe, grid, cv=TimeSeriesSplit(n_splits=3), scoring="neg_mean_absolute_error"
    )
    if dask_client is None:
        return search.fit(X, y)
    search.set_params(n_jobs=-1)
    with distributed.get_task_stream(dask_client) as tasks, parallel_backend("dask"):
        search.fit(X, y)
    assert tasks.data, "the search did not run on the cluster"
    return search


def test_workers_limit_torch_and_blas_threads(client):
    limits = client.run(thread_limits, import_torch=True)
    assert len(limits) == 2
    for worker in limits.values():
        assert worker["env"]["OMP_NUM_THREADS"] == "1"  # Dask's nanny sets it
        assert worker["torch"] == 1
        assert all(n == 1 for n in worker["threadpools"].values())


def test_loky_workers_limit_torch_threads():
    # joblib's loky workers get cpu_count // n_jobs threads each.
    limits = Parallel(n_jobs=2)(
        delayed(thread_limits)(import_torch=True) for _ in range(2)
    )
    for worker in limits:
        assert worker["torch"] == max(1, worker["cpu_count"] // 2)
        assert all(n <= worker["torch"] for n in worker["threadpools"].values())


def test_grid_search_on_dask_equals_local(client, series):
    X, y = series
    pipe = make_pipeline(WindowTransformer(seq_len=4), FlattenWindows(), Ridge())
    grid = {"windowtransformer__seq_len": [4, 12], "ridge__alpha": [0.1, 100.0]}
    local = run_search(pipe, grid, X, y)
    remote = run_search(pipe, grid, X, y, dask_client=client)
    assert_same_search(local, remote)


def test_lstm_grid_search_on_dask_equals_local(client, series):
    from sktseq.nn import LSTMRegressor

    X, y = series
    lstm = LSTMRegressor(hidden_size=4, max_epochs=2, batch_size=32, random_state=0)
    pipe = make_pipeline(WindowTransformer(seq_len=6), lstm)
    grid = {"lstmregressor__hidden_size": [2, 6]}
    local = run_search(pipe, grid, X, y)
    remote = run_search(pipe, grid, X, y, dask_client=client)
    assert_same_search(local, remote)


def test_tsfresh_on_the_cluster_equals_local(client, series):
    X, y = series
    windows = WindowTransformer(seq_len=10).fit_transform(X)
    address = client.scheduler.address
    local = TsfreshFeatures(default_fc_parameters=FC, select=True).fit(windows, y)
    remote = TsfreshFeatures(default_fc_parameters=FC, select=True, distributor=address)
    with distributed.get_task_stream(client) as tasks:
        out = remote.fit(windows, y).transform(windows)
    assert tasks.data, "the extraction did not run on the cluster"
    assert list(remote.get_feature_names_out()) == list(local.get_feature_names_out())
    assert_allclose(out, local.transform(windows), rtol=1e-12)


def test_tsfresh_with_tsfresh_dask_distributor_instance(client, series):
    from tsfresh.utilities.distribution import ClusterDaskDistributor

    windows = WindowTransformer(seq_len=10).fit_transform(series[0])
    distributor = ClusterDaskDistributor(client.scheduler.address)
    try:
        tf = TsfreshFeatures(default_fc_parameters=FC, distributor=distributor)
        out = tf.fit(windows).transform(windows)  # the client survives fit
    finally:
        distributor.close()
    expected = TsfreshFeatures(default_fc_parameters=FC).fit_transform(windows)
    assert_allclose(out, expected, rtol=1e-12)


@pytest.mark.timeout(60)
def test_unreachable_scheduler_fails_fast_with_the_address():
    address = f"tcp://127.0.0.1:{closed_port()}"
    windows = np.zeros((4, 3, 1))
    tf = TsfreshFeatures(default_fc_parameters=FC, distributor=address)
    short_timeout = dask.config.set({"distributed.comm.timeouts.connect": "1s"})
    with short_timeout, pytest.raises(ConnectionError, match=f"'{address}' within 1 s"):
        tf.fit(windows)
    with pytest.raises(ConnectionError, match=f"'{address}' within 0.5 s"):
        connect_dask(address, timeout=0.5)


@pytest.mark.timeout(60)
def test_connect_dask_reaches_a_running_scheduler(client):
    with connect_dask(client.scheduler.address, timeout=10) as other:
        assert len(other.scheduler_info()["workers"]) == 2


class _QuietHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass  # Dask's handshake is a bad HTTP request; no need to print it


@pytest.fixture
def http_server():
    """A tiny HTTP server on 127.0.0.1 (like a dashboard port): not Dask."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# The bound is the test's hang guard: before the fix this call waited for
# minutes (Dask does not time its handshake).
@pytest.mark.timeout(60)
def test_a_port_speaking_another_protocol_fails_within_timeout(http_server):
    with pytest.raises(ConnectionError) as excinfo:
        connect_dask(http_server, timeout=1)
    message = str(excinfo.value)
    assert f"'{http_server}' within 1 s" in message
    assert "scheduler port" in message
    windows = np.zeros((4, 3, 1))
    tf = TsfreshFeatures(default_fc_parameters=FC, distributor=http_server)
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
        pytest.raises(ConnectionError, match=f"'{http_server}' within 1 s"),
    ):
        tf.fit(windows)
