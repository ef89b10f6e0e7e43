"""Run canonym over Dask collections, partition by partition, one resolver per worker process.

Dask ships the function, not the resolver: the first partition a worker process meets
loads the resolver (from the bundled registry, or from registry files at paths every
worker can read; through the on-disk index cache when it is warm) and later partitions
reuse it. Results are the plain dictionaries the command line writes, so they are equal
to what a single-process run gives and fit in a Dask DataFrame column.

Install with ``pip install "canonym[dask]"``; see docs/scaling.md.

>>> import dask.bag as db
>>> texts = db.from_sequence(["José Gehry met Janet Jara.", "Lima."], npartitions=2)
>>> [[m["id"] for m in doc["mentions"]] for doc in annotate_bag(texts).compute(scheduler="sync")]
[['jose-jeri', 'jeannette-jara'], ['lima']]
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from canonym.pipeline import load_resolver
from canonym.resolve import Resolver

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = [
    "annotate_bag",
    "annotate_dataframe",
    "annotate_frame",
    "annotate_partition",
    "resolve_bag",
    "resolve_partition",
    "worker_resolver",
]

_LOCK = threading.Lock()
_RESOLVERS: dict[tuple[str, ...], Resolver] = {}
LOADS: list[tuple[str, ...]] = []
"""The registries this process has loaded a resolver for, in order (one entry per load)."""


def worker_resolver(aliases: Sequence[str | os.PathLike[str]] = ()) -> Resolver:
    """This process's resolver for these registry files (the bundled registry for none),
    loaded on first use and shared by the worker's threads afterwards."""
    key = tuple(os.fspath(a) for a in aliases)
    with _LOCK:
        resolver = _RESOLVERS.get(key)
        if resolver is None:
            resolver = _RESOLVERS[key] = load_resolver(key)
            LOADS.append(key)
    return resolver


def annotate_partition(
    texts: Iterable[str], aliases: Sequence[str] = (), source_lang: str | None = None
) -> list[dict[str, Any]]:
    """``{"text", "mentions"}`` for each text of one partition (see :meth:`Resolver.annotate`)."""
    resolver = worker_resolver(aliases)
    return [doc.as_dict() for doc in resolver.annotate_many(texts, source_lang=source_lang)]


def resolve_partition(
    names: Iterable[str],
    aliases: Sequence[str] = (),
    threshold: float | None = None,
    source_lang: str | None = None,
) -> list[dict[str, Any] | None]:
    """The match of each name of one partition as a dictionary, or None."""
    resolver = worker_resolver(aliases)
    matches = resolver.resolve_many(names, threshold=threshold, source_lang=source_lang)
    return [None if m is None else m.as_dict() for m in matches]


def annotate_bag(
    texts: dask.bag.Bag, *, aliases: Sequence[str] = (), source_lang: str | None = None
) -> dask.bag.Bag:
    """A bag of ``{"text", "mentions"}`` dictionaries, one per text, in order."""
    return texts.map_partitions(annotate_partition, aliases=tuple(aliases), source_lang=source_lang)


def resolve_bag(
    names: dask.bag.Bag,
    *,
    aliases: Sequence[str] = (),
    threshold: float | None = None,
    source_lang: str | None = None,
) -> dask.bag.Bag:
    """A bag of match dictionaries (None where a name is unknown), one per name, in order."""
    return names.map_partitions(
        resolve_partition, aliases=tuple(aliases), threshold=threshold, source_lang=source_lang
    )


def annotate_frame(
    frame: pandas.DataFrame,
    column: str = "text",
    aliases: Sequence[str] = (),
    source_lang: str | None = None,
    output: str = "mentions",
) -> pandas.DataFrame:
    """A copy of one pandas partition with an ``output`` column: the mentions of each row's
    ``column`` text as a list of dictionaries (None where the cell is not text)."""
    resolver = worker_resolver(aliases)
    out = frame.copy()
    out[output] = [
        [m.as_dict() for m in resolver.annotate(text, source_lang=source_lang).mentions]
        if isinstance(text, str)
        else None
        for text in frame[column]
    ]
    return out


def annotate_dataframe(
    frame: dask.dataframe.DataFrame,
    column: str = "text",
    *,
    aliases: Sequence[str] = (),
    source_lang: str | None = None,
    output: str = "mentions",
) -> dask.dataframe.DataFrame:
    """``frame`` with an ``output`` column of mentions, computed partition by partition."""
    import pandas  # noqa: PLC0415 (an optional dependency, present wherever Dask DataFrames are)

    meta = frame._meta.assign(**{output: pandas.Series(dtype=object)})
    return frame.map_partitions(annotate_frame, column, tuple(aliases), source_lang, output, meta=meta)
