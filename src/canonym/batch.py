"""Run one of a resolver's per-item methods over many items, faster than a loop.

Two things make a batch cheaper per item: each distinct item is answered once (names and
whole documents repeat in real streams: the same "Kast", the same wire story), and with
``workers > 1`` the distinct items are shared among worker processes. On POSIX the workers
are forked, so they inherit the resolver without pickling it; elsewhere it is pickled once
per worker. Results come back in input order, one per item.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from canonym.resolve import Resolver

__all__ = ["CHUNK", "run_many"]

CHUNK = 128
"""Items sent to a worker at a time."""

_STATE: dict[str, Any] = {}


def _start_worker(resolver: Resolver | None) -> None:
    # Ctrl-C reaches the whole process group: the parent alone decides what to do with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if resolver is not None:
        _STATE["resolver"] = resolver


def _run_chunk(task: tuple[str, dict[str, Any], list[str]]) -> list[Any]:
    method, options, items = task
    function = getattr(_STATE["resolver"], method)
    return [function(item, **options) for item in items]


def run_many(
    resolver: Resolver, method: str, items: Iterable[str], options: dict[str, Any], workers: int = 1
) -> list[Any]:
    """``[getattr(resolver, method)(item, **options) for item in items]``, with each distinct
    item computed once and, with ``workers > 1``, in that many processes."""
    items = list(items)
    distinct = list(dict.fromkeys(items))
    chunks = [distinct[i : i + CHUNK] for i in range(0, len(distinct), CHUNK)]
    if workers <= 1 or len(chunks) < 2:
        function = getattr(resolver, method)
        results = [function(item, **options) for item in distinct]
    else:
        forked = os.name == "posix"
        if forked:
            _STATE["resolver"] = resolver  # inherited by the forked workers
        context = multiprocessing.get_context("fork" if forked else "spawn")
        try:
            with context.Pool(
                min(workers, len(chunks)), _start_worker, (None if forked else resolver,)
            ) as pool:
                parts = pool.map(_run_chunk, [(method, options, chunk) for chunk in chunks])
        finally:
            _STATE.pop("resolver", None)
        results = [result for part in parts for result in part]
    answers = dict(zip(distinct, results))
    return [answers[item] for item in items]
