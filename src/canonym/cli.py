"""The ``canonym`` command: a thin layer over the library.

    canonym resolve [--registry NAME|FILE]... [--aliases FILE]... [--json] [--top K]
                    [--threshold T] [NAME ...]
    canonym explain [--aliases FILE]... [--json] NAME ...
    canonym check [--json | --quiet] FILE ...
    canonym import FORMAT FILE [-o OUT] [--type TYPE] [options]
    canonym registries
    canonym normalize [--aliases FILE]... [--json | --jsonl | --rewrite | --mark] [FILE | -]

With no NAME, ``resolve`` reads one name per line from standard input and writes exactly
one line per input line, in order, as each is read (so it works in a pipe).

Exit status (docs/cli.md): 0 every input line answered (unknown names are not errors); 1
every line answered, some lines were not usable records (``normalize --jsonl``), or some
file checked is not a valid registry (``check``); 2 nothing
done: a usage error, a bad registry file, unreadable input; 3 stopped early: the output
could not be written (a full disk) or a worker process died; 128 + the signal's number
when stopped by SIGINT (130), SIGTERM (143) or SIGHUP (129). When a stream stops early,
standard error says how many records have their whole line out.
"""

from __future__ import annotations

import argparse
import bz2
import contextlib
import datetime
import functools
import gzip
import io
import json
import os
import signal
import stat
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO, cast

from canonym import Match, Registry, RegistryError, Resolver, __version__
from canonym.cache import MAX_AGE_DAYS, cache_info, clear_cache, full_collections_spaced
from canonym.importers import (
    FORMATS,
    ImportError_,
    binary_lines,
    from_geonames,
    from_table,
    from_wikidata,
    utf8_lines,
    write_registry,
)
from canonym.progress import Progress
from canonym.registry import (
    BUNDLED,
    DEFAULT_BUNDLED,
    bundled_path,
    bundled_registry,
    only_titles,
    read_registry_file,
    read_registry_stream,
)
from canonym.resolve import MAX_NAME_CHARS
from canonym.roles import as_day
from canonym.scripts import check_language
from canonym.unknown import why_unknown
from canonym.workers import STOP_SIGNALS, WorkerError, load_resolver

__all__ = ["main"]

NO_MATCH_TEXT = "(unknown)"
THRESHOLD_ERROR = "--threshold must be a number from 0 to 1"
TOP_ERROR = "--top must be a whole number of at least 1"
WORKERS_ERROR = "--workers must be a whole number of at least 1"
EVIDENCE_ERROR = "--evidence goes with --json output (the default) only, not with --{mode}"
JSONL_ONLY_ERROR = "{option} applies to --jsonl records only: add --jsonl or leave it out"
REGISTRY_ERROR = f"no such file, nor a bundled registry (bundled: {', '.join(BUNDLED)})"
STDIN_CLOSED_TEXT = "standard input is closed: give the input as arguments or a FILE"
STDOUT_CLOSED_TEXT = "standard output is closed: nothing can be written"

EXIT_BAD_RECORDS = 1
EXIT_USAGE = 2
EXIT_STOPPED = 3
"""A stream stopped early for a reason other than a signal (output error, dead worker)."""

STREAM_CACHE = 4096
"""Answers a ``resolve`` stream keeps for names that come back (most recent first)."""


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(THRESHOLD_ERROR) from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(THRESHOLD_ERROR)
    return value


def _at_least_one(message: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(message) from None
        if value < 1:
            raise argparse.ArgumentTypeError(message)
        return value

    return parse


_top = _at_least_one(TOP_ERROR)
_workers = _at_least_one(WORKERS_ERROR)


def _count(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` and the noun it counts: "1 entity", "1,488 entities".

    >>> _count(1, "entity", "entities"), _count(1488, "entity", "entities"), _count(0, "name")
    ('1 entity', '1,488 entities', '0 names')
    """
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


def _language(text: str) -> str | None:
    try:
        return check_language(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _date(text: str) -> datetime.date:
    try:
        return as_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _registry_source(text: str) -> str:
    # A bundled registry is passed on as its file, so that everything downstream (worker
    # processes, the index cache) treats it like any other registry file.
    if text in BUNDLED:
        return os.fspath(bundled_path(text))
    if not os.path.exists(text):
        raise argparse.ArgumentTypeError(f"{text}: {REGISTRY_ERROR}")
    return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="canonym",
        description="Resolve names spelled by translation and transliteration to canonical entities.",
    )
    parser.add_argument("--version", action="version", version=f"canonym {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    registry = argparse.ArgumentParser(add_help=False)
    registry.add_argument(
        "--aliases",
        action="append",
        metavar="FILE",
        default=[],
        help="registry file to resolve against instead of the bundled one (repeat to merge several)",
    )
    registry.add_argument(
        "--registry",
        dest="aliases",
        action="append",
        type=_registry_source,
        metavar="NAME|FILE",
        help=f"a bundled registry ({', '.join(BUNDLED)}; see `canonym registries`) or a file; "
        "repeat, or mix with --aliases, to merge several (default: story)",
    )
    registry.add_argument(
        "--lang",
        metavar="CODE",
        type=_language,
        help="language the text was translated from (ISO 639-1, e.g. ar; or ISO 639-3 such as haw)",
    )
    registry.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the day the names or text speak of: titles are weighed against the offices held "
        "that day and role mentions (the Peruvian Chancellor) name that day's holder "
        "(default: today for names; for normalize, no role mention is linked without it)",
    )

    resolve = commands.add_parser(
        "resolve",
        parents=[registry],
        help="resolve names to entities",
        description="Resolve each NAME (or each line of standard input) to an entity, or say it is unknown.",
    )
    resolve.add_argument("names", nargs="*", metavar="NAME", help="names to resolve; none: read stdin")
    resolve.add_argument("--json", action="store_true", help="write one JSON object per line")
    resolve.add_argument("--top", type=_top, metavar="K", help="also list the K best candidates")
    resolve.add_argument(
        "--brief",
        action="store_true",
        help="write an unknown name's answer as '(unknown)' alone, without why (the best candidate "
        "and the threshold it fell short of, or the role's problem), which is shown by default",
    )
    resolve.add_argument(
        "--threshold",
        type=_threshold,
        metavar="T",
        help="minimum confidence of an answer (default: the model's)",
    )

    explain = commands.add_parser(
        "explain",
        parents=[registry],
        help="show why a name resolves as it does",
        description="Show the evidence behind each NAME's best candidates: normalisation, word pairs "
        "and score terms.",
    )
    explain.add_argument("names", nargs="+", metavar="NAME")
    explain.add_argument(
        "--json", action="store_true", help="write the evidence as JSON, one object per line"
    )
    explain.add_argument("--top", type=_top, default=2, metavar="K", help="candidates to explain (default 2)")

    normalize = commands.add_parser(
        "normalize",
        parents=[registry],
        help="find and resolve every mention in running text",
        description="Find, resolve and optionally rewrite every entity mention in a text (FILE, or - for "
        "standard input), or in each record of a JSON Lines stream with --jsonl.",
    )
    normalize.add_argument("file", nargs="?", default="-", metavar="FILE", help="input file (default: stdin)")
    mode = normalize.add_mutually_exclusive_group()
    mode.add_argument(
        "--json",
        dest="mode",
        action="store_const",
        const="json",
        help='print {"text": ..., "mentions": [...]} (the default)',
    )
    mode.add_argument(
        "--jsonl",
        dest="mode",
        action="store_const",
        const="jsonl",
        help="JSON Lines in and out: add mentions to each record, one output line per input line",
    )
    mode.add_argument(
        "--rewrite",
        dest="mode",
        action="store_const",
        const="rewrite",
        help="print the text with every mention replaced by its canonical name",
    )
    mode.add_argument(
        "--mark",
        dest="mode",
        action="store_const",
        const="mark",
        help="print the text with every mention marked as [surface](id)",
    )
    normalize.add_argument("--field", help="with --jsonl: the field holding the text (default: text)")
    normalize.add_argument(
        "--titles",
        action="store_true",
        help="with --rewrite: also replace a title translation got wrong (Chancellor for a foreign "
        "minister) by the usual one, where the person's office is known",
    )
    normalize.add_argument(
        "--date-field",
        metavar="FIELD",
        help="with --jsonl: the field holding each record's date (YYYY-MM-DD); a record "
        "without it takes --date",
    )
    normalize.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help="with --jsonl: annotate in N processes, output order kept",
    )
    normalize.add_argument(
        "--evidence", action="store_true", help="with --json (the default): include each mention's evidence"
    )
    normalize.set_defaults(mode="json")

    commands.add_parser(
        "registries",
        help="list the bundled registries",
        description="List the registries bundled with canonym, with their sizes and sources.",
    )

    check = commands.add_parser(
        "check",
        help="validate registry files",
        description="Validate registry files (- for standard input), each even after a bad one; report "
        "their size and any name shared by several entities. Exit status 1 when some file is not valid.",
    )
    check.add_argument("files", nargs="+", metavar="FILE")
    verbosity = check.add_mutually_exclusive_group()
    verbosity.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per file, with every shared name and every canonical name that is only titles",
    )
    verbosity.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="nothing on standard output: errors and the exit status only",
    )

    importer = commands.add_parser(
        "import",
        help="build a registry file from a CSV/TSV table, Wikidata JSON or a GeoNames table",
        description="Build a registry file from a common source; it is written to standard output "
        "or to --output, and can be checked with `canonym check`.",
    )
    importer.add_argument("format", choices=FORMATS, help="what FILE is")
    importer.add_argument("file", metavar="FILE", help="the source file, or - for standard input")
    importer.add_argument("-o", "--output", metavar="OUT", help="write the registry here (default: stdout)")
    importer.add_argument(
        "--type", dest="default_type", metavar="TYPE", help="type of rows or items that do not say theirs"
    )
    importer.add_argument(
        "--id-column",
        metavar="COL",
        help="csv/tsv: id column (default: id if there is one, else made from names)",
    )
    importer.add_argument(
        "--delimiter",
        metavar="CHAR",
        help="csv: the character between cells (default ,; e.g. ';' as many European CSVs have)",
    )
    importer.add_argument(
        "--name-column", default="name", metavar="COL", help="csv/tsv: canonical name column (default name)"
    )
    importer.add_argument("--type-column", default="type", metavar="COL", help="csv/tsv: type column")
    importer.add_argument(
        "--aliases-column", default="aliases", metavar="COL", help="csv/tsv: column of other names"
    )
    importer.add_argument(
        "--alias-separator", default="|", metavar="SEP", help="csv/tsv: separator of names (default |)"
    )
    importer.add_argument(
        "--prominence",
        dest="prominence_column",
        metavar="COL",
        help="csv/tsv: column of each entity's prominence, a number (e.g. population); see docs/registry.md",
    )
    importer.add_argument(
        "--languages",
        metavar="LIST",
        help="wikidata: comma-separated language codes to take names from, first preferred (default: all)",
    )
    importer.add_argument(
        "--class",
        dest="classes",
        action="append",
        metavar="QID",
        help="wikidata: keep only items that are an instance of QID (P31), e.g. Q5 for people; "
        "repeat or separate with commas",
    )
    importer.add_argument(
        "--min-sitelinks",
        type=_at_least_one("--min-sitelinks must be a whole number of at least 1"),
        metavar="N",
        help="wikidata: keep only items with at least N sitelinks (Wikipedia pages): the better known",
    )
    importer.add_argument(
        "--places",
        metavar="NAME|FILE",
        type=_registry_source,
        help=f"wikidata: a registry the import will be loaded with ({', '.join(BUNDLED)} or a file), whose "
        "places the roles (P39) may name when the dump's are not imported (see docs/registry.md)",
    )

    cache = commands.add_parser(
        "cache",
        help="show or clear the cache of built indexes",
        description="Show where the cache of built indexes is and how big it is; --clear empties it.",
    )
    cache.add_argument("--clear", action="store_true", help="remove every cached index")
    return parser


def _lines(stream: TextIO | None) -> Iterator[str]:
    """Input lines without their line ends; a final line without a newline counts too."""
    if stream is None:
        raise _InputError(STDIN_CLOSED_TEXT)
    for line in stream:
        yield line.rstrip("\r\n")


_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape_char(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _echo(text: str) -> str:
    r"""``text`` made safe for one field of a tab-separated output line: a backslash, tab,
    line end, other control character, line or paragraph separator or lone surrogate is
    written as a backslash escape (``\t``, ``\n``, ``\x1b``, ``\u2028``), so that every
    record stays one line with its columns in place.

    >>> print(_echo("Kast\tLima\u2028x"))
    Kast\tLima\u2028x
    """
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(
        _escape_char(c) if c in _ESCAPES or unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") else c
        for c in text
    )


def _match_text(match: Match) -> str:
    e = match.entity
    flags = f" (suspicious: {', '.join(match.evidence.suspicious)})" if match.evidence.suspicious else ""
    return f"{_echo(e.canonical)} [{_echo(e.id)}, {e.type}] {match.score:.2f}{_echo(flags)}"


def _resolve_record(resolver: Resolver, name: str, args: argparse.Namespace) -> str:
    found = resolver.candidates(name, limit=args.top or 1, source_lang=args.lang, date=args.date)
    best = found[0] if found and resolver.accepts(found[0], args.threshold) else None
    if args.json:
        record: dict[str, Any] = {"query": name, "match": None if best is None else best.as_dict()}
        if args.top:
            record["candidates"] = [m.as_dict() for m in found]
        return json.dumps(record, ensure_ascii=False)
    answer = NO_MATCH_TEXT if best is None else _match_text(best)
    if best is None and not args.brief:
        why = why_unknown(resolver, name, threshold=args.threshold, source_lang=args.lang, date=args.date)
        answer = f"(unknown: {_echo(why)})" if why else NO_MATCH_TEXT
    if args.top:
        answer += "\t" + "; ".join(_match_text(m) for m in found)
    return f"{_echo(name)}\t{answer}"


def _explain_text(
    resolver: Resolver, name: str, top: int, lang: str | None, date: datetime.date | None = None
) -> str:
    found = resolver.candidates(name, limit=top, source_lang=lang, date=date)
    out = [f"{name!r}"]
    if not found:
        return f"{name!r}: no candidate shares a word or key with any registry name"
    first = found[0].evidence
    steps = ", ".join(first.normalization) or "none"
    out.append(f"  normalised: {first.query_normalized!r} (steps: {steps})")
    if first.ignored:
        out.append(f"  titles ignored: {', '.join(first.ignored)}")
    if first.suspicious:
        reasons = ", ".join(first.suspicious)
        out.append(f"  suspicious: {reasons} (confidence lowered, see docs/reliability.md)")
    best = found[0]
    limit = resolver.thresholds[best.entity.type]
    if resolver.accepts(best):
        out.append(
            f"  answer: {best.entity.canonical} (confidence {best.score:.3f} >= {best.entity.type} "
            f"threshold {limit:.2f})"
        )
    else:
        out.append(
            f"  answer: {NO_MATCH_TEXT} (best confidence {best.score:.3f} < {best.entity.type} "
            f"threshold {limit:.2f})"
        )
    for rank, match in enumerate(found, 1):
        ev = match.evidence
        e = match.entity
        out.append(f"  {rank}. {e.canonical} [{e.id}, {e.type}] confidence {match.score:.3f}")
        out.append(f"     via alias {ev.alias!r} -> {ev.alias_normalized!r}")
        if ev.derived_by is not None:
            out.append(f"     compared as {ev.query_normalized!r}, the query's form by rule {ev.derived_by}")
        for pair in ev.pairs:
            out.append(f"     {pair.query:>16} ~ {pair.alias:<16} {pair.similarity:.2f} {pair.how}")
        if ev.unmatched_query:
            out.append(f"     unmatched in the name: {', '.join(ev.unmatched_query)}")
        if ev.unmatched_alias:
            out.append(f"     unmatched in the alias: {', '.join(ev.unmatched_alias)}")
        terms = sorted(ev.contributions.items(), key=lambda t: -abs(t[1]))[:6]
        out.append("     largest score terms (log-odds): " + ", ".join(f"{k} {v:+.2f}" for k, v in terms))
    return "\n".join(out)


class _Stopped(Exception):
    """A stream stopped before its end; ``written`` records have their whole line out."""

    def __init__(self, written: int, status: int, why: str, *, torn: bool = False) -> None:
        super().__init__(written, status, why)
        self.written, self.status, self.why, self.torn = written, status, why, torn

    def message(self) -> str:
        torn = f", record {self.written + 1} cut short" if self.torn else ""
        return (
            f"canonym: {self.why}: {self.written} records written{torn}; "
            f"no output for input record {self.written + 1} onward"
        )


class _RecordWriter:
    """Writes one output line per record and counts them exactly, whatever the buffering.

    Lines are encoded here and written to the output's file descriptor with ``os.write``
    until every byte is out (a write to a pipe can be cut short by a signal), and a line
    is counted only once its last byte is out. With ``flush`` each line goes out at once
    (interactive pipes); otherwise up to 64 KiB are gathered first.

    SIGINT, SIGTERM and SIGHUP (where they have their default action: an ignored signal
    stays ignored) stop the stream after a whole line: a signal that arrives while a line
    is going out takes effect right after it. A second one while the output is stuck (the
    reader stopped reading) stops at once and the message says the last line is cut
    short. Leaving the ``with`` block on a signal or an output error raises
    :class:`_Stopped`; a reader that went away raises BrokenPipeError as before.
    """

    BUFFER = 1 << 16

    def __init__(self, out: TextIO, *, flush: bool = False) -> None:
        out.flush()
        self.out, self.flush, self.written = out, flush, 0
        try:
            self._fd: int | None = out.fileno()
        except (OSError, ValueError):  # an in-memory stream (tests): it takes text
            self._fd = None
        self._buffer = bytearray()
        self._lengths: list[int] = []  # byte length of each whole line in the buffer
        self._sent = 0  # bytes of the buffer's first line already out
        self._writing = self._pending = False
        self._signal = 0
        self._pid = os.getpid()
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _RecordWriter:
        # Outside the main thread no handler can be set; a handler the embedding program
        # set, or an ignored signal (nohup), is left alone.
        if threading.current_thread() is threading.main_thread():
            for number in STOP_SIGNALS:
                current = signal.getsignal(number)
                if current is signal.default_int_handler or current == signal.SIG_DFL:
                    self._previous[number] = current
                    signal.signal(number, self._on_signal)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: object) -> None:
        try:
            if kind is None:
                try:
                    self._drain()
                except KeyboardInterrupt:  # a signal during the last lines: they are out
                    kind = KeyboardInterrupt
            elif kind is KeyboardInterrupt or isinstance(error, WorkerError):
                # Whatever is gathered is whole lines already counted: get them out.
                with contextlib.suppress(KeyboardInterrupt, _Stopped):
                    self._drain()
        finally:
            for number, previous in self._previous.items():
                signal.signal(number, previous)
        # A signal sent to the whole process group also ends the workers: it, not their
        # end, is why the stream stopped.
        if kind is KeyboardInterrupt or (self._signal and isinstance(error, WorkerError)):
            number = self._signal or signal.SIGINT
            why = "interrupted" if number == signal.SIGINT else f"stopped by {signal.Signals(number).name}"
            raise _Stopped(self.written, 128 + number, why, torn=self._sent > 0) from None
        if isinstance(error, WorkerError):
            raise _Stopped(self.written, EXIT_STOPPED, f"stopped: {error}") from None
        if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
            # Reading the input failed half-way (an I/O error on the disk or the network).
            raise _Stopped(self.written, EXIT_STOPPED, f"stopped: {error.strerror or error}") from None

    def _on_signal(self, number: int, _frame: object) -> None:
        if os.getpid() != self._pid:
            # A worker forked from this process, before it set its own handlers: the
            # signal is the parent's to act on (or the pool's, ending a broken worker).
            return
        self._signal = self._signal or number
        if self._writing and not self._pending:
            self._pending = True
        else:
            raise KeyboardInterrupt

    def write(self, line: str, end: str = "\n") -> None:
        """Write one record's line; counted once it is out (or gathered, when buffering)."""
        if self._fd is None:
            self._writing = True
            self.out.write(line + end)
            self.written += 1
            self._writing = False
        else:
            data = (line + end).encode("utf-8", "replace")
            self._buffer += data
            self._lengths.append(len(data))
            if self.flush or len(self._buffer) >= self.BUFFER:
                self._drain()
        if self._pending:
            raise KeyboardInterrupt

    def _drain(self) -> None:
        """Write the gathered lines, counting each once its last byte is out."""
        if self._fd is None:
            self.out.flush()
            return
        self._writing = True
        try:
            while self._buffer:
                try:
                    done = os.write(self._fd, self._buffer)
                except BrokenPipeError:
                    raise
                except OSError as exc:  # a full disk, an I/O error
                    why = f"cannot write the output ({exc.strerror or exc})"
                    raise _Stopped(self.written, EXIT_STOPPED, why, torn=self._sent > 0) from None
                del self._buffer[:done]
                self._sent += done
                while self._lengths and self._sent >= self._lengths[0]:
                    self._sent -= self._lengths.pop(0)
                    self.written += 1
        finally:
            self._writing = False
        if self._pending:
            raise KeyboardInterrupt


def _run_resolve(args: argparse.Namespace, out: TextIO) -> int:
    resolver = load_resolver(args.aliases)
    names: Iterator[str] = iter(args.names) if args.names else _lines(sys.stdin)
    progress = _stream_progress("names", None if args.names else sys.stdin)
    # Names come back in real streams (the same surname in every story): answer each once
    # while it is recent. Only names short enough to be names are kept, so the cache is
    # bounded in bytes too.
    recent: Callable[[str], str] = functools.lru_cache(maxsize=STREAM_CACHE)(
        lambda name: _resolve_record(resolver, name, args)
    )
    with progress, _RecordWriter(out, flush=True) as writer:
        for name in _measured(names, progress) if progress.size else names:
            short = len(name) <= MAX_NAME_CHARS
            writer.write(recent(name) if short else _resolve_record(resolver, name, args))
            progress.advance()
    return 0


def _run_explain(args: argparse.Namespace, out: TextIO) -> int:
    resolver = load_resolver(args.aliases)
    with _RecordWriter(out, flush=True) as writer:
        for name in args.names:
            if args.json:
                found = resolver.candidates(name, limit=args.top, source_lang=args.lang, date=args.date)
                record = {
                    "query": name,
                    "thresholds": dict(resolver.thresholds),
                    "candidates": [m.as_dict(evidence=True) for m in found],
                }
                writer.write(json.dumps(record, ensure_ascii=False))
            else:
                writer.write(_explain_text(resolver, name, args.top, args.lang, args.date))
    return 0


def _read_input(path: str) -> str:
    # newline="": the text as it is in the file, \r\n and all, so that offsets count
    # every character of the file and --rewrite changes nothing but the mentions.
    if path == "-":
        if sys.stdin is None:
            raise _InputError(STDIN_CLOSED_TEXT)
        return sys.stdin.read()
    with _open_lines(path) as handle:
        return handle.read()


class _InputError(Exception):
    """An input file that cannot be read: one line on stderr, exit 2."""


def _stream_progress(unit: str, source: TextIO | None = None) -> Progress:
    """Progress of a stream of records: on a terminal, unless the output goes to the same
    terminal, where its line would fall between the answers. When ``source`` is a regular
    file, its size is the total (see :func:`_measured`)."""
    stdout_tty = sys.stdout is not None and sys.stdout.isatty()
    try:
        info = os.fstat(source.fileno()) if source is not None else None
    except (OSError, ValueError):  # an in-memory stream
        info = None
    size = info.st_size if info is not None and stat.S_ISREG(info.st_mode) else None
    return Progress(
        unit, size=size, enabled=sys.stderr is not None and sys.stderr.isatty() and not stdout_tty
    )


def _measured(lines: Iterator[str], progress: Progress) -> Iterator[str]:
    """``lines``, adding what each took in the file (UTF-8, with its line end) to ``progress.read``."""
    for line in lines:
        progress.read += len(line.encode("utf-8", "surrogatepass")) + 1
        yield line


def _run_normalize(args: argparse.Namespace, out: TextIO) -> int:
    resolver = load_resolver(args.aliases)  # a bad registry stops here, before any worker starts
    if args.mode == "jsonl":
        source = sys.stdin if args.file == "-" else _open_lines(args.file)
        progress = _stream_progress("records", source)
        lines = _measured(_lines(source), progress) if progress.size else _lines(source)
        failed = first = total = 0
        from canonym.pipeline import annotate_records  # noqa: PLC0415 (only this command needs it)

        outcomes = annotate_records(
            lines,
            resolver=resolver,
            field=args.field or "text",
            source_lang=args.lang,
            workers=args.workers or 1,
            date=args.date,
            date_field=args.date_field,
        )
        # closing(): a stop between two records ends the workers before the message.
        with (
            full_collections_spaced(),
            progress,
            _RecordWriter(out) as writer,
            contextlib.closing(outcomes),
        ):
            for total, outcome in enumerate(outcomes, 1):
                writer.write(outcome.line)
                progress.advance()
                if not outcome.ok:
                    failed += 1
                    first = first or total
        if failed:
            print(
                f"canonym: {failed:,} of {_count(total, 'record')} not usable, first at line {first:,} "
                '(each has an "error" field)',
                file=sys.stderr,
            )
            return EXIT_BAD_RECORDS
        return 0
    text = _read_input(args.file)
    annotated = resolver.annotate(text, source_lang=args.lang, date=args.date)
    with _RecordWriter(out) as writer:
        if args.mode == "rewrite":
            writer.write(annotated.rewrite(titles=args.titles), end="")
        elif args.mode == "mark":
            writer.write(annotated.mark(), end="")
        else:
            writer.write(json.dumps(annotated.as_dict(evidence=args.evidence), ensure_ascii=False))
    return 0


def _open_lines(path: str) -> TextIO:
    try:
        # closed at exit; read lazily. newline="": see _read_input.
        return open(path, encoding="utf-8", errors="replace", newline="")
    except OSError as exc:
        raise _InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def _run_registries(_args: argparse.Namespace, out: TextIO) -> int:
    for name, entry in BUNDLED.items():
        registry = bundled_registry(name)
        names = sum(len(e.names) for e in registry.entities)
        default = " (default)" if name == DEFAULT_BUNDLED else ""
        out.write(f"{name}{default}: {len(registry):,} entities, {names:,} names: {entry.description}\n")
        out.write(f"  sources: {entry.sources}\n  file: {bundled_path(name)}\n")
    return 0


NOTE_EXAMPLES = 3
"""Shared names ``canonym check`` shows as examples; ``--json`` lists them all."""


def _check_file(path: str) -> dict[str, Any]:
    """What ``canonym check`` says of one registry file, as its ``--json`` object."""
    source = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            if sys.stdin is None:
                raise _InputError(STDIN_CLOSED_TEXT)
            text = read_registry_stream(sys.stdin.buffer, source)
        else:
            text = read_registry_file(path)
        registry = Registry.from_texts([(text, source)])
    except RegistryError as exc:
        return {"file": source, "ok": False, "error": str(exc)}
    return {
        "file": source,
        "ok": True,
        "entities": len(registry),
        "names": sum(len(e.names) for e in registry.entities),
        "shared": {name: list(ids) for name, ids in sorted(registry.ambiguous.items())},
        "only_titles": [
            {"id": e.id, "canonical": e.canonical} for e in registry.entities if only_titles(e.canonical)
        ],
    }


def _check_lines(report: dict[str, Any]) -> Iterator[str]:
    """The summary lines of one file's check."""
    path = report["file"]
    yield f"{path}: ok, {_count(report['entities'], 'entity', 'entities')}, {_count(report['names'], 'name')}"
    shared = report["shared"]
    if shared:
        examples = ", ".join(
            f"{name!r} ({', '.join(ids)})" for name, ids in list(shared.items())[:NOTE_EXAMPLES]
        )
        more = ", ..." if len(shared) > NOTE_EXAMPLES else ""
        yield (
            f"{path}: note: {_count(len(shared), 'name')} {'is a name' if len(shared) == 1 else 'are names'} "
            f"of several entities, e.g. {examples}{more} (all of them: --json)"
        )
    for entity in report["only_titles"]:
        yield (
            f"{path}: note: {entity['canonical']!r} ({entity['id']}) is only titles or function "
            "words: in running text such a word may be taken for it"
        )


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    failed = 0
    for path in args.files:
        report = _check_file(path)
        if not report["ok"]:
            failed += 1
            print(f"canonym: error: {report['error']}", file=sys.stderr)
        if args.json:
            out.write(json.dumps(report, ensure_ascii=False) + "\n")
        elif report["ok"] and not args.quiet:
            out.writelines(line + "\n" for line in _check_lines(report))
    if len(args.files) > 1 and not (args.json or args.quiet):
        ok = len(args.files) - failed
        out.write(f"checked {len(args.files)} files: {ok} ok, {failed} failed\n")
    return EXIT_BAD_RECORDS if failed else 0


# The first bytes of compressed files: gzip and bzip2 are read as they are; the others
# are named in the error, so that the user knows what to decompress.
_GZIP, _BZIP2 = b"\x1f\x8b", b"BZh"
_OTHER_PACKINGS = {b"\xfd7zXZ\x00": "xz", b"\x28\xb5\x2f\xfd": "zstd", b"PK\x03\x04": "zip"}


def _unpacked(binary: BinaryIO, source: str) -> BinaryIO:
    """``binary``, decompressed when it is gzip or bzip2 (found by its first bytes)."""
    head = binary.peek(6)[:6] if hasattr(binary, "peek") else b""
    if head.startswith(_GZIP):
        return cast(BinaryIO, gzip.GzipFile(fileobj=binary, mode="rb"))
    if head.startswith(_BZIP2):
        return cast(BinaryIO, bz2.BZ2File(binary, mode="rb"))
    for magic, name in _OTHER_PACKINGS.items():
        if head.startswith(magic):
            raise ImportError_(
                source,
                None,
                f"compressed with {name}: decompress it first (.gz and .bz2 files are read as they are)",
            )
    return binary


def _read_lines(binary: BinaryIO, source: str, progress: Progress) -> Iterator[bytes]:
    """The lines of a possibly compressed source; a damaged archive is one error naming it."""
    raw = binary
    try:
        position = raw.tell if raw.seekable() else None
    except (OSError, ValueError):
        position = None
    stream = _unpacked(binary, source)
    try:
        for line in binary_lines(stream, source):
            yield line
            progress.set(position()) if position else progress.advance(len(line))
    except (OSError, EOFError) as exc:
        packing = "gzip" if isinstance(stream, gzip.GzipFile) else "bzip2" if stream is not binary else ""
        raise ImportError_(
            source, None, f"cannot be read{' as ' + packing if packing else ''}: {exc}"
        ) from None


@contextlib.contextmanager
def _detaching(wrapper: BinaryIO) -> Iterator[None]:
    """Leave the stream under ``wrapper`` open when it is done with."""
    try:
        yield
    finally:
        wrapper.detach()  # type: ignore[attr-defined]


def _run_import(args: argparse.Namespace, out: TextIO) -> int:
    source = "<stdin>" if args.file == "-" else args.file
    for option, value, formats in (
        ("--delimiter", args.delimiter, ("csv",)),
        ("--class", args.classes, ("wikidata",)),
        ("--min-sitelinks", args.min_sitelinks, ("wikidata",)),
        ("--languages", args.languages, ("wikidata",)),
        ("--places", args.places, ("wikidata",)),
    ):
        if value is not None and args.format not in formats:
            raise _InputError(f"{option} applies to {' and '.join(formats)} sources only, not {args.format}")
    if args.delimiter is not None and len(args.delimiter) != 1:
        raise _InputError(f"--delimiter must be one character, not {args.delimiter!r}")
    try:
        binary: BinaryIO = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
    except OSError as exc:
        raise _InputError(f"{args.file}: cannot be read: {exc.strerror or exc}") from None
    wrapped = not hasattr(binary, "peek")  # an in-memory standard input (tests): give it peek()
    if wrapped:
        binary = cast(BinaryIO, io.BufferedReader(cast(Any, binary)))
    try:
        size: float | None = os.fstat(binary.fileno()).st_size if args.file != "-" else None
    except (OSError, ValueError):
        size = None
    skipped: list[str] = []
    left_out: dict[str, int] = {}
    roles_left_out: dict[str, int] = {}
    places = None
    if args.places is not None:
        try:
            places = Registry.from_files([args.places])
        except RegistryError as exc:
            raise _InputError(f"--places: {exc}") from None
    # Standard input stays open (it is not ours to close).
    owned = (
        contextlib.closing(binary)
        if args.file != "-"
        else _detaching(binary)
        if wrapped
        else contextlib.nullcontext()
    )
    with (
        owned,
        Progress("bytes", size or None, verb=f"reading {source}:", done=f"read {source}:") as progress,
    ):
        lines = utf8_lines(_read_lines(binary, source, progress), source)
        if args.format in ("csv", "tsv"):
            entities = from_table(
                lines,
                source=source,
                delimiter=(args.delimiter or ",") if args.format == "csv" else "\t",
                id_column=args.id_column,
                name_column=args.name_column,
                type_column=args.type_column,
                default_type=args.default_type,
                aliases_column=args.aliases_column,
                alias_separator=args.alias_separator,
                prominence_column=args.prominence_column,
            )
        elif args.format == "wikidata":
            languages = [x.strip() for x in args.languages.split(",")] if args.languages else None
            classes = [
                c.strip().upper() for value in args.classes or () for c in value.split(",") if c.strip()
            ]
            bad = next((c for c in classes if not (c[1:].isdigit() and c.startswith("Q"))), None)
            if bad:
                raise _InputError(f"--class {bad}: a Wikidata class is an item id such as Q5")
            entities = from_wikidata(
                lines,
                source=source,
                languages=languages,
                default_type=args.default_type,
                skipped=skipped,
                classes=classes,
                min_sitelinks=args.min_sitelinks or 0,
                left_out=left_out,
                places=places,
                roles_left_out=roles_left_out,
            )
        else:
            entities = from_geonames(lines, source=source)
    if args.output:
        count = _write_file(args.output, lambda target: write_registry(entities, target))
    else:
        count = write_registry(entities, out)
    print(f"canonym: imported {_count(count, 'entity', 'entities')} from {source}", file=sys.stderr)
    if left_out.get("class"):
        print(
            f"canonym: left out {_count(left_out['class'], 'item')} not of the classes asked for (--class)",
            file=sys.stderr,
        )
    if left_out.get("sitelinks"):
        print(
            f"canonym: left out {_count(left_out['sitelinks'], 'item')} with fewer than {args.min_sitelinks} "
            "sitelinks (--min-sitelinks)",
            file=sys.stderr,
        )
    if skipped:
        reasons = [
            f"{_count(left_out['label'], 'item')} with no label{' in --languages' if args.languages else ''}"
            if left_out.get("label")
            else "",
            f"{_count(left_out['type'], 'item')} of no class canonym knows the type of (give --type)"
            if left_out.get("type")
            else "",
        ]
        print(
            f"canonym: left out {' and '.join(r for r in reasons if r)}: "
            f"{', '.join(skipped[:5])}{' ...' if len(skipped) > 5 else ''}",
            file=sys.stderr,
        )
    for line in _role_summary(roles_left_out, places is not None):
        print(line, file=sys.stderr)
    return 0


_ROLE_SKIP_TEXTS = {
    "position": "whose position item is not in the dump",
    "office": "whose position is no office of canonym's vocabulary",
    "place": "whose jurisdiction is not imported{places}",
    "start": "with no start time (P580)",
    "dates": "with a date that is not a day, month or year, or an end before the start",
}


def _role_summary(counts: dict[str, int], with_places: bool) -> Iterator[str]:
    """The lines that say how many roles a Wikidata import took from "position held" (P39)
    statements, and why the others gave none."""
    skipped = {reason: n for reason, n in counts.items() if reason != "roles" and n}
    if not counts.get("roles") and not skipped:
        return
    yield f"canonym: imported {_count(counts.get('roles', 0), 'role')} from position-held (P39) statements"
    for reason, number in skipped.items():
        text = _ROLE_SKIP_TEXTS[reason].format(
            places=" nor in --places" if with_places else " (see --places)"
        )
        yield f"canonym: left out {_count(number, 'position-held statement')} {text}"


def _run_cache(args: argparse.Namespace, out: TextIO) -> int:
    info = cache_info()
    if info.folder is None:
        out.write(f"cache: {info.problem}\n")
        return 0
    if args.clear:
        count, size = clear_cache()
        out.write(f"cache: {info.folder}: removed {count} files ({size / 2**20:.1f} MiB)\n")
        return 0
    state = f"not used: {info.problem}" if info.problem else "in use"
    out.write(
        f"cache: {info.folder} ({state})\n"
        f"cache: {info.entries} entries, {info.bytes / 2**20:.1f} MiB "
        f"(bound: {info.max_bytes >> 20} MiB; entries unused for {MAX_AGE_DAYS} days go)\n"
    )
    return 0


def _write_file(path: str, write: Callable[[TextIO], int]) -> int:
    """Run ``write`` on a new file that replaces ``path`` only once it is complete: a
    failure leaves ``path`` as it was, never half-written. A path that is not a regular
    file (``/dev/stdout``, a pipe) is written in place."""
    try:
        info: os.stat_result | None = os.stat(path)
    except OSError:
        info = None
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(path, "w", encoding="utf-8") as target:
                return write(target)
        # Through a symbolic link to the file it names, as writing in place would go.
        real = os.path.realpath(path)
        handle, temp = tempfile.mkstemp(dir=os.path.dirname(real), prefix=".canonym-")
        try:
            if info is not None:
                mode = stat.S_IMODE(info.st_mode)
            else:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(temp, mode)
            with os.fdopen(handle, "w", encoding="utf-8") as target:
                count = write(target)
            os.replace(temp, real)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise _InputError(f"{path}: cannot be written: {exc.strerror or exc}") from None
    return count


def _usage_problem(args: argparse.Namespace) -> str | None:
    """An option given where it would be ignored: a usage error, not a silent no-op."""
    if args.command == "normalize":
        if args.evidence and args.mode != "json":
            return EVIDENCE_ERROR.format(mode=args.mode)
        if args.mode != "jsonl":
            for option, value in (("--field", args.field), ("--workers", args.workers)):
                if value is not None:
                    return JSONL_ONLY_ERROR.format(option=option)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    problem = _usage_problem(args)
    if problem:
        parser.error(problem)
    runners = {
        "resolve": _run_resolve,
        "explain": _run_explain,
        "check": _run_check,
        "normalize": _run_normalize,
        "import": _run_import,
        "registries": _run_registries,
        "cache": _run_cache,
    }
    # Names are UTF-8 whatever the locale; undecodable input bytes become U+FFFD rather
    # than stopping the stream. newline="": \n, \r\n and a lone \r each end an input line
    # (see _lines), and a whole text is read as it is, its offsets those of the file.
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(encoding="utf-8", errors="replace", newline="")
    if sys.stdout is None and not (args.command == "import" and args.output):
        print(f"canonym: error: {STDOUT_CLOSED_TEXT}", file=sys.stderr)
        return EXIT_USAGE
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")
    try:
        return runners[args.command](args, sys.stdout)
    except (RegistryError, ImportError_, _InputError) as exc:
        print(f"canonym: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, without a second error at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except _Stopped as stop:
        print(stop.message(), file=sys.stderr)
        return stop.status
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
