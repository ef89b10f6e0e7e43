"""Run the text pipeline over a stream of JSON Lines records, in order, in bounded memory.

Every input line gives exactly one output line, in the same order: the record with its
``mentions`` added, or, when the line is not a usable JSON object (not JSON, nested too
deeply, a number too long to read, no text field), the line with an ``error`` field saying
why. A record that fails is answered with its error and the stream goes on.

The output line is the input line with one member spliced in before its closing brace:
every other field leaves byte for byte as it came (numbers such as ``1e400`` or ``-0``,
escapes, duplicate keys, spacing), since the record is never serialised again. A
``mentions`` (or, on an error, ``error``) member already in the record is cut out first.

With several workers, batches of lines are annotated in parallel processes
(:mod:`canonym.workers`) and written back in input order; at most ``workers * 2`` batches
are in flight, so memory does not grow with the input.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from canonym.resolve import Resolver
from canonym.roles import as_day
from canonym.workers import load_resolver, worker_pool

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["Outcome", "annotate_record", "annotate_records", "load_resolver"]

BATCH = 256

_WHITESPACE = " \t\n\r"  # JSON's own whitespace, nothing else
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Outcome:
    """One output line and whether its input line was a usable record."""

    line: str
    ok: bool


def _dumps(value: object) -> str:
    """Compact JSON with text as it is, except that a lone surrogate (which has no UTF-8
    form) makes the whole value ASCII-escaped, so the output stays valid UTF-8."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return text


def _skip(line: str, position: int) -> int:
    """The first position from ``position`` on that is not JSON whitespace."""
    while position < len(line) and line[position] in _WHITESPACE:
        position += 1
    return position


def _members(line: str) -> list[tuple[str, int, int]]:
    """``(key, start, end)`` of each member of the JSON object ``line`` (already known to
    parse as one): ``line[start:end]`` is ``"key": value``."""
    position = _skip(line, 0) + 1
    position = _skip(line, position)
    members: list[tuple[str, int, int]] = []
    while line[position] == '"':
        start = position
        key, position = json.decoder.scanstring(line, position + 1)  # type: ignore[attr-defined]
        position = _skip(line, position) + 1
        position = _skip(line, position)
        _, position = _DECODER.raw_decode(line, position)
        members.append((key, start, position))
        position = _skip(line, position)
        if line[position] == ",":
            position = _skip(line, position + 1)
    return members


def _without(line: str, key: str) -> str:
    """``line`` with every member named ``key`` cut out, the rest untouched."""
    members = _members(line)
    cuts: list[tuple[int, int]] = []
    for k, (name, start, end) in enumerate(members):
        if name != key:
            continue
        if k + 1 < len(members):
            cuts.append((start, members[k + 1][1]))  # the member, its comma, the space after
        elif k > 0:
            cuts.append((members[k - 1][2], end))  # the comma before the last member too
        else:
            cuts.append((start, end))
    for start, end in reversed(_merge(cuts)):
        line = line[:start] + line[end:]
    return line


def _merge(cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in cuts:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _splice(line: str, record: dict[str, Any], key: str, value: object) -> str:
    """The object ``line`` with the member ``"key": value`` as its last member."""
    if key in record:
        line = _without(line, key)
    brace = len(line.rstrip(_WHITESPACE)) - 1  # the object's closing brace
    body_end = len(line[:brace].rstrip(_WHITESPACE))
    separator = "" if line[body_end - 1] == "{" else ", "
    member = f"{separator}{_dumps(key)}: {_dumps(value)}"
    return line[:body_end] + member + line[body_end:]


def _parse(line: str, number: int) -> tuple[Any, str | None]:
    """The JSON value of ``line``, or the reason it has none."""
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})"
    except RecursionError:
        return None, f"line {number}: not usable JSON (nested too deeply)"
    except ValueError as exc:  # an integer of more digits than Python converts (sys.int_info)
        reason = str(exc).split(";")[0].splitlines()[0]
        return None, f"line {number}: not usable JSON ({reason})"


def annotate_record(
    line: str,
    resolver: Resolver,
    *,
    field: str = "text",
    source_lang: str | None = None,
    number: int = 0,
    date: datetime.date | None = None,
    date_field: str | None = None,
) -> Outcome:
    """Annotate one JSON Lines record: ``record[field]`` gets its mentions in ``mentions``.

    Every other member of the line comes out as it went in, byte for byte. The text is
    annotated as of ``record[date_field]`` (``YYYY-MM-DD``) when the record has that
    field, else as of ``date`` (see :meth:`Resolver.annotate`); a date that is not a day is
    the record's error.

    >>> r = Resolver.default()
    >>> line = annotate_record('{"id": 7e400, "text": "Lima."}', r).line
    >>> line.startswith('{"id": 7e400, "text": "Lima.", "mentions": [{"start": 0, "end": 4, "text": "Lima", ')
    True
    >>> annotate_record("not json", r, number=3).line
    '{"error": "line 3: not valid JSON (Expecting value at column 1)", "input": "not json"}'
    """
    record, problem = _parse(line, number)
    if problem is not None:
        return _error(problem, line)
    if not isinstance(record, dict):
        return _error(f"line {number}: not a JSON object", line)
    text = record.get(field)
    if not isinstance(text, str):
        problem = "missing" if field not in record else "not a string"
        return Outcome(_splice(line, record, "error", f"line {number}: field {field!r} is {problem}"), False)
    if date_field is not None and date_field in record:
        value = record[date_field]
        try:
            date = as_day(value if isinstance(value, str) else "")
        except ValueError:
            message = f"line {number}: field {date_field!r}: {value!r} is not a day in YYYY-MM-DD form"
            return Outcome(_splice(line, record, "error", message), False)
    try:
        annotated = resolver.annotate(text, source_lang=source_lang, date=date)
    except Exception as exc:  # one record's failure must not end the stream
        message = f"line {number}: field {field!r} could not be annotated ({type(exc).__name__})"
        return Outcome(_splice(line, record, "error", message), False)
    return Outcome(_splice(line, record, "mentions", [m.as_dict() for m in annotated.mentions]), True)


def _error(message: str, line: str) -> Outcome:
    return Outcome(_dumps({"error": message, "input": line}), False)


def _annotate_batch(
    resolver: Resolver,
    batch: tuple[int, list[str]],
    *,
    field: str,
    source_lang: str | None,
    date: datetime.date | None = None,
    date_field: str | None = None,
) -> list[Outcome]:
    first, lines = batch
    return [
        annotate_record(
            line,
            resolver,
            field=field,
            source_lang=source_lang,
            number=first + k,
            date=date,
            date_field=date_field,
        )
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
    resolver: Resolver | None = None,
    date: datetime.date | None = None,
    date_field: str | None = None,
) -> Generator[Outcome, None, None]:
    """Annotate JSON Lines records, yielding one :class:`Outcome` per line, in order.

    ``resolver`` (default: :func:`load_resolver` of ``aliases``) is loaded here, before any
    worker starts. A worker process that dies raises :class:`canonym.workers.WorkerError`;
    close the iterator (or let it be collected) to stop the workers early.

    >>> [o.ok for o in annotate_records(['{"text": "Lima"}', "[]"], workers=1)]
    [True, False]
    """
    if resolver is None:
        resolver = load_resolver(aliases)
    if workers <= 1:
        for number, line in enumerate(lines, 1):
            yield annotate_record(
                line,
                resolver,
                field=field,
                source_lang=source_lang,
                number=number,
                date=date,
                date_field=date_field,
            )
        return
    task = partial(_annotate_batch, field=field, source_lang=source_lang, date=date, date_field=date_field)
    with worker_pool(resolver, workers) as pool:
        pending: list[Future[list[Outcome]]] = []
        for batch in _batches(lines):
            pending.append(pool.submit(task, batch))
            if len(pending) >= workers * 2:
                yield from pool.result(pending.pop(0))
        for future in pending:
            yield from pool.result(future)
