"""Where the works of a site build are built: in this process, on a local process pool, or on Dask.

Building a work's pages is a pure function of the builder's snapshot (the corpus catalogue, every reading,
the relations graph with its indexes, the version start dates of every amended work) and the work's URI: it
returns the work's files (its search entries among them) and its count of versions, and writes nothing. The snapshot is
made once and shipped to the workers (inherited by a forked pool, scattered once to every Dask worker); each
worker reads the trees it needs from the corpus folder, which a cluster's nodes must share.

The results come back as they are done, at most ``window`` at a time in flight, and are written by the
calling process alone, so memory holds a bounded number of works' pages whatever the corpus size, and the
site is the same bytes whatever the order or the number of workers.
"""
from __future__ import annotations

import copy
import itertools
import json
import os
from dataclasses import dataclass, field

from ..errors import BuildEngineError


@dataclass
class WorkPages:
    uri: str
    files: dict[str, bytes] = field(default_factory=dict)
    versions: int = 0


def pages_of(builder, uri: str) -> WorkPages:
    """The pages of one work (pure: the builder is not changed; a shallow copy collects the files). The
    process's C heap is trimmed every so many works (:class:`HeapTrim`), which changes nothing built."""
    b = copy.copy(builder)
    b.sink, b.files, b.written, b.search, b.n_versions, b.n_works = None, {}, set(), [], 0, 0
    b.build_work(uri)
    # the work's search entries are one more of its files (kept in the build state, reused with its pages)
    from .search import entries_file
    b.put(entries_file(uri), json.dumps(b.search, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    _HEAP.built()
    return WorkPages(uri, b.files, b.n_versions)


class HeapTrim:
    """Every ``every`` works built in a process, the C heap's free memory is merged and given back to the
    system (glibc's ``malloc_trim``). A long build frees and allocates the XML and the pages of thousands of works;
    in one probe (issue 12) the same 300 works built after a 4,000-work build took 25–30% longer than before it,
    and as long as before once trimmed. Its effect on a whole build's time was not shown above the machine's
    noise. Where the C library has no ``malloc_trim`` (not glibc), nothing is done. What is built does not
    depend on it."""

    def __init__(self, every: int = 50):
        self.every = every
        self.count = 0
        self._trim = None          # malloc_trim, looked up on first use (False: not there)

    def trim(self) -> bool:
        """Trim now; False where the C library cannot."""
        if self._trim is None:
            import ctypes

            from ..output import libc_function
            self._trim = libc_function("malloc_trim", [ctypes.c_size_t]) or False
        if self._trim is False:
            return False
        self._trim(0)
        return True

    def built(self) -> None:
        self.count += 1
        if self.count % self.every == 0:
            self.trim()


_HEAP = HeapTrim()


def starts_of(builder, uri: str) -> tuple[str, list]:
    """The start dates of a work's versions (what links into its versions need)."""
    return uri, builder.version_starts(uri)


# -- engines --------------------------------------------------------------------------
_WORKER_BUILDER = None


def _init_worker(builder) -> None:
    global _WORKER_BUILDER
    _WORKER_BUILDER = builder


def _in_worker(fn, item):
    return fn(_WORKER_BUILDER, item)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:           # not on Linux
        return max(1, os.cpu_count() or 1)


class Engine:
    """Runs ``fn(builder, item)`` over items; yields results as they are done."""

    name = "serial"
    workers = 1

    def map(self, fn, builder, items):
        for item in items:
            yield fn(builder, item)

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return "1 process"


class PoolEngine(Engine):
    """A local process pool. The builder reaches the workers by fork where the system has it (nothing pickled),
    else pickled once per worker."""

    name = "pool"

    def __init__(self, workers: int):
        if workers < 1:
            raise BuildEngineError("the number of workers must be at least 1", found=str(workers),
                                   expected="--workers N with N ≥ 1")
        self.workers = workers

    def map(self, fn, builder, items):
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        items = iter(items)
        window = 4 * self.workers
        with ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(builder,)) as ex:
            pending = set()
            for item in items:
                pending.add(ex.submit(_in_worker, fn, item))
                if len(pending) >= window:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for f in done:
                        yield f.result()
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield f.result()

    def describe(self) -> str:
        return f"{self.workers} processes"


class DaskEngine(Engine):
    """Dask distributed: a scheduler's address (``tcp://HOST:8786``) or a ``Client`` already made."""

    name = "dask"

    def __init__(self, scheduler, *, timeout: str = "20s"):
        try:
            from distributed import Client
        except ImportError as e:
            raise BuildEngineError("Dask distributed is not installed",
                                   expected="pip install 'dask[distributed]' (or .[dask])") from e
        if isinstance(scheduler, Client):
            self.client, self._own = scheduler, False
        else:
            try:
                self.client, self._own = Client(scheduler, timeout=timeout), True
            except (OSError, TimeoutError) as e:
                raise BuildEngineError("cannot reach the Dask scheduler", found=str(scheduler),
                                       expected="the address of a running dask scheduler, tcp://HOST:8786") from e
        self.workers = max(1, sum(self.client.nthreads().values()))

    def map(self, fn, builder, items):
        from distributed import as_completed
        snapshot = self.client.scatter(builder, broadcast=True)       # shipped once to every worker
        items = iter(items)
        window = 4 * self.workers
        first = [self.client.submit(fn, snapshot, item, pure=False) for item in itertools.islice(items, window)]
        queue = as_completed(first, with_results=True)
        for _, result in queue:
            yield result
            nxt = next(items, None)
            if nxt is not None:
                queue.add(self.client.submit(fn, snapshot, nxt, pure=False))
        self.client.cancel(snapshot)

    def close(self) -> None:
        if self._own:
            self.client.close()

    def describe(self) -> str:
        return f"Dask at {self.client.scheduler.address} ({self.workers} threads)"


def engine(workers: int | None = None, scheduler=None) -> Engine:
    """The engine a build asks for: Dask with a scheduler, else a pool of ``workers`` (1: this process)."""
    if scheduler is not None:
        return DaskEngine(scheduler)
    n = default_workers() if workers is None else workers
    return Engine() if n == 1 else PoolEngine(n)
