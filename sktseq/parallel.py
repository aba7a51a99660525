"""Helpers for running sktseq past one process: Dask connections and thread limits.

Local parallelism is joblib's (``n_jobs``); past one machine it is Dask's
(``joblib.parallel_backend("dask")`` for grid searches, a Dask distributor for
tsfresh).  Two things are easy to get wrong there and are handled here:

* connecting to a scheduler that is not running, or to a port that speaks
  another protocol, must fail within the timeout, with the address in the
  message, instead of retrying silently for Dask's default 30 s or hanging
  inside a fit;
* every worker must limit its torch and BLAS threads, or ``n_workers x cores``
  threads fight for ``cores`` cores.  joblib's loky workers and Dask's nanny
  both already set ``OMP_NUM_THREADS`` and friends before the worker starts
  (see ``docs/scaling.md``); :func:`thread_limits` reports what a process
  actually got so that this can be checked on a real cluster.

It also turns ``TsfreshFeatures(distributor=...)`` into a tsfresh distributor
(a scheduler address, or a caller's distributor that must survive tsfresh's
habit of closing it after one extraction).

``distributed`` is imported inside the functions: ``import sktseq`` must not
import Dask.
"""

import asyncio
import concurrent.futures
import contextlib
import functools
import os
import sys
import time

__all__ = ["connect_dask", "thread_limits"]


def _connect_timeout(timeout):
    """Seconds to wait for a scheduler: ``timeout`` or Dask's configured value."""
    if timeout is not None:
        return float(timeout)
    import dask
    from dask.utils import parse_timedelta

    return parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))


def _handshake(address, seconds):
    """Complete Dask's handshake with ``address`` within ``seconds``, then hang up.

    Dask bounds the TCP connection by its connect timeout but not the
    handshake after it: a port that accepts connections and then says
    nothing (a dashboard's HTTP port, any other service) makes
    ``Client(address, timeout=...)`` wait for minutes.  This probe runs the
    same handshake under a deadline first, on its own event loop in a
    helper thread, so that it also works where the caller's thread already
    runs a loop (Jupyter).
    """
    from distributed.comm import connect

    async def probe():
        comm = await asyncio.wait_for(connect(address, timeout=seconds), seconds)
        await comm.close()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, probe()).result()


@contextlib.contextmanager
def _bounded_dask_connection(address, timeout=None):
    """Context in which Dask connects to ``address`` within ``timeout`` seconds.

    Checks first that a Dask scheduler answers at ``address`` within
    ``timeout`` seconds (see :func:`_handshake`); Dask clients made inside
    the block (including the one tsfresh's ``ClusterDaskDistributor`` makes)
    then give up after the time left.  Failures are re-raised as a
    :class:`ConnectionError` that names the address.  Used by
    :func:`connect_dask` and by :class:`~sktseq.features.TsfreshFeatures`.
    """
    import dask

    seconds = _connect_timeout(timeout)
    start = time.monotonic()
    try:
        _handshake(address, seconds)
        left = max(seconds - (time.monotonic() - start), 1.0)
        with dask.config.set({"distributed.comm.timeouts.connect": f"{left}s"}):
            yield left
    except (OSError, TimeoutError) as exc:
        raise ConnectionError(
            f"Could not reach the Dask scheduler at {address!r} within "
            f"{seconds:g} s ({type(exc).__name__}: {exc or 'no answer'}). Is "
            "the scheduler running, and is the address its scheduler port (e.g. "
            "'tcp://10.0.0.5:8786'), not another service such as its "
            "dashboard (8787)?"
        ) from exc


def connect_dask(address, *, timeout=None):
    """Connect a ``dask.distributed.Client`` to a running scheduler, failing fast.

    The returned client becomes Dask's default client, so
    ``with joblib.parallel_backend("dask"): search.fit(X, y)`` runs the
    search's fits on that cluster's workers.

    Parameters
    ----------
    address : str
        The scheduler's address, e.g. ``"tcp://10.0.0.5:8786"`` (printed by
        ``dask scheduler`` and shown as ``LocalCluster.scheduler_address``).
    timeout : float, default=None
        Seconds to wait for the scheduler.  None uses Dask's
        ``distributed.comm.timeouts.connect`` setting (30 s unless changed).

    Returns
    -------
    client : distributed.Client
        Close it (or use it as a context manager) when done.

    Raises
    ------
    ConnectionError
        When no Dask scheduler answers at ``address`` within ``timeout``
        seconds, whether nothing listens there or something else does (an
        HTTP server such as the dashboard); the message names the address.

    See Also
    --------
    thread_limits : Report the torch and BLAS thread limits of a process.

    Examples
    --------
    Nothing listens on port 1 of this machine, so this fails within a second:

    >>> from sktseq.parallel import connect_dask
    >>> connect_dask("tcp://127.0.0.1:1", timeout=0.5)
    Traceback (most recent call last):
    ...
    ConnectionError: Could not reach the Dask scheduler at 'tcp://127.0.0.1:1' ...
    """
    from distributed import Client

    with _bounded_dask_connection(address, timeout) as seconds:
        return Client(address, timeout=seconds)


def thread_limits(*, import_torch=False):
    """Report the thread limits of the current process (torch, BLAS/OpenMP).

    Run it inside workers to check that parallel fits do not oversubscribe
    the cores, e.g. ``client.run(thread_limits, import_torch=True)`` on a Dask
    cluster or ``joblib.Parallel(n_jobs=2)(delayed(thread_limits)() for _ in
    range(2))``.

    Parameters
    ----------
    import_torch : bool, default=False
        Import torch first, as a neural estimator's fit would, so that its
        thread count is reported (torch fixes it at import, from
        ``OMP_NUM_THREADS``).

    Returns
    -------
    limits : dict
        ``"cpu_count"``: cores of the machine; ``"env"``: the
        ``OMP_NUM_THREADS``, ``MKL_NUM_THREADS`` and ``OPENBLAS_NUM_THREADS``
        environment variables (None when unset); ``"torch"``:
        ``torch.get_num_threads()``, or None when torch has not been imported
        in this process (torch reads ``OMP_NUM_THREADS`` once, at import);
        ``"threadpools"``: ``{internal_api: num_threads}`` from threadpoolctl
        for the BLAS and OpenMP libraries loaded so far.

    See Also
    --------
    connect_dask : Connect to a Dask scheduler with a bounded timeout.

    Examples
    --------
    >>> from sktseq.parallel import thread_limits
    >>> limits = thread_limits()
    >>> sorted(limits)
    ['cpu_count', 'env', 'threadpools', 'torch']
    """
    from threadpoolctl import threadpool_info

    torch = sys.modules.get("torch")
    if import_torch and torch is None:
        import torch  # torch fixes its thread count at import
    pools = {}
    for info in threadpool_info():
        pools[info["internal_api"]] = max(
            pools.get(info["internal_api"], 0), info["num_threads"]
        )
    env_vars = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
    return {
        "cpu_count": os.cpu_count(),
        "env": {name: os.environ.get(name) for name in env_vars},
        "torch": None if torch is None else torch.get_num_threads(),
        "threadpools": pools,
    }


def _tsfresh_distributor(distributor):
    """A tsfresh distributor for ``TsfreshFeatures(distributor=...)``.

    Parameters
    ----------
    distributor : str, tsfresh distributor or None
        None: let tsfresh choose from ``n_jobs``.  A Dask scheduler address:
        a new tsfresh ``ClusterDaskDistributor`` connected to it within Dask's
        connect timeout (``ConnectionError`` naming the address otherwise).
        A tsfresh distributor object: wrapped so that tsfresh's ``map_reduce``
        does not close it after one extraction (the caller owns it).

    Returns
    -------
    distributor : tsfresh distributor or None
        What to pass to ``tsfresh.extract_features(distributor=...)``.
    owned : bool
        True when this call connected it, so the caller closes it afterwards.
    """
    if distributor is None:
        return None, False  # tsfresh: no pool for n_jobs 0 or 1, else a Pool
    if isinstance(distributor, str):
        from tsfresh.utilities.distribution import ClusterDaskDistributor

        with _bounded_dask_connection(distributor):
            return ClusterDaskDistributor(distributor), True
    from tsfresh.utilities.distribution import IterableDistributorBaseClass

    if isinstance(distributor, IterableDistributorBaseClass):
        return _borrowed_distributor_class()(distributor), False
    return distributor, False


@functools.cache
def _borrowed_distributor_class():
    # Defined on first use: tsfresh is imported only when it is needed.
    from tsfresh.utilities.distribution import IterableDistributorBaseClass

    class BorrowedDistributor(IterableDistributorBaseClass):
        """A caller's distributor that tsfresh must not close after one use."""

        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            # tsfresh's map_reduce flattens results differently for
            # distributors with a progress bar: mirror the inner one's.
            if name == "inner":
                raise AttributeError(name)
            return getattr(self.inner, name)

        def calculate_best_chunk_size(self, data_length):
            return self.inner.calculate_best_chunk_size(data_length)

        def distribute(self, func, partitioned_chunks, kwargs):
            return self.inner.distribute(func, partitioned_chunks, kwargs)

        def close(self):
            pass  # the caller owns the connection or pool

    return BorrowedDistributor
