"""Progress of a tsfresh extraction, for ``TsfreshFeatures(verbose=1)``.

tsfresh's own progress bar is a tqdm bar on stderr, redrawn in place: one
unreadable line per update in a log file, and none at all for Dask
distributors.  Here a distributor wrapper counts the chunks as they come back
and prints lines to stdout, like the neural estimators' epoch lines: one line
per tenth of the work when stdout is not a terminal, a line redrawn in place
(at most five times a second) when it is.

tsfresh is imported inside the functions only (~5 s to import).
"""

import functools
import math
import sys
import time


class Progress:
    """Prints ``[TsfreshFeatures] <stage>: 40% of 2,000 series x kinds, 3.1 s``."""

    def __init__(self, stage):
        self.stage = stage
        self.start_time = time.perf_counter()
        self.total = self.items = 0
        self.shown = -1  # last tenth printed (plain lines)
        self.last_draw = 0.0

    def elapsed(self):
        return time.perf_counter() - self.start_time

    def line(self, done):
        percent = 100 * done // max(self.total, 1)
        return (
            f"[TsfreshFeatures] {self.stage}: {percent:3d}% of {self.items:,} "
            f"series x kinds, {self.elapsed():.1f} s"
        )

    def start(self, total, items):
        self.total, self.items = total, items

    def update(self, done):
        stream = sys.stdout
        if stream.isatty():
            now = time.perf_counter()
            if done == self.total or now - self.last_draw >= 0.2:
                self.last_draw = now
                end = "\n" if done == self.total else ""
                print("\r" + self.line(done), end=end, file=stream, flush=True)
            return
        tenth = 10 * done // max(self.total, 1)
        if tenth > self.shown:
            self.shown = tenth
            print(self.line(done), file=stream, flush=True)

    def message(self, text):
        print(f"[TsfreshFeatures] {self.stage}: {text}", file=sys.stdout, flush=True)


def progress_distributor(inner, progress):
    """``inner`` (a tsfresh distributor) reporting to ``progress``."""
    return _progress_distributor_class()(inner, progress)


def default_distributor(n_jobs):
    """The distributor tsfresh would make itself for its ``n_jobs`` (0: no pool)."""
    from tsfresh.utilities.distribution import (
        MapDistributor,
        MultiprocessingDistributor,
    )

    if n_jobs == 0:
        return MapDistributor(disable_progressbar=True)
    return MultiprocessingDistributor(
        n_workers=n_jobs, disable_progressbar=True, show_warnings=False
    )


@functools.cache
def _progress_distributor_class():
    # Defined on first use: tsfresh is imported only when it is needed.
    from tsfresh.utilities.distribution import IterableDistributorBaseClass

    class ProgressDistributor(IterableDistributorBaseClass):
        """Counts the chunks ``inner`` returns; closes ``inner`` when done.

        It has no ``progressbar_title``, so tsfresh's ``map_reduce`` takes
        its results as a flat list of rows and draws no bar of its own.
        """

        def __init__(self, inner, progress):
            self.inner = inner
            self.progress = progress
            self.chunks = 0

        def calculate_best_chunk_size(self, data_length):
            return self.inner.calculate_best_chunk_size(data_length)

        def map_reduce(
            self,
            map_function,
            data,
            function_kwargs=None,
            chunk_size=None,
            data_length=None,
        ):
            data_length = len(data) if data_length is None else data_length
            chunk_size = chunk_size or self.calculate_best_chunk_size(data_length)
            self.progress.start(math.ceil(data_length / chunk_size), data_length)
            return super().map_reduce(
                map_function, data, function_kwargs, chunk_size, data_length
            )

        def distribute(self, func, partitioned_chunks, kwargs):
            results = self.inner.distribute(func, partitioned_chunks, kwargs)
            if not hasattr(self.inner, "progressbar_title"):
                # Dask distributors return every row at once, when all is done.
                self.progress.update(self.progress.total)
                return results
            return self._counted(results)  # one list of rows per chunk

        def _counted(self, results):
            for done, rows in enumerate(results, start=1):
                yield from rows
                self.progress.update(done)

        def close(self):
            self.inner.close()  # a borrowed distributor's close does nothing

    return ProgressDistributor
