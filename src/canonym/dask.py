"""Run canonym over Dask collections, partition by partition, one resolver per worker process.

Dask ships the function, not the resolver: the first partition a worker process meets
loads the resolver (from the bundled registries, named as ``--registry`` names them:
``aliases=["world"]``, or from registry files at paths every worker can read; through the
on-disk index cache when it is warm) and later partitions
reuse it (:func:`canonym.workers.process_resolver`). Bags hold the plain dictionaries the
command line writes, equal to what a single-process run gives; an item that is not text
(None, a number) is answered with None instead of failing the job. DataFrames get a
column with a declared Arrow type (:data:`MENTIONS_TYPE`), so they can be written to
Parquet as they are.

Install with ``pip install "canonym[dask]"``; see docs/scaling.md.

>>> import dask.bag as db
>>> texts = db.from_sequence(["José Gehry met Janet Jara.", "Lima."], npartitions=2)
>>> [[m["id"] for m in doc["mentions"]] for doc in annotate_bag(texts).compute(scheduler="sync")]
[['jose-jeri', 'jeannette-jara'], ['lima']]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from canonym.registry import BUNDLED, bundled_path
from canonym.workers import LOADS, process_resolver

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = [
    "LOADS",
    "annotate_bag",
    "annotate_dataframe",
    "annotate_frame",
    "annotate_partition",
    "mentions_type",
    "resolve_bag",
    "resolve_partition",
    "worker_resolver",
]

worker_resolver = process_resolver
"""This process's resolver for some registry files (see :func:`canonym.workers.process_resolver`)."""


def mentions_type() -> Any:  # a pyarrow.DataType (pyarrow ships no type hints)
    """The Arrow type of a mentions column: a list of one struct per mention, with the
    fields of :meth:`canonym.Mention.as_dict` (``title`` and ``suspicious`` null where the
    mention has none).

    >>> str(mentions_type().value_type.field("score").type)
    'double'
    """
    # An optional dependency (dask[dataframe] requires it); it ships no type hints.
    import pyarrow  # type: ignore[import-untyped]  # noqa: PLC0415

    text = pyarrow.string()
    return pyarrow.list_(
        pyarrow.struct(
            [
                ("start", pyarrow.int64()),
                ("end", pyarrow.int64()),
                ("text", text),
                ("id", text),
                ("canonical", text),
                ("type", text),
                ("score", pyarrow.float64()),
                ("via", text),
                ("title", text),
                ("suspicious", pyarrow.list_(text)),
            ]
        )
    )


def _registry_files(aliases: Sequence[str]) -> tuple[str, ...]:
    """The files of ``aliases``: bundled registries by name (``"world"``) and registry
    files, as ``--registry`` takes them; looked up on the worker, where canonym is installed."""
    return tuple(os.fspath(bundled_path(a)) if a in BUNDLED else a for a in aliases)


def _texts(items: Iterable[object]) -> tuple[list[object], list[str]]:
    items = list(items)
    return items, [item for item in items if isinstance(item, str)]


def annotate_partition(
    texts: Iterable[object], aliases: Sequence[str] = (), source_lang: str | None = None
) -> list[dict[str, Any] | None]:
    """``{"text", "mentions"}`` for each text of one partition (see :meth:`Resolver.annotate`),
    None for an item that is not text."""
    items, strings = _texts(texts)
    resolver = worker_resolver(_registry_files(aliases))
    docs = iter(resolver.annotate_many(strings, source_lang=source_lang))
    return [next(docs).as_dict() if isinstance(item, str) else None for item in items]


def resolve_partition(
    names: Iterable[object],
    aliases: Sequence[str] = (),
    threshold: float | None = None,
    source_lang: str | None = None,
) -> list[dict[str, Any] | None]:
    """The match of each name of one partition as a dictionary; None for an unknown name
    and for an item that is not text."""
    items, strings = _texts(names)
    resolver = worker_resolver(_registry_files(aliases))
    matches = iter(resolver.resolve_many(strings, threshold=threshold, source_lang=source_lang))
    answers = [next(matches) if isinstance(item, str) else None for item in items]
    return [None if m is None else m.as_dict() for m in answers]


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
    """A copy of one pandas partition with an ``output`` column of type
    :func:`mentions_type`: the mentions of each row's ``column`` text (missing where the
    cell is not text)."""
    import pandas  # noqa: PLC0415 (optional, as above)

    resolver = worker_resolver(_registry_files(aliases))
    out = frame.copy()
    values = [
        [m.as_dict() for m in resolver.annotate(text, source_lang=source_lang).mentions]
        if isinstance(text, str)
        else None
        for text in frame[column]
    ]
    out[output] = pandas.Series(
        pandas.array(values, dtype=pandas.ArrowDtype(mentions_type())), index=frame.index
    )
    return out


def annotate_dataframe(
    frame: dask.dataframe.DataFrame,
    column: str = "text",
    *,
    aliases: Sequence[str] = (),
    source_lang: str | None = None,
    output: str = "mentions",
) -> dask.dataframe.DataFrame:
    """``frame`` with an ``output`` column of mentions, computed partition by partition.

    The column's type is declared (:func:`mentions_type`), so the result can go straight
    to ``to_parquet``.
    """
    import pandas  # noqa: PLC0415 (an optional dependency, present wherever Dask DataFrames are)

    meta = frame._meta.assign(**{output: pandas.Series(dtype=pandas.ArrowDtype(mentions_type()))})
    return frame.map_partitions(annotate_frame, column, tuple(aliases), source_lang, output, meta=meta)
