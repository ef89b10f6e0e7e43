"""The one way canonym runs work in other processes: loading resolvers and worker pools.

Three callers share it: :func:`canonym.batch.run_many` (``resolve_many``/``annotate_many``
with ``workers > 1``), the JSON Lines pipeline (``normalize --jsonl --workers N``) and the
Dask adapter (one resolver per Dask worker process). What they share:

- **Loading.** :func:`load_resolver` builds the resolver of some registry files (the
  bundled registry for none); :func:`process_resolver` keeps one per process and registry
  list, for callers that are themselves running inside someone else's worker (Dask).
- **Pools.** :func:`worker_pool` starts the processes with a resolver that the caller has
  already loaded and checked, so a bad registry is one error in the caller, never a worker
  that dies in its initializer. On POSIX the workers are forked and inherit the resolver;
  elsewhere it is pickled once per worker. Each pool hands its workers its own resolver
  (two threads with two pools never see each other's), and a worker that dies makes the
  pool's pending results fail with :class:`WorkerError` instead of waiting for ever.
- **Signals.** Workers ignore SIGINT, SIGTERM and SIGHUP: Ctrl-C and ``kill`` reach the
  whole process group, and only the parent decides what to do with them (the command line
  stops after a whole line). Leaving the pool early kills its workers.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # canonym.resolve uses this module (through canonym.batch): import lazily
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from canonym.resolve import Resolver
# multiprocessing and concurrent.futures are imported when a pool starts: a one-off look-up
# in the command line needs neither (they take a tenth of its start-up).

__all__ = [
    "LOADS",
    "STOP_SIGNALS",
    "WorkerError",
    "WorkerPool",
    "load_resolver",
    "process_resolver",
    "worker_pool",
]

T = TypeVar("T")
R = TypeVar("R")

STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""The signals that ask canonym to stop; workers ignore them and leave them to the parent."""


class WorkerError(RuntimeError):
    """A worker process stopped before answering (killed, out of memory, a crash)."""


def load_resolver(aliases: Sequence[str | os.PathLike[str]] = ()) -> Resolver:
    """A resolver over these registry files, or over the bundled registry when there are none.

    A file that cannot be used raises :class:`canonym.RegistryError` here, in the caller.

    >>> load_resolver().resolve("José Gehry").entity.id
    'jose-jeri'
    """
    from canonym.resolve import Resolver  # noqa: PLC0415 (see the import at the top)

    return Resolver.from_files(aliases) if aliases else Resolver.default()


_LOCK = threading.Lock()
_RESOLVERS: dict[tuple[str, ...], Resolver] = {}
LOADS: list[tuple[str, ...]] = []
"""The registries this process has loaded a resolver for, in order (one entry per load)."""


def process_resolver(aliases: Sequence[str | os.PathLike[str]] = ()) -> Resolver:
    """This process's resolver for these registry files, loaded on first use and shared by
    the process's threads afterwards.

    >>> process_resolver() is process_resolver()
    True
    """
    key = tuple(os.fspath(a) for a in aliases)
    with _LOCK:
        resolver = _RESOLVERS.get(key)
        if resolver is None:
            resolver = _RESOLVERS[key] = load_resolver(key)
            LOADS.append(key)
    return resolver


# --- pools ------------------------------------------------------------------------------

# Resolvers handed to forked workers, one entry per live pool: a forked child finds its
# pool's resolver under the pool's token, whatever other threads' pools hold meanwhile.
_HANDED: dict[int, Resolver] = {}
_TOKENS = itertools.count()
# In a worker process: the resolver of the pool it belongs to.
_MINE: list[Resolver] = []


def _start_worker(token: int, resolver: Resolver | None) -> None:
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    _MINE[:] = [resolver if resolver is not None else _HANDED[token]]


def _call(function: Callable[[Resolver, T], R], argument: T) -> R:
    return function(_MINE[0], argument)


class WorkerPool:
    """Worker processes that each hold the same resolver; see :func:`worker_pool`."""

    def __init__(self, executor: ProcessPoolExecutor) -> None:
        self._executor = executor

    def submit(self, function: Callable[[Resolver, T], R], argument: T) -> Future[R]:
        """Run ``function(resolver, argument)`` in a worker. ``function`` must be picklable
        (a module-level function, or a :func:`functools.partial` of one)."""
        from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

        try:
            return self._executor.submit(_call, function, argument)
        except BrokenProcessPool as exc:  # a worker died while the pool was idle
            raise _stopped(exc) from None

    @staticmethod
    def result(future: Future[T]) -> T:
        """The future's result; :class:`WorkerError` if its worker process died."""
        from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise _stopped(exc) from None


def _stopped(exc: BrokenProcessPool) -> WorkerError:
    return WorkerError(f"a worker process stopped before answering ({exc})")


@contextmanager
def worker_pool(resolver: Resolver, workers: int) -> Iterator[WorkerPool]:
    """``workers`` processes holding ``resolver``, shut down when the block ends.

    Leaving the block by an exception (Ctrl-C included) kills the workers at once and
    drops the work not yet done.

    >>> from functools import partial
    >>> from canonym import Resolver
    >>> with worker_pool(load_resolver(), 2) as pool:
    ...     pool.result(pool.submit(partial(Resolver.resolve), "José Gehry")).entity.id
    'jose-jeri'
    """
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    forked = "fork" in multiprocessing.get_all_start_methods()
    token = next(_TOKENS)
    if forked:
        with _LOCK:
            _HANDED[token] = resolver
    executor = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork" if forked else "spawn"),
        initializer=_start_worker,
        initargs=(token, None if forked else resolver),
    )
    try:
        yield WorkerPool(executor)
    except BaseException:
        # ProcessPoolExecutor has no public way to stop running work; its process table is
        # the only handle on the workers (they ignore SIGTERM, so they are killed).
        for process in list(getattr(executor, "_processes", {}).values()):
            process.kill()
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    else:
        executor.shutdown(wait=True)
    finally:
        with _LOCK:
            _HANDED.pop(token, None)
