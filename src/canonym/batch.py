"""Run one of a resolver's per-item methods over many items, faster than a loop.

Two things make a batch cheaper per item: each distinct item is answered once (names and
whole documents repeat in real streams: the same "Kast", the same wire story), and with
``workers > 1`` the distinct items are shared among worker processes (started by
:mod:`canonym.workers`, which hands each pool's workers that pool's resolver). Results come
back in input order, one per item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

    from canonym.resolve import Resolver

__all__ = ["CHUNK", "run_many"]

CHUNK = 128
"""Items sent to a worker at a time."""

R = TypeVar("R")


def _each(function: Callable[[Resolver, str], R], resolver: Resolver, items: list[str]) -> list[R]:
    return [function(resolver, item) for item in items]


def run_many(
    resolver: Resolver, function: Callable[[Resolver, str], R], items: Iterable[str], workers: int = 1
) -> list[R]:
    """``[function(resolver, item) for item in items]``, with each distinct item computed
    once and, with ``workers > 1``, in that many processes.

    ``function`` takes the resolver first (an unbound method such as ``Resolver.resolve``,
    or a :func:`functools.partial` of one with its options); with workers it must be
    picklable, as those are.

    >>> from canonym import Resolver
    >>> answers = run_many(Resolver.default(), Resolver.resolve, ["Lima", "José Gehry", "Lima"])
    >>> [a.entity.id for a in answers]
    ['lima', 'jose-jeri', 'lima']
    """
    items = list(items)
    distinct = list(dict.fromkeys(items))
    chunks = [distinct[i : i + CHUNK] for i in range(0, len(distinct), CHUNK)]
    if workers <= 1 or len(chunks) < 2:
        results = _each(function, resolver, distinct)
    else:
        from canonym.workers import worker_pool  # noqa: PLC0415 (pools start rarely: see canonym.workers)

        task = partial(_each, function)
        with worker_pool(resolver, min(workers, len(chunks))) as pool:
            futures: list[Future[list[R]]] = [pool.submit(task, chunk) for chunk in chunks]
            results = [result for future in futures for result in pool.result(future)]
    answers = dict(zip(distinct, results))
    return [answers[item] for item in items]
