"""Run the text pipeline over a stream of JSON Lines records, in order, in bounded memory.

Every input line gives exactly one output line, in the same order: the record with its
``mentions`` added, or, when the line is not a JSON object or lacks a text field, the line
with an ``error`` field saying why. With several workers, batches of lines are annotated
in parallel processes (each loads the resolver once) and written back in input order; at
most ``workers * 2`` batches are in flight, so memory does not grow with the input.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from canonym.resolve import Resolver

__all__ = ["Outcome", "annotate_record", "annotate_records", "load_resolver"]

BATCH = 256


@dataclass(frozen=True)
class Outcome:
    """One output line and whether its input line was a usable record."""

    line: str
    ok: bool


def load_resolver(aliases: Sequence[str]) -> Resolver:
    """A resolver over these registry files, or over the bundled registry when there are none."""
    return Resolver.from_files(aliases) if aliases else Resolver.default()


def annotate_record(
    line: str, resolver: Resolver, *, field: str = "text", source_lang: str | None = None, number: int = 0
) -> Outcome:
    """Annotate one JSON Lines record: ``record[field]`` gets its mentions in ``mentions``.

    >>> r = Resolver.default()
    >>> record = json.loads(annotate_record('{"id": 7, "text": "José Gehry spoke."}', r).line)
    >>> record["id"], [(m["start"], m["end"], m["id"]) for m in record["mentions"]]
    (7, [(0, 10, 'jose-jeri')])
    >>> annotate_record("not json", r, number=3).line
    '{"error": "line 3: not valid JSON (Expecting value at column 1)", "input": "not json"}'
    """
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})", line)
    if not isinstance(record, dict):
        return _error(f"line {number}: not a JSON object", line)
    text = record.get(field)
    if not isinstance(text, str):
        problem = "missing" if field not in record else "not a string"
        record["error"] = f"line {number}: field {field!r} is {problem}"
        return Outcome(json.dumps(record, ensure_ascii=False), False)
    annotated = resolver.annotate(text, source_lang=source_lang)
    record["mentions"] = [m.as_dict() for m in annotated.mentions]
    return Outcome(json.dumps(record, ensure_ascii=False), True)


def _error(message: str, line: str) -> Outcome:
    return Outcome(json.dumps({"error": message, "input": line}, ensure_ascii=False), False)


# --- worker processes -------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(aliases: Sequence[str], field: str, source_lang: str | None) -> None:
    # Ctrl-C reaches the whole process group: the parent alone decides what to do with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["resolver"] = load_resolver(aliases)
    _WORKER["field"] = field
    _WORKER["lang"] = source_lang


def _work(batch: tuple[int, list[str]]) -> list[Outcome]:
    first, lines = batch
    resolver = _WORKER["resolver"]
    return [
        annotate_record(line, resolver, field=_WORKER["field"], source_lang=_WORKER["lang"], number=first + k)
        for k, line in enumerate(lines)
    ]


def _batches(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    batch: list[str] = []
    first = 1
    for number, line in enumerate(lines, 1):
        if not batch:
            first = number
        batch.append(line)
        if len(batch) == BATCH:
            yield first, batch
            batch = []
    if batch:
        yield first, batch


def annotate_records(
    lines: Iterable[str],
    *,
    aliases: Sequence[str] = (),
    field: str = "text",
    source_lang: str | None = None,
    workers: int = 1,
) -> Iterator[Outcome]:
    """Annotate JSON Lines records, yielding one :class:`Outcome` per line, in order."""
    if workers <= 1:
        resolver = load_resolver(aliases)
        for number, line in enumerate(lines, 1):
            yield annotate_record(line, resolver, field=field, source_lang=source_lang, number=number)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with context.Pool(
        workers, initializer=_init_worker, initargs=(tuple(aliases), field, source_lang)
    ) as pool:
        pending: list[Any] = []
        for batch in _batches(lines):
            pending.append(pool.apply_async(_work, (batch,)))
            if len(pending) >= workers * 2:
                yield from pending.pop(0).get()
        for result in pending:
            yield from result.get()
